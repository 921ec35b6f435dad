"""Dataset files (ACLED, GDELT, UCDP, our own exports) → the event table, and their import into the store.

:func:`read_dataset` reads files of one kind into one event table; :func:`import_dataset` also
writes it to the store in one atomic upsert under the store's lock, so an import happens
completely or not at all. Re-importing a file replaces its rows with identical ones (upsert by
``event_id``), so the store does not change.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import ImportFormatError
from ..schema import EVENT_COLUMNS, empty_events, to_schema
from .acled import read_acled
from .gdelt import attach_mentions, detect_gdelt_file, read_gdelt, read_gdelt_mentions
from .table import SkippedRows
from .ucdp import read_ucdp

KINDS = ("acled", "gdelt", "ucdp", "events")
"""Kinds of file :func:`read_dataset` reads; ``events`` is a file written by ``python -m events export``."""


@dataclass(frozen=True)
class ImportReport:
    """What an import read, left out and wrote.

    Attributes
    ----------
    kind : str
        One of :data:`KINDS`.
    files : tuple of str
        Names of the files read (event files, then mention files).
    rows_read : int
        Data rows in the event files.
    events : int
        Distinct events imported (rows read minus rows skipped minus repeated ids).
    skipped : tuple of SkippedRows
        Rows left out, per file and reason (only with ``skip_bad_rows``).
    mentions_ignored : int
        GDELT mentions of events not in the imported files.
    events_in_store : int or None
        Events in the store after the write; None when nothing was written.
    new, changed, unchanged : int or None
        Of the imported events: ids the store did not hold, ids it held with other values, and
        ids it held exactly so (as the store was just before the write); None when nothing was
        written.
    notices : tuple of str
        Things worth knowing that did not stop the import, one line each (unknown country codes,
        header-only files, inconsistent estimates, ids repeated across files).
    """

    kind: str
    files: tuple[str, ...]
    rows_read: int
    events: int
    skipped: tuple[SkippedRows, ...] = ()
    mentions_ignored: int = 0
    events_in_store: int | None = None
    notices: tuple[str, ...] = ()
    new: int | None = None
    changed: int | None = None
    unchanged: int | None = None

    @property
    def rows_skipped(self) -> int:
        """Rows left out, all reasons together."""
        return sum(s.rows for s in self.skipped)

    def summary_lines(self) -> list[str]:
        """Describe the import in plain lines: totals first, then one line per skip reason.

        Examples
        --------
        >>> ImportReport("ucdp", ("ged.csv",), 3, 3).summary_lines()
        ['ucdp: read 3 row(s) from 1 file(s), imported 3 event(s), skipped 0 row(s)']
        """
        head = (f"{self.kind}: read {self.rows_read} row(s) from {len(self.files)} file(s), "
                f"imported {self.events} event(s)")
        if self.new is not None:
            head += f" ({self.new} new, {self.changed} changed, {self.unchanged} unchanged)"
        head += f", skipped {self.rows_skipped} row(s)"
        if self.events_in_store is not None:
            head += f"; the store holds {self.events_in_store} event(s)"
        lines = [head]
        lines += [f"skipped {s.rows} row(s) of {s.file} (first on line {s.first_line}): {s.reason}"
                  for s in self.skipped]
        if self.mentions_ignored:
            lines.append(f"ignored {self.mentions_ignored} mention(s) of events not in these files")
        return lines + list(self.notices)


_READERS = {"acled": read_acled, "gdelt": read_gdelt, "ucdp": read_ucdp}


def read_file(kind: str, path: Path, skip_bad_rows: bool = False,
              date_order: str | None = None) -> tuple[pd.DataFrame, list[SkippedRows], int, list[str]]:
    """Read one event file of ``kind`` with its reader; the step :func:`read_dataset` repeats per file.

    Returns
    -------
    tuple
        The file's events, its skipped rows, its number of data rows and its notices.

    Raises
    ------
    ImportFormatError
        As the kind's reader.
    """
    notices: list[str] = []
    if kind == "events":
        from ..export import read_export

        frame = read_export(path)
        return frame, [], len(frame), notices
    frame, skipped, n = _READERS[kind](path, skip_bad_rows=skip_bad_rows, date_order=date_order,
                                       on_notice=notices.append)
    return frame, list(skipped), n, notices


def read_dataset(
    kind: str,
    paths: Sequence[str | os.PathLike],
    skip_bad_rows: bool = False,
    mentions: Sequence[str | os.PathLike] = (),
    on_progress: Callable[[int, int, str], None] | None = None,
    date_order: str | None = None,
    read_files: Callable | None = None,
) -> tuple[pd.DataFrame, ImportReport]:
    """Read dataset files of one kind into one event table.

    Parameters
    ----------
    kind : str
        ``acled``, ``gdelt``, ``ucdp`` or ``events`` (see :data:`KINDS`).
    paths : sequence of path-like
        The files. For ``gdelt``, a mentions file among them is recognised by its layout and used
        as if given in ``mentions``.
    skip_bad_rows : bool
        Leave bad rows out and report them in :attr:`ImportReport.skipped`.
    mentions : sequence of path-like
        GDELT 2.0 mention files whose sources and URLs are added to the events (``gdelt`` only).
    on_progress : callable, optional
        Called as ``on_progress(done, total, file_name)`` after each file.
    date_order : {"dmy", "mdy"}, optional
        Field order of slash dates (``5/9/2020``) in ACLED and UCDP files whose date columns fit
        both orders; without it such a file is refused (:class:`events.errors.AmbiguousDateError`).
    read_files : callable, optional
        ``read_files(paths)`` returns the :func:`read_file` result of each event file, in order
        (default: one after the other here; :mod:`events.distributed` reads them on Spark).

    Returns
    -------
    tuple of (pandas.DataFrame, ImportReport)
        The events (:data:`events.schema.EVENT_COLUMNS`; an id found in several files keeps the
        row of the file given last, and :attr:`ImportReport.notices` counts them) and what was read.

    Raises
    ------
    ImportFormatError
        If ``kind`` is unknown, no event file is given, mentions are given for another kind, or
        a file cannot be read (see :func:`events.datasets.acled.read_acled`,
        :func:`events.datasets.gdelt.read_gdelt`, :func:`events.datasets.ucdp.read_ucdp` and
        :func:`events.export.read_export`).
    """
    if kind not in KINDS:
        raise ImportFormatError(f"unknown dataset kind {kind!r}; expected one of {', '.join(KINDS)}")
    paths, mentions = [Path(p) for p in paths], [Path(p) for p in mentions]
    if kind == "gdelt":
        found = [p for p in paths if detect_gdelt_file(p) == "mentions"]
        paths = [p for p in paths if p not in found]
        mentions = mentions + found
    elif mentions:
        raise ImportFormatError("mention files belong to GDELT imports only")
    if not paths:
        raise ImportFormatError("no event file to import (only mention files were given)")
    frames, skipped, rows, notices = [], [], 0, []
    total = len(paths) + len(mentions)
    read_files = read_files or (lambda files: (read_file(kind, p, skip_bad_rows, date_order) for p in files))
    for done, (path, (frame, file_skipped, n, file_notices)) in enumerate(zip(paths, read_files(paths)), start=1):
        frames.append(frame)
        skipped += file_skipped
        rows += n
        notices += file_notices
        if n == 0:
            notices.append(f"{path.name}: no data rows (only a header), nothing imported from it")
        if on_progress:
            on_progress(done, total, path.name)
    filled = [f for f in frames if len(f)]
    events = empty_events() if not filled else filled[0] if len(filled) == 1 else pd.concat(filled, ignore_index=True)
    del frames, filled
    repeated = events["event_id"].duplicated(keep="last")
    if repeated.any():  # within one file a reader has refused (ACLED, UCDP) or counted (GDELT) them already
        events = events[~repeated].reset_index(drop=True)
        notices.append(f"{int(repeated.sum())} event id(s) appear in more than one of the files; the row of the file "
                       "given last is kept")
    events = _sorted_by_id(events)
    ignored = 0
    if mentions:
        table = pd.concat([read_gdelt_mentions(p) for p in mentions], ignore_index=True)
        events, ignored = attach_mentions(events, table)
        if on_progress:
            on_progress(total, total, mentions[-1].name)
    report = ImportReport(kind, tuple(p.name for p in paths + mentions), rows, len(events), tuple(skipped), ignored,
                          notices=tuple(notices))
    return to_schema(events, EVENT_COLUMNS), report


def _sorted_by_id(events: pd.DataFrame) -> pd.DataFrame:
    """Return ``events`` ordered by ``event_id`` as the store keeps them, one column at a time.

    Each original column is released once copied, so the table is never held twice.
    """
    if events["event_id"].is_monotonic_increasing:
        return events.reset_index(drop=True)
    order = events["event_id"].argsort(kind="stable").to_numpy()
    columns = list(events.columns)
    moved = {c: events.pop(c).take(order).reset_index(drop=True) for c in columns}
    return pd.DataFrame(moved)


def import_dataset(
    kind: str,
    paths: Sequence[str | os.PathLike],
    store: str | os.PathLike | None = None,
    skip_bad_rows: bool = False,
    mentions: Sequence[str | os.PathLike] = (),
    on_progress: Callable[[int, int, str], None] | None = None,
    date_order: str | None = None,
    read_files: Callable | None = None,
) -> ImportReport:
    """Read dataset files and upsert their events into the store, all or nothing.

    Every file is read and checked before the store is touched; the write is one atomic upsert
    by ``event_id`` under the store's lock (:func:`events.store.save_events`).

    Parameters
    ----------
    kind, paths, skip_bad_rows, mentions, on_progress, date_order, read_files
        As for :func:`read_dataset`.
    store : path-like, optional
        The store folder; default :func:`events.store.resolve_store`.

    Returns
    -------
    ImportReport
        With :attr:`ImportReport.events_in_store` set.

    Raises
    ------
    ImportFormatError
        As for :func:`read_dataset`; nothing is written.
    SchemaError, StoreError
        If the events do not fit the schema or the store cannot be written; nothing is written.
    """
    from ..store import save_events

    events, report = read_dataset(kind, paths, skip_bad_rows, mentions, on_progress, date_order, read_files)
    new, changed = compare_with_store(events, store)
    n_events, _ = save_events(events, store=store, replace_docs=False)
    return dataclasses.replace(report, events_in_store=n_events, new=new, changed=changed,
                               unchanged=len(events) - new - changed)


def compare_with_store(events: pd.DataFrame, store: str | os.PathLike | None = None) -> tuple[int, int]:
    """Count the events the store does not hold yet, and those it holds with other values.

    Parameters
    ----------
    events : pandas.DataFrame
        Events about to be upserted (:data:`events.schema.EVENT_COLUMNS`, unique ``event_id``).
    store : path-like, optional
        The store folder; default :func:`events.store.resolve_store`.

    Returns
    -------
    tuple of int
        ``(new, changed)``; the rest of ``events`` are stored exactly as given (unchanged). Only
        the stored rows with these ids are read.

    Raises
    ------
    StoreError
        If the events file exists but cannot be read.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.dataset as pads

    from ..errors import StoreError
    from ..store import events_path

    path = events_path(store)
    if not len(events) or not path.exists():
        return len(events), 0
    try:
        table = pads.dataset(path, format="parquet").to_table(
            filter=pc.field("event_id").isin(pa.array(events["event_id"].astype(str).tolist(), type=pa.string())))
    except (pa.ArrowException, OSError) as exc:
        raise StoreError(f"cannot read {path}: {exc}") from exc
    stored = to_schema(table.to_pandas(), EVENT_COLUMNS).set_index("event_id")
    mine = events.set_index("event_id").loc[stored.index]
    same = pd.Series(True, index=stored.index)
    for column in stored.columns:
        a, b = mine[column], stored[column]
        same &= ((a == b).fillna(False) | (a.isna() & b.isna())).astype(bool)
    return len(events) - len(stored), int((~same).sum())


def import_uploads(
    kind: str,
    uploads: Sequence[tuple[str, bytes]],
    store: str | os.PathLike | None = None,
    skip_bad_rows: bool = False,
    on_progress: Callable[[int, int, str], None] | None = None,
    date_order: str | None = None,
) -> ImportReport:
    """Import files held in memory (a browser upload), as :func:`import_dataset` does files on disk.

    Parameters
    ----------
    kind, store, skip_bad_rows, on_progress, date_order
        As for :func:`import_dataset`.
    uploads : sequence of (str, bytes)
        File name (only its last component is used, so messages name the uploaded file) and
        content. GDELT mention files among them are recognised.

    Returns
    -------
    ImportReport

    Raises
    ------
    ImportFormatError, SchemaError, StoreError
        As for :func:`import_dataset`; also if two uploads share a name. Nothing is written then.
    """
    names = [Path(name).name or "upload" for name, _ in uploads]
    if len(set(names)) != len(names):
        raise ImportFormatError("two uploaded files have the same name; rename one")
    with tempfile.TemporaryDirectory(prefix="events-upload-") as folder:
        paths = []
        for name, (_, data) in zip(names, uploads):
            path = Path(folder) / name
            path.write_bytes(data)
            paths.append(path)
        return import_dataset(kind, paths, store=store, skip_bad_rows=skip_bad_rows, on_progress=on_progress,
                              date_order=date_order)


__all__ = ["KINDS", "ImportReport", "SkippedRows", "compare_with_store", "import_dataset", "import_uploads",
           "read_dataset", "read_file"]
