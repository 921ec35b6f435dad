"""The local event store: two Parquet files on disk, upserted by id.

A store is a folder holding ``events.parquet`` and ``figures.parquet``. Writes go to temporary
files in the same folder and are renamed over the old ones only when both are complete, so a
failed write leaves the store as it was.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from filelock import FileLock, Timeout

from .errors import StoreError
from .schema import (
    EVENT_COLUMNS,
    FIGURE_COLUMNS,
    empty_events,
    empty_figures,
    to_schema,
    validate_events,
    validate_figures,
)

DEFAULT_STORE = Path(__file__).resolve().parent.parent / "data" / "store"
"""Where the store lives unless a folder is given: ``data/store`` in the checkout."""

EVENTS_FILE = "events.parquet"
FIGURES_FILE = "figures.parquet"
LOCK_FILE = ".lock"
ROW_GROUP_ROWS = 65_536
"""Rows per Parquet row group of the event file: small enough that a filtered read
(:func:`events.scan.query_events`) skips the groups whose statistics rule them out (ACLED ids
start with the country code, so the store's id order keeps a country's events together)."""
LOCK_TIMEOUT_S = 60.0
"""How long a writer waits for another writer to finish before giving up, in seconds."""


def resolve_store(store: str | os.PathLike | None = None) -> Path:
    """Return the store folder: ``store`` if given, else ``$EVENTS_STORE``, else :data:`DEFAULT_STORE`.

    Raises
    ------
    StoreError
        If that path is a file: a store is a folder.
    """
    folder = Path(store) if store is not None else Path(os.environ.get("EVENTS_STORE", DEFAULT_STORE))
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"the store {folder} is a file, not a folder")
    return folder


def existing_store(store: str | os.PathLike | None = None) -> Path:
    """Return the store folder (:func:`resolve_store`) if it exists; for commands that only read or review.

    Raises
    ------
    StoreError
        If there is no folder there (nothing is created), or the path is a file.
    """
    folder = resolve_store(store)
    if not folder.is_dir():
        raise StoreError(f"no store at {folder}")
    return folder


@contextmanager
def lock_store(store: str | os.PathLike | None = None, timeout: float = LOCK_TIMEOUT_S) -> Iterator[Path]:
    """Hold the store's write lock (a ``filelock`` lock file in the folder) for a read-modify-write.

    Every writer takes this lock around "read the store, change it, write it back", so two
    processes writing at once cannot lose each other's changes. Readers need no lock: files are
    only ever replaced whole by a rename. The lock is re-entrant within one process.

    Parameters
    ----------
    store : path-like, optional
        The store folder, created if missing; default :func:`resolve_store`.
    timeout : float
        Seconds to wait for another writer.

    Yields
    ------
    pathlib.Path
        The store folder.

    Raises
    ------
    StoreError
        If the folder cannot be created or the lock is not free within ``timeout``.
    """
    folder = resolve_store(store)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(folder.resolve() / LOCK_FILE, is_singleton=True)  # one object per path: re-entrant
        lock.acquire(timeout=timeout)
    except Timeout as exc:
        raise StoreError(f"the store at {folder} is busy: another writer held it for {timeout:g} s") from exc
    except OSError as exc:
        raise StoreError(f"cannot lock the store at {folder}: {exc}") from exc
    try:
        yield folder
    finally:
        lock.release()


def events_path(store: str | os.PathLike | None = None) -> Path:
    """Return the Parquet file that holds the store's committed events (it may not exist yet).

    Readers that open the file themselves (DuckDB, pyarrow datasets) take the path from here,
    never by joining a file name to the folder, so the store's layout has one owner.
    """
    return resolve_store(store) / EVENTS_FILE


def figures_path(store: str | os.PathLike | None = None) -> Path:
    """Return the Parquet file that holds the store's committed figures (it may not exist yet)."""
    return resolve_store(store) / FIGURES_FILE


def _read(path: Path, columns: dict[str, str], empty) -> pd.DataFrame:
    if not path.exists():
        return empty()
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several unrelated types for a damaged file
        raise StoreError(f"cannot read {path}: {exc}") from exc
    return to_schema(frame, columns)


def load_events(store: str | os.PathLike | None = None) -> pd.DataFrame:
    """Return every event the store holds.

    Parameters
    ----------
    store : path-like, optional
        The store folder; default :func:`resolve_store`.

    Returns
    -------
    pandas.DataFrame
        The event table (columns and dtypes of :data:`events.schema.EVENT_COLUMNS`); no rows if
        the store is empty or does not exist.

    Raises
    ------
    StoreError
        If the file exists but cannot be read.
    """
    return _read(events_path(store), EVENT_COLUMNS, empty_events)


def load_figures(store: str | os.PathLike | None = None) -> pd.DataFrame:
    """Return every figure the store holds.

    Parameters
    ----------
    store : path-like, optional
        The store folder; default :func:`resolve_store`.

    Returns
    -------
    pandas.DataFrame
        The figure table (columns and dtypes of :data:`events.schema.FIGURE_COLUMNS`).

    Raises
    ------
    StoreError
        If the file exists but cannot be read.
    """
    return _read(figures_path(store), FIGURE_COLUMNS, empty_figures)


def _upsert(old: pd.DataFrame, new: pd.DataFrame, key: str) -> pd.DataFrame:
    if len(old) and len(new):  # pyarrow's is_in: pandas' isin on Arrow strings loops in Python
        replaced = pc.is_in(pa.array(old[key], type=pa.string(), from_pandas=True),
                            value_set=pa.array(new[key], type=pa.string(), from_pandas=True))
        kept = old[~replaced.to_numpy(zero_copy_only=False)]
    else:
        kept = old
    parts = [p for p in (kept, new) if len(p)]
    if not parts:
        return new.iloc[0:0]
    frame = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)  # one part: no copy
    if frame[key].is_monotonic_increasing:
        return frame.reset_index(drop=True)
    return frame.sort_values(key, kind="stable").reset_index(drop=True)


def temp_file_beside(folder: Path, suffix: str) -> Path:
    """Create an empty temporary file in ``folder`` (same file system, so it can be renamed over
    its target) with the permissions of a normal new file (mkstemp would make it 0600)."""
    fd, name = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=suffix)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(name, 0o666 & ~umask)
    return Path(name)


def _write_temp(frame: pd.DataFrame, folder: Path) -> Path:
    path = temp_file_beside(folder, ".parquet")
    try:
        frame.to_parquet(path, index=False, row_group_size=ROW_GROUP_ROWS)
    except Exception:
        path.unlink()
        raise
    return path


def save_events(
    events: pd.DataFrame,
    figures: pd.DataFrame | None = None,
    store: str | os.PathLike | None = None,
    replace_docs: bool = True,
) -> tuple[int, int]:
    """Upsert events (and figures) into the store, atomically.

    Rows whose id is already stored are replaced; with ``replace_docs`` every stored row of a
    ``doc_id`` in ``events`` is dropped first, so re-extracting an article cannot leave stale rows.

    Parameters
    ----------
    events : pandas.DataFrame
        An event table (validated here).
    figures : pandas.DataFrame, optional
        A figure table (validated here).
    store : path-like, optional
        The store folder, created if missing; default :func:`resolve_store`.
    replace_docs : bool
        Drop stored rows of the documents being saved before the upsert.

    Returns
    -------
    tuple of int
        Numbers of events and figures in the store after the write.

    Raises
    ------
    SchemaError
        If a table does not match the schema (nothing is written).
    StoreError
        If the folder cannot be written (the store is left as it was).
    """
    folder = resolve_store(store)
    events = validate_events(to_schema(events, EVENT_COLUMNS))
    figures = validate_figures(to_schema(figures if figures is not None else empty_figures(), FIGURE_COLUMNS))
    with lock_store(folder):
        return _save_locked(events, figures, folder, replace_docs)


def _save_locked(events: pd.DataFrame, figures: pd.DataFrame, folder: Path, replace_docs: bool) -> tuple[int, int]:
    old_events, old_figures = load_events(folder), load_figures(folder)
    if replace_docs:
        docs = set(events["doc_id"].dropna()) | set(figures["doc_id"].dropna())
        old_events = old_events[~old_events["doc_id"].isin(docs)]
        old_figures = old_figures[~old_figures["doc_id"].isin(docs)]
    all_events = validate_events(_upsert(old_events, events, "event_id"))
    all_figures = validate_figures(_upsert(old_figures, figures, "figure_id"))
    temps: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temps.append(_write_temp(all_events, folder))
        temps.append(_write_temp(all_figures, folder))
        os.replace(temps[0], folder / EVENTS_FILE)
        os.replace(temps[1], folder / FIGURES_FILE)
    except OSError as exc:
        for t in temps:
            t.unlink(missing_ok=True)
        raise StoreError(f"cannot write the store at {folder}: {exc}") from exc
    return len(all_events), len(all_figures)
