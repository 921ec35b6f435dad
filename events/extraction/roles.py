"""Who did what to whom, from the dependency parse.

For a verb trigger: the active subject (or the agent of a passive, "by X") is actor1; the direct
object, the passive subject, or "on/against/at X" is actor2. A trigger without its own subject
takes the subject of the verb it is coordinated with or controlled by ("attacked and killed",
"tried to storm"); a relative clause takes the noun it modifies ("militants who attacked").
For an event noun: a possessor ("Russia's attack"), a national adjective or compound
("Russian airstrikes"), or "by X" is actor1, "on/against X" or "of X" actor2; a noun that is the
object of a light verb ("carried out airstrikes", "launched an offensive") takes that verb's
subject. Coordinated arguments ("Iraqi and U.S. forces") give associated actors.

The argument is found here as a token (the head of its phrase); :mod:`.actors` names it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from .triggers import lemma_forms

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
TARGET_PREPS = frozenset({"on", "against", "at", "upon", "targeting"})
LIGHT_VERBS = frozenset({"play", "participate", "engage", "join", "attend", "carry", "launch", "conduct", "stage", "mount", "hold", "make", "claim", "unleash", "begin",
                         "start", "execute", "perform", "undertake", "wage", "lead", "order", "announce", "step",
                         "intensify", "escalate", "continue", "resume", "open", "keep", "have",
                         "take", "impose", "reach", "sign", "hit", "kill", "bring", "send", "dispatch", "deploy"})
"""Verbs whose object noun is the event and whose subject is its actor ("launched an offensive")."""
MOVEMENT_VERBS = frozenset({"deploy", "station", "mobilize", "mobilise", "dispatch", "withdraw", "evacuate",
                            "redeploy", "position"})
"""Verbs whose passive subject is the force that moves ("troops were deployed to the border")."""
WITHDRAWAL_VERBS = frozenset({"withdraw", "exit", "quit", "secede", "defect", "retreat", "pull"})
"""Verbs whose "from X" is the one left behind ("withdrew from ECOWAS", "defected from the army")."""
TRAVEL_VERBS = frozenset({"travel", "fly", "go", "head", "arrive", "come", "leave", "return", "meet", "gather"})
"""Verbs whose subject takes part in the event noun under their "for" ("flew to Riyadh for talks")."""
PARTICIPATION_VERBS = frozenset({"play", "participate", "engage", "join", "take", "involve", "lead"})
"""Verbs whose subject takes part in the event noun under their "in" ("played a role in the battle")."""
RECIPROCAL_LEMMAS = frozenset({"clash", "exchange", "fight", "battle", "skirmish"})
"""Triggers whose coordinated subjects are the two sides ("India and Pakistan exchanged fire")."""
BATTLE_NOUNS = frozenset({"battle", "gunbattle", "gunfight", "firefight", "clash", "shootout", "exchange", "fight",
                          "confrontation", "skirmish", "raid", "operation", "ambush"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
PATIENT_POSSESSOR_NOUNS = frozenset({"killing", "murder", "assassination", "death", "arrest", "detention", "abduction",
                                    "kidnapping", "execution", "release", "capture", "deportation", "expulsion",
                                    "extradition", "imprisonment", "torture", "rape", "beheading", "sentencing"})
"""Nominalised transitive verbs whose possessor is the one acted on ("his arrest", "al-Rufay'i's killing")."""
OF_AGENT_NOUNS = frozenset({"withdrawal", "retreat", "deployment", "pullout", "arrival", "departure", "mobilization",
                            "mobilisation", "advance", "visit", "protest", "offensive", "surrender"})
"""Event nouns whose "of" complement is the actor ("the withdrawal of U.S. troops")."""
RECEIVE_VERBS = frozenset({"receive", "get", "obtain", "acquire", "take"})


@dataclass
class Roles:
    """The argument tokens of one trigger (heads of their phrases)."""

    actor1: Token | None = None
    actor2: Token | None = None
    assoc1: list[Token] = field(default_factory=list)
    passive: bool = False
    target: Token | None = None  # "fired small arms at the positions of X": the target when the object is a weapon


def _child(token: Token, deps) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _pobj(token: Token, preps) -> Token | None:
    """The object of one of ``preps`` under ``token``; never a date ("on 4 May")."""
    for c in token.children:
        if c.dep_ == "prep" and c.lemma_.lower() in preps:
            obj = _child(c, ("pobj",))
            if obj is not None and obj.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL"):
                return obj
    return None


def _pobj_deep(token: Token, preps, depth: int = 3) -> Token | None:
    """The object of a preposition anywhere below ``token`` (within ``depth`` steps):
    "took delivery of an arms shipment from North Korea"."""
    frontier = [token]
    for _ in range(depth):
        nxt = []
        for t in frontier:
            found = _pobj(t, preps)
            if found is not None:
                return found
            nxt.extend(c for c in t.children if c.dep_ in ("dobj", "obj", "prep", "pobj", "compound"))
        frontier = nxt
    return None


def _agent(token: Token) -> Token | None:
    for c in token.children:
        if c.dep_ == "agent":
            return _child(c, ("pobj",))
    return None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN" and not any(c.dep_ in ("nsubj", "aux") for c in verb.children)) or (
        verb.dep_ == "advcl" and verb.tag_ == "VBN" and verb.i > 0 and verb.doc[verb.i - 1].text == ","
        and not any(c.dep_ in ("nsubj", "aux", "mark", "dobj") for c in verb.children))  # "X is dead, killed in ..."


def _relative_antecedent(token: Token) -> Token:
    """"militants who attacked": the noun a relative pronoun stands for."""
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _inherited_subject(verb: Token) -> Token | None:
    """The subject of the verb ``verb`` is coordinated with or controlled by."""
    t = verb
    for _ in range(3):
        if t.dep_ == "pcomp" and t.tag_ == "VBG" and t.head.dep_ == "prep" and t.head.lower_ in ("of", "for") \
                and t.head.head.dep_ in ("dobj", "obj") and t.head.head.pos_ in ("NOUN", "PROPN"):
            return t.head.head  # "accused the rebels of attacking": the parser hangs "of" on the one accused
        if t.dep_ == "pcomp" and t.tag_ == "VBG" and t.head.dep_ == "prep" and t.head.head.pos_ in ("VERB", "AUX"):
            # "led a group in calling on X", "responded by firing at Y": the gerund's doer is the clause's
            # subject; "blamed X for disrupting", "accused X of attacking": the one blamed (object control)
            obj = _child(t.head.head, ("dobj", "obj"))
            subj = obj if obj is not None and t.head.lower_ in ("for", "of") else _child(t.head.head, SUBJECT_DEPS)
            if subj is not None:
                return _relative_antecedent(subj)
            t = t.head.head
            continue
        if t.dep_ == "conj" and t.head.dep_ == "relcl":
            # "they killed six attackers who laid siege to a hotel and later killed 50 militants": a verb
            # repeating the verb above the relative clause is coordinated with it (the parser's
            # attachment is ambiguous; parallel verbs coordinate)
            above = t.head.head.head
            if above.pos_ in ("VERB", "AUX") and above.lemma_ == t.lemma_ and above.i < t.head.i:
                t = above
                subj = _child(t, SUBJECT_DEPS)
                if subj is not None:
                    return _relative_antecedent(subj)
                continue
        if t.dep_ in ("conj", "xcomp", "advcl") and t.head is not t:
            head = t.head
            subj = _child(head, SUBJECT_DEPS)
            if subj is None and t.dep_ == "xcomp":
                subj = _child(head, PASSIVE_SUBJECT_DEPS)  # "he is scheduled to travel": he travels
            if subj is not None:
                if t.dep_ == "advcl" and t.tag_ != "VBG":
                    return None  # "after X attacked, Y responded": its own clause
                return _relative_antecedent(subj)
            if head.dep_ == "relcl" and _child(head, ("nsubj",)) is None:
                return head.head
            t = head
        else:
            return None
    return None


OCCURRENCE_VERBS = frozenset({"take", "occur", "erupt", "break", "happen", "continue", "intensify", "resume", "flare"})


def _between(noun: Token) -> Token | None:
    """The first side of "between X and Y" on an event noun or on the verb it happens with
    ("clashes took place between X and Y")."""
    found = _pobj(noun, ("between",))
    if found is None and noun.dep_ in ("nsubj", "nsubjpass") and noun.head.lemma_.lower() in OCCURRENCE_VERBS:
        found = _pobj(noun.head, ("between",))
    return found


def _orphan_subject(verb: Token) -> Token | None:
    """A main verb the parser left without a subject takes the subject the parser hung elsewhere
    before it ("armed men driving two vehicles attacked ...": "men" went to "driving")."""
    if verb.dep_ != "ROOT":
        return None
    before = [t for t in verb.sent if t.i < verb.i and t.dep_ == "nsubj" and t.head.pos_ != "VERB" or
              (t.i < verb.i and t.dep_ == "nsubj" and t.head.dep_ in ("prep", "advcl", "acl") and t.head.i < verb.i)]
    return _relative_antecedent(before[-1]) if before else None


def _coordinated(token: Token) -> list[Token]:
    return [c for c in token.conjuncts if c is not token]


VICTIM_VERBS = frozenset({"kill", "wound", "injure", "abduct", "kidnap", "arrest", "detain", "execute", "behead",
                          "shoot", "murder"})


def _counted_victims(verb: Token, subj: Token) -> bool:
    """A counted subject of a bare participle is its victims: "one soldier killed", "5 civilians wounded"."""
    if verb.lemma_.lower() not in VICTIM_VERBS or verb.tag_ not in ("VBD", "VBN"):
        return False
    if any(c.dep_ in ("aux", "auxpass", "dobj", "obj") for c in verb.children):
        return False
    return subj.pos_ == "NUM" or any(c.dep_ == "nummod" for c in subj.children)


def _verb_roles(verb: Token) -> Roles:
    roles = Roles()
    passive = _is_passive(verb)
    roles.passive = passive
    if passive:
        roles.actor1 = _agent(verb)
        subj = _child(verb, PASSIVE_SUBJECT_DEPS)
        if subj is None and verb.dep_ == "acl":
            subj = verb.head  # "the convoy attacked by militants"
        elif subj is None and verb.dep_ == "advcl" and verb.tag_ == "VBN":
            subj = _child(verb.head, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)  # "X is dead, killed in an airstrike"
        roles.actor2 = _relative_antecedent(subj) if subj is not None else _inherited_subject(verb)
        if roles.actor2 is None and verb.dep_ == "conj":
            roles.actor2 = _child(verb.head, PASSIVE_SUBJECT_DEPS)
        if verb.dep_ == "acl" and verb.head.dep_ in ("dobj", "obj") and verb.head.head.lemma_ == "have":
            owner = _child(verb.head.head, SUBJECT_DEPS)  # "Wagner has 50,000 personnel deployed in Ukraine"
            if owner is not None:
                roles.actor1 = roles.actor1 or _relative_antecedent(owner)
        if roles.actor1 is None and verb.lemma_.lower() in MOVEMENT_VERBS and roles.actor2 is not None:
            roles.actor1, roles.actor2 = roles.actor2, None  # "troops were deployed": the troops move
        if roles.actor1 is None:  # "was killed in a gun battle with police": the other side
            for c in verb.children:
                if c.dep_ == "prep" and c.lower_ in ("in", "during"):
                    event = _child(c, ("pobj",))
                    if event is not None and event.lemma_.lower() in BATTLE_NOUNS:
                        roles.actor1 = _pobj(event, ("with", "against", "by"))
                elif c.dep_ == "advcl" and c.lemma_.lower() in RECIPROCAL_LEMMAS | {"exchange"}:
                    roles.actor1 = _pobj(c, ("with", "against"))  # "killed after exchanging fire with police"
                elif c.dep_ == "prep" and c.lower_ in ("after", "during") and _child(c, ("pcomp",)) is not None:
                    pc = _child(c, ("pcomp",))
                    if pc.lemma_.lower() in RECIPROCAL_LEMMAS:
                        roles.actor1 = _pobj(pc, ("with", "against"))
        return roles
    subj = _child(verb, SUBJECT_DEPS)
    if subj is not None and _counted_victims(verb, subj):
        roles.passive = True  # "At least one soldier killed and two wounded": a headline passive
        roles.actor2 = subj
        return roles
    if subj is not None:
        roles.actor1 = _relative_antecedent(subj)
    elif verb.dep_ == "acl" and verb.tag_ == "VBG":
        roles.actor1 = verb.head  # "gunmen attacking the convoy"
    elif verb.dep_ == "relcl":
        roles.actor1 = verb.head
    elif verb.tag_ == "VBD" and verb.dep_ == "advcl" and verb.i > 0 and verb.doc[verb.i - 1].pos_ in ("NOUN", "PROPN") \
            and not any(c.dep_ == "mark" for c in verb.children):
        roles.actor1 = verb.doc[verb.i - 1]  # "speaking to military brass gathered in Paris": the parser hung "brass" elsewhere
    else:
        roles.actor1 = _inherited_subject(verb) or _orphan_subject(verb)
    obj = _child(verb, ("dobj", "obj"))
    if obj is not None and obj.lemma_.lower() in ("fire", "attack", "strike", "airstrike", "offensive"):
        obj = None  # "opened fire on police": the target follows a preposition
    roles.target = _pobj(verb, TARGET_PREPS | {"with"})
    roles.actor2 = obj if obj is not None else roles.target
    if obj is None:
        for c in verb.children:  # "opened fire on police": the target of the object noun
            if c.dep_ == "dobj":
                roles.actor2 = _pobj(c, TARGET_PREPS) or roles.actor2
    if roles.actor2 is None and verb.lemma_.lower() in WITHDRAWAL_VERBS:
        roles.actor2 = _pobj(verb, ("from",))  # "withdrew from ECOWAS": the one left (a place names no actor)
    if roles.actor1 is not None:
        roles.assoc1 = _coordinated(roles.actor1)
        if not roles.assoc1:  # "military forces of India and Pakistan"
            of = _pobj(roles.actor1, ("of",))
            roles.assoc1 = _coordinated(of) if of is not None else []
        if roles.actor2 is None and roles.assoc1 and verb.lemma_.lower() in RECIPROCAL_LEMMAS:
            roles.actor2 = roles.assoc1.pop(0)  # "India and Pakistan exchanged fire": the two sides
    return roles


def _city_modifier(token: Token) -> bool:
    """Whether a name before an event noun is a town where it happened ("the Jeddah talks"), not a
    country or group that acted ("U.S. strikes")."""
    from .actors import country_of_word

    if token.ent_type_ != "GPE" or token.dep_ != "compound":
        return False
    name = " ".join(t.text for t in token.subtree if t.ent_type_ == "GPE")
    return country_of_word(name) is None


def _noun_roles(noun: Token) -> Roles:
    roles = Roles()
    poss = _child(noun, ("poss",))
    by = _pobj(noun, ("by",)) or next((_agent(c) for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"
                                       and _agent(c) is not None), None)  # "an offensive launched by Puntland forces"
    owners = [noun, noun.head] if noun.dep_ == "conj" else [noun]  # "coalition air and artillery strikes"
    mod = next((c for o in owners for c in o.children if c.dep_ in ("amod", "compound", "nmod") and (any(
        t.ent_type_ in ("NORP", "GPE", "ORG", "PERSON") for t in c.subtree) or c.tag_ == "NNP") and not _city_modifier(c)
        and c.lower_ not in WEAPON_NOUNS),
        None)  # "U.S.-led coalition air strikes"
    lemma = noun.lemma_.lower()
    of = _pobj(noun, ("of",))
    if lemma in PATIENT_POSSESSOR_NOUNS and of is not None:
        roles.actor1 = by or poss or mod  # "Boko Haram's abduction of 276 schoolgirls"
        roles.actor2 = of
    elif lemma in PATIENT_POSSESSOR_NOUNS:
        roles.actor1 = by or mod
        roles.actor2 = poss or _pobj(noun, TARGET_PREPS | {"of", "against"})
    elif lemma in OF_AGENT_NOUNS:
        roles.actor1 = by or poss or of or mod
        roles.actor2 = _pobj(noun, TARGET_PREPS | {"against"})
    elif lemma in RECIPROCAL_LEMMAS | {"fighting", "shootout", "firefight", "gunfight", "skirmish", "talk", "meeting"} \
            and _between(noun) is not None:
        sides = _between(noun)  # "clashes between regime forces and the rebels": the two sides
        roles.actor1 = by or poss or mod or sides
        roles.actor2 = next(iter(_coordinated(sides)), None) if roles.actor1 is sides else sides
    else:
        roles.actor1 = by or poss or mod
        roles.actor2 = _pobj(noun, TARGET_PREPS | {"of", "against", "with", "between"})  # "a meeting with X"
    if roles.actor1 is None:
        head, carried = noun.head, noun.dep_ in ("dobj", "obj")
        if head.dep_ == "prep" and head.lower_ == "of" and head.head.pos_ == "NOUN":
            owner = head.head  # "carried out a series of airstrikes", "led eight hours of talks"
            head, carried = (owner.head, True) if owner.dep_ in ("dobj", "obj") else (owner, False)
        elif head.dep_ == "prep" and head.lower_ == "in" and head.head.lemma_.lower() in PARTICIPATION_VERBS:
            head, carried = head.head, True  # "played a major role in the battle"
        elif head.dep_ == "prep" and head.lower_ == "for" and lemma_forms(head.head) & (TRAVEL_VERBS | {"join", "attend"}):
            head, carried = head.head, True  # "will travel to Canada for talks": the traveller talks
        if carried and head.pos_ in ("VERB", "AUX") and lemma_forms(head) & (LIGHT_VERBS | TRAVEL_VERBS | PARTICIPATION_VERBS):
            subj = _child(head, SUBJECT_DEPS)
            roles.actor1 = _relative_antecedent(subj) if subj is not None else _inherited_subject(head)
    if roles.actor2 is None and noun.dep_ == "pobj" and noun.head.lemma_.lower() == "in":
        verb = noun.head.head
        if verb.pos_ == "VERB" and _is_passive(verb):
            subj = _child(verb, PASSIVE_SUBJECT_DEPS)
            roles.actor2 = _relative_antecedent(subj) if subj is not None else None  # "was killed in an airstrike"
    if roles.actor1 is not None:
        roles.assoc1 = _coordinated(roles.actor1)
    return roles


WEAPON_NOUNS = frozenset({"shell", "missile", "rocket", "drone", "bomb", "mortar", "grenade", "mine", "landmine", "ied",
                          "rcied", "vbied", "svbied", "pbied", "uav",
                          "artillery", "projectile", "explosive", "device", "shelling", "bullet", "fire", "gunfire"})
"""Weapons that stand as the subject of the harm they do ("shells by LNA forces killed two"):
whoever fired them is the actor."""


def _wielder(weapon: Token) -> Token | None:
    """The actor behind a weapon noun: its "by/from X", the agent of a participle on it ("an IED
    planted by Al Shabaab"), or its national or named modifier."""
    placed = next((_agent(c) for c in weapon.children if c.dep_ == "acl" and c.tag_ == "VBN" and _agent(c) is not None),
                  None)
    return _pobj(weapon, ("by", "from")) or placed or next(
        (c for c in weapon.children if c.dep_ in ("amod", "compound", "poss", "nmod") and (
            c.pos_ == "PROPN" or any(t.ent_type_ in ("NORP", "GPE", "ORG") for t in c.subtree))),
        None)  # "an IS landmine", "Afghan forces' mortars"


def _attack_agent(verb: Token) -> Token | None:
    """The "by X" of an attack noun in an adjunct of a passive verb with no agent of its own."""
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        for noun in (g for g in prep.children if g.dep_ == "pobj"):
            if noun.lemma_.lower() in ATTACK_NOUNS:
                agent = _pobj(noun, ("by",))
                if agent is not None:
                    return agent
    for c in verb.children:  # "following attacks by X" parsed as a participle clause
        if c.dep_ in ("advcl", "prep") and c.lower_ in ("following", "after", "during"):
            for noun in c.subtree:
                if noun.lemma_.lower() in ATTACK_NOUNS and _pobj(noun, ("by",)) is not None:
                    return _pobj(noun, ("by",))
    return None


ATTACK_NOUNS = frozenset({"attack", "assault", "ambush", "raid", "offensive", "strike", "airstrike", "bombing",
                          "shelling", "operation", "clash", "fighting", "explosion", "blast"})


def find_roles(trigger: Token, subject_role: str = "actor1") -> Roles:
    """Return the argument tokens of a trigger.

    Parameters
    ----------
    trigger : spacy.tokens.Token
        A verb or event-noun trigger in a parsed sentence.
    subject_role : str
        ``"actor2"`` for senses whose subject receives ("received weapons from X").

    Returns
    -------
    Roles

    Examples
    --------
    >>> from events.extraction.nlp import load_pipeline
    >>> doc = load_pipeline()("The U.S. Treasury designated the Wagner Group on Friday.")
    >>> r = find_roles(doc[3])
    >>> (r.actor1.text, r.actor2.text)
    ('Treasury', 'Group')
    >>> doc = load_pipeline()("A gunman opened fire on police in Paris.")
    >>> r = find_roles(doc[2])
    >>> (r.actor1.text, r.actor2.text)
    ('gunman', 'police')
    """
    if trigger.pos_ in ("VERB", "AUX"):
        roles = _verb_roles(trigger)
    else:
        roles = _noun_roles(trigger)
    if roles.actor1 is not None and roles.actor1.lemma_.lower() in WEAPON_NOUNS:
        roles.actor1 = _wielder(roles.actor1)
    if roles.actor1 is None and roles.passive and trigger.pos_ == "VERB":
        roles.actor1 = _attack_agent(trigger)  # "soldiers were killed following attacks by Taliban militants"
    if subject_role == "actor2" and not roles.passive:
        roles.actor1, roles.actor2 = _pobj_deep(trigger, ("from", "by")), roles.actor1
    return roles
