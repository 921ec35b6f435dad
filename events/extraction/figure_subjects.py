"""Figure rows: give each number its subject, event, place, date, certainty and parent total.

The subject of a figure is, in order: an actor named inside its noun phrase ("1,000 Wagner
fighters"); the actor a class noun refers to ("peacekeeper" → the peacekeeping mission named
in the article, "the attackers" → the attacking actor); the actor of the sentence's event; the
nearest actor before the number. Parts follow "including"/"of whom" after a total of the same
unit ("50,000 personnel, including 10,000 contractors and 40,000 convicts").
"""

from __future__ import annotations

import re

from ..reference.actors import Actor, anaphor_index
from ..reference.lexicon import normalize_key

VICTIM_METRICS = frozenset({"fatalities", "injured", "casualties", "arrested", "abducted", "displaced"})
"""Metrics that count the people an event was done to: their subject is the event's actor2."""
PARTS = re.compile(r"\b(including|of whom|of them|among them|comprising|made up of)\b", re.I)
"""Words between a total and a figure that is a part of it ("25 deaths, including six prisoners")."""


def _class_subject(noun: str, s, sentences) -> Actor | None:
    kinds = anaphor_index().get(normalize_key(f"the {noun}")) or anaphor_index().get(normalize_key(noun))
    if not kinds:
        return None
    order = [s] + [x for x in reversed(sentences[: s.index])] + list(sentences[s.index + 1:])
    for x in order:
        for m in x.mentions:
            if "@actor1" in kinds and m.anaphor and "@actor1" in m.anaphor and noun in m.text.lower():
                return m.resolved
            if m.resolved is not None and m.resolved.kind in kinds:
                return m.resolved
    return None


def _named_subject(f, s) -> Actor | None:
    for m in s.mentions:
        gap = s.text[f.end - s.start:m.start - s.start] if m.start >= f.end else None
        if gap is not None and re.fullmatch(r"\s*(of\s+(the\s+)?)?", gap) and m.resolved is not None:
            return m.resolved
    return None


def _nearest_subject(f, s) -> Actor | None:
    skip = s.attribution.source_tokens if s.attribution else range(0)
    before = [m for m in s.mentions if m.end <= f.start and m.resolved is not None
              and m.role in ("actor", "anaphor") and m.tok_start not in skip]
    return before[-1].resolved if before else None


def figure_records(sentences, records, article, figure_ids) -> list[dict]:
    """Return the figure table rows (dicts with the keys of FIGURE_COLUMNS) of one article.

    Parameters
    ----------
    sentences : list
        The extractor's per-sentence parts (tokens, mentions, figures, attribution).
    records : list
        Event records before merging (each knows the record it was merged into).
    article : events.article.Article
    figure_ids : dict
        (sentence index, figure start offset) → figure id.
    """
    rows = []
    by_sentence: dict[int, list] = {}
    for r in records:
        by_sentence.setdefault(r.sentence, []).append(r)
    for s in sentences:
        prev_total = None
        for f in s.figures:
            fid = figure_ids[(s.index, f.start)]
            in_sentence = by_sentence.get(s.index, [])
            event = None
            if in_sentence:
                sanction = [r for r in in_sentence if r.plover_type == "SANCTION"]
                pool = sanction if sanction and f.unit in ("persons", "entities") else in_sentence
                event = min(pool, key=lambda r: abs(r.trigger.start - f.start)).final()
            part_of = None
            if prev_total is not None and prev_total[1].unit == f.unit and PARTS.search(s.text[prev_total[1].end - s.start:f.start - s.start]):
                part_of = prev_total[0]
            metric = f.metric
            subject = _named_subject(f, s)
            if subject is None and f.noun:
                subject = _class_subject(f.noun, s, sentences)
            if event is not None and event.plover_type == "SANCTION" and f.unit in ("persons", "entities"):
                metric = "sanctioned individuals" if f.unit == "persons" else "sanctioned entities"
                subject = event.actor1 or subject
            if subject is None and f.metric in VICTIM_METRICS:
                subject = event.actor2 if event is not None else None  # the victims, never the killers
            elif subject is None:
                subject = _nearest_subject(f, s)
            if subject is None and event is not None:
                subject = event.actor1
            if part_of is not None:
                total_row = next(r for r in rows if r["figure_id"] == part_of)
                subject_name = total_row["subject"]
                if metric in ("personnel", "persons"):
                    metric = total_row["metric"]  # "25 deaths, including six prisoners": six of the dead
            else:
                subject_name = subject.named_for(event.place.country if event and event.place else None) if subject else None
            place = event.place if event else None
            att = s.attribution
            certainty = (att.certainty if att and att.certainty == "unverified" else None) or \
                (event.certainty if event else None) or (att.certainty if att else None) or "confirmed"
            rows.append({
                "figure_id": fid, "event_id": event.event_id if event else None, "doc_id": article.doc_id,
                "subject": subject_name, "metric": metric, "value": f.value, "unit": f.unit,
                "qualifier": f.qualifier, "label": f.label, "part_of": part_of,
                "country": place.country if place else None, "iso3": place.iso3 if place else None,
                "location": place.location if place else None,
                "date_start": event.timex.date_start if event and event.timex else None,
                "date_end": event.timex.date_end if event and event.timex else None,
                "certainty": certainty, "attributed_to": att.source if att else None,
                "sentence": s.text,
            })
            if part_of is None:
                prev_total = (fid, f)
    return rows
