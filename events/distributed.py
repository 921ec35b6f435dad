"""Extraction and imports on Apache Spark, for collections one machine cannot handle in time.

The work is the local code run in parallel: articles are split into partitions, and each
partition is extracted on a Spark worker by :func:`events.extraction.pipeline.extract_rows` (the
spaCy pipeline is loaded once per worker process, at the start of its first partition). The rows
come back to the driver, are validated like the local ingest's, and are written by the same
atomic store write (:func:`events.store.save_events`), so the store gets the same rows with the
same stable ids as ``python -m events ingest`` gives.

Workers need this package and its ``data/`` folder: in local mode they run this interpreter
(``$PYSPARK_PYTHON`` if set) with this checkout on their ``PYTHONPATH``; on a cluster, install the
same version of the tracker on every worker (see the README's "Running on Spark").
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pandas as pd

from .errors import ArticleError
from .schema import EVENT_COLUMNS, FIGURE_COLUMNS, from_records, validate_events, validate_figures

ARTICLE_TABLE_COLUMNS = ("text", "published", "doc_id", "path")
"""Columns of a Parquet table of articles: ``text`` (required: the whole file's text, front matter
allowed, plain text or Markdown), and optional ``published`` (a date or ``YYYY-MM-DD``), ``doc_id``
(default: the content hash) and ``path`` (where the text came from, for messages)."""

ARTICLES_PER_PARTITION = 25
"""Articles per Spark partition: small enough to spread a few hundred articles over the workers,
large enough that a task's overhead (tens of milliseconds) is small against its extraction."""


def _extract_partition(items: Iterable[tuple]) -> Iterator[tuple[str, object]]:
    """Extract one partition of articles on a worker; yield ``(kind, payload)`` pairs.

    ``items`` are ``("article", Article)`` (read on the driver) or ``("text", dict)`` (a row of a
    Parquet table of articles, parsed here). Yields ``("event", row)``, ``("figure", row)``,
    ``("warning", text)`` and ``("error", text)`` in article order.
    """
    from .article import parse_article
    from .extraction.nlp import load_pipeline
    from .extraction.pipeline import extract_rows

    load_pipeline()  # once per worker process (cached), before the first article
    for kind, item in items:
        if kind == "text":
            where = item.get("path") or f"row {item['row']}"
            try:
                if not isinstance(item.get("text"), str) or not item["text"].strip():
                    raise ArticleError("no article text")
                article = parse_article(item["text"], item.get("published"), item.get("doc_id"), path=item.get("path"))
            except (ArticleError, ValueError) as exc:
                yield "error", f"{where}: {exc}"
                continue
            for note in article.warnings:
                yield "warning", f"{where}: {note}"
        else:
            article = item
        events, figures = extract_rows(article)
        for row in events:
            yield "event", row
        for row in figures:
            yield "figure", row


def _article_rows(path: Path, published) -> list[tuple[str, dict]]:
    """Read a Parquet table of articles (:data:`ARTICLE_TABLE_COLUMNS`) into partition items."""
    import pyarrow.parquet as pq

    if not path.is_file():
        raise ArticleError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises several error types for a file that is no Parquet
        raise ArticleError(f"{path}: not a readable Parquet table of articles: {exc}") from None
    if "text" not in table.column_names:
        raise ArticleError(f"{path}: a Parquet table of articles needs a 'text' column "
                           f"(it has {', '.join(table.column_names) or 'none'})")
    frame = table.select([c for c in ARTICLE_TABLE_COLUMNS if c in table.column_names]).to_pandas()
    items = []
    for row, values in enumerate(frame.to_dict("records"), 1):
        values = {k: (None if not isinstance(v, (list, tuple)) and pd.isna(v) else v) for k, v in values.items()}
        if published is not None:
            values["published"] = published
        elif isinstance(values.get("published"), (pd.Timestamp, dt.datetime)):
            values["published"] = values["published"].date()
        values["row"] = row
        items.append(("text", values))
    return items


def extract_on_spark(
    paths: Iterable[str | os.PathLike],
    published: dt.date | str | None = None,
    engine: str | None = "spark",
    on_warning: Callable[[str], None] | None = None,
    per_partition: int = ARTICLES_PER_PARTITION,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Extract articles on Spark into one event table and one figure table.

    Parameters
    ----------
    paths : iterable of path-like
        Article files (``.txt``, ``.md``, ``.html``; read on the driver with
        :func:`events.ingest.read_paths`, so an unreadable file stops the run before Spark starts)
        and/or Parquet tables of articles (``.parquet``, :data:`ARTICLE_TABLE_COLUMNS`; parsed on
        the workers).
    published : datetime.date or str (YYYY-MM-DD), optional
        Publication date for every article; overrides front matter and the table's column.
    engine : str
        A Spark engine setting (:func:`events.query.engine.engine_kind`): ``spark`` (local
        mode), ``local[N]``, a master URL. Spark Connect has no RDDs and is refused.
    on_warning : callable, optional
        Receives reading warnings as text (without it they are issued as :class:`UserWarning`).
    per_partition : int
        Articles per partition (:data:`ARTICLES_PER_PARTITION`).

    Returns
    -------
    events, figures : pandas.DataFrame
        What :func:`events.ingest.extract_paths` returns for the same articles: the same rows, in
        the same order, with the same ids.

    Raises
    ------
    ArticleError
        If an article cannot be read (the first in input order); nothing is returned.
    EventsError
        If Spark cannot start or the engine is not a Spark engine with RDDs.
    """
    import warnings

    from .errors import EventsError
    from .ingest import read_paths
    from .query.engine import engine_kind, spark_session

    if engine_kind(engine) != "spark":
        raise EventsError(f"the extraction runs on a Spark cluster or in local mode, not on {engine!r}")
    paths = [Path(p) for p in paths]
    files = [p for p in paths if p.suffix.lower() != ".parquet"]
    read = dict(read_paths(files, published, on_warning))
    items = []
    for path in paths:
        items += _article_rows(path, published) if path.suffix.lower() == ".parquet" else [("article", read[path])]
    if not items:
        return (validate_events(from_records([], EVENT_COLUMNS)), validate_figures(from_records([], FIGURE_COLUMNS)))
    context = spark_session(engine).sparkContext
    slices = max(1, -(-len(items) // max(1, per_partition)))
    out = context.parallelize(items, slices).mapPartitions(_extract_partition).collect()
    errors = [text for kind, text in out if kind == "error"]
    if errors:
        raise ArticleError(errors[0])
    for kind, text in out:
        if kind == "warning":
            if on_warning is not None:
                on_warning(text)
            else:
                warnings.warn(text, UserWarning, stacklevel=2)
    events = [row for kind, row in out if kind == "event"]
    figures = [row for kind, row in out if kind == "figure"]
    return (validate_events(from_records(events, EVENT_COLUMNS)),
            validate_figures(from_records(figures, FIGURE_COLUMNS)))


def ingest_on_spark(
    paths: Iterable[str | os.PathLike],
    store: str | os.PathLike | None = None,
    published: dt.date | str | None = None,
    engine: str | None = "spark",
    on_warning: Callable[[str], None] | None = None,
) -> tuple[int, int]:
    """Extract articles on Spark (:func:`extract_on_spark`) and add them to the store in one atomic write.

    Returns
    -------
    tuple of int
        Numbers of events and figures in the store after the write, as
        :func:`events.ingest.ingest_articles`.

    Raises
    ------
    ArticleError, EventsError
        As :func:`extract_on_spark`; nothing is written.
    SchemaError, StoreError
        If the tables are invalid or the store cannot be written; the store is left as it was.
    """
    from .ingest import replacement_warnings, report_warnings
    from .store import save_events

    events, figures = extract_on_spark(paths, published, engine, on_warning)
    report_warnings(replacement_warnings(events, store), on_warning)  # as the local ingest: a replaced article is said
    return save_events(events, figures, store)


def _read_partition(items: Iterable[tuple[int, str, str, bool, str | None]]) -> Iterator[tuple[int, str, object]]:
    """Read the dataset files of one partition on a worker; yield ``(index, "ok" | "error", payload)``.

    The payload is :func:`events.datasets.read_file`'s result, or the error's class name and message.
    """
    from .datasets import read_file
    from .errors import EventsError

    for index, kind, path, skip_bad_rows, date_order in items:
        try:
            yield index, "ok", read_file(kind, Path(path), skip_bad_rows, date_order)
        except EventsError as exc:
            yield index, "error", (type(exc).__name__, str(exc))
        except OSError as exc:  # a missing or unreadable file: the driver raises it again, as the local import would
            yield index, "oserror", (exc.errno, exc.strerror, exc.filename)


def spark_file_reader(kind: str, skip_bad_rows: bool = False, date_order: str | None = None,
                      engine: str | None = "spark") -> Callable[[list[Path]], list[tuple]]:
    """Return a ``read_files`` for :func:`events.datasets.read_dataset` that reads each file on a Spark worker.

    The files are read in parallel, one per partition, by the same readers and with the same
    mapping rules and bad-row report as the local import; the results come back in the order of
    the files, and the first file (in that order) that fails raises its reader's error.

    Raises
    ------
    ImportFormatError
        The reader's error of the first bad file.
    EventsError
        If Spark cannot start.
    """
    from . import errors
    from .query.engine import engine_kind, spark_session

    if engine_kind(engine) != "spark":
        raise errors.EventsError(f"the import runs on a Spark cluster or in local mode, not on {engine!r}")

    def read_files(paths: list[Path]) -> list[tuple]:
        if not paths:
            return []
        context = spark_session(engine).sparkContext
        items = [(i, kind, str(Path(p).resolve()), skip_bad_rows, date_order) for i, p in enumerate(paths)]
        out = sorted(context.parallelize(items, len(items)).mapPartitions(_read_partition).collect(),
                     key=lambda item: item[0])
        for _, status, payload in out:
            if status == "oserror":
                raise OSError(*payload)
            if status == "error":
                name, message = payload
                error = getattr(errors, name, errors.ImportFormatError)
                raise error(message)
        return [payload for _, _, payload in out]

    return read_files


def import_on_spark(kind: str, paths: Iterable[str | os.PathLike], store: str | os.PathLike | None = None,
                    skip_bad_rows: bool = False, mentions: Iterable[str | os.PathLike] = (),
                    date_order: str | None = None, engine: str | None = "spark"):
    """Import dataset files as :func:`events.datasets.import_dataset` does, reading the files on Spark workers.

    Each file is read whole by one worker (a file must fit one worker's memory; parallelism is
    across files, as GDELT publishes them, or as an ACLED export split by year or country);
    the combination (ids repeated across files, GDELT mentions, the store write) runs on the
    driver, with the local code.

    Returns
    -------
    events.datasets.ImportReport
        The same report the local import gives for the same files.

    Raises
    ------
    ImportFormatError, SchemaError, StoreError
        As :func:`events.datasets.import_dataset`; nothing is written.
    """
    from .datasets import import_dataset

    return import_dataset(kind, list(paths), store=store, skip_bad_rows=skip_bad_rows, mentions=list(mentions),
                          date_order=date_order,
                          read_files=spark_file_reader(kind, skip_bad_rows, date_order, engine))
