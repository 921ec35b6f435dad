"""Fatality counts of a sentence attached to the event they belong to.

Which figures are fatalities is read in :mod:`events.extraction.figures`; how several counts of one
event add up in :func:`events.extraction.record.fatality_total`.
"""

from __future__ import annotations

import re

from .figure_subjects import PARTS
from .record import EventRecord, FatalityCount, SentenceParts

CEILINGS = frozenset({"up to", "as many as"})
"""Qualifiers of a possible toll's upper bound: such a count yields to a firm one (ACLED's
conservative rule)."""


_ANYONE = frozenset({"people", "persons", "person", "fatalities", "fatality", "deaths", "death", "dead", "victims",
                     "victim", "bodies", "body", "casualties", "casualty"})
"""Nouns that count whoever died: their counts are of one group, "person"."""
_ADDED = re.compile(r"\b(?:as well as|plus|in addition to|besides|along with)\b|\)")


def _group(f) -> str:
    """Who a count counts.

    "person" for anyone ("40 people", "at least 63", "10 fatalities", "12 deaths"), else its noun
    ("militant").
    """
    noun = (f.noun or "persons").lower()
    return "person" if noun in _ANYONE else noun.rstrip("s")


def _part_of(s: SentenceParts, total, f) -> bool:
    """Whether figure ``f`` is a breakdown of the earlier ``total`` of its sentence.

    "25 people, including six prisoners and two guards" are; "21 militants including 2 commanders
    and 4 soldiers" (soldiers are no militants) and "4 people (including a journalist) as well as 2
    policemen" (added after the breakdown closed) are not.
    """
    if total.unit != f.unit:
        return False
    between = s.text[total.end - s.start:f.start - s.start]
    found = PARTS.search(between)
    if found is None or _ADDED.search(between[found.end():]):
        return False
    return _group(total) in ("person", _group(f))


def attach_fatalities(records: list[EventRecord], sentences: list[SentenceParts], figure_ids: dict) -> None:
    """Add each fatality figure of a sentence to its ASSAULT event whose trigger is nearest before it.

    Parameters
    ----------
    records : list of EventRecord
        The article's event mentions (changed in place: ``fatality_figures``).
    sentences : list of SentenceParts
    figure_ids : dict
        (sentence index, figure start) → figure_id.
    """
    assaults: dict[int, list[EventRecord]] = {}
    for r in records:
        if r.plover_type == "ASSAULT":
            assaults.setdefault(r.sentence, []).append(r)
    for s in sentences:
        total = None  # the last figure that is no part of another
        for f in s.figures:
            part = total is not None and _part_of(s, total, f)
            if not part:
                total = f
            if f.metric != "fatalities" or part:
                continue  # "25 deaths, including six prisoners": the six are counted in the 25
            cands = assaults.get(s.index, [])
            if not cands:
                continue
            before = [r for r in cands if r.trigger.start <= f.start]
            target = (before[-1] if before else cands[0])
            att = s.attribution
            doubtful = bool(att and att.certainty in ("unverified", "claimed")) or f.qualifier in CEILINGS
            group = _group(f)
            high = int(f.high) if getattr(f, "high", None) is not None else None
            target.fatality_figures.add(FatalityCount(figure_ids[(s.index, f.start)], int(f.value), f.qualifier,
                                                      group, att.source if att else None, doubtful, high))
