"""Tests of the CSV and GeoJSON builders: order, BOM, formula neutralisation, empties, round trips."""

import csv
import datetime as dt
import io
import json

import geopandas
import pandas as pd
import pytest
from fixtures import fixture_events

from events.export import ACLED_ORDER, csv_columns, export_filename, neutralise_formula, to_csv, to_geojson
from events.query import EventFilter
from events.schema import EVENT_COLUMNS, empty_events


@pytest.fixture(scope="module")
def events():
    return fixture_events()


def read(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")


def test_column_order_is_acled_then_ours(events):
    header = to_csv(events).decode().split("\r\n")[0].split(",")
    assert header[: len(ACLED_ORDER)] == list(ACLED_ORDER)
    assert header[:8] == ["event_id", "event_date", "year", "time_precision", "event_type", "sub_event_type",
                          "actor1", "assoc_actor_1"]
    assert header.index("latitude") + 1 == header.index("longitude")
    ours = header[len(ACLED_ORDER):]
    assert ours == [c for c in EVENT_COLUMNS if c not in ACLED_ORDER]
    assert set(header) == set(EVENT_COLUMNS) | {"year"}
    assert csv_columns(list(EVENT_COLUMNS) + ["extra"])[-1] == "extra"


def test_bom_option(events):
    plain, marked = to_csv(events), to_csv(events, bom=True)
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert marked.startswith(b"\xef\xbb\xbf") and marked[3:] == plain
    assert read(marked).columns[0] == "event_id"


def test_utf8_and_rfc4180_line_ends():
    frame = fixture_events().head(1).copy()
    frame["location"] = "Côte d'Ivoire, «Abidjan»"
    data = to_csv(frame)
    assert "Côte d'Ivoire, «Abidjan»".encode() in data
    assert data.endswith(b"\r\n") and data.count(b"\r\n") == 2


@pytest.mark.parametrize("text", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "\uff1dSUM(A1)"])
def test_neutralise_formula(text):
    assert neutralise_formula(text) == "'" + text
    assert neutralise_formula("Wagner Group =") == "Wagner Group ="


def test_formula_cells_are_neutralised_but_numbers_are_not(events):
    rows = read(to_csv(events)).set_index("event_id")
    assert rows.loc["fx-007", "sentence"].startswith("'=HYPERLINK(")
    assert rows.loc["fx-007", "notes"] == "'+cmd|' /C calc'!A0"
    assert rows.loc["fx-008", "notes"] == "'-leading minus in notes"
    assert rows.loc["fx-008", "attributed_to"] == "'@Syrian Observatory"
    assert rows.loc["fx-002", "longitude"] == "-77.0364"  # a negative number stays a number
    assert rows.loc["fx-003", "actor1"] == "Wagner Group"


def test_no_cell_starts_like_a_formula(events):
    data = to_csv(events).decode()
    for row in csv.reader(io.StringIO(data)):
        for cell in row:
            if cell and cell[0] in "=+@\t\r":
                pytest.fail(f"cell {cell!r} would run as a formula")


def test_unknown_stays_empty_and_zero_stays_zero(events):
    rows = read(to_csv(events)).set_index("event_id")
    assert rows.loc["fx-001", "fatalities"] == ""
    assert rows.loc["fx-007", "fatalities"] == "0"
    assert rows.loc["fx-003", "fatalities"] == "1000"
    assert rows.loc["fx-005", "event_date"] == "" and rows.loc["fx-005", "year"] == ""
    assert rows.loc["fx-005", "latitude"] == ""
    assert rows.loc["fx-003", "event_date"] == "2022-12-22" and rows.loc["fx-003", "year"] == "2022"


def test_csv_round_trip_through_pandas(events):
    back = pd.read_csv(io.BytesIO(to_csv(events, bom=True)), encoding="utf-8-sig",
                       parse_dates=["event_date", "date_start", "date_end"])
    assert len(back) == len(events)
    assert back["fatalities"].isna().sum() == events["fatalities"].isna().sum()
    assert back["fatalities"].astype("Int64").tolist() == events["fatalities"].tolist()
    pd.testing.assert_series_equal(back["latitude"], events["latitude"], check_names=False)
    assert (back["event_date"].dropna().reset_index(drop=True)
            == events["event_date"].dropna().reset_index(drop=True)).all()
    assert back["sentence"].tolist()[2] == events["sentence"].tolist()[2]


def test_empty_table_gives_header_only():
    data = to_csv(empty_events()).decode()
    assert data.count("\r\n") == 1 and data.startswith("event_id,event_date,year,")


def test_geojson_is_rfc7946_longitude_first(events):
    doc = json.loads(to_geojson(events))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    bakhmut = next(f for f in doc["features"] if f["id"] == "fx-003")
    assert bakhmut["geometry"] == {"type": "Point", "coordinates": [38.0003, 48.5953]}
    assert bakhmut["properties"]["fatalities"] == 1000
    assert bakhmut["properties"]["date_start"] == "2022-11-01"
    undated = next(f for f in doc["features"] if f["id"] == "fx-005")
    assert undated["geometry"] is None
    assert next(f for f in doc["features"] if f["id"] == "fx-001")["properties"]["fatalities"] is None
    assert next(f for f in doc["features"] if f["id"] == "fx-001")["properties"]["geo_precision"] == 3


def test_geojson_round_trip_through_geopandas(events, tmp_path):
    path = tmp_path / "events.geojson"
    path.write_bytes(to_geojson(events))
    frame = geopandas.read_file(path)
    assert len(frame) == len(events)
    assert frame.crs.to_epsg() == 4326
    row = frame.set_index("event_id").loc["fx-002"]
    assert (row.geometry.x, row.geometry.y) == (-77.0364, 38.8951)
    assert frame.set_index("event_id").loc["fx-005"].geometry is None
    assert frame["sentence"].tolist() == events["sentence"].tolist()


def test_export_filename_describes_the_filter():
    f = EventFilter(actors=("Wagner Group",), date_from=dt.date(2022, 11, 1))
    assert export_filename(f, "csv") == "events_wagner-group_from-2022-11-01.csv"
    assert export_filename(EventFilter(), "geojson") == "events_all.geojson"


def test_year_is_filled_for_a_window_within_one_year_and_left_empty_across_years(events):
    frame = events.head(3).copy()
    frame["event_date"] = pd.NaT
    frame["date_start"] = pd.to_datetime(["2014-01-01", "2021-12-30", None])
    frame["date_end"] = pd.to_datetime(["2014-12-31", "2022-01-02", "2022-05-01"])
    assert list(read(to_csv(frame))["year"]) == ["2014", "", ""]
