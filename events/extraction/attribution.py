"""Attribution and certainty: who asserts a sentence's claims, and how sure it is.

Cues (after the certainty classes of event coders such as the UCDP/ACLED source notes and the
FactBank / TimeML modality work): "without providing evidence", "could not be verified" →
unverified; "accused of", "allegedly" → alleged; "estimates", "believes", "intelligence
indicates", "assessment" → assessed; "claimed", "claims" → claimed; future and intention cues
are handled per trigger (see :mod:`events.extract`). Anything else stated by a source is
confirmed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .mentions import Mention, Token

SPEECH_VERBS = {
    "said", "says", "say", "told", "tells", "reported", "reports", "added", "stated", "announced",
    "claimed", "claims", "claim", "estimates", "estimated", "estimate", "believe", "believes",
    "indicates", "indicated", "confirmed", "confirms", "assessed", "assesses", "alleged", "alleges",
    "warned", "noted", "wrote", "testified", "acknowledged", "insisted", "observed", "recorded",
    "documented", "monitored", "tweeted", "tweets", "posted", "declared", "explained", "admitted",
}
CERTAINTY_CUES = [
    (re.compile(r"without (providing|giving|offering) (any )?evidence|could not (be )?(independently )?(verified|confirmed|verify|confirm)|cannot be (independently )?(verified|confirmed)|unverified|unconfirmed|no evidence", re.I), "unverified"),
    (re.compile(r"\baccused of\b|\ballegedly\b|\balleged\b|\baccusing\b|\baccusations?\b", re.I), "alleged"),
    (re.compile(r"\bestimates?\b|\bestimated\b|\bbelieves?\b|\bintelligence\b|\bassessment\b|\bassess(es|ed)?\b|\bindicates?\b", re.I), "assessed"),
    (re.compile(r"\bclaim(s|ed)?\b", re.I), "claimed"),
    (re.compile(r"\bconfirm(s|ed)?\b", re.I), "confirmed"),
]
_ADVERBS = {"later", "also", "repeatedly", "previously", "earlier", "separately", "again", "then", "have", "has", "had"}


@dataclass
class Attribution:
    """Who asserts a sentence, and how sure the sentence is.

    Attributes
    ----------
    source : str or None
        Canonical actor name of the source, or its description ("senior administration official").
    certainty : str or None
        A :class:`events.schema.Certainty` value implied by the sentence's cues, or None.
    cue_start : int or None
        Character position of that cue in the sentence (an accusation covers what follows it).
    source_tokens : range
        Token range of the source phrase (not an actor of the events it reports).
    verb_tokens : list of int
        Token positions of the speech verbs (a date next to one dates the statement).
    """

    source: str | None
    certainty: str | None
    source_tokens: range = field(default_factory=lambda: range(0))
    verb_tokens: list[int] = field(default_factory=list)
    cue_start: int | None = None
    actor: object | None = None  # the Actor the source phrase names, if any


_PASSIVE_AUXILIARIES = {"was", "were", "is", "are", "been", "being", "be"}


def _certainty(text: str) -> tuple[str | None, int | None]:
    for rx, value in CERTAINTY_CUES:
        found = rx.search(text)
        if found:
            return value, found.start()
    return None, None


def _phrase(tokens: list[Token], lo: int, hi: int, text: str) -> str:
    return text[tokens[lo].start:tokens[hi - 1].end] if hi > lo else ""


def parse_attribution(tokens: list[Token], mentions: list[Mention], sentence: str, offset: int) -> Attribution | None:
    """Find who asserts a sentence ("..., the official said", "according to X") and its certainty.

    Parameters
    ----------
    tokens : list of Token
        The sentence's tokens (offsets into the article text).
    mentions : list of Mention
        The sentence's mentions (an actor inside the source phrase names the source).
    sentence : str
        The sentence text.
    offset : int
        Article offset of the sentence's first character.

    Returns
    -------
    Attribution or None
        None when the sentence has neither a source nor a certainty cue.
    """
    certainty, cue_start = _certainty(sentence)
    low = [t.lower for t in tokens]
    verbs = [i for i, w in enumerate(low) if w in SPEECH_VERBS]
    source_range = range(0)
    for i, w in enumerate(low[:-1]):
        if w == "according" and low[i + 1] == "to":
            hi = next((j for j in range(i + 2, len(tokens)) if tokens[j].text in (",", ".", ";")), len(tokens))
            source_range = range(i + 2, hi)
            break  # "according to" is no speech verb a date could belong to ("on Sunday, according to HRW")
    else:
        for v in verbs:
            lo = v
            while lo > 0 and tokens[lo - 1].text not in (",", '"', "\u201c", "\u201d", ";", "that") and v - lo < 8:
                lo -= 1
            hi = v
            while hi > lo and low[hi - 1] in _ADVERBS:
                hi -= 1
            if hi > lo and low[hi - 1] in _PASSIVE_AUXILIARIES:
                continue  # "air raids were reported": what is reported, not who reports it
            if hi > lo and (lo == 0 or tokens[lo - 1].text in (",", '"', "\u201c", "\u201d", ";")):
                source_range = range(lo, hi)
                break
            if hi == lo and lo > 1 and tokens[lo - 1].text == ",":
                # "The official, speaking on condition of anonymity, said": skip the appositive
                first = next((k for k in range(lo - 1) if tokens[k].text == ","), None)
                if first is not None and 0 < first <= 6 and tokens[0].lower in ("the", "a", "an") or \
                        (first is not None and 0 < first <= 6 and any(m.tok_start == 0 for m in mentions)):
                    source_range = range(0, first)
                    break
            if v + 1 < len(tokens) and low[v + 1] in ("the", "a", "an") and (v == 0 or tokens[v - 1].text in (",", '"', "\u201d")):
                hi = next((j for j in range(v + 1, len(tokens)) if tokens[j].text in (",", ".", ";")), len(tokens))
                source_range = range(v + 1, hi)
                break
    if not source_range and certainty is None:
        return None
    source = actor = None
    if source_range:
        inside = [m for m in mentions if m.tok_start in source_range and m.actors and not m.actors[0].generic]
        actor = inside[0].actors[0] if inside else None
        phrase = _phrase(tokens, source_range.start, source_range.stop, _article_text(tokens, sentence, offset))
        phrase = re.sub(r"^(the|a|an)\s+", "", phrase, flags=re.I).strip()
        words = phrase.split()
        if inside and len(words) <= len(inside[0].text.split()) + 1:
            source = inside[0].actors[0].name
        else:
            source = phrase or None
    return Attribution(source, certainty, source_range, verbs, cue_start, actor)


def _article_text(tokens: list[Token], sentence: str, offset: int) -> str:
    """A string that offsets of ``tokens`` index into (the sentence padded to the article offset)."""
    return " " * offset + sentence


def link_sources(attributions: list[Attribution | None]) -> None:
    """Give a short source ("official") the fuller description used earlier ("senior administration official")."""
    seen: dict[str, None] = {}  # distinct sources in first-seen order (an article repeats few)
    for a in attributions:
        if a is None or not a.source:
            continue
        words = a.source.split()
        if len(words) <= 2:
            fuller = next((s for s in seen if s.lower().endswith(words[-1].lower()) and len(s) > len(a.source)), None)
            if fuller:
                a.source = fuller
        seen.setdefault(a.source, None)
