"""The review audit log: an append-only JSON Lines file in the store folder.

Every review action appends one line per changed field to ``review_log.jsonl``; nothing ever
rewrites the file. The lines of one action (a bulk action's too) are one batch: each carries the
batch's id and size, and the batch is written with one ``write``, then ``fsync``-ed, while the
caller holds the store's write lock (:func:`events.store.lock_store`), so two processes
reviewing at once cannot interleave or lose lines. A batch is all or nothing: when the write
fails (a full disk, a file size limit) the file is cut back to its length before the batch; a
batch cut short by a crash (a line without its newline, or fewer lines than its size) is skipped,
with a warning, when reading: that action never completed. A line that is complete JSON but no
valid entry (a hand edit: a field that is not text, a value its column cannot hold) stops the
reading with a :class:`~events.errors.StoreError` naming the line, rather than being guessed.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import uuid
import warnings
from pathlib import Path

import pandas as pd

from .errors import StoreError

AUDIT_FILE = "review_log.jsonl"
"""Name of the audit log inside the store folder."""

ENTRY_KEYS = ("timestamp", "reviewer", "action", "table", "row_id", "field", "old_value", "new_value",
              "machine_value", "reason", "doc_id", "sentence", "batch", "batch_size")
"""Keys of one audit entry (one JSON object per line)."""

HISTORY_COLUMNS = {
    "timestamp": "datetime64[ns, UTC]",
    "row_id": "string",
    "table": "string",
    "action": "string",
    "field": "string",
    "old_value": "string",
    "new_value": "string",
    "reviewer": "string",
    "reason": "string",
}
"""Columns of :func:`history_frame` → pandas dtype."""


def utc_now() -> str:
    """Return the current UTC time as ISO 8601 with microseconds and a ``Z`` suffix."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def read_entries(folder: str | os.PathLike) -> list[dict]:
    """Return every entry of the store's audit log, oldest first.

    Parameters
    ----------
    folder : path-like
        The store folder.

    Returns
    -------
    list of dict
        One dict per line with the keys of :data:`ENTRY_KEYS`; empty if there is no log.

    Raises
    ------
    StoreError
        If the file cannot be read, or a complete line is not a valid entry (its line number and
        what is wrong are in the message). A line cut short by a crash mid-write, and every line
        of a batch that was not written whole, are skipped with a :class:`UserWarning`: that
        action never completed.
    """
    path = Path(folder) / AUDIT_FILE
    if not path.exists():
        return []
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise StoreError(f"cannot read the review log {path}: {exc.strerror or exc}") from exc
    lines = raw.split(b"\n")
    parsed, damaged = [], []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError:  # a line cut short by a crash mid-write
            damaged.append(number)
            continue
        if not isinstance(entry, dict):
            raise StoreError(f"review log {path}, line {number}: not a JSON object")
        problem = check_entry(entry)
        if problem:
            raise StoreError(f"review log {path}, line {number}: {problem}")
        parsed.append((number, entry))
    sizes: dict[str, int] = {}
    for _, entry in parsed:
        if entry.get("batch") is not None:
            sizes[entry["batch"]] = sizes.get(entry["batch"], 0) + 1
    entries = []
    for number, entry in parsed:
        batch = entry.get("batch")
        if batch is not None and sizes[batch] != entry.get("batch_size"):
            damaged.append(number)
            continue
        entries.append(entry)
    if damaged:  # batches are written whole under the lock: only a crash mid-write cuts one short
        warnings.warn(f"review log {path}: skipped {len(damaged)} incomplete line(s) (line {min(damaged)}), "
                      "left by an interrupted write", UserWarning, stacklevel=2)
    return entries


def check_entry(entry: dict) -> str | None:
    """Return what is wrong with one audit entry, or None if it is valid.

    The keys that the review state is replayed from are checked: ``row_id``, ``table``,
    ``action`` and ``field`` must be text, ``table`` one of ``event``, ``figure``, ``article``;
    for a row's column, ``new_value`` must be a value that column can hold (as
    :func:`events.corrections.parse_value` checks a correction); for the review bookkeeping
    fields, a status, an id or a list of ids.

    Examples
    --------
    >>> check_entry({"row_id": "x", "table": "event", "action": "correct", "field": [], "new_value": 1})
    'field must be text, got []'
    >>> check_entry({"row_id": "x", "table": "event", "action": "correct", "field": "fatalities",
    ...              "new_value": "abc"})
    "fatalities must be a whole number written in digits, got 'abc'"
    """
    from .corrections import parse_value
    from .errors import ReviewError
    from .overlay import LINK_FIELDS, STATUSES, TABLES

    for key in ("row_id", "table", "action", "field"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            return f"{key} must be text, got {entry.get(key)!r}"
    if entry["table"] == "article":
        return None
    if entry["table"] not in TABLES:
        return f"table must be one of event, figure, article, got {entry['table']!r}"
    name, value = entry["field"], entry.get("new_value")
    batch, size = entry.get("batch"), entry.get("batch_size")
    if batch is not None and (not isinstance(batch, str) or type(size) is not int or size < 1):
        return f"batch must be text with a positive whole batch_size, got {batch!r}, {size!r}"
    if name == "review_status":
        return None if value in STATUSES else f"review_status must be one of {', '.join(STATUSES)}, got {value!r}"
    if name in ("merged_into", "split_from"):
        return None if value is None or isinstance(value, str) else f"{name} must be a row id, got {value!r}"
    if name in LINK_FIELDS:
        ok = value is None or (isinstance(value, list) and all(isinstance(v, str) for v in value))
        return None if ok else f"{name} must be a list of row ids, got {value!r}"
    if isinstance(value, (list, dict, bool)):
        return f"{name} must be one value, got {value!r}"
    try:
        parse_value(entry["table"], name, value)
    except ReviewError as exc:
        return str(exc)
    return None


def append_entries(folder: str | os.PathLike, entries: list[dict]) -> None:
    """Append entries to the audit log as one batch, all or nothing; the caller must hold the store's write lock.

    Parameters
    ----------
    folder : path-like
        The store folder (must exist).
    entries : list of dict
        Entries with the keys of :data:`ENTRY_KEYS` (missing keys are written as null; ``batch``
        and ``batch_size`` are set here); values must be JSON-serialisable.

    Raises
    ------
    StoreError
        If the file cannot be written; the file is then cut back to its length before the
        batch, so no line of the batch stays.
    """
    if not entries:
        return
    path = Path(folder) / AUDIT_FILE
    batch = uuid.uuid4().hex
    text = "".join(json.dumps({**{k: e.get(k) for k in ENTRY_KEYS}, "batch": batch, "batch_size": len(entries)},
                              ensure_ascii=False) + "\n" for e in entries)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    except OSError as exc:
        raise StoreError(f"cannot append to the review log {path}: {exc.strerror or exc}") from exc
    try:
        start = os.fstat(fd).st_size
        data = text.encode("utf-8")
        if start > 0:
            with open(path, "rb") as r:
                r.seek(start - 1)
                if r.read(1) != b"\n":  # close off a line cut short by a crash
                    data = b"\n" + data
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                if written <= 0:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                view = view[written:]
            os.fsync(fd)
        except OSError as exc:
            try:  # all or nothing: take back what part of the batch was written
                os.ftruncate(fd, start)
                os.fsync(fd)
            except OSError:
                pass
            raise StoreError(f"cannot append to the review log {path}: {exc.strerror or exc}; "
                             "nothing of this action was recorded") from exc
    finally:
        os.close(fd)


def display_value(value) -> str | None:
    """Return an entry value as text for a history table (None stays None, lists are joined by ``; ``)."""
    if value is None:
        return None
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if isinstance(value, float) and value.is_integer():
        return str(value)
    return str(value)


def history_frame(entries: list[dict]) -> pd.DataFrame:
    """Return audit entries as a table.

    Parameters
    ----------
    entries : list of dict
        Entries as from :func:`read_entries`.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`HISTORY_COLUMNS`; ``timestamp`` is UTC (``datetime64[ns, UTC]``),
        values are shown as text; one row per entry, oldest first.
    """
    data = {c: [e.get(c) for e in entries] for c in HISTORY_COLUMNS}
    for c in ("old_value", "new_value"):
        data[c] = [display_value(v) for v in data[c]]
    frame = pd.DataFrame({c: pd.Series(v, dtype="object") for c, v in data.items()})
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True, format="ISO8601").astype("datetime64[ns, UTC]")
    for c, t in HISTORY_COLUMNS.items():
        if c != "timestamp":
            frame[c] = frame[c].astype(t)
    return frame
