"""Time the ACLED import of 1,000,000 rows and a filter query on the resulting store.

1. Generates ``--rows`` ACLED-like rows from the real API-layout sample
   (``../shared/data/real/acled/acled_api_2020-04-27_2020-05-09_global.csv``) with a fixed seed:
   whole sample rows drawn with replacement, each given a unique ``event_id_cnty``/``data_id``, a
   date drawn from 2016–2024 (written ``27-Apr-20`` as in the sample) and its point moved by up
   to ±0.05°. The CSV goes to a temporary folder (never into the repository) and is not timed.
2. Times ``python -m events import acled FILE --store DIR`` as a child process, wall clock from
   start to exit (interpreter start-up included), and reads the child's peak resident memory
   from ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``.
3. Times :func:`events.scan.query_events` on that store in this process, from the call to the
   DataFrame in memory, median of ``--repeat`` calls after one warm-up call: one country in one
   year (with the columns the map, timeline and table read, then with every column), and one
   month in every country (no row group can be skipped).

Targets (issue 6): import < 30 s and < 2 GB peak memory; query < 200 ms.
Usage: ``python bench/bench_import.py [--rows 1000000] [--repeat 7] [--seed 6]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.query import EventFilter  # noqa: E402
from events.scan import query_events  # noqa: E402
from events.store import events_path  # noqa: E402

SAMPLE = ROOT.parent / "shared" / "data" / "real" / "acled" / "acled_api_2020-04-27_2020-05-09_global.csv"
VIEW_COLUMNS = ["event_id", "dataset", "event_date", "date_start", "date_end", "event_type", "plover_type",
                "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
                "fatalities", "certainty"]
"""What the map, timeline and table of the dashboard read."""


def generate_rows(sample: Path, rows: int, seed: int, out: Path) -> None:
    """Write ``rows`` ACLED-like rows drawn from ``sample`` to ``out`` (see the module notes)."""
    rng = np.random.default_rng(seed)
    base = pd.read_csv(sample, dtype=str, keep_default_na=False)
    base = base[base["country"] != ""].reset_index(drop=True)  # the sample's truncated last row
    frame = base.iloc[rng.integers(0, len(base), rows)].reset_index(drop=True)
    numbers = np.arange(1, rows + 1).astype(str)
    frame["data_id"] = numbers
    frame["event_id_no_cnty"] = numbers
    frame["event_id_cnty"] = frame["iso3"] + "B" + pd.Series(numbers)
    days = pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 9 * 365, rows), unit="D")
    frame["event_date"] = days.strftime("%d-%b-%y").str.lstrip("0")
    frame["year"] = days.year.astype(str)
    for column in ("latitude", "longitude"):
        moved = pd.to_numeric(frame[column]) + rng.uniform(-0.05, 0.05, rows)
        limit = 90 if column == "latitude" else 180
        frame[column] = moved.clip(-limit, limit).round(4).astype(str)
    frame.to_csv(out, index=False)


def main() -> None:
    """Generate, import, query; print one line per measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    if not SAMPLE.is_file():
        raise SystemExit(f"the ACLED sample is not at {SAMPLE}")
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        csv_path, store = Path(folder) / "acled_bench.csv", Path(folder) / "store"
        started = time.perf_counter()
        generate_rows(SAMPLE, args.rows, args.seed, csv_path)
        print(f"generated {args.rows:,} rows ({csv_path.stat().st_size / 1e6:,.0f} MB) in "
              f"{time.perf_counter() - started:.1f} s (not timed below)")
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "events", "import", "acled", str(csv_path), "--store", str(store)],
                              env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if done.returncode:
            raise SystemExit(done.stderr)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # Linux: KiB
        print(done.stdout.strip())
        print(f"import: {seconds:.1f} s wall clock, peak RSS {peak_mb:,.0f} MB "
              f"(store {events_path(store).stat().st_size / 1e6:,.0f} MB)")
        queries = [
            ("Yemen in 2020, view columns", EventFilter(countries=("Yemen",), date_from=dt.date(2020, 1, 1),
                                                         date_to=dt.date(2020, 12, 31)), VIEW_COLUMNS),
            ("Yemen in 2020, all columns", EventFilter(countries=("Yemen",), date_from=dt.date(2020, 1, 1),
                                                        date_to=dt.date(2020, 12, 31)), None),
            ("January 2020, all countries, view columns", EventFilter(date_from=dt.date(2020, 1, 1),
                                                                       date_to=dt.date(2020, 1, 31)), VIEW_COLUMNS),
        ]
        for label, selection, columns in queries:
            query_events(selection, store=store, columns=columns)
            times, rows = [], 0
            for _ in range(args.repeat):
                started = time.perf_counter()
                rows = len(query_events(selection, store=store, columns=columns))
                times.append(time.perf_counter() - started)
            print(f"query {label}: {rows:,} of {args.rows:,} events, median {statistics.median(times) * 1000:.0f} ms "
                  f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}) over {args.repeat} runs")


if __name__ == "__main__":
    main()
