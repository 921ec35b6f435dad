"""Reference data loaders: the actor dictionary, the gazetteer and the CSV plumbing under them (``data/``)."""
