"""Who did what to whom: actor roles around a trigger, and who a mention refers to.

The subject before a trigger acts and the object after it is acted on, with the exceptions news
English needs: the passive and counted victims ("one soldier killed"), by-phrases ("delivered by
North Korea"), receivers ("took delivery ... from"), the speaker of an accusation, participial
clauses (", accusing the group of abuses"), targets behind "the headquarters of". Mentions are
resolved to actors: named ones, generic ones ("rebels" as the article's one rebel group), and
pronoun-like ones ("the group", "the attackers").
"""

from __future__ import annotations

import re

from .actors import Actor, actors_by_name
from .mentions import Mention, Token, Trigger
from .record import EventRecord, SentenceParts

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


def _actor_mentions(s: SentenceParts) -> list[Mention]:
    skip = s.attribution.source_tokens if s.attribution else range(0)
    return [m for m in s.mentions if m.role in ("actor", "anaphor") and m.tok_start not in skip and m.resolved]


def _after_target_noun(tokens: list[Token], i: int) -> bool:
    """Whether the "of" governing token ``i`` follows a target noun ("the headquarters of the SDF")."""
    k = i - 1
    while k > 0 and tokens[k].lower != "of" and i - k < 6:
        k -= 1
    return k > 0 and tokens[k].lower == "of" and tokens[k - 1].lower in TARGET_NOUNS


def pick_actors(s: SentenceParts, trig: Trigger) -> tuple[Mention | None, Mention | None]:
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
    if obj is None and subject is not None and len(before) >= 2 and _joined_by_and(s.tokens, before[-2], subject) \
            and before[-2].resolved != subject.resolved and _RECIPROCAL.match(trig.text.lower()):
        return before[-2], subject  # "India and Pakistan exchanged fire": both sides, the first acts
    if trig.plover_type in SPEECH_ACTS and speaker is not None and subject is not None and subject.resolved != speaker:
        # "U.S. officials believe North Korea's delivery is a violation": the speaker accuses
        return _Fixed(speaker), subject
    if source is not None and trig.source_preps and subject is None:
        return source, obj
    return subject, obj


FIRST_ACTOR_TYPES = {"ASSAULT", "COERCE", "MOBILIZE"}
"""Event types whose actor, when syntax names none, is the sentence's first actor (see :func:`first_actor`)."""


def first_actor(s: SentenceParts, exclude: Actor | None = None) -> Actor | None:
    """The first actor a sentence names, for an event whose trigger has no subject.

    "Military police officers went to the community, and a shoot-out broke out": the shoot-out
    has no grammatical subject, but a coder reads the sentence's first actor as its actor.
    Victim-like generic actors (civilians) and the other side are skipped.
    """
    for m in _actor_mentions(s):
        if m.resolved == exclude or m.resolved.kind == "civilians" or m.prep in ("of", "by", "to", "against", "from", "for"):
            continue
        return m.resolved
    return None


_RECIPROCAL = re.compile(r"(clash|exchang|fought|fight|battl|skirmish)")
"""Triggers whose coordinated subjects are the two sides ("India and Pakistan exchanged fire")."""


def _joined_by_and(tokens: list[Token], first: Mention, second: Mention) -> bool:
    """Whether two mentions are coordinated: only "and" (or "&"), maybe with "the", stands between them."""
    return [t.lower for t in tokens[first.tok_end:second.tok_start]] in (["and"], ["&"], ["and", "the"])


def coordinated_partner(s: SentenceParts, trig: Trigger, actor: Mention | None) -> Mention | None:
    """The actor coordinated before an event's actor in a one-sided act: in "Wagner Group and the
    Malian army killed 20 people" the Wagner Group acts with the army (ACLED: actor1 and its
    associated actor), unless the trigger is reciprocal ("clashed"), where they are two sides."""
    if actor is None or not isinstance(actor, Mention) or _RECIPROCAL.match(trig.text.lower()):
        return None  # a speaker stand-in (_Fixed) has no place in the sentence
    before = [m for m in _actor_mentions(s) if m.tok_end <= actor.tok_start]
    if before and _joined_by_and(s.tokens, before[-1], actor) and before[-1].resolved != actor.resolved:
        return before[-1]
    return None


def distribute_forces(s: SentenceParts) -> None:
    """Read "military forces of India and Pakistan" as the military forces of both countries.

    The head noun of a coordinated "X Forces of <country> and <country>" applies to the second
    country too, which alone would name its government.
    """
    for first, second in zip(s.mentions, s.mentions[1:]):
        if not (first.actors and second.actors and _joined_by_and(s.tokens, first, second)):
            continue
        head, other = first.actors[0], second.actors[0]
        if head.kind != "state forces" or " of " not in head.name or other.kind != "state" or not other.iso3:
            continue
        prefix = head.name.split(" of ", 1)[0]
        same = next((a for a in actors_by_name().values() if a.iso3 == other.iso3 and a.kind == "state forces"
                     and a.name.split(" of ", 1)[0] == prefix), None)
        if same is not None:
            second.actors = (same,)


def resolve_mentions(sentences: list[SentenceParts]) -> None:
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


_FORCE_NOUNS = ("forces", "troops", "fighters", "militias", "units", "groups", "soldiers")


def read_loyal_forces(s: SentenceParts) -> None:
    """Read "forces loyal to <leader>" and "pro-<leader> forces" as the military forces of the
    leader's country ("pro-Hadi forces" are Yemen's government forces)."""
    low = [t.lower for t in s.tokens]
    for k, m in enumerate(s.mentions):
        if not m.actors or m.actors[0].kind != "person":
            continue
        if (m.tok_start >= 2 and low[m.tok_start - 1] == "-" and low[m.tok_start - 2] == "pro"
                and m.tok_end < len(low) and low[m.tok_end] in _FORCE_NOUNS):
            forces = _military_of(m.actors[0])
            if forces:
                start_tok, end_tok = m.tok_start - 2, m.tok_end + 1
                s.mentions[k] = Mention(s.tokens[start_tok].start, s.tokens[end_tok - 1].end, start_tok, end_tok,
                                        s.text[s.tokens[start_tok].start - s.start:s.tokens[end_tok - 1].end - s.start],
                                        (forces,), role="actor")
            continue
        if m.tok_start < 3:
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


def _military_of(person: Actor) -> Actor | None:
    """The military forces of the country a person's affiliation belongs to, or None."""
    affiliation = actors_by_name().get(person.affiliation or "")
    if not (affiliation and affiliation.iso3):
        return None
    return next((a for a in actors_by_name().values()
                 if a.iso3 == affiliation.iso3 and a.name.startswith("Military Forces of")), None)


def resolve_attackers(records: list[EventRecord], sentences: list[SentenceParts]) -> None:
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

