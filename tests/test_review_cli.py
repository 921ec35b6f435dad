"""``python -m events review ...``: output, audit entries and one-line errors with exit code 2."""

import io

import pandas as pd
import pytest
from fixtures import fixture_events

from events import save_events
from events.cli import main
from events.review import history, reviewed_events


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_correct_and_history(store, capsys):
    code, out, err = run(capsys, "review", "correct", "fx-002", "--set", "fatalities=4", "--set", "certainty=claimed",
                         "--reviewer", "Ann", "--reason", "per the text")
    assert (code, err) == (0, "") and "corrected 1 row(s); 3 audit entries" in out
    code, out, _ = run(capsys, "review", "history", "fx-002")
    rows = pd.read_csv(io.StringIO(out), dtype=str)
    assert code == 0 and rows["field"].tolist() == ["fatalities", "certainty", "review_status"]
    assert rows["new_value"].tolist() == ["4", "claimed", "corrected"] and set(rows["reviewer"]) == {"Ann"}
    assert rows["timestamp"].str.endswith("Z").all()


def test_list_by_status_and_bulk_accept(store, capsys, monkeypatch):
    monkeypatch.setenv("EVENTS_REVIEWER", "Env Ann")
    assert run(capsys, "review", "accept", "fx-001", "fx-003")[0] == 0
    assert run(capsys, "review", "reject", "fx-004", "--reason", "duplicate")[0] == 0
    code, out, _ = run(capsys, "review", "list", "--status", "accepted")
    listed = pd.read_csv(io.StringIO(out))
    assert code == 0 and listed["event_id"].tolist() == ["fx-001", "fx-003"]
    assert set(listed["review_status"]) == {"accepted"}
    assert history(store, "fx-004")["reason"].tolist() == ["duplicate"]
    code, out, _ = run(capsys, "review", "list", "--figures")
    assert code == 0 and "figure_id,review_status" in out.splitlines()[0]


def test_merge_and_split(store, capsys):
    assert run(capsys, "review", "merge", "fx-001", "fx-004", "--reviewer", "Ann")[0] == 0
    code, out, _ = run(capsys, "review", "split", "fx-003", "--part", "place=Bakhmut", "--part",
                       "place=Soledar;fatalities=2", "--reviewer", "Ann")
    assert code == 0 and "fx-003-s1, fx-003-s2" in out
    table = reviewed_events(store).set_index("event_id")
    assert table.loc["fx-004", "merged_into"] == "fx-001" and table.loc["fx-003-s2", "location"] == "Soledar"
    code, out, _ = run(capsys, "review", "reopen", "fx-004", "--reviewer", "Ann", "--reason", "not the same")
    assert code == 0 and "reopened 1 row(s); 2 audit entries" in out
    assert reviewed_events(store).set_index("event_id").loc["fx-004", "review_status"] == "new"


@pytest.mark.parametrize("argv, message", [
    (["review", "accept", "fx-001"], "a reviewer name is required"),
    (["review", "reject", "fx-001", "--reviewer", "Ann"], "a reason is required"),
    (["review", "correct", "fx-001", "--set", "fatalities=many", "--reviewer", "Ann"], "whole number"),
    (["review", "correct", "fx-001", "--set", "fatalities=99999999999999999999", "--reviewer", "Ann"],
     "fatalities must fit a 64-bit integer"),
    (["review", "correct", "fx-001", "--set", "fatalities=1e3", "--reviewer", "Ann"], "whole number written in digits"),
    (["review", "correct", "fx-001", "--reviewer", "Ann"], "--set FIELD=VALUE"),
    (["review", "correct", "fx-001", "--set", "oops", "--reviewer", "Ann"], "expected FIELD=VALUE"),
    (["review", "accept", "no-such-row", "--reviewer", "Ann"], "no event or figure with id 'no-such-row'"),
    (["review", "merge", "fx-001", "--reviewer", "Ann"], "at least two"),
    (["review", "list", "--status", "maybe"], "invalid choice"),
])
def test_bad_input_is_one_line_and_exit_2(store, capsys, argv, message):
    code, out, err = _exit(capsys, argv)
    assert code == 2 and message in err
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert not (store / "review_log.jsonl").exists()


def _exit(capsys, argv):
    """Run the CLI; usage errors leave through argparse's SystemExit, the others return the code."""
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_history_of_an_unknown_id_is_an_error_and_of_an_unreviewed_row_a_header(store, capsys):
    code, out, err = _exit(capsys, ["review", "history", "nosuchid"])
    assert (code, out) == (2, "")
    assert err.strip().splitlines() == [f"error: no event or figure with id 'nosuchid' in the store at {store}"]
    code, out, err = _exit(capsys, ["review", "history", "fx-001"])
    assert (code, err) == (0, "") and out.startswith("timestamp,") and out.count("\n") == 1


@pytest.mark.parametrize("action", [["list"], ["history", "fx-001"], ["accept", "fx-001", "--reviewer", "Ann"],
                                    ["correct", "fx-001", "--set", "fatalities=2", "--reviewer", "Ann"]])
def test_a_missing_store_is_an_error_and_nothing_is_created(tmp_path, capsys, action):
    missing = tmp_path / "new"
    code, out, err = _exit(capsys, ["review", *action, "--store", str(missing)])
    assert (code, out) == (2, "")
    assert err.strip().splitlines() == [f"error: no store at {missing}"]
    assert not missing.exists()


@pytest.mark.parametrize("argv", [["review", "list"], ["review", "accept", "fx-001", "--reviewer", "Ann"],
                                  ["ingest", "SEED"], ["export", "--format", "csv", "--out", "OUT"]])
def test_a_store_that_is_a_file_is_named_as_such(tmp_path, capsys, argv):
    from pathlib import Path

    target = tmp_path / "afile"
    target.write_text("not a store")
    seed = Path(__file__).resolve().parent.parent / "seeds" / "000_1bedc7d3bcaccec5.txt"
    argv = [str(seed) if a == "SEED" else str(tmp_path / "o.csv") if a == "OUT" else a for a in argv]
    code, _, err = _exit(capsys, [*argv, "--store", str(target)])
    assert code == 2
    assert err.strip().splitlines() == [f"error: the store {target} is a file, not a folder"]
    assert target.read_text() == "not a store"


def test_export_writes_the_reviewed_table_like_the_dashboard(store, capsys, tmp_path):
    from events.review import correct, reject

    reject(store, "fx-001", "Ann", "duplicate report")
    correct(store, "fx-002", "Ann", fatalities=4)
    out = tmp_path / "all.csv"
    code, _, err = run(capsys, "export", "--format", "csv", "--out", out)
    table = pd.read_csv(out, dtype=str)
    assert code == 0 and err == ""
    assert "fx-001" not in set(table["event_id"])  # rejected: left out
    row = table.set_index("event_id").loc["fx-002"]
    assert (row["fatalities"], row["review_status"]) == ("4", "corrected")
    reviewed = tmp_path / "reviewed.csv"
    code, _, _ = run(capsys, "export", "--format", "csv", "--out", reviewed, "--reviewed")
    assert code == 0 and pd.read_csv(reviewed, dtype=str)["event_id"].tolist() == ["fx-002"]


@pytest.mark.parametrize("flag, value, message", [
    ("--type", "bogus", "unknown event type 'bogus'"),
    ("--certainty", "sure", "unknown certainty 'sure'"),
])
def test_export_refuses_unknown_types_and_certainties(store, capsys, tmp_path, flag, value, message):
    code, _, err = run(capsys, "export", "--format", "csv", "--out", tmp_path / "x.csv", flag, value)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_export_matches_types_and_certainties_in_any_case(store, capsys, tmp_path):
    exact, lower = tmp_path / "a.csv", tmp_path / "b.csv"
    run(capsys, "export", "--format", "csv", "--out", exact, "--type", "ASSAULT", "--certainty", "confirmed")
    run(capsys, "export", "--format", "csv", "--out", lower, "--type", "assault", "--certainty", "Confirmed")
    assert exact.read_bytes() == lower.read_bytes() and len(pd.read_csv(exact)) > 0


def test_a_reader_that_stops_early_is_no_error(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    events = fixture_events()
    many = pd.concat([events.assign(event_id=events["event_id"] + f"-{k}") for k in range(400)], ignore_index=True)
    folder = tmp_path / "big"
    save_events(many, store=folder)
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen([sys.executable, "-m", "events", "review", "list", "--store", str(folder)],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.read(100)  # like `| head -c 100`: read a little, then close the pipe
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0 and first.startswith(b"event_id") and "error" not in err
