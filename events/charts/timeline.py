"""The timeline: one bar per event over its date window, lanes so that no bar hides another."""

from __future__ import annotations


import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .base import (ACLED_COLOURS, CELL_DEG, CELL_SIZES, CELLS_ACROSS, CERTAINTY_COLOURS, CERTAINTY_ORDER, COLOUR_SCHEMES, COUNTRY_LEVEL, MAX_MAP_MARKS, MAX_MAP_POINTS, MAX_TIMELINE_BARS, MAX_TIMELINE_ROWS, NO_TYPE_COLOUR, PLOVER_COLOURS, UNKNOWN, _DAY_MS, _HOVER, _escape, colour_key, date_window, hover_data, marker_size, type_label, type_order)  # noqa: F401


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

MARK_WIDTH = 0.02
"""The share of the time axis a mark covers (an 11 px triangle or tick on a chart of 500-900 px).
For the lanes, a window narrower than this counts as this wide: marks a few days apart at a scale
of months would otherwise share a lane and cover one another."""

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


def _as_wide_as_a_mark(low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Widen the windows narrower than a mark (:data:`MARK_WIDTH` of the whole span) around their middle."""
    if not len(low):
        return low, high
    span = int((high.max() - low.min()).astype(np.int64)) + 1
    width = int(np.ceil(span * MARK_WIDTH))
    narrow = (high - low).astype(np.int64) + 1 < width
    middle = low + ((high - low).astype(np.int64) // 2).astype("timedelta64[D]")
    half = np.timedelta64(width // 2 + 1, "D")
    return np.where(narrow, middle - half, low), np.where(narrow, middle + half, high)


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
    lanes, used = assign_lanes(group, *_as_wide_as_a_mark(low, high))
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
