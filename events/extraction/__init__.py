"""Extraction: from an article's sentences to its event and figure records.

One module per stage of the data flow (GUIDE §2b): :mod:`.nlp` (the spaCy pipeline, loaded once).
"""
