"""The dashboard's queries as ibis expressions: filters and aggregates run in the engine, not in pandas.

Every function takes an ibis table of events (columns of :data:`events.schema.EVENT_COLUMNS` plus
``review_status``) and returns an ibis expression, or executes one and returns only what a chart
draws: a count, a few thousand rows, grid cells, per-period counts. The expressions use nothing
DuckDB-specific, so the same code can run on another ibis backend (e.g. Spark). DuckDB embedded
is the default (:func:`connect`), reading the store's Parquet file in place.

The review overlay (:mod:`events.overlay`) is applied by :func:`reviewed_table`: the rows the audit
log touches (usually few) are read, reviewed in pandas with :func:`events.overlay.apply_reviews`,
and put in place of their machine rows; every other row is ``new``.

Examples
--------
>>> con = connect()                                                    # doctest: +SKIP
>>> table = reviewed_table(con, "data/store")                          # doctest: +SKIP
>>> shown = filter_table(table, EventFilter(countries=("Ukraine",)))   # doctest: +SKIP
>>> headline_counts(shown).events                                      # doctest: +SKIP
"""

from __future__ import annotations

import os
import warnings

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..audit import read_entries
from ..errors import StoreError
from ..overlay import HIDDEN_STATUSES, REVIEW_COLUMNS, REVIEWED_STATUSES, apply_reviews
from ..schema import EVENT_COLUMNS, FIGURE_COLUMNS, to_schema
from ..store import events_path, figures_path
from . import ASSOC_SEPARATOR, CERTAINTY_ORDER, EventFilter
from .engine import read_parquet

COUNTRY_LEVEL = 3
SEP = ASSOC_SEPARATOR


def connect(engine: str | None = None) -> ibis.BaseBackend:
    """Return a connection to the configured engine (:func:`events.query.engine.connect`: DuckDB unless ``$EVENTS_ENGINE`` says otherwise)."""
    from .engine import connect as engine_connect

    return engine_connect(engine)


def _empty(columns: dict[str, str]) -> pd.DataFrame:
    return to_schema(pd.DataFrame({c: [] for c in columns}), columns)


def _memtable(frame: pd.DataFrame) -> ir.Table:
    """An in-memory ibis table with the event schema's types (NA-safe; dates as timestamps)."""
    out = {}
    for column, dtype in frame.dtypes.items():
        series = frame[column]
        if str(dtype) in ("string", "object"):
            out[column] = series.astype(object).where(series.notna(), None)
        elif str(dtype) == "Int64":
            out[column] = series.astype("Int64")
        else:
            out[column] = series
    return ibis.memtable(pd.DataFrame(out))


def reviewed_table(con: ibis.BaseBackend, store: str | os.PathLike) -> ir.Table:
    """Return the store's events as reviewed, as an ibis table (nothing is read into memory but the reviewed rows).

    Parameters
    ----------
    con : ibis backend
        E.g. :func:`connect`.
    store : path-like
        The store folder.

    Returns
    -------
    ibis.expr.types.Table
        Columns of :data:`events.schema.EVENT_COLUMNS` and
        :data:`events.overlay.REVIEW_COLUMNS`; hidden rows (rejected, merged, split) are kept — see
        :func:`visible`.

    Raises
    ------
    StoreError, AuditError
        If the store's files cannot be read.
    """
    path = events_path(store)
    if path.exists():
        try:
            machine = read_parquet(con, path, [c for c, d in EVENT_COLUMNS.items() if d.startswith("datetime64")])
        except Exception as exc:  # DuckDB and Spark raise their own error types for a damaged or foreign file
            raise StoreError(f"cannot read {path}: {exc}") from exc
    else:
        machine = _memtable(_empty(EVENT_COLUMNS))
    missing = [c for c in EVENT_COLUMNS if c not in machine.columns]
    if missing:  # a store written by another version: as events.store.load_events reads it
        warnings.warn(f"{path} has no column(s) {', '.join(missing)}: read as unknown (empty)", UserWarning,
                      stacklevel=2)
        types = _memtable(_empty({c: EVENT_COLUMNS[c] for c in missing})).schema()
        machine = machine.mutate(**{c: ibis.null().cast(types[c]) for c in missing})
    machine = machine.select(*EVENT_COLUMNS)
    entries = [e for e in read_entries(store) if (e.get("table") or "event") == "event"]
    plain = machine.mutate(review_status=ibis.literal("new"), merged_into=ibis.null(str), machine_changes=ibis.null(str))
    if not entries:
        return plain
    ids = sorted({e["row_id"] for e in entries})
    docs = sorted({e["doc_id"] for e in entries if e.get("doc_id")})
    touched = machine.filter(machine.event_id.isin(ids) | machine.doc_id.isin(docs) if docs
                             else machine.event_id.isin(ids)).to_pyarrow().to_pandas()
    touched = to_schema(touched, EVENT_COLUMNS)
    reviewed = apply_reviews(touched, entries, "event")
    changed = reviewed[(reviewed["review_status"] != "new") | reviewed["event_id"].isin(ids)
                       | ~reviewed["event_id"].isin(touched["event_id"])]
    replaced = sorted(set(changed["event_id"]))
    rest = plain.filter(~plain.event_id.isin(replaced)) if replaced else plain
    overlay = _memtable(changed[list(EVENT_COLUMNS) + list(REVIEW_COLUMNS)])
    return rest.union(overlay.cast(rest.schema()))


def as_view(con: ibis.BaseBackend, table: ir.Table, name: str) -> ir.Table:
    """Return ``table`` as a view of the engine named ``name`` (replaced if there), or ``table`` if the engine has none.

    A query built on the view compiles only what is added to it: the review overlay (a union and a
    filter) is compiled once, when the view is made, instead of in every query of a rerun (about
    half of ibis's compile time at 2,000,000 events; see the README's dashboard section).

    Parameters
    ----------
    con : ibis backend
        The connection ``table`` belongs to (a view lives in its catalogue).
    table : ibis.expr.types.Table
        E.g. :func:`reviewed_table`. The caller keeps it referenced as long as the view is used: it
        may read in-memory tables (the overlay) that ibis drops with the expression.
    name : str
        The view's name; an existing view of that name is replaced.

    Returns
    -------
    ibis.expr.types.Table
        The same rows and columns.
    """
    try:
        return con.create_view(name, table, overwrite=True)
    except Exception:  # an engine without views (or one that refuses this expression): the expression itself
        return table


def figures_frame(store: str | os.PathLike) -> pd.DataFrame:
    """Return the store's figures as reviewed (a pandas frame: figures are few, one per reported number)."""
    path = figures_path(store)
    figures = to_schema(pd.read_parquet(path), FIGURE_COLUMNS) if path.exists() else _empty(FIGURE_COLUMNS)
    return apply_reviews(figures, read_entries(store), "figure")


def visible(table: ir.Table, reviewed_only: bool = False) -> ir.Table:
    """Rows the dashboard shows: not rejected, merged or split; with ``reviewed_only``, accepted or corrected only."""
    if reviewed_only:
        return table.filter(table.review_status.isin(REVIEWED_STATUSES))
    return table.filter(~table.review_status.isin(HIDDEN_STATUSES))


def date_bounds(table: ir.Table) -> tuple[ir.Value, ir.Value]:
    """Each event's date window ``(start, end)`` as expressions, open sides filled from the other side.

    As :func:`events.query.date_window` followed by filling: a window with neither bound takes
    ``event_date`` for both; a window open on one side counts at its known day.
    """
    neither = table.date_start.isnull() & table.date_end.isnull()
    start = ibis.ifelse(neither, table.event_date, table.date_start)
    end = ibis.ifelse(neither, table.event_date, table.date_end)
    return ibis.coalesce(start, end), ibis.coalesce(end, start)


def _listed(column: ir.StringValue, names: tuple[str, ...]) -> ir.BooleanValue:
    """True where one of ``names`` is one of the ``"; "``-joined names in ``column``."""
    padded = SEP + column.fill_null("") + SEP
    test = ibis.literal(False)
    for name in names:
        test |= padded.contains(SEP + name + SEP)
    return test


def filter_expr(table: ir.Table, selection: EventFilter) -> ir.BooleanValue:
    """Return the boolean expression of :func:`events.query.filter_mask` for an ibis table.

    Parameters
    ----------
    table : ibis.expr.types.Table
        Events (columns of :data:`events.schema.EVENT_COLUMNS`).
    selection : EventFilter

    Returns
    -------
    ibis.expr.types.BooleanValue
        Same rules as :func:`events.query.filter_events`: facets combine with *and*, values of one
        facet with *or*; a date range keeps events whose window overlaps it and drops undated ones.
    """
    test = ibis.literal(True)
    if selection.actors:
        actors = list(selection.actors)
        test &= (table.actor1.isin(actors).fill_null(False) | table.actor2.isin(actors).fill_null(False)
                 | _listed(table.assoc_actor_1, selection.actors) | _listed(table.assoc_actor_2, selection.actors))
    if selection.event_types:
        types = list(selection.event_types)
        test &= table.plover_type.isin(types).fill_null(False) | table.event_type.isin(types).fill_null(False)
    for name, column in (("countries", "country"), ("certainties", "certainty"), ("sources", "doc_id"),
                         ("datasets", "dataset")):
        values = list(getattr(selection, name))
        if values:
            test &= table[column].isin(values).fill_null(False)
    if selection.has_dates:
        start, end = date_bounds(table)
        test &= start.notnull()
        if selection.date_to is not None:
            test &= start <= ibis.timestamp(pd.Timestamp(selection.date_to))
        if selection.date_from is not None:
            test &= end >= ibis.timestamp(pd.Timestamp(selection.date_from))
    return test


def filter_table(table: ir.Table, selection: EventFilter) -> ir.Table:
    """Return the events ``selection`` keeps (an expression; nothing runs yet)."""
    return table if selection.is_empty else table.filter(filter_expr(table, selection))


def facet_options(table: ir.Table) -> dict[str, list[str]]:
    """Return what :func:`events.query.filter_options` returns, computed in the engine.

    Returns
    -------
    dict of str to list of str
        ``actors`` (actor1, actor2 and each name of the associated actors), ``event_types``
        (PLOVER first, then ACLED), ``countries``, ``certainties`` (in
        :data:`events.query.CERTAINTY_ORDER`), ``sources`` and ``datasets``; sorted, no empties.
    """
    def distinct(column) -> list[str]:
        values = table.select(value=column).filter(lambda t: t.value.notnull() & (t.value != "")).distinct()
        return sorted(values.to_pyarrow().to_pandas()["value"].astype(str))

    actors = set(distinct(table.actor1)) | set(distinct(table.actor2))
    for column in (table.assoc_actor_1, table.assoc_actor_2):
        names = table.filter(column.notnull()).select(value=column.split(SEP).unnest())  # unnest, then strip (Spark)
        names = names.select(value=names.value.strip()).distinct()
        actors |= set(names.to_pyarrow().to_pandas()["value"].dropna()) - {""}
    certainties = set(distinct(table.certainty))
    return {
        "actors": sorted(actors),
        "event_types": distinct(table.plover_type) + distinct(table.event_type),
        "countries": distinct(table.country),
        "certainties": [c for c in CERTAINTY_ORDER if c in certainties] + sorted(certainties - set(CERTAINTY_ORDER)),
        "sources": distinct(table.doc_id),
        "datasets": distinct(table.dataset),
    }


def headline_counts(table: ir.Table):
    """Return :class:`events.summaries.EventCounts` of ``table`` (see :func:`view_summary`)."""
    return view_summary(table)[0]


def view_summary(table: ir.Table) -> tuple:
    """Return the headline counts, the number of located events and the span of dates, in two queries.

    Returns
    -------
    tuple
        (:class:`events.summaries.EventCounts`, located events (int), first and last day
        (pandas.Timestamp or NaT) over which :func:`trend_counts` counts).
    """
    return view_summary_extent(table)[:3]


def _extent_metrics(table: ir.Table) -> dict:
    """Aggregates of :func:`extent` over the located rows of ``table`` (to add to another aggregate)."""
    here = table.latitude.notnull() & table.longitude.notnull()
    return dict(
        _n=here.sum(),
        _a=table.latitude.min(where=here), _b=table.latitude.max(where=here),
        _c=table.longitude.min(where=here), _d=table.longitude.max(where=here),
        _qa=table.latitude.quantile(0.01, where=here), _qb=table.latitude.quantile(0.99, where=here),
        _qc=table.longitude.quantile(0.01, where=here), _qd=table.longitude.quantile(0.99, where=here),
    )


def _extent_of(row) -> tuple[float, float, float, float] | None:
    """The extent rule on a row of :func:`_extent_metrics`: 1st-99th percentile above 200 points, else min-max."""
    if pd.isna(row["_n"]) or not row["_n"]:
        return None
    keys = ("_qa", "_qb", "_qc", "_qd") if row["_n"] > 200 else ("_a", "_b", "_c", "_d")
    return tuple(float(row[k]) for k in keys)


def view_summary_extent(table: ir.Table) -> tuple:
    """Return :func:`view_summary`'s three values and :func:`extent`, in the same two queries.

    The map needs the extent whenever it draws grid cells; counted in the same scan as the headline
    numbers, it costs no query of its own.

    Parameters
    ----------
    table : ibis.expr.types.Table
        Events (e.g. :func:`filter_table`'s result).

    Returns
    -------
    tuple
        (:class:`events.summaries.EventCounts`, located events (int), (first day, last day) as
        pandas.Timestamp or NaT, extent as (lat_min, lat_max, lon_min, lon_max) in degrees or None
        when no event is located): the extent is :func:`extent`'s.
    """
    from ..summaries import EventCounts

    start, end = date_bounds(table)
    day = ibis.coalesce(table.event_date, end, start)
    row = table.aggregate(
        **_extent_metrics(table),
        events=table.count(),
        countries=table.country.nunique(),
        undated=(start.isnull() & end.isnull()).sum(),
        country_level=(table.geo_precision == COUNTRY_LEVEL).fill_null(False).sum(),
        fatalities=table.fatalities.sum(),
        fatalities_unknown=table.fatalities.isnull().sum(),
        located=(table.latitude.notnull() & table.longitude.notnull()).sum(),
        first_day=day.min(), last_day=day.max(),
    ).to_pyarrow().to_pandas().iloc[0]
    pair = table.select(name=table.actor1).union(table.select(name=table.actor2), distinct=True)
    actors = int(pair.filter(pair.name.notnull()).count().to_pyarrow().as_py())

    def whole(value) -> int:
        return 0 if pd.isna(value) else int(value)

    counts = EventCounts(events=whole(row["events"]), countries=whole(row["countries"]), actors=actors,
                         undated=whole(row["undated"]), country_level=whole(row["country_level"]),
                         fatalities=whole(row["fatalities"]), fatalities_unknown=whole(row["fatalities_unknown"]))
    return (counts, whole(row["located"]), (pd.Timestamp(row["first_day"]), pd.Timestamp(row["last_day"])),
            _extent_of(row))


def located(table: ir.Table) -> ir.Table:
    """Events with a point on the map."""
    return table.filter(table.latitude.notnull() & table.longitude.notnull())


def within(table: ir.Table, area: tuple[float, float, float, float] | None) -> ir.Table:
    """Events with a point inside ``area`` (lat_min, lat_max, lon_min, lon_max; degrees, bounds included).

    None keeps every event, located or not; an area keeps located events only.
    """
    if area is None:
        return table
    lat_min, lat_max, lon_min, lon_max = (float(v) for v in area)
    return table.filter(table.latitude.between(lat_min, lat_max) & table.longitude.between(lon_min, lon_max))


def extent(table: ir.Table) -> tuple[float, float, float, float] | None:
    """Return (lat_min, lat_max, lon_min, lon_max) of most located events (1st-99th percentile above 200).

    The same rule as :func:`events.charts.map_figure` applies to a frame, so a map drawn from cells
    and one drawn from points fit the same way.
    """
    return _extent_of(table.aggregate(**_extent_metrics(table)).to_pyarrow().to_pandas().iloc[0])


def colour_column(table: ir.Table, colour_by: str) -> ir.StringValue:
    """The colour class of :func:`events.charts.colour_key` as an expression."""
    if colour_by == "acled":
        from ..charts import plover_to_acled

        crosswalk = table.plover_type.substitute(plover_to_acled(), else_=ibis.null(str))
        return ibis.coalesce(table.event_type, crosswalk, ibis.literal("no ACLED type"))
    if colour_by == "plover":
        return table.plover_type.fill_null("no PLOVER type")
    raise ValueError(f"colour_by must be 'acled' or 'plover', not {colour_by!r}")


def grid_cells(table: ir.Table, cell_deg: float, colour_by: str = "acled") -> pd.DataFrame:
    """Count located events per grid cell, colour class and level, in the engine.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`events.charts.grid_cells`: ``kind``, ``level``, ``row``, ``col``,
        ``lat``, ``lon``, ``n``, ``fatalities``, ``known``.
    """
    points = located(table)
    points = points.mutate(
        kind=colour_column(points, colour_by),
        level=(points.geo_precision == COUNTRY_LEVEL).fill_null(False),
        row=(points.latitude / cell_deg).floor().cast("int64"),
        col=(points.longitude / cell_deg).floor().cast("int64"),
    )
    cells = points.group_by(["kind", "level", "row", "col"]).aggregate(
        lat=points.latitude.mean(), lon=points.longitude.mean(), n=points.count(),
        fatalities=points.fatalities.sum().fill_null(0), known=points.fatalities.count(),
    ).order_by(["kind", "level", "row", "col"])
    return cells.to_pyarrow().to_pandas()


def top_places(table: ir.Table, top: int = 12) -> pd.DataFrame:
    """The ``top`` places (below country level) with most events: ``location``, ``n``, ``lat``, ``lon``."""
    points = located(table)
    precise = points.filter(points.location.notnull() & (points.geo_precision != COUNTRY_LEVEL).fill_null(True))
    return (precise.group_by("location").aggregate(n=precise.count(), lat=precise.latitude.mean(),
                                                   lon=precise.longitude.mean())
            .order_by([ibis.desc("n"), "location"]).limit(top).to_pyarrow().to_pandas())


def country_counts(table: ir.Table) -> pd.DataFrame:
    """Events per country (:func:`events.charts.country_counts`), computed in the engine."""
    known = table.filter(table.iso3.notnull())
    counts = known.group_by("iso3").aggregate(country=known.country.arbitrary(), events=known.count())
    return counts.order_by([ibis.desc("events"), "iso3"]).to_pyarrow().to_pandas()


def trend_counts(table: ir.Table, colour_by: str = "acled", span=None) -> tuple[pd.DataFrame, str]:
    """Events and reported fatalities per period and colour class (:func:`events.charts.trend_counts`), in the engine.

    ``span`` (first and last day, from :func:`view_summary`) saves one query when known.
    """
    from ..charts import trend_period

    start, end = date_bounds(table)
    day = ibis.coalesce(table.event_date, end, start)
    dated = table.mutate(day=day, kind=colour_column(table, colour_by)).filter(lambda t: t.day.notnull())
    if span is None:
        row = dated.aggregate(lo=dated.day.min(), hi=dated.day.max()).to_pyarrow().to_pandas().iloc[0]
        span = (row["lo"], row["hi"])
    if pd.isna(span[0]):
        return pd.DataFrame(columns=["period", "kind", "events", "fatalities"]), "day"
    period = trend_period(int((pd.Timestamp(span[1]) - pd.Timestamp(span[0])).days))
    unit = {"day": "D", "week": "W", "month": "M"}[period]
    dated = dated.mutate(period=dated.day.truncate(unit))
    grouped = dated.group_by(["period", "kind"]).aggregate(events=dated.count(), fatalities=dated.fatalities.sum())
    counts = grouped.order_by(["period", "kind"]).to_pyarrow().to_pandas()
    counts["period"] = pd.to_datetime(counts["period"])
    counts["fatalities"] = counts["fatalities"].astype("float64")
    return counts, period


def latest(table: ir.Table, limit: int) -> ir.Table:
    """The ``limit`` events with the latest dates (undated last), newest first."""
    start, end = date_bounds(table)
    return table.mutate(_when=ibis.coalesce(end, start)).order_by([ibis.desc("_when"), "event_id"]).drop("_when").limit(limit)


def dated(table: ir.Table) -> ir.Table:
    """Events with at least one known day."""
    start, end = date_bounds(table)
    return table.filter(start.notnull() | end.notnull())


def undated(table: ir.Table) -> ir.Table:
    """Events with no date at all."""
    start, end = date_bounds(table)
    return table.filter(start.isnull() & end.isnull())


def to_frame(table: ir.Table) -> pd.DataFrame:
    """Execute and return the rows in the event schema's pandas dtypes (review columns kept).

    Through Arrow (``to_pyarrow``), which is about twice as fast here as ibis's own ``to_pandas``.
    """
    frame = table.to_pyarrow().to_pandas()
    extra = {c: d for c, d in REVIEW_COLUMNS.items() if c in frame.columns}
    return to_schema(frame, {**EVENT_COLUMNS, **extra})


def picked(table: ir.Table, points) -> ir.Table | None:
    """The events a plotly selection on the map names (:func:`events.charts.selected_mask`), as a filter.

    Parameters
    ----------
    table : ibis.expr.types.Table
    points : iterable of mapping
        Selected points: ``customdata[0]`` an event id or a cell key ``"cell:<deg>:<row>:<col>"``;
        a choropleth country carries ``location`` (ISO3).

    Returns
    -------
    ibis.expr.types.Table or None
        None when nothing was picked.
    """
    ids, countries, test = [], [], ibis.literal(False)
    for point in points:
        custom = point.get("customdata")
        first = custom[0] if isinstance(custom, (list, tuple)) and custom else custom
        if isinstance(first, str) and first.startswith("cell:") and len(first.split(":")) == 4:
            deg, row, col = (float(x) for x in first.split(":")[1:])
            test |= (((table.latitude / deg).floor().cast("int64") == int(row))
                     & ((table.longitude / deg).floor().cast("int64") == int(col))).fill_null(False)
        elif isinstance(first, str):
            ids.append(first)
        elif point.get("location"):
            countries.append(str(point["location"]))
    if ids:
        test |= table.event_id.isin(ids)
    if countries:
        test |= table.iso3.isin(countries).fill_null(False)
    if not (ids or countries) and test.equals(ibis.literal(False)):
        return None
    return table.filter(test)
