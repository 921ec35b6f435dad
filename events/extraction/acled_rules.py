"""ACLED coding rules applied to an extracted event: event type, default actors, fatalities.

After ACLED's Codebook (2023):

- an assault is *Explosions/Remote violence* when it is carried out with remote weapons (air or
  drone strikes, shelling, explosives, grenades) and no direct fire is reported, a *Battle* when
  armed groups exchange direct fire, and *Violence against civilians* when its victims are
  unarmed civilians (``data/weapons.csv`` lists the weapon words);
- the first actor of a protest is always ``Protesters (<country>)`` and of a riot
  ``Rioters (<country>)``; named organisations become associated actors; a protest turns into a
  riot when the demonstrators are violent (burning, vandalising, stone throwing), and is
  "with intervention" when police disperse or detain them;
- an explicit count ("2 fatalities") is the event's total; "no fatalities were reported" is a
  reported 0, not an unknown.
"""

from __future__ import annotations

import re
from functools import cache

from ..reference.actors import Actor, actor_index
from .figures import MAX_PERSONS
from .actors import implied_state_actor
from .record import EventRecord, SentenceParts
from ..reference.lexicon import read_table, split_list

_VIOLENT_PROTEST = re.compile(
    r"\b(burn(ed|t|ing)? ([a-z]+ )?(tires|tyres)|vandali[sz]ed|torched|set fire|set ([a-z]+ ){1,3}on fire|"
    r"thr(ew|owing) (stones|rocks|bottles|projectiles|molotov|petrol bombs)|stoned|pelted|stone[- ]pelting|"
    r"clashed|looted|smashed|ransacked|rioters|mob)\b", re.I)
"""Demonstrators' violence that makes a protest a riot (ACLED Codebook 2023, "Violent
demonstration": vandalism, road blocking with burning barricades, stone throwing, clashes)."""
_MOB = re.compile(r"\b(mob|lynch(ed|ing)?|vigilantes?)\b", re.I)
_INTERVENTION = re.compile(r"\b(police|security forces|gendarmes?)\b[^.]{0,60}\b(intervened|dispersed|tear gas|teargas|arrested|detained|fired|beat|used force|water cannon|rubber bullets)\b|\b(dispersed|tear gas|teargas|water cannon|rubber bullets)\b", re.I)
_NO_FATALITIES = re.compile(
    r"\b(no|neither|nor) (fatalities|casualties|deaths|one was killed|injuries)\b|"
    r"\b(no ?(one|body)|none) (was|were) (killed|hurt|injured)\b|\b(no ?(one|body)|none of them) died\b|"
    r"\bwithout (casualties|fatalities)\b|"
    r"\bno reports? (of|on) (fatalities|casualties|deaths)\b|\bno fatalities\b", re.I)
_EXPLICIT_TOTAL = re.compile(r"(?<!coded as )(?<![\d,.])\b(\d{1,3}(?:[,\u00a0\u2009\u202f]\d{3})+|\d{1,3}(?: \d{3})+|\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
                             r"\s+(fatalities|fatality)\b", re.I)
_HEDGED_TOTAL = re.compile(r"(?:\bup to|\bas many as|\bmay|\bmight|\bcould|\bpossibly|\bperhaps)\W+(?:\w+\W+){0,4}$",
                           re.I)
"""A hedge in the words just before a stated total: a possible toll, not the one reported."""
_CIVILIAN_VICTIM = re.compile(
    r"\b(civilians?|a (man|woman|boy|girl|child|resident|farmer|teacher|trader|journalist|pastor|priest|student|villager|pastoralist)|"
    r"(men|women|children|residents|villagers|farmers|students|brothers|family|families|worshippers|passengers|bodies|body|victims?|"
    r"journalists?|civilian vehicle|village|settlement|market|church|mosque|school|drivers?|members? of|member|"
    r"manager|people|persons?|family|families|passers-by|pastoralists?|herders?|traders?|workers?))\b", re.I)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_ARMED = {"state forces", "rebel group", "political militia", "identity militia", "private military company",
          "unidentified armed group", "military coalition", "peacekeeping mission"}
_MUTUAL = re.compile(r"\b(exchanged?|exchanging|exchange of)\b[^.]{0,40}\b(fire|shelling|artillery|gunfire|shots)\b|"
                     r"\bboth directions\b|\bclash(es|ed)?\b|\bfirefights?\b|\bgun ?battles?\b|\bshoot-?outs?\b", re.I)
_SMALL_ARMS = re.compile(r"\b(small arms|opened fire|open fire|gunfire|shooting|shot at|rifles?|AK-47s?)\b", re.I)
_REMOTE_ORDER = ("Suicide bomb", "Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade")


@cache
def _weapon_patterns() -> list[tuple[re.Pattern, str, str, str]]:
    out = []
    for row in read_table("weapons.csv").to_dict("records"):
        words = sorted(split_list(row["words"]), key=len, reverse=True)
        rx = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.I)
        out.append((rx, row["event_type"], row["sub_event_type"], row["kind"]))
    return out


@cache
def generic_actor(name: str) -> Actor | None:
    """Return the generic actor whose name template is ``name`` ("Protesters ({country})")."""
    for actors in actor_index().values():
        for a in actors:
            if a.generic and a.name == name:
                return a
    return None


def classify_assault(window: str, actor2: Actor | None, default: tuple[str | None, str | None]) -> tuple[str | None, str | None]:
    """Return ACLED (event_type, sub_event_type) of an assault from the words around its trigger.

    Parameters
    ----------
    window : str
        The text around the trigger (its clause).
    actor2 : Actor or None
        The target, if known.
    default : (str or None, str or None)
        The trigger's own types (``data/event_lexicon.csv``).
    """
    direct, remote = False, []
    for rx, event_type, sub, kind in _weapon_patterns():
        if rx.search(window):
            if kind == "direct":
                direct = True
            else:
                remote.append(sub)
    civilians = (actor2 is not None and actor2.kind == "civilians") or (actor2 is None and civilian_victims(window))
    armed_target = actor2 is not None and actor2.kind in _ARMED
    if _MUTUAL.search(window):
        return "Battles", "Armed clash"  # an exchange of fire is a battle, whatever the weapons
    if _SMALL_ARMS.search(window) and not civilians:
        return "Battles", "Armed clash"
    if remote:
        return "Explosions/Remote violence", min(remote, key=_REMOTE_ORDER.index)
    if civilians and not armed_target:
        return "Violence against civilians", default[1] if default[0] == "Violence against civilians" else "Attack"
    if direct or armed_target:
        return "Battles", "Armed clash"
    return default


def code_protest(text: str, actor1: Actor | None) -> tuple[str, str, Actor | None, Actor | None, Actor | None]:
    """Return (event_type, sub_event_type, actor1, assoc_actor_1, actor2) of a protest or riot."""
    riot = bool(_VIOLENT_PROTEST.search(text)) or (actor1 is not None and actor1.kind == "rioters")
    state = actor1 is not None and actor1.kind in ("state", "state forces")
    assoc = actor1 if actor1 is not None and not actor1.generic and not state else None
    if state and not riot:  # "police fired tear gas at protesters": the state intervenes
        return "Protests", "Protest with intervention", generic_actor("Protesters ({country})"), None, actor1
    if riot:
        sub = "Mob violence" if _MOB.search(text) else "Violent demonstration"
        return "Riots", sub, generic_actor("Rioters ({country})"), assoc, None
    if _INTERVENTION.search(text):
        return ("Protests", "Protest with intervention", generic_actor("Protesters ({country})"), assoc,
                generic_actor("Police Forces of {the_country}"))
    return "Protests", "Peaceful protest", generic_actor("Protesters ({country})"), assoc, None


_CROWD = re.compile(r"\b(two groups|groups of|group of (people|villagers|residents|youths)|villagers|residents|supporters|"
                    r"locals|youths|crowds?|mobs?|family members|relatives|neighbou?rs|students)\b", re.I)
_ARMS = re.compile(r"\b(gun|guns|firearms?|rifles?|shot|shooting|fired|gunmen|armed|grenades?|explosives?|bombs?)\b", re.I)


def unarmed_crowd_violence(text: str, actor1: Actor | None) -> bool:
    """Whether an assault is by an unorganised crowd without firearms: a riot in ACLED's terms."""
    if actor1 is not None and actor1.kind not in ("civilians", "protesters", "rioters"):
        return False
    return bool(_CROWD.search(text)) and not _ARMS.search(text)


PROTEST_POLICING = re.compile(r"\b(tear ?gas|water cannons?|rubber bullets|dispers(e|ed|ing)|protesters|protestors|"
                             r"demonstrators|demonstration|rally|marchers)\b", re.I)
"""Words that make force used by the state part of a protest event (ACLED: protest with intervention)."""


def civilian_victims(window: str) -> bool:
    """Whether the words after a violent trigger name unarmed victims ("a civilian", "two brothers")."""
    return bool(_CIVILIAN_VICTIM.search(window))


_CODED_AS = re.compile(r"\bfatalities (?:are |were )?(?:coded|recorded) as (\d+)\b|"
                       r"\bfatalities (?:are |were )?split across \d+ events \((\d+)\)", re.I)


KILLING_LEMMAS = frozenset({"kill", "assassinate", "execute", "behead", "murder", "slay", "lynch"})
"""Triggers whose named person victim is one fatality when the text gives no number."""


def reported_fatalities(texts: list[str]) -> tuple[int, bool] | None:
    """Return a stated fatality count and whether it is a total, or None.

    ``(n, True)``: a total stated as such ("2 fatalities.") or a coder's own statement — ACLED
    notes say "Fatalities coded as 0 (VoJ reported 1)" or "Fatalities are split across 2 events
    (4)" when the coded number is not the reported one (ACLED Codebook 2023, "Fatalities").
    ``(0, False)``: "no fatalities were reported", which holds only when no victim is counted.
    A number above :data:`events.extraction.figures.MAX_PERSONS` is not a count and is passed over.

    Examples
    --------
    >>> reported_fatalities(["Fighting resumed. 2 fatalities."])
    (2, True)
    >>> reported_fatalities(["Nobody was hurt."])
    (0, False)
    >>> reported_fatalities(["99999999999999999999 fatalities."]) is None
    True
    """
    joined = " ".join(texts)
    coded = _CODED_AS.search(joined)
    if coded and int(coded.group(1) or coded.group(2)) <= MAX_PERSONS:
        return int(coded.group(1) or coded.group(2)), True
    for found in _EXPLICIT_TOTAL.finditer(joined):
        if _HEDGED_TOTAL.search(joined[max(0, found.start() - 60):found.start()]):
            continue  # "the death toll may be higher — up to 10 fatalities": a guess, not the count
        n = re.sub(r"[^\w]", "", found.group(1).lower())
        value = int(n) if n.isdigit() else _NUMBER_WORDS[n]
        if value <= MAX_PERSONS:  # "99999999999999999999 fatalities" is not a count
            return value, True
    if _NO_FATALITIES.search(joined):
        return 0, False
    return None


def code_event(r: EventRecord, sentences: list[SentenceParts], following: list[str]) -> None:
    """Apply ACLED's coding rules (:mod:`events.extraction.acled_rules`) to a merged event (in place).

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
        if r.actor2 is None and r.event_type == "Violence against civilians":
            r.actor2 = generic_actor("Civilians ({country})")  # ACLED: the victims of violence against civilians
        if r.actor1 is not None and r.actor1.kind in ("rioters", "protesters"):
            # "rioters clashed with military forces": ACLED codes the violence of a demonstration as a riot
            r.event_type = "Riots"
            r.sub_event_type = "Mob violence" if _MOB.search(s.text) else "Violent demonstration"
            r.actor1 = generic_actor("Rioters ({country})")
        elif unarmed_crowd_violence(s.text, r.actor1):
            r.event_type, r.sub_event_type = "Riots", "Mob violence"
            r.actor1 = generic_actor("Rioters ({country})")
        if r.actor1 is None and r.sub_event_type == "Excessive force against protesters" and r.place is not None:
            # ACLED: excessive force against protesters is the state forces' (the police's where none is named)
            r.actor1 = implied_state_actor("police", r.place.iso3)
        if r.actor1 is None and r.actor2 is None and r.event_type == "Battles":
            r.actor1 = generic_actor("Unidentified Armed Group ({country})")  # an unattributed shoot-out
        r.reported_fatalities = reported_fatalities(r.sentences + following)
        if r.reported_fatalities is None and not r.fatality_figures and r.trigger.lemma in KILLING_LEMMAS \
                and (r.named_victim or (r.actor2 is not None and r.actor2.kind == "person")):
            r.reported_fatalities = (1, False)  # "the gang leader X was killed": one named person dead
    elif r.plover_type == "PROTEST":
        event_type, sub, actor1, assoc, actor2 = code_protest(s.text, r.actor1)
        r.event_type, r.sub_event_type = event_type, sub
        if assoc is not None and assoc not in r.assoc1:
            r.assoc1.append(assoc)
        r.actor1 = actor1
        r.actor2 = r.actor2 if r.actor2 is not None and not r.actor2.generic else actor2
