"""The ibis expressions of the dashboard give what the pandas functions give, on a real store on disk."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from fixtures import fixture_events, fixture_figures

from events import charts, save_events
from events.overlay import apply_reviews, visible
from events.audit import read_entries
from events.query import EventFilter, filter_events, filter_options
from events.query import expressions as q
from events.review import accept, correct, merge, reject
from events.summaries import count_events

FILTERS = [
    EventFilter(),
    EventFilter(actors=("Wagner Group",)),
    EventFilter(actors=("Yevgeny Prigozhin",)),  # only an associated actor
    EventFilter(event_types=("ASSAULT", "Protests")),
    EventFilter(countries=("Ukraine", "Mali")),
    EventFilter(date_from=dt.date(2022, 11, 15)),
    EventFilter(date_to=dt.date(2021, 12, 31)),
    EventFilter(date_from=dt.date(2022, 12, 1), date_to=dt.date(2022, 12, 31), certainties=("confirmed",)),
    EventFilter(sources=("seed-000",), datasets=("article",)),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("store")
    save_events(fixture_events(), fixture_figures(), store=folder)
    correct(folder, "fx-002", "T", actor1="Government of Canada")
    reject(folder, "fx-008", "T", "not an event")
    merge(folder, ["fx-006", "fx-007"], "T")
    accept(folder, "fx-003", "T")
    return folder


@pytest.fixture(scope="module")
def both(store):
    reviewed = apply_reviews(fixture_events(), read_entries(store), "event")
    return reviewed, q.reviewed_table(q.connect(), store)


def ids(frame) -> list[str]:
    return sorted(frame["event_id"])


def test_overlay_in_the_engine_matches_pandas(both):
    frame, table = both
    got = q.to_frame(table).set_index("event_id").sort_index()
    want = frame.set_index("event_id").sort_index()
    assert got.index.tolist() == want.index.tolist()
    assert got.loc["fx-002", "actor1"] == "Government of Canada"
    assert got["review_status"].to_dict() == want["review_status"].to_dict()
    assert ids(q.to_frame(q.visible(table))) == ids(visible(frame))
    assert ids(q.to_frame(q.visible(table, reviewed_only=True))) == ids(visible(frame, True))


@pytest.mark.parametrize("selection", FILTERS, ids=lambda f: str(f))
def test_filters_match_pandas(both, selection):
    frame, table = both
    assert ids(q.to_frame(q.filter_table(table, selection))) == ids(filter_events(frame, selection))


def test_options_and_counts_match_pandas(both):
    frame, table = both
    assert q.facet_options(table) == filter_options(frame)
    assert q.headline_counts(table) == count_events(frame)


def test_cells_trend_and_country_counts_match_pandas(both):
    frame, table = both
    for deg in (0.5, 5.0):
        got = q.grid_cells(table, deg).sort_values(["kind", "level", "row", "col"]).reset_index(drop=True)
        located = frame[frame["latitude"].notna()]
        want = charts.grid_cells(located, deg).sort_values(["kind", "level", "row", "col"]).reset_index(drop=True)
        assert got[["kind", "row", "col", "n", "known"]].astype(str).equals(want[["kind", "row", "col", "n", "known"]].astype(str))
        assert np.allclose(got["fatalities"].astype(float), want["fatalities"].astype(float))
    counts, period = q.trend_counts(table)
    want, want_period = charts.trend_counts(frame)
    assert period == want_period
    assert counts[["period", "kind", "events"]].astype(str).values.tolist() == \
        want[["period", "kind", "events"]].astype(str).values.tolist()
    assert q.country_counts(table)[["iso3", "events"]].values.tolist() == \
        charts.country_counts(frame)[["iso3", "events"]].values.tolist()


def test_latest_and_undated(both):
    frame, table = both
    assert ids(q.to_frame(q.undated(table))) == ["fx-005"]
    top = q.to_frame(q.latest(table, 2))
    assert top["event_id"].tolist()[0] == "fx-007"  # 2023-02-09, the latest
    assert len(top) == 2


def test_an_empty_store_gives_empty_results(tmp_path):
    table = q.reviewed_table(q.connect(), tmp_path / "none")
    assert q.headline_counts(table).events == 0 and q.extent(table) is None
    assert q.trend_counts(table)[0].empty and pd.isna(q.grid_cells(table, 1.0)["n"].sum()) is False


def test_a_map_selection_becomes_a_filter(both):
    frame, table = both
    points = [{"customdata": ["fx-003", "x"]}, {"location": "MLI"}]
    got = ids(q.to_frame(q.picked(table, points)))
    assert got == ids(frame[charts.selected_mask(frame, points)])
    keys = charts.cell_key(frame["latitude"].dropna(), frame["longitude"].dropna(), 5.0).tolist()
    cell_points = [{"customdata": [keys[0], "text"]}]
    assert ids(q.to_frame(q.picked(table, cell_points))) == ids(frame[charts.selected_mask(frame, cell_points)])
    assert q.picked(table, []) is None


def test_dated_and_undated_split_the_table(both):
    frame, table = both
    assert sorted(ids(q.to_frame(q.dated(table))) + ids(q.to_frame(q.undated(table)))) == ids(frame)
    counts, located, span = q.view_summary(table)
    assert located == int(frame["latitude"].notna().sum())
    assert span[0] == pd.Timestamp("2017-10-05") and span[1] == pd.Timestamp("2023-02-09")


def test_colour_classes_in_the_engine_match_pandas(tmp_path):
    frame = fixture_events().assign(event_type=None)
    save_events(frame, fixture_figures(), store=tmp_path)
    table = q.reviewed_table(q.connect(), tmp_path)
    got = q.to_frame(table).set_index("event_id")
    kinds = table.select("event_id", kind=q.colour_column(table, "acled")).to_pandas().set_index("event_id")["kind"]
    assert kinds.to_dict() == charts.colour_key(got).to_dict()


def spread_events(n: int, seed: int = 3) -> pd.DataFrame:
    """``n`` copies of the fixture's first located event at random points over 0-20° N, 30-50° E."""
    rng = np.random.default_rng(seed)
    base = fixture_events()
    row = base[base["latitude"].notna()].head(1)
    many = pd.concat([row] * n, ignore_index=True)
    many["event_id"] = [f"sp-{i:05d}" for i in range(n)]
    many["latitude"] = rng.uniform(0, 20, n)
    many["longitude"] = rng.uniform(30, 50, n)
    return many


def test_cells_get_finer_inside_a_smaller_area_and_stay_within_the_marks_limit(tmp_path):
    save_events(spread_events(6_000), fixture_figures().head(0), store=tmp_path)
    table = q.reviewed_table(q.connect(), tmp_path)
    whole = q.extent(table)
    area = charts.zoom_area((4.0, 6.0, 40.0, 42.0))
    inside = q.within(table, area)
    frame = q.to_frame(inside)
    assert 0 < len(frame) < 6_000
    assert frame["latitude"].between(area[0], area[1]).all() and frame["longitude"].between(area[2], area[3]).all()
    assert charts.cell_size(area) == charts.cell_size(q.extent(inside)) < charts.cell_size(whole)
    assert charts.cell_size((0.0, 5.0, 0.0, 5.0)) < charts.cell_size((0.0, 10.0, 0.0, 10.0))  # shrinks with the span
    for box, table_in in ((whole, table), (area, inside)):
        deg = charts.cell_size(box)
        fig = charts.cells_map_figure(lambda d, t=table_in: q.grid_cells(t, d), deg, box, 6_000, 0, 0)
        assert fig.layout.meta["cell_deg"] == deg and 0 < fig.layout.meta["marks"] <= charts.MAX_MAP_MARKS
    cells = q.grid_cells(inside, charts.cell_size(area))
    assert cells["lat"].between(area[0], area[1]).all() and int(cells["n"].sum()) == len(frame)
    assert q.within(table, None) is table


def test_the_summary_counts_the_maps_extent_in_the_same_query(tmp_path):
    # the extent had a query of its own on every rerun; now the headline query computes it by the same rule:
    # percentiles above 200 located events (a far outlier does not stretch the map), min and max below
    many = spread_events(400)
    many.loc[0, ["latitude", "longitude"]] = (-60.0, -170.0)
    many.loc[1, ["latitude", "longitude"]] = (None, None)
    save_events(many, fixture_figures().head(0), store=tmp_path)
    table = q.reviewed_table(q.connect(), tmp_path)
    counts, located, span, box = q.view_summary_extent(table)
    assert (counts, located, span) == q.view_summary(table) and located == 399
    assert box == q.extent(table) and box[0] > -60 and box[2] > -170  # the outlier is past the 1st percentile
    small = table.filter(table.event_id.isin(["sp-00000", "sp-00002"]))
    assert q.view_summary_extent(small)[3] == (-60.0, float(many.loc[2, "latitude"]), -170.0,
                                                float(many.loc[2, "longitude"]))
    assert q.view_summary_extent(table.filter(table.event_id == "none"))[3] is None


def test_a_view_of_the_reviewed_table_gives_the_same_rows_and_compiles_shorter(store):
    con = q.connect()
    reviewed = q.reviewed_table(con, store)  # with the store's review entries: an overlay union
    view = q.as_view(con, reviewed, "reviewed_events")
    got, want = q.to_frame(view), q.to_frame(reviewed)
    assert ids(got) == ids(want)
    assert got.set_index("event_id").sort_index()["review_status"].tolist() == \
        want.set_index("event_id").sort_index()["review_status"].tolist()
    selection = EventFilter(countries=("Ukraine",))
    assert ids(q.to_frame(q.filter_table(view, selection))) == ids(q.to_frame(q.filter_table(reviewed, selection)))
    # a query on the view names the view, not the union of the Parquet file and the overlay again
    assert len(str(con.compile(q.filter_table(view, selection)))) < len(str(con.compile(q.filter_table(reviewed, selection))))
    assert q.as_view(con, reviewed, "reviewed_events").count().to_pyarrow().as_py() == len(want)  # replaced, not refused
