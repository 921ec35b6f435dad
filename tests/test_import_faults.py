"""Imports and stores that used to end in a traceback or in silently wrong rows, and real files
(re-saved by a spreadsheet or R) that used to be refused. Every file here is written by the test."""

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from events.cli import main
from events.datasets import import_dataset, read_dataset
from events.errors import ImportFormatError
from events.export import read_export, to_export
from events.store import events_path, load_events

ROOT = Path(__file__).resolve().parents[1]
UCDP = ROOT / "tests" / "data" / "ucdp_ged221_ukraine_head40.csv"
ACLED_HEADER = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
                "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
                "tags", "timestamp"]


def acled_rows(n=3, **overrides):
    """ACLED rows of the current export layout (made up, with ACLED's codes and names)."""
    rows = []
    for i in range(n):
        row = dict.fromkeys(ACLED_HEADER, "")
        row.update(event_id_cnty=f"UKR{9000 + i}", event_date=f"{14 + i} August 2020", year="2020",
                   time_precision="1", disorder_type="Political violence", event_type="Battles",
                   sub_event_type="Armed clash", actor1="Military Forces of Russia (2000-)", inter1="State forces",
                   iso="804", country="Ukraine", admin1="Donetsk", location="Soledar", latitude="48.6833",
                   longitude="38.0833", geo_precision="1", source="Ukrainska Pravda", notes=f"Clash number {i}.",
                   fatalities=str(i), timestamp="1600000000")
        row.update({k: (v(i) if callable(v) else v) for k, v in overrides.items()})
        rows.append(row)
    return rows


def write_csv(path, rows, sep=","):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter=sep)
        writer.writeheader()
        writer.writerows(rows)
    return path


def cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# --- real files that should import ---------------------------------------------------------------

@pytest.mark.parametrize("written, day", [("14/08/2020 00:00:00", "2020-08-14"), ("2020-08-14 00:00:00", "2020-08-14"),
                                          ("8/14/2020 12:00:00 AM", "2020-08-14"), ("14/08/2020 00:00", "2020-08-14"),
                                          ("2020-08-14T00:00:00Z", "2020-08-14")])
def test_acled_dates_with_a_time_of_day_are_read(tmp_path, written, day):
    path = write_csv(tmp_path / "acled.csv", acled_rows(1, event_date=written))
    events, report = read_dataset("acled", [path])
    assert events["event_date"].dt.strftime("%Y-%m-%d").tolist() == [day]


def test_ambiguous_slash_dates_with_a_time_are_still_refused(tmp_path):
    path = write_csv(tmp_path / "acled.csv", acled_rows(2, event_date=lambda i: f"{5 + i}/9/2020 00:00:00"))
    with pytest.raises(ImportFormatError, match="fits both day/month/year and month/day/year"):
        read_dataset("acled", [path])
    events, _ = read_dataset("acled", [path], date_order="dmy")
    assert events["event_date"].dt.strftime("%Y-%m-%d").tolist() == ["2020-09-05", "2020-09-06"]


def test_semicolon_separated_csv_with_decimal_commas_is_read(tmp_path):
    rows = acled_rows(2, latitude="48,6833", longitude="38,0833", notes="Clash; shelling, then a retreat.")
    path = write_csv(tmp_path / "acled.csv", rows, sep=";")
    events, _ = read_dataset("acled", [path])
    assert events["latitude"].tolist() == [48.6833, 48.6833] and events["longitude"].tolist() == [38.0833, 38.0833]
    assert events["notes"].tolist() == ["Clash; shelling, then a retreat."] * 2
    ucdp = tmp_path / "ucdp.csv"
    frame = pd.read_csv(UCDP, dtype=str, keep_default_na=False)
    frame.to_csv(ucdp, sep=";", index=False)
    assert len(read_dataset("ucdp", [ucdp])[0]) == len(frame)


@pytest.mark.parametrize("kind", ["acled", "ucdp"])
def test_rows_without_coordinates_are_imported_without_a_point(tmp_path, kind):
    if kind == "acled":
        path = write_csv(tmp_path / "acled.csv", acled_rows(2, latitude=lambda i: "" if i else "48.6833",
                                                            longitude=lambda i: "" if i else "38.0833"))
    else:
        frame = pd.read_csv(UCDP, dtype=str, keep_default_na=False).head(2)
        frame.loc[1, ["latitude", "longitude"]] = ""
        path = tmp_path / "ucdp.csv"
        frame.to_csv(path, index=False)
    events, report = read_dataset(kind, [path])
    assert len(events) == 2 and report.rows_skipped == 0
    assert pd.notna(events["latitude"].iloc[0]) and events[["latitude", "longitude", "geo_precision"]].iloc[1].isna().all()


def test_one_coordinate_without_the_other_is_a_bad_row(tmp_path):
    path = write_csv(tmp_path / "acled.csv", acled_rows(2, longitude=lambda i: "" if i else "38.0833"))
    with pytest.raises(ImportFormatError, match="line 3: latitude/longitude '48.6833,' is not a WGS84 point"):
        read_dataset("acled", [path])


# --- import events: edited exports ---------------------------------------------------------------

@pytest.fixture
def exported(tmp_path):
    store = tmp_path / "store"
    import_dataset("ucdp", [UCDP], store=store)
    return load_events(store).head(3)


def edit_csv(tmp_path, events, column, value, row=1):
    frame = pd.read_csv(io.BytesIO(to_export(events, "csv")), dtype=str, keep_default_na=False)
    frame.loc[row, column] = value
    path = tmp_path / "edited.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("column, value, message", [
    ("fatalities", "2.5", "line 3: fatalities must be a whole number, got '2.5'"),
    ("fatalities", "many", "line 3: fatalities must be a whole number, got 'many'"),
    ("fatalities", "99999999999999999999", "line 3: fatalities must be a whole number"),
    ("latitude", "north", "line 3: latitude must be a number, got 'north'"),
    ("iso3", "ZZZ", "line 3: iso3 'ZZZ' is not a known country code"),
    ("iso3", "PSE", "line 3: iso3 'PSE' is not the code of country 'Ukraine'"),
    ("date_start", "2030-01-01", "line 3: date_start 2030-01-01 is after event_date"),
    ("date_end", "1990-01-01", "line 3: event_date .* is after date_end 1990-01-01"),
])
def test_an_edited_export_with_a_bad_value_is_refused(tmp_path, exported, capsys, column, value, message):
    path = edit_csv(tmp_path, exported, column, value)
    with pytest.raises(ImportFormatError, match=message):
        read_export(path)
    store = tmp_path / "other"
    code, _, err = cli(capsys, "import", "events", path, "--store", store)
    assert code == 2 and err.startswith("error: edited.csv, line 3") and err.count("\n") == 1
    assert not events_path(store).exists()


def test_an_unedited_export_still_imports(tmp_path, exported):
    for fmt in ("csv", "geojson", "parquet"):
        path = tmp_path / f"x.{fmt}"
        path.write_bytes(to_export(exported, fmt))
        assert len(read_export(path)) == 3


@pytest.mark.parametrize("content, message", [
    ([], "not a GeoJSON FeatureCollection"),
    ({"type": "FeatureCollection", "features": [1]}, "feature 1: not a GeoJSON Feature"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"event_id": "x", "dataset": "ucdp"},
                                                 "geometry": {"type": "Point", "coordinates": [1]}}]},
     "feature 1: geometry must be null or a Point"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": [],
                                                 "geometry": None}]}, "feature 1: properties must be an object"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"event_id": "x", "dataset": "ucdp",
                                                                                   "actor1": {"a": 1}},
                                                 "geometry": None}]}, "property 'actor1' must be one value"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"event_id": "x", "dataset": "ucdp"},
                                                 "geometry": {"type": "Point", "coordinates": ["a", 2]}}]},
     "geometry must be null or a Point"),
])
def test_a_malformed_geojson_is_one_error(tmp_path, capsys, content, message):
    path = tmp_path / "x.geojson"
    path.write_text(json.dumps(content))
    code, _, err = cli(capsys, "import", "events", path, "--store", tmp_path / "store")
    assert code == 2 and err.count("\n") == 1 and message in err, err


# --- stores written by someone else --------------------------------------------------------------

def rewrite_events(store, change):
    path = events_path(store)
    frame = pd.read_parquet(path)
    change(frame).to_parquet(path, index=False)


def test_a_store_with_a_text_count_is_one_error(tmp_path, capsys):
    store = tmp_path / "store"
    import_dataset("ucdp", [UCDP], store=store)
    rewrite_events(store, lambda f: f.assign(fatalities=["many"] * len(f)))
    before = events_path(store).read_bytes()
    acled = write_csv(tmp_path / "acled.csv", acled_rows(2))
    for argv in (["import", "acled", acled], ["import", "ucdp", UCDP], ["export", "--format", "csv", "--out", "-"],
                 ["review", "list"]):
        code, _, err = cli(capsys, *argv, "--store", store)
        assert code == 2 and err.startswith("error: ") and "fatalities" in err and err.count("\n") == 1, err
    assert events_path(store).read_bytes() == before


def test_a_store_missing_columns_says_so(tmp_path, capsys):
    store = tmp_path / "store"
    import_dataset("ucdp", [UCDP], store=store)
    rewrite_events(store, lambda f: f.drop(columns=["fatalities", "certainty"]))
    with pytest.warns(UserWarning, match="has no column.s. fatalities, certainty: read as unknown"):
        events = load_events(store)
    assert events["fatalities"].isna().all()
    code, out, err = cli(capsys, "review", "list", "--store", store)
    assert code == 0 and err.startswith("warning: ") and "fatalities, certainty" in err


def test_a_store_with_an_unknown_column_is_not_dropped_by_a_write(tmp_path, capsys):
    store = tmp_path / "store"
    import_dataset("ucdp", [UCDP], store=store)
    rewrite_events(store, lambda f: f.assign(analyst_note="keep me"))
    before = events_path(store).read_bytes()
    with pytest.warns(UserWarning, match="analyst_note"):
        load_events(store)
    gdelt = ROOT / "tests" / "data" / "gdelt2_20191024143000_head40.export.CSV"
    code, _, err = cli(capsys, "import", "gdelt", gdelt, "--store", store)
    assert code == 2 and "analyst_note" in err and "nothing was written" in err and err.count("\n") == 1, err
    assert events_path(store).read_bytes() == before
