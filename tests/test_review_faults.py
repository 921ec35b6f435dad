"""Review actions under faults: a bulk action is all or nothing on a full disk or a killed write,
and a hand-edited log line gives one clear error instead of a traceback."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from events.audit import AUDIT_FILE, read_entries
from events.cli import main
from events.errors import StoreError
from events.review import accept, correct, reviewed_events

ROOT = Path(__file__).resolve().parent.parent
FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from events.cli import main
sys.exit(main(sys.argv[2:]))
"""


def statuses(store, ids):
    table = reviewed_events(store).set_index("event_id")
    return [table.loc[i, "review_status"] for i in ids], [table.loc[i, "fatalities"] for i in ids]


@pytest.mark.parametrize("room", [1, 400, 1500])
def test_bulk_correct_on_a_full_disk_writes_nothing(store, room):
    """The file-size limit stops the one write of the batch part-way, as a full disk does."""
    accept(store, "fx-001", "Ann")
    before = (store / AUDIT_FILE).read_bytes()
    ids = ["fx-002", "fx-003", "fx-004"]
    was = statuses(store, ids)
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(len(before) + room), "review", "correct", *ids, "--set", "fatalities=7",
         "--set", "certainty=claimed", "--reviewer", "Ann", "--store", str(store)],
        capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: cannot append to the review log") and done.stderr.count("\n") == 1
    assert (store / AUDIT_FILE).read_bytes() == before  # not one line of the batch stays
    assert statuses(store, ids) == was
    correct(store, ids, "Ann", fatalities=7)  # with room again, the same action goes through whole
    assert statuses(store, ids)[0] == ["corrected"] * 3


def test_a_batch_cut_short_is_skipped_whole(store):
    accept(store, "fx-001", "Ann")
    correct(store, ["fx-002", "fx-003"], "Ann", fatalities=5)
    lines = (store / AUDIT_FILE).read_bytes().splitlines(keepends=True)
    assert len(lines) == 5 and len({json.loads(x)["batch"] for x in lines}) == 2
    (store / AUDIT_FILE).write_bytes(b"".join(lines[:3]))  # killed after two of the batch's four lines
    with pytest.warns(UserWarning, match="skipped 2 incomplete line"):
        entries = read_entries(store)
    assert [e["row_id"] for e in entries] == ["fx-001"]
    with pytest.warns(UserWarning):
        assert statuses(store, ["fx-002", "fx-003"])[0] == ["new", "new"]


BAD_LINES = {
    "a field that is a list": ({"field": []}, "field must be text"),
    "text for a count": ({"field": "fatalities", "new_value": "abc"}, "fatalities must be a whole number"),
    "an unknown status": ({"field": "review_status", "new_value": "maybe"}, "review_status must be one of"),
    "no row id": ({"row_id": None}, "row_id must be text"),
    "a list for a count": ({"field": "fatalities", "new_value": [1]}, "fatalities must be one value"),
    "an unknown column": ({"field": "no_such_column", "new_value": "x"}, "event table has no column 'no_such_column'"),
}


@pytest.mark.parametrize("change", BAD_LINES.values(), ids=BAD_LINES.keys())
@pytest.mark.parametrize("command", [["review", "list"], ["review", "history", "fx-001"],
                                     ["export", "--format", "csv", "--out", "-"], ["review", "accept", "fx-002"]])
def test_a_hand_edited_log_line_is_one_error(store, capsys, change, command):
    fields, message = change
    accept(store, "fx-001", "Ann")
    line = json.loads((store / AUDIT_FILE).read_text())
    line.update(fields)
    (store / AUDIT_FILE).write_text(json.dumps(line) + "\n")
    before = (store / AUDIT_FILE).read_bytes()
    with pytest.raises(StoreError, match="line 1: " + message):
        read_entries(store)
    code = main([*command, "--store", str(store), *(["--reviewer", "Ann"] if command[1] == "accept" else [])])
    out, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1 and err.startswith("error: review log") and message in err, err
    assert (store / AUDIT_FILE).read_bytes() == before
