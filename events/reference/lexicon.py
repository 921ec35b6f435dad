"""Reference-data plumbing shared by the actor, place and trigger dictionaries.

Every dictionary maps a *key* (a name normalised by :func:`normalize_key`) to its entries, so
that a span of text can be looked up with one dict access whatever its case, accents,
apostrophes or dashes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
"""The folder of reference data files (``data/`` in the checkout)."""

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'", "\u2013": " ", "\u2014": " ", "-": " "})
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=262144)
def normalize_key(text: str) -> str:
    """Return the lookup key of a name: lower case, no accents, plain apostrophes, hyphens as spaces.

    Examples
    --------
    >>> normalize_key("Touadéra’s  Forces")
    "touadera's forces"
    >>> normalize_key("Deir-ez-Zor") == normalize_key("Deir ez-Zor")
    True
    """
    text = text.translate(_APOSTROPHES)
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _SPACES.sub(" ", text).strip().lower()


ARABIC_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "adh", "ath", "ed", "er", "es",
                             "et", "ez", "en", "ul"})
"""The Arabic definite article as GeoNames and the news romanise it, assimilated before sun
letters ("Ad Darbāsīyah", "Ash Shaddādah"); news often drops it ("Darbasiyah")."""


def strip_arabic_article(key: str) -> str | None:
    """Return a name key without its leading Arabic article, or None if it has none.

    >>> strip_arabic_article("ash shaddadah")
    'shaddadah'
    """
    first, _, rest = key.partition(" ")
    return rest if first in ARABIC_ARTICLES and len(rest) >= 3 else None


def split_list(value) -> list[str]:
    """Split a ``|``-joined cell into its stripped, non-empty parts."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return []
    return [part.strip() for part in str(value).split("|") if part.strip()]


@cache
def read_table(name: str) -> pd.DataFrame:
    """Read a CSV file of ``data/`` with every cell as text ("" when empty).

    Raises
    ------
    FileNotFoundError
        If the file is not in ``data/``.
    """
    return pd.read_csv(DATA_DIR / name, dtype=str, keep_default_na=False)
