"""Tests of the dataset import (events.datasets) and the import/export commands.

Expected values are read from the input files with the csv module, or written by hand from the
codebooks, never computed by the code under test. The ACLED samples are read from
../shared/data/real/acled (never copied; tests skip when absent); GDELT and UCDP excerpts live in
tests/data/ (see its README), the whole real files are used when ../shared is present.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from events.datasets import import_dataset, import_uploads, read_dataset
from events.datasets.acled import read_acled
from events.datasets.gdelt import read_gdelt, to_plover_types
from events.datasets.countries import resolve_iso3_by_fips
from events.datasets.table import parse_date_column
from events.datasets.ucdp import read_ucdp
from events.errors import AmbiguousDateError, EventsError, ImportFormatError
from events.export import read_export, to_export
from events.schema import EVENT_COLUMNS
from events.store import events_path, load_events

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
REAL = ROOT.parent / "shared" / "data" / "real"
ACLED = REAL / "acled"
needs_acled = pytest.mark.skipif(not ACLED.is_dir(), reason="../shared/data/real/acled is absent")
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/real is absent")

GDELT2 = DATA / "gdelt2_20191024143000_head40.export.CSV"
GDELT1 = DATA / "gdelt1_events_lines500-530.tsv"
UCDP = DATA / "ucdp_ged221_ukraine_head40.csv"
UCDP_CP1252 = DATA / "ucdp_ged_ukraine_cp1252_head40.csv"


def csv_rows(path: Path, encoding: str = "utf-8") -> list[dict]:
    with open(path, newline="", encoding=encoding) as f:
        return list(csv.DictReader(f))


def tab_rows(path: Path) -> list[list[str]]:
    return [line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8")]


def by_id(events: pd.DataFrame, event_id: str) -> dict:
    rows = events[events["event_id"] == event_id]
    assert len(rows) == 1, event_id
    return rows.iloc[0].to_dict()


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "events", *args], cwd=cwd, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


# --- ACLED ------------------------------------------------------------------------------------


@needs_acled
def test_acled_current_export_layout():
    path = ACLED / "acled_export_2024_format_2rows.csv"
    rows = csv_rows(path)
    events, skipped, n = read_acled(path)
    assert (n, len(events), skipped) == (len(rows), len(rows), [])
    pse = by_id(events, "acled:PSE62716")
    assert pse["event_date"] == pd.Timestamp("2024-11-01")
    assert (pse["inter1"], pse["inter2"]) == (3, 7)  # "Political militia", "Civilians" (ACLED codebook)
    assert (pse["iso3"], pse["country"], pse["dataset"]) == ("PSE", "Palestine", "acled")
    assert pse["sub_event_type"] == rows[0]["sub_event_type"]
    assert pse["plover_type"] == "COERCE"  # Looting/property destruction, data/acled_to_plover.csv
    yem = by_id(events, "acled:YEM93235")
    assert yem["tags"] == "crowd size=large"
    assert pd.isna(yem["inter2"]) and yem["inter1"] == 6
    assert yem["geo_precision"] == 2 and yem["fatalities"] == 0
    assert yem["notes"] == rows[1]["notes"]
    assert yem["plover_type"] == "PROTEST"


@needs_acled
def test_acled_api_layout_reports_the_truncated_last_row():
    path = ACLED / "acled_api_2020-04-27_2020-05-09_global.csv"
    rows = csv_rows(path)
    with pytest.raises(ImportFormatError) as info:
        read_acled(path)
    message = str(info.value)
    assert message.startswith(f"{path.name}, line {len(rows) + 1}: truncated or incomplete row")
    assert "\n" not in message
    events, skipped, n = read_acled(path, skip_bad_rows=True)
    assert n == len(rows)
    assert len(events) == len(rows) - 1
    assert [(s.rows, s.first_line) for s in skipped] == [(1, len(rows) + 1)]
    first = rows[0]
    row = by_id(events, "acled:" + first["event_id_cnty"])
    assert row["event_date"] == pd.Timestamp(dt.datetime.strptime(first["event_date"], "%d-%b-%y"))
    assert (row["inter1"], row["iso3"], row["fatalities"]) == (int(first["inter1"]), first["iso3"], int(first["fatalities"]))
    assert row["latitude"] == float(first["latitude"])
    assert events["event_date"].between("2020-04-27", "2020-05-09").all()
    no_cnty = [r for r in rows if not r["event_id_cnty"] and r["data_id"]]
    assert no_cnty and by_id(events, "acled:" + no_cnty[0]["data_id"])["country"] == no_cnty[0]["country"]


@needs_acled
def test_acled_legacy_layout_maps_old_event_types():
    path = ACLED / "acled_api_legacy_2016-06_africa.csv"
    rows = {r["event_id_cnty"]: r for r in csv_rows(path)}
    events, skipped, n = read_acled(path)
    assert (n, len(events), skipped) == (500, 500, [])
    assert set(events["event_type"]) <= {"Battles", "Explosions/Remote violence", "Violence against civilians",
                                         "Protests", "Riots", "Strategic developments"}
    for cnty, raw in rows.items():
        row = by_id(events, "acled:" + cnty)
        if raw["event_type"] == "Remote violence":
            assert (row["event_type"], row["plover_type"]) == ("Explosions/Remote violence", "ASSAULT")
        if raw["event_type"] == "Battle-Government regains territory":
            assert (row["event_type"], row["sub_event_type"]) == ("Battles", "Government regains territory")
        if raw["event_type"] == "Riots/Protests" and raw["inter1"] == "5":
            assert row["event_type"] == "Riots"
        if raw["event_type"] == "Riots/Protests" and raw["inter1"] == "6":
            assert row["event_type"] == "Protests"
        assert (row["assoc_actor_1"] if pd.notna(row["assoc_actor_1"]) else "") == raw["ally_actor_1"].strip()
    assert by_id(events, "acled:8188RTA")["iso3"] == "ZMB"
    assert by_id(events, "acled:8016RTA")["assoc_actor_1"] == "Misratah Communal Militia (Libya)"


def _acled_lines(tmp_path: Path, *data_lines: str, header: str | None = None) -> Path:
    header = header or ("data_id,iso,event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
                        "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,country,admin1,location,latitude,longitude,"
                        "geo_precision,source,notes,fatalities,iso3")
    path = tmp_path / "acled.csv"
    path.write_text("\n".join([header, *data_lines]) + "\n", encoding="utf-8")
    return path


GOOD_ACLED = "1,804,UKR1,{date},2022,1,Battles,Armed clash,Military Forces of Russia,,8,Military Forces of Ukraine,,1," \
             "Ukraine,Donetsk,Bakhmut,48.5956,38.0004,1,Kyiv Independent,Clashes near Bakhmut.,{fatalities},UKR"


def test_acled_date_column_is_read_with_one_format(tmp_path):
    ok = _acled_lines(tmp_path, GOOD_ACLED.format(date="01/02/2022", fatalities=""),
                      GOOD_ACLED.replace("UKR1", "UKR2").format(date="13/02/2022", fatalities="3"))
    events, _, _ = read_acled(ok)
    assert events["event_date"].tolist() == [pd.Timestamp("2022-02-01"), pd.Timestamp("2022-02-13")]
    assert pd.isna(events["fatalities"].iloc[0])  # an empty count stays unknown, not 0
    mixed = _acled_lines(tmp_path, GOOD_ACLED.format(date="9-May-20", fatalities="0"),
                         GOOD_ACLED.replace("UKR1", "UKR2").format(date="2020-05-09", fatalities="0"),
                         GOOD_ACLED.replace("UKR1", "UKR3").format(date="10-May-20", fatalities="0"))
    with pytest.raises(ImportFormatError, match=r"acled\.csv, line 3: unparseable event_date '2020-05-09'"):
        read_acled(mixed)


def test_acled_legacy_riots_protests_without_rioters_or_protesters_has_no_type(tmp_path):
    header = ("actor1,actor2,admin1,ally_actor_1,country,data_id,event_date,event_id_cnty,event_type,fatalities,"
              "geo_precision,gwno,inter1,inter2,latitude,location,longitude,notes,source,time_precision")
    path = _acled_lines(tmp_path, "Police Forces of Kenya,Civilians (Kenya),Nairobi,,Kenya,1,2016-06-20,1RTA,"
                                  "Riots/Protests,0,1,501,1,7,-1.28,Nairobi,36.82,Police dispersed a crowd.,Daily Nation,1",
                        "Protesters (Kenya),,Nairobi,,Kenya,2,2016-06-21,2RTA,Riots/Protests,0,1,501,6,0,-1.28,Nairobi,"
                        "36.82,Teachers marched.,Daily Nation,1", header=header)
    events, _, _ = read_acled(path)
    assert pd.isna(by_id(events, "acled:1RTA")["event_type"])  # neither inter 5 nor 6: no guess
    assert by_id(events, "acled:2RTA")["event_type"] == "Protests"
    path.write_text(path.read_text().replace("2RTA,Riots/Protests", "2RTA,Skirmish"), encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"line 3: unknown ACLED event_type 'Skirmish'"):
        read_acled(path)


def test_acled_point_zero_zero_is_no_point(tmp_path):
    path = _acled_lines(tmp_path, GOOD_ACLED.format(date="01 May 2022", fatalities="1").replace("48.5956,38.0004", "0,0"))
    events, _, _ = read_acled(path)
    assert events["latitude"].isna().all() and events["longitude"].isna().all()


def test_acled_unknown_layout_and_wrong_kind(tmp_path):
    generic = _acled_lines(tmp_path, "UKR1,01 May 2022,1,Battles,X,Ukraine,1,2,1,,notes,0",
                           header="event_id_cnty,event_date,time_precision,event_type,actor1,country,latitude,"
                                  "longitude,geo_precision,source,notes,fatalities")
    with pytest.raises(ImportFormatError, match=r"acled\.csv, line 1: unknown ACLED layout"):
        read_acled(generic)
    with pytest.raises(ImportFormatError, match=r"line 1: not an ACLED export: missing column\(s\) event_date"):
        read_acled(UCDP)


def test_acled_bad_rows_are_skipped_only_on_request_and_counted(tmp_path):
    path = _acled_lines(tmp_path, GOOD_ACLED.format(date="01 May 2022", fatalities="1"),
                        GOOD_ACLED.replace("UKR1", "UKR2").replace(",Battles,", ",Fighting,").format(date="02 May 2022", fatalities="1"),
                        GOOD_ACLED.replace("UKR1", "UKR3").format(date="03 May 2022", fatalities="1").replace(",1,Kyiv", ",7,Kyiv"),
                        "1,804,UKR4,04 May 2022,2022,1,Battles")
    with pytest.raises(ImportFormatError, match=r"line 3: unknown ACLED event_type 'Fighting' \(2 more bad rows"):
        read_acled(path)
    events, skipped, n = read_acled(path, skip_bad_rows=True)
    assert (n, events["event_id"].tolist()) == (4, ["acled:UKR1"])
    reasons = {s.first_line: s.reason for s in skipped}
    assert set(reasons) == {3, 4, 5}
    assert reasons[4] == "geo_precision '7' is not 1, 2 or 3"
    assert reasons[5].startswith("truncated or incomplete row: no actor1, country")


# --- GDELT ------------------------------------------------------------------------------------


def test_fips_codes_become_iso3():
    got = resolve_iso3_by_fips(pd.Series(["UP", "RS", "RI", "UK", "GM", "OS", None]))
    assert got.iloc[:5].tolist() == ["UKR", "RUS", "SRB", "GBR", "DEU"]
    assert got.iloc[5:].isna().all()  # OS (oceans) has no ISO country


def test_cameo_codes_become_plover_types():
    got = to_plover_types(pd.Series(["0834", "057", "190", "1823", "145", "010", "091", ""]))
    assert got.iloc[:5].tolist() == ["CONCEDE", "AGREE", "ASSAULT", "ASSAULT", "PROTEST"]
    assert got.iloc[5:].isna().all()


def test_gdelt2_event_file():
    rows = tab_rows(GDELT2)
    events, skipped, n = read_gdelt(GDELT2)
    assert (n, len(events), skipped) == (40, 40, [])
    first = rows[0]
    row = by_id(events, "gdelt:" + first[0])
    assert row["event_date"] == pd.Timestamp(first[1]) and row["date_end"] == pd.Timestamp(first[1])
    assert row["date_start"] == pd.Timestamp(first[1]) - pd.Timedelta(days=6)
    assert row["time_precision"] == 2 and "date of the report" in row["notes"]
    assert first[53] == "CA" and (row["iso3"], row["country"]) == ("CAN", "Canada")
    assert first[51] == "4" and row["geo_precision"] == 1  # WORLDCITY
    assert (first[52], row["admin1"]) == ("Vancouver, British Columbia, Canada", "British Columbia")
    edinburgh = next(r for r in rows if r[52] == "Edinburgh, Edinburgh, City of, United Kingdom")
    assert by_id(events, "gdelt:" + edinburgh[0])["admin1"] == "Edinburgh, City of"  # an ADM1 name with a comma
    assert (row["latitude"], row["longitude"]) == (float(first[56]), float(first[57]))
    assert row["source_url"] == first[60] and row["dataset"] == "gdelt"
    assert pd.isna(row["fatalities"])
    unlocated = [r for r in rows if r[51] in ("", "0")]
    for r in unlocated:
        got = by_id(events, "gdelt:" + r[0])
        assert pd.isna(got["latitude"]) and pd.isna(got["longitude"])


def test_gdelt1_event_file_with_and_without_sourceurl():
    rows = tab_rows(GDELT1)
    events, skipped, n = read_gdelt(GDELT1)
    assert (n, len(events), skipped) == (31, 31, [])
    with_url = [r for r in rows if len(r) == 58]
    without = [r for r in rows if len(r) == 57]
    assert len(with_url) == 10 and len(without) == 21
    assert by_id(events, "gdelt:" + with_url[0][0])["source_url"] == with_url[0][57]
    old = by_id(events, "gdelt:" + without[0][0])
    assert pd.isna(old["source_url"]) and old["event_date"] == pd.Timestamp(without[0][1])
    assert old["location"] == without[0][50]  # ActionGeo_FullName of 1.0 (no ADM2 column)


@needs_real
@pytest.mark.parametrize("name, rows", [("20191024143000.export.CSV", 2111),
                                        ("gdelt1_events_sample_20160728_plus_1982.tsv", 710),
                                        ("gdeltpyr_events2_20170701234500_head2000.csv", 2000)])
def test_gdelt_real_samples_row_counts(name, rows):
    events, skipped, n = read_gdelt(REAL / "gdelt" / name)
    assert (n, len(events), skipped) == (rows, rows, [])
    assert events["event_id"].str.fullmatch(r"gdelt:\d+").all()


def test_gdelt_truncated_row_and_wrong_kind(tmp_path):
    lines = GDELT2.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "cut.export.CSV"
    bad.write_text("\n".join(lines[:5] + ["\t".join(lines[5].split("\t")[:30])] + lines[6:]) + "\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"cut\.export\.CSV, line 6: truncated or malformed row: 30 tab-separated"):
        read_gdelt(bad)
    events, skipped, _ = read_gdelt(bad, skip_bad_rows=True)
    assert len(events) == 39 and skipped[0].rows == 1 and skipped[0].first_line == 6
    with pytest.raises(ImportFormatError, match=r"line 1: unknown GDELT layout: \d+ tab-separated"):
        read_gdelt(UCDP)


def test_same_globaleventid_in_two_files_is_one_event(tmp_path):
    again = tmp_path / "again.export.CSV"
    again.write_text("".join(GDELT2.read_text(encoding="utf-8").splitlines(keepends=True)[:10]), encoding="utf-8")
    events, report = read_dataset("gdelt", [GDELT2, again])
    assert report.rows_read == 50 and len(events) == 40 and events["event_id"].is_unique


def test_gdelt_mentions_attach_sources(tmp_path):
    rows = tab_rows(GDELT2)
    known, other = rows[0][0], rows[1][0]
    def mention(event_id, when, kind, name, url):
        return "\t".join([event_id, "20191024143000", when, kind, name, url] + ["1"] * 9 + [""])
    path = tmp_path / "20191024143000.mentions.CSV"
    path.write_text("\n".join([
        mention(known, "20191024150000", "1", "later.example", "https://later.example/a"),
        mention(known, "20191024143000", "1", "first.example", "https://first.example/b"),
        mention(other, "20191024143000", "2", "bbc monitoring", "BBC Monitoring citation"),
        mention("999", "20191024143000", "1", "elsewhere.example", "https://elsewhere.example/"),
    ]) + "\n", encoding="utf-8")
    events, report = read_dataset("gdelt", [GDELT2, path])  # the mentions file is recognised
    assert by_id(events, "gdelt:" + known)["source"] == "first.example; later.example"
    assert by_id(events, "gdelt:" + known)["source_url"] == rows[0][60]  # SOURCEURL is kept
    assert by_id(events, "gdelt:" + other)["source"] == "bbc monitoring"
    assert report.mentions_ignored == 1 and report.files[-1] == path.name


# --- UCDP -------------------------------------------------------------------------------------


def test_ucdp_clean_file():
    rows = csv_rows(UCDP)
    events, skipped, n = read_ucdp(UCDP)
    assert (n, len(events), skipped) == (40, 40, [])
    first = rows[0]
    row = by_id(events, "ucdp:" + first["id"])
    assert (row["fatalities"], row["fatalities_low"], row["fatalities_high"]) == \
        (int(first["best"]), int(first["low"]), int(first["high"]))
    assert row["date_start"] == pd.Timestamp(first["date_start"][:10])
    assert (row["actor1"], row["actor2"]) == (first["side_a"], first["side_b"])
    assert (row["iso3"], row["country"], row["plover_type"], row["dataset"]) == ("UKR", "Ukraine", "ASSAULT", "ucdp")
    for raw in rows:  # data/ucdp_precision.csv, written from the GED codebook
        got = by_id(events, "ucdp:" + raw["id"])
        assert got["time_precision"] == {"1": 1, "2": 2, "3": 2, "4": 3, "5": 3}[raw["date_prec"]]
        assert got["geo_precision"] == {"1": 1, "2": 2, "3": 2, "4": 3, "5": 3, "6": 3, "7": 3}[raw["where_prec"]]


def test_ucdp_spreadsheet_cp1252_file_gives_the_clean_file_dates():
    clean, _, _ = read_ucdp(UCDP)
    messy, skipped, n = read_ucdp(UCDP_CP1252)
    assert (n, len(messy), skipped) == (40, 40, [])
    raw = csv_rows(UCDP_CP1252, encoding="cp1252")
    assert any("AM" in r["date_start"] for r in raw) and any(r["date_start"].endswith("00:00") for r in raw)
    joined = messy.merge(clean, on="event_id", suffixes=("", "_clean"))
    assert len(joined) == 40
    for column in ("date_start", "date_end", "fatalities", "latitude", "geo_precision", "time_precision"):
        assert (joined[column] == joined[column + "_clean"]).all(), column


@needs_real
@pytest.mark.parametrize("name, rows", [("ucdp_ged221_api_ukraine_3000rows.csv", 3000),
                                        ("ucdp_ged_ukraine_spreadsheet_cp1252_head300.csv", 300)])
def test_ucdp_real_samples_row_counts(name, rows):
    events, skipped, n = read_ucdp(REAL / "ucdp" / name)
    assert (n, len(events), skipped) == (rows, rows, [])


def test_ucdp_cp1252_text_unknown_deaths_and_bad_date(tmp_path):
    lines = UCDP.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = next(csv.reader([lines[1]]))
    row[header.index("where_description")] = "Kyïv – Maidan"
    row[header.index("best")] = ""
    path = tmp_path / "ged.csv"
    with open(path, "w", newline="", encoding="cp1252") as f:
        csv.writer(f).writerows([header, row])
    events, _, _ = read_ucdp(path)
    assert "Kyïv – Maidan" in events["notes"].iloc[0]
    assert pd.isna(events["fatalities"].iloc[0]) and events["fatalities_low"].iloc[0] == int(row[header.index("low")])
    row[header.index("date_end")] = "31/31/2014"
    with open(path, "w", newline="", encoding="cp1252") as f:
        csv.writer(f).writerows([header, row])
    with pytest.raises(ImportFormatError, match=r"ged\.csv, line 2: unparseable date_end '31/31/2014'"):
        read_ucdp(path)


def test_parse_date_column_picks_one_order_for_the_whole_column():
    families = [("%d/%m/%Y",), ("%m/%d/%Y",)]
    days, used = parse_date_column(pd.Series(["01/02/2020", "12/31/2020", ""]), families)
    assert used == ("%m/%d/%Y",)  # 31 cannot be a month, so the whole column is month first
    assert days.tolist()[:2] == [pd.Timestamp("2020-01-02"), pd.Timestamp("2020-12-31")] and pd.isna(days.iloc[2])


# --- store: all or nothing, idempotent --------------------------------------------------------


@pytest.mark.parametrize("kind, path, rows", [("ucdp", UCDP, 40), ("gdelt", GDELT1, 31)])
def test_reimporting_the_same_file_changes_nothing(tmp_path, kind, path, rows):
    store = tmp_path / "store"
    import_dataset("gdelt", [GDELT2], store=store)  # other rows in the store, sorted among them
    first = import_dataset(kind, [path], store=store)
    before = events_path(store).read_bytes()
    second = import_dataset(kind, [path], store=store)
    assert first.events_in_store == second.events_in_store == 40 + rows
    assert events_path(store).read_bytes() == before


@needs_acled
def test_all_acled_layouts_import_into_one_store(tmp_path):
    files = sorted(ACLED.glob("*.csv"))
    expected = sum(len(csv_rows(f)) for f in files) - 1  # the API sample's truncated last row
    report = import_dataset("acled", files, store=tmp_path / "store", skip_bad_rows=True)
    assert report.events_in_store == expected and report.rows_skipped == 1
    table = load_events(tmp_path / "store")
    assert set(table["dataset"]) == {"acled"} and table["event_date"].notna().all()
    assert table["iso3"].notna().all() and table["latitude"].notna().all()


def test_a_bad_file_imports_nothing(tmp_path):
    store = tmp_path / "store"
    import_dataset("gdelt", [GDELT1], store=store)
    before = events_path(store).read_bytes()
    bad = tmp_path / "bad.export.CSV"
    bad.write_text(GDELT2.read_text(encoding="utf-8").replace("\t20181024\t", "\t2018-10-24\t", 1), encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"bad\.export\.CSV, line 1: unparseable SQLDATE '2018-10-24'"):
        import_dataset("gdelt", [GDELT2, bad], store=store)
    assert events_path(store).read_bytes() == before


def test_import_uploads_uses_the_uploaded_names(tmp_path):
    report = import_uploads("ucdp", [("ged.csv", UCDP.read_bytes())], store=tmp_path / "s")
    assert report.files == ("ged.csv",) and report.events_in_store == 40
    with pytest.raises(ImportFormatError, match="^upload.csv, line 1: not a UCDP GED file"):
        import_uploads("ucdp", [("upload.csv", b"a,b\n1,2\n")], store=tmp_path / "s")


# --- export and round trip --------------------------------------------------------------------


@pytest.fixture
def mixed_store(tmp_path):
    store = tmp_path / "store"
    import_dataset("ucdp", [UCDP, UCDP_CP1252], store=store)
    import_dataset("gdelt", [GDELT2, GDELT1], store=store)
    return store


@pytest.mark.parametrize("fmt", ["csv", "geojson", "parquet"])
def test_export_then_import_gives_the_same_table(mixed_store, tmp_path, fmt):
    table = load_events(mixed_store)
    path = tmp_path / f"out.{fmt}"
    path.write_bytes(to_export(table, fmt))
    fresh = tmp_path / "fresh"
    report = import_dataset("events", [path], store=fresh)
    assert report.events_in_store == len(table) == 111
    pd.testing.assert_frame_equal(load_events(fresh), table)


def test_csv_export_keeps_formula_protection_and_undoes_it_on_import(tmp_path):
    events, _, _ = read_ucdp(UCDP)
    events.loc[0, "actor2"] = "=HYPERLINK(\"x\")"
    text = to_export(events, "csv").decode("utf-8")
    assert "'=HYPERLINK" in text
    path = tmp_path / "e.csv"
    path.write_text(text, encoding="utf-8")
    assert read_export(path)["actor2"].iloc[0] == "=HYPERLINK(\"x\")"


def test_geojson_and_geoparquet_are_wgs84_points_with_null_geometry_when_unlocated(mixed_store, tmp_path):
    import geopandas as gpd

    table = load_events(mixed_store)
    table.loc[[0, 5], ["latitude", "longitude"]] = float("nan")  # as GDELT rows without an action place
    unlocated = table["latitude"].isna()
    assert unlocated.sum() == 2
    collection = json.loads(to_export(table, "geojson"))
    feature = next(f for f in collection["features"] if f["id"] == table.loc[~unlocated, "event_id"].iloc[0])
    assert feature["geometry"]["coordinates"] == [table.loc[~unlocated, "longitude"].iloc[0],
                                                  table.loc[~unlocated, "latitude"].iloc[0]]
    assert all(f["geometry"] is None for f in collection["features"] if f["id"] in set(table.loc[unlocated, "event_id"]))
    path = tmp_path / "e.parquet"
    path.write_bytes(to_export(table, "parquet"))
    frame = gpd.read_parquet(path)
    assert frame.crs.to_epsg() == 4326
    assert frame.geometry.isna().sum() == unlocated.sum()
    assert (frame.geometry.x[~unlocated.to_numpy()].to_numpy() == table.loc[~unlocated, "longitude"].to_numpy()).all()


# --- command line -----------------------------------------------------------------------------


def test_cli_import_and_export(tmp_path):
    store = tmp_path / "store"
    done = run_cli("import", "ucdp", str(UCDP), "--store", str(store), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ucdp: read 40 row(s) from 1 file(s), imported 40 event(s) (40 new, 0 changed, 0 unchanged), skipped 0 row(s)")
    out = tmp_path / "ukraine.geojson"
    cutoff = sorted(r["date_start"][:10] for r in csv_rows(UCDP))[20]
    done = run_cli("export", "--format", "geojson", "--out", str(out), "--store", str(store),
                   "--dataset", "ucdp", "--to", cutoff, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    expected = sum(1 for r in csv_rows(UCDP) if r["date_start"][:10] <= cutoff)
    assert 20 < expected < 40
    assert len(json.loads(out.read_bytes())["features"]) == expected
    day = dt.date.fromisoformat(cutoff)
    assert done.stdout == f"{expected} event(s) -> {out} (Events on or before {day.day} {day:%B %Y}, in the ucdp dataset.)\n"
    done = run_cli("export", "--format", "csv", "--out", str(tmp_path / "no" / "x.csv"), "--store", str(store), cwd=tmp_path)
    assert done.returncode == 2 and done.stderr == f"error: --out {tmp_path / 'no' / 'x.csv'}: the folder {tmp_path / 'no'} does not exist\n"


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path):
    store = tmp_path / "store"
    done = run_cli("import", "acled", str(GDELT2), "--store", str(store), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"error: {GDELT2.name}, line 1:")
    assert not events_path(store).exists()
    lines = GDELT2.read_text(encoding="utf-8").splitlines()
    cut = tmp_path / "cut.CSV"
    cut.write_text("\n".join(lines[:3] + ["\t".join(lines[3].split("\t")[:12])]) + "\n", encoding="utf-8")
    done = run_cli("import", "gdelt", str(cut), "--store", str(store), "--skip-bad-rows", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "imported 3 event(s) (3 new, 0 changed, 0 unchanged), skipped 1 row(s)" in done.stdout
    assert "warning: skipped 1 row(s) of cut.CSV (first on line 4): truncated or malformed row: 12" in done.stderr


def test_every_imported_table_fits_the_schema():
    for events, _, _ in (read_ucdp(UCDP), read_gdelt(GDELT2), read_gdelt(GDELT1)):
        assert list(events.columns) == list(EVENT_COLUMNS)
        assert events["event_id"].is_unique
        assert not ((events["latitude"] == 0) & (events["longitude"] == 0)).any()


# --- issue 6 fresh-user findings --------------------------------------------------------------


def test_acled_slash_dates_that_fit_both_orders_are_refused_unless_the_order_is_given(tmp_path):
    path = _acled_lines(tmp_path, GOOD_ACLED.format(date="5/9/2020", fatalities="0"),
                        GOOD_ACLED.replace("UKR1", "UKR2").format(date="5/10/2020", fatalities="0"))
    with pytest.raises(AmbiguousDateError) as caught:
        read_acled(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("acled.csv, column event_date: every date fits both day/month/year and month/day/year")
    assert "'5/9/2020' is 2020-09-05 or 2020-05-09" in message and "--date-order" in message
    us, _, _ = read_acled(path, date_order="mdy")
    assert us["event_date"].tolist() == [pd.Timestamp("2020-05-09"), pd.Timestamp("2020-05-10")]
    uk, _, _ = read_acled(path, date_order="dmy")
    assert uk["event_date"].tolist() == [pd.Timestamp("2020-09-05"), pd.Timestamp("2020-10-05")]
    # one value with a part above 12 decides the whole column; a contradicting option is refused
    decided = _acled_lines(tmp_path, GOOD_ACLED.format(date="5/9/2020", fatalities="0"),
                           GOOD_ACLED.replace("UKR1", "UKR2").format(date="5/13/2020", fatalities="0"))
    assert read_acled(decided)[0]["event_date"].tolist() == [pd.Timestamp("2020-05-09"), pd.Timestamp("2020-05-13")]
    with pytest.raises(ImportFormatError, match=r"line 3: unparseable event_date '5/13/2020'"):
        read_acled(decided, date_order="dmy")
    # the same day and month read the same either way: nothing to ask
    same = _acled_lines(tmp_path, GOOD_ACLED.format(date="5/5/2020", fatalities="0"))
    assert read_acled(same)[0]["event_date"].tolist() == [pd.Timestamp("2020-05-05")]


def test_ucdp_slash_dates_follow_the_acled_rule_and_both_columns_share_one_order(tmp_path):
    lines = UCDP.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = next(csv.reader([lines[1]]))
    path = tmp_path / "ged.csv"

    def write(start: str, end: str) -> None:
        row[header.index("date_start")], row[header.index("date_end")] = start, end
        with open(path, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([header, row])

    write("3/4/2014 12:00:00 AM", "3/4/2014 12:00:00 AM")  # the AM/PM shape does not decide the order
    with pytest.raises(AmbiguousDateError, match=r"^ged\.csv, columns date_start/date_end: every date fits both .*"
                                                  r"'3/4/2014 12:00:00 AM' is 2014-04-03 or 2014-03-04"):
        read_ucdp(path)
    assert read_ucdp(path, date_order="mdy")[0]["date_start"].tolist() == [pd.Timestamp("2014-03-04")]
    assert read_ucdp(path, date_order="dmy")[0]["date_start"].tolist() == [pd.Timestamp("2014-04-03")]
    write("3/4/2014", "3/14/2014")  # date_end's 14 makes the file month first, date_start too
    events, _, _ = read_ucdp(path)
    assert (events["date_start"].iloc[0], events["date_end"].iloc[0]) == (pd.Timestamp("2014-03-04"),
                                                                          pd.Timestamp("2014-03-14"))


def test_cli_import_date_order_option(tmp_path):
    path = _acled_lines(tmp_path, GOOD_ACLED.format(date="5/9/2020", fatalities="0"))
    refused = run_cli("import", "acled", str(path), "--store", str(tmp_path / "store"), cwd=tmp_path)
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert refused.stderr.startswith("error: acled.csv, column event_date: every date fits both")
    ok = run_cli("import", "acled", str(path), "--store", str(tmp_path / "store"), "--date-order", "mdy", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert load_events(tmp_path / "store")["event_date"].tolist() == [pd.Timestamp("2020-05-09")]


@pytest.fixture
def ucdp_store(tmp_path):
    store = tmp_path / "store"
    import_dataset("ucdp", [UCDP], store=store)
    return store


def test_cli_export_refuses_paths_that_are_not_regular_files(ucdp_store, tmp_path):
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = tmp_path / "target.csv"
    target.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    for out, kind in ((fifo, "a fifo"), (link, "a symbolic link"), (tmp_path, "a folder")):
        done = run_cli("export", "--format", "csv", "--out", str(out), "--store", str(ucdp_store), cwd=tmp_path)
        assert (done.returncode, done.stderr) == (
            2, f"error: --out {out} is {kind}, not a regular file; an export replaces only a regular file\n")
    assert fifo.is_fifo() and link.is_symlink() and target.read_text(encoding="utf-8") == "keep me\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]
    regular = tmp_path / "old.csv"
    regular.write_text("old\n", encoding="utf-8")
    done = run_cli("export", "--format", "csv", "--out", str(regular), "--store", str(ucdp_store), cwd=tmp_path)
    assert done.returncode == 0 and regular.read_text(encoding="utf-8").startswith("event_id,event_date")


def test_cli_export_to_standard_output(ucdp_store, tmp_path):
    done = run_cli("export", "--format", "geojson", "--out", "-", "--store", str(ucdp_store), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["features"]) == 40
    assert done.stderr.startswith("40 event(s) -> standard output (")
    assert not (tmp_path / "-").exists()
    done = run_cli("export", "--format", "csv", "--out", "-", "--store", str(ucdp_store), cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("event_id,event_date")
    done = run_cli("export", "--format", "parquet", "--out", "-", "--store", str(ucdp_store), cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith("error: --out -: GeoParquet is binary")


def test_write_export_errors_name_the_users_path_not_the_temporary_file(tmp_path, monkeypatch):
    from events import export

    out = tmp_path / "events.csv"

    def full_disk(self, data):
        raise OSError(28, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    with pytest.raises(EventsError) as caught:
        export.write_export(b"event_id\r\n", out)
    assert str(caught.value) == f"cannot write {out}: No space left on device"
    assert list(tmp_path.iterdir()) == []


def test_cli_export_filter_values_are_checked(ucdp_store, tmp_path):
    def export(*options: str) -> subprocess.CompletedProcess:
        return run_cli("export", "--format", "csv", "--out", str(tmp_path / "x.csv"), "--store", str(ucdp_store),
                       *options, cwd=tmp_path)

    def rows() -> int:
        return len(csv_rows(tmp_path / "x.csv"))

    for options in (("--dataset", "UCDP"), ("--country", "UKR"), ("--country", "ukraine"),
                    ("--dataset", "Ucdp", "--country", "Ukraine")):
        done = export(*options)
        assert done.returncode == 0 and rows() == 40, (options, done.stderr)
    done = export("--dataset", "foo")
    assert (done.returncode, done.stderr) == (2, "error: unknown dataset 'foo'; expected one of article, acled, gdelt, ucdp\n")
    done = export("--country", "Narnia")
    assert done.returncode == 2 and done.stderr == ("error: unknown country 'Narnia'; give a country name or ISO3 code "
                                                    "(e.g. Ukraine or UKR)\n")
    done = export("--country", "Kenya")  # a real country with no events here: an empty export is the answer
    assert done.returncode == 0 and rows() == 0
    missing = tmp_path / "nonexistent"
    done = run_cli("export", "--format", "csv", "--out", str(tmp_path / "y.csv"), "--store", str(missing), cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith(f"error: no event store at {missing} (no store.json or events file)")
    assert not (tmp_path / "y.csv").exists()


def test_gdelt_gaza_west_bank_and_withdrawn_fips_codes_and_unknown_codes_are_counted(tmp_path):
    from events.datasets.gdelt import EVENT_COLUMNS_V2

    at = EVENT_COLUMNS_V2.index("ActionGeo_CountryCode")
    rows = tab_rows(GDELT2)[:6]
    for row, code in zip(rows, ("GZ", "WE", "YI", "NT", "QQ", "QQ")):
        row[at] = code
    path = tmp_path / "codes.export.CSV"
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    events, report = read_dataset("gdelt", [path])
    got = [(r["iso3"], r["country"]) for r in (by_id(events, "gdelt:" + row[0]) for row in rows)]
    assert got[:4] == [("PSE", "Palestine"), ("PSE", "Palestine"), ("SCG", "Serbia and Montenegro"),
                       ("ANT", "Netherlands Antilles")]
    assert all(pd.isna(i) and pd.isna(c) for i, c in got[4:])
    assert report.notices == ("codes.export.CSV: 2 row(s) with a FIPS country code not in data/fips_to_iso3.csv "
                              "have no country: QQ (2)",)
    assert report.summary_lines()[-1] == report.notices[0]


def test_a_file_cut_inside_a_quoted_field_names_the_line_the_field_starts_on(tmp_path):
    two_lines = GOOD_ACLED.replace("UKR1", "UKR2").replace("Clashes near Bakhmut.", '"Clashes near\nBakhmut, ""heavy"" ones."')
    cut = GOOD_ACLED.replace("UKR1", "UKR3").split("Clashes")[0] + '"Clashes near Bakh'
    path = _acled_lines(tmp_path, GOOD_ACLED.format(date="01 May 2022", fatalities="1"),
                        two_lines.format(date="02 May 2022", fatalities="1"), cut.format(date="03 May 2022"))
    with pytest.raises(ImportFormatError) as caught:
        read_acled(path)
    # header 1, UKR1 on 2, UKR2 on 3-4, UKR3 on 5
    assert str(caught.value) == ("acled.csv, line 5: a quoted field starts here and is never closed (the file is cut "
                                 "short, or the field has a stray quote)")


def test_header_only_and_empty_files(tmp_path):
    header_only = _acled_lines(tmp_path)
    events, report = read_dataset("acled", [header_only])
    assert len(events) == 0
    assert report.notices == ("acled.csv: no data rows (only a header), nothing imported from it",)
    empty = tmp_path / "empty.export.CSV"
    empty.write_bytes(b"")
    with pytest.raises(ImportFormatError, match=r"^empty\.export\.CSV: empty file \(0 bytes\)$"):
        read_dataset("gdelt", [empty])
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"^empty\.export\.CSV: empty file \(only blank lines\)$"):
        read_dataset("gdelt", [empty])
    done = run_cli("import", "acled", str(header_only), "--store", str(tmp_path / "store"), cwd=tmp_path)
    assert done.returncode == 0
    assert "warning: acled.csv: no data rows (only a header), nothing imported from it\n" in done.stderr


def test_ucdp_estimates_out_of_order_are_imported_and_counted(tmp_path):
    lines = UCDP.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    rows = [next(csv.reader([line])) for line in lines[1:4]]
    rows[1][header.index("low")], rows[1][header.index("best")], rows[1][header.index("high")] = "9", "5", "12"
    rows[2][header.index("low")], rows[2][header.index("best")], rows[2][header.index("high")] = "1", "20", "12"
    path = tmp_path / "ged.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *rows])
    events, report = read_dataset("ucdp", [path])
    assert len(events) == 3
    assert report.notices == ("ged.csv: 2 row(s) have low > best or best > high deaths (first on line 3); imported as given",)


def test_a_point_dropped_at_zero_zero_has_no_geo_precision_and_is_counted(tmp_path):
    path = _acled_lines(tmp_path, GOOD_ACLED.format(date="01 May 2022", fatalities="1").replace("48.5956,38.0004", "0,0"),
                        GOOD_ACLED.replace("UKR1", "UKR2").format(date="02 May 2022", fatalities="1"))
    events, report = read_dataset("acled", [path])
    dropped, kept = by_id(events, "acled:UKR1"), by_id(events, "acled:UKR2")
    assert pd.isna(dropped["latitude"]) and pd.isna(dropped["geo_precision"])
    assert kept["geo_precision"] == 1
    assert report.notices == ("acled.csv: 1 row(s) at latitude/longitude 0,0 imported without a point (and without "
                              "geo_precision)",)


def test_an_id_in_two_files_of_one_import_is_reported(tmp_path):
    first = _acled_lines(tmp_path, GOOD_ACLED.format(date="01 May 2022", fatalities="1"),
                         GOOD_ACLED.replace("UKR1", "UKR2").format(date="02 May 2022", fatalities="1"))
    second = first.with_name("second.csv")
    second.write_text(first.read_text(encoding="utf-8").replace(",1,UKR\n", ",5,UKR\n", 1), encoding="utf-8")
    events, report = read_dataset("acled", [first, second])
    assert by_id(events, "acled:UKR1")["fatalities"] == 5  # the file given last
    assert report.notices == ("2 event id(s) appear in more than one of the files; the row of the file given last is kept",)


def test_reimport_summary_counts_new_changed_and_unchanged(tmp_path):
    store = tmp_path / "store"
    first = _acled_lines(tmp_path, GOOD_ACLED.format(date="01 May 2022", fatalities="1"),
                         GOOD_ACLED.replace("UKR1", "UKR2").format(date="02 May 2022", fatalities="1"))
    report = import_dataset("acled", [first], store=store)
    assert (report.new, report.changed, report.unchanged) == (2, 0, 0)
    again = import_dataset("acled", [first], store=store)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 2)
    assert "imported 2 event(s) (0 new, 0 changed, 2 unchanged)" in again.summary_lines()[0]
    revised = _acled_lines(tmp_path, GOOD_ACLED.format(date="01 May 2022", fatalities="4"),
                           GOOD_ACLED.replace("UKR1", "UKR2").format(date="02 May 2022", fatalities="1"),
                           GOOD_ACLED.replace("UKR1", "UKR3").format(date="03 May 2022", fatalities="1"))
    third = import_dataset("acled", [revised], store=store)
    assert (third.new, third.changed, third.unchanged, third.events_in_store) == (1, 1, 1, 3)


@pytest.mark.parametrize("count", ["1e3", "12.0", "1,000", "99999999999999999999"])
def test_acled_fatalities_are_digits_only_as_in_a_review(tmp_path, count):
    path = _acled_lines(tmp_path, GOOD_ACLED.format(date="01 May 2022", fatalities=f'"{count}"'))
    with pytest.raises(ImportFormatError, match=r"line 2: fatalities .* is not a count"):
        read_acled(path)


def test_gdelt_event_codes_that_are_no_cameo_code_are_counted(tmp_path):
    from events.datasets.gdelt import EVENT_COLUMNS_V2

    at = EVENT_COLUMNS_V2.index("EventCode")
    rows = tab_rows(GDELT2)[:3]
    rows[1][at] = "abc"
    path = tmp_path / "odd.export.CSV"
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    events, report = read_dataset("gdelt", [path])
    assert pd.isna(by_id(events, "gdelt:" + rows[1][0])["plover_type"])
    assert report.notices == ("odd.export.CSV: 1 row(s) with an EventCode that is no CAMEO code (first 'abc') "
                              "have no plover_type",)
