"""Figures: numbers in text with the thing they count, their unit and hedge.

"more than $100 million per month" → 100000000, "USD per month", "more than";
"about 1,000 Wagner fighters killed" → 1000 persons, "approximately", metric fatalities;
"10,000 contractors and 40,000 convicts" after "50,000 personnel, including" → two parts of it.

How a number is read:

- **Digits.** Thousands are grouped by commas, spaces or the no-break and thin spaces of
  typeset copy (U+00A0, U+2009, U+202F): "816 000 people" → 816000. A number above
  :data:`MAX_VALUE` (or above :data:`MAX_PERSONS` people) is not a count and is left out, with a
  note.
- **Ranges.** "between 300 and 500", "300 to 500", "300-500", "300–500": the value is the low end
  (ACLED's conservative rule, "Fatalities": the most conservative estimate), ``low``/``high`` hold
  both ends and the qualifier is :data:`RANGE_QUALIFIER`.
- **Years are not counts.** "in 2014", "since 2019", "the 2012–13 crisis", "2014-2015".
- **Vague counts** ("dozens", "hundreds", "several") take the lowest number the words allow, as
  ACLED codes them (``data/vague_counts.csv`` cites each value); the words stay in ``text``.
- **What is counted** comes from the dependency parse: the noun the number modifies (``nummod``),
  the verb that noun (or the number itself) is an argument of, and its role — "killed 12
  soldiers", "12 soldiers were killed", "at least 5 people died" are fatalities, "wounded 7"
  injured, "200 people attended the rally" participants, "1,500 troops were deployed" personnel
  (:mod:`events.extraction.figure_metrics`, ``data/count_verbs.csv``, ``data/count_nouns.csv``). The
  wording rules of the text-only fallback apply only where the parse attaches the number to
  nothing it knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .figure_metrics import (ENTITY_NOUNS, FATALITY_NOUNS, INJURY_NOUNS, NOT_COUNTED, PERSON_METRICS,
                             PERSON_NOUNS, PERSONNEL_NOUNS, VICTIM_COUNTS, counted_noun, read_metric, span_root)
from ..reference.lexicon import read_table

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a hundred": 100, "one hundred": 100, "a thousand": 1000, "one thousand": 1000,
}
SCALE = {"dozen": 12, "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "bn": 1e9}
HEDGES = [
    (r"more than|over|in excess of|upwards of", "more than"),
    (r"at least|no fewer than|no less than|a minimum of", "at least"),
    (r"about|around|approximately|roughly|some|an estimated|estimated|nearly|almost|close to|up to an estimated", "approximately"),
    (r"up to", "up to"),
    (r"less than|fewer than|under", "less than"),
    (r"at most|no more than", "at most"),
]
RANGE_QUALIFIER = "at least"
"""Qualifier of a range ("between 300 and 500" → 300 "at least", low 300, high 500): the schema's
:data:`events.schema.QUALIFIERS` has no "between", and the low end is what the range guarantees."""

MAX_PERSONS = 10**10
"""No report counts more people than this: the world's population is about 8.1e9 (UN World
Population Prospects 2024). A bigger number of persons is a typo or a code, not a count."""

MAX_VALUE = 10**15
"""No figure is bigger than this (a quadrillion; world GDP is about 1.1e14 USD, World Bank 2023). It
also keeps every value exact as a float and inside the event table's ``Int64``."""


@cache
def _vague_counts() -> dict[str, tuple[float, str]]:
    """Read ``data/vague_counts.csv``: words -> (value, qualifier)."""
    return {row["words"]: (float(row["value"]), row["qualifier"]) for row in read_table("vague_counts.csv").to_dict("records")}


VAGUE = _vague_counts()
"""Vague quantity words → (value, qualifier), after ACLED (``data/vague_counts.csv``)."""
KILLED = r"killed|dead|died|deaths|death|lost their lives|were slain|killing|fatalities|beheaded|executed|massacred|lynched|fatally shot"
INJURED = r"wounded|injured|hurt|injuries"
CURRENCIES = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "dollars": "USD", "euros": "EUR", "pounds": "GBP", "rubles": "RUB", "roubles": "RUB"}

_HEDGE = "|".join(h for h, _ in HEDGES)
_WORDS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_VAGUE = "|".join(re.escape(w) for w in sorted(VAGUE, key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:[,\u00a0\u2009\u202f]\d{3})+(?![\d,])|\d{1,3}(?: \d{3})+(?![\d,.])|\d+(?:\.\d+)?"
_NUMBER = re.compile(
    rf"(?:(?P<hedge>{_HEDGE})\s+)?(?:(?P<between>between|from)\s+)?(?P<cur>US\$|\$|€|£)?\s?"
    rf"(?:(?<![\w.,/\-])(?P<num>{_DIGITS})(?:(?:\s*[-\u2013\u2014]\s*|\s+to\s+|(?(between)\s+and\s+|(?!)))(?P<num2>{_DIGITS}))?"
    rf"|\b(?P<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[-\u2010\u2011 ](?P<ones>one|two|three|four|five|six|seven|eight|nine)\b"
    rf"|\b(?P<word>{_WORDS})\b"
    rf"|\b(?P<vague>{_VAGUE})\b)"
    rf"(?:\s*(?P<scale>dozen|hundred|thousand|million|billion|trillion|bn)\b)?"
    rf"(?:\s+(?P<cur2>dollars|euros|pounds|rubles|roubles))?"
    rf"(?P<per>\s+(?:per|a|each)\s+(?P<period>day|week|month|year))?",
    re.I,
)
_MONTH = (r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b\.?")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_YEAR_CUE = re.compile(r"\b(?:in|since|by|until|till|from|of|before|after|during|to|through|between|and|early|late|mid|summer|winter|spring|autumn|fall)\s*$", re.I)
_CHANGE = re.compile(r"\b(?:rose|risen|rise|rising|climbed|climb|increased|jumped|grew|grown|fell|fallen|dropped|declined|went up|gone up)\b[^.;]{0,40}$", re.I)
@dataclass(frozen=True)
class FigureMention:
    """A number found in a sentence.

    Attributes
    ----------
    start, end : int
        Character offsets in the searched text (with ``offset`` added).
    value : float
        The number (the lower bound of a range; the conventional value of a vague count).
    unit : str
        "persons", "entities", "USD", "USD per month", or the noun that follows.
    qualifier : str
        One of :data:`events.schema.QUALIFIERS`; a range has :data:`RANGE_QUALIFIER`.
    noun : str or None
        The counted noun ("contractors", "people").
    metric : str
        "personnel", "fatalities", "injured", "casualties" (killed or injured), "participants", "arrested", "abducted", "displaced",
        "persons", "entities", "spending", "money" or "count".
    label : str or None
        The noun phrase that says what is counted ("convicts recruited from Russian prisons").
    low, high : float or None
        Both ends of a range ("between 300 and 500" → 300, 500); None for a single number. They
        are what the event table's ``fatalities_low``/``fatalities_high`` hold.
    text : str or None
        The words of the number as written ("between 300 and 500", "dozens").
    """

    start: int
    end: int
    value: float
    unit: str
    qualifier: str
    noun: str | None
    metric: str
    label: str | None
    low: float | None = None
    high: float | None = None
    text: str | None = None

    @property
    def upper(self) -> float | None:
        """The upper bound of a range (the same as ``high``)."""
        return self.high


def _to_number(text: str) -> float:
    return float(re.sub(r"[,\s\u00a0\u2009\u202f]", "", text))


def _hedge(text: str | None) -> str:
    if not text:
        return "exactly"
    low = text.lower()
    for pattern, name in HEDGES:
        if re.fullmatch(pattern, low):
            return name
    return "exactly"


@lru_cache(maxsize=1024)
def _parse(sentence: str):
    """Parse one sentence with the project's spaCy pipeline (once per distinct text)."""
    from .nlp import load_pipeline  # here, so that importing events does not load spaCy

    return load_pipeline()(sentence)


def _text_metric(sentence: str, m, noun: str | None, text_after: str) -> str | None:
    """The text-only fallback: the words around the number decide (used when the parse says nothing)."""
    window = re.split(r"(?<=[.;])\s", text_after, maxsplit=1)[0][:160]
    window = re.split(rf"\d|\b(?:{_WORDS}|{_VAGUE})\b", window, maxsplit=1, flags=re.I)[0]  # up to the next number
    verb_before = re.search(rf"\b(?:(?P<k>{KILLED}|kill)|(?P<i>{INJURED}|wounding|injuring))(?:\s+of)?\s*(?:about|around|some|at least)?\s*$",
                            sentence[:m.start()], re.I)
    if verb_before:  # "wounding seven villagers and killing one": the verb before wins
        return "fatalities" if verb_before.group("k") else "injured"
    if noun in FATALITY_NOUNS:
        return "fatalities"
    if noun in INJURY_NOUNS:
        return "injured"
    if noun is None:  # "12 were killed": only the verb right after a bare number
        after = re.match(rf"\s+(?:was|were|have been|had been)\s+(?:\w+\s+)?(?:(?P<k>{KILLED})|(?P<i>{INJURED}))\b", text_after, re.I)
        return None if after is None else "fatalities" if after.group("k") else "injured"
    if noun in PERSON_NOUNS or noun in ENTITY_NOUNS:
        if re.search(rf"^[^.;]*?\b(?:{KILLED})\b", window, re.I):
            return "fatalities"
        if re.search(rf"^[^.;]*?\b(?:{INJURED})\b", window, re.I):
            return "injured"
    return None


def _not_a_count(sentence: str, m, g, before: str, after: str, parsed) -> bool:
    """Years, year spans, dates, ordinals, percentages, measures and numbers inside names."""
    num = g["num"]
    if num and not g["cur"] and not g["scale"] and _YEAR.fullmatch(num):
        if g["num2"] and re.fullmatch(r"\d\d|(?:1[89]|20)\d\d", g["num2"]):
            return True  # "2012–13", "2014-2015": a span of years
        if _YEAR_CUE.search(before) or not re.match(r"\s+(?:[a-z-]+\s+)?[a-z-]+s\b", after):
            return True
        tokens, base = parsed()
        root = span_root(tokens, base, m.start("num"), m.end("num"))
        if root is None or not (root.dep_ == "nummod" and root.head.tag_ == "NNS"):
            return True  # "2000 people attended" counts; "the 2014 election" is a year
    if re.match(r"\s*(?:st|nd|rd|th)\b|[-/]\d|\s*(?:per ?cent|percent|%|p\.m\.|a\.m\.|km|kilomet|miles|mm\b|cm\b|kg\b|metres|meters|tons|tonnes|degrees)", after, re.I):
        return True
    if re.match(r"[A-Za-z]", after) and not (g["scale"] or g["cur"] or g["cur2"] or g["per"]):
        return True  # "1e400", "the 3R group", "in his 20s": a code, a name or a decade, not a count
    if re.match(rf"\s*{_MONTH}", after):
        return True  # "9 May 2020": a day of the month
    if re.match(r"[-\u2011](?!strong\b)[a-z]", after, re.I):
        return True  # "a 15-year-old", "a 24-hour curfew"
    if re.search(rf"{_MONTH}\s*$", before) and not (num and " " in num):
        return True  # "May 5": a day ("May 5 300 people" keeps its 300)
    if re.search(r"\b(?:resolution|No\.|Article)\s*$", before, re.I) or re.search(r"\bno\s*$", before, re.I):
        return True  # "Resolution 2254"; "no one was hurt"
    name = re.search(r"\b([A-Z][A-Za-z]+)\s+$", sentence[:m.start() + len(m.group()) - len(m.group().lstrip())])
    if name and not g["hedge"] and not g["between"] and not re.fullmatch(_MONTH, name.group(1)) \
            and re.search(r"[\w,)]\s*$", sentence[:name.start()]):
        return True  # "Highway 7", "Gate 4", "Sector 12": a number inside a name (not the sentence's first word)
    if g["word"] and g["word"].lower() == "one" and re.match(r"\s+(?:of|another)\b", after) \
            and not re.search(rf"\b(?:{KILLED}|kill)\s*$", sentence[:m.start()], re.I):  # "killed one of their chiefs" counts
        return True
    return False


def parse_figures(sentence: str, offset: int = 0, doc=None, notes: list[str] | None = None) -> list[FigureMention]:
    """Find the figures of one sentence.

    Parameters
    ----------
    sentence : str
        One sentence.
    offset : int
        Added to the returned character offsets.
    doc : spacy.tokens.Doc or spacy.tokens.Span, optional
        The sentence already parsed by :func:`events.extraction.nlp.load_pipeline` (a Span of a
        parsed article, or a Doc of the sentence); its text must hold ``sentence``. When not given
        (or of another text), the sentence is parsed here, once, and only if it holds a number
        that the text alone cannot rule out.
    notes : list of str, optional
        Receives one line per number left out as implausible ("99999999999999999999 people").

    Returns
    -------
    list of FigureMention
        In text order. Years, year spans, dates, ordinals, measures, numbers inside names and
        numbers beyond :data:`MAX_VALUE` / :data:`MAX_PERSONS` are skipped.

    Notes
    -----
    Vague counts and ranges follow ACLED's conservative rule ("Fatalities", ACLED, 2023, updated
    2024: "dozens" 12, "hundreds" 100, the lowest of several estimates); see ``data/vague_counts.csv``.

    Examples
    --------
    >>> [(f.value, f.unit, f.qualifier) for f in parse_figures("Prigozhin is spending more than $100 million per month.")]
    [(100000000.0, 'USD per month', 'more than')]
    >>> [(f.value, f.metric, f.qualifier) for f in parse_figures("about 1,000 Wagner fighters killed")]
    [(1000.0, 'fatalities', 'approximately')]
    >>> [(f.value, f.metric) for f in parse_figures("More than 200 people attended the rally.")]
    [(200.0, 'participants')]
    >>> [(f.low, f.high, f.qualifier) for f in parse_figures("Between 300 and 500 fighters attacked the town.")]
    [(300.0, 500.0, 'at least')]
    """
    given = None
    if doc is not None and (inside := doc.text.find(sentence)) >= 0:  # the same sentence, perhaps with spaces around it
        given = (list(doc), (doc.start_char if hasattr(doc, "start_char") else 0) + inside)

    def parsed() -> tuple[list, int]:
        """The sentence's tokens and the offset of its first character, parsed at most once."""
        nonlocal given
        if given is None:
            given = (list(_parse(sentence)), 0)
        return given

    out = []
    for m in _NUMBER.finditer(sentence):
        g = m.groupdict()
        if not (g["num"] or g["tens"] or g["word"] or g["vague"]):
            continue
        start = m.start() + len(m.group()) - len(m.group().lstrip())
        if g["between"] and not g["num2"]:  # "from 35 countries", "between two rivals": not a range
            start = m.start("cur") if g["cur"] else m.start("num") if g["num"] else m.start("tens") if g["tens"] else m.start("word") if g["word"] else m.start("vague")
        before = sentence[max(0, start - 20):start]
        after = sentence[m.end():m.end() + 60]
        if _not_a_count(sentence, m, g, before, after, parsed):
            continue
        num, num2 = g["num"], g["num2"]
        if num and " " in num and re.search(rf"{_MONTH}\s*$", before):
            num = num.split(" ", 1)[1]  # "on May 5 300 people": the day is not part of the number
        qualifier = _hedge(g["hedge"])
        low = high = None
        if g["vague"]:
            value, vague_q = VAGUE[g["vague"].lower()]
            qualifier = vague_q if qualifier == "exactly" else qualifier
            after_of = re.match(r"\s+of\b", after)
            if after_of:
                after = after[after_of.end():]
        elif g["tens"]:
            value = float(NUMBER_WORDS[g["tens"].lower()] + NUMBER_WORDS[g["ones"].lower()])  # "twenty-five"
        elif g["word"]:
            value = float(NUMBER_WORDS[g["word"].lower()])
        else:
            value = _to_number(num)
        scale = SCALE[g["scale"].lower()] if g["scale"] else 1
        value *= scale
        if num2:
            second = _to_number(num2) * scale
            if g["between"] and g["between"].lower() == "from" and _CHANGE.search(sentence[:start]):
                value, start = second, m.start("num2")  # "rose from 20 to 30": the new figure
            elif second <= value:
                continue  # "4-3": a score, not a range
            else:
                low, high = value, second
                qualifier = qualifier if qualifier != "exactly" else RANGE_QUALIFIER
        currency = CURRENCIES.get((g["cur"] or g["cur2"] or "").lower())
        noun_match = re.match(r"\s+(?:of\s+the\s+|of\s+)?((?:[A-Z][\w.-]*\s+)*[a-z][a-z-]*)", after)
        noun = None
        if noun_match:
            words = noun_match.group(1).split()
            noun = words[-1].lower()
            following = re.match(r"\s+([a-z][a-z-]*)(?:\s+([a-z][a-z-]*))?", after[noun_match.end():])
            for word in (following.groups() if following else ()):
                if word and noun not in PERSON_NOUNS | ENTITY_NOUNS and word in PERSON_NOUNS | ENTITY_NOUNS | NOT_COUNTED:
                    noun = word  # "two security sources", "three armed men": the head comes later
                    break
        text_after = sentence[m.end():]
        metric, unit = "count", noun or "items"
        if currency:
            unit = currency + (f" per {g['period'].lower()}" if g["period"] else "")
            metric = "spending" if re.search(r"spend|fund|pay|paid|cost", sentence, re.I) else "money"
        else:
            tokens, base = parsed()
            root = span_root(tokens, base, m.start("num") if num else start, m.end("num2") if num2 else m.end())
            counted = counted_noun(root) if root is not None else None
            if counted is not None and counted.pos_ in ("NOUN", "ADJ", "VERB"):
                noun = counted.lower_
            elif root is not None and noun not in PERSON_NOUNS | ENTITY_NOUNS | NOT_COUNTED | FATALITY_NOUNS | INJURY_NOUNS:
                noun = None  # "rose to 30 on Friday": the next word is not what is counted
            metric, unit = "count", noun or "items"
            found = read_metric(root) if root is not None else None
            if found is None:
                found = _text_metric(sentence, m, noun, text_after)
            if noun in NOT_COUNTED and found not in PERSON_METRICS:
                continue
            if found in PERSON_METRICS:
                metric, unit = found, "entities" if noun in ENTITY_NOUNS else "persons"
            elif noun in ENTITY_NOUNS:
                metric, unit = "entities", "entities"
            elif noun in PERSONNEL_NOUNS:
                metric, unit = "personnel", "persons"
            elif noun in PERSON_NOUNS:
                metric, unit = "persons", "persons"
            elif noun is None:
                continue
        limit = MAX_PERSONS if unit in ("persons", "entities") else MAX_VALUE
        if max(value, high or 0) > limit:
            if notes is not None:
                notes.append(f"'{sentence[m.start():m.end()].strip()}' is not a plausible count (above {limit:.0e}): left out")
            continue
        label = None
        if noun_match and unit in ("persons", "entities") and noun:
            tail = re.match(r"\s+((?:[\w.-]+\s+){0,1}" + re.escape(noun) + r"(?:\s+(?:recruited|from|of|in)\s+[\w\s]+?)?)(?=[,.;]|\s+(?:and|killed|were|was|in recent|had|have)\b|$)", after, re.I)
            label = (tail.group(1) if tail else noun).strip()
        if g["vague"] and unit in ("persons", "entities"):
            joiner = " of " if re.match(r"\s+of\b", sentence[m.end():]) else " "
            words = g["vague"].lower() + (f" {g['scale'].lower()}" if g["scale"] else "")
            label = f"{words}{joiner}{label or noun}" if (label or noun) else words
        if high is not None and label:
            label = f"{label} ({low:,.0f}\u2013{high:,.0f})"  # the figure table has no low/high columns
        out.append(FigureMention(offset + start, offset + m.end(), value, unit, qualifier, noun, metric, label, low, high,
                                 sentence[start:m.end()].strip()))
        another = re.match(rf"\s+[\w\s]{{0,40}}?(?:was|were)\s+(?:{KILLED}|{INJURED})\s+and\s+(another|a second)\s+(?:(?:was|were)\s+)?({KILLED}|{INJURED})\b", sentence[m.end():], re.I)
        if another and unit == "persons":
            second_metric = "fatalities" if re.fullmatch(KILLED, another.group(2), re.I) else "injured"
            s2 = m.end() + another.start(1)
            out.append(FigureMention(offset + s2, offset + m.end() + another.end(1), 1.0, unit, "exactly", noun, second_metric, label))
    out += _implicit_ones(sentence, offset, out)
    return out


_ONE_VICTIM = re.compile(
    r"(?:\b(?P<verb>killed|killing|shot dead|stabbed to death|beat to death|beating to death|murdered|beheaded|executed|"
    r"assassinated|assassinating|slew|"
    r"fatally shot|fatally stabbed|lynched|wounded|wounding|injured|injuring)\s+"
    r"(?:a|an|the)\s+(?:(?:young|old|local|former|prominent|senior|suspected|unidentified|[a-z]+-year-old)\s+){0,3}(?P<noun>[a-z][\w-]*)\b(?!\s+of\s+(?:two|three|four|five|\d))"
    r"|(?:^|[,;]\s*|\b(?:and|when|after)\s+|\d{4},\s+)(?:a|an|one)\s+(?P<noun2>[\w-]+(?:\s+[\w-]+){0,6}?)\s+(?:was|is)\s+(?:\w+\s+)?"
    r"(?P<verb2>killed|shot dead|found dead|found killed|beaten to death|stabbed to death|shot to death|murdered|wounded|injured|shot and killed|shot and injured|shot and died))"
    r"|\b(?:the\s+|a\s+)?(?:dead\s+)?body\s+of\s+(?:an?\s+)?(?P<noun3>[\w-]+(?:\s+[\w-]+){0,3}?)\s+(?:was|has been)\s+found"
    r"|\b(?:a|an|one)\s+(?P<noun4>[\w-]+)'s\s+body\s+(?:was|has been)\s+found"
    r"|\ba\s+dead\s+body\b"
    r"|\bthe\s+(?P<noun5>man|woman|victim|boy|girl|child|driver|officer|soldier)\s+(?P<verb5>died|was killed)\b"
    r"|\b(?:killing|murder|death)\s+of\s+(?:a|an|one|the)\s+(?:[\w-]+\s+){0,4}?(?P<noun6>commander|leader|chief|man|woman|"
    r"soldier|officer|civilian|driver|journalist|member|head|child|boy|girl|person)\b"
    r"|\b(?:stabbed|beat|beaten|hacked|burned|shot|tortured)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?(?P<noun7>[a-z][\w-]*)\s+to\s+death\b",
    re.I)
"""Singular victims written without a number."""


def _implicit_ones(sentence: str, offset: int, found: list[FigureMention]) -> list[FigureMention]:
    """Singular victims without a number: "killed a civilian", "a man was found dead" → 1."""
    out = []
    for m in _ONE_VICTIM.finditer(sentence):
        start = offset + m.start()
        if any(f.start <= offset + m.end() and start <= f.end + 40 and f.metric in VICTIM_COUNTS for f in found):
            continue  # a number already counts these victims (a count of the attackers does not)
        verb = (m.group("verb") or m.group("verb2") or "killed").lower()
        noun = (m.group("noun") or (m.group("noun2") or m.group("noun3") or m.group("noun4") or m.group("noun5")
                                     or m.group("noun6") or m.group("noun7") or "person").split()[-1]).lower()
        metric = "injured" if re.search(INJURED + "|injuring|wounding", verb) else "fatalities"
        out.append(FigureMention(start, offset + m.end(), 1.0, "persons", "exactly", noun, metric, noun))
    return out
