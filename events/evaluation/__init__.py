"""Evaluation harness: score the extractor on real annotated corpora.

Four kinds, each a reader plus a scorer in its own module:

* ``geoparsing`` (:mod:`.geoparsing`): LGL / TR-News or GeoVirus XML → toponym recall,
  exact (same GeoNames id or ≤ 1 km), acc161 and mean error in km;
* ``timeml`` (:mod:`.timeml`): TempEval-3 ``.tml`` folder → DATE value accuracy at the gold's
  granularity, and span recall;
* ``acled-notes`` (:mod:`.acled_notes`): ACLED CSV in any layout → event_type, actor1, country,
  location within 25 km, fatalities and event_date accuracy of the extractor run on ``notes``;
* ``news`` (:mod:`.news`): a folder of exhaustive gold YAML files and a folder of articles →
  event precision, recall, duplicates and field accuracy (``shared/design/NEWS_GOLD.md``).

:func:`run_evaluation` is what ``python -m events eval KIND PATH [--limit N]`` calls; it writes
the per-document report to ``report`` and returns the summary that :func:`format_summary`
turns into the one-line ``name=value`` result.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from ..errors import EventsError, ImportFormatError
from .acled_notes import evaluate_acled_notes, read_acled_notes
from .geoparsing import evaluate_geoparsing, read_geoparsing_corpus
from .news import evaluate_news, read_news_gold, score_article
from .timeml import evaluate_timeml, read_timeml

KINDS: dict[str, Callable[..., dict]] = {
    "geoparsing": evaluate_geoparsing,
    "timeml": evaluate_timeml,
    "acled-notes": evaluate_acled_notes,
    "news": evaluate_news,
}
"""Evaluation kind → scorer."""

SUMMARY_KEYS = {
    "geoparsing": ("kind", "docs", "toponyms", "recall", "exact", "acc161", "mean_km"),
    "timeml": ("kind", "docs", "timexes", "accuracy", "recall"),
    "acled-notes": ("kind", "rows", "event_type", "actor1", "country", "location_25km",
                    "fatalities", "event_date"),
    "news": ("kind", "docs", "gold_events", "rows", "matched", "precision", "recall", "f1", "duplicates",
             "exact_rows", "actor1", "actor2", "location", "date", "event_type", "fatalities", "certainty"),
}
"""The summary's keys, in order, for each kind."""

__all__ = [
    "KINDS", "SUMMARY_KEYS", "run_evaluation", "format_summary",
    "read_geoparsing_corpus", "read_timeml", "read_acled_notes", "read_news_gold", "score_article",
]


def run_evaluation(
    kind: str,
    path: str | Path,
    limit: int | None = None,
    report: TextIO = sys.stderr,
    *,
    predict: Callable[..., Any] | None = None,
    articles: str | Path | None = None,
    verbose: bool = False,
) -> dict:
    """Score the extractor on an annotated corpus.

    Parameters
    ----------
    kind : {"geoparsing", "timeml", "acled-notes", "news"}
        Kind of corpus.
    path : str or Path
        Geoparsing XML file, folder of ``.tml`` files, ACLED CSV, or folder of news gold YAML.
    limit : int, optional
        Score only the first ``limit`` documents / rows.
    report : text stream, default ``sys.stderr``
        Receives one line per document or row, then corpus-level notes.
    predict : callable, optional
        Replaces the extractor (for testing the scoring); see each kind's ``evaluate_*``.
    articles : str or Path, optional
        ``news`` only, and required there: the folder of the articles the gold files describe.
    verbose : bool
        ``news`` only: also report missed gold events, unmatched rows and wrong fields.

    Returns
    -------
    dict
        The summary, keys in the order of :data:`SUMMARY_KEYS` for ``kind``; fractions in 0–1.

    Raises
    ------
    ImportFormatError
        If ``path`` (or ``articles``) is missing, not in a recognised layout for ``kind``, or holds
        nothing that can be scored (no document, or every row skipped).
    EventsError
        If ``kind`` is unknown, ``articles`` is given for another kind than ``news`` (or missing
        for ``news``), or the extractor cannot be imported.
    """
    if kind not in KINDS:
        raise EventsError(f"unknown evaluation kind {kind!r}; expected one of {', '.join(KINDS)}")
    if not Path(path).exists():
        raise ImportFormatError(f"{kind} corpus not found: {path}")
    if limit is not None and limit < 1:
        raise EventsError(f"limit must be a positive number, got {limit}")
    options = {}
    if kind == "news":
        if articles is None:
            raise EventsError("eval news needs the articles folder: eval news GOLD_DIR ARTICLES_DIR")
        options = {"articles_dir": articles, "verbose": verbose}
    elif articles is not None:
        raise EventsError(f"eval {kind} takes one corpus path, not an articles folder")
    try:
        summary = KINDS[kind](path, limit=limit, report=report, predict=predict, **options)
    except ImportError as exc:
        raise EventsError(f"the extractor is not available: {exc}") from exc
    count = SUMMARY_KEYS[kind][1]
    if not summary[count]:  # a score of nothing is no score: never report nan with success
        raise ImportFormatError(f"{kind} corpus {path}: nothing to score ({count}=0)")
    return {k: summary[k] for k in SUMMARY_KEYS[kind]}


def format_summary(summary: dict) -> str:
    """Return the one-line ``name=value`` form of a summary.

    Counts print as integers, ``mean_km`` with one decimal, other numbers (fractions) with
    three decimals, NaN as ``nan``.

    Examples
    --------
    >>> format_summary({"kind": "timeml", "docs": 10, "timexes": 55, "accuracy": 0.8, "recall": 0.9})
    'kind=timeml docs=10 timexes=55 accuracy=0.800 recall=0.900'
    """
    return " ".join(f"{k}={_format_value(k, v)}" for k, v in summary.items())


def _format_value(key: str, value: Any) -> str:
    """Format one summary value (see :func:`format_summary`)."""
    if isinstance(value, bool) or isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    return f"{value:.1f}" if key.endswith("_km") else f"{value:.3f}"
