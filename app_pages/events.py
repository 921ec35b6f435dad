"""The Events view: sidebar filter, headline counts, map with the detail panel beside it, trend,
timeline, figure cards, the event table and downloads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import events
from events import charts, export, review, sources, summaries
from events.markup import escape_markdown as md
from events.markup import escape_markdown_inline as md_inline
from events.query import (EventFilter, describe_filter, filter_figures, from_query_params, restrict_to_options,
                          to_query_params)
from events.query import expressions as q

from .common import Latest, clear_filters, request, show_message, store_version
from .plotly_bundle import plotly_chart

TABLE_ROWS = 500
UNDATED_ROWS = 50
FACETS = {  # EventFilter field → (widget key, sidebar label)
    "actors": ("f_actors", "Actor"),
    "event_types": ("f_types", "Event type (PLOVER or ACLED)"),
    "countries": ("f_countries", "Country"),
    "certainties": ("f_certainty", "Certainty"),
    "sources": ("f_sources", "Source article"),
    "datasets": ("f_datasets", "Dataset"),
}
IMPORT_KINDS = {"acled": "ACLED export (CSV)", "gdelt": "GDELT events / mentions", "ucdp": "UCDP GED (CSV)",
                "events": "Export of this tracker"}
KEPT_KEYS = (*(key for key, _ in FACETS.values()), "f_from", "f_to", "f_reviewed", "choropleth", "map_colour",
             "map_country_level", "timeline_rows", "csv_bom")
"""Widget values of this view that must survive a visit to another view."""


@st.cache_data(show_spinner=False, max_entries=4)
def options_for(store: str, version: tuple, reviewed_only: bool) -> tuple[dict, dict]:
    """Facet values of the store's visible rows and readable names of its articles (small; computed in DuckDB)."""
    table = q.visible(q.reviewed_table(q.connect(), store), reviewed_only)
    docs = table.group_by("doc_id").aggregate(source=table.source.arbitrary(), source_url=table.source_url.arbitrary(),
                                              dataset=table.dataset.arbitrary()).to_pyarrow().to_pandas()
    return q.facet_options(table), sources.source_labels(docs, store)


def session_table(store: Path):
    """The store's reviewed events as an ibis table: one DuckDB connection and view per session and store version,
    instead of a new connection and a new read of the audit log on every rerun; every query of a rerun starts
    from that view, so ibis compiles only the filter and the aggregate (about half the compile time)."""
    key = (str(store), store_version(store))
    held = st.session_state.get("events_table")
    if held is None or held[0] != key:
        con = q.connect()
        reviewed = q.reviewed_table(con, store)
        # the expression stays held too: the view reads its in-memory overlay table
        held = (key, q.as_view(con, reviewed, "reviewed_events"), reviewed)
        st.session_state["events_table"] = held
    return held[1]


def prepare(store: Path) -> None:
    """Open the session's view of the store (:func:`session_table`) ahead of the view, e.g. while a first run waits.

    An unreadable store is left for :func:`show` to report.
    """
    try:
        session_table(store)
    except events.EventsError:
        pass


# The results below are small (counts, at most MAX_MAP_MARKS marks, per-period counts, TABLE_ROWS rows) and keyed
# by what fixes them: the store's version and the filter. The ibis table (leading underscore: not hashed) is the
# store's visible rows under that filter, so a second session opening the same view, or an analyst going back to
# an earlier filter, reads no rows again.
@st.cache_data(show_spinner=False, max_entries=64)
def summary_of(store: str, version: tuple, selection: EventFilter, reviewed_only: bool, _shown) -> tuple:
    """Headline counts, located events, the span of days and the map's extent, in one scan
    (:func:`events.query.expressions.view_summary_extent`)."""
    return q.view_summary_extent(_shown)


@st.cache_data(show_spinner=False, max_entries=64)
def map_of(store: str, version: tuple, selection: EventFilter, reviewed_only: bool, colour_by: str, country_level: bool,
           choropleth: bool, area: tuple | None, _shown, _counts, n_located: int, extent: tuple | None) -> dict | None:
    """The map figure as a dict: single points up to MAX_MAP_POINTS located events, else grid cells counted in the engine.

    With ``area`` (lat_min, lat_max, lon_min, lon_max) the map shows the events inside it, fitted to it, with cells
    sized to it (finer than the whole selection's); None when no event lies in it. ``extent`` is the whole
    selection's (from :func:`summary_of`). A dict, rebuilt into a figure on
    every run: a cached value comes back as a copy, and the chart's identity (its selection) depends on its exact
    JSON, so the run that computes it and the runs that reuse it must draw the same.
    """
    shown = q.within(_shown, area)
    in_area = n_located if area is None else int(q.located(shown).count().to_pyarrow().as_py())
    if not in_area:
        return None
    if in_area <= charts.MAX_MAP_POINTS:
        fig = charts.map_figure(q.to_frame(q.located(shown)), choropleth=choropleth, colour_by=colour_by,
                                country_level=country_level)
        if area is not None:
            fig.update_layout(geo=charts.geo_layout(area), height=charts.map_height(area))
    else:
        extent = area or extent
        fig = charts.cells_map_figure(lambda deg: q.grid_cells(shown, deg, colour_by), charts.cell_size(extent), extent,
                                      in_area, _counts.events - n_located, _counts.country_level, colour_by,
                                      country_level, q.top_places(shown), q.country_counts(shown) if choropleth else None)
    fig.layout.meta["area"] = list(area) if area else None
    fig.layout.meta["in_area"] = in_area
    return fig.to_dict()


def _zoom_to(area: tuple | None) -> None:
    if area is None:
        st.session_state.pop("map_area", None)
    else:
        st.session_state["map_area"] = area


def _area_text(area: tuple) -> str:
    """(lat_min, lat_max, lon_min, lon_max) as "12.10° to 15.30° N, 43.00° to 45.20° E" (south and west negative)."""
    def degrees(a: float, b: float, plus: str, minus: str) -> str:
        return f"{abs(a):.2f}° {plus if a >= 0 else minus} to {abs(b):.2f}° {plus if b >= 0 else minus}"
    return f"{degrees(area[0], area[1], 'N', 'S')}, {degrees(area[2], area[3], 'E', 'W')}"


@st.cache_data(show_spinner=False, max_entries=64)
def trend_of(store: str, version: tuple, selection: EventFilter, reviewed_only: bool, colour_by: str, _shown,
             span) -> tuple[pd.DataFrame, str]:
    """Events and fatalities per period and colour class (:func:`events.query.expressions.trend_counts`)."""
    return q.trend_counts(_shown, colour_by, span)


@st.cache_data(show_spinner=False, max_entries=64)
def figures_of(store: str, version: tuple, selection: EventFilter, table_reviewed_only: bool, reviewed_only: bool,
               _shown) -> pd.DataFrame:
    """The figures of the shown events and of the filter's articles (:func:`events.query.filter_figures`)."""
    figures = q.figures_frame(store)
    if not len(figures):
        return figures
    figures = events.overlay.visible(figures, reviewed_only)
    linked = figures["event_id"].dropna().unique().tolist()
    shown_ids = (_shown.filter(_shown.event_id.isin(linked)).select("event_id").to_pyarrow().to_pandas()["event_id"]
                 if linked else [])
    return filter_figures(figures, selection, shown_ids)


@st.cache_data(show_spinner=False, max_entries=64)
def rows_of(store: str, version: tuple, selection: EventFilter, reviewed_only: bool, which: str, _rows) -> pd.DataFrame:
    """The rows of a small query: ``"latest"`` (the table's newest TABLE_ROWS), ``"dated"`` (for the timeline) or
    ``"undated"`` (the first UNDATED_ROWS undated events, listed beside the timeline)."""
    if which == "undated":
        return q.to_frame(q.undated(_rows).order_by("event_id").limit(UNDATED_ROWS))
    return q.to_frame(q.latest(_rows, TABLE_ROWS) if which == "latest" else q.dated(_rows))


@st.cache_data(show_spinner=False, max_entries=4)
def store_counts(store: str, version: tuple) -> tuple[int, dict]:
    """Events stored, and events visible without and with "Reviewed rows only" (three numbers per store version)."""
    table = q.reviewed_table(q.connect(), store)
    return (int(table.count().to_pyarrow().as_py()),
            {flag: int(q.visible(table, flag).count().to_pyarrow().as_py()) for flag in (False, True)})


def build_store_from_seeds(store: Path, seeds: Path) -> None:
    """Fill an empty store from ``seeds/`` with a progress bar."""
    from events.ingest import ingest_articles

    paths = sorted(seeds.glob("*.txt")) + sorted(seeds.glob("*.md"))
    bar = st.progress(0.0, text=f"Building the event store from {len(paths)} seed article(s)…")

    def on_progress(done: int, total: int, path) -> None:
        bar.progress(done / max(total, 1), text=f"Read {Path(path).name} ({done} of {total})")

    ingest_articles(paths, store=store, on_progress=on_progress)
    bar.empty()


def import_panel(store: Path) -> None:
    """Sidebar form: upload ACLED, GDELT or UCDP files and import them into the store."""
    from events.datasets import import_uploads

    with st.sidebar.expander("Import a dataset"):
        kind = st.selectbox("Kind of file", list(IMPORT_KINDS), format_func=IMPORT_KINDS.get, key="import_kind")
        files = st.file_uploader("Files", accept_multiple_files=True, key="import_files")
        skip = st.checkbox("Skip bad rows (and report them)", key="import_skip")
        order = st.selectbox("Slash dates such as 5/9/2020", [None, "dmy", "mdy"], key="import_date_order",
                             format_func={None: "refuse if ambiguous", "dmy": "day/month/year",
                                          "mdy": "month/day/year"}.get)
        if not st.button("Import", key="import_go", disabled=not files):
            return
        bar = st.progress(0.0, text="Reading…")

        def on_progress(done: int, total: int, name: str) -> None:
            bar.progress(done / max(total, 1), text=f"Read {name} ({done} of {total})")

        try:
            report = import_uploads(kind, [(f.name, f.getvalue()) for f in files], store=store,
                                    skip_bad_rows=skip, on_progress=on_progress, date_order=order)
        except events.EventsError as exc:
            bar.empty()
            st.error(f"Nothing was imported: {exc}")
            return
        bar.empty()
        head, *details = report.summary_lines()
        st.success(head)
        for line in details:
            st.warning(line)


def init_widgets(url_filter: EventFilter) -> None:
    """Give the sidebar widgets the URL's filter, once per session."""
    if st.session_state.get("filters_from_url"):
        return
    for field, (key, _) in FACETS.items():
        st.session_state[key] = list(getattr(url_filter, field))
    st.session_state["f_from"], st.session_state["f_to"] = url_filter.date_from, url_filter.date_to
    st.session_state["f_reviewed"] = st.query_params.get("reviewed") == "1"
    st.session_state["filters_from_url"] = True


def sidebar_filter(options: dict, labels: dict) -> EventFilter:
    """Draw the filter widgets and return their value as an EventFilter."""
    st.sidebar.header("Filter")
    chosen = {}
    for field, (key, label) in FACETS.items():
        shown = (lambda v: labels.get(v, v)) if field == "sources" else str
        chosen[field] = st.sidebar.multiselect(label, options[field], key=key, placeholder="any", format_func=shown)
    left, right = st.sidebar.columns(2)
    bounds = dict(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31), format="YYYY-MM-DD")
    date_from = left.date_input("From", key="f_from", **bounds)
    date_to = right.date_input("To", key="f_to", **bounds)
    st.sidebar.caption("An event counts when its date window overlaps the range; a range drops undated events.")
    st.sidebar.checkbox("Reviewed rows only (accepted or corrected)", key="f_reviewed")
    st.sidebar.button("Clear filters", on_click=clear_filters)
    if date_from and date_to and date_from > date_to:
        st.sidebar.warning("“From” is after “To”: the dates were swapped.")
        date_from, date_to = date_to, date_from
    return EventFilter(date_from=date_from, date_to=date_to, **chosen)


def _picked_on_chart(key: str, field: str = "points") -> None:
    """A selection on the map or the timeline: its first event opens in the detail panel.

    The state of :func:`app_pages.plotly_bundle.plotly_chart` holds ``{"points": [...]}`` (the
    selection) and, in the run after a click, ``{"clicked": [...]}`` (``field``).
    """
    state = st.session_state.get(key) or {}
    points = state.get(field) or []
    for point in points:
        custom = point.get("customdata")
        first = custom[0] if isinstance(custom, (list, tuple)) and custom else custom
        if isinstance(first, str) and not first.startswith("cell:"):
            st.session_state["detail_id"] = first
            return


def _clicked_on_chart(key: str) -> None:
    """A click on a point of the map or the timeline opens its event, also when that point was selected already.

    The click unselects such a point, so no selection names it: an event opened from the table after
    a point was selected on the map was not opened again by a click on that point.
    """
    _picked_on_chart(key, "clicked")


def _picked_in_table(ids: list[str]) -> None:
    """A row ticked or a cell clicked in the events table: that row's event opens in the detail panel."""
    selection = (st.session_state.get("table") or {}).get("selection", {})
    rows = list(selection.get("rows", [])) + [cell[0] for cell in selection.get("cells", [])]
    if rows and 0 <= rows[0] < len(ids):
        st.session_state["detail_id"] = ids[rows[0]]


def show_map(shown, counts, n_located: int, extent, config: dict, key: tuple):
    """Draw the map (points, or grid cells counted in DuckDB); return the table narrowed to a selection, or None.

    ``key`` is (store, version, selection, reviewed_only): what the cached figure depends on besides the toggles.
    """
    left, middle, right = st.columns(3)
    colour_by = left.radio("Colour by", list(charts.COLOUR_SCHEMES), horizontal=True, key="map_colour",
                           format_func=charts.COLOUR_SCHEMES.get)
    st.session_state.setdefault("map_country_level", True)
    country_level = middle.toggle("Country-level points", key="map_country_level",
                                  help="Events placed only at country level (geo_precision 3), drawn as rings.")
    choropleth = right.toggle("Shade countries by number of events", key="choropleth")
    n_level = counts.country_level
    n_unlocated = counts.events - n_located
    if not n_located:
        st.info("None of these events has a place to map.")
        return None
    area = st.session_state.get("map_area")
    spec = map_of(*key, colour_by, country_level, choropleth, area, shown, counts, n_located, extent)
    if spec is None:
        st.info(f"No event of this selection lies in the zoomed area ({_area_text(area)}).")
        st.button("Show the whole map", key="map_unzoom", on_click=_zoom_to, args=(None,))
        return None
    fig = go.Figure(spec)
    fig.layout.meta["unlocated"] = n_unlocated
    with st.container(key="map"):
        selected = plotly_chart(fig, config, "map_chart", "geo", select="box", on_change=_picked_on_chart,
                                on_click=_clicked_on_chart)
    notes = ["Click a point for its evidence and source (the table shows that event); drag a box to narrow the table."]
    if fig.layout.meta["country_level"]:
        notes.append(f"Rings: {n_level:,} country-level point(s) (geo_precision 3), not a precise place.")
    if n_unlocated:
        notes.append(f"{n_unlocated:,} event(s) have no place.")
    st.caption(" ".join(notes))
    picked = q.picked(shown, selected) if selected else None
    if area is not None:
        cells = f" in {fig.layout.meta['cell_deg']:g}° cells" if fig.layout.meta["aggregated"] else ""
        st.caption(f"Map zoomed to {_area_text(area)}: {fig.layout.meta['in_area']:,} of {n_located:,} located "
                   f"events{cells}. The numbers, the charts and the table still count the whole selection.")
        st.button("Show the whole map", key="map_unzoom", on_click=_zoom_to, args=(None,))
    elif picked is not None:
        st.button("Zoom the map to the selection", key="map_zoom", on_click=_zoom_to,
                  args=(charts.zoom_area(q.extent(picked)),),
                  help="Redraw the map over the selected events' area; grid cells get finer with a smaller area.")
    return picked


def _or(value, default: str) -> str:
    """``value`` as text, or ``default`` when it is empty or missing (NA has no truth value)."""
    return default if value is None or pd.isna(value) or value == "" else str(value)


def show_detail(store: Path, table, event_id: str | None) -> None:
    """The detail panel: what, who, where, when, how sure, the evidence in its article, and the source."""
    rows = q.to_frame(table.filter(table.event_id == event_id)) if event_id else None
    if rows is None or rows.empty:
        st.info("Select an event — a point on the map, a bar of the timeline or a row of the table — to see its "
                "evidence and source here.")
        return
    row = rows.iloc[0]
    detail = summaries.event_detail(row)
    box = st.container(border=True, key="detail")
    box.markdown(f"#### {md(detail.title)}")
    box.caption(md(f"{detail.row_label} · review status: {detail.status}"))
    box.markdown("\n".join(f"- **{md(name)}**: {md(value)}" for name, value in detail.facts))
    document = None
    if detail.dataset == "article" and isinstance(row["doc_id"], str):
        document = sources.source_document(row["doc_id"], row["source"], row["source_url"], store)
    box.markdown("**Evidence**")
    box.html('<div style="max-height: 300px; overflow-y: auto; line-height: 1.45; font-size: 0.92rem">'
             + sources.evidence_html(document.text if document else None, [row["sentence"]]) + "</div>")
    box.markdown("**Source**")
    if document is not None:
        label = md(document.label)
        box.markdown(f"[{label}]({document.link})" if document.link else label)
        if document.file_name and not document.link:
            box.caption(md(f"Read from the local file {document.file_name} (not a web page)."))
    else:
        link = sources.safe_link(row["source_url"])
        text = md(_or(row["source"], sources.row_label(event_id, row["dataset"])))
        box.markdown(f"[{text}]({link})" if link else text)
    if row["review_status"] in ("new", "accepted", "corrected"):
        box.text_input("Reason (required to reject)", key="detail_reason")
        accept, reject = box.columns(2)
        accept.button("Accept", key="detail_accept", disabled=row["review_status"] == "accepted", on_click=request,
                      args=("Accepted", 1, review.accept, store, [event_id], Latest("reviewer")))
        reject.button("Reject", key="detail_reject", on_click=request,
                      args=("Rejected", 1, review.reject, store, [event_id], Latest("reviewer"), Latest("detail_reason")))
        if row["review_status"] == "corrected":
            box.button("Revert corrections (machine values back)", key="detail_revert", on_click=request,
                       args=("Reverted", 1, review.revert, store, [event_id], Latest("reviewer"), Latest("detail_reason")))
        box.caption("Correct fields, merge or split in the Review view.")


def show_timeline(shown, counts, config: dict, key: tuple) -> None:
    """One bar per event and actor: drawn for selections of up to MAX_TIMELINE_BARS dated events."""
    dated = counts.events - counts.undated
    if dated > charts.MAX_TIMELINE_BARS:
        st.caption(f"The timeline draws single events: narrow the filter to at most {charts.MAX_TIMELINE_BARS:,} "
                   f"dated events (now {dated:,}). The chart above counts them all.")
        return
    group_by = st.radio("Rows", ["actor", "event_type"], horizontal=True, key="timeline_rows",
                        format_func={"actor": "by actor", "event_type": "by event type"}.get)
    fig, _ = charts.timeline_figure(rows_of(*key, "dated", shown), group_by=group_by)
    chart, side = st.columns([4, 1])
    if fig.layout.meta["drawn"]:
        with chart.container(key="timeline"):
            plotly_chart(fig, config, "timeline_chart", "basic", select="points", on_change=_picked_on_chart,
                         on_click=_clicked_on_chart)
    else:
        chart.info("None of these events has a date to draw.")
    side.markdown(f"**Undated ({counts.undated:,})**")
    if counts.undated:
        for row in rows_of(*key, "undated", shown).itertuples():
            side.caption(md(f"{_or(row.actor1, 'unknown actor')} → {_or(row.actor2, '–')} · "
                            f"{_or(row.certainty, 'unknown')}: {_or(row.sentence, '')}") + f" _({md(row.event_id)})_")


def show_figures(figures: pd.DataFrame, labels: dict) -> None:
    groups = summaries.figure_cards(figures)
    if not groups:
        st.caption("No figures reported for these events.")
        return
    st.html(summaries.figure_cards_html(groups, labels))


def show_downloads(shown, selection: EventFilter) -> None:
    """Download buttons; the rows are read from the store only when a button is clicked."""
    bom = st.checkbox("Add a byte-order mark (for Excel)", key="csv_bom")
    for column, (fmt, (label, extension, mime)) in zip(st.columns(3), export.EXPORT_FORMATS.items()):
        column.download_button(f"Download {label}", data=lambda fmt=fmt: export.to_export(q.to_frame(shown), fmt, bom=bom),
                               on_click="ignore", file_name=export.export_filename(selection, extension), mime=mime)


def show(store: Path, seeds: Path) -> None:
    """The Events view: every number and chart is a query over the store, only what is drawn is read."""
    config = charts.plotly_config(st.get_option("server.baseUrlPath") or "")
    import_panel(store)
    try:
        table = session_table(store)
        stored, total = store_counts(str(store), store_version(store))
        if not stored:
            build_store_from_seeds(store, seeds)
            table = session_table(store)
            stored, total = store_counts(str(store), store_version(store))
    except events.EventsError as exc:
        st.error(f"Cannot open the event store: {exc}")
        return
    if "add_saved" in st.session_state:
        st.success(st.session_state.pop("add_saved"))
    show_message()
    reviewed_only = (bool(st.session_state.get("f_reviewed")) if st.session_state.get("filters_from_url")
                     else st.query_params.get("reviewed") == "1")
    table = q.visible(table, reviewed_only)
    table_reviewed_only = reviewed_only
    total = total[reviewed_only]
    if stored and not total:
        st.info(f"None of the {stored} stored events is {'reviewed yet' if reviewed_only else 'left'}"
                ": accept or correct rows in the Review view, or untick “Reviewed rows only”.")
        return
    if not stored:
        st.info(f"The event store at `{store}` holds no events yet. Add articles (Add article view, or `seeds/`).")
        return
    version = store_version(store)
    options, labels = options_for(str(store), version, reviewed_only)
    url_filter, ignored = restrict_to_options(
        from_query_params({k: st.query_params.get_all(k) for k in st.query_params}), options)
    init_widgets(url_filter)
    selection = sidebar_filter(options, labels)
    reviewed_only = bool(st.session_state.get("f_reviewed"))
    st.query_params.from_dict({**to_query_params(selection), **({"reviewed": ["1"]} if reviewed_only else {})})

    st.title("Event tracker")
    if ignored:
        st.warning("The link asked for values this store does not hold, left out: " + "; ".join(ignored))
    shown = q.filter_table(table, selection)
    key = (str(store), version, selection, table_reviewed_only)
    counts, n_located, span, extent = summary_of(*key, shown)
    caption = describe_filter(selection, counts.events, total)
    for doc_id in selection.sources:
        caption = caption.replace(doc_id, f"“{labels.get(doc_id, doc_id)}”")
    st.caption(md_inline(caption + (" Reviewed rows only." if reviewed_only else "")))
    if not counts.events:
        st.info("No events match this filter. Widen the date range or remove a filter in the sidebar.")
        return
    for col, (label, value) in zip(st.columns(5), [
            ("Events", f"{counts.events:,}"), ("Countries", counts.countries), ("Actors", f"{counts.actors:,}"),
            ("Fatalities reported", f"{counts.fatalities:,}"), ("Undated", f"{counts.undated:,}")]):
        col.metric(label, value)
    if counts.fatalities_unknown:
        st.caption(f"Fatalities were not reported for {counts.fatalities_unknown:,} event(s); they are not counted as 0.")

    map_col, detail_col = st.columns([3, 2])
    with map_col:
        st.subheader("Map")
        picked = show_map(shown, counts, n_located, extent, config, key)
    with detail_col:
        st.subheader("Selected event")
        show_detail(store, table, st.session_state.get("detail_id"))
    st.subheader("Events over time")
    trend_counts, period = trend_of(*key, st.session_state.get("map_colour", "acled"), shown, span)
    trend = charts.trend_chart(trend_counts, period, counts.events, st.session_state.get("map_colour", "acled"))
    if trend.layout.meta["dated"]:
        with st.container(key="trend"):
            plotly_chart(trend, config, "trend_chart", "basic")
    st.subheader("Timeline")
    show_timeline(shown, counts, config, key)
    st.subheader("Reported figures")
    show_figures(figures_of(*key, reviewed_only, shown), labels)

    st.subheader("Events")
    rows = shown if picked is None else picked
    n_rows = counts.events if picked is None else int(picked.count().to_pyarrow().as_py())
    if picked is not None:
        st.caption(f"{n_rows:,} event(s) selected on the map; double-click the map to clear the selection.")
    listed_rows = rows_of(*key, "latest", rows) if picked is None else q.to_frame(q.latest(rows, TABLE_ROWS))
    if n_rows > TABLE_ROWS:
        st.caption(f"The table shows the latest {TABLE_ROWS:,} of {n_rows:,} rows; the downloads hold all of them.")
    listed = summaries.event_table(listed_rows)
    listed.insert(1, "review_status", listed_rows["review_status"].fillna("new").astype(object))
    listed["doc_id"] = listed["doc_id"].map(lambda d: labels.get(d, d)).astype(object)
    listed["source_url"] = listed["source_url"].map(lambda u: sources.safe_link(u) or "").astype(object)
    listed = summaries.display_cells(listed)  # an unknown number is an empty cell too, not the word "None"
    ids = listed["event_id"].tolist()
    st.caption("Click a row to see its evidence and source beside the map.")
    # a click on any cell opens its row (a cell selection), not only a click on the tick box (a row selection)
    st.dataframe(listed, hide_index=True, key="table", on_select=lambda: _picked_in_table(ids),
                 selection_mode=["single-row", "single-cell"], column_config={
                     "source_url": st.column_config.LinkColumn("source url"),
                     "sentence": st.column_config.TextColumn("evidence sentence", width="large"),
                     "doc_id": st.column_config.TextColumn("source article"),
                 })
    show_downloads(rows, selection)
