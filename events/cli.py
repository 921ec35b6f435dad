"""Command line: ``python -m events extract|ingest|import|export|eval|review``.

Every :class:`~events.errors.EventsError` (and :class:`OSError`) becomes one line
``error: <message>`` on stderr and exit code 2; reading warnings become ``warning: ...`` lines.
Heavy modules (pandas, spaCy) are imported inside the commands to keep start-up fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import warnings
from pathlib import Path

from .errors import EventsError
from .review_cli import add_review_parser

EVAL_KINDS = ("geoparsing", "timeml", "acled-notes", "news")


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def _write_csv(frame, path: Path) -> None:
    """Write ``frame`` to ``path`` as spreadsheet-safe UTF-8 CSV via a temporary file and a rename."""
    from .export import spreadsheet_safe
    from .store import temp_file_beside

    name = temp_file_beside(path.parent, ".csv")
    try:
        spreadsheet_safe(frame).to_csv(name, index=False, encoding="utf-8")
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract articles to ``OUT/events.csv`` and ``OUT/figures.csv``."""
    from .ingest import extract_paths

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise EventsError(f"--out {out} is a file, not a folder")
    events, figures = extract_paths(args.paths, args.published, on_warning=_warn)
    out.mkdir(parents=True, exist_ok=True)
    _write_csv(events, out / "events.csv")
    _write_csv(figures, out / "figures.csv")
    print(f"{len(events)} events, {len(figures)} figures -> {out}")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    """Add articles to the store."""
    from .ingest import ingest_articles
    from .store import resolve_store

    if args.engine:
        from .distributed import ingest_on_spark

        n_events, n_figures = ingest_on_spark(args.paths, store=args.store, published=args.published,
                                              engine=args.engine, on_warning=_warn)
    else:
        n_events, n_figures = ingest_articles(args.paths, store=args.store, published=args.published, on_warning=_warn)
    print(f"store {resolve_store(args.store)}: {n_events} events, {n_figures} figures")
    return 0


def _use_jemalloc() -> None:
    """Let Arrow allocate with jemalloc where pyarrow has it.

    jemalloc hands freed memory back to the system sooner than the default mimalloc, which keeps
    a large import's peak memory lower.
    """
    import pyarrow as pa

    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except NotImplementedError:  # a pyarrow built without jemalloc keeps its default pool
        pass


def cmd_import(args: argparse.Namespace) -> int:
    """Import ACLED, GDELT or UCDP files (or our own exports) into the store, all or nothing."""
    _use_jemalloc()
    from .datasets import import_dataset

    read_files = None
    if args.engine:
        from .distributed import spark_file_reader

        read_files = spark_file_reader(args.kind, args.skip_bad_rows, args.date_order, args.engine)
    report = import_dataset(args.kind, args.paths, store=args.store, skip_bad_rows=args.skip_bad_rows,
                            mentions=args.mentions or (), date_order=args.date_order, read_files=read_files)
    head, *details = report.summary_lines()
    print(head)
    for line in details:
        _warn(line)
    return 0


def _selection(args: argparse.Namespace):
    """Build the EventFilter the export options describe (the dashboard's filters)."""
    from .query import EventFilter

    try:
        return EventFilter(actors=args.actor, event_types=args.type, countries=args.country, certainties=args.certainty,
                           sources=args.source, datasets=args.dataset, date_from=args.date_from, date_to=args.date_to)
    except ValueError as exc:
        raise EventsError(str(exc)) from None


def cmd_export(args: argparse.Namespace) -> int:
    """Write the reviewed events a filter keeps as CSV, GeoJSON or GeoParquet (``--out -``: standard output)."""
    from .export import check_export_path, to_export, write_export
    from .query import describe_filter
    from .query import expressions as q
    from .scan import check_selection
    from .store import resolve_store

    selection = check_selection(_selection(args), store=args.store)
    path = check_export_path(args.out, args.format)
    # the table as reviewed, as the dashboard's downloads (the same expressions, on the same engine:
    # $EVENTS_ENGINE): rejected and merged-away rows left out, corrections applied, review_status /
    # merged_into / machine_changes columns added
    with warnings.catch_warnings():  # the engines' own deprecation notices are not the user's business
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        table = q.reviewed_table(q.connect(), resolve_store(args.store))
        shown = q.filter_table(q.visible(table, reviewed_only=args.reviewed), selection)
        events = q.to_frame(shown.order_by("event_id"))
    write_export(to_export(events, args.format, bom=args.bom), args.out)
    print(f"{len(events)} event(s) -> {path or 'standard output'} ({describe_filter(selection)})",
          file=sys.stdout if path else sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Score the extractor on an annotated corpus; the summary is the last stdout line."""
    from .evaluation import format_summary, run_evaluation

    summary = run_evaluation(args.kind, args.path, limit=args.limit, report=sys.stderr,
                             articles=args.articles, verbose=args.verbose)
    print(format_summary(summary))
    return 0


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line (``error: ...``, exit 2), like the rest."""

    def error(self, message: str):  # noqa: D102 - argparse's hook
        self.exit(2, f"error: {self.prog}: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the ``python -m events`` argument parser."""
    parser = _Parser(prog="python -m events", description="News articles -> event and figure tables.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("extract", help="extract articles to DIR/events.csv and DIR/figures.csv")
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files (.txt, .md, .html)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (created if missing)")
    p.add_argument("--published", type=_date, metavar="YYYY-MM-DD", help="publication date for every article")
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("ingest", help="add articles to the local store")
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files (.txt, .md, .html)")
    p.add_argument("--store", metavar="DIR", help="store folder (default: $EVENTS_STORE or data/store)")
    p.add_argument("--published", type=_date, metavar="YYYY-MM-DD", help="publication date for every article")
    p.add_argument("--engine", metavar="SPARK",
                   help="extract on Spark: spark (local mode), local[N], spark://host:port; PATH may then also be "
                        "a Parquet table of articles (a 'text' column). Default: in this process")
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("import", help="import ACLED, GDELT or UCDP files into the local store")
    p.add_argument("kind", choices=("acled", "gdelt", "ucdp", "events"),
                   help="dataset of the files (events: a file written by `export`)")
    p.add_argument("paths", nargs="+", metavar="FILE", help="data files; GDELT mention files are recognised")
    p.add_argument("--store", metavar="DIR", help="store folder (default: $EVENTS_STORE or data/store)")
    p.add_argument("--skip-bad-rows", action="store_true", help="import the good rows and report the bad ones")
    p.add_argument("--mentions", action="append", metavar="FILE", help="GDELT 2.0 mentions file (repeatable)")
    p.add_argument("--date-order", choices=("dmy", "mdy"),
                   help="ACLED/UCDP slash dates such as 5/9/2020 are day/month/year or month/day/year "
                        "(needed only when every date fits both)")
    p.add_argument("--engine", metavar="SPARK",
                   help="read the files on Spark workers, one file per task: spark (local mode), local[N], "
                        "spark://host:port. Default: in this process")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("export", help="write the events a filter keeps as CSV, GeoJSON or GeoParquet")
    p.add_argument("--format", required=True, choices=("csv", "geojson", "parquet"))
    p.add_argument("--out", required=True, metavar="FILE",
                   help="output file (a regular file, replaced atomically), or - for standard output (csv, geojson)")
    p.add_argument("--store", metavar="DIR", help="store folder (default: $EVENTS_STORE or data/store)")
    p.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 byte-order mark (Excel)")
    p.add_argument("--reviewed", action="store_true", help="only rows an analyst accepted or corrected")
    for flag, dest, help_text in (("--actor", "actor", "actor name"), ("--type", "type", "PLOVER or ACLED event type"),
                                  ("--country", "country", "country name"), ("--certainty", "certainty", "certainty"),
                                  ("--source", "source", "source article (doc_id)"),
                                  ("--dataset", "dataset", "article, acled, gdelt or ucdp")):
        p.add_argument(flag, dest=dest, action="append", default=[], metavar="VALUE",
                       help=f"keep events with this {help_text} (repeatable: any of them)")
    p.add_argument("--from", dest="date_from", type=_date, metavar="YYYY-MM-DD", help="first day of the range")
    p.add_argument("--to", dest="date_to", type=_date, metavar="YYYY-MM-DD", help="last day of the range")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("eval", help="score the extractor on an annotated corpus")
    p.add_argument("kind", choices=EVAL_KINDS, help="kind of corpus")
    p.add_argument("path", help="corpus file or folder (news: the gold folder)")
    p.add_argument("articles", nargs="?", metavar="ARTICLES_DIR", help="news only: the folder of the articles")
    p.add_argument("--limit", type=int, metavar="N", help="score only the first N documents/rows")
    p.add_argument("--verbose", action="store_true",
                   help="news only: list missed gold events, unmatched rows and wrong fields per article")
    p.set_defaults(func=cmd_eval)
    add_review_parser(sub)
    return parser


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Print a Python warning as one ``warning: ...`` line, like the command's own warnings."""
    _warn(str(message))


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 2 error)."""
    args = build_parser().parse_args(argv)
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        return args.func(args)
    except EventsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader stopped early (`... | head -1`): not an error of ours; keep Python from
        # complaining again when it flushes standard output at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        where = f" {exc.filename}" if getattr(exc, "filename", None) else ""
        print(f"error: cannot access{where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
