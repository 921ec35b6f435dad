"""``python -m events review list|accept|reject|correct|merge|split|reopen|history``: glue over :mod:`events.review`.

Errors follow :mod:`events.cli`: one ``error: ...`` line on stderr and exit code 2. Tables (``list``,
``history``) are written to stdout as CSV, spreadsheet-safe like the export
(:func:`events.export.spreadsheet_safe`).
"""

from __future__ import annotations

import argparse
import sys

from .errors import ReviewError

LIST_COLUMNS = {
    "event": ["event_id", "review_status", "plover_type", "event_type", "actor1", "actor2", "location", "country",
              "date_start", "date_end", "fatalities", "certainty", "merged_into", "machine_changes", "sentence"],
    "figure": ["figure_id", "review_status", "subject", "metric", "value", "unit", "qualifier", "location",
               "certainty", "merged_into", "machine_changes", "sentence"],
}


def _assignment(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"expected FIELD=VALUE, got {text!r}")
    return name.strip(), value


def _fields(pairs) -> dict:
    return {name: value for name, value in pairs or []}


def _part(text: str) -> dict:
    from .review import parse_assignments

    try:
        return parse_assignments(text)
    except ReviewError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_list(args: argparse.Namespace) -> int:
    """Print the store's rows as reviewed, optionally only some statuses, as CSV."""
    from .export import spreadsheet_safe
    from .review import reviewed_events, reviewed_figures
    from .store import existing_store

    existing_store(args.store)
    kind = "figure" if args.figures else "event"
    table = reviewed_figures(args.store) if args.figures else reviewed_events(args.store)
    if args.status:
        table = table[table["review_status"].isin(args.status)]
    spreadsheet_safe(table[LIST_COLUMNS[kind]]).to_csv(sys.stdout, index=False, date_format="%Y-%m-%d")
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    """Accept rows (bulk)."""
    from .review import accept

    n = accept(args.store, args.ids, args.reviewer, reason=args.reason)
    print(f"accepted {len(set(args.ids))} row(s); {n} audit entries")
    return 0


def cmd_reject(args: argparse.Namespace) -> int:
    """Reject rows with a reason (bulk)."""
    from .review import reject

    n = reject(args.store, args.ids, args.reviewer, args.reason)
    print(f"rejected {len(set(args.ids))} row(s); {n} audit entries")
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    """Correct fields of rows (bulk)."""
    from .review import correct

    fields = _fields(args.set)
    if args.place:
        fields["place"] = args.place
    if not fields:
        raise ReviewError("give at least one --set FIELD=VALUE or --place NAME")
    n = correct(args.store, args.ids, args.reviewer, reason=args.reason, **fields)
    print(f"corrected {len(set(args.ids))} row(s); {n} audit entries")
    return 0


def cmd_reopen(args: argparse.Namespace) -> int:
    """Reopen rejected, merged or split rows."""
    from .review import reopen

    n = reopen(args.store, args.ids, args.reviewer, reason=args.reason)
    print(f"reopened {len(set(args.ids))} row(s); {n} audit entries")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    """Merge rows into the first one."""
    from .review import merge

    n = merge(args.store, args.ids, args.reviewer, reason=args.reason)
    print(f"merged {len(args.ids) - 1} row(s) into {args.ids[0]}; {n} audit entries")
    return 0


def cmd_split(args: argparse.Namespace) -> int:
    """Split a row into new rows, one per part."""
    from .review import split

    new = split(args.store, args.id, args.part, args.reviewer, reason=args.reason)
    print(f"split {args.id} into {', '.join(new)}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    """Print a row's audit entries as CSV; an id that is no row of the store and has no entries is an error."""
    from .export import spreadsheet_safe
    from .review import history, reviewed_events, reviewed_figures
    from .store import existing_store

    folder = existing_store(args.store)
    frame = history(folder, args.id)
    if frame.empty and not ((reviewed_events(folder)["event_id"] == args.id).any()
                            or (reviewed_figures(folder)["figure_id"] == args.id).any()):
        raise ReviewError(f"no event or figure with id {args.id!r} in the store at {folder}")
    frame = frame.assign(timestamp=frame["timestamp"].dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
    spreadsheet_safe(frame).to_csv(sys.stdout, index=False)
    return 0


def add_review_parser(sub) -> None:
    """Add the ``review`` command and its sub-commands to ``python -m events``'s sub-parsers."""
    review = sub.add_parser("review",
                            help="review extracted rows: list, accept, reject, correct, merge, split, reopen, history")
    actions = review.add_subparsers(dest="action", required=True, parser_class=type(review))

    def common(p, reviewer=True):
        p.add_argument("--store", metavar="DIR", help="store folder (default: $EVENTS_STORE or data/store)")
        if reviewer:
            p.add_argument("--reviewer", metavar="NAME", help="who reviews (default: $EVENTS_REVIEWER)")
            p.add_argument("--reason", metavar="TEXT", help="why (kept in the audit log)")

    p = actions.add_parser("list", help="print rows as reviewed (CSV)")
    p.add_argument("--status", nargs="+", metavar="STATUS",
                   choices=("new", "accepted", "corrected", "rejected", "merged", "split"))
    p.add_argument("--figures", action="store_true", help="list figures instead of events")
    common(p, reviewer=False)
    p.set_defaults(func=cmd_list)
    p = actions.add_parser("accept", help="accept rows")
    p.add_argument("ids", nargs="+", metavar="ID")
    common(p)
    p.set_defaults(func=cmd_accept)
    p = actions.add_parser("reject", help="reject rows, with a reason")
    p.add_argument("ids", nargs="+", metavar="ID")
    common(p)
    p.set_defaults(func=cmd_reject)
    p = actions.add_parser("correct", help="correct fields of rows")
    p.add_argument("ids", nargs="+", metavar="ID")
    p.add_argument("--set", action="append", type=_assignment, metavar="FIELD=VALUE", help="a new value (repeatable)")
    p.add_argument("--place", metavar="NAME", help="set every place column from the gazetteer")
    common(p)
    p.set_defaults(func=cmd_correct)
    p = actions.add_parser("reopen", help="undo a reject, merge or split")
    p.add_argument("ids", nargs="+", metavar="ID")
    common(p)
    p.set_defaults(func=cmd_reopen)
    p = actions.add_parser("merge", help="merge rows into the first one")
    p.add_argument("ids", nargs="+", metavar="ID")
    common(p)
    p.set_defaults(func=cmd_merge)
    p = actions.add_parser("split", help="split a row into new rows")
    p.add_argument("id", metavar="ID")
    p.add_argument("--part", action="append", type=_part, required=True, metavar="'FIELD=VALUE;...'",
                   help="the fields of one new row (repeat for each)")
    common(p)
    p.set_defaults(func=cmd_split)
    p = actions.add_parser("history", help="print a row's audit entries (CSV)")
    p.add_argument("id", metavar="ID")
    common(p, reviewer=False)
    p.set_defaults(func=cmd_history)
