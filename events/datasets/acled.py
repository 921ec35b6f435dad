"""ACLED exports → the event table (:func:`read_acled`).

Layouts, detected from the header (:func:`detect_acled_layout`):

* ``export-2024``: the current export (``disorder_type``, ``civilian_targeting``, ``tags``), dates
  like ``01 November 2024``, ``inter1``/``inter2`` as text (``Political militia``);
* ``api-2020``: the API layout (``data_id``, numeric ``iso``, ``iso3``), numeric inter codes,
  dates often rewritten by a spreadsheet as ``27-Apr-20``;
* ``legacy-2016``: ACLED API v1 (``ally_actor_1``/``ally_actor_2``, ``gwno``, often an unnamed
  pandas index column) with the event types used before 2019 (``Remote violence``,
  ``Riots/Protests``), mapped to today's by ``data/acled_legacy_event_types.csv``.

Rules follow the ACLED Codebook (2019 and 2023 editions): ``time_precision`` and
``geo_precision`` are 1–3, ``inter`` codes 0–8 (0: no second actor), and every event has an id,
a date, a type, a first actor, a country and a point.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ImportFormatError
from ..schema import ACLED_EVENT_TYPES, EVENT_COLUMNS, to_schema
from .countries import resolve_iso3_by_name, resolve_iso3_by_number
from .csvfile import read_csv_file, read_header
from .table import (
    SkippedRows, add_reason, collect_bad_rows, data_table, empty_to_na, no_reasons, parse_date_column, parse_points,
    report_null_island, to_int_codes,
)

REQUIRED_COLUMNS = ("event_date", "event_type", "actor1", "country", "latitude", "longitude",
                    "fatalities", "notes")
"""Columns every ACLED layout has (and the evaluation needs)."""

IMPORT_COLUMNS = REQUIRED_COLUMNS + ("event_id_cnty", "time_precision", "geo_precision")
"""Columns an import needs."""

FILLED_COLUMNS = ("event_date", "event_type", "actor1", "country", "time_precision", "geo_precision")
"""Cells ACLED fills in every row; an empty one marks a truncated or incomplete row. Coordinates are
not among them: a row whose ``latitude`` and ``longitude`` are both empty is imported without a
point (one of the two alone is a bad row)."""

USED_COLUMNS = IMPORT_COLUMNS + ("data_id", "iso", "iso3", "sub_event_type", "assoc_actor_1", "inter1", "actor2",
                                 "assoc_actor_2", "inter2", "admin1", "location", "source", "tags", "ally_actor_1",
                                 "ally_actor_2")
"""Columns the import reads; the others (region, admin2, timestamp, …) are not kept."""

LAYOUTS = ("export-2024", "api-2020", "legacy-2016")

TIMES_OF_DAY = (" %H:%M:%S", " %H:%M", " %I:%M:%S %p", " %I:%M %p", "T%H:%M:%S", "T%H:%M:%SZ")
"""Times of day a spreadsheet or R appends to a date when it saves the file again
(``14/08/2020 00:00:00``, ``8/14/2020 12:00:00 AM``); the day is kept, the time dropped."""

DATE_FAMILIES = tuple((day, *(day + t for t in TIMES_OF_DAY)) for day in (
    "%d %B %Y", "%Y-%m-%d", "%d-%b-%y", "%d-%b-%Y", "%d/%m/%Y", "%m/%d/%Y", "%d %b %Y", "%Y/%m/%d"))
"""Date conventions an ``event_date`` column may use, in order of preference, each with and
without a time of day (:data:`TIMES_OF_DAY`). A column whose values fit both ``dd/mm/yyyy`` and
``mm/dd/yyyy`` (no part above 12) is refused unless the import is told the order, with or without
a time: nothing else in an ACLED file decides it (``year`` does not, and ``timestamp`` is when
the row was last changed, not the event's day)."""


def detect_acled_layout(columns, required=REQUIRED_COLUMNS) -> str:
    """Return the ACLED layout of a header.

    Parameters
    ----------
    columns : iterable of str
        The header's column names.
    required : tuple of str
        Columns that must be present.

    Returns
    -------
    str
        ``"legacy-2016"`` (``ally_actor_1`` or ``gwno``), ``"export-2024"`` (``disorder_type``
        or ``civilian_targeting``), ``"api-2020"`` (``data_id`` or ``iso3``), else ``"generic"``.

    Raises
    ------
    ImportFormatError
        If a required column is missing ("not an ACLED export").

    Examples
    --------
    >>> detect_acled_layout(["data_id", "iso3", *REQUIRED_COLUMNS])
    'api-2020'
    """
    cols = set(columns)
    missing = [c for c in required if c not in cols]
    if missing:
        raise ImportFormatError(f"not an ACLED export: missing column(s) {', '.join(missing)}")
    if {"ally_actor_1", "gwno"} & cols:
        return "legacy-2016"
    if {"disorder_type", "civilian_targeting"} & cols:
        return "export-2024"
    if {"data_id", "iso3"} & cols:
        return "api-2020"
    return "generic"


@cache
def _legacy_rules() -> tuple[dict, dict, dict]:
    table = data_table("acled_legacy_event_types.csv")
    plain = table[table["when_inter"] == ""]
    when = table[table["when_inter"] != ""]
    return (dict(zip(plain["legacy_event_type"], plain["event_type"])),
            dict(zip(plain["legacy_event_type"], plain["sub_event_type"])),
            dict(zip(when["legacy_event_type"] + "|" + when["when_inter"], when["event_type"])))


def to_current_event_types(event_type: pd.Series, inter1: pd.Series, inter2: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Map pre-2019 ACLED event types to today's event and sub-event types.

    Parameters
    ----------
    event_type : pandas.Series of str
        Legacy ``event_type`` cells.
    inter1, inter2 : pandas.Series of Int64
        Inter codes of the two actors.

    Returns
    -------
    tuple of pandas.Series (string)
        ``event_type`` (NA where the legacy type is unknown, or is ``Riots/Protests`` with neither
        rioters nor protesters among the actors: the row is kept with no type) and
        ``sub_event_type`` (NA where the old type does not say).

    Notes
    -----
    ``data/acled_legacy_event_types.csv``, after the ACLED Codebook 2019 changes: battles split by
    outcome become Battles with that sub-event type, ``Remote violence`` becomes
    Explosions/Remote violence, and ``Riots/Protests`` becomes Riots when rioters (inter 5) take
    part and Protests when protesters (inter 6) do, checking ``inter1`` before ``inter2``.
    """
    types, subs, when = _legacy_rules()
    name = event_type.str.strip()
    current = name.map(types)
    for inter in (inter1, inter2):
        current = current.fillna((name + "|" + inter.astype("string").fillna("")).map(when))
    sub = name.map(subs)
    return empty_to_na(current.fillna("")), empty_to_na(sub.fillna(""))


@cache
def _plover_rules() -> tuple[dict[str, str], dict[str, str]]:
    table = data_table("acled_to_plover.csv")
    by_sub = table[table["sub_event_type"] != ""]
    by_type = table[table["sub_event_type"] == ""]
    return (dict(zip(by_sub["event_type"] + "|" + by_sub["sub_event_type"], by_sub["plover_type"])),
            dict(zip(by_type["event_type"], by_type["plover_type"])))


def to_plover_types(event_type: pd.Series, sub_event_type: pd.Series) -> pd.Series:
    """Return the PLOVER category of ACLED event and sub-event types.

    Parameters
    ----------
    event_type, sub_event_type : pandas.Series of string
        Current ACLED types (NA where unknown).

    Returns
    -------
    pandas.Series of string
        From ``data/acled_to_plover.csv``: the row of the (type, sub-event type) pair if the
        table lists it, else the row of the type alone; NA where neither gives a category
        (Riots without a sub-event type, Strategic developments / Other).

    Notes
    -----
    The table follows the pairs of the trigger lexicon (``data/event_lexicon.csv``) and PLOVER v1.3's
    category definitions: fighting, remote violence and attacks on civilians are ASSAULT,
    demonstrations PROTEST, arrests and looting COERCE.

    Examples
    --------
    >>> to_plover_types(pd.Series(["Riots", "Battles"]), pd.Series(["Mob violence", pd.NA])).tolist()
    ['ASSAULT', 'ASSAULT']
    """
    by_sub, by_type = _plover_rules()
    key = event_type.astype("string") + "|" + sub_event_type.astype("string").fillna("")
    listed = key.isin(list(by_sub))
    found = key.map(by_sub).where(listed, event_type.astype("string").map(by_type))
    return empty_to_na(found.astype("string").fillna(""))


@cache
def _inter_names() -> dict[str, int]:
    table = data_table("acled_inter_codes.csv")
    return {n.lower(): int(c) for c, n in zip(table["inter"], table["name"])}


def parse_inter_codes(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Read an ``inter1``/``inter2`` column: numeric codes (API layouts) or names (current export).

    Parameters
    ----------
    values : pandas.Series of str
        The column's cells.

    Returns
    -------
    tuple of pandas.Series
        The codes (Int64, 1–8; NA for empty cells and for code 0, ACLED's "no such actor") and a
        bad-row mask (bool) for values that are neither a code 0–8 nor a name in
        ``data/acled_inter_codes.csv`` (ACLED Codebook 2023, "Actor types").
    """
    text = values.str.strip()
    filled = text != ""
    if text[filled].str.fullmatch(r"\d+").all():
        codes = to_int_codes(text)
        bad = filled & ~codes.between(0, 8).fillna(False)
        return codes.where(codes != 0).where(~bad), bad.astype(bool)
    codes = text.str.lower().map(_inter_names()).astype("Int64")
    bad = filled & codes.isna()
    return codes, bad.astype(bool)


def _pop(raw: pd.DataFrame, column: str) -> pd.Series:
    """Remove ``column`` from ``raw`` and return it (all ``""`` if absent), so its text is freed once converted."""
    return raw.pop(column) if column in raw else pd.Series("", index=raw.index, dtype="str")


def _empty_columns_text(raw: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    """Return, per row with an empty cell in ``columns``, the comma-joined names of those columns."""
    empty = pd.DataFrame({c: raw[c].str.strip() == "" for c in columns})
    rows = empty.any(axis=1)
    text = pd.Series("", index=raw.index[rows], dtype=object)
    for column in columns:
        text = text + np.where(empty.loc[rows, column], column + ", ", "")
    return text.str.rstrip(", ")


def read_acled(path: str | Path, skip_bad_rows: bool = False,
               date_order: str | None = None,
               on_notice: Callable[[str], None] | None = None) -> tuple[pd.DataFrame, list[SkippedRows], int]:
    """Read an ACLED CSV export (any layout of the module notes) into the event table.

    Parameters
    ----------
    path : str or pathlib.Path
        The CSV file (UTF-8 or Windows-1252).
    skip_bad_rows : bool
        Leave bad rows out and report them instead of failing.
    date_order : {"dmy", "mdy"}, optional
        Field order of slash dates, needed only when every ``event_date`` fits both
        (``5/9/2020``); see :func:`events.datasets.table.parse_date_column`.
    on_notice : callable, optional
        Called with one line per thing worth knowing that does not stop the import (counts of
        odd but kept rows); see :class:`events.datasets.ImportReport`.

    Returns
    -------
    tuple of (pandas.DataFrame, list of SkippedRows, int)
        The events (columns and dtypes of :data:`events.schema.EVENT_COLUMNS`), the rows left
        out per reason, and the number of data rows read. ``event_id`` is ``acled:`` +
        ``event_id_cnty`` (``data_id`` where the API layout leaves it empty); ``dataset`` is
        ``acled``; ``event_date``, ``time_precision``,
        ``geo_precision``, ``fatalities`` (0 when ACLED reports none; empty only when the cell
        is), ``source``, ``notes`` and ``tags`` are ACLED's; ``assoc_actor_1/2`` are
        ``ally_actor_1/2`` in the 2016 layout; ``iso3`` comes from ``iso3``, else the numeric
        ``iso``, else the country name (``data/countries.csv``); ``plover_type`` comes from
        :func:`to_plover_types`; ``certainty`` and ``date_start``/``date_end`` stay empty.

    Raises
    ------
    ImportFormatError
        ``"<file>, line <n>: <reason>"`` if the file is not text, not an ACLED export, of a
        layout we do not know, or (without ``skip_bad_rows``) has a bad row: a truncated or
        incomplete row, no id, an unparseable date, an unknown event type or inter code, a precision
        outside 1–3, a coordinate outside WGS84, a negative or fractional fatality count, or a
        repeated ``event_id_cnty``.
    AmbiguousDateError
        If every ``event_date`` fits both day/month/year and month/day/year, they give different
        days, and ``date_order`` is not given.
    """
    path = Path(path)
    header = read_header(path)
    try:
        layout = detect_acled_layout(header, IMPORT_COLUMNS)
    except ImportFormatError as exc:
        raise ImportFormatError(f"{path.name}, line 1: {exc}") from None
    if layout == "generic":
        raise ImportFormatError(f"{path.name}, line 1: unknown ACLED layout: the header has none of ally_actor_1/gwno "
                                "(2016), disorder_type/civilian_targeting (current export), data_id/iso3 (API)")
    raw, lines = read_csv_file(path, columns=USED_COLUMNS)
    notes = empty_to_na(raw.pop("notes"))  # the largest column first, while little else is in memory
    reasons = no_reasons(raw.index)
    ids = raw["event_id_cnty"].str.strip()
    if "data_id" in raw:  # a few API rows lack event_id_cnty; data_id is ACLED's record id (digits only)
        ids = ids.where(ids != "", raw["data_id"].str.strip())
    empty = _empty_columns_text(raw, FILLED_COLUMNS)
    incomplete = pd.Series(raw.index.isin(empty.index), index=raw.index)
    reasons = add_reason(reasons, incomplete, "truncated or incomplete row: no {}", empty)

    dates, family = parse_date_column(raw["event_date"], DATE_FAMILIES, order=date_order,
                                      where=f"{path.name}, column event_date")
    reasons = add_reason(reasons, dates.isna() & (raw["event_date"].str.strip() != ""),
                         "unparseable event_date '{}'" + f" (the column reads as {family[0]})", raw["event_date"])
    precision = {}
    for column in ("time_precision", "geo_precision"):
        precision[column] = to_int_codes(raw[column])
        reasons = add_reason(reasons, (raw[column].str.strip() != "") & ~precision[column].isin([1, 2, 3]),
                             column + " '{}' is not 1, 2 or 3", raw[column])
    short = raw.attrs.get("short_rows")
    if short is not None:
        reasons = add_reason(reasons, pd.Series(short, index=raw.index), "truncated row: fewer fields than the header")
    latitude, longitude, bad_point = parse_points(raw["latitude"], raw["longitude"],
                                                  decimal_comma=raw.attrs.get("sep") == ";")
    null_island = latitude.isna() & ~bad_point & (raw["latitude"].str.strip() != "")
    reasons = add_reason(reasons, bad_point, "latitude/longitude '{}' is not a WGS84 point",
                         raw["latitude"] + "," + raw["longitude"])
    fatalities = to_int_codes(raw["fatalities"])
    reasons = add_reason(reasons, (raw["fatalities"].str.strip() != "") & ~(fatalities >= 0).fillna(False),
                         "fatalities '{}' is not a count", raw["fatalities"])
    inter = {}
    for column in ("inter1", "inter2"):
        values = raw[column] if column in raw else pd.Series("", index=raw.index)
        inter[column], bad = parse_inter_codes(values)
        reasons = add_reason(reasons, bad, column + " '{}' is not an ACLED inter code", values)

    if layout == "legacy-2016":
        event_type, sub_event_type = to_current_event_types(raw["event_type"], inter["inter1"], inter["inter2"])
        known = raw["event_type"].str.strip().isin(set(data_table("acled_legacy_event_types.csv")["legacy_event_type"]))
        assoc1, assoc2 = raw["ally_actor_1"], raw.get("ally_actor_2", pd.Series("", index=raw.index))
    else:
        event_type = empty_to_na(raw["event_type"])
        event_type = event_type.where(event_type.isin(list(ACLED_EVENT_TYPES)))
        sub_event_type = empty_to_na(raw.get("sub_event_type", pd.Series("", index=raw.index)))
        assoc1 = raw.get("assoc_actor_1", pd.Series("", index=raw.index))
        assoc2 = raw.get("assoc_actor_2", pd.Series("", index=raw.index))
        known = event_type.notna()
    reasons = add_reason(reasons, ~known & (raw["event_type"].str.strip() != ""),
                         "unknown ACLED event_type '{}'", raw["event_type"])
    reasons = add_reason(reasons, ids == "", "no event_id_cnty or data_id")
    reasons = add_reason(reasons, ids.duplicated() & (ids != ""), "repeated event id '{}'", ids)

    keep, skipped = collect_bad_rows(reasons, lines, path.name, skip_bad_rows)
    iso3 = empty_to_na(raw["iso3"]).str.upper() if "iso3" in raw else pd.Series(pd.NA, index=raw.index, dtype="string")
    if "iso" in raw and iso3.isna().any():
        iso3 = iso3.fillna(resolve_iso3_by_number(raw["iso"]))
    unresolved = iso3.isna()
    if unresolved.any():
        iso3 = iso3.fillna(resolve_iso3_by_name(raw.loc[unresolved, "country"]))
    events = pd.DataFrame({
        "event_id": "acled:" + ids,
        "event_date": dates,
        "time_precision": precision["time_precision"],
        "plover_type": to_plover_types(event_type, sub_event_type),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": empty_to_na(_pop(raw, "actor1")),
        "assoc_actor_1": empty_to_na(assoc1),
        "inter1": inter["inter1"],
        "actor2": empty_to_na(_pop(raw, "actor2")),
        "assoc_actor_2": empty_to_na(assoc2),
        "inter2": inter["inter2"],
        "country": empty_to_na(_pop(raw, "country")),
        "iso3": iso3,
        "admin1": empty_to_na(_pop(raw, "admin1")),
        "location": empty_to_na(_pop(raw, "location")),
        "latitude": latitude,
        "longitude": longitude,
        "geo_precision": precision["geo_precision"].where(latitude.notna()),  # no point, no point precision
        "fatalities": fatalities,
        "source": empty_to_na(_pop(raw, "source")),
        "notes": notes,
        "tags": empty_to_na(_pop(raw, "tags")),
        "dataset": "acled",
    })
    del raw, notes
    if not keep.all():
        events = events[keep.to_numpy()]
    report_null_island(null_island & keep, path.name, on_notice)
    return to_schema(events, EVENT_COLUMNS), skipped, len(keep)


__all__ = ["detect_acled_layout", "parse_inter_codes", "read_acled", "to_current_event_types", "to_plover_types"]
