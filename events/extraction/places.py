"""Where: only names the NER or a locative construction marks as places, attached to the trigger.

The place attached to the trigger ("in/near/at/outside X", "X's") beats other places in the
sentence, which beat the dateline and the article's country (:func:`events.extraction.location.fallback_place`).
Namesakes are decided by the article's countries (:class:`events.reference.gazetteer.PlaceContext`).
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..reference.gazetteer import PlaceContext, country_places, rank_candidates
from ..reference.lexicon import ARABIC_ARTICLES
from .location import drop_parts, pick_places, resolve_mention_place, resolves
from .mentions import PART_NOUNS, Mention
from .record import SentenceParts
from .roles import BATTLE_NOUNS, TRAVEL_VERBS, WITHDRAWAL_VERBS
from .triggers import agreement_nouns, event_lexicon, lemma_forms

PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
HARD_NOT_PLACE = frozenset({"DATE", "TIME", "MONEY", "LANGUAGE", "PERCENT", "QUANTITY"})
"""Entity labels that overrule a place reading even after "in" (the NER's PRODUCT, EVENT or
WORK_OF_ART on a rare town's name are usually its mistakes: "held a protest in Ravar")."""
NEAR_PREPS = frozenset({"near", "outside", "around", "outskirts", "close", "between"})
ATTACHING_PREPS = frozenset({"in", "at", "near", "into", "inside", "outside", "across", "throughout", "around",
                             "within", "toward", "towards", "between", "from", "outskirts"})
"""Prepositions that locate the event they attach to ("attacked villages between X and Y")."""
PHYSICAL = frozenset({"ASSAULT", "PROTEST", "MOBILIZE", "RETREAT"})
"""Event types that happen at the place their sentence names; the others (statements, sanctions,
agreements) are located only by a place attached to them, their actor's country or the story's."""


def _tokens_of(doc: Span, offset: int, m: Mention) -> list[Token]:
    """The parse tokens of a mention (``offset``: the article offset of character 0 of ``doc.text``)."""
    return [t for t in doc if m.start <= offset + t.idx < m.end]


def _entity_types(doc: Span, offset: int, m: Mention) -> set[str]:
    return {t.ent_type_ for t in doc if offset + t.idx < m.end and m.start < offset + t.idx + len(t.text)}


PLACE_NOUNS = frozenset({"city", "town", "village", "region", "province", "district", "governorate", "oblast",
                         "state", "county", "municipality", "capital", "port", "island", "area", "suburb", "outskirts",
                         "commune", "subdivision", "department", "prefecture", "sub-county", "subcounty", "woreda",
                         "tehsil", "township", "locality", "sector", "cercle", "raion", "rayon", "neighbourhood",
                         "neighborhood", "camp", "settlement", "hamlet"})





_BEFORE_BRACKET = re.compile(r"(\b(?:" + "|".join(sorted(PLACE_NOUNS | PART_NOUNS)) + r")|[A-Z][\w'-]*)\s*\($")


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


_TRAILING_QUALIFIER_BEFORE = re.compile(r"[A-Z][\w'\u2019-]*\s*(?:\((?:[^()]*,\s*)?|,\s*)$")
_TRAILING_QUALIFIER_AFTER = re.compile(r"^\s*(?:[),.;]|$)")
_UNIT_NOUNS = PLACE_NOUNS | {"parish", "upazila", "lga", "lgas"}
_AFTER_PLACE_NOUN = re.compile(r"\b(?:" + "|".join(sorted(_UNIT_NOUNS)) + r")\s*,\s*$", re.I)
"""A name that closes a chain of places ("X (Y, Z)", "the area of X, Z."): the larger place that
qualifies the one before it, whatever the NER makes of it."""


_QUALIFYING_GAP = re.compile(r"^[\s,(]*(?:[a-z]+[\s,(]+){0,3}$")
"""What may stand between a place and the name that qualifies it: a comma or a bracket, and at
most three lower-case words ("sector area")."""


def _under_locative(doc: Span, offset: int, m: Mention) -> bool:
    """Whether a name sits inside the object of a locative preposition ("in central Mali's Mopti region")."""
    inside = {t.i for t in _tokens_of(doc, offset, m)}
    heads = [t for t in doc if t.i in inside and t.head.i not in inside]
    for t in heads:
        for _ in range(5):
            if t.dep_ not in ("compound", "poss", "amod", "nmod", "appos", "pobj", "conj", "npadvmod") or t.head is t:
                break
            t = t.head
            if t.dep_ == "prep" or t.pos_ == "ADP":
                if t.lower_ in ATTACHING_PREPS:
                    return True
                break
    return False


def _object_of_event_verb(doc: Span, offset: int, m: Mention) -> bool:
    """Whether a name is the object of an event word ("shelled Kherson", "Kidal was captured",
    "an attack on Odesa"); the event lexicon says which words report events."""
    inside = _tokens_of(doc, offset, m)
    heads = [t for t in inside if t.head.i not in {x.i for x in inside}]
    lexicon = event_lexicon()
    return any((t.dep_ in ("dobj", "obj", "nsubjpass") and (t.head.lemma_.lower(), "VERB") in lexicon)
               or (t.dep_ == "pobj" and t.head.lower_ in ("on", "against", "upon") and (  # "an attack on Odesa"
                   (t.head.head.lemma_.lower(), "NOUN") in lexicon or (t.head.head.lemma_.lower(), "VERB") in lexicon))
               for t in heads)


def _modifies_noun(doc: Span, offset: int, m: Mention) -> bool:
    """Whether a name is an adjective of a common noun ("the Somali city of ...", "Syrian forces"),
    not a place qualified by a place noun ("Aleppo city")."""
    inside = _tokens_of(doc, offset, m)
    ids = {t.i for t in inside}
    def describes(t: Token) -> bool:
        head = t.head
        if head.lemma_.lower() not in PLACE_NOUNS:
            return t.dep_ in ("amod", "compound")
        # "the Somali city of Beledweyne": the place is the name after "of"; "Aleppo city" is Aleppo
        return t.dep_ == "amod" and any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children)

    return any(t.head.i not in ids and t.head.pos_ == "NOUN" and describes(t) for t in inside)


def _inside_longer_entity(doc: Span, offset: int, m: Mention) -> bool:
    """Whether a gazetteer match is only the start or the end of a longer name the NER found
    ("Ain" of "Ain Oussara", "Lac" of "Les Berges du Lac 2"); a place noun or a facility after
    it ("Kabul Airport", "Ghazni province") does not make a longer name."""
    inside = _tokens_of(doc, offset, m)
    if not inside:
        return False
    for ent in doc.ents:
        if ent.start <= inside[0].i and inside[-1].i < ent.end and \
                ent.label_ in ("GPE", "LOC", "FAC", "ORG", "PERSON"):
            extra = [t for t in ent if t.i < inside[0].i or t.i > inside[-1].i]
            if any(t.lower_ in ("and", "or", "&", ",", "(", ")") for t in extra):
                continue  # "Bocaranga and Bozoum": two names the NER joined, not one longer name
            extra = [t for t in extra if not (t.i < inside[0].i and (t.lower_ in ARABIC_ARTICLES or t.text == "-"))]
            # "al-Hasakeh": the Arabic article the gazetteer's name drops makes no longer name
            after = [t for t in extra if t.i > inside[-1].i]
            if after and after[-1].lower_ in FACILITY_WORDS:
                continue  # "Donetsk Filtration Station", "Kabul International Airport": a site at the place
            if extra and not all(t.lower_ in FACILITY_WORDS or not t.is_alpha for t in extra) and \
                    not any(t.lower_ in ("the", "of") for t in extra[:1]):
                return True
    return False


FACILITY_WORDS = frozenset({"airport", "airbase", "base", "port", "prison", "university", "hospital", "road", "highway",
                            "bridge", "square", "street", "camp", "valley", "city", "town", "village", "area",
                            "district", "province", "region", "state", "county", "governorate", "oblast",
                            "municipality",
                            "neighbourhood", "neighborhood", "market", "front", "sector", "border", "crossing",
                            "checkpoint", "stadium", "mosque", "church", "station", "international", "central"})


_HYPHENATED = re.compile(r"[A-Za-z.]-$")
_ADJECTIVAL_AFTER = re.compile(r"\s+[a-z]")
"""A name glued to a word by a hyphen before it and followed by a common noun ("Indo-Pacific
stability", "U.S.-Ukraine talks"): an adjectival compound, not a place. A hyphenated name that ends
a phrase ("Haut-Katanga)") is a place name the gazetteer knows only in part."""


def _names_forces(doc: Span, offset: int, m: Mention) -> bool:
    """Whether a country name modifies a noun of armed or official people ("Burundi troops",
    "Kenya police"): it says whose they are, not where the event is."""
    from .actors import _actor_nouns  # the nouns that name an actor (data/actor_nouns.csv)

    inside = _tokens_of(doc, offset, m)
    if not inside:
        return False
    last = inside[-1]
    return last.dep_ in ("compound", "amod", "nmod") and last.head.i > last.i and \
        last.head.lemma_.lower() in _actor_nouns() and last.head.i == last.i + 1


def keep_named_places(mentions: list[Mention], doc: Span, offset: int) -> list[Mention]:
    """Drop the place reading of dictionary matches that the parse and the NER read as no place.

    A gazetteer name stays a place when the NER labels it GPE, LOC or FAC; when the text calls it
    a place ("the city of X", "X, the capital of ..."); or when it stands where places stand — after
    a locative preposition, or as the object of an event verb ("shelled Kherson") — unless the NER
    reads it as a nationality, a date or a number, or as an organisation named with "the" ("at the
    White House"). A name the NER calls a person or an organisation anywhere else ("followers of
    Gulen", "Secretary of State") is no place; neither is a capitalised word outside those positions.
    A mention that is also an actor keeps its actor reading.

    Parameters
    ----------
    mentions : list of Mention
        One sentence's mentions (:func:`events.extraction.mentions.find_mentions`).
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
    previous_place: Mention | None = None
    for m in mentions:
        if not m.place_key:
            out.append(m)
            continue
        types = _entity_types(doc, offset, m) - {""}
        if not m.actors and _inside_longer_entity(doc, offset, m):
            continue  # "in Ain Oussara", "Lins de Vasconcelos": the NER reads a longer name the gazetteer lacks
        if _HYPHENATED.search(doc.text[:m.start - offset]) and _ADJECTIVAL_AFTER.match(doc.text[m.end - offset:]) \
                and doc.text[:m.start - offset].split()[-1].lower().rstrip("-") not in ARABIC_ARTICLES:
            # (not "in al-Hasakeh using ...": an Arabic article, no compound adjective)
            # "Indo-Pacific stability", "U.S.-Ukraine talks": the second half of a compound adjective
            if m.actors:
                m.place_key, m.role = None, "actor"
                out.append(m)
            continue
        before = doc.text[:m.start - offset].rstrip()
        # "Menakuru village (Nellore, AP)": a bracketed name after a place noun or a name qualifies it
        opened = before.rfind("(")
        bracketed = opened >= 0 and _BEFORE_BRACKET.search(before[:opened + 1]) is not None and (
            before.endswith("(") or (before.endswith(",") and ")" not in before[opened:]
                                     and doc.text[m.end - offset:].lstrip().startswith(")")))
        # "Al Arqoub area (Khwlan, Sanaa)": the first or the last name of the brackets
        gap = doc.text[previous_place.end - offset:m.start - offset] if previous_place is not None else ""
        if bracketed or (previous_place is not None and _QUALIFYING_GAP.match(gap) and gap.strip()):
            # (a bare space is no qualifying gap: "the Iran-Iraq War" names no place "War")
            out.append(m)  # "Hays city (Al Hudaydah)", "Shahpur sector area (Poonch district, J&K)": a qualifier
            previous_place = m
            continue
        after_unit = _AFTER_PLACE_NOUN.search(before) is not None  # "Dih Yak district, Ghazni."
        if ("PERSON" not in types or after_unit) and (after_unit or _TRAILING_QUALIFIER_BEFORE.search(before)) and \
                _TRAILING_QUALIFIER_AFTER.match(doc.text[m.end - offset:]):
            out.append(m)  # "Hadharan area (Taiziyah, Taizz)", "the area of Shakhta Trudovskaya, Donetsk."
            previous_place = m
            continue
        if _names_forces(doc, offset, m):
            if m.actors:  # "an attack on Burundi troops": whose troops, not where
                m.place_key, m.role = None, "actor"
                out.append(m)
            continue
        positioned = (m.prep in ATTACHING_PREPS or _object_of_event_verb(doc, offset, m)
                      or _under_locative(doc, offset, m))
        the_org = "ORG" in types and m.tok_start > 0 and doc.text[:m.start - offset].rstrip().lower().endswith("the")
        if _after_place_noun(doc, offset, m) or types & PLACE_ENTITIES:
            ok = True
        elif types & HARD_NOT_PLACE or the_org:
            ok = False
        elif "NORP" in types:
            # "near Kidal" read as a nationality is still a place there; "the Somali city of X" is not
            ok = positioned and not _modifies_noun(doc, offset, m)
        else:
            ok = positioned
        if ok:
            out.append(m)
            previous_place = m
        elif m.actors:
            m.place_key = None
            m.role = "actor"
            out.append(m)
    return out


def _prep_objects(prep: Token) -> list[tuple[int, int]]:
    """Token ranges of a preposition's objects and their conjuncts, each with its pre-modifiers and
    appositions ("in Libya, Syria and Mali"), not nested phrases ("in Janzur near Tripoli")."""
    obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is None:
        return []
    out = []
    for o in [obj, *obj.conjuncts]:
        lo = min([o.i] + [t.i for c in o.children if c.dep_ in ("compound", "amod", "nmod", "det", "poss")
                          for t in c.subtree])
        out.append((lo, o.i))
        for c in o.children:
            of_place = c.dep_ == "prep" and c.lower_ == "of" and o.lemma_.lower() in PLACE_NOUNS | PART_NOUNS
            if c.dep_ == "appos" or of_place:
                out.extend((t.i, t.i) for t in c.subtree)  # "Bangui, the capital"; "the town of Khasham"
            elif c.dep_ == "punct" or c.dep_ == "cc":
                continue
    return out


def _attached(s: SentenceParts, tok: Token, physical: bool = True) -> list[int]:
    """Indices in ``s.mentions`` of places attached to the trigger by a locative or a possessive."""
    clause = tok if tok.pos_ in ("VERB", "AUX") else tok.head if tok.head.pos_ in ("VERB", "AUX") else tok
    ranges = []
    if tok.pos_ in ("VERB", "AUX"):  # "stormed a hotel in Beledweyne", "attacked two entrances to Bangui"
        for obj in (c for c in tok.children if c.dep_ in ("dobj", "obj", "nsubjpass")):
            for c in obj.children:
                if c.dep_ == "prep" and c.lower_ in ATTACHING_PREPS | {"to"}:
                    ranges.append(_prep_objects(c))
    shares = tok.dep_ in ("conj", "xcomp", "advcl") and tok.head.pos_ in ("VERB", "AUX")
    heads = [tok, clause] + ([tok.head] if shares else [])  # "drove in Babruysk to protest"
    if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("VERB", "AUX"):
        heads.append(tok.head.head)  # "in Washington, senators joined in calling on X": where the clause is
    travel = None
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ == "for" and \
            lemma_forms(tok.head.head) & TRAVEL_VERBS:
        travel = tok.head.head  # "will travel to Canada for meetings": the meetings are where he goes
        heads.append(travel)
    for head in dict.fromkeys(heads):  # "found and destroyed ... in Momostenango": the shared adjunct
        for c in head.children:
            battle_for = c.lower_ == "for" and head.lemma_.lower() in BATTLE_NOUNS  # "the battle for Bakhmut"
            to_ok = c.lower_ == "to" and (tok.lemma_ in ("deploy", "send", "advance", "dispatch", "march", "move")
                                          or head is travel)
            target_ok = physical and head is tok and c.lower_ in ("on", "against", "upon")  # "an attack on Odesa"
            if c.dep_ == "prep" and (c.lower_ in ATTACHING_PREPS or battle_for or to_ok or target_ok):
                ranges.append(_prep_objects(c))
            elif c.dep_ == "npadvmod" or (c.dep_ == "poss" and head is not tok) or (
                    c.dep_ == "compound" and c.ent_type_ in PLACE_ENTITIES):  # "Russia's attack": an actor
                ranges.append([(c.left_edge.i, c.i)])
            elif c.dep_ in ("dobj", "obj") and head is tok:
                ranges.append([(c.left_edge.i, c.i)])  # "shelled Kherson", when the object is a place
    taken_from = tok.lemma_.lower() in WITHDRAWAL_VERBS | TAKEN_FROM_LEMMAS  # "withdrew from Kherson": where it left
    if taken_from and tok.pos_ in ("NOUN", "PROPN"):  # "the abduction of 276 girls from Chibok"
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in (g for g in c.children if g.dep_ == "pobj"):
                    ranges.extend(_prep_objects(x) for x in g.children if x.dep_ == "prep" and x.lower_ == "from")
    ranges.sort(key=lambda group: min((lo for lo, _ in group), default=10**6))
    hits: list[int] = []
    # "the Kabul bombing (killed 12)": a capital named before the attack, or before the attack that
    # is the subject of the killing, is where it happened, not who did it
    acts = [tok] if tok.pos_ == "NOUN" else [c for c in tok.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"
                                            and (c.lemma_.lower(), "NOUN") in event_lexicon()]
    for act in acts if physical else []:
        for c in act.children:
            if c.dep_ == "compound" and c.ent_type_ in PLACE_ENTITIES and c.i < act.i:
                hits = _places_in(s, tok.doc, [(c.left_edge.i, c.i)], any_role=True)
                if hits:
                    return hits
    for group in ranges:  # the first locative that names a place; "in Janzur near Tripoli" is one place
        hits = _places_in(s, tok.doc, group, taken_from)
        if hits:
            break
    participles = [c for c in tok.children if c.dep_ == "advcl" and c.tag_ == "VBG"] \
        if tok.pos_ in ("VERB", "AUX") else []
    for clause in participles if not hits else []:
        # "rejected the warrant, telling journalists in Banja Luka ...": the participle tells the act as it happened
        for c in clause.children:
            if c.dep_ == "prep" and c.lower_ in ATTACHING_PREPS:
                hits = _places_in(s, tok.doc, _prep_objects(c))
                if hits:
                    break
        if hits:
            break
    if not hits:  # "talks in Jeddah, where Ukraine said it would accept the proposal": the place "where" stands for
        t = tok
        for _ in range(6):
            if t.dep_ == "relcl" and any(c.lower_ == "where" and c.dep_ == "advmod" for c in t.children):
                hits = _places_in(s, tok.doc, [(t.head.left_edge.i, t.head.i)])
                break
            if t.head is t:
                break
            t = t.head
    if not hits and travel is not None:  # "travel to Canada": a country named as a destination is a place
        for c in travel.children:
            if c.dep_ == "prep" and c.lower_ == "to":
                hits = _places_in(s, tok.doc, _prep_objects(c), any_role=True)
    return hits


def _places_in(s: SentenceParts, doc, token_ranges, taken_from: bool = False, any_role: bool = False) -> list[int]:
    """Indices in ``s.mentions`` of place names inside the given (first, last) token ranges of ``doc``.

    Names read as places or their qualifiers count; with ``taken_from`` also a name after "from"
    ("withdrew from Kherson", "deported 40 Uyghurs from Bangkok"); with ``any_role`` any name with a
    place reading ("travel to Canada": a country named as a destination).
    """
    base = s.start - s.doc.start_char  # article offset of the parsed text's first character
    spans = [(base + doc[lo].idx, base + doc[hi].idx + len(doc[hi].text)) for lo, hi in token_ranges]
    return [k for k, m in enumerate(s.mentions) if m.place_key and any(lo <= m.start < hi for lo, hi in spans)
            and (any_role or m.role in ("place", "qualifier") or (taken_from and m.role == "origin")
                 or (taken_from and m.prep == "from"))]


def places_for(s: SentenceParts, trig, tok: Token, context) -> list[tuple[object, int, int]]:
    """Return (Place, geo_precision, token distance) for the places that locate a trigger.

    A place attached to the trigger in the parse comes first; a list of attached places ("in
    Libya, Syria and Mali") gives one each; otherwise the nearest place of the sentence
    (:func:`events.extraction.location.pick_places`).
    """
    physical = trig.plover_type in PHYSICAL | {"COERCE"}
    attached = [k for k in _attached(s, tok, physical) if resolves(s.mentions[k], context)]
    if not attached and tok.dep_ in ("acl", "relcl") and tok.head.head.pos_ in ("VERB", "AUX"):
        # "shells fired by LNA forces fell in Janzur": a participle in the subject happens where its clause does
        attached = [k for k in _attached(s, tok.head.head, physical) if resolves(s.mentions[k], context)]
    if not attached and _in_the_country(tok) and context.countries:
        # "the withdrawal of U.S. troops from the country": the country the story is about
        iso3 = context.countries.most_common(1)[0][0]
        if iso3 in country_places():
            return [(country_places()[iso3], 3, 0)]
    if not attached:
        if trig.plover_type not in PHYSICAL and trig.plover_type != "COERCE":
            return []  # "exert pressure on Iran": a statement happens where it is made, not where it points
        other = {id(m) for m in s.mentions if m.place_key and _names_another_event(s, m, tok)}
        return [p for p in pick_places(s, trig, context, other) if p[0].iso3] or []
    attached = drop_parts(s, attached)
    out = []
    readings: dict[int, int] = {}  # how many places bear each attached name (its ambiguity)
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
        readings[id(out[-1])] = len(rank_candidates(m.place_key, PlaceContext.empty(), m.place_features))
    located = [p for p in out if p[0].iso3]  # a continent ("Europe") locates no event
    if len(located) > 1 and not _listed(s, attached):
        # "in La Candelaria, Bogota": a place and the larger one that qualifies it, not a list; a
        # namesake of the first in another country yields to the qualifier
        first, last = located[0], located[-1]
        if first[0].iso3 != last[0].iso3:
            # one is a namesake: the name with the fewest readings anchors the country ("La Candelaria,
            # Bogota" is Bogotá; "Sousse (Sousse Medina)" is Sousse), then the larger unit
            size = {"country": 3, "admin1": 2, "region": 2, "admin2": 1}
            first = min(located, key=lambda p: (readings.get(id(p), 99), -size.get(p[0].feature, 0),
                                                -(p[0].population or 0)))
        else:
            first = next((p for p in located if p[0].feature not in ("country", "admin1", "region")), first)
        located = [first]
    return located or [p for p in pick_places(s, trig, context) if p[0].iso3]


TAKEN_FROM_LEMMAS = frozenset({"abduct", "abduction", "kidnap", "kidnapping", "evacuate", "evacuation", "rescue",
                               "withdrawal", "pullout", "expel", "expulsion", "deport", "deportation"})
"""Acts whose "from X" is the place where they happen ("the abduction of 276 girls from Chibok")."""


def _names_another_event(s: SentenceParts, m: Mention, tok: Token) -> bool:
    """Whether a place name modifies the name of an agreement other than the trigger.

    "The Doha agreement", "the Minsk accords" (:func:`.triggers.agreement_nouns`) name where that
    was signed, not where the trigger happened. A place before an act ("the Kabul bombing killed
    12") still locates it.
    """
    inside = _tokens_of(s.doc, s.start - s.doc.start_char, m)
    if not inside:
        return False
    last = inside[-1]
    head = last.head
    return (last.dep_ in ("compound", "nmod", "amod") and head.i > last.i and head.i != tok.i
            and head.pos_ == "NOUN" and head.lemma_.lower() in agreement_nouns())


def _in_the_country(tok: Token) -> bool:
    """Whether the trigger is located "in/from/across the country" (the one the story is about)."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "from", "across", "throughout", "into", "inside"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and obj.lemma_.lower() == "country" and any(
                    d.dep_ == "det" and d.lower_ == "the" for d in obj.children):
                return True
    return False


def _listed(s: SentenceParts, attached: list[int]) -> bool:
    """Whether attached places are a list ("in Libya, Syria and Mali"), not a comma chain."""
    lo = s.mentions[attached[0]].tok_end
    hi = s.mentions[attached[-1]].tok_start
    return any(t.lower in ("and", "or", "&") for t in s.tokens[lo:hi])
