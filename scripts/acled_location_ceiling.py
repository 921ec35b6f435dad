"""Measure the best location score any resolver over our gazetteer could reach on ACLED notes.

For each note, every name the extractor can read as a place is looked up in the gazetteer, and
the note counts as attainable when any candidate of any of those names lies within 25 km of
ACLED's point. The share of attainable notes is the ceiling of ``location_25km`` in
``python -m events eval acled-notes``: a note whose village the gazetteer lacks cannot be located
by better ranking.

Run ``python scripts/acled_location_ceiling.py PATH.csv``; prints ``rows=N attainable=K ceiling=K/N``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.evaluation.acled_notes import read_acled_notes  # noqa: E402
from events.evaluation.acled_scoring import LOCATION_KM  # noqa: E402
from events.geo import haversine_km  # noqa: E402
from events.extraction.mentions import find_mentions, tokenize  # noqa: E402
from events.reference.gazetteer import gazetteer, place_from_row  # noqa: E402


def attainable(notes: str, lat: float, lon: float) -> bool:
    """Whether any gazetteer candidate of any place name in ``notes`` is within LOCATION_KM of (lat, lon)."""
    tokens = tokenize(notes, 0)
    mentions, _ = find_mentions(tokens, notes, 0)
    rows = {row for m in mentions if m.place_key for row, _ in gazetteer().candidates(m.place_key)}
    return any(haversine_km(lat, lon, p.latitude, p.longitude) <= LOCATION_KM for p in map(place_from_row, rows))


def main() -> None:
    """Print the ceiling for one ACLED export."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    _, rows, _ = read_acled_notes(args.path)
    located = rows.dropna(subset=["latitude", "longitude"])
    k = sum(attainable(str(r.notes), r.latitude, r.longitude) for r in located.itertuples())
    print(f"rows={len(rows)} attainable={k} ceiling={k / len(rows):.3f}")


if __name__ == "__main__":
    main()
