"""Columns, dtypes and allowed values of the event table and the figure table.

The event table uses ACLED's column names wherever ACLED has the field (ACLED Codebook 2023,
§ "Data columns"); our additions use plain words. Unknown values are empty (``<NA>``/``NaT``/
``NaN``), never 0 and never a made-up day.
"""

from __future__ import annotations

from enum import Enum, IntEnum

import pandas as pd

from .errors import SchemaError


class TimePrecision(IntEnum):
    """ACLED ``time_precision``: how exactly the date is known (ACLED Codebook 2023)."""

    DAY = 1
    WEEK = 2
    MONTH_OR_VAGUER = 3


class GeoPrecision(IntEnum):
    """ACLED ``geo_precision``: how exactly the place is known (ACLED Codebook 2023)."""

    PLACE = 1  # the named place itself
    NEAR_OR_PART = 2  # near the named place, or a part of it
    REGION = 3  # a larger region, represented by a point inside it


class Certainty(str, Enum):
    """How sure the source is that the event happened."""

    CONFIRMED = "confirmed"  # stated as fact, or confirmed by the asserting party
    ASSESSED = "assessed"  # an estimate or intelligence assessment
    CLAIMED = "claimed"  # claimed by a party to the fight
    ALLEGED = "alleged"  # an accusation
    UNVERIFIED = "unverified"  # "without providing evidence", "could not be verified"
    PLANNED = "planned"  # an intention or announcement of a future step


PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
"""PLOVER's 16 event categories (PLOVER codebook v1.3; armed clashes are ASSAULT)."""

ACLED_EVENT_TYPES = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ),
}
"""ACLED event types and their sub-event types (ACLED Codebook 2023, Table 1)."""

EVENT_COLUMNS: dict[str, str] = {
    "event_id": "string",
    "event_date": "datetime64[ns]",
    "date_start": "datetime64[ns]",
    "date_end": "datetime64[ns]",
    "time_precision": "Int64",
    "plover_type": "string",
    "event_type": "string",
    "sub_event_type": "string",
    "actor1": "string",
    "assoc_actor_1": "string",
    "inter1": "Int64",
    "actor2": "string",
    "assoc_actor_2": "string",
    "inter2": "Int64",
    "country": "string",
    "iso3": "string",
    "admin1": "string",
    "location": "string",
    "latitude": "float64",
    "longitude": "float64",
    "geo_precision": "Int64",
    "fatalities": "Int64",
    "fatalities_qualifier": "string",
    "fatalities_low": "Int64",
    "fatalities_high": "Int64",
    "certainty": "string",
    "attributed_to": "string",
    "sentence": "string",
    "doc_id": "string",
    "source": "string",
    "source_url": "string",
    "notes": "string",
    "tags": "string",
    "dataset": "string",
}
"""Event table columns → pandas dtype. Dates are days (no time of day), WGS84 degrees."""

FIGURE_COLUMNS: dict[str, str] = {
    "figure_id": "string",
    "event_id": "string",
    "doc_id": "string",
    "subject": "string",
    "metric": "string",
    "value": "Float64",
    "unit": "string",
    "qualifier": "string",
    "label": "string",
    "part_of": "string",
    "country": "string",
    "iso3": "string",
    "location": "string",
    "date_start": "datetime64[ns]",
    "date_end": "datetime64[ns]",
    "certainty": "string",
    "attributed_to": "string",
    "sentence": "string",
}
"""Figure table columns → pandas dtype."""

QUALIFIERS = ("exactly", "approximately", "more than", "at least", "less than", "at most", "up to")
"""Hedges a figure can carry; ``exactly`` is an unhedged number."""

DATASETS = ("article", "acled", "gdelt", "ucdp")

_ALLOWED = {
    "time_precision": {p.value for p in TimePrecision},
    "geo_precision": {p.value for p in GeoPrecision},
    "certainty": {c.value for c in Certainty},
    "plover_type": set(PLOVER_TYPES),
    "event_type": set(ACLED_EVENT_TYPES),
    "dataset": set(DATASETS),
    "qualifier": set(QUALIFIERS),
}


def empty_events() -> pd.DataFrame:
    """Return an event table with no rows and the schema's columns and dtypes.

    Returns
    -------
    pandas.DataFrame
        Columns and dtypes of :data:`EVENT_COLUMNS`, zero rows.
    """
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in EVENT_COLUMNS.items()})


def empty_figures() -> pd.DataFrame:
    """Return a figure table with no rows and the schema's columns and dtypes.

    Returns
    -------
    pandas.DataFrame
        Columns and dtypes of :data:`FIGURE_COLUMNS`, zero rows.
    """
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in FIGURE_COLUMNS.items()})


def to_schema(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Return ``frame`` with exactly the schema's columns, in order, cast to their dtypes.

    Missing columns are added empty; extra columns are dropped.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any frame whose columns are a subset or superset of ``columns``.
    columns : dict of str to str
        :data:`EVENT_COLUMNS` or :data:`FIGURE_COLUMNS`.

    Returns
    -------
    pandas.DataFrame
        A new frame with the columns of ``columns`` in order and their dtypes.

    Raises
    ------
    SchemaError
        If a column cannot be converted to its dtype.
    """
    out = {}
    n = len(frame)
    for name, dtype in columns.items():
        values = frame[name] if name in frame else pd.Series([None] * n, index=frame.index, dtype="object")
        try:
            if dtype.startswith("datetime64"):
                out[name] = pd.to_datetime(values, errors="raise").astype(dtype)
            elif dtype in ("Int64", "Float64", "float64"):
                out[name] = pd.to_numeric(values, errors="raise").astype(dtype)
            else:
                out[name] = values.astype(dtype)
        except (ValueError, TypeError) as exc:
            raise SchemaError(f"column {name!r} cannot be read as {dtype}: {exc}") from exc
    return pd.DataFrame(out, index=frame.index).reset_index(drop=True)


def from_records(rows: list[dict], columns: dict[str, str]) -> pd.DataFrame:
    """Build a schema table from row dicts (missing keys are empty), faster than :func:`to_schema`.

    Parameters
    ----------
    rows : list of dict
        One dict per row; values are Python scalars, ``datetime.date`` or None.
    columns : dict of str to str
        :data:`EVENT_COLUMNS` or :data:`FIGURE_COLUMNS`.

    Returns
    -------
    pandas.DataFrame
        The columns of ``columns`` in order, with their dtypes.

    Raises
    ------
    SchemaError
        If a value cannot be stored in its column's dtype.
    """
    data = {}
    for name, dtype in columns.items():
        values = [row.get(name) for row in rows]
        try:
            if dtype.startswith("datetime64"):
                data[name] = pd.Series(pd.to_datetime(values), dtype=dtype)
            else:
                data[name] = pd.Series(pd.array(values, dtype=dtype) if dtype != "float64" else
                                       [float("nan") if v is None else float(v) for v in values], dtype=dtype)
        except (ValueError, TypeError) as exc:
            raise SchemaError(f"column {name!r} cannot be read as {dtype}: {exc}") from exc
    return pd.DataFrame(data)


def _check_allowed(frame: pd.DataFrame, columns: dict[str, str], table: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SchemaError(f"{table} table lacks columns: {', '.join(missing)}")
    for name, dtype in columns.items():
        if str(frame[name].dtype) != dtype:
            raise SchemaError(f"{table} column {name!r} has dtype {frame[name].dtype}, expected {dtype}")
    for name, allowed in _ALLOWED.items():
        if name in frame:
            bad = set(frame[name].dropna().unique()) - allowed
            if bad:
                raise SchemaError(f"{table} column {name!r} has values outside the schema: {sorted(map(str, bad))}")


def validate_events(events: pd.DataFrame) -> pd.DataFrame:
    """Check an event table against the schema and return it unchanged.

    Parameters
    ----------
    events : pandas.DataFrame
        An event table (columns of :data:`EVENT_COLUMNS`).

    Returns
    -------
    pandas.DataFrame
        ``events`` itself, so the call can be chained.

    Raises
    ------
    SchemaError
        If a column is missing or has the wrong dtype, a coded value is outside its allowed set,
        an ``event_id`` repeats, a date window is reversed, a coordinate is out of range, or a
        fatality count is negative.
    """
    _check_allowed(events, EVENT_COLUMNS, "event")
    if events["event_id"].isna().any() or events["event_id"].duplicated().any():
        raise SchemaError("event table has empty or repeated event_id values")
    reversed_window = events["date_start"] > events["date_end"]
    if reversed_window.fillna(False).any():
        raise SchemaError("event table has a date_start after its date_end")
    lat_bad = ~events["latitude"].between(-90, 90) & events["latitude"].notna()
    lon_bad = ~events["longitude"].between(-180, 180) & events["longitude"].notna()
    if lat_bad.any() or lon_bad.any():
        raise SchemaError("event table has a latitude or longitude outside WGS84 range")
    for column in ("fatalities", "fatalities_low", "fatalities_high"):
        if (events[column].dropna() < 0).any():
            raise SchemaError(f"event table has negative {column}")
    return events


def validate_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """Check a figure table against the schema and return it unchanged.

    Parameters
    ----------
    figures : pandas.DataFrame
        A figure table (columns of :data:`FIGURE_COLUMNS`).

    Returns
    -------
    pandas.DataFrame
        ``figures`` itself.

    Raises
    ------
    SchemaError
        If a column is missing or has the wrong dtype, a qualifier or certainty is outside its
        allowed set, a ``figure_id`` repeats, or ``part_of`` names a figure not in the table.
    """
    _check_allowed(figures, FIGURE_COLUMNS, "figure")
    if figures["figure_id"].isna().any() or figures["figure_id"].duplicated().any():
        raise SchemaError("figure table has empty or repeated figure_id values")
    dangling = set(figures["part_of"].dropna()) - set(figures["figure_id"])
    if dangling:
        raise SchemaError(f"figure table part_of names unknown figures: {sorted(dangling)}")
    return figures
