"""From an article to its event table and figure table.

Stages (GUIDE §1): sentences → mentions (actors, places, dates, figures, triggers,
attribution) → resolution (dictionaries, gazetteer, publication date) → event records, one per
trigger and place → merge within the article → validated DataFrames.

Merging: two event mentions of one article are one event when they have the same PLOVER type,
the same certainty class (planned or not), no conflicting actors, no conflicting place and
overlapping (or unknown) dates — "completed an initial arms delivery" and "Last month, North
Korea delivered infantry rockets" are one event. A list of places ("fought in Libya, Syria and
Mali") gives one event per place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace

import pandas as pd

from .actors import Actor, actors_by_name, inter_code
from .article import Article
from .attribution import Attribution, link_sources, parse_attribution
from .coding import (PROTEST_POLICING, civilian_victims, classify_assault, code_protest, generic_actor, reported_fatalities,
                     unarmed_crowd_violence)
from .dates import Timex, parse_timexes
from .figures import FigureMention, parse_figures
from .lexicon import normalize_key
from .mentions import Mention, Token, Trigger, demonym_index, find_mentions, tokenize
from .places import Place, PlaceContext, capital_place, country_places, place_from_row, rank_candidates
from .schema import EVENT_COLUMNS, FIGURE_COLUMNS, from_records, validate_events, validate_figures

MAX_EVIDENCE = 4
"""How many merged sentences an event row quotes as its evidence."""
TYPE_PRIORITY = {"Explosions/Remote violence": 0, "Battles": 1, "Violence against civilians": 2}
_GROUP_KINDS = {"rebel group", "political militia", "identity militia", "private military company"}
TARGET_NOUNS = {"headquarters", "positions", "position", "base", "bases", "convoy", "camp", "checkpoint", "members",
                "fighters", "troops", "forces", "soldiers", "office", "offices", "home", "house", "vehicle", "patrol",
                "post", "outpost", "barracks", "compound", "residence", "militants", "supporters"}
"""Nouns whose "of" phrase names the attacked actor ("the headquarters of the SDF")."""
SPEECH_ACTS = {"ACCUSE", "THREATEN", "REQUEST"}
"""Event types whose actor is whoever makes the statement when the sentence names a speaker."""


class _Fixed:
    """A stand-in mention for an actor known from elsewhere in the sentence (the speaker)."""

    def __init__(self, actor):
        self.resolved = actor


POLITICAL = {"SANCTION", "REJECT", "ACCUSE", "THREATEN", "REQUEST", "CONSULT", "AGREE", "SUPPORT",
             "COOPERATE", "CONCEDE", "COERCE", "AID"}


@dataclass(frozen=True)
class FatalityCount:
    """A fatality figure attached to an event: who died (``group``), who says so, how sure."""

    figure_id: str
    value: int
    qualifier: str
    group: str
    source: str | None
    doubtful: bool


def fatality_total(counts) -> tuple[int, str, list[str]]:
    """Return an event's fatalities from its figures: (total, qualifier, notes).

    Counts of different groups add up ("1 peacekeeper" + "30 rebels" = 31). Several sources
    counting the same group do not: the most credible one is kept (a figure that "could not be
    verified" or a party's claim yields to an unqualified one; among equals the lowest number,
    ACLED's conservative rule), and the others are named in the notes.
    """
    by_group: dict[str, list[FatalityCount]] = {}
    for c in sorted(counts, key=lambda c: c.figure_id):
        by_group.setdefault(c.group, []).append(c)
    kept, notes = [], []
    for group, items in by_group.items():
        best = min(items, key=lambda c: (c.doubtful, c.value))
        kept.append(best)
        others = [c for c in items if c is not best and (c.source != best.source or c.doubtful != best.doubtful)]
        if others:
            notes.append(f"{group} fatalities: {best.value} kept ({best.source or 'unattributed'}); " + ", ".join(
                f"{c.value} from {c.source or 'unattributed'}{' (unverified)' if c.doubtful else ''} set aside" for c in others))
        kept += [c for c in items if c is not best and c not in others]
    if any(c.doubtful for c in kept):
        notes.append("fatalities include a count that could not be verified")
    quals = {c.qualifier for c in kept}
    return sum(c.value for c in kept), quals.pop() if len(quals) == 1 else "approximately", notes


@dataclass
class EventRecord:
    """One event as it flows through the stages (before it becomes a table row)."""

    sentence: int
    trigger: Trigger
    plover_type: str
    event_type: str | None
    sub_event_type: str | None
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc1: list[Actor] = field(default_factory=list)
    place: Place | None = None
    place_precision: int | None = None
    place_distance: int = 99
    timex: Timex | None = None
    certainty: str = "confirmed"
    attribution: Attribution | None = None
    fatalities: int | None = None
    fatalities_qualifier: str | None = None
    fatality_figures: set = field(default_factory=set)
    sentences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reported_fatalities: tuple[int, bool] | None = None
    merged_into: "EventRecord | None" = None
    event_id: str | None = None

    def final(self) -> "EventRecord":
        """The record this one was merged into (itself if it was kept)."""
        r = self
        while r.merged_into is not None:
            r = r.merged_into
        return r


@dataclass
class _Sentence:
    index: int
    text: str
    start: int
    tokens: list[Token]
    mentions: list[Mention]
    triggers: list[Trigger]
    timexes: list[Timex]
    figures: list[FigureMention]
    attribution: Attribution | None


def _article_context(sentences: list[_Sentence], article: Article) -> PlaceContext:
    countries, admin1, votes = Counter(), Counter(), Counter()
    demonyms = demonym_index()
    for s in sentences:
        for m in s.mentions:
            for a in m.actors[:1]:
                if a.iso3:
                    countries[a.iso3] += 1
            if m.place_key and m.role in ("place", "origin", "qualifier"):
                ranked = rank_candidates(m.place_key, PlaceContext.empty(), m.place_features)
                if ranked:
                    p = place_from_row(ranked[0][1])
                    if p.feature in ("country", "admin1", "region") and p.iso3:
                        countries[p.iso3] += 1
                    if p.feature == "admin1":
                        admin1[m.place_key] += 1
                for iso3 in {place_from_row(row).iso3 for _, row in ranked[:10]} - {None}:
                    votes[iso3] += 1
        for t in s.tokens:
            iso3 = demonyms.get(t.lower)
            if iso3:
                countries[iso3] += 1
    if article.dateline:
        # where the story was filed is no event location, but it says which country the story is about
        ranked = rank_candidates(normalize_key(article.dateline), PlaceContext.empty())
        if ranked and place_from_row(ranked[0][1]).iso3:
            countries[place_from_row(ranked[0][1]).iso3] += 1
    return PlaceContext(countries, admin1, votes)


FOREIGN_TOWN_POPULATION = 100_000


def _inside(place: Place, region: Place, region_key: str) -> bool:
    """Whether a place lies in a region named in the text (its admin-1 or its country)."""
    if region.feature == "country":
        return place.iso3 == region.iso3
    return place.iso3 == region.iso3 and (place.admin1 is not None and normalize_key(place.admin1) in
                                          (normalize_key(region.location), region_key))


def _resolve_place(m: Mention, context: PlaceContext) -> Place | None:
    """Resolve a mention; None for a small foreign town in an article clearly about elsewhere.

    When the article names one country at least twice (places, actors, demonyms, dateline) and
    the only towns of that name are small ones in countries the article never names, the town
    is most likely missing from the gazetteer ("the central Malian town of Moura" is not the
    Portuguese Moura): leaving it unresolved is better than a confident wrong point.
    """
    cached = m.__dict__.get("_place")
    if cached is not None and cached[0] is context:
        return cached[1]
    place = _rank_place(m, context)
    m.__dict__["_place"] = (context, place)
    return place


def _rank_place(m: Mention, context: PlaceContext) -> Place | None:
    ranked = rank_candidates(m.place_key, context, m.place_features)
    if ranked and m.qualifier is not None:
        # "Orikhove, Luhansk": only an Orikhove inside Luhansk will do; else the region stands
        region = rank_candidates(m.qualifier.place_key, context, m.qualifier.place_features)
        if region:
            r = place_from_row(region[0][1])
            inside = [x for x in ranked if _inside(place_from_row(x[1]), r, m.qualifier.place_key)]
            ranked = inside
    if not ranked:
        return None
    place = place_from_row(ranked[0][1])
    strong = [iso for iso, n in context.countries.items() if n >= 2]
    if (strong and place.feature == "city" and not context.countries.get(place.iso3)
            and (place.population or 0) < FOREIGN_TOWN_POPULATION):
        return None
    return place


def _distance(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return b_start - a_end if b_start >= a_end else a_start - b_end if a_start >= b_end else 0


def _is_clause_break(tokens: list[Token], j: int) -> bool:
    """A semicolon, a quotation mark, or a dash standing between spaces ("... Donbas - and ...")."""
    t = tokens[j]
    if t.text in (";", '"', "\u201c", "\u201d"):
        return True
    return t.text in ("-", "\u2013", "\u2014", "--") and 0 < j < len(tokens) - 1 and \
        tokens[j - 1].end < t.start and t.end < tokens[j + 1].start


def _clause_bounds(tokens: list[Token], i: int) -> tuple[int, int]:
    """Token range of the clause around token ``i`` (see :func:`_is_clause_break`)."""
    lo, hi = 0, len(tokens)
    for j in range(i - 1, -1, -1):
        if _is_clause_break(tokens, j):
            lo = j + 1
            break
    for j in range(i, len(tokens)):
        if _is_clause_break(tokens, j):
            hi = j
            break
    return lo, hi


def _actor_mentions(s: _Sentence) -> list[Mention]:
    skip = s.attribution.source_tokens if s.attribution else range(0)
    return [m for m in s.mentions if m.role in ("actor", "anaphor") and m.tok_start not in skip and m.resolved]


def _after_target_noun(tokens: list[Token], i: int) -> bool:
    """Whether the "of" governing token ``i`` follows a target noun ("the headquarters of the SDF")."""
    k = i - 1
    while k > 0 and tokens[k].lower != "of" and i - k < 6:
        k -= 1
    return k > 0 and tokens[k].lower == "of" and tokens[k - 1].lower in TARGET_NOUNS


def _pick_actors(s: _Sentence, trig: Trigger) -> tuple[Mention | None, Mention | None]:
    lo, hi = _clause_bounds(s.tokens, trig.tok_start)
    cands = [m for m in _actor_mentions(s) if lo <= m.tok_start < hi]
    before = [m for m in cands if m.tok_end <= trig.tok_start and m.prep not in ("of", "by", "to", "with", "from", "for", "against")]
    after = [m for m in cands if m.tok_start >= trig.tok_end]
    subject = before[-1] if before else None
    if trig.text.lower().endswith("ing") and trig.tok_start > 0 and s.tokens[trig.tok_start - 1].text == "," and before:
        subject = before[0]  # ", accusing the contractor of abuses": the main clause's subject acts
    targets = {id(m) for m in after if m.prep == "of" and _after_target_noun(s.tokens, m.tok_start)}
    if subject is not None and subject.possessive:
        later = [m for m in before if m.tok_start > subject.tok_start]
        subject = later[-1] if later else subject
    passive = (trig.tok_start > 0 and s.tokens[trig.tok_start - 1].lower in ("was", "were", "been", "being", "is", "are")
               and trig.text.lower().split()[0].endswith(("ed", "en", "wn", "ck", "ot")))
    if subject is not None and any(f.metric in ("fatalities", "injured") and f.start <= subject.start <= f.end + 30
                                   for f in s.figures):
        passive = True  # "one soldier killed": the counted victims, not the killers
    source = next((m for m in after if m.prep in trig.source_preps or (passive and m.prep == "by")), None)
    if passive:
        return source, subject
    obj = next((m for m in after if m is not source and (m.prep is None or m.prep in trig.object_preps or id(m) in targets)
                and m.resolved != (subject.resolved if subject else None)
                and not (m.possessive and any(x.tok_start == m.tok_end + 1 for x in after))), None)
    if trig.subject_role == "actor2":
        return source, subject
    if source is not None and source.prep == "by" and source.tok_start - trig.tok_end <= 2:
        return source, obj  # "material delivered by North Korea": the by-phrase is the agent
    speaker = s.attribution.actor if s.attribution else None
    if trig.plover_type in SPEECH_ACTS and speaker is not None and subject is not None and subject.resolved != speaker:
        # "U.S. officials believe North Korea's delivery is a violation": the speaker accuses
        return _Fixed(speaker), subject
    if source is not None and trig.source_preps and subject is None:
        return source, obj
    return subject, obj


def _pick_places(s: _Sentence, trig: Trigger, context: PlaceContext) -> list[tuple[Place, int, int]]:
    """Return (place, precision, distance) for the places locating a trigger (a list gives several)."""
    places = [m for m in s.mentions if m.role == "place" or (m.role == "qualifier" and not _resolves(m.head, context))]
    places = [m for m in places if _resolves(m, context)]
    if not places:
        capital = _named_capital(s, context)
        return [(capital, 1, 99)] if capital is not None else []
    if any(m.qualified for m in places):
        places = [m for m in places if m.qualified]
    if not places:
        return []
    dist = [(_distance(trig.tok_start, trig.tok_end, m.tok_start, m.tok_end), k) for k, m in enumerate(places)]
    d, k = min(dist)
    group = [k]
    j = k
    joined_by_and = False
    while j + 1 < len(places) and all(t.lower in (",", "and", "or", "the") for t in s.tokens[places[j].tok_end:places[j + 1].tok_start]):
        joined_by_and |= any(t.lower in ("and", "or") for t in s.tokens[places[j].tok_end:places[j + 1].tok_start])
        j += 1
        group.append(j)
    if not joined_by_and:
        group = group[:1]  # "Calamba, Laguna": a comma chain is a place and its province, not a list
    out = []
    for k in group:
        m = places[k]
        p = _resolve_place(m, context)
        if p is None:
            continue
        near = any(t.lower in ("near", "outskirts", "outside", "around", "parts", "part") for t in s.tokens[max(0, m.tok_start - 5):m.tok_start])
        precision = p.geo_precision if not near else min(3, max(p.geo_precision, 2))
        out.append((p, precision, d))
    return out


_THE_CAPITAL = re.compile(r"\b(in|near|outside|around|into|across|on the outskirts of) the (country's |nation's )?capital\b", re.I)


def _named_capital(s: _Sentence, context: PlaceContext) -> Place | None:
    """"in the capital" names the capital of the country the article is about."""
    if not _THE_CAPITAL.search(s.text) or not context.countries:
        return None
    return capital_place(context.countries.most_common(1)[0][0])


def _resolves(m: Mention | None, context: PlaceContext) -> bool:
    return m is not None and _resolve_place(m, context) is not None


def _pick_timex(s: _Sentence, trig: Trigger) -> Timex | None:
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
        d = _distance(trig.tok_start, trig.tok_end, ti, te)
        if d < best_d:
            best, best_d = t, d
    return best


_PLANNED = re.compile(r"\b(plans? to|planning to|intends? to|will|would|are coming|is coming|is expected to|are expected to|to be unveiled|threaten(?:s|ed)? to|vowed to|promised to)\b", re.I)


def _certainty(s: _Sentence, trig: Trigger, timex: Timex | None) -> str:
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


def _is_irrealis(s: _Sentence, trig: Trigger) -> bool:
    """An infinitive of purpose ("to fight there", "to help bolster") reports no event."""
    i = trig.tok_start
    if i == 0 or s.tokens[i - 1].lower != "to":
        return False
    return not _PLANNED.search(s.text[: trig.start - s.start][-40:])


def _records_for_sentence(s: _Sentence, article: Article, context: PlaceContext) -> list[EventRecord]:
    out = []
    last: Trigger | None = None
    for trig in s.triggers:
        if _is_irrealis(s, trig):
            continue
        if last is not None and last.plover_type == trig.plover_type and trig.tok_start - last.tok_end <= 3:
            continue  # one predicate: "took delivery of an arms shipment"
        last = trig
        a1, a2 = _pick_actors(s, trig)
        timex = _pick_timex(s, trig)
        if trig.plover_type == "ASSAULT" and PROTEST_POLICING.search(s.text):
            trig = replace(trig, plover_type="PROTEST", event_type="Protests", sub_event_type="Protest with intervention")
        base = EventRecord(
            sentence=s.index, trigger=trig, plover_type=trig.plover_type, event_type=trig.event_type,
            sub_event_type=trig.sub_event_type, actor1=a1.resolved if a1 else None,
            actor2=a2.resolved if a2 else None, timex=timex,
            certainty=_certainty(s, trig, timex), attribution=s.attribution, sentences=[s.text],
        )
        places = _pick_places(s, trig, context)
        if not places:
            out.append(base)
            continue
        for place, precision, d in places:
            out.append(replace(base, place=place, place_precision=precision, place_distance=d,
                               sentences=list(base.sentences), notes=list(base.notes), assoc1=list(base.assoc1),
                               fatality_figures=set()))
    return out


def _compatible(a: EventRecord, b: EventRecord) -> bool:
    if a.plover_type != b.plover_type or (a.certainty == "planned") != (b.certainty == "planned"):
        return False
    two_sides = (a.plover_type == "ASSAULT" and a.sentence == b.sentence and a.actor1 != b.actor1
                 and (a.actor2 is None or b.actor2 is None or a.actor2 == b.actor2))
    # "forces repelled an attack by the Taliban, killing 5 militants": one clash told from both sides
    if a.actor1 and b.actor1 and a.actor1 != b.actor1 and not two_sides:
        return False
    if a.actor2 and b.actor2 and a.actor2 != b.actor2 and a.actor2 != b.actor1 and b.actor1 is not None:
        return False
    one_far = (a.place_distance <= 8) != (b.place_distance <= 8)  # a far place yields to a near one
    if not one_far and a.place and b.place and a.place.location != b.place.location:
        if a.place.iso3 != b.place.iso3 or "country" not in (a.place.feature, b.place.feature):
            return False
    if a.timex and b.timex and a.timex.date_start and b.timex.date_start and a.timex.date_end and b.timex.date_end:
        if a.timex.date_start > b.timex.date_end or b.timex.date_start > a.timex.date_end:
            return False
    if a.plover_type == "ASSAULT" and a.sentence != b.sentence and b.actor1 and a.actor1 is None:
        return False
    return True


_CERTAINTY_RANK = {"confirmed": 0, "assessed": 1, "claimed": 2, "alleged": 3, "unverified": 4, "planned": 5}


def _merge(a: EventRecord, b: EventRecord) -> None:
    if a.actor1 and b.actor1 and b.actor1 != a.actor1 and a.actor2 is None:
        a.actor2 = b.actor1  # the other side of the same clash
    a.actor1 = a.actor1 or b.actor1
    a.actor2 = a.actor2 or b.actor2
    finer = {"city": 0, "admin1": 1, "region": 1, "country": 2}
    if b.place and (a.place is None or (finer[b.place.feature], b.place_distance) < (finer[a.place.feature], a.place_distance)):
        a.place, a.place_precision, a.place_distance = b.place, b.place_precision, b.place_distance
    if b.timex and b.timex.date_start and (a.timex is None or a.timex.date_start is None or
                                            (b.timex.time_precision or 9) < (a.timex.time_precision or 9)):
        a.timex = b.timex
    if _CERTAINTY_RANK[b.certainty] < _CERTAINTY_RANK[a.certainty]:
        a.certainty = b.certainty
        a.attribution = b.attribution or a.attribution
    if b.event_type and (a.event_type is None or TYPE_PRIORITY.get(b.event_type, 9) < TYPE_PRIORITY.get(a.event_type, 9)):
        a.event_type, a.sub_event_type = b.event_type, b.sub_event_type
    for text in b.sentences:
        if text not in a.sentences:
            a.sentences.append(text)
    a.fatality_figures |= b.fatality_figures


def merge_records(records: list[EventRecord]) -> list[EventRecord]:
    """Merge mentions of the same event within one article (see the module notes)."""
    merged: list[EventRecord] = []
    for r in records:
        target = next((m for m in reversed(merged) if _compatible(m, r)), None)
        if target is None:
            merged.append(r)
        else:
            _merge(target, r)
            r.merged_into = target
    return merged


def _attach_fatalities(records: list[EventRecord], sentences: list[_Sentence], figure_ids: dict) -> None:
    """Add each fatality figure to the ASSAULT event whose trigger is nearest before it."""
    for s in sentences:
        for f in s.figures:
            if f.metric != "fatalities":
                continue
            cands = [r for r in records if r.plover_type == "ASSAULT" and r.sentence == s.index]
            if not cands:
                continue
            before = [r for r in cands if r.trigger.start <= f.start]
            target = (before[-1] if before else cands[0])
            att = s.attribution
            doubtful = bool(att and att.certainty in ("unverified", "claimed"))
            group = (f.noun or "persons").lower().rstrip("s")
            target.fatality_figures.add(FatalityCount(figure_ids[(s.index, f.start)], int(f.value), f.qualifier,
                                                      group, att.source if att else None, doubtful))


def _resolve_mentions(sentences: list[_Sentence]) -> None:
    """Resolve each mention to one actor: named actors, generic ones, and anaphors."""
    named_by_kind: dict[str, list[Actor]] = {}
    for s in sentences:
        for m in s.mentions:
            if m.actors and not m.actors[0].generic:
                named_by_kind.setdefault(m.actors[0].kind, [])
                if m.actors[0] not in named_by_kind[m.actors[0].kind]:
                    named_by_kind[m.actors[0].kind].append(m.actors[0])
    recent: list[Actor] = []
    for s in sentences:
        for m in s.mentions:
            m.resolved = None
            if m.role == "anaphor":
                kinds = set(m.anaphor or ())
                m.resolved = next((a for a in reversed(recent) if a.kind in kinds), None)
                if m.resolved is None:
                    same = [a for k in kinds for a in named_by_kind.get(k, [])]
                    m.resolved = same[0] if len(same) == 1 else None
            elif m.actors:
                actor = m.actors[0]
                if actor.generic:
                    same = named_by_kind.get(actor.kind, []) if actor.kind in _GROUP_KINDS else []
                    here = {x.actors[0] for x in s.mentions if x.actors and not x.actors[0].generic}
                    # "rebels" is the article's one named rebel group, unless that group is named
                    # beside it (then they are two sides: "rebels attacked the SDF")
                    m.resolved = same[0] if len(same) == 1 and same[0] not in here else actor
                    prev = _mention_before(s.mentions, m)
                    if prev is not None and prev.actors and not prev.actors[0].generic and \
                            prev.actors[0].kind == actor.kind and prev.tok_end == m.tok_start:
                        m.resolved = prev.actors[0]  # "Al Shabaab militants": one actor, named then described
                else:
                    m.resolved = actor
            if m.resolved is not None and m.role in ("actor", "anaphor"):
                recent.append(m.resolved)


def _mention_before(mentions: list[Mention], m: Mention) -> Mention | None:
    """The mention just before ``m`` in its sentence, if any."""
    before = [x for x in mentions if x.tok_end <= m.tok_start]
    return before[-1] if before else None


def _loyal_forces(s: _Sentence) -> None:
    """Read "forces loyal to <leader>" as the military forces of the leader's country."""
    low = [t.lower for t in s.tokens]
    for k, m in enumerate(s.mentions):
        if not m.actors or m.actors[0].kind != "person" or m.tok_start < 3:
            continue
        for j in range(m.tok_start - 1, max(1, m.tok_start - 5), -1):
            if low[j] == "to" and low[j - 1] == "loyal" and j >= 2 and low[j - 2] in ("forces", "troops", "fighters", "militias", "units"):
                affiliation = actors_by_name().get(m.actors[0].affiliation or "")
                if affiliation and affiliation.iso3:
                    forces = next((a for a in actors_by_name().values() if a.iso3 == affiliation.iso3 and a.name.startswith("Military Forces of")), None)
                    if forces:
                        start_tok = j - 2
                        s.mentions[k] = Mention(s.tokens[start_tok].start, m.end, start_tok, m.tok_end,
                                                s.text[s.tokens[start_tok].start - s.start:m.end - s.start],
                                                (forces,), role="actor")
                break


def _sentence_parts(article: Article) -> list[_Sentence]:
    out = []
    for sent in article.sentences:
        tokens = tokenize(sent.text, sent.start)
        mentions, triggers = find_mentions(tokens, article.text, sent.start)
        _propagate_lists(mentions, tokens)
        timexes = parse_timexes(sent.text, article.published, sent.start)
        triggers = [t for t in triggers if not any(x.start <= t.start < x.end for x in timexes)]
        figures = parse_figures(sent.text, sent.start)
        s = _Sentence(sent.index, sent.text, sent.start, tokens, mentions, triggers, timexes, figures, None)
        _loyal_forces(s)
        out.append(s)
    return out


def _propagate_lists(mentions: list[Mention], tokens: list[Token]) -> None:
    """Link places that belong together.

    Members of a coordinated list share the role of its first member ("in Libya, Syria and
    Mali"); a region or country right after a place qualifies it ("in Manaus, Amazonas",
    "Burco town (Burco, Togdheer)") and is context, not a second location.
    """
    for prev, cur in zip(mentions, mentions[1:]):
        between = [t.text for t in tokens[prev.tok_end:cur.tok_start]]
        if not (prev.place_key and cur.place_key):
            continue
        bracketed = bool(between) and between[0] == "(" and ")" not in between and len(between) <= 6
        if (between in ([","], ["("], [",", "("]) or bracketed) and _qualifies(prev, cur):
            cur.role, cur.head, prev.qualified, prev.qualifier = "qualifier", prev, True, cur
            cur.place_features = ("admin1", "region", "country")
            if prev.role not in ("place", "origin", "qualifier"):
                prev.role = "place"
        elif between == ["("] and prev.role in ("place", "qualifier"):
            # "Muaja (Ancuabe, Cabo Delgado)": a district in brackets is context for the place
            # before it, not a second location; its own region (after the comma) qualifies both
            cur.role, cur.head = "qualifier", prev
        elif prev.role == "qualifier" and between[:1] == [","] and ")" not in between and len(between) <= 4:
            cur.role, cur.head = "qualifier", prev  # "(Bir al-Abd, North Sinai)": still inside the brackets
        elif prev.role == "place" and all(t.lower() in (",", "and", "or", "the") for t in between):
            cur.role = "place"
    for m in mentions:  # "Muaja (Ancuabe, Cabo Delgado)": the outermost region qualifies the place too
        if m.role == "qualifier" and m.head is not None and m.head.role == "qualifier" and m.head.head is not None:
            top = m.head.head
            if top.qualifier is None:
                top.qualifier, top.qualified = m, True


def _qualifies(head: Mention, cur: Mention) -> bool:
    """Whether ``cur`` can name a larger unit than ``head`` (an admin-1 after a town, a country after either)."""
    head_best = rank_candidates(head.place_key, PlaceContext.empty(), head.place_features)
    if not head_best:
        return True
    head_feature = place_from_row(head_best[0][1]).feature
    larger = {"city": ("admin1", "region", "country"), "admin1": ("country",), "region": ("country",)}.get(head_feature)
    return bool(larger) and bool(rank_candidates(cur.place_key, PlaceContext.empty(), larger))


def _doc_hash(*parts) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:12]


def _event_country(r: EventRecord, fallback: str | None = None) -> str | None:
    """The country that names generic actors: the event's, else the one the article is about."""
    return r.place.country if r.place and r.place.country else fallback


PHYSICAL = {"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "RETREAT"}


def _article_place(sentences: list[_Sentence], context: PlaceContext) -> Place | None:
    """The first place the article names (where a short report's events happen), else the
    country it is clearly about (named at least twice), as a country-level place."""
    for s in sentences:
        for m in s.mentions:
            if m.role == "place":
                place = _resolve_place(m, context)
                if place is not None:
                    return place
    top = context.countries.most_common(1)
    if top and top[0][1] >= 2 and top[0][0] in country_places():
        return country_places()[top[0][0]]
    return None


def _fallback_place(r: EventRecord, article: Article, article_place: Place | None = None) -> None:
    """Locate an event with no place in its sentence.

    A physical event (an assault, a protest) takes the first place the article names, as a
    coder reading a short report would; a political act takes its actor's seat when the story
    was filed there, else its actor's country.
    """
    if r.place is None and r.plover_type in PHYSICAL and article_place is not None:
        r.place, r.place_precision = article_place, max(2, article_place.geo_precision)
        r.notes.append(f"no place in the sentence: taken from the text before it ({article_place.location})")
        return
    if r.place is not None or r.plover_type not in POLITICAL or r.actor1 is None:
        return
    actor = r.actor1
    if actor.kind == "person":
        actor = actors_by_name().get(actor.affiliation or "", actor)
    if article.dateline and actor.seat and actor.seat.lower() == article.dateline.lower():
        ranked = rank_candidates(actor.seat.lower(), PlaceContext.empty(), ("city",))
        if ranked:
            r.place, r.place_precision = place_from_row(ranked[0][1]), 1
            r.notes.append(f"located at the seat of {actor.name} ({actor.seat}), where the story was filed")
            return
    if actor.iso3 and actor.kind in ("state", "state forces") and actor.iso3 in country_places():
        r.place, r.place_precision = country_places()[actor.iso3], 3
        r.notes.append(f"no place in the text: country of {actor.name}")


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
    _resolve_mentions(sentences)
    context = _article_context(sentences, article)
    records = []
    for s in sentences:
        records.extend(_records_for_sentence(s, article, context))
    _resolve_attackers(records, sentences)
    figure_ids = {(s.index, f.start): f"{article.doc_id}-f{_doc_hash(article.doc_id, s.index, f.start)}" for s in sentences for f in s.figures}
    _attach_fatalities(records, sentences, figure_ids)
    mentions = list(records)
    records = merge_records(records)
    article_place = _article_place(sentences, context)
    starts = sorted({r.sentence for r in records if r.plover_type == "ASSAULT"})
    previous: EventRecord | None = None
    for r in records:
        near = previous.place if previous is not None and previous.place and r.sentence - previous.sentence <= 1 else None
        _fallback_place(r, article, near or article_place)
        if r.place is not None and r.plover_type in PHYSICAL:
            previous = r
        until = next((x for x in starts if x > r.sentence), len(sentences))
        _code_event(r, sentences, [x.text for x in sentences[r.sentence + 1:until]])
    top = context.countries.most_common(1)
    main = country_places()[top[0][0]].country if top and top[0][0] in country_places() else None
    events = _event_rows(records, article, main)
    from .figure_subjects import figure_records

    return events, figure_records(sentences, mentions, article, figure_ids)


def _code_event(r: EventRecord, sentences: list[_Sentence], following: list[str]) -> None:
    """Apply ACLED's coding rules (:mod:`events.coding`) to a merged event.

    ``following`` holds the sentences after the event up to the next assault: a count such as
    "2 fatalities." there belongs to this event.
    """
    s = sentences[r.sentence]
    lo = max(0, r.trigger.start - s.start - 80)
    window = s.text[lo:r.trigger.end - s.start + 120]
    if r.plover_type == "ASSAULT":
        if r.actor2 is None and r.event_type == "Violence against civilians" and civilian_victims(s.text[r.trigger.start - s.start - 60 if r.trigger.start - s.start > 60 else 0:]):
            r.actor2 = generic_actor("Civilians ({country})")
        if r.actor1 is None and r.event_type == "Violence against civilians":
            r.actor1 = generic_actor("Unidentified Armed Group ({country})")
        r.event_type, r.sub_event_type = classify_assault(window, r.actor2, (r.event_type, r.sub_event_type))
        if unarmed_crowd_violence(s.text, r.actor1):
            r.event_type, r.sub_event_type = "Riots", "Mob violence"
            r.actor1 = generic_actor("Rioters ({country})")
        r.reported_fatalities = reported_fatalities(r.sentences + following)
    elif r.plover_type == "PROTEST":
        event_type, sub, actor1, assoc, actor2 = code_protest(s.text, r.actor1)
        r.event_type, r.sub_event_type = event_type, sub
        if assoc is not None and assoc not in r.assoc1:
            r.assoc1.append(assoc)
        r.actor1 = actor1
        r.actor2 = r.actor2 if r.actor2 is not None and not r.actor2.generic else actor2


def _resolve_attackers(records: list[EventRecord], sentences: list[_Sentence]) -> None:
    """Resolve "the attackers" to the first actor of the latest earlier assault by someone else."""
    for s in sentences:
        for m in s.mentions:
            if m.anaphor and "@actor1" in m.anaphor:
                prior = [r for r in records if r.plover_type == "ASSAULT" and r.actor1 and
                         (r.sentence < s.index or r.trigger.start < m.start)]
                m.resolved = prior[0].actor1 if prior else None
    for r in records:
        s = sentences[r.sentence]
        if r.actor2 is None:
            for m in s.mentions:
                if m.anaphor and "@actor1" in m.anaphor and m.start > r.trigger.start and m.resolved != r.actor1:
                    r.actor2 = m.resolved


def _carry_quotes(sentences: list[_Sentence]) -> None:
    """A sentence inside a quotation takes the attribution of the sentence that closes it."""
    pending: list[_Sentence] = []
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
