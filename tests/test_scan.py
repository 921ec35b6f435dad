"""query_events (Parquet pushdown) must keep exactly the rows filter_events keeps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from fixtures import fixture_events, fixture_figures

from events.datasets import import_dataset
from events.query import EventFilter, describe_filter, filter_events, from_query_params, to_query_params
from events.scan import filter_expression, query_events
from events.store import load_events, save_events

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scan") / "store"
    save_events(fixture_events(), fixture_figures(), store=folder)
    import_dataset("ucdp", [DATA / "ucdp_ged221_ukraine_head40.csv"], store=folder)
    import_dataset("gdelt", [DATA / "gdelt2_20191024143000_head40.export.CSV"], store=folder)
    return folder


FILTERS = [
    EventFilter(),
    EventFilter(datasets=("ucdp",)),
    EventFilter(datasets=("article", "gdelt"), countries=("Ukraine", "Canada")),
    EventFilter(date_from=dt.date(2014, 2, 1), date_to=dt.date(2014, 6, 30)),
    EventFilter(date_to=dt.date(2022, 12, 31)),
    EventFilter(actors=("Wagner Group", "Government of Ukraine")),
    EventFilter(event_types=("ASSAULT", "Battles"), certainties=("confirmed",)),
    EventFilter(sources=("no-such-article",)),
]


@pytest.mark.parametrize("selection", FILTERS, ids=[describe_filter(f) for f in FILTERS])
def test_query_events_equals_filter_events(store, selection):
    expected = filter_events(load_events(store), selection).reset_index(drop=True)
    got = query_events(selection, store=store)
    pd.testing.assert_frame_equal(got, expected)


def test_filters_are_not_trivial(store):
    table = load_events(store)
    sizes = {len(filter_events(table, f)) for f in FILTERS}
    assert len(sizes) >= 5 and set(table["dataset"]) == {"article", "ucdp", "gdelt"}


def test_query_events_projects_columns_and_handles_a_missing_store(store, tmp_path):
    got = query_events(EventFilter(datasets=("ucdp",)), store=store, columns=["event_id", "fatalities"])
    assert list(got.columns) == ["event_id", "fatalities"] and len(got) == 40
    assert str(got["fatalities"].dtype) == "Int64"
    assert query_events(EventFilter(), store=tmp_path / "none").empty
    assert filter_expression(EventFilter()) is None


def test_dataset_facet_in_url_and_sentence():
    selection = EventFilter(datasets=("ucdp", "acled"))
    assert to_query_params(selection) == {"dataset": ["acled", "ucdp"]}
    assert from_query_params({"dataset": ["ucdp", "acled"]}) == selection
    assert describe_filter(selection, 3, 10) == "3 of 10 events in the acled or ucdp datasets."
