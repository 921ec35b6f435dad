"""Articles in markup: HTML pages saved from a browser, and Markdown.

HTML: the article's main text and its metadata, via ``trafilatura``.

``trafilatura`` (2.3.1, Apache-2.0) removes navigation, footers, comments and scripts and keeps
the article body; its metadata reader takes the title, site name and canonical URL from ``<meta>``
tags (Open Graph, schema.org). The publication date is read by :func:`metadata_date` from the
page's machine-readable metadata only. Everything runs on the given text: nothing is fetched.

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


PUBLISHED_META = ("article:published_time", "og:published_time", "og:article:published_time", "datepublished",
                  "date_published", "publishdate", "publish-date", "publish_date", "pubdate", "parsely-pub-date",
                  "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created",
                  "citation_publication_date", "citation_date", "article.published", "date")
"""``<meta>`` names / properties / itemprops read as the publication date, in order of preference."""
_ISO_DAY = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?![0-9])")
_BOILERPLATE_TAGS = ("nav", "footer", "aside", "menu", "form")


def _iso_day(value) -> str | None:
    """Return ``YYYY-MM-DD`` if ``value`` starts with an ISO 8601 day that exists, else None."""
    import datetime as dt

    match = _ISO_DAY.match(value) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def _json_ld_dates(tree) -> list:
    """Return the ``datePublished`` values of the page's JSON-LD blocks (also inside ``@graph`` and lists)."""
    import json

    found, stack = [], []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            stack.append(json.loads(script.text_content() or ""))
        except ValueError:
            continue
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if "datePublished" in item:
                found.append(item["datePublished"])
            stack.extend(v for k, v in item.items() if k == "@graph" or isinstance(v, (dict, list)))
    return found


def metadata_date(html: str) -> str | None:
    """Return a page's publication date from its machine-readable metadata only.

    Parameters
    ----------
    html : str
        The page's source.

    Returns
    -------
    str or None
        ``YYYY-MM-DD``, or None when the metadata states no date that is a real day.

    Notes
    -----
    Read, in this order: ``<meta>`` tags (:data:`PUBLISHED_META`, by ``property``, ``name`` or
    ``itemprop``), JSON-LD ``datePublished``, then the ``datetime`` attribute of a ``<time>``
    element (``itemprop="datePublished"`` or ``pubdate`` first, else the first ``<time datetime>``
    inside the page's one ``<article>`` and outside its asides, navigation and footers: a related
    story's or a comment's date is not the page's).
    Text is never searched: "Updated: 2023-03-04." or "Published March 3, 2023 by Staff" in the
    body gives no date. (``trafilatura``'s and ``htmldate``'s date finders search body text even
    with ``extensive_search=False``, through their loose-pattern and "idiosyncrasies" steps, so
    they are not used for the date.)

    Examples
    --------
    >>> metadata_date('<html><head><meta property="article:published_time" content="2022-12-22T10:00:00Z">'
    ...               '</head><body><p>Updated: 2023-03-04.</p></body></html>')
    '2022-12-22'
    >>> metadata_date("<html><body><p>Published March 3, 2023 by Staff</p></body></html>") is None
    True
    """
    tree = _tree(html)
    return None if tree is None else _metadata_date(tree)


def _tree(html: str):
    """Return the page parsed by lxml, or None if it cannot be parsed."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        return lxml_html.document_fromstring(html)
    except (ValueError, etree.ParserError):
        return None


def _metadata_date(tree) -> str | None:
    """:func:`metadata_date` of a parsed page."""
    metas = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().casefold()
        if key and key not in metas and el.get("content"):
            metas[key] = el.get("content")
    candidates = [metas[k] for k in PUBLISHED_META if k in metas]
    candidates += _json_ld_dates(tree)
    times = [t for t in tree.iter("time") if t.get("datetime")]
    candidates += [t.get("datetime") for t in times
                   if t.get("itemprop") == "datePublished" or t.get("pubdate") is not None]
    articles = list(tree.iter("article"))
    if len(articles) == 1:  # a page of one story: the first date of the story itself, not of a sidebar
        own = [t for t in times if articles[0] in t.iterancestors()
               and not any(a.tag in ("aside", "nav", "footer") for a in t.iterancestors())]
        candidates += [t.get("datetime") for t in own[:1]]
    return next((day for day in map(_iso_day, candidates) if day), None)


def _boilerplate_text(tree) -> str:
    """Return the text of a parsed page's navigation, footers, asides and forms, squeezed to single spaces."""
    return " ".join(" ".join(el.text_content().split()) for el in tree.iter(*_BOILERPLATE_TAGS))


def _extraction_config():
    """Return trafilatura's settings with its short-page "baseline" rescue off (it flattens a page to one line)."""
    from trafilatura.settings import use_config

    config = use_config()
    config["DEFAULT"]["MIN_EXTRACTED_SIZE"] = "1"
    return config


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
        The article text, one paragraph a line (headline first when the page has one). A short
        page keeps its paragraph breaks: trafilatura's "baseline" rescue for pages under 250
        characters, which joins a whole ``<article>`` into one line (headline, byline and body
        glued into one "sentence"), is turned off.
    meta : dict
        Keys ``title``, ``publisher`` (the site name, else the host name), ``url`` (canonical or
        Open Graph URL) and ``published`` (``YYYY-MM-DD`` from the page's machine-readable
        metadata only, :func:`metadata_date`; never from body text), each present only when found.

    Raises
    ------
    ArticleError
        If no article text can be found in the page, or all that is found is navigation,
        footer or form text (a page with only ``<nav>Home</nav>``).
    """
    import trafilatura

    body = trafilatura.extract(html, include_comments=False, include_tables=False, include_images=False,
                               config=_extraction_config())
    lines = [line for line in (body or "").splitlines() if line.strip()]
    tree = _tree(html)
    boilerplate = _boilerplate_text(tree) if tree is not None else ""
    if not lines or all(" ".join(line.split()) in boilerplate for line in lines):
        raise ArticleError(f"{where}: no article text found in the HTML page")
    found = trafilatura.extract_metadata(html, extensive=False)
    meta = {}
    if found is not None:
        values = {"title": found.title, "publisher": found.sitename or found.hostname, "url": found.url}
        meta = {k: str(v).strip() for k, v in values.items() if v and str(v).strip()}
    published = _metadata_date(tree) if tree is not None else None
    if published:
        meta["published"] = published
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
    r"""Return ``text`` with every ASCII punctuation character backslash-escaped.

    A Markdown renderer (``st.markdown``, ``st.caption``, metric labels) then shows it literally.

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
    r"""Return ``text`` with only the characters of Markdown links, emphasis, code and directives escaped.

    Links, emphasis, code, tables, headings and Streamlit's ``:directives:`` are escaped; this is
    for short display values ("> $100M / month", "~1,000 killed") whose other punctuation must
    stay as written.

    Examples
    --------
    >>> escape_markdown_inline("3 [victims](https://e.example) killed")
    '3 \\[victims\\](https\\://e.example) killed'
    """
    return _MARKDOWN_INLINE.sub(r"\\\1", text)


_HTTP_LINK = re.compile(r"https?://[^\s/?#@]+(?:[/?#]\S*)?", re.IGNORECASE)


def http_link(text) -> str | None:
    """Return ``text`` if it is an absolute ``http``/``https`` URL, else None.

    Only such URLs are stored and shown as links: a ``javascript:``, ``data:`` or ``file:`` URL,
    a relative path or free text (GDELT 1.0 writes source names in ``SOURCEURL``) is no link.

    Examples
    --------
    >>> http_link(" https://example.org/a?b=1 "), http_link("javascript:alert(1)"), http_link("BBC Monitoring")
    ('https://example.org/a?b=1', None, None)
    """
    if not isinstance(text, str):
        return None
    value = text.strip()
    return value if _HTTP_LINK.fullmatch(value) else None

