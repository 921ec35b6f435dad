"""Who a mention refers to: named actors, generic ones ("rebels" as the article's one rebel group),
pronoun-like ones ("the group", "the attackers"), forces "loyal to" a leader, and coordinated forces.

Roles (who acts on whom) come from the dependency parse: :mod:`events.extraction.roles`.
"""

from __future__ import annotations


from ..reference.actors import Actor, actors_by_name
from .mentions import Mention, Token
from .record import EventRecord, SentenceParts

_GROUP_KINDS = {"rebel group", "political militia", "identity militia", "private military company"}


def _joined_by_and(tokens: list[Token], first: Mention, second: Mention) -> bool:
    """Whether two mentions are coordinated: only "and" (or "&"), maybe with "the", stands between them."""
    return [t.lower for t in tokens[first.tok_end:second.tok_start]] in (["and"], ["&"], ["and", "the"])


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

