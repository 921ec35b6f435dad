"""The Events view's charts, drawn with plotly.js's partial bundles in a Streamlit component.

``st.plotly_chart`` loads Streamlit's full plotly bundle (4.7 MB, every trace type) before it draws
anything. The Events view draws its map with ``static/plotly-geo.min.js`` (1.4 MB: scattergeo,
choropleth, scatter) and its trend chart and timeline with ``static/plotly-basic.min.js`` (1.2 MB:
bar, scatter, pie), the map's first (npm ``plotly.js-geo-dist-min`` and ``plotly.js-basic-dist-min``
4.1.1, the plotly.js version the Python ``plotly`` package bundles; MIT). Streamlit serves their
gzip copies (``scripts/build_plotly_gz.py``) at ``/app/static/`` as they are, and the component
unpacks them in the browser: no network, and no compression by the server on each request. The
component (``st.components.v2``, drawn in the page itself, no frame) returns a selection in the
shape ``st.plotly_chart`` gives it (``customdata``, ``location``), so
:func:`events.query.expressions.picked` reads either.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

_CHART = st.components.v2.component(
    "tracker_plotly", html='<div class="tracker-plotly"></div>',
    js=(Path(__file__).resolve().parent / "chart.js").read_text(), isolate_styles=False)
BUNDLES = {"geo": "plotly-geo.min.js.gz", "basic": "plotly-basic.min.js.gz"}
"""The bundles' gzip copies (``scripts/build_plotly_gz.py``): served as they are, unpacked in the browser."""
"""plotly.js bundles in ``static/`` → the trace types each holds (tested in ``tests/test_charts.py``)."""
TRACES = {"geo": {"choropleth", "scatter", "scattergeo"}, "basic": {"bar", "pie", "scatter"}}


def figure_key(prefix: str, fig_json: str) -> str:
    """Return a widget key naming the figure: a new figure starts with no selection, as in ``st.plotly_chart``."""
    return f"{prefix}_{hashlib.blake2b(fig_json.encode(), digest_size=8).hexdigest()}"


def plotly_chart(fig: go.Figure, config: dict, key_prefix: str, bundle: str, select: str | None = None,
                 on_change=None, on_click=None) -> list[dict]:
    """Draw ``fig`` with a partial plotly.js bundle; return the selected points (empty if none).

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        A figure whose traces are all in ``bundle`` (:data:`TRACES`).
    config : dict
        plotly.js config (:func:`events.charts.plotly_config`); its ``topojsonURL`` (``…/app/static/``)
        also locates the bundle.
    key_prefix : str
        The widget key is this prefix and a digest of the figure.
    bundle : {"geo", "basic"}
    select : {"box", "points"} or None
        ``"box"``: a click selects a point and a drag a box (the map); ``"points"``: a click
        selects (the timeline); None: no selection (the trend chart).
    on_change : callable, optional
        Called with the widget key when the selection changes (a click, a box, a double click that clears).
    on_click : callable, optional
        With ``select``: called with the widget key on every click on a point, also on a point already
        selected, which the click unselects (no selection change names it); the points clicked are in
        the widget's state under ``"clicked"`` for that run.

    Returns
    -------
    list of dict
        Points with ``curve_number``, ``point_index``, ``customdata``, ``location``, ``lat``,
        ``lon`` (as the browser gives them).

    Raises
    ------
    ValueError
        If a trace of ``fig`` is not in ``bundle``: the browser would draw nothing.
    """
    missing = {t.type for t in fig.data} - TRACES[bundle]
    if missing:
        raise ValueError(f"the {bundle} bundle has no {', '.join(sorted(missing))} trace")
    fig_json = pio.to_json(fig, validate=False)
    key = figure_key(key_prefix, fig_json)
    data = {"spec": fig_json, "spec_id": key, "config": config, "script": config["topojsonURL"] + BUNDLES[bundle],
            "select": select}
    result = _CHART(key=key, data=data, default={"points": []},
                    on_points_change=(lambda: on_change(key)) if on_change else (lambda: None),
                    on_clicked_change=(lambda: on_click(key)) if on_click else (lambda: None))
    points = getattr(result, "points", None) or []
    return [p for p in points if isinstance(p, dict)]


PRELOAD_SHAPES = ("world_110m.json",)
"""Country shapes fetched with the bundles: the world map's (``events.charts.geo_layout``'s default resolution)."""
PRELOAD_WAIT_S = 1.5
"""Longest pause of a session's first run while the browser starts the downloads (see :func:`preload`).

The answer comes 0.1-0.2 s after the run starts on this 2-core machine at a load of 4-5; a browser
that has not answered by then (a loaded moment) gets the page without the pause's gain."""


def preload(config: dict, while_waiting=None) -> None:
    """Start downloading the plotly.js bundles and the world's shapes as the page opens; draws nothing.

    Drawn first in a run, before the sidebar and any query: the browser draws the sidebar before the
    main area and requests each element's code as it draws it, so the loader's code comes before
    that of the other widgets. The map's bundle runs as soon as it is here; the trend chart's
    downloads beside it and runs only when a chart needs it, after the map's. Each chart also asks
    for what it needs, so a page without the loader draws the same, later.

    On a session's first run in a browser, the run then pauses (at most :data:`PRELOAD_WAIT_S`)
    until the loader says it has asked for the files: the browser loads Streamlit's code for the
    page's elements over six connections, and a bundle asked for after the code of every widget
    waited behind it (0.5-0.7 s on a loaded machine). The loader's answer starts a new run, which
    ends the paused one at its next Streamlit call; the loader answers only a run that waits, so no
    other run starts one more. A test session (``AppTest``, no browser, no ``User-Agent``) does not
    pause.

    Parameters
    ----------
    config : dict
        plotly.js config (:func:`events.charts.plotly_config`); its ``topojsonURL`` locates the files.
    while_waiting : callable, optional
        Called once (no arguments) before the pause, if the run pauses: work the next run needs and
        would otherwise do itself (e.g. opening the store), done while the browser loads.
    """
    base = config["topojsonURL"]
    wait = not st.session_state.get("plotly_preload_asked") and bool(st.context.headers.get("User-Agent"))
    if wait:
        st.session_state["plotly_preload_asked"] = True  # once per session: the run the answer starts goes on
    with st.sidebar:
        _CHART(key="plotly_preload", data={"preload": [base + BUNDLES["geo"], base + BUNDLES["basic"]],
                                           "run": base + BUNDLES["geo"], "shapes": [base + s for s in PRELOAD_SHAPES],
                                           "wait": wait},
               default={"points": []}, on_points_change=lambda: None, on_started_change=lambda: None)
    if not wait:
        return
    deadline = time.monotonic() + PRELOAD_WAIT_S
    if while_waiting is not None:
        while_waiting()
    holder = st.sidebar.empty()
    while time.monotonic() < deadline:
        time.sleep(0.02)
        holder.empty()  # a Streamlit call: where a rerun the browser asked for stops this run
