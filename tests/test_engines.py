"""Every query of the dashboard and of ``export`` gives the same result on DuckDB and on Spark (local mode).

One store on disk, built the real way: the fixture events, the ingest of ``seeds/``, imports of
UCDP and GDELT samples (``tests/data``) and of an ACLED file written here (over 200 located rows,
so the map extent takes its percentile branch), then review actions (correct, reject, merge,
accept, split) so the overlay is exercised. Spark starts once for the module; the module skips
only when there is no Java runtime.
"""

import csv
import datetime as dt
import random
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fixtures import fixture_events, fixture_figures

from events import save_events
from events.cli import main
from events.datasets import import_dataset
from events.errors import EventsError
from events.ingest import ingest_articles
from events.query import EventFilter
from events.query import engine
from events.query import expressions as q
from events.review import accept, correct, merge, reject

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"

pytestmark = [
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs a Java runtime (`java`)"),
    # pyspark 4.0 and ibis 12 call pandas 3 APIs that pandas 4 will drop: their business, not this test's
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
    pytest.mark.filterwarnings("ignore:The 'future.infer_string' option is deprecated"),
]

FILTERS = [
    EventFilter(),
    EventFilter(actors=("Wagner Group",)),
    EventFilter(actors=("Yevgeny Prigozhin",)),  # only an associated actor in the fixture
    EventFilter(event_types=("ASSAULT", "Battles")),
    EventFilter(countries=("Ukraine", "Syria")),
    EventFilter(datasets=("acled", "ucdp")),
    EventFilter(date_from=dt.date(2022, 11, 15)),
    EventFilter(date_to=dt.date(2021, 12, 31)),
    EventFilter(date_from=dt.date(2022, 12, 1), date_to=dt.date(2022, 12, 31), certainties=("confirmed",)),
    EventFilter(sources=("seed-000",), datasets=("article",)),
]


def write_acled(path: Path, rows: int = 240, seed: int = 13) -> Path:
    """An ACLED-like export: Ukrainian towns, three event types, some unknown counts and places."""
    rng = random.Random(seed)
    towns = [("Bakhmut", "Donetsk", 48.5956, 38.0004), ("Kharkiv", "Kharkiv", 49.9935, 36.2304),
             ("Kherson", "Kherson", 46.6354, 32.6169), ("Soledar", "Donetsk", 48.6833, 38.0833)]
    kinds = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
             ("Violence against civilians", "Attack")]
    header = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1",
              "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "iso", "country", "admin1", "location",
              "latitude", "longitude", "geo_precision", "source", "notes", "fatalities"]
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for i in range(rows):
            town, admin1, lat, lon = rng.choice(towns)
            kind, sub = rng.choice(kinds)
            day = dt.date(2022, 6, 1) + dt.timedelta(days=rng.randrange(300))
            located = rng.random() > 0.05
            writer.writerow([
                f"UKR{9000 + i}", f"{day.day} {day:%B %Y}", day.year, 1, "Political violence", kind, sub,
                "Military Forces of Russia (2000-)", "Wagner Group" if rng.random() < 0.3 else "", "State forces",
                "Military Forces of Ukraine (2019-)", "", "State forces", 804,
                "Ukraine", admin1, town, f"{lat + rng.uniform(-0.2, 0.2):.4f}" if located else "",
                f"{lon + rng.uniform(-0.2, 0.2):.4f}" if located else "", rng.choice([1, 2, 3]), "Kyiv Independent",
                f"Clash {i}.", "" if rng.random() < 0.2 else rng.randrange(12),
            ])
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("engines") / "store"
    save_events(fixture_events(), fixture_figures(), store=folder)
    ingest_articles(sorted((ROOT / "seeds").glob("*.txt")), store=folder)
    import_dataset("ucdp", [DATA / "ucdp_ged221_ukraine_head40.csv"], store=folder)
    import_dataset("gdelt", [DATA / "gdelt2_20191024143000_head40.export.CSV"], store=folder)
    import_dataset("acled", [write_acled(folder.parent / "acled.csv")], store=folder)
    correct(folder, "fx-002", "T", actor1="Government of Canada", fatalities=4)
    reject(folder, "fx-008", "T", "not an event")
    merge(folder, ["fx-006", "fx-007"], "T")
    accept(folder, "fx-003", "T")
    correct(folder, "acled:UKR9001", "T", actor2="Wagner Group", fatalities=7)
    reject(folder, "acled:UKR9002", "T", "duplicate")
    accept(folder, "acled:UKR9003", "T")
    return folder


@pytest.fixture(scope="module")
def spark():
    con = engine.connect("spark")
    yield con
    engine.stop_spark()


@pytest.fixture(scope="module")
def tables(store, spark):
    """The reviewed table of the store on each engine."""
    return {"duckdb": q.reviewed_table(engine.connect("duckdb"), store), "spark": q.reviewed_table(spark, store)}


def same_frames(a: pd.DataFrame, b: pd.DataFrame, keys=None) -> None:
    """Assert two results are equal: same columns, dtypes and values (after sorting by ``keys``)."""
    assert list(a.columns) == list(b.columns)
    if keys:
        a = a.sort_values(keys, kind="stable").reset_index(drop=True)
        b = b.sort_values(keys, kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_exact=False,
                                  rtol=1e-9, atol=1e-9)


def on_both(tables, query):
    """Run ``query(table)`` on each engine's reviewed table; return (duckdb result, spark result)."""
    return query(tables["duckdb"]), query(tables["spark"])


def test_the_store_has_every_kind_of_row(tables):
    frame = q.to_frame(tables["duckdb"])
    assert set(frame["dataset"]) == {"article", "acled", "gdelt", "ucdp"}
    assert (frame["dataset"] == "article").sum() > len(fixture_events())  # the seed was ingested
    assert len(q.to_frame(q.located(tables["duckdb"]))) > 200
    assert set(frame["review_status"]) >= {"new", "accepted", "corrected", "rejected", "merged"}


def test_the_reviewed_table_is_the_same(tables):
    a, b = on_both(tables, q.to_frame)
    same_frames(a, b, ["event_id"])
    assert b.set_index("event_id").loc["fx-002", "actor1"] == "Government of Canada"
    assert b.set_index("event_id").loc["acled:UKR9001", "actor2"] == "Wagner Group"
    for flag in (False, True):
        a, b = on_both(tables, lambda t: q.to_frame(q.visible(t, flag)))
        same_frames(a, b, ["event_id"])
        a, b = on_both(tables, lambda t: int(q.visible(t, flag).count().to_pyarrow().as_py()))
        assert a == b > 0


@pytest.mark.parametrize("selection", FILTERS, ids=str)
def test_filters_are_the_same(tables, selection):
    a, b = on_both(tables, lambda t: q.to_frame(q.filter_table(q.visible(t), selection)))
    same_frames(a, b, ["event_id"])
    if selection.is_empty or selection.datasets:
        assert len(a) > 0


@pytest.mark.parametrize("selection", FILTERS[:6], ids=str)
def test_summaries_and_charts_are_the_same(tables, selection):
    def run(table):
        shown = q.filter_table(q.visible(table), selection)
        counts, n_located, span = q.view_summary(shown)
        return {
            "summary": (counts, n_located, span),
            "extent": q.extent(shown),
            "cells": [q.grid_cells(shown, deg, colour) for deg in (0.5, 2.0) for colour in ("acled", "plover")],
            "places": q.top_places(shown),
            "countries": q.country_counts(shown),
            "trend": [q.trend_counts(shown, colour, span) for colour in ("acled", "plover")]
                     + [q.trend_counts(shown, "acled")],
            "latest": q.to_frame(q.latest(shown, 25)),
            "dated": q.to_frame(q.dated(shown)),
            "undated": q.to_frame(q.undated(shown).order_by("event_id").limit(50)),
            "points": q.to_frame(q.located(shown)),
        }

    a, b = on_both(tables, run)
    assert a["summary"] == b["summary"]
    assert a["extent"] == pytest.approx(b["extent"], rel=1e-9) if a["extent"] else b["extent"] is None
    for x, y in zip(a["cells"], b["cells"]):
        same_frames(x, y)  # ordered by the query
    same_frames(a["places"], b["places"])
    same_frames(a["countries"], b["countries"])
    for (x, period_x), (y, period_y) in zip(a["trend"], b["trend"]):
        assert period_x == period_y
        same_frames(x, y)
    same_frames(a["latest"], b["latest"])  # the order matters: newest first, then event_id
    same_frames(a["dated"], b["dated"], ["event_id"])
    same_frames(a["undated"], b["undated"])
    same_frames(a["points"], b["points"], ["event_id"])


def test_the_extent_takes_percentiles_above_200_points(tables):
    a, b = on_both(tables, q.extent)
    lat = q.to_frame(q.located(tables["duckdb"]))["latitude"]
    assert a[0] > lat.min() and a[1] < lat.max()  # the 1st-99th percentile, not the min and max
    assert a == pytest.approx(b, rel=1e-9)


def test_facets_sources_and_review_counts_are_the_same(tables):
    def run(table):
        shown = q.visible(table)
        docs = shown.group_by("doc_id").aggregate(source=shown.source.arbitrary(), source_url=shown.source_url.arbitrary(),
                                                  dataset=shown.dataset.arbitrary()).to_pyarrow().to_pandas()
        counts = table.group_by("review_status").aggregate(n=table.count()).to_pyarrow().to_pandas()
        rows = table.filter(table.review_status.isin(["new", "corrected"]))
        return {
            "facets": q.facet_options(shown),
            "docs": docs.sort_values("doc_id").reset_index(drop=True),
            "review": dict(zip(counts["review_status"], counts["n"].astype(int))),
            "listed": q.to_frame(rows.order_by("event_id").limit(100)),
            "one": q.to_frame(table.filter(table.event_id == "fx-002")),
            "doc": q.to_frame(table.filter(table.doc_id == "seed-000").select("event_id", "doc_id", "review_status")),
        }

    a, b = on_both(tables, run)
    assert a["facets"] == b["facets"] and "Wagner Group" in a["facets"]["actors"]
    same_frames(a["docs"], b["docs"])
    assert a["review"] == b["review"]
    for key in ("listed", "one", "doc"):
        same_frames(a[key], b[key], ["event_id"])
        assert len(a[key]) > 0


def test_a_map_selection_is_the_same(tables):
    frame = q.to_frame(q.located(tables["duckdb"])).sort_values("event_id")
    first = frame.iloc[0]
    cell = f"cell:1.0:{int(np.floor(first['latitude']))}:{int(np.floor(first['longitude']))}"
    points = [{"customdata": [cell]}, {"customdata": ["fx-003", "x"]}, {"location": "SYR"}]
    a, b = on_both(tables, lambda t: q.to_frame(q.picked(t, points)))
    same_frames(a, b, ["event_id"])
    assert {"fx-003", first["event_id"]} <= set(a["event_id"])


@pytest.mark.parametrize("fmt", ["csv", "geojson", "parquet"])
def test_export_writes_the_same_bytes_on_both_engines(store, spark, tmp_path, monkeypatch, capsys, fmt):
    out = {}
    for name in ("duckdb", "spark"):
        monkeypatch.setenv("EVENTS_ENGINE", name)
        out[name] = tmp_path / f"{name}.{fmt}"
        code = main(["export", "--format", fmt, "--out", str(out[name]), "--store", str(store), "--country", "Ukraine"])
        assert code == 0, capsys.readouterr().err
    assert out["duckdb"].read_bytes() == out["spark"].read_bytes()
    assert out["duckdb"].stat().st_size > 1000


def test_an_unknown_engine_is_one_error(store, monkeypatch, capsys):
    monkeypatch.setenv("EVENTS_ENGINE", "postgres://db")
    assert main(["export", "--format", "csv", "--out", "-", "--store", str(store)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: EVENTS_ENGINE='postgres://db' names no engine")
    with pytest.raises(EventsError):
        engine.connect("sc://")


def test_a_store_of_an_older_version_exports_the_same_on_both_engines(spark, tmp_path, monkeypatch, capsys):
    # a file without the notes column (as another version may have written it): read as unknown, with a warning
    folder = tmp_path / "old"
    folder.mkdir()
    fixture_events().drop(columns=["notes"]).to_parquet(folder / "events.parquet")
    out = {}
    for name in ("duckdb", "spark"):
        monkeypatch.setenv("EVENTS_ENGINE", name)
        out[name] = tmp_path / f"{name}.csv"
        assert main(["export", "--format", "csv", "--out", str(out[name]), "--store", str(folder)]) == 0
        err = capsys.readouterr().err
        assert "has no column(s) notes: read as unknown (empty)" in err and "error" not in err
    assert out["duckdb"].read_bytes() == out["spark"].read_bytes()
    assert pd.read_csv(out["duckdb"])["notes"].isna().all() and len(pd.read_csv(out["duckdb"])) == len(fixture_events())
