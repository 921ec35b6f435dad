"""Downloads of the event table, and :func:`read_export` to read them back.

Spreadsheet-safe CSV in ACLED's column order, GeoJSON and GeoParquet.

The builders are pure: a frame in, bytes out. Unknown values stay empty (an unknown fatality
count is an empty cell / ``null``, never 0).
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import stat
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import EventsError, SchemaError
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


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with every text cell that a spreadsheet would run as a formula neutralised.

    Every CSV the package writes goes through this (the export, ``extract``'s ``events.csv`` and
    ``figures.csv``, ``review list`` and ``review history``), so they are all safe the same way.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any table.

    Returns
    -------
    pandas.DataFrame
        A copy whose text columns (string or object dtype) have :func:`neutralise_formula`
        applied to each cell; other columns (numbers, dates) and missing values are unchanged.

    Examples
    --------
    >>> spreadsheet_safe(pd.DataFrame({"a": ["=HYPERLINK(1)", "ok"], "n": [-1, 2]}))["a"].tolist()
    ["'=HYPERLINK(1)", 'ok']
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_string_dtype(values) or values.dtype == object:
            cells = values.map(lambda v: neutralise_formula(v) if isinstance(v, str) else v)
            out[column] = cells.astype(values.dtype) if pd.api.types.is_string_dtype(values) else cells
    return out


def _csv_frame(events: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for column in csv_columns(events.columns):
        if column == "year":  # ACLED's year of the event; a window within one year has that year too
            year = events["event_date"].dt.year.astype("Int64")
            if "date_start" in events and "date_end" in events:
                start, end = events["date_start"].dt.year.astype("Int64"), events["date_end"].dt.year.astype("Int64")
                year = year.fillna(start.where(start == end))
            out[column] = year
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
    r"""Return the events as a CSV file for spreadsheets, QGIS and R.

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
        UTF-8 CSV, header row first, columns in :func:`csv_columns` order, ``\r\n`` line ends
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


def to_geoparquet(events: pd.DataFrame) -> bytes:
    """Return the events as a GeoParquet file (geopandas ``to_parquet``).

    Parameters
    ----------
    events : pandas.DataFrame
        Event table with ``latitude`` and ``longitude`` in WGS84 degrees.

    Returns
    -------
    bytes
        A Parquet file with every event column (``latitude``/``longitude`` kept, so reading it back
        gives the same table) plus a ``geometry`` point column in EPSG:4326 with GeoParquet
        metadata; the geometry is null (never POINT(0 0)) for an event without coordinates.
    """
    import geopandas as gpd
    import shapely

    located = events["latitude"].notna() & events["longitude"].notna()
    points = shapely.points(events["longitude"].fillna(0).to_numpy(), events["latitude"].fillna(0).to_numpy())
    points[~located.to_numpy()] = None
    frame = gpd.GeoDataFrame(events.reset_index(drop=True), geometry=gpd.GeoSeries(points, crs="EPSG:4326"))
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


EXPORT_FORMATS = {"csv": ("CSV", "csv", "text/csv"), "geojson": ("GeoJSON", "geojson", "application/geo+json"),
                  "parquet": ("GeoParquet", "parquet", "application/vnd.apache.parquet")}
"""Export format → (name shown, file extension, MIME type)."""


def to_export(events: pd.DataFrame, fmt: str, bom: bool = False) -> bytes:
    """Return the events in one of :data:`EXPORT_FORMATS` (``csv``, ``geojson``, ``parquet``).

    Parameters
    ----------
    events : pandas.DataFrame
        Event table.
    fmt : str
        ``"csv"`` (:func:`to_csv`), ``"geojson"`` (:func:`to_geojson`) or ``"parquet"``
        (:func:`to_geoparquet`).
    bom : bool
        CSV only: start with a UTF-8 byte-order mark.

    Returns
    -------
    bytes

    Raises
    ------
    ValueError
        If ``fmt`` is not one of :data:`EXPORT_FORMATS`.
    """
    if fmt == "csv":
        return to_csv(events, bom=bom)
    if fmt == "geojson":
        return to_geojson(events)
    if fmt == "parquet":
        return to_geoparquet(events)
    raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")


STDOUT = "-"
"""The ``--out`` value that writes to standard output (CSV and GeoJSON only)."""


def check_export_path(out: str | os.PathLike, fmt: str) -> Path | None:
    """Check that an export may be written to ``out``, before any work is done.

    Parameters
    ----------
    out : str or path-like
        The file to write, or :data:`STDOUT` (``"-"``).
    fmt : str
        One of :data:`EXPORT_FORMATS`.

    Returns
    -------
    pathlib.Path or None
        The path; None for standard output.

    Raises
    ------
    EventsError
        ``"--out <path>: <reason>"`` if ``out`` is ``-`` for GeoParquet (binary), an existing path
        that is not a regular file (a folder, a symbolic link, a device, a fifo or a socket: an
        export replaces only a regular file), or in a folder that does not exist.
    """
    if str(out) == STDOUT:
        if fmt == "parquet":
            raise EventsError("--out -: GeoParquet is binary and is not written to standard output; give a file name")
        return None
    path = Path(out)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise EventsError(f"--out {path}: cannot check it ({exc.strerror})") from None
    if mode is not None:
        kind = ("a symbolic link" if stat.S_ISLNK(mode) else "a folder" if stat.S_ISDIR(mode) else
                "a fifo" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
                "a socket" if stat.S_ISSOCK(mode) else None)
        if kind is not None:
            raise EventsError(f"--out {path} is {kind}, not a regular file; an export replaces only a regular file")
    if not path.parent.is_dir():
        raise EventsError(f"--out {path}: the folder {path.parent} does not exist")
    return path


def write_export(data: bytes, out: str | os.PathLike) -> None:
    """Write an export to a file (replaced atomically) or to standard output.

    Parameters
    ----------
    data : bytes
        The export (:func:`to_export`).
    out : str or path-like
        A path accepted by :func:`check_export_path`, or :data:`STDOUT` (``"-"``).

    Raises
    ------
    EventsError
        As for :func:`check_export_path`, or ``"cannot write <path>: <reason>"`` if the write
        fails (the message names ``out``, never the temporary file; nothing is left behind).
    """
    from .store import temp_file_beside

    if str(out) == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = check_export_path(out, "csv")
    try:
        name = temp_file_beside(path.parent, path.suffix or ".tmp")
    except OSError as exc:
        raise EventsError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        name.write_bytes(data)
        os.replace(name, path)
    except BaseException as exc:
        name.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise EventsError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def _unprotect(text: pd.Series) -> pd.Series:
    """Undo :func:`neutralise_formula`: drop the ``'`` before a formula character."""
    protected = text.str.match("'[" + re.escape("".join(FORMULA_PREFIXES)) + "]").fillna(False).astype(bool)
    return text.where(~protected, text.str[1:])


def read_export(path) -> pd.DataFrame:
    """Read a file written by :func:`to_csv`, :func:`to_geojson` or :func:`to_geoparquet` back into the event table.

    Parameters
    ----------
    path : str or pathlib.Path
        ``.csv``, ``.geojson``/``.json`` or ``.parquet``/``.geoparquet`` file.

    Returns
    -------
    pandas.DataFrame
        The event table (:data:`events.schema.EVENT_COLUMNS`). CSV cells lose the ``'`` that
        protected them from spreadsheets, ``year`` is dropped, dates are read as ``YYYY-MM-DD``
        and an empty cell is unknown; GeoJSON coordinates come back with the 6 decimals written.

    Raises
    ------
    ImportFormatError
        If the extension is not one of these, or the file is not an export of this tool (no
        ``event_id`` and ``dataset`` columns, unreadable content or a date not ``YYYY-MM-DD``).
    """
    from pathlib import Path

    from .errors import ImportFormatError
    from .schema import to_schema

    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            frame = raw.apply(lambda column: _unprotect(column.astype("string")).replace("", pd.NA))
            _parse_days(frame, path.name, "line {}", 2)
        elif suffix in (".geojson", ".json"):
            frame = _read_geojson(path)
            _parse_days(frame, path.name, "feature {}", 1)
        elif suffix in (".parquet", ".geoparquet"):
            frame = pd.read_parquet(path).drop(columns=["geometry"], errors="ignore")
        else:
            raise ImportFormatError(f"{path.name}: not an export file (expected .csv, .geojson or .parquet)")
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        if isinstance(exc, ImportFormatError):
            raise
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ImportFormatError(f"{path.name}: not a readable export: {first_line}") from exc
    if not {"event_id", "dataset"} <= set(frame.columns):
        raise ImportFormatError(f"{path.name}, line 1: not an export of this tool (no event_id and dataset columns)")
    where = {".csv": "line {}", ".geojson": "feature {}", ".json": "feature {}"}.get(suffix, "row {}")
    first = 2 if suffix == ".csv" else 1
    frame = frame.drop(columns=["year"], errors="ignore").reset_index(drop=True)
    _check_numbers(frame, path.name, where, first)
    try:
        events = to_schema(frame, EVENT_COLUMNS)
    except SchemaError as exc:
        raise ImportFormatError(f"{path.name}: {exc}") from None
    _check_rows(events, path.name, where, first)
    return events


def _parse_days(frame: pd.DataFrame, name: str, where: str, first: int) -> None:
    """Parse the date columns of an export in place: ``YYYY-MM-DD`` text or empty, else an error naming the row."""
    from .errors import ImportFormatError

    for column in ("event_date", "date_start", "date_end"):
        if column not in frame:
            continue
        values = frame[column].astype(object)
        given = values.map(lambda v: v is not None and v is not pd.NA and not (isinstance(v, float) and math.isnan(v)))
        text = values.where(values.map(lambda v: isinstance(v, str)) & given.astype(bool))
        parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        bad = given.astype(bool) & parsed.isna()
        if bad.any():
            i = int(bad.to_numpy().argmax())
            raise ImportFormatError(f"{name}, {where.format(i + first)}: {column} is not YYYY-MM-DD, "
                                    f"got {values.iloc[i]!r}")
        frame[column] = parsed


def _read_geojson(path) -> pd.DataFrame:
    """Properties and Point coordinates of a GeoJSON FeatureCollection, checked feature by feature."""
    from .errors import ImportFormatError

    collection = json.loads(path.read_text(encoding="utf-8"))
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection" or not isinstance(features,
                                                                                                          list):
        raise ImportFormatError(f"{path.name}, line 1: not a GeoJSON FeatureCollection")
    rows, lon, lat = [], [], []
    for number, feature in enumerate(features, 1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise ImportFormatError(f"{path.name}, feature {number}: not a GeoJSON Feature")
        properties, geometry = feature.get("properties"), feature.get("geometry")
        if properties is not None and not isinstance(properties, dict):
            raise ImportFormatError(f"{path.name}, feature {number}: properties must be an object")
        if geometry is None:
            point = (None, None)
        else:
            point = geometry.get("coordinates") if isinstance(geometry, dict) else None
            if (not isinstance(geometry, dict) or geometry.get("type") != "Point" or not isinstance(point, list)
                    or len(point) not in (2, 3)
                    or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in point)):
                raise ImportFormatError(f"{path.name}, feature {number}: geometry must be null or a Point with "
                                        f"[longitude, latitude] numbers, got {json.dumps(geometry)[:80]}")
        nested = [k for k, v in (properties or {}).items() if isinstance(v, (list, dict))]
        if nested:
            raise ImportFormatError(f"{path.name}, feature {number}: property {nested[0]!r} must be one value, "
                                    f"got {json.dumps(properties[nested[0]])[:80]}")
        rows.append(properties or {})
        lon.append(point[0])
        lat.append(point[1])
    frame = pd.DataFrame(rows, index=range(len(rows)))
    frame["longitude"] = pd.array(lon, dtype="Float64").astype("float64")
    frame["latitude"] = pd.array(lat, dtype="Float64").astype("float64")
    return frame


def _check_numbers(frame: pd.DataFrame, name: str, where: str, first: int) -> None:
    """Refuse a number column's value that is not a number, or not whole where the column is whole."""
    from .errors import ImportFormatError

    for column, dtype in EVENT_COLUMNS.items():
        if column not in frame or dtype not in ("Int64", "Float64", "float64"):
            continue
        raw = frame[column]
        given = raw.notna() & (raw.astype("string").str.strip() != "").fillna(False).astype(bool)
        flags = raw.map(lambda v: isinstance(v, bool)).astype(bool)
        numbers = pd.to_numeric(raw.where(given & ~flags), errors="coerce").astype("float64").to_numpy()
        with np.errstate(invalid="ignore"):
            ok = np.isfinite(numbers)
            if dtype == "Int64":
                ok &= (np.mod(numbers, 1) == 0) & (np.abs(numbers) < 2.0 ** 63)
        bad = given & ~pd.Series(ok, index=raw.index)
        if bad.any():
            i = int(bad.to_numpy().argmax())
            what = "a whole number" if dtype == "Int64" else "a number"
            raise ImportFormatError(f"{name}, {where.format(i + first)}: {column} must be {what}, "
                                    f"got {raw.iloc[i]!r}")


def _check_rows(events: pd.DataFrame, name: str, where: str, first: int) -> None:
    """Refuse rows whose country and ISO3 code disagree or whose day lies outside its window."""
    from .datasets.countries import country_names, resolve_iso3_by_name
    from .errors import ImportFormatError

    def fail(mask: pd.Series, message) -> None:
        if mask.any():
            i = int(mask.to_numpy().argmax())
            raise ImportFormatError(f"{name}, {where.format(i + first)}: {message(events.iloc[i])}")

    iso3 = events["iso3"]
    known = country_names(iso3)
    fail(iso3.notna() & known.isna(), lambda r: f"iso3 {r['iso3']!r} is not a known country code")
    both = iso3.notna() & events["country"].notna()
    agree = (known.str.lower() == events["country"].str.lower()) | (resolve_iso3_by_name(events["country"]) == iso3)
    fail(both & ~agree.fillna(False).astype(bool),
         lambda r: f"iso3 {r['iso3']!r} is not the code of country {r['country']!r}")
    day = events["event_date"]
    fail((events["date_start"] > day).fillna(False).astype(bool),
         lambda r: f"date_start {r['date_start']:%Y-%m-%d} is after event_date {r['event_date']:%Y-%m-%d}")
    fail((day > events["date_end"]).fillna(False).astype(bool),
         lambda r: f"event_date {r['event_date']:%Y-%m-%d} is after date_end {r['date_end']:%Y-%m-%d}")
    fail((events["date_start"] > events["date_end"]).fillna(False).astype(bool),
         lambda r: f"date_start {r['date_start']:%Y-%m-%d} is after date_end {r['date_end']:%Y-%m-%d}")
