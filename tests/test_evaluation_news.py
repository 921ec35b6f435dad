"""Tests of the news evaluation kind (events.evaluation.news, ``python -m events eval news``).

(a) The matcher and scorer on small gold files and rows written here, with the numbers worked out
by hand; (b) agreement with the reference scorer ``../shared/tools/score_news.py`` (imported by
path, skipped when absent) on many row sets generated from the development gold, seeded; (c) one
end-to-end run on three VOA stories copied into ``tests/data/news/`` (format and ranges only: the
extractor's scores change as it improves); bad input.
"""

from __future__ import annotations

import copy
import importlib.util
import io
import math
import random
import re
from pathlib import Path

import pytest
import yaml

from events.cli import main
from events.errors import EventsError, ImportFormatError
from events.evaluation import SUMMARY_KEYS, format_summary, run_evaluation
from events.evaluation.news import (
    actor_matches,
    csv_rows,
    field_checks,
    is_anchored,
    normalise,
    read_news_gold,
    score_article,
    summarise,
    type_allowed,
)

HERE = Path(__file__).parent
NEWS = HERE / "data" / "news"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFERENCE = SHARED / "tools" / "score_news.py"
DEV_GOLD = SHARED / "gold" / "news"


def row(sentence: str, plover_type: str = "ASSAULT", **fields) -> dict:
    """An extracted row as events.csv gives it: every value text, empty when unknown."""
    out = {"sentence": sentence, "plover_type": plover_type, "actor1": "", "assoc_actor_1": "", "actor2": "",
           "assoc_actor_2": "", "latitude": "", "longitude": "", "iso3": "", "date_start": "", "date_end": "",
           "event_type": "", "fatalities": "", "certainty": ""}
    out.update({k: str(v) for k, v in fields.items()})
    return out


SHELLING = {"id": "shelling", "anchor": "shelled the market in Kramatorsk",
            "anchors": ["the market was hit on Tuesday"],
            "actor1": ["Military Forces of Russia", "Government of Russia"], "actor2": ["Civilians (Ukraine)"],
            "plover_type": ["ASSAULT"], "event_type": ["Explosions/Remote violence"], "location": "Kramatorsk",
            "iso3": "UKR", "latitude": 48.72, "longitude": 37.56, "max_km": 25,
            "date_window": ["2025-03-11", "2025-03-11"], "fatalities": 4, "certainty": ["confirmed", "claimed"]}
TALKS = {"id": "talks", "anchor": "held talks in Riyadh", "actor1": ["Government of the United States"],
         "actor2": ["Government of Ukraine"], "plover_type": ["CONSULT"], "event_type": [], "location": "Saudi Arabia",
         "iso3": ["SAU", "USA"], "date_window": [None, "2025-03-12"], "certainty": ["confirmed"]}
MAYBE = {"id": "maybe", "anchor": "troops were seen moving north", "actor1": ["Military Forces of Russia"],
         "plover_type": ["MOBILIZE"], "iso3": "UKR", "optional": True}
GOLD = {"article": "x", "published": "2025-03-12", "events": [SHELLING, TALKS, MAYBE]}

RIGHT_SHELLING = dict(actor1="Military Forces of Russia", actor2="Civilians (Ukraine)", latitude=48.72,
                      longitude=37.56, iso3="UKR", date_start="2025-03-11", date_end="2025-03-11",
                      event_type="Explosions/Remote violence", fatalities=4, certainty="confirmed")


# --- (a) the matcher and the scorer ---------------------------------------------------------------

def test_normalise():
    assert normalise("  The  Military\tForces of Yemen (2016-) ") == "military forces of yemen"
    assert normalise("\u201cIt\u2019s over\u201d") == '"it\'s over"'
    assert normalise(None) == ""
    assert normalise("Theodore") == "theodore"  # only the word "the" goes


def test_anchor_is_case_space_and_quote_insensitive():
    gold = {"events": [{"id": "a", "anchor": "the army's \"final\" push", "plover_type": ["ASSAULT"]}]}
    s = score_article(gold, [row("Officials said THE  Army\u2019s \u201cfinal\u201d push began.")])
    assert (s.gold, s.rows, s.matched, s.duplicates) == (1, 1, 1, 0)


def test_a_second_anchor_matches_and_a_wrong_type_does_not():
    rows = [row("Locals said the market was hit on Tuesday.", "ASSAULT"),
            row("Russian forces shelled the market in Kramatorsk.", "PROTEST")]  # the anchor, the wrong type
    s = score_article(GOLD, rows)
    assert (s.gold, s.rows, s.matched, s.duplicates) == (2, 2, 1, 0)
    assert s.missed == ["talks"]
    assert s.unmatched == [1]  # a false event, not a duplicate


def test_duplicates_count_and_lower_precision():
    rows = [row("Russian forces shelled the market in Kramatorsk.", **RIGHT_SHELLING),
            row("Locals said the market was hit on Tuesday.", actor1="Military Forces of Russia"),
            row("Delegations held talks in Riyadh on Tuesday.", "CONSULT")]
    s = score_article(GOLD, rows)
    assert (s.gold, s.rows, s.matched, s.duplicates) == (2, 3, 2, 1)
    assert s.duplicate_of == {1: "shelling"}
    summary = summarise([s])
    assert summary["precision"] == pytest.approx(2 / 3)
    assert summary["recall"] == 1.0
    assert summary["f1"] == pytest.approx(0.8)


def test_the_row_agreeing_most_is_paired_whatever_its_order():
    weak = row("Russian forces shelled the market in Kramatorsk.", actor1="Wagner Group")
    strong = row("Locals said the market was hit on Tuesday.", **RIGHT_SHELLING)
    s = score_article(GOLD, [weak, strong])
    assert s.pairs == [(0, 1)]
    assert all(s.fields[0].values())
    assert s.duplicate_of == {0: "shelling"}


def test_rows_matching_an_optional_event_are_neither_rewarded_nor_penalised():
    rows = [row("Witnesses said troops were seen moving north.", "MOBILIZE"),
            row("Troops were seen moving north again.", "MOBILIZE"),  # a second one: ignored too
            row("Delegations held talks in Riyadh.", "CONSULT")]
    s = score_article(GOLD, rows)
    assert (s.gold, s.rows, s.matched, s.duplicates) == (2, 1, 1, 0)
    assert summarise([s])["precision"] == 1.0
    assert summarise([s])["recall"] == 0.5


def test_actor_any_listed_name_in_actor1_or_assoc_actor_1():
    assert actor_matches(["Military Forces of Russia", "Government of Russia"], "Government of Russia", "")
    assert actor_matches(["Military Forces of Russia"], "Wagner Group", "Wagner Group; Military Forces of Russia")
    # containment counts for names over 5 characters, either way
    assert actor_matches(["Islamic State"], "Islamic State (Syria)")
    assert actor_matches(["Protesters (Georgia)"], "protesters")
    assert not actor_matches(["ISIS"], "ISIS fighters")  # 4 characters: only an equal name
    assert not actor_matches(["Hamas"], "Hamas fighters")  # 5: still only an equal name
    assert actor_matches(["Hamas"], "hamas")
    assert actor_matches(["Hezbollah fighters"], "Hezbollah")  # a row name inside a long gold name
    assert actor_matches(["ISIS"], "isis")
    assert actor_matches([], "", None)  # no gold actor and none extracted
    assert not actor_matches([], "Wagner Group")


def test_location_point_within_max_km_or_iso3_for_country_level():
    near = row("x", latitude=48.82, longitude=37.56)  # 0.1 degree north: 11.1 km
    assert field_checks({**SHELLING, "max_km": 25}, near)["location"]
    assert not field_checks({**SHELLING, "max_km": 10}, near)["location"]
    no_radius = {k: v for k, v in SHELLING.items() if k != "max_km"}
    assert field_checks(no_radius, near)["location"]  # 25 km by default
    assert not field_checks(SHELLING, row("x", iso3="UKR"))["location"]  # a point is asked for
    assert field_checks(TALKS, row("x", iso3="usa"))["location"]  # any listed country
    assert not field_checks(TALKS, row("x", iso3="UKR", latitude=50.45, longitude=30.52))["location"]
    assert "location" not in field_checks({"actor1": []}, row("x", iso3="UKR"))


@pytest.mark.parametrize(("window", "start", "end", "ok"), [
    (["2025-03-11", "2025-03-11"], "2025-03-11", "2025-03-11", True),
    (["2025-03-11", "2025-03-11"], "2025-03-10", "2025-03-11", False),  # wider than the gold
    (["2025-03-11", "2025-03-11"], "", "2025-03-11", False),  # an open start cannot be inside
    (["2025-03-11", "2025-03-11"], "", "", False),  # no date at all
    ([None, "2025-03-12"], "2025-03-01", "2025-03-12", True),
    ([None, "2025-03-12"], "", "2025-03-12", True),  # the gold's start is open too
    ([None, "2025-03-12"], "2025-03-01", "", False),  # must end by the gold's end
    ([None, "2025-03-12"], "", "2025-03-13", False),
    ([None, None], "", "2025-03-13", True),
    (["2025-03-01", "2025-03-31"], "2025-03-05", "2025-03-06", True),
])
def test_date_window_rules(window, start, end, ok):
    assert field_checks({"date_window": window}, row("x", date_start=start, date_end=end))["date"] is ok


def test_fatalities_exact_and_only_where_the_gold_gives_a_number():
    assert field_checks(SHELLING, row("x", fatalities="4"))["fatalities"]
    assert not field_checks(SHELLING, row("x", fatalities="5"))["fatalities"]
    assert not field_checks(SHELLING, row("x"))["fatalities"]  # empty is not 4
    assert "fatalities" not in field_checks(TALKS, row("x", fatalities="4"))
    assert field_checks({"fatalities": 0}, row("x", fatalities="0"))["fatalities"]


def test_summary_fields_and_exact_rows_by_hand():
    # article 1: shelling right in everything but the date; talks right (no date/point asked
    # beyond the window and iso3); one false row. article 2: one gold event, missed; one false row.
    a1 = score_article(GOLD, [
        row("Russian forces shelled the market in Kramatorsk.", **{**RIGHT_SHELLING, "date_start": "2025-03-10"}),
        row("Delegations held talks in Riyadh.", "CONSULT", actor1="Government of the United States",
            actor2="Government of Ukraine", iso3="SAU", date_end="2025-03-11", certainty="confirmed"),
        row("Nothing to see here.", "PROTEST"),
    ])
    a2 = score_article({"events": [{"id": "g", "anchor": "seized the port", "plover_type": ["COERCE"],
                                    "actor1": ["Houthis"], "fatalities": 1}]},
                       [row("The weather was cold.", "ASSAULT")])
    s = summarise([a1, a2])
    assert (s["docs"], s["gold_events"], s["rows"], s["matched"], s["duplicates"]) == (2, 3, 4, 2, 0)
    assert s["precision"] == 0.5
    assert s["recall"] == pytest.approx(2 / 3)
    assert s["exact_rows"] == 0.25  # talks only: the shelling's date is wrong
    assert (s["actor1"], s["actor2"], s["location"], s["date"], s["certainty"]) == (1.0, 1.0, 1.0, 0.5, 1.0)
    assert s["event_type"] == 1.0  # only the shelling states one
    assert s["fatalities"] == 1.0  # only the shelling's number is counted; the missed event's is not
    assert list(s) == list(SUMMARY_KEYS["news"])


def test_summary_of_nothing():
    s = summarise([score_article({"events": []}, [])])
    assert (s["precision"], s["recall"], s["f1"], s["exact_rows"]) == (0.0, 0.0, 0.0, 0.0)
    assert math.isnan(s["actor1"])
    assert "actor1=nan" in format_summary(s)


def test_csv_rows_are_the_text_of_events_csv():
    import pandas as pd

    from events.schema import EVENT_COLUMNS, from_records

    frame = from_records([{"sentence": "=1+1 said he", "plover_type": "ASSAULT", "fatalities": 3,
                           "latitude": 48.72, "date_start": pd.Timestamp("2025-03-11")}], EVENT_COLUMNS)
    (r,) = csv_rows(frame)
    assert (r["fatalities"], r["latitude"], r["date_start"], r["date_end"]) == ("3", "48.72", "2025-03-11", "")
    assert r["actor1"] == ""


# --- bad input -------------------------------------------------------------------------------------

def _corpus(tmp_path: Path, gold_text: str, article: bool = True) -> tuple[Path, Path]:
    gold, arts = tmp_path / "gold", tmp_path / "articles"
    gold.mkdir()
    arts.mkdir()
    (gold / "a.yaml").write_text(gold_text, encoding="utf-8")
    if article:
        (arts / "a.txt").write_text("---\npublished: 2025-03-12\n---\nRebels attacked Gao on Monday.\n", encoding="utf-8")
    return gold, arts


GOOD_GOLD = "events:\n  - id: a\n    anchor: Rebels attacked Gao\n    plover_type: [ASSAULT]\n"


@pytest.mark.parametrize(("gold_text", "article", "message"), [
    (GOOD_GOLD, False, "its article .*a.txt is missing"),
    ("events:\n  - id: a\n    anchor: [unclosed\n", True, r"not valid YAML \(line \d+\)"),
    ("- just a list\n", True, "not a news gold file"),
    ("events:\n  - id: a\n    plover_type: [ASSAULT]\n", True, "has no anchor"),
    ("events:\n  - anchor: x y z\n    plover_type: [ASSAULT]\n", True, "event 1 has no id"),
    (GOOD_GOLD + "    fatalities: many\n", True, "fatalities is not a number"),
    (GOOD_GOLD + "    date_window: [2025-02-30, 2025-03-01]\n", True, "day is out of range"),  # YAML reads dates
    (GOOD_GOLD + "    date_window: [soon, 2025-03-01]\n", True, "date_window is not"),
    (GOOD_GOLD + "    date_window: [2025-03-01]\n", True, "date_window is not"),
    (GOOD_GOLD + "    latitude: 16.3\n", True, "latitude and longitude together"),
])
def test_malformed_corpus_is_one_error(tmp_path, gold_text, article, message):
    gold, arts = _corpus(tmp_path, gold_text, article)
    with pytest.raises(ImportFormatError, match=message):
        read_news_gold(gold, arts)


def test_cli_bad_input_is_one_error_line_and_exit_2(tmp_path, capsys):
    gold, arts = _corpus(tmp_path, "events:\n  - id: a\n    anchor: [unclosed\n")
    cases = [["eval", "news", str(gold), str(arts)],  # malformed YAML
             ["eval", "news", str(tmp_path / "nope"), str(arts)],  # missing gold folder
             ["eval", "news", str(gold), str(tmp_path / "nope")],  # missing articles folder
             ["eval", "news", str(gold)],  # no articles folder given
             ["eval", "timeml", str(gold), str(arts)]]  # an articles folder for another kind
    for argv in cases:
        assert main(argv) == 2, argv
        out, err = capsys.readouterr()
        assert out == ""
        assert len(err.strip().splitlines()) == 1 and err.startswith("error: "), (argv, err)
    with pytest.raises(ImportFormatError, match="no news gold files"):
        read_news_gold(arts, arts)
    with pytest.raises(EventsError, match="articles folder"):
        run_evaluation("news", gold)


# --- (b) agreement with the reference scorer ------------------------------------------------------

def _reference():
    if not REFERENCE.is_file() or not DEV_GOLD.is_dir():
        pytest.skip("../shared/tools/score_news.py or ../shared/gold/news is absent")
    spec = importlib.util.spec_from_file_location("score_news_reference", REFERENCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ALL_TYPES = ["ASSAULT", "COERCE", "PROTEST", "ACCUSE", "CONSULT", "AGREE", "SANCTION", "MOBILIZE", "AID", "REQUEST"]


def _variant(text: str, rng: random.Random) -> str:
    """The same text as a row's sentence might carry it: case, spacing, curly quotes."""
    text = rng.choice([text, text.upper(), text.lower(), "  " + text.replace(" ", "  ")])
    return text.replace("'", rng.choice(["'", "\u2019"])).replace('"', rng.choice(['"', "\u201c"]))


def _types(event: dict) -> list[str]:
    """The event's allowed PLOVER types as a list."""
    t = event.get("plover_type")
    return list(t) if isinstance(t, list) else [t]


def _rows_for(gold: dict, rng: random.Random) -> list[dict]:
    """A plausible, imperfect extraction of one gold file: kept, dropped, duplicated and false rows."""
    events = gold.get("events") or []
    rows = []
    for g in events:
        for _ in range(rng.choice([0, 1, 1, 1, 2, 3])):
            anchors = [a for a in [g.get("anchor"), *(g.get("anchors") or [])] if a]
            sentence = f"{rng.choice(['', 'Officials said ', 'The '])}{_variant(rng.choice(anchors), rng)}" \
                       f"{rng.choice(['.', ' on Friday.', ', witnesses said.'])}"
            r = row(sentence, rng.choice(_types(g) * 3 + ALL_TYPES))
            actors = (g.get("actor1") or []) + ["Wagner Group", "Military Forces of Ukraine", "Rebels"]
            actors += [f"{a} fighters" for a in (g.get("actor1") or [])[:1]] + [a[:5] for a in (g.get("actor1") or [])[:1]]
            r["actor1"] = rng.choice(actors + [""])
            if rng.random() < 0.3:
                r["assoc_actor_1"] = "; ".join(rng.sample(actors, 2))
            r["actor2"] = rng.choice((g.get("actor2") or []) + ["", "Civilians (Ukraine)"])
            if "latitude" in g and rng.random() < 0.7:
                r["latitude"] = str(g["latitude"] + rng.choice([0, 0.05, 0.2, 1.5, -3]))
                r["longitude"] = str(g["longitude"] + rng.choice([0, 0.05, -0.3]))
            iso3 = g.get("iso3") if isinstance(g.get("iso3"), list) else [g.get("iso3")]
            r["iso3"] = rng.choice([x for x in iso3 if x] + ["USA", ""])
            window = g.get("date_window") or [None, None]
            known = [str(d) for d in window if d not in (None, "null")] or ["2025-03-10"]
            r["date_start"] = rng.choice(known + ["", "2020-01-01", "2030-01-01"])
            r["date_end"] = rng.choice(known + ["", "2030-01-01", r["date_start"]])
            r["event_type"] = rng.choice((g.get("event_type") or []) + ["", "Battles", "Protests"])
            if rng.random() < 0.6:
                fat = g.get("fatalities")
                r["fatalities"] = str(rng.choice([fat, fat, 0, 1, 12]) if fat is not None else rng.choice([0, 1]))
            r["certainty"] = rng.choice((g.get("certainty") or []) + ["", "alleged", "Planned"])
            rows.append(r)
    for _ in range(rng.randint(0, 4)):  # false events, and rows quoting two events' anchors
        if events and rng.random() < 0.6:  # two events of one type: one row may be a candidate for both
            a = rng.choice(events)
            kind = rng.choice(_types(a))
            b = rng.choice([e for e in events if kind in _types(e)])
            rows.append(row(f"{a['anchor']}; meanwhile {b['anchor']}", kind))
        else:
            rows.append(row(rng.choice(["The weather was cold.", "He spoke to reporters.", ""]), rng.choice(ALL_TYPES)))
    rng.shuffle(rows)
    return rows


def _reference_summary(ref, results):
    """The reference scorer's summary arithmetic (its main() without the subprocesses)."""
    tot = {k: sum(s[k] for s in results) for k in ("gold", "rows", "matched", "dup")}
    fsum, fcnt, allf = {}, {}, []
    for s in results:
        allf.extend(s["fields"])
        for f in s["fields"]:
            for k, v in f.items():
                fsum[k] = fsum.get(k, 0) + int(v)
                fcnt[k] = fcnt.get(k, 0) + 1
    p = tot["matched"] / tot["rows"] if tot["rows"] else 0.0
    r = tot["matched"] / tot["gold"] if tot["gold"] else 0.0
    exact = sum(1 for f in allf if all(f.get(k, True) for k in ("actor1", "location", "date")))
    out = {"gold_events": tot["gold"], "rows": tot["rows"], "matched": tot["matched"], "duplicates": tot["dup"],
           "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
           "exact_rows": exact / tot["rows"] if tot["rows"] else 0.0}
    out.update({k: fsum[k] / fcnt[k] for k in fcnt})
    return out


def test_agrees_with_the_reference_scorer_on_generated_rows():
    ref = _reference()
    rng = random.Random(20261206)
    golds = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(DEV_GOLD.glob("*.yaml"))]
    assert len(golds) >= 10
    compared = 0
    for trial in range(8):
        ours_all, ref_all = [], []
        for gold in golds:
            rows = _rows_for(gold, rng)
            expected = ref.score_article(copy.deepcopy(gold), rows)
            got = score_article(copy.deepcopy(gold), rows)
            assert (got.gold, got.rows, got.matched, got.duplicates, got.missed) == (
                expected["gold"], expected["rows"], expected["matched"], expected["dup"], expected["missed"]), gold["article"]
            def key(f):
                return sorted(f.items())
            assert sorted(map(key, got.fields)) == sorted(map(key, expected["fields"])), gold["article"]
            ours_all.append(got)
            ref_all.append(expected)
            compared += len(rows)
        ours, theirs = summarise(ours_all), _reference_summary(ref, ref_all)
        for k, v in theirs.items():
            assert ours[k] == pytest.approx(v), (trial, k)
        assert all(math.isnan(ours[k]) for k in set(SUMMARY_KEYS["news"][10:]) - set(theirs))
    assert compared > 1000  # the generated sets are not trivially small


def test_generated_rows_exercise_every_rule():
    """The agreement test is only as good as its rows: they must hit duplicates, optional events,
    misses, false rows and both outcomes of every field."""
    _reference()
    rng = random.Random(20261206)
    seen = {"dup": 0, "ignored": 0, "missed": 0, "unmatched": 0, "near_optional_and_not": 0}
    outcomes = set()
    for path in sorted(DEV_GOLD.glob("*.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        rows = _rows_for(gold, rng)
        s = score_article(gold, rows)
        seen["dup"] += s.duplicates
        seen["ignored"] += len(rows) - s.rows
        seen["missed"] += len(s.missed)
        seen["unmatched"] += len(s.unmatched)
        paired = {ri for _, ri in s.pairs}
        for ri, r in enumerate(rows):
            hits = [bool(g.get("optional")) for g in gold["events"] if is_anchored(g, r) and type_allowed(g, r)]
            seen["near_optional_and_not"] += ri not in paired and True in hits and False in hits
        outcomes |= {(k, v) for f in s.fields for k, v in f.items()}
    assert all(seen.values()), seen
    assert outcomes == {(k, v) for k in ("actor1", "actor2", "location", "date", "event_type", "fatalities",
                                         "certainty") for v in (True, False)}


# --- (c) end to end --------------------------------------------------------------------------------

SUMMARY_LINE = re.compile(
    r"kind=news docs=3 gold_events=\d+ rows=\d+ matched=\d+ precision=(\S+) recall=(\S+) f1=(\S+) duplicates=\d+ "
    r"exact_rows=(\S+) actor1=(\S+) actor2=(\S+) location=(\S+) date=(\S+) event_type=(\S+) fatalities=(\S+) "
    r"certainty=(\S+)")


def test_end_to_end_on_three_voa_stories(capsys):
    assert main(["eval", "news", str(NEWS / "gold"), str(NEWS / "articles"), "--verbose"]) == 0
    out, err = capsys.readouterr()
    last = out.strip().splitlines()[-1]
    m = SUMMARY_LINE.fullmatch(last)
    assert m, last
    for value in m.groups():
        assert value == "nan" or 0.0 <= float(value) <= 1.0, last
    per_article = [line for line in err.splitlines() if re.match(r"voa_\d+: gold \d+ rows \d+ matched \d+ dup \d+$", line)]
    assert [line.split(":")[0] for line in per_article] == ["voa_6202743", "voa_8007271", "voa_8010694"]
    gold_events = sum(int(line.split()[2]) for line in per_article)
    assert f"gold_events={gold_events} " in last
    # the detail lines name gold ids and rows' types
    details = [line for line in err.splitlines() if line.startswith("  ")]
    assert all(re.match(r"  (missed \w+: |unmatched row \[[A-Z-]+\] |duplicate of \w+ \[[A-Z-]+\] |wrong \w+: )", d)
               for d in details), details


def test_harness_scores_the_tables_predict_returns(tmp_path):
    """The harness's plumbing without the extractor: one table per article, through events.csv's text."""
    from events.schema import EVENT_COLUMNS, from_records

    gold, arts = _corpus(tmp_path, GOOD_GOLD + "    iso3: MLI\n    date_window: [2025-03-10, 2025-03-10]\n")
    (gold / "b.yaml").write_text(GOOD_GOLD.replace("Rebels attacked Gao", "Soldiers left Kidal"), encoding="utf-8")
    (arts / "b.txt").write_text("Soldiers left Kidal.\n", encoding="utf-8")
    seen = []

    def predict(articles):
        seen.extend(a.title or a.text[:20] for a in articles)
        right = {"sentence": "Rebels attacked Gao on Monday.", "plover_type": "ASSAULT", "iso3": "MLI",
                 "date_start": "2025-03-10", "date_end": "2025-03-10"}
        return [from_records([right, {**right, "plover_type": "PROTEST"}], EVENT_COLUMNS),
                from_records([], EVENT_COLUMNS)]

    out = io.StringIO()
    s = run_evaluation("news", gold, articles=arts, report=out, predict=predict, verbose=True)
    assert len(seen) == 2
    assert (s["docs"], s["gold_events"], s["rows"], s["matched"], s["duplicates"]) == (2, 2, 2, 1, 0)
    assert (s["precision"], s["recall"], s["location"], s["date"], s["exact_rows"]) == (0.5, 0.5, 1.0, 1.0, 0.5)
    assert s["actor1"] == 1.0  # the gold names no actor1 and the row has none
    lines = out.getvalue().splitlines()
    assert "a: gold 1 rows 2 matched 1 dup 0" in lines
    assert "  unmatched row [PROTEST] Rebels attacked Gao on Monday." in lines
    assert "b: gold 1 rows 0 matched 0 dup 0" in lines
    assert "  missed a: Soldiers left Kidal" in lines  # b's event is also called "a"
    one = run_evaluation("news", gold, articles=arts, report=io.StringIO(), limit=1,
                         predict=lambda articles: predict(articles)[: len(articles)])
    assert one["docs"] == 1


def test_compare_script_treats_a_field_the_reference_leaves_out_as_nan():
    spec = importlib.util.spec_from_file_location("compare_news_scorers", HERE.parent / "scripts" / "compare_news_scorers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    ref = {"kind": "news", "rows": "3", "precision": "0.500"}
    assert module.compare(ref, {**ref, "docs": "2", "fatalities": "nan"}) == []
    assert module.compare(ref, {**ref, "precision": "0.501"}) == ["summary precision: reference 0.500 harness 0.501"]
    assert module.compare(ref, {**ref, "fatalities": "1.000"}) == ["summary fatalities: reference None harness 1.000"]
