"""Downloads of the event table: spreadsheet-safe CSV in ACLED's column order, and GeoJSON.

Both builders are pure: a frame in, bytes out. Unknown values stay empty (an unknown fatality
count is an empty cell / ``null``, never 0).
"""

from __future__ import annotations

import json
import math

import pandas as pd

from .query import EventFilter, filter_slug
from .schema import EVENT_COLUMNS

ACLED_ORDER = (
    "event_id", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "iso3", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
    "source", "notes", "fatalities", "tags",
)
"""The columns we share with ACLED, in ACLED's export order (ACLED Codebook 2023, "Data columns").

``event_id`` stands where ACLED has ``event_id_cnty`` and ``iso3`` where ACLED has its numeric
``iso``; ``year`` is derived from ``event_date``. ACLED columns we do not hold (disorder_type,
interaction, civilian_targeting, region, admin2, admin3, source_scale, timestamp) are left
out rather than written empty.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""Characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"), plus
their full-width forms, which some spreadsheet locales also accept."""

UTF8_BOM = "\ufeff"


def csv_columns(columns=None) -> list[str]:
    """Return the CSV column order: :data:`ACLED_ORDER`, then our other columns in schema order.

    Parameters
    ----------
    columns : iterable of str, optional
        The event table's columns; default :data:`events.schema.EVENT_COLUMNS`. Columns outside
        the schema come last, in the given order.

    Returns
    -------
    list of str
        Column names, each once.
    """
    columns = list(EVENT_COLUMNS if columns is None else columns)
    ours = [c for c in EVENT_COLUMNS if c in columns and c not in ACLED_ORDER]
    extra = [c for c in columns if c not in EVENT_COLUMNS and c not in ACLED_ORDER]
    return list(ACLED_ORDER) + ours + extra


def neutralise_formula(value: str) -> str:
    """Return ``value`` with a leading ``'`` if a spreadsheet would otherwise run it as a formula.

    Parameters
    ----------
    value : str
        A cell's text.

    Returns
    -------
    str
        ``value`` unchanged, or ``"'" + value`` when it starts with one of :data:`FORMULA_PREFIXES`.

    Notes
    -----
    OWASP, "CSV Injection": prefix cells starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
    return with a single quote. Only text columns are treated; numbers (a negative longitude) are
    written as numbers.

    Examples
    --------
    >>> neutralise_formula("=1+1"), neutralise_formula("Wagner Group")
    ("'=1+1", 'Wagner Group')
    """
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _csv_frame(events: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for column in csv_columns(events.columns):
        if column == "year":
            out[column] = events["event_date"].dt.year.astype("Int64")
            continue
        values = events[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_string_dtype(values) or values.dtype == object:
            text = values.astype("string")
            risky = text.str.startswith(FORMULA_PREFIXES).fillna(False).astype(bool)
            out[column] = text.where(~risky, "'" + text)
        else:
            out[column] = values
    return pd.DataFrame(out, index=events.index)


def to_csv(events: pd.DataFrame, bom: bool = False) -> bytes:
    """Return the events as a CSV file for spreadsheets, QGIS and R.

    Parameters
    ----------
    events : pandas.DataFrame
        Event table (columns of :data:`events.schema.EVENT_COLUMNS`; missing ACLED columns are
        written empty).
    bom : bool
        Start the file with a UTF-8 byte-order mark, so Excel reads it as UTF-8.

    Returns
    -------
    bytes
        UTF-8 CSV, header row first, columns in :func:`csv_columns` order, ``\\r\\n`` line ends
        (RFC 4180). Dates are ``YYYY-MM-DD``; an unknown value is an empty cell; text cells that a
        spreadsheet would run as a formula start with ``'`` (:func:`neutralise_formula`).

    Examples
    --------
    >>> from events.schema import empty_events
    >>> to_csv(empty_events()).decode().split(",")[:3]
    ['event_id', 'event_date', 'year']
    """
    frame = events.reindex(columns=[c for c in events.columns])
    for column in ACLED_ORDER:
        if column not in frame.columns and column != "year":
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="string")
    if "event_date" not in frame.columns:
        frame["event_date"] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    text = _csv_frame(frame).to_csv(index=False, lineterminator="\r\n", na_rep="")
    return ((UTF8_BOM if bom else "") + text).encode("utf-8")


def _json_value(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def to_geojson(events: pd.DataFrame, coordinate_decimals: int = 6) -> bytes:
    """Return the events as an RFC 7946 GeoJSON FeatureCollection of points.

    Parameters
    ----------
    events : pandas.DataFrame
        Event table with ``latitude`` and ``longitude`` in WGS84 degrees.
    coordinate_decimals : int
        Decimals kept in coordinates (6 ≈ 0.1 m; RFC 7946 §11.2 advises against more).

    Returns
    -------
    bytes
        UTF-8 JSON. Each event is a Feature with ``id`` = ``event_id``, geometry
        ``{"type": "Point", "coordinates": [longitude, latitude]}`` (longitude first, RFC 7946
        §3.1.1) or ``null`` when the event has no coordinates, and every other column as a
        property (dates ``YYYY-MM-DD``, unknown values ``null``). No ``crs`` member: RFC 7946
        coordinates are always WGS84. A country-level point keeps ``geo_precision`` 3.

    Examples
    --------
    >>> from events.schema import empty_events
    >>> json.loads(to_geojson(empty_events()))
    {'type': 'FeatureCollection', 'features': []}
    """
    columns = [c for c in csv_columns(events.columns) if c in events.columns and c not in ("latitude", "longitude")]
    properties = events[columns].astype(object).where(events[columns].notna(), None)
    lat = events["latitude"].round(coordinate_decimals).tolist()
    lon = events["longitude"].round(coordinate_decimals).tolist()
    features = []
    for row, y, x in zip(properties.itertuples(index=False, name=None), lat, lon):
        props = {c: _json_value(v) for c, v in zip(columns, row)}
        located = not (pd.isna(x) or pd.isna(y))
        features.append({
            "type": "Feature",
            "id": props.get("event_id"),
            "geometry": {"type": "Point", "coordinates": [x, y]} if located else None,
            "properties": props,
        })
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, allow_nan=False).encode("utf-8")


def export_filename(selection: EventFilter, extension: str) -> str:
    """Return a download file name that describes the filter, e.g. ``events_wagner-group.csv``.

    Parameters
    ----------
    selection : EventFilter
        The filter the rows come from.
    extension : str
        ``"csv"`` or ``"geojson"`` (without the dot).

    Returns
    -------
    str
        ``events_<slug>.<extension>``, ASCII only (see :func:`events.query.filter_slug`).

    Examples
    --------
    >>> export_filename(EventFilter(), "geojson")
    'events_all.geojson'
    """
    return f"events_{filter_slug(selection)}.{extension}"
