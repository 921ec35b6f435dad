"""Figure cards and headline counts as plain data, for any front end (no streamlit here).

A card shows one reported number the way an analyst would write it: value, unit and hedge
("> $100M / month", "~1,000 killed"), with who says so and the sentence it comes from. Parts
(``part_of``) sit under their total; numbers for the same thing that disagree are grouped, so they
can be shown side by side with their sources.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import pandas as pd

from .query import is_undated

HEDGE_SIGNS = {
    "exactly": "",
    "approximately": "~",
    "more than": "> ",
    "at least": "≥ ",
    "less than": "< ",
    "at most": "≤ ",
    "up to": "up to ",
}
"""How each ``qualifier`` of :data:`events.schema.QUALIFIERS` is written before the number."""

CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "RUB": "₽", "UAH": "₴"}
"""Currency codes written as a sign before the number ("USD per month" → "$… / month")."""

METRIC_WORDS = {"fatalities": "killed", "injured": "injured", "injuries": "injured", "displaced": "displaced"}
"""Words for a count of persons by metric ("~1,000 killed"); other metrics use their label or name."""


@dataclass(frozen=True)
class FigureCard:
    """One reported number, ready to display.

    Attributes
    ----------
    figure_id : str
    headline : str
        Value with hedge and unit, e.g. ``"> $100M / month"``, ``"~1,000 killed"``.
    value : float or None
        The number itself (persons, currency units, ...), for sorting and sums.
    subject, metric, label : str
        What is counted (``"Wagner Group"``, ``"personnel"``, ``"contractors"``); empty if unknown.
    place, period : str
        Location or country, and the date window as text; empty if unknown.
    certainty, attributed_to, sentence, doc_id : str
        How sure, who asserts it, the evidence sentence and its article; empty if unknown.
    parts : tuple of FigureCard
        Figures whose ``part_of`` is this one, largest first.
    """

    figure_id: str
    headline: str
    value: float | None
    subject: str = ""
    metric: str = ""
    label: str = ""
    place: str = ""
    period: str = ""
    certainty: str = ""
    attributed_to: str = ""
    sentence: str = ""
    doc_id: str = ""
    parts: tuple[FigureCard, ...] = ()

    @property
    def parts_note(self) -> str:
        """Say whether the parts add up to the total, e.g. ``"parts sum to 50,000 (= total)"``."""
        values = [p.value for p in self.parts if p.value is not None]
        if not values or self.value is None:
            return ""
        total = sum(values)
        relation = "=" if math.isclose(total, self.value) else ("<" if total < self.value else ">")
        return f"parts sum to {_grouped(total)} ({relation} total)"


@dataclass(frozen=True)
class FigureGroup:
    """Figures reported for the same thing (subject, metric, unit, label, place).

    Attributes
    ----------
    title : str
        E.g. ``"Wagner Group · personnel · Ukraine"``.
    cards : tuple of FigureCard
        One card per report, in table order.
    conflicting : bool
        True when the cards give different numbers: show them side by side with their sources.
    """

    title: str
    cards: tuple[FigureCard, ...]
    conflicting: bool


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _grouped(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def _compact(value: float) -> str:
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if abs(value) >= size:
            return f"{value / size:.1f}".rstrip("0").rstrip(".") + suffix
    return _grouped(value)


def format_figure(value: float | None, unit: str | None = None, qualifier: str | None = None,
                  metric: str | None = None, label: str | None = None) -> str:
    """Write a reported number with its hedge and unit, as an analyst would.

    Parameters
    ----------
    value : float or None
        The number; ``None``/NaN gives ``"?"`` plus the unit.
    unit : str, optional
        ``"persons"``, a currency code optionally with a rate (``"USD per month"``), or any noun.
    qualifier : str, optional
        One of :data:`events.schema.QUALIFIERS`; unknown qualifiers are written out in words.
    metric, label : str, optional
        What is counted; a count of persons is followed by the label and/or the word of
        :data:`METRIC_WORDS`, else the metric (``"~30 rebels killed"``, ``"10,000 contractors"``).

    Returns
    -------
    str

    Examples
    --------
    >>> format_figure(100_000_000, "USD per month", "more than", "spending")
    '> $100M / month'
    >>> format_figure(1000, "persons", "approximately", "fatalities")
    '~1,000 killed'
    >>> format_figure(10000, "persons", "exactly", "personnel", "contractors")
    '10,000 contractors'
    """
    qualifier = _text(qualifier)
    hedge = HEDGE_SIGNS.get(qualifier, f"{qualifier} " if qualifier else "")
    unit, metric, label = _text(unit).strip(), _text(metric), _text(label)
    rate = ""
    if " per " in unit:
        unit, rate = unit.split(" per ", 1)
        rate = f" / {rate.strip()}"
    missing = value is None or pd.isna(value)
    if unit.upper() in CURRENCY_SIGNS:
        number = "?" if missing else _compact(float(value))
        return f"{hedge}{CURRENCY_SIGNS[unit.upper()]}{number}{rate}"
    number = "?" if missing else _grouped(float(value))
    if unit in ("", "persons", "people", "person"):
        word = METRIC_WORDS.get(metric)
        noun = f"{label} {word}" if word and label else (word or label or metric)
    else:
        noun = unit
    return f"{hedge}{number}{' ' + noun if noun else ''}{rate}".strip()


def _period(start, end) -> str:
    start = None if pd.isna(start) else pd.Timestamp(start)
    end = None if pd.isna(end) else pd.Timestamp(end)
    if start is None and end is None:
        return ""
    if start is None:
        return f"by {end:%Y-%m-%d}"
    if end is None:
        return f"from {start:%Y-%m-%d}"
    return f"{start:%Y-%m-%d}" if start == end else f"{start:%Y-%m-%d} – {end:%Y-%m-%d}"


def _card(row: dict, parts: tuple[FigureCard, ...] = ()) -> FigureCard:
    value = None if pd.isna(row["value"]) else float(row["value"])
    return FigureCard(
        figure_id=_text(row["figure_id"]),
        headline=format_figure(value, row["unit"], row["qualifier"], row["metric"], row["label"]),
        value=value,
        subject=_text(row["subject"]),
        metric=_text(row["metric"]),
        label=_text(row["label"]),
        place=", ".join(dict.fromkeys(p for p in (_text(row["location"]), _text(row["country"])) if p)),
        period=_period(row["date_start"], row["date_end"]),
        certainty=_text(row["certainty"]),
        attributed_to=_text(row["attributed_to"]),
        sentence=_text(row["sentence"]),
        doc_id=_text(row["doc_id"]),
        parts=parts,
    )


def figure_cards(figures: pd.DataFrame) -> list[FigureGroup]:
    """Turn a figure table into groups of cards: parts under totals, disagreements side by side.

    Parameters
    ----------
    figures : pandas.DataFrame
        Figure table (columns of :data:`events.schema.FIGURE_COLUMNS`).

    Returns
    -------
    list of FigureGroup
        One group per thing counted (same subject, metric, unit, label and place), in the order
        the figures first appear. A figure whose ``part_of`` names a figure in ``figures`` is not
        a card of its own but one of that card's ``parts`` (parts of parts nest). A group is
        ``conflicting`` when its cards give different values.

    Examples
    --------
    >>> from events.schema import empty_figures
    >>> figure_cards(empty_figures())
    []
    """
    rows = figures.to_dict("records")
    ids = {r["figure_id"] for r in rows}
    children: dict[str, list[dict]] = {}
    for r in rows:
        parent = _text(r["part_of"])
        if parent and parent in ids and parent != r["figure_id"]:
            children.setdefault(parent, []).append(r)

    def build(row: dict, seen: frozenset) -> FigureCard:
        kids = [k for k in children.get(row["figure_id"], []) if k["figure_id"] not in seen]
        parts = tuple(sorted((build(k, seen | {k["figure_id"]}) for k in kids),
                             key=lambda c: -(c.value or 0)))
        return _card(row, parts)

    groups: dict[tuple, list[FigureCard]] = {}
    titles: dict[tuple, str] = {}
    for r in rows:
        parent = _text(r["part_of"])
        if parent and parent in ids and parent != r["figure_id"]:
            continue
        card = build(r, frozenset({r["figure_id"]}))
        place = _text(r["location"]) or _text(r["country"])
        key = (card.subject, card.metric, _text(r["unit"]), card.label, place)
        groups.setdefault(key, []).append(card)
        titles[key] = " · ".join(p for p in (card.subject, card.label or card.metric, place) if p)
    return [
        FigureGroup(title=titles[key], cards=tuple(cards),
                    conflicting=len({c.value for c in cards}) > 1)
        for key, cards in groups.items()
    ]


@dataclass(frozen=True)
class EventCounts:
    """Headline numbers of a filtered view.

    Attributes
    ----------
    events, countries, actors, undated, country_level : int
        Events shown; distinct countries and actors (actor1/actor2) among them; events with no
        date; events placed only at country or region level (geo_precision 3).
    fatalities : int
        Sum of known fatality counts.
    fatalities_unknown : int
        Events whose fatality count nobody reported (not counted as 0).
    """

    events: int
    countries: int
    actors: int
    undated: int
    country_level: int
    fatalities: int
    fatalities_unknown: int


def count_events(events: pd.DataFrame) -> EventCounts:
    """Return the headline numbers of an event table.

    Parameters
    ----------
    events : pandas.DataFrame
        Event table (columns of :data:`events.schema.EVENT_COLUMNS`).

    Returns
    -------
    EventCounts

    Examples
    --------
    >>> from events.schema import empty_events
    >>> count_events(empty_events()).events
    0
    """
    actors = pd.concat([events["actor1"], events["actor2"]]).dropna()
    return EventCounts(
        events=len(events),
        countries=int(events["country"].nunique()),
        actors=int(actors.nunique()),
        undated=int(is_undated(events).sum()),
        country_level=int((events["geo_precision"] == 3).fillna(False).sum()),
        fatalities=int(events["fatalities"].sum(skipna=True)),
        fatalities_unknown=int(events["fatalities"].isna().sum()),
    )


TABLE_COLUMNS = (
    "event_id", "dates", "event_type", "plover_type", "sentence", "actor1", "actor2", "place", "fatalities",
    "certainty", "attributed_to", "doc_id", "source", "source_url", "sub_event_type", "geo_precision", "dataset",
    "notes",
)
"""Columns of the dashboard's event table, in display order: the evidence sentence among the first."""


def event_table(events: pd.DataFrame) -> pd.DataFrame:
    """Return the events as the dashboard shows them: date window and place as text, evidence and source.

    Parameters
    ----------
    events : pandas.DataFrame
        Event table (columns of :data:`events.schema.EVENT_COLUMNS`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TABLE_COLUMNS`: the schema's columns plus ``dates`` (e.g.
        ``"2022-11-01 – 2022-11-30"``, ``"on or before 2022-12-22"``, ``"undated"``) and ``place``
        (location, admin1 and country, e.g. ``"Bakhmut, Donetsk, Ukraine"``); original index.
    """
    from .charts import window_text

    parts = [events[c].fillna("").astype(str) for c in ("location", "admin1", "country")]
    place = parts[0]
    for part in parts[1:]:
        place = place.where((part == "") | (place == part), place.where(place == "", place + ", ") + part)
    table = events.assign(dates=window_text(events), place=place.where(place != "", None))[list(TABLE_COLUMNS)]
    text_columns = [c for c in table.columns if table[c].dtype == "string" or table[c].dtype == object]
    table[text_columns] = table[text_columns].astype(object).where(table[text_columns].notna(), "")
    return table  # unknown text shows as an empty cell, not "None"


def _number_text(value) -> str:
    """Return a number as a table cell shows it: ``12`` for 12.0, ``2.5`` for 2.5, ``""`` when unknown."""
    if pd.isna(value):
        return ""
    number = float(value)
    return f"{int(number):d}" if number.is_integer() else f"{number:g}"


def display_cells(table: pd.DataFrame) -> pd.DataFrame:
    """Return ``table`` as a table widget should show it: an unknown value as an empty cell.

    Streamlit's data grid writes a missing value as the word "None", in a column of text, dates or
    numbers alike. Here a missing text or date becomes ``""`` and a date ``YYYY-MM-DD`` (no
    midnight time). A number column with a missing value becomes text (the grid has no empty
    number: ``12``, ``2.5``, ``""``); one without keeps its type and sorts as numbers. The stored
    table is not changed.

    Parameters
    ----------
    table : pandas.DataFrame
        Any table.

    Returns
    -------
    pandas.DataFrame
        A copy; text and date columns, and number columns with a missing value, as ``object``
        columns of ``str``.

    Examples
    --------
    >>> frame = pd.DataFrame({"actor2": ["Wagner Group", None],
    ...                       "date_start": pd.to_datetime(["2022-11-01", None]),
    ...                       "fatalities": pd.array([12, None], dtype="Int64")})
    >>> display_cells(frame).values.tolist()
    [['Wagner Group', '2022-11-01', '12'], ['', '', '']]
    """
    out = table.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.dt.strftime("%Y-%m-%d").astype(object).where(values.notna(), "")
        elif pd.api.types.is_string_dtype(values) or values.dtype == object:
            out[column] = values.astype(object).where(values.notna(), "")
        elif pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values) and values.isna().any():
            out[column] = values.map(_number_text).astype(object)
    return out


PRECISION_WORDS = {
    "time": {1: "exact day", 2: "within a week", 3: "within a month"},
    "geo": {1: "the place itself", 2: "near the place / district", 3: "country or region level only"},
}
"""ACLED's precision codes in words (ACLED Codebook 2023: time_precision and geo_precision 1-3)."""


@dataclass(frozen=True)
class EventDetail:
    """One event as the detail panel shows it (plain text; the front end escapes it).

    Attributes
    ----------
    title : str
        ``"ASSAULT · Battles — Wagner Group → Military Forces of Ukraine"``.
    row_label : str
        The row's id, or dataset and id for imported rows (``"ACLED 12345"``).
    dataset, status : str
        ``dataset`` and ``review_status`` (``"new"`` when never reviewed).
    facts : tuple of (str, str)
        Actors, type, place with precision, date window with precision, fatalities, certainty and
        who asserts it; unknown values say "unknown", never 0.
    """

    title: str
    row_label: str
    dataset: str
    status: str
    facts: tuple[tuple[str, str], ...]


def event_detail(row: pd.Series) -> EventDetail:
    """Describe one event row for the detail panel.

    Parameters
    ----------
    row : pandas.Series
        One row of the (reviewed) event table.

    Returns
    -------
    EventDetail

    Examples
    --------
    >>> from events.schema import from_records, EVENT_COLUMNS
    >>> row = from_records([{"event_id": "e1", "plover_type": "ASSAULT", "actor1": "Wagner Group",
    ...                      "geo_precision": 3, "country": "Mali"}], EVENT_COLUMNS).iloc[0]
    >>> dict(event_detail(row).facts)["place"]
    'Mali (country or region level only)'
    >>> dict(event_detail(row).facts)["fatalities"]
    'unknown (not reported)'
    """
    from .charts import actors_text, window_text
    from .sources import row_label

    frame = pd.DataFrame([row.to_dict()])
    for column in ("event_date", "date_start", "date_end"):
        frame[column] = pd.to_datetime(frame[column])
    kinds = " · ".join(t for t in (_text(row.get("plover_type")), _text(row.get("event_type")),
                                   _text(row.get("sub_event_type"))) if t) or "type unknown"
    actors = actors_text(frame).iloc[0]
    place = ", ".join(dict.fromkeys(p for p in (_text(row.get("location")), _text(row.get("admin1")),
                                                _text(row.get("country"))) if p)) or "unknown"
    geo = row.get("geo_precision")
    if place != "unknown" and not pd.isna(geo):
        place += f" ({PRECISION_WORDS['geo'].get(int(geo), f'precision {int(geo)}')})"
    when = window_text(frame).iloc[0]
    tp = row.get("time_precision")
    if when != "undated" and not pd.isna(tp):
        when += f" ({PRECISION_WORDS['time'].get(int(tp), f'precision {int(tp)}')})"
    fatalities = row.get("fatalities")
    if pd.isna(fatalities):
        fat = "unknown (not reported)"
    else:
        fat = " ".join(p for p in (_text(row.get("fatalities_qualifier")), f"{int(fatalities):,}") if p)
    who = _text(row.get("attributed_to")) or _text(row.get("source")) or "unattributed"
    facts = (("actors", actors), ("type", kinds), ("place", place), ("date", when), ("fatalities", fat),
             ("certainty", f"{_text(row.get('certainty')) or 'unknown'}, according to {who}"))
    notes = _text(row.get("notes"))
    if notes:
        facts += (("notes", notes),)
    return EventDetail(title=f"{kinds} — {actors}", row_label=row_label(_text(row["event_id"]), _text(row.get("dataset"))),
                       dataset=_text(row.get("dataset")), status=_text(row.get("review_status")) or "new", facts=facts)


def figure_cards_html(groups: list[FigureGroup], labels: dict[str, str] | None = None) -> str:
    """Return the figure cards as a compact HTML grid (small type; full label and sentence on hover).

    Every text is escaped with :func:`html.escape`; the only markup is this function's own.

    Parameters
    ----------
    groups : list of FigureGroup
        From :func:`figure_cards`.
    labels : dict of str to str, optional
        ``doc_id`` → readable article name (:func:`events.sources.source_labels`).

    Returns
    -------
    str
        ``<div class="figure-grid">`` with one ``<div class="figure-card">`` per card.
    """
    labels = labels or {}
    esc = html.escape
    style = ("<style>.figure-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:8px;"
             "font-size:0.8rem}.figure-card{border:1px solid #d0d0d0;border-radius:6px;padding:6px 8px;"
             "overflow:hidden}.figure-card .head{font-size:1.15rem;font-weight:600}.figure-card .what{color:#333;"
             "white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.figure-card .src{color:#666}"
             ".figure-card.conflict{border-color:#e69f00}.figure-card .part{color:#444}</style>")
    cards = []
    for group in groups:
        for card in group.cards:
            what = " · ".join(p for p in (card.subject, card.label or card.metric, card.place) if p)
            source = labels.get(card.doc_id, card.doc_id)
            hedge = f"according to {card.attributed_to or 'unattributed'}" + (f" · {card.certainty}" if card.certainty else "")
            parts = "".join(f'<div class="part">of which {esc(p.label or p.metric)}: {esc(p.headline)}</div>'
                            for p in card.parts)
            note = f'<div class="part">{esc(card.parts_note)}</div>' if card.parts_note else ""
            conflict = '<div class="src">sources disagree</div>' if group.conflicting else ""
            cards.append(
                f'<div class="figure-card{" conflict" if group.conflicting else ""}" title="{esc(what)}\n{esc(card.sentence)}">'
                f'<div class="what">{esc(what)}</div><div class="head">{esc(card.headline)}</div>'
                f'<div class="src">{esc(hedge)}{" · " + esc(card.period) if card.period else ""}</div>'
                f'<div class="src">{esc(source)}</div>{parts}{note}{conflict}</div>')
    return style + '<div class="figure-grid">' + "".join(cards) + "</div>"
