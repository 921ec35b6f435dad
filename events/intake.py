"""Adding one article from the dashboard: decode an upload, pre-fill its metadata, preview, save.

The preview runs the extractor without touching the store; only :func:`save_article` writes,
in one atomic, locked upsert (:func:`events.store.save_events`). :func:`highlight_evidence` shows
the article with its evidence sentences marked: the text is escaped with :func:`html.escape`
*before* any ``<mark>`` tag is added, so nothing the article contains can become markup.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from dataclasses import dataclass

import pandas as pd

from .article import MAX_ARTICLE_BYTES, MAX_ARTICLE_MB, check_size  # noqa: F401 - the dashboard's limit, re-exported
from .article import Article, _decode, _split_front_matter, _to_date, parse_document
from .errors import ArticleError
from .extraction.pipeline import extract_events
from .markup import looks_like_html, parse_html
from .audit import append_entries, utc_now
from .store import lock_store, resolve_store, save_events

MAX_UPLOAD_MB = MAX_ARTICLE_MB
"""Largest article accepted from the dashboard, in megabytes: :data:`events.article.MAX_ARTICLE_MB`,
the command line's limit too (the article uploader's own limit and :func:`check_size`;
``server.maxUploadSize`` in ``.streamlit/config.toml`` is larger, for dataset files)."""


def decode_upload(data: bytes, name: str) -> str:
    """Return an uploaded file's text.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    name : str
        Its file name, for messages.

    Returns
    -------
    str
        The text (UTF-8, or Windows-1252).

    Raises
    ------
    ArticleError
        If the file is too large (:func:`check_size`), empty or binary.
    """
    check_size(len(data), name)
    if not data.strip():
        raise ArticleError(f"{name}: the article is empty")
    return _decode(data, name)[0]


def document_metadata(text: str, name: str | None = None) -> dict:
    r"""Return the metadata a document states, to pre-fill the dashboard's fields.

    Parameters
    ----------
    text : str
        Plain text or Markdown (YAML front matter read), or an HTML page (``<meta>`` tags read).
    name : str, optional
        File name, for the kind of document and messages.

    Returns
    -------
    dict
        ``published`` (:class:`datetime.date` or None), ``publisher``, ``url``, ``title`` (str or
        None), and ``problem``: None, or one line saying why the metadata could not be read
        (malformed front matter, a page without text, a published date that is no real day such
        as ``2023-13-45``); the other values are then None (a bad date leaves only ``published``
        None).

    Examples
    --------
    >>> document_metadata("---\npublished: 2023-13-45\n---\nRebels attacked a base.")["problem"]
    "<text>: published date '2023-13-45' is not YYYY-MM-DD"
    """
    out = {"published": None, "publisher": None, "url": None, "title": None, "problem": None}
    where = name or ("<html>" if looks_like_html(text, name) else "<text>")
    try:
        if looks_like_html(text, name):
            found = parse_html(text, where)[1]
        else:
            found = _split_front_matter(text, where)[0]
    except ArticleError as exc:
        return {**out, "problem": str(exc)}
    for key in ("publisher", "url", "title"):
        out[key] = str(found[key]).strip() if found.get(key) else None
    try:
        out["published"] = _to_date(found.get("published"), where)
    except ArticleError as exc:
        out["problem"] = str(exc)
    return out


@dataclass(frozen=True)
class Preview:
    """An article extracted but not yet saved.

    Attributes
    ----------
    article : Article
    events : pandas.DataFrame
        Columns of :data:`events.schema.EVENT_COLUMNS`.
    figures : pandas.DataFrame
        Columns of :data:`events.schema.FIGURE_COLUMNS`.
    """

    article: Article
    events: pd.DataFrame
    figures: pd.DataFrame


def preview_article(text: str, name: str | None = None, published: dt.date | str | None = None,
                    publisher: str | None = None, url: str | None = None) -> Preview:
    """Read and extract one article without saving it.

    Parameters
    ----------
    text : str
        Plain text, Markdown or an HTML page.
    name : str, optional
        File name (None for pasted text).
    published : datetime.date or str (YYYY-MM-DD), optional
        Publication date; overrides the document's.
    publisher, url : str, optional
        Override the document's.

    Returns
    -------
    Preview

    Raises
    ------
    ArticleError
        If the text is too large, empty, or has malformed front matter, or an HTML page has no text.
    """
    check_size(len(text.encode("utf-8")))
    article = parse_document(text, name, published, meta={"publisher": publisher, "url": url})
    events, figures = extract_events(article)
    return Preview(article, events, figures)


def save_article(preview: Preview, store: str | os.PathLike | None = None,
                 reviewer: str | None = None) -> tuple[int, int]:
    """Save a previewed article's events and figures to the store (atomic, under the store lock).

    Saving an article again replaces its machine rows; analysts' reviews are kept (see
    :mod:`events.overlay`). With a ``reviewer``, who added the article is recorded in the audit
    log in the same locked step (action ``add``, table ``article``, row id = ``doc_id``, new value =
    the number of events; see :func:`events.review.history`).

    Parameters
    ----------
    preview : Preview
        From :func:`preview_article`.
    store : path-like, optional
        The store folder; default :func:`events.store.resolve_store`.
    reviewer : str, optional
        Who adds the article; blank or None records nothing.

    Returns
    -------
    tuple of int
        Numbers of events and figures in the store after the write.

    Raises
    ------
    SchemaError, StoreError
        If the tables are invalid or the store cannot be written; the store is left as it was.
    """
    name = " ".join((reviewer or "").split())
    with lock_store(resolve_store(store)) as folder:
        if not (preview.article.path and os.path.isfile(preview.article.path)):
            keep_article_copy(preview.article, folder)  # a pasted article has no file to name it by
        counts = save_events(preview.events, preview.figures, folder)
        if name:
            article = preview.article
            append_entries(folder, [{
                "timestamp": utc_now(), "reviewer": name, "action": "add", "table": "article",
                "row_id": article.doc_id, "field": "events", "old_value": None, "new_value": len(preview.events),
                "reason": " ".join(p for p in (article.publisher, article.url or article.path) if p) or None,
                "doc_id": article.doc_id,
            }])
    return counts


ARTICLES_FOLDER = "articles"
"""The store's folder of pasted articles' copies (``<store>/articles/<doc_id>.md``)."""


def article_copy_path(store: str | os.PathLike, doc_id: str) -> str:
    """Return where the store keeps its copy of a pasted article (it may not exist)."""
    return os.path.join(os.fspath(store), ARTICLES_FOLDER, f"{doc_id}.md")


def keep_article_copy(article: Article, store: str | os.PathLike) -> str:
    """Write a pasted article into the store as Markdown with front matter, atomically.

    The dashboard names an article by its headline, publisher and date and shows the evidence in
    the article's text; for an article read from a file that file is read again, but a pasted one
    has none. Written before the events that refer to it, with a temporary name and one rename, so
    a killed write leaves at most an unreferenced copy, never a half-written one.

    Parameters
    ----------
    article : Article
        The article as previewed (its ``text`` is the body the evidence offsets index).
    store : path-like
        The store folder (locked by the caller).

    Returns
    -------
    str
        The path of the copy.
    """
    import yaml

    path = article_copy_path(store, article.doc_id)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    meta = {k: v for k, v in (("title", article.title), ("published", article.published),
                              ("publisher", article.publisher), ("url", article.url)) if v}
    front = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" if meta else ""
    body = front + article.text
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(body)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def evidence_spans(article: Article, evidence) -> list[tuple[int, int]]:
    """Return the (start, end) offsets in ``article.text`` of the sentences quoted as evidence.

    Parameters
    ----------
    article : Article
    evidence : iterable of str
        ``sentence`` values of event and figure rows (an event's may join several sentences).

    Returns
    -------
    list of (int, int)
        Sorted, non-overlapping character ranges of :attr:`Article.text`.
    """
    quoted = [e for e in evidence if isinstance(e, str) and e]
    spans = [(s.start, s.end) for s in article.sentences if any(s.text in q for q in quoted)]
    return sorted(set(spans))


def highlight_evidence(article: Article, evidence) -> str:
    """Return the article as HTML with its evidence sentences in ``<mark>`` tags, safe to render.

    Every piece of article text is passed through :func:`html.escape` (``<``, ``>``, ``&`` and
    quotes) before the only tags this function adds, ``<mark>`` and one wrapping ``<div>``, are
    put around it; so an article containing ``<script>`` or ``<img onerror=...>`` shows those
    characters as text.

    Parameters
    ----------
    article : Article
    evidence : iterable of str
        As in :func:`evidence_spans`.

    Returns
    -------
    str
        ``<div class="article-preview" ...>...</div>``; line breaks are kept by CSS
        ``white-space: pre-wrap``.

    Examples
    --------
    >>> from events.article import parse_article
    >>> a = parse_article("Rebels attacked a base. <script>x()</script> was posted.")
    >>> highlight_evidence(a, ["Rebels attacked a base."]).split(">", 1)[1]
    '<mark>Rebels attacked a base.</mark> &lt;script&gt;x()&lt;/script&gt; was posted.</div>'
    """
    text = article.text
    parts, at = [], 0
    for start, end in evidence_spans(article, evidence):
        if start < at:
            continue
        parts.append(html.escape(text[at:start]))
        parts.append("<mark>" + html.escape(text[start:end]) + "</mark>")
        at = end
    parts.append(html.escape(text[at:]))
    return ('<div class="article-preview" style="white-space: pre-wrap; line-height: 1.5">'
            + "".join(parts) + "</div>")
