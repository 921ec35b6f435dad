"""AppTest of the dashboard's dataset import: upload, summary, and the dataset filter."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from events import load_events
from events.store import events_path

APP = str(Path(__file__).resolve().parent.parent / "app.py")
UCDP = Path(__file__).resolve().parent / "data" / "ucdp_ged221_ukraine_head40.csv"
GDELT2 = Path(__file__).resolve().parent / "data" / "gdelt2_20191024143000_head40.export.CSV"


@pytest.fixture
def store(store):
    """The shared store (``conftest.py``), with Streamlit's cache cleared around the test."""
    st.cache_data.clear()
    yield store
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
        f"ucdp: read 40 row(s) from 1 file(s), imported 40 event(s) (40 new, 0 changed, 0 unchanged), skipped 0 row(s); the store holds {before + 40} event(s)"]
    assert len(load_events(store)) == before + 40
    at.multiselect(key="f_datasets").set_value(["ucdp"])
    at.run()
    ids = at.dataframe[0].value["event_id"]
    assert len(ids) == 40 and all(i.startswith("ucdp:") for i in ids)
    assert set(at.dataframe[0].value["dataset"]) == {"ucdp"}


def test_upload_of_the_wrong_file_shows_one_error_and_changes_nothing(store):
    before = events_path(store).read_bytes()
    at = AppTest.from_file(APP, default_timeout=60).run()
    at = upload_and_import(at, "acled", [(UCDP.name, UCDP.read_bytes(), "text/csv")])
    assert not at.exception
    assert len(at.error) == 1
    assert at.error[0].value.startswith(f"Nothing was imported: {UCDP.name}, line 1: not an ACLED export")
    assert events_path(store).read_bytes() == before


def test_upload_with_skip_bad_rows_reports_what_was_skipped(store):
    lines = GDELT2.read_text(encoding="utf-8").splitlines()
    data = "\n".join(lines[:4] + ["\t".join(lines[4].split("\t")[:20])] + lines[5:]) + "\n"
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.checkbox(key="import_skip").check()
    at = upload_and_import(at, "gdelt", [("cut.export.CSV", data.encode("utf-8"), "text/csv")])
    assert not at.exception
    assert at.success[0].value.startswith("gdelt: read 40 row(s) from 1 file(s), imported 39 event(s) (39 new, 0 changed, 0 unchanged), skipped 1 row(s)")
    assert [w.value for w in at.warning] == [
        "skipped 1 row(s) of cut.export.CSV (first on line 5): truncated or malformed row: 20 tab-separated fields, "
        "GDELT 2.0 event rows have 61"]


def test_server_upload_limit_fits_dataset_files_and_the_article_upload_keeps_its_own():
    import tomllib

    from events import intake

    config = tomllib.loads((Path(APP).parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] >= 200  # MB; ACLED's sample alone is 2.6 MB
    assert intake.MAX_UPLOAD_MB == 2


def test_article_upload_over_2_mb_is_refused_by_the_explicit_check(store):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.radio(key="view").set_value("Add article").run()
    at.radio(key="add_how").set_value("Upload a file").run()
    big = ("Kyiv, 1 May 2022. " * 130_000).encode("utf-8")  # 2.3 MB: under the server limit, over the article one
    at.file_uploader(key="add_file").set_value([("long.txt", big, "text/plain")]).run()
    assert not at.exception
    assert any("the limit is 2 MB" in e.value for e in at.error), [e.value for e in at.error]


def test_ambiguous_slash_dates_are_refused_then_imported_with_the_chosen_order(store, tmp_path):
    header = ("data_id,iso,event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
              "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,country,admin1,location,latitude,longitude,"
              "geo_precision,source,notes,fatalities,iso3")
    row = ("1,804,UKR9001,5/9/2020,2020,1,Battles,Armed clash,Military Forces of Russia,,8,Military Forces of Ukraine,,"
           "1,Ukraine,Donetsk,Bakhmut,48.5956,38.0004,1,Kyiv Independent,Clashes near Bakhmut.,0,UKR")
    data = (header + "\n" + row + "\n").encode("utf-8")
    at = AppTest.from_file(APP, default_timeout=60).run()
    at = upload_and_import(at, "acled", [("us_dates.csv", data, "text/csv")])
    assert [e.value for e in at.error] == [
        "Nothing was imported: us_dates.csv, column event_date: every date fits both day/month/year and month/day/year "
        "('5/9/2020' is 2020-09-05 or 2020-05-09); give the order: --date-order dmy or mdy, or 'Slash dates' in the "
        "dashboard"]
    at.selectbox(key="import_date_order").set_value("mdy")
    at.run()
    at.button(key="import_go").click()
    at = at.run()
    assert not at.error and at.success
    events = load_events(store)
    assert events.loc[events["event_id"] == "acled:UKR9001", "event_date"].tolist() == [pd.Timestamp("2020-05-09")]
