"""Analysts' review state, replayed from the audit log and laid over the machine-made tables.

The store keeps every row as the extractor made it; the review state (status, corrected fields,
merges, splits) lives only in the audit log (:mod:`events.audit`). :func:`apply_reviews` replays
the log and returns the table an analyst sees. So re-extracting an article, which replaces its
machine rows, never touches a correction: the correction is applied again on top of the new
machine values, and where the extractor now says something else than when the correction was
made, ``machine_changes`` names both values.

A reviewed id that is gone after a re-extraction (the extractor found other events, so ids moved)
is re-anchored to the one row of the same article with the same evidence sentence, if there is
exactly one; otherwise its review is listed by :func:`orphans` and never silently dropped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from .schema import EVENT_COLUMNS, FIGURE_COLUMNS

STATUSES = ("new", "accepted", "corrected", "rejected", "merged", "split")
"""Review statuses: ``merged`` rows point to the row they were merged into (``merged_into``);
``split`` rows were replaced by the rows split from them."""
HIDDEN_STATUSES = ("rejected", "merged", "split")
"""Statuses whose rows the dashboard's map, timeline, table and downloads leave out."""
REVIEWED_STATUSES = ("accepted", "corrected")
"""Statuses of rows an analyst has checked and kept."""
REVIEW_COLUMNS = {"review_status": "string", "merged_into": "string", "machine_changes": "string"}
"""Columns :func:`apply_reviews` adds to a table → pandas dtype."""
TABLES = {"event": ("event_id", EVENT_COLUMNS), "figure": ("figure_id", FIGURE_COLUMNS)}
"""Table kind → (id column, schema columns)."""
LINK_FIELDS = ("review_status", "merged_into", "merged_from", "split_from", "split_into")
"""Audit ``field`` values that are review bookkeeping, not table columns."""


@dataclass
class RowState:
    """The review state of one row, as replayed from the audit log."""

    table: str
    status: str = "new"
    corrections: dict = field(default_factory=dict)
    machine: dict = field(default_factory=dict)
    merged_into: str | None = None
    split_from: str | None = None
    doc_id: str | None = None
    sentence: str | None = None
    aliases: list = field(default_factory=list)


def plain(value):
    """Return a cell value as a JSON value, as the audit log stores it.

    Parameters
    ----------
    value : object
        A cell of an event or figure table (pandas/numpy scalar, ``NA``, ``NaT``, ``NaN``).

    Returns
    -------
    None, str, int or float
        None for a missing value, ``YYYY-MM-DD`` text for a date.

    Examples
    --------
    >>> plain(pd.Timestamp("2022-12-21")), plain(pd.NA), plain(float("nan"))
    ('2022-12-21', None, None)
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def replay(entries: list[dict]) -> dict[str, RowState]:
    """Replay audit entries into the review state of each row.

    Parameters
    ----------
    entries : list of dict
        Audit entries, oldest first (:func:`events.audit.read_entries`).

    Returns
    -------
    dict of str to RowState
        Row id → state after the last entry: status, corrected fields (with the machine value at
        the time), ``merged_into``, ``split_from``, and the row's article and evidence sentence.
    """
    states: dict[str, RowState] = {}
    for e in entries:
        s = states.setdefault(e["row_id"], RowState(e.get("table") or "event"))
        s.doc_id = s.doc_id or e.get("doc_id")
        s.sentence = s.sentence or e.get("sentence")
        name, value = e.get("field"), e.get("new_value")
        if name == "review_status":
            s.status = value
        elif name == "merged_into":
            s.merged_into = value  # None when a merge is undone
        elif name == "split_from":
            s.split_from = value
        elif name not in LINK_FIELDS and e.get("action") == "revert":  # the machine value is back
            s.corrections.pop(name, None)
            s.machine.pop(name, None)
        elif name not in LINK_FIELDS:
            s.corrections[name] = value
            s.machine[name] = e.get("machine_value")
    return states


def anchor(states: dict[str, RowState], table: pd.DataFrame,
           key: str) -> tuple[dict[str, RowState], dict[str, RowState]]:
    """Map reviews of ids missing from ``table`` onto their row of the same article and sentence.

    Parameters
    ----------
    states : dict of str to RowState
        From :func:`replay`, for one table.
    table : pandas.DataFrame
        The machine rows now stored (with ``doc_id`` and ``sentence``).
    key : str
        The id column, ``event_id`` or ``figure_id``.

    Returns
    -------
    anchored : dict of str to RowState
        States keyed by ids of ``table`` (and of split-off rows); a moved review lists its old id
        in ``aliases``.
    orphans : dict of str to RowState
        Reviews whose row is gone: no row, or several rows, of that article have that sentence.
    """
    present = set(table[key].dropna())
    missing = [rid for rid, s in states.items() if rid not in present and s.split_from is None]
    if not missing:
        return states, {}
    by_sentence: dict[tuple, list[str]] = {}
    for rid, doc, sentence in zip(table[key], table["doc_id"], table["sentence"]):
        by_sentence.setdefault((plain(doc), plain(sentence)), []).append(rid)
    out, orphans = dict(states), {}
    for rid in missing:
        s = out.pop(rid)
        found = by_sentence.get((s.doc_id, s.sentence), [])
        if len(found) == 1 and found[0] not in out:
            s.aliases.append(rid)
            out[found[0]] = s
            for other in out.values():
                other.split_from = found[0] if other.split_from == rid else other.split_from
                other.merged_into = found[0] if other.merged_into == rid else other.merged_into
        else:
            orphans[rid] = s
    return out, orphans


def typed(value, dtype: str):
    """Return a JSON value as a cell value of a column.

    Parameters
    ----------
    value : None, str, int or float
        As stored in the audit log.
    dtype : str
        The column's dtype in :data:`events.schema.EVENT_COLUMNS` / ``FIGURE_COLUMNS``.

    Returns
    -------
    object
        ``pd.Timestamp``, int, float or str; ``NaT``/``NaN``/``NA`` for None.
    """
    if value is None:
        return pd.NaT if dtype.startswith("datetime64") else (float("nan") if dtype == "float64" else pd.NA)
    if dtype.startswith("datetime64"):
        return pd.Timestamp(value)
    if dtype == "Int64":
        return int(value)
    if dtype in ("float64", "Float64"):
        return float(value)
    return str(value)


def _describe(value) -> str:
    return "empty" if value is None else repr(value)


DATE_FIELDS = ("date_start", "date_end", "event_date")
"""An event's date columns, which must stay in order: ``date_start`` ≤ ``event_date`` ≤ ``date_end``."""


def fit_dates(row: dict, corrected) -> list[str]:
    """Move a row's uncorrected date columns so that its corrected ones keep the schema's order.

    A correction is replayed over whatever the extractor says now, so after a re-extraction a
    corrected ``event_date`` may fall outside a new machine window (or a corrected window miss a
    new machine ``event_date``). Corrected values always win; the machine values around them are
    re-derived:

    - a corrected ``event_date`` outside the window pins each uncorrected bound to that day (the
      machine window is about another date, so it is not widened to reach the analyst's day);
    - a window whose corrected bound passes the other, uncorrected one closes on the corrected bound;
    - an uncorrected ``event_date`` outside a corrected window moves to the nearer bound.

    Parameters
    ----------
    row : dict
        Column → cell value (``pd.Timestamp`` or ``NaT``) of ``date_start``, ``date_end``,
        ``event_date``; changed in place.
    corrected : collection of str
        The columns an analyst corrected.

    Returns
    -------
    list of str
        One note per moved column ("date_end: 2023-02-07 → 2023-01-05 to fit the corrected dates").

    Examples
    --------
    >>> row = {"date_start": pd.Timestamp("2023-02-07"), "date_end": pd.Timestamp("2023-02-07"),
    ...        "event_date": pd.Timestamp("2023-01-05")}
    >>> fit_dates(row, {"event_date"})
    ['date_start: 2023-02-07 → 2023-01-05 to fit the corrected dates',
     'date_end: 2023-02-07 → 2023-01-05 to fit the corrected dates']
    """
    corrected = set(corrected) & set(DATE_FIELDS)
    if not corrected:
        return []
    before = {name: row[name] for name in DATE_FIELDS}
    start, end, day = (row[name] for name in DATE_FIELDS)

    def outside(when) -> bool:
        return pd.notna(when) and ((pd.notna(start) and when < start) or (pd.notna(end) and when > end))

    if "event_date" in corrected and outside(day):
        start = start if "date_start" in corrected else day
        end = end if "date_end" in corrected else day
    if pd.notna(start) and pd.notna(end) and start > end:
        if "date_end" not in corrected:
            end = start
        elif "date_start" not in corrected:
            start = end
    if "event_date" not in corrected and outside(day):
        day = start if pd.notna(start) and day < start else end
    row.update(date_start=start, date_end=end, event_date=day)
    return [f"{name}: {plain(before[name])} → {plain(row[name])} to fit the corrected dates"
            for name in DATE_FIELDS if plain(before[name]) != plain(row[name])]


def final_row(states: dict[str, RowState], row_id: str) -> str:
    """Return the row that ``row_id`` ends in after following merges: A merged into E, E into X → X.

    Examples
    --------
    >>> states = {"A": RowState("event", "merged", merged_into="E"), "E": RowState("event", "merged", merged_into="X")}
    >>> final_row(states, "E")
    'X'
    """
    seen = {row_id}
    while row_id in states and states[row_id].status == "merged" and states[row_id].merged_into:
        row_id = states[row_id].merged_into
        if row_id in seen:  # a cycle cannot be written (a merged row cannot be merged into), but never loop
            break
        seen.add(row_id)
    return row_id


def apply_reviews(table: pd.DataFrame, entries: list[dict], kind: str = "event") -> pd.DataFrame:
    """Return ``table`` as reviewed: corrections applied, statuses added, split rows added.

    Parameters
    ----------
    table : pandas.DataFrame
        Machine-made rows as stored (columns of :data:`events.schema.EVENT_COLUMNS` for
        ``kind="event"``, :data:`events.schema.FIGURE_COLUMNS` for ``"figure"``).
    entries : list of dict
        The audit log (:func:`events.audit.read_entries`).
    kind : {"event", "figure"}
        Which table this is.

    Returns
    -------
    pandas.DataFrame
        The schema's columns with the corrected values (same dtypes), then
        :data:`REVIEW_COLUMNS`: ``review_status`` (one of :data:`STATUSES`; ``"new"`` when never
        reviewed), ``merged_into`` (the id a merged row now belongs to, following chains of merges
        to the last row, :func:`final_row`) and ``machine_changes``
        (for each corrected field whose machine value changed since the correction, e.g.
        ``"actor1: corrected 'Wagner Group', extractor now 'Military Forces of Russia' (was
        None)"``; nothing when the extractor now says what the correction says; and any date
        moved by :func:`fit_dates`). Dates always keep ``date_start`` ≤ ``event_date`` ≤
        ``date_end``: uncorrected dates are moved around corrected ones (:func:`fit_dates`).
        Rows split off by an analyst follow the rows of the table; hidden rows
        (:data:`HIDDEN_STATUSES`) are kept — see :func:`visible`.
    """
    key, columns = TABLES[kind]
    out = table.reset_index(drop=True).copy()
    states = {rid: s for rid, s in replay(entries).items() if s.table == kind}
    for name, dtype in REVIEW_COLUMNS.items():
        out[name] = pd.Series(pd.NA, index=out.index, dtype=dtype)
    out["review_status"] = "new"
    if not states:
        return out
    states, _ = anchor(states, out, key)
    position = {rid: i for i, rid in enumerate(out[key]) if rid in states}
    for rid, i in position.items():
        s = states[rid]
        out.at[i, "review_status"] = s.status
        if s.merged_into:
            out.at[i, "merged_into"] = final_row(states, s.merged_into)
        notes = []
        for name, value in s.corrections.items():
            if name not in columns:
                continue
            now = plain(out.at[i, name])
            if now != s.machine.get(name) and now != value:  # the extractor now agrees: nothing to say
                notes.append(f"{name}: corrected {_describe(value)}, extractor now {_describe(now)} "
                             f"(was {_describe(s.machine.get(name))})")
            out.at[i, name] = typed(value, columns[name])
        if kind == "event":
            dates = {name: out.at[i, name] for name in DATE_FIELDS}
            notes += fit_dates(dates, s.corrections)
            for name, value in dates.items():
                out.at[i, name] = value
        if notes:
            out.at[i, "machine_changes"] = "; ".join(notes)
    children = []
    for rid, s in states.items():
        if s.split_from is None or s.split_from not in position:
            continue
        row = out.loc[position[s.split_from]].to_dict()
        row.update({key: rid, "review_status": s.status, "merged_into": s.merged_into, "machine_changes": None})
        row.update({name: typed(v, columns[name]) for name, v in s.corrections.items() if name in columns})
        if kind == "event":
            fit_dates(row, s.corrections)
        children.append(row)
    if children:
        extra = pd.DataFrame(children, columns=out.columns)
        out = pd.concat([out, extra.astype(out.dtypes.to_dict())], ignore_index=True)
    return out


def orphans(table: pd.DataFrame, entries: list[dict], kind: str = "event") -> dict[str, RowState]:
    """Return the reviews whose row is no longer in ``table`` and could not be re-anchored.

    Parameters
    ----------
    table : pandas.DataFrame
        The machine rows now stored.
    entries : list of dict
        The audit log.
    kind : {"event", "figure"}
        Which table.

    Returns
    -------
    dict of str to RowState
        Old row id → its review state.
    """
    key, _ = TABLES[kind]
    states = {rid: s for rid, s in replay(entries).items() if s.table == kind}
    return anchor(states, table, key)[1]


def visible(table: pd.DataFrame, reviewed_only: bool = False) -> pd.DataFrame:
    """Return the rows the dashboard shows: not rejected, merged away or split; optionally only reviewed ones.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`apply_reviews`.
    reviewed_only : bool
        Keep only rows whose status is in :data:`REVIEWED_STATUSES`.

    Returns
    -------
    pandas.DataFrame
        The kept rows, same columns.
    """
    status = table["review_status"].fillna("new")
    keep = status.isin(REVIEWED_STATUSES) if reviewed_only else ~status.isin(HIDDEN_STATUSES)
    return table[keep.astype(bool)]
