"""Tests of figure cards (hedges, units, parts under totals, conflicts) and headline counts."""

import datetime as dt
from pathlib import Path

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


# --- names, not hashes; evidence; the detail panel --------------------------------------------

from events.sources import (  # noqa: E402
    article_label,
    evidence_html,
    row_label,
    safe_link,
    save_warnings,
    source_document,
    source_labels,
)
from events.summaries import event_detail, figure_cards_html  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_1bedc7d3bcaccec5.txt"


def test_only_http_links_are_links():
    assert safe_link("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "/work/seeds/a.txt", "data:text/html,x", "http://",
                "https://a.example/ b", None, float("nan")):
        assert safe_link(bad) is None


def test_a_local_article_is_named_by_headline_and_its_file_is_named_not_linked():
    """The finding: the seed's source link was a local file path, and articles showed as art-… hashes."""
    doc = source_document("art-385447b1cb69", "Reuters", str(SEED))
    assert doc.title == "U.S. says North Korea delivered arms to Russia's Wagner Group"
    assert doc.label == "U.S. says North Korea delivered arms to Russia's Wagner Group — Reuters, 2022-12-22"
    assert doc.link is None and doc.file_name == SEED.name
    assert "Wagner Group, took delivery" in doc.text


def test_labels_never_fall_back_to_a_bare_hash_when_anything_is_known(tmp_path):
    frame = fixture_events().head(3).assign(doc_id=["art-1", "art-2", "acled-file"], source=["Reuters", None, None],
                                            source_url=[str(SEED), "javascript:x", None],
                                            dataset=["article", "article", "acled"])
    labels = source_labels(frame)
    assert labels["art-1"].startswith("U.S. says North Korea")
    assert labels["art-2"] == "untitled article art-2"
    assert labels["acled-file"].startswith("ACLED import")
    assert article_label(None, "AP", dt.date(2023, 1, 2)) == "AP, 2023-01-02 (untitled)"
    assert row_label("ucdp:123", "ucdp") == "UCDP GED 123" and row_label("art-1-x", "article") == "art-1-x"


def test_evidence_is_marked_in_its_article_text_and_escaped():
    text = "Intro. " + "filler " * 200 + "Rebels shelled <b>Goma</b> on Monday. " + "tail " * 200
    out = evidence_html(text, ["Rebels shelled <b>Goma</b> on Monday."], context_chars=100)
    assert "<mark>Rebels shelled &lt;b&gt;Goma&lt;/b&gt; on Monday.</mark>" in out
    assert "<b>" not in out and out.count("…") == 2 and len(out) < 400
    alone = evidence_html(None, ["<img src=x onerror=alert(1)>"])
    assert "<img" not in alone and "&lt;img" in alone
    missing = evidence_html("Other text.", ["Not in it."])
    assert "<mark>Not in it.</mark>" in missing


def test_event_detail_says_what_who_where_when_and_how_sure():
    row = fixture_events().set_index("event_id", drop=False).loc["fx-003"]
    detail = dict(event_detail(row).facts)
    assert detail["actors"].startswith("Wagner Group") and "Military Forces of Ukraine" in detail["actors"]
    assert detail["date"].startswith("2022-11-01 – 2022-12-22")
    assert detail["fatalities"] == "approximately 1,000"
    assert detail["certainty"] == "assessed, according to U.S. intelligence"
    country = dict(event_detail(fixture_events().set_index("event_id", drop=False).loc["fx-001"]).facts)
    assert country["place"].endswith("(country or region level only)") and country["fatalities"].startswith("unknown")


def test_figure_cards_are_a_compact_escaped_grid_with_the_full_label_on_hover():
    figures = fixture_figures().assign(subject=lambda f: f["subject"].where(f.index != 0, "<script>x</script>"))
    out = figure_cards_html(figure_cards(figures), {"seed-000": "Headline — Reuters"})
    assert "figure-grid" in out and "<script>x" not in out and "&lt;script&gt;" in out
    assert 'title="' in out and "Headline — Reuters" in out and "according to" in out


def test_add_article_warnings():
    assert "undated" in save_warnings(None, "art-1", None)[0]
    stored = pd.DataFrame({"review_status": ["new", "accepted"]})
    warning = save_warnings(dt.date(2023, 1, 1), "art-1", stored)[0]
    assert "2 event(s), 1 reviewed" in warning and "replaces" in warning
