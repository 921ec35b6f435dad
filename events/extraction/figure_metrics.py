"""What a number counts, read from the dependency parse: the metric of a figure.

The noun a number modifies (``nummod``) or the "of" phrase after it is what it counts ("12
soldiers", "dozens of civilians"); the verb that noun (or the number itself) is an argument of,
and its role, give the metric: "killed 12 soldiers" and "12 soldiers were killed" count the dead,
"12 soldiers killed 3" counts the killers (no metric), "200 people attended the rally" counts
participants. Nouns that are themselves a count ("30 deaths", "40 dead", "7 wounded"), result
phrases ("left 20 dead", "shot two men to death"), coordinated verbs ("abducted and later
executed"), negation and attempts ("tried to lynch") are read on the same parse. The word lists
are ``data/count_nouns.csv`` and ``data/count_verbs.csv``. :func:`events.extraction.figures.parse_figures`
finds the numbers and calls :func:`read_metric`.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache

from ..reference.lexicon import read_table, split_list


@cache
def _count_nouns() -> dict[str, frozenset]:
    """Read ``data/count_nouns.csv``: class -> nouns."""
    return {row["class"]: frozenset(split_list(row["nouns"])) for row in read_table("count_nouns.csv").to_dict("records")}


@cache
def _count_verbs() -> dict[tuple[str, str], str]:
    """Read ``data/count_verbs.csv``: (lemma, role counted) -> metric."""
    return {(lemma, row["counts"]): row["metric"] for row in read_table("count_verbs.csv").to_dict("records")
            for lemma in split_list(row["lemmas"])}


_NOUNS = _count_nouns()
PERSONNEL_NOUNS = _NOUNS["personnel"]
"""Nouns that count armed personnel ("50,000 personnel", "12 soldiers")."""
PERSON_NOUNS = _NOUNS["personnel"] | _NOUNS["person"]
"""Nouns that count people; a number of them with "killed" or "wounded" is a casualty figure."""
ENTITY_NOUNS = _NOUNS["entity"]
NOT_COUNTED = _NOUNS["not_counted"]
"""Nouns after a number that do not make a figure an analyst wants ("two security sources said")."""
FATALITY_NOUNS = _NOUNS["fatality"]
"""Nouns that are themselves a count of the dead ("30 deaths", "40 dead", "a toll of 12")."""
INJURY_NOUNS = _NOUNS["injury"]
"""Nouns that are themselves a count of the injured ("7 wounded", "12 injuries")."""
PERSON_METRICS = frozenset({"fatalities", "injured", "casualties", "participants", "personnel", "arrested", "abducted", "displaced"})
"""Metrics that count people: their figures are in persons whatever noun they count."""
NOT_EVENT = "not an event count"
"""What :func:`read_metric` returns when the parse decides the number counts no victims or participants ("300 fighters killed 12
soldiers": the 300)."""
VICTIM_COUNTS = frozenset({"fatalities", "injured", "casualties"})
"""Metrics that count the victims of violence."""
METRIC_ORDER = ("fatalities", "casualties", "injured", "abducted", "arrested", "displaced", "personnel", "participants")
"""Which metric wins when verbs coordinated over one number give several ("kidnapped and killed")."""


def span_root(tokens, base: int, start: int, end: int):
    """The token of a number span whose head lies outside it ("816 000" → "000"), or None.

    ``tokens`` are in text order; ``start``/``end`` are character offsets in the sentence, whose
    first character is at ``base`` in the tokens' text.
    """
    first = bisect_left(tokens, start + base, key=lambda t: t.idx)
    last = bisect_left(tokens, end + base, key=lambda t: t.idx)
    inside = tokens[first:last]
    if not inside:
        return None
    ids = {t.i for t in inside}
    outside = [t for t in inside if t.head.i not in ids or t.head.i == t.i]
    return (outside or inside)[-1]


def _verb_metric(verb, role: str) -> str | None:
    """The metric a verb gives the argument it counts in ``role`` ("subject"/"object"), or None."""
    table = _count_verbs()
    lemma = verb.lemma_.lower()
    particles = [c.text.lower() for c in verb.children if c.dep_ in ("prt", "dobj", "acomp", "oprd") and c.text.lower() in ("part", "out", "dead")]
    for key in [f"{lemma} {p}" for p in particles] + [lemma]:
        if (key, role) in table:
            return table[(key, role)]
    return None


def _shares_subject(verb) -> bool:
    return not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _word_metric(token) -> str | None:
    word = token.text.lower()
    if word in FATALITY_NOUNS or token.lemma_.lower() in FATALITY_NOUNS:
        return "fatalities"
    if word in INJURY_NOUNS or token.lemma_.lower() in INJURY_NOUNS:
        return "injured"
    return None


def _subject_metric(verb) -> str | None:
    """"the death toll rose to 30", "the number of wounded is 12": the subject says what is counted."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            for t in c.subtree:
                found = _word_metric(t)
                if found:
                    return found
    return None


def _undone(verb) -> bool:
    """"tried to lynch three men", "planned to kill 12": the act did not (yet) happen."""
    head = verb.head if verb.dep_ == "xcomp" else None
    return head is not None and (head.lemma_.lower(), "governs") in _count_verbs()


def _clause_metric(verb, role: str, shared_object: bool = True):
    """The metric from a verb, the verbs coordinated with it and a result phrase ("left 20 dead",
    "shot two men to death"); NOT_EVENT when the verb is negated, not done, or a known verb that
    counts another role; None when the parse knows nothing about the verb."""
    if any(c.dep_ == "neg" for c in verb.children) or _undone(verb):
        return NOT_EVENT
    found = _verb_metric(verb, role)
    if found == "by object":  # "150 people sustained injuries", "12 soldiers lost their lives"
        return next((w for c in verb.children if c.dep_ == "dobj" and (w := _word_metric(c))), NOT_EVENT)
    metrics = [found] if found else []
    if found:
        shared = verb.head if verb.dep_ == "conj" else None  # "killed and injured 1,000": either
        if shared_object and role == "object" and shared is not None and shared.pos_ == "VERB" and _shares_subject(verb) \
                and not any(c.dep_ == "dobj" for c in shared.children):
            other = _verb_metric(shared, "object")
            if {other, found} == {"fatalities", "injured"}:
                return "casualties"
    if role == "object":
        for c in verb.children:
            if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and c.pos_ in ("ADJ", "VERB"):
                metrics.append(_word_metric(c))
            elif c.dep_ == "prep" and c.lower_ == "to":  # "shot two men to death"
                metrics += [_word_metric(x) for x in c.children if x.dep_ == "pobj"]
    for c in verb.children:  # "were kidnapped and later killed", "detained and later found dead": shared subject
        if c.dep_ == "conj" and c.pos_ == "VERB" and _shares_subject(c) and c.i > verb.i \
                and not (role == "object" and any(x.dep_ == "dobj" for x in c.children)):
            metrics.append(_clause_metric(c, role, shared_object=False))
    metrics = [x for x in metrics if x and x not in ("by object", NOT_EVENT)]
    if metrics:
        return min(metrics, key=lambda x: METRIC_ORDER.index(x) if x in METRIC_ORDER else len(METRIC_ORDER))
    if any(lemma == verb.lemma_.lower() for lemma, _ in _count_verbs()):
        return NOT_EVENT  # "300 fighters killed 12 soldiers": the killers are counted, not the killed
    return None


def _modifier_metric(noun) -> str | None:
    """"wounded soldiers", "civilians killed in the raid", "people who attended the rally"."""
    for c in noun.children:
        if c.dep_ == "amod":
            found = _word_metric(c) or (_verb_metric(c, "object") if c.tag_ == "VBN" else None)
            if found:
                return found
        elif c.dep_ in ("acl", "relcl") and c.pos_ in ("VERB", "AUX"):
            pronoun = next((x for x in c.children if x.tag_ in ("WP", "WDT", "WP$")), None)
            if pronoun is not None:
                role = "subject" if pronoun.dep_ == "nsubj" else "object"
            else:
                role = "object" if c.tag_ == "VBN" else "subject"
            found = _clause_metric(c, role)
            if found:
                return found
    return None


def counted_noun(root):
    """The noun a parsed number counts: its ``nummod`` head, or the object of "of" after it."""
    if root.dep_ == "nummod" and root.head.i != root.i:
        return None if any(c.dep_ == "amod" and _word_metric(c) for c in root.children) else root.head
    of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None


def read_metric(root):
    """Return what a parsed number counts: a metric, :data:`NOT_EVENT`, or None (the parse says nothing).

    Parameters
    ----------
    root : spacy.tokens.Token
        The number's token (for a number of several tokens, the one whose head is outside it).

    The number's noun is its ``nummod`` head ("12 soldiers") or the object of "of" after it
    ("dozens of civilians", "12 of the soldiers"); the counted argument is that noun, else the
    number itself ("killed 12", "the toll rose to 30"). Its dependency on a verb gives the role:
    active subject → "subject", passive subject or object → "object"; a harm verb with a counted
    subject and no object of its own reads as a reduced passive ("3 killed and 7 wounded").

    Returns
    -------
    str or None
        One of :data:`PERSON_METRICS`; :data:`NOT_EVENT` when the parse rules those out (the killers,
        a negated or attempted act, "none of the 40"); None when the parse attaches the number to
        no verb or noun it knows, and the text decides.
    """
    noun = counted_noun(root)
    if noun is not None and noun.like_num:
        noun = None  # a misparse ("23 dead, 12 wounded" read as "23 ... 12")
    own = [c for c in root.children if c.dep_ in ("amod", "appos", "acomp")]  # "23 dead, ...", "Eight dead due to ..."
    for t in [*own, noun, root]:
        if t is not None and (found := _word_metric(t)):
            return found
    if noun is not None:
        siblings = [c for c in noun.children if c.dep_ == "conj"] + ([noun.head] if noun.dep_ == "conj" else [])
        for t in siblings:  # "25 ADF fighters and 6 military fatalities"
            if (found := _word_metric(t)) and any(c.dep_ == "nummod" for c in t.children):
                return found
        if found := _modifier_metric(noun):
            return found
    if root.dep_ == "appos" and root.head.like_num:
        return NOT_EVENT  # "Two were killed, one from each side": a breakdown of the number before
    arg = noun if noun is not None and root.dep_ == "nummod" else root  # "100 of the attackers": the number is the argument
    while arg.dep_ in ("conj", "appos") and arg.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        arg = arg.head
    dep, head = arg.dep_, arg.head
    if dep in ("nsubj", "csubj"):
        verb, role = head, "subject"
    elif dep in ("nsubjpass", "dobj", "dative", "oprd"):
        verb, role = head, "object"
    elif dep == "attr":
        verb, role = head, "attr"
    elif dep == "pobj":
        if head.dep_ == "agent" or head.lower_ == "by":
            return NOT_EVENT  # "killed by four gunmen": the agents are never the victims
        if head.head.pos_ in ("VERB", "AUX"):
            verb, role = head.head, "oblique"
        elif head.lower_ == "of":
            owner = head.head  # "a death toll of 30", "the killing of 12", "a march of 3,000"; "none of the 40" is nothing
            return _word_metric(owner) or _verb_metric(owner, "object") or _verb_metric(owner, "subject") or NOT_EVENT
        else:
            return None
    else:
        return None
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if role in ("attr", "oblique"):
        return _subject_metric(verb)
    if role == "subject" and _verb_metric(verb, "object") and not _verb_metric(verb, "subject") \
            and not any(c.dep_ in ("dobj", "ccomp", "xcomp", "dative") or (c.dep_ == "aux" and c.lemma_ == "have") for c in verb.children):
        role = "object"  # "12 soldiers killed", "3 killed and 7 wounded": a headline's reduced passive
    return _clause_metric(verb, role)
