"""Score the extractor on real news articles with exhaustive gold (``python -m events eval news``).

Gold format
-----------
One YAML file per article, ``GOLD_DIR/<name>.yaml`` for ``ARTICLES_DIR/<name>.txt``, as described
in ``shared/design/NEWS_GOLD.md``: ``events`` lists **every** event a careful coder would record,
each with an ``id``, an ``anchor`` (verbatim text of one sentence reporting it; more under
``anchors``), the allowed ``plover_type`` values and the expected fields. ``optional: true`` marks a
borderline event: a row matching it is neither rewarded nor penalised.

Matching
--------
A row is a *candidate* for a gold event when the row's evidence ``sentence`` contains one of the
event's anchors (after :func:`normalise`: case, whitespace, straight/curly quotes, a leading "the")
and its ``plover_type`` is one of the allowed ones. Candidates are paired greedily, most agreeing
fields first (ties: earlier gold event, then earlier row); each row and each gold event is used
once. An unpaired row that is a candidate for an optional event is ignored; one that is a
candidate only for non-optional events is a **duplicate**; one that is a candidate for nothing is
a false event.

Measures
--------
* ``precision`` = matched rows / (rows − rows paired with or near optional events);
* ``recall`` = matched non-optional gold events / non-optional gold events; ``f1``;
* ``duplicates``: count of duplicate rows (they also lower precision);
* field accuracy over matched pairs, each counted only where the gold states the field:
  ``actor1`` (any listed name equals, or contains / is contained in, one of the row's
  ``actor1``/``assoc_actor_1`` names — ``;``-separated — when longer than 5 characters),
  ``actor2`` (the same, when the gold lists one), ``location`` (the row's point within ``max_km``,
  default 25, of the gold point; for country-level gold without a point, the same ``iso3``),
  ``date`` (the row has a window bound, starts no earlier than the gold window and ends no later;
  an open gold bound is not checked), ``event_type`` (ACLED type among the allowed, when the gold
  lists any), ``fatalities`` (exactly the gold number, when given), ``certainty``;
* ``exact_rows`` = matched pairs right in actor1, location **and** date (a field the gold does not
  state counts as right) ÷ all scored rows.

These rules are those of the reference scorer ``shared/tools/score_news.py``, which runs
``python -m events extract`` per article and reads its ``events.csv``; here the extractor runs in
this process and its table goes through the same CSV writing (:func:`csv_rows`), so both see the
same values. ``tests/test_evaluation_news.py`` checks that both score identically, and
``scripts/compare_news_scorers.py`` compares them on a whole gold folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ..errors import EventsError, ImportFormatError

FIELDS = ("actor1", "actor2", "location", "date", "event_type", "fatalities", "certainty")
"""Fields scored over matched pairs, in the summary's order."""

CORE_FIELDS = ("actor1", "location", "date")
"""Fields a row must have right to count in ``exact_rows``."""

DEFAULT_MAX_KM = 25
"""Distance allowed from a gold point whose event gives no ``max_km`` (a town)."""

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_PERIOD = re.compile(r"\s*\(\d{4}-\d{0,4}\)\s*$")


# --- normalising values -------------------------------------------------------------------------

def normalise(value: Any) -> str:
    """Return text compared case- and space-insensitively, with curly quotes straightened.

    A trailing regime period such as ``(2016-)`` and a leading "the" are dropped; ``None`` is "".

    Examples
    --------
    >>> normalise("  The  Military Forces of Yemen (2016-) ")
    'military forces of yemen'
    >>> normalise("Iraq\u2019s  forces")
    "iraq's forces"
    """
    s = "" if value is None else str(value)
    s = s.translate(_QUOTES)
    s = _PERIOD.sub("", s)
    s = re.sub(r"\s+", " ", s).lower().strip()
    return re.sub(r"^the\s+", "", s)


def _as_list(value: Any) -> list:
    """A gold value as a list (a scalar becomes one item, ``None`` none)."""
    return [] if value is None else (value if isinstance(value, list) else [value])


def _to_date(value: Any) -> dt.date | None:
    """A gold or row date (``YYYY-MM-DD``, a date, or empty / ``null``) as a date, else None."""
    if value in (None, "", "null"):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _to_float(value: Any) -> float | None:
    """A number as float; empty, NaN or not a number is None."""
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km on a sphere of diameter 12,742 km (the reference scorer's)."""
    p = math.pi / 180
    x = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(min(1, x)))


# --- one gold event against one row -------------------------------------------------------------

def actor_matches(gold: Any, *values: str | None) -> bool:
    """Return whether a row's actor columns name one of the gold's actors.

    Parameters
    ----------
    gold : str or list of str
        Allowed names (any one is right); empty means the gold event has no such actor.
    *values : str or None
        The row's columns (``actor1``, ``assoc_actor_1``), each ``;``-separated names.

    Returns
    -------
    bool
        True when a normalised gold name equals a row name, or, if longer than 5 characters,
        contains it or is contained in it; for an empty gold, True when the row names none.

    Examples
    --------
    >>> actor_matches(["Military Forces of Iraq"], "military forces of iraq", "")
    True
    >>> actor_matches(["Islamic State"], "Islamic State (Iraq)", None)
    True
    >>> actor_matches([], "Wagner Group")
    False
    """
    want = {normalise(v) for v in _as_list(gold)}
    have = {normalise(p) for v in values for p in re.split(r";\s*", v or "") if p.strip()}
    if not want:
        return not have
    return any(w == h or (len(w) > 5 and (w in h or h in w)) for w in want for h in have)


def is_anchored(event: dict, row: dict) -> bool:
    """Return whether the row's ``sentence`` contains one of the event's anchors (normalised)."""
    sentence = normalise(row.get("sentence"))
    return any(normalise(a) in sentence
               for a in _as_list(event.get("anchor")) + _as_list(event.get("anchors")) if a)


def type_allowed(event: dict, row: dict) -> bool:
    """Return whether the row's ``plover_type`` is one of the event's (any letter case)."""
    return (row.get("plover_type") or "").upper() in {str(t).upper() for t in _as_list(event.get("plover_type"))}


def field_checks(event: dict, row: dict) -> dict[str, bool]:
    """Return which fields of a row agree with a gold event (only the fields the gold states).

    Parameters
    ----------
    event : dict
        One gold event (NEWS_GOLD.md fields).
    row : dict
        One extracted row, values as text as in ``events.csv`` (numbers and dates as text or
        numbers; empty text is unknown).

    Returns
    -------
    dict of str to bool
        Keys among :data:`FIELDS`; ``actor1`` always, the others only where the gold gives them.
    """
    out = {"actor1": actor_matches(event.get("actor1"), row.get("actor1"), row.get("assoc_actor_1"))}
    if _as_list(event.get("actor2")):
        out["actor2"] = actor_matches(event.get("actor2"), row.get("actor2"), row.get("assoc_actor_2"))
    if "latitude" in event and "longitude" in event:
        lat, lon = _to_float(row.get("latitude")), _to_float(row.get("longitude"))
        out["location"] = (lat is not None and lon is not None
                           and _distance_km(event["latitude"], event["longitude"], lat, lon)
                           <= event.get("max_km", DEFAULT_MAX_KM))
    elif event.get("iso3"):
        out["location"] = (row.get("iso3") or "").upper() in {str(x).upper() for x in _as_list(event["iso3"])}
    if "date_window" in event:
        gold_start, gold_end = (_to_date(x) for x in event["date_window"])
        start, end = _to_date(row.get("date_start")), _to_date(row.get("date_end"))
        ok = start is not None or end is not None
        if ok and gold_start is not None:
            ok = start is not None and start >= gold_start
        if ok and gold_end is not None:
            ok = end is not None and end <= gold_end
        out["date"] = ok
    if _as_list(event.get("event_type")):
        out["event_type"] = normalise(row.get("event_type")) in {normalise(t) for t in _as_list(event["event_type"])}
    if "fatalities" in event:
        out["fatalities"] = _to_float(row.get("fatalities")) == float(event["fatalities"])
    if _as_list(event.get("certainty")):
        out["certainty"] = normalise(row.get("certainty")) in {normalise(c) for c in _as_list(event["certainty"])}
    return out


# --- one article ---------------------------------------------------------------------------------

@dataclass
class ArticleScore:
    """The score of one article: counts, the matched pairs' field checks, and what went wrong.

    Attributes
    ----------
    gold : int
        Non-optional gold events.
    rows : int
        Scored rows (all rows minus those paired with or near an optional event).
    matched : int
        Rows paired with a non-optional gold event.
    duplicates : int
        Unpaired rows that are candidates only for non-optional (already paired) events.
    fields : list of dict
        :func:`field_checks` of each matched pair, in gold order.
    missed : list of str
        Ids of the non-optional gold events no row matched.
    pairs : list of (int, int)
        (gold event index, row index) of the matched non-optional pairs.
    unmatched : list of int
        Indexes of rows that are candidates for no gold event (false events).
    duplicate_of : dict of int to str
        Row index of each duplicate → id of the first event it is a candidate for.
    """

    gold: int
    rows: int
    matched: int
    duplicates: int
    fields: list[dict[str, bool]] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    pairs: list[tuple[int, int]] = field(default_factory=list)
    unmatched: list[int] = field(default_factory=list)
    duplicate_of: dict[int, str] = field(default_factory=dict)


def score_article(gold: dict, rows: Sequence[dict]) -> ArticleScore:
    """Match one article's rows to its gold events and count (see the module notes).

    Parameters
    ----------
    gold : dict
        The article's gold file as read from YAML (``events``: list of events).
    rows : sequence of dict
        Extracted event rows (column → value, as in ``events.csv``), in the extractor's order.

    Returns
    -------
    ArticleScore

    Examples
    --------
    >>> gold = {"events": [{"id": "a", "anchor": "shelled the town", "plover_type": ["ASSAULT"]}]}
    >>> s = score_article(gold, [{"sentence": "Troops shelled the town.", "plover_type": "ASSAULT"},
    ...                          {"sentence": "Troops shelled the town.", "plover_type": "ASSAULT"}])
    >>> (s.gold, s.rows, s.matched, s.duplicates)
    (1, 2, 1, 1)
    """
    events = gold.get("events") or []
    hits = [[gi for gi, g in enumerate(events) if is_anchored(g, r) and type_allowed(g, r)] for r in rows]
    candidates = []
    for ri, r in enumerate(rows):
        for gi in hits[ri]:
            checks = field_checks(events[gi], r)
            candidates.append((-sum(checks.values()), gi, ri, checks))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    used_gold, used_rows, pairs = set(), set(), []
    for _, gi, ri, checks in candidates:
        if gi not in used_gold and ri not in used_rows:
            used_gold.add(gi)
            used_rows.add(ri)
            pairs.append((gi, ri, checks))
    optional = [bool(g.get("optional")) for g in events]
    ignored = {ri for gi, ri, _ in pairs if optional[gi]}
    duplicate_of, unmatched = {}, []
    for ri in range(len(rows)):
        if ri in used_rows:
            continue
        if any(optional[gi] for gi in hits[ri]):
            ignored.add(ri)
        elif hits[ri]:
            duplicate_of[ri] = str(events[hits[ri][0]].get("id"))
        else:
            unmatched.append(ri)
    matched = sorted((gi, ri, checks) for gi, ri, checks in pairs if not optional[gi])
    return ArticleScore(
        gold=sum(1 for o in optional if not o),
        rows=len(rows) - len(ignored),
        matched=len(matched),
        duplicates=len(duplicate_of),
        fields=[checks for _, _, checks in matched],
        missed=[str(events[gi].get("id")) for gi in range(len(events)) if gi not in used_gold and not optional[gi]],
        pairs=[(gi, ri) for gi, ri, _ in matched],
        unmatched=unmatched,
        duplicate_of=duplicate_of,
    )


def summarise(scores: Sequence[ArticleScore]) -> dict:
    """Return the corpus summary of several article scores.

    Returns
    -------
    dict
        ``kind`` ("news"), ``docs``, ``gold_events``, ``rows``, ``matched`` and ``duplicates``
        (counts); ``precision``, ``recall``, ``f1``, ``exact_rows`` and each of :data:`FIELDS`
        (fractions in 0–1; a field never stated by the gold of a matched pair is NaN). With no
        rows, precision and ``exact_rows`` are 0; with no gold events, recall is 0.
    """
    gold = sum(s.gold for s in scores)
    rows = sum(s.rows for s in scores)
    matched = sum(s.matched for s in scores)
    checks = [c for s in scores for c in s.fields]
    precision = matched / rows if rows else 0.0
    recall = matched / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    exact = sum(1 for c in checks if all(c.get(k, True) for k in CORE_FIELDS))
    out = {"kind": "news", "docs": len(scores), "gold_events": gold, "rows": rows, "matched": matched,
           "precision": precision, "recall": recall, "f1": f1,
           "duplicates": sum(s.duplicates for s in scores), "exact_rows": exact / rows if rows else 0.0}
    for name in FIELDS:
        stated = [c[name] for c in checks if name in c]
        out[name] = sum(stated) / len(stated) if stated else math.nan
    return out


# --- reading -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NewsDocument:
    """One gold file and the article it describes."""

    name: str
    gold: dict
    article_path: Path


def _check_gold(gold: Any, path: Path) -> dict:
    """Return the gold file's mapping, or raise ImportFormatError naming what is malformed."""
    if not isinstance(gold, dict):
        raise ImportFormatError(f"{path}: not a news gold file (expected a mapping with 'events')")
    events = gold.get("events")
    if events is None:
        events = gold["events"] = []
    if not isinstance(events, list):
        raise ImportFormatError(f"{path}: 'events' is not a list")
    for i, e in enumerate(events, 1):
        where = f"{path}: event {i}"
        if not isinstance(e, dict):
            raise ImportFormatError(f"{where} is not a mapping")
        if not e.get("id"):
            raise ImportFormatError(f"{where} has no id")
        where = f"{path}: event {e['id']!r}"
        if not any(isinstance(a, str) and a.strip() for a in _as_list(e.get("anchor"))):
            raise ImportFormatError(f"{where} has no anchor")
        if not _as_list(e.get("plover_type")):
            raise ImportFormatError(f"{where} has no plover_type")
        if ("latitude" in e) != ("longitude" in e) or any(
                k in e and _to_float(e[k]) is None for k in ("latitude", "longitude", "max_km")):
            raise ImportFormatError(f"{where}: latitude, longitude and max_km must be numbers (latitude and longitude together)")
        if "fatalities" in e and _to_float(e["fatalities"]) is None:
            raise ImportFormatError(f"{where}: fatalities is not a number (omit it when the article gives none)")
        if "date_window" in e:
            window = e["date_window"]
            if not isinstance(window, list) or len(window) != 2 or any(
                    x not in (None, "null") and _to_date(x) is None for x in window):
                raise ImportFormatError(f"{where}: date_window is not [YYYY-MM-DD or null, YYYY-MM-DD or null]")
    return gold


def read_news_gold(gold_dir: str | Path, articles_dir: str | Path) -> list[NewsDocument]:
    """Read every ``GOLD_DIR/*.yaml`` and pair it with ``ARTICLES_DIR/<same name>.txt``.

    Parameters
    ----------
    gold_dir, articles_dir : str or Path
        Folders of gold YAML files and of article files.

    Returns
    -------
    list of NewsDocument
        In file-name order.

    Raises
    ------
    ImportFormatError
        If a folder is missing, the gold folder holds no ``.yaml`` file, a gold file is not valid
        YAML or not in the NEWS_GOLD.md format, or its article file is missing.
    """
    import yaml

    gold_dir, articles_dir = Path(gold_dir), Path(articles_dir)
    for what, folder in (("gold", gold_dir), ("articles", articles_dir)):
        if not folder.is_dir():
            raise ImportFormatError(f"news {what} folder not found: {folder}")
    paths = sorted(gold_dir.glob("*.yaml"))
    if not paths:
        raise ImportFormatError(f"no news gold files (*.yaml) in {gold_dir}")
    docs = []
    for path in paths:
        article = articles_dir / f"{path.stem}.txt"
        if not article.is_file():
            raise ImportFormatError(f"{path}: its article {article} is missing")
        try:
            gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 1})" if mark is not None else ""
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise ImportFormatError(f"{path}: not valid YAML{where}: {problem}") from None
        except ValueError as exc:  # a well-formed but impossible date (2025-02-30), or not UTF-8
            raise ImportFormatError(f"{path}: not a valid gold file: {exc}") from None
        docs.append(NewsDocument(path.stem, _check_gold(gold, path), article))
    return docs


# --- extraction ----------------------------------------------------------------------------------

def csv_rows(events: Any) -> list[dict[str, str]]:
    """Return an event table's rows as ``python -m events extract`` writes them to ``events.csv``.

    The table goes through the same ``DataFrame.to_csv`` call and back through
    :class:`csv.DictReader`, so every value is the text the reference scorer reads (empty for
    unknown).

    Parameters
    ----------
    events : pandas.DataFrame
        Event table (:data:`events.schema.EVENT_COLUMNS`).

    Returns
    -------
    list of dict of str to str
    """
    buffer = io.StringIO()
    events.to_csv(buffer, index=False)
    buffer.seek(0)
    return list(csv.DictReader(buffer))


def extract_news(articles: Sequence[Any]) -> list[Any]:
    """Extract the events of several articles in one batch; return one event table per article.

    Parameters
    ----------
    articles : sequence of Article

    Returns
    -------
    list of pandas.DataFrame
        Event tables (schema columns), in the order of ``articles``.
    """
    from ..extraction.pipeline import extract_batch, extract_events

    ids = [a.doc_id for a in articles]
    if len(set(ids)) < len(ids):  # the same text twice: rows cannot be told apart by doc_id
        return [extract_events(a)[0] for a in articles]
    events, _ = extract_batch(articles)
    groups = dict(tuple(events.groupby("doc_id", sort=False))) if len(events) else {}
    return [groups.get(i, events.iloc[0:0]).reset_index(drop=True) for i in ids]


def _read_articles(docs: Sequence[NewsDocument], report: TextIO) -> list[Any]:
    """Read each document's article once; reading warnings go to ``report``."""
    from ..article import read_article

    articles = []
    for doc in docs:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            article = read_article(doc.article_path)
        where = str(doc.article_path)
        messages = [m if m.startswith(where) else f"{where}: {m}" for m in [str(w.message) for w in caught] + list(article.warnings)]
        report.writelines(f"warning: {m}\n" for m in dict.fromkeys(messages))
        articles.append(article)
    return articles


# --- the harness ---------------------------------------------------------------------------------

def _short(text: Any, width: int = 160) -> str:
    """One line of at most ``width`` characters."""
    s = re.sub(r"\s+", " ", str(text or "")).strip()
    return s if len(s) <= width else s[: width - 1] + "…"


def _describe(doc: NewsDocument, rows: Sequence[dict], score: ArticleScore, report: TextIO) -> None:
    """Write the ``--verbose`` detail of one article: misses, false and duplicate rows, wrong fields."""
    events = doc.gold.get("events") or []
    by_id = {str(e.get("id")): e for e in events}
    report.writelines(f"  missed {gold_id}: {_short(by_id[gold_id].get('anchor'))}\n" for gold_id in score.missed)
    for ri in score.unmatched:
        r = rows[ri]
        report.write(f"  unmatched row [{r.get('plover_type') or '-'}] {_short(r.get('sentence'))}\n")
    for ri, gold_id in sorted(score.duplicate_of.items()):
        r = rows[ri]
        report.write(f"  duplicate of {gold_id} [{r.get('plover_type') or '-'}] {_short(r.get('sentence'))}\n")
    for (gi, ri), checks in zip(score.pairs, score.fields):
        wrong = [k for k, ok in checks.items() if not ok]
        if not wrong:
            continue
        g, r = events[gi], rows[ri]
        have = {"actor1": r.get("actor1"), "actor2": r.get("actor2"),
                "location": f"{r.get('location') or ''} {r.get('iso3') or ''} {r.get('latitude') or ''},{r.get('longitude') or ''}",
                "date": f"{r.get('date_start') or ''}..{r.get('date_end') or ''}",
                "event_type": r.get("event_type"), "fatalities": r.get("fatalities"), "certainty": r.get("certainty")}
        want = {"actor1": _as_list(g.get("actor1")), "actor2": _as_list(g.get("actor2")),
                "location": f"{g.get('location')} {g.get('iso3')} ≤{g.get('max_km', DEFAULT_MAX_KM)} km"
                            if "latitude" in g else f"{g.get('location')} {g.get('iso3')}",
                "date": "..".join("" if x in (None, "null") else str(x) for x in g.get("date_window") or []),
                "event_type": g.get("event_type"),
                "fatalities": g.get("fatalities"), "certainty": g.get("certainty")}
        detail = "; ".join(f"{k} {_short(have[k], 60)!r} not {want[k]}" for k in wrong)
        report.write(f"  wrong {g.get('id')}: {detail}\n")


def evaluate_news(
    gold_dir: str | Path,
    articles_dir: str | Path | None = None,
    limit: int | None = None,
    report: TextIO = sys.stderr,
    predict: Callable[[Sequence[Any]], list[Any]] | None = None,
    verbose: bool = False,
) -> dict:
    """Score the extractor on news articles with exhaustive gold.

    Parameters
    ----------
    gold_dir : str or Path
        Folder of ``<name>.yaml`` gold files.
    articles_dir : str or Path
        Folder of the ``<name>.txt`` articles.
    limit : int, optional
        Score only the first ``limit`` gold files (in name order).
    report : text stream
        Receives one line per article (``name: gold G rows R matched M dup D``); with
        ``verbose``, the missed gold events, unmatched and duplicate rows (type and sentence) and
        the wrong fields of matched pairs under it.
    predict : callable, optional
        ``predict(articles)`` returning one event table (DataFrame, schema columns) per
        :class:`~events.article.Article`; defaults to :func:`extract_news`.
    verbose : bool
        Write the detail lines.

    Returns
    -------
    dict
        :func:`summarise`'s summary.

    Raises
    ------
    ImportFormatError
        If the folders or gold files are missing or malformed (:func:`read_news_gold`).
    ArticleError
        If an article cannot be read.
    """
    if articles_dir is None:
        raise EventsError("eval news needs two folders: GOLD_DIR ARTICLES_DIR")
    docs = read_news_gold(gold_dir, articles_dir)[:limit]
    articles = _read_articles(docs, report)
    tables = (predict or extract_news)(articles)
    scores = []
    for doc, table in zip(docs, tables, strict=True):
        rows = csv_rows(table)
        score = score_article(doc.gold, rows)
        scores.append(score)
        report.write(f"{doc.name}: gold {score.gold} rows {score.rows} matched {score.matched} dup {score.duplicates}\n")
        if verbose:
            _describe(doc, rows, score, report)
    return summarise(scores)
