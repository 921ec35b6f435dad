"""Review actions, their audit entries, corrections surviving re-extraction, and concurrent reviewers."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from fixtures import fixture_figures

from events import load_events, save_events
from events.audit import AUDIT_FILE, read_entries
from events.errors import ReviewError
from events.ingest import ingest_articles
from events.overlay import visible
from events.review import (accept, correct, history, merge, orphaned_reviews, reject, reopen, reviewed_events,
                           reviewed_figures, split)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1bedc7d3bcaccec5.txt"


def row(store, event_id):
    table = reviewed_events(store)
    return table[table["event_id"] == event_id].iloc[0]


def log_lines(store) -> list[dict]:
    return [json.loads(line) for line in (store / AUDIT_FILE).read_text().splitlines()]


def test_accept_writes_one_status_entry(store):
    assert accept(store, "fx-001", "Ann Analyst") == 1
    assert row(store, "fx-001")["review_status"] == "accepted"
    h = history(store, "fx-001")
    assert list(h.columns) == ["timestamp", "row_id", "table", "action", "field", "old_value", "new_value",
                               "reviewer", "reason"]
    assert h.iloc[0][["action", "field", "old_value", "new_value", "reviewer"]].tolist() == [
        "accept", "review_status", "new", "accepted", "Ann Analyst"]
    assert str(h["timestamp"].dtype) == "datetime64[ns, UTC]"
    assert row(store, "fx-002")["review_status"] == "new"


def test_reject_needs_a_reason_and_hides_the_row(store):
    with pytest.raises(ReviewError, match="reason"):
        reject(store, "fx-002", "Ann", "  ")
    assert not (store / AUDIT_FILE).exists()
    reject(store, "fx-002", "Ann", "the article quotes a denial")
    table = reviewed_events(store)
    assert row(store, "fx-002")["review_status"] == "rejected"
    assert "fx-002" not in set(visible(table)["event_id"]) and len(visible(table)) == 7
    assert history(store, "fx-002").iloc[0]["reason"] == "the article quotes a denial"


def test_correct_keeps_machine_values_and_logs_old_and_new(store):
    before = load_events(store)
    n = correct(store, "fx-003", "Ann", reason="the text says three", fatalities="3", certainty="claimed",
                date_start="2022-12-01")
    assert n == 4  # three fields and the status
    fixed = row(store, "fx-003")
    assert fixed["fatalities"] == 3 and fixed["certainty"] == "claimed"
    assert fixed["date_start"] == pd.Timestamp("2022-12-01") and fixed["review_status"] == "corrected"
    pd.testing.assert_frame_equal(load_events(store), before)  # the store keeps the machine rows
    h = history(store, "fx-003").set_index("field")
    assert h.loc["fatalities", "old_value"] == "1000"
    assert h.loc["fatalities", "new_value"] == "3" and h.loc["certainty", "new_value"] == "claimed"
    assert (h["reason"] == "the text says three").all()
    table = reviewed_events(store)
    assert str(table["fatalities"].dtype) == "Int64" and str(table["date_start"].dtype) == "datetime64[ns]"


def test_correct_place_from_the_gazetteer(store):
    correct(store, "fx-001", "Ann", place="Bakhmut")
    fixed = row(store, "fx-001")
    assert (fixed["location"], fixed["country"], fixed["iso3"], fixed["geo_precision"]) == ("Bakhmut", "Ukraine", "UKR", 1)
    assert fixed["latitude"] == pytest.approx(48.59, abs=0.05) and fixed["longitude"] == pytest.approx(38.0, abs=0.05)
    with pytest.raises(ReviewError, match="no place named"):
        correct(store, "fx-001", "Ann", place="Nowhereville Qqq")


def test_an_ambiguous_place_is_picked_with_its_country(store):
    correct(store, "fx-002", "Ann", place="Tripoli, Lebanon")
    fixed = row(store, "fx-002")
    assert (fixed["location"], fixed["iso3"]) == ("Tripoli", "LBN") and fixed["longitude"] == pytest.approx(35.84, abs=0.05)
    correct(store, "fx-002", "Ann", place="Tripoli")  # alone, the most likely one
    assert row(store, "fx-002")["iso3"] == "LBY"
    with pytest.raises(ReviewError, match=r"no place named 'Tripoli, Peru'.*Tripoli, Lebanon"):
        correct(store, "fx-002", "Ann", place="Tripoli, Peru")


@pytest.mark.parametrize("fields, message", [
    ({"fatalities": "-2"}, "at least 0"),
    ({"fatalities": "2.5"}, "whole number"),
    ({"fatalities": "99999999999999999999"}, "must fit a 64-bit integer"),
    ({"fatalities": 99999999999999999999}, "must fit a 64-bit integer"),
    ({"fatalities": "1e3"}, "whole number written in digits"),
    ({"fatalities": "12.0"}, "whole number written in digits"),
    ({"fatalities": "1,000"}, "whole number written in digits"),
    ({"fatalities": True}, "whole number"),
    ({"certainty": "maybe"}, "certainty must be one of"),
    ({"latitude": "95"}, "between -90.0 and 90.0"),
    ({"latitude": "-80"}, "set the place instead"),  # the row stays at its named location
    ({"longitude": ""}, "latitude and longitude go together"),
    ({"date_start": "22/12/2022"}, "YYYY-MM-DD"),
    ({"date_start": "2022-12-30", "date_end": "2022-12-01"}, "date_start after its date_end"),
    ({"event_type": "Battles", "sub_event_type": "Agreement"}, "not a kind of"),
    ({"nonsense": "1"}, "no column"),
    ({"event_id": "x"}, "identifies the row"),
])
def test_invalid_corrections_are_refused_with_one_line(store, fields, message):
    with pytest.raises(ReviewError, match=message) as info:
        correct(store, "fx-002", "Ann", **fields)
    assert "\n" not in str(info.value)
    assert not (store / AUDIT_FILE).exists()


def test_bulk_actions_are_all_or_nothing(store):
    assert accept(store, ["fx-001", "fx-002", "fx-003"], "Ann") == 3
    assert set(reviewed_events(store).query("review_status == 'accepted'")["event_id"]) == {"fx-001", "fx-002", "fx-003"}
    with pytest.raises(ReviewError, match="no event or figure with id 'nope'"):
        reject(store, ["fx-004", "nope"], "Ann", "duplicate")
    assert len(log_lines(store)) == 3 and row(store, "fx-004")["review_status"] == "new"


def test_reviewer_is_required_and_may_come_from_the_environment(store, monkeypatch):
    monkeypatch.delenv("EVENTS_REVIEWER", raising=False)
    with pytest.raises(ReviewError, match="reviewer"):
        accept(store, "fx-001", "   ")
    with pytest.raises(ReviewError, match="reviewer"):
        accept(store, "fx-001")
    monkeypatch.setenv("EVENTS_REVIEWER", "Env Reviewer")
    accept(store, "fx-001")
    assert log_lines(store)[0]["reviewer"] == "Env Reviewer"


def test_merge_points_rows_at_the_kept_one(store):
    merge(store, ["fx-001", "fx-004"], "Ann", reason="same delivery")
    assert row(store, "fx-004")["review_status"] == "merged" and row(store, "fx-004")["merged_into"] == "fx-001"
    assert "fx-004" not in set(visible(reviewed_events(store))["event_id"])
    assert history(store, "fx-001").iloc[0][["field", "new_value"]].tolist() == ["merged_from", "fx-004"]
    with pytest.raises(ReviewError, match="merged into fx-001"):
        accept(store, "fx-004", "Ann")
    with pytest.raises(ReviewError, match="at least two"):
        merge(store, ["fx-002", "fx-002"], "Ann")


def test_split_makes_new_rows_and_hides_the_original(store):
    new = split(store, "fx-003", [{"place": "Bakhmut"}, {"place": "Soledar", "fatalities": 2}], "Ann")
    assert new == ["fx-003-s1", "fx-003-s2"]
    table = reviewed_events(store).set_index("event_id")
    assert table.loc["fx-003", "review_status"] == "split"
    assert table.loc["fx-003-s1", "location"] == "Bakhmut" and table.loc["fx-003-s2", "location"] == "Soledar"
    assert table.loc["fx-003-s2", "fatalities"] == 2
    assert table.loc["fx-003-s1", "actor1"] == table.loc["fx-003", "actor1"]  # the rest is copied
    assert set(visible(table.reset_index())["event_id"]) >= {"fx-003-s1", "fx-003-s2"}
    correct(store, "fx-003-s1", "Bob", fatalities=1)  # a split-off row is reviewable like any other
    assert reviewed_events(store).set_index("event_id").loc["fx-003-s1", "fatalities"] == 1


def test_figures_are_reviewed_too(store):
    figure_id = fixture_figures()["figure_id"].iloc[0]
    correct(store, figure_id, "Ann", value="1200", qualifier="approximately")
    figures = reviewed_figures(store).set_index("figure_id")
    assert figures.loc[figure_id, "value"] == 1200 and figures.loc[figure_id, "review_status"] == "corrected"
    assert str(figures["value"].dtype) == "Float64"
    assert history(store, figure_id)["table"].unique().tolist() == ["figure"]
    with pytest.raises(ReviewError, match="part_of must name another figure"):
        correct(store, figure_id, "Ann", part_of="no-such-figure")
    other = fixture_figures()["figure_id"].iloc[1]
    correct(store, figure_id, "Ann", part_of=other)
    assert reviewed_figures(store).set_index("figure_id").loc[figure_id, "part_of"] == other


def test_a_torn_last_line_is_ignored_and_closed_off(store):
    accept(store, "fx-001", "Ann")
    with open(store / AUDIT_FILE, "ab") as f:
        f.write(b'{"row_id": "fx-00')  # a crash in the middle of a write
    with pytest.warns(UserWarning, match="incomplete line"):
        assert len(read_entries(store)) == 1
    with pytest.warns(UserWarning):
        accept(store, "fx-002", "Ann")
    with pytest.warns(UserWarning, match="line 2"):
        assert [e["row_id"] for e in read_entries(store)] == ["fx-001", "fx-002"]
    assert (store / AUDIT_FILE).read_bytes().count(b"\n") == 3  # the torn line was closed off, not rewritten


# --- corrections survive re-extraction -------------------------------------------------------

@pytest.fixture
def seeded(tmp_path):
    folder = tmp_path / "store"
    ingest_articles([SEED], store=folder)
    return folder


def test_corrections_survive_re_extraction(seeded):
    events = load_events(seeded)
    target = events.iloc[0]["event_id"]
    correct(seeded, target, "Ann", actor1="Wagner Group", fatalities=7)
    reject(seeded, events.iloc[1]["event_id"], "Ann", "not an event")
    ingest_articles([SEED], store=seeded)  # the same article extracted again
    table = reviewed_events(seeded).set_index("event_id")
    assert table.loc[target, "actor1"] == "Wagner Group" and table.loc[target, "fatalities"] == 7
    assert table.loc[events.iloc[1]["event_id"], "review_status"] == "rejected"
    assert pd.isna(table.loc[target, "machine_changes"])  # the extractor said the same as before


def test_a_changed_machine_value_is_shown_next_to_the_correction(seeded):
    events = load_events(seeded)
    target = events.iloc[0]["event_id"]
    chosen = "Africa Corps" if events.iloc[0]["actor1"] == "Wagner Group" else "Wagner Group"
    correct(seeded, target, "Ann", actor1=chosen)
    improved = events.copy()
    improved.loc[0, "actor1"] = "Military Forces of Russia"  # what a better extractor now says
    save_events(improved, None, seeded)
    fixed = reviewed_events(seeded).set_index("event_id").loc[target]
    assert fixed["actor1"] == chosen  # never silently overwritten
    assert "extractor now 'Military Forces of Russia'" in fixed["machine_changes"]
    assert f"actor1: corrected '{chosen}'" in fixed["machine_changes"]


def test_reviews_follow_a_row_whose_id_moved_and_orphans_are_listed(seeded):
    events = load_events(seeded)
    kind = events["plover_type"].astype(str) + "|" + events["actor1"].astype(str)
    distinct = events[~kind.duplicated(keep=False)]  # rows no other row of the article resembles
    i, j = distinct.index[:2]
    first, second = events.loc[i, "event_id"], events.loc[j, "event_id"]
    correct(seeded, first, "Ann", fatalities=4)
    accept(seeded, second, "Ann")
    moved = events.copy()
    moved.loc[i, "event_id"] = first + "x"  # a new extractor numbered the events differently
    moved = moved.drop(index=j)  # and no longer finds the second event at all
    save_events(moved, None, seeded)
    table = reviewed_events(seeded).set_index("event_id")
    assert table.loc[first + "x", "fatalities"] == 4 and table.loc[first + "x", "review_status"] == "corrected"
    assert history(seeded, first + "x")["new_value"].tolist() == ["4", "corrected"]
    orphans = orphaned_reviews(seeded)
    assert orphans["row_id"].tolist() == [second] and orphans["review_status"].tolist() == ["accepted"]


# --- two processes reviewing at once ----------------------------------------------------------

WORKER = """
import random, sys, time
from pathlib import Path
from events.review import accept, correct
store, name, start, n = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
while not start.exists():
    time.sleep(0.005)
field = "notes" if name == "A" else "attributed_to"
own = "fx-005" if name == "A" else "fx-006"
for i in range(n):
    correct(store, "fx-001", name, **{field: f"{name}-{i}"})  # both write the same row
    accept(store, own, name, reason=f"{name}-{i}")
    time.sleep(random.uniform(0, 0.06))  # a pause, so the other writer gets the lock in between
"""


def test_two_processes_reviewing_at_once_lose_nothing(store, tmp_path):
    n = 25
    start = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(store), name, str(start), str(n)], cwd=ROOT,
                              env={**__import__("os").environ, "PYTHONPATH": str(ROOT)},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in "AB"]
    start.touch()
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    entries = log_lines(store)
    # per process n corrections and n accepts, plus one status entry by whoever corrected first
    assert len(entries) == 4 * n + 1
    assert [e["new_value"] for e in entries if e["field"] == "review_status" and e["row_id"] == "fx-001"] == ["corrected"]
    for name in "AB":
        mine = [e for e in entries if e["reviewer"] == name]
        assert [e["reason"] for e in mine if e["action"] == "accept"] == [f"{name}-{i}" for i in range(n)]
    stamps = [e["timestamp"] for e in entries]
    assert stamps == sorted(stamps)  # appended in lock order
    switches = sum(a["reviewer"] != b["reviewer"] for a, b in zip(entries, entries[1:]))
    assert switches >= 3, f"the two writers did not interleave ({switches} switches): the test proved nothing"
    fixed = row(store, "fx-001")
    assert fixed["notes"] == f"A-{n - 1}" and fixed["attributed_to"] == f"B-{n - 1}"
    # each correction's old value is the other's or its own previous one: no update was lost
    notes = [e for e in entries if e["field"] == "notes"]
    assert [e["old_value"] for e in notes[1:]] == [e["new_value"] for e in notes[:-1]]


def test_csv_download_says_each_rows_review_status(store):
    import csv
    import io

    from events.export import to_csv

    accept(store, "fx-001", "Ann")
    reject(store, "fx-002", "Ann", "wrong")
    rows = list(csv.DictReader(io.StringIO(to_csv(visible(reviewed_events(store))).decode("utf-8"))))
    status = {r["event_id"]: r["review_status"] for r in rows}
    assert status["fx-001"] == "accepted" and status["fx-003"] == "new" and "fx-002" not in status
    reviewed = list(csv.DictReader(io.StringIO(to_csv(visible(reviewed_events(store), reviewed_only=True)).decode())))
    assert [r["event_id"] for r in reviewed] == ["fx-001"]


def test_place_choices_for_the_map():
    from events.charts import place_choice_figure
    from events.review import find_places, place_values, places_table

    found = find_places("Tripoli")
    choices = places_table(found)
    assert {"LBY", "LBN"} <= {p.iso3 for p in found}
    assert choices["type"].tolist()[:1] == ["Tripoli, Libya"] and str(choices["latitude"].dtype) == "float64"
    fig = place_choice_figure(choices)
    assert list(fig.data[0].customdata) == list(range(len(found)))
    assert list(fig.data[0].lat) == choices["latitude"].tolist()
    lebanon = next(p for p in found if p.iso3 == "LBN")
    assert place_values(lebanon)["country"] == "Lebanon" and set(place_values(lebanon, "figure")) == {
        "location", "country", "iso3"}


def test_reopen_undoes_a_reject_a_merge_and_a_split(store):
    reject(store, "fx-002", "Ann", "wrong")
    merge(store, ["fx-001", "fx-004"], "Ann")
    correct(store, "fx-006", "Ann", fatalities=4)
    new = split(store, "fx-006", [{"place": "Bakhmut"}, {"place": "Soledar"}], "Ann")
    with pytest.raises(ReviewError, match="only a rejected, merged or split row"):
        reopen(store, "fx-003", "Bob")
    reopen(store, ["fx-002", "fx-004", "fx-006"], "Bob", reason="undo")
    table = reviewed_events(store).set_index("event_id")
    assert table.loc["fx-002", "review_status"] == "new"
    assert table.loc["fx-004", "review_status"] == "new" and pd.isna(table.loc["fx-004", "merged_into"])
    assert table.loc["fx-006", "review_status"] == "corrected" and table.loc["fx-006", "fatalities"] == 4
    assert set(table.loc[new, "review_status"]) == {"rejected"}
    assert set(visible(table.reset_index())["event_id"]) >= {"fx-002", "fx-004", "fx-006"}
    assert history(store, "fx-004")["action"].tolist() == ["merge", "merge", "reopen", "reopen"]


def test_whole_numbers_up_to_the_int64_limit_are_taken(store):
    correct(store, "fx-002", "Ann", fatalities=str(2**63 - 1))
    assert reviewed_events(store).set_index("event_id").loc["fx-002", "fatalities"] == 2**63 - 1
    correct(store, "fx-002", "Ann", fatalities=7.0)
    assert reviewed_events(store).set_index("event_id").loc["fx-002", "fatalities"] == 7


def _dates_in_order(table: pd.DataFrame) -> bool:
    start, end, day = table["date_start"], table["date_end"], table["event_date"]
    return not ((start > end) | (day < start) | (day > end)).any()


def test_a_corrected_event_date_keeps_its_window_after_re_extraction(tmp_path):
    store, path = tmp_path / "store", tmp_path / "a.txt"
    path.write_text("Wagner Group fighters attacked a village near Mopti in Mali last week, killing 12 civilians.\n")
    ingest_articles([path], store=store, published="2023-01-10")
    (rid,) = load_events(store)["event_id"]
    correct(store, rid, "Ann", event_date="2023-01-05")  # inside the machine window 2023-01-02 – 2023-01-08
    ingest_articles([path], store=store, published="2023-02-08")  # the machine window is now 2023-01-30 – 2023-02-05
    table = reviewed_events(store)
    row = table.set_index("event_id").loc[rid]
    assert [str(row[c].date()) for c in ("date_start", "event_date", "date_end")] == ["2023-01-05"] * 3
    assert "date_start: 2023-01-30 → 2023-01-05" in row["machine_changes"]
    assert _dates_in_order(table)


def test_a_corrected_window_moves_an_uncorrected_event_date_into_it(tmp_path):
    store, path = tmp_path / "store", tmp_path / "a.txt"
    path.write_text("Wagner Group fighters attacked a village near Mopti in Mali on Tuesday, killing 12 civilians.\n")
    ingest_articles([path], store=store, published="2023-01-06")
    (rid,) = load_events(store)["event_id"]
    correct(store, rid, "Ann", date_start="2023-01-01", date_end="2023-01-04")
    ingest_articles([path], store=store, published="2023-02-10")  # the extractor now says Tuesday 2023-02-07
    row = reviewed_events(store).set_index("event_id").loc[rid]
    assert (str(row["date_start"].date()), str(row["date_end"].date())) == ("2023-01-01", "2023-01-04")
    assert str(row["event_date"].date()) == "2023-01-04"
    assert _dates_in_order(reviewed_events(store))


def test_a_chain_of_merges_points_at_the_last_row(store):
    merge(store, ["fx-002", "fx-001"], "Ann")  # A = fx-001 into E = fx-002
    merge(store, ["fx-003", "fx-002"], "Ann")  # E into X = fx-003
    assert row(store, "fx-001")["merged_into"] == "fx-003" and row(store, "fx-002")["merged_into"] == "fx-003"
    with pytest.raises(ReviewError, match="merged into fx-003"):
        accept(store, "fx-001", "Ann")
    reopen(store, "fx-002", "Ann", reason="not the same")  # E stands again: A belongs to it once more
    assert row(store, "fx-001")["merged_into"] == "fx-002" and row(store, "fx-002")["review_status"] != "merged"


def test_no_machine_change_is_reported_when_the_extractor_now_agrees(seeded):
    events = load_events(seeded)
    target = events.iloc[0]["event_id"]
    chosen = "Africa Corps" if events.iloc[0]["actor1"] == "Wagner Group" else "Wagner Group"
    correct(seeded, target, "Ann", actor1=chosen)
    improved = events.copy()
    improved.loc[0, "actor1"] = chosen  # the extractor now says what the analyst said
    save_events(improved, None, seeded)
    fixed = reviewed_events(seeded).set_index("event_id").loc[target]
    assert fixed["actor1"] == chosen and pd.isna(fixed["machine_changes"])


@pytest.mark.parametrize("fields, message", [
    ({"country": "Narnia"}, "country 'Narnia' is not in data/countries.csv"),
    ({"iso3": "XXX"}, "iso3 'XXX' is not a code of data/countries.csv"),
    ({"country": "Lebanon", "iso3": "SYR"}, "country 'Lebanon' is LBN, not SYR"),
    ({"country": "Lebanon"}, "fx-002: a new country alone would leave the place 'Washington' in United States; "
                             "set the place instead"),
])
def test_a_corrected_country_must_be_known_and_agree_with_the_place(store, fields, message):
    with pytest.raises(ReviewError, match=message):
        correct(store, "fx-002", "Ann", **fields)
    assert not (store / AUDIT_FILE).exists()


def test_a_country_alone_sets_its_iso3_on_a_row_without_a_place(store):
    correct(store, "fx-005", "Ann", country="the UK")
    assert tuple(row(store, "fx-005")[["country", "iso3"]]) == ("United Kingdom", "GBR")
    correct(store, "fx-005", "Ann", iso3="lbn")
    assert tuple(row(store, "fx-005")[["country", "iso3"]]) == ("Lebanon", "LBN")
    correct(store, "fx-002", "Ann", place="Tripoli, Lebanon", country="Lebanon")  # with the place: fine
    assert tuple(row(store, "fx-002")[["location", "country", "iso3"]]) == ("Tripoli", "Lebanon", "LBN")


def test_a_corrected_actor_takes_its_own_inter_code_not_the_old_one(store):
    before = row(store, "fx-003")
    correct(store, "fx-003", "Ann", actor1="Al Shabaab", actor2="Nobody the dictionary knows")
    fixed = row(store, "fx-003")
    assert fixed["actor1"] == "Al Shabaab" and fixed["inter1"] == 2  # ACLED: rebel group
    assert pd.isna(fixed["inter2"])  # unknown stays empty, never the old actor's code
    assert before["actor1"] != "Al Shabaab"
    h = history(store, "fx-003").set_index("field")
    assert "inter1" in h.index  # the derived code is in the audit log too


def test_a_reviewer_given_inter_code_is_kept(store):
    correct(store, "fx-003", "Ann", actor1="Al Shabaab", inter1="3")
    assert row(store, "fx-003")["inter1"] == 3
