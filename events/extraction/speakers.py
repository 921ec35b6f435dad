"""Who says so: the subject of the speech verb an event clause depends on, and how sure it is.

"Iraqi special forces said al-Rufay'i was killed Thursday": the killing is attributed to Iraqi
special forces. The speech verb gives the certainty (ACLED and PLOVER practice: a party's claim
is a claim, an accusation an allegation, an estimate an assessment); a hedge in the sentence
("could not be independently verified", :func:`events.extraction.attribution.parse_attribution`) still
applies.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..reference.actors import actors_by_name
from .attribution import Attribution
from .record import SentenceParts
from .actors import name_argument

SPEECH_CERTAINTY = {
    "say": None, "tell": None, "state": None, "add": None, "announce": None, "report": None, "write": None,
    "post": None, "note": None, "declare": None, "explain": None, "tweet": None, "insist": None, "share": None,
    "confirm": "confirmed", "acknowledge": "confirmed", "admit": "confirmed",
    "claim": "claimed", "boast": "claimed",
    "allege": "alleged", "accuse": "alleged", "charge": "alleged",
    "estimate": "assessed", "believe": "assessed", "assess": "assessed", "think": "assessed", "suspect": "assessed",
    "conclude": "assessed", "indicate": "assessed", "suggest": "assessed", "show": "assessed",
}
"""Speech and cognition verbs → the certainty they give what they report (None: as stated)."""

SPEECH_NOUNS = frozenset({"announcement", "statement", "report", "claim", "confirmation", "declaration", "admission",
                          "allegation", "assessment", "estimate"})
"""Nouns of those verbs, which date what they report ("Tuesday's announcement that Ukraine had agreed")."""

_DROP = re.compile(r"^(the|a|an)\s+", re.I)
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "conj", "advcl", "parataxis", "relcl", "acl", "pcomp", "prep", "pobj",
                         "dobj", "nsubj", "nsubjpass", "attr", "appos", "amod", "compound"})


def _phrase(head: Token) -> str:
    keep = [t for t in head.subtree if not any(a.dep_ in ("relcl", "acl", "appos", "prep", "punct") and a.i != head.i
                                              and a in head.subtree and t in a.subtree for a in head.subtree)]
    text = " ".join(t.text for t in keep if t.dep_ != "punct")
    return _DROP.sub("", text.replace(" 's", "'s").replace(" ’s", "’s")).strip()


def find_speaker(s: SentenceParts, tok: Token, country: str | None = None, people: dict | None = None) -> Attribution | None:
    """Return who the sentence says asserts the event of trigger ``tok``, or None.

    Parameters
    ----------
    s : SentenceParts
        The sentence, parsed, with its mentions resolved.
    tok : spacy.tokens.Token
        The trigger.
    country : str or None
        The article's country (names generic speakers).
    people : dict, optional
        Surname key → person actor (:func:`events.extraction.actors.collect_people`).

    Returns
    -------
    Attribution or None
        ``source`` is the speaker's canonical actor name when the dictionary knows it, else the
        subject phrase ("Iraqi special forces"); ``certainty`` from the verb, or the sentence's cue.
    """
    t = tok
    for _ in range(8):
        head = t.head
        if head is t:
            return None
        lemma = head.lemma_.lower()
        if head.pos_ in ("VERB", "AUX") and lemma in SPEECH_CERTAINTY and t.dep_ in ("ccomp", "parataxis", "xcomp", "conj",
                                                                                       "advcl", "dobj"):
            subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None or subj.i == tok.i:
                return None
            actor = name_argument(subj, s.start, s.mentions, country, people)
            phrase = _phrase(subj)
            source = actor.name if actor is not None and not actor.generic and (
                actor.name in actors_by_name() and len(phrase.split()) <= 3) else phrase
            cue = s.attribution.certainty if s.attribution else None
            certainty = SPEECH_CERTAINTY[lemma] or cue
            if cue in ("unverified",):
                certainty = cue
            return Attribution(source or None, certainty, actor=actor,
                               verb_tokens=s.attribution.verb_tokens if s.attribution else [])
        if t.dep_ not in CLAUSE_DEPS:
            return None
        t = head
    return None


_PLANNED = re.compile(r"\b(plans? to|planning to|intends? to|will|is expected to|are expected to|to be unveiled|"
                      r"vowed to|promised to)\b", re.I)


def event_certainty(s: SentenceParts, trig, timex, planned: bool, speaker: Attribution | None) -> str:
    """Return the event's :class:`events.schema.Certainty` value.

    ``planned`` (from the parse, :mod:`.factuality`) or a future date gives "planned"; else the
    speaker's certainty, else the sentence's hedge (an accusation covers what follows its cue),
    else "confirmed".
    """
    if planned or (timex is not None and timex.future):
        return "planned"
    if speaker is not None and speaker.certainty:
        return speaker.certainty
    att = s.attribution
    if att and att.certainty:
        cue = att.cue_start
        if att.certainty != "alleged" or att.source or cue is None or cue <= trig.start - s.start:
            return att.certainty
    return "confirmed"
