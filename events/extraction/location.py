"""Where an event happened: the place mentions of a sentence, read in the article's context.

Qualified places ("Manaus, Amazonas", "Muaja (Ancuabe, Cabo Delgado)") resolve inside their
region; lists joined by "and" give one event each; an event with no place in its sentence takes
the place of the text before it, "the capital", its actor's seat or country (political acts),
or the country the article is about — each time with a note.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from ..reference.actors import actors_by_name
from ..article import Article
from ..geo import haversine_km
from ..reference.lexicon import normalize_key
from .mentions import FACILITY_NOUNS, LOCATIVE, PART_NOUNS, PLACE_NOUNS, Mention, Token, demonym_index
from ..reference.gazetteer import (SMALL_TOWN_POPULATION, Place, PlaceContext, capital_place, country_places, neighbours, place_from_row,
                     rank_candidates)
from .record import EventRecord, SentenceParts, Trigger, token_distance

POLITICAL = {"SANCTION", "REJECT", "ACCUSE", "THREATEN", "REQUEST", "CONSULT", "AGREE", "SUPPORT",
             "COOPERATE", "CONCEDE", "COERCE", "AID"}


def article_context(sentences: list[SentenceParts], article: Article) -> PlaceContext:
    countries, admin1, votes = Counter(), Counter(), Counter()
    states: dict[str, set] = {}  # name key -> the (iso3, admin-1 key) units its towns lie in
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
                        admin1[normalize_key(p.location)] += 1  # "Minn." counts as Minnesota
                top = [place_from_row(row) for _, row in ranked[:10]]
                for iso3 in {p.iso3 for p in top} - {None}:
                    votes[iso3] += 1
                if m.place_key not in states:
                    towns = (place_from_row(row) for _, row in ranked[:MAX_STATE_CANDIDATES])
                    states[m.place_key] = {(t.iso3, normalize_key(t.admin1 or "")) for t in towns
                                           if t.feature in ("city", "admin2")}
                state = _only_state(m, top)
                if state:
                    admin1[normalize_key(state)] += 1
        for t in s.tokens:
            iso3 = demonyms.get(t.lower)
            if iso3:
                countries[iso3] += 1
    if article.dateline:
        # where the story was filed is no event location, but it says which country the story is about
        ranked = rank_candidates(normalize_key(article.dateline), PlaceContext.empty())
        if ranked and place_from_row(ranked[0][1]).iso3:
            countries[place_from_row(ranked[0][1]).iso3] += 1
    state_votes = Counter(unit for units in states.values() for unit in units if unit[1])
    return PlaceContext(countries, admin1, votes, state_votes)


MAX_STATE_CANDIDATES = 50
"""Candidates per name that vote for their admin-1 unit (the best-ranked ones)."""


def _only_state(m: Mention, top: list[Place]) -> str | None:
    """The admin-1 unit holding every town a mention can name, when the mention is surely a place.

    "Tuscaloosa" lies in Alabama only, so it makes Alabama's Greensboro the likely one, not the
    larger Greensboro in North Carolina. Only names used as places count (after a locative preposition,
    qualified, a district, or a city of 100,000+): a stray capitalised word such as "Secretary"
    (a village in Maryland) must not pull the article's places to its state.
    """
    if not top or any(p.feature not in ("city", "admin2") for p in top):
        return None
    states = {(p.iso3, p.admin1) for p in top}
    placelike = (m.prep in LOCATIVE or m.qualified or m.role == "qualifier" or top[0].feature == "admin2"
                 or (top[0].population or 0) >= SMALL_TOWN_POPULATION)
    return next(iter(states))[1] if placelike and len(states) == 1 else None


FOREIGN_TOWN_POPULATION = 100_000


def _inside(place: Place, region: Place, region_key: str) -> bool:
    """Whether a place lies in a region named in the text (its admin-1 or its country)."""
    if region.feature == "country":
        return place.iso3 == region.iso3
    if region.feature == "admin2":  # a town in a district: same province
        return place.iso3 == region.iso3 and place.admin1 == region.admin1
    return place.iso3 == region.iso3 and (place.admin1 is not None and normalize_key(place.admin1) in
                                          (normalize_key(region.location), region_key))


NEAR_DISTRICT_KM = 100.0
"""A place is taken to lie within this distance (km) of the town of the district named after it in brackets."""
MAX_QUALIFIER_READINGS = 10
"""Readings of a qualifying region tried, best first, to find one that contains the place."""


def _point(row: int) -> tuple[float, float]:
    p = place_from_row(row)
    return p.latitude, p.longitude


def resolve_mention_place(m: Mention, context: PlaceContext) -> Place | None:
    """Resolve a mention; None for a small foreign town in an article clearly about elsewhere.

    When the article names one country at least twice (places, actors, demonyms, dateline) and
    the only towns of that name are small ones in countries the article never names and that do
    not border it, the town is most likely missing from the gazetteer ("the central Malian town of Moura" is not the
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
        # "Orikhove, Luhansk": only an Orikhove inside Luhansk will do; else the region stands.
        # Each reading of the qualifier is tried, best first: in "Minna (Chanchaga LGA, Niger)"
        # Niger is the Nigerian state that holds a Minna, not the country that holds none.
        regions = rank_candidates(m.qualifier.place_key, context, m.qualifier.place_features)
        if regions:
            inside = []
            for _, row in regions[:MAX_QUALIFIER_READINGS]:
                r = place_from_row(row)
                inside = [x for x in ranked if _inside(place_from_row(x[1]), r, m.qualifier.place_key)]
                if inside:
                    break
            ranked = inside
    if len(ranked) > 1 and m.near is not None and m.near.place_key:
        # "Shahpur sector (Poonch district)": the Shahpur near the district's town
        near = rank_candidates(m.near.place_key, context, m.near.place_features)
        if near:
            n = place_from_row(near[0][1])
            close = [x for x in ranked if haversine_km(n.latitude, n.longitude, *_point(x[1])) <= NEAR_DISTRICT_KM]
            ranked = close or ranked
    if not ranked:
        return None
    place = place_from_row(ranked[0][1])
    strong = [iso for iso, n in context.countries.items() if n >= 2]
    beside = {n for iso in strong for n in neighbours().get(iso, ())}  # Kherson in a story on Russia's army
    if (strong and place.feature == "city" and not context.countries.get(place.iso3) and place.iso3 not in beside
            and (place.population or 0) < FOREIGN_TOWN_POPULATION):
        return None
    if strong and place.feature in ("admin1", "admin2") and not context.countries.get(place.iso3) \
            and place.iso3 not in beside and not m.qualified and m.role != "qualifier":
        return None  # "the Al Wahdah area of Sanaa" in a story on Yemen: not South Sudan's Unity ("Al-Wahdah")
    return place


def drop_parts(s: SentenceParts, indices: list[int]) -> list[int]:
    """Drop, from several place mentions, those that name a part of the place after them ("Al Wahdah
    area of Sanaa city": a quarter the gazetteer may mistake for a namesake province abroad)."""
    def part_of_next(k: int) -> bool:
        m = s.mentions[k]
        after = [t.lower for t in s.tokens[m.tok_end:m.tok_end + 2]]
        return len(after) == 2 and after[0] in PART_NOUNS and after[1] == "of"
    if len(indices) > 1 and any(part_of_next(k) for k in indices) and not all(part_of_next(k) for k in indices):
        return [k for k in indices if not part_of_next(k)]
    return indices


def pick_places(s: SentenceParts, trig: Trigger, context: PlaceContext,
                skip: set[int] = frozenset()) -> list[tuple[Place, int, int]]:
    """Return (place, precision, distance) for the places locating a trigger (a list gives several).

    ``skip`` holds the ``id`` of mentions that cannot locate it (names of another event).
    """
    places = [m for m in s.mentions if id(m) not in skip and (
        m.role == "place" or (m.role == "qualifier" and not resolves(m.head, context)))]
    places = [m for m in places if resolves(m, context)]
    places = [s.mentions[k] for k in drop_parts(s, [s.mentions.index(m) for m in places])]
    if not places:
        capital = _named_capital(s, context)
        return [(capital, 1, 99)] if capital is not None else []
    if any(m.qualified for m in places):
        places = [m for m in places if m.qualified]
    if not places:
        return []
    dist = [(token_distance(trig.tok_start, trig.tok_end, m.tok_start, m.tok_end), k) for k, m in enumerate(places)]
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
        p = resolve_mention_place(m, context)
        if p is None:
            continue
        near = any(t.lower in ("near", "outskirts", "outside", "around", "parts", "part") for t in s.tokens[max(0, m.tok_start - 5):m.tok_start])
        precision = p.geo_precision if not near else min(3, max(p.geo_precision, 2))
        out.append((p, precision, d))
    if len(out) == 1 and out[0][0].feature == "country":
        # "forces in Somalia killed six attackers at a hotel in Beledweyne": ACLED codes the most
        # precise place the report gives, and a town of that country is more precise than the country
        inside = [(token_distance(trig.tok_start, trig.tok_end, m.tok_start, m.tok_end), resolve_mention_place(m, context))
                  for m in places]
        inside = [(dist, p) for dist, p in inside if p is not None and p.iso3 == out[0][0].iso3 and p.feature != "country"]
        if inside:
            dist, p = min(inside, key=lambda x: x[0])
            out = [(p, p.geo_precision, dist)]
    return out


_THE_CAPITAL = re.compile(r"\b(in|near|outside|around|into|across|on the outskirts of) the (country's |nation's )?capital\b", re.I)


def _named_capital(s: SentenceParts, context: PlaceContext) -> Place | None:
    """"in the capital" names the capital of the country the article is about."""
    if not _THE_CAPITAL.search(s.text) or not context.countries:
        return None
    return capital_place(context.countries.most_common(1)[0][0])


def resolves(m: Mention | None, context: PlaceContext) -> bool:
    return m is not None and resolve_mention_place(m, context) is not None


def link_places(mentions: list[Mention], tokens: list[Token]) -> None:
    """Link places that belong together.

    Members of a coordinated list share the role of its first member ("in Libya, Syria and
    Mali"); a region or country right after a place qualifies it ("in Manaus, Amazonas",
    "Burco town (Burco, Togdheer)") and is context, not a second location.
    """
    for j, (prev, cur) in enumerate(zip(mentions, mentions[1:])):
        between = [t.text for t in tokens[prev.tok_end:cur.tok_start]]
        after = [t.text.lower() for t in tokens[cur.tok_end:cur.tok_end + 2]]
        following = mentions[j + 2] if j + 2 < len(mentions) else None
        listed = following is not None and following.place_key is not None and (
            after[:1] in (["and"], ["or"]) or (after[:1] == [","] and following.tok_start == cur.tok_end + 1))
        while between and (between[0] in PLACE_NOUNS or between[0].lower() in FACILITY_NOUNS):
            between = between[1:]  # "Hays city (Al Hudaydah)": the noun describes the place before
        if not (prev.place_key and cur.place_key):
            continue
        bracketed = bool(between) and between[0] == "(" and ")" not in between and len(between) <= 6
        if (between in ([","], ["("], [",", "("]) or bracketed) and _qualifies(prev, cur, listed):
            cur.role, cur.head, prev.qualified, prev.qualifier = "qualifier", prev, True, cur
            cur.place_features = ("admin2", "admin1", "region", "country")
            if prev.role not in ("place", "origin", "qualifier"):
                prev.role = "place"
        elif between == ["("] and prev.role in ("place", "qualifier"):
            # "Muaja (Ancuabe, Cabo Delgado)": a district in brackets is context for the place
            # before it, not a second location; its own region (after the comma) qualifies both
            cur.role, cur.head, prev.near = "qualifier", prev, cur
        elif (prev.role == "qualifier" and between[:1] == [","] and ")" not in between and len(between) <= 4
              and prev.head is not None and "(" in [t.text for t in tokens[prev.head.tok_end:prev.tok_start]]):
            cur.role, cur.head = "qualifier", prev  # "(Bir al-Abd, North Sinai)": still inside the brackets
        elif prev.role == "place" and all(t.lower() in (",", "and", "or", "the") for t in between):
            cur.role = "place"
    for m in mentions:  # "Muaja (Ancuabe, Cabo Delgado)": the outermost region qualifies the place too
        if m.role == "qualifier" and m.head is not None and m.head.role == "qualifier" and m.head.head is not None:
            top = m.head.head
            if top.qualifier is None:
                top.qualifier, top.qualified = m, True


def _qualifies(head: Mention, cur: Mention, listed: bool = False) -> bool:
    """Whether ``cur`` can name a larger unit than ``head`` (an admin-1 after a town, a country after
    either); when a list goes on after ``cur`` (``listed``), only one in a country where ``head`` can lie."""
    head_best = rank_candidates(head.place_key, PlaceContext.empty(), head.place_features)
    if not head_best:
        return True
    head_feature = place_from_row(head_best[0][1]).feature
    larger = {"city": ("admin2", "admin1", "region", "country"), "admin2": ("admin1", "country"),
              "admin1": ("country",), "region": ("country",)}.get(head_feature)
    if not larger:
        return False
    regions = rank_candidates(cur.place_key, PlaceContext.empty(), larger)[:MAX_QUALIFIER_READINGS]
    if not regions:
        return False
    if not listed:
        return True  # "Charlevoix, Quebec": a province, even when the gazetteer lacks the town in it
    # "in Sidon, Tripoli and Zahle": a list of towns, for no Tripoli that is a region lies in a country
    # with a Sidon ("Zaitseve, Donetsk and Avdiivka": Donetsk holds a Zaitseve, so it qualifies it)
    countries = {place_from_row(row).iso3 for _, row in head_best}
    return any(place_from_row(row).iso3 in countries for _, row in regions)


PHYSICAL = {"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "RETREAT"}


def article_place(sentences: list[SentenceParts], context: PlaceContext) -> Place | None:
    """The first place the article names (where a short report's events happen), else the
    country it is clearly about (named at least twice), as a country-level place."""
    for s in sentences:
        for m in s.mentions:
            if m.role == "place":
                place = resolve_mention_place(m, context)
                if place is not None and place.iso3:  # a region without a country ("Sahel") locates nothing
                    return place
    top = context.countries.most_common(1)
    if top and top[0][1] >= 2 and top[0][0] in country_places():
        return country_places()[top[0][0]]
    return None


MEETING_DAYS = 2
"""Days a meeting's own date may lie from an act made there (talks and summits often last days)."""


def _overlap(a, b) -> bool:
    """Whether two events' date windows lie within :data:`MEETING_DAYS` of each other (an unknown
    bound is near anything)."""
    if a is None or b is None:
        return True
    lo_a, hi_a, lo_b, hi_b = a.date_start, a.date_end, b.date_start, b.date_end
    gap = dt.timedelta(days=MEETING_DAYS)
    return not ((hi_a and lo_b and hi_a + gap < lo_b) or (hi_b and lo_a and hi_b + gap < lo_a))


def venue_of(r: EventRecord, venues) -> EventRecord | None:
    """The meeting an actor's political act was made at: a located meeting (talks, a summit) of the
    article in which the act's actor takes part, at overlapping dates ("G7 ministers met in
    Charlevoix ... The G7 urged Russia ...": the statement comes from the meeting), else None."""
    actor = r.actor1
    if actor is None:
        return None
    names = {actor.name, actor.affiliation} - {None}
    for v in venues:
        if v is r or not _overlap(r.timex, v.timex):
            continue
        sides = {a.name for a in (v.actor1, v.actor2, *v.assoc1) if a is not None}
        sides |= {a.affiliation for a in (v.actor1, v.actor2, *v.assoc1) if a is not None and a.affiliation}
        if names & sides:
            return v
    return None


def fallback_place(r: EventRecord, article: Article, article_place: Place | None = None,
                   source: str = "the article's first named place", venues: list[EventRecord] = ()) -> None:
    """Locate an event with no place in its sentence.

    A physical event (an assault, a protest) takes the first place the article names, as a
    coder reading a short report would; a political act takes its actor's seat when the story
    was filed there, else the place of a meeting of the article its actor took part in at the
    same time (:func:`venue_of`), else its actor's country, or for an organisation of no country
    (the UN, the African Union) its seat (``data/actors.csv``), at ``geo_precision`` 2.
    """
    political_retreat = r.plover_type == "RETREAT" and r.actor1 is not None and r.actor1.kind == "state"
    if r.place is None and r.plover_type in PHYSICAL and article_place is not None and not political_retreat:
        r.place, r.place_precision = article_place, max(2, article_place.geo_precision)
        r.notes.append(f"no place in the sentence: located at {source} ({article_place.location})")
        return
    if r.place is not None or (r.plover_type not in POLITICAL and not political_retreat) or r.actor1 is None:
        return  # (a government withdrawing, from a deal or an organisation, acts where it sits; forces where they were)
    if r.remit and r.remit in country_places():  # "the U.N. envoy for Syria called for ...": in the country of the remit
        r.place, r.place_precision = country_places()[r.remit], 3
        r.notes.append(f"no place in the text: the country the envoy acts for ({r.place.location})")
        return
    venue = venue_of(r, venues)
    if venue is not None:
        r.place, r.place_precision = venue.place, venue.place_precision
        r.notes.append(f"no place in the text: where {r.actor1.name} met ({venue.place.location})")
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
    if actor.iso3 and actor.iso3 in country_places():
        r.place, r.place_precision = country_places()[actor.iso3], 3
        r.notes.append(f"no place in the text: country of {actor.name}")
    elif actor.seat:  # an organisation of no country speaks where it sits: the UN in New York
        ranked = rank_candidates(actor.seat.lower(), PlaceContext.empty(), ("city",))
        if ranked:
            r.place, r.place_precision = place_from_row(ranked[0][1]), 2
            r.notes.append(f"no place in the text: the seat of {actor.name} ({actor.seat})")

