"""``python -m events``: outputs, one-line errors and warnings, atomic store writes."""

import csv
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from events import EVENT_COLUMNS, FIGURE_COLUMNS, load_events, load_figures
from events.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1bedc7d3bcaccec5.txt"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def header(path):
    with open(path, newline="", encoding="utf-8") as f:
        return next(csv.reader(f))


def test_extract_seed_writes_both_tables(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "events", "extract", str(SEED), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert header(out / "events.csv") == list(EVENT_COLUMNS)
    assert header(out / "figures.csv") == list(FIGURE_COLUMNS)
    events = pd.read_csv(out / "events.csv")
    assert len(events) > 0 and (events["dataset"] == "article").all()
    assert sorted(p.name for p in out.iterdir()) == ["events.csv", "figures.csv"]


def _binary(p):
    p.write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)


BAD_INPUTS = {
    "empty": lambda p: p.write_text(""),
    "binary": _binary,
    "missing": lambda p: None,
    "malformed_front_matter": lambda p: p.write_text("---\ntitle: [unclosed\n---\ntext"),
    "folder": lambda p: p.mkdir(),
}


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_bad_input_one_line_no_output(tmp_path, capsys, kind):
    path = tmp_path / f"{kind}.txt"
    BAD_INPUTS[kind](path)
    out = tmp_path / "out"
    code, _, err = run(capsys, "extract", path, "--out", out)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert not out.exists() or not any(out.iterdir())


def test_bad_input_among_good_writes_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    code, _, err = run(capsys, "extract", SEED, tmp_path / "nope.txt", "--out", out)
    assert code == 2 and err.count("\n") == 1
    assert not out.exists()


def test_bad_input_subprocess_exit_code(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "events", "extract", str(tmp_path / "nope.txt"),
                           "--out", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"error: {tmp_path / 'nope.txt'}: no such file"]


def test_cp1252_is_read_with_a_warning(tmp_path, capsys):
    path = tmp_path / "cp.txt"
    text = "---\npublished: 2022-12-22\n---\nRebels attacked a caf\xe9 in Bangui on Monday, the government said.\n"
    path.write_bytes(text.encode("cp1252"))
    out = tmp_path / "out"
    code, _, err = run(capsys, "extract", path, "--out", out)
    assert code == 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("warning: ") and "Windows-1252" in lines[0]
    events = pd.read_csv(out / "events.csv")
    assert events["sentence"].str.contains("café in Bangui").any()


def test_utf16_with_its_byte_order_mark_is_read(tmp_path, capsys):
    path = tmp_path / "notepad.txt"  # what Windows Notepad saves as "Unicode"
    text = "---\npublished: 2022-12-22\n---\nRebels attacked a caf\xe9 in Bangui on Monday, the government said.\n"
    path.write_bytes(text.encode("utf-16"))
    out = tmp_path / "out"
    code, _, err = run(capsys, "extract", path, "--out", out)
    assert code == 0 and "UTF-16" in err
    assert pd.read_csv(out / "events.csv")["sentence"].str.contains("café in Bangui").any()


def test_missing_publication_date_warns_and_notes(tmp_path, capsys):
    path = tmp_path / "nodate.txt"
    path.write_text("Rebels attacked Bangui on Monday, the government said.\n", encoding="utf-8")
    code, _, err = run(capsys, "extract", path, "--out", tmp_path / "a")
    assert code == 0
    assert err.startswith("warning: ") and "publication date" in err and err.count("\n") == 1
    events = pd.read_csv(tmp_path / "a" / "events.csv")
    assert len(events) and events["notes"].str.contains("publication date").all()
    assert events["date_start"].isna().all()

    code, _, err = run(capsys, "extract", path, "--out", tmp_path / "b", "--published", "2022-12-22")
    assert code == 0 and err == ""
    events = pd.read_csv(tmp_path / "b" / "events.csv")
    assert (events["date_start"] == "2022-12-19").all()


def test_ingest_twice_changes_nothing(tmp_path, capsys):
    store = tmp_path / "store"
    assert run(capsys, "ingest", SEED, "--store", store)[0] == 0
    first = {p.name: p.read_bytes() for p in store.iterdir()}
    events, figures = load_events(store), load_figures(store)
    assert len(events) > 0
    assert run(capsys, "ingest", SEED, "--store", store)[0] == 0
    assert {p.name: p.read_bytes() for p in store.iterdir()} == first
    pd.testing.assert_frame_equal(load_events(store), events)
    pd.testing.assert_frame_equal(load_figures(store), figures)


def test_failed_ingest_leaves_store_unchanged(tmp_path, capsys):
    store = tmp_path / "store"
    other = tmp_path / "other.txt"
    other.write_text("---\npublished: 2022-12-22\n---\nRebels attacked Bangui on Monday, the government said.\n")
    assert run(capsys, "ingest", other, "--store", store)[0] == 0
    before = {p.name: p.read_bytes() for p in store.iterdir()}
    code, _, err = run(capsys, "ingest", SEED, tmp_path / "missing.txt", "--store", store)
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1
    assert {p.name: p.read_bytes() for p in store.iterdir()} == before


def test_eval_unknown_path_is_one_error_line(tmp_path, capsys):
    code, _, err = run(capsys, "eval", "timeml", tmp_path / "nope")
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1


def test_bad_published_date_is_one_line(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "events", "extract", str(SEED), "--out", str(tmp_path / "o"),
                           "--published", "2024-13-45"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "YYYY-MM-DD" in proc.stderr
    assert not (tmp_path / "o").exists()


def test_out_that_is_a_file_is_refused_before_work(tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("keep me")
    code, _, err = run(capsys, "extract", str(SEED), "--out", str(target))
    assert code == 2 and "is a file" in err and target.read_text() == "keep me"


def test_huge_run_on_line_is_read_in_bounded_time(tmp_path, capsys):
    # 1.6 MB on one line with no full stop: over spaCy's 1,000,000-character limit.
    path = tmp_path / "long.txt"
    path.write_text("---\npublished: 2020-05-09\n---\n" + "rebels attacked the town near Gao and fled " * 40_000)
    code, _, err = run(capsys, "extract", str(path), "--out", str(tmp_path / "o"))
    assert code == 0, err
    assert (tmp_path / "o" / "events.csv").exists()


def test_outputs_are_readable_like_any_new_file(tmp_path, capsys):
    import os

    old = os.umask(0o022)
    try:
        code, _, _ = run(capsys, "extract", str(SEED), "--out", str(tmp_path / "o"))
        code2, _, _ = run(capsys, "ingest", str(SEED), "--store", str(tmp_path / "s"))
    finally:
        os.umask(old)
    assert code == code2 == 0
    from events.store import MANIFEST_FILE, events_path, figures_path

    store = tmp_path / "s"
    for path in [tmp_path / "o" / "events.csv", events_path(store), figures_path(store), store / MANIFEST_FILE]:
        assert path.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("value", ["2023-13-45", "2023-02-30", "notadate"])
def test_front_matter_date_that_is_no_real_day_is_one_line(tmp_path, capsys, value):
    path = tmp_path / "x.md"
    path.write_text(f"---\npublished: {value}\n---\nRebels attacked a base in Mali on Monday.\n")
    store = tmp_path / "store"
    code, _, err = run(capsys, "ingest", path, "--store", store)
    assert code == 2
    assert err.strip().splitlines() == [f"error: {path}: published date '{value}' is not YYYY-MM-DD"]
    assert not store.exists()


def test_front_matter_dates_that_are_real_days_still_read(tmp_path):
    from events import read_article

    for value, day in (("2023-01-05", "2023-01-05"),
                       ("2023-01-05T10:00:00Z", "2023-01-05"), ("'2023-01-05'", "2023-01-05")):
        path = tmp_path / "x.md"
        path.write_text(f"---\npublished: {value}\n---\nRebels attacked a base in Mali on Monday.\n")
        assert str(read_article(path).published) == day, value


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_an_article_over_the_size_limit_is_refused_before_work(tmp_path, capsys, command):
    from events.article import MAX_ARTICLE_BYTES, MAX_ARTICLE_MB

    big = tmp_path / "big.txt"
    line = b"Rebels attacked the town near Gao on Monday. "
    big.write_bytes(line * (MAX_ARTICLE_BYTES // len(line) + 1))
    target = tmp_path / "out"
    code, _, err = run(capsys, command, SEED, big, "--store" if command == "ingest" else "--out", target)
    assert code == 2
    assert err.strip().splitlines() == [f"error: {big}: the article is 2.0 MB; the limit is {MAX_ARTICLE_MB} MB "
                                        "(save just the article's page, or paste its text)"]
    assert not target.exists()


def test_eval_geoparsing_on_a_folder_says_it_wants_an_xml_file(tmp_path, capsys):
    code, _, err = run(capsys, "eval", "geoparsing", tmp_path)
    assert code == 2
    assert err.strip().splitlines() == [f"error: {tmp_path} is a folder; the geoparsing corpus is one XML file (e.g. LGL.xml)"]


def test_ingesting_a_changed_copy_of_a_stored_article_warns_what_it_replaces(tmp_path):
    import subprocess
    import sys

    body = ("Rebels attacked an army base near Gao on Monday, killing three soldiers.\n"
            "The army said on Tuesday it had repelled the attack.\n")
    dated = tmp_path / "dated.txt"
    dated.write_text("---\npublished: 2024-05-10\n---\n" + body)
    undated = tmp_path / "undated.txt"
    undated.write_text(body)
    store = tmp_path / "store"

    def ingest(path):
        return subprocess.run([sys.executable, "-m", "events", "ingest", str(path), "--store", str(store)],
                              capture_output=True, text=True, cwd=ROOT)

    assert ingest(dated).returncode == 0
    again = ingest(dated)
    assert again.returncode == 0 and "already in the store" not in again.stderr  # the same file: nothing to say
    changed = ingest(undated)
    assert changed.returncode == 0
    assert "already in the store" in changed.stderr and "were dated, 0 of the new ones are" in changed.stderr
