"""Actors: canonical names, aliases, kinds and ACLED inter codes, from files in ``data/``.

- ``data/state_actors.csv`` holds templates that generate, for every country in
  ``data/countries.csv``, its government, military forces and police forces with their aliases
  (the capital as a metonym for the government: "Pyongyang", "the Kyiv government").
- ``data/actors.csv`` holds the non-state actors, people and international bodies of the domain.
- ``data/generic_actors.csv`` holds unnamed actors ("protesters", "gunmen") whose canonical
  name takes the event's country: ``Protesters (Georgia)``.
- ``data/anaphors.csv`` holds pronoun-like references ("the group", "the contractor") and the
  actor kinds they can refer to.

Names follow ACLED's style without regime dates (ACLED Codebook 2023, "Actor names").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .lexicon import normalize_key, read_table, split_list

# ACLED writes these country names with "the" inside actor names:
# "Military Forces of the Central African Republic", "Government of the United States".
_THE_WORDS = ("United", "Republic", "Kingdom", "Emirates", "Islands", "Netherlands", "Philippines",
              "Bahamas", "Gambia", "Comoros", "Maldives", "Seychelles", "Democratic", "Central African")

INTER_CODES = {
    1: "State Forces", 2: "Rebel Groups", 3: "Political Militias", 4: "Identity Militias",
    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other Forces",
}
"""ACLED ``inter`` codes (ACLED Codebook 2023, "Interaction codes")."""


@dataclass(frozen=True)
class Actor:
    """An entry of the actor dictionary.

    Attributes
    ----------
    name : str
        Canonical name (ACLED style); a template with ``{country}`` for generic actors.
    kind : str
        "state", "state forces", "person", "private military company", "rebel group",
        "political militia", "identity militia", "intergovernmental organization",
        "peacekeeping mission", "military coalition", "protesters", "rioters", "civilians",
        "unidentified armed group".
    iso3 : str or None
        The actor's country (ISO 3166-1 alpha-3).
    inter : int or None
        ACLED inter code when the actor acts in its own country.
    affiliation : str or None
        For people: the actor they speak or act for.
    seat : str or None
        Where the actor's decisions are taken (a capital or a headquarters city).
    generic : bool
        True for unnamed actors whose name takes the event's country.
    """

    name: str
    kind: str
    iso3: str | None = None
    inter: int | None = None
    affiliation: str | None = None
    seat: str | None = None
    generic: bool = False

    def named_for(self, country: str | None) -> str | None:
        """Return the canonical name, filling a generic actor's country ("Protesters (Georgia)")."""
        if not self.generic:
            return self.name
        if "{the_country}" in self.name:
            return self.name.replace("{the_country}", _the(country)) if country else None
        return self.name.replace(" ({country})", f" ({country})" if country else "")


def _the(country: str) -> str:
    return f"the {country}" if any(w in country for w in _THE_WORDS) else country


def _prefixes(row) -> list[str]:
    """Adjectival forms of a country: demonyms plus short aliases such as "U.S." or "EU"."""
    short = [a for a in split_list(row["aliases"]) if len(a) <= 5 and a.replace(".", "").isupper()]
    return [d for d in split_list(row["demonyms"]) if not d.endswith("s") or d.endswith("ss")] + short


@cache
def actor_index() -> dict[str, tuple[Actor, ...]]:
    """Return the actor dictionary: normalised alias → actors it can name.

    Returns
    -------
    dict of str to tuple of Actor
        Built from ``data/countries.csv``, ``state_actors.csv``, ``actors.csv`` and
        ``generic_actors.csv``; a curated actor comes before generated ones under the same key.
    """
    index: dict[str, list[Actor]] = {}
    cases = _CASES

    def add(alias: str, actor: Actor) -> None:
        key = normalize_key(alias)
        if not key:
            return
        if actor not in index.setdefault(key, []):
            index[key].append(actor)
        letters = alias.replace(".", "").replace(" ", "")
        rule = "any" if alias[:1].islower() else "upper" if letters.isalpha() and letters.isupper() and len(letters) <= 4 else "title"
        old = cases.get(key)
        cases[key] = rule if old is None else min(old, rule, key=("any", "title", "upper").index)

    for row in read_table("actors.csv").to_dict("records"):
        actor = Actor(row["name"], row["kind"], row["iso3"] or None,
                      int(row["inter"]) if row["inter"] else None, row["affiliation"] or None,
                      row["seat"] or None)
        for alias in [row["name"], *split_list(row["aliases"])]:
            add(alias, actor)
    templates = read_table("state_actors.csv").to_dict("records")
    for row in read_table("countries.csv").to_dict("records"):
        names = [row["name"], *[a for a in split_list(row["aliases"]) if len(a) > 3 or "." in a or a.isupper()]]
        capitals = [row["capital"], *split_list(row["capital_aliases"])] if row["capital"] else []
        for t in templates:
            actor = Actor(t["name"].format(the_country=_the(row["name"])), t["kind"], row["iso3"],
                          int(t["inter"]), seat=row["capital"] or None)
            add(actor.name, actor)
            for pattern in split_list(t["aliases"]):
                fills = []
                if "{demonym}" in pattern:
                    fills = [pattern.replace("{demonym}", d) for d in _prefixes(row)]
                elif "{country}" in pattern:
                    fills = [pattern.replace("{country}", n) for n in names]
                elif "{capital}" in pattern:
                    fills = [pattern.replace("{capital}", c) for c in capitals]
                for alias in fills:
                    add(alias, actor)
    for row in read_table("generic_actors.csv").to_dict("records"):
        actor = Actor(row["name"], row["kind"], None, int(row["inter"]), generic=True)
        for alias in split_list(row["aliases"]):
            add(alias, actor)
    return {k: tuple(v) for k, v in index.items()}


_CASES: dict[str, str] = {}


def actor_case(key: str) -> str | None:
    """How a text must be written to name the actor under ``key``.

    Returns "any" (an alias in lower case exists: "military forces of armenia"), "title" (the
    first letter must be a capital: "Wagner"), "upper" (a short acronym must be in capitals:
    "IS", "AA"), or None for an unknown key.
    """
    actor_index()
    return _CASES.get(key)


@cache
def actors_by_name() -> dict[str, Actor]:
    """Return canonical name → actor for every named (non-generic) actor."""
    return {a.name: a for actors in actor_index().values() for a in actors if not a.generic}


@cache
def anaphor_index() -> dict[str, tuple[str, ...]]:
    """Return normalised pronoun-like phrase → actor kinds it can refer to (``data/anaphors.csv``).

    The kind ``@actor1`` means "the first actor of the most recent event" ("the attackers").
    """
    return {normalize_key(r["phrase"]): tuple(split_list(r["kinds"])) for r in read_table("anaphors.csv").to_dict("records")}


def resolve_actor(name: str) -> Actor | None:
    """Return the actor a name or alias stands for, or None.

    Parameters
    ----------
    name : str
        A canonical name or an alias ("Pyongyang", "U.S. forces", "Wagner").

    Returns
    -------
    Actor or None
        The first (curated before generated) actor under that alias.

    Examples
    --------
    >>> resolve_actor("Pyongyang").name
    'Government of North Korea'
    >>> resolve_actor("Russian forces").name
    'Military Forces of Russia'
    """
    found = actor_index().get(normalize_key(name))
    return found[0] if found else None


_ACLED_PERIOD = re.compile(r"\s*\(\d{4}\s*-\s*(?:\d{4})?\s*\)")
_TRAILING_BRACKET = re.compile(r"^(.*\S)\s*\(([^()]*)\)$")


def canonical_actor_name(name: str) -> str:
    """Return the dictionary name of the actor a name stands for, else the name unchanged.

    Lets names from different sources meet: ACLED's house names are aliases in
    ``data/actors.csv`` ("Military Forces of Yemen (2016-) Supreme Political Council" is the
    Houthis). Readings tried in order, first match wins:

    1. the whole name;
    2. ACLED's "ABBR: Full Name" form, each side ("PKK: Kurdistan Workers Party" → PKK);
    3. the faction after ACLED's regime period ("Military Forces of Yemen (2012-) Security Belt
       Forces" → Security Belt Forces), then the name without the period;
    4. a named actor with a country branch in brackets ("Islamic State (Iraq)" → Islamic State).

    Generic actors ("Protesters (Israel)", "Unidentified Armed Group (Mexico)") keep their
    name: the bracket is part of what they say.

    Parameters
    ----------
    name : str
        An actor name from any source.

    Returns
    -------
    str
        The canonical name, or ``name`` when no reading is in the dictionary.

    Examples
    --------
    >>> canonical_actor_name("PKK: Kurdistan Workers Party")
    "Kurdistan Workers' Party"
    >>> canonical_actor_name("Protesters (Israel)")
    'Protesters (Israel)'
    """
    text = str(name).strip()
    readings = [text]
    if ": " in text:
        readings += [part.strip() for part in text.split(": ", 1)]
    period = _ACLED_PERIOD.search(text)
    if period and text[period.end():].strip():
        readings.append(text[period.end():].strip())  # the faction: "(2012-) Security Belt Forces"
    readings.append(_ACLED_PERIOD.sub("", text).strip())
    bracket = _TRAILING_BRACKET.match(text)
    if bracket:
        readings.append(bracket.group(1))
    for reading in readings:
        for actor in actor_index().get(normalize_key(reading), ()):
            if not actor.generic and "{" not in actor.name:
                return actor.name
    return text


def inter_code(actor: Actor | None, event_iso3: str | None) -> int | None:
    """Return the ACLED inter code of an actor in an event located in ``event_iso3``.

    State forces acting outside their own country are External/Other Forces (8), as ACLED codes
    them; people take their affiliation's code.
    """
    if actor is None:
        return None
    if actor.kind == "person":
        return inter_code(actors_by_name().get(actor.affiliation or ""), event_iso3)
    if actor.inter == 1 and actor.iso3 and event_iso3 and actor.iso3 != event_iso3:
        return 8
    return actor.inter
