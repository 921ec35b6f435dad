"""Only http(s) URLs are stored as links: front matter, HTML metadata and GDELT's SOURCEURL.
Front-matter values that are no text are an error, not their Python repr."""

from pathlib import Path

import pytest

from events.cli import main
from events.datasets import read_dataset
from events.errors import ArticleError
from events.article import parse_article
from events.ingest import extract_paths
from events.markup import http_link

ROOT = Path(__file__).resolve().parents[1]
GDELT2 = ROOT / "tests" / "data" / "gdelt2_20191024143000_head40.export.CSV"
BODY = "Wagner Group fighters attacked Soledar on Friday, the Ukrainian army said.\n"


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "JavaScript:alert(1)", "data:text/html,<b>x",
                                 "file:///etc/passwd", "//evil.example/x", "evil.example", "http://", "https:// x"])
def test_a_front_matter_url_that_is_no_http_link_is_not_kept(url):
    article = parse_article(f"---\npublished: 2023-01-16\nurl: '{url}'\n---\n{BODY}", path="a.md")
    assert article.url is None
    assert any("is not an http(s) link" in w for w in article.warnings)


def test_an_http_url_is_kept():
    article = parse_article(f"---\nurl: https://example.org/news/1?x=2\n---\n{BODY}", path="a.md")
    assert article.url == "https://example.org/news/1?x=2"


@pytest.mark.parametrize("value", ["{a: b}", "[1, 2]", "yes"])
@pytest.mark.parametrize("key", ["url", "publisher", "title"])
def test_front_matter_values_that_are_no_text_are_an_error(tmp_path, capsys, key, value):
    path = tmp_path / "a.md"
    path.write_text(f"---\n{key}: {value}\n---\n{BODY}", encoding="utf-8")
    with pytest.raises(ArticleError, match=f"malformed front matter: {key} must be text"):
        extract_paths([path])
    code = main(["ingest", str(path), "--store", str(tmp_path / "store")])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1
    assert not (tmp_path / "store").exists()


@pytest.mark.filterwarnings("ignore:.*no publication date")
def test_an_html_page_with_a_javascript_canonical_url_keeps_no_link(tmp_path):
    page = ("<!doctype html><html><head><title>Soledar</title>"
            "<link rel='canonical' href='javascript:alert(1)'>"
            "<meta property='og:url' content='javascript:alert(1)'></head><body><article><h1>Soledar</h1>"
            f"<p>{BODY}</p><p>Three civilians were killed, the governor said on Saturday.</p></article></body></html>")
    events, _ = extract_paths([_write(tmp_path / "a.html", page)])
    assert not events["source_url"].fillna("").str.lower().str.startswith("javascript").any()


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_gdelt_sourceurl_that_is_no_http_link_becomes_text(tmp_path):
    lines = GDELT2.read_text(encoding="utf-8").splitlines()
    fields = lines[0].split("\t")
    fields[60] = "javascript:alert(1)"
    bad = tmp_path / "20191024143000.export.CSV"
    bad.write_text("\n".join(["\t".join(fields), *lines[1:]]) + "\n", encoding="utf-8")
    events, _ = read_dataset("gdelt", [bad])
    row = events[events["event_id"] == f"gdelt:{fields[0]}"].iloc[0]
    assert row.isna()["source_url"] and row["source"] == "javascript:alert(1)"
    assert events["source_url"].notna().sum() == len(events) - 1  # the other rows keep their links
    assert events["source_url"].dropna().map(http_link).notna().all()
