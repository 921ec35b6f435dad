"""The dashboard's selection as one value: :class:`EventFilter`, applied by :func:`filter_events`.

A filter is immutable and hashable, so it can key a cache, be compared, travel through a URL's
query parameters (:func:`to_query_params` / :func:`from_query_params`) and be described in one
English sentence (:func:`describe_filter`) or a file name (:func:`filter_slug`).

Within one facet the chosen values are alternatives (actor A *or* actor B); facets combine with
*and* (actor A, *and* in Ukraine, *and* overlapping May 2023).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from ..schema import Certainty

ASSOC_SEPARATOR = "; "
"""How several associated actors are joined in ``assoc_actor_1`` / ``assoc_actor_2``."""

ACTOR_COLUMNS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
CERTAINTY_ORDER = tuple(c.value for c in Certainty)
"""Certainty values from most to least sure; ``planned`` (not yet happened) last."""

FACET_NAMES = ("actors", "event_types", "countries", "certainties", "sources", "datasets")
"""The :class:`EventFilter` fields that hold a tuple of chosen values."""

_PARAM_NAMES = {
    "actors": "actor",
    "event_types": "type",
    "countries": "country",
    "certainties": "certainty",
    "sources": "source",
    "datasets": "dataset",
    "date_from": "from",
    "date_to": "to",
}


def _tuple(values: Iterable[str] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    return tuple(sorted({str(v).strip() for v in values if v is not None and str(v).strip()}))


@dataclass(frozen=True)
class EventFilter:
    """The whole dashboard selection. An empty filter selects every event.

    Parameters
    ----------
    actors : tuple of str
        Canonical actor names; an event matches when one of them is its ``actor1``, ``actor2`` or
        one of the names in ``assoc_actor_1`` / ``assoc_actor_2`` (joined with ``"; "``).
    event_types : tuple of str
        PLOVER categories (``plover_type``, e.g. ``"ASSAULT"``) and/or ACLED event types
        (``event_type``, e.g. ``"Battles"``); an event matches either column.
    countries : tuple of str
        Country names as in the ``country`` column.
    date_from, date_to : datetime.date, optional
        Inclusive range in days. An event matches when its date window overlaps the range (see
        :func:`filter_events`); an event with no date at all never matches a date filter.
    certainties : tuple of str
        Values of :class:`events.schema.Certainty`.
    sources : tuple of str
        Source articles, as ``doc_id`` values.
    datasets : tuple of str
        Where rows come from (``dataset``: ``article``, ``acled``, ``gdelt``, ``ucdp``).

    Notes
    -----
    Values are stored sorted and de-duplicated, so two filters choosing the same things in a
    different order are equal (and give the same URL and file name).

    Raises
    ------
    ValueError
        If ``date_from`` is after ``date_to``.

    Examples
    --------
    >>> EventFilter(actors=("Wagner Group", "Wagner Group")).actors
    ('Wagner Group',)
    >>> EventFilter().is_empty
    True
    """

    actors: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    certainties: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in FACET_NAMES:
            object.__setattr__(self, name, _tuple(getattr(self, name)))
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if isinstance(value, (dt.datetime, pd.Timestamp)):
                object.__setattr__(self, name, pd.Timestamp(value).date())
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"date_from {self.date_from} is after date_to {self.date_to}")

    @property
    def is_empty(self) -> bool:
        """True when the filter selects every event."""
        return not any(getattr(self, f.name) for f in fields(self))

    @property
    def has_dates(self) -> bool:
        """True when the filter restricts dates (and so drops undated events)."""
        return self.date_from is not None or self.date_to is not None


def date_window(events: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Return each event's date window ``(start, end)``, inclusive, in days.

    ``date_start`` and ``date_end`` are used as stored; an event with neither takes
    ``event_date`` for both. A missing bound stays ``NaT`` and means *open*: ``[NaT, end]`` is
    "on or before ``end``" (e.g. "Wagner has fought in Libya"), ``[start, NaT]`` "on or after".

    Parameters
    ----------
    events : pandas.DataFrame
        Event table with ``date_start``, ``date_end`` and ``event_date`` (datetime64).

    Returns
    -------
    tuple of pandas.Series
        ``start`` and ``end`` (datetime64, ``NaT`` where unknown), indexed like ``events``.
    """
    start, end = events["date_start"], events["date_end"]
    neither = start.isna() & end.isna()
    start = start.where(~neither, events["event_date"])
    end = end.where(~neither, events["event_date"])
    return start, end


def is_undated(events: pd.DataFrame) -> pd.Series:
    """Return a boolean Series: True for events with no date at all (no start, end or event_date)."""
    start, end = date_window(events)
    return start.isna() & end.isna()


def _actor_mask(events: pd.DataFrame, actors: tuple[str, ...]) -> pd.Series:
    mask = events["actor1"].isin(actors) | events["actor2"].isin(actors)
    names = "|".join(re.escape(a) for a in actors)
    pattern = f"(?:^|{re.escape(ASSOC_SEPARATOR)})(?:{names})(?:{re.escape(ASSOC_SEPARATOR)}|$)"
    for column in ("assoc_actor_1", "assoc_actor_2"):
        assoc = events[column]
        mask |= assoc.str.contains(pattern, regex=True).fillna(False).astype(bool)
    return mask


def filter_mask(events: pd.DataFrame, selection: EventFilter) -> pd.Series:
    """Return a boolean Series, True for the events ``selection`` keeps.

    Parameters
    ----------
    events : pandas.DataFrame
        Event table (columns of :data:`events.schema.EVENT_COLUMNS`).
    selection : EventFilter
        The filter to apply.

    Returns
    -------
    pandas.Series of bool
        Indexed like ``events``.
    """
    mask = pd.Series(np.ones(len(events), dtype=bool), index=events.index)
    if selection.actors:
        mask &= _actor_mask(events, selection.actors)
    if selection.event_types:
        mask &= (events["plover_type"].isin(selection.event_types)
                 | events["event_type"].isin(selection.event_types)).fillna(False).astype(bool)
    if selection.countries:
        mask &= events["country"].isin(selection.countries).fillna(False).astype(bool)
    if selection.certainties:
        mask &= events["certainty"].isin(selection.certainties).fillna(False).astype(bool)
    if selection.sources:
        mask &= events["doc_id"].isin(selection.sources).fillna(False).astype(bool)
    if selection.datasets:
        mask &= events["dataset"].isin(selection.datasets).fillna(False).astype(bool)
    if selection.has_dates:
        start, end = date_window(events)
        start, end = start.fillna(end), end.fillna(start)
        mask &= start.notna()
        if selection.date_to is not None:
            mask &= ~(start > pd.Timestamp(selection.date_to))
        if selection.date_from is not None:
            mask &= ~(end < pd.Timestamp(selection.date_from))
    return mask


def filter_events(events: pd.DataFrame, selection: EventFilter) -> pd.DataFrame:
    """Return the events that ``selection`` keeps, in their original order.

    Parameters
    ----------
    events : pandas.DataFrame
        Event table (columns of :data:`events.schema.EVENT_COLUMNS`).
    selection : EventFilter
        The filter to apply; an empty filter returns every row.

    Returns
    -------
    pandas.DataFrame
        The matching rows, same columns and dtypes, original index.

    Notes
    -----
    Date overlap: with a window ``[start, end]`` (see :func:`date_window`) and a range
    ``[date_from, date_to]``, an event matches when ``start <= date_to`` and ``end >= date_from``.
    A window open on one side counts at its known day only ("has fought in Libya", reported on
    22 December 2022, is not matched by a range in 2015); an event with no date at all is excluded.

    Examples
    --------
    >>> from events.schema import empty_events
    >>> len(filter_events(empty_events(), EventFilter(actors=("Wagner Group",))))
    0
    """
    if selection.is_empty:
        return events
    return events[filter_mask(events, selection)]


def filter_figures(figures: pd.DataFrame, selection: EventFilter, event_ids: Iterable[str]) -> pd.DataFrame:
    """Return the figures that go with a filtered view, parts included with their totals.

    A figure linked to an event (``event_id``) is kept when that event is shown. A figure with
    no event is kept when its own fields pass the facets that apply to figures: actor (against
    ``subject``), country, certainty, source article (``doc_id``) and date overlap; a filter on
    event type drops unlinked figures. Parts (``part_of``) of a kept total are kept too.

    Parameters
    ----------
    figures : pandas.DataFrame
        Figure table (columns of :data:`events.schema.FIGURE_COLUMNS`).
    selection : EventFilter
        The dashboard's filter.
    event_ids : iterable of str
        ``event_id`` of the events shown.

    Returns
    -------
    pandas.DataFrame
        The kept rows of ``figures``.
    """
    if selection.is_empty:
        return figures
    linked = figures["event_id"].notna()
    keep = linked & figures["event_id"].isin(set(event_ids)).fillna(False).astype(bool)
    own = ~linked
    if selection.event_types:
        own &= False
    if selection.actors:
        own &= figures["subject"].isin(selection.actors).fillna(False).astype(bool)
    if selection.countries:
        own &= figures["country"].isin(selection.countries).fillna(False).astype(bool)
    if selection.certainties:
        own &= figures["certainty"].isin(selection.certainties).fillna(False).astype(bool)
    if selection.sources:
        own &= figures["doc_id"].isin(selection.sources).fillna(False).astype(bool)
    if selection.datasets and "article" not in selection.datasets:
        own &= False  # figures come from articles
    if selection.has_dates:
        start, end = figures["date_start"], figures["date_end"]
        own &= start.notna() | end.notna()
        if selection.date_to is not None:
            own &= ~(start > pd.Timestamp(selection.date_to))
        if selection.date_from is not None:
            own &= ~(end < pd.Timestamp(selection.date_from))
    keep |= own
    keep |= figures["part_of"].isin(set(figures.loc[keep, "figure_id"])).fillna(False).astype(bool)
    return figures[keep]


def _split_assoc(series: pd.Series) -> pd.Series:
    return series.dropna().str.split(ASSOC_SEPARATOR).explode().str.strip()


def filter_options(events: pd.DataFrame) -> dict[str, list[str]]:
    """Return the values each facet can take in ``events``, for the sidebar's choices.

    Parameters
    ----------
    events : pandas.DataFrame
        Event table.

    Returns
    -------
    dict of str to list of str
        Keys ``actors``, ``event_types`` (PLOVER categories first, then ACLED types),
        ``countries``, ``certainties`` (in :data:`CERTAINTY_ORDER`), ``sources`` (``doc_id``) and
        ``datasets``,
        each sorted and without empty values.
    """
    actors = pd.concat([events["actor1"], events["actor2"],
                        _split_assoc(events["assoc_actor_1"]), _split_assoc(events["assoc_actor_2"])])
    present = set(events["certainty"].dropna())
    return {
        "actors": sorted(set(actors.dropna()) - {""}),
        "event_types": sorted(set(events["plover_type"].dropna())) + sorted(set(events["event_type"].dropna())),
        "countries": sorted(set(events["country"].dropna())),
        "certainties": [c for c in CERTAINTY_ORDER if c in present] + sorted(present - set(CERTAINTY_ORDER)),
        "sources": sorted(set(events["doc_id"].dropna())),
        "datasets": sorted(set(events["dataset"].dropna())),
    }


def restrict_to_options(selection: EventFilter, options: Mapping[str, Iterable[str]]) -> tuple[EventFilter, list[str]]:
    """Drop chosen values that the data does not hold (e.g. from an old shared link).

    Parameters
    ----------
    selection : EventFilter
        A filter, typically read from a URL.
    options : mapping
        Output of :func:`filter_options`.

    Returns
    -------
    tuple
        The filter without the unknown values, and the dropped values as ``"facet: value"`` strings.
    """
    kept, dropped = {}, []
    for name in FACET_NAMES:
        allowed = set(options.get(name, ()))
        values = getattr(selection, name)
        kept[name] = tuple(v for v in values if v in allowed)
        dropped += [f"{_PARAM_NAMES[name]}: {v}" for v in values if v not in allowed]
    return EventFilter(date_from=selection.date_from, date_to=selection.date_to, **kept), dropped


def to_query_params(selection: EventFilter) -> dict[str, list[str]]:
    """Return the filter as URL query parameters (for ``st.query_params.from_dict``).

    Parameters
    ----------
    selection : EventFilter
        The filter.

    Returns
    -------
    dict of str to list of str
        Keys ``actor``, ``type``, ``country``, ``from``, ``to`` (ISO dates), ``certainty``,
        ``source``; a key repeats for several values; empty facets are left out.

    Examples
    --------
    >>> to_query_params(EventFilter(actors=("Wagner Group",), date_from=dt.date(2022, 11, 1)))
    {'actor': ['Wagner Group'], 'from': ['2022-11-01']}
    """
    params: dict[str, list[str]] = {}
    for f in fields(selection):
        value = getattr(selection, f.name)
        if not value:
            continue
        if isinstance(value, dt.date):
            params[_PARAM_NAMES[f.name]] = [value.isoformat()]
        else:
            params[_PARAM_NAMES[f.name]] = list(value)
    return params


def _parse_date(values: list[str]) -> dt.date | None:
    for value in values:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            continue
    return None


def from_query_params(params: Mapping[str, str | list[str]]) -> EventFilter:
    """Return the filter that URL query parameters describe; the inverse of :func:`to_query_params`.

    Unknown keys are ignored, and so is a date that is not ``YYYY-MM-DD``; a reversed date range
    is swapped, so a hand-edited link still opens.

    Parameters
    ----------
    params : mapping of str to str or list of str
        E.g. ``{k: st.query_params.get_all(k) for k in st.query_params}``.

    Returns
    -------
    EventFilter

    Examples
    --------
    >>> from_query_params({"actor": "Wagner Group", "to": "2022-12-31", "x": "1"}).date_to
    datetime.date(2022, 12, 31)
    """
    def get(key: str) -> list[str]:
        value = params.get(key, [])
        return [value] if isinstance(value, str) else [str(v) for v in value]

    date_from, date_to = _parse_date(get("from")), _parse_date(get("to"))
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from
    return EventFilter(
        actors=get("actor"), event_types=get("type"), countries=get("country"),
        certainties=get("certainty"), sources=get("source"), datasets=get("dataset"), date_from=date_from, date_to=date_to,
    )


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _either(values: tuple[str, ...], conj: str = "or") -> str:
    if len(values) == 1:
        return values[0]
    return ", ".join(values[:-1]) + f" {conj} " + values[-1]


def describe_filter(selection: EventFilter, shown: int | None = None, total: int | None = None) -> str:
    """Describe the filter in one English sentence, for the caption above the table.

    Parameters
    ----------
    selection : EventFilter
        The filter.
    shown, total : int, optional
        Number of events matched and in the store; with both, the sentence starts with
        "12 of 40 events"; otherwise with "Events".

    Returns
    -------
    str
        One sentence ending with a full stop.

    Examples
    --------
    >>> describe_filter(EventFilter(actors=("Wagner Group",), countries=("Ukraine",)), 3, 8)
    '3 of 8 events involving Wagner Group, in Ukraine.'
    >>> describe_filter(EventFilter(), 8, 8)
    'All 8 events.'
    """
    if shown is not None and total is not None:
        noun = "event" if total == 1 else "events"
        head = f"All {total} {noun}" if selection.is_empty and shown == total else f"{shown:,} of {total:,} {noun}"
    else:
        head = "All events" if selection.is_empty else "Events"
    parts = []
    if selection.actors:
        parts.append(f"involving {_either(selection.actors)}")
    if selection.event_types:
        parts.append(f"of type {_either(selection.event_types)}")
    if selection.countries:
        parts.append(f"in {_either(selection.countries)}")
    if selection.date_from and selection.date_to:
        parts.append(f"whose dates overlap {_day(selection.date_from)} – {_day(selection.date_to)}")
    elif selection.date_from:
        parts.append(f"on or after {_day(selection.date_from)}")
    elif selection.date_to:
        parts.append(f"on or before {_day(selection.date_to)}")
    if selection.certainties:
        parts.append(f"reported as {_either(selection.certainties)}")
    if selection.sources:
        label = "article" if len(selection.sources) == 1 else "articles"
        parts.append(f"from {label} {_either(selection.sources)}")
    if selection.datasets:
        label = "dataset" if len(selection.datasets) == 1 else "datasets"
        parts.append(f"in the {_either(selection.datasets)} {label}")
    return head + (" " + ", ".join(parts) if parts else "") + "."


def filter_slug(selection: EventFilter, max_length: int = 100) -> str:
    """Return a short ASCII description of the filter for file names, e.g. ``wagner-group_ukraine``.

    Parameters
    ----------
    selection : EventFilter
        The filter.
    max_length : int
        Longest slug returned, in characters; a longer one is cut and marked with ``-etc``.

    Returns
    -------
    str
        Lower-case letters, digits, ``-`` and ``_`` only; ``"all"`` for an empty filter.

    Examples
    --------
    >>> filter_slug(EventFilter(actors=("Wagner Group",), date_from=dt.date(2022, 11, 1)))
    'wagner-group_from-2022-11-01'
    """
    def slug(text: str) -> str:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
        return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")

    pieces = [slug(v) for name in FACET_NAMES
              for v in getattr(selection, name)]
    if selection.date_from:
        pieces.append(f"from-{selection.date_from.isoformat()}")
    if selection.date_to:
        pieces.append(f"to-{selection.date_to.isoformat()}")
    text = "_".join(p for p in pieces if p) or "all"
    if len(text) > max_length:
        text = text[: max_length - 4].rstrip("-_") + "-etc"
    return text
