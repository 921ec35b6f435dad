"""Adding articles to the local store: read, extract, then one atomic write.

Every article is read and extracted before anything is written, so an ingest that fails on
any article leaves the store exactly as it was; the store itself writes temporary files and
renames them (see :func:`events.store.save_events`).
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pandas as pd

from .article import Article, check_size, read_article
from .extraction.pipeline import extract_rows
from .schema import EVENT_COLUMNS, FIGURE_COLUMNS, from_records, validate_events, validate_figures
from .errors import StoreError
from .store import events_path, resolve_store, save_events

__all__ = ["extract_paths", "ingest_articles", "read_paths"]


def read_paths(
    paths: Iterable[str | os.PathLike],
    published: dt.date | str | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> Iterator[tuple[Path, Article]]:
    """Read article files one by one, reporting their reading warnings (shared by the local and Spark ingests).

    Parameters
    ----------
    paths : iterable of path-like
        Article files; a file larger than :data:`events.article.MAX_ARTICLE_BYTES` is refused
        before any article is read.
    published : datetime.date or str (YYYY-MM-DD), optional
        Publication date for every article; overrides their front matter.
    on_warning : callable, optional
        Receives each reading warning as text; without it they are issued as :class:`UserWarning`.

    Yields
    ------
    (pathlib.Path, Article)
        Each path with its article, in the order given.

    Raises
    ------
    ArticleError
        If an article cannot be read (raised when the iteration reaches it).
    """
    paths = [Path(p) for p in paths]
    for path in paths:  # refuse an oversized file before spending minutes on the others
        if path.is_file():
            check_size(path.stat().st_size, str(path))
    for path in paths:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            article = read_article(path, published)
        messages = [str(w.message) for w in caught]
        messages += [f"{path}: {w}" for w in article.warnings if f"{path}: {w}" not in messages and w not in messages]
        report_warnings(messages, on_warning)
        yield path, article


def report_warnings(messages: Iterable[str], on_warning: Callable[[str], None] | None = None) -> None:
    """Give each message to ``on_warning``, or issue it as a :class:`UserWarning` without one."""
    for message in messages:
        if on_warning is not None:
            on_warning(message)
        else:
            warnings.warn(message, UserWarning, stacklevel=3)


def extract_paths(
    paths: Iterable[str | os.PathLike],
    published: dt.date | str | None = None,
    on_progress: Callable[[int, int, Path], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read and extract several articles into one event table and one figure table.

    Parameters
    ----------
    paths : iterable of path-like
        Article files (``.txt`` / ``.md``).
    published : datetime.date or str (YYYY-MM-DD), optional
        Publication date for every article; overrides their front matter.
    on_progress : callable, optional
        Called as ``on_progress(done, total, path)`` after each article.
    on_warning : callable, optional
        Receives each reading warning (encoding fallback, missing publication date) as text;
        without it they are issued as :class:`UserWarning`.

    Returns
    -------
    events, figures : pandas.DataFrame
        The concatenated tables, in the schema's columns and dtypes.

    Raises
    ------
    ArticleError
        If any article cannot be read (the first failure stops the run); a file larger than
        :data:`events.article.MAX_ARTICLE_BYTES` is refused before any article is read.
    """
    paths = [Path(p) for p in paths]
    event_parts, figure_parts = [], []
    for done, (path, article) in enumerate(read_paths(paths, published, on_warning), 1):
        events, figures = extract_rows(article)
        event_parts += events
        figure_parts += figures
        if on_progress is not None:
            on_progress(done, len(paths), path)
    return (validate_events(from_records(event_parts, EVENT_COLUMNS)),
            validate_figures(from_records(figure_parts, FIGURE_COLUMNS)))


def ingest_articles(
    paths: Iterable[str | os.PathLike],
    store: str | os.PathLike | None = None,
    on_progress: Callable[[int, int, Path], None] | None = None,
    published: dt.date | str | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> tuple[int, int]:
    """Extract articles and add their events and figures to the store.

    Ingesting the same article twice changes nothing: rows are upserted by id and the stored
    rows of each ingested ``doc_id`` are replaced.

    Parameters
    ----------
    paths : iterable of path-like
        Article files.
    store : path-like, optional
        The store folder; default :func:`events.store.resolve_store`.
    on_progress : callable, optional
        Called as ``on_progress(done, total, path)`` after each article is extracted.
    published : datetime.date or str (YYYY-MM-DD), optional
        Publication date for every article; overrides their front matter.
    on_warning : callable, optional
        Receives reading warnings as text (see :func:`extract_paths`).

    Returns
    -------
    tuple of int
        Numbers of events and figures in the store after the write.

    Raises
    ------
    ArticleError
        If any article cannot be read; nothing is written.
    SchemaError, StoreError
        If the tables are invalid or the store cannot be written; the store is left as it was.

    Examples
    --------
    >>> ingest_articles(["seeds/000_1bedc7d3bcaccec5.txt"], store="/tmp/store")  # doctest: +SKIP
    (9, 6)
    """
    events, figures = extract_paths(paths, published, on_progress, on_warning)
    report_warnings(replacement_warnings(events, store), on_warning)
    return save_events(events, figures, store)


COMPARED_COLUMNS = ("event_id", "date_start", "date_end", "location", "actor1", "actor2", "source")
"""Columns whose change makes a re-ingested article's rows a replacement worth a warning."""


def replacement_warnings(events: pd.DataFrame, store: str | os.PathLike | None = None) -> list[str]:
    """Return a warning for each article of ``events`` already in the store whose rows would change.

    Ingesting the same file again changes nothing and says nothing; a changed copy of a stored
    article (the same text, but no front matter, another date) replaces its machine rows, which an
    analyst should hear about: "3 of the stored rows were dated; none of the new ones is".

    Parameters
    ----------
    events : pandas.DataFrame
        New event rows (:data:`events.schema.EVENT_COLUMNS`).
    store : path-like, optional

    Returns
    -------
    list of str
        One line per replaced article, naming its ``doc_id`` and the rows before and after.
    """
    folder = resolve_store(store)
    if events.empty or not folder.exists():
        return []
    try:
        path = events_path(folder)
    except StoreError:  # a damaged store is reported by the write itself
        return []
    if not path.exists():
        return []
    ids = sorted(set(events["doc_id"].dropna()))
    stored = pd.read_parquet(path, columns=list(dict.fromkeys(("doc_id", *COMPARED_COLUMNS))),
                             filters=[("doc_id", "in", ids)])
    out = []
    for doc_id, old in stored.groupby("doc_id"):
        new = events[events["doc_id"] == doc_id]
        key = list(COMPARED_COLUMNS)
        a = old[key].astype(str).sort_values(key).reset_index(drop=True)
        b = new[key].astype(str).sort_values(key).reset_index(drop=True)
        if a.equals(b):
            continue
        dated_before = int(old["date_end"].notna().sum())
        dated_now = int(new["date_end"].notna().sum())
        extra = (f"; {dated_before} of the stored rows were dated, {dated_now} of the new ones are (give the "
                 "publication date: front matter or --published)") if dated_now < dated_before else ""
        out.append(f"{doc_id}: already in the store; its {len(old)} machine row(s) are replaced by this "
                   f"extraction's {len(new)} (reviews and corrections are kept){extra}")
    return out
