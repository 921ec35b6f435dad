"""Where: only names the NER or a locative construction marks as places, attached to the trigger.

The place attached to the trigger ("in/near/at/outside X", "X's") beats other places in the
sentence, which beat the dateline and the article's country (:func:`events.location.fallback_place`).
Namesakes are decided by the article's countries (:class:`events.places.PlaceContext`).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..location import pick_places, resolve_mention_place, resolves
from ..mentions import Mention
from ..record import SentenceParts
from .roles import BATTLE_NOUNS

PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
NOT_PLACE_ENTITIES = frozenset({"PERSON", "ORG", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "DATE", "TIME", "MONEY",
                                "NORP", "LANGUAGE"})
NEAR_PREPS = frozenset({"near", "outside", "around", "outskirts", "close", "between"})
ATTACHING_PREPS = frozenset({"in", "at", "near", "into", "inside", "outside", "across", "throughout", "around",
                             "within", "toward", "towards", "between", "from", "outskirts"})
"""Prepositions that locate the event they attach to ("attacked villages between X and Y")."""
PHYSICAL = frozenset({"ASSAULT", "PROTEST", "MOBILIZE", "RETREAT"})
"""Event types that happen at the place their sentence names; the others (statements, sanctions,
agreements) are located only by a place attached to them, their actor's country or the story's."""


def _entity_types(doc: Span, offset: int, m: Mention) -> set[str]:
    return {t.ent_type_ for t in doc if offset + t.idx < m.end and m.start < offset + t.idx + len(t.text)}


PLACE_NOUNS = frozenset({"city", "town", "village", "region", "province", "district", "governorate", "oblast",
                         "state", "county", "municipality", "capital", "port", "island", "area", "suburb", "outskirts"})


def _after_place_noun(doc: Span, offset: int, m: Mention) -> bool:
    """Whether a name follows "<place noun> of" ("the city of Bakhmut", "the town of L'Estere")."""
    first = next((t for t in doc if offset + t.idx >= m.start), None)
    if first is None or first.i - doc.start < 2:
        return False
    prev, noun = doc.doc[first.i - 1], doc.doc[first.i - 2]
    if prev.lower_ == "of" and noun.lemma_.lower() in PLACE_NOUNS:
        return True
    last = next((t for t in reversed(list(doc)) if offset + t.idx < m.end), first)
    return any(c.dep_ == "appos" and c.lemma_.lower() in PLACE_NOUNS for c in last.children)  # "Bangui, the capital"


def keep_named_places(mentions: list[Mention], doc: Span, offset: int) -> list[Mention]:
    """Drop the place reading of dictionary matches that the NER reads as no place.

    A gazetteer name stays a place when the NER labels it GPE, LOC or FAC, or when a locative
    preposition governs it and the NER does not call it a person, an organisation or a date
    ("White House", "Secretary of State", "Christian" are no towns). A mention that is also an
    actor keeps its actor reading.

    Parameters
    ----------
    mentions : list of Mention
        One sentence's mentions (:func:`events.mentions.find_mentions`).
    doc : spacy.tokens.Span
        The parsed sentence.
    offset : int
        Article offset of the sentence's first character.

    Returns
    -------
    list of Mention
        The mentions that still name something.
    """
    out = []
    for m in mentions:
        if not m.place_key:
            out.append(m)
            continue
        types = _entity_types(doc, offset, m) - {""}
        named_as_place = _after_place_noun(doc, offset, m)  # "the city of Bakhmut", whatever the NER says
        ok = named_as_place or bool(types & PLACE_ENTITIES) or (
            m.prep in ATTACHING_PREPS and not types & NOT_PLACE_ENTITIES)
        if ok:
            out.append(m)
        elif m.actors:
            m.place_key = None
            m.role = "actor"
            out.append(m)
    return out


def _attached(s: SentenceParts, tok: Token) -> list[int]:
    """Indices in ``s.mentions`` of places attached to the trigger by a locative or a possessive."""
    clause = tok if tok.pos_ in ("VERB", "AUX") else tok.head if tok.head.pos_ in ("VERB", "AUX") else tok
    spans = []
    if tok.pos_ in ("VERB", "AUX"):  # "stormed a hotel in Beledweyne", "attacked two entrances to Bangui"
        for obj in (c for c in tok.children if c.dep_ in ("dobj", "obj", "nsubjpass")):
            for c in obj.children:
                if c.dep_ == "prep" and c.lower_ in ATTACHING_PREPS | {"to"}:
                    spans.append((s.start + c.left_edge.idx, s.start + c.right_edge.idx + len(c.right_edge.text),
                                  c.lower_ if c.lower_ != "to" else "in"))
    for head in {tok, clause}:
        for c in head.children:
            battle_for = c.lower_ == "for" and head.lemma_.lower() in BATTLE_NOUNS  # "the battle for Bakhmut"
            if (c.dep_ == "prep" and (c.lower_ in ATTACHING_PREPS | {"to"} or battle_for)) or c.dep_ in ("npadvmod",):
                spans.append((s.start + c.left_edge.idx, s.start + c.right_edge.idx + len(c.right_edge.text), c.lower_))
            elif c.dep_ == "poss" or (c.dep_ == "compound" and c.ent_type_ in PLACE_ENTITIES):
                spans.append((s.start + c.left_edge.idx, s.start + c.right_edge.idx + len(c.right_edge.text), "poss"))
    hits = []
    for k, m in enumerate(s.mentions):
        if m.role not in ("place", "qualifier") or not m.place_key:
            continue
        for lo, hi, prep in spans:
            if lo <= m.start and m.end <= hi and (prep != "to" or tok.lemma_ in ("deploy", "send", "advance", "dispatch", "march")):
                hits.append(k)
                break
    return hits


def places_for(s: SentenceParts, trig, tok: Token, context) -> list[tuple[object, int, int]]:
    """Return (Place, geo_precision, token distance) for the places that locate a trigger.

    A place attached to the trigger in the parse comes first; a list of attached places ("in
    Libya, Syria and Mali") gives one each; otherwise the nearest place of the sentence
    (:func:`events.location.pick_places`).
    """
    attached = [k for k in _attached(s, tok) if resolves(s.mentions[k], context)]
    if not attached:
        if trig.plover_type not in PHYSICAL and trig.plover_type != "COERCE":
            return []  # "exert pressure on Iran": a statement happens where it is made, not where it points
        return [p for p in pick_places(s, trig, context) if p[0].iso3] or []
    out = []
    for k in attached:
        m = s.mentions[k]
        if m.role == "qualifier" and m.head is not None and resolves(m.head, context):
            continue
        p = resolve_mention_place(m, context)
        if p is None:
            continue
        near = any(t.lower in NEAR_PREPS or t.lower in ("outskirts", "parts", "part")
                   for t in s.tokens[max(0, m.tok_start - 5):m.tok_start])
        precision = p.geo_precision if not near else min(3, max(p.geo_precision, 2))
        out.append((p, precision, 0))  # attached in the parse: as near as a place can be
    located = [p for p in out if p[0].iso3]  # a continent ("Europe") locates no event
    return located or [p for p in pick_places(s, trig, context) if p[0].iso3]
