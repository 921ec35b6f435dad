"""Event tracker dashboard: ``streamlit run app.py``.

A thin view over the ``events`` package: the sidebar builds one :class:`events.query.EventFilter`
(kept in the URL's query parameters), and every panel is drawn by a tested function in
``events.query``, ``events.charts``, ``events.summaries`` and ``events.export``. Caching lives here
only. Works offline: the map's country shapes come from ``static/`` (see ``.streamlit/config.toml``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

import events
from events import charts, export, summaries
from events.query import (
    EventFilter,
    describe_filter,
    filter_events,
    filter_figures,
    filter_options,
    from_query_params,
    restrict_to_options,
    to_query_params,
)
from events.store import resolve_store

SEEDS = Path(__file__).resolve().parent / "seeds"
TABLE_ROWS = 10_000
FACETS = {  # EventFilter field → (widget key, sidebar label)
    "actors": ("f_actors", "Actor"),
    "event_types": ("f_types", "Event type (PLOVER or ACLED)"),
    "countries": ("f_countries", "Country"),
    "certainties": ("f_certainty", "Certainty"),
    "sources": ("f_sources", "Source article"),
}


def store_version(store: Path) -> tuple:
    """Modification times of the store's files: the cache key of what is on disk."""
    return tuple(p.stat().st_mtime_ns for p in sorted(store.glob("*.parquet")))


@st.cache_data(show_spinner="Loading the event store…")
def load_store(store: str, version: tuple):
    return events.load_events(store), events.load_figures(store)


@st.cache_data(show_spinner=False)
def options_for(_table, version: tuple, store: str) -> dict:
    return filter_options(_table)


def build_store_from_seeds(store: Path) -> None:
    """Fill an empty store from ``seeds/`` with a progress bar."""
    from events.ingest import ingest_articles

    paths = sorted(SEEDS.glob("*.txt")) + sorted(SEEDS.glob("*.md"))
    bar = st.progress(0.0, text=f"Building the event store from {len(paths)} seed article(s)…")

    def on_progress(done: int, total: int, path) -> None:
        bar.progress(done / max(total, 1), text=f"Read {Path(path).name} ({done} of {total})")

    ingest_articles(paths, store=store, on_progress=on_progress)
    bar.empty()


def init_widgets(url_filter: EventFilter) -> None:
    """Give the sidebar widgets the URL's filter, once per session."""
    if st.session_state.get("filters_from_url"):
        return
    for field, (key, _) in FACETS.items():
        st.session_state[key] = list(getattr(url_filter, field))
    st.session_state["f_from"], st.session_state["f_to"] = url_filter.date_from, url_filter.date_to
    st.session_state["filters_from_url"] = True


def clear_filters() -> None:
    for key, _ in FACETS.values():
        st.session_state[key] = []
    st.session_state["f_from"] = st.session_state["f_to"] = None


def sidebar_filter(options: dict) -> EventFilter:
    """Draw the filter widgets and return their value as an EventFilter."""
    st.sidebar.header("Filter")
    chosen = {field: st.sidebar.multiselect(label, options[field], key=key, placeholder="any")
              for field, (key, label) in FACETS.items()}
    left, right = st.sidebar.columns(2)
    bounds = dict(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31), format="YYYY-MM-DD")
    date_from = left.date_input("From", key="f_from", **bounds)
    date_to = right.date_input("To", key="f_to", **bounds)
    st.sidebar.caption("An event counts when its date window overlaps the range; a range drops undated events.")
    st.sidebar.button("Clear filters", on_click=clear_filters)
    if date_from and date_to and date_from > date_to:
        st.sidebar.warning("“From” is after “To”: the dates were swapped.")
        date_from, date_to = date_to, date_from
    return EventFilter(date_from=date_from, date_to=date_to, **chosen)


def show_map(shown, config: dict):
    """Draw the map; return the events picked by a selection on it (or None)."""
    choropleth = st.toggle("Shade countries by number of events", key="choropleth")
    located = int((shown["latitude"].notna() & shown["longitude"].notna()).sum())
    if not located:
        st.info("None of these events has a place to map.")
        return None
    state = st.plotly_chart(charts.map_figure(shown, choropleth=choropleth), key="map", on_select="rerun",
                            selection_mode=("points", "box", "lasso"), config=config)
    unlocated = len(shown) - located
    st.caption("Filled dots: a named place. Hollow rings: country-level points (geo_precision 3), not a precise "
               "place. Dot size grows with fatalities where reported." + (f" {unlocated} event(s) have no place." if unlocated else ""))
    points = state.selection.points if state and state.selection else []
    return shown[charts.selected_mask(shown, points)] if points else None


def show_timeline(shown, config: dict) -> None:
    group_by = st.radio("Rows", ["actor", "event_type"], horizontal=True, key="timeline_rows",
                        format_func={"actor": "by actor", "event_type": "by event type"}.get)
    fig, undated = charts.timeline_figure(shown, group_by=group_by)
    chart, side = st.columns([4, 1])
    if fig.layout.meta["drawn"]:
        chart.plotly_chart(fig, key="timeline", config=config)
    else:
        chart.info("None of these events has a date to draw.")
    side.markdown(f"**Undated ({len(undated)})**")
    for row in undated.itertuples():
        side.caption(f"{row.actor1 or 'unknown actor'} → {row.actor2 or '–'} · {row.certainty or 'unknown'}: "
                     f"{row.sentence or ''} _({row.event_id})_")


def show_card(container, card: summaries.FigureCard) -> None:
    box = container.container(border=True)
    box.metric(f"{card.subject} · {card.label or card.metric}", card.headline)
    box.caption(" · ".join(p for p in (f"according to {card.attributed_to or 'unattributed'}", card.certainty,
                                       card.place, card.period, card.doc_id) if p))
    if card.sentence:
        box.markdown(f"> {card.sentence}")
    if card.parts:
        cols = box.columns(len(card.parts))
        for col, part in zip(cols, card.parts):
            col.metric(f"of which: {part.label or part.metric}", part.headline)
        box.caption(card.parts_note)


def show_figures(figures) -> None:
    groups = summaries.figure_cards(figures)
    if not groups:
        st.caption("No figures reported for these events.")
    for group in groups:
        if group.conflicting:
            st.markdown(f"**{group.title}** — :orange[sources disagree]")
        for col, card in zip(st.columns(len(group.cards)), group.cards):
            show_card(col, card)


def show_downloads(shown, selection: EventFilter) -> None:
    bom = st.checkbox("Add a byte-order mark (for Excel)", key="csv_bom")
    left, right = st.columns(2)
    left.download_button("Download CSV", data=lambda: export.to_csv(shown, bom=bom), on_click="ignore",
                         file_name=export.export_filename(selection, "csv"), mime="text/csv")
    right.download_button("Download GeoJSON", data=lambda: export.to_geojson(shown), on_click="ignore",
                          file_name=export.export_filename(selection, "geojson"), mime="application/geo+json")


def main() -> None:
    st.set_page_config(page_title="Event tracker", layout="wide")
    store = resolve_store()
    try:
        table, figures = load_store(str(store), store_version(store))
        if table.empty:
            build_store_from_seeds(store)
            table, figures = load_store(str(store), store_version(store))
    except events.EventsError as exc:
        st.error(f"Cannot open the event store: {exc}")
        return
    if table.empty:
        st.info(f"The event store at `{store}` holds no events yet. Add articles to `seeds/` and restart.")
        return
    options = options_for(table, store_version(store), str(store))
    url_filter, ignored = restrict_to_options(from_query_params({k: st.query_params.get_all(k) for k in st.query_params}), options)
    init_widgets(url_filter)
    selection = sidebar_filter(options)
    st.query_params.from_dict(to_query_params(selection))

    st.title("Event tracker")
    if ignored:
        st.warning("The link asked for values this store does not hold, left out: " + "; ".join(ignored))
    shown = filter_events(table, selection)
    st.caption(describe_filter(selection, len(shown), len(table)))
    if shown.empty:
        st.info("No events match this filter. Widen the date range or remove a filter in the sidebar.")
        return
    counts = summaries.count_events(shown)
    for col, (label, value) in zip(st.columns(5), [
            ("Events", counts.events), ("Countries", counts.countries), ("Actors", counts.actors),
            ("Fatalities reported", f"{counts.fatalities:,}"), ("Undated", counts.undated)]):
        col.metric(label, value)
    if counts.fatalities_unknown:
        st.caption(f"Fatalities were not reported for {counts.fatalities_unknown} event(s); they are not counted as 0.")

    config = charts.plotly_config(st.get_option("server.baseUrlPath") or "")
    st.subheader("Map")
    picked = show_map(shown, config)
    st.subheader("Timeline")
    show_timeline(shown, config)
    st.subheader("Reported figures")
    show_figures(filter_figures(figures, selection, shown["event_id"]))

    st.subheader("Events")
    rows = shown if picked is None or picked.empty else picked
    if rows is picked:
        st.caption(f"{len(picked)} event(s) selected on the map; double-click the map to clear the selection.")
    if len(rows) > TABLE_ROWS:
        st.caption(f"The table shows the first {TABLE_ROWS:,} of {len(rows):,} rows; the downloads hold all of them.")
    st.dataframe(summaries.event_table(rows.head(TABLE_ROWS)), hide_index=True, key="table", column_config={
        "source_url": st.column_config.LinkColumn("source url"),
        "sentence": st.column_config.TextColumn("evidence sentence", width="large"),
        "doc_id": st.column_config.TextColumn("source article"),
    })
    show_downloads(rows, selection)


main()
