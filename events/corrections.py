"""Corrected values: checked against the schema, and places looked up in the gazetteer.

Every value an analyst gives (as text from the CLI or the dashboard, or as a Python value) is
converted to the column's type and checked against the schema's enumerations and ranges before
anything is written; a place is chosen among the gazetteer's candidates by name, optionally
qualified by its country ("Tripoli, Lebanon").
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import cache

import pandas as pd

from .errors import ReviewError, SchemaError
from .overlay import TABLES, plain
from .schema import _ALLOWED as ALLOWED  # the schema's enumerations, so both always agree
from .schema import ACLED_EVENT_TYPES, QUALIFIERS, to_schema, validate_events, validate_figures

FIXED_FIELDS = ("event_id", "figure_id", "doc_id", "dataset")
"""Columns no correction may change: they identify the row and where it comes from."""
ALLOWED_VALUES = {
    **ALLOWED,
    "sub_event_type": {s for subs in ACLED_EVENT_TYPES.values() for s in subs},
    "inter1": set(range(1, 9)),
    "inter2": set(range(1, 9)),
    "fatalities_qualifier": set(QUALIFIERS),
}
"""Coded columns → the values a correction may give them (the schema's enumerations)."""
RANGES = {"latitude": (-90.0, 90.0), "longitude": (-180.0, 180.0), "fatalities": (0, None), "value": (0, None)}
"""Numeric columns → (lowest, highest) allowed value; None is unbounded."""



INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
"""The range of the schema's nullable ``Int64`` columns."""
_DIGITS = re.compile(r"[+-]?[0-9]+")


def _whole_number(value, text: str) -> int:
    """Return a whole number given as digits, an int, or a float with no fraction; else ValueError."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        return int(value)
    if isinstance(value, int) or hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "iu":
        return int(value)
    if not _DIGITS.fullmatch(text):
        raise ValueError
    return int(text)


def parse_value(kind: str, name: str, value):
    """Check one corrected value against the schema and return it as a JSON value.

    Parameters
    ----------
    kind : {"event", "figure"}
        The table.
    name : str
        A column of that table, not one of :data:`FIXED_FIELDS`.
    value : object
        The new value: text (as typed in the CLI or dashboard) or a Python value; ``None`` or
        ``""`` empties the field (unknown).

    Returns
    -------
    None, str, int or float
        Dates as ``YYYY-MM-DD`` text.

    Raises
    ------
    ReviewError
        If the column is unknown or fixed, or the value has the wrong type, is outside the
        allowed values (:data:`ALLOWED_VALUES`) or range (:data:`RANGES`).

    Notes
    -----
    A whole-number column (``Int64``: ``fatalities``, ``inter1``, ``geo_precision``, …) takes
    text written in digits only ("12"); "1e3", "12.0" and "1,000" are refused rather than
    guessed, and so is a number outside the 64-bit range. A Python ``int``, or a ``float`` with no
    fraction, is taken as it is.

    Examples
    --------
    >>> parse_value("event", "fatalities", "12")
    12
    >>> parse_value("event", "fatalities", "1e3")
    Traceback (most recent call last):
    events.errors.ReviewError: fatalities must be a whole number written in digits, got '1e3'
    """
    _, columns = TABLES[kind]
    if name not in columns:
        raise ReviewError(f"{kind} table has no column {name!r}")
    if name in FIXED_FIELDS:
        raise ReviewError(f"{name} identifies the row and cannot be corrected")
    if value is None or value is pd.NA or (isinstance(value, str) and not value.strip()):
        return None
    dtype = columns[name]
    text = str(value).strip()
    try:
        if dtype.startswith("datetime64"):
            out = (value if isinstance(value, dt.date) else dt.date.fromisoformat(text)).strftime("%Y-%m-%d")
        elif dtype == "Int64":
            out = _whole_number(value, text)
            if not INT64_MIN <= out <= INT64_MAX:
                raise ReviewError(f"{name} must fit a 64-bit integer (at most {INT64_MAX}), got {text}")
        elif dtype in ("float64", "Float64"):
            out = float(text)
            if not math.isfinite(out):
                raise ValueError
        else:
            out = text
    except (ValueError, TypeError, AttributeError):
        what = {"Int64": "a whole number written in digits", "float64": "a number", "Float64": "a number"}.get(
            dtype, "a YYYY-MM-DD date" if dtype.startswith("datetime64") else "text")
        raise ReviewError(f"{name} must be {what}, got {value!r}") from None
    allowed = ALLOWED_VALUES.get(name)
    if allowed is not None and out not in allowed:
        raise ReviewError(f"{name} must be one of {', '.join(map(str, sorted(allowed, key=str)))}; got {out!r}")
    low, high = RANGES.get(name, (None, None))
    if (low is not None and out < low) or (high is not None and out > high):
        raise ReviewError(f"{name} must be between {low} and {high}, got {out}" if high is not None
                          else f"{name} must be at least {low}, got {out}")
    return out


def find_places(name: str, limit: int = 10) -> list:
    """Return the gazetteer's places of a name, most likely first (no article context).

    Parameters
    ----------
    name : str
        A place name ("Tripoli"), optionally qualified after a comma by a country name, ISO3
        code or admin-1 name ("Tripoli, Lebanon", "Tripoli, LBN", "Alexandria, Virginia").
    limit : int
        Most places returned.

    Returns
    -------
    list of events.reference.gazetteer.Place
        Candidates (location, feature, country, iso3, admin1, latitude, longitude in WGS84
        degrees); empty if none matches.

    Examples
    --------
    >>> [p.iso3 for p in find_places("Tripoli, Lebanon")]
    ['LBN']
    """
    from .reference.lexicon import normalize_key
    from .reference.gazetteer import PlaceContext, place_from_row, rank_candidates

    def ranked(text: str) -> list:
        return [place_from_row(r) for _, r in rank_candidates(normalize_key(text), PlaceContext.empty())]

    found = ranked(name) if name.strip() else []
    base, sep, qualifier = name.rpartition(",")
    if not found and sep and base.strip():
        q = qualifier.strip().casefold()
        found = [p for p in ranked(base) if q in {(p.country or "").casefold(), (p.iso3 or "").casefold(),
                                                  (p.admin1 or "").casefold()}]
    return found[:limit]


def place_label(place) -> str:
    """Return how a gazetteer place is written to pick it: ``"Tripoli, Lebanon"`` style text plus details."""
    return (f"{place.location}, {place.country or place.iso3} — {place.feature}"
            f"{', ' + place.admin1 if place.admin1 and place.admin1 != place.location else ''}"
            f" ({place.latitude:.3f}, {place.longitude:.3f})")


def place_fields(name: str, kind: str = "event") -> dict:
    """Return the place columns for a gazetteer name, to correct a row's place in one step.

    Parameters
    ----------
    name : str
        A place name known to the gazetteer, optionally qualified (see :func:`find_places`):
        "Bakhmut", "Tripoli, Lebanon". The most likely candidate is taken.
    kind : {"event", "figure"}
        The table; figures carry only ``location``, ``country`` and ``iso3``.

    Returns
    -------
    dict
        ``location``, ``admin1``, ``country``, ``iso3``, ``latitude``, ``longitude`` (WGS84
        degrees) and ``geo_precision`` (events), restricted to the table's columns.

    Raises
    ------
    ReviewError
        If the gazetteer has no place of that name (and qualifier).
    """
    found = find_places(name, limit=1)
    if not found:
        base = name.rpartition(",")[0].strip()
        others = "; ".join(place_label(p) for p in find_places(base, limit=4)) if base else ""
        raise ReviewError(f"no place named {name!r} in the gazetteer" + (f" (there is: {others})" if others else ""))
    return place_values(found[0], kind)


def place_values(place, kind: str = "event") -> dict:
    """Return a gazetteer place as the place columns of a row (see :func:`place_fields`)."""
    fields = {"location": place.location, "admin1": place.admin1, "country": place.country, "iso3": place.iso3,
              "latitude": place.latitude, "longitude": place.longitude, "geo_precision": place.geo_precision}
    return {k: v for k, v in fields.items() if k in TABLES[kind][1]}


def places_table(places) -> pd.DataFrame:
    """Return gazetteer places as a table to choose from.

    Parameters
    ----------
    places : list of events.reference.gazetteer.Place
        E.g. from :func:`find_places`.

    Returns
    -------
    pandas.DataFrame
        Columns ``type`` (what to type in a place field: "Tripoli, Lebanon"), ``label``
        (:func:`place_label`), ``latitude``, ``longitude`` (float64, WGS84 degrees), one row per
        place in order.
    """
    return pd.DataFrame({"type": [f"{p.location}, {p.country or p.iso3}" for p in places],
                         "label": [place_label(p) for p in places],
                         "latitude": pd.Series([p.latitude for p in places], dtype="float64"),
                         "longitude": pd.Series([p.longitude for p in places], dtype="float64")})


def parse_assignments(text: str) -> dict:
    """Return ``"field=value; field=value"`` as a dict (values stay text, checked by :func:`correct`).

    Raises
    ------
    ReviewError
        If a piece has no ``=`` or no field name.

    Examples
    --------
    >>> parse_assignments("place=Bakhmut; fatalities=2")
    {'place': 'Bakhmut', 'fatalities': '2'}
    """
    out = {}
    for piece in text.split(";"):
        if not piece.strip():
            continue
        name, sep, value = piece.partition("=")
        if not sep or not name.strip():
            raise ReviewError(f"expected FIELD=VALUE, got {piece.strip()!r}")
        out[name.strip()] = value.strip()
    return out


def check_row(kind: str, row: pd.Series, changes: dict) -> None:
    """Check a row with ``changes`` applied against the schema.

    Parameters
    ----------
    kind : {"event", "figure"}
        The table.
    row : pandas.Series
        The row as reviewed (the table's columns).
    changes : dict
        Column → new JSON value, as from :func:`parse_changes`.

    Raises
    ------
    ReviewError
        One line naming the row: the schema's own checks (:func:`events.schema.validate_events`:
        date window order, coordinates, fatalities ≥ 0), a sub-event type that is not of the event
        type, or an ``event_date`` outside the window.
    """
    key, columns = TABLES[kind]
    values = {c: plain(row[c]) for c in columns}
    values.update(changes)
    frame = to_schema(pd.DataFrame([values]), columns)
    if kind == "figure":  # part_of names another row, not in this one-row frame
        frame["part_of"] = pd.Series([pd.NA], dtype="string")
    try:
        (validate_events if kind == "event" else validate_figures)(frame)
    except SchemaError as exc:
        raise ReviewError(f"{row[key]}: {exc}") from None
    check_country(kind, row, changes)
    check_coordinates(kind, row, values, changes)
    if kind == "event":
        etype, sub = values.get("event_type"), values.get("sub_event_type")
        if etype and sub and sub not in ACLED_EVENT_TYPES[etype]:
            raise ReviewError(f"{row[key]}: sub_event_type {sub!r} is not a kind of {etype!r}")
        start, end, day = values.get("date_start"), values.get("date_end"), values.get("event_date")
        if day and ((start and day < start) or (end and day > end)):
            raise ReviewError(f"{row[key]}: event_date {day} is outside the window {start or '…'} – {end or '…'}")


@cache
def _countries() -> tuple[dict, dict]:
    """Return (name or alias, casefolded → (name, iso3)) and (ISO3 → (name, iso3)) from ``data/countries.csv``."""
    from .reference.lexicon import read_table

    by_name, by_iso3 = {}, {}
    for row in read_table("countries.csv").to_dict("records"):
        pair = (row["name"], row["iso3"])
        by_iso3[row["iso3"].upper()] = pair
        for name in [row["name"], *row["aliases"].split("|")]:
            if name.strip():
                by_name.setdefault(name.strip().casefold(), pair)
    return by_name, by_iso3


def parse_country(country=None, iso3=None) -> dict:
    """Return the ``country`` and ``iso3`` of a corrected country, each filled from the other.

    Parameters
    ----------
    country : str, optional
        A country name or alias of ``data/countries.csv`` ("Russia", "the UK"), written as its name.
    iso3 : str, optional
        An ISO 3166-1 alpha-3 code of that file ("RUS").

    Returns
    -------
    dict
        ``country`` and ``iso3``; both None when neither is given (the country is unknown).

    Raises
    ------
    ReviewError
        If a name or code is not in ``data/countries.csv``, or the two name different countries.

    Examples
    --------
    >>> parse_country("the UK")
    {'country': 'United Kingdom', 'iso3': 'GBR'}
    >>> parse_country(iso3="lbn")
    {'country': 'Lebanon', 'iso3': 'LBN'}
    """
    by_name, by_iso3 = _countries()
    named = coded = None
    if country:
        named = by_name.get(country.strip().casefold())
        if named is None:
            raise ReviewError(f"country {country!r} is not in data/countries.csv (give its name, e.g. 'Lebanon')")
    if iso3:
        coded = by_iso3.get(iso3.strip().upper())
        if coded is None:
            raise ReviewError(f"iso3 {iso3!r} is not a code of data/countries.csv (e.g. 'LBN')")
    if named and coded and named != coded:
        raise ReviewError(f"country {named[0]!r} is {named[1]}, not {coded[1]}")
    name, code = named or coded or (None, None)
    return {"country": name, "iso3": code}


def parse_changes(kind: str, fields: dict) -> dict:
    """Return column → checked JSON value for the fields of a correction; ``place`` expands to the place columns.

    A ``country`` or ``iso3`` given without a ``place`` is checked against ``data/countries.csv``
    (:func:`parse_country`) and sets the other one too, so the two always agree.

    Raises
    ------
    ReviewError
        As :func:`parse_value`, :func:`place_fields` and :func:`parse_country`.
    """
    fields = dict(fields)
    place = fields.pop("place", None)
    out = place_fields(place, kind) if place else {}
    country = {k: fields.pop(k) for k in ("country", "iso3") if k in fields}
    out.update({name: parse_value(kind, name, value) for name, value in fields.items()})
    if country:
        checked = {k: parse_value(kind, k, v) for k, v in country.items()}
        out.update(parse_country(checked.get("country"), checked.get("iso3")))
    return out


PLACE_COLUMNS = ("location", "admin1", "latitude", "longitude", "geo_precision")
"""The place columns besides ``country`` and ``iso3``."""


def check_coordinates(kind: str, row: pd.Series, values: dict, changes: dict) -> None:
    """Refuse coordinates that would contradict the row's place or come without their pair.

    Raises
    ------
    ReviewError
        If only one of ``latitude``/``longitude`` would be set, or coordinates change while the
        ``location`` stays (a point at -80° for "Gao"); the message suggests ``place=NAME``.
    """
    key, columns = TABLES[kind]
    if "latitude" not in columns:
        return
    if (values.get("latitude") is None) != (values.get("longitude") is None):
        raise ReviewError(f"{row[key]}: latitude and longitude go together; set both, or the place (place=NAME)")
    moved = {"latitude", "longitude"} & set(changes)
    if moved and "location" not in changes and plain(row.get("location")) is not None:
        raise ReviewError(f"{row[key]}: new coordinates would no longer be {plain(row['location'])!r}; set the place "
                          f"instead (place=NAME from the gazetteer), or give location, latitude and longitude together")


def check_country(kind: str, row: pd.Series, changes: dict) -> None:
    """Refuse a new country for a row whose place stays in the old one (its location and coordinates).

    Raises
    ------
    ReviewError
        If ``changes`` set another ``country``/``iso3`` while the row keeps a location or
        coordinates; the message suggests correcting the place instead.
    """
    key, columns = TABLES[kind]
    if "iso3" not in changes or changes["iso3"] == plain(row.get("iso3")):
        return
    kept = [c for c in PLACE_COLUMNS if c in columns and c not in changes and plain(row[c]) is not None]
    if {"location", "latitude", "longitude"} & set(kept):
        where = plain(row["location"]) or "its coordinates"
        raise ReviewError(f"{row[key]}: a new country alone would leave the place {where!r} in "
                          f"{plain(row.get('country')) or 'another country'}; set the place instead "
                          f"(e.g. place={changes['country'] or 'a town'}, for the country as a whole)")


def derive_inter_codes(kind: str, row: pd.Series, changes: dict) -> dict:
    """Return ``changes`` with the inter codes of corrected actors, unless the reviewer set them.

    A corrected ``actor1``/``actor2`` takes the ACLED inter code of that actor in the event's
    country (:func:`events.reference.actors.inter_code`: "Al Shabaab" is 2, rebel group), and an
    actor the dictionary does not know leaves the code empty — never the old actor's code.

    Parameters
    ----------
    kind : str
        ``"event"`` or ``"figure"`` (figures have no inter codes: returned unchanged).
    row : pandas.Series
        The reviewed row before the correction.
    changes : dict
        Column → checked value (:func:`parse_changes`).

    Returns
    -------
    dict
        A new dict.
    """
    from .reference.actors import inter_code, resolve_actor

    out = dict(changes)
    if kind != "event":
        return out
    iso3 = plain(out.get("iso3", row.get("iso3")))
    for n in (1, 2):
        if f"actor{n}" in out and f"inter{n}" not in out:
            name = out[f"actor{n}"]
            out[f"inter{n}"] = inter_code(resolve_actor(name), iso3) if name else None
    return out
