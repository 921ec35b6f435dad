"""HTML pages saved from a browser: the article's main text and its metadata, via ``trafilatura``.

``trafilatura`` (2.3.1, Apache-2.0) removes navigation, footers, comments and scripts and keeps
the article body; its metadata reader takes the title, site name, canonical URL and publication
date from ``<meta>`` tags (Open Graph, schema.org). Everything runs on the given text: nothing is
fetched.
"""

from __future__ import annotations

import re

from .errors import ArticleError

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
"""File name endings read as HTML pages."""

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
