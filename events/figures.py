"""Figures: numbers in text with their noun, unit and hedge.

"more than $100 million per month" → 100000000, "USD per month", "more than";
"about 1,000 Wagner fighters killed" → 1000 persons, "approximately", metric fatalities;
"10,000 contractors and 40,000 convicts" after "50,000 personnel, including" → two parts of it.
Vague quantities take the conventional lower bound with a hedge: "dozens" → 24 "at least",
"hundreds" → 200 "at least", "a dozen" → 12 "approximately" (as ACLED codes vague fatality
counts at their lowest defensible number; ACLED Codebook 2023, "Fatalities").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import read_table, split_list

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a hundred": 100, "one hundred": 100, "a thousand": 1000, "one thousand": 1000,
}
VAGUE = {
    "a dozen": (12, "approximately"), "dozens": (24, "at least"), "scores": (40, "at least"),
    "hundreds": (200, "at least"), "thousands": (2000, "at least"), "tens of thousands": (20000, "at least"),
    "several": (3, "at least"), "a few": (2, "at least"),
}
SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "bn": 1e9}
HEDGES = [
    (r"more than|over|in excess of|upwards of", "more than"),
    (r"at least|no fewer than|no less than|a minimum of", "at least"),
    (r"about|around|approximately|roughly|some|an estimated|estimated|nearly|almost|close to|up to an estimated", "approximately"),
    (r"up to", "up to"),
    (r"less than|fewer than|under", "less than"),
    (r"at most|no more than", "at most"),
]
def _count_nouns() -> dict[str, frozenset]:
    """Read ``data/count_nouns.csv``: class (personnel, person, entity, not_counted) -> nouns."""
    return {row["class"]: frozenset(split_list(row["nouns"])) for row in read_table("count_nouns.csv").to_dict("records")}


_NOUNS = _count_nouns()
PERSONNEL_NOUNS = _NOUNS["personnel"]
"""Nouns that count armed personnel ("50,000 personnel", "12 soldiers")."""
PERSON_NOUNS = _NOUNS["personnel"] | _NOUNS["person"]
"""Nouns that count people; a number of them with "killed" or "wounded" is a casualty figure."""
ENTITY_NOUNS = _NOUNS["entity"]
NOT_COUNTED = _NOUNS["not_counted"]
"""Nouns after a number that do not make a figure an analyst wants ("two security sources said")."""
KILLED = r"killed|dead|died|deaths|death|lost their lives|were slain|killing|fatalities|beheaded|executed|massacred|lynched|fatally shot"
INJURED = r"wounded|injured|hurt|injuries"
CURRENCIES = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "dollars": "USD", "euros": "EUR", "pounds": "GBP", "rubles": "RUB", "roubles": "RUB"}

_HEDGE = "|".join(h for h, _ in HEDGES)
_WORDS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_VAGUE = "|".join(sorted(VAGUE, key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?:(?P<hedge>{_HEDGE})\s+)?(?P<cur>US\$|\$|€|£)?\s?"
    rf"(?:(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s*(?:-|to|and)\s*(?P<num2>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?))?"
    rf"|\b(?P<word>{_WORDS})\b|\b(?P<vague>{_VAGUE})\b)"
    rf"(?:\s*(?P<scale>thousand|million|billion|trillion|bn)\b)?"
    rf"(?:\s+(?P<cur2>dollars|euros|pounds|rubles|roubles))?"
    rf"(?P<per>\s+(?:per|a|each)\s+(?P<period>day|week|month|year))?",
    re.I,
)


@dataclass(frozen=True)
class FigureMention:
    """A number found in a sentence.

    Attributes
    ----------
    start, end : int
        Character offsets in the searched text (with ``offset`` added).
    value : float
        The number (the lower bound of a range).
    unit : str
        "persons", "entities", "USD", "USD per month", or the noun that follows.
    qualifier : str
        One of :data:`events.schema.QUALIFIERS`.
    noun : str or None
        The counted noun ("contractors", "people").
    metric : str
        "personnel", "fatalities", "injured", "spending", "money", "count".
    label : str or None
        The noun phrase that says what is counted ("convicts recruited from Russian prisons").
    upper : float or None
        The upper bound of a range.
    """

    start: int
    end: int
    value: float
    unit: str
    qualifier: str
    noun: str | None
    metric: str
    label: str | None
    upper: float | None = None


def _to_number(text: str) -> float:
    return float(text.replace(",", ""))


def _hedge(text: str | None) -> str:
    if not text:
        return "exactly"
    low = text.lower()
    for pattern, name in HEDGES:
        if re.fullmatch(pattern, low):
            return name
    return "exactly"


def parse_figures(sentence: str, offset: int = 0) -> list[FigureMention]:
    """Find the figures of one sentence.

    Parameters
    ----------
    sentence : str
        One sentence.
    offset : int
        Added to the returned character offsets.

    Returns
    -------
    list of FigureMention
        In text order. Years, dates, ordinals and numbers inside names are skipped.

    Examples
    --------
    >>> [(f.value, f.unit, f.qualifier) for f in parse_figures("Prigozhin is spending more than $100 million per month.")]
    [(100000000.0, 'USD per month', 'more than')]
    >>> [(f.value, f.metric, f.qualifier) for f in parse_figures("about 1,000 Wagner fighters killed")]
    [(1000.0, 'fatalities', 'approximately')]
    """
    out = []
    for m in _NUMBER.finditer(sentence):
        g = m.groupdict()
        if not (g["num"] or g["word"] or g["vague"]):
            continue
        before = sentence[max(0, m.start() - 12):m.start()]
        after = sentence[m.end():m.end() + 60]
        if g["num"] and not g["cur"] and re.fullmatch(r"(19|20)\d\d", g["num"]) and not g["scale"]:
            continue  # a year
        if re.match(r"\s*(?:st|nd|rd|th)\b|[-/]\d|\s*(?:percent|%|p\.m\.|a\.m\.|km|kilomet|miles)", after, re.I):
            continue
        if re.search(r"(?:Dec|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov)\.?\s*$|resolution\s*$|No\.\s*$", before, re.I):
            continue
        if g["word"] and g["word"].lower() == "one" and re.match(r"\s+(?:of|another)\b", after) \
                and not re.search(rf"\b(?:{KILLED}|kill)\s*$", sentence[:m.start()], re.I):  # "killed one of their chiefs" counts
            continue
        qualifier = _hedge(g["hedge"])
        if g["vague"]:
            value, vague_q = VAGUE[g["vague"].lower()]
            qualifier = vague_q if qualifier == "exactly" else qualifier
            after_of = re.match(r"\s+of\b", after)
            if after_of:
                after = after[after_of.end():]
        elif g["word"]:
            value = float(NUMBER_WORDS[g["word"].lower()])
        else:
            value = _to_number(g["num"])
        if g["scale"]:
            value *= SCALE[g["scale"].lower()]
        upper = _to_number(g["num2"]) * (SCALE[g["scale"].lower()] if g["scale"] else 1) if g["num2"] else None
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
        if noun in NOT_COUNTED and not currency:
            continue
        metric, unit = "count", noun or "items"
        if currency:
            unit = currency + (f" per {g['period'].lower()}" if g["period"] else "")
            metric = "spending" if re.search(r"spend|fund|pay|paid|cost", sentence, re.I) else "money"
        elif noun in PERSON_NOUNS or noun in ENTITY_NOUNS or (noun and re.search(rf"^[^.;,]*?\b(?:was|were|been)\s+(?:\w+\s+)?(?:{KILLED}|{INJURED})\b", text_after[:80], re.I)):
            unit = "entities" if noun in ENTITY_NOUNS else "persons"
            window = re.split(r"(?<=[.;])\s", text_after, maxsplit=1)[0][:160]
            verb_before = re.search(rf"\b(?:(?P<k>{KILLED}|kill)|(?P<i>{INJURED}|wounding|injuring))(?:\s+of)?\s*(?:about|around|some|at least)?\s*$",
                                    sentence[:m.start()], re.I)
            if verb_before:  # "wounding seven villagers and killing one": the verb before wins
                metric = "fatalities" if verb_before.group("k") else "injured"
            elif re.search(rf"^[^.;]*?\b(?:{KILLED})\b", window, re.I):
                metric = "fatalities"
            elif re.search(rf"^[^.;]*?\b(?:{INJURED})\b", window, re.I):
                metric = "injured"
            elif noun in ENTITY_NOUNS:
                metric = "entities"
            else:
                metric = "personnel" if noun in PERSONNEL_NOUNS else "persons"
        elif re.search(rf"\b(?:{KILLED}|kill)\s*$", sentence[:m.start()], re.I) and not currency:
            unit, metric = "persons", "fatalities"  # "killing at least 31"
        elif re.search(rf"\b(?:{INJURED}|wounding|injuring)\s*$", sentence[:m.start()], re.I) and not currency:
            unit, metric = "persons", "injured"
        elif noun in ("killed", "dead", "died", "death", "deaths", "fatality", "fatalities", "wounded", "injured", "hurt"):
            # "1 killed, three injured", "resulting in 1 death"
            unit, metric = "persons", "injured" if noun in ("wounded", "injured", "hurt") else "fatalities"
        elif noun_match is None and re.match(r"\s+(?:was|were)\s+(?:" + KILLED + "|" + INJURED + ")", after, re.I):
            unit = "persons"
            metric = "fatalities" if re.match(rf"\s+(?:was|were)\s+(?:{KILLED})", after, re.I) else "injured"
        elif noun is None and not currency:
            continue
        label = None
        if noun_match and unit in ("persons", "entities"):
            tail = re.match(r"\s+((?:[\w.-]+\s+){0,1}" + re.escape(noun) + r"(?:\s+(?:recruited|from|of|in)\s+[\w\s]+?)?)(?=[,.;]|\s+(?:and|killed|were|was|in recent|had|have)\b|$)", after, re.I)
            label = (tail.group(1) if tail else noun).strip()
        out.append(FigureMention(offset + m.start(), offset + m.end(), value, unit, qualifier, noun, metric, label, upper))
        another = re.match(rf"\s+[\w\s]{{0,40}}?(?:was|were)\s+(?:{KILLED}|{INJURED})\s+and\s+(another|a second)\s+(?:(?:was|were)\s+)?({KILLED}|{INJURED})\b", sentence[m.end():], re.I)
        if another and unit == "persons":
            second = "fatalities" if re.fullmatch(KILLED, another.group(2), re.I) else "injured"
            s2 = m.end() + another.start(1)
            out.append(FigureMention(offset + s2, offset + m.end() + another.end(1), 1.0, unit, "exactly", noun, second, label))
    out += _implicit_ones(sentence, offset, out)
    return out


_ONE_VICTIM = re.compile(
    r"(?:\b(?P<verb>killed|killing|shot dead|stabbed to death|beat to death|beating to death|murdered|beheaded|executed|"
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
        if any(f.start <= offset + m.end() and start <= f.end + 40 for f in found):
            continue  # a number already counts these victims
        verb = (m.group("verb") or m.group("verb2") or "killed").lower()
        noun = (m.group("noun") or (m.group("noun2") or m.group("noun3") or m.group("noun4") or m.group("noun5")
                                     or m.group("noun6") or m.group("noun7") or "person").split()[-1]).lower()
        metric = "injured" if re.search(INJURED + "|injuring|wounding", verb) else "fatalities"
        out.append(FigureMention(start, offset + m.end(), 1.0, "persons", "exactly", noun, metric, noun))
    return out
