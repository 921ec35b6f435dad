"""Crash consistency: a writer killed between any two file operations of a save leaves the store
as it was before the save or as it is after it, never a mix; the next write cleans up after it.

Each case forks a child that counts the file operations of ``save_events`` in the store folder
through a Python audit hook (``open``, rename/replace, remove, mkdir, chmod, ...) and
SIGKILLs itself just before the k-th one, for every k; the parent then reads the store.
"""

import os
import signal
import sys

import pandas as pd
import pytest

from events import extract_events, read_article, save_events
from events.store import EVENTS_FILE, FIGURES_FILE, MANIFEST_FILE, committed_files, load_tables

SEED = "seeds/000_1bedc7d3bcaccec5.txt"
FILE_EVENTS = {"os.rename", "os.remove", "os.rmdir", "os.mkdir", "os.chmod", "os.truncate", "os.link",
               "os.symlink", "shutil.rmtree", "shutil.move"}

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _is_file_operation(event: str, args: tuple, folder: str) -> bool:
    if event == "open":  # reads too: the store is read under the lock before the write
        path = args[0]
        return isinstance(path, (str, bytes, os.PathLike)) and os.fsdecode(path).startswith(folder)
    if event in FILE_EVENTS:
        return any(isinstance(a, (str, bytes, os.PathLike)) and os.fsdecode(a).startswith(folder) for a in args)
    return False


def _run_child(folder, events, figures, kill_at: int | None) -> tuple[int, int]:
    """Save in a forked child killed before its ``kill_at``-th file operation; return (signal, operations)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        try:
            os.close(read)
            count = 0
            prefix = str(folder)

            def hook(event, args):
                nonlocal count
                if _is_file_operation(event, args, prefix):
                    count += 1
                    if count == kill_at:
                        os.kill(os.getpid(), signal.SIGKILL)

            sys.addaudithook(hook)
            save_events(events, figures, folder)
            os.write(write, str(count).encode())
        finally:
            os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(read) as f:
        done = f.read()
    return (os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0), int(done or -1)


@pytest.fixture(scope="module")
def tables():
    return extract_events(read_article(SEED))


def _state(folder):
    events, figures = load_tables(folder)
    return (events.sort_values("event_id").reset_index(drop=True),
            figures.sort_values("figure_id").reset_index(drop=True))


def _equal(a, b) -> bool:
    return all(x.equals(y) for x, y in zip(a, b))


def _versions(folder) -> set[str]:
    return {p.name.split("-", 1)[1] for p in folder.iterdir() if p.name.startswith(("events-", "figures-"))}


@pytest.mark.parametrize("layout", ["empty", "manifest", "flat"])
def test_kill_between_every_file_operation_leaves_before_or_after(tmp_path, tables, layout):
    events, figures = tables
    assert len(events) >= 2 and len(figures) >= 2
    template = tmp_path / "template"
    if layout != "empty":
        save_events(events.iloc[:1], figures.iloc[:1], template)
    if layout == "flat":  # the older layout: events.parquet and figures.parquet, no manifest
        old_events, old_figures = committed_files(template)
        old_events.rename(template / EVENTS_FILE)
        old_figures.rename(template / FIGURES_FILE)
        (template / MANIFEST_FILE).unlink()
    template.mkdir(exist_ok=True)
    before = _state(template)
    changed = events.copy()
    changed["notes"] = "after the save"

    def fresh(name):
        folder = tmp_path / name
        folder.mkdir()
        for p in template.iterdir():
            (folder / p.name).write_bytes(p.read_bytes())
        return folder

    reference = fresh("reference")
    sig, operations = _run_child(reference, changed, figures, kill_at=None)
    assert sig == 0 and operations >= 5, operations  # lock, two data files, manifest temp + rename at least
    after = _state(reference)
    assert not _equal(before, after)
    outcomes = []
    for k in range(1, operations + 1):
        folder = fresh(f"kill-{k}")
        sig, _ = _run_child(folder, changed, figures, kill_at=k)
        assert sig == signal.SIGKILL, f"the child was not killed before operation {k}"
        state = _state(folder)
        is_before, is_after = _equal(state, before), _equal(state, after)
        assert is_before or is_after, f"killed before file operation {k} of {operations}: a mixed store"
        outcomes.append("after" if is_after else "before")
        # the next write cleans what the killed writer left: no temporary file, at most the
        # current version and the one before it
        save_events(events, figures, folder)
        names = [p.name for p in folder.iterdir()]
        assert not [n for n in names if n.startswith(".tmp-")], names
        assert len(_versions(folder)) <= 2, names
    assert outcomes[0] == "before" and "after" in outcomes, outcomes  # the commit point is inside the save


def test_next_write_removes_stray_temporary_files_and_old_versions(tmp_path, tables):
    events, figures = tables
    save_events(events.iloc[:1], figures.iloc[:1], tmp_path)
    first = set(_versions(tmp_path))
    (tmp_path / ".tmp-abc123.parquet").write_bytes(b"half a file")
    (tmp_path / ".tmp-def456.json").write_bytes(b"{")
    (tmp_path / "events-ffff-0000.parquet").write_bytes(b"a killed writer's file")
    save_events(events.iloc[:2], figures.iloc[:2], tmp_path)
    names = {p.name for p in tmp_path.iterdir()}
    assert not {".tmp-abc123.parquet", ".tmp-def456.json", "events-ffff-0000.parquet"} & names
    assert first <= _versions(tmp_path)  # the previous version stays for readers in flight
    save_events(events, figures, tmp_path)
    assert not first & _versions(tmp_path)  # ... until the write after
    assert len(load_tables(tmp_path)[0]) == len(events)


def test_flat_layout_is_read_and_migrated(tmp_path, tables):
    events, figures = tables
    figures = figures.assign(part_of=pd.Series(pd.NA, index=figures.index, dtype=figures["part_of"].dtype))
    pd.DataFrame(events.iloc[:2]).to_parquet(tmp_path / EVENTS_FILE, index=False)
    pd.DataFrame(figures.iloc[:1]).to_parquet(tmp_path / FIGURES_FILE, index=False)
    assert committed_files(tmp_path) == (tmp_path / EVENTS_FILE, tmp_path / FIGURES_FILE)
    assert [len(t) for t in load_tables(tmp_path)] == [2, 1]
    save_events(events.iloc[2:3], figures.iloc[1:2], tmp_path, replace_docs=False)
    assert (tmp_path / MANIFEST_FILE).exists() and committed_files(tmp_path)[0].name.startswith("events-")
    assert [len(t) for t in load_tables(tmp_path)] == [3, 2]
    save_events(events.iloc[3:4], figures.iloc[2:3], tmp_path, replace_docs=False)
    assert not (tmp_path / EVENTS_FILE).exists() and not (tmp_path / FIGURES_FILE).exists()
