"""Event records → rows of the event table (ACLED columns, date windows, notes, stable ids)."""

from __future__ import annotations

import hashlib

from ..reference.actors import inter_code
from ..article import Article
from .record import EventRecord, fatality_range, fatality_total

MAX_EVIDENCE = 4
"""How many merged sentences an event row quotes as its evidence."""


def doc_hash(*parts) -> str:
    """Return the first 12 hex digits of the SHA-256 of the parts joined by "|" (stable row ids)."""
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:12]


def _event_country(r: EventRecord, fallback: str | None = None) -> str | None:
    """The country that names generic actors: the event's, else the one the article is about."""
    return r.place.country if r.place and r.place.country else fallback


def event_rows(records: list[EventRecord], article: Article, main_country: str | None = None) -> list[dict]:
    """Return one event-table row dict per merged record (keys of :data:`events.schema.EVENT_COLUMNS`).

    Parameters
    ----------
    records : list of EventRecord
        Merged and coded records of one article (their ``event_id`` is set here).
    article : Article
    main_country : str or None
        The country the article is about: names generic actors of events without a place.

    Returns
    -------
    list of dict
    """
    rows = []
    pub = article.published
    for k, r in enumerate(records):
        country = _event_country(r)
        naming = _event_country(r, main_country)
        iso3 = r.place.iso3 if r.place else None
        ds = de = ev = None
        precision = None
        notes = list(r.notes)
        if r.certainty == "planned" and r.timex is not None and not r.timex.future:
            notes.append(f"planned: '{r.timex.text}' dates the statement, not the event")
            r.timex = None
        if r.timex and r.timex.date_start:
            ds, de, precision = r.timex.date_start, r.timex.date_end, r.timex.time_precision
            if r.certainty != "planned" and pub and de and de > pub:
                de = pub
            if ds == de:
                ev, precision = ds, 1  # one known day is ACLED's precision 1, however it was inferred
        elif r.timex and r.timex.date_end:  # "had agreed": some time before the story's reference date
            de, precision = min(r.timex.date_end, pub) if pub else r.timex.date_end, r.timex.time_precision
        elif r.timex and r.timex.reason:
            notes.append(f"date '{r.timex.text}' unresolved: {r.timex.reason}")
        elif r.certainty == "planned":
            notes.append("planned: no date for an event that has not happened")
        elif pub:
            de, precision = pub, 3
            notes.append("no date in the text: some time before publication")
        else:
            notes.append("no date in the text and no publication date")
        if r.place is None:
            notes.append("no place named for this event")
        fat = qual = low = high = None
        if r.fatality_figures and r.plover_type == "ASSAULT":
            fat, qual, fat_notes = fatality_total(r.fatality_figures)
            low, high = fatality_range(r.fatality_figures)
            notes += fat_notes
        if r.plover_type == "ASSAULT" and r.reported_fatalities is not None:
            stated, is_total = r.reported_fatalities
            if is_total or fat is None:
                fat, qual, low, high = stated, "exactly", None, None  # a stated total ("2 fatalities.") is the count
        event_type, sub = r.event_type, r.sub_event_type
        actor1 = r.actor1.named_for(naming) if r.actor1 else None
        actor2 = r.actor2.named_for(naming) if r.actor2 else None
        if actor2 is not None and actor2 == actor1:
            actor2 = None
        assoc1 = "; ".join(a.named_for(naming) or a.name for a in r.assoc1) or None
        att = r.attribution
        r.event_id = f"{article.doc_id}-e{doc_hash(article.doc_id, k, r.trigger.start, r.place.location if r.place else '')}"
        rows.append({
            "event_id": r.event_id,
            "event_date": ev, "date_start": ds, "date_end": de, "time_precision": precision,
            "plover_type": r.plover_type, "event_type": event_type, "sub_event_type": sub,
            "actor1": actor1, "assoc_actor_1": assoc1, "inter1": inter_code(r.actor1, iso3),
            "actor2": actor2, "assoc_actor_2": None, "inter2": inter_code(r.actor2, iso3),
            "country": country, "iso3": iso3, "admin1": r.place.admin1 if r.place else None,
            "location": r.place.location if r.place else None,
            "latitude": r.place.latitude if r.place else None, "longitude": r.place.longitude if r.place else None,
            "geo_precision": r.place_precision, "fatalities": fat, "fatalities_qualifier": qual,
            "fatalities_low": low, "fatalities_high": high,
            "certainty": r.certainty, "attributed_to": att.source if att else None,
            "sentence": " ".join(r.sentences[:MAX_EVIDENCE]) + (
                f" (+{len(r.sentences) - MAX_EVIDENCE} more sentences)" if len(r.sentences) > MAX_EVIDENCE else ""),
            "doc_id": article.doc_id,
            "source": article.publisher, "source_url": article.url or article.path,
            "notes": "; ".join(notes) or None, "dataset": "article",
        })
    return rows

