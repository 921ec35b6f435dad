"""What every chart shares: colours, the offline plotly config, the text of dates, actors and hovers.

The map draws with no internet access when the front end is given :func:`plotly_config`: plotly's
geo traces load their country shapes (Natural Earth topojson) from ``topojsonURL``, which points
at the copy bundled under ``static/`` and served by Streamlit at ``/app/static/``.
"""

from __future__ import annotations

from functools import cache


import numpy as np
import pandas as pd
from plotly.colors import qualitative

from ..query import CERTAINTY_ORDER, date_window  # noqa: F401 - shared with the chart modules
from ..reference.lexicon import read_table
from ..schema import ACLED_EVENT_TYPES, PLOVER_TYPES

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
    """Return the plotly.js config for charts of this app: local topojson, no logo, no upload button.

    plotly.js 4 shows a "Share chart" button that uploads the chart to Plotly Cloud unless told not to.

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
    # no button that uploads the chart to Plotly Cloud (plotly.js 4 shows one unless told not to): the
    # events stay on this machine
    return {"topojsonURL": prefix + STATIC_URL_PATH, "displaylogo": False, "scrollZoom": True,
            "showSendToCloud": False, "showEditInChartStudio": False, "showLink": False,
            "modeBarButtonsToRemove": ["sendChartToCloud", "sendDataToCloud", "editInChartStudio"]}


def type_label(events: pd.DataFrame) -> pd.Series:
    """Return each event's type for colouring: ``plover_type``, else ACLED ``event_type``, else "unknown"."""
    return events["plover_type"].fillna(events["event_type"]).fillna(UNKNOWN).astype(str)


@cache
def plover_to_acled() -> dict[str, str]:
    """Return the PLOVER → ACLED event type crosswalk of ``data/plover_to_acled.csv`` (types with one only)."""
    table = read_table("plover_to_acled.csv")
    return {p: a for p, a in zip(table["plover_type"], table["event_type"]) if a}


def colour_key(events: pd.DataFrame, colour_by: str = "acled") -> pd.Series:
    """Return each event's colour class: its ACLED event type, or its PLOVER category.

    Parameters
    ----------
    events : pandas.DataFrame
        Event table.
    colour_by : {"acled", "plover"}
        Which typology. For ``"acled"``, a row without ``event_type`` (UCDP's state-based and
        non-state conflict, many articles' events) takes the ACLED type its ``plover_type`` maps to
        in ``data/plover_to_acled.csv`` (ASSAULT → Battles); rows still without one are
        "no ACLED type" (and "no PLOVER type" for ``"plover"``).

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
    if colour_by == "plover":
        return events["plover_type"].fillna("no PLOVER type").astype(str)
    crosswalk = events["plover_type"].map(plover_to_acled()).astype("string")
    return events["event_type"].fillna(crosswalk).fillna("no ACLED type").astype(str)


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


