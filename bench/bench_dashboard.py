"""Time a dashboard filter change on 100,000 synthetic events, server side.

Builds a store of synthetic events in the schema (random actors, types, countries, windows and
places; some undated, some country-level, some with unknown fatalities), loads it back, and times
what one filter change recomputes: the filtered table, the map figure and the timeline figure.
It also times the JSON serialisation Streamlit does before sending a figure, and the downloads.

Usage: ``python bench/bench_dashboard.py [--events 100000] [--repeat 5]``. Target: < 300 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from events import load_events, save_events  # noqa: E402
from events.charts import map_figure, timeline_figure  # noqa: E402
from events.export import to_csv, to_geojson  # noqa: E402
from events.query import EventFilter, filter_events  # noqa: E402
from events.schema import ACLED_EVENT_TYPES, PLOVER_TYPES  # noqa: E402

COUNTRIES = [("Ukraine", "UKR", 48.4, 31.2), ("Russia", "RUS", 61.5, 105.3), ("Syria", "SYR", 34.8, 39.0),
             ("Mali", "MLI", 17.6, -4.0), ("Libya", "LBY", 26.3, 17.2), ("Sudan", "SDN", 12.9, 30.2),
             ("Central African Republic", "CAF", 6.6, 20.9), ("Yemen", "YEM", 15.6, 48.5)]
CERTAINTIES = ["confirmed", "assessed", "claimed", "alleged", "unverified", "planned"]


def synthetic_events(n: int, seed: int = 7) -> pd.DataFrame:
    """Return ``n`` random events in the event table's schema."""
    rng = np.random.default_rng(seed)
    actors = ["Wagner Group", "Military Forces of Ukraine", "Military Forces of Russia", "Islamic State"] + [
        f"Armed group {i}" for i in range(200)]
    country = rng.integers(0, len(COUNTRIES), n)
    names, iso3, lat0, lon0 = (np.array([c[i] for c in COUNTRIES], dtype=object) for i in range(4))
    start = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 3650, n), unit="D")
    length = np.where(rng.random(n) < 0.5, 0, rng.integers(1, 90, n))
    end = start + pd.to_timedelta(length, unit="D")
    undated = rng.random(n) < 0.02
    region = rng.random(n) < 0.15
    acled = np.array(list(ACLED_EVENT_TYPES), dtype=object)
    fatalities = pd.array(np.where(rng.random(n) < 0.4, rng.integers(0, 200, n), -1), dtype="Int64")
    fatalities[fatalities == -1] = pd.NA
    assoc = np.where(rng.random(n) < 0.1, "Yevgeny Prigozhin; Armed group 3", None)
    frame = pd.DataFrame({
        "event_id": [f"bench-{i:06d}" for i in range(n)],
        "event_date": end.where(~undated, pd.NaT),
        "date_start": start.where(~undated, pd.NaT),
        "date_end": end.where(~undated, pd.NaT),
        "time_precision": np.where(length == 0, 1, 3),
        "plover_type": np.array(PLOVER_TYPES, dtype=object)[rng.integers(0, len(PLOVER_TYPES), n)],
        "event_type": acled[rng.integers(0, len(acled), n)],
        "actor1": np.array(actors, dtype=object)[rng.integers(0, len(actors), n)],
        "assoc_actor_1": assoc,
        "actor2": np.array(actors, dtype=object)[rng.integers(0, len(actors), n)],
        "country": names[country], "iso3": iso3[country],
        "location": np.where(region, names[country], "Place " + (rng.integers(0, 5000, n)).astype(str)),
        "latitude": np.where(region, lat0[country], lat0[country].astype(float) + rng.normal(0, 3, n)).astype(float),
        "longitude": np.where(region, lon0[country], lon0[country].astype(float) + rng.normal(0, 3, n)).astype(float),
        "geo_precision": np.where(region, 3, 1),
        "fatalities": fatalities,
        "certainty": np.array(CERTAINTIES, dtype=object)[rng.integers(0, len(CERTAINTIES), n)],
        "attributed_to": "Bench source",
        "sentence": "A synthetic sentence describing the event in about as many words as a real one would.",
        "doc_id": "bench-" + (rng.integers(0, 2000, n)).astype(str),
        "source": "Bench", "dataset": "article",
    })
    frame["latitude"] = frame["latitude"].clip(-89, 89)
    frame["longitude"] = frame["longitude"].clip(-179, 179)
    return frame


def timed(fn, repeat: int) -> tuple[float, object]:
    runs, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        runs.append((time.perf_counter() - t0) * 1000)
    return statistics.median(runs), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as store:
        t0 = time.perf_counter()
        save_events(synthetic_events(args.events), store=store)
        print(f"store of {args.events:,} synthetic events written in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        events = load_events(store)
        print(f"loaded in {(time.perf_counter() - t0) * 1000:.0f} ms (cached by the app after the first load)\n")
    filters = {
        "no filter": EventFilter(),
        "actor Wagner Group": EventFilter(actors=("Wagner Group",)),
        "actor + type + date range": EventFilter(actors=("Wagner Group", "Yevgeny Prigozhin"),
                                                 event_types=("ASSAULT", "Battles"),
                                                 date_from=dt.date(2018, 1, 1), date_to=dt.date(2019, 12, 31)),
        "country + certainty": EventFilter(countries=("Ukraine",), certainties=("confirmed", "assessed")),
    }
    print(f"{'filter':28} {'rows':>7} {'filter':>7} {'map':>7} {'timeline':>9} {'total':>7} {'to_json':>8}  (median ms of {args.repeat})")
    worst = 0.0
    for name, selection in filters.items():
        t_filter, shown = timed(lambda: filter_events(events, selection), args.repeat)
        t_map, fig = timed(lambda: map_figure(shown), args.repeat)
        t_time, (tl, _) = timed(lambda: timeline_figure(shown), args.repeat)
        t_json, _ = timed(lambda: (fig.to_json(), tl.to_json()), max(1, args.repeat // 2))
        total = t_filter + t_map + t_time
        worst = max(worst, total)
        print(f"{name:28} {len(shown):>7,} {t_filter:>7.1f} {t_map:>7.1f} {t_time:>9.1f} {total:>7.1f} {t_json:>8.1f}"
              f"   map: {'cells' if fig.layout.meta['aggregated'] else 'points'}")
    t_csv, _ = timed(lambda: to_csv(events), 1)
    t_geo, _ = timed(lambda: to_geojson(events), 1)
    print(f"\ndownloads of all {len(events):,} rows (built only when clicked): CSV {t_csv:.0f} ms, GeoJSON {t_geo:.0f} ms")
    print(f"worst filter change: {worst:.0f} ms (target < 300 ms) -> {'OK' if worst < 300 else 'SLOW'}")
    return 0 if worst < 300 else 1


if __name__ == "__main__":
    sys.exit(main())
