"""Tests of figure cards (hedges, units, parts under totals, conflicts) and headline counts."""

import pandas as pd
import pytest
from fixtures import fixture_events, fixture_figures

from events.summaries import count_events, figure_cards, format_figure


@pytest.mark.parametrize("args, text", [
    ((100_000_000, "USD per month", "more than", "spending"), "> $100M / month"),
    ((1000, "persons", "approximately", "fatalities"), "~1,000 killed"),
    ((50000, "persons", "exactly", "personnel"), "50,000 personnel"),
    ((10000, "persons", "exactly", "personnel", "contractors"), "10,000 contractors"),
    ((30, "persons", "at least", "fatalities"), "≥ 30 killed"),
    ((1, "persons", "exactly", "fatalities", "Rwandan peacekeeper"), "1 Rwandan peacekeeper killed"),
    ((2_500_000_000, "EUR", "up to", "aid"), "up to €2.5B"),
    ((12, "tanks", None, "equipment"), "12 tanks"),
    ((1, None, None, "injured"), "1 injured"),
    ((None, "persons", "approximately", "fatalities"), "~? killed"),
    ((3.5, "km", "exactly", "distance"), "3.5 km"),
])
def test_format_figure(args, text):
    assert format_figure(*args) == text


def test_parts_sit_under_their_total():
    groups = figure_cards(fixture_figures())
    personnel = next(g for g in groups if g.title == "Wagner Group · personnel · Ukraine")
    (total,) = personnel.cards
    assert total.headline == "50,000 personnel"
    assert [p.headline for p in total.parts] == ["40,000 convicts recruited from Russian prisons", "10,000 contractors"]
    assert total.parts_note == "parts sum to 50,000 (= total)"
    all_ids = [c.figure_id for g in groups for c in g.cards]
    assert "fg-contractors" not in all_ids and "fg-convicts" not in all_ids


def test_card_carries_source_and_sentence():
    groups = figure_cards(fixture_figures())
    spending = next(c for g in groups for c in g.cards if c.figure_id == "fg-spending")
    assert spending.headline == "> $100M / month"
    assert spending.subject == "Yevgeny Prigozhin"
    assert spending.attributed_to == "Government of the United States"
    assert "$100 million a month" in spending.sentence
    assert spending.doc_id == "seed-000" and spending.certainty == "assessed"
    killed = next(c for g in groups for c in g.cards if c.figure_id == "fg-killed")
    assert killed.headline == "~1,000 killed" and killed.place == "Bakhmut, Ukraine"
    assert killed.period == "2022-11-01 – 2022-12-22"


def test_conflicting_numbers_are_grouped_side_by_side():
    groups = figure_cards(fixture_figures())
    rebels = next(g for g in groups if g.title.startswith("Coalition of Patriots for Change"))
    assert rebels.conflicting
    assert [(c.headline, c.attributed_to) for c in rebels.cards] == [
        ("~30 rebels killed", "Government of the Central African Republic"),
        ("≥ 5 rebels killed", "Coalition of Patriots for Change"),
    ]
    peacekeeper = next(g for g in groups if g.title.startswith("MINUSCA"))
    assert not peacekeeper.conflicting and len(peacekeeper.cards) == 1


def test_agreeing_reports_are_not_a_conflict():
    figures = fixture_figures()
    copy = figures[figures["figure_id"] == "fg-killed"].assign(figure_id="fg-killed-2", attributed_to="Ukraine")
    groups = figure_cards(pd.concat([figures, copy], ignore_index=True))
    killed = next(g for g in groups if any(c.figure_id == "fg-killed" for c in g.cards))
    assert len(killed.cards) == 2 and not killed.conflicting


def test_part_without_its_total_is_its_own_card():
    figures = fixture_figures()
    groups = figure_cards(figures[figures["figure_id"] != "fg-personnel"])
    ids = [c.figure_id for g in groups for c in g.cards]
    assert "fg-contractors" in ids and "fg-convicts" in ids


def test_count_events_keeps_unknown_apart_from_zero():
    counts = count_events(fixture_events())
    assert counts.events == 8 and counts.undated == 1
    assert counts.country_level == 2
    assert counts.fatalities == 1000 + 31 + 0 + 12
    assert counts.fatalities_unknown == 4
    assert counts.countries == 7


def test_event_table_shows_dates_place_evidence_and_source():
    from events.summaries import TABLE_COLUMNS, event_table

    table = event_table(fixture_events()).set_index("event_id")
    assert list(table.columns) == list(TABLE_COLUMNS[1:])
    assert table.loc["fx-003", "place"] == "Bakhmut, Donetsk, Ukraine"
    assert table.loc["fx-001", "place"] == "Russia"
    assert table.loc["fx-005", "place"] == "" and table.loc["fx-005", "dates"] == "undated"  # unknown shows empty, not "None"
    assert table.loc["fx-004", "dates"] == "on or before 2022-12-22"
    assert table.loc["fx-003", "sentence"].startswith("U.S. intelligence indicates")
    assert table.loc["fx-003", "doc_id"] == "seed-000"
    assert table.loc["fx-003", "source_url"] == "https://example.org/seed-000"
