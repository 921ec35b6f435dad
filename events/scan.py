"""Read only the events a filter keeps from the store, with Parquet filter pushdown.

:func:`query_events` gives the same rows as ``filter_events(load_events(store), selection)``
(:func:`events.query.filter_events`) but lets pyarrow read just the filter's columns first and
materialise only the matching rows and the requested columns, which is what keeps a query on a
store of a million events fast.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads

from .errors import EventsError, StoreError
from .query import ASSOC_SEPARATOR, EventFilter
from .schema import ACLED_EVENT_TYPES, DATASETS, EVENT_COLUMNS, PLOVER_TYPES, Certainty, to_schema
from .store import events_path, resolve_store


DICTIONARY_COLUMNS = ("plover_type", "event_type", "sub_event_type", "actor1", "actor2",
                      "country", "iso3", "admin1", "location", "fatalities_qualifier", "certainty",
                      "attributed_to", "doc_id", "source", "tags", "dataset")
"""Text columns with few distinct values, read as Arrow dictionaries (codes, not strings) until
the matching rows are known, so a filtered read of a million rows decodes far less text. A column
the filter tests is read as text instead: Parquet statistics (which let a read skip row groups)
apply only to the stored type."""

_FACET_COLUMNS = {"actors": ("actor1", "actor2"), "event_types": ("plover_type", "event_type"),
                  "countries": ("country",), "certainties": ("certainty",), "sources": ("doc_id",),
                  "datasets": ("dataset",)}


def _day(value) -> pa.Scalar:
    return pa.scalar(pd.Timestamp(value).as_unit("ns"), type=pa.timestamp("ns"))


def filter_expression(selection: EventFilter) -> pc.Expression | None:
    """Return the pyarrow expression that keeps the events ``selection`` keeps.

    Parameters
    ----------
    selection : EventFilter
        The filter.

    Returns
    -------
    pyarrow.compute.Expression or None
        None for an empty filter. The facets follow :func:`events.query.filter_mask` exactly:
        alternatives within a facet, *and* between facets; the date window of an event is
        ``date_start``/``date_end``, a missing bound taking the other, both missing taking
        ``event_date``; an undated event never matches a date range.
    """
    f = pc.field
    parts = []
    if selection.actors:
        names = "|".join(re.escape(a) for a in selection.actors)
        sep = re.escape(ASSOC_SEPARATOR)
        pattern = f"(?:^|{sep})(?:{names})(?:{sep}|$)"
        actors = list(selection.actors)
        parts.append(f("actor1").isin(actors) | f("actor2").isin(actors)
                     | pc.match_substring_regex(f("assoc_actor_1"), pattern)
                     | pc.match_substring_regex(f("assoc_actor_2"), pattern))
    if selection.event_types:
        types = list(selection.event_types)
        parts.append(f("plover_type").isin(types) | f("event_type").isin(types))
    for field, column in (("countries", "country"), ("certainties", "certainty"), ("sources", "doc_id"),
                          ("datasets", "dataset")):
        values = getattr(selection, field)
        if values:
            parts.append(f(column).isin(list(values)))
    if selection.has_dates:
        start = pc.coalesce(f("date_start"), f("date_end"), f("event_date"))
        end = pc.coalesce(f("date_end"), f("date_start"), f("event_date"))
        parts.append(start.is_valid())
        if selection.date_to is not None:
            parts.append(start <= _day(selection.date_to))
        if selection.date_from is not None:
            parts.append(end >= _day(selection.date_from))
    if not parts:
        return None
    expression = parts[0]
    for part in parts[1:]:
        expression = expression & part
    return expression


def query_events(selection: EventFilter, store: str | os.PathLike | None = None,
                 columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Return the stored events that ``selection`` keeps, reading only what is needed.

    Parameters
    ----------
    selection : EventFilter
        The filter (an empty one keeps every event).
    store : path-like, optional
        The store folder; default :func:`events.store.resolve_store`.
    columns : sequence of str, optional
        Columns to return (default: all of :data:`events.schema.EVENT_COLUMNS`).

    Returns
    -------
    pandas.DataFrame
        The matching events in store order (by ``event_id``), with the requested columns in
        schema dtypes; no rows if the store is empty or missing.

    Raises
    ------
    StoreError
        If the events file exists but cannot be read.
    """
    wanted = {c: EVENT_COLUMNS[c] for c in (columns or EVENT_COLUMNS)}
    path = events_path(store)
    if not path.exists():
        return to_schema(pd.DataFrame(), wanted)
    try:
        tested = {c for facet, columns in _FACET_COLUMNS.items() if getattr(selection, facet) for c in columns}
        codes = [c for c in DICTIONARY_COLUMNS if c not in tested]
        parquet = pads.ParquetFileFormat(read_options=pads.ParquetReadOptions(dictionary_columns=codes))
        dataset = pads.dataset(path, format=parquet)
        present = set(dataset.schema.names)
        table = dataset.to_table(columns=[c for c in wanted if c in present], filter=filter_expression(selection))
    except (pa.ArrowException, OSError) as exc:
        raise StoreError(f"cannot read {path}: {exc}") from exc
    return to_schema(table.to_pandas(), wanted)


def check_selection(selection: EventFilter, store: str | os.PathLike | None = None) -> EventFilter:
    """Check a filter typed by a person (the ``export`` options) against the store and our names.

    Parameters
    ----------
    selection : EventFilter
        The filter as typed.
    store : path-like, optional
        The store folder; default :func:`events.store.resolve_store`.

    Returns
    -------
    EventFilter
        ``selection`` with datasets in lower case and each country as the store writes it (a
        store value in any letter case), else the ``data/countries.csv`` name of a country name,
        alias or ISO3 code (``UKR``, ``ukraine`` → ``Ukraine``).

    Raises
    ------
    StoreError
        If there is no store at ``store`` (no events file).
    EventsError
        If a dataset is not one of :data:`events.schema.DATASETS`, or a country is neither in
        the store nor a known country name or ISO3 code, or an event type or certainty is not one
        of ours (PLOVER categories, ACLED event types; :class:`events.schema.Certainty`);
        those are matched in any letter case.
    """
    from .datasets.countries import resolve_country_name

    folder = resolve_store(store)
    if not events_path(folder).is_file():
        raise StoreError(f"no event store at {folder} (no store.json or events file); import or ingest something first")
    datasets = []
    for value in selection.datasets:
        if value.lower() not in DATASETS:
            raise EventsError(f"unknown dataset {value!r}; expected one of {', '.join(DATASETS)}")
        datasets.append(value.lower())
    countries = []
    if selection.countries:
        stored = query_events(EventFilter(), store=store, columns=["country"])["country"].dropna().unique()
        by_key = {str(c).lower(): str(c) for c in stored}
        for value in selection.countries:
            name = by_key.get(value.lower()) or resolve_country_name(value)
            if name is None:
                raise EventsError(f"unknown country {value!r}; give a country name or ISO3 code (e.g. Ukraine or UKR)")
            countries.append(by_key.get(name.lower(), name))
    types = tuple(_canonical(value, _known_types(), "event type", "a PLOVER category or an ACLED event type (e.g. ASSAULT or Battles)")
                  for value in selection.event_types)
    certainties = tuple(_canonical(value, [c.value for c in Certainty], "certainty", ", ".join(c.value for c in Certainty))
                        for value in selection.certainties)
    return dataclasses.replace(selection, datasets=tuple(datasets), countries=tuple(countries),
                               event_types=types, certainties=certainties)


def _known_types() -> list[str]:
    """PLOVER categories and ACLED event types: the values ``--type`` can name."""
    return [*PLOVER_TYPES, *ACLED_EVENT_TYPES]


def _canonical(value: str, known: list[str], what: str, expected: str) -> str:
    """Return the known value a typed one names in any letter case, or raise EventsError."""
    by_key = {k.lower(): k for k in known}
    if value.lower() not in by_key:
        raise EventsError(f"unknown {what} {value!r}; expected {expected}")
    return by_key[value.lower()]
