"""Date expressions: find them in text and resolve them against the publication date.

A resolved expression is an inclusive window ``[date_start, date_end]`` with ACLED's
``time_precision`` (1 a day, 2 a week, 3 a month or vaguer) and a TIMEX3-style ``value``
("2022-12-21", "2022-W51", "2022-11", "2022"; None for vague spans such as "in recent weeks").

Rules (news reporting conventions, as in TimeML/TempEval-3 and HeidelTime's news domain):

- a bare weekday, month or day-month refers to the most recent such day on or before the
  publication date ("on Thursday" in a Thursday paper is that day), unless "next"/"coming"
  points forward;
- vague past spans end on the publication date: "in recent weeks" is the six weeks before it
  (but "in the past week", one unit, is the seven days before it),
  "for months" the six months before it, "since March" from 1 March to it;
- forward-looking spans ("next week", "in the weeks ahead") are flagged ``future`` so that the
  event they date is coded ``planned``, never dated as done.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..schema import TimePrecision

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "a few": 3, "few": 3,
}
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
RECENT_SPAN_DAYS = {"day": 7, "week": 42, "month": 183, "year": 730}
"""How far back "recent days/weeks/months/years" and "for days/weeks/..." reach, in days."""

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_MONTH2 = _MONTH.replace("?P<month>", "?P<month2>")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = _DAY.replace("?P<day>", "?P<day2>")
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_NO_OTHER_YEAR = r"(?!(?:,?\s+[0-3]?\d(?:st|nd|rd|th)?)?,?\s+(?:of\s+)?\d{4,})"
"""After a day and month without a year we can read: no 4-digit-or-longer number may follow, for
that is a year outside 1900-2099 ("12 March 9999"), which must not become the publication year."""
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_NUM = r"(?P<num>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few)"
_UNIT = r"(?P<unit>day|week|month|year)s?"

_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)"),
    ("month_day_year", rf"{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?(?![\d:]){_NO_OTHER_YEAR}"),
    ("day_month_year", rf"{_DAY2}\s+{_MONTH2}(?:,?\s+{_YEAR})?{_NO_OTHER_YEAR}"),
    ("weekday", rf"(?P<rel>last|this|next|on|early on|late on|early|late)?\s*{_WEEKDAY}{_PART}"),
    ("deictic", r"(?P<word>today|yesterday|tomorrow|tonight|last night|this (?:morning|afternoon|evening))"),
    ("ago", rf"{_NUM}\s+{_UNIT}\s+ago"),
    ("recent", r"(?:(?:in|over|during)\s+(?:the\s+)?(?P<rword>recent|past|last)\s+(?P<few>few\s+|several\s+)?|recent\s+)"
               r"(?P<unit>day|week|month|year)(?P<plural>s)?(?!['\u2019]s)"),  # "over last month's X": that month
    ("past_n", rf"(?:in|over|during|for)\s+the\s+(?:past|last)\s+{_NUM}\s+{_UNIT}"),
    ("for_span", rf"for\s+(?:several\s+|many\s+)?{_UNIT}"),
    ("ahead", rf"(?:in\s+)?the\s+(?:(?:coming|next|following)\s+(?:few\s+)?{_UNIT}|{_UNIT.replace('unit', 'unit2')}\s+ahead)"),
    ("day_of_month", r"the\s+(?P<oday>[0-3]?\d)(?:st|nd|rd|th)\s+of\s+(?P<orel>last|this|next)\s+month"),
    ("relative", r"(?P<rel>last|this|next|past|previous|earlier this|later this|early this|late last|earlier last)\s+(?P<unit>week|month|year)"),
    ("since", rf"since\s+(?:(?:early|mid|late)[- ])?(?:{_MONTH}(?:\s+{_YEAR})?{_NO_OTHER_YEAR}|{_YEAR.replace('year', 'syear')})"),
    ("month_year", rf"(?:(?P<mod>early|mid|late)[- ])?{_MONTH}(?:\s+(?:of\s+)?{_YEAR})?{_NO_OTHER_YEAR}"),
    ("quarter", r"(?:(?:the|its|their)\s+)?(?:(?P<qyear>(?:19|20)\d\d)\s+)?(?:fiscal\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter(?:\s+of\s+(?P<qyear2>(?:19|20)\d\d))?"),
    ("this_quarter", r"(?:the|this|its)\s+(?:(?P<qrel>current|latest|past|last|previous|most recent|same)\s+)?(?:quarter|period)"),
    ("year_ago", r"(?:the\s+)?(?:a\s+year\s+(?:ago|earlier)|year[- ](?:ago|earlier))"),
    ("season", r"(?P<sdet>the|this|last|next|in)\s+(?P<season>spring|summer|fall|autumn|winter)(?:\s+of\s+(?P<syear>(?:19|20)\d\d))?"),
    ("fiscal_year", r"fiscal\s+(?P<fyear>(?:19|20)\d\d)|the\s+(?P<pyear>(?:19|20)\d\d)\s+(?:period|fiscal year)"),
    ("ref", r"(?P<ref>now|currently|current|recently|lately|nowadays|in the future|the future|in the past|formerly)"),
    ("year", rf"(?P<prep>in|since|by|during|of|until|from|before|after)\s+{_YEAR}(?![\d-])"),
    ("bare_year", r"(?<![\d,.$])(?P<byear>(?:19|20)\d\d)(?![\d%])"),
]

QUARTER_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "fall": ("FA", 9), "autumn": ("FA", 9), "winter": ("WI", 12)}
REFS = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF", "nowadays": "PRESENT_REF",
        "recently": "PAST_REF", "lately": "PAST_REF", "in the past": "PAST_REF", "formerly": "PAST_REF",
        "in the future": "FUTURE_REF", "the future": "FUTURE_REF"}
_FUTURE_CUES = re.compile(r"\b(will|would|shall|next|expected|expects|scheduled|due|plans?|planned|planning|to be held|set to|until|upcoming|coming)\b", re.I)

_COMPILED = [(kind, re.compile(rf"\b(?:{pattern})\b", re.I)) for kind, pattern in _PATTERNS]


def _matches(text: str):
    """Yield (kind, match) for the longest non-overlapping expressions, in text order."""
    found = [(m.start(), -(m.end() - m.start()), rank, kind, m)
             for rank, (kind, rx) in enumerate(_COMPILED) for m in rx.finditer(text)
             if m.end() > m.start()]
    found.sort(key=lambda f: (f[0], f[1], f[2]))
    last_end = -1
    for start, _, _, kind, m in found:
        if start >= last_end:
            last_end = m.end()
            yield kind, m


@dataclass(frozen=True)
class Timex:
    """A date expression found in text.

    Attributes
    ----------
    start, end : int
        Character offsets in the searched text (``end`` exclusive).
    text : str
        The expression as written.
    value : str or None
        TIMEX3-style value ("2022-12-21", "2022-W51", "2022-11", "2022"), None when vague or unresolved.
    date_start, date_end : datetime.date or None
        Inclusive window; ``date_start`` None means "some time before ``date_end``".
    time_precision : int or None
        ACLED time precision (1 day, 2 week, 3 month or vaguer).
    future : bool
        The expression points after the publication date (the event is planned).
    reason : str or None
        Why the expression is unresolved (e.g. no publication date).
    """

    start: int
    end: int
    text: str
    value: str | None
    date_start: dt.date | None
    date_end: dt.date | None
    time_precision: int | None
    future: bool = False
    reason: str | None = None


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _months_back(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(y, m + 1, min(day.day, _month_end(y, m + 1).day))


def _week_value(day: dt.date) -> str:
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def _num(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word, 1)


def _recent_month(month: int, pub: dt.date) -> int:
    """Year of the most recent ``month`` on or before ``pub``'s month."""
    return pub.year if month <= pub.month else pub.year - 1


Window = tuple[dt.date | None, dt.date | None, int, str | None, bool]


def _resolve(kind: str, g: dict, pub: dt.date) -> Window | None:
    """Resolve one matched expression; return (start, end, precision, value, future)."""
    day_p, week_p, vague_p = TimePrecision.DAY, TimePrecision.WEEK, TimePrecision.MONTH_OR_VAGUER
    if kind == "iso":
        d = dt.date(int(g["y"]), int(g["m"]), int(g["d"]))
        return d, d, day_p, d.isoformat(), d > pub
    if kind in ("month_day_year", "day_month_year"):
        month = MONTHS[(g.get("month") or g.get("month2")).lower().rstrip(".")]
        day = int(g.get("day") or g.get("day2"))
        year = int(g["year"]) if g.get("year") else None
        if year is None:
            year = pub.year if (month, day) <= (pub.month, pub.day) else pub.year - 1
            if g.get("_forward") and dt.date(year, month, day) < pub:
                year += 1
        d = dt.date(year, month, day)
        return d, d, day_p, d.isoformat(), d > pub
    if kind == "day_of_month":  # "on the 1st of last month": one day, not the month
        first = dt.date(pub.year, pub.month, 1)
        if g["orel"].lower() == "last":
            first = _months_back(first, 1)
        elif g["orel"].lower() == "next":
            first = _month_end(pub.year, pub.month) + dt.timedelta(days=1)
        d = first.replace(day=int(g["oday"]))
        return d, d, day_p, d.isoformat(), d > pub
    if kind == "weekday":
        wd = WEEKDAYS[g["weekday"].lower()]
        rel = (g.get("rel") or "").lower()
        if rel == "next":
            d = pub + dt.timedelta(days=(wd - pub.weekday()) % 7 or 7)
            return d, d, day_p, d.isoformat(), True
        if g.get("_forward") and rel != "last":  # "will meet on Wednesday": the coming one
            d = pub + dt.timedelta(days=(wd - pub.weekday()) % 7)
            return d, d, day_p, d.isoformat(), d > pub
        back = (pub.weekday() - wd) % 7
        if rel == "last" and back == 0:
            back = 7
        d = pub - dt.timedelta(days=back)
        return d, d, day_p, d.isoformat(), False
    if kind == "deictic":
        word = g["word"].lower()
        if word == "tomorrow":
            d = pub + dt.timedelta(days=1)
            return d, d, day_p, d.isoformat(), True
        d = pub - dt.timedelta(days=1) if word in ("yesterday", "last night") else pub
        return d, d, day_p, d.isoformat(), False
    if kind == "ago":
        unit, n = g["unit"].lower(), _num(g["num"])
        if unit == "day":
            d = pub - dt.timedelta(days=n)
            return d, d, day_p, d.isoformat(), False
        if unit == "week":
            d = pub - dt.timedelta(weeks=n)
            monday = d - dt.timedelta(days=d.weekday())
            return monday, monday + dt.timedelta(days=6), week_p, _week_value(d), False
        if unit == "month":
            d = _months_back(pub, n)
            return d.replace(day=1), _month_end(d.year, d.month), vague_p, f"{d:%Y-%m}", False
        if n == 1 and g.get("_last_quarter"):
            year, q = g["_last_quarter"]
            return _quarter(year - 1, q, pub)  # "profit rose in the third quarter from a year ago"
        y = pub.year - n
        return dt.date(y, 1, 1), dt.date(y, 12, 31), vague_p, str(y), False
    if kind == "recent" and not g.get("plural") and not g.get("few") and (g.get("rword") or "").lower() in ("past", "last"):
        days = UNIT_DAYS[g["unit"].lower()]  # "in the past week": the seven days before, not "recent weeks"
        return pub - dt.timedelta(days=days), pub, 2 if days <= 7 else vague_p, None, False
    if kind in ("recent", "for_span"):
        span = RECENT_SPAN_DAYS[g["unit"].lower()]
        return pub - dt.timedelta(days=span), pub, vague_p, None, False
    if kind == "past_n":
        days = _num(g["num"]) * UNIT_DAYS[g["unit"].lower()]
        return pub - dt.timedelta(days=days), pub, vague_p, None, False
    if kind == "ahead":
        span = RECENT_SPAN_DAYS[(g.get("unit") or g["unit2"]).lower()]
        return pub + dt.timedelta(days=1), pub + dt.timedelta(days=span), vague_p, None, True
    if kind == "relative":
        if g["unit"].lower() == "year" and g["rel"].lower() == "last" and g.get("_last_quarter"):
            year, q = g["_last_quarter"]
            return _quarter(year - 1, q, pub)  # in a story about a quarter, "last year" is that quarter
        return _resolve_relative(g["rel"].lower(), g["unit"].lower(), pub)
    if kind == "since":
        if g.get("syear"):
            start = dt.date(int(g["syear"]), 1, 1)
        else:
            month = MONTHS[g["month"].lower().rstrip(".")]
            year = int(g["year"]) if g.get("year") else _recent_month(month, pub)
            start = dt.date(year, month, 1)
        return (start, pub, vague_p, None, False) if start <= pub else None
    if kind == "month_year":
        month = MONTHS[g["month"].lower().rstrip(".")]
        year = int(g["year"]) if g.get("year") else _recent_month(month, pub)
        if not g.get("year") and g.get("_forward"):
            year = pub.year if month >= pub.month else pub.year + 1
        start, end = dt.date(year, month, 1), _month_end(year, month)
        mod = (g.get("mod") or "").lower()
        if mod == "early":
            end = dt.date(year, month, 10)
        elif mod == "mid":
            start, end = dt.date(year, month, 11), dt.date(year, month, 20)
        elif mod == "late":
            start = dt.date(year, month, 21)
        future = start > pub
        return start, end if future else min(end, pub), vague_p, f"{year}-{month:02d}", future
    if kind == "quarter":
        q = QUARTER_WORDS[g["q"].lower()]
        year = int(g.get("qyear") or g.get("qyear2") or 0) or None
        if year is None:
            year = pub.year if dt.date(pub.year, 3 * q - 2, 1) <= pub or g.get("_forward") else pub.year - 1
        return _quarter(year, q, pub)
    if kind == "this_quarter":
        rel = (g.get("qrel") or "").lower()
        if g.get("_last_quarter") and rel in ("", "same"):
            year, q = g["_last_quarter"]
            return _quarter(year, q, pub)
        year, q = pub.year, (pub.month - 1) // 3 + 1
        if rel in ("latest", "past", "last", "previous", "most recent"):
            year, q = (year, q - 1) if q > 1 else (year - 1, 4)
        return _quarter(year, q, pub)
    if kind == "year_ago":
        if g.get("_last_quarter") and not g.get("_adjectival"):
            year, q = g["_last_quarter"]
            return _quarter(year - 1, q, pub)
        y = pub.year - 1
        return dt.date(y, 1, 1), dt.date(y, 12, 31), vague_p, str(y), False
    if kind == "season":
        code, first_month = SEASONS[g["season"].lower()]
        det = g["sdet"].lower()
        year = int(g["syear"]) if g.get("syear") else pub.year
        if not g.get("syear"):
            if det == "last" or (det != "next" and dt.date(year, first_month, 1) > pub and not g.get("_forward")):
                year -= 1
            elif det == "next":
                year += 1 if dt.date(year, first_month, 1) <= pub else 0
        start = dt.date(year, first_month, 1)
        end = _month_end(year + (first_month == 12), (first_month + 1) % 12 + 1)
        return start, min(end, max(pub, start)) if start <= pub else end, vague_p, f"{year}-{code}", start > pub
    if kind == "fiscal_year":
        y = int(g.get("fyear") or g["pyear"])
        return dt.date(y, 1, 1), min(dt.date(y, 12, 31), max(pub, dt.date(y, 1, 1))), vague_p, str(y), dt.date(y, 1, 1) > pub
    if kind == "ref":
        ref = REFS[g["ref"].lower()]
        if ref == "PRESENT_REF":
            return pub, pub, day_p, ref, False
        if ref == "PAST_REF":
            return None, pub, vague_p, ref, False
        return pub + dt.timedelta(days=1), None, vague_p, ref, True
    if kind == "bare_year":
        y = int(g["byear"])
        start = dt.date(y, 1, 1)
        return start, min(dt.date(y, 12, 31), max(pub, start)), vague_p, str(y), start > pub
    if kind == "year":
        y = int(g["year"])
        if g["prep"].lower() == "since":
            return dt.date(y, 1, 1), pub, vague_p, None, False
        start = dt.date(y, 1, 1)
        return start, min(dt.date(y, 12, 31), max(pub, start)), vague_p, str(y), start > pub
    return None


def _quarter(year: int, q: int, pub: dt.date) -> Window:
    start = dt.date(year, 3 * q - 2, 1)
    end = _month_end(year, 3 * q)
    future = start > pub
    return start, end if future else min(end, pub), TimePrecision.MONTH_OR_VAGUER, f"{year}-Q{q}", future


def _resolve_relative(rel: str, unit: str, pub: dt.date) -> Window:
    vague_p, week_p = TimePrecision.MONTH_OR_VAGUER, TimePrecision.WEEK
    if unit == "week":
        monday = pub - dt.timedelta(days=pub.weekday())
        if rel in ("last", "past", "previous"):
            s = monday - dt.timedelta(days=7)
            return s, s + dt.timedelta(days=6), week_p, _week_value(s), False
        if rel == "next":
            s = monday + dt.timedelta(days=7)
            return s, s + dt.timedelta(days=6), week_p, _week_value(s), True
        if rel.startswith("later"):
            return pub + dt.timedelta(days=1), monday + dt.timedelta(days=6), week_p, _week_value(pub), True
        end = pub - dt.timedelta(days=1) if rel.startswith("earlier") and pub > monday else pub
        return monday, end, week_p, _week_value(pub), False
    if unit == "month":
        first = pub.replace(day=1)
        if rel in ("last", "past", "previous", "late last", "earlier last"):
            prev = _months_back(first, 1)
            return prev, _month_end(prev.year, prev.month), vague_p, f"{prev:%Y-%m}", False
        if rel == "next":
            nxt = _month_end(pub.year, pub.month) + dt.timedelta(days=1)
            return nxt, _month_end(nxt.year, nxt.month), vague_p, f"{nxt:%Y-%m}", True
        if rel.startswith("later"):
            return pub + dt.timedelta(days=1), _month_end(pub.year, pub.month), vague_p, f"{pub:%Y-%m}", True
        end = pub - dt.timedelta(days=1) if rel.startswith("earlier") and pub > first else pub
        return first, end, vague_p, f"{pub:%Y-%m}", False
    y = pub.year
    if rel in ("last", "past", "previous", "late last", "earlier last"):
        return dt.date(y - 1, 1, 1), dt.date(y - 1, 12, 31), vague_p, str(y - 1), False
    if rel == "next":
        return dt.date(y + 1, 1, 1), dt.date(y + 1, 12, 31), vague_p, str(y + 1), True
    if rel.startswith("later"):
        return pub + dt.timedelta(days=1), dt.date(y, 12, 31), vague_p, str(y), True
    return dt.date(y, 1, 1), pub, vague_p, str(y), False


_LOWER_MONTH_WORDS = {"may", "mar", "march", "jan", "sep", "oct", "dec", "aug", "jun", "jul"}


def _is_false_month(kind: str, g: dict, text: str) -> bool:
    """A lower-case 'may'/'march' is a verb or noun, not a month."""
    if kind not in ("month_year", "month_day_year", "day_month_year", "since"):
        return False
    m = g.get("month") or g.get("month2")
    return bool(m) and m[0].islower() and m.lower().rstrip(".") in _LOWER_MONTH_WORDS | set(MONTHS)


def _future_context(text: str, start: int) -> bool:
    """Whether the clause before position ``start`` speaks of the future ("will expire in August")."""
    clause_start = max(text.rfind(".", 0, start), text.rfind(";", 0, start), text.rfind("\n", 0, start)) + 1
    return bool(_FUTURE_CUES.search(text[clause_start:start]))


def parse_timexes(text: str, published: dt.date | None, offset: int = 0, forward: bool = False) -> list[Timex]:
    """Find and resolve the date expressions of a text.

    Parameters
    ----------
    text : str
        Any text (a sentence or a whole article).
    published : datetime.date or None
        The publication date every relative expression is resolved against. Without it,
        expressions are returned unresolved, with a ``reason``; explicit full dates still resolve.
    offset : int
        Added to every start/end (so offsets can index into a larger text).
    forward : bool
        Read every expression as pointing forward, as for a planned event ("travels to Canada on
        Wednesday": the coming Wednesday), not only those after a future cue.

    Returns
    -------
    list of Timex
        In text order, not overlapping.

    Examples
    --------
    >>> [(t.text, str(t.date_start), t.time_precision) for t in parse_timexes(
    ...     "Rebels attacked on Wednesday.", dt.date(2022, 12, 22))]
    [('on Wednesday', '2022-12-21', 1)]
    """
    out: list[Timex] = []
    last_quarter = None
    for kind, match in _matches(text):
        g = {k: v for k, v in match.groupdict().items() if v is not None}
        g["_forward"] = forward or _future_context(text, match.start())
        g["_last_quarter"] = last_quarter
        g["_adjectival"] = "-" in match.group()
        if _is_false_month(kind, g, text):
            continue
        if kind == "weekday" and not g.get("rel") and not match.group().strip():
            continue
        start, end = match.start(), match.end()
        surface = match.group()
        if kind == "weekday" and surface[:1].isspace():
            start += len(surface) - len(surface.lstrip())
            surface = surface.lstrip()
        anchor = published
        if anchor is None and kind in ("iso",) or (
            anchor is None and kind in ("month_day_year", "day_month_year") and g.get("year")
        ):
            anchor = dt.date.max
        if anchor is None:
            out.append(Timex(start + offset, end + offset, surface, None, None, None, None, False,
                             "no publication date to resolve a relative date"))
            continue
        try:
            resolved = _resolve(kind, g, anchor)
        except ValueError:  # e.g. "February 30"
            resolved = None
        if resolved is None:
            continue
        ds, de, precision, value, future = resolved
        if value and "-Q" in value and kind in ("quarter", "this_quarter"):
            last_quarter = (int(value[:4]), int(value[-1]))  # only a quarter the text names
        out.append(Timex(start + offset, end + offset, surface, value, ds, de, int(precision), bool(future)))
    return out


def find_timexes(article) -> list[Timex]:
    """Find and resolve the date expressions of a whole article body.

    Parameters
    ----------
    article : events.article.Article
        The article; its ``published`` date anchors relative expressions.

    Returns
    -------
    list of Timex
        Offsets index into ``article.text``.
    """
    return parse_timexes(article.text, article.published)
