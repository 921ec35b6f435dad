"""ACLED's coding rules applied to merged events, and fatality counts attached to them.

The rules themselves (assault sub-types from weapons, protests and their policing, mob violence,
ACLED's generic actors for unnamed perpetrators and victims, stated fatality totals) live in
:mod:`events.coding`; this stage decides which event each applies to.
"""

from __future__ import annotations

from ..coding import civilian_victims, classify_assault, code_protest, generic_actor, reported_fatalities, unarmed_crowd_violence
from ..record import EventRecord, FatalityCount, SentenceParts


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
            high = int(f.high) if getattr(f, "high", None) is not None else None
            target.fatality_figures.add(FatalityCount(figure_ids[(s.index, f.start)], int(f.value), f.qualifier,
                                                      group, att.source if att else None, doubtful, high))



def code_event(r: EventRecord, sentences: list[SentenceParts], following: list[str]) -> None:
    """Apply ACLED's coding rules (:mod:`events.coding`) to a merged event (in place).

    ``following`` holds the sentences after the event up to the next assault: a count such as
    "2 fatalities." there belongs to this event.
    """
    s = sentences[r.sentence]
    lo = max(0, r.trigger.start - s.start - 80)
    window = s.text[lo:r.trigger.end - s.start + 120]
    if r.plover_type == "ASSAULT":
        if r.actor2 is None and r.event_type == "Violence against civilians" and civilian_victims(s.text[r.trigger.start - s.start - 60 if r.trigger.start - s.start > 60 else 0:]):
            r.actor2 = generic_actor("Civilians ({country})")
        if r.actor1 is None and r.event_type in ("Violence against civilians", "Explosions/Remote violence"):
            r.actor1 = generic_actor("Unidentified Armed Group ({country})")  # ACLED's code for an unnamed perpetrator
        r.event_type, r.sub_event_type = classify_assault(window, r.actor2, (r.event_type, r.sub_event_type))
        if unarmed_crowd_violence(s.text, r.actor1):
            r.event_type, r.sub_event_type = "Riots", "Mob violence"
            r.actor1 = generic_actor("Rioters ({country})")
        if r.actor1 is None and r.actor2 is None and r.event_type == "Battles":
            r.actor1 = generic_actor("Unidentified Armed Group ({country})")  # an unattributed shoot-out
        r.reported_fatalities = reported_fatalities(r.sentences + following)
    elif r.plover_type == "PROTEST":
        event_type, sub, actor1, assoc, actor2 = code_protest(s.text, r.actor1)
        r.event_type, r.sub_event_type = event_type, sub
        if assoc is not None and assoc not in r.assoc1:
            r.assoc1.append(assoc)
        r.actor1 = actor1
        r.actor2 = r.actor2 if r.actor2 is not None and not r.actor2.generic else actor2
