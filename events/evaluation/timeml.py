"""Score normalised dates against TempEval-3 TimeML (``.tml``) documents.

Reading
-------
The document creation time (DCT) is the ``TIMEX3`` with ``functionInDocument="CREATION_TIME"``;
its value's first ten characters (``YYYY-MM-DD``) are the publication date given to the
extractor. The text is the ``<TEXT>`` element with every tag stripped (entities decoded);
gold offsets are computed in that plain text, so ``text[start:end]`` is the TIMEX3's content.
Only ``TIMEX3`` of ``type="DATE"`` inside ``<TEXT>`` are scored; DURATION, SET and TIME are
counted in the report.

Granularity and scoring
-----------------------
The gold value's granularity decides the comparison:

=========  ======================  ============================================
name       gold value              interval
=========  ======================  ============================================
day        ``YYYY-MM-DD[T…]``      that day (a time of day is ignored)
week       ``YYYY-Www``            ISO week, Monday to Sunday
month      ``YYYY-MM``             the calendar month
quarter    ``YYYY-Qn``             the calendar quarter
year       ``YYYY``                the calendar year
other      anything else           none: ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF``,
                                   decades (``199X``), seasons (``1998-SU``), halves
                                   (``1998-H1``), unknown parts (``1988-QX``, ``XXXX-08``)
=========  ======================  ============================================

A prediction is correct when it is at least as fine as the gold and falls inside the gold's
interval, i.e. it equals the gold once truncated to the gold's granularity: gold ``1998-08``
accepts ``1998-08`` and ``1998-08-07`` but not ``1998``. The predicted interval comes from the
predicted ``value`` (same grammar as the gold), or, when the value is empty or not in that
grammar, from the prediction's ``date_start``/``date_end``. ``other`` gold values are correct
only when the predicted value is the same string (case-insensitive): the extractor gets no
credit for a vague reference it did not name in TimeML terms.

* ``accuracy`` = correct values / all gold DATE timexes (a missed span is wrong);
* ``recall`` = gold DATE spans overlapped by any predicted span / all gold DATE timexes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..errors import ImportFormatError
from .spans import best_overlap, is_missing, run_predict

GRANULARITIES = ("day", "week", "month", "quarter", "year", "other")

_VALUE_PATTERNS = (
    ("day", re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?")),
    ("week", re.compile(r"(\d{4})-W(\d{2})")),
    ("month", re.compile(r"(\d{4})-(\d{2})")),
    ("quarter", re.compile(r"(\d{4})-Q([1-4])")),
    ("year", re.compile(r"(\d{4})")),
)


@dataclass(frozen=True)
class GoldTimex:
    """One gold TIMEX3: half-open span in the plain text, type, value and text."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimemlDocument:
    """One TimeML document: id, plain ``<TEXT>``, creation date and TIMEX3s in the text."""

    doc_id: str
    text: str
    dct: dt.date | None
    timexes: list[GoldTimex]

    @property
    def dates(self) -> list[GoldTimex]:
        """The TIMEX3s of type DATE (the scored ones)."""
        return [t for t in self.timexes if t.type == "DATE"]


def parse_timex_value(value: str | None) -> tuple[str, dt.date | None, dt.date | None]:
    """Return the granularity and the first and last day of a TIMEX3 value.

    Parameters
    ----------
    value : str or None
        A TIMEX3 ``value`` such as ``1998-08-07``, ``1998-W32``, ``1989-Q3``, ``PAST_REF``.

    Returns
    -------
    tuple of (str, datetime.date or None, datetime.date or None)
        Granularity (one of :data:`GRANULARITIES`) and the interval; ``("other", None, None)``
        for values without a calendar interval (or impossible dates).

    Examples
    --------
    >>> parse_timex_value("1989-Q3")
    ('quarter', datetime.date(1989, 7, 1), datetime.date(1989, 9, 30))
    >>> parse_timex_value("1998-SU")
    ('other', None, None)
    """
    text = (value or "").strip()
    for name, pattern in _VALUE_PATTERNS:
        m = pattern.fullmatch(text)
        if not m:
            continue
        try:
            y = int(m.group(1))
            if name == "day":
                d = dt.date(y, int(m.group(2)), int(m.group(3)))
                return name, d, d
            if name == "week":
                first = dt.date.fromisocalendar(y, int(m.group(2)), 1)
                return name, first, first + dt.timedelta(days=6)
            if name == "month":
                mo = int(m.group(2))
                return name, dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
            if name == "quarter":
                q = int(m.group(2))
                last = 3 * q
                return name, dt.date(y, last - 2, 1), dt.date(y, last, calendar.monthrange(y, last)[1])
            return name, dt.date(y, 1, 1), dt.date(y, 12, 31)
        except ValueError:
            return "other", None, None
    return "other", None, None


def is_value_correct(gold_value: str, predicted: Any) -> bool:
    """Return whether a prediction's date equals the gold value at the gold's granularity.

    Parameters
    ----------
    gold_value : str
        The gold TIMEX3 value.
    predicted : object or None
        Has ``value`` and optionally ``date_start``/``date_end`` (dates or timestamps).

    Returns
    -------
    bool
        See the module notes for the rule.

    Examples
    --------
    >>> from types import SimpleNamespace as P
    >>> is_value_correct("1998-08", P(value="1998-08-07"))
    True
    >>> is_value_correct("1998-08-07", P(value="1998-08"))
    False
    """
    if predicted is None:
        return False
    gran, g_start, g_end = parse_timex_value(gold_value)
    p_value = getattr(predicted, "value", None)
    if gran == "other":
        return bool(p_value) and str(p_value).strip().upper() == gold_value.strip().upper()
    _, p_start, p_end = parse_timex_value(p_value)
    if p_start is None:
        p_start = _as_date(getattr(predicted, "date_start", None))
        p_end = _as_date(getattr(predicted, "date_end", None)) or p_start
    if p_start is None or p_end is None:
        return False
    return g_start <= p_start <= p_end <= g_end


def _as_date(value: Any) -> dt.date | None:
    """Return a date from a date, datetime, pandas Timestamp or None/NaT."""
    if is_missing(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return value.date()
    except (AttributeError, ValueError):
        return None


def read_timeml(path: str | Path, limit: int | None = None) -> list[TimemlDocument]:
    """Read a folder of TimeML ``.tml`` files (or one file), sorted by file name.

    Parameters
    ----------
    path : str or Path
        A directory (``*.tml``, not recursive) or a single ``.tml`` file.
    limit : int, optional
        Read only the first ``limit`` documents.

    Returns
    -------
    list of TimemlDocument

    Raises
    ------
    ImportFormatError
        If the path is missing, holds no ``.tml`` file, or a file is not TimeML with ``<TEXT>``.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.tml"))
    elif path.is_file():
        files = [path]
    else:
        raise ImportFormatError(f"TimeML path not found: {path}")
    if not files:
        raise ImportFormatError(f"no .tml files in {path}")
    return [read_timeml_document(f) for f in (files[:limit] if limit else files)]


def read_timeml_document(path: Path) -> TimemlDocument:
    """Read one ``.tml`` file: DCT, plain ``<TEXT>`` and its TIMEX3 spans."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise ImportFormatError(f"{path.name} is not XML: {exc}") from exc
    text_el = root.find(".//TEXT")
    if text_el is None:
        raise ImportFormatError(f"{path.name}: no <TEXT> element, not TimeML")
    dct = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            _, dct, _ = parse_timex_value((timex.get("value") or "")[:10])
            break
    parts: list[str] = []
    spans: list[tuple[int, int, ET.Element]] = []
    _flatten(text_el, parts, spans, 0, include_tail=False)
    text = "".join(parts)
    timexes = [GoldTimex(s, e, text[s:e], el.get("type", ""), el.get("value", ""))
               for s, e, el in sorted(spans, key=lambda x: x[0])]
    doc_id = (root.findtext("DOCID") or path.stem).strip()
    return TimemlDocument(doc_id, text, dct, timexes)


def _flatten(el: ET.Element, parts: list[str], spans: list, pos: int, include_tail: bool = True) -> int:
    """Append ``el``'s text to ``parts``, record TIMEX3 spans, and return the new offset."""
    start = pos
    if el.text:
        parts.append(el.text)
        pos += len(el.text)
    for child in el:
        pos = _flatten(child, parts, spans, pos)
    if el.tag == "TIMEX3":
        spans.append((start, pos, el))
    if include_tail and el.tail:
        parts.append(el.tail)
        pos += len(el.tail)
    return pos


def predict_timexes(text: str, published: dt.date | None, doc_id: str) -> list[Any]:
    """Run the extractor's date finder on ``text``; spans are offsets into ``text``."""
    from events.article import parse_article
    from events.extraction.timexes import find_timexes

    from .spans import to_source_spans

    article = parse_article(text, published=published, doc_id=doc_id)
    return to_source_spans(find_timexes(article), article.text, text)


def evaluate_timeml(
    path: str | Path,
    limit: int | None = None,
    report: TextIO = sys.stderr,
    predict: Callable[[str, dt.date | None, str], Sequence[Any]] | None = None,
) -> dict:
    """Score the extractor's dates on TimeML documents.

    Parameters
    ----------
    path : str or Path
        Folder of ``.tml`` files, or one file.
    limit : int, optional
        Score only the first ``limit`` documents (by file name).
    report : text stream
        Receives one line per document (each wrong or missed DATE) and counts by granularity.
    predict : callable, optional
        ``predict(text, dct, doc_id)`` returning objects with ``start``, ``end``, ``value``
        and optionally ``date_start``/``date_end``; defaults to :func:`predict_timexes`.

    Returns
    -------
    dict
        ``kind docs timexes accuracy recall`` in that order (fractions 0–1).

    Raises
    ------
    ImportFormatError
        If the path is missing or not TimeML.
    """
    docs = read_timeml(path, limit)
    predict = predict or predict_timexes
    total = correct = found = 0
    by_gran: Counter = Counter()
    right_by_gran: Counter = Counter()
    other_types: Counter = Counter()
    for doc in docs:
        preds, error = run_predict(predict, doc.text, doc.dct, doc.doc_id)
        preds = list(preds or [])
        notes = [error] if error else []
        doc_correct = doc_found = 0
        for t in doc.timexes:
            if t.type != "DATE":
                other_types[t.type] += 1
        for gold in doc.dates:
            gran = parse_timex_value(gold.value)[0]
            by_gran[gran] += 1
            match = best_overlap(gold.start, gold.end, preds)
            if match is not None:
                doc_found += 1
            if is_value_correct(gold.value, match):
                doc_correct += 1
                right_by_gran[gran] += 1
            elif match is None:
                notes.append(f"missed {gold.text!r}={gold.value}")
            else:
                notes.append(f"{gold.text!r}={gold.value} got {getattr(match, 'text', '')!r}="
                             f"{getattr(match, 'value', None)}")
        n = len(doc.dates)
        total, correct, found = total + n, correct + doc_correct, found + doc_found
        line = f"{doc.doc_id}: dct={doc.dct} dates={n} found={doc_found} correct={doc_correct}"
        report.write(line + ("; " + "; ".join(notes) if notes else "") + "\n")
    grans = " ".join(f"{g}={right_by_gran[g]}/{by_gran[g]}" for g in GRANULARITIES if by_gran[g])
    others = " ".join(f"{k}={v}" for k, v in sorted(other_types.items())) or "none"
    report.write(f"correct_by_granularity: {grans}; not scored: {others}\n")
    return {
        "kind": "timeml",
        "docs": len(docs),
        "timexes": total,
        "accuracy": correct / total if total else float("nan"),
        "recall": found / total if total else float("nan"),
    }
