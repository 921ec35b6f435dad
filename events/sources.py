"""Where an event comes from, for people: article headline, publisher, date and a safe link.

The store keeps per event its article id (``doc_id``, e.g. ``art-385447b1cb69``), publisher
(``source``) and ``source_url`` (a web address, or the path of the file the article was read
from). Titles and publication dates are not columns of the event table; :func:`source_documents`
derives them from the article file when it is still on disk, or from the store's copy of a pasted
article (``<store>/articles/<doc_id>.md``), and falls back to publisher and id otherwise. Imported rows are named by dataset and their id in that dataset (``ACLED 12345``).

Nothing here is HTML except :func:`evidence_html`, which escapes every piece of text it outputs.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from .errors import EventsError

DATASET_NAMES = {"acled": "ACLED", "gdelt": "GDELT", "ucdp": "UCDP GED"}
"""How imported datasets are named in labels."""

NO_DATE_WARNING = (
    "No publication date: relative dates in the text (“on Monday”, “last month”) cannot be placed on "
    "the calendar, so events dated only that way are saved undated (they drop out of any date filter). "
    "Set the publication date above if you know it."
)
"""What the Add-article view says when an article has no publication date."""


def safe_link(url) -> str | None:
    """Return ``url`` if it is an ``http``/``https`` address with a host, else None.

    Examples
    --------
    >>> safe_link("https://example.org/a"), safe_link("javascript:alert(1)"), safe_link("/data/seeds/a.txt")
    ('https://example.org/a', None, None)
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    parts = urlsplit(url)
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc and not any(c in url for c in "\n\r\t ") else None


def article_label(title=None, publisher=None, published=None, doc_id: str | None = None) -> str:
    """Name an article as a reader would: ``"Headline — Publisher, 2022-12-22"``.

    Parameters
    ----------
    title, publisher : str, optional
        Headline and publisher; either may be unknown.
    published : datetime.date or str, optional
        Publication date.
    doc_id : str, optional
        The article id, used only when neither title nor publisher is known.

    Returns
    -------
    str
        Plain text (not escaped).

    Examples
    --------
    >>> article_label("Rebels take town", "Reuters", dt.date(2023, 5, 2))
    'Rebels take town — Reuters, 2023-05-02'
    >>> article_label(None, None, None, "art-385447b1cb69")
    'untitled article art-385447b1cb69'
    """
    def text(value) -> str:
        return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value).strip()

    day = published.isoformat() if isinstance(published, dt.date) else text(published)
    tail = ", ".join(p for p in (text(publisher), day) if p)
    if text(title):
        return text(title) + (f" — {tail}" if tail else "")
    if text(publisher):
        return f"{tail} (untitled)"
    return f"untitled article {text(doc_id)}".strip() + (f", {day}" if day else "")


def row_label(event_id: str, dataset: str | None) -> str:
    """Name an imported row by its dataset and id there (``"ACLED 12345"``); articles' rows keep their id.

    Examples
    --------
    >>> row_label("acled:UKR123", "acled")
    'ACLED UKR123'
    """
    if dataset in DATASET_NAMES and ":" in str(event_id):
        return f"{DATASET_NAMES[dataset]} {str(event_id).split(':', 1)[1]}"
    return str(event_id)


@dataclass(frozen=True)
class SourceDocument:
    """One article as the dashboard names it.

    Attributes
    ----------
    doc_id : str
    title, publisher : str or None
        From the article file when it is on disk, else the stored publisher and no title.
    published : datetime.date or None
    link : str or None
        An ``http(s)`` address to open (:func:`safe_link`); never a local path.
    file_name : str or None
        The local file the article was read from (named, not linked).
    text : str or None
        The article's body, when the file is on disk (to show the evidence in context).
    label : str
        :func:`article_label`.
    """

    doc_id: str
    title: str | None
    publisher: str | None
    published: dt.date | None
    link: str | None
    file_name: str | None
    text: str | None
    label: str


@lru_cache(maxsize=256)
def _read_local(path: str, mtime_ns: int):
    from .article import read_article

    try:
        return read_article(path)
    except (EventsError, OSError, UnicodeError):
        return None


def _local_article(source_url):
    if not isinstance(source_url, str) or safe_link(source_url) or "://" in source_url:
        return None, None
    path = Path(source_url)
    try:
        if not path.is_file():
            return None, path.name
        return _read_local(str(path.resolve()), path.stat().st_mtime_ns), path.name
    except OSError:
        return None, path.name


def _stored_copy(doc_id, store):
    """Return the store's copy of a pasted article (:func:`events.intake.keep_article_copy`), if any."""
    if store is None:
        return None
    path = Path(store) / "articles" / f"{doc_id}.md"
    try:
        return _read_local(str(path.resolve()), path.stat().st_mtime_ns) if path.is_file() else None
    except OSError:
        return None


def source_document(doc_id: str, publisher=None, source_url=None, store=None) -> SourceDocument:
    """Describe one article from what an event row says of it (``doc_id``, ``source``, ``source_url``).

    Parameters
    ----------
    doc_id : str
        The article id.
    publisher : str, optional
        The row's ``source``.
    source_url : str, optional
        The row's ``source_url``: an address, or a local file path (read for its title, date and
        text when it still exists).
    store : path-like, optional
        The store folder: a pasted article is read from the store's copy of it.

    Returns
    -------
    SourceDocument
    """
    article, file_name = _local_article(source_url)
    if article is None:
        article = _stored_copy(doc_id, store)
    publisher = None if publisher is None or pd.isna(publisher) else str(publisher)
    title = published = text = None
    link = safe_link(source_url)
    if article is not None:
        title, published, text = article.title, article.published, article.text
        publisher = article.publisher or publisher
        link = link or safe_link(article.url)
    return SourceDocument(doc_id=str(doc_id), title=title, publisher=publisher, published=published, link=link,
                          file_name=file_name, text=text, label=article_label(title, publisher, published, doc_id))


def source_labels(events: pd.DataFrame, store=None) -> dict[str, str]:
    """Return ``doc_id`` → readable label for every article of ``events`` (see :func:`article_label`).

    Rows of imported datasets share one ``doc_id`` per file; they are labelled by dataset and
    file name instead.

    Parameters
    ----------
    events : pandas.DataFrame
        Event table with ``doc_id``, ``source``, ``source_url`` and ``dataset``.
    store : path-like, optional
        The store folder, for the copies of pasted articles.

    Returns
    -------
    dict of str to str
    """
    firsts = events.dropna(subset=["doc_id"]).drop_duplicates("doc_id")[["doc_id", "source", "source_url", "dataset"]]
    labels = {}
    for doc_id, source, url, dataset in firsts.itertuples(index=False):
        if dataset in DATASET_NAMES:
            labels[doc_id] = f"{DATASET_NAMES[dataset]} import {doc_id}"
        else:
            labels[doc_id] = source_document(doc_id, source, url, store).label
    return labels


def evidence_html(text: str | None, sentences, context_chars: int = 600) -> str:
    """Return the evidence sentences in ``<mark>`` within the article text around them, escaped, as HTML.

    Parameters
    ----------
    text : str or None
        The article body; None when it is not available, then only the sentences are shown.
    sentences : iterable of str
        Evidence sentences (an event's ``sentence`` may join several with a space).
    context_chars : int
        Characters of article text kept before the first and after the last marked sentence
        (cut at a space, marked with "…").

    Returns
    -------
    str
        ``<div class="evidence">…</div>``; every piece of text passed through :func:`html.escape`.
        A sentence not found in ``text`` is shown on its own, marked, above the text.

    Examples
    --------
    >>> evidence_html("A calm day. Rebels shelled <b>Goma</b>. Rain.", ["Rebels shelled <b>Goma</b>."])
    '<div class="evidence">A calm day. <mark>Rebels shelled &lt;b&gt;Goma&lt;/b&gt;.</mark> Rain.</div>'
    """
    quoted = [s.strip() for s in sentences if isinstance(s, str) and s.strip()]
    if not text:
        return '<div class="evidence">' + " ".join(f"<mark>{html.escape(q)}</mark>" for q in quoted) + "</div>"
    spans = sorted((text.find(q), text.find(q) + len(q)) for q in quoted if text.find(q) >= 0)
    missing = [q for q in quoted if text.find(q) < 0]
    head = "".join(f"<p><mark>{html.escape(q)}</mark></p>" for q in missing)
    if not spans:
        return '<div class="evidence">' + head + "</div>"
    first = max(0, spans[0][0] - context_chars)
    last = min(len(text), max(end for _, end in spans) + context_chars)
    if first > 0:
        first = text.find(" ", first) + 1 or first
    if last < len(text):
        last = text.rfind(" ", 0, last) if text.rfind(" ", spans[-1][1], last) > 0 else last
    parts, at = ["… " if first > 0 else ""], first
    for start, end in spans:
        if start < at:
            continue
        parts += [html.escape(text[at:start]), "<mark>" + html.escape(text[start:end]) + "</mark>"]
        at = end
    parts.append(html.escape(text[at:last]) + (" …" if last < len(text) else ""))
    return '<div class="evidence">' + head + "".join(parts) + "</div>"


def save_warnings(published, doc_id: str, stored: pd.DataFrame | None) -> list[str]:
    """Return what an analyst should know before saving an article (plain text, one warning each).

    Parameters
    ----------
    published : datetime.date or None
        The article's publication date.
    doc_id : str
        The article id.
    stored : pandas.DataFrame or None
        The store's reviewed event rows of this article (``review_status`` column), if any.

    Returns
    -------
    list of str
        A warning when there is no publication date (:data:`NO_DATE_WARNING`) and when the
        article is already stored (saving again replaces its machine rows; reviews are kept).

    Examples
    --------
    >>> save_warnings(dt.date(2023, 5, 2), "art-1", None)
    []
    """
    out = []
    if published is None:
        out.append(NO_DATE_WARNING)
    if stored is not None and len(stored):
        reviewed = int((stored["review_status"] != "new").sum()) if "review_status" in stored else 0
        out.append(f"This article is already in the store ({len(stored)} event(s), {reviewed} reviewed). Saving it "
                   "again replaces its machine-made rows with this extraction; reviews and corrections are kept "
                   "and applied to the new rows.")
    return out
