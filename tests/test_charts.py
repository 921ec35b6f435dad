"""Tests of the plotly figure builders: map markers, choropleth, selection, timeline, offline config."""

import json

import numpy as np
import pandas as pd
import pytest
from fixtures import fixture_events

from events.charts import (
    country_counts,
    map_figure,
    marker_size,
    plotly_config,
    selected_mask,
    timeline_figure,
    window_text,
)
from events.schema import empty_events


@pytest.fixture(scope="module")
def events():
    return fixture_events()


def ids_of(fig):
    return sorted(i for t in fig.data if t.customdata is not None for i in np.asarray(t.customdata)[:, 0])


def test_map_draws_located_events_coloured_by_type(events):
    fig = map_figure(events)
    assert all(t.type == "scattergeo" for t in fig.data)
    assert ids_of(fig) == sorted(set(events["event_id"]) - {"fx-005"})
    assert fig.layout.meta == {"located": 7, "unlocated": 1, "aggregated": False}
    assert {t.legendgroup for t in fig.data} == {"AID", "ASSAULT", "SANCTION"}
    colours = {t.name: t.marker.color for t in fig.data}
    assert colours["ASSAULT"] == colours["ASSAULT (country-level)"] != colours["SANCTION"]


def test_country_level_points_look_different(events):
    fig = map_figure(events)
    exact = next(t for t in fig.data if t.name == "ASSAULT")
    coarse = next(t for t in fig.data if t.name == "ASSAULT (country-level)")
    assert exact.marker.symbol == "circle" and coarse.marker.symbol == "circle-open"
    assert list(np.asarray(coarse.customdata)[:, 0]) == ["fx-004"]
    assert "country-level point" in np.asarray(coarse.customdata)[0, 2]


def test_marker_size_grows_with_known_fatalities_only():
    sizes = marker_size(pd.Series([pd.NA, 0, 1, 1000, 10**6], dtype="Int64"))
    assert sizes[0] == sizes[1] < sizes[2] < sizes[3] <= sizes[4] == 36


def test_hover_has_window_actors_certainty_source_and_sentence(events):
    fig = map_figure(events)
    bakhmut = next(row for t in fig.data for row in np.asarray(t.customdata) if row[0] == "fx-003")
    assert bakhmut[3] == "2022-11-01 – 2022-12-22"
    assert bakhmut[4] == "Wagner Group (with Yevgeny Prigozhin; Military Forces of Russia) → Military Forces of Ukraine"
    assert bakhmut[5] == "assessed" and bakhmut[6] == "U.S. intelligence"
    assert bakhmut[7] == "approximately 1,000"
    assert "battle for<br>Bakhmut" in bakhmut[8] or "Bakhmut" in bakhmut[8]
    template = fig.data[0].hovertemplate
    assert all(f"customdata[{i}]" in template for i in range(9))
    unknown = next(row for t in fig.data for row in np.asarray(t.customdata) if row[0] == "fx-001")
    assert unknown[7] == "unknown"


def test_hover_escapes_html():
    frame = fixture_events().head(1).assign(sentence="a <script>x</script> & b")
    row = np.asarray(map_figure(frame).data[0].customdata)[0]
    assert "<script>" not in row[8] and "&lt;script&gt;" in row[8]


def test_window_text(events):
    assert window_text(events).tolist() == [
        "2022-11-01 – 2022-11-30", "2022-12-21", "2022-11-01 – 2022-12-22", "on or before 2022-12-22",
        "undated", "2021-01-13", "2023-02-09", "2017-10-05"]


def test_choropleth_counts_by_iso3(events):
    fig = map_figure(events, choropleth=True)
    choro = fig.data[0]
    assert choro.type == "choropleth" and choro.locationmode == "ISO-3"
    assert dict(zip(choro.locations, choro.z)) == dict(zip(country_counts(events)["iso3"], country_counts(events)["events"]))
    assert sum(choro.z) == 7  # the undated, unplaced event has no iso3
    assert any(t.type == "scattergeo" for t in fig.data)


def test_map_aggregates_many_points_into_cells(events):
    fig = map_figure(events, max_points=3)
    assert fig.layout.meta["aggregated"] and "grouped" in fig.layout.title.text
    keys = ids_of(fig)
    assert all(k.startswith("cell:") for k in keys)
    picked = selected_mask(events, [{"customdata": [k]} for k in keys])
    assert picked.sum() == 7


def test_selection_narrows_to_points(events):
    points = [{"customdata": ["fx-003", "ASSAULT"]}, {"customdata": ["fx-006"]}, {"point_index": 3}]
    assert events.loc[selected_mask(events, points), "event_id"].tolist() == ["fx-003", "fx-006"]
    assert not selected_mask(events, []).any()
    assert events.loc[selected_mask(events, [{"location": "UKR"}]), "event_id"].tolist() == ["fx-003"]


def test_empty_table_gives_a_figure_not_an_error():
    fig = map_figure(empty_events(), choropleth=True)
    assert fig.layout.meta["located"] == 0
    timeline, undated = timeline_figure(empty_events())
    assert undated.empty and timeline.layout.meta["drawn"] == 0


def test_map_is_json_serialisable(events):
    json.loads(map_figure(events, choropleth=True).to_json())
    json.loads(timeline_figure(events)[0].to_json())


def test_timeline_bars_over_windows_coloured_by_certainty(events):
    fig, undated = timeline_figure(events, group_by="actor")
    assert undated["event_id"].tolist() == ["fx-005"]
    bars = [t for t in fig.data if t.type == "bar"]
    assert {t.name for t in bars} == {"confirmed", "assessed", "claimed", "alleged"}
    assessed = next(t for t in bars if t.name == "assessed")
    # fx-003 [2022-11-01, 2022-12-22] on the rows of both actors: 52 days wide.
    assert sorted(assessed.y) == ["Military Forces of Ukraine", "Wagner Group"]
    assert list(assessed.base) == ["2022-11-01", "2022-11-01"]
    assert list(assessed.x) == [52 * 86_400_000] * 2
    assert fig.layout.xaxis.type == "date"
    assert fig.layout.yaxis.categoryarray[-1] == "Wagner Group"  # the busiest row on top


def test_exact_day_is_a_short_bar_with_a_tick(events):
    fig, _ = timeline_figure(events, group_by="event_type")
    claimed = next(t for t in fig.data if t.type == "bar" and t.name == "claimed")
    assert list(claimed.x) == [86_400_000] and list(claimed.base) == ["2021-01-13"]
    tick = next(t for t in fig.data if t.name == "claimed, one day")
    assert tick.marker.symbol == "line-ns-open"


def test_open_window_is_a_triangle_not_a_bar(events):
    fig, _ = timeline_figure(events, group_by="event_type")
    before = next(t for t in fig.data if t.name == "confirmed, on or before")
    assert before.marker.symbol == "triangle-left"
    assert list(np.asarray(before.customdata)[:, 0]) == ["fx-004"]
    assert pd.Timestamp(before.x[0]) == pd.Timestamp("2022-12-22")


def test_timeline_caps_bars_and_rows(events):
    fig, _ = timeline_figure(events, group_by="actor", max_bars=3, max_rows=2)
    assert fig.layout.meta == {"drawn": 3, "not_drawn": 4, "undated": 1}
    assert "latest 3 of 7" in fig.layout.title.text
    assert any(r.startswith("other actors") for r in fig.layout.yaxis.categoryarray)
    with pytest.raises(ValueError):
        timeline_figure(events, group_by="colour")


def test_plotly_config_points_at_local_static_folder():
    assert plotly_config() == {"topojsonURL": "/app/static/", "displaylogo": False, "scrollZoom": True}
    assert plotly_config("/base/")["topojsonURL"] == "/base/app/static/"
