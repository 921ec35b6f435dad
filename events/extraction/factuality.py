"""Is it an event? Factuality of a trigger from the dependency parse.

A trigger reports an event only when the sentence asserts that it happened (or, as ``planned``,
that someone announced or intends it). Read from the parse, following the FactBank/TimeML
notion of event factuality (Saurí & Pustejovsky 2009) as ACLED and PLOVER coders apply it:

- negated ("did not attack", "no strikes") → not an event;
- under a modal or in a conditional ("could attack", "would not be allowed to arrest",
  "if they attack") → not an event; ``will`` / ``is going to`` → planned;
- a question → not an event;
- "would" in the clause of a past reporting verb ("said it would resume aid") → planned, as "will";
- the complement of an intention or announcement verb ("plans to deploy", "vowed to retaliate")
  → planned; of a failure or avoidance verb ("failed to capture") → not an event;
- an infinitive of purpose ("sent troops to fight") → not an event;
- a generic or habitual present ("Turkey backs rebel groups fighting Assad") → not an event;
- a noun governed by an epistemic or risk noun ("the threat of attacks") → not an event;
- what someone is charged with or convicted of ("charged with attacking motorists") → not an
  event (the charge may be one);
- a participle describing a state after a copular verb ("civilians remain besieged") → not an event;
- a present passive relative clause describing a noun ("X, who is accused of ...") → not an event,
  nor a simple-present one ("fighters who fight to control villages": a habit);
- a characterization ("denounced the moves as an attack on the order", "called it an attack") → not an event;
- a condition or a habit ("flee when attacked", "regularly cross the border") → not an event;
- "killed" with a war or a conflict as its subject ("a war that killed 100,000") → a summary;
- a present perfect over years ("for years, he has threatened ...") → a habit, not an event;
- the clause of a belief verb ("they believe the rebels have retreated") → not an event;
- a present perfect counting from a date ("since 2009, hundreds have been killed") → a tally.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .triggers import SERIES_NOUNS, lemma_forms

HYPOTHETICAL_MODALS = frozenset({"would", "could", "might", "may", "should", "must", "can", "ought"})
FUTURE_MODALS = frozenset({"will", "shall", "'ll"})
INTENTION_VERBS = frozenset({"plan", "intend", "aim", "seek", "want", "hope", "prepare", "vow", "pledge", "promise",
                             "expect", "decide", "announce", "propose", "agree", "offer", "threaten", "mean", "wish",
                             "schedule", "set", "resolve", "order", "authorize", "authorise", "approve", "vote",
                             "consider", "weigh", "mull", "plot", "ready"})
"""Verbs whose infinitive complement is an intended act ("vowed to retaliate")."""
CLAIMING_VERBS = frozenset({"claim", "say", "report", "allege", "boast", "admit", "confirm"})
"""Verbs whose perfect infinitive is an act reported as done ("claimed to have killed five")."""
BELIEF_VERBS = frozenset({"believe", "think", "guess", "suppose", "doubt", "imagine", "assume", "feel", "suspect",
                          "fear", "speculate", "wonder", "predict", "bet"})
"""Verbs whose clause is someone's belief, not a reported act ("they believe the rebels have
retreated", "he thinks they will meet at some point")."""
IMPLICATIVE_VERBS = frozenset({"manage", "force", "compel", "begin", "start", "continue", "resume", "proceed", "go",
                               "get", "dare", "succeed", "remember", "come", "help", "keep"})
"""Verbs whose "to" complement happened when they did ("managed to escape", "began to shell")."""
GATHERING_VERBS = frozenset({"go", "come", "gather", "assemble", "take", "march", "converge", "head", "turn",
                             "rally", "stage", "hold", "walk", "drive", "block"})
"""Verbs whose infinitive of purpose is what the gathering did ("gathered to protest")."""
PROTEST_WORDS = frozenset({"protest", "demonstrate", "rally", "march", "picket", "chant", "block", "barricade"})
CAPABILITY_WORDS = frozenset({"capable", "able", "unable", "ready", "willing", "likely", "unlikely", "eager", "free",
                              "prepared", "poised", "set", "due", "intent", "determined", "reluctant"})
"""Adjectives whose complement is a capability or disposition, not an act ("capable of striking")."""
FAILURE_VERBS = frozenset({"fail", "refuse", "decline", "avoid", "stop", "cease", "prevent", "try", "attempt",
                           "struggle", "forbid", "ban", "deny", "bar", "halt", "block", "need", "have", "ask",
                           "urge", "call", "demand", "allow", "permit", "encourage", "help", "able", "unable",
                           "likely", "unlikely", "continue", "begin", "start", "reluctant", "willing", "eager",
                           "seem", "appear", "tend", "use", "warn"})
"""Verbs and adjectives whose complement did not (or need not have) happened as stated."""
CHARACTERIZING_VERBS = frozenset({"denounce", "describe", "condemn", "call", "label", "brand", "characterize",
                                  "characterise", "see", "view", "regard", "dismiss", "criticize", "criticise", "term",
                                  "decry", "slam", "consider", "deem", "portray", "depict"})
"""Verbs whose "as X" (or object complement) characterizes what they are about: no event of its own."""
HABITUAL_ADVERBS = frozenset({"traditionally", "usually", "often", "regularly", "routinely", "typically",
                              "habitually", "frequently", "customarily", "normally", "generally", "sometimes"})
"""Adverbs of a habit: a clause they modify tells what happens again and again, not one event."""
IRREALIS_NOUNS = frozenset({"threat", "risk", "fear", "possibility", "prospect", "plan", "danger", "warning", "need",
                            "call", "demand", "ability", "capacity", "capability", "chance", "likelihood", "bid",
                            "attempt", "effort", "intention", "goal", "aim", "way", "right", "order", "decision",
                            "proposal", "plot", "campaign", "policy", "war", "strategy", "law", "legislation",
                            "rule", "treaty", "obligation", "ban", "prohibition", "convention", "regulation"})
"""Nouns whose "of"/"to" complement is not itself a reported event ("the threat of attacks")."""
REFERRING_VERBS = frozenset({"condemn", "denounce", "deny", "criticize", "criticise", "praise", "welcome", "blame",
                             "investigate", "mourn", "decry", "describe", "call", "recall", "remember", "justify",
                             "defend", "regret", "investigate", "probe", "discuss", "confirm", "report"})
"""Verbs whose definite event-noun object refers to an event told elsewhere ("condemned the attack"):
the statement is the news, the object is no new event."""
GENERIC_QUANTIFIERS = frozenset({"much", "more", "less", "such", "enough", "any", "further", "renewed", "ongoing",
                                 "continued", "continuing", "sporadic", "frequent", "regular", "repeated", "past",
                                 "previous", "prior", "earlier", "similar", "many", "numerous", "countless"})
"""Modifiers that make an event noun a kind or an amount of activity ("too much killing")."""
STATISTIC_NOUNS = frozenset({"number", "rate", "level", "frequency", "share", "percentage", "proportion",
                             "statistic", "figure", "record", "history", "culture", "cycle", "wave", "spate", "surge",
                             "rise", "increase", "spike", "upsurge", "uptick", "decline", "drop", "fall", "trend"})
"""Nouns whose "of" complement is counted or characterised, not reported ("the number of attacks",
"a wave of kidnappings": a trend of many events)."""
ANCHOR_DEPS = frozenset({"poss", "nummod", "agent"})
ANCHOR_PREPS = frozenset({"for", "by", "on", "against", "in", "at", "near", "of", "outside", "targeting", "from", "with",
                          "between", "inside", "across"})
LIGHT_VERB_LEMMAS = frozenset({"carry", "launch", "conduct", "stage", "mount", "hold", "claim", "unleash", "wage",
                               "perform", "undertake", "sign", "reach", "impose", "announce", "order", "make"})
NEGATIVE_DETERMINERS = frozenset({"no", "neither", "never", "nor"})
CONDITIONAL_MARKERS = frozenset({"if", "unless", "whether", "lest", "once"})


@dataclass(frozen=True)
class Factuality:
    """What a trigger asserts: an event (``planned`` or not), or no event and why."""

    event: bool
    planned: bool = False
    reason: str | None = None


def _anchored_noun(noun: Token) -> bool:
    """Whether an event noun is tied to this event: an actor, target, place, count or time of its own,
    the subject of a verb, or the object of a verb that carries it out ("launched an offensive")."""
    if any(c.lemma_.lower() in GENERIC_QUANTIFIERS and c.dep_ in ("amod", "det", "advmod") for c in noun.children):
        return False  # "too much killing", "more fighting": a quantity of violence, not one event
    for c in noun.children:
        if c.dep_ in ANCHOR_DEPS:
            return True
        if c.dep_ == "prep" and c.lower_ in ANCHOR_PREPS and any(g.dep_ == "pobj" for g in c.children):
            return True
        if c.dep_ in ("amod", "compound", "nmod", "npadvmod") and c.ent_type_ in ("NORP", "GPE", "ORG", "DATE", "PERSON",
                                                                                   "LOC", "FAC", "CARDINAL"):
            return True
        if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB":
            return True
        if c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") and noun.dep_ in ("nsubj", "nsubjpass"):
            return True
    if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.tag_ in ("VBD", "VBN", "VBZ") and noun.head.pos_ == "VERB":
        return True
    if noun.dep_ in ("dobj", "obj") and lemma_forms(noun.head) & LIGHT_VERB_LEMMAS:
        return True
    owner = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
    if owner is not None and owner.lemma_.lower() in SERIES_NOUNS and owner.dep_ in ("dobj", "obj") \
            and lemma_forms(owner.head) & LIGHT_VERB_LEMMAS:
        return True  # "carried out a series of airstrikes"
    if noun.dep_ == "pobj" and noun.head.lower_ in ("in", "during", "after", "since") and noun.head.head.pos_ == "VERB":
        return True
    return any(t.ent_type_ in ("DATE", "TIME") for t in noun.subtree)


CHARGE_WORDS = frozenset({"charge", "accuse", "convict", "suspect", "indict", "sentence", "arrest", "detain", "jail",
                          "imprison", "prosecute", "try", "blame", "acquit", "fine", "punish", "execute", "guilty",
                          "innocent", "accusation", "allegation", "charge", "conviction", "suspicion", "indictment"})
"""Words whose "with"/"of"/"for" complement is what someone is charged with, not a reported event
("charged with attacking motorists", "convicted of murder", "arrested for rioting")."""
CHARGE_PREPS = frozenset({"with", "of", "for", "over"})
AGGREGATE_NOUNS = frozenset({"war", "conflict", "insurgency", "genocide", "crisis", "campaign", "violence",
                             "occupation", "siege", "uprising", "rebellion", "dictatorship", "regime"})
"""Nouns of a long stretch of violence: as the subject of "killed" they sum it up ("a war that
killed 100,000 people"), they do not report one event."""
DURATION_UNITS = frozenset({"year", "decade", "month", "week", "century"})
STATE_VERBS = frozenset({"remain", "stay", "seem", "appear", "look", "feel", "live", "sound"})
"""Copular verbs whose participle complement is a state, not an act ("civilians remain besieged")."""


def _for_years(token: Token) -> bool:
    """Whether the trigger's clause is a present perfect over a span of years or months ("For
    years, he has engaged in ..., threatening ...")."""
    verb = _clause_verb(token)
    for v in [verb, *verb.ancestors][:4]:
        if any(c.dep_ == "prep" and c.lower_ in ("for", "over") and any(
                g.dep_ == "pobj" and g.lemma_.lower() in DURATION_UNITS and g.tag_ == "NNS" for g in c.children)
               for c in v.children):
            return any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in v.children) or v.tag_ in ("VBZ", "VBP")
    return False


PEOPLE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "attr"})


def _describes_people(participle: Token) -> bool:
    """Whether a past participle after a noun of people, with no date of its own, describes them
    ("the girls kidnapped in Zamfara", "relatives of people imprisoned in Donbas"): it recalls what
    happened to them, told elsewhere or not at all, and reports no event of its own."""
    noun = participle.head
    if noun.pos_ not in ("NOUN", "PROPN", "PRON") or noun.ent_type_ in ("GPE", "LOC", "FAC") or noun.dep_ == "ROOT":
        return False  # a noun as the root: the parser missed the verb ("nurses protested in Minna")
    if participle.lemma_.lower() in ("protest", "demonstrate", "march", "rally", "riot", "strike", "deploy", "station",
                                     "send", "dispatch", "position", "base", "post", "redeploy", "mobilize", "mobilise"):
        return False  # the people did it, or were moved: "personnel deployed in Ukraine" is the deployment
    if any(t.ent_type_ in ("DATE", "TIME") for t in participle.subtree):
        return False
    return noun.lemma_.lower() not in NON_PEOPLE_NOUNS


NON_PEOPLE_NOUNS = frozenset({"shell", "missile", "rocket", "drone", "bomb", "mortar", "grenade", "mine", "ied",
                              "artillery", "projectile", "explosive", "device", "bullet", "round", "shot", "weapon",
                              "strike", "attack", "raid", "operation", "offensive", "vehicle", "car", "truck", "boat",
                              "ship", "plane", "aircraft", "jet", "helicopter", "building", "house", "area", "town",
                              "village", "city", "base", "position", "post", "checkpoint", "convoy"})
"""Nouns whose participle tells an event ("shells fired by rebels fell in Janzur", "a convoy
ambushed near Gao"), not a description of people."""


def _tally_since(token: Token) -> bool:
    """Whether the trigger's clause is a present perfect counting from a date ("Since 2009,
    hundreds of people have been killed in attacks"): a tally of many events, not one."""
    verb = _clause_verb(token)
    if not any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("has", "have", "'ve") for c in verb.children):
        return False
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return False  # "the group has fought in Libya since 2017": a campaign, told as its acts
    return any(c.dep_ == "prep" and c.lower_ == "since" and any(t.ent_type_ == "DATE" for t in c.subtree)
               for c in verb.children)


def _conjunct_root(token: Token) -> Token:
    """The first conjunct of a coordination ("robbing, kidnapping and attacking" → robbing)."""
    t = token
    for _ in range(8):
        if t.dep_ != "conj" or t.head is t:
            return t
        t = t.head
    return t


def _state_complement(token: Token) -> bool:
    """Whether a participle is (a conjunct of) the complement of a copular verb: "remain unseen,
    unprotected, bombed" (the parser may attach the later conjuncts to the verb itself)."""
    if token.pos_ not in ("VERB", "ADJ") or any(c.dep_ in ("nsubj", "nsubjpass", "auxpass", "aux") for c in token.children):
        return False
    t, adjective = token, False
    for _ in range(8):
        if t.head.lemma_.lower() in STATE_VERBS and (t.dep_ in ("acomp", "oprd", "xcomp") or (
                t.dep_ == "advcl" and t.tag_ == "VBN")):
            return True  # "remain unprotected, bombed": the parser may read the participle as an adverbial
        if t.dep_ != "conj" or t.head is t:
            return False
        adjective = adjective or t.pos_ == "ADJ"
        t = t.head
        if t.lemma_.lower() in STATE_VERBS and (adjective or t.pos_ == "ADJ"):
            return True
    return False


def _charged_with(token: Token) -> Token | None:
    """The charge word whose "with"/"of"/"for" phrase holds ``token``, if any."""
    t = _conjunct_root(token)
    if t.dep_ in ("pcomp", "pobj") and t.head.dep_ == "prep" and t.head.lower_ in CHARGE_PREPS \
            and t.head.head.lemma_.lower() in CHARGE_WORDS:
        return t.head.head
    return None


REMEMBERED_NOUNS = frozenset({"anniversary", "memory", "commemoration", "legacy", "aftermath", "memorial"})
"""Nouns whose "of" complement is a past event recalled, not reported ("the 14th anniversary of ...")."""


def _of_chain_owner(noun: Token) -> Token | None:
    """The noun at the top of a chain of "of" phrases ("the anniversary of the start of the protests")."""
    t, owner = noun, None
    for _ in range(4):
        if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ in ("NOUN", "PROPN"):
            t = owner = t.head.head
        else:
            break
    return owner


def _clause_verb(token: Token) -> Token:
    """The verb that heads the clause of ``token`` (a noun trigger's governing verb)."""
    t = token
    for _ in range(6):
        if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT":
            return t
        t = t.head
    return t


def _aux_lemmas(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}


def _negated(token: Token) -> bool:
    if any(c.dep_ == "neg" for c in token.children):
        return True
    return any(c.dep_ == "det" and c.lower_ in NEGATIVE_DETERMINERS for c in token.children)


def _verb_chain(verb: Token):
    """The verb, then the verbs it is the complement of ("wanted to attack" → attack, want)."""
    t = verb
    yield t
    for _ in range(4):
        if t.dep_ == "pcomp" and t.head.dep_ == "prep" and t.head.head.pos_ in ("VERB", "AUX"):
            t = t.head.head  # "can end it by withdrawing": the verb above the preposition
            yield t
        elif t.dep_ == "pcomp" and t.head.dep_ == "prep" and t.head.head.dep_ in ("dobj", "obj", "nsubj", "pobj") \
                and t.head.head.head.pos_ in ("VERB", "AUX"):
            t = t.head.head.head  # "will take measures, including reimposing sanctions": the clause's verb
            yield t
        elif t.dep_ in ("xcomp", "ccomp", "conj", "pcomp") and t.head is not t:
            t = t.head
            yield t
        else:
            return


STANCE_VERBS = frozenset({"support", "back", "oppose", "reject", "agree", "welcome", "condemn", "accept", "endorse",
                          "deny", "refuse", "demand", "urge"})
"""Verbs of a stance: in the present under a reporting verb they tell what was said then, not a habit."""
HEDGES = frozenset({"probably", "likely", "possibly", "perhaps", "maybe", "presumably", "eventually"})
"""Adverbs that make a reported "would" a guess ("said the army would probably attack")."""
ANNOUNCING_VERBS = frozenset({"say", "announce", "state", "declare", "tell", "confirm", "pledge", "promise", "vow",
                              "agree", "decide", "warn", "write", "post", "add", "report"})
"""Past reporting verbs after which "would" is the future of the reported "will" (sequence of tenses)."""


def _reported_future(verb: Token) -> bool:
    """Whether ``verb`` is the clause of a past reporting verb ("said that it would resume aid"), with
    no condition ("would resume if ..."): English backshifts the reported "will" to "would"."""
    from .actors import is_commentator  # the analysts' forecast is no announcement

    head = verb.head
    if verb.dep_ != "ccomp" or head.lemma_.lower() not in ANNOUNCING_VERBS or head.tag_ not in ("VBD", "VBN"):
        return False
    if any(c.dep_ == "advmod" and c.lower_ in HEDGES for c in verb.children):
        return False  # "would probably attack": a guess
    if is_commentator(next((c for c in head.children if c.dep_ == "nsubj"), None)):
        return False
    return not any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children)
                   for c in verb.children)


def _is_present_generic(verb: Token, sentence_has_date: bool) -> bool:
    """A simple-present main verb with no date: a habitual or generic statement."""
    if verb.tag_ not in ("VBZ", "VBP") or verb.lemma_ in ("be", "have"):
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    if any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in verb.children):
        return False  # "I urge", "we condemn": a performative present is the act itself
    return not sentence_has_date


def assess(trigger: Token, sentence_has_date: bool = False, headline: bool = False) -> Factuality:
    """Decide whether ``trigger`` reports an event, a planned event, or none.

    Parameters
    ----------
    trigger : spacy.tokens.Token
        The trigger token (verb or event noun) in a parsed sentence.
    sentence_has_date : bool
        Whether the sentence has a time expression (a dated present is no habit).
    headline : bool
        Whether the sentence is a headline (headlines report past events in the present).

    Returns
    -------
    Factuality

    Examples
    --------
    >>> from events.extraction.nlp import load_pipeline
    >>> doc = load_pipeline()("Police would not be allowed to arrest him.")
    >>> assess(doc[6]).event
    False
    >>> doc = load_pipeline()("The army plans to deploy troops next week.")
    >>> assess(doc[4])
    Factuality(event=True, planned=True, reason=None)
    """
    sent = trigger.sent
    if sent.text.rstrip().rstrip('"\u201d\u2019\'').endswith("?"):
        return Factuality(False, reason="a question")
    if _negated(trigger):
        return Factuality(False, reason="negated")
    if trigger.dep_ == "amod" and trigger.tag_ in ("VBN", "JJ", "VBG"):
        return Factuality(False, reason="an adjective describing a noun")  # "one wounded Maoist was arrested"
    if trigger.pos_ in ("NOUN", "PROPN"):
        if not _anchored_noun(trigger) and not (trigger.dep_ == "conj" and _anchored_noun(_conjunct_root(trigger))):
            return Factuality(False, reason="an event noun with no actor, target, place or time")
        head = trigger.head
        if trigger.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in IRREALIS_NOUNS:
            return Factuality(False, reason=f"governed by '{head.head.text}'")
        owner = _of_chain_owner(trigger)
        if owner is not None and owner.lemma_.lower() in REMEMBERED_NOUNS:
            return Factuality(False, reason=f"remembered by '{owner.text}'")  # "the anniversary of the protests"
        if trigger.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in STATISTIC_NOUNS and \
                head.head.pos_ in ("NOUN", "PROPN"):  # "the rise in attacks"; not "the toll rose to 63 from the blasts"
            return Factuality(False, reason=f"counted by '{head.head.text}'")
        if trigger.dep_ in ("dobj", "obj") and head.lemma_.lower() in REFERRING_VERBS and any(
                c.dep_ == "det" and c.lower_ in ("this", "that", "these", "those", "the") for c in trigger.children):
            return Factuality(False, reason=f"an event referred to by '{head.text}'")  # "we condemn this attack"
        if trigger.dep_ in ("compound", "amod") and head.lemma_.lower() in IRREALIS_NOUNS:
            return Factuality(False, reason=f"governed by '{head.text}'")
    first = _conjunct_root(trigger)  # "a plan for rearming Europe and supporting Ukraine": both under "plan"
    if first.dep_ == "pcomp" and first.head.lower_ == "to" and first.head.head.lemma_.lower() == "look" and any(
            c.lower_ == "forward" for c in first.head.head.children):
        return Factuality(False, reason="an expectation")  # "I look forward to discussing ..."
    if first.dep_ == "pcomp" and first.head.dep_ == "prep" and first.head.head.lemma_.lower() in IRREALIS_NOUNS:
        return Factuality(False, reason=f"governed by '{first.head.head.text}'")  # "the risk of being deported"
    charge = _charged_with(trigger)
    if charge is not None and charge is not trigger:
        return Factuality(False, reason=f"what someone is charged with ('{charge.text}')")
    if trigger.dep_ == "advcl" and trigger.tag_ == "VBN" and any(
            c.lower_ in ("when", "whenever", "if", "once", "unless") for c in trigger.children) and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in trigger.children):
        return Factuality(False, reason="a condition")  # "rebels flee when attacked by troops"
    if any(c.dep_ == "advmod" and c.lower_ in HABITUAL_ADVERBS for t in (trigger, trigger.head) for c in t.children):
        return Factuality(False, reason="a habit")  # "where rebels traditionally cross when attacked"
    if (trigger.dep_ == "pobj" and trigger.head.lower_ == "as" and trigger.head.head.lemma_.lower() in CHARACTERIZING_VERBS) \
            or (trigger.dep_ == "oprd" and trigger.head.lemma_.lower() in CHARACTERIZING_VERBS):
        return Factuality(False, reason="a characterization")  # "denounced the moves as an attack on the order"
    if trigger.dep_ == "relcl" and trigger.tag_ in ("VBP", "VBZ") and not any(
            c.dep_ in ("aux", "auxpass") for c in trigger.children) and trigger.lemma_ not in ("be", "have"):
        return Factuality(False, reason="a present habit describing a noun")  # "fighters who fight to control villages"
    if trigger.dep_ == "relcl" and trigger.tag_ == "VBN" and any(
            c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in trigger.children):
        return Factuality(False, reason="a present state describing a noun")  # "X, who is accused of ..."
    subj = next((c for c in _conjunct_root(trigger).children if c.dep_ == "nsubj"), None)
    if subj is not None and trigger.pos_ == "VERB":
        subj = subj.head.head if subj.lower_ in ("that", "which") and subj.head.dep_ == "relcl" else subj
        if subj.lemma_.lower() in AGGREGATE_NOUNS:
            return Factuality(False, reason=f"a summary of a '{subj.text}'")
    if _for_years(trigger):
        return Factuality(False, reason="a habit over years")  # "for years, he has threatened ..."
    if _tally_since(trigger):
        return Factuality(False, reason="a tally since a date")  # "since 2009, hundreds have been killed"
    if _state_complement(trigger):
        return Factuality(False, reason="a state after a copular verb")  # "civilians remain besieged"
    verb = _clause_verb(trigger)
    planned = False
    previous = None
    for k, v in enumerate(_verb_chain(verb)):
        if k > 0 and v.pos_ not in ("VERB", "AUX", "ADJ"):
            break
        coordinated = previous is not None and previous.dep_ == "conj"  # "consider X a step and urge": no complement
        previous = v
        lemma = v.lemma_.lower()
        aux = _aux_lemmas(v)
        if _negated(v) and (k > 0 or v is not trigger or True):
            return Factuality(False, reason=f"negated ('{v.text}')")
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKERS for c in v.children):
            return Factuality(False, reason="conditional")
        if aux & HYPOTHETICAL_MODALS == {"would"} and _reported_future(v):
            planned = True  # "announced that it would cease military aid": a backshifted "will"
        elif aux & HYPOTHETICAL_MODALS:
            return Factuality(False, reason=f"modal ('{sorted(aux & HYPOTHETICAL_MODALS)[0]}')")
        if aux & FUTURE_MODALS or (v.lower_ == "going" and k > 0):
            planned = True
        if k > 0 and not coordinated and lemma in BELIEF_VERBS and v.dep_ != "xcomp":
            return Factuality(False, reason=f"a belief ('{v.text}')")  # "he believes leaders will meet at some point"
        if k > 0 and not coordinated:
            if lemma in INTENTION_VERBS:
                planned = True
            elif lemma in FAILURE_VERBS:
                return Factuality(False, reason=f"complement of '{v.text}'")
        elif v.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
            head = v.head.lemma_.lower()
            if head in INTENTION_VERBS:
                planned = True
            elif head in CLAIMING_VERBS and any(c.dep_ == "aux" and c.lower_ in ("have", "has") for c in v.children):
                pass  # "claimed to have killed two soldiers": a claimed act (its certainty comes from the claim)
            elif head not in IMPLICATIVE_VERBS:  # "recruited Russians to fight", "urged them to attack"
                return Factuality(False, reason=f"complement of '{v.head.text}'")
        if v.dep_ in ("pcomp", "xcomp") and v.head.dep_ == "prep" and v.head.head.lemma_.lower() in CAPABILITY_WORDS:
            return Factuality(False, reason=f"a capability ('{v.head.head.text}')")
        if v.dep_ in ("xcomp", "acomp") and v.head.lemma_.lower() in CAPABILITY_WORDS:
            return Factuality(False, reason=f"a capability ('{v.head.text}')")
        if v.dep_ in ("advcl", "acl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
            if v.head.lemma_.lower() in GATHERING_VERBS and trigger.lemma_.lower() in PROTEST_WORDS:
                pass  # "went to the streets to protest": a gathering does what it came for
            elif v.head.lemma_.lower() not in INTENTION_VERBS:
                return Factuality(False, reason="an infinitive of purpose")
        if v.dep_ == "acl" and v.tag_ == "VBG" and v is verb and trigger is v:
            return Factuality(False, reason="a participle describing a noun")
        if v.dep_ == "acl" and v.tag_ == "VBN" and v is verb and trigger is v and _describes_people(v):
            return Factuality(False, reason="a participle describing people")  # "relatives of people imprisoned in X"
        if v.dep_ not in ("xcomp", "ccomp", "conj", "pcomp"):
            break
    stance_reported = verb.dep_ == "ccomp" and verb.lemma_.lower() in STANCE_VERBS and \
        verb.head.lemma_.lower() in ANNOUNCING_VERBS  # "Putin said Russia supports the proposal": said then
    if not headline and not stance_reported and _is_present_generic(verb, sentence_has_date) and verb.dep_ in (
            "ROOT", "conj", "ccomp", "relcl", "acl", "advcl"):
        return Factuality(False, reason="a generic or habitual present")
    return Factuality(True, planned=planned)


def perfect_aspect(trigger: Token) -> str | None:
    """Return "present" for a present perfect ("has fought", "have been arrested": an indefinite
    past), "past" for a past perfect ("had sent": before the story's reference time), else None.

    >>> from events.extraction.nlp import load_pipeline
    >>> perfect_aspect(load_pipeline()("Wagner has fought in Libya.")[2])
    'present'
    """
    verb = _clause_verb(trigger)
    aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    while not aux and verb.dep_ == "conj" and verb.head is not verb:  # "had recruited, trained and sent"
        verb = verb.head
        aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if aux & {"has", "have", "'ve"}:
        return "present"
    if aux & {"had", "'d"}:
        return "past"
    return None
