"""The review audit log: an append-only JSON Lines file in the store folder.

Every review action appends one line per changed field to ``review_log.jsonl``; nothing ever
rewrites or truncates the file. A line is written whole with one ``write``, then flushed and
``fsync``-ed, while the caller holds the store's write lock (:func:`events.store.lock_store`), so
two processes reviewing at once cannot interleave or lose lines. A last line cut short by a crash
(no newline, not JSON) is closed off before the next append and skipped, with a warning,
when reading: that action never completed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import warnings
from pathlib import Path

import pandas as pd

from .errors import StoreError

AUDIT_FILE = "review_log.jsonl"
"""Name of the audit log inside the store folder."""

ENTRY_KEYS = ("timestamp", "reviewer", "action", "table", "row_id", "field", "old_value", "new_value",
              "machine_value", "reason", "doc_id", "sentence")
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
        If the file cannot be read. A line that is not a JSON entry (cut short by a crash
        mid-write: that action never completed) is skipped with a :class:`UserWarning`.
    """
    path = Path(folder) / AUDIT_FILE
    if not path.exists():
        return []
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise StoreError(f"cannot read the review log {path}: {exc.strerror or exc}") from exc
    entries, damaged = [], []
    for number, line in enumerate(raw.split(b"\n"), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            damaged.append(number)
            continue
        if not isinstance(entry, dict) or not entry.get("row_id"):
            damaged.append(number)
            continue
        entries.append(entry)
    if damaged:  # lines are written whole under the lock: only a crash mid-write cuts one short
        warnings.warn(f"review log {path}: skipped {len(damaged)} incomplete line(s) (line {damaged[0]}), "
                      "left by an interrupted write", UserWarning, stacklevel=2)
    return entries


def append_entries(folder: str | os.PathLike, entries: list[dict]) -> None:
    """Append entries to the audit log; the caller must hold the store's write lock.

    Parameters
    ----------
    folder : path-like
        The store folder (must exist).
    entries : list of dict
        Entries with the keys of :data:`ENTRY_KEYS` (missing keys are written as null); values
        must be JSON-serialisable.

    Raises
    ------
    StoreError
        If the file cannot be written.
    """
    if not entries:
        return
    path = Path(folder) / AUDIT_FILE
    text = "".join(json.dumps({k: e.get(k) for k in ENTRY_KEYS}, ensure_ascii=False) + "\n" for e in entries)
    try:
        with open(path, "ab") as f:
            if f.tell() > 0:
                with open(path, "rb") as r:
                    r.seek(-1, os.SEEK_END)
                    if r.read(1) != b"\n":  # close off a line cut short by a crash
                        text = "\n" + text
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        raise StoreError(f"cannot append to the review log {path}: {exc.strerror or exc}") from exc


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
