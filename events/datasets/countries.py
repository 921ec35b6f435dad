"""Country codes and names of dataset rows.

They are resolved against ``data/countries.csv`` and ``data/fips_to_iso3.csv``.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from ..reference.lexicon import read_table
from .table import to_int_codes


@cache
def _country_keys() -> dict[str, str]:
    countries = read_table("countries.csv")
    keys: dict[str, str] = {}
    for iso3, name, aliases in zip(countries["iso3"], countries["name"], countries["aliases"]):
        for key in [name, *aliases.split("|")]:
            if key.strip():
                keys.setdefault(key.strip().lower(), iso3)
    return keys


def resolve_iso3_by_name(names: pd.Series) -> pd.Series:
    """Return ISO3 codes for country names via ``data/countries.csv`` names and aliases.

    Parameters
    ----------
    names : pandas.Series of str
        Country names as a dataset writes them; case is ignored, and so is a trailing
        parenthesis (UCDP GED's ``"Russia (Soviet Union)"``, ``"Yemen (North Yemen)"``).

    Returns
    -------
    pandas.Series of string
        ISO 3166-1 alpha-3 codes; ``<NA>`` for names the table does not hold.
    """
    codes, uniques = pd.factorize(names.astype("string"))  # a few hundred distinct names at most
    key = pd.Series(uniques, dtype="string").str.replace(r"\s*\(.*\)\s*$", "", regex=True).str.strip().str.lower()
    found = pd.array(key.map(_country_keys()), dtype="string")
    return pd.Series(found.take(codes, allow_fill=True), index=names.index, dtype="string")


def resolve_iso3_by_number(numbers: pd.Series) -> pd.Series:
    """Return ISO3 codes for ISO 3166-1 numeric codes (ACLED's ``iso`` column).

    Parameters
    ----------
    numbers : pandas.Series of str
        Numeric codes as text, with or without leading zeros (``"804"``, ``"4"``).

    Returns
    -------
    pandas.Series of string
        Alpha-3 codes from ``data/countries.csv`` (``isonum``); ``<NA>`` when unknown.
    """
    countries = read_table("countries.csv")
    table = dict(zip(countries["isonum"], countries["iso3"]))
    return to_int_codes(numbers).astype("string").map(table).astype("string")


def resolve_iso3_by_fips(codes: pd.Series) -> pd.Series:
    """Return ISO3 codes for FIPS 10-4 country codes (GDELT's ``*Geo_CountryCode``).

    Parameters
    ----------
    codes : pandas.Series of str
        Two-letter FIPS 10-4 codes (``"UP"`` Ukraine, ``"RS"`` Russia, ``"RI"`` Serbia).

    Returns
    -------
    pandas.Series of string
        ISO 3166-1 alpha-3 codes; ``<NA>`` for codes that are not countries (``"OS"`` oceans).

    Notes
    -----
    ``data/fips_to_iso3.csv``, generated from GeoNames ``countryInfo``, then the hand-written
    ``data/fips_to_iso3_extra.csv`` (codes GeoNames lacks, such as ``GZ`` Gaza Strip → PSE), which
    wins where both list a code (see ``data/README.md``).

    Examples
    --------
    >>> resolve_iso3_by_fips(pd.Series(["UP", "RS", "GZ"])).tolist()
    ['UKR', 'RUS', 'PSE']
    """
    return codes.astype("string").str.strip().str.upper().map(_fips_table()[0]).astype("string")


@cache
def _fips_table() -> tuple[dict[str, str], dict[str, str]]:
    """FIPS → ISO3, and ISO3 → name for codes ``data/countries.csv`` does not name."""
    table, extra = read_table("fips_to_iso3.csv"), read_table("fips_to_iso3_extra.csv")
    iso3 = dict(zip(table["fips"], table["iso3"])) | dict(zip(extra["fips"], extra["iso3"]))
    names = {i: n for i, n in zip(extra["iso3"], extra["name"]) if n}
    return iso3, names


def country_names(iso3: pd.Series) -> pd.Series:
    """Return the country name ACLED uses for each ISO3 code.

    Parameters
    ----------
    iso3 : pandas.Series of str
        ISO 3166-1 alpha-3 codes.

    Returns
    -------
    pandas.Series of string
        Names from ``data/countries.csv`` (``Russia``, ``Democratic Republic of Congo``), else
        from ``data/fips_to_iso3_extra.csv`` for withdrawn codes (``SCG`` Serbia and Montenegro,
        ``ANT`` Netherlands Antilles); ``<NA>`` for unknown codes.
    """
    countries = read_table("countries.csv")
    names = _fips_table()[1] | dict(zip(countries["iso3"], countries["name"]))
    return iso3.astype("string").map(names).astype("string")


def resolve_country_name(text: str) -> str | None:
    """Return the ``data/countries.csv`` name of a country name, alias or ISO3 code.

    Parameters
    ----------
    text : str
        ``"Ukraine"``, ``"ukraine"``, ``"UKR"``, ``"Russian Federation"``; case and surrounding
        blanks are ignored.

    Returns
    -------
    str or None
        The table's name (``"Ukraine"``); None if the text is none of these.

    Examples
    --------
    >>> resolve_country_name("ukr"), resolve_country_name("russian federation"), resolve_country_name("Narnia")
    ('Ukraine', 'Russia', None)
    """
    countries = read_table("countries.csv")
    key = text.strip().lower()
    iso3 = _country_keys().get(key)
    if iso3 is None and key.upper() in set(countries["iso3"]):
        iso3 = key.upper()
    if iso3 is None:
        return None
    return dict(zip(countries["iso3"], countries["name"]))[iso3]
