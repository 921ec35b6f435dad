"""Tests of the plotly figure builders: map markers, choropleth, selection, timeline, offline config."""

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fixtures import fixture_events

from events import charts
from events.charts import (
    ACLED_COLOURS,
    MARK_LEGEND,
    assign_lanes,
    colour_key,
    country_counts,
    period_start,
    trend_counts,
    trend_figure,
    trend_period,
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
    assert fig.layout.meta["located"] == 7 and fig.layout.meta["unlocated"] == 1
    assert not fig.layout.meta["aggregated"] and fig.layout.meta["marks"] == 7
    # one legend entry per ACLED event type, in the codebook's order; country-level rings are one layer of their own
    names = [t.name for t in fig.data if t.mode == "markers"]
    assert names == [*[t for t in ACLED_COLOURS if t in set(events["event_type"].dropna())], "country-level points (rings)"]
    assert len(set(names)) == len(names)
    colours = {t.name: t.marker.color for t in fig.data if t.mode == "markers"}
    assert colours["Battles"] == ACLED_COLOURS["Battles"] != colours["Strategic developments"]


def test_acled_palette_is_okabe_ito_and_plover_is_an_option(events):
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
    assert len(ACLED_COLOURS) == 6 and set(ACLED_COLOURS.values()) <= okabe_ito
    fig = map_figure(events, colour_by="plover")
    assert {t.name for t in fig.data if t.mode == "markers"} >= {"ASSAULT", "SANCTION"}
    assert (colour_key(events, "plover") == events["plover_type"].fillna("no PLOVER type")).all()
    with pytest.raises(ValueError):
        colour_key(events, "rainbow")


def test_country_level_points_look_different_and_can_be_hidden(events):
    fig = map_figure(events)
    rings = next(t for t in fig.data if t.name == "country-level points (rings)")
    exact = next(t for t in fig.data if t.name == "Battles")
    assert exact.marker.symbol == "circle" and rings.marker.symbol == "circle-open"
    assert sorted(np.asarray(rings.customdata)[:, 0]) == sorted(
        events.loc[events["geo_precision"] == 3, "event_id"].dropna())
    assert all("country-level point" in row[2] for row in np.asarray(rings.customdata))
    hidden = map_figure(events, country_level=False)
    assert "country-level points (rings)" not in {t.name for t in hidden.data}
    assert "fx-004" not in ids_of(hidden)


def test_place_names_are_drawn_and_escaped(events):
    frame = events.assign(location=events["location"].where(events["event_id"] != "fx-003", "<b>Bakh</b>"))
    labels = next(t for t in map_figure(frame).data if t.mode == "text")
    assert "&lt;b&gt;Bakh&lt;/b&gt;" in labels.text and "<b>Bakh</b>" not in labels.text


def test_map_fits_the_filtered_events(events):
    ukraine = events[events["country"] == "Ukraine"]
    geo = map_figure(ukraine).layout.geo
    assert geo.lonaxis.range[1] - geo.lonaxis.range[0] < 10 and geo.lataxis.range[1] - geo.lataxis.range[0] < 10


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
    row = next(np.asarray(t.customdata)[0] for t in map_figure(frame).data if t.customdata is not None)
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
    assert fig.layout.meta["aggregated"] and "counted in" in fig.layout.title.text
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


def bundle_traces(name: str) -> set[str]:
    """The trace types a plotly.js bundle of ``static/`` holds (a ``.gz`` copy is unpacked)."""
    raw = (Path(__file__).resolve().parent.parent / "static" / name).read_bytes()
    bundle = (gzip.decompress(raw) if name.endswith(".gz") else raw).decode()
    return set(re.findall(r'moduleType:"trace",name:"(\w+)"', bundle))


def test_the_served_gzip_bundles_are_the_vendored_ones():
    # the browser gets the .gz copies (served as they are): they must unpack to the credited .js files
    from app_pages.plotly_bundle import BUNDLES

    static = Path(__file__).resolve().parent.parent / "static"
    for name in BUNDLES.values():
        assert name.endswith(".js.gz")
        assert gzip.decompress((static / name).read_bytes()) == (static / name[:-3]).read_bytes()
    script = Path(__file__).resolve().parent.parent / "scripts" / "build_plotly_gz.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr  # and byte for byte what the script makes


def test_the_events_view_charts_use_only_the_traces_of_the_bundles_they_are_drawn_with(events):
    # the dashboard draws the map with plotly.js-geo-dist-min, the trend and the timeline with
    # plotly.js-basic-dist-min: a trace of another type would draw nothing
    from events.charts.trend import trend_chart

    geo, basic = bundle_traces("plotly-geo.min.js.gz"), bundle_traces("plotly-basic.min.js.gz")
    assert (geo, basic) == ({"choropleth", "scatter", "scattergeo"}, {"bar", "pie", "scatter"})
    maps = [map_figure(events), map_figure(events, choropleth=True), map_figure(events, max_points=3),
            map_figure(events, colour_by="plover", country_level=False)]
    counts = pd.DataFrame({"period": pd.to_datetime(["2022-12-19", "2022-12-26"]), "kind": ["Battles", "Protests"],
                           "events": [1, 3], "fatalities": [None, 5.0]})
    others = [trend_chart(counts, "week", 4), timeline_figure(events)[0], timeline_figure(events, "event_type")[0]]
    assert {t.type for fig in maps for t in fig.data} <= geo
    assert {t.type for fig in others for t in fig.data} <= basic


def test_map_is_json_serialisable(events):
    json.loads(map_figure(events, choropleth=True).to_json())
    json.loads(timeline_figure(events)[0].to_json())


def rows_of(fig, trace) -> list[str]:
    """The timeline row of each mark of a trace (y is a row position plus a lane offset)."""
    names = fig.layout.yaxis.ticktext
    return [names[int(round(v))] for v in trace.y]


def test_timeline_bars_over_windows_coloured_by_certainty(events):
    fig, undated = timeline_figure(events, group_by="actor")
    assert undated["event_id"].tolist() == ["fx-005"]
    bars = [t for t in fig.data if t.type == "bar"]
    assert {t.name for t in bars} == {"confirmed", "assessed", "claimed", "alleged"}
    assessed = next(t for t in bars if t.name == "assessed")
    # fx-003 [2022-11-01, 2022-12-22] on the rows of both actors: 52 days wide.
    assert sorted(rows_of(fig, assessed)) == ["Military Forces of Ukraine", "Wagner Group"]
    assert list(assessed.base) == ["2022-11-01", "2022-11-01"]
    assert list(assessed.x) == [52 * 86_400_000] * 2
    assert fig.layout.xaxis.type == "date"
    assert fig.layout.yaxis.ticktext[-1] == "Wagner Group"  # the busiest row on top


def test_overlapping_bars_of_one_row_get_their_own_lanes():
    d = lambda *days: np.array(days, dtype="datetime64[D]")  # noqa: E731
    lanes, used = assign_lanes(np.array(["a", "a", "a", "b"]), d("2023-01-01", "2023-01-10", "2023-01-03", "2023-01-01"),
                               d("2023-01-05", "2023-01-12", "2023-01-04", "2023-01-30"))
    assert lanes.tolist() == [0, 0, 1, 0] and used == {"a": 2, "b": 1}
    frame = fixture_events().assign(actor1="Wagner Group", actor2=None)
    fig, _ = timeline_figure(frame, group_by="actor")
    spans = [(y, pd.Timestamp(b), pd.Timestamp(b) + pd.Timedelta(milliseconds=float(x)))
             for t in fig.data if t.type == "bar" for y, b, x in zip(t.y, t.base, t.x)]
    for i, (y1, s1, e1) in enumerate(spans):  # no two bars of one lane overlap in time
        for y2, s2, e2 in spans[i + 1:]:
            assert not (abs(y1 - y2) < 1e-9 and s1 < e2 and s2 < e1)


def test_timeline_legend_explains_every_mark(events):
    fig, _ = timeline_figure(events, group_by="event_type")
    legend = {t.name for t in fig.data if t.showlegend is not False}
    assert {meaning for _, meaning in MARK_LEGEND} <= legend
    used = {t.marker.symbol for t in fig.data if t.type == "scatter" and t.x[0] is not None}
    assert used <= {symbol for symbol, _ in MARK_LEGEND}


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


def test_open_window_marks_days_apart_do_not_cover_one_another():
    # three "on or before" days in one row, a day apart, on a chart spanning a year: each triangle
    # is some 11 px wide, about a week at that scale, so one lane would draw them on top of each other
    base = fixture_events().head(1).assign(actor1="Armed Group A", actor2=None, certainty="claimed")
    ends = pd.to_datetime(["2022-12-20", "2022-12-21", "2022-12-22"])
    marks = pd.concat([base.assign(event_id=f"m-{i}", date_start=pd.NaT, date_end=end, event_date=pd.NaT)
                       for i, end in enumerate(ends)])
    year = base.assign(event_id="year", date_start=pd.Timestamp("2022-01-01"), date_end=pd.Timestamp("2022-01-31"),
                       event_date=pd.NaT)
    fig, _ = timeline_figure(pd.concat([marks, year], ignore_index=True))
    before = next(t for t in fig.data if t.name == "claimed, on or before")
    assert len(before.y) == 3 and len(set(np.round(before.y, 6))) == 3  # three lanes of one row
    # far apart (a month) they share a lane again: lanes are for marks that would touch
    apart = pd.concat([marks.assign(date_end=pd.to_datetime(["2022-06-01", "2022-09-01", "2022-12-22"])), year],
                      ignore_index=True)
    fig, _ = timeline_figure(apart)
    assert len(set(np.round(next(t for t in fig.data if t.name == "claimed, on or before").y, 6))) == 1


def test_timeline_caps_bars_and_rows(events):
    fig, _ = timeline_figure(events, group_by="actor", max_bars=3, max_rows=2)
    assert {k: fig.layout.meta[k] for k in ("drawn", "not_drawn", "undated")} == {"drawn": 3, "not_drawn": 4, "undated": 1}
    assert "latest 3 of 7" in fig.layout.title.text
    assert any(r.startswith("other actors") for r in fig.layout.yaxis.ticktext)
    with pytest.raises(ValueError):
        timeline_figure(events, group_by="colour")


def test_trend_counts_per_period_stacked_by_type_with_fatalities():
    days = pd.to_datetime(["2023-01-02", "2023-01-03", "2023-01-09", "2023-03-20"])
    frame = fixture_events().head(4).assign(event_date=days, date_start=days, date_end=days,
                                            event_type=["Battles", "Battles", "Protests", "Battles"],
                                            fatalities=pd.array([3, None, None, 2], dtype="Int64"))
    counts, period = trend_counts(frame)
    assert period == "day"  # 77 days: one bar per day
    assert counts.groupby("kind")["events"].sum().to_dict() == {"Battles": 3, "Protests": 1}
    fig = trend_figure(frame)
    bars = {t.name: t for t in fig.data if t.type == "bar"}
    assert list(bars) == ["Battles", "Protests"] and fig.layout.barmode == "stack"
    line = next(t for t in fig.data if t.type == "scatter")
    assert line.yaxis == "y2" and line.name == "fatalities reported"
    assert fig.layout.meta["dated"] == 4


def test_trend_period_follows_the_span_and_unknown_fatalities_stay_gaps():
    assert [trend_period(d) for d in (0, 92, 93, 1098, 1099)] == ["day", "day", "week", "week", "month"]
    days = pd.to_datetime(["2023-01-02", "2023-01-03", "2023-01-12"])
    frame = fixture_events().head(3).assign(event_date=days, date_start=days, date_end=days, event_type="Battles",
                                            fatalities=pd.array([3, None, None], dtype="Int64"))
    counts, period = trend_counts(frame)
    assert period == "day"
    deaths = counts.set_index("period")["fatalities"]
    assert deaths[pd.Timestamp("2023-01-02")] == 3 and np.isnan(deaths[pd.Timestamp("2023-01-12")])
    weeks = period_start(pd.Series(pd.to_datetime(["2023-01-04", "2023-01-08"])), "week")
    assert weeks.tolist() == [pd.Timestamp("2023-01-02")] * 2


def test_plotly_config_points_at_local_static_folder():
    config = plotly_config()
    assert (config["topojsonURL"], config["displaylogo"], config["scrollZoom"]) == ("/app/static/", False, True)
    assert config["showSendToCloud"] is False and "sendChartToCloud" in config["modeBarButtonsToRemove"]
    assert plotly_config("/base/")["topojsonURL"] == "/base/app/static/"


def test_cells_never_send_more_than_50000_marks():
    """The finding: 3,000 events formed one blob, and millions of points would go to the browser."""
    from events.charts import MAX_MAP_MARKS, cells_map_figure

    asked = []

    def cells_for(deg):
        asked.append(deg)
        n = 120_000 if deg < 1 else 3_000
        return pd.DataFrame({"kind": ["Battles"] * n, "level": [False] * n, "row": np.arange(n), "col": np.zeros(n, int),
                             "lat": np.zeros(n), "lon": np.zeros(n), "n": np.ones(n, int),
                             "fatalities": np.zeros(n), "known": np.zeros(n, int)})

    fig = cells_map_figure(cells_for, 0.1, (0.0, 10.0, 0.0, 10.0), 2_000_000, 0, 0)
    assert asked[0] == 0.1 and asked[-1] >= 1 and fig.layout.meta["marks"] == 3_000 <= MAX_MAP_MARKS
    assert fig.layout.meta["cell_deg"] == asked[-1] and "counted in" in fig.layout.title.text


def test_many_events_are_cells_coloured_by_type_sized_to_their_extent(events):
    many = pd.concat([events.assign(event_id=events["event_id"] + f"-{i}") for i in range(800)], ignore_index=True)
    fig = map_figure(many)
    assert fig.layout.meta["aggregated"] and fig.layout.meta["marks"] < 200
    kinds = {t.name for t in fig.data if t.mode == "markers"}
    assert {"Battles", "Strategic developments"} <= kinds  # colours by type, not one single-colour blob
    ukraine = many[many["country"] == "Ukraine"]
    assert map_figure(ukraine, max_points=10).layout.meta["cell_deg"] < fig.layout.meta["cell_deg"]
    hover = next(t for t in fig.data if t.name == "Battles").customdata[0][1]
    assert "event(s)" in hover and "fatalities" in hover


def test_rows_without_an_acled_type_take_it_from_their_plover_category():
    """The finding: 3,000 imported UCDP events (no ACLED type) formed one single-colour blob."""
    frame = fixture_events().head(3).assign(event_type=[None, None, "Protests"], plover_type=["ASSAULT", "AID", "PROTEST"])
    assert colour_key(frame).tolist() == ["Battles", "no ACLED type", "Protests"]
    assert colour_key(frame, "plover").tolist() == ["ASSAULT", "AID", "PROTEST"]


def test_place_names_do_not_pile_up_and_a_tall_extent_becomes_a_landscape_map():
    """The findings: no place names, and views squeezed into a narrow box."""
    from events.charts import geo_layout, spread_out

    places = pd.DataFrame({"location": ["Donetsk", "Donetsk airport", "Mariupol"], "lat": [48.0, 48.05, 47.1],
                           "lon": [37.8, 37.75, 37.5], "n": [30, 20, 10]})
    assert spread_out(places, (46.0, 50.0, 36.0, 40.0))["location"].tolist() == ["Donetsk", "Mariupol"]
    geo = geo_layout((46.0, 50.0, 37.0, 38.0))
    lat = geo["lataxis_range"][1] - geo["lataxis_range"][0]
    lon = geo["lonaxis_range"][1] - geo["lonaxis_range"][0]
    assert lon * np.cos(np.radians(48)) >= 1.3 * lat


def test_trend_axis_counts_whole_events(events):
    fig = trend_figure(events)
    assert fig.layout.yaxis.dtick >= 1 and fig.layout.yaxis.tickformat == ",d"


def test_trend_fatalities_axis_has_whole_even_ticks():
    # a fresh user saw the right axis labelled 0, 1, 1, 2, 2: plotly.js stepped by 0.5 and the labels are whole
    periods = pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15"])
    for deaths, step in (([1, 3, 7], 2), ([0, 1, 2], 1), ([4, 0, 23], 5)):
        counts = pd.DataFrame({"period": periods, "kind": "Battles", "events": [2, 1, 3],
                               "fatalities": np.array(deaths, dtype="float64")})
        axis = charts.trend_chart(counts, "week", 6).layout.yaxis2
        assert axis.tickformat == ",d" and axis.dtick == step
    many = pd.DataFrame({"period": periods, "kind": "Battles", "events": [2, 1, 3], "fatalities": [10.0, 900.0, np.nan]})
    assert charts.trend_chart(many, "week", 6).layout.yaxis2.dtick is None  # plotly.js's own whole steps
    unknown = many.assign(fatalities=np.nan)
    assert charts.trend_chart(unknown, "week", 6).layout.yaxis2.dtick == 1


def test_bundled_admin1_borders_cover_the_world_and_are_lines_with_gaps():
    borders = charts.admin1_borders()
    assert len(borders) > 150 and {"UKR", "YEM", "NGA", "SYR", "MEX", "IND"} <= set(borders["iso3"])
    for row in borders.itertuples():
        assert len(row.lon) == len(row.lat) > 1
        assert -180 <= row.lon_min <= row.lon_max <= 180 and -90 <= row.lat_min <= row.lat_max <= 90
    ukraine = borders[borders["iso3"] == "UKR"].iloc[0]
    assert np.isnan(ukraine["lon"]).sum() > 5  # many lines, NaN between them
    assert 22 < ukraine["lon_min"] < ukraine["lon_max"] < 41 and 44 < ukraine["lat_min"] < ukraine["lat_max"] < 53


def test_admin1_borders_drawn_at_country_fit_only():
    yemen = charts.admin1_trace((13.0, 18.0, 43.0, 52.0))
    assert yemen is not None and "YEM" in yemen.meta["countries"] and "UKR" not in yemen.meta["countries"]
    assert yemen.mode == "lines" and yemen.customdata is None and yemen.hoverinfo == "skip"
    assert charts.admin1_trace((-35.0, 60.0, -20.0, 120.0)) is None  # a world view
    assert charts.admin1_trace(None) is None
    assert charts.admin1_trace((0.0, 1.0, -30.0, -29.0)) is None  # open ocean: no country near


def test_map_of_one_country_has_admin1_borders_under_the_events_and_counts_no_border_as_a_mark():
    events = fixture_events()
    ukraine = events[(events["country"] == "Ukraine") & events["latitude"].notna()]
    fig = charts.map_figure(ukraine)
    names = [t.name for t in fig.data]
    assert names.index("admin-1 borders") < min(i for i, t in enumerate(fig.data) if t.customdata is not None)
    assert "UKR" in fig.layout.meta["admin1"] and fig.layout.meta["marks"] == len(ukraine)
    assert charts.map_figure(events).layout.meta["admin1"] == []  # the fixture spans continents


def test_a_trend_of_a_few_days_has_no_ticks_finer_than_a_day():
    from events.charts.trend import trend_chart

    counts = pd.DataFrame({"period": pd.to_datetime(["2022-12-21", "2022-12-22"]), "kind": ["Battles", "Battles"],
                           "events": [1, 3], "fatalities": [None, 5.0]})
    fig = trend_chart(counts, "day", 4)
    assert fig.layout.xaxis.dtick == 86_400_000 and "%H" not in fig.layout.xaxis.tickformat


def test_two_weekly_bars_years_apart_leave_the_ticks_to_plotly():
    from events.charts.trend import trend_chart

    counts = pd.DataFrame({"period": pd.to_datetime(["2022-12-19", "2025-03-10"]), "kind": ["Battles", "Battles"],
                           "events": [11, 4], "fatalities": [None, 5.0]})
    fig = trend_chart(counts, "week", 15)
    assert fig.layout.xaxis.dtick is None  # a tick per week over 116 weeks would be an unreadable block of labels
