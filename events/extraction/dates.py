"""When: the date expression attached to the trigger in the parse, not the one dating a statement.

"announcing on social media Friday that forces killed him Thursday": Friday dates the
announcement, Thursday the killing. A date is the trigger's when the parse puts it in the
trigger's own clause (not under a speech verb or another clause); otherwise the nearest date in
the sentence that dates no speech verb (:func:`_nearest_timex`).
"""

from __future__ import annotations

from spacy.tokens import Token

from ..dates import Timex
from ..record import SentenceParts, token_distance

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


def pick_timex(s: SentenceParts, tok: Token) -> Timex | None:
    """Return the time expression that dates the event of trigger ``tok``, or None.

    Parameters
    ----------
    s : SentenceParts
        The sentence, with its time expressions and its parse.
    tok : spacy.tokens.Token
        The trigger.

    Returns
    -------
    Timex or None
    """
    if not s.timexes:
        return None
    mine = _clause_head(tok)
    own, other = [], []
    for t in s.timexes:
        toks = _timex_tokens(s, t)
        if not toks:
            continue
        heads = {_clause_head(x).i for x in toks}
        (own if mine.i in heads or tok.i in {x.head.i for x in toks} else other).append(t)
    if own:
        return min(own, key=lambda t: abs(t.start - (s.start + tok.idx)))
    if other:
        clause_heads = {_clause_head(x).i for t in other for x in _timex_tokens(s, t)}
        if mine.i not in clause_heads and all(s.doc.doc[i].lemma_ in _SPEECH for i in clause_heads):
            return None  # every date in the sentence dates a statement
    k = next((k for k, t in enumerate(s.tokens) if t.end > s.start + tok.idx), 0)
    return _nearest_timex(s, k, k + 1)


_SPEECH = frozenset({"say", "tell", "announce", "report", "confirm", "claim", "state", "add", "write", "post",
                     "note", "tweet", "declare", "allege", "accuse", "warn", "share", "publish", "release"})
