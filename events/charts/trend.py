"""The trend chart: events per day, week or month by type, with reported fatalities."""

from __future__ import annotations

import math


import pandas as pd
import plotly.graph_objects as go

from .base import (ACLED_COLOURS, CELL_DEG, CELL_SIZES, CELLS_ACROSS, CERTAINTY_COLOURS, CERTAINTY_ORDER, COLOUR_SCHEMES, COUNTRY_LEVEL, MAX_MAP_MARKS, MAX_MAP_POINTS, MAX_TIMELINE_BARS, MAX_TIMELINE_ROWS, NO_TYPE_COLOUR, PLOVER_COLOURS, UNKNOWN, _DAY_MS, _HOVER, _escape, colour_key, date_window, hover_data, marker_size, type_label, type_order)  # noqa: F401


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


def _period_tick(period: str):
    """Return plotly's tick step for one period: a month ("M1") or a week or a day in milliseconds."""
    return "M1" if period == "month" else 86_400_000 * (7 if period == "week" else 1)


def _periods_spanned(periods: pd.Series, period: str) -> int:
    """How many periods the axis spans, first to last bar.

    Not how many bars there are: two bars three years apart span 150 weeks, and a tick per week
    would be 150 labels.
    """
    if not len(periods):
        return 0
    days = (pd.to_datetime(periods).max() - pd.to_datetime(periods).min()).days
    return days // {"day": 1, "week": 7, "month": 30}[period] + 1


def whole_ticks(top: float) -> dict:
    """Tick settings of an axis of whole numbers (events, deaths) whose largest value is ``top``.

    Below 50 plotly.js steps by 0.5 or 2.5, which whole-number labels show as "0, 1, 1, 2, 2": the
    step is a whole number here (about five ticks); from 50 on plotly.js's own steps are whole.

    >>> whole_ticks(7)
    {'tickformat': ',d', 'dtick': 2}
    >>> whole_ticks(1234)
    {'tickformat': ',d', 'dtick': None}
    """
    top = 0 if pd.isna(top) else float(top)
    return {"tickformat": ",d", "dtick": max(1, math.ceil(top / 5)) if top < 50 else None}


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
    tallest = int(counts.groupby("period")["events"].sum().max()) if len(counts) else 0
    most_deaths = counts.groupby("period")["fatalities"].sum().max() if len(counts) else 0
    fig.update_layout(
        barmode="stack", height=300, margin=dict(l=0, r=0, t=10, b=0), bargap=0.1,
        # ticks no finer than the bars: a day, a week, a month (plotly's "M1"), never hours
        xaxis=dict(type="date", title=None, tickformat="%b %Y" if period == "month" else "%d %b %Y",
                   dtick=_period_tick(period) if _periods_spanned(counts["period"], period) <= 14 else None),
        yaxis=dict(title=f"events per {period}", rangemode="tozero", **whole_ticks(tallest)),
        yaxis2=dict(title="fatalities reported", overlaying="y", side="right", rangemode="tozero", showgrid=False,
                    **whole_ticks(most_deaths)),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0, traceorder="normal"),
        meta=dict(dated=dated, undated=int(total - dated), period=period),
    )
    return fig
