"""Tests of the evaluation harness (events.evaluation).

Synthetic fixtures in tests/fixtures/eval/ test reading, layout detection, offsets and the
scoring arithmetic with predictions we choose. Tests on the real corpora read them from
../shared/data/real relative to the repository root and skip when that folder is absent; the
corpora are never copied into the repository.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import math
from pathlib import Path
from types import SimpleNamespace as P

import pandas as pd
import pytest

from events.errors import EventsError, ImportFormatError
from events.evaluation import (
    SUMMARY_KEYS, format_summary, read_acled_notes, read_geoparsing_corpus, read_timeml,
    run_evaluation,
)
from events.evaluation.acled_notes import detect_acled_layout, parse_acled_dates
from events.evaluation.acled_scoring import (
    choose_event, current_event_types, normalise_actor, plover_to_acled, score_row,
)
from events.geo import haversine_km
from events.evaluation.timeml import is_value_correct, parse_timex_value
from events.schema import ACLED_EVENT_TYPES, PLOVER_TYPES

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"
LGL = REAL / "geoparsing" / "lgl_head40.xml"
GEOVIRUS = REAL / "geoparsing" / "geovirus_head40.xml"
TIMEML = REAL / "timeml"
ACLED = REAL / "acled"

needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/data/real is absent")


def _extractor_available(*modules: str) -> bool:
    try:
        for name in modules:
            module, _, attr = name.rpartition(".")
            getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        return False
    return True


# --- geo -------------------------------------------------------------------------------------


def test_haversine_km_one_degree_of_equator_and_symmetry():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.195, abs=0.01)
    assert haversine_km(0, 0, 0, 0) == 0
    assert haversine_km(51.5, -0.13, 48.86, 2.35) == pytest.approx(haversine_km(48.86, 2.35, 51.5, -0.13))
    assert haversine_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.5, abs=1.0)


# --- geoparsing: reading ---------------------------------------------------------------------


def test_read_lgl_schema_offsets_skips_and_dates():
    corpus = read_geoparsing_corpus(FIXTURES / "lgl_tiny.xml")
    assert corpus.schema == "lgl"
    first, second = corpus.documents
    assert first.doc_id == "1001" and first.published == dt.date(2009, 3, 20)
    assert first.skipped == 1  # "Elm St." has no gaztag
    assert [t.phrase for t in first.toponyms] == ["Dunmore", "Kesterton", "Kesterton"]
    assert [t.geonameid for t in first.toponyms] == [111, 222, 222]
    for doc in corpus.documents:
        assert not doc.shifted
        for t in doc.toponyms:
            assert doc.text[t.start:t.end] == t.phrase
    # offsets are code points: the curly apostrophe before "Port Avel" is one character
    assert second.toponyms[0].start == 21 and second.text[21:30] == "Port Avel"


def test_read_geovirus_schema_moves_one_based_offsets():
    corpus = read_geoparsing_corpus(FIXTURES / "geovirus_tiny.xml")
    assert corpus.schema == "geovirus"
    (doc,) = corpus.documents
    assert doc.shifted == {-1: 3} and doc.unaligned == 0
    assert [(t.start, t.end) for t in doc.toponyms] == [(20, 27), (29, 37), (69, 76)]
    assert all(doc.text[t.start:t.end] == t.phrase for t in doc.toponyms)
    assert doc.toponyms[0].geonameid is None and doc.published is None


def test_read_geoparsing_limit_and_errors(tmp_path):
    assert len(read_geoparsing_corpus(FIXTURES / "lgl_tiny.xml", limit=1).documents) == 1
    with pytest.raises(ImportFormatError):
        read_geoparsing_corpus(tmp_path / "missing.xml")
    bad = tmp_path / "bad.xml"
    bad.write_text("<articles><article><text>x</text></article></articles>")
    with pytest.raises(ImportFormatError, match="schema"):
        read_geoparsing_corpus(bad)
    bad.write_text("not xml at all")
    with pytest.raises(ImportFormatError, match="not XML"):
        read_geoparsing_corpus(bad)


# --- geoparsing: scoring ---------------------------------------------------------------------


def _lgl_predictions(text, published, doc_id):
    """Known predictions for lgl_tiny.xml: exact by id, 1 km-ish, far, missed, unresolved."""
    if doc_id == "1001":
        assert published == dt.date(2009, 3, 20)
        return [
            P(start=0, end=7, latitude=50.0, longitude=50.0, geonameid=111),  # same id, far coords
            P(start=20, end=34, latitude=10.5, longitude=21.0, geonameid=None),  # ~55 km, overlaps
            P(start=65, end=74, latitude=None, longitude=None, geonameid=None),  # unresolved
            P(start=52, end=59, latitude=0.0, longitude=0.0, geonameid=None),  # gold has no coords
        ]
    return []  # Port Avel missed


def test_geoparsing_scoring_arithmetic():
    out = io.StringIO()
    summary = run_evaluation("geoparsing", FIXTURES / "lgl_tiny.xml", report=out, predict=_lgl_predictions)
    assert list(summary) == list(SUMMARY_KEYS["geoparsing"])
    assert summary["docs"] == 2 and summary["toponyms"] == 4
    assert summary["recall"] == pytest.approx(3 / 4)
    assert summary["exact"] == pytest.approx(1 / 4)  # geonameid match only
    assert summary["acc161"] == pytest.approx(1 / 4)  # the 55 km one; the id match is far off
    far = haversine_km(10.0, 20.0, 50.0, 50.0)
    near = haversine_km(10.5, 20.5, 10.5, 21.0)
    assert summary["mean_km"] == pytest.approx((far + near) / 2)
    report = out.getvalue()
    assert "missed 'Port Avel'@21" in report and "unresolved 'Kesterton'@65" in report
    assert "gold_without_coordinates=1" in report and "median_km=" in report


def test_geoparsing_perfect_predictions_score_one_and_within_1km_is_exact():
    corpus = read_geoparsing_corpus(FIXTURES / "geovirus_tiny.xml")
    gold = corpus.documents[0].toponyms

    def predict(text, published, doc_id):  # 0.5 km north of each gold point, no ids
        return [P(start=t.start, end=t.end, latitude=t.latitude + 0.0045, longitude=t.longitude,
                  geonameid=None) for t in gold]

    out = io.StringIO()
    summary = run_evaluation("geoparsing", FIXTURES / "geovirus_tiny.xml", report=out, predict=predict)
    assert (summary["recall"], summary["exact"], summary["acc161"]) == (1.0, 1.0, 1.0)
    assert summary["mean_km"] == pytest.approx(0.5, abs=0.01)
    assert "offsets_moved=3 by -1" in out.getvalue()


# --- timeml ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value, granularity, start, end", [
    ("1998-08-07", "day", dt.date(1998, 8, 7), dt.date(1998, 8, 7)),
    ("1998-08-07T14:35", "day", dt.date(1998, 8, 7), dt.date(1998, 8, 7)),
    ("1998-02", "month", dt.date(1998, 2, 1), dt.date(1998, 2, 28)),
    ("1998", "year", dt.date(1998, 1, 1), dt.date(1998, 12, 31)),
    ("1998-W32", "week", dt.date(1998, 8, 3), dt.date(1998, 8, 9)),
    ("1989-Q4", "quarter", dt.date(1989, 10, 1), dt.date(1989, 12, 31)),
    ("PRESENT_REF", "other", None, None),
    ("1998-SU", "other", None, None),
    ("199X", "other", None, None),
    ("1988-QX", "other", None, None),
    ("1998-13", "other", None, None),
    (None, "other", None, None),
])
def test_parse_timex_value_granularity(value, granularity, start, end):
    assert parse_timex_value(value) == (granularity, start, end)


@pytest.mark.parametrize("gold, predicted, ok", [
    ("1998-08-07", P(value="1998-08-07"), True),
    ("1998-08-07", P(value="1998-08-07T10:00"), True),
    ("1998-08-07", P(value="1998-08"), False),  # coarser than the gold
    ("1998-08-07", P(value="1998-08-06"), False),
    ("1998-08", P(value="1998-08-07"), True),  # finer, same month
    ("1998-08", P(value="1998-08"), True),
    ("1998-08", P(value="1998"), False),
    ("1998", P(value="1998-W32"), True),
    ("1998-W32", P(value="1998-08-05"), True),
    ("1998-W32", P(value="1998-08"), False),
    ("1989-Q3", P(value=None, date_start=dt.date(1989, 7, 1), date_end=dt.date(1989, 9, 30)), True),
    ("1989-Q3", P(value=None, date_start=pd.Timestamp("1989-07-01"), date_end=pd.Timestamp("1989-12-31")), False),
    ("1989-Q3", P(value="1989-Q3"), True),
    ("1989-Q3", P(value=None), False),
    ("PRESENT_REF", P(value="present_ref"), True),
    ("PRESENT_REF", P(value="1998-08-07"), False),
    ("1998-SU", P(value="1998-SU"), True),
    ("1998-SU", P(value="1998-07"), False),
    ("1998-08-07", None, False),
])
def test_is_value_correct_at_gold_granularity(gold, predicted, ok):
    assert is_value_correct(gold, predicted) is ok


def test_read_timeml_plain_text_offsets_dct_and_types():
    doc_a, doc_b = read_timeml(FIXTURES / "timeml")
    assert doc_a.doc_id == "doc_a" and doc_a.dct == dt.date(2001, 3, 14)
    assert "<" not in doc_a.text and "storms & floods" in doc_a.text
    assert [(t.text, t.value) for t in doc_a.dates] == [
        ("Monday", "2001-03-12"), ("February", "2001-02"), ("fourth quarter", "2000-Q4")]
    assert [t.type for t in doc_a.timexes].count("DURATION") == 1
    for doc in (doc_a, doc_b):
        for t in doc.timexes:
            assert doc.text[t.start:t.end] == t.text
    assert doc_b.dct == dt.date(1999, 7, 1) and len(doc_b.dates) == 4
    assert len(read_timeml(FIXTURES / "timeml", limit=1)) == 1
    assert read_timeml(FIXTURES / "timeml" / "doc_b.tml")[0].doc_id == "doc_b"


def test_read_timeml_errors(tmp_path):
    with pytest.raises(ImportFormatError, match="no .tml"):
        read_timeml(tmp_path)
    (tmp_path / "x.tml").write_text("<TimeML><DOCID>x</DOCID></TimeML>")
    with pytest.raises(ImportFormatError, match="TEXT"):
        read_timeml(tmp_path)


def _timeml_predictions(text, dct, doc_id):
    """Known predictions for the two fixture documents (offsets into the plain text)."""
    def at(fragment, value, **kw):
        i = text.index(fragment)
        return P(start=i, end=i + len(fragment), text=fragment, value=value, **kw)

    if doc_id == "doc_a":
        assert dct == dt.date(2001, 3, 14)
        return [at("Monday", "2001-03-12"), at("February", "2001"),  # right; too coarse
                at("three weeks", "P3W")]  # fourth quarter missed
    return [at("Now", "PRESENT_REF"), at("this year", "1999-07-01"),  # right; finer is right
            at("summer of", "1998-06"), at("week 20", "1999-W20")]  # season wrong; week right


def test_timeml_scoring_arithmetic():
    out = io.StringIO()
    summary = run_evaluation("timeml", FIXTURES / "timeml", report=out, predict=_timeml_predictions)
    assert list(summary) == list(SUMMARY_KEYS["timeml"])
    assert summary["docs"] == 2 and summary["timexes"] == 7
    assert summary["accuracy"] == pytest.approx(4 / 7)
    assert summary["recall"] == pytest.approx(6 / 7)
    report = out.getvalue()
    assert "missed 'fourth quarter'=2000-Q4" in report
    assert "'February'=2001-02 got 'February'=2001" in report
    assert "day=1/1" in report and "other=1/2" in report and "DURATION=1" in report


# --- acled-notes -----------------------------------------------------------------------------


@pytest.mark.parametrize("name, layout, rows, skipped", [
    ("acled_api_2020.csv", "api-2020", 2, 1),  # truncated last line skipped
    ("acled_legacy_2016.csv", "legacy-2016", 3, 0),
    ("acled_export_2024.csv", "export-2024", 2, 0),
])
def test_read_acled_layouts(name, layout, rows, skipped):
    got_layout, gold, got_skipped = read_acled_notes(FIXTURES / name)
    assert (got_layout, len(gold), got_skipped) == (layout, rows, skipped)
    assert gold["event_date"].notna().all()
    assert str(gold["fatalities"].dtype) == "Int64"
    assert (gold["iso3"].str.len() == 3).all()


def test_read_acled_dates_and_fields():
    _, legacy, _ = read_acled_notes(FIXTURES / "acled_legacy_2016.csv")
    assert legacy["event_date"].dt.date.tolist() == [dt.date(2016, 7, 2), dt.date(2016, 6, 30), dt.date(2016, 6, 29)]
    assert legacy["event_types"].tolist() == [("Protests", "Riots"), ("Explosions/Remote violence",), ("Battles",)]
    assert pd.isna(legacy["fatalities"][2])
    _, api, _ = read_acled_notes(FIXTURES / "acled_api_2020.csv")
    assert api["event_date"].dt.date.tolist() == [dt.date(2020, 5, 9), dt.date(2020, 4, 27)]
    _, export, _ = read_acled_notes(FIXTURES / "acled_export_2024.csv", limit=1)
    assert len(export) == 1 and export["event_date"][0] == pd.Timestamp("2024-11-01")
    assert export["iso3"][0] == "GEO"  # from the numeric iso code


def test_parse_acled_dates_formats():
    for column, day in ((["2016-07-02", ""], dt.date(2016, 7, 2)), (["9-May-20", ""], dt.date(2020, 5, 9)),
                        (["01 November 2024", ""], dt.date(2024, 11, 1)), (["13/05/2020", ""], dt.date(2020, 5, 13))):
        got = parse_acled_dates(pd.Series(column))
        assert got[0].date() == day and pd.isna(got[1])


def test_parse_acled_dates_uses_one_format_per_column():
    got = parse_acled_dates(pd.Series(["9-May-20", "10-May-20", "2020-05-11", "junk"]))
    assert got[:2].dt.date.tolist() == [dt.date(2020, 5, 9), dt.date(2020, 5, 10)]
    assert got[2:].isna().all()  # another format is not guessed value by value


def test_detect_acled_layout_requires_columns(tmp_path):
    with pytest.raises(ImportFormatError, match="notes"):
        detect_acled_layout(["event_date", "event_type", "actor1", "country", "latitude", "longitude", "fatalities"])
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(ImportFormatError, match="missing column"):
        read_acled_notes(bad)


def test_normalise_actor():
    assert normalise_actor("Military Forces of Yemen (2012-) 35th Armored Brigade") == "military forces of yemen"
    assert normalise_actor("Military Forces of Yemen (2016-) Supreme Political Council") == "houthis"  # an alias
    assert normalise_actor("Police Forces of the Philippines (2016-)") == normalise_actor("Police Forces of Philippines")
    assert normalise_actor("Government of Sudan (2019-2023)") == "government of sudan"
    assert normalise_actor("Protesters (Kenya)") == "protesters (kenya)"
    assert normalise_actor("  Wagner   Group ") == "wagner group"
    assert normalise_actor(None) == normalise_actor(pd.NA) == ""


def test_event_type_crosswalks_are_complete_and_valid():
    crosswalk = plover_to_acled()
    assert set(crosswalk) == set(PLOVER_TYPES)
    assert set(crosswalk.values()) - {""} <= set(ACLED_EVENT_TYPES)
    assert current_event_types("Battle-No change of territory") == ("Battles",)
    assert current_event_types("Remote violence") == ("Explosions/Remote violence",)
    assert current_event_types("Violence against civilians") == ("Violence against civilians",)
    assert current_event_types("Strategic development") == ("Strategic developments",)
    assert current_event_types("") == ()


def test_choose_event_rule():
    events = pd.DataFrame({"event_type": [pd.NA, pd.NA, "Riots"], "plover_type": ["CONSULT", "PROTEST", pd.NA],
                           "actor1": ["a", "b", "c"]})
    assert choose_event(events)["actor1"] == "b"  # first with an ACLED type (PROTEST → Protests)
    assert choose_event(events.iloc[:1])["actor1"] == "a"  # none has one: the first
    assert choose_event(events.iloc[:0]) is None


def _gold_row(**kw):
    row = {"row_id": "X1", "event_date": pd.Timestamp("2020-05-09"), "event_type": "Protests",
           "event_types": ("Protests",), "actor1": "Protesters (Kenya)", "country": "Kenya", "iso3": "KEN",
           "latitude": -1.2833, "longitude": 36.8167, "fatalities": 0, "notes": "n"}
    row.update(kw)
    return row


def test_score_row_rules():
    event = {"event_type": pd.NA, "plover_type": "PROTEST", "actor1": "Protesters (Kenya)", "country": "",
             "iso3": "KEN", "latitude": -1.2833 + 0.2, "longitude": 36.8167, "fatalities": pd.NA,
             "event_date": pd.Timestamp("2020-05-09")}
    got = score_row(_gold_row(), event)
    assert got == {"event_type": True, "actor1": True, "country": True, "location_25km": True,
                   "fatalities": True, "event_date": True}  # 22 km away; empty fatalities == 0
    event.update(latitude=-1.2833 + 0.3, fatalities=1, event_date=pd.NaT, iso3=pd.NA, country="kenya")
    got = score_row(_gold_row(), event)
    assert got["country"] and not got["location_25km"] and not got["fatalities"] and not got["event_date"]
    assert not score_row(_gold_row(fatalities=2), {**event, "fatalities": pd.NA})["fatalities"]
    assert score_row(_gold_row(fatalities=pd.NA), {**event, "fatalities": 0})["fatalities"]
    assert all(v is False for v in score_row(_gold_row(), None).values())


def _acled_predictions(notes, published, row_id):
    """Known predictions for the 2024 fixture: first row right except actor; second empty."""
    if row_id == "GEO9001":
        assert published == dt.date(2024, 11, 1)
        return pd.DataFrame({
            "event_type": ["Protests"], "plover_type": ["PROTEST"], "actor1": ["Students (Georgia)"],
            "country": ["Georgia"], "iso3": ["GEO"], "latitude": [41.72], "longitude": [44.83],
            "fatalities": pd.array([pd.NA], dtype="Int64"), "event_date": [pd.Timestamp("2024-11-01")]})
    return pd.DataFrame()


def test_acled_notes_scoring_arithmetic():
    out = io.StringIO()
    summary = run_evaluation("acled-notes", FIXTURES / "acled_export_2024.csv", report=out, predict=_acled_predictions)
    assert list(summary) == list(SUMMARY_KEYS["acled-notes"])
    assert summary["rows"] == 2
    assert summary["actor1"] == 0.0
    assert all(summary[k] == 0.5 for k in ("event_type", "country", "location_25km", "fatalities", "event_date"))
    report = out.getvalue()
    assert "GEO9001: 5/6; actor1: Protesters (Georgia) != Students (Georgia)" in report
    assert "UKR9002: 0/6 no event extracted" in report and "layout=export-2024" in report


# --- summary, entry point, errors ------------------------------------------------------------


def test_format_summary_line():
    summary = {"kind": "geoparsing", "docs": 40, "toponyms": 412, "recall": 0.93, "exact": 0.8024,
               "acc161": 0.8712, "mean_km": 95.24}
    assert format_summary(summary) == (
        "kind=geoparsing docs=40 toponyms=412 recall=0.930 exact=0.802 acc161=0.871 mean_km=95.2")
    assert format_summary({"kind": "timeml", "docs": 0, "timexes": 0, "accuracy": math.nan,
                           "recall": math.nan}) == "kind=timeml docs=0 timexes=0 accuracy=nan recall=nan"


def test_run_evaluation_errors(tmp_path):
    with pytest.raises(ImportFormatError, match="not found"):
        run_evaluation("timeml", tmp_path / "nope")
    with pytest.raises(EventsError, match="unknown evaluation kind"):
        run_evaluation("gdelt", FIXTURES / "lgl_tiny.xml")
    with pytest.raises(ImportFormatError):
        run_evaluation("geoparsing", FIXTURES / "acled_api_2020.csv")
    with pytest.raises(ImportFormatError):
        run_evaluation("acled-notes", FIXTURES / "lgl_tiny.xml")
    with pytest.raises(ImportFormatError):
        run_evaluation("timeml", FIXTURES / "lgl_tiny.xml")
    for kind, path in (("acled-notes", FIXTURES / "lgl_tiny.xml"), ("gdelt", FIXTURES)):
        try:
            run_evaluation(kind, path)
        except EventsError as exc:
            assert "\n" not in str(exc)


def test_run_evaluation_limit():
    summary = run_evaluation("timeml", FIXTURES / "timeml", limit=1, report=io.StringIO(),
                             predict=_timeml_predictions)
    assert summary["docs"] == 1 and summary["timexes"] == 3


# --- real corpora (skipped when ../shared/data/real is absent) -------------------------------


@needs_real
def test_real_lgl_counts_and_offsets():
    corpus = read_geoparsing_corpus(LGL)
    assert corpus.schema == "lgl" and len(corpus.documents) == 40
    assert sum(len(d.toponyms) for d in corpus.documents) == 480
    assert sum(d.skipped for d in corpus.documents) == 59
    assert not any(d.shifted or d.unaligned for d in corpus.documents)  # LGL offsets index the text as-is
    assert all(d.published is not None for d in corpus.documents)


@needs_real
def test_real_geovirus_counts_and_one_based_offsets():
    corpus = read_geoparsing_corpus(GEOVIRUS)
    assert corpus.schema == "geovirus" and len(corpus.documents) == 40
    assert sum(len(d.toponyms) for d in corpus.documents) == 261
    assert sum(d.shifted.get(-1, 0) for d in corpus.documents) == 261  # every offset is 1 late
    assert not any(d.unaligned or d.skipped for d in corpus.documents)


@needs_real
def test_real_timeml_counts():
    docs = read_timeml(TIMEML)
    assert len(docs) == 10 and all(d.dct is not None for d in docs)
    assert sum(len(d.dates) for d in docs) == 55
    assert sum(len(d.timexes) for d in docs) == 74
    assert all(d.text[t.start:t.end] == t.text for d in docs for t in d.timexes)


@needs_real
@pytest.mark.parametrize("name, layout, rows, skipped", [
    ("acled_api_2020-04-27_2020-05-09_global.csv", "api-2020", 5070, 1),
    ("acled_api_legacy_2016-06_africa.csv", "legacy-2016", 500, 0),
    ("acled_export_2024_format_2rows.csv", "export-2024", 2, 0),
])
def test_real_acled_layouts_and_rows(name, layout, rows, skipped):
    got_layout, gold, got_skipped = read_acled_notes(ACLED / name)
    assert (got_layout, len(gold), got_skipped) == (layout, rows, skipped)
    assert all(gold["event_types"].map(lambda types: set(types) <= set(ACLED_EVENT_TYPES)))


@needs_real
@pytest.mark.skipif(not _extractor_available("events.article.parse_article", "events.extraction.toponyms.find_toponyms"),
                    reason="the extractor's toponym finder is not available yet")
@pytest.mark.parametrize("path", [LGL, GEOVIRUS])
def test_real_geoparsing_end_to_end(path):
    out = io.StringIO()
    summary = run_evaluation("geoparsing", path, limit=3, report=out)
    assert summary["docs"] == 3 and summary["toponyms"] > 0
    assert 0 <= summary["acc161"] <= summary["recall"] <= 1
    assert len(out.getvalue().splitlines()) == 4


@needs_real
@pytest.mark.skipif(not _extractor_available("events.article.parse_article", "events.extraction.timexes.find_timexes"),
                    reason="the extractor's date finder is not available yet")
def test_real_timeml_end_to_end():
    summary = run_evaluation("timeml", TIMEML, limit=3, report=io.StringIO())
    assert summary["docs"] == 3 and 0 <= summary["accuracy"] <= summary["recall"] <= 1


@needs_real
@pytest.mark.skipif(not _extractor_available("events.article.parse_article", "events.extract_events"),
                    reason="the extractor's event extraction is not available yet")
def test_real_acled_notes_end_to_end():
    summary = run_evaluation("acled-notes", ACLED / "acled_export_2024_format_2rows.csv", report=io.StringIO())
    assert summary["rows"] == 2
    assert all(0 <= summary[k] <= 1 for k in SUMMARY_KEYS["acled-notes"][2:])


def test_extractor_error_on_one_document_is_reported_and_scored_as_nothing_found():
    from events.errors import ArticleError

    def predict(text, published, doc_id):
        if doc_id == "1002":
            raise ArticleError("<text>: the article is empty")
        return _lgl_predictions(text, published, doc_id)

    out = io.StringIO()
    summary = run_evaluation("geoparsing", FIXTURES / "lgl_tiny.xml", report=out, predict=predict)
    assert summary["recall"] == pytest.approx(3 / 4)
    assert "extractor error: <text>: the article is empty" in out.getvalue()
