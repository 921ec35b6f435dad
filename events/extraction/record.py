"""Event records and how mentions of one event merge within an article.

Two event mentions of one article are one event when they have the same PLOVER type, the same
certainty class (planned or not), no conflicting actors, no conflicting place and overlapping
(or unknown) dates — "completed an initial arms delivery" and "Last month, North Korea delivered
infantry rockets" are one event. A list of places ("fought in Libya, Syria and Mali") gives one
event per place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..reference.actors import Actor
from .attribution import Attribution
from .timexes import Timex
from .figures import FigureMention
from .mentions import Mention, Token
from ..reference.gazetteer import Place

TYPE_PRIORITY = {"Explosions/Remote violence": 0, "Battles": 1, "Violence against civilians": 2}


@dataclass
class Trigger:
    """An event trigger: a word of the sentence read as an event (:mod:`events.extraction.triggers`)."""

    tok_start: int
    tok_end: int
    start: int
    end: int
    text: str
    plover_type: str
    event_type: str | None
    sub_event_type: str | None
    subject_role: str
    object_preps: tuple[str, ...]
    source_preps: tuple[str, ...]
    determiner: str | None = None  # of an event noun: "the" in "the attack" (an anaphoric mention)
    implied_actor1: str | None = None  # the state agent of an act only a state performs ("was arrested")
    lemma: str | None = None  # the lexicon lemma of the trigger
    sequenced: bool = False  # in an "after"/"before" clause: an act told as coming before or after another


@dataclass(frozen=True)
class FatalityCount:
    """A fatality figure attached to an event: who died (``group``), who says so, how sure."""

    figure_id: str
    value: int
    qualifier: str
    group: str
    source: str | None
    doubtful: bool
    high: int | None = None  # the upper end of a range ("between 300 and 500"); ``value`` is its lower end


def fatality_range(counts) -> tuple[int | None, int | None]:
    """Return (low, high) of an event's fatalities when a kept count is a range, else (None, None).

    The groups' counts add up as in :func:`fatality_total`; a count without a range adds its value
    to both ends.
    """
    total, _, _ = fatality_total(counts)
    kept = _kept_counts(counts)
    if not any(c.high is not None for c in kept):
        return None, None
    return total, sum(c.high if c.high is not None else c.value for c in kept)


def _kept_counts(counts) -> list:
    by_group: dict[str, list] = {}
    for c in sorted(counts, key=lambda c: c.figure_id):
        by_group.setdefault(c.group, []).append(c)
    kept = []
    for items in by_group.values():
        best = min(items, key=lambda c: (c.doubtful, c.value))
        kept.append(best)
        kept += [c for c in items if c is not best and c.source == best.source and c.doubtful == best.doubtful]
    return kept


def fatality_total(counts) -> tuple[int, str, list[str]]:
    """Return an event's fatalities from its figures: (total, qualifier, notes).

    Counts of different groups add up ("1 peacekeeper" + "30 rebels" = 31). Several sources
    counting the same group do not: the most credible one is kept (a figure that "could not be
    verified" or a party's claim yields to an unqualified one; among equals the lowest number,
    ACLED's conservative rule), and the others are named in the notes. One source counting one
    group again is a toll that rose ("40 killed" ... "the toll rose to 63"): the highest is kept.
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
        again = [c for c in items if c is not best and c not in others]
        if again:  # one source counting one group again: the toll as it rose ("40 killed" ... "the toll rose to 63")
            top = max([best, *again], key=lambda c: c.value)
            if top is not best:
                kept[-1] = top
            notes.append(f"{group} fatalities: the highest of {len(again) + 1} counts by one source kept ({top.value})")
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
    ongoing: bool = False  # told in the present progressive ("is calling for"): happening as the story is published
    remit: str | None = None  # ISO3 of the country an envoy acts for ("the U.N. envoy for Syria")
    named_victim: bool = False  # the one acted on is one person the NER names ("Arnel Joseph ... was killed")
    perfect: str | None = None  # "present" ("has fought": an indefinite past) or "past" ("had sent")
    reported_on: dt.date | None = None  # the day of the statement that tells an undated act ("said on Thursday")
    merged_into: "EventRecord | None" = None
    event_id: str | None = None

    def final(self) -> "EventRecord":
        """The record this one was merged into (itself if it was kept)."""
        r = self
        while r.merged_into is not None:
            r = r.merged_into
        return r


@dataclass
class SentenceParts:
    index: int
    text: str
    start: int
    tokens: list[Token]
    mentions: list[Mention]
    triggers: list[Trigger]
    timexes: list[Timex]
    figures: list[FigureMention]
    attribution: Attribution | None
    doc: object = None  # the parsed sentence (spacy.tokens.Span), from :mod:`events.extraction.nlp`
    figure_notes: list = field(default_factory=list)  # numbers left out as implausible, said in the events' notes


def token_distance(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return b_start - a_end if b_start >= a_end else a_start - b_end if a_start >= b_end else 0


def _compatible(a: EventRecord, b: EventRecord) -> bool:
    if a.plover_type != b.plover_type or (a.certainty == "planned") != (b.certainty == "planned"):
        return False
    if "another" in (a.trigger.determiner, b.trigger.determiner):
        return False  # "a separate meeting", "another attack"
    if a.plover_type != "ASSAULT" and a.sub_event_type and b.sub_event_type and a.sub_event_type != b.sub_event_type:
        return False  # a new base and an arrest: two acts of one category, even told side by side
    if a.plover_type == "ASSAULT" and a.sentence != b.sentence and "Explosions/Remote violence" in (
            a.event_type, b.event_type) and a.event_type != b.event_type and not (
            a.trigger.determiner in _ANAPHORIC or b.trigger.determiner in _ANAPHORIC or b.actor1 is None):
        # blasts at a school, then soldiers killing fighters: two acts; "the explosion killed one soldier",
        # with no doer of its own, tells the blast again
        return False
    if _same_place_and_day(a, b):
        return True  # one town, one day, one kind of act: one event told from several sides
    two_sides = (a.plover_type == "ASSAULT" and a.sentence == b.sentence and a.actor1 != b.actor1
                 and (a.actor2 is None or b.actor2 is None or a.actor2 == b.actor2)
                 and {a.event_type, b.event_type} != {"Battles", "Explosions/Remote violence"})
    # "forces repelled an attack by the Taliban, killing 5 militants": one clash told from both sides
    # "al-Shabab claimed the hotel attack": the fight told before, from the other side
    retold = a.plover_type == "ASSAULT" and b.trigger.determiner in _ANAPHORIC and _sides_swapped(a, b)
    if a.actor1 and b.actor1 and a.actor1 != b.actor1 and not (two_sides or retold):
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
    if abs(a.sentence - b.sentence) > NEAR_SENTENCES and not _corefer(a, b) and not _told_again(a, b):
        return False
    return True


def _told_again(a: EventRecord, b: EventRecord) -> bool:
    """Whether a later violent mention with no place and no date of its own tells the story's
    violent event again ("At least five people were killed," the governor said): a new attack is
    introduced by its own place or day."""
    return (b.sentence > a.sentence and a.plover_type == "ASSAULT" and b.place is None and b.timex is None
            and a.place is not None and (b.actor1 is None or b.actor1.generic or b.actor1 in (a.actor1, a.actor2)))


def _same_place_and_day(a: EventRecord, b: EventRecord) -> bool:
    if a.sentence == b.sentence or a.plover_type != b.plover_type or (a.certainty == "planned") != (b.certainty == "planned"):
        return False
    if a.actor1 is not None and b.actor1 is not None and a.actor1 != b.actor1 and not (a.actor1.generic or b.actor1.generic) \
            and not (a.plover_type == "ASSAULT" and _sides_swapped(a, b)):
        return False
    if a.place is None or b.place is None or a.place.location != b.place.location or a.place.feature == "country":
        return False
    ta, tb = a.timex, b.timex
    if not (ta and tb and ta.date_start and tb.date_start and ta.date_end and tb.date_end):
        return True  # an undated mention in the same town: the event already told
    return ta.date_start <= tb.date_end and tb.date_start <= ta.date_end


def _same_side(x, y) -> bool:
    """Whether two actors can be one side: the same, one unknown, or one an unnamed armed group."""
    return x is None or y is None or x == y or any(
        a.generic and a.kind == "unidentified armed group" for a in (x, y))


def _sides_swapped(a: EventRecord, b: EventRecord) -> bool:
    """Whether ``b`` tells the fight of ``a`` from the other side ("forces killed the attackers",
    "al-Shabab claimed the attack"): its first actor is ``a``'s second and the reverse (ACLED: one
    event per place, day and pair of actors)."""
    if a.trigger.sequenced or b.trigger.sequenced:
        return False  # "the airstrikes came after IS killed 10 soldiers": two attacks, one answering the other
    return b.actor1 is not None and b.actor1 != a.actor1 and _same_side(a.actor2, b.actor1) \
        and _same_side(a.actor1, b.actor2)


NEAR_SENTENCES = 2
"""Compatible mentions this many sentences apart or closer are one event without further
evidence (a lead and its details); farther apart they need a shared name, place, day or a
definite event noun (:func:`_corefer`)."""

_ANAPHORIC = frozenset({"the", "this", "that", "these", "those", "its", "their", "his", "her", "such"})


def _corefer(a: EventRecord, b: EventRecord) -> bool:
    """Positive evidence that mentions in two sentences tell of one event: a shared named actor,
    the same place below country level, the same day, or a definite event noun ("the attack")."""
    if (a.actor1 is not None and a.actor1 == b.actor1 and not a.actor1.generic) or (
            a.actor2 is not None and a.actor2 == b.actor2 and not a.actor2.generic):
        return True
    if a.place is not None and b.place is not None and a.place.location == b.place.location and \
            a.place.feature != "country":
        return True
    ta, tb = a.timex, b.timex
    if ta and tb and ta.date_start and ta.date_start == tb.date_start and ta.date_end == tb.date_end and \
            ta.time_precision == 1:
        return True
    return b.trigger.determiner in _ANAPHORIC or a.trigger.determiner in _ANAPHORIC


_CERTAINTY_RANK = {"confirmed": 0, "assessed": 1, "claimed": 2, "alleged": 3, "unverified": 4, "planned": 5}


def _merge(a: EventRecord, b: EventRecord) -> None:
    if a.actor1 and b.actor1 and b.actor1 != a.actor1 and a.actor2 is None:
        a.actor2 = b.actor1  # the other side of the same clash
    a.actor1 = a.actor1 or b.actor1
    a.actor2 = a.actor2 or b.actor2
    finer = {"city": 0, "admin2": 1, "admin1": 2, "region": 2, "country": 3}
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
    a.perfect = a.perfect if a.perfect == b.perfect else None
    a.named_victim = a.named_victim or b.named_victim
    a.ongoing = a.ongoing and b.ongoing
    a.remit = a.remit or b.remit
    a.reported_on = min((d for d in (a.reported_on, b.reported_on) if d is not None), default=None)


def merge_records(records: list[EventRecord]) -> list[EventRecord]:
    """Merge mentions of the same event within one article (see the module notes)."""
    merged: list[EventRecord] = []
    for r in records:
        fits = [m for m in reversed(merged) if _compatible(m, r)]
        # "the toll rose to 63 from Saturday's blasts": the blasts told before, not the latest compatible act
        target = next((m for m in fits if m.trigger.lemma == r.trigger.lemma or (
            m.sub_event_type is not None and m.sub_event_type == r.sub_event_type)), fits[0] if fits else None)
        if target is None:
            merged.append(r)
        else:
            _merge(target, r)
            r.merged_into = target
    return merged

