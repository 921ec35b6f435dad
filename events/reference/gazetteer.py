"""Places: an offline gazetteer and the ranking that picks one candidate for a toponym.

The gazetteer joins four files of ``data/``: ``countries.csv`` (a representative point per
country), ``regions.csv`` (curated regions such as Donbas), and ``gazetteer.parquet`` (GeoNames
places of 500+ people with Latin-script alternate names, and admin-1 divisions). Candidates are
ranked by the article's context (countries and admin-1 regions named elsewhere in it), the kind
of place and its population; see :func:`rank_candidates`.

Precision follows ACLED (Codebook 2023, "Geo-precision"): 1 the named place, 2 near it or part
of it, 3 a larger region (admin-1, region or country) represented by a point inside it.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from .lexicon import DATA_DIR, normalize_key, read_table, split_list

FEATURE_WEIGHT = {"country": 6.0, "region": 5.0, "admin1": 3.0, "admin2": 1.0, "city": 0.0}
"""Prior of each kind of place in the units of the city score 0.5 * log10(population): a country
or a curated region outranks any town of its name even when the article's context favours the
town's country, and an admin-1 unit outranks a city of fewer than a million people elsewhere
(higher administrative levels first, as in CLAVIN and Mordecai); a city and a province of the
same name in one country resolve to the city."""
VOTE_BONUS = 0.5
VOTE_CAP = 4
"""Each other place mention of the article that could lie in a country adds VOTE_BONUS to that
country's candidates, up to VOTE_CAP mentions (a weak vote: three small-town names that each
exist in several countries but all in the United States point to the United States)."""
STATE_VOTE_BONUS = 0.5
STATE_VOTE_CAP = 4
"""Each other distinct place name of the article that could lie in the same admin-1 unit adds
STATE_VOTE_BONUS to a town's score, up to STATE_VOTE_CAP names: "Brandon", "Albany" and "Douglas
County" together point to the Minnesota ones (co-resolution by spatial minimality, as in
Leidner's toponym resolution survey)."""
CONTEXT_COUNTRY_BONUS = 4.0
CONTEXT_ADMIN1_BONUS = 3.0
ALTERNATE_NAME_PENALTY = 0.3


@dataclass(frozen=True)
class Place:
    """A resolved place.

    Attributes
    ----------
    location : str
        Display name ("Bakhmut", "Ukraine", "Donbas").
    feature : str
        "city", "admin2" (a district or county), "admin1", "region" or "country".
    country, iso3, admin1 : str or None
        Country name (ACLED style), ISO 3166-1 alpha-3, first-order division.
    latitude, longitude : float
        WGS84 degrees; for a region or country, a point inside it.
    geonameid : int or None
        GeoNames id of a city.
    population : int or None
    """

    location: str
    feature: str
    country: str | None
    iso3: str | None
    admin1: str | None
    latitude: float
    longitude: float
    geonameid: int | None = None
    population: int | None = None

    @property
    def geo_precision(self) -> int:
        """ACLED geo precision of the place itself: 1 a city, 2 a district, 3 anything larger."""
        return {"city": 1, "admin2": 2}.get(self.feature, 3)


@dataclass(frozen=True)
class _Gazetteer:
    table: pd.DataFrame
    small_index: dict[str, tuple[tuple[int, bool], ...]]  # countries and regions: key -> ((row, alt), ...)
    keys: list[str]  # sorted keys of gazetteer.parquet (data/gazetteer_keys.parquet)
    key_rows: np.ndarray  # table row of each key
    key_alternate: np.ndarray  # matched through an alternate name
    columns: dict  # column name -> list of values (fast row access)

    def candidates(self, key: str) -> list[tuple[int, bool]]:
        """Return (table row, via alternate name) for every place under a key."""
        found = list(self.small_index.get(key, ()))
        i = bisect.bisect_left(self.keys, key)
        while i < len(self.keys) and self.keys[i] == key:
            found.append((int(self.key_rows[i]), bool(self.key_alternate[i])))
            i += 1
        return found


def _country_rows() -> pd.DataFrame:
    c = read_table("countries.csv")
    return pd.DataFrame({
        "name": c["name"], "alternatenames": c["aliases"], "feature": "country",
        "latitude": pd.to_numeric(c["latitude"]), "longitude": pd.to_numeric(c["longitude"]),
        "iso3": c["iso3"], "country": c["name"], "admin1": None, "population": None, "geonameid": None,
    })


def _region_rows(countries: pd.DataFrame) -> pd.DataFrame:
    r = read_table("regions.csv")
    names = dict(zip(countries["iso3"], countries["name"]))
    return pd.DataFrame({
        "name": r["name"], "alternatenames": r["aliases"], "feature": "region",
        "latitude": pd.to_numeric(r["latitude"]), "longitude": pd.to_numeric(r["longitude"]),
        "iso3": r["iso3"].replace("", None), "country": r["iso3"].map(names),
        "admin1": r["admin1"].replace("", None), "population": None, "geonameid": None,
    })


@cache
def gazetteer() -> _Gazetteer:
    """Load the gazetteer and its name index (once per process, about 0.4 s)."""
    countries = _country_rows()
    small = pd.concat([countries, _region_rows(countries)], ignore_index=True)
    places = pd.read_parquet(DATA_DIR / "gazetteer.parquet", columns=list(countries.columns))
    table = pd.concat([small, places], ignore_index=True)
    table["population"] = pd.to_numeric(table["population"]).astype("float64")
    _apply_admin1_points(table)
    small_index: dict[str, list[tuple[int, bool]]] = {}
    for row, (name, alternates) in enumerate(zip(small["name"], small["alternatenames"])):
        for alias, via_alt in [(name, False)] + [(a, True) for a in split_list(alternates)]:
            key = normalize_key(alias)
            if key and (row, False) not in small_index.get(key, []):
                small_index.setdefault(key, []).append((row, via_alt))
    _add_admin1_aliases(small_index, table)
    keys = pq.read_table(DATA_DIR / "gazetteer_keys.parquet")
    return _Gazetteer(
        table,
        {k: tuple(v) for k, v in small_index.items()},
        keys.column("key").to_pylist(),
        keys.column("row").to_numpy() + len(small),
        keys.column("alternate").to_numpy(zero_copy_only=False),
        {c: table[c].to_numpy(dtype=object, na_value=None) for c in table.columns},
    )


def _apply_admin1_points(table: pd.DataFrame) -> None:
    """Put admin-1 units at the label points of ``data/admin1_points.csv`` (Natural Earth)."""
    points = {(r["iso3"], normalize_key(r["admin1"])): (float(r["latitude"]), float(r["longitude"]))
              for r in read_table("admin1_points.csv").to_dict("records")}
    is_admin1 = (table["feature"] == "admin1").to_numpy()
    for row in np.flatnonzero(is_admin1):
        point = points.get((table.at[row, "iso3"], normalize_key(str(table.at[row, "name"]))))
        if point is not None:
            table.at[row, "latitude"], table.at[row, "longitude"] = point


def _add_admin1_aliases(index: dict, table: pd.DataFrame) -> None:
    """Add the abbreviations of ``data/admin1_aliases.csv`` ("Minn.", "S.D.") to the small index."""
    admin1 = table[table["feature"] == "admin1"]
    rows = {(iso3, name): row for row, iso3, name in zip(admin1.index, admin1["iso3"], admin1["name"])}
    for entry in read_table("admin1_aliases.csv").to_dict("records"):
        row = rows.get((entry["iso3"], entry["admin1"]))
        if row is None:
            continue
        for alias in split_list(entry["aliases"]):
            index.setdefault(normalize_key(alias), []).append((int(row), True))


def is_curated_name(key: str) -> bool:
    """Whether a name key comes from the curated tables (countries, regions, abbreviations)."""
    return key in gazetteer().small_index


def is_minor_place(key: str) -> bool:
    """Whether every place under a key is a town of fewer than 100,000 people (a name that is
    easily part of another name, unlike a country, a region or a city)."""
    gaz = gazetteer()
    c = gaz.columns
    for row, _ in gaz.candidates(key):
        if c["feature"][row] != "city" or (_text(c["population"][row]) is not None and c["population"][row] >= 100_000):
            return False
    return True


def is_only_towns(key: str) -> bool:
    """Whether every place under a key is a city (no country, region or province of that name):
    such a name after "the" is a common noun ("the Metro"), not a toponym."""
    gaz = gazetteer()
    return all(gaz.columns["feature"][row] == "city" for row, _ in gaz.candidates(key))


def _text(v) -> str | None:
    return None if v is None or v == "" or (isinstance(v, float) and math.isnan(v)) else str(v)


def place_from_row(row: int) -> Place:
    """Build the :class:`Place` of a gazetteer row."""
    c = gazetteer().columns
    geonameid, population = c["geonameid"][row], c["population"][row]
    return Place(
        location=str(c["name"][row]), feature=str(c["feature"][row]), country=_text(c["country"][row]),
        iso3=_text(c["iso3"][row]), admin1=_text(c["admin1"][row]), latitude=float(c["latitude"][row]),
        longitude=float(c["longitude"][row]),
        geonameid=None if _text(geonameid) is None else int(geonameid),
        population=None if _text(population) is None else int(population),
    )


@dataclass
class PlaceContext:
    """What an article says about where it is: counts of countries and admin-1 names it mentions."""

    countries: Counter
    admin1: Counter
    votes: Counter = field(default_factory=Counter)  # country -> place mentions that could be in it
    state_votes: Counter = field(default_factory=Counter)  # (iso3, admin-1 key) -> distinct names that could be in it

    @classmethod
    def empty(cls) -> "PlaceContext":
        """Return a context that knows nothing."""
        return cls(Counter(), Counter(), Counter())


def rank_candidates(key: str, context: PlaceContext, features: tuple[str, ...] | None = None) -> list[tuple[float, int]]:
    """Score every gazetteer row under a name key, best first.

    Parameters
    ----------
    key : str
        A name normalised with :func:`events.reference.lexicon.normalize_key`.
    context : PlaceContext
        Countries (ISO3) and admin-1 names the article mentions elsewhere.
    features : tuple of str, optional
        Keep only these kinds of place.

    Returns
    -------
    list of (float, int)
        (score, gazetteer row), highest score first.

    Notes
    -----
    score = feature prior (:data:`FEATURE_WEIGHT`) + 0.5 * log10(population + 1)
    + :data:`CONTEXT_COUNTRY_BONUS` if its country is mentioned elsewhere in the article
    + :data:`CONTEXT_ADMIN1_BONUS` if its admin-1 is
    + :data:`VOTE_BONUS` per other place mention that could lie in its country (capped)
    + :data:`STATE_VOTE_BONUS` per other distinct place name that could lie in its admin-1 (capped)
    - :data:`ALTERNATE_NAME_PENALTY` if it matched only through an alternate name.
    Population-and-context ranking is the baseline of geoparsers such as Mordecai and CLAVIN.
    """
    gaz = gazetteer()
    c = gaz.columns
    scored = []
    for row, via_alt in gaz.candidates(key):
        feature = c["feature"][row]
        if features and feature not in features:
            continue
        pop = c["population"][row] if feature == "city" else None
        score = FEATURE_WEIGHT[feature] + 0.5 * math.log10((0 if _text(pop) is None else pop) + 1)
        iso3 = _text(c["iso3"][row])
        if iso3 and context.countries.get(iso3):
            score += CONTEXT_COUNTRY_BONUS
        if iso3:
            score += VOTE_BONUS * min(VOTE_CAP, context.votes.get(iso3, 0))
        admin1 = _text(c["admin1"][row])
        admin1_key = normalize_key(str(admin1)) if admin1 else None
        if feature in ("city", "admin2") and admin1_key and admin1_key != key and context.admin1.get(admin1_key):
            score += CONTEXT_ADMIN1_BONUS
        if feature in ("city", "admin2") and admin1_key and admin1_key != key:
            others = context.state_votes.get((iso3, admin1_key), 0) - 1  # names other than this one
            score += STATE_VOTE_BONUS * min(STATE_VOTE_CAP, max(0, others))
        if via_alt:
            score -= ALTERNATE_NAME_PENALTY
        scored.append((score, row))
    scored.sort(key=lambda s: -s[0])
    if scored and c["feature"][scored[0][1]] == "admin1":
        best = scored[0][1]
        name = normalize_key(str(c["name"][best]))
        same = next((x for x in scored if c["feature"][x[1]] == "city" and c["iso3"][x[1]] == c["iso3"][best]
                     and normalize_key(str(c["name"][x[1]])) == name
                     and normalize_key(str(c["admin1"][x[1]] or "")) == name), None)
        if same is not None:  # ACLED codes the city, not the province named after it
            scored.remove(same)
            scored.insert(0, same)
    _promote_capital(scored, context)
    return scored


SMALL_TOWN_POPULATION = 100_000
"""Below this a town yields its name to a national capital elsewhere (see :func:`_promote_capital`)."""


def _promote_capital(scored: list[tuple[float, int]], context: PlaceContext) -> None:
    """Put a national capital first when the best candidate is only a namesake.

    "Washington" is the capital, not the state of the same country; "Cairo" and "Damascus" are
    the capitals, not small American towns that win only because the article names the United
    States, unless the article names the town's state (a local story). A capital is a country's
    ``capital`` in ``data/countries.csv``. Metonymy makes capitals far more often named than
    their namesakes: "Washington said", "talks in Cairo".
    """
    if len(scored) < 2:
        return
    c = gazetteer().columns
    capitals = capital_rows()
    cap = next((x for x in scored if x[1] in capitals), None)
    top = scored[0][1]
    if cap is None or cap[1] == top:
        return
    same_country = c["iso3"][top] == c["iso3"][cap[1]]
    admin1 = _text(c["admin1"][top])
    local = admin1 is not None and context.admin1.get(normalize_key(admin1))
    population = _text(c["population"][top])
    small_town = c["feature"][top] == "city" and (population is None or float(population) < SMALL_TOWN_POPULATION)
    if (c["feature"][top] == "admin1" and same_country) or (small_town and not same_country and not local):
        scored.remove(cap)
        scored.insert(0, cap)


@cache
def capital_rows() -> frozenset[int]:
    """Gazetteer rows of the national capitals (``capital`` of ``data/countries.csv``) of at
    least :data:`SMALL_TOWN_POPULATION` people (not "Hamilton", Bermuda, or "Douglas", Isle of Man)."""
    rows = set()
    for record in read_table("countries.csv").to_dict("records"):
        if not record["capital"]:
            continue
        found = [row for row, _ in gazetteer().candidates(normalize_key(record["capital"]))
                 if gazetteer().columns["feature"][row] == "city" and gazetteer().columns["iso3"][row] == record["iso3"]]
        if found:  # the most populous city of that name in the country, if it is no small town itself
            best = max(found, key=lambda r: float(_text(gazetteer().columns["population"][r]) or 0))
            if float(_text(gazetteer().columns["population"][best]) or 0) >= SMALL_TOWN_POPULATION:
                rows.add(best)
    return frozenset(rows)


def resolve_place(name: str, context: PlaceContext | None = None) -> Place | None:
    """Resolve a toponym to its most likely place.

    Parameters
    ----------
    name : str
        The toponym as written ("Artemivsk", "Tripoli", "Donbas").
    context : PlaceContext, optional
        The article's countries and admin-1 names; without it, the largest place wins.

    Returns
    -------
    Place or None
        None if the gazetteer has no such name.

    Examples
    --------
    >>> resolve_place("Artemivsk").location
    'Bakhmut'
    >>> ctx = PlaceContext(Counter({"LBN": 1}), Counter())
    >>> resolve_place("Tripoli", ctx).iso3
    'LBN'
    """
    ranked = rank_candidates(normalize_key(name), context or PlaceContext.empty())
    return place_from_row(ranked[0][1]) if ranked else None


@cache
def neighbours() -> dict[str, frozenset[str]]:
    """ISO3 → the ISO3 codes of the countries sharing a land border (``neighbours`` of
    ``data/countries.csv``, from GeoNames countryInfo)."""
    c = read_table("countries.csv")
    return {iso3: frozenset(split_list(n)) for iso3, n in zip(c["iso3"], c["neighbours"])}


@cache
def capital_place(iso3: str) -> Place | None:
    """Return the capital city of a country (``data/countries.csv``), or None."""
    row = next((r for r in read_table("countries.csv").to_dict("records") if r["iso3"] == iso3), None)
    if row is None or not row["capital"]:
        return None
    for _, found in rank_candidates(normalize_key(row["capital"]), PlaceContext.empty(), ("city",)):
        place = place_from_row(found)
        if place.iso3 == iso3:
            return place
    return None


@cache
def country_places() -> dict[str, Place]:
    """Return ISO3 → the country as a place (a representative point, geo_precision 3)."""
    c = gazetteer().columns
    return {c["iso3"][row]: place_from_row(row) for row in range(len(c["iso3"])) if c["feature"][row] == "country"}
