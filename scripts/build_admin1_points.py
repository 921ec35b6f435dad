"""Build ``data/admin1_points.csv``: the label points of first-order divisions from Natural Earth.

Natural Earth's 1:50m admin-1 layer (public domain) carries a hand-placed label point
(``latitude``/``longitude``) for each state or province; gazetteers and annotated corpora put
states near those points, while a mean of the state's towns lands in its most populated corner.
The layer covers the United States, Brazil, Canada and Australia at this scale; other
countries keep the gazetteer's point.

Run ``python scripts/build_admin1_points.py [--natural-earth PATH]``.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "real" / "geo" / "ne_50m_admin_1_states_provinces_US_BR_CA_AU_only.geojson"


def main() -> None:
    """Write data/admin1_points.csv (iso3, admin1, latitude, longitude), sorted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--natural-earth", type=Path, default=DEFAULT)
    args = parser.parse_args()
    features = json.loads(args.natural_earth.read_text(encoding="utf-8"))["features"]
    rows = sorted(
        (f["properties"]["adm0_a3"], f["properties"]["name"], round(f["properties"]["latitude"], 4),
         round(f["properties"]["longitude"], 4))
        for f in features if f["properties"].get("latitude") is not None
    )
    out = ROOT / "data" / "admin1_points.csv"
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["iso3", "admin1", "latitude", "longitude"])
        writer.writerows(rows)
    print(f"wrote {out.relative_to(ROOT)}: {len(rows)} rows")


if __name__ == "__main__":
    main()
