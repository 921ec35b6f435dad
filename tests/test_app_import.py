"""AppTest of the dashboard's dataset import: upload, summary, and the dataset filter."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from fixtures import fixture_events, fixture_figures
from streamlit.testing.v1 import AppTest

from events import load_events, save_events

APP = str(Path(__file__).resolve().parent.parent / "app.py")
UCDP = Path(__file__).resolve().parent / "data" / "ucdp_ged221_ukraine_head40.csv"
GDELT2 = Path(__file__).resolve().parent / "data" / "gdelt2_20191024143000_head40.export.CSV"


@pytest.fixture
def store(tmp_path, monkeypatch):
    folder = tmp_path / "store"
    save_events(fixture_events(), fixture_figures(), store=folder)
    monkeypatch.setenv("EVENTS_STORE", str(folder))
    st.cache_data.clear()
    yield folder
    st.cache_data.clear()


def upload_and_import(at: AppTest, kind: str, files) -> AppTest:
    at.selectbox(key="import_kind").set_value(kind)
    at.file_uploader(key="import_files").set_value(files)
    at.run()
    at.button(key="import_go").click()
    return at.run()


def test_upload_imports_ucdp_and_the_dataset_filter_shows_them(store):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    before = len(load_events(store))
    at = upload_and_import(at, "ucdp", [(UCDP.name, UCDP.read_bytes(), "text/csv")])
    assert not at.exception
    assert [s.value for s in at.success] == [
        f"ucdp: read 40 row(s) from 1 file(s), imported 40 event(s), skipped 0 row(s); the store holds {before + 40} event(s)"]
    assert len(load_events(store)) == before + 40
    at.multiselect(key="f_datasets").set_value(["ucdp"])
    at.run()
    ids = at.dataframe[0].value["event_id"]
    assert len(ids) == 40 and all(i.startswith("ucdp:") for i in ids)
    assert set(at.dataframe[0].value["dataset"]) == {"ucdp"}


def test_upload_of_the_wrong_file_shows_one_error_and_changes_nothing(store):
    before = (store / "events.parquet").read_bytes()
    at = AppTest.from_file(APP, default_timeout=60).run()
    at = upload_and_import(at, "acled", [(UCDP.name, UCDP.read_bytes(), "text/csv")])
    assert not at.exception
    assert len(at.error) == 1
    assert at.error[0].value.startswith(f"Nothing was imported: {UCDP.name}, line 1: not an ACLED export")
    assert (store / "events.parquet").read_bytes() == before


def test_upload_with_skip_bad_rows_reports_what_was_skipped(store):
    lines = GDELT2.read_text(encoding="utf-8").splitlines()
    data = "\n".join(lines[:4] + ["\t".join(lines[4].split("\t")[:20])] + lines[5:]) + "\n"
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.checkbox(key="import_skip").check()
    at = upload_and_import(at, "gdelt", [("cut.export.CSV", data.encode("utf-8"), "text/csv")])
    assert not at.exception
    assert at.success[0].value.startswith("gdelt: read 40 row(s) from 1 file(s), imported 39 event(s), skipped 1 row(s)")
    assert [w.value for w in at.warning] == [
        "skipped 1 row(s) of cut.export.CSV (first on line 5): truncated or malformed row: 20 tab-separated fields, "
        "GDELT 2.0 event rows have 61"]
