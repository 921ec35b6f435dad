"""Score toponym recognition and resolution against LGL / TR-News and GeoVirus gold XML.

Two schemas are read, detected per file:

* **LGL / TR-News**: ``<article docid=…>`` with ``<text>``, optional ``<dltime>`` and
  ``<toponyms><toponym><start/><end/><phrase/><gaztag geonameid=…><lat/><lon/>…``.
  A ``<toponym>`` without a ``<gaztag>`` (LGL has street names like "Memphis St.") has no gold
  coordinates: it is skipped and counted.
* **GeoVirus**: ``<article><source/><text/><locations><location><name/><start/><end/><lat/>
  <lon/><page/>``.

Offsets
-------
Gold offsets are Python ``str`` indices (code points) into ``<text>`` as the XML parser returns
it; ``text[start:end]`` should equal the phrase. LGL does. GeoVirus (Gritta et al. 2018) does
not: every one of its offsets is one character late (``text[start-1:end-1] == name``), i.e. it
counts from 1. Rather than hard-coding that, each gold span whose text differs from its phrase
is moved to the nearest position within ±3 characters where the phrase matches; moves are
counted in the report, and a span that matches nowhere is kept as stored and counted as
``unaligned``.

Scoring
-------
A prediction matches a gold toponym when their character spans overlap (the one sharing most
characters wins). Over all gold toponyms with coordinates (a miss counts as wrong):

* ``recall``: share with a matching prediction;
* ``exact``: share whose match has the same GeoNames id, or lies within 1 km;
* ``acc161``: share whose match lies within 161 km (100 miles, the field's standard);
* ``mean_km``: mean error over matches that have coordinates (the report adds the median).
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ..errors import ImportFormatError
from ..geo import haversine_km
from .spans import best_overlap, is_missing, run_predict

EXACT_KM = 1.0
ACC_KM = 161.0
MAX_SHIFT = 3


@dataclass(frozen=True)
class GoldToponym:
    """One gold toponym: half-open character span in the document text and its coordinates."""

    start: int
    end: int
    phrase: str
    latitude: float
    longitude: float
    geonameid: int | None = None


@dataclass
class GeoDocument:
    """One gold document: its text, publication date if known, and gold toponyms."""

    doc_id: str
    text: str
    published: dt.date | None
    toponyms: list[GoldToponym]
    skipped: int = 0
    shifted: dict[int, int] = field(default_factory=dict)
    unaligned: int = 0


@dataclass
class GeoCorpus:
    """A parsed gold file: its schema name (``lgl`` or ``geovirus``) and documents."""

    schema: str
    documents: list[GeoDocument]


def read_geoparsing_corpus(path: str | Path, limit: int | None = None) -> GeoCorpus:
    """Read an LGL / TR-News or GeoVirus XML file.

    Parameters
    ----------
    path : str or Path
        The XML file.
    limit : int, optional
        Read only the first ``limit`` articles.

    Returns
    -------
    GeoCorpus
        Schema name and documents, gold spans aligned as described in the module notes.

    Raises
    ------
    ImportFormatError
        If the file is missing, not XML, or has neither ``<toponym>`` nor ``<location>`` schema.
    """
    path = Path(path)
    if path.is_dir():
        raise ImportFormatError(f"{path} is a folder; the geoparsing corpus is one XML file (e.g. LGL.xml)")
    if not path.is_file():
        raise ImportFormatError(f"geoparsing corpus not found: {path}")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise ImportFormatError(f"{path.name} is not XML: {exc}") from exc
    articles = list(root.iter("article"))
    if not articles or any(a.find("text") is None for a in articles):
        raise ImportFormatError(f"{path.name}: no <article> elements with <text>")
    if root.find(".//toponym") is not None or root.find(".//toponyms") is not None:
        schema = "lgl"
    elif root.find(".//location") is not None or root.find(".//locations") is not None:
        schema = "geovirus"
    else:
        raise ImportFormatError(f"{path.name}: neither LGL <toponym> nor GeoVirus <location> schema")
    docs = [_read_article(a, i, schema) for i, a in enumerate(articles[:limit] if limit else articles)]
    return GeoCorpus(schema, docs)


def _read_article(article: ET.Element, index: int, schema: str) -> GeoDocument:
    """Build a GeoDocument from one ``<article>`` element."""
    text = article.findtext("text") or ""
    doc_id = article.get("docid") or f"{index:04d}"
    doc = GeoDocument(doc_id, text, _published(article.findtext("dltime")), [])
    tag, name_tag = ("toponym", "phrase") if schema == "lgl" else ("location", "name")
    for el in article.iter(tag):
        start, end = int(el.findtext("start")), int(el.findtext("end"))
        phrase = el.findtext(name_tag) or ""
        coords = el.find("gaztag") if schema == "lgl" else el
        lat = coords.findtext("lat") if coords is not None else None
        lon = coords.findtext("lon") if coords is not None else None
        if not lat or not lon:
            doc.skipped += 1
            continue
        shift = _alignment(text, start, end, phrase)
        if shift is None:
            doc.unaligned += 1
            shift = 0
        elif shift:
            doc.shifted[shift] = doc.shifted.get(shift, 0) + 1
        gid = coords.get("geonameid") if schema == "lgl" else None
        doc.toponyms.append(GoldToponym(start + shift, end + shift, phrase, float(lat), float(lon),
                                        int(gid) if gid and gid.isdigit() else None))
    doc.toponyms.sort(key=lambda t: (t.start, t.end))
    return doc


def _alignment(text: str, start: int, end: int, phrase: str) -> int | None:
    """Return the shift (0, ±1 … ±MAX_SHIFT) that makes ``text[start:end]`` read ``phrase``."""
    if not phrase:
        return 0
    for d in sorted(range(-MAX_SHIFT, MAX_SHIFT + 1), key=abs):
        if start + d >= 0 and text[start + d:end + d] == phrase:
            return d
    return None


def _published(dltime: str | None) -> dt.date | None:
    """Return the date of an LGL ``<dltime>`` such as ``2009-03-20 12:24:52.002364-05``."""
    try:
        return dt.date.fromisoformat(dltime.strip()[:10]) if dltime else None
    except ValueError:
        return None


def predict_toponyms(text: str, published: dt.date | None, doc_id: str) -> list[Any]:
    """Run the extractor's toponym finder on ``text``; spans are offsets into ``text``."""
    from events.article import parse_article
    from events.extraction.toponyms import find_toponyms

    from .spans import to_source_spans

    article = parse_article(text, published=published, doc_id=doc_id)
    return to_source_spans(find_toponyms(article), article.text, text)


@dataclass
class _Tally:
    """Running counts over documents."""

    gold: int = 0
    found: int = 0
    exact: int = 0
    within: int = 0
    errors_km: list[float] = field(default_factory=list)


def evaluate_geoparsing(
    path: str | Path,
    limit: int | None = None,
    report: TextIO = sys.stderr,
    predict: Callable[[str, dt.date | None, str], Sequence[Any]] | None = None,
) -> dict:
    """Score the extractor's toponyms on a gold geoparsing file.

    Parameters
    ----------
    path : str or Path
        LGL / TR-News or GeoVirus XML file.
    limit : int, optional
        Score only the first ``limit`` documents.
    report : text stream
        Receives one line per document (misses and errors over 161 km) and totals.
    predict : callable, optional
        ``predict(text, published, doc_id)`` returning objects with ``start``, ``end``,
        ``latitude``, ``longitude`` and ``geonameid``; defaults to :func:`predict_toponyms`.

    Returns
    -------
    dict
        ``kind docs toponyms recall exact acc161 mean_km`` in that order (fractions 0–1,
        ``mean_km`` in km, NaN when nothing was resolved).

    Raises
    ------
    ImportFormatError
        If the file is missing or not in a recognised schema.
    """
    corpus = read_geoparsing_corpus(path, limit)
    predict = predict or predict_toponyms
    tally = _Tally()
    for doc in corpus.documents:
        preds, error = run_predict(predict, doc.text, doc.published, doc.doc_id)
        line = _score_document(doc, list(preds or []), tally)
        report.write(line + (f"; {error}" if error else "") + "\n")
    _write_totals(corpus, tally, report)
    n = tally.gold
    return {
        "kind": "geoparsing",
        "docs": len(corpus.documents),
        "toponyms": n,
        "recall": tally.found / n if n else float("nan"),
        "exact": tally.exact / n if n else float("nan"),
        "acc161": tally.within / n if n else float("nan"),
        "mean_km": statistics.fmean(tally.errors_km) if tally.errors_km else float("nan"),
    }


def _score_document(doc: GeoDocument, preds: Sequence[Any], tally: _Tally) -> str:
    """Score one document into ``tally`` and return its report line."""
    found = exact = within = 0
    notes = []
    for gold in doc.toponyms:
        match = best_overlap(gold.start, gold.end, preds)
        if match is None:
            notes.append(f"missed {gold.phrase!r}@{gold.start}")
            continue
        found += 1
        lat, lon = getattr(match, "latitude", None), getattr(match, "longitude", None)
        if is_missing(lat) or is_missing(lon):
            notes.append(f"unresolved {gold.phrase!r}@{gold.start}")
            continue
        km = haversine_km(gold.latitude, gold.longitude, float(lat), float(lon))
        tally.errors_km.append(km)
        gid = getattr(match, "geonameid", None)
        if km <= EXACT_KM or (gold.geonameid is not None and gid is not None and int(gid) == gold.geonameid):
            exact += 1
        if km <= ACC_KM:
            within += 1
        else:
            notes.append(f"{gold.phrase!r}@{gold.start} off by {km:.0f} km")
    tally.gold += len(doc.toponyms)
    tally.found += found
    tally.exact += exact
    tally.within += within
    line = (f"{doc.doc_id}: toponyms={len(doc.toponyms)} found={found} exact={exact} "
            f"acc161={within}")
    if doc.skipped:
        line += f" skipped_no_coords={doc.skipped}"
    return line + ("; " + "; ".join(notes) if notes else "")


def _write_totals(corpus: GeoCorpus, tally: _Tally, report: TextIO) -> None:
    """Write the corpus-level notes: skipped gold, offset moves, median error."""
    skipped = sum(d.skipped for d in corpus.documents)
    unaligned = sum(d.unaligned for d in corpus.documents)
    moves: dict[int, int] = {}
    for d in corpus.documents:
        for k, v in d.shifted.items():
            moves[k] = moves.get(k, 0) + v
    moved = ", ".join(f"{v} by {k:+d}" for k, v in sorted(moves.items())) or "none"
    median = f"{statistics.median(tally.errors_km):.1f}" if tally.errors_km else "nan"
    report.write(
        f"schema={corpus.schema} gold_without_coordinates={skipped} offsets_moved={moved} "
        f"unaligned={unaligned} resolved={len(tally.errors_km)} median_km={median}\n"
    )
