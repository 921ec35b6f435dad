"""Kill ``python -m events`` at random moments of ingest, import and review; count consistent stores.

Each run copies a prepared store and runs one command on it as a child process, cycling through
an ingest of an article, an import of a UCDP file and a bulk review correcting three rows, and
kills it with SIGKILL at a random moment, in one of two modes:

``time``
    from outside, after a delay drawn uniformly from a little before the moment an unkilled run
    first changed a file of the store to the end of that run (the time before is interpreter
    start-up and reading, which cannot leave the store half-written; the window starts earlier
    by 30 % of the writing time, so kills land in reading too). Under load the child's timing
    varies, so some kills come before the writing starts or after the commit.
``operation``
    from inside, just before a file operation in the store drawn uniformly from all that an
    unkilled run makes (a Python audit hook counts opens, renames, removals, mkdir, chmod), so
    every kill lands inside the command's reading or writing.

The store is then read. It is consistent when it loads without an error and is exactly the store
before the command or the store after an unkilled run of it: the machine tables of one version,
and the tables as reviewed (every batch of the review log whole or absent). Runs whose child had
already finished are counted apart. A store left "before" is then given the same command again,
which must bring it to the "after" store with no temporary file of the killed writer left.

The prepared store holds, besides the seed article and a GDELT file, ``--rows`` made-up events
(copies of the UCDP file's rows under new ids, default 200,000), so that reading and writing the
store take a good part of each command's time, as they do on a real store.

Usage: ``python bench/kill_random.py [--runs 50] [--mode time operation] [--rows 200000] [--seed 12]``;
prints one line per run and, per mode, a summary line ``mode=M kills=N consistent=N before=N
after=N mid_write=N finished_first=N`` (``mid_write``: kills that left a new version's files or a
temporary file behind, i.e. that hit the write itself); exit code 1 if a store was inconsistent.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from events.datasets import read_dataset  # noqa: E402
from events.review import reviewed_events, reviewed_figures  # noqa: E402
from events.store import committed_files, load_tables, save_events  # noqa: E402

BASE_FILES: set[str] = set()
"""Names of the prepared store's files (its old versions are no leftovers of a killed writer)."""

SEED = ROOT / "seeds" / "000_1bedc7d3bcaccec5.txt"
UCDP = ROOT / "tests" / "data" / "ucdp_ged221_ukraine_head40.csv"
ARTICLE = """---
published: 2023-01-16
publisher: Test wire
---
Wagner Group fighters attacked Soledar on Friday, the Ukrainian army said. Three civilians were killed.
Russian forces shelled Bakhmut on Saturday, killing two soldiers, according to the regional governor.
"""


def state(store: Path) -> tuple:
    """The store as a reader sees it: machine tables and tables as reviewed, sorted by id."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = [*load_tables(store), reviewed_events(store), reviewed_figures(store)]
    keys = ["event_id", "figure_id", "event_id", "figure_id"]
    return tuple(t.sort_values(k).reset_index(drop=True) for t, k in zip(tables, keys))


def leftovers(store: Path) -> list[str]:
    """Files of a writer that was killed before its commit: temporary files and unreferenced versions."""
    current = {p.name for p in committed_files(store)}
    return [p.name for p in store.iterdir()
            if p.name.startswith(".tmp-") or (p.name.startswith(("events-", "figures-")) and p.name not in current
                                               and p.name not in BASE_FILES)]


def same(a: tuple, b: tuple) -> bool:
    return all(x.equals(y) for x, y in zip(a, b))


def run(argv: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "events", *argv], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"setup command failed: {' '.join(argv)}: {done.stderr.strip()}")
    return time.perf_counter() - start


KILL_BEFORE_OPERATION = """
import os, signal, sys
folder, kill_at = os.path.abspath(sys.argv[1]), int(sys.argv[2])
EVENTS = {"open", "os.rename", "os.remove", "os.rmdir", "os.mkdir", "os.chmod", "os.truncate"}
count = 0
def hook(event, args):
    global count
    if event in EVENTS and args and isinstance(args[0], (str, bytes, os.PathLike)) \\
            and os.path.abspath(os.fsdecode(args[0])).startswith(folder):
        count += 1
        if count == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
sys.addaudithook(hook)
from events.cli import main
code = main(sys.argv[3:])
print(f"operations={count}", file=sys.stderr)
sys.exit(code)
"""
"""Runs ``python -m events`` ARGS, SIGKILLed just before its ``kill_at``-th operation on a file of
the store folder (audit events: open, rename/replace, remove, mkdir, chmod, truncate)."""


def count_operations(argv: list[str], tmp: Path, base: Path, name: str) -> int:
    """Number of file operations in the store that one unkilled run of the command makes."""
    folder = tmp / f"count-{name}"
    shutil.copytree(base, folder)
    argv = [*argv[:-1], str(folder)]  # the same command, on a fresh copy
    done = subprocess.run([sys.executable, "-c", KILL_BEFORE_OPERATION, str(folder), "0", *argv], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"setup command failed: {' '.join(argv)}: {done.stderr.strip()}")
    return int(done.stderr.strip().splitlines()[-1].split("=")[1])


def files(store: Path) -> set:
    return {(p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in store.iterdir() if p.name != ".lock"}


def timed_run(argv: list[str], store: Path) -> tuple[float, float]:
    """Run a command on ``store``; return (seconds until it first changed a file of the store, seconds in all)."""
    before = files(store)
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "events", *argv], cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    first = None
    while child.poll() is None:
        if first is None and files(store) != before:
            first = time.perf_counter() - start
        time.sleep(0.002)
    total = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"setup command failed: {' '.join(argv)}: {child.stderr.read().strip()}")
    return (first if first is not None else total), total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--mode", nargs="+", choices=("time", "operation"), default=["time", "operation"])
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="kill-random-") as tmp:
        tmp = Path(tmp)
        article = tmp / "soledar.md"
        article.write_text(ARTICLE, encoding="utf-8")
        base = tmp / "base"
        run(["ingest", str(SEED), "--store", str(base)])
        run(["import", "gdelt", str(ROOT / "tests" / "data" / "gdelt2_20191024143000_head40.export.CSV"),
             "--store", str(base)])
        if args.rows:
            rows = read_dataset("ucdp", [UCDP])[0]
            copies = rows.iloc[np.arange(args.rows) % len(rows)].reset_index(drop=True)
            copies["event_id"] = [f"ucdp:pad-{i:07d}" for i in range(args.rows)]
            save_events(copies, store=base, replace_docs=False)
        ids = state(base)[0]["event_id"].tolist()[:3]
        BASE_FILES.update(p.name for p in base.iterdir())
        commands = {
            "ingest": ["ingest", str(article)],
            "import": ["import", "ucdp", str(UCDP)],
            "review": ["review", "correct", *ids, "--set", "fatalities=12", "--set", "certainty=claimed",
                       "--reviewer", "Kill Test"],
        }
        before = state(base)
        after, duration, writes = {}, {}, {}
        for name, argv in commands.items():
            times = []
            for attempt in range(2):  # the second run's times: the first also warms the file cache
                folder = tmp / f"after-{name}-{attempt}"
                shutil.copytree(base, folder)
                times.append(timed_run([*argv, "--store", str(folder)], folder))
            writes[name], duration[name] = times[-1]
            after[name] = state(folder)
            assert not same(after[name], before), name
        operations = {name: count_operations([*argv, "--store", str(tmp / f"after-{name}-0")], tmp, base, name)
                      for name, argv in commands.items()}
        failed = False
        for mode in args.mode:
            totals = {"kills": 0, "consistent": 0, "before": 0, "after": 0, "mid_write": 0, "finished_first": 0}
            for i in range(args.runs):
                name = list(commands)[i % len(commands)]
                folder = tmp / f"run-{mode}-{i}"
                shutil.copytree(base, folder)
                argv = [*commands[name], "--store", str(folder)]
                if mode == "time":
                    at = rng.uniform(max(0.0, writes[name] - 0.3 * (duration[name] - writes[name])), duration[name])
                    child = subprocess.Popen([sys.executable, "-m", "events", *argv], cwd=ROOT,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    time.sleep(at)
                    killed = child.poll() is None
                    if killed:
                        child.send_signal(signal.SIGKILL)
                    child.wait()
                    moment = f"at {at:5.2f} s (writing from {writes[name]:5.2f} to {duration[name]:5.2f} s)"
                else:
                    at = rng.randint(1, operations[name])
                    child = subprocess.run([sys.executable, "-c", KILL_BEFORE_OPERATION, str(folder), str(at), *argv],
                                           cwd=ROOT, capture_output=True, text=True)
                    killed = child.returncode == -signal.SIGKILL
                    moment = f"before file operation {at:2d} of {operations[name]}"
                try:
                    now = state(folder)
                    outcome = "before" if same(now, before) else "after" if same(now, after[name]) else "MIXED"
                except Exception as exc:  # a store that cannot be read is inconsistent too
                    outcome = f"UNREADABLE ({exc})"
                ok = outcome in ("before", "after")
                left = leftovers(folder)
                totals["kills"] += killed
                totals["finished_first"] += not killed
                totals["mid_write"] += bool(left) and killed
                totals["consistent"] += ok and killed
                if ok and killed:
                    totals[outcome] += 1
                if outcome == "before":  # the next run cleans up after the killed one and completes the work
                    run(argv)
                again = same(state(folder), after[name]) and not list(folder.glob(".tmp-*"))
                print(f"{mode} run {i + 1:2d} {name:6s} kill {moment}: "
                      f"{'killed' if killed else 'finished first'}{' mid-write' if left else ''}, "
                      f"store {outcome}, next run {'completes it' if again else 'DOES NOT complete it'}", flush=True)
                shutil.rmtree(folder)
                if not ok or not again:
                    failed = True
                    break
            print(f"mode={mode} " + " ".join(f"{k}={v}" for k, v in totals.items()), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
