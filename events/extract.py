"""From an article to its event table and figure table.

Stages (GUIDE §1): sentences → mentions (actors, places, dates, figures, triggers,
attribution) → roles (:mod:`events.roles`: who acts on whom) → places (:mod:`events.location`)
and dates → event records, one per trigger and place → merge within the article
(:mod:`events.record`) → ACLED coding rules (:mod:`events.coding`) → validated DataFrames.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

import pandas as pd

from .actors import inter_code
from .article import Article
from .attribution import link_sources, parse_attribution
from .coding import (PROTEST_POLICING, civilian_victims, classify_assault, code_protest, generic_actor, reported_fatalities,
                     unarmed_crowd_violence)
from .dates import Timex, parse_timexes
from .figure_subjects import figure_records
from .figures import parse_figures
from .location import (PHYSICAL, article_context, article_place, fallback_place, link_places, pick_places)
from .mentions import Trigger, find_mentions, find_surnames, tokenize
from .places import PlaceContext, country_places
from .record import EventRecord, FatalityCount, SentenceParts, fatality_total, merge_records, token_distance
from .roles import (FIRST_ACTOR_TYPES, coordinated_partner, distribute_forces, first_actor, pick_actors, read_loyal_forces,
                    resolve_attackers, resolve_mentions)
from .schema import EVENT_COLUMNS, FIGURE_COLUMNS, from_records, validate_events, validate_figures

__all__ = ["extract_events", "extract_batch", "extract_rows", "FatalityCount", "fatality_total"]

MAX_EVIDENCE = 4
"""How many merged sentences an event row quotes as its evidence."""


def _pick_timex(s: SentenceParts, trig: Trigger) -> Timex | None:
    """The date expression closest to the trigger, ignoring those dating a speech verb."""
    best, best_d = None, 10**6
    speech = s.attribution.verb_tokens if s.attribution else range(0)
    for t in s.timexes:
        ti = next((k for k, tok in enumerate(s.tokens) if tok.start >= t.start), len(s.tokens))
        te = next((k for k, tok in enumerate(s.tokens) if tok.start >= t.end), len(s.tokens))
        if any(abs(ti - v) <= 2 or abs(te - v) <= 1 for v in speech):
            continue
        if ti > 0 and s.tokens[ti - 1].lower == "the" and te < len(s.tokens) and s.tokens[te].text[:1].isalpha():
            continue  # "the Dec. 27 presidential election": a date naming another thing
        lo, hi = sorted((trig.tok_start, ti))
        if any(t.text == "," for t in s.tokens[lo:hi]) and any(t.lower == "to" for t in s.tokens[max(0, ti - 5):ti]):
            continue  # ", based on intelligence to be unveiled on Thursday,": dates another verb
        d = token_distance(trig.tok_start, trig.tok_end, ti, te)
        if d < best_d:
            best, best_d = t, d
    return best


_PLANNED = re.compile(r"\b(plans? to|planning to|intends? to|will|would|are coming|is coming|is expected to|are expected to|to be unveiled|threaten(?:s|ed)? to|vowed to|promised to)\b", re.I)


def _certainty(s: SentenceParts, trig: Trigger, timex: Timex | None) -> str:
    before = s.text[: trig.start - s.start]
    window = before[-60:]
    if (timex is not None and timex.future) or _PLANNED.search(window) or re.search(r"\b(are|is) coming\b", s.text[trig.end - s.start:][:30]):
        return "planned"
    att = s.attribution
    if att and att.certainty:
        cue = att.cue_start
        if att.certainty != "alleged" or att.source or cue is None or cue <= trig.start - s.start:
            return att.certainty
    return "confirmed"


def _is_irrealis(s: SentenceParts, trig: Trigger) -> bool:
    """An infinitive of purpose ("to fight there", "to help bolster") reports no event."""
    i = trig.tok_start
    if i == 0 or s.tokens[i - 1].lower != "to":
        return False
    return not _PLANNED.search(s.text[: trig.start - s.start][-40:])


def _records_for_sentence(s: SentenceParts, article: Article, context: PlaceContext) -> list[EventRecord]:
    out = []
    last: Trigger | None = None
    for trig in s.triggers:
        if _is_irrealis(s, trig):
            continue
        if last is not None and last.plover_type == trig.plover_type and trig.tok_start - last.tok_end <= 3:
            continue  # one predicate: "took delivery of an arms shipment"
        last = trig
        a1, a2 = pick_actors(s, trig)
        partner = coordinated_partner(s, trig, a1)
        timex = _pick_timex(s, trig)
        if trig.plover_type == "ASSAULT" and PROTEST_POLICING.search(s.text):
            trig = replace(trig, plover_type="PROTEST", event_type="Protests", sub_event_type="Protest with intervention")
        base = EventRecord(
            sentence=s.index, trigger=trig, plover_type=trig.plover_type, event_type=trig.event_type,
            sub_event_type=trig.sub_event_type, actor1=a1.resolved if a1 else None,
            actor2=a2.resolved if a2 else None, timex=timex,
            certainty=_certainty(s, trig, timex), attribution=s.attribution, sentences=[s.text],
        )
        if partner is not None:  # "Wagner Group and the Malian army killed ...": the first named acts with the other
            base.actor1, base.assoc1 = partner.resolved, [a1.resolved]
        places = pick_places(s, trig, context)
        if not places:
            out.append(base)
            continue
        for place, precision, d in places:
            out.append(replace(base, place=place, place_precision=precision, place_distance=d,
                               sentences=list(base.sentences), notes=list(base.notes), assoc1=list(base.assoc1),
                               fatality_figures=set()))
    return out


def _attach_fatalities(records: list[EventRecord], sentences: list[SentenceParts], figure_ids: dict) -> None:
    """Add each fatality figure to the ASSAULT event whose trigger is nearest before it."""
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
            target.fatality_figures.add(FatalityCount(figure_ids[(s.index, f.start)], int(f.value), f.qualifier,
                                                      group, att.source if att else None, doubtful))


def _sentence_parts(article: Article) -> list[SentenceParts]:
    out = []
    token_lists = [tokenize(sent.text, sent.start) for sent in article.sentences]
    surnames = find_surnames(token_lists)
    for sent, tokens in zip(article.sentences, token_lists):
        mentions, triggers = find_mentions(tokens, article.text, sent.start, surnames)
        link_places(mentions, tokens)
        timexes = parse_timexes(sent.text, article.published, sent.start)
        triggers = [t for t in triggers if not any(x.start <= t.start < x.end for x in timexes)]
        figures = parse_figures(sent.text, sent.start)
        s = SentenceParts(sent.index, sent.text, sent.start, tokens, mentions, triggers, timexes, figures, None)
        read_loyal_forces(s)
        distribute_forces(s)
        out.append(s)
    return out


def _doc_hash(*parts) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:12]


def _event_country(r: EventRecord, fallback: str | None = None) -> str | None:
    """The country that names generic actors: the event's, else the one the article is about."""
    return r.place.country if r.place and r.place.country else fallback


def extract_events(article: Article) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Extract the events and figures of one article.

    Parameters
    ----------
    article : Article
        From :func:`events.read_article` or :func:`events.article.parse_article`.

    Returns
    -------
    events : pandas.DataFrame
        Columns and dtypes of :data:`events.schema.EVENT_COLUMNS`; one row per
        who-did-what-to-whom-where-when, ``dataset`` = "article".
    figures : pandas.DataFrame
        Columns and dtypes of :data:`events.schema.FIGURE_COLUMNS`.

    Raises
    ------
    SchemaError
        If the result does not match the schema (a bug, not bad input).

    Notes
    -----
    Ids are stable: ``event_id`` is a hash of the doc_id and the event's position and content,
    so extracting the same article twice gives the same ids.
    """
    return extract_batch([article])


def extract_batch(articles) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Extract several articles into one event table and one figure table.

    Parameters
    ----------
    articles : iterable of Article

    Returns
    -------
    events, figures : pandas.DataFrame
        As :func:`extract_events`, for all articles (tables are built once, which is what
        makes batches fast).

    Raises
    ------
    SchemaError
        If the result does not match the schema.
    """
    event_rows, figure_rows = [], []
    for article in articles:
        ev, fig = extract_rows(article)
        event_rows += ev
        figure_rows += fig
    return (validate_events(from_records(event_rows, EVENT_COLUMNS)),
            validate_figures(from_records(figure_rows, FIGURE_COLUMNS)))


def extract_rows(article: Article) -> tuple[list[dict], list[dict]]:
    """Extract one article's events and figures as row dicts (keys of the two schemas).

    Parameters
    ----------
    article : Article

    Returns
    -------
    (list of dict, list of dict)
        Event rows and figure rows, not yet validated (see :func:`extract_batch`).
    """
    sentences = _sentence_parts(article)
    for s in sentences:
        s.attribution = parse_attribution(s.tokens, s.mentions, s.text, s.start)
    _carry_quotes(sentences)
    link_sources([s.attribution for s in sentences])
    resolve_mentions(sentences)
    context = article_context(sentences, article)
    records = []
    for s in sentences:
        records.extend(_records_for_sentence(s, article, context))
    resolve_attackers(records, sentences)
    figure_ids = {(s.index, f.start): f"{article.doc_id}-f{_doc_hash(article.doc_id, s.index, f.start)}" for s in sentences for f in s.figures}
    _attach_fatalities(records, sentences, figure_ids)
    mentions = list(records)
    records = merge_records(records)
    first_place = article_place(sentences, context)
    starts = sorted({r.sentence for r in records if r.plover_type == "ASSAULT"})
    previous: EventRecord | None = None
    for r in records:
        near = previous.place if previous is not None and previous.place and r.sentence - previous.sentence <= 1 else None
        fallback_place(r, article, near or first_place,
                       "the place of the event before it" if near else "the article's first named place")
        if r.place is not None and r.plover_type in PHYSICAL:
            previous = r
        until = next((x for x in starts if x > r.sentence), len(sentences))
        _code_event(r, sentences, [x.text for x in sentences[r.sentence + 1:until]])
    top = context.countries.most_common(1)
    main = country_places()[top[0][0]].country if top and top[0][0] in country_places() else None
    events = _event_rows(records, article, main)
    return events, figure_records(sentences, mentions, article, figure_ids)


def _code_event(r: EventRecord, sentences: list[SentenceParts], following: list[str]) -> None:
    """Apply ACLED's coding rules (:mod:`events.coding`) to a merged event.

    ``following`` holds the sentences after the event up to the next assault: a count such as
    "2 fatalities." there belongs to this event.
    """
    s = sentences[r.sentence]
    if r.actor1 is None and r.plover_type in FIRST_ACTOR_TYPES:
        r.actor1 = first_actor(s, exclude=r.actor2)  # after merging, so a subjectless clause still merges
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


def _carry_quotes(sentences: list[SentenceParts]) -> None:
    """A sentence inside a quotation takes the attribution of the sentence that closes it."""
    pending: list[SentenceParts] = []
    for s in sentences:
        quotes = s.text.count('"') + s.text.count("\u201c") + s.text.count("\u201d")
        if pending or (quotes % 2 == 1 and s.text.lstrip()[:1] in '"\u201c'):
            pending.append(s)
            if s.attribution is not None or (len(pending) > 1 and quotes % 2 == 1):
                for p in pending:
                    if p.attribution is None:
                        p.attribution = s.attribution
                pending = []


def _event_rows(records: list[EventRecord], article: Article, main_country: str | None = None) -> list[dict]:
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
                ev = ds
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
        fat = qual = None
        if r.fatality_figures and r.plover_type == "ASSAULT":
            fat, qual, fat_notes = fatality_total(r.fatality_figures)
            notes += fat_notes
        if r.plover_type == "ASSAULT" and r.reported_fatalities is not None:
            stated, is_total = r.reported_fatalities
            if is_total or fat is None:
                fat, qual = stated, "exactly"  # a stated total ("2 fatalities.") is the count
        event_type, sub = r.event_type, r.sub_event_type
        actor1 = r.actor1.named_for(naming) if r.actor1 else None
        actor2 = r.actor2.named_for(naming) if r.actor2 else None
        if actor2 is not None and actor2 == actor1:
            actor2 = None
        assoc1 = "; ".join(a.named_for(naming) or a.name for a in r.assoc1) or None
        att = r.attribution
        r.event_id = f"{article.doc_id}-e{_doc_hash(article.doc_id, k, r.trigger.start, r.place.location if r.place else '')}"
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
            "certainty": r.certainty, "attributed_to": att.source if att else None,
            "sentence": " ".join(r.sentences[:MAX_EVIDENCE]) + (
                f" (+{len(r.sentences) - MAX_EVIDENCE} more sentences)" if len(r.sentences) > MAX_EVIDENCE else ""),
            "doc_id": article.doc_id,
            "source": article.publisher, "source_url": article.url or article.path,
            "notes": "; ".join(notes) or None, "dataset": "article",
        })
    return rows

