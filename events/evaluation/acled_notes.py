"""Score the extractor on ACLED coders' ``notes``, with the row's own fields as the gold.

Layouts (detected from the header)
----------------------------------
* ``legacy-2016``: ACLED API v1 (``ally_actor_1``, ``gwno``, often an unnamed pandas index
  column; old event types such as ``Battle-No change of territory``, ``Remote violence``,
  ``Riots/Protests``).
* ``api-2020``: API-style export with ``data_id`` and ``iso3`` (dates often rewritten by a
  spreadsheet as ``9-May-20``).
* ``export-2024``: current export with ``disorder_type`` / ``civilian_targeting``, dates like
  ``01 November 2024`` and textual ``inter1``.
* ``generic``: any other header holding the required columns
  (:data:`REQUIRED_COLUMNS`).

``event_date`` is read in every layout with the first format in :data:`DATE_FORMATS` that
parses the value (``%m/%d/%Y`` is the US spreadsheet order); rows whose date does not
parse, or whose ``notes`` are empty (a truncated last line), are skipped and counted. ACLED
splits one report into several events that share the same ``notes`` (with fatalities split
between them); those rows are kept and counted in the report (``rows_sharing_notes``): one
extraction cannot match all of them, which caps the attainable score.

Which extracted event is compared
---------------------------------
A note describes one ACLED event, but the extractor may return several (a note often
mentions context). The rule is blind to the gold: the first event, in the extractor's order,
that has an ACLED event type (its own ``event_type``, or its ``plover_type`` through the
crosswalk); if none has one, the first event. A note with no extracted event scores wrong on
every measure.

Measures (each a share of scored rows)
--------------------------------------
* ``event_type``: the predicted ACLED type (``event_type``, else ``plover_type`` mapped by
  ``data/plover_to_acled.csv``, one ACLED type per PLOVER type, empty when PLOVER's category has
  no ACLED counterpart) is among the gold's current types; a legacy gold type is mapped by
  ``acled_legacy_event_types.csv`` (``Riots/Protests`` accepts Protests or Riots).
* ``actor1``: names equal after :func:`normalise_actor`.
* ``country``: same ISO3 (gold ISO3 from the ``iso3`` column, else the numeric ``iso`` code,
  else the country name via pycountry), or same name after normalisation.
* ``location_25km``: predicted point within 25 km (haversine) of the gold point.
* ``fatalities``: equal counts, where an empty count equals 0: ACLED codes 0 when no deaths
  are reported, while the extractor leaves unknown fatalities empty.
* ``event_date``: the predicted ``event_date`` is the gold day.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from ..errors import ImportFormatError
from .geo import haversine_km
from .spans import is_missing, run_predict

REQUIRED_COLUMNS = ("event_date", "event_type", "actor1", "country", "latitude", "longitude",
                    "fatalities", "notes")
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%b-%y", "%d-%b-%Y", "%d %b %Y", "%d-%B-%Y",
                "%m/%d/%Y", "%Y/%m/%d")
LOCATION_KM = 25.0
MEASURES = ("event_type", "actor1", "country", "location_25km", "fatalities", "event_date")
_DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def detect_acled_layout(columns: list[str]) -> str:
    """Return the ACLED layout name for a header (see the module notes).

    Raises
    ------
    ImportFormatError
        If a required column is missing.

    Examples
    --------
    >>> detect_acled_layout(["data_id", "iso3", *REQUIRED_COLUMNS])
    'api-2020'
    """
    cols = set(columns)
    missing = [c for c in REQUIRED_COLUMNS if c not in cols]
    if missing:
        raise ImportFormatError(f"not an ACLED export: missing column(s) {', '.join(missing)}")
    if {"ally_actor_1", "gwno"} & cols:
        return "legacy-2016"
    if {"disorder_type", "civilian_targeting"} & cols:
        return "export-2024"
    if {"data_id", "iso3"} & cols:
        return "api-2020"
    return "generic"


def parse_acled_dates(values: pd.Series) -> pd.Series:
    """Parse an ACLED ``event_date`` column in any layout's format.

    Parameters
    ----------
    values : pandas.Series of str

    Returns
    -------
    pandas.Series of datetime64[ns]
        ``NaT`` where a value does not parse.

    Examples
    --------
    >>> parse_acled_dates(pd.Series(["9-May-20", "01 November 2024"])).dt.strftime("%Y-%m-%d").tolist()
    ['2020-05-09', '2024-11-01']
    """
    text = values.astype("string").str.strip()
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for fmt in DATE_FORMATS:
        todo = out.isna() & text.notna() & (text != "")
        if not todo.any():
            break
        out[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    return out


def read_acled_notes(path: str | Path, limit: int | None = None) -> tuple[str, pd.DataFrame, int]:
    """Read the gold rows of an ACLED CSV.

    Parameters
    ----------
    path : str or Path
        ACLED CSV export in any layout.
    limit : int, optional
        Keep only the first ``limit`` usable rows.

    Returns
    -------
    tuple of (str, pandas.DataFrame, int)
        Layout name; gold rows with columns ``row_id`` (string), ``event_date``
        (datetime64[ns]), ``event_types`` (tuple of current ACLED types), ``event_type``,
        ``actor1``, ``country``, ``iso3`` (string), ``latitude``, ``longitude`` (float64),
        ``fatalities`` (Int64), ``notes`` (string); and the number of rows skipped.

    Raises
    ------
    ImportFormatError
        If the file is missing, not CSV, or lacks a required column.
    """
    path = Path(path)
    if not path.is_file():
        raise ImportFormatError(f"ACLED file not found: {path}")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise ImportFormatError(f"{path.name} is not a readable CSV: {exc}") from exc
    layout = detect_acled_layout(list(raw.columns))
    gold = pd.DataFrame({
        "row_id": _first_column(raw, ("event_id_cnty", "data_id")),
        "event_date": parse_acled_dates(raw["event_date"]),
        "event_type": raw["event_type"].str.strip(),
        "actor1": raw["actor1"].str.strip(),
        "country": raw["country"].str.strip(),
        "latitude": pd.to_numeric(raw["latitude"], errors="coerce"),
        "longitude": pd.to_numeric(raw["longitude"], errors="coerce"),
        "fatalities": pd.to_numeric(raw["fatalities"], errors="coerce").astype("Int64"),
        "notes": raw["notes"].str.strip(),
    })
    gold["iso3"] = [_gold_iso3(r) for r in raw.to_dict("records")]
    gold["event_types"] = gold["event_type"].map(lambda t: current_event_types(t))
    usable = gold["event_date"].notna() & (gold["notes"] != "")
    skipped = int((~usable).sum())
    gold = gold[usable].reset_index(drop=True)
    if limit:
        gold = gold.head(limit)
    return layout, gold, skipped


def _first_column(raw: pd.DataFrame, names: tuple[str, ...]) -> pd.Series:
    """Return the first of ``names`` present (row number as text when none is)."""
    for name in names:
        if name in raw:
            return raw[name].astype("string")
    return pd.Series([str(i) for i in range(len(raw))], dtype="string")


def _gold_iso3(row: dict) -> str:
    """Return the gold row's ISO3 from ``iso3``, numeric ``iso`` or the country name ('' if none)."""
    import pycountry

    if row.get("iso3"):
        return row["iso3"].strip().upper()
    if str(row.get("iso", "")).strip().isdigit():
        c = pycountry.countries.get(numeric=f"{int(row['iso']):03d}")
        if c:
            return c.alpha_3
    try:
        return pycountry.countries.lookup(row["country"].strip()).alpha_3
    except LookupError:
        return ""


@functools.cache
def _legacy_types() -> dict[str, tuple[str, ...]]:
    """Old or current ACLED event type → current event types (package CSV)."""
    out: dict[str, tuple[str, ...]] = {}
    with open(Path(__file__).with_name("acled_legacy_event_types.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[row["legacy_event_type"].lower()] = out.get(row["legacy_event_type"].lower(), ()) + (row["event_type"],)
    return out


@functools.cache
def plover_to_acled() -> dict[str, str]:
    """Return the PLOVER → ACLED event type crosswalk of ``data/plover_to_acled.csv`` ('' = none)."""
    with open(_DATA_DIR / "plover_to_acled.csv", newline="", encoding="utf-8") as f:
        return {r["plover_type"].strip().upper(): r["event_type"].strip() for r in csv.DictReader(f)}


def current_event_types(event_type: str) -> tuple[str, ...]:
    """Return the current ACLED event types an old or current type stands for.

    Examples
    --------
    >>> current_event_types("Riots/Protests")
    ('Protests', 'Riots')
    """
    key = (event_type or "").strip()
    return _legacy_types().get(key.lower(), (key,) if key else ())


_REGIME = re.compile(r"\s*\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\).*$")


def normalise_actor(name: Any) -> str:
    """Return an actor name reduced for comparison.

    Drops an ACLED regime period and the faction after it (``Military Forces of Yemen (2016-)
    Supreme Political Council`` → ``military forces of yemen``), folds case, quotes and
    whitespace, drops a leading ``the`` and the ``the`` in ``of the``.

    Examples
    --------
    >>> normalise_actor("Police Forces of the Philippines (2016-)")
    'police forces of philippines'
    """
    if is_missing(name):
        return ""
    text = unicodedata.normalize("NFKC", str(name)).replace("’", "'")
    text = _REGIME.sub("", text).lower()
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^the ", "", text)
    return text.replace(" of the ", " of ")


def _norm_country(name: Any) -> str:
    """Return a country name folded for comparison."""
    if is_missing(name):
        return ""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(name))).strip().lower().removeprefix("the ")


def predict_events(notes: str, published: dt.date, doc_id: str) -> pd.DataFrame:
    """Run the extractor on one note; returns its event table (EVENT_COLUMNS)."""
    from events import extract_events
    from events.article import parse_article

    events, _figures = extract_events(parse_article(notes, published=published, doc_id=doc_id))
    return events


def predicted_event_type(event: dict) -> str:
    """Return an extracted event's ACLED type: its ``event_type``, else PLOVER crosswalked."""
    own = _text(event.get("event_type"))
    if own:
        return own
    return plover_to_acled().get(_text(event.get("plover_type")).upper(), "")


def choose_event(events: pd.DataFrame) -> dict | None:
    """Return the event to compare (see the module notes), or None when there is none."""
    if events is None or len(events) == 0:
        return None
    rows = events.to_dict("records")
    for row in rows:
        if predicted_event_type(row):
            return row
    return rows[0]


def _text(value: Any) -> str:
    """Return a stripped string, '' for None/NA."""
    if is_missing(value):
        return ""
    return str(value).strip()


def score_row(gold: dict, event: dict | None) -> dict[str, bool]:
    """Return, for one gold row and the chosen event, whether each measure is right."""
    if event is None:
        return dict.fromkeys(MEASURES, False)
    lat, lon = event.get("latitude"), event.get("longitude")
    located = False
    if _num(lat) is not None and _num(lon) is not None and pd.notna(gold["latitude"]) and pd.notna(gold["longitude"]):
        located = haversine_km(gold["latitude"], gold["longitude"], _num(lat), _num(lon)) <= LOCATION_KM
    p_iso3 = _text(event.get("iso3")).upper()
    g_fat = 0 if pd.isna(gold["fatalities"]) else int(gold["fatalities"])
    p_fat = _num(event.get("fatalities"))
    p_date = event.get("event_date")
    return {
        "event_type": predicted_event_type(event) in gold["event_types"],
        "actor1": normalise_actor(event.get("actor1")) == normalise_actor(gold["actor1"]),
        "country": bool(p_iso3 and p_iso3 == gold["iso3"])
        or (_norm_country(event.get("country")) == _norm_country(gold["country"]) != ""),
        "location_25km": located,
        "fatalities": (0 if p_fat is None else int(p_fat)) == g_fat,
        "event_date": p_date is not None and pd.notna(p_date)
        and pd.Timestamp(p_date).date() == gold["event_date"].date(),
    }


def _num(value: Any) -> float | None:
    """Return a float, None for None/NA/NaN/unparseable."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if out != out else out


def evaluate_acled_notes(
    path: str | Path,
    limit: int | None = None,
    report: TextIO = sys.stderr,
    predict: Callable[[str, dt.date, str], pd.DataFrame] | None = None,
) -> dict:
    """Score the extractor on the notes of an ACLED CSV.

    Parameters
    ----------
    path : str or Path
        ACLED CSV export in any layout (see the module notes).
    limit : int, optional
        Score only the first ``limit`` usable rows.
    report : text stream
        Receives one line per row naming each wrong measure with the gold and predicted
        values, then the layout and skipped-row count.
    predict : callable, optional
        ``predict(notes, event_date, row_id)`` returning an event table (columns of
        ``EVENT_COLUMNS``); defaults to :func:`predict_events`.

    Returns
    -------
    dict
        ``kind rows event_type actor1 country location_25km fatalities event_date`` in that
        order (fractions 0–1).

    Raises
    ------
    ImportFormatError
        If the file is missing or not an ACLED layout.
    """
    layout, gold, skipped = read_acled_notes(path, limit)
    predict = predict or predict_events
    right = dict.fromkeys(MEASURES, 0)
    for row in gold.to_dict("records"):
        events, error = run_predict(predict, row["notes"], row["event_date"].date(), row["row_id"])
        event = choose_event(events)
        verdict = score_row(row, event)
        for k, ok in verdict.items():
            right[k] += ok
        report.write(_row_line(row, event, verdict) + (f"; {error}" if error else "") + "\n")
    shared = int(gold["notes"].duplicated(keep=False).sum())
    report.write(f"layout={layout} rows={len(gold)} skipped_rows={skipped} rows_sharing_notes={shared}\n")
    n = len(gold)
    return {"kind": "acled-notes", "rows": n,
            **{k: (right[k] / n if n else float("nan")) for k in MEASURES}}


def _row_line(gold: dict, event: dict | None, verdict: dict[str, bool]) -> str:
    """Return the report line of one row: score and what was wrong."""
    head = f"{gold['row_id']}: {sum(verdict.values())}/{len(verdict)}"
    if event is None:
        return head + " no event extracted"
    shown = {
        "event_type": (gold["event_type"], predicted_event_type(event)),
        "actor1": (gold["actor1"], _text(event.get("actor1"))),
        "country": (gold["country"], _text(event.get("country"))),
        "location_25km": (f"{gold['latitude']},{gold['longitude']}",
                          f"{_text(event.get('location'))} {event.get('latitude')},{event.get('longitude')}"),
        "fatalities": (gold["fatalities"], event.get("fatalities")),
        "event_date": (gold["event_date"].date(), event.get("event_date")),
    }
    wrong = [f"{k}: {shown[k][0]!s} != {shown[k][1]!s}" for k, ok in verdict.items() if not ok]
    return head + ("; " + "; ".join(wrong) if wrong else "")
