"""When: the date expression attached to the trigger in the parse, not the one dating a statement.

"announcing on social media Friday that forces killed him Thursday": Friday dates the
announcement, Thursday the killing. A date is the trigger's when the parse puts it in the
trigger's own clause (not under a speech verb or another clause); otherwise the nearest date in
the sentence that dates no speech verb (:func:`_nearest_timex`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from spacy.tokens import Token

from .timexes import Timex, parse_timexes
from .record import SentenceParts, token_distance
from .speakers import SPEECH_CERTAINTY, SPEECH_NOUNS
from .triggers import SERIES_NOUNS, lemma_forms

CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "xcomp", "conj", "parataxis", "csubj", "pcomp"})


def _clause_head(token: Token) -> Token:
    """The head of the clause a token belongs to (the first verb up the tree that starts a clause)."""
    t = token
    for _ in range(12):
        if t.pos_ in ("VERB", "AUX") and (t.dep_ in CLAUSE_DEPS or t.dep_ == "ROOT"):
            return t
        if t.head is t:
            return t
        t = t.head
    return t


CARRYING_VERBS = frozenset({"carry", "launch", "conduct", "stage", "mount", "hold", "claim", "unleash", "wage",
                            "perform", "undertake", "sign", "reach", "impose", "announce", "order", "make", "begin",
                            "start", "take", "occur", "happen", "kill", "wound", "hit", "erupt", "break", "resume",
                            "continue", "intensify", "escalate", "end", "leave", "target", "destroy", "damage",
                            "bring", "send", "dispatch", "deploy", "have"})
"""Verbs whose date is the date of their event-noun subject or object ("launched an offensive on
Monday", "the attack on Friday killed 5", "clashes erupted on Sunday")."""


ATTENDING_VERBS = frozenset({"join", "attend", "travel", "arrive", "head", "fly", "go", "come", "gather", "meet",
                             "convene", "participate", "return", "sit", "assemble"})
"""Verbs whose date is the date of the talks, meeting or rally they go to ("will travel to Canada on
Wednesday for meetings", "attended the talks on Monday")."""


def _carried_out(noun: Token) -> bool:
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in SERIES_NOUNS:
        return _carried_out(head.head)  # "carried out a series of airstrikes in December": the series' verb dates them
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("in", "during") and head.head.pos_ == "VERB":
        return True  # "was killed in an airstrike on Thursday"
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("for", "to", "at", "in") \
            and lemma_forms(head.head) & ATTENDING_VERBS:
        return True
    if noun.dep_ in ("dobj", "obj") and lemma_forms(head) & ATTENDING_VERBS:
        return True
    return noun.dep_ in ("dobj", "obj", "nsubj", "nsubjpass") and bool(lemma_forms(head) & CARRYING_VERBS)


def _timex_tokens(s: SentenceParts, t: Timex) -> list[Token]:
    return [tok for tok in s.doc if t.start <= s.start + tok.idx < t.end]


def _nearest_timex(s: SentenceParts, trig_start: int, trig_end: int) -> Timex | None:
    speech = s.attribution.verb_tokens if s.attribution else []
    best, best_d = None, 10**6
    for t in s.timexes:
        ti = next((k for k, tok in enumerate(s.tokens) if tok.start >= t.start), len(s.tokens))
        te = next((k for k, tok in enumerate(s.tokens) if tok.start >= t.end), len(s.tokens))
        if any(abs(ti - v) <= 2 or abs(te - v) <= 1 for v in speech):
            continue
        d = token_distance(trig_start, trig_end, ti, te)
        if d < best_d:
            best, best_d = t, d
    return best


_SPAN_WORDS = re.compile(r"^(?:since|until|till|from|by|through)\s+", re.I)


def _the_date_itself(t: Timex) -> Timex:
    """The date a span starts or ends at ("since August 2022" → August 2022), else ``t``."""
    m = _SPAN_WORDS.match(t.text)
    if m is None or t.date_end is None:
        return t
    again = parse_timexes(t.text[m.end():], t.date_end)
    return replace(again[0], start=t.start, end=t.end, text=t.text) if len(again) == 1 else t


def _speech_verb_before(s: SentenceParts, t: Timex) -> Token | None:
    """The speech verb right before a date ("said on Tuesday its troops had ..."), which the date is of.

    The parser often hangs such a date on the reported clause; English puts the statement's own
    date straight after its verb, the reported act's after the act.
    """
    toks = _timex_tokens(s, t)
    if not toks or toks[0].i == 0:
        return None
    before = toks[0].doc[toks[0].i - 1]
    if before.lemma_.lower() in SPEECH_CERTAINTY and before.pos_ in ("VERB", "AUX"):
        return before
    return None


def _dates_statement(s: SentenceParts, t: Timex, verb: Token) -> bool:
    """Whether ``t`` is the date of the speech verb ``verb`` (in its clause, or right after it)."""
    toks = _timex_tokens(s, t)
    before = _speech_verb_before(s, t)
    return any(_clause_head(x).i == verb.i for x in toks) or (before is not None and before.i == verb.i)


def _speech_verb_above(tok: Token, nouns: bool = False) -> Token | None:
    """The nearest speech verb (with ``nouns``, or speech noun: "announcement") the trigger's clause hangs from."""
    return next((a for a in tok.ancestors if (a.lemma_.lower() in SPEECH_CERTAINTY and a.pos_ in ("VERB", "AUX"))
                 or (nouns and a.lemma_.lower() in SPEECH_NOUNS and a.pos_ == "NOUN")), None)


def pick_timex(s: SentenceParts, tok: Token, timexes: list[Timex] | None = None) -> Timex | None:
    """Return the time expression that dates the event of trigger ``tok``, or None.

    Parameters
    ----------
    s : SentenceParts
        The sentence, with its time expressions and its parse.
    tok : spacy.tokens.Token
        The trigger.
    timexes : list of Timex, optional
        The sentence's time expressions read another way (forward, for a planned event);
        default ``s.timexes``.

    Returns
    -------
    Timex or None
    """
    timexes = s.timexes if timexes is None else timexes
    timexes = [t for t in timexes if (_speech_verb_before(s, t) or tok).i == tok.i]  # not another statement's date
    if not timexes:
        return None
    mine = _clause_head(tok)
    if mine.dep_ == "relcl" and any(c.dep_ == "advmod" and c.lower_ == "when" for c in mine.children):
        for t in timexes:  # "Since August 2022, when the president called for war": in August 2022
            if mine.head.i in {x.i for x in _timex_tokens(s, t)}:
                return _the_date_itself(t)
    if tok.pos_ in ("NOUN", "PROPN") and not _carried_out(tok):
        # "mourning for the victims of the Kabul attack declared Tuesday": only the noun's own dates
        inside = {x.i for x in tok.subtree}
        own = [t for t in timexes if any(x.i in inside for x in _timex_tokens(s, t))]
        return min(own, key=lambda t: abs(t.start - (s.start + tok.idx))) if own else None
    own, other = [], []
    for t in timexes:
        toks = _timex_tokens(s, t)
        if not toks:
            continue
        heads = {_clause_head(x).i for x in toks}
        (own if mine.i in heads or tok.i in {x.head.i for x in toks} else other).append(t)
    if own:
        return min(own, key=lambda t: abs(t.start - (s.start + tok.idx)))
    participles = {c.i for c in tok.children if c.dep_ == "advcl" and c.tag_ == "VBG"}
    manner = [t for t in other if any(_clause_head(x).i in participles for x in _timex_tokens(s, t))]
    if manner:  # "rejected the warrant, telling journalists on Wednesday ...": one act, told as it happened
        return min(manner, key=lambda t: abs(t.start - (s.start + tok.idx)))
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        return None  # "schoolgirls kidnapped in Zamfara were freed Tuesday": freed, not kidnapped, on Tuesday
    ancestors = {a.i for a in tok.ancestors}
    above = [t for t in other if any(_clause_head(x).i in ancestors and _clause_head(x).lemma_ not in _SPEECH
                                     for x in _timex_tokens(s, t))]
    if above:  # "On Friday, forces carried out strikes that killed ...": the date of the clause above
        return min(above, key=lambda t: abs(t.start - (s.start + tok.idx)))
    return None


_SPEECH = frozenset(SPEECH_CERTAINTY) | {"warn", "publish", "release"}
"""Verbs whose own date dates a statement, not the event it reports (:data:`.speakers.SPEECH_CERTAINTY`
and the verbs of publishing)."""


REFERENCE_MAX_AGE_DAYS = 7
"""How far before publication the story's reference date may lie to date an undated event."""


def reference_timex(sentences: list[SentenceParts], index: int, published: dt.date | None) -> Timex | None:
    """Return the window of an undated event from the story's reference time, or None.

    News narrates around a reference time (Reichenbach's R; TimeML's anchoring of events to the
    last explicit date): an event told without a date happened between the last day the story named
    up to and including its sentence and the publication date. Only a day or week that lies at
    most :data:`REFERENCE_MAX_AGE_DAYS` before publication counts: a date of background history
    ("in 2017") dates nothing after it.

    Parameters
    ----------
    sentences : list of SentenceParts
    index : int
        The undated event's sentence.
    published : datetime.date or None

    Returns
    -------
    Timex or None
        From the reference day to the publication date, ``time_precision`` 2 (a week or less).
    """
    if published is None:
        return None
    ref = None
    for s in sentences[:index + 1]:
        for t in s.timexes:
            if (t.date_start and t.date_end and not t.future and (t.time_precision or 9) <= 2
                    and (s.index == index or not (t.value or "").endswith("_REF"))  # an earlier "now": no day
                    and t.date_end <= published and (published - t.date_start).days <= REFERENCE_MAX_AGE_DAYS):
                ref = t
    if ref is None:
        return None
    return Timex(-1, -1, ref.text, None, ref.date_start, published, 2)


_ANCHORED = re.compile(
    r"\b(?:the\s+(?P<u1>day|night|week|month|year)\s+(?P<d1>before|after|earlier|later)"
    r"|the\s+(?P<d2>previous|following|next|preceding)\s+(?P<u2>day|night|week|month|year)"
    r"|(?P<n>a|an|one|two|three|four|five|six|seven|several)\s+(?P<u3>day|week|month|year)s?\s+"
    r"(?P<d3>earlier|later|before|after))\b", re.I)
"""Time expressions relative to another event of the story, not to the publication date."""
_STEPS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "several": 3}


def _shift(day: dt.date, unit: str, steps: int) -> tuple[dt.date, dt.date, int]:
    """The window ``steps`` units from ``day`` (negative: before), with its ACLED time precision."""
    if unit in ("day", "night"):
        d = day + dt.timedelta(days=steps)
        return d, d, 1
    if unit == "week":
        d = day + dt.timedelta(days=7 * steps)
        return d - dt.timedelta(days=3), d + dt.timedelta(days=3), 2
    if unit == "month":
        y, m = divmod(day.year * 12 + day.month - 1 + steps, 12)
        first = dt.date(y, m + 1, 1)
        last = (dt.date(y + (m + 1) // 12, (m + 1) % 12 + 1, 1) - dt.timedelta(days=1))
        return first, last, 3
    return dt.date(day.year + steps, 1, 1), dt.date(day.year + steps, 12, 31), 3


def is_anchor_of(s: SentenceParts, tok: Token, timex: Timex) -> bool:
    """Return whether the trigger is the event a relative date counts from, not one it dates.

    In "visited them the day after the 40 were deported" the deporting stands in the clause after
    "after": it anchors "the day after" and is not shifted by it.

    Parameters
    ----------
    s : SentenceParts
    tok : spacy.tokens.Token
        The trigger.
    timex : Timex
        A relative date of the sentence (:func:`anchored_timex`).

    Returns
    -------
    bool
    """
    words = [t for t in _timex_tokens(s, timex) if t.lower_ in ("after", "before")]
    return any(tok.i != w.i and (tok in w.subtree or (w.dep_ == "mark" and w.head.i == tok.i)) for w in words)


def anchored_timex(s: SentenceParts, sentences: list[SentenceParts]) -> Timex | None:
    """Return the window of an expression relative to the story's previous event, or None.

    "The day before", "the following year", "two days later" count from the last date the story
    named before this sentence (the narrative's reference time, as TimeML annotates such
    expressions), not from the publication date.

    Parameters
    ----------
    s : SentenceParts
        The sentence holding the expression.
    sentences : list of SentenceParts
        The article's sentences (the reference date is taken from those before ``s``).

    Returns
    -------
    Timex or None
        None when the sentence has no such expression or the story named no date before it.
    """
    m = _ANCHORED.search(s.text)
    if m is None:
        return None
    unit = (m.group("u1") or m.group("u2") or m.group("u3")).lower()
    ref = None
    for earlier in sentences[:s.index]:
        for t in earlier.timexes:  # a day for days and weeks; any dated span for months and years
            if t.date_start is not None and (t.date_start == t.date_end or unit in ("month", "year")):
                ref = t
    if ref is None:
        return None
    word = (m.group("d1") or m.group("d2") or m.group("d3")).lower()
    steps = _STEPS.get((m.group("n") or "one").lower(), 1)
    sign = -1 if word in ("before", "earlier", "previous", "preceding") else 1
    start, end, precision = _shift(ref.date_start, unit, sign * steps)
    return Timex(s.start + m.start(), s.start + m.end(), m.group(), start.isoformat(), start, end, precision)


def statement_timex(s: SentenceParts, tok: Token) -> Timex | None:
    """Return the date of the statement a refusal or a threat is made in, or None.

    "Last week, President Buhari said his administration will not succumb to pressure": the
    refusal is the saying, so the date of "said" (any precision) is the refusal's.
    """
    verb = _speech_verb_above(tok)
    if verb is None:
        return None
    return next((t for t in s.timexes if not t.future and t.date_end is not None and _dates_statement(s, t, verb)),
                None)


def speech_timex(s: SentenceParts, tok: Token) -> Timex | None:
    """Return the day on which the statement reporting the trigger's clause was made, or None.

    "The army chief said on Saturday his forces had killed 1,000 fighters in the past week": the
    killing is told from Saturday, so Saturday — not the publication date — is the reference time
    of its deictic dates ("in the past week", "yesterday"), and an undated reported act happened on
    or before it (Reichenbach's reference time of reported speech; TimeML anchors such
    expressions to the speech event, not the document creation time).

    Parameters
    ----------
    s : SentenceParts
    tok : spacy.tokens.Token
        The trigger.

    Returns
    -------
    Timex or None
        A past, one-day expression in the clause of the nearest speech verb above the trigger;
        None when no speech verb reports it or that verb has no such date.
    """
    verb = _speech_verb_above(tok, nouns=True)
    if verb is None:
        return None
    own = {c.i for c in verb.children if c.dep_ in ("poss", "compound", "npadvmod", "nmod")}

    def dates_it(t: Timex) -> bool:
        if verb.pos_ == "NOUN":  # "Tuesday's announcement that Ukraine had agreed": the date the noun carries
            return any(x.i in own for x in _timex_tokens(s, t))
        return _dates_statement(s, t, verb)

    return next((t for t in s.timexes if t.time_precision == 1 and not t.future and t.date_start is not None
                 and dates_it(t)), None)


def reanchor_timex(timex: Timex, speech: Timex, published: dt.date | None) -> Timex:
    """Resolve a reported act's date expression again, from the day the statement was made.

    Parameters
    ----------
    timex : Timex
        The act's date, resolved against the publication date.
    speech : Timex
        The statement's day (:func:`speech_timex`).
    published : datetime.date or None

    Returns
    -------
    Timex
        ``timex`` with the window it has seen from ``speech.date_start``; unchanged when it is the
        statement's own date, points forward, or does not resolve again. Explicit dates ("March 3,
        2021") and weekdays before the statement resolve to the same days either way.
    """
    day = speech.date_start
    if timex is speech or timex.future or day is None or (published is not None and day >= published):
        return timex
    again = parse_timexes(timex.text, day)
    if len(again) != 1 or again[0].date_end is None or again[0].future:
        return timex
    t = again[0]
    return replace(timex, value=t.value, date_start=t.date_start, date_end=t.date_end,
                   time_precision=t.time_precision)
