"""AppTest flows of the Add-article and Review views: paste, preview, save, correct, history."""

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from events import intake
from events.review import history, reviewed_events

APP = str(Path(__file__).resolve().parent.parent / "app.py")

ARTICLE = """---
published: 2023-05-02
publisher: Example Wire
url: https://wire.example.org/a1
---
# Clashes near Bakhmut

Wagner Group fighters attacked Ukrainian positions near Bakhmut on Monday, the Ukrainian military said.
<script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2"> appeared in the page.
"""


@pytest.fixture
def store(store, monkeypatch):
    """The shared store (``conftest.py``) with a reviewer set, Streamlit's cache cleared around the test."""
    monkeypatch.setenv("EVENTS_REVIEWER", "Ann Analyst")
    st.cache_data.clear()
    yield store
    st.cache_data.clear()


def start() -> AppTest:
    return AppTest.from_file(APP, default_timeout=90).run()


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def field(at: AppTest, label: str):
    """The correction form's input for a field (its key names the row and the store version)."""
    return next(w for w in list(at.text_input) + list(at.selectbox) if w.label == label)


def frame_with(at: AppTest, column: str):
    """The first table shown that has ``column`` (AppTest does not expose a dataframe's key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def add_article(at: AppTest) -> AppTest:
    at.radio(key="view").set_value("Add article").run()
    at.text_area(key="add_text").input(ARTICLE).run()
    return at


def test_paste_preview_save_correct_and_history(store):
    at = add_article(start())
    assert not at.exception
    # the fields are pre-filled from the front matter
    assert at.text_input(key="add_publisher").value == "Example Wire"
    assert at.text_input(key="add_url").value == "https://wire.example.org/a1"
    assert str(at.date_input(key="add_published").value) == "2023-05-02"
    at.text_input(key="add_publisher").input("Example Wire (edited)")
    at.button(key="add_extract").click().run()
    assert not at.exception
    preview = at.html[0].proto.body
    assert "<mark>Wagner Group fighters attacked Ukrainian positions near Bakhmut" in preview
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in preview and "<script" not in preview
    assert "&lt;img src=x onerror=" in preview and "<img" not in preview
    previewed = at.dataframe[0].value
    assert (previewed["place"].str.startswith("Bakhmut")).any()
    assert len(reviewed_events(store)) == 8  # nothing saved by the preview

    at.button(key="add_save").click().run()
    assert not at.exception
    assert at.radio(key="view").value == "Events"
    assert any("Saved 1 event(s)" in s.value for s in at.success)
    table = at.dataframe[0].value
    assert len(table) == 1 and table["review_status"].tolist() == ["new"]
    assert table["source"].tolist() == ["Example Wire (edited)"]
    new_id = table["event_id"].iloc[0]
    assert new_id.startswith("art-")

    at.radio(key="view").set_value("Review").run()
    assert not at.exception
    at.multiselect(key="rv_ids_event").select(new_id).run()
    field(at, "fatalities").input("5")
    field(at, "place").input("Soledar")
    button(at, "Save corrections").click().run()
    assert not at.exception
    assert any("Corrected" in s.value for s in at.success), [e.value for e in at.error]
    listed = frame_with(at, "review_status").set_index("event_id")
    assert listed.loc[new_id, "review_status"] == "corrected"
    assert listed.loc[new_id, "location"] == "Soledar" and listed.loc[new_id, "fatalities"] == "5"  # shown as text: the column has unreported values
    shown_history = frame_with(at, "field").set_index("field")
    assert {"location", "latitude", "longitude", "fatalities", "review_status"} <= set(shown_history.index)
    assert shown_history.loc["location", "old_value"] == "Bakhmut" and shown_history.loc["location", "new_value"] == "Soledar"
    assert shown_history.loc["review_status", "new_value"] == "corrected"
    assert set(shown_history["reviewer"]) == {"Ann Analyst"}
    assert history(store, new_id)["new_value"].tolist()[-2:] == ["5", "corrected"]

    at.radio(key="view").set_value("Events").run()
    at.checkbox(key="f_reviewed").check().run()
    assert at.dataframe[0].value["event_id"].tolist() == [new_id]  # reviewed rows only


def test_reject_with_reason_hides_the_row_from_the_events_view(store):
    at = start()
    at.radio(key="view").set_value("Review").run()
    at.multiselect(key="rv_ids_event").select("fx-002").run()
    button(at, "Reject").click().run()
    assert any("reason is required" in e.value for e in at.error)
    at.text_input(key="rv_reason").input("the article quotes a denial")
    button(at, "Reject").click().run()
    assert not at.exception and any("Rejected" in s.value for s in at.success)
    assert frame_with(at, "field")["reason"].tolist() == ["the article quotes a denial"]
    at.radio(key="view").set_value("Events").run()
    assert "fx-002" not in at.dataframe[0].value["event_id"].tolist() and len(at.dataframe[0].value) == 7
    at.radio(key="view").set_value("Review").run()
    button(at, "Reopen (undo reject, merge, split)").click().run()
    assert any("Reopened" in s.value for s in at.success)
    assert frame_with(at, "field")["new_value"].tolist() == ["rejected", "new"]


def test_bulk_accept_and_merge_ask_first_naming_the_count_and_an_empty_reviewer_is_refused(store):
    at = start()
    at.radio(key="view").set_value("Review").run()
    at.text_input(key="reviewer").input("   ").run()
    at.multiselect(key="rv_ids_event").select("fx-001").select("fx-004").run()
    button(at, "Accept").click().run()
    assert any("this will change **2 rows**" in w.value for w in at.warning)
    button(at, "Yes, change all 2 rows").click().run()
    assert any("reviewer name is required" in e.value for e in at.error)
    at.text_input(key="reviewer").input("Bob").run()
    button(at, "Accept").click().run()
    assert (reviewed_events(store)["review_status"] == "new").all()  # nothing written before the answer
    button(at, "Yes, change all 2 rows").click().run()
    statuses = reviewed_events(store).set_index("event_id")["review_status"]
    assert statuses["fx-001"] == statuses["fx-004"] == "accepted" and statuses["fx-002"] == "new"
    button(at, "Merge into the first").click().run()
    button(at, "Cancel").click().run()
    assert reviewed_events(store).set_index("event_id")["merged_into"].isna().all()
    button(at, "Merge into the first").click().run()
    button(at, "Yes, change all 2 rows").click().run()
    assert not at.exception
    assert reviewed_events(store).set_index("event_id").loc["fx-004", "merged_into"] == "fx-001"


def test_a_bulk_correction_asks_once_more_naming_the_count(store):
    """The finding: "Select all" + Enter + Save corrections wrote a field into all 30 rows at once."""
    at = start()
    at.radio(key="view").set_value("Review").run()
    for rid in ("fx-001", "fx-002", "fx-006"):
        at.multiselect(key="rv_ids_event").select(rid)
    at.run()
    field(at, "notes").input("bulk note")
    next(b for b in at.button if b.label == "Save corrections").click().run()
    assert any("this will change **3 rows**" in w.value for w in at.warning)
    assert reviewed_events(store)["notes"].ne("bulk note").all()
    button(at, "Yes, change all 3 rows").click().run()
    assert (reviewed_events(store).set_index("event_id").loc[["fx-001", "fx-002", "fx-006"], "notes"] == "bulk note").all()


def test_rows_are_selected_in_the_table_itself(store):
    at = start()
    at.radio(key="view").set_value("Review").run()
    table = next(d for d in at.dataframe if "review_status" in d.value.columns and "source" in d.value.columns)
    # what the browser sends when two rows are ticked (AppTest has no row-click; the browser test clicks)
    at.session_state["rv_table"] = {"selection": {"rows": [1, 3], "columns": [], "cells": []}}
    ids = table.value["event_id"].tolist()
    from app_pages.review import _table_picked
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(st, "session_state", at.session_state)
        _table_picked("event", ids)
    at.run()
    assert at.multiselect(key="rv_ids_event").value == [ids[1], ids[3]]
    assert not table.value["source"].str.startswith("art-").any()


def test_revert_a_correction_brings_the_machine_value_back_and_keeps_both_in_the_log(store):
    at = start()
    at.radio(key="view").set_value("Review").run()
    at.multiselect(key="rv_ids_event").select("fx-002").run()
    machine = field(at, "actor1").value
    field(at, "actor1").input("Government of Canada")
    next(b for b in at.button if b.label == "Save corrections").click().run()
    assert reviewed_events(store).set_index("event_id").loc["fx-002", "actor1"] == "Government of Canada"
    button(at, "Revert corrections (machine values back)").click().run()
    assert not at.exception and any("Reverted" in s.value for s in at.success)
    row = reviewed_events(store).set_index("event_id").loc["fx-002"]
    assert row["actor1"] == machine and row["review_status"] == "new"
    log = history(store, "fx-002")
    actor = log[log["field"] == "actor1"]
    assert actor["action"].tolist() == ["correct", "revert"]
    assert actor["new_value"].tolist() == ["Government of Canada", machine]
    button(at, "Revert corrections (machine values back)").click().run()
    assert any("no correction" in e.value for e in at.error)


def test_saving_an_article_needs_a_reviewer_name(store):
    at = start()
    at.text_input(key="reviewer").input("  ").run()
    at.radio(key="view").set_value("Add article").run()
    at.text_area(key="add_text").input(ARTICLE).run()
    at.button(key="add_extract").click().run()
    assert at.button(key="add_save").disabled
    assert any("Reviewer name" in w.value for w in at.warning)


def test_add_article_warns_about_a_missing_date_and_an_article_already_stored(store):
    at = start()
    at.radio(key="view").set_value("Add article").run()
    at.text_area(key="add_text").input(ARTICLE.replace("published: 2023-05-02\n", "")).run()
    assert any("No publication date" in w.value and "undated" in w.value for w in at.warning)
    at.text_area(key="add_text").input(ARTICLE).run()
    assert not any("No publication date" in w.value for w in at.warning)
    at.button(key="add_extract").click().run()
    assert not any("already in the store" in w.value for w in at.warning)
    at.button(key="add_save").click().run()
    at.radio(key="view").set_value("Add article").run()
    at.button(key="add_extract").click().run()
    assert any("already in the store" in w.value and "replaces" in w.value for w in at.warning)


def test_pasted_text_over_the_limit_is_refused_before_extraction(store):
    at = start()
    at.radio(key="view").set_value("Add article").run()
    at.text_area(key="add_text").input("word " * (intake.MAX_ARTICLE_BYTES // 5 + 10)).run()
    assert any("over the limit" in e.value for e in at.error)
    assert not any(b.key == "add_extract" for b in at.button)


def test_reviewed_only_with_nothing_reviewed_says_so(store):
    at = start()
    at.checkbox(key="f_reviewed").check().run()
    assert not at.exception
    assert any("None of the 8 stored events is reviewed yet" in i.value for i in at.info)
    assert len(at.dataframe) == 0


def test_the_correction_form_follows_the_selected_row(store):
    at = start()
    at.radio(key="view").set_value("Review").run()
    at.multiselect(key="rv_ids_event").select("fx-001").run()
    assert field(at, "actor1").value == "Government of North Korea" and field(at, "certainty").value == "confirmed"
    field(at, "notes").input("typed for fx-001, not saved")
    at.multiselect(key="rv_ids_event").unselect("fx-001").select("fx-005").run()
    assert field(at, "actor1").value == "Government of the United States"
    assert field(at, "certainty").value == "planned" and field(at, "notes").value.startswith("No date")
    button(at, "Save corrections").click().run()
    assert any("Nothing changed" in e.value for e in at.error)
    assert reviewed_events(store).set_index("event_id").loc["fx-005", "review_status"] == "new"


def test_app_has_no_bare_strings_that_streamlit_would_print():
    """Streamlit's "magic" writes any bare expression of the script into the page (docstrings after
    assignments included); only the module docstring is exempt."""
    import ast

    tree = ast.parse(Path(APP).read_text(encoding="utf-8"))
    bare = [node.lineno for node in tree.body[1:]
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)]
    assert bare == []


def test_reviewed_only_travels_in_the_url(store):
    from events.review import accept

    accept(store, ["fx-001", "fx-003"], "Ann")
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["reviewed"] = "1"
    at.run()
    assert not at.exception and at.checkbox(key="f_reviewed").value is True
    assert sorted(at.dataframe[0].value["event_id"]) == ["fx-001", "fx-003"]
    assert any(c.value.endswith("Reviewed rows only.") for c in at.caption)
    at.checkbox(key="f_reviewed").uncheck().run()
    assert len(at.dataframe[0].value) == 8 and "reviewed" not in at.query_params


def test_split_a_row_from_the_review_view(store):
    at = start()
    at.radio(key="view").set_value("Review").run()
    at.multiselect(key="rv_ids_event").select("fx-003").run()
    at.text_area(key="rv_split").input("place=Bakhmut\nplace=Soledar; fatalities=2")
    button(at, "Split").click().run()
    assert not at.exception
    assert any("Split into: fx-003-s1, fx-003-s2" in s.value for s in at.success), [e.value for e in at.error]
    listed = frame_with(at, "review_status").set_index("event_id")
    assert listed.loc["fx-003", "review_status"] == "split"
    assert listed.loc["fx-003-s2", "location"] == "Soledar" and listed.loc["fx-003-s2", "fatalities"] == "2"
    at.text_area(key="rv_split").input("nonsense without an equals sign")
    at.multiselect(key="rv_ids_event").unselect("fx-003").select("fx-001").run()
    button(at, "Split").click().run()
    assert any("expected FIELD=VALUE" in e.value for e in at.error)


def test_a_front_matter_date_that_is_no_real_day_is_a_message_not_a_crash(store):
    at = start()
    at.radio(key="view").set_value("Add article").run()
    at.text_area(key="add_text").input(ARTICLE.replace("published: 2023-05-02", "published: 2023-13-45")).run()
    assert not at.exception
    assert any("2023-13-45" in w.value.replace("\\", "") and "publication date" in w.value for w in at.warning)
    assert at.date_input(key="add_published").value is None
    assert at.text_input(key="add_publisher").value == "Example Wire"
    at.button(key="add_extract").click().run()
    assert not at.exception
    assert any("not YYYY-MM-DD" in e.value for e in at.error)


@pytest.mark.parametrize("value, message", [("99999999999999999999", "fatalities must fit a 64-bit integer"),
                                            ("1e3", "fatalities must be a whole number written in digits")])
def test_a_fatality_count_that_is_no_int64_is_a_message_in_the_correction_form(store, value, message):
    at = start()
    at.radio(key="view").set_value("Review").run()
    at.multiselect(key="rv_ids_event").select("fx-002").run()
    field(at, "fatalities").input(value)
    button(at, "Save corrections").click().run()
    assert not at.exception
    assert any(message in e.value for e in at.error), [e.value for e in at.error]
    assert reviewed_events(store).set_index("event_id").loc["fx-002", "review_status"] == "new"


def test_every_run_sends_the_reviewer_name_as_the_field_default(store):
    # Streamlit sends a value written to st.session_state only with the run that wrote it: a browser
    # that missed that run's field (a view switched before the sidebar was drawn) showed the
    # default, blank, and sent the blank back. The default must hold the name in every run.
    at = start()
    at.radio(key="view").set_value("Review").run()
    at.radio(key="view").set_value("Add article").run()
    field = at.text_input(key="reviewer")
    assert (field.value, field.proto.default) == ("Ann Analyst", "Ann Analyst")
    field.input("Bo Berg").run()
    at.radio(key="view").set_value("Events").run()
    assert at.text_input(key="reviewer").proto.default == "Bo Berg"


def test_a_reviewer_name_emptied_by_hand_stays_empty_and_is_refused(store):
    at = start()
    at.text_input(key="reviewer").input("  ").run()
    at.radio(key="view").set_value("Review").run()
    assert at.text_input(key="reviewer").value.strip() == ""
    at.multiselect(key="rv_ids_event").select("fx-001").run()
    button(at, "Accept").click().run()
    assert any("reviewer name is required" in e.value for e in at.error)  # not $EVENTS_REVIEWER's name
    assert reviewed_events(store).set_index("event_id").loc["fx-001", "review_status"] == "new"


def test_the_review_table_shows_an_unknown_value_as_an_empty_cell(store):
    # Streamlit's grid writes a missing value as the word "None" (fx-004 has no actor2 and no start)
    at = start()
    at.radio(key="view").set_value("Review").run()
    table = next(d for d in at.dataframe if d.key == "rv_table").value.set_index("event_id")
    row = table.loc["fx-004"]
    assert (row["actor2"], row["date_start"], row["date_end"]) == ("", "", "2022-12-22")  # on or before that day
    assert table.loc["fx-003", "date_start"] == "2022-11-01"  # a day, not "2022-11-01 00:00:00"
    assert (table.loc["fx-001", "fatalities"], table.loc["fx-006", "fatalities"]) == ("", "31")  # not reported: empty
    assert not table.isna().any().any() and not (table == "None").any().any()
