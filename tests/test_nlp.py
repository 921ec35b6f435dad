"""The NLP backbone: the pinned model is the official en_core_web_sm 3.8.0, with our names ruled in."""

from events.extraction.nlp import MODEL_META, check_model, load_pipeline, parse_texts


def test_loaded_model_is_the_official_release():
    nlp = load_pipeline()
    assert check_model(nlp) == []
    assert nlp.meta["performance"]["dep_las"] == MODEL_META["dep_las"]
    for component in ("tagger", "parser", "lemmatizer", "ner"):
        assert component in nlp.pipe_names


def test_entity_ruler_runs_before_ner_and_keeps_dictionary_names_whole():
    nlp = load_pipeline()
    assert nlp.pipe_names.index("entity_ruler") < nlp.pipe_names.index("ner")
    doc = nlp("Fighters of the Wagner Group left Bakhmut for Belarus.")
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("Wagner Group") == "ORG"
    assert labels.get("Belarus") == "GPE"


def test_parse_texts_keeps_order_in_batches():
    texts = [f"Troops entered town number {i}." for i in range(5)]
    docs = list(parse_texts(texts, batch_size=2))
    assert [d.text for d in docs] == texts
    assert all(any(t.dep_ == "nsubj" for t in d) for d in docs)
