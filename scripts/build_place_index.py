"""Build ``data/gazetteer_keys.parquet``: the name index of ``data/gazetteer.parquet``.

One row per (normalised name, gazetteer row): ``key`` (str, :func:`events.lexicon.normalize_key`
of the name or of an alternate name), ``row`` (int32, position in gazetteer.parquet),
``alternate`` (bool, matched through an alternate name). Sorted by key, so the package can
binary-search it without building a hash table at start-up.

Run ``python scripts/build_place_index.py`` after ``scripts/build_gazetteer.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events.lexicon import normalize_key, split_list  # noqa: E402


def build_keys(gazetteer: pd.DataFrame) -> pd.DataFrame:
    """Return the sorted (key, row, alternate) index of a gazetteer frame."""
    keys, rows, alternate = [], [], []
    for row, (name, alternates) in enumerate(zip(gazetteer["name"], gazetteer["alternatenames"])):
        seen = set()
        for alias, via_alt in [(name, False)] + [(a, True) for a in split_list(alternates)]:
            key = normalize_key(alias)
            if key and key not in seen:
                seen.add(key)
                keys.append(key)
                rows.append(row)
                alternate.append(via_alt)
    frame = pd.DataFrame({"key": keys, "row": pd.array(rows, dtype="int32"), "alternate": alternate})
    return frame.sort_values(["key", "row"], ignore_index=True)


def main() -> None:
    """Write data/gazetteer_keys.parquet."""
    gazetteer = pd.read_parquet(ROOT / "data" / "gazetteer.parquet", columns=["name", "alternatenames"])
    keys = build_keys(gazetteer)
    out = ROOT / "data" / "gazetteer_keys.parquet"
    keys.to_parquet(out, index=False, compression="zstd")
    print(f"wrote {out.relative_to(ROOT)}: {len(keys):,} keys, {out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
