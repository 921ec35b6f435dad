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

Layout detection and the legacy event-type table (``data/acled_legacy_event_types.csv``) are
shared with the ACLED import, :mod:`events.datasets.acled`.

``event_date`` is read with one format for the whole column, as the import reads it
(:func:`parse_acled_dates`); rows whose date is not in that format, or whose ``notes`` are
empty (a truncated last line), are skipped and counted. ACLED
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
  ``data/acled_legacy_event_types.csv`` (``Riots/Protests`` accepts Protests or Riots).
* ``actor1``: names equal after :func:`normalise_actor`.
* ``country``: same ISO3 (gold ISO3 from the ``iso3`` column, else the numeric ``iso`` code,
  else the country name via pycountry), or same name after normalisation.
* ``location_25km``: predicted point within 25 km (haversine) of the gold point.
* ``fatalities``: equal counts, where an empty count equals 0: ACLED codes 0 when no deaths
  are reported, while the extractor leaves unknown fatalities empty.
* ``event_date``: the predicted ``event_date`` is the gold day.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import pandas as pd

from ..datasets.acled import DATE_FAMILIES, REQUIRED_COLUMNS, detect_acled_layout  # noqa: F401 - shared with the import
from ..datasets.table import parse_date_column
from ..errors import ImportFormatError
from .acled_scoring import (
    MEASURES, as_number, as_text, choose_event, current_event_types, predicted_event_type, score_row,
)
from ..geo import haversine_km
from .spans import run_predict

def parse_acled_dates(values: pd.Series) -> pd.Series:
    """Parse an ACLED ``event_date`` column with one date format for the whole column.

    The format is the import's (:data:`events.datasets.acled.DATE_FAMILIES`, chosen by
    :func:`events.datasets.table.parse_date_column`): the first that reads every value, else the
    one reading most; values it cannot read are ``NaT`` (the row is skipped and counted).

    Parameters
    ----------
    values : pandas.Series of str

    Returns
    -------
    pandas.Series of datetime64[ns]
        ``NaT`` where a value is empty or not in the column's format.

    Examples
    --------
    >>> parse_acled_dates(pd.Series(["9-May-20", "27-Apr-20"])).dt.strftime("%Y-%m-%d").tolist()
    ['2020-05-09', '2020-04-27']
    """
    days, _ = parse_date_column(values.astype("string").fillna("").astype(str), DATE_FAMILIES)
    return days


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
        If the file is missing, not CSV, lacks a required column, or has no row that can be
        scored (the message says why the rows were skipped).
    """
    path = Path(path)
    if not path.is_file():
        raise ImportFormatError(f"{path} is a folder, not an ACLED CSV file" if path.is_dir()
                                else f"ACLED file not found: {path}")
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
    if not usable.any():
        undated = gold["event_date"].isna()
        reasons = []
        if undated.any():
            reasons.append(f"{int(undated.sum())} with an event_date not in the file's date format (first "
                           f"{raw['event_date'][undated].iloc[0]!r})")
        if (gold["notes"] == "").any():
            reasons.append(f"{int((gold['notes'] == '').sum())} with empty notes")
        why = f"all {len(gold)} row(s) were skipped, " + " and ".join(reasons) if len(gold) else \
            "the file has no data rows"
        raise ImportFormatError(f"{path.name}: no row can be scored: {why}")
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


def predict_events(notes: str, published: dt.date, doc_id: str) -> pd.DataFrame:
    """Run the extractor on one note; returns its event table (EVENT_COLUMNS)."""
    from events import extract_events
    from events.article import parse_article

    events, _figures = extract_events(parse_article(notes, published=published, doc_id=doc_id))
    return events


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
        "actor1": (gold["actor1"], as_text(event.get("actor1"))),
        "country": (gold["country"], as_text(event.get("country"))),
        "location_25km": (f"{gold['latitude']},{gold['longitude']}", _place(gold, event)),
        "fatalities": (gold["fatalities"], event.get("fatalities")),
        "event_date": (gold["event_date"].date(), event.get("event_date")),
    }
    wrong = [f"{k}: {shown[k][0]!s} != {shown[k][1]!s}" for k, ok in verdict.items() if not ok]
    return head + ("; " + "; ".join(wrong) if wrong else "")


def _place(gold: dict, event: dict) -> str:
    """Return the predicted place for the report: name, point and distance to the gold."""
    lat, lon = as_number(event.get("latitude")), as_number(event.get("longitude"))
    name = as_text(event.get("location")) or "(no place)"
    if lat is None or lon is None:
        return name
    km = haversine_km(gold["latitude"], gold["longitude"], lat, lon)
    return f"{name} {lat:.4f},{lon:.4f} ({km:.0f} km)"
