"""Articles in markup: HTML pages saved from a browser, and Markdown.

HTML: the article's main text and its metadata, via ``trafilatura``.

``trafilatura`` (2.3.1, Apache-2.0) removes navigation, footers, comments and scripts and keeps
the article body; its metadata reader takes the title, site name, canonical URL and publication
date from ``<meta>`` tags (Open Graph, schema.org). Everything runs on the given text: nothing is
fetched.

Markdown: :func:`markdown_to_text` turns a body into plain paragraphs (links and images become
their text, emphasis marks go, a wrapped paragraph becomes one line), so evidence sentences read
as prose and numbers such as ``_five_`` are read; parsed by ``markdown-it-py`` (CommonMark).
"""

from __future__ import annotations

import re

from .errors import ArticleError

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
"""File name endings read as HTML pages."""
MARKDOWN_SUFFIXES = (".md", ".markdown")
"""File name endings read as Markdown."""

_MARKDOWN_CUES = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)|^#{1,6} \S|\*\*\S[^*\n]*\*\*|^\s*[-*] \S", re.M)

_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)


def looks_like_html(text: str, name: str | None = None) -> bool:
    """Return True if ``text`` is an HTML page: by the file name's ending, else by its first tag.

    Examples
    --------
    >>> looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    True
    >>> looks_like_html("Rebels said <b> is a tag.")
    False
    """
    if name and name.lower().endswith(HTML_SUFFIXES):
        return True
    return bool(_HTML_START.match(text[:2000]))


def parse_html(html: str, where: str = "<html>") -> tuple[str, dict]:
    """Return the main text of an HTML page and its metadata.

    Parameters
    ----------
    html : str
        The page's source.
    where : str
        Where it came from, for messages.

    Returns
    -------
    body : str
        The article text, one paragraph a line (headline first when the page has one).
    meta : dict
        Keys ``title``, ``publisher`` (the site name, else the host name), ``url`` (canonical or
        Open Graph URL) and ``published`` (``YYYY-MM-DD`` from the page's metadata only, never
        guessed from body text), each present only when found.

    Raises
    ------
    ArticleError
        If no article text can be found in the page.
    """
    import trafilatura

    body = trafilatura.extract(html, include_comments=False, include_tables=False, include_images=False)
    if not body or not body.strip():
        raise ArticleError(f"{where}: no article text found in the HTML page")
    found = trafilatura.extract_metadata(html, extensive=False)
    meta = {}
    if found is not None:
        values = {"title": found.title, "publisher": found.sitename or found.hostname, "url": found.url,
                  "published": found.date}
        meta = {k: str(v).strip() for k, v in values.items() if v and str(v).strip()}
    return body, meta


def looks_like_markdown(text: str, name: str | None = None) -> bool:
    """Return True if ``text`` is Markdown: by the file name's ending, else by a link, heading or bold text.

    Examples
    --------
    >>> looks_like_markdown("See [the report](https://example.org/r).")
    True
    >>> looks_like_markdown("Rebels attacked a base on Monday.")
    False
    """
    if name and name.lower().endswith(MARKDOWN_SUFFIXES):
        return True
    if name:
        return False
    return bool(_MARKDOWN_CUES.search(text))


def _inline_text(children) -> str:
    out = []
    for tok in children or []:
        if tok.type in ("text", "code_inline", "html_inline"):
            out.append(tok.content)
        elif tok.type == "softbreak":
            out.append(" ")
        elif tok.type == "hardbreak":
            out.append("\n")
        elif tok.type == "image":
            out.append(tok.content)
    return "".join(out)


def markdown_to_text(body: str) -> str:
    r"""Return a Markdown body as plain text, one paragraph, heading or list item a line.

    Parameters
    ----------
    body : str
        Markdown (CommonMark), without front matter.

    Returns
    -------
    str
        Paragraphs separated by blank lines; list items start with ``- ``; links and images are
        their text, code and raw HTML are kept as written (as text).

    Examples
    --------
    >>> markdown_to_text("# Clashes\n\n[Wagner Group](https://x.org) **attacked**\nBakhmut, killing _five_.")
    'Clashes\n\nWagner Group attacked Bakhmut, killing five.\n'
    """
    from markdown_it import MarkdownIt

    blocks, prefix = [], ""
    for tok in MarkdownIt("commonmark").parse(body):
        if tok.type == "list_item_open":
            prefix = "- "
        elif tok.type == "inline":
            text = _inline_text(tok.children).strip()
            if text:
                blocks.append(prefix + text)
            prefix = ""
        elif tok.type in ("fence", "code_block", "html_block") and tok.content.strip():
            blocks.append(tok.content.strip())
    return "\n\n".join(blocks) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


def escape_markdown(text: str) -> str:
    r"""Return ``text`` with every ASCII punctuation character backslash-escaped, so that a Markdown
    renderer (``st.markdown``, ``st.caption``, metric labels) shows it literally.

    CommonMark lets any ASCII punctuation be escaped with a backslash; escaping all of it turns
    off links, emphasis, headings, lists and HTML, and Streamlit's own extensions (``:red[...]``
    colour directives, ``:emoji:`` short codes, ``$...$`` formulas) as well.

    Examples
    --------
    >>> escape_markdown("[x](https://e.example) **b** :red[y]")
    '\\[x\\]\\(https\\:\\/\\/e\\.example\\) \\*\\*b\\*\\* \\:red\\[y\\]'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]|#:])")


def escape_markdown_inline(text: str) -> str:
    r"""Return ``text`` with only the characters of links, emphasis, code, tables, headings and
    Streamlit's ``:directives:`` escaped: for short display values ("> $100M / month",
    "~1,000 killed") whose other punctuation must stay as written.

    Examples
    --------
    >>> escape_markdown_inline("3 [victims](https://e.example) killed")
    '3 \\[victims\\](https\\://e.example) killed'
    """
    return _MARKDOWN_INLINE.sub(r"\\\1", text)
