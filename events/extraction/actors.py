"""Naming an argument: from a head token to an actor in ACLED style.

First the actor dictionary (the mentions :func:`events.extraction.mentions.find_mentions` found: canonical
names, aliases, state actors, generic actors); when no entry fits, the named-entity recogniser:
a PERSON is that person ("Belarusian President Alexander Lukashenko" → Alexander Lukashenko,
country BLR), an ORG that organisation, a country (GPE) its government; a national adjective with
a force, police, government or rebel noun ("Iraqi special forces", "Egypt's interior ministry",
"Tuareg-led separatist rebels") names the state actor of that country or the generic actor of the
event's country (``data/actor_nouns.csv``). The dictionary is for canonical names and aliases; it
is never the only way in.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Token

from ..reference.actors import Actor, actors_by_name, canonical_actor_name, _the
from ..reference.lexicon import normalize_key, read_table
from .mentions import Mention, demonym_index
from ..reference.gazetteer import country_places

TARGET_NOUNS = frozenset({"station", "base", "post", "outpost", "checkpoint", "convoy", "headquarters", "camp",
                          "patrol", "position", "vehicle", "office", "barracks", "compound", "residence", "unit",
                          "member", "supporter", "officer", "soldier", "fighter", "delegation", "leader", "agent",
                          "personnel", "staff", "employee", "element", "guard"})
"""Nouns that stand for the actor named in their modifier ("a police station", "an army base",
"Hamas fighters"): attacking them is attacking that actor."""
PLACE_HEADS = frozenset({"area", "sector", "zone", "front", "region", "village", "town", "city", "district", "province",
                         "state", "border", "frontier", "outskirts", "suburb", "neighbourhood", "neighborhood",
                         "camp", "market", "road", "highway"})
NAME_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
NON_STATE_KINDS = frozenset({"rebel group", "political militia", "identity militia", "protesters", "rioters",
                             "unidentified armed group"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "this", "these",
                      "those", "who", "which", "that", "one", "some", "others", "both", "all", "many", "most"})
_LEADING = re.compile(r"^(the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"\s*['\u2019]s?$")
_TITLES = re.compile(r"^(?:(?:Crown|Prince|Princess|King|Queen|Sheikh|Emir|Sultan|President|Vice|Prime|Deputy|"
                     r"Minister|Secretary|General|Gen\.|Lt\.|Col\.|Maj\.|Capt\.|Adm\.|Dr\.|Mr\.|Mrs\.|Ms\.|Sir|"
                     r"Lord|Lady|Pope|Ayatollah|Imam|Senator|Sen\.|Rep\.|Representative|Governor|Gov\.|Mayor|"
                     r"Chancellor|Premier|Speaker|Chairman|Commander|Marshal|Field|Colonel|Major|Captain|Admiral)\s+)+")
"""Titles the NER sometimes keeps inside a PERSON name ("Crown Prince Faisal Al Thani")."""


def person_name(text: str) -> str:
    """Return a PERSON entity's text as a name: no possessive, no leading titles.

    >>> person_name("Crown Prince Faisal Al Thani's")
    'Faisal Al Thani'
    """
    name = _POSSESSIVE.sub("", text).strip()
    bare = _TITLES.sub("", name).strip()
    return bare if bare else name


@cache
def _actor_nouns() -> dict[str, tuple[str, str, int]]:
    return {r["noun"]: (r["actor"], r["kind"], int(r["inter"])) for r in read_table("actor_nouns.csv").to_dict("records")
            if r["actor"]}


@cache
def _commentator_nouns() -> frozenset[str]:
    return frozenset(r["noun"] for r in read_table("actor_nouns.csv").to_dict("records") if r["kind"] == "commentator")


def is_commentator(token: Token | None) -> bool:
    """Whether a subject is a commentator ("security analysts", "experts"): their praise or
    criticism is opinion, not a political act (``data/actor_nouns.csv``, kind ``commentator``)."""
    if token is None:
        return False
    words = {token.lemma_.lower()} | {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "appos", "amod")}
    return bool(words & _commentator_nouns())  # "Security analyst John Mensah"


@cache
def _country_names() -> dict[str, str]:
    """Normalised country name or alias → ISO3."""
    out = {}
    for row in read_table("countries.csv").to_dict("records"):
        for n in [row["name"], *[a for a in str(row["aliases"]).split("|") if a]]:
            out.setdefault(normalize_key(n), row["iso3"])
    return out


_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")


def country_of_word(text: str) -> str | None:
    """Return the ISO3 of a country name or national adjective ("Iraqi", "U.S.", "Egypt's"), or None.

    >>> country_of_word("Belarusian"), country_of_word("Egypt's")
    ('BLR', 'EGY')
    """
    key = normalize_key(_POSSESSIVE.sub("", text))
    if _DOTTED.fullmatch(key):
        key += "."  # "C.A.R" where a sentence end took the abbreviation's last full stop
    return demonym_index().get(key) or _country_names().get(key)


ORGANIZATION_KINDS = frozenset({"intergovernmental organization", "peacekeeping mission", "military coalition"})


def title_affiliation(phrase: list[Token], before: int) -> str | None:
    """Return the organisation a person's title names ("U.N. Secretary-General Antonio Guterres",
    "NATO chief Mark Rutte"): the dictionary name of the first word before token ``before`` that
    names an intergovernmental organisation, a mission or a coalition, else None.

    The person acts for it, so a statement of theirs with no place of its own is located at its
    seat (:func:`events.extraction.location.fallback_place`).
    """
    for t in phrase:
        if t.i >= before:
            break
        actor = actors_by_name().get(canonical_actor_name(_POSSESSIVE.sub("", t.text)))
        if actor is not None and actor.kind in ORGANIZATION_KINDS:
            return actor.name
    return None


def _person(canonical: str, phrase: list[Token], first: int, head: Token | None = None) -> Actor:
    """A person the dictionary does not know, with the country and organisation of their title,
    before the name ("U.N. Secretary-General Antonio Guterres") or in an apposition after it
    ("Catherine Russell, UNICEF's executive director")."""
    iso3 = next((c for t in phrase if t.i < first for c in [country_of_word(t.text)] if c), None)
    affiliation = title_affiliation(phrase, first)
    for appos in (c for c in head.children if c.dep_ == "appos") if head is not None and affiliation is None else ():
        words = sorted(appos.subtree, key=lambda t: t.i)
        affiliation = title_affiliation(words, appos.i + 1)
        iso3 = iso3 or next((c for t in words if t.i < appos.i for c in [country_of_word(t.text)] if c), None)
        if affiliation:
            break
    return Actor(canonical, "person", iso3, affiliation=affiliation)


def _country_name(iso3: str) -> str | None:
    p = country_places().get(iso3)
    return p.country if p is not None else None


def _state_actor(template: str, kind: str, inter: int, iso3: str) -> Actor | None:
    name = _country_name(iso3)
    if name is None:
        return None
    full = template.replace("{the_country}", _the(name)).replace("{country}", name)
    return actors_by_name().get(full) or Actor(full, kind, iso3, inter)


def implied_state_actor(noun: str, iso3: str | None) -> Actor | None:
    """Return the state actor of ``iso3`` that an act only a state performs implies.

    "He was arrested in July" names no one who arrested him, but only a state arrests: ACLED codes
    such an event with the country's police (``Police Forces of Haiti``), a sentence or a
    deportation with its government. The event lexicon's ``implied_actor1`` column names the noun
    (``police``, ``government``); its template comes from ``data/actor_nouns.csv``.

    Parameters
    ----------
    noun : str
        A noun of ``data/actor_nouns.csv`` with a ``{the_country}`` template.
    iso3 : str or None
        The country where the event happened.

    Returns
    -------
    Actor or None
        None when the country or the noun is unknown.

    Examples
    --------
    >>> implied_state_actor("police", "HTI").name
    'Police Forces of Haiti'
    >>> implied_state_actor("government", None) is None
    True
    """
    entry = _actor_nouns().get(noun)
    if entry is None or not iso3:
        return None
    return _state_actor(entry[0], entry[1], entry[2], iso3)


def _generic(template: str, kind: str, inter: int) -> Actor:
    return Actor(template, kind, None, inter, generic=True)


def _mention_at(mentions: list[Mention], start: int, end: int) -> Mention | None:
    """The mention that overlaps the character range [start, end) (the longest one)."""
    hits = [m for m in mentions if m.start < end and start < m.end and m.role in ("actor", "anaphor", "place")]
    return max(hits, key=lambda m: m.end - m.start) if hits else None


def _phrase_tokens(head: Token) -> list[Token]:
    """The head with its pre-modifiers (determiners, adjectives, compounds, possessors)."""
    return [t for t in head.subtree if t.i <= head.i and (t is head or t.dep_ in (
        "det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "case", "punct", "npadvmod", "advmod")
        or t.head.dep_ in ("amod", "compound", "poss", "nmod"))]


def _entity_of(token: Token):
    """The named-entity span holding ``token``, or None."""
    if not token.ent_type_:
        return None
    return next((e for e in token.doc.ents if e.start <= token.i < e.end), None)


def _entity_actor(head: Token, offset: int, country: str | None, people: dict | None = None) -> Actor | None:
    """An actor from the named entities and nouns of the phrase headed by ``head``."""
    phrase = _phrase_tokens(head)
    ent = _entity_of(head)
    if ent is None:
        ent_tokens = [t for t in phrase if t.ent_type_ in ("PERSON", "ORG")]
        ent = _entity_of(ent_tokens[-1]) if ent_tokens else None
    if ent is not None and ent.label_ == "PERSON":
        name = person_name(ent.text)
        if len(name.split()) < 2 and not actors_by_name().get(canonical_actor_name(name)):
            return (people or {}).get(normalize_key(name))  # a bare surname: the article's full name
        canonical = canonical_actor_name(name)
        return actors_by_name().get(canonical) or _person(canonical, phrase, ent.start, ent.doc[ent.end - 1])
    if ent is not None and ent.label_ == "ORG":
        name = _POSSESSIVE.sub("", _LEADING.sub("", ent.text)).strip()
        if len(name) < 2 or name.lower() in PRONOUNS or name.endswith("-"):
            return None  # "Indo-" of "Indo-Pacific": a piece of a word the NER cut off
        canonical = canonical_actor_name(name)
        known = actors_by_name().get(canonical)
        if known is not None:
            return known
        named_country = country_of_word(name)
        if named_country:  # "the C.A.R" read as an organisation: the country, acting as a state
            return _state_actor("Government of {the_country}", "state", 1, named_country)
        iso3 = next((c for t in phrase if t.i < ent.start for c in [country_of_word(t.text)] if c), None)
        return Actor(canonical, "organization", iso3)
    if head.pos_ == "PROPN" and people and normalize_key(head.text) in people:
        return people[normalize_key(head.text)]
    noun = head.lemma_.lower()
    nouns = _actor_nouns()
    iso3 = next((c for t in phrase if t is not head for c in [country_of_word(t.text)] if c), None)
    described = next((t.lemma_.lower() for t in phrase if t is not head and t.dep_ in ("amod", "compound")
                      and nouns.get(t.lemma_.lower(), ("", "", 0))[1] in NON_STATE_KINDS), None)
    if noun in nouns and described is not None and nouns[noun][1] in ("state forces", "rebel group", "state"):
        noun = described  # "rebel forces", "militia fighters", "a militia leader": the modifier says who they are
    if noun in nouns:
        template, kind, inter = nouns[noun]
        if iso3 is not None and "{the_country}" in template:
            return _state_actor(template, kind, inter, iso3)
        if head.tag_ == "NNP" or any(t.ent_type_ in ("ORG", "PERSON") for t in phrase):
            return None  # part of a name the NER did not resolve ("Security Council")
        return _generic(template, kind, inter)  # "police", "the rebels": of the event's country
    if head.ent_type_ == "GPE" or (iso3 is None and country_of_word(head.text) and head.pos_ == "PROPN"):
        iso3 = country_of_word(head.text)
        if iso3:
            return _state_actor("Government of {the_country}", "state", 1, iso3)
    return None


PARTITIVES = frozenset({"one", "some", "many", "most", "all", "both", "several", "two", "three", "four", "five",
                        "dozens", "hundreds", "thousands", "scores", "none"})
"""Heads of partitive phrases whose "of X" names the actor ("one of the Islamic State's leaders")."""
PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "we", "them", "us", "it"})
SPOKESPERSON_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "envoy", "ambassador", "representative",
                                "delegate", "delegation", "official", "officials", "minister", "ministers", "diplomat",
                                "chief", "head", "leader", "member", "commander", "adviser", "advisor", "secretary",
                                "mission", "office", "president", "chairman", "director", "statement", "team"})
"""Role nouns that act for the actor in their "for/of/from" phrase ("a spokesman for President Ghani")."""


def persons_before(doc, position: int, offset: int, mentions: list[Mention], people: dict) -> list[Actor]:
    """Person actors a sentence names before token ``position``, in order (antecedents of "he", "she")."""
    out = []
    for ent in doc.ents:
        if ent.label_ == "PERSON" and ent.end <= position:
            words = person_name(ent.text).split()
            actor = people.get(normalize_key(words[-1])) if words else None
            if actor is not None:
                out.append(actor)
    for m in mentions:
        if m.resolved is not None and m.resolved.kind == "person" and m.end <= offset + (
                doc[position].idx if position < len(doc) else len(doc.text)):
            out.append(m.resolved)
    return out


def subject_person(doc, people: dict) -> Actor | None:
    """Return the person who is the subject of a sentence's main clause, if a person is.

    Centering theory (Grosz, Joshi & Weinstein 1995): the subject of the previous sentence is the
    most likely antecedent of a sentence-initial "he" or "she", more than the last name mentioned
    ("Rubio will join Waltz as President Trump pushes for a deal. He is scheduled to travel ..."
    is Rubio travelling).
    """
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None) if root is not None else None
    if subj is None:
        return None
    for ent in doc.ents:
        if ent.label_ == "PERSON" and ent.start <= subj.i < ent.end:
            words = person_name(ent.text).split()
            return people.get(normalize_key(words[-1])) if words else None
    return None


def collect_people(docs) -> dict[str, Actor]:
    """Return surname key → person actor for every full name (two words or more) the NER finds.

    A later bare surname ("Dodik rejected ...") names the person introduced in full before.
    """
    people: dict[str, Actor] = {}
    for doc in docs:
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            name = person_name(ent.text)
            words = name.split()
            if len(words) < 2:
                continue
            canonical = canonical_actor_name(name)
            actor = actors_by_name().get(canonical)
            if actor is None:
                actor = _person(canonical, _phrase_tokens(doc[ent.end - 1]), ent.start, doc[ent.end - 1])
            people.setdefault(normalize_key(words[-1]), actor)
            alias = _alias_after(doc, ent)
            if alias is not None:
                people.setdefault(normalize_key(alias), actor)
    return people


_KNOWN_AS = re.compile(r"^,?\s*(?i:(?:(?:commonly|widely|popularly|better|also|often)\s+)?known\s+(?:as|by)\s+"
                       r"(?:(?:his|her|the)\s+(?:abbreviation|initials|nickname|acronym)\s+)?)(?P<alias>[A-Z][\w.-]+)")


def _alias_after(doc, ent) -> str | None:
    """The short name a text gives a person right after the full name: "Mohammed bin Salman (MBS)",
    "Mohammed bin Salman, commonly known by his initials MBS"."""
    rest = doc[ent.end:ent.end + 3]
    if len(rest) == 3 and rest[0].text == "(" and rest[2].text == ")" and rest[1].text.isupper() and len(rest[1].text) > 1:
        return rest[1].text
    m = _KNOWN_AS.match(doc.text[ent.end_char - doc[0].idx:][:120])
    return m.group("alias") if m else None


def _qualified_as_place(head: Token, offset: int, mentions: list[Mention]) -> bool:
    """Whether a proper name is followed by a bracket that opens with a place ("Udawa (Chikun LGA,
    Kaduna)", "Rio Atari (Quissanga)"): ACLED-style notes and wires qualify places so."""
    if head.pos_ != "PROPN":
        return False
    nxt = head.i + 1
    doc = head.doc
    if nxt >= len(doc) or doc[nxt].text != "(":
        return False
    close = next((t.i for t in doc[nxt:nxt + 12] if t.text == ")"), None)
    if close is None:
        return False
    lo, hi = offset + doc[nxt].idx, offset + doc[close].idx
    return any(m.place_key and lo <= m.start and m.end <= hi for m in mentions)


def name_argument(head: Token | None, offset: int, mentions: list[Mention],
                  country: str | None = None, people: dict | None = None) -> Actor | None:
    """Return the actor an argument token names, or None.

    Parameters
    ----------
    head : spacy.tokens.Token or None
        The head token of the argument phrase (:func:`events.extraction.roles.find_roles`).
    offset : int
        Article offset of the parsed sentence's first character.
    mentions : list of Mention
        The sentence's dictionary mentions, with ``resolved`` actors.
    country : str or None
        The country name the article is about (for generic actors).
    people : dict, optional
        Surname key → person actor (:func:`collect_people`).

    Returns
    -------
    Actor or None
    """
    if head is not None and head.lower_ in PARTITIVES:
        whole = next((g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj"), None)
        if whole is not None:  # "one of the group's leaders", "some of the rebels": a part of the whole named
            return name_argument(whole, offset, mentions, country, people)
    if head is None or head.lower_ in PRONOUNS:
        return None
    start, end = offset + head.idx, offset + head.idx + len(head.text)
    m = _mention_at(mentions, start, end)
    if m is not None and m.role == "place" and not m.actors:
        return None  # "exchanged fire at Shahpur": a place, not an actor
    if m is not None and m.resolved is not None:
        if m.resolved.generic and "{the_country}" in m.resolved.name:
            iso3 = next((c for t in _phrase_tokens(head) for c in [country_of_word(t.text)] if c), None)
            if iso3 is not None:  # "the Israeli border police": that country's police, not the event's
                return _state_actor(m.resolved.name, m.resolved.kind, m.resolved.inter or 1, iso3) or m.resolved
        return m.resolved
    if m is not None and m.role == "anaphor" and "@actor1" in (m.anaphor or ()):
        return None  # "the attackers": resolved once the article's events are known
    # "the rebels" with no rebel group named before: the generic reading of the noun (below)
    if _qualified_as_place(head, offset, mentions):
        return None  # "attacked Udawa (Chikun LGA, Kaduna)": a village the gazetteer does not know
    phrase = _phrase_tokens(head)
    lo = offset + phrase[0].idx
    inside = [m for m in mentions if lo <= m.start and m.end <= end and m.resolved is not None and m.role != "place"]
    if inside and (inside[-1].end == end or head.lemma_.lower() in _actor_nouns() or head.lemma_.lower() in TARGET_NOUNS):
        found = inside[-1].resolved  # "the Russian military company": a modifier names no actor by itself
        noun = _actor_nouns().get(head.lemma_.lower())
        if inside[-1].end < end and noun and "{the_country}" in noun[0] and found.kind == "state" and found.iso3:
            return _state_actor(noun[0], noun[1], noun[2], found.iso3) or found  # "Pakistan military personnel"
        return found
    if head.lemma_.lower() in SPOKESPERSON_NOUNS:
        # "Trump's envoy, Steve Witkoff": the person named; else "a U.S. State Department spokesperson",
        # "the U.N. envoy for Syria": the modifier says whom they speak for ("for Syria" is their remit)
        named = [c for c in head.children if c.dep_ == "appos"]
        modifier = [c for c in head.children if c.dep_ in ("compound", "nmod", "poss") and c.i < head.i
                    and c.lower_ not in PRONOUNS]
        for arg in named[:1] + modifier[-1:]:
            found = name_argument(arg, offset, mentions, country, people)
            if found is not None:
                return found
    for c in head.children:  # "forces of the Wagner Group", "members of IS"
        if c.dep_ == "prep" and c.lower_ in ("for", "from") and head.lemma_.lower() in SPOKESPERSON_NOUNS:
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            found = name_argument(obj, offset, mentions, country, people) if obj is not None else None
            if found is not None:
                return found
        if c.dep_ == "prep" and c.lower_ == "of":
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and head.lemma_.lower() not in ("attack", "killing", "part", "number", "rest"):
                found = name_argument(obj, offset, mentions, country, people)
                if found is not None:
                    return found
        if c.dep_ == "appos":
            found = name_argument(c, offset, mentions, country, people)
            if found is not None:
                return found
    if head.lemma_.lower() in PLACE_HEADS and any(m.place_key for m in mentions if lo <= m.start < end):
        return None  # "Shahpur sector area": a place described, not an organisation
    return _entity_actor(head, offset, country, people) or (inside[-1].resolved if inside and head.pos_ != "NOUN" else None)
