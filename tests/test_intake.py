"""Articles from HTML pages, Markdown and pasted text: metadata, preview, escaping, size limit, offline."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from events import load_events, read_article
from events.errors import ArticleError
from events.intake import (MAX_ARTICLE_BYTES, decode_upload, document_metadata, highlight_evidence, preview_article,
                           save_article)
from events.review import correct, reviewed_events

ROOT = Path(__file__).resolve().parent.parent

PAGE = """<!doctype html><html><head><title>Wagner fighters in Mali - Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://news.example.org/world/wagner-mali">
<meta property="article:published_time" content="2022-12-22T10:00:00Z">
</head><body><nav>Home | World | Sport | Subscribe now</nav>
<article><h1>Wagner fighters in Mali</h1>
<p>BAMAKO - Wagner Group fighters attacked a village in central Mali on Monday, killing 30 civilians, residents said.</p>
<p>The Malian army said it had killed 20 militants in the operation near Mopti.</p>
</article><footer>Copyright 2022 Example News. All rights reserved.</footer>
<script>window.pwned = 1</script></body></html>"""

MARKDOWN = """---
published: 2023-05-02
publisher: Example Wire
url: https://wire.example.org/a1
---
# Clashes near Bakhmut

Wagner Group fighters attacked Ukrainian positions near Bakhmut on Monday, the Ukrainian military said.
"""

HOSTILE = ("Wagner Group fighters attacked a village in central Mali on Monday, killing 30 civilians. "
           "<script>window.__pwned = 1</script> and <img src=x onerror=\"window.__pwned=2\"> were in the text.")


def test_html_page_gives_main_text_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = read_article(path)
    assert "attacked a village" in article.text and "Mopti" in article.text
    assert "Subscribe" not in article.text and "Copyright" not in article.text and "pwned" not in article.text
    assert (article.publisher, article.url, str(article.published)) == (
        "Example News", "https://news.example.org/world/wagner-mali", "2022-12-22")
    assert article.title == "Wagner fighters in Mali"


def test_html_without_a_date_in_its_metadata_has_none():
    page = "<html><body><article><p>Rebels attacked a base in Mali on 3 May 2021, killing five soldiers.</p>" \
           "<p>The army said more troops were on the way to the region.</p></article></body></html>"
    assert document_metadata(page)["published"] is None  # never guessed from the body or today's date
    assert preview_article(page).article.published is None


@pytest.mark.parametrize("value", ["2023-13-45", "notadate"])
def test_front_matter_date_that_is_no_real_day_is_a_problem_not_a_crash(value):
    text = MARKDOWN.replace("published: 2023-05-02", f"published: {value}")
    meta = document_metadata(text, "a.md")
    assert meta["published"] is None and meta["publisher"] == "Example Wire"
    assert meta["problem"] == f"a.md: published date '{value}' is not YYYY-MM-DD"
    with pytest.raises(ArticleError, match="not YYYY-MM-DD"):
        preview_article(text, "a.md")
    assert str(preview_article(text, "a.md", published="2023-05-02").article.published) == "2023-05-02"


def test_front_matter_prefills_and_fields_override():
    meta = document_metadata(MARKDOWN, "a.md")
    assert meta == {"published": __import__("datetime").date(2023, 5, 2), "publisher": "Example Wire",
                    "url": "https://wire.example.org/a1", "title": None, "problem": None}
    preview = preview_article(MARKDOWN, "a.md", publisher="Edited Publisher", url="https://x.example/1")
    assert preview.article.publisher == "Edited Publisher" and preview.article.url == "https://x.example/1"
    assert set(preview.events["source"]) == {"Edited Publisher"}
    assert (preview.events["location"] == "Bakhmut").any()


def test_preview_writes_nothing_and_save_writes_once(tmp_path):
    store = tmp_path / "store"
    preview = preview_article(MARKDOWN, "a.md")
    assert not store.exists()
    assert save_article(preview, store)[0] == len(preview.events) > 0
    assert set(load_events(store)["event_id"]) == set(preview.events["event_id"])


def test_who_added_an_article_is_in_the_audit_log(tmp_path):
    from events.review import history

    store = tmp_path / "store"
    preview = preview_article(MARKDOWN, "a.md")
    save_article(preview, store, reviewer="  Ann   Analyst ")
    added = history(store, preview.article.doc_id)
    assert added[["action", "table", "new_value", "reviewer"]].values.tolist() == [
        ["add", "article", str(len(preview.events)), "Ann Analyst"]]
    assert added["reason"].iloc[0] == "Example Wire https://wire.example.org/a1"
    assert len(reviewed_events(store)) == len(preview.events)  # the entry touches no row


def test_saving_again_keeps_reviews(tmp_path):
    store = tmp_path / "store"
    preview = preview_article(MARKDOWN, "a.md")
    save_article(preview, store)
    target = preview.events["event_id"].iloc[0]
    correct(store, target, "Ann", fatalities=2)
    save_article(preview_article(MARKDOWN, "a.md"), store)
    assert reviewed_events(store).set_index("event_id").loc[target, "fatalities"] == 2


def test_highlight_escapes_before_marking():
    preview = preview_article(HOSTILE)
    assert len(preview.events) >= 1
    page = highlight_evidence(preview.article, preview.events["sentence"])
    tags = set(re.findall(r"</?([a-zA-Z]+)", page))
    assert tags == {"div", "mark"}  # nothing from the article became a tag
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;" in page
    assert "<mark>Wagner Group fighters attacked a village" in page


def test_evidence_containing_markup_is_escaped_inside_the_mark():
    preview = preview_article("Rebels <b>attacked</b> a base in Mali on Monday, killing 3 soldiers.")
    page = highlight_evidence(preview.article, [preview.article.sentences[0].text])
    assert "<mark>Rebels &lt;b&gt;attacked&lt;/b&gt; a base" in page and "<b>" not in page


def test_upload_size_is_limited():
    with pytest.raises(ArticleError, match="the limit is 2 MB"):
        decode_upload(b"a" * (MAX_ARTICLE_BYTES + 1), "big.txt")
    with pytest.raises(ArticleError, match="limit"):
        preview_article("word " * (MAX_ARTICLE_BYTES // 5 + 10))
    assert decode_upload("Über".encode("utf-8"), "ok.txt") == "Über"
    with pytest.raises(ArticleError, match="binary"):
        decode_upload(b"\x00\x01\x02binary", "x.bin")


@pytest.mark.skipif(not shutil.which("unshare"), reason="needs unshare to cut the network")
def test_html_ingest_works_without_any_network(tmp_path):
    """``python -m events ingest page.html`` in a network namespace with no interface but loopback."""
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("unprivileged network namespaces are not available here")
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    store = tmp_path / "store"
    done = subprocess.run(["unshare", "-rn", sys.executable, "-m", "events", "ingest", str(path), "--store", str(store)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    stored = load_events(store)
    assert len(stored) >= 1 and set(stored["source_url"]) == {"https://news.example.org/world/wagner-mali"}
    assert set(stored["source"]) == {"Example News"}


LINKED = """---
url: https://wire.example.org/a_b_c
published: 2023-05-02
---
[Wagner Group](https://example.org/wagner-group) fighters **attacked** Ukrainian positions near
[Bakhmut](https://example.org/wiki/Bakhmut) on Monday, killing _five_ soldiers, the Ukrainian military said.
"""


def test_markdown_links_and_emphasis_become_prose(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(LINKED, encoding="utf-8")
    article = read_article(path)
    assert article.url == "https://wire.example.org/a_b_c"  # the front matter is left as it is
    assert article.sentences[0].text == ("Wagner Group fighters attacked Ukrainian positions near Bakhmut on Monday, "
                                         "killing five soldiers, the Ukrainian military said.")
    preview = preview_article(LINKED)  # pasted: recognised by its links
    event = preview.events.iloc[0]
    assert "](" not in event["sentence"] and event["location"] == "Bakhmut" and event["fatalities"] == 5


def test_plain_text_is_not_read_as_markdown(tmp_path):
    text = "Rebels attacked a base near Gao on Monday, killing 3 soldiers, the army said (file_name_2023 * draft)."
    assert preview_article(text).article.text == text
    path = tmp_path / "a.txt"
    path.write_text("# not a heading in a .txt file\n\n" + text, encoding="utf-8")
    assert read_article(path).text.startswith("# not a heading")


DATED_IN_TEXT_ONLY = """<!doctype html><html><head><title>Clash in Mali</title></head><body><article>
<h1>Clash in Mali</h1>
{line}
<p>Wagner Group fighters attacked a village near Mopti on Monday, killing 12 civilians, residents said.</p>
<p>The army said it was investigating the attack.</p>
</article></body></html>"""


@pytest.mark.parametrize("line", ["<p>Updated: 2023-03-04.</p>", '<p class="byline">Published March 3, 2023 by Staff</p>',
                                  "<p>Published March 3, 2023 by Staff</p>", '<div class="date">2023-03-04</div>'])
def test_html_date_is_never_read_from_body_text(line):
    page = DATED_IN_TEXT_ONLY.format(line=line)
    assert document_metadata(page)["published"] is None
    preview = preview_article(page, "page.html")
    assert preview.article.published is None
    # the headline and byline stay lines of their own: no evidence sentence glues them to the body
    assert not any("Clash in Mali" in s.text or "Staff" in s.text and "Wagner" in s.text
                   for s in preview.article.sentences)
    assert len(preview.events) == 1
    assert preview.events["sentence"].iloc[0].startswith("Wagner Group fighters attacked a village near Mopti")


@pytest.mark.parametrize("head, day", [
    ('<meta property="article:published_time" content="2022-12-22T10:00:00Z">', "2022-12-22"),
    ('<meta name="pubdate" content="2022-12-21">', "2022-12-21"),
    ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle",'
     ' "datePublished": "2022-12-20T08:00:00+01:00"}]}</script>', "2022-12-20"),
    ('<meta property="article:published_time" content="2023-13-45">', None),
])
def test_html_date_is_read_from_metadata(head, day):
    page = DATED_IN_TEXT_ONLY.format(line="<p>Updated: 2023-03-04.</p>").replace("</head>", head + "</head>")
    assert str(document_metadata(page)["published"]) == str(day)


def test_html_date_from_a_time_element_s_datetime_attribute():
    page = DATED_IN_TEXT_ONLY.format(line='<p>By Staff, <time datetime="2022-12-19T09:00">19 Dec</time></p>')
    assert str(document_metadata(page)["published"]) == "2022-12-19"


@pytest.mark.parametrize("page", ["<html><body><nav>Home</nav></body></html>",
                                  "<html><body><nav>Home | World</nav><footer>Contact us</footer></body></html>"])
def test_html_page_with_only_navigation_has_no_article_text(page):
    with pytest.raises(ArticleError, match="no article text"):
        preview_article(page, "nav.html")
    assert document_metadata(page, "nav.html")["problem"] == "nav.html: no article text found in the HTML page"


@pytest.mark.parametrize("line", [
    '<aside>Related: <a href="/old">Earlier clash</a> <time datetime="2019-01-01">1 Jan 2019</time></aside>',
    '<footer>Comment posted <time datetime="2024-05-05">5 May</time></footer>',
])
def test_html_date_of_a_related_story_or_comment_is_not_the_page_date(line):
    page = DATED_IN_TEXT_ONLY.format(line=line)
    assert document_metadata(page)["published"] is None


def test_html_time_elements_outside_a_single_article_are_not_the_page_date():
    page = ('<html><body><div><time datetime="2019-01-01">1 Jan</time> Older story</div>'
            '<p>Wagner Group fighters attacked a village near Mopti on Monday.</p></body></html>')
    assert document_metadata(page)["published"] is None


def test_a_pasted_article_keeps_its_headline_date_and_text_once_saved(tmp_path):
    from events.sources import source_document, source_labels

    store = tmp_path / "store"
    preview = preview_article(MARKDOWN)  # pasted: no file behind it
    save_article(preview, store)
    events = load_events(store)
    doc_id = preview.article.doc_id
    label = source_labels(events, store)[doc_id]
    assert preview.article.title and preview.article.title in label and "2023-05-02" in label
    row = events.iloc[0]
    document = source_document(doc_id, row["source"], row["source_url"], store)
    assert row["sentence"].split(",")[0] in document.text
    assert "(untitled)" in source_labels(events)[doc_id]  # without the store, as before: no title
