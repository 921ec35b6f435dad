"""Tests of the dashboard filter: matching, dates, query-parameter round trip, descriptions."""

import datetime as dt

import pandas as pd
import pytest
from fixtures import fixture_events, fixture_figures

from events.query import (
    EventFilter,
    date_window,
    describe_filter,
    filter_events,
    filter_figures,
    filter_options,
    filter_slug,
    from_query_params,
    is_undated,
    restrict_to_options,
    to_query_params,
)


@pytest.fixture(scope="module")
def events():
    return fixture_events()


def ids(frame):
    return sorted(frame["event_id"])


def test_empty_filter_keeps_everything(events):
    assert ids(filter_events(events, EventFilter())) == ids(events)


def test_actor_matches_actor1_actor2_and_associated(events):
    wagner = filter_events(events, EventFilter(actors=("Wagner Group",)))
    assert ids(wagner) == ["fx-001", "fx-002", "fx-003", "fx-004", "fx-007"]
    # Prigozhin appears only in assoc_actor_1 of fx-003, joined with "; " to another name.
    assert ids(filter_events(events, EventFilter(actors=("Yevgeny Prigozhin",)))) == ["fx-003"]
    assert ids(filter_events(events, EventFilter(actors=("Military Forces of Russia",)))) == ["fx-003", "fx-008"]
    # The second of two associated actors, and no partial-name match.
    assert ids(filter_events(events, EventFilter(actors=("Military Forces of Rwanda",)))) == ["fx-006"]
    assert ids(filter_events(events, EventFilter(actors=("Wagner",)))) == []


def test_several_actors_are_alternatives(events):
    got = filter_events(events, EventFilter(actors=("Islamic State", "Yevgeny Prigozhin")))
    assert ids(got) == ["fx-003", "fx-008"]


def test_event_type_matches_plover_or_acled(events):
    assert ids(filter_events(events, EventFilter(event_types=("SANCTION",)))) == ["fx-002", "fx-007"]
    assert ids(filter_events(events, EventFilter(event_types=("Battles",)))) == ["fx-003", "fx-004", "fx-006"]
    assert ids(filter_events(events, EventFilter(event_types=("AID", "Explosions/Remote violence")))) == ["fx-001", "fx-008"]


def test_facets_combine_with_and(events):
    f = EventFilter(actors=("Wagner Group",), countries=("Ukraine", "Libya"), certainties=("assessed",))
    assert ids(filter_events(events, f)) == ["fx-003"]
    assert ids(filter_events(events, EventFilter(sources=("d2-bangui",)))) == ["fx-006"]


def test_date_window_overlap(events):
    # fx-001 is [2022-11-01, 2022-11-30]: a range touching its last day keeps it.
    f = EventFilter(date_from=dt.date(2022, 11, 30), date_to=dt.date(2022, 12, 1))
    assert ids(filter_events(events, f)) == ["fx-001", "fx-003"]
    # fx-004 is [open, 2022-12-22] ("has fought in Libya"): it counts on its known day only.
    f = EventFilter(date_from=dt.date(2019, 1, 1), date_to=dt.date(2019, 12, 31))
    assert ids(filter_events(events, f)) == []
    f = EventFilter(date_from=dt.date(2022, 12, 22), date_to=dt.date(2022, 12, 22))
    assert ids(filter_events(events, f)) == ["fx-003", "fx-004"]
    f = EventFilter(date_from=dt.date(2022, 12, 23))
    assert ids(filter_events(events, f)) == ["fx-007"]


def test_date_filter_drops_undated_but_they_are_known(events):
    assert ids(events[is_undated(events)]) == ["fx-005"]
    f = EventFilter(date_from=dt.date(1900, 1, 1), date_to=dt.date(2100, 1, 1))
    assert "fx-005" not in ids(filter_events(events, f))
    assert len(filter_events(events, f)) == len(events) - 1


def test_date_window_uses_event_date_when_no_window():
    frame = fixture_events().head(1).copy()
    frame["date_start"] = pd.NaT
    frame["date_end"] = pd.NaT
    start, end = date_window(frame)
    assert start.iloc[0] == end.iloc[0] == pd.Timestamp("2022-11-30")


def test_filter_excluding_everything_is_empty_with_schema(events):
    got = filter_events(events, EventFilter(date_from=dt.date(1990, 1, 1), date_to=dt.date(1990, 1, 2)))
    assert got.empty and list(got.columns) == list(events.columns)


def test_filter_is_normalised_and_hashable():
    a = EventFilter(actors=("B", "A", "A"), countries="Mali")
    b = EventFilter(actors=["A", "B"], countries=("Mali",))
    assert a == b and hash(a) == hash(b)
    assert a.actors == ("A", "B") and a.countries == ("Mali",)
    with pytest.raises(ValueError):
        EventFilter(date_from=dt.date(2023, 1, 2), date_to=dt.date(2023, 1, 1))


@pytest.mark.parametrize("f", [
    EventFilter(),
    EventFilter(actors=("Wagner Group", "Government of North Korea")),
    EventFilter(event_types=("ASSAULT", "Battles"), countries=("Côte d'Ivoire",), certainties=("claimed",)),
    EventFilter(sources=("seed-000",), date_from=dt.date(2022, 11, 1), date_to=dt.date(2022, 12, 31)),
    EventFilter(date_to=dt.date(2022, 12, 31)),
])
def test_query_params_round_trip(f):
    params = to_query_params(f)
    assert all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in params.values())
    assert from_query_params(params) == f


def test_from_query_params_is_lenient():
    f = from_query_params({"actor": "Wagner Group", "from": "not a date", "to": "2022-01-01",
                           "unknown": ["x"], "certainty": ["", "claimed"]})
    assert f == EventFilter(actors=("Wagner Group",), date_to=dt.date(2022, 1, 1), certainties=("claimed",))
    swapped = from_query_params({"from": "2023-01-01", "to": "2022-01-01"})
    assert (swapped.date_from, swapped.date_to) == (dt.date(2022, 1, 1), dt.date(2023, 1, 1))


def test_filter_options(events):
    options = filter_options(events)
    assert "Yevgeny Prigozhin" in options["actors"] and "Military Forces of Rwanda" in options["actors"]
    assert options["event_types"][:2] == ["AID", "ASSAULT"] and "Battles" in options["event_types"]
    assert options["certainties"] == ["confirmed", "assessed", "claimed", "alleged", "planned"]
    assert options["sources"] == ["d1-eu", "d2-bangui", "d3-deir", "seed-000"]


def test_restrict_to_options_reports_unknown_values(events):
    f = EventFilter(actors=("Wagner Group", "Nobody"), countries=("Atlantis",))
    kept, dropped = restrict_to_options(f, filter_options(events))
    assert kept == EventFilter(actors=("Wagner Group",))
    assert dropped == ["actor: Nobody", "country: Atlantis"]


def test_describe_filter_is_one_sentence():
    f = EventFilter(actors=("Wagner Group",), event_types=("ASSAULT", "Battles"), countries=("Ukraine",),
                    date_from=dt.date(2022, 11, 1), date_to=dt.date(2022, 12, 31), certainties=("assessed",),
                    sources=("seed-000",))
    text = describe_filter(f, 1, 8)
    assert text == ("1 of 8 events involving Wagner Group, of type ASSAULT or Battles, in Ukraine, whose dates "
                    "overlap 1 November 2022 – 31 December 2022, reported as assessed, from article seed-000.")
    assert describe_filter(EventFilter(), 8, 8) == "All 8 events."
    assert describe_filter(EventFilter(date_to=dt.date(2022, 1, 5))) == "Events on or before 5 January 2022."
    assert describe_filter(EventFilter(actors=("A",)), 1234, 100000) == "1,234 of 100,000 events involving A."


def test_filter_slug():
    assert filter_slug(EventFilter()) == "all"
    f = EventFilter(actors=("Wagner Group",), countries=("Côte d'Ivoire",), date_to=dt.date(2022, 12, 31))
    assert filter_slug(f) == "wagner-group_cote-d-ivoire_to-2022-12-31"
    long = filter_slug(EventFilter(actors=tuple(f"Actor number {i}" for i in range(30))))
    assert len(long) <= 100 and long.endswith("-etc")


def test_filter_figures_follow_events(events):
    figures = fixture_figures()
    f = EventFilter(actors=("Wagner Group",))
    shown = filter_events(events, f)
    got = set(filter_figures(figures, f, shown["event_id"])["figure_id"])
    # fg-killed is linked to fx-003; the personnel total is Wagner's own and brings its parts.
    assert got == {"fg-killed", "fg-personnel", "fg-contractors", "fg-convicts"}
    f = EventFilter(event_types=("Battles",))
    got = set(filter_figures(figures, f, filter_events(events, f)["event_id"])["figure_id"])
    assert got == {"fg-killed", "fg-bangui-rebels", "fg-bangui-rebels-b", "fg-bangui-peacekeeper"}
    assert len(filter_figures(figures, EventFilter(), [])) == len(figures)
