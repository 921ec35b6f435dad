"""Fatality counts of a sentence attached to the event they belong to.

Which figures are fatalities is read in :mod:`events.extraction.figures`; how several counts of one
event add up in :func:`events.extraction.record.fatality_total`.
"""

from __future__ import annotations

from .record import EventRecord, FatalityCount, SentenceParts


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
        for f in s.figures:
            if f.metric != "fatalities":
                continue
            cands = assaults.get(s.index, [])
            if not cands:
                continue
            before = [r for r in cands if r.trigger.start <= f.start]
            target = (before[-1] if before else cands[0])
            att = s.attribution
            doubtful = bool(att and att.certainty in ("unverified", "claimed"))
            group = (f.noun or "persons").lower().rstrip("s")
            group = "person" if group in ("people", "persons", "person") else group  # "40 people", "at least 63"
            high = int(f.high) if getattr(f, "high", None) is not None else None
            target.fatality_figures.add(FatalityCount(figure_ids[(s.index, f.start)], int(f.value), f.qualifier,
                                                      group, att.source if att else None, doubtful, high))
