"""Extraction: from an article's sentences to its event and figure records, one module per stage.

- :mod:`.pipeline` — the stage order, and the public ``extract_events`` / ``extract_batch``;
- :mod:`.nlp` — the spaCy pipeline (tagger, parser, lemmatizer, NER, our EntityRuler), loaded once;
- :mod:`.mentions` — dictionary look-ups of actor and place names; :mod:`.coreference` — who a
  mention refers to;
- :mod:`.triggers` — event words by lemma and sense; :mod:`.factuality` — is it an event?;
- :mod:`.roles` — who did what to whom, from the parse; :mod:`.actors` — naming an argument;
- :mod:`.places` and :mod:`.location` — where; :mod:`.timexes` and :mod:`.dates` — when;
- :mod:`.attribution` and :mod:`.speakers` — who says so, how sure;
- :mod:`.figures`, :mod:`.figure_metrics`, :mod:`.figure_subjects`, :mod:`.fatalities` — numbers;
- :mod:`.record` — event records and merging mentions of one event; :mod:`.acled_rules` — ACLED's
  coding rules; :mod:`.rows` — records to table rows;
- :mod:`.toponyms` — every place name of a text, for the geoparsing evaluation.
"""
