"""Time the dashboard's queries on DuckDB and on Spark (local mode), and extraction locally and through Spark.

1. Store: ``--base`` ACLED-like rows generated and imported as ``bench/bench_dashboard.py`` does
   (:func:`bench_dashboard.build_store`: real API-layout sample, fixed seed, ``python -m events
   import acled``), then the store's events file (the one :func:`events.store.events_path` names)
   is rewritten with its rows repeated until it holds ``--rows`` events (default 10,000,000),
   each copy with its own ``event_id`` (``…#k``) and its dates moved by ``k`` weeks; row group by
   row group with pyarrow, so the copy never holds the table in memory. Not timed.
2. Queries: what one rerun of the Events view asks (:func:`dashboard_queries`: the stored and
   visible counts, the facet lists, the headline counts and date span, the map extent, grid cells,
   top places, per-country counts, the trend, the latest 500 rows and the first undated rows), for
   the whole store and for one country in one year, through :mod:`events.query.expressions` on
   each engine. Spark start-up (session and first table) is timed on its own; each query set
   runs once to warm up, then ``--repeat`` times (median reported).
3. Extraction: ``--articles`` articles (the 20 development stories of ``../shared/articles/news``
   repeated, each copy with one more closing line ``Copy N.`` so that it is its own article)
   extracted by :func:`events.ingest.extract_paths` in this process and by
   :func:`events.distributed.extract_on_spark` on ``local[*]`` (Spark start-up included, one
   spaCy pipeline per worker process).

Usage: ``python bench/bench_engines.py [--rows 10000000] [--base 1000000] [--repeat 3] [--articles 1000]
[--skip-extraction] [--skip-queries]``. Spark needs a Java runtime (``java``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from bench_dashboard import build_store  # noqa: E402
from bench_import import SAMPLE  # noqa: E402

from events.query import EventFilter  # noqa: E402
from events.query import engine  # noqa: E402
from events.query import expressions as q  # noqa: E402
from events.store import events_path  # noqa: E402

NEWS = ROOT.parent / "shared" / "articles" / "news"
DATE_COLUMNS = ("event_date", "date_start", "date_end")


def grow_store(store: Path, rows: int) -> int:
    """Repeat the store's events until the file holds ``rows`` of them (new ids, dates moved by whole weeks)."""
    path = events_path(store)
    source = pq.ParquetFile(path)
    base = source.metadata.num_rows
    grown = path.with_name(path.name + ".grown")
    written = 0
    with pq.ParquetWriter(grown, source.schema_arrow) as writer:
        copy = 0
        while written < rows:
            for group in range(source.num_row_groups):
                if written >= rows:
                    break
                table = source.read_row_group(group)
                table = table.slice(0, min(len(table), rows - written))
                if copy:
                    kind = table["event_id"].type
                    ids = pc.binary_join_element_wise(table["event_id"], pa.scalar(f"#{copy}", kind), pa.scalar("", kind))
                    table = table.set_column(table.schema.get_field_index("event_id"), "event_id", ids)
                    for name in DATE_COLUMNS:
                        column = table[name]
                        shift = pa.scalar(dt.timedelta(weeks=copy), type=pa.duration(column.type.unit))
                        table = table.set_column(table.schema.get_field_index(name), name, pc.add(column, shift))
                writer.write_table(table, row_group_size=65_536)
                written += len(table)
            copy += 1
    grown.replace(path)
    return base


def dashboard_queries(table, selection: EventFilter) -> dict:
    """Run the queries of one rerun of the Events view over ``table``; return what each gave (for a check)."""
    out = {"stored": int(table.count().to_pyarrow().as_py())}
    shown = q.visible(table)
    out["visible"] = int(shown.count().to_pyarrow().as_py())
    out["facets"] = {k: len(v) for k, v in q.facet_options(shown).items()}
    shown = q.filter_table(shown, selection)
    counts, located, span = q.view_summary(shown)
    out["counts"] = (counts.events, counts.fatalities, located)
    extent = q.extent(shown)
    out["cells"] = len(q.grid_cells(shown, 1.0 if extent is None else 0.5))
    out["places"] = len(q.top_places(shown))
    out["countries"] = len(q.country_counts(shown))
    out["trend"] = len(q.trend_counts(shown, "acled", span)[0])
    out["latest"] = len(q.to_frame(q.latest(shown, 500)))
    out["undated"] = len(q.to_frame(q.undated(shown).order_by("event_id").limit(50)))
    return out


def time_queries(table, selection, repeat: int) -> tuple[float, list[float], dict]:
    """Warm-up run (timed), then ``repeat`` timed runs; return (warm-up s, run times s, result)."""
    started = time.perf_counter()
    result = dashboard_queries(table, selection)
    first = time.perf_counter() - started
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        again = dashboard_queries(table, selection)
        times.append(time.perf_counter() - started)
        assert again == result
    return first, times, result


def bench_queries(args) -> None:
    if not SAMPLE.is_file():
        raise SystemExit(f"the ACLED sample is not at {SAMPLE}")
    selections = [("whole store", EventFilter()),
                  ("Yemen in 2020", EventFilter(countries=("Yemen",), date_from=dt.date(2020, 1, 1),
                                                date_to=dt.date(2020, 12, 31)))]
    with tempfile.TemporaryDirectory(prefix="bench-engines-") as folder:
        started = time.perf_counter()
        store = build_store(args.base, Path(folder))
        base = grow_store(store, args.rows)
        size = events_path(store).stat().st_size / 1e6
        print(f"store: {args.rows:,} events ({base:,} imported, repeated), events file {size:,.0f} MB, "
              f"built in {time.perf_counter() - started:.0f} s (not timed below)", flush=True)
        results = {}
        for name in ("duckdb", "spark"):
            started = time.perf_counter()
            if name == "spark":
                engine.spark_session("spark", conf={"spark.driver.memory": args.spark_memory})
            con = engine.connect(name)
            table = q.reviewed_table(con, store)
            print(f"{name}: start-up (connection and store table) {time.perf_counter() - started:.2f} s", flush=True)
            for label, selection in selections:
                first, times, result = time_queries(table, selection, args.repeat)
                results.setdefault(label, []).append(result)
                print(f"{name}: {label}: dashboard query set first run {first:.2f} s, median of {args.repeat} "
                      f"{statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}); {result}",
                      flush=True)
        for label, (a, b) in results.items():
            print(f"{label}: same results on both engines: {a == b}")
        engine.stop_spark()


def bench_extraction(args) -> None:
    from events.distributed import extract_on_spark
    from events.ingest import extract_paths

    stories = sorted(NEWS.glob("*.txt"))
    if not stories:
        raise SystemExit(f"no development stories in {NEWS}")
    folder = Path(tempfile.mkdtemp(prefix="bench-engines-articles-"))
    paths = []
    for i in range(args.articles):  # each copy one more closing line, so a distinct article (its own doc_id)
        story = stories[i % len(stories)]
        paths.append(folder / f"{i:05d}_{story.name}")
        paths[-1].write_text(story.read_text(encoding="utf-8").rstrip("\n") + f"\n\nCopy {i}.\n", encoding="utf-8")
    quiet = lambda message: None  # noqa: E731 - missing publication dates are expected here
    started = time.perf_counter()
    local = extract_paths(paths, on_warning=quiet)
    seconds = time.perf_counter() - started
    print(f"extraction, local (one process): {args.articles} articles in {seconds:.1f} s "
          f"({args.articles / seconds:.1f} articles/s), {len(local[0]):,} events", flush=True)
    started = time.perf_counter()
    engine.spark_session("spark")
    start_up = time.perf_counter() - started
    spark = extract_on_spark(paths, engine="spark", on_warning=quiet)
    seconds = time.perf_counter() - started
    print(f"extraction, Spark local[*]: {args.articles} articles in {seconds:.1f} s incl. {start_up:.1f} s start-up "
          f"({args.articles / seconds:.1f} articles/s), same rows as local: "
          f"{local[0].equals(spark[0]) and local[1].equals(spark[1])}", flush=True)
    engine.stop_spark()
    shutil.rmtree(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--base", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--spark-memory", default="4g", help="spark.driver.memory of the local-mode session")
    parser.add_argument("--skip-queries", action="store_true")
    parser.add_argument("--skip-extraction", action="store_true")
    args = parser.parse_args()
    if not args.skip_queries:
        bench_queries(args)
    if not args.skip_extraction:
        bench_extraction(args)


if __name__ == "__main__":
    main()
