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

MAX_TIMELINE_BARS = 2_000
"""The timeline draws at most this many events (the latest); the title says how many are left out."""

MAX_TIMELINE_ROWS = 25
"""Rows (actors or types) the timeline shows; the rest are folded into one "Other" row."""

CELL_DEG = 0.5
"""Side of a map grid cell in degrees, when the map aggregates."""

TYPE_COLOURS = dict(zip(PLOVER_TYPES + tuple(ACLED_EVENT_TYPES), qualitative.Alphabet + qualitative.Dark24))
"""A fixed colour per event type, so a type keeps its colour whatever the filter."""

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
    text = one.where(two == "", one + " → " + two)
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


def _base_geo(located: pd.DataFrame) -> dict:
    geo = dict(
        projection_type="natural earth", showcountries=True, countrycolor="#8a8a8a", countrywidth=0.6,
        showland=True, landcolor="#f2efe9", showocean=True, oceancolor="#e3eef7", showlakes=False,
        showcoastlines=True, coastlinecolor="#8a8a8a", showframe=False, resolution=110,
    )
    if len(located):
        lat, lon = located["latitude"], located["longitude"]
        span = max(lat.max() - lat.min(), lon.max() - lon.min())
        pad = max(2.0, span * 0.1)
        geo.update(lataxis_range=[max(-90, lat.min() - pad), min(90, lat.max() + pad)],
                   lonaxis_range=[max(-180, lon.min() - pad), min(180, lon.max() + pad)])
        if span < 40:
            geo["resolution"] = 50
    return geo


def _point_traces(located: pd.DataFrame) -> list[go.Scattergeo]:
    traces = []
    kinds = type_label(located)
    level = (located["geo_precision"] == COUNTRY_LEVEL).fillna(False).to_numpy(dtype=bool)
    custom = hover_data(located)
    sizes = marker_size(located["fatalities"])
    for kind in sorted(kinds.unique()):
        for country_level in (False, True):
            pick = (kinds == kind).to_numpy() & (level == country_level)
            if not pick.any():
                continue
            colour = TYPE_COLOURS.get(kind, "#444444")
            traces.append(go.Scattergeo(
                lon=located["longitude"].to_numpy()[pick], lat=located["latitude"].to_numpy()[pick],
                mode="markers",
                name=f"{kind} (country-level)" if country_level else kind,
                legendgroup=kind,
                customdata=custom[pick],
                hovertemplate=_HOVER,
                marker=dict(
                    size=sizes[pick] + (6 if country_level else 0),
                    color=colour,
                    symbol="circle-open" if country_level else "circle",
                    opacity=0.9 if country_level else 0.75,
                    line=dict(width=2.5 if country_level else 0.6, color=colour if country_level else "white"),
                ),
            ))
    return traces


def cell_key(latitude: pd.Series, longitude: pd.Series, cell_deg: float = CELL_DEG) -> pd.Series:
    """Return the map grid cell of each point as ``"cell:<row>:<col>"`` (``cell_deg`` degrees square)."""
    row, col = _cell_index(latitude, longitude, cell_deg)
    return pd.Series([f"cell:{r}:{c}" for r, c in zip(row.tolist(), col.tolist())], index=latitude.index, dtype=object)


def _cell_index(latitude: pd.Series, longitude: pd.Series, cell_deg: float) -> tuple[np.ndarray, np.ndarray]:
    row = np.floor(latitude.to_numpy(dtype=float) / cell_deg).astype(np.int64)
    col = np.floor(longitude.to_numpy(dtype=float) / cell_deg).astype(np.int64)
    return row, col


def _cell_code(row: np.ndarray, col: np.ndarray) -> np.ndarray:
    return row * 1_000_003 + col


def _cell_traces(located: pd.DataFrame, cell_deg: float) -> list[go.Scattergeo]:
    row, col = _cell_index(located["latitude"], located["longitude"], cell_deg)
    kinds = type_label(located)
    frame = pd.DataFrame({
        "kind": pd.Categorical(kinds.to_numpy(dtype=object)),
        "level": (located["geo_precision"] == COUNTRY_LEVEL).fillna(False).to_numpy(dtype=bool),
        "code": _cell_code(row, col), "row": row, "col": col,
        "lat": located["latitude"].to_numpy(), "lon": located["longitude"].to_numpy(),
        "fatalities": located["fatalities"].astype("float64").to_numpy(),
    })
    cells = frame.groupby(["kind", "level", "code"], sort=True, observed=True).agg(
        row=("row", "first"), col=("col", "first"), lat=("lat", "mean"), lon=("lon", "mean"),
        n=("lat", "size"), fatalities=("fatalities", "sum"), known=("fatalities", "count"),
    ).reset_index()
    traces = []
    for (kind, level), part in cells.groupby(["kind", "level"], sort=True, observed=True):
        colour = TYPE_COLOURS.get(kind, "#444444")
        keys = [f"cell:{r}:{c}" for r, c in zip(part["row"].tolist(), part["col"].tolist())]
        text = [f"{n:,} events · {kind}{' (country-level)' if level else ''}<br>"
                f"fatalities reported in {k:,}: {int(f):,}"
                for n, k, f in zip(part["n"].tolist(), part["known"].tolist(), part["fatalities"].tolist())]
        traces.append(go.Scattergeo(
            lon=part["lon"].to_numpy(), lat=part["lat"].to_numpy(), mode="markers",
            name=f"{kind} (country-level)" if level else kind, legendgroup=kind,
            customdata=np.column_stack([np.array(keys, dtype=object), np.array(text, dtype=object)]),
            hovertemplate="%{customdata[1]}<extra></extra>",
            marker=dict(size=np.minimum(6 + 3 * np.log2(part["n"].to_numpy(float)), 30), color=colour,
                        symbol="circle-open" if level else "circle", opacity=0.8,
                        line=dict(width=2.5 if level else 0.5, color=colour if level else "white")),
        ))
    return traces


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
               cell_deg: float = CELL_DEG) -> go.Figure:
    """Draw the events on a world map.

    Events are points coloured by type (:func:`type_label`) and sized by fatalities where known
    (:func:`marker_size`). Country-level points (``geo_precision`` 3) are hollow rings with their
    own legend entry, so they do not read as a precise place. With more than ``max_points``
    located events, points are grouped per type into ``cell_deg`` grid cells sized by count.

    Parameters
    ----------
    events : pandas.DataFrame
        Event table; rows without ``latitude``/``longitude`` are left out (see ``meta``).
    choropleth : bool
        Also shade countries by their number of events (:func:`country_counts`, by ``iso3``).
    max_points : int
        Most single points drawn before aggregating into cells.
    cell_deg : float
        Cell side in degrees when aggregating.

    Returns
    -------
    plotly.graph_objects.Figure
        Scattergeo traces (``customdata[:, 0]`` is the event id, or a :func:`cell_key`) and,
        with ``choropleth``, one Choropleth trace first. ``layout.meta`` holds ``located``,
        ``unlocated`` and ``aggregated``.
    """
    has_point = events["latitude"].notna() & events["longitude"].notna()
    located = events[has_point]
    aggregated = len(located) > max_points
    fig = go.Figure()
    if choropleth and len(events):
        counts = country_counts(events)
        fig.add_trace(go.Choropleth(
            locations=counts["iso3"], z=counts["events"], locationmode="ISO-3",
            customdata=counts[["country"]].to_numpy(object),
            colorscale="YlOrRd", marker_line_color="#ffffff", marker_line_width=0.5,
            colorbar=dict(title="events", thickness=12, len=0.6), name="events per country",
            hovertemplate="%{customdata[0]}: %{z:,} events<extra></extra>",
        ))
    for trace in (_cell_traces(located, cell_deg) if aggregated else _point_traces(located)):
        fig.add_trace(trace)
    title = None
    if aggregated:
        title = f"{len(located):,} events grouped in {cell_deg:g}° cells — narrow the filter to see single events"
    fig.update_layout(
        geo=_base_geo(located), height=540, margin=dict(l=0, r=0, t=30 if title else 0, b=0),
        title=dict(text=title, font_size=13) if title else None,
        legend=dict(orientation="h", yanchor="top", y=-0.02, xanchor="left", x=0, title_text="type"),
        meta=dict(located=int(len(located)), unlocated=int((~has_point).sum()), aggregated=aggregated),
        uirevision="map",
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
        ``.selection.points``): a point's ``customdata[0]`` is an event id or a grid cell; a
        choropleth country carries ``location`` (ISO3).
    cell_deg : float
        The map's cell size, to resolve grid cells.

    Returns
    -------
    pandas.Series of bool
        Indexed like ``events``; all False for an empty selection.
    """
    ids, cells, countries = set(), set(), set()
    for point in points:
        custom = point.get("customdata")
        first = custom[0] if isinstance(custom, (list, tuple)) and custom else custom
        if isinstance(first, str) and first.startswith("cell:"):
            cells.add(first)
        elif isinstance(first, str):
            ids.add(first)
        elif point.get("location"):
            countries.add(str(point["location"]))
    mask = events["event_id"].isin(ids).fillna(False).astype(bool)
    if countries:
        mask |= events["iso3"].isin(countries).fillna(False).astype(bool)
    if cells:
        located = (events["latitude"].notna() & events["longitude"].notna()).to_numpy()
        row, col = _cell_index(events.loc[located, "latitude"], events.loc[located, "longitude"], cell_deg)
        wanted = [tuple(int(x) for x in key.split(":")[1:3]) for key in cells]
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


def timeline_figure(events: pd.DataFrame, group_by: str = "actor", max_bars: int = MAX_TIMELINE_BARS,
                    max_rows: int = MAX_TIMELINE_ROWS) -> tuple[go.Figure, pd.DataFrame]:
    """Draw each event as a bar over its date window, one row per actor or event type.

    Bars are coloured by certainty. A one-day event is a one-day bar with a tick on it, so it
    stays visible at any zoom. A window open on one side ("on or before 22 December 2022") is a
    triangle at its known end pointing into the unknown side. Events without any date cannot be
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

    Returns
    -------
    tuple
        The figure (x: dates; y: rows, busiest on top; ``layout.meta`` holds ``drawn``,
        ``not_drawn``, ``undated``) and the undated events (a subset of ``events``).

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
        order = end[~undated_mask].fillna(start[~undated_mask]).sort_values(ascending=False, kind="stable")
        dated = dated.loc[order.index[:max_bars]]
    rows = _timeline_rows(dated, group_by)
    counts = rows["group"].value_counts()
    if len(counts) > max_rows:
        keep = set(counts.index[: max_rows - 1])
        other = f"other {'actors' if group_by == 'actor' else 'types'} ({len(counts) - len(keep)})"
        rows["group"] = rows["group"].where(rows["group"].isin(keep), other)
        counts = rows["group"].value_counts()
    s, e = date_window(rows)
    custom = hover_data(rows)
    fig = go.Figure()
    certainty = rows["certainty"].fillna(UNKNOWN).astype(str).to_numpy()
    both = (s.notna() & e.notna()).to_numpy()
    one_day = both & (s == e).fillna(False).to_numpy(dtype=bool)
    before = (s.isna() & e.notna()).to_numpy()
    after = (s.notna() & e.isna()).to_numpy()
    group = rows["group"].to_numpy()
    levels = [c for c in CERTAINTY_ORDER if c in set(certainty)] + sorted(set(certainty) - set(CERTAINTY_ORDER))
    for level in levels:
        colour = CERTAINTY_COLOURS.get(level, "#444444")
        pick = certainty == level
        bar = pick & both
        if bar.any():
            width = ((e[bar] - s[bar]).dt.days.to_numpy() + 1) * _DAY_MS
            fig.add_trace(go.Bar(
                orientation="h", y=group[bar], x=width, base=s[bar].dt.strftime("%Y-%m-%d").to_numpy(),
                name=level, legendgroup=level, marker=dict(color=colour, line=dict(width=0)), opacity=0.7,
                customdata=custom[bar], hovertemplate=_HOVER,
            ))
        marks = [(pick & one_day, s + pd.Timedelta(hours=12), "line-ns-open", "one day"),
                 (pick & before, e, "triangle-left", "on or before"),
                 (pick & after, s, "triangle-right", "on or after")]
        for chosen, when, symbol, what in marks:
            if chosen.any():
                fig.add_trace(go.Scatter(
                    x=when[chosen].to_numpy(), y=group[chosen], mode="markers", name=f"{level}, {what}",
                    legendgroup=level, showlegend=not bar.any() and what != "one day",
                    marker=dict(symbol=symbol, size=12, color=colour, line=dict(width=2, color=colour)),
                    customdata=custom[chosen], hovertemplate=_HOVER,
                ))
    left_out = int((~undated_mask).sum()) - len(dated)
    title = f"latest {len(dated):,} of {len(dated) + left_out:,} dated events" if left_out else None
    order = list(counts.sort_values(ascending=True, kind="stable").index)
    fig.update_layout(
        barmode="overlay", height=140 + 26 * max(len(order), 1), margin=dict(l=0, r=0, t=30 if title else 10, b=0),
        title=dict(text=title, font_size=13) if title else None,
        xaxis=dict(type="date", title=None), yaxis=dict(categoryorder="array", categoryarray=order, title=None),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1, title_text="certainty"),
        meta=dict(drawn=len(dated), not_drawn=left_out, undated=len(undated)),
        uirevision="timeline",
    )
    return fig, undated


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
