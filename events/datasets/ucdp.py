"""UCDP Georeferenced Event Dataset (GED) CSV files → the event table (:func:`read_ucdp`).

Rules follow the UCDP GED Codebook (version 22.1): one row per event of organised violence with
at least one death, ``best``/``low``/``high`` fatality estimates, ``date_prec`` 1–5 and
``where_prec`` 1–7. The GED CSV has 49 columns; files saved again by a spreadsheet may be in
Windows-1252 and carry dates such as ``1/22/2014 12:00:00 AM`` or ``05/02/2014 00:00``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pandas as pd

from ..errors import ImportFormatError
from ..schema import EVENT_COLUMNS, to_schema
from .countries import country_names, resolve_iso3_by_name
from .csvfile import read_csv_file, read_header
from .table import (
    SkippedRows, add_reason, collect_bad_rows, data_table, empty_to_na, no_reasons, parse_date_column, parse_points,
    report_null_island, to_int_codes,
)

REQUIRED_COLUMNS = ("id", "type_of_violence", "side_a", "side_b", "country", "latitude", "longitude",
                    "where_prec", "date_prec", "date_start", "date_end", "best", "low", "high")
"""GED columns an import needs (of the 49)."""

FILLED_COLUMNS = ("id", "type_of_violence", "side_a", "country", "where_prec", "date_prec", "date_start", "date_end")
"""Cells GED fills in every row; an empty one marks a truncated or incomplete row. Coordinates are
not among them: a row whose ``latitude`` and ``longitude`` are both empty is imported without a
point (one of the two alone is a bad row)."""

DATE_FAMILIES = (
    ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"),
    ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y"),
    ("%d/%m/%Y %I:%M:%S %p", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"),
)
"""Date conventions of ``date_start``/``date_end`` (read together, one convention for both): GED's
ISO form, then a spreadsheet's month-first and day-first forms. Dates that fit both orders are
refused unless the import is told the order (``12:00:00 AM`` does not decide it: day-first
locales such as en-AU write it too)."""


@cache
def _precision_maps() -> tuple[dict[int, int], dict[int, int]]:
    table = data_table("ucdp_precision.csv")
    maps = {}
    for field in ("date_prec", "where_prec"):
        rows = table[table["field"] == field]
        maps[field] = {int(c): int(a) for c, a in zip(rows["code"], rows["acled_code"])}
    return maps["date_prec"], maps["where_prec"]


@cache
def _violence_types() -> pd.DataFrame:
    return data_table("ucdp_violence_types.csv").set_index("type_of_violence")


def to_acled_precision(date_prec: pd.Series, where_prec: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Map GED ``date_prec`` and ``where_prec`` codes to ACLED ``time_precision``/``geo_precision``.

    Parameters
    ----------
    date_prec, where_prec : pandas.Series of Int64
        GED codes (1–5 and 1–7).

    Returns
    -------
    tuple of pandas.Series (Int64)
        ACLED codes 1–3; NA for a code outside GED's range.

    Notes
    -----
    The table is ``data/ucdp_precision.csv`` (UCDP GED Codebook 22.1 definitions against ACLED
    Codebook 2023 ones): an exact day is 1, a range up to a week is 2, longer is 3; an exact
    place is 1, within 25 km or an admin-2 unit is 2, an admin-1 unit or anything larger is 3.
    """
    dates, places = _precision_maps()
    return date_prec.map(dates).astype("Int64"), where_prec.map(places).astype("Int64")


def _distinct_sources(offices: pd.Series) -> pd.Series:
    """Join the distinct ``;``-separated source offices of each row with ``"; "`` (first seen first)."""
    parts = offices.str.split(";").explode().str.strip()
    parts = parts[parts.notna() & (parts != "")]
    parts = parts[~pd.DataFrame({"row": parts.index, "name": parts.to_numpy()}).duplicated().to_numpy()]
    joined = parts.groupby(level=0, sort=False).agg("; ".join)
    return empty_to_na(joined.reindex(offices.index).fillna(""))


def read_ucdp(path: str | Path, skip_bad_rows: bool = False,
              date_order: str | None = None,
              on_notice: Callable[[str], None] | None = None) -> tuple[pd.DataFrame, list[SkippedRows], int]:
    """Read a UCDP GED CSV file into the event table.

    Parameters
    ----------
    path : str or pathlib.Path
        The CSV file (UTF-8 or Windows-1252).
    skip_bad_rows : bool
        Leave bad rows out and report them instead of failing.
    date_order : {"dmy", "mdy"}, optional
        Field order of slash dates, needed only when every ``date_start`` and ``date_end`` fits
        both (``5/9/2014``); see :func:`events.datasets.table.parse_date_column`.
    on_notice : callable, optional
        Called with one line per thing worth knowing that does not stop the import (counts of
        odd but kept rows); see :class:`events.datasets.ImportReport`.

    Returns
    -------
    tuple of (pandas.DataFrame, list of SkippedRows, int)
        The events (:data:`events.schema.EVENT_COLUMNS`), the rows left out per reason, and the
        number of data rows read. ``event_id`` is ``ucdp:`` + ``id``; ``dataset`` ``ucdp``;
        ``fatalities`` is ``best``, ``fatalities_low``/``fatalities_high`` are ``low``/``high``
        (empty where the cell is; never 0 for unknown); ``date_start``/``date_end`` are GED's,
        ``event_date`` is ``date_start``; ``time_precision``/``geo_precision`` come from
        :func:`to_acled_precision`; ``actor1``/``actor2`` are ``side_a``/``side_b``;
        ``plover_type`` is ASSAULT and one-sided violence is ACLED's Violence against civilians
        / Attack (``data/ucdp_violence_types.csv``); ``location`` is ``where_coordinates``,
        ``admin1`` ``adm_1``; ``country`` takes ``data/countries.csv``'s name when the GED name
        resolves (``Russia (Soviet Union)`` → Russia); ``source`` is ``source_office``;
        ``notes`` names the conflict, dyad and place description; ``tags`` the type of violence.

    Raises
    ------
    ImportFormatError
        ``"<file>, line <n>: <reason>"`` if the file is not text or not a GED file, or (without
        ``skip_bad_rows``) has a bad row: truncated or incomplete, an unparseable date, a start
        after its end, an unknown precision or violence code, a point outside WGS84, a negative
        or fractional death count, or a repeated ``id``.
    AmbiguousDateError
        If every date fits both day/month/year and month/day/year, they give different days,
        and ``date_order`` is not given.
    """
    path = Path(path)
    header = read_header(path)
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportFormatError(f"{path.name}, line 1: not a UCDP GED file: missing column(s) {', '.join(missing)}")
    raw, lines = read_csv_file(path)
    reasons = no_reasons(raw.index)
    for column in FILLED_COLUMNS:
        reasons = add_reason(reasons, raw[column].str.strip() == "", f"truncated or incomplete row: no {column}")
    # one spreadsheet wrote both columns, so they share a convention: a date_end with a day above
    # 12 decides the order of date_start too
    both, family = parse_date_column(pd.concat([raw["date_start"], raw["date_end"]], ignore_index=True),
                                     DATE_FAMILIES, order=date_order, where=f"{path.name}, columns date_start/date_end")
    dates = {"date_start": pd.Series(both.to_numpy()[:len(raw)], index=raw.index),
             "date_end": pd.Series(both.to_numpy()[len(raw):], index=raw.index)}
    for column in ("date_start", "date_end"):
        reasons = add_reason(reasons, dates[column].isna() & (raw[column].str.strip() != ""),
                             f"unparseable {column} " + "'{}'" + f" (the columns read as {family[0]})", raw[column])
    reasons = add_reason(reasons, dates["date_start"] > dates["date_end"], "date_start is after date_end")
    date_prec, where_prec = to_int_codes(raw["date_prec"]), to_int_codes(raw["where_prec"])
    time_precision, geo_precision = to_acled_precision(date_prec, where_prec)
    reasons = add_reason(reasons, time_precision.isna() & (raw["date_prec"].str.strip() != ""),
                         "date_prec '{}' is not a GED code 1-5", raw["date_prec"])
    reasons = add_reason(reasons, geo_precision.isna() & (raw["where_prec"].str.strip() != ""),
                         "where_prec '{}' is not a GED code 1-7", raw["where_prec"])
    kinds = _violence_types()
    violence = raw["type_of_violence"].str.strip()
    reasons = add_reason(reasons, ~violence.isin(kinds.index) & (violence != ""),
                         "type_of_violence '{}' is not 1, 2 or 3", raw["type_of_violence"])
    short = raw.attrs.get("short_rows")
    if short is not None:
        reasons = add_reason(reasons, pd.Series(short, index=raw.index), "truncated row: fewer fields than the header")
    latitude, longitude, bad_point = parse_points(raw["latitude"], raw["longitude"],
                                                  decimal_comma=raw.attrs.get("sep") == ";")
    null_island = latitude.isna() & ~bad_point & (raw["latitude"].str.strip() != "")
    reasons = add_reason(reasons, bad_point, "latitude/longitude '{}' is not a WGS84 point",
                         raw["latitude"] + "," + raw["longitude"])
    deaths = {}
    for column in ("best", "low", "high"):
        deaths[column] = to_int_codes(raw[column])
        reasons = add_reason(reasons, (raw[column].str.strip() != "") & ~(deaths[column] >= 0).fillna(False),
                             column + " '{}' is not a count of deaths", raw[column])
    ids = raw["id"].str.strip()
    reasons = add_reason(reasons, ids.duplicated() & (ids != ""), "repeated id '{}'", ids)
    keep, skipped = collect_bad_rows(reasons, lines, path.name, skip_bad_rows)

    iso3 = resolve_iso3_by_name(raw["country"])
    kind_name = violence.map(kinds["name"])
    notes = ("UCDP GED " + kind_name.fillna("") + "; conflict: " + raw["conflict_name"].str.strip()
             + "; dyad: " + raw["dyad_name"].str.strip()) if {"conflict_name", "dyad_name"} <= set(raw.columns) \
        else "UCDP GED " + kind_name.fillna("")
    if "where_description" in raw:
        where = raw["where_description"].str.strip()
        notes = notes + ("; where: " + where).where(where != "", "")
    column = lambda name: raw[name] if name in raw else pd.Series("", index=raw.index)  # noqa: E731
    events = pd.DataFrame({
        "event_id": "ucdp:" + ids,
        "event_date": dates["date_start"],
        "date_start": dates["date_start"],
        "date_end": dates["date_end"],
        "time_precision": time_precision,
        "plover_type": empty_to_na(violence.map(kinds["plover_type"]).fillna("")),
        "event_type": empty_to_na(violence.map(kinds["event_type"]).fillna("")),
        "sub_event_type": empty_to_na(violence.map(kinds["sub_event_type"]).fillna("")),
        "actor1": empty_to_na(raw["side_a"]),
        "actor2": empty_to_na(raw["side_b"]),
        "country": country_names(iso3).fillna(empty_to_na(raw["country"])),
        "iso3": iso3,
        "admin1": empty_to_na(column("adm_1")),
        "location": empty_to_na(column("where_coordinates")),
        "latitude": latitude,
        "longitude": longitude,
        "geo_precision": geo_precision.where(latitude.notna()),  # no point, no point precision
        "fatalities": deaths["best"],
        "fatalities_low": deaths["low"],
        "fatalities_high": deaths["high"],
        "source": _distinct_sources(column("source_office")),
        "notes": empty_to_na(notes),
        "tags": empty_to_na(("type of violence=" + kind_name).fillna("")),
        "dataset": "ucdp",
    })[keep.to_numpy()]
    report_null_island(null_island & keep, path.name, on_notice)
    odd = keep & ((deaths["low"] > deaths["best"]) | (deaths["best"] > deaths["high"])).fillna(False)
    if on_notice and odd.any():
        on_notice(f"{path.name}: {int(odd.sum())} row(s) have low > best or best > high deaths (first on line "
                  f"{int(lines[odd].iloc[0])}); imported as given")
    return to_schema(events, EVENT_COLUMNS), skipped, len(raw)
