"""Span helpers shared by the scorers: overlap, best match, and mapping extractor offsets.

The extractor reports character offsets into ``Article.text``. That string equals the text we
give it unless it strips something (front matter, leading blank lines); :func:`to_source_spans`
maps its spans back onto the text the gold offsets index into.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ..errors import EventsError

T = TypeVar("T")


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Return the number of characters two half-open spans share (0 when disjoint)."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def best_overlap(start: int, end: int, candidates: Sequence[T]) -> T | None:
    """Return the candidate (with ``.start``/``.end``) sharing most characters with the span.

    Ties go to the earlier candidate in ``candidates``; ``None`` when none overlaps.
    """
    best, best_n = None, 0
    for cand in candidates:
        n = overlap(start, end, cand.start, cand.end)
        if n > best_n:
            best, best_n = cand, n
    return best


def locate(fragment: str, near: int, text: str) -> int | None:
    """Return the start of the occurrence of ``fragment`` in ``text`` nearest to ``near``."""
    if not fragment:
        return None
    hits, i = [], text.find(fragment)
    while i >= 0:
        hits.append(i)
        i = text.find(fragment, i + 1)
    return min(hits, key=lambda h: abs(h - near)) if hits else None


def to_source_spans(predictions: Sequence[Any], article_text: str, source_text: str) -> list[Any]:
    """Map predicted spans from ``article_text`` offsets onto ``source_text`` offsets.

    Parameters
    ----------
    predictions : sequence of dataclass instances
        Objects with ``start``, ``end`` and ``text`` (extractor toponyms or timexes).
    article_text : str
        ``Article.text`` the offsets index into.
    source_text : str
        The text the gold offsets index into.

    Returns
    -------
    list
        Copies with ``start``/``end`` in ``source_text``; a prediction that cannot be placed
        is dropped.
    """
    if article_text == source_text:
        return list(predictions)
    shift = source_text.find(article_text) if article_text else -1
    out = []
    for p in predictions:
        if shift >= 0:
            start = p.start + shift
        else:
            start = locate(getattr(p, "text", "") or article_text[p.start:p.end], p.start, source_text)
            if start is None:
                continue
        end = start + (p.end - p.start)
        out.append(dataclasses.replace(p, start=start, end=end) if dataclasses.is_dataclass(p)
                   else _Moved(p, start, end))
    return out


class _Moved:
    """A read-only view of a prediction with new offsets (for non-dataclass predictions)."""

    def __init__(self, inner: Any, start: int, end: int) -> None:
        self._inner, self.start, self.end = inner, start, end

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def is_missing(value: Any) -> bool:
    """Return whether a scalar is None, NaN, NaT or pandas.NA."""
    try:
        return value is None or bool(value != value)
    except TypeError:  # pandas.NA refuses to be a bool
        return True


def run_predict(predict: Callable[..., Any], *args: Any) -> tuple[Any, str | None]:
    """Call ``predict(*args)``; an :class:`EventsError` becomes no prediction plus its message.

    One unreadable document (say an empty text the extractor refuses) must not stop the
    evaluation of the others; it is scored as a document where nothing was found.
    """
    try:
        return predict(*args), None
    except EventsError as exc:
        return None, f"extractor error: {exc}"
