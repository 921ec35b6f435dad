"""Reviewing machine-made rows: accept, reject, correct, merge, split, with an audit trail.

Every action is a function over the store folder. It takes the store's write lock
(:func:`events.store.lock_store`), reads the machine rows and the audit log, checks the request,
and appends one audit entry per changed field (:mod:`events.audit`); the machine rows are never
changed. :func:`reviewed_events` / :func:`reviewed_figures` return the tables as the analysts left
them (see :mod:`events.overlay`). Row ids are ``event_id`` or ``figure_id`` values; an action
given a list of ids applies to each (a bulk action, written in one append).

Examples
--------
>>> accept("data/store", ["art-1bedc7d3bcac-e0a1b2c3d4e5f"], reviewer="A. Analyst")  # doctest: +SKIP
1
>>> correct("data/store", "art-1bedc7d3bcac-e0a1b2c3d4e5f", "A. Analyst", fatalities=3)  # doctest: +SKIP
2
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .audit import append_entries, history_frame, read_entries, utc_now
from .corrections import (ALLOWED_VALUES, FIXED_FIELDS, check_row, derive_inter_codes, find_places, parse_assignments,
                          parse_changes, parse_value, place_fields, place_label, place_values, places_table)
from .errors import ReviewError
from .overlay import TABLES, anchor, apply_reviews, orphans, plain, replay
from .store import existing_store, load_events, load_figures, load_tables, lock_store, resolve_store

__all__ = ["accept", "reject", "correct", "revert", "merge", "split", "reopen", "history", "reviewed_events", "reviewed_figures",
           "orphaned_reviews", "resolve_reviewer",
           # re-exported from events.corrections for the CLI and the dashboard
           "ALLOWED_VALUES", "FIXED_FIELDS", "parse_value", "parse_assignments", "place_fields", "place_values",
           "places_table", "find_places", "place_label"]

REVIEWER_ENV = "EVENTS_REVIEWER"
"""Environment variable naming the reviewer when none is given."""


def resolve_reviewer(reviewer: str | None = None) -> str:
    """Return the reviewer's name: ``reviewer``, else ``$EVENTS_REVIEWER``.

    Raises
    ------
    ReviewError
        If both are empty or blank: every change must name who made it.
    """
    name = (reviewer if reviewer is not None else os.environ.get(REVIEWER_ENV, "")) or ""
    name = " ".join(str(name).split())
    if not name:
        raise ReviewError(f"a reviewer name is required (give one, or set ${REVIEWER_ENV})")
    return name


@dataclass
class _Store:
    """What one action reads under the lock: machine rows, the log, and the reviewed tables."""

    folder: os.PathLike
    entries: list
    machine: dict
    reviewed: dict

    @classmethod
    def read(cls, folder) -> "_Store":
        entries = read_entries(folder)
        events, figures = load_tables(folder)  # one version of both tables
        machine = {"event": events, "figure": figures}
        reviewed = {k: apply_reviews(t, entries, k).set_index(TABLES[k][0], drop=False) for k, t in machine.items()}
        return cls(folder, entries, {k: t.set_index(TABLES[k][0], drop=False) for k, t in machine.items()}, reviewed)

    def find(self, row_id: str) -> tuple[str, pd.Series]:
        for kind, table in self.reviewed.items():
            if row_id in table.index:
                return kind, table.loc[row_id]
        raise ReviewError(f"no event or figure with id {row_id!r} in the store at {self.folder}")

    def machine_value(self, kind: str, row_id: str, name: str):
        table = self.machine[kind]
        return plain(table.at[row_id, name]) if row_id in table.index else None


def _ids(row_ids: str | Sequence[str]) -> list[str]:
    ids = [row_ids] if isinstance(row_ids, str) else list(row_ids)
    ids = list(dict.fromkeys(str(i).strip() for i in ids if str(i).strip()))
    if not ids:
        raise ReviewError("no row ids given")
    return ids


def _entry(kind: str, row: pd.Series, action: str, name: str, old, new, **extra) -> dict:
    return {"action": action, "table": kind, "row_id": row[TABLES[kind][0]], "field": name, "old_value": old,
            "new_value": new, "doc_id": plain(row["doc_id"]), "sentence": plain(row["sentence"]), **extra}


def _open(row_id: str, kind: str, row: pd.Series) -> None:
    status = row["review_status"]
    if status in ("merged", "split"):
        target = f" into {row['merged_into']}" if status == "merged" else ""
        raise ReviewError(f"{row_id} was {status}{target}; review the resulting row(s) instead")


def _write(store, reviewer: str | None, build) -> int:
    """Run ``build(_Store) -> entries`` under the store lock and append the stamped entries."""
    reviewer = resolve_reviewer(reviewer)
    with lock_store(existing_store(store)) as folder:  # a review needs rows: never create a store
        entries = build(_Store.read(folder))
        stamp = utc_now()
        for e in entries:
            e.update(timestamp=stamp, reviewer=reviewer)
        append_entries(folder, entries)
    return len(entries)


def _status(kind: str, row: pd.Series, action: str, new: str, reason: str | None = None) -> dict:
    return _entry(kind, row, action, "review_status", plain(row["review_status"]), new, reason=reason)


def _set_status(store, row_id, reviewer, action: str, status: str, reason: str | None) -> int:
    """Give every row of ``row_id`` the status ``status`` (one audit entry each)."""
    def build(s: _Store) -> list[dict]:
        out = []
        for rid in _ids(row_id):
            kind, row = s.find(rid)
            _open(rid, kind, row)
            out.append(_status(kind, row, action, status, reason))
        return out
    return _write(store, reviewer, build)


def accept(store, row_id: str | Sequence[str], reviewer: str | None = None, reason: str | None = None) -> int:
    """Mark rows as checked and right (status ``accepted``).

    Parameters
    ----------
    store : path-like or None
        The store folder (None: :func:`events.store.resolve_store`).
    row_id : str or sequence of str
        One ``event_id`` / ``figure_id``, or several (bulk).
    reviewer : str, optional
        Who accepts; default ``$EVENTS_REVIEWER``.
    reason : str, optional
        A note kept in the audit log.

    Returns
    -------
    int
        Number of audit entries written (one per row).

    Raises
    ------
    ReviewError
        If the reviewer is empty, an id is unknown, or a row was merged or split (nothing is
        written then).
    StoreError
        If the store is busy or cannot be read or written.
    """
    return _set_status(store, row_id, reviewer, "accept", "accepted", reason)


def reject(store, row_id: str | Sequence[str], reviewer: str | None = None, reason: str | None = None) -> int:
    """Mark rows as wrong (status ``rejected``): they leave the map, table and downloads, not the store.

    Parameters
    ----------
    store, row_id, reviewer
        As in :func:`accept`.
    reason : str
        Why the row is wrong (required), e.g. "the article quotes a denial".

    Returns
    -------
    int
        Number of audit entries written.

    Raises
    ------
    ReviewError
        If the reason or reviewer is empty, an id is unknown, or a row was merged or split.
    StoreError
        If the store is busy or cannot be read or written.
    """
    if not reason or not str(reason).strip():
        raise ReviewError("a reason is required to reject a row")

    return _set_status(store, row_id, reviewer, "reject", "rejected", str(reason).strip())


def correct(store, row_id: str | Sequence[str], reviewer: str | None = None, reason: str | None = None,
            **fields) -> int:
    """Correct fields of rows (status ``corrected``); the machine values stay in the store.

    Parameters
    ----------
    store, row_id, reviewer
        As in :func:`accept`.
    reason : str, optional
        Why, kept with each changed field.
    **fields
        Column = new value, checked by :func:`parse_value` (text such as ``"12"`` or
        ``"2022-12-21"`` is converted; ``None``/``""`` empties a field). ``place="Bakhmut"`` sets
        every place column from the gazetteer (:func:`place_fields`).

    Returns
    -------
    int
        Number of audit entries written: one per changed field per row, plus one status entry
        per row that was not already ``corrected``.

    Raises
    ------
    ReviewError
        If no field is given, a field or value is invalid, the corrected row breaks the schema
        (e.g. ``date_start`` after ``date_end``, ``event_date`` outside the window), nothing
        differs from the current values, or as in :func:`accept`. Nothing is written then.
    StoreError
        If the store is busy or cannot be read or written.
    """
    if not fields:
        raise ReviewError("no field to correct")

    def build(s: _Store) -> list[dict]:
        out = []
        for rid in _ids(row_id):
            kind, row = s.find(rid)
            _open(rid, kind, row)
            changes = derive_inter_codes(kind, row, parse_changes(kind, fields))
            check_row(kind, row, changes)
            total = changes.get("part_of")
            if total is not None and (total == rid or total not in s.reviewed["figure"].index):
                raise ReviewError(f"{rid}: part_of must name another figure of the store, got {total!r}")
            changed = {k: v for k, v in changes.items() if plain(row[k]) != v}
            for name, value in changed.items():
                out.append(_entry(kind, row, "correct", name, plain(row[name]), value, reason=reason,
                                  machine_value=s.machine_value(kind, rid, name)))
            if changed and row["review_status"] != "corrected":
                out.append(_status(kind, row, "correct", "corrected", reason))
        if not out:
            raise ReviewError("nothing to change: the given values are the current ones")
        return out
    return _write(store, reviewer, build)


def revert(store, row_id: str | Sequence[str], reviewer: str | None = None, reason: str | None = None,
           fields: Sequence[str] | None = None) -> int:
    """Take back corrections: the machine value of each field comes back; the audit log keeps both.

    One ``revert`` entry per field (old value: the correction, new value: the machine value now).
    A row left with no correction gets back the status ``new``.

    Parameters
    ----------
    store, row_id, reviewer, reason
        As in :func:`accept`.
    fields : sequence of str, optional
        The corrected fields to revert; default all of them.

    Returns
    -------
    int
        Number of audit entries written.

    Raises
    ------
    ReviewError
        If a row has no correction (or none of ``fields``), is a row split off by an analyst (its
        values are all corrections: reject it instead), or as in :func:`accept`.
    StoreError
        If the store is busy or cannot be read or written.
    """
    def build(s: _Store) -> list[dict]:
        states = replay(s.entries)
        out = []
        for rid in _ids(row_id):
            kind, row = s.find(rid)
            _open(rid, kind, row)
            state = states.get(rid)
            if state is not None and state.split_from:
                raise ReviewError(f"{rid} was split off {state.split_from} by an analyst: reject it instead")
            corrected = dict(state.corrections) if state else {}
            names = [n for n in corrected if fields is None or n in fields]
            if not names:
                raise ReviewError(f"{rid} has no correction{' of ' + ', '.join(fields) if fields else ''} to revert")
            for name in names:
                out.append(_entry(kind, row, "revert", name, corrected[name], s.machine_value(kind, rid, name),
                                  reason=reason, machine_value=s.machine_value(kind, rid, name)))
            if len(names) == len(corrected) and row["review_status"] == "corrected":
                out.append(_status(kind, row, "revert", "new", reason))
        return out
    return _write(store, reviewer, build)


def reopen(store, row_id: str | Sequence[str], reviewer: str | None = None, reason: str | None = None) -> int:
    """Undo a reject, merge or split: the row is reviewable again.

    A merged row leaves its target (``merged_into`` is emptied); the rows split from a split row
    are rejected. The row's status becomes ``corrected`` if it has corrections, else ``new``.
    Nothing is erased: the history keeps the undone action and its undoing.

    Parameters
    ----------
    store, row_id, reviewer, reason
        As in :func:`accept`.

    Returns
    -------
    int
        Number of audit entries written.

    Raises
    ------
    ReviewError
        If a row is not rejected, merged or split, or as in :func:`accept`.
    StoreError
        If the store is busy or cannot be read or written.
    """
    def build(s: _Store) -> list[dict]:
        states = replay(s.entries)
        out = []
        for rid in _ids(row_id):
            kind, row = s.find(rid)
            status = row["review_status"]
            if status not in ("rejected", "merged", "split"):
                raise ReviewError(f"{rid} is {status}: only a rejected, merged or split row can be reopened")
            if status == "merged":
                out.append(_entry(kind, row, "reopen", "merged_into", plain(row["merged_into"]), None, reason=reason))
            for child, state in states.items():
                if status == "split" and state.split_from == rid and state.status != "rejected":
                    child_kind, child_row = s.find(child)
                    out.append(_status(child_kind, child_row, "reopen", "rejected", reason or f"split of {rid} undone"))
            corrected = bool(states[rid].corrections) if rid in states else False
            out.append(_status(kind, row, "reopen", "corrected" if corrected else "new", reason))
        return out
    return _write(store, reviewer, build)


def merge(store, row_ids: Sequence[str], reviewer: str | None = None, reason: str | None = None) -> int:
    """Merge rows that describe the same event into the first one.

    The other rows get status ``merged`` and ``merged_into`` = the first id; they leave the map
    and table. The first row keeps its values (correct it if it should take some of theirs).

    Parameters
    ----------
    store, reviewer, reason
        As in :func:`accept`.
    row_ids : sequence of str
        Two or more ids of the same table; the first is kept.

    Returns
    -------
    int
        Number of audit entries written.

    Raises
    ------
    ReviewError
        If fewer than two distinct ids are given, they are of different tables, one is unknown,
        rejected, merged or split, or as in :func:`accept`.
    StoreError
        If the store is busy or cannot be read or written.
    """
    ids = _ids(row_ids)
    if len(ids) < 2:
        raise ReviewError("merge needs at least two different row ids")

    def build(s: _Store) -> list[dict]:
        rows = [s.find(rid) for rid in ids]
        kinds = {kind for kind, _ in rows}
        if len(kinds) > 1:
            raise ReviewError("cannot merge an event with a figure")
        for rid, (kind, row) in zip(ids, rows):
            _open(rid, kind, row)
            if row["review_status"] == "rejected":
                raise ReviewError(f"{rid} was rejected; accept it before merging")
        kind, target = rows[0]
        out = [_entry(kind, target, "merge", "merged_from", None, ids[1:], reason=reason)]
        for _, row in rows[1:]:
            out.append(_entry(kind, row, "merge", "merged_into", None, ids[0], reason=reason))
            out.append(_status(kind, row, "merge", "merged", reason))
        return out
    return _write(store, reviewer, build)


def split(store, row_id: str, parts: Sequence[dict], reviewer: str | None = None,
          reason: str | None = None) -> list[str]:
    """Split a row that mixes several events into new rows, one per part.

    Each new row starts as a copy of the row as reviewed, with the part's fields corrected; it has
    status ``corrected`` and id ``<row_id>-s<n>``. The original row gets status ``split``.

    Parameters
    ----------
    store, reviewer, reason
        As in :func:`accept`.
    row_id : str
        The row to split.
    parts : sequence of dict
        Two or more dicts of column = value (as the keyword arguments of :func:`correct`), e.g.
        ``[{"place": "Bakhmut"}, {"place": "Soledar", "fatalities": 2}]``.

    Returns
    -------
    list of str
        The new rows' ids.

    Raises
    ------
    ReviewError
        If fewer than two parts are given, a part is invalid, or as in :func:`correct`.
    StoreError
        If the store is busy or cannot be read or written.
    """
    if isinstance(parts, dict) or len(parts) < 2:
        raise ReviewError("split needs at least two parts")
    new_ids: list[str] = []

    def build(s: _Store) -> list[dict]:
        kind, row = s.find(row_id)
        _open(row_id, kind, row)
        if row["review_status"] == "rejected":
            raise ReviewError(f"{row_id} was rejected; accept it before splitting")
        key = TABLES[kind][0]
        taken = set(replay(s.entries))
        n = 1
        out = []
        for part in parts:
            changes = derive_inter_codes(kind, row, parse_changes(kind, part))
            check_row(kind, row, changes)
            while f"{row_id}-s{n}" in taken:
                n += 1
            child = row.copy()
            child[key] = f"{row_id}-s{n}"
            taken.add(child[key])
            new_ids.append(child[key])
            out.append(_entry(kind, child, "split", "split_from", None, row_id, reason=reason))
            out += [_entry(kind, child, "split", name, plain(row[name]), value, reason=reason)
                    for name, value in changes.items()]
            out.append(_entry(kind, child, "split", "review_status", None, "corrected", reason=reason))
        out.append(_entry(kind, row, "split", "split_into", None, list(new_ids), reason=reason))
        out.append(_status(kind, row, "split", "split", reason))
        return out
    _write(store, reviewer, build)
    return new_ids


def history(store, row_id: str) -> pd.DataFrame:
    """Return a row's audit entries, oldest first.

    Parameters
    ----------
    store : path-like or None
        The store folder.
    row_id : str
        An ``event_id`` or ``figure_id``; entries written under an older id of the same row
        (before a re-extraction moved it, see :mod:`events.overlay`) are included.

    Returns
    -------
    pandas.DataFrame
        Columns ``timestamp`` (datetime64[ns, UTC]), ``row_id``, ``table`` ("event"/"figure"),
        ``action`` (accept, reject, correct, merge, split), ``field`` (a column, or
        ``review_status``, ``merged_into``, ``merged_from``, ``split_from``, ``split_into``),
        ``old_value``, ``new_value`` (as text; empty when unknown), ``reviewer``, ``reason``; no
        rows if the row was never reviewed.

    Raises
    ------
    StoreError
        If the log cannot be read.
    """
    folder = resolve_store(store)
    entries = read_entries(folder)
    ids = {row_id}
    for kind, load in (("event", load_events), ("figure", load_figures)):
        states = {r: st for r, st in replay(entries).items() if st.table == kind}
        anchored, _ = anchor(states, load(folder), TABLES[kind][0])
        if row_id in anchored:
            ids |= set(anchored[row_id].aliases)
    return history_frame([e for e in entries if e.get("row_id") in ids])


def reviewed_events(store=None) -> pd.DataFrame:
    """Return the store's events as reviewed (see :func:`events.overlay.apply_reviews`).

    Returns
    -------
    pandas.DataFrame
        Event table columns plus ``review_status``, ``merged_into``, ``machine_changes``; every
        row, hidden ones included (filter with :func:`events.overlay.visible`).

    Raises
    ------
    StoreError
        If the store cannot be read.
    """
    folder = resolve_store(store)
    return apply_reviews(load_events(folder), read_entries(folder), "event")


def reviewed_figures(store=None) -> pd.DataFrame:
    """Return the store's figures as reviewed; columns as :func:`reviewed_events` for figures.

    Raises
    ------
    StoreError
        If the store cannot be read.
    """
    folder = resolve_store(store)
    return apply_reviews(load_figures(folder), read_entries(folder), "figure")


def orphaned_reviews(store=None) -> pd.DataFrame:
    """Return reviews whose row a re-extraction removed and that could not be re-anchored.

    Returns
    -------
    pandas.DataFrame
        Columns ``row_id``, ``table``, ``review_status``, ``doc_id``, ``sentence`` and
        ``corrections`` (``field=value; ...``), one row per orphaned review; they are kept in
        the log and shown to the analyst, never dropped.
    """
    folder = resolve_store(store)
    entries = read_entries(folder)
    rows = []
    for kind, table in (("event", load_events(folder)), ("figure", load_figures(folder))):
        for rid, s in orphans(table, entries, kind).items():
            rows.append({"row_id": rid, "table": kind, "review_status": s.status, "doc_id": s.doc_id,
                         "sentence": s.sentence,
                         "corrections": "; ".join(f"{k}={v}" for k, v in s.corrections.items()) or None})
    return pd.DataFrame(rows, columns=["row_id", "table", "review_status", "doc_id", "sentence", "corrections"],
                        dtype="string")

