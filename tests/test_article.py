"""Reading articles: front matter, boilerplate, dateline, stable ids."""

import datetime as dt

import pytest

from events import ArticleError, parse_article, read_article

SEED = "seeds/000_1bedc7d3bcaccec5.txt"


def test_seed_front_matter():
    a = read_article(SEED)
    assert a.published == dt.date(2022, 12, 22)
    assert a.publisher == "Reuters"
    assert "Wagner" in a.title
    assert a.sentences and not a.text.startswith("---")


def test_read_more_list_is_not_reporting():
    a = read_article(SEED)
    joined = " ".join(s.text for s in a.sentences)
    assert "READ MORE" not in joined
    assert "Latest on Russia-Ukraine war" not in joined
    assert "ballistic missiles from Iran" not in joined


def test_sentence_offsets_index_into_text():
    a = read_article(SEED)
    for s in a.sentences:
        assert a.text[s.start:s.end] == s.text


def test_dateline_is_recorded_and_left_out_of_sentences():
    a = parse_article("---\npublished: 2022-12-22\n---\nBEIRUT - Rebels attacked a base on Monday. Two died.")
    assert a.dateline == "Beirut"
    assert a.sentences[0].text == "Rebels attacked a base on Monday."
    assert all("BEIRUT" not in s.text for s in a.sentences)


def test_doc_id_is_stable_and_content_based():
    a, b = read_article(SEED), read_article(SEED)
    assert a.doc_id == b.doc_id and a.doc_id.startswith("art-")
    c = parse_article("Rebels attacked a base on Monday.")
    d = parse_article("Rebels attacked a base on Tuesday.")
    assert c.doc_id != d.doc_id


def test_published_argument_overrides_front_matter():
    a = read_article(SEED, published="2023-01-05")
    assert a.published == dt.date(2023, 1, 5)


def test_missing_date_is_noted():
    a = parse_article("Rebels attacked a base on Monday.")
    assert a.published is None
    assert any("publication date" in w for w in a.warnings)


@pytest.mark.parametrize("text", ["", "   \n", "---\ntitle: [unclosed\n---\ntext", "---\ntitle: x\nno closing line"])
def test_bad_text_raises(text):
    with pytest.raises(ArticleError):
        parse_article(text)


def test_a_subheading_run_into_the_next_sentence_is_a_sentence_of_its_own():
    from events.article import parse_article

    texts = [s.text for s in parse_article(
        "Justice was served. International reaction A U.S. State Department spokesperson expressed sorrow. "
        "Police said The Times was wrong. He lives in The Hague.").sentences]
    assert texts[1:3] == ["International reaction", "A U.S. State Department spokesperson expressed sorrow."]
    assert "Police said The Times was wrong." in texts and "He lives in The Hague." in texts
