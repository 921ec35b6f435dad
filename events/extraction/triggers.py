"""Event triggers: verbs and event nouns, by lemma, whose sense fits their arguments.

The lexicon is ``data/event_lexicon.csv`` (see data/README.md): one row per sense of a lemma and
part of speech, with the PLOVER category and, where one applies, ACLED's event and sub-event type.
A sense can require or exclude arguments, read from the dependency parse:

- ``obj=`` lemmas of the direct object (or of the passive subject): "strike a deal" is an
  agreement, "struck the base" an attack; ``@name`` stands for any proper name ("seized Kidal"),
  ``*`` for any word at all; ``dobj=`` the same without clauses ("warned Iran" is a threat, "he
  warned that ..." only reports); ``own=future`` a clause telling the subject's own future act
  ("warned that it will retaliate");
- ``mod=`` lemmas of compound and adjective modifiers: "an air strike" vs. "a general strike";
- ``prep=`` prepositions attached to the trigger: "a strike on Kharkiv";
- ``prt=`` verb particles: "pulled out";
- ``pobj=`` objects of the trigger's prepositions: "was met with brutality";
- ``pass=yes`` the trigger is a passive verb;
- ``subj=`` lemmas of the subject: "shells hit a hospital"; ``agent=`` of the passive agent
  ("hit by an IED");
- ``comp=`` a complement adjective: "were found dead";
- ``purpose=`` the verb of an infinitive of purpose: "gathered to demand".

The first row of a lemma whose requirements hold and whose exclusions do not is its sense.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from ..reference.lexicon import read_table

OBJECT_DEPS = frozenset({"dobj", "obj", "attr", "oprd"})
SERIES_NOUNS = frozenset({"series", "wave", "barrage", "string", "round", "number", "volley", "salvo", "spate"})
"""Nouns whose "of" complement is the events themselves ("launched a wave of attacks", "a barrage of
rockets"): the events take the series' modifiers, verb and date."""
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "nummod"})


@dataclass(frozen=True)
class Sense:
    """One row of the event lexicon."""

    lemma: str
    pos: str
    plover_type: str
    event_type: str | None
    sub_event_type: str | None
    requires: tuple[tuple[str, frozenset[str]], ...]
    excludes: tuple[tuple[str, frozenset[str]], ...]
    subject_role: str
    implied_actor1: str | None = None


def _constraints(cell: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Parse ``obj=deal|agreement|prep=on`` into ``(("obj", {deal, agreement}), ("prep", {on}))``."""
    groups: dict[str, set[str]] = {}
    key = None
    for part in (p.strip().lower() for p in cell.split("|") if p.strip()):
        if "=" in part:
            key, part = part.split("=", 1)
        if key is None:
            raise ValueError(f"event lexicon: constraint {cell!r} names no argument (obj=, dobj=, mod=, prep=, prt=, pobj=, pass=, subj=, agent=, comp=, purpose=, own=)")
        groups.setdefault(key, set()).add(part)
    return tuple((k, frozenset(v)) for k, v in groups.items())


@cache
def event_lexicon() -> dict[tuple[str, str], tuple[Sense, ...]]:
    """Return the senses of each (lemma, part of speech) of ``data/event_lexicon.csv``, in file order.

    Returns
    -------
    dict
        ``(lemma, "VERB" | "NOUN")`` → tuple of :class:`Sense`.
    """
    out: dict[tuple[str, str], list[Sense]] = {}
    for row in read_table("event_lexicon.csv").itertuples():
        sense = Sense(row.lemma.lower(), row.pos, row.plover_type, row.event_type or None, row.sub_event_type or None,
                      _constraints(row.requires), _constraints(row.excludes), row.subject_role or "actor1",
                      row.implied_actor1 or None)
        out.setdefault((sense.lemma, sense.pos), []).append(sense)
    return {k: tuple(v) for k, v in out.items()}


@cache
def agreement_nouns() -> frozenset[str]:
    """Return the nouns the lexicon lets an agreement verb take as its object ("sign a treaty",
    "strike a deal"): the names of agreements ("the Doha agreement", "the Minsk accords")."""
    return frozenset(word for senses in event_lexicon().values() for sense in senses
                     if sense.plover_type == "AGREE" and sense.pos == "VERB"
                     for key, words in sense.requires if key in ("obj", "dobj") for word in words)


AGREEMENT_KEEPING_VERBS = frozenset({"break", "violate", "breach", "implement", "honour", "honor", "respect",
                                     "observe", "uphold", "abide", "enforce", "extend", "renew", "suspend",
                                     "abandon", "scrap", "revoke", "cancel", "review", "sabotage", "undermine"})
"""Verbs whose object is an agreement made before ("threatened to break their cease-fire",
"implement the deal"): its noun there tells no new agreement."""


def _lower(token: Token) -> str:
    return token.lemma_.lower() if token.pos_ != "PROPN" else token.text.lower()


def argument_features(token: Token) -> dict[str, set[str]]:
    """Return the lemmas of a trigger's objects, modifiers, prepositions and particles.

    Examples
    --------
    >>> from events.extraction.nlp import load_pipeline
    >>> doc = load_pipeline()("The two sides struck a deal.")
    >>> sorted(argument_features(doc[3])["obj"])
    ['deal']
    """
    feats: dict[str, set[str]] = {"obj": set(), "mod": set(), "prep": set(), "prt": set(), "pobj": set(), "pass": set(),
                                  "subj": set(), "comp": set(), "purpose": set(), "agent": set(), "dobj": set(),
                                  "own": set()}
    for child in token.children:
        dep = child.dep_
        if dep == "nsubj":
            feats["subj"].update(_lower(c) for c in [child, *child.conjuncts])  # "NATO and EU military brass"
        if dep in OBJECT_DEPS or dep == "nsubjpass":
            feats["obj"].add(_lower(child))
            feats["dobj"].add(_lower(child))
            for c in child.children:  # "imposed martial law", "declared a state of emergency": the phrase too
                if c.dep_ in ("compound", "amod"):
                    feats["obj"].add(f"{c.lower_} {_lower(child)}")
                elif c.dep_ == "prep" and c.lower_ == "of":
                    feats["obj"].update(f"{_lower(child)} of {_lower(g)}" for g in c.children if g.dep_ == "pobj")
            if child.pos_ == "PROPN":
                feats["obj"].add("@name")  # "seized Kidal": a named object
            if child.lemma_.lower() in ("series", "number", "wave", "string", "round", "barrage", "kind", "type", "area",
                                        "piece", "plot", "hectare", "acre", "dunam", "part", "tract", "amount",
                                        "quantity", "lot", "stretch", "swath", "portion"):
                feats["obj"].update(_lower(g) for c in child.children if c.dep_ == "prep" for g in c.children)
        elif dep in MODIFIER_DEPS:
            feats["mod"].add(_lower(child))
            feats["mod"].add(child.text.lower())
        elif dep == "prep":
            feats["prep"].add(child.lemma_.lower())
            feats["pobj"].update(_lower(g) for g in child.children if g.dep_ == "pobj")
        elif dep == "agent":
            feats["prep"].add("by")
            feats["pass"].add("yes")
            feats["agent"].update(_lower(g) for g in child.children if g.dep_ == "pobj")
        elif dep == "auxpass":
            feats["pass"].add("yes")
        elif dep == "prt":
            feats["prt"].add(child.lemma_.lower())
        elif dep in ("acl", "advcl") and child.tag_ == "VBG":
            feats["prep"].add(child.lemma_.lower())  # "a strike targeting his location"
        elif dep == "mark" or dep == "ccomp":
            feats["obj"].add(child.lemma_.lower())
            if dep == "ccomp" and any(c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "shall")
                                      for c in child.children) and any(
                    c.dep_ == "nsubj" and c.lower_ in ("it", "we", "they", "i") for c in child.children):
                feats["own"].add("future")  # "warned that it will continue to exert pressure": its own act
        if dep in ("acomp", "oprd"):
            feats["comp"].add(child.lemma_.lower())  # "were found dead"
        if dep in ("advcl", "xcomp") and any(g.dep_ == "aux" and g.lower_ == "to" for g in child.children):
            feats["purpose"].update(v.lemma_.lower() for v in [child, *child.conjuncts])  # "gathered to demand"
    if token.dep_ == "acl" and token.tag_ == "VBN":  # "shells fired by ...": the noun is the object
        feats["obj"].add(_lower(token.head))
    if not feats["subj"] and token.pos_ == "VERB" and token.tag_ in ("VBD", "VBN") and token.i > 0 and \
            token.doc[token.i - 1].pos_ in ("NOUN", "PROPN") and token.doc[token.i - 1].dep_ != "nsubjpass":
        # "speaking to military brass gathered in Paris": the noun the parser hung elsewhere is who gathered
        feats["subj"].update(_lower(c) for c in [token.doc[token.i - 1], *token.doc[token.i - 1].conjuncts])
    if token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.lemma_.lower() in SERIES_NOUNS:
        feats["mod"].update(_lower(c) for c in token.head.head.children if c.dep_ in MODIFIER_DEPS)
    return feats


def lemma_forms(token: Token) -> set[str]:
    """The token's lemma and, for a verb in -ed, the stems the lemmatizer may have missed
    ("staged" → "stag" by spaCy's rules, "stage" here)."""
    forms = {token.lemma_.lower()}
    word = token.lower_
    if token.pos_ in ("VERB", "AUX") and word.endswith("ed"):
        forms.update((word[:-1], word[:-2]))
    return forms


@cache
def _lemma_of(word: str) -> str:
    """The verb lemma of a past form, by spaCy's English lemmatizer tables ("took" → "take")."""
    from .nlp import load_pipeline

    doc = load_pipeline()(f"They {word} it.")
    return doc[1].lemma_.lower()


def _holds(constraints, feats) -> bool:
    """Whether any constraint holds; ``obj=*`` holds when the argument is there at all."""
    return any(feats.get(key, set()) & values or ("*" in values and feats.get(key)) for key, values in constraints)


def pick_sense(token: Token) -> Sense | None:
    """Return the lexicon sense of ``token`` as its arguments read it, or None if it is no trigger.

    Examples
    --------
    >>> from events.extraction.nlp import load_pipeline
    >>> doc = load_pipeline()("Israel struck a deal with Hamas after its jets struck Gaza.")
    >>> [pick_sense(t).plover_type for t in doc if pick_sense(t)]
    ['AGREE', 'ASSAULT']
    """
    pos = "VERB" if token.pos_ in ("VERB", "AUX") else "NOUN" if token.pos_ in ("NOUN", "PROPN") or (
        token.pos_ == "ADJ" and "-" in token.text and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")) else None
    if pos is None or token.ent_type_ in ("DATE", "TIME"):
        return None  # "in March": a month, not a march
    senses = event_lexicon().get((token.lemma_.lower(), pos))
    if senses is None and pos == "NOUN" and token.tag_ == "NNS":
        senses = event_lexicon().get((token.text.lower().rstrip("s"), pos))  # "talks" lemmatised as "talks"
    if senses is None and pos == "VERB" and (token.tag_ in ("VBD", "VBN") or token.lemma_.lower() == token.lower_):
        word = token.text.lower()  # the lemmatizer's rules miss some derived verbs ("rearrested" → "rearreste")
        for stem in (word[:-2], word[:-1]) if word.endswith("ed") else ():
            senses = event_lexicon().get((stem, pos))
            if senses:
                break
        if senses is None and word.startswith("re") and len(word) > 5:  # "retook": re- + the lemma of "took"
            senses = event_lexicon().get(("re" + _lemma_of(word[2:]), pos))
    if not senses:
        return None
    feats = argument_features(token)
    for sense in senses:
        if sense.requires and not _holds(sense.requires, feats):
            continue
        if sense.excludes and _holds(sense.excludes, feats):
            continue
        return sense
    return None


def find_triggers(sentence: Span) -> list[tuple[Token, Sense]]:
    """Return the triggers of a parsed sentence with their senses, in text order."""
    out = []
    for token in sentence:
        sense = pick_sense(token)
        if sense is not None:
            out.append((token, sense))
    return out
