"""User strings shown with ``st.markdown`` (the "sources disagree" group title is a figure subject an
analyst may have corrected) are escaped so they cannot become a link, an image or styling."""

import pytest
from markdown_it import MarkdownIt

from events.markup import escape_markdown_inline

TITLES = ["[click me](https://evil.example/phish)", "![pixel](https://evil.example/p.png)",
          "<https://evil.example>", "[x][1]\n\n[1]: https://evil.example", "**loud** _quiet_ `code`",
          "fighters [Wagner](javascript:alert(1))"]


@pytest.mark.parametrize("title", TITLES)
def test_a_title_renders_as_its_own_text(title):
    html = MarkdownIt("commonmark").render(f"**{escape_markdown_inline(title)}** — sources disagree")
    assert "<a " not in html and "<img" not in html and "<em>" not in html and "<code>" not in html


def test_plain_titles_are_unchanged():
    assert escape_markdown_inline("Wagner Group fighters > 1,000 (~$100M / month)") == \
        "Wagner Group fighters > 1,000 (~$100M / month)"


def test_the_dashboard_escapes_a_corrected_subject_in_the_sources_disagree_title(store):
    from pathlib import Path

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from events.review import correct

    link = "[click me](https://evil.example/phish)"
    correct(store, ["fg-bangui-rebels", "fg-bangui-rebels-b"], "Ann", subject=link)
    st.cache_data.clear()
    try:
        at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=60).run()
    finally:
        st.cache_data.clear()
    assert not at.exception
    # the figure cards are drawn with st.html (no Markdown is read there); their text is HTML-escaped
    cards = [e.proto.body for e in at.get("html") if "sources disagree" in e.proto.body]
    assert cards, "no figure card says that sources disagree"
    assert all("evil.example/phish)" not in c.split("title=")[0] for c in cards)
    assert all("<a " not in c and "href" not in c for c in cards)
    assert any("click me" in c for c in cards)
