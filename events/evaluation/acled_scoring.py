"""Comparison rules for ``acled-notes``: type crosswalks, name normalisation, the event rule.

See :mod:`events.evaluation.acled_notes` for what each measure means; this module holds the
pieces that decide "same" for one gold row and one extracted event.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd

from ..reference.actors import canonical_actor_name
from ..geo import haversine_km
from .spans import is_missing

LOCATION_KM = 25.0
MEASURES = ("event_type", "actor1", "country", "location_25km", "fatalities", "event_date")
_DATA_DIR = Path(__file__).resolve().parents[2] / "data"


@functools.cache
def _legacy_types() -> dict[str, tuple[str, ...]]:
    """Old or current ACLED event type → current event types (package CSV)."""
    out: dict[str, tuple[str, ...]] = {}
    with open(_DATA_DIR / "acled_legacy_event_types.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = row["legacy_event_type"].strip().lower()
            out[key] = out.get(key, ()) + (row["event_type"].strip(),)
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

    First maps any name the actor dictionary knows to its canonical name
    (:func:`events.reference.actors.canonical_actor_name`: "PKK: Kurdistan Workers Party" and "PKK" are one
    actor). Then drops an ACLED regime period and the faction after it (``Military Forces of Yemen (2016-)
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
    text = canonical_actor_name(text)  # ACLED's house names are aliases in data/actors.csv
    text = _REGIME.sub("", text).lower()
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^the ", "", text)
    return text.replace(" of the ", " of ")


def gold_actor_readings(name: Any) -> set[str]:
    """Return the normalised names a gold actor accepts.

    ACLED names an actor "X and/or Y" when the perpetrator is one of two groups and the sources do
    not say which ("Islamic State (West Africa) and/or Boko Haram ..."); either one is then right.

    >>> sorted(gold_actor_readings("JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)"))
    ['islamic state (greater sahara)', 'jnim']
    """
    if is_missing(name):
        return {""}
    parts = str(name).split(" and/or ")
    return {normalise_actor(p) for p in parts}


def _norm_country(name: Any) -> str:
    """Return a country name folded for comparison."""
    if is_missing(name):
        return ""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(name))).strip().lower().removeprefix("the ")


def predicted_event_type(event: dict) -> str:
    """Return an extracted event's ACLED type: its ``event_type``, else PLOVER crosswalked."""
    own = as_text(event.get("event_type"))
    if own:
        return own
    return plover_to_acled().get(as_text(event.get("plover_type")).upper(), "")


def choose_event(events: pd.DataFrame) -> dict | None:
    """Return the event to compare (see the module notes), or None when there is none."""
    if events is None or len(events) == 0:
        return None
    rows = events.to_dict("records")
    for row in rows:
        if predicted_event_type(row):
            return row
    return rows[0]


def as_text(value: Any) -> str:
    """Return a stripped string, '' for None/NA."""
    if is_missing(value):
        return ""
    return str(value).strip()


def score_row(gold: dict, event: dict | None) -> dict[str, bool]:
    """Return, for one gold row and the chosen event, whether each measure is right."""
    if event is None:
        return dict.fromkeys(MEASURES, False)
    lat, lon = as_number(event.get("latitude")), as_number(event.get("longitude"))
    located = False
    if None not in (lat, lon) and pd.notna(gold["latitude"]) and pd.notna(gold["longitude"]):
        located = haversine_km(gold["latitude"], gold["longitude"], lat, lon) <= LOCATION_KM
    p_iso3 = as_text(event.get("iso3")).upper()
    g_fat = 0 if pd.isna(gold["fatalities"]) else int(gold["fatalities"])
    p_fat = as_number(event.get("fatalities"))
    p_date = event.get("event_date")
    return {
        "event_type": predicted_event_type(event) in gold["event_types"],
        "actor1": normalise_actor(event.get("actor1")) in gold_actor_readings(gold["actor1"]),
        "country": bool(p_iso3 and p_iso3 == gold["iso3"])
        or (_norm_country(event.get("country")) == _norm_country(gold["country"]) != ""),
        "location_25km": located,
        "fatalities": (0 if p_fat is None else int(p_fat)) == g_fat,
        "event_date": p_date is not None and pd.notna(p_date)
        and pd.Timestamp(p_date).date() == gold["event_date"].date(),
    }


def as_number(value: Any) -> float | None:
    """Return a float, None for None/NA/NaN/unparseable."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if out != out else out
