"""AppTest tests of the dashboard (streamlit.testing.v1): start, filter, empty view, offline map."""

import datetime as dt
import json
import sys
import types
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from fixtures import fixture_events, fixture_figures
from streamlit.testing.v1 import AppTest

from events import save_events
from events.store import events_path

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def fixture_store(tmp_path, monkeypatch):
    store = tmp_path / "store"
    save_events(fixture_events(), fixture_figures(), store=store)
    monkeypatch.setenv("EVENTS_STORE", str(store))
    st.cache_data.clear()
    yield store
    st.cache_data.clear()


def run_app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def table_ids(at: AppTest) -> list[str]:
    return sorted(at.dataframe[0].value["event_id"])


def charts(at: AppTest, name: str) -> list:
    """The page's plotly components (``app_pages.plotly_bundle``) of one chart: "map", "trend" or "timeline"."""
    return [c for c in at.get("bidi_component")
            if c.proto.component_name == "tracker_plotly" and f"-{name}_chart_" in c.proto.id]


def chart_data(at: AppTest, name: str) -> dict:
    """What the chart's component was given: ``spec`` (the figure's JSON), ``config``, ``script``, ``select``."""
    (element,) = charts(at, name)
    return json.loads(element.proto.json)


def figure(at: AppTest, name: str) -> dict:
    return json.loads(chart_data(at, name)["spec"])


def maps(at: AppTest) -> list:
    return charts(at, "map")


def map_figure(at: AppTest) -> dict:
    return figure(at, "map")


def param(at: AppTest, key: str) -> list[str]:
    value = at.query_params[key]
    return [value] if isinstance(value, str) else list(value)


def caption_texts(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def test_app_starts_on_fixture_store(fixture_store):
    at = run_app()
    assert not at.exception
    assert len(table_ids(at)) == 8
    assert "All 8 events." in caption_texts(at)
    assert [len(charts(at, name)) for name in ("map", "trend", "timeline")] == [1, 1, 1]
    assert not at.get("plotly_chart")  # nothing loads Streamlit's full plotly bundle on this view
    assert any("Undated (1)" in m.value for m in at.markdown)


def test_choosing_wagner_changes_rows_caption_and_url(fixture_store):
    at = run_app()
    before = table_ids(at)
    at.multiselect(key="f_actors").select("Wagner Group").run()
    assert not at.exception
    after = table_ids(at)
    assert after != before and after == ["fx-001", "fx-002", "fx-003", "fx-004", "fx-007"]
    assert "5 of 8 events involving Wagner Group." in caption_texts(at)
    assert param(at, "actor") == ["Wagner Group"]


def test_filter_round_trips_through_query_params(fixture_store):
    at = run_app({"actor": ["Wagner Group"], "country": ["Ukraine"], "from": "2022-11-01"})
    assert not at.exception
    assert at.multiselect(key="f_actors").value == ["Wagner Group"]
    assert at.date_input(key="f_from").value == dt.date(2022, 11, 1)
    assert table_ids(at) == ["fx-003"]
    assert "1 of 8 events involving Wagner Group, in Ukraine, on or after 1 November 2022." in caption_texts(at)
    assert param(at, "country") == ["Ukraine"]


def test_unknown_values_in_a_link_are_reported_not_fatal(fixture_store):
    at = run_app({"actor": ["Nobody At All"]})
    assert not at.exception
    assert any("Nobody At All" in w.value for w in at.warning)
    assert len(table_ids(at)) == 8


def test_date_range_excluding_everything_shows_empty_message(fixture_store):
    at = run_app()
    at.date_input(key="f_from").set_value(dt.date(1990, 1, 1))
    at.date_input(key="f_to").set_value(dt.date(1990, 12, 31)).run()
    assert not at.exception
    assert any("No events match this filter" in i.value for i in at.info)
    assert not any(charts(at, name) for name in ("map", "trend", "timeline")) and len(at.dataframe) == 0
    assert "0 of 8 events" in caption_texts(at)[0]


def test_page_starts_loading_the_map_bundle_before_any_widget(fixture_store):
    """The hidden loader is the sidebar's first element (the browser asks for the code of each element as it draws
    the sidebar, before the main area): the map's bundle runs first, the trend's downloads beside it."""
    at = run_app()
    first = at.sidebar.children[0]
    assert first.type == "bidi_component" and first.key == "plotly_preload"
    data = json.loads(first.proto.json)
    assert data["run"] == data["preload"][0] == "/app/static/plotly-geo.min.js.gz"
    assert data["preload"][1] == "/app/static/plotly-basic.min.js.gz"
    assert data["shapes"] == ["/app/static/world_110m.json"]
    assert data["wait"] is False  # no browser (no User-Agent): the run does not wait for the loader's answer
    static = Path(__file__).resolve().parent.parent / "static"
    assert all((static / Path(url).name).is_file() for url in data["preload"] + data["shapes"])
    at.sidebar.radio(key="view").set_value("Review").run()
    assert not [e for e in at.get("bidi_component") if e.key == "plotly_preload"]  # no plotly in the Review view


def test_map_config_points_topojson_at_local_static_folder(fixture_store):
    at = run_app()
    data = chart_data(at, "map")
    assert data["config"]["topojsonURL"] == "/app/static/"
    assert data["script"] == "/app/static/plotly-geo.min.js.gz"  # plotly.js's geo bundle, from this app's server
    assert chart_data(at, "trend")["script"] == chart_data(at, "timeline")["script"] == "/app/static/plotly-basic.min.js.gz"
    static = Path(__file__).resolve().parent.parent / "static"
    assert all((static / name).stat().st_size > 1_000_000 for name in ("plotly-geo.min.js", "plotly-basic.min.js"))
    assert any(t["type"] == "scattergeo" for t in map_figure(at)["data"])


def test_choropleth_toggle(fixture_store):
    at = run_app()
    at.toggle(key="choropleth").set_value(True).run()
    assert not at.exception
    assert map_figure(at)["data"][0]["type"] == "choropleth"


def test_timeline_by_event_type(fixture_store):
    at = run_app()
    at.radio(key="timeline_rows").set_value("event_type").run()
    assert not at.exception
    assert "SANCTION" in figure(at, "timeline")["layout"]["yaxis"]["ticktext"]


def test_figure_cards_show_hedges_parts_and_conflicts(fixture_store):
    at = run_app()
    cards = next(h.proto.body for h in at.get("html") if "figure-grid" in h.proto.body)
    assert "&gt; $100M / month" in cards and "~1,000 killed" in cards
    assert "50,000 personnel" in cards and "of which contractors: 10,000 contractors" in cards
    assert "sources disagree" in cards


def test_broken_store_shows_an_error(tmp_path, monkeypatch):
    store = tmp_path / "broken"
    store.mkdir()
    (store / "events.parquet").write_bytes(b"not parquet")
    monkeypatch.setenv("EVENTS_STORE", str(store))
    st.cache_data.clear()
    at = run_app()
    assert not at.exception
    assert any("Cannot open the event store" in e.value for e in at.error)


def test_empty_store_is_built_with_progress(tmp_path, monkeypatch):
    """The seeding path, with a stand-in for events.ingest that stores the fixtures."""
    calls = []

    def ingest_articles(paths, store=None, on_progress=None):
        paths = list(paths)
        calls.append(paths)
        for i, path in enumerate(paths, 1):
            on_progress(i, len(paths), path)
        return save_events(fixture_events(), fixture_figures(), store=store)

    monkeypatch.setitem(sys.modules, "events.ingest", types.SimpleNamespace(ingest_articles=ingest_articles))
    store = tmp_path / "store"
    monkeypatch.setenv("EVENTS_STORE", str(store))
    st.cache_data.clear()
    at = run_app()
    assert not at.exception
    assert calls and all(p.parent.name == "seeds" and p.suffix in (".txt", ".md") for p in calls[0])
    assert events_path(store).exists()
    assert len(table_ids(at)) == 8


def test_app_builds_store_from_seeds(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTS_STORE", str(tmp_path / "store"))
    st.cache_data.clear()
    at = run_app()
    assert not at.exception
    assert events_path(tmp_path / "store").exists()
    assert len(at.dataframe) == 1 and len(table_ids(at)) > 0
    at.multiselect(key="f_actors").select("Wagner Group").run()
    assert not at.exception
    assert any("involving Wagner Group" in c for c in caption_texts(at))


def test_events_view_queries_the_store_instead_of_holding_it(fixture_store, monkeypatch):
    """The finding: st.cache_data pickled the whole reviewed table and unpickled a copy on every rerun."""
    import events as package
    import events.store

    def refuse(*args, **kwargs):
        raise AssertionError("the Events view read the whole event table into memory")

    monkeypatch.setattr(package, "load_events", refuse)
    monkeypatch.setattr(events.store, "load_events", refuse)
    at = run_app({"actor": ["Wagner Group"]})
    assert not at.exception
    assert "5 of 8 events involving Wagner Group." in caption_texts(at)
    at.multiselect(key="f_countries").select("Ukraine").run()
    assert not at.exception and table_ids(at) == ["fx-003"]


def test_large_selections_send_a_bounded_table_and_no_timeline_of_single_events(tmp_path, monkeypatch):
    """The findings: a 10,000-row table and 2,000 timeline bars with hover text were sent on every rerun."""
    base = fixture_events()
    many = pd.concat([base.assign(event_id=base["event_id"] + f"-{i}") for i in range(80)], ignore_index=True)
    store = tmp_path / "store"
    save_events(many, fixture_figures(), store=store)
    monkeypatch.setenv("EVENTS_STORE", str(store))
    st.cache_data.clear()
    at = run_app()
    assert not at.exception
    assert len(at.dataframe[0].value) == 500
    assert any("latest 500 of 640 rows" in c for c in caption_texts(at))
    assert not charts(at, "timeline")
    assert any("narrow the filter to at most 500" in c for c in caption_texts(at))
    at.multiselect(key="f_countries").select("Ukraine").run()
    assert charts(at, "timeline")


def test_map_keeps_its_identity_when_its_figure_comes_from_the_cache(fixture_store):
    """The fault: the first run drew the map it computed, later runs a cached copy whose JSON differed, so the
    chart got a new widget id on the rerun a click causes, and the click's selection was lost."""
    at = run_app()
    (first,) = maps(at)
    at.run()
    (again,) = maps(at)
    assert not at.exception
    assert again.proto.json == first.proto.json and again.proto.id == first.proto.id


def test_a_second_session_reuses_the_counts_until_the_store_changes(fixture_store, monkeypatch):
    from events.query import expressions

    calls = []
    real = expressions.view_summary_extent
    monkeypatch.setattr(expressions, "view_summary_extent", lambda table: calls.append(1) or real(table))
    assert "All 8 events." in caption_texts(run_app())
    assert "All 8 events." in caption_texts(run_app())  # a new session, the same filter and store: no query
    assert len(calls) == 1
    run_app({"country": ["Ukraine"]})  # another filter is counted
    assert len(calls) == 2
    extra = fixture_events().head(1).assign(event_id="fx-new", doc_id="art-0123456789ab")
    save_events(extra, fixture_figures().head(0), store=fixture_store)  # a new store version is counted again
    assert "All 9 events." in caption_texts(run_app())
    assert len(calls) == 3


def test_a_second_session_reads_no_rows_for_the_landing_view(fixture_store, monkeypatch):
    # the undated list beside the timeline and the figures' events were read again in every new session
    from events.query import expressions

    st.cache_data.clear()
    reads = []
    real = expressions.to_frame
    monkeypatch.setattr(expressions, "to_frame", lambda table: reads.append(1) or real(table))
    first = run_app()
    assert any("Undated (1)" in m.value for m in first.markdown) and reads
    reads.clear()
    second = run_app()
    assert any("Undated (1)" in m.value for m in second.markdown) and len(second.dataframe) == 1
    assert reads == []


def test_zooming_the_map_to_an_area_counts_it_in_finer_cells_and_can_be_undone(tmp_path, monkeypatch):
    rng = np.random.default_rng(5)
    base = fixture_events()
    row = base[base["latitude"].notna()].head(1)
    cluster = (rng.uniform(4.2, 5.8, 5_200), rng.uniform(40.2, 41.8, 5_200))  # most events in one small area
    spread = (rng.uniform(0, 20, 800), rng.uniform(30, 50, 800))
    many = pd.concat([row] * 6_000, ignore_index=True).assign(
        event_id=[f"z-{i:05d}" for i in range(6_000)], latitude=np.concatenate([cluster[0], spread[0]]),
        longitude=np.concatenate([cluster[1], spread[1]]))
    store = tmp_path / "store"
    save_events(many, fixture_figures().head(0), store=store)
    monkeypatch.setenv("EVENTS_STORE", str(store))
    st.cache_data.clear()
    at = run_app()
    whole = map_figure(at)["layout"]["meta"]
    assert whole["aggregated"] and whole["area"] is None and whole["in_area"] == 6_000
    at.session_state["map_area"] = (4.0, 6.0, 40.0, 42.0)
    at.run()
    assert not at.exception
    zoomed = map_figure(at)["layout"]["meta"]
    assert zoomed["area"] == [4.0, 6.0, 40.0, 42.0] and 5_200 <= zoomed["in_area"] < 6_000
    assert zoomed["cell_deg"] < whole["cell_deg"] and zoomed["marks"] <= 50_000
    assert any(c.startswith("Map zoomed to 4.00° N to 6.00° N, 40.00° E to 42.00° E") for c in caption_texts(at))
    assert at.metric[0].value == "6,000"  # the numbers still count the whole selection
    at.button(key="map_unzoom").click().run()
    assert map_figure(at)["layout"]["meta"]["cell_deg"] == whole["cell_deg"]
    at.session_state["map_area"] = (-60.0, -50.0, -10.0, 0.0)  # the South Atlantic: nothing there
    at.run()
    assert any("No event of this selection lies in the zoomed area" in i.value for i in at.info)
    assert not maps(at)


def test_the_events_table_shows_an_unknown_value_as_an_empty_cell(fixture_store):
    # Streamlit's grid writes a missing value as the word "None", numbers included (fx-001 reports no fatalities)
    table = run_app().dataframe[0].value.set_index("event_id")
    assert (table.loc["fx-001", "fatalities"], table.loc["fx-006", "fatalities"]) == ("", "31")
    assert not table.isna().any().any() and not (table == "None").any().any()
