"""The local event store: Parquet files on disk, upserted by id, committed atomically.

A store is a folder holding a manifest ``store.json`` that names the files of the current
version (``events-<version>.parquet`` and ``figures-<version>.parquet``), the review log
``review_log.jsonl`` (:mod:`events.audit`) and a lock file. A write creates a new version's
files, flushes them, and then replaces the manifest with one ``os.replace``: a failed or killed
write leaves the store at its old version, never between two. What a killed writer left behind,
and versions older than the current one, are removed by the next write. Readers find the files
only through :func:`events_path` / :func:`figures_path` (or :func:`load_tables`). A folder of
the older flat layout (``events.parquet`` and ``figures.parquet``, no manifest) is read as it
is and migrated by the next write.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
import time
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from .errors import SchemaError, StoreError
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
"""The events file of the older flat layout (no manifest); still read, migrated on the next write."""
FIGURES_FILE = "figures.parquet"
"""The figures file of the older flat layout."""
MANIFEST_FILE = "store.json"
"""The commit pointer: names the current version's files; replaced whole by each commit."""
STORE_FORMAT = 2
"""Version of the store layout written in the manifest (1 was the flat layout)."""
_VERSION_FILE = re.compile(r"(?:events|figures)-[0-9a-f]+-[0-9a-f]+\.parquet")
_TEMP_FILE = re.compile(r"\.tmp-[^/]*\.(?:parquet|json)")
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


def _manifest(folder: Path) -> dict | None:
    """Return the committed manifest of ``folder`` (None for an empty or old-layout store)."""
    path = folder / MANIFEST_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read the store manifest {path}: {exc.strerror or exc}") from exc
    try:
        manifest = json.loads(raw)
        ok = isinstance(manifest, dict) and all(
            isinstance(manifest.get(k), str) and _VERSION_FILE.fullmatch(manifest[k]) for k in ("events", "figures"))
    except ValueError:
        ok = False
    if not ok:
        raise StoreError(f"the store manifest {path} is damaged: expected {{\"events\": \"events-<version>.parquet\", "
                         "\"figures\": \"figures-<version>.parquet\"}")
    return manifest


def committed_files(store: str | os.PathLike | None = None) -> tuple[Path, Path]:
    """Return the committed events and figures files of the store, read from one manifest.

    A store folder holds ``store.json`` naming the Parquet files of its current version
    (``events-<version>.parquet``, ``figures-<version>.parquet``). A folder written before the
    manifest existed (flat ``events.parquet`` and ``figures.parquet``) is read as it is; the next
    write migrates it.

    Parameters
    ----------
    store : path-like, optional
        The store folder; default :func:`resolve_store`.

    Returns
    -------
    tuple of pathlib.Path
        ``(events_file, figures_file)``; either may not exist (an empty store).

    Raises
    ------
    StoreError
        If the manifest exists but cannot be read or is damaged.

    Examples
    --------
    >>> import tempfile
    >>> [p.name for p in committed_files(tempfile.mkdtemp())]
    ['events.parquet', 'figures.parquet']
    """
    folder = resolve_store(store)
    manifest = _manifest(folder)
    if manifest is None:
        return folder / EVENTS_FILE, folder / FIGURES_FILE
    return folder / manifest["events"], folder / manifest["figures"]


def events_path(store: str | os.PathLike | None = None) -> Path:
    """Return the Parquet file that holds the store's committed events (it may not exist yet).

    Readers that open the file themselves (DuckDB, pyarrow datasets) take the path from here,
    never by joining a file name to the folder, so the store's layout has one owner. The path
    changes with every commit; the file it names stays on disk until the write after the next
    one, so a reader that took the path just before a commit still finds it.

    Raises
    ------
    StoreError
        If the store's manifest is damaged.
    """
    return committed_files(store)[0]


def figures_path(store: str | os.PathLike | None = None) -> Path:
    """Return the Parquet file that holds the store's committed figures (it may not exist yet).

    Raises
    ------
    StoreError
        If the store's manifest is damaged.
    """
    return committed_files(store)[1]


def _read(path: Path, columns: dict[str, str], empty) -> pd.DataFrame:
    if not path.exists():
        return empty()
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several unrelated types for a damaged file
        raise StoreError(f"cannot read {path}: {exc}") from exc
    missing = [c for c in columns if c not in frame.columns]
    extra = [str(c) for c in frame.columns if c not in columns]
    if missing:
        warnings.warn(f"{path} has no column(s) {', '.join(missing)}: read as unknown (empty)", UserWarning,
                      stacklevel=3)
    if extra:
        warnings.warn(f"{path} has column(s) {', '.join(extra)} that the schema does not know: not read "
                      "(the next write is refused rather than drop them)", UserWarning, stacklevel=3)
    try:
        return to_schema(frame, columns)
    except (SchemaError, TypeError, ValueError, OverflowError) as exc:
        raise StoreError(f"{path} does not match the schema: {exc}") from exc


def _unknown_columns(path: Path, columns: dict[str, str]) -> list[str]:
    """Names of the columns of the Parquet file ``path`` that are not in ``columns``."""
    if not path.exists():
        return []
    try:
        names = pq.read_schema(path).names
    except Exception as exc:  # pyarrow raises several unrelated types for a damaged file
        raise StoreError(f"cannot read {path}: {exc}") from exc
    return [n for n in names if n not in columns and not n.startswith("__index_level_")]


def load_tables(store: str | os.PathLike | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the store's events and figures of one committed version.

    Two calls of :func:`load_events` and :func:`load_figures` can straddle another process's
    commit; this reads the manifest once, so both tables are of the same version.

    Parameters
    ----------
    store : path-like, optional
        The store folder; default :func:`resolve_store`.

    Returns
    -------
    tuple of pandas.DataFrame
        The event table and the figure table (see :func:`load_events`, :func:`load_figures`).

    Raises
    ------
    StoreError
        If a file or the manifest exists but cannot be read, or a column's values do not fit its
        dtype. A missing column is read as unknown and an unknown one is left out, each with a
        :class:`UserWarning`.
    """
    events_file, figures_file = committed_files(store)
    return _read(events_file, EVENT_COLUMNS, empty_events), _read(figures_file, FIGURE_COLUMNS, empty_figures)


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
        If the file exists but cannot be read or a column's values do not fit its dtype (a missing
        or unknown column gives a :class:`UserWarning`, see :func:`load_tables`).

    Examples
    --------
    >>> import tempfile
    >>> len(load_events(tempfile.mkdtemp()))
    0
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
        If the file exists but cannot be read or a column's values do not fit its dtype (a missing
        or unknown column gives a :class:`UserWarning`, see :func:`load_tables`).
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
    """Create an empty temporary file in ``folder`` with the permissions of a normal new file.

    The file is on the same file system as its target, so it can be renamed over it;
    ``mkstemp`` alone would make it 0600.
    """
    fd, name = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=suffix)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(name, 0o666 & ~umask)
    return Path(name)


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


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the platform allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` to a new file ``path`` and flush it to disk; remove the file on failure."""
    try:
        with open(path, "xb") as f:
            frame.to_parquet(f, index=False, row_group_size=ROW_GROUP_ROWS)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _write_manifest(folder: Path, manifest: dict) -> None:
    """Switch the store to ``manifest`` with one rename (the commit point)."""
    path = temp_file_beside(folder, ".json")
    try:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(manifest, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(path, folder / MANIFEST_FILE)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)


def clean_store(folder: Path) -> list[str]:
    """Remove what no commit refers to: temporary files of a killed writer and old versions.

    The caller holds the store's write lock. Only the store's own names are touched
    (``.tmp-*.parquet``, ``.tmp-*.json``, ``events-*.parquet``, ``figures-*.parquet``, and the
    old flat ``events.parquet``/``figures.parquet`` once a manifest exists).

    Returns
    -------
    list of str
        The names removed.
    """
    manifest = _manifest(folder)
    keep = {manifest["events"], manifest["figures"]} if manifest else {EVENTS_FILE, FIGURES_FILE}
    removed = []
    for path in folder.iterdir():
        name = path.name
        ours = (_TEMP_FILE.fullmatch(name) or _VERSION_FILE.fullmatch(name)
                or name in (EVENTS_FILE, FIGURES_FILE))
        if ours and name not in keep and path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)
            removed.append(name)
    return removed


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    return len(a) == len(b) and list(a.columns) == list(b.columns) and a.reset_index(drop=True).equals(
        b.reset_index(drop=True))


def _save_locked(events: pd.DataFrame, figures: pd.DataFrame, folder: Path, replace_docs: bool) -> tuple[int, int]:
    for path, columns in zip(committed_files(folder), (EVENT_COLUMNS, FIGURE_COLUMNS)):
        unknown = _unknown_columns(path, columns)
        if unknown:
            raise StoreError(f"{path} has column(s) {', '.join(unknown)} that the schema does not know; "
                             "writing would drop them, so nothing was written")
    with warnings.catch_warnings():  # the missing columns are reported by whoever reads the store
        warnings.simplefilter("ignore", UserWarning)
        stored_events, stored_figures = load_tables(folder)
    old_events, old_figures = stored_events, stored_figures
    if replace_docs:
        docs = set(events["doc_id"].dropna()) | set(figures["doc_id"].dropna())
        old_events = old_events[~old_events["doc_id"].isin(docs)]
        old_figures = old_figures[~old_figures["doc_id"].isin(docs)]
    all_events = validate_events(_upsert(old_events, events, "event_id"))
    all_figures = validate_figures(_upsert(old_figures, figures, "figure_id"))
    try:
        clean_store(folder)
        if _manifest(folder) is not None and _same(all_events, stored_events) and _same(all_figures, stored_figures):
            return len(all_events), len(all_figures)  # nothing changes: no new version
        commit_tables(folder, all_events, all_figures)
    except OSError as exc:
        raise StoreError(f"cannot write the store at {folder}: {exc.strerror or exc}") from exc
    return len(all_events), len(all_figures)


def commit_tables(folder: Path, events: pd.DataFrame, figures: pd.DataFrame) -> None:
    """Write both tables as a new version of the store and switch to it with one rename.

    The caller holds the store's write lock and has validated both tables. The new version's
    files are written and flushed first; ``store.json`` is then replaced in one ``os.replace``,
    so a reader (or a writer killed at any moment) sees the old version or the new one, never a
    mix. The old version's files stay until the next write (:func:`clean_store`).

    Raises
    ------
    OSError
        If a file cannot be written (the store is left at its old version; the new files are
        removed).
    """
    version = f"{time.time_ns():x}-{secrets.token_hex(4)}"
    names = {"events": f"events-{version}.parquet", "figures": f"figures-{version}.parquet"}
    written: list[Path] = []
    try:
        for key, frame in (("events", events), ("figures", figures)):
            written.append(folder / names[key])
            _write_parquet(frame, written[-1])
        _write_manifest(folder, {"format": STORE_FORMAT, **names})
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
