"""Fuzz the command line with generated malformed inputs of every kind the issue lists: articles,
dataset files, edited exports, review values, export filters and hand-edited review logs.

Each case runs ``python -m events`` in-process (``events.cli.main``) against a copy of a store
and asserts: exit code 2, exactly one ``error: ...`` line on stderr (other lines, if any, are
``warning: ...``), no traceback, and every file of the store byte for byte as before.
"""

import csv
import io
import json
import random
import shutil
from pathlib import Path

import pandas as pd
import pytest
from fixtures import fixture_events, fixture_figures

from events import save_events
from events.audit import AUDIT_FILE
from events.cli import main
from events.export import to_export
from events.review import accept

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
UCDP = DATA / "ucdp_ged221_ukraine_head40.csv"
GDELT2 = DATA / "gdelt2_20191024143000_head40.export.CSV"
RNG = random.Random(12)
BODY = "Wagner Group fighters attacked Soledar on Friday, the Ukrainian army said.\n"
ACLED = {"event_id_cnty": "UKR1", "event_date": "14 August 2020", "year": "2020", "time_precision": "1",
         "disorder_type": "Political violence", "event_type": "Battles", "sub_event_type": "Armed clash",
         "actor1": "Military Forces of Russia (2000-)", "inter1": "State forces", "actor2": "", "inter2": "",
         "iso": "804", "country": "Ukraine", "admin1": "Donetsk", "location": "Soledar", "latitude": "48.6833",
         "longitude": "38.0833", "geo_precision": "1", "source": "Ukrainska Pravda", "notes": "A clash.",
         "fatalities": "2", "tags": "", "timestamp": "1600000000"}


def _csv(rows: list[dict], sep=",") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=sep, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _acled(**cells) -> bytes:
    rows = [dict(ACLED, event_id_cnty=f"UKR{i}", notes=f"Clash {i}.") for i in range(3)]
    rows[1].update(cells)
    return _csv(rows)


def _binary(n=300) -> bytes:
    return bytes(RNG.randrange(256) for _ in range(n)) + b"\x00"


def article_cases():
    """(name, file bytes) of articles that cannot be read."""
    yield "empty", b""
    yield "blank", b" \n\t\n"
    yield "binary", _binary()
    yield "front matter only", b"---\npublished: 2023-01-16\n---\n"
    yield "unclosed front matter", b"---\npublished: 2023-01-16\n" + BODY.encode()
    yield "yaml error", b"---\npublished: [2023\n---\n" + BODY.encode()
    yield "front matter list", b"---\n- a\n- b\n---\n" + BODY.encode()
    yield "navigation only page", b"<!doctype html><html><body><nav>Home | News</nav><footer>(c) 2023</footer></body></html>"
    for key in ("url", "publisher", "title"):
        for value in ("{a: b}", "[1, 2]", "yes"):
            yield f"{key} {value}", f"---\n{key}: {value}\n---\n{BODY}".encode()
    for value in ("2023-13-45", "2023-02-30", "notadate", "12/31/2023", "99999-01-01", "0000-00-00"):
        yield f"published {value}", f"---\npublished: {value}\n---\n{BODY}".encode()


def dataset_cases():
    """(kind, name, file bytes) of dataset files an import must refuse whole."""
    for column, values in {"event_date": ["32 August 2020", "someday", "2020-13-01"],
                           "time_precision": ["0", "4", "x"], "geo_precision": ["9"],
                           "latitude": ["91", "abc"], "longitude": ["181"], "fatalities": ["-1", "2.5", "many"],
                           "event_type": ["Party"], "inter1": ["Aliens"], "event_id_cnty": ["UKR0"],
                           "actor1": [""]}.items():
        for value in values:
            yield "acled", f"acled {column}={value!r}", _acled(**{column: value})
    yield "acled", "acled one coordinate", _acled(longitude="")
    yield "acled", "acled no event_date column", _csv([{k: v for k, v in ACLED.items() if k != "event_date"}])
    yield "acled", "acled truncated", _acled()[:-40]
    for kind in ("acled", "ucdp", "gdelt", "events"):
        yield kind, f"{kind} empty", b""
        yield kind, f"{kind} binary", _binary()
        yield kind, f"{kind} not a table", "Wagner Group fighters attacked Soledar.\n".encode()
    yield "acled", "ucdp file as acled", UCDP.read_bytes()
    yield "ucdp", "gdelt file as ucdp", GDELT2.read_bytes()
    ucdp = pd.read_csv(UCDP, dtype=str, keep_default_na=False)
    for column, value in (("date_start", "soon"), ("best", "-3"), ("type_of_violence", "9"), ("latitude", "100"),
                          ("id", ucdp.loc[0, "id"]), ("where_prec", "12")):
        edited = ucdp.copy()
        edited.loc[1, column] = value
        yield "ucdp", f"ucdp {column}={value!r}", edited.to_csv(index=False).encode()
    lines = GDELT2.read_bytes().split(b"\n")
    bad_date = GDELT2.read_bytes().replace(b"\t20181024\t", b"\t2018-10-24\t", 1)
    assert bad_date != GDELT2.read_bytes()
    yield "gdelt", "gdelt SQLDATE", bad_date
    yield "gdelt", "gdelt cut row", b"\n".join([lines[0], lines[1][: len(lines[1]) // 2], *lines[2:]])


def export_cases(events: pd.DataFrame):
    """(name, suffix, bytes) of edited or malformed exports."""
    frame = pd.read_csv(io.BytesIO(to_export(events, "csv")), dtype=str, keep_default_na=False)
    for column, value in (("fatalities", "2.5"), ("fatalities", "-x"), ("latitude", "north"), ("iso3", "ZZZ"),
                          ("iso3", "CAF"), ("date_start", "2099-01-01"), ("date_end", "1900-01-01"),
                          ("event_date", "16/01/2023"), ("geo_precision", "1.5"), ("certainty", "sure"),
                          ("event_id", "")):
        edited = frame.copy()
        edited.loc[0, column] = value
        yield f"csv {column}={value!r}", ".csv", edited.to_csv(index=False).encode()
    collection = json.loads(to_export(events, "geojson"))
    paths = [("type",), ("features",), ("features", 0), ("features", 0, "type"), ("features", 0, "properties"),
             ("features", 0, "geometry"), ("features", 0, "geometry", "type"), ("features", 0, "geometry", "coordinates"),
             ("features", 0, "properties", "fatalities"), ("features", 0, "properties", "event_date")]
    for path in paths:
        for junk in ([], [1], {"a": 1}, "x", 7):
            broken = json.loads(json.dumps(collection))
            node = broken
            for key in path[:-1]:
                node = node[key]
            if path == ("features",) and junk == [] or path[-1] == "fatalities" and junk == 7:
                continue  # no features is a valid empty file; 7 is a count
            node[path[-1]] = junk
            if broken == collection:
                continue
            yield f"geojson {'/'.join(map(str, path))}={json.dumps(junk)}", ".geojson", json.dumps(broken).encode()
    yield "geojson list", ".geojson", b"[]"
    yield "geojson truncated", ".geojson", to_export(events, "geojson")[:-10]
    yield "parquet junk", ".parquet", _binary()
    yield "unknown suffix", ".xlsx", b"PK\x03\x04"


REVIEW_VALUES = {"fatalities": ["1e3", "12.0", "-1", "abc", "99999999999999999999", "1,000"],
                 "latitude": ["91", "x", "nan"], "longitude": ["181", "inf"], "certainty": ["maybe"],
                 "event_date": ["2023-02-30", "tomorrow"], "date_start": ["2099-01-01"], "geo_precision": ["7", "1.5"],
                 "iso3": ["ZZZ"], "country": ["Atlantis"], "no_such_field": ["1"], "event_id": ["x"],
                 "plover_type": ["DANCE"], "event_type": ["Parties"]}


def review_cases():
    for field, values in REVIEW_VALUES.items():
        for value in values:
            yield f"correct {field}={value!r}", ["review", "correct", "fx-001", "--set", f"{field}={value}",
                                                 "--reviewer", "Ann"]
    for action in ("accept", "reject", "reopen", "history"):
        yield f"{action} unknown id", ["review", action, "no-such-row", "--reviewer", "Ann", "--reason", "r"][
            : 3 if action == "history" else None]
    yield "reject without reason", ["review", "reject", "fx-002", "--reviewer", "Ann"]
    yield "reject blank reason", ["review", "reject", "fx-002", "--reviewer", "Ann", "--reason", "  "]
    yield "accept without reviewer", ["review", "accept", "fx-002"]
    yield "accept blank reviewer", ["review", "accept", "fx-002", "--reviewer", "  "]
    yield "merge one id", ["review", "merge", "fx-002", "--reviewer", "Ann"]
    yield "merge event and figure", ["review", "merge", "fx-002", "fg-killed", "--reviewer", "Ann"]
    yield "reopen a new row", ["review", "reopen", "fx-002", "--reviewer", "Ann"]
    yield "split one part", ["review", "split", "fx-002", "--part", "fatalities=1", "--reviewer", "Ann"]
    yield "split bad part", ["review", "split", "fx-002", "--part", "fatalities", "--part", "x=1", "--reviewer", "Ann"]
    yield "correct nothing", ["review", "correct", "fx-002", "--reviewer", "Ann"]
    yield "bulk with one unknown id", ["review", "accept", "fx-002", "fx-003", "nope", "--reviewer", "Ann"]
    yield "bulk correct one bad row", ["review", "correct", "fx-002", "fx-001", "--set", "date_end=2000-01-01",
                                       "--reviewer", "Ann"]
    yield "list unknown status", ["review", "list", "--status", "pending"]


def export_filter_cases(tmp):
    out = str(tmp / "out.csv")
    for flag, value in (("--country", "Atlantis"), ("--dataset", "nope"), ("--type", "PARTY"),
                        ("--certainty", "sure"), ("--from", "2023-02-30"), ("--to", "someday")):
        yield f"export {flag} {value}", ["export", "--format", "csv", "--out", out, flag, value]
    yield "export to a folder", ["export", "--format", "csv", "--out", str(tmp)]
    yield "export parquet to stdout", ["export", "--format", "parquet", "--out", "-"]
    yield "export unknown format", ["export", "--format", "xml", "--out", out]


LOG_EDITS = [{"field": []}, {"field": None}, {"field": 3}, {"row_id": ""}, {"row_id": ["fx-001"]},
             {"table": "people"}, {"action": {}}, {"field": "fatalities", "new_value": "abc"},
             {"field": "fatalities", "new_value": 2.5}, {"field": "fatalities", "new_value": [1]},
             {"field": "event_date", "new_value": "2023-02-30"}, {"field": "review_status", "new_value": "done"},
             {"field": "merged_into", "new_value": 5}, {"field": "split_into", "new_value": "fx-2"},
             {"field": "latitude", "new_value": 123}, {"field": "certainty", "new_value": "sure"},
             {"batch": 5, "batch_size": 1}]


def _cases():
    cases = []
    for name, content in article_cases():
        cases.append(("article", name, content, None))
    for kind, name, content in dataset_cases():
        cases.append(("dataset", name, content, kind))
    for name, suffix, content in export_cases(fixture_events()):
        cases.append(("export-file", name, content, suffix))
    for name, argv in review_cases():
        cases.append(("argv", name, None, argv))
    for edit in LOG_EDITS:
        for command in (["review", "list"], ["export", "--format", "csv", "--out", "-"]):
            cases.append(("log", f"log {json.dumps(edit)} then {command[0]}", edit, command))
    return cases


CASES = _cases()


def test_there_are_at_least_100_generated_cases():
    assert len(CASES) >= 100


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("base") / "store"
    save_events(fixture_events(), fixture_figures(), store=folder)
    accept(folder, "fx-001", "Ann")
    return folder


def snapshot(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def check(capsys, argv, store, before):
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # a usage error: argparse exits, as the command line would
        code = exc.code
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert code == 2, (code, err)
    assert [line for line in lines if line.startswith("error: ")] == [lines[-1]], err
    assert all(line.startswith(("error: ", "warning: ")) for line in lines) and "Traceback" not in err, err
    assert snapshot(store) == before


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}: {c[1]}"[:90] for c in CASES])
def test_malformed_input_is_one_error_and_changes_nothing(case, base, tmp_path, capsys, monkeypatch):
    group, name, content, extra = case
    store = tmp_path / "store"
    shutil.copytree(base, store)
    monkeypatch.setenv("EVENTS_STORE", str(store))
    monkeypatch.delenv("EVENTS_REVIEWER", raising=False)
    if group == "article":
        path = tmp_path / ("page.html" if content.lstrip().startswith(b"<!doctype") else "article.txt")
        path.write_bytes(content)
        argv = ["ingest", path, "--store", store]
    elif group == "dataset":
        path = tmp_path / ("20191024143000.export.CSV" if extra == "gdelt" else
                           "export.csv" if extra == "events" else f"{extra}.csv")
        path.write_bytes(content)
        argv = ["import", extra, path, "--store", store]
    elif group == "export-file":
        path = tmp_path / f"edited{extra}"
        path.write_bytes(content)
        argv = ["import", "events", path, "--store", store]
    elif group == "log":
        line = json.loads((store / AUDIT_FILE).read_text(encoding="utf-8"))
        line.update(content)
        (store / AUDIT_FILE).write_text(json.dumps(line) + "\n", encoding="utf-8")
        argv = [*extra, "--store", store]
    else:
        argv = [*extra, "--store", store]
    check(capsys, argv, store, snapshot(store))


@pytest.mark.parametrize("name, argv", list(export_filter_cases(Path("/nonexistent-out"))))
def test_malformed_export_options_are_one_error(name, argv, base, tmp_path, capsys):
    argv = [a.replace("/nonexistent-out", str(tmp_path)) for a in argv]
    store = tmp_path / "store"
    shutil.copytree(base, store)
    check(capsys, [*argv, "--store", store], store, snapshot(store))
