"""Plotly figures of the event table (map, timeline) as pure functions, testable without a browser.

The map draws with no internet access when the front end is given :func:`plotly_config`: plotly's
geo traces load their country shapes (Natural Earth topojson) from ``topojsonURL``, which points
at the copy bundled under ``static/`` and served by Streamlit at ``/app/static/``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from .query import CERTAINTY_ORDER, date_window
from .schema import ACLED_EVENT_TYPES, PLOVER_TYPES

STATIC_URL_PATH = "app/static/"
"""Where Streamlit serves ``static/`` when ``server.enableStaticServing`` is on."""

MAX_MAP_POINTS = 5_000
"""Above this many located events the map draws grid cells (counts) instead of single events."""

MAX_MAP_MARKS = 50_000
"""The most marks (points or cells) one map sends to the browser."""

CELLS_ACROSS = 60
"""About how many grid cells span the filtered events' extent when the map aggregates."""

CELL_SIZES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0)
"""Cell sides in degrees the map chooses from (the smallest giving at most :data:`CELLS_ACROSS`)."""

MAX_TIMELINE_BARS = 500
"""The timeline draws at most this many events (the latest); the dashboard asks to narrow the filter above it
(the trend chart counts any number)."""

MAX_TIMELINE_ROWS = 25
"""Rows (actors or types) the timeline shows; the rest are folded into one "Other" row."""

CELL_DEG = 0.5
"""Side of a map grid cell in degrees, when the map aggregates."""

ACLED_COLOURS = dict(zip(ACLED_EVENT_TYPES, ("#D55E00", "#E69F00", "#CC79A7", "#0072B2", "#56B4E9", "#009E73")))
"""ACLED event type → colour from the Okabe-Ito palette (safe for the common colour-vision deficiencies;
Okabe & Ito 2008, "Color Universal Design"): violence in warm colours, demonstrations in blues,
strategic developments in green."""

PLOVER_COLOURS = dict(zip(PLOVER_TYPES, qualitative.Dark24[:16]))
"""PLOVER category → colour (plotly's Dark24: dark enough to read on the pale map)."""

NO_TYPE_COLOUR = "#555555"
TYPE_COLOURS = {**PLOVER_COLOURS, **ACLED_COLOURS}
"""A fixed colour per event type, so a type keeps its colour whatever the filter."""

COLOUR_SCHEMES = {"acled": "ACLED event type", "plover": "PLOVER category"}
"""How the map and trend chart colour events: column → label."""

CERTAINTY_COLOURS = {
    "confirmed": "#1b7837",
    "assessed": "#2166ac",
    "claimed": "#e08214",
    "alleged": "#b2182b",
    "unverified": "#8c8c8c",
    "planned": "#7b3294",
}
"""Certainty → colour: green (confirmed) through red (alleged); grey unverified; purple planned."""

UNKNOWN = "unknown"
COUNTRY_LEVEL = 3
_DAY_MS = 86_400_000

_HOVER = (
    "<b>%{customdata[1]}</b> · %{customdata[2]}<br>"
    "%{customdata[3]}<br>"
    "%{customdata[4]}<br>"
    "certainty: %{customdata[5]} · according to %{customdata[6]}<br>"
    "fatalities: %{customdata[7]}<br>"
    "<i>%{customdata[8]}</i><extra>%{customdata[0]}</extra>"
)
"""Hover of one event: type · place, date window, actors, certainty and who asserts it,
fatalities, evidence sentence; the event id in the side box."""


def plotly_config(base_url_path: str = "") -> dict:
    """Return the plotly.js config for charts of this app: local topojson, no plotly logo.

    Parameters
    ----------
    base_url_path : str
        Streamlit's ``server.baseUrlPath`` (empty when the app is served at the root).

    Returns
    -------
    dict
        ``topojsonURL`` ends with ``/`` and points at Streamlit's static folder.

    Examples
    --------
    >>> plotly_config()["topojsonURL"]
    '/app/static/'
    >>> plotly_config("tracker/")["topojsonURL"]
    '/tracker/app/static/'
    """
    prefix = "/" + base_url_path.strip("/") + "/" if base_url_path.strip("/") else "/"
    return {"topojsonURL": prefix + STATIC_URL_PATH, "displaylogo": False, "scrollZoom": True}


def type_label(events: pd.DataFrame) -> pd.Series:
    """Return each event's type for colouring: ``plover_type``, else ACLED ``event_type``, else "unknown"."""
    return events["plover_type"].fillna(events["event_type"]).fillna(UNKNOWN).astype(str)


def colour_key(events: pd.DataFrame, colour_by: str = "acled") -> pd.Series:
    """Return each event's colour class: its ACLED ``event_type`` or its ``plover_type``.

    Parameters
    ----------
    events : pandas.DataFrame
        Event table.
    colour_by : {"acled", "plover"}
        Which typology; events without a value are "no ACLED type" / "no PLOVER type".

    Returns
    -------
    pandas.Series of str

    Raises
    ------
    ValueError
        If ``colour_by`` is not a key of :data:`COLOUR_SCHEMES`.
    """
    if colour_by not in COLOUR_SCHEMES:
        raise ValueError(f"colour_by must be one of {sorted(COLOUR_SCHEMES)}, not {colour_by!r}")
    column, empty = ("event_type", "no ACLED type") if colour_by == "acled" else ("plover_type", "no PLOVER type")
    return events[column].fillna(empty).astype(str)


def type_order(kinds, colour_by: str = "acled") -> list[str]:
    """Return the colour classes in legend order: the typology's order, then others, then "no … type"."""
    known = list(ACLED_COLOURS if colour_by == "acled" else PLOVER_COLOURS)
    present = set(kinds)
    return [k for k in known if k in present] + sorted(k for k in present - set(known) if not k.startswith("no "))\
        + sorted(k for k in present - set(known) if k.startswith("no "))


def window_text(events: pd.DataFrame) -> pd.Series:
    """Return each event's date window as text.

    Returns
    -------
    pandas.Series of str
        ``"2022-12-21"`` (one day), ``"2022-11-01 – 2022-11-30"``, ``"on or before 2022-12-22"``,
        ``"on or after 2022-12-22"`` or ``"undated"``.
    """
    start, end = date_window(events)
    s = start.dt.strftime("%Y-%m-%d").astype(object)
    e = end.dt.strftime("%Y-%m-%d").astype(object)
    has_s, has_e = start.notna().to_numpy(), end.notna().to_numpy()
    same = (start == end).fillna(False).to_numpy(dtype=bool)
    both = (s + " – " + e).to_numpy()
    text = np.select(
        [has_s & has_e & same, has_s & has_e, has_e, has_s],
        [s.to_numpy(), both, ("on or before " + e).to_numpy(), ("on or after " + s).to_numpy()],
        default="undated",
    )
    return pd.Series(text, index=events.index, dtype=object)


def actors_text(events: pd.DataFrame) -> pd.Series:
    """Return ``"actor1 (with assoc) → actor2 (with assoc)"`` per event; "unknown actor" if none."""
    def side(actor: str, assoc: str) -> pd.Series:
        name = events[actor].fillna("").astype(str)
        with_assoc = events[assoc].fillna("").astype(str)
        return name.where(with_assoc == "", name + " (with " + with_assoc + ")")

    one, two = side("actor1", "assoc_actor_1"), side("actor2", "assoc_actor_2")
    text = one.where(two == "", one.where(one != "", "unknown actor") + " → " + two)
    return text.where(text.str.strip() != "", "unknown actor").astype(object)


def _escape(series: pd.Series) -> pd.Series:
    return (series.fillna("").astype(str).str.replace("&", "&amp;", regex=False)
            .str.replace("<", "&lt;", regex=False).str.replace(">", "&gt;", regex=False))


def _wrap(series: pd.Series, width: int = 70, limit: int = 400) -> pd.Series:
    text = _escape(series).str.slice(0, limit)
    return text.str.replace(rf"(.{{1,{width}}})(\s+|$)", r"\1<br>", regex=True).str.replace(r"(<br>)+$", "", regex=True)


def _place(events: pd.DataFrame) -> pd.Series:
    place = events["location"].fillna(events["country"]).fillna("no place").astype(str)
    country = events["country"].fillna("").astype(str)
    place = place.where((country == "") | (place == country), place + ", " + country)
    level = (events["geo_precision"] == COUNTRY_LEVEL).fillna(False).astype(bool)
    return place.where(~level, place + " (country-level point)").astype(object)


def hover_data(events: pd.DataFrame) -> np.ndarray:
    """Return the per-event ``customdata`` used by the map and timeline hovers.

    Returns
    -------
    numpy.ndarray of object, shape (n, 9)
        Columns: event_id, type, place, date window, actors, certainty, attributed_to,
        fatalities ("unknown" when not reported), evidence sentence (wrapped, HTML-escaped).
    """
    if not len(events):
        return np.empty((0, 9), dtype=object)
    fatalities = events["fatalities"].astype("Float64")
    fat_text = fatalities.map(lambda v: UNKNOWN if pd.isna(v) else f"{int(v):,}", na_action=None)
    qualifier = events["fatalities_qualifier"].fillna("").astype(str)
    fat_text = fat_text.where((qualifier == "") | (fat_text == UNKNOWN), qualifier + " " + fat_text)
    columns = [
        events["event_id"].astype(str),
        type_label(events),
        _escape(_place(events)),
        window_text(events),
        _escape(actors_text(events)),
        events["certainty"].fillna(UNKNOWN).astype(str),
        _escape(events["attributed_to"].fillna(events["source"]).fillna(UNKNOWN)),
        fat_text.astype(str),
        _wrap(events["sentence"]),
    ]
    return np.column_stack([c.to_numpy(dtype=object) for c in columns])


def marker_size(fatalities: pd.Series, base: float = 7.0, cap: float = 36.0) -> np.ndarray:
    """Return marker diameters in px: ``base`` when fatalities are unknown or 0, growing with √fatalities.

    Examples
    --------
    >>> marker_size(pd.Series([None, 0, 100], dtype="Int64")).tolist()
    [7.0, 7.0, 25.0]
    """
    values = fatalities.astype("Float64").fillna(0).to_numpy(dtype=float)
    return np.minimum(base + 1.8 * np.sqrt(values), cap)


def _extent(located: pd.DataFrame) -> tuple[float, float, float, float] | None:
    """(lat_min, lat_max, lon_min, lon_max) of most points: the 1st-99th percentile above 200 points."""
    if not len(located):
        return None
    lat, lon = located["latitude"].to_numpy(float), located["longitude"].to_numpy(float)
    q = (1, 99) if len(located) > 200 else (0, 100)
    (a, b), (c, d) = np.percentile(lat, q), np.percentile(lon, q)
    return float(a), float(b), float(c), float(d)


def geo_layout(extent: tuple[float, float, float, float] | None) -> dict:
    """Return the plotly ``geo`` settings of a map fitted to ``extent`` (lat_min, lat_max, lon_min, lon_max)."""
    geo = dict(
        projection_type="natural earth", showcountries=True, countrycolor="#6f6f6f", countrywidth=0.7,
        showland=True, landcolor="#f4f1ea", showocean=True, oceancolor="#dfeaf3", showlakes=False,
        showcoastlines=True, coastlinecolor="#6f6f6f", showframe=False, resolution=110,
    )
    if extent:
        lat_min, lat_max, lon_min, lon_max = extent
        span = max(lat_max - lat_min, lon_max - lon_min)
        pad = max(2.0, span * 0.1)
        geo.update(lataxis_range=[max(-90, lat_min - pad), min(90, lat_max + pad)],
                   lonaxis_range=[max(-180, lon_min - pad), min(180, lon_max + pad)])
        if span < 40:
            geo["resolution"] = 50
    return geo


def _base_geo(located: pd.DataFrame) -> dict:
    return geo_layout(_extent(located))


def map_height(extent: tuple[float, float, float, float] | None, width_px: int = 760) -> int:
    """Return a map height in px that fits ``extent`` at about ``width_px`` wide (320-600 px)."""
    geo = geo_layout(extent)
    if "lataxis_range" not in geo:
        return 380
    lat = geo["lataxis_range"][1] - geo["lataxis_range"][0]
    lon = geo["lonaxis_range"][1] - geo["lonaxis_range"][0]
    return int(min(600, max(320, width_px * 1.15 * lat / max(lon, 1e-6) + 70)))


def _hollow(colours: np.ndarray) -> dict:
    return dict(symbol="circle-open", color=colours, line=dict(width=2.5, color=colours))


def _point_traces(located: pd.DataFrame, colour_by: str, country_level: bool) -> list[go.Scattergeo]:
    traces = []
    kinds = colour_key(located, colour_by)
    level = (located["geo_precision"] == COUNTRY_LEVEL).fillna(False).to_numpy(dtype=bool)
    custom = hover_data(located)
    sizes = marker_size(located["fatalities"])
    lon, lat = located["longitude"].to_numpy(), located["latitude"].to_numpy()
    palette = ACLED_COLOURS if colour_by == "acled" else PLOVER_COLOURS
    for kind in type_order(kinds.unique(), colour_by):
        pick = (kinds == kind).to_numpy() & ~level
        colour = palette.get(kind, NO_TYPE_COLOUR)
        if not pick.any():  # only rings of this type: a legend entry for its colour, no marks
            traces.append(go.Scattergeo(lon=[None], lat=[None], mode="markers", name=kind, legendgroup=kind,
                                        hoverinfo="skip", marker=dict(size=8, color=colour)))
            continue
        traces.append(go.Scattergeo(
            lon=lon[pick], lat=lat[pick], mode="markers", name=kind, legendgroup=kind,
            customdata=custom[pick], hovertemplate=_HOVER,
            marker=dict(size=sizes[pick], symbol="circle", color=colour, opacity=0.85,
                        line=dict(width=0.8, color="white")),
        ))
    if country_level and level.any():
        colours = np.array([palette.get(k, NO_TYPE_COLOUR) for k in kinds.to_numpy()[level]], dtype=object)
        traces.append(go.Scattergeo(
            lon=lon[level], lat=lat[level], mode="markers", name="country-level points (rings)",
            legendgroup="country-level", customdata=custom[level], hovertemplate=_HOVER,
            marker=dict(size=sizes[level] + 6, opacity=0.9, **_hollow(colours)),
        ))
    return traces


def cell_size(located, cells_across: int = CELLS_ACROSS) -> float:
    """Return the grid cell side in degrees for aggregating: finer for a smaller extent.

    Parameters
    ----------
    located : pandas.DataFrame or tuple of float
        Located events, or their extent (lat_min, lat_max, lon_min, lon_max).
    cells_across : int
        About how many cells span the extent.

    Examples
    --------
    >>> cell_size(pd.DataFrame({"latitude": [44.0, 52.0], "longitude": [22.0, 40.0]}))
    0.5
    >>> cell_size((10.0, 12.0, 40.0, 41.0))
    0.05
    """
    extent = located if isinstance(located, tuple) or located is None else _extent(located)
    if not extent:
        return CELL_SIZES[-1]
    span = max(extent[1] - extent[0], extent[3] - extent[2])
    return next((size for size in CELL_SIZES if span / size <= cells_across), CELL_SIZES[-1])


def cell_key(latitude: pd.Series, longitude: pd.Series, cell_deg: float = CELL_DEG) -> pd.Series:
    """Return the map grid cell of each point as ``"cell:<deg>:<row>:<col>"`` (``cell_deg`` degrees square)."""
    row, col = _cell_index(latitude, longitude, cell_deg)
    return pd.Series([f"cell:{cell_deg:g}:{r}:{c}" for r, c in zip(row.tolist(), col.tolist())],
                     index=latitude.index, dtype=object)


def _cell_index(latitude: pd.Series, longitude: pd.Series, cell_deg: float) -> tuple[np.ndarray, np.ndarray]:
    row = np.floor(latitude.to_numpy(dtype=float) / cell_deg).astype(np.int64)
    col = np.floor(longitude.to_numpy(dtype=float) / cell_deg).astype(np.int64)
    return row, col


def _cell_code(row: np.ndarray, col: np.ndarray) -> np.ndarray:
    return row * 1_000_003 + col


def grid_cells(located: pd.DataFrame, cell_deg: float, colour_by: str = "acled") -> pd.DataFrame:
    """Count events per grid cell and colour class.

    Parameters
    ----------
    located : pandas.DataFrame
        Events with ``latitude``/``longitude`` (WGS84 degrees), ``geo_precision``, ``fatalities``
        and the column of ``colour_by``.
    cell_deg : float
        Cell side in degrees.
    colour_by : {"acled", "plover"}

    Returns
    -------
    pandas.DataFrame
        One row per (kind, country-level or not, cell): ``kind`` (str), ``level`` (bool),
        ``row``/``col`` (int64 cell indices), ``lat``/``lon`` (mean position, degrees), ``n``
        (events), ``fatalities`` (sum of known counts), ``known`` (events with a known count).
    """
    row, col = _cell_index(located["latitude"], located["longitude"], cell_deg)
    frame = pd.DataFrame({
        "kind": pd.Categorical(colour_key(located, colour_by).to_numpy(dtype=object)),
        "level": (located["geo_precision"] == COUNTRY_LEVEL).fillna(False).to_numpy(dtype=bool),
        "code": _cell_code(row, col), "row": row, "col": col,
        "lat": located["latitude"].to_numpy(), "lon": located["longitude"].to_numpy(),
        "fatalities": located["fatalities"].astype("float64").to_numpy(),
    })
    return frame.groupby(["kind", "level", "code"], sort=True, observed=True).agg(
        row=("row", "first"), col=("col", "first"), lat=("lat", "mean"), lon=("lon", "mean"),
        n=("lat", "size"), fatalities=("fatalities", "sum"), known=("fatalities", "count"),
    ).reset_index().drop(columns="code")


def cell_traces(cells: pd.DataFrame, cell_deg: float, colour_by: str = "acled",
                country_level: bool = True) -> list[go.Scattergeo]:
    """Draw :func:`grid_cells` output: one trace per colour class, country-level cells as rings in one trace."""
    traces = []
    palette = ACLED_COLOURS if colour_by == "acled" else PLOVER_COLOURS
    cells = cells.assign(kind=cells["kind"].astype(str))
    keys = np.array([f"cell:{cell_deg:g}:{r}:{c}" for r, c in zip(cells["row"].tolist(), cells["col"].tolist())],
                    dtype=object)
    text = np.array([f"{n:,} event(s) · {k}{' (country-level)' if lv else ''}<br>"
                     f"fatalities: {int(f):,} reported in {kn:,} of them<br>cell {cell_deg:g}° — click or zoom in"
                     for n, k, lv, f, kn in zip(cells["n"].tolist(), cells["kind"].tolist(), cells["level"].tolist(),
                                                cells["fatalities"].tolist(), cells["known"].tolist())], dtype=object)
    sizes = np.minimum(6 + 3 * np.log2(np.maximum(cells["n"].to_numpy(float), 1)), 30)
    level = cells["level"].to_numpy(bool)
    for kind in type_order(cells["kind"].unique(), colour_by):
        pick = (cells["kind"] == kind).to_numpy() & ~level
        traces.append(go.Scattergeo(
            lon=cells["lon"].to_numpy()[pick], lat=cells["lat"].to_numpy()[pick], mode="markers", name=kind,
            legendgroup=kind, customdata=np.column_stack([keys[pick], text[pick]]),
            hovertemplate="%{customdata[1]}<extra></extra>",
            marker=dict(size=sizes[pick], color=palette.get(kind, NO_TYPE_COLOUR), opacity=0.8,
                        line=dict(width=0.6, color="white")),
        ))
    if country_level and level.any():
        colours = np.array([palette.get(k, NO_TYPE_COLOUR) for k in cells["kind"].to_numpy()[level]], dtype=object)
        traces.append(go.Scattergeo(
            lon=cells["lon"].to_numpy()[level], lat=cells["lat"].to_numpy()[level], mode="markers",
            name="country-level points (rings)", legendgroup="country-level",
            customdata=np.column_stack([keys[level], text[level]]), hovertemplate="%{customdata[1]}<extra></extra>",
            marker=dict(size=sizes[level] + 4, opacity=0.9, **_hollow(colours)),
        ))
    return traces


def top_places(located: pd.DataFrame, top: int = 12) -> pd.DataFrame:
    """The ``top`` places (below country level) with most events: ``location``, ``n``, ``lat``, ``lon``."""
    precise = located[(located["geo_precision"] != COUNTRY_LEVEL).fillna(True) & located["location"].notna()]
    return (precise.groupby("location", sort=False)
            .agg(n=("location", "size"), lat=("latitude", "mean"), lon=("longitude", "mean"))
            .reset_index().sort_values(["n", "location"], ascending=[False, True], kind="stable").head(top))


def place_labels(places: pd.DataFrame) -> go.Scattergeo | None:
    """A text trace naming places (``location``, ``lat``, ``lon`` columns; :func:`top_places`), escaped."""
    if not len(places):
        return None
    return go.Scattergeo(lon=places["lon"], lat=places["lat"], mode="text",
                         text=_escape(places["location"].astype(str)).tolist(), textposition="top center",
                         name="place names", showlegend=False, textfont=dict(size=11, color="#222222"),
                         hoverinfo="skip")


def country_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Return event counts per country, for the choropleth.

    Returns
    -------
    pandas.DataFrame
        Columns ``iso3`` (string), ``country`` (string), ``events`` (int64), most events first;
        events without ``iso3`` are not counted.
    """
    known = events[events["iso3"].notna()]
    counts = known.groupby("iso3", sort=False).agg(country=("country", "first"), events=("iso3", "size"))
    return counts.reset_index().sort_values(["events", "iso3"], ascending=[False, True], ignore_index=True)


def map_figure(events: pd.DataFrame, choropleth: bool = False, max_points: int = MAX_MAP_POINTS,
               cell_deg: float | None = None, colour_by: str = "acled", country_level: bool = True) -> go.Figure:
    """Draw the events on a world map fitted to them.

    Events are points coloured by ACLED event type (:data:`ACLED_COLOURS`, one legend entry per
    type) or PLOVER category, sized by fatalities where known (:func:`marker_size`).
    Country-level points (``geo_precision`` 3) are hollow rings in one layer of their own (one
    legend entry, hidden with ``country_level=False`` or a click on the legend), so they do not read
    as a precise place. With more than ``max_points`` located events, events are counted in grid
    cells (:func:`grid_cells`) sized to their extent (:func:`cell_size`); the hover gives count and
    fatalities (:func:`cells_map_figure`). The busiest places are named on the map.

    Parameters
    ----------
    events : pandas.DataFrame
        Event table; rows without ``latitude``/``longitude`` are left out (see ``meta``).
    choropleth : bool
        Also shade countries by their number of events (:func:`country_counts`, by ``iso3``).
    max_points : int
        Most single points drawn before aggregating into cells.
    cell_deg : float, optional
        Cell side in degrees when aggregating; default :func:`cell_size`.
    colour_by : {"acled", "plover"}
        See :func:`colour_key`.
    country_level : bool
        Draw the country-level layer.

    Returns
    -------
    plotly.graph_objects.Figure
        Scattergeo traces (``customdata[:, 0]`` is the event id, or a :func:`cell_key`) and,
        with ``choropleth``, one Choropleth trace first. ``layout.meta`` holds ``located``,
        ``unlocated``, ``country_level`` (rings), ``aggregated``, ``cell_deg`` and ``marks``
        (points or cells sent, at most :data:`MAX_MAP_MARKS`).
    """
    has_point = events["latitude"].notna() & events["longitude"].notna()
    located = events[has_point]
    n_level = int((located["geo_precision"] == COUNTRY_LEVEL).fillna(False).sum())
    counts = country_counts(events) if choropleth and len(events) else None
    extent = _extent(located)
    if len(located) > max_points:
        cell_deg = cell_deg or cell_size(extent)
        return cells_map_figure(lambda deg: grid_cells(located, deg, colour_by), cell_deg, extent, len(located),
                                int((~has_point).sum()), n_level, colour_by, country_level, top_places(located), counts)
    traces = _point_traces(located, colour_by, country_level)
    return _assemble(traces, extent, None, counts, top_places(located), colour_by, dict(
        located=int(len(located)), unlocated=int((~has_point).sum()), aggregated=False,
        country_level=n_level if country_level else 0, cell_deg=None))


def cells_map_figure(cells_for, cell_deg: float, extent, located: int, unlocated: int, country_level_points: int,
                     colour_by: str = "acled", country_level: bool = True, places: pd.DataFrame | None = None,
                     counts: pd.DataFrame | None = None) -> go.Figure:
    """Draw a map of grid cells: the server-side aggregate of many events.

    Parameters
    ----------
    cells_for : callable
        ``cells_for(cell_deg) -> DataFrame`` in the form of :func:`grid_cells` (pandas or an engine
        query, e.g. :func:`events.query.expressions.grid_cells`); called again with coarser cells
        while there are more than :data:`MAX_MAP_MARKS`.
    cell_deg : float
        First cell side to try, in degrees.
    extent : tuple of float or None
        (lat_min, lat_max, lon_min, lon_max) to fit the map to.
    located, unlocated, country_level_points : int
        Numbers of events with and without a point, and of country-level points among them.
    colour_by, country_level
        As in :func:`map_figure`.
    places : pandas.DataFrame, optional
        Places to name (:func:`top_places`).
    counts : pandas.DataFrame, optional
        Events per country (:func:`country_counts`) for a choropleth under the cells.

    Returns
    -------
    plotly.graph_objects.Figure
        As :func:`map_figure`, with ``meta["aggregated"]`` True.
    """
    cells = cells_for(cell_deg)
    while len(cells) > MAX_MAP_MARKS:  # never more marks than the browser can take
        cell_deg = next((c for c in CELL_SIZES if c > cell_deg), cell_deg * 2)
        cells = cells_for(cell_deg)
    traces = cell_traces(cells, cell_deg, colour_by, country_level)
    title = f"{located:,} events counted in {cell_deg:g}° cells — narrow the filter for single events"
    return _assemble(traces, extent, title, counts, places, colour_by, dict(
        located=int(located), unlocated=int(unlocated), aggregated=True,
        country_level=int(country_level_points) if country_level else 0, cell_deg=cell_deg))


def _assemble(traces, extent, title, counts, places, colour_by, meta) -> go.Figure:
    fig = go.Figure()
    if counts is not None and len(counts):
        fig.add_trace(go.Choropleth(
            locations=counts["iso3"], z=counts["events"], locationmode="ISO-3",
            customdata=counts[["country"]].to_numpy(object),
            colorscale="YlOrRd", marker_line_color="#ffffff", marker_line_width=0.5,
            colorbar=dict(title="events", thickness=12, len=0.6), name="events per country",
            hovertemplate="%{customdata[0]}: %{z:,} events<extra></extra>", showlegend=False,
        ))
    for trace in traces:
        fig.add_trace(trace)
    labels = place_labels(places) if places is not None else None
    if labels is not None:
        fig.add_trace(labels)
    meta["marks"] = int(sum(len(t.customdata) for t in traces if t.customdata is not None))
    fig.update_layout(
        geo=geo_layout(extent), height=map_height(extent), margin=dict(l=0, r=0, t=30 if title else 0, b=0),
        title=dict(text=title, font_size=13) if title else None,
        legend=dict(orientation="h", yanchor="top", y=-0.02, xanchor="left", x=0, itemsizing="constant",
                    title_text=COLOUR_SCHEMES.get(colour_by, "type")),
        meta=meta, uirevision="map",
    )
    return fig


def selected_mask(events: pd.DataFrame, points: Iterable[Mapping], cell_deg: float = CELL_DEG) -> pd.Series:
    """Return True for events picked by a plotly selection on :func:`map_figure`.

    Parameters
    ----------
    events : pandas.DataFrame
        The events the map was drawn from.
    points : iterable of mapping
        Selected points as plotly reports them (``st.plotly_chart(..., on_select=...)``
        ``.selection.points``): a point's ``customdata[0]`` is an event id or a grid cell
        (``"cell:<deg>:<row>:<col>"``, its size inside); a choropleth country carries ``location`` (ISO3).
    cell_deg : float
        Cell size of a cell key without one (``"cell:<row>:<col>"``).

    Returns
    -------
    pandas.Series of bool
        Indexed like ``events``; all False for an empty selection.
    """
    ids, cells, countries = set(), {}, set()
    for point in points:
        custom = point.get("customdata")
        first = custom[0] if isinstance(custom, (list, tuple)) and custom else custom
        if isinstance(first, str) and first.startswith("cell:"):
            parts = first.split(":")[1:]
            size, rc = (float(parts[0]), parts[1:]) if len(parts) == 3 else (cell_deg, parts)
            cells.setdefault(size, set()).add((int(rc[0]), int(rc[1])))
        elif isinstance(first, str):
            ids.add(first)
        elif point.get("location"):
            countries.add(str(point["location"]))
    mask = events["event_id"].isin(ids).fillna(False).astype(bool)
    if countries:
        mask |= events["iso3"].isin(countries).fillna(False).astype(bool)
    located = (events["latitude"].notna() & events["longitude"].notna()).to_numpy()
    for size, wanted in cells.items():
        row, col = _cell_index(events.loc[located, "latitude"], events.loc[located, "longitude"], size)
        codes = _cell_code(np.array([w[0] for w in wanted]), np.array([w[1] for w in wanted]))
        hit = np.zeros(len(events), dtype=bool)
        hit[located] = np.isin(_cell_code(row, col), codes)
        mask |= hit
    return mask


def _timeline_rows(events: pd.DataFrame, group_by: str) -> pd.DataFrame:
    if group_by == "actor":
        parts = [events.assign(group=events[c]) for c in ("actor1", "actor2")]
        rows = pd.concat(parts)
        rows = rows[rows["group"].notna()]
        undirected = events[events["actor1"].isna() & events["actor2"].isna()].assign(group="unknown actor")
        rows = pd.concat([rows, undirected]) if len(undirected) else rows
    elif group_by == "event_type":
        rows = events.assign(group=type_label(events))
    else:
        raise ValueError(f"group_by must be 'actor' or 'event_type', not {group_by!r}")
    rows["group"] = rows["group"].astype(str)
    return rows


MAX_LANES = 6
"""Sub-rows one timeline row splits into so that bars of overlapping dates do not cover each other."""

MARK_LEGEND = (
    ("line-ns-open", "| one-day event"),
    ("triangle-left", "◀ on or before this day (start unknown)"),
    ("triangle-right", "▶ on or after this day (end unknown)"),
)
"""The timeline's mark shapes and what each means (legend entries in grey)."""


def assign_lanes(group: np.ndarray, low: np.ndarray, high: np.ndarray, max_lanes: int = MAX_LANES) -> tuple[np.ndarray, dict]:
    """Give each interval a lane within its group so that intervals of one lane do not overlap.

    Greedy by start: an interval takes the first lane whose last interval ended before it starts;
    with all ``max_lanes`` lanes busy it joins the lane that frees first (then it may overlap).

    Parameters
    ----------
    group : numpy.ndarray of str
        Row of each interval.
    low, high : numpy.ndarray of datetime64
        Inclusive first and last day of each interval.
    max_lanes : int
        Most lanes per group.

    Returns
    -------
    tuple
        Lane per interval (int64 array) and lanes used per group (dict).

    Examples
    --------
    >>> d = np.array(["2023-01-01", "2023-01-02", "2023-01-05"], dtype="datetime64[D]")
    >>> lanes, used = assign_lanes(np.array(["a", "a", "a"]), d, d + 2)
    >>> lanes.tolist(), used
    ([0, 1, 0], {'a': 2})
    """
    lanes = np.zeros(len(group), dtype=np.int64)
    used: dict = {}
    order = np.lexsort((low, group))
    ends: dict = {}
    for i in order:
        g = group[i]
        lane_ends = ends.setdefault(g, [])
        free = next((k for k, end in enumerate(lane_ends) if end < low[i]), None)
        if free is None and len(lane_ends) < max_lanes:
            lane_ends.append(high[i])
            free = len(lane_ends) - 1
        elif free is None:
            free = int(np.argmin(np.array(lane_ends)))
        lane_ends[free] = max(lane_ends[free], high[i])
        lanes[i] = free
        used[str(g)] = len(lane_ends)
    return lanes, used


def timeline_figure(events: pd.DataFrame, group_by: str = "actor", max_bars: int = MAX_TIMELINE_BARS,
                    max_rows: int = MAX_TIMELINE_ROWS, dated_total: int | None = None) -> tuple[go.Figure, pd.DataFrame]:
    """Draw each event as a bar over its date window, one row per actor or event type.

    Bars are coloured by certainty. Bars whose dates overlap within a row go to separate lanes
    of that row (:func:`assign_lanes`), so none hides another. A one-day event is a one-day bar
    with a tick on it, so it stays visible at any zoom. A window open on one side ("on or before
    22 December 2022") is a triangle at its known end pointing into the unknown side; the legend
    explains each colour and each mark (:data:`MARK_LEGEND`). Events without any date cannot be
    drawn; they are returned so the caller can list them.

    Parameters
    ----------
    events : pandas.DataFrame
        Event table.
    group_by : {"actor", "event_type"}
        Rows: one per actor (an event shows on the rows of both ``actor1`` and ``actor2``) or one
        per :func:`type_label`.
    max_bars : int
        Most events drawn (the latest by window end); the title says how many are left out.
    max_rows : int
        Most rows; the rows with fewest events are folded into one "other" row.
    dated_total : int, optional
        Dated events of the whole selection when ``events`` holds only the latest of them (as
        queried from the store); default the dated rows of ``events``.

    Returns
    -------
    tuple
        The figure (x: dates; y: numeric, one unit per row with the row names as tick labels,
        busiest on top; ``layout.meta`` holds ``drawn``, ``not_drawn``, ``undated``, ``rows``) and the
        undated events (a subset of ``events``).

    Raises
    ------
    ValueError
        If ``group_by`` is not one of the allowed values.
    """
    start, end = date_window(events)
    undated_mask = start.isna() & end.isna()
    undated = events[undated_mask]
    dated = events[~undated_mask]
    if len(dated) > max_bars:
        when = end[~undated_mask].fillna(start[~undated_mask])
        keep = np.argsort(-when.to_numpy().astype("datetime64[D]").astype(np.int64), kind="stable")[:max_bars]
        dated = dated.iloc[np.sort(keep)]
    rows = _timeline_rows(dated, group_by)
    counts = rows["group"].value_counts()
    if len(counts) > max_rows:
        keep = set(counts.index[: max_rows - 1])
        other = f"other {'actors' if group_by == 'actor' else 'types'} ({len(counts) - len(keep)})"
        rows["group"] = rows["group"].where(rows["group"].isin(keep), other)
        counts = rows["group"].value_counts()
    order = list(counts.sort_values(ascending=True, kind="stable").index)
    position = {g: i for i, g in enumerate(order)}
    s, e = date_window(rows)
    low = s.fillna(e).to_numpy().astype("datetime64[D]")
    high = e.fillna(s).to_numpy().astype("datetime64[D]")
    group = rows["group"].to_numpy()
    lanes, used = assign_lanes(group, low, high)
    n_lanes = np.array([used.get(str(g), 1) for g in group])
    thickness = np.minimum(0.8 / n_lanes, 0.45)
    y = np.array([position[g] for g in group], dtype=float) + (lanes - (n_lanes - 1) / 2) * thickness
    custom = hover_data(rows)
    fig = go.Figure()
    certainty = rows["certainty"].fillna(UNKNOWN).astype(str).to_numpy()
    both = (s.notna() & e.notna()).to_numpy()
    one_day = both & (s == e).fillna(False).to_numpy(dtype=bool)
    before = (s.isna() & e.notna()).to_numpy()
    after = (s.notna() & e.isna()).to_numpy()
    levels = [c for c in CERTAINTY_ORDER if c in set(certainty)] + sorted(set(certainty) - set(CERTAINTY_ORDER))
    for level in levels:
        colour = CERTAINTY_COLOURS.get(level, "#444444")
        pick = certainty == level
        bar = pick & both
        fig.add_trace(go.Bar(
            orientation="h", y=y[bar], x=((e[bar] - s[bar]).dt.days.to_numpy() + 1) * _DAY_MS,
            base=s[bar].dt.strftime("%Y-%m-%d").to_numpy(), width=thickness[bar] * 0.9,
            name=level, legendgroup=level, marker=dict(color=colour, line=dict(width=0)), opacity=0.75,
            customdata=custom[bar], hovertemplate=_HOVER,
        ))
        marks = [(pick & one_day, s + pd.Timedelta(hours=12), "line-ns-open", "one day"),
                 (pick & before, e, "triangle-left", "on or before"), (pick & after, s, "triangle-right", "on or after")]
        for chosen, when, symbol, what in marks:
            if chosen.any():
                fig.add_trace(go.Scatter(
                    x=when[chosen].to_numpy(), y=y[chosen], mode="markers", name=f"{level}, {what}", legendgroup=level,
                    showlegend=False, customdata=custom[chosen], hovertemplate=_HOVER,
                    marker=dict(symbol=symbol, size=11, color=colour, line=dict(width=2, color=colour)),
                ))
    for symbol, meaning in MARK_LEGEND:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=meaning, legendgroup="marks",
                                 legendgrouptitle_text="marks", hoverinfo="skip",
                                 marker=dict(symbol=symbol, size=11, color="#666666", line=dict(width=2, color="#666666"))))
    left_out = (int((~undated_mask).sum()) if dated_total is None else int(dated_total)) - len(dated)
    title = f"latest {len(dated):,} of {len(dated) + left_out:,} dated events" if left_out else None
    fig.update_layout(
        barmode="overlay", height=150 + 30 * max(len(order), 1), margin=dict(l=0, r=0, t=30 if title else 10, b=0),
        title=dict(text=title, font_size=13) if title else None,
        xaxis=dict(type="date", title=None),
        yaxis=dict(tickmode="array", tickvals=list(range(len(order))), ticktext=[_escape(pd.Series([g])).iloc[0]
                   for g in order], range=[-0.6, max(len(order), 1) - 0.4], title=None, showgrid=False, zeroline=False),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1, title_text="certainty (colour)"),
        meta=dict(drawn=len(dated), not_drawn=left_out, undated=len(undated), rows=order),
        uirevision="timeline",
    )
    return fig, undated


TREND_PERIODS = (("day", 92), ("week", 3 * 366), ("month", None))
"""Period of the trend chart by the span of the dates shown: days up to ~3 months, weeks up to ~3 years."""


def trend_period(span_days: int) -> str:
    """Return ``"day"``, ``"week"`` or ``"month"`` for a span of dates (see :data:`TREND_PERIODS`).

    Examples
    --------
    >>> trend_period(30), trend_period(400), trend_period(2000)
    ('day', 'week', 'month')
    """
    return next(name for name, limit in TREND_PERIODS if limit is None or span_days <= limit)


def period_start(days: pd.Series, period: str) -> pd.Series:
    """Return the first day of each date's day, ISO week (Monday) or month."""
    days = days.dt.normalize()
    if period == "week":
        return days - pd.to_timedelta(days.dt.weekday, unit="D")
    if period == "month":
        return days - pd.to_timedelta(days.dt.day - 1, unit="D")
    return days


def trend_counts(events: pd.DataFrame, colour_by: str = "acled") -> tuple[pd.DataFrame, str]:
    """Count events and sum reported fatalities per period and colour class.

    An event counts on its ``event_date``, else the known end of its date window; undated events
    are not counted.

    Returns
    -------
    tuple
        A frame with ``period`` (datetime64, first day), ``kind`` (str), ``events`` (int64),
        ``fatalities`` (float64 sum of known counts, NaN where none was reported) — and the
        period name (:func:`trend_period`).
    """
    start, end = date_window(events)
    day = events["event_date"].fillna(end).fillna(start)
    dated = day.notna()
    if not dated.any():
        return pd.DataFrame(columns=["period", "kind", "events", "fatalities"]), "day"
    period = trend_period(int((day[dated].max() - day[dated].min()).days))
    frame = pd.DataFrame({"period": period_start(day[dated], period), "kind": colour_key(events[dated], colour_by),
                          "fatalities": events.loc[dated, "fatalities"].astype("float64")})
    counts = frame.groupby(["period", "kind"], sort=True).agg(
        events=("kind", "size"), fatalities=("fatalities", lambda v: v.sum(min_count=1))).reset_index()
    return counts, period


def trend_figure(events: pd.DataFrame, colour_by: str = "acled") -> go.Figure:
    """Draw events per day, week or month (by the span shown), stacked by type, with fatalities.

    Parameters
    ----------
    events : pandas.DataFrame
        Event table.
    colour_by : {"acled", "plover"}
        Stack by ACLED event type or PLOVER category (:func:`colour_key`).

    Returns
    -------
    plotly.graph_objects.Figure
        One Bar trace per type (y: events per period) and one line of reported fatalities on a
        second y axis (periods where none was reported are gaps, not 0). ``layout.meta`` holds
        ``dated``, ``undated`` and ``period``.
    """
    counts, period = trend_counts(events, colour_by)
    return trend_chart(counts, period, len(events), colour_by)


def trend_chart(counts: pd.DataFrame, period: str, total: int, colour_by: str = "acled") -> go.Figure:
    """Draw :func:`trend_counts` output (pandas or engine-made); ``total`` events including undated ones."""
    palette = ACLED_COLOURS if colour_by == "acled" else PLOVER_COLOURS
    fig = go.Figure()
    for kind in type_order(counts["kind"].unique(), colour_by):
        part = counts[counts["kind"] == kind]
        fig.add_trace(go.Bar(x=part["period"], y=part["events"], name=kind, marker_color=palette.get(kind, NO_TYPE_COLOUR),
                             hovertemplate=f"{_escape(pd.Series([kind])).iloc[0]}: %{{y:,}} events<extra>%{{x|%Y-%m-%d}}</extra>"))
    if len(counts):
        deaths = counts.groupby("period")["fatalities"].sum(min_count=1)
        fig.add_trace(go.Scatter(x=deaths.index, y=deaths.to_numpy(), name="fatalities reported", yaxis="y2",
                                 mode="lines+markers", line=dict(color="#111111", width=1.5), marker=dict(size=4),
                                 connectgaps=False, hovertemplate="%{y:,} fatalities reported<extra>%{x|%Y-%m-%d}</extra>"))
    dated = int(counts["events"].sum()) if len(counts) else 0
    fig.update_layout(
        barmode="stack", height=300, margin=dict(l=0, r=0, t=10, b=0), bargap=0.1,
        xaxis=dict(type="date", title=None),
        yaxis=dict(title=f"events per {period}", rangemode="tozero"),
        yaxis2=dict(title="fatalities reported", overlaying="y", side="right", rangemode="tozero", showgrid=False),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0, traceorder="normal"),
        meta=dict(dated=dated, undated=int(total - dated), period=period),
    )
    return fig


def place_choice_figure(places: pd.DataFrame) -> go.Figure:
    """Return a map of candidate places to pick one by clicking it.

    Parameters
    ----------
    places : pandas.DataFrame
        One row per candidate with ``label`` (text shown on hover), ``latitude`` and
        ``longitude`` (WGS84 degrees).

    Returns
    -------
    plotly.graph_objects.Figure
        One Scattergeo trace, a point per row in order; ``customdata`` holds the row position,
        so a selected point names its candidate.
    """
    trace = go.Scattergeo(
        lat=places["latitude"], lon=places["longitude"], mode="markers", customdata=np.arange(len(places)),
        hovertext=places["label"], hoverinfo="text",
        marker=dict(size=11, color="#c0392b", line=dict(width=1, color="white")),
    )
    fig = go.Figure(trace)
    fig.update_layout(geo=_base_geo(places), margin=dict(l=0, r=0, t=0, b=0), height=320, showlegend=False,
                      clickmode="event+select", dragmode=False)
    return fig
