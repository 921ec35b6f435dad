"""Checks on the generated reference data in data/ (gazetteer, countries, regions)."""

from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def gazetteer() -> pd.DataFrame:
    return pd.read_parquet(DATA / "gazetteer.parquet")


@pytest.fixture(scope="module")
def countries() -> pd.DataFrame:
    return pd.read_csv(DATA / "countries.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def regions() -> pd.DataFrame:
    return pd.read_csv(DATA / "regions.csv", keep_default_na=False)


def cities_with_alternate(gaz: pd.DataFrame, alt: str) -> pd.DataFrame:
    """Cities whose '|'-joined alternatenames contain alt exactly."""
    alts = gaz["alternatenames"].fillna("").str.split("|")
    return gaz[(gaz["feature"] == "city") & alts.map(lambda names: alt in names)]


def test_gazetteer_columns(gazetteer):
    assert list(gazetteer.columns) == [
        "geonameid", "name", "alternatenames", "feature", "latitude", "longitude",
        "iso2", "iso3", "country", "admin1", "population",
    ]
    assert str(gazetteer["geonameid"].dtype) == "Int64"
    assert str(gazetteer["population"].dtype) == "Int64"
    assert set(gazetteer["feature"]) == {"city", "admin2", "admin1"}


@pytest.mark.parametrize("alt", ["Artemivsk", "Artemovsk"])
def test_bakhmut_alternate_names(gazetteer, alt):
    hits = cities_with_alternate(gazetteer, alt)
    bakhmut = hits[hits["name"] == "Bakhmut"]
    assert len(bakhmut) == 1
    row = bakhmut.iloc[0]
    assert (row["iso2"], row["iso3"], row["admin1"]) == ("UA", "UKR", "Donetsk")


def test_kiev_is_kyiv(gazetteer):
    hits = cities_with_alternate(gazetteer, "Kiev")
    assert ((hits["name"] == "Kyiv") & (hits["iso3"] == "UKR")).any()


@pytest.mark.parametrize("name, iso2s", [("Tripoli", {"LY", "LB"}), ("Athens", {"GR", "US"}),
                                         ("Bangui", {"CF"})])
def test_homonyms_in_several_countries(gazetteer, name, iso2s):
    cities = gazetteer[(gazetteer["feature"] == "city") & (gazetteer["name"] == name)]
    assert iso2s <= set(cities["iso2"])


def test_athens_georgia_us(gazetteer):
    athens = gazetteer[(gazetteer["name"] == "Athens") & (gazetteer["iso2"] == "US")]
    assert "Georgia" in set(athens["admin1"])


def test_khusham_in_deir_ez_zor(gazetteer):
    hits = cities_with_alternate(gazetteer, "Khusham")
    assert ((hits["iso2"] == "SY") & (hits["admin1"] == "Deir ez-Zor")).any()


def test_alternatenames_are_clean(gazetteer):
    alts = gazetteer["alternatenames"].fillna("").str.split("|").explode()
    alts = alts[alts != ""]
    assert alts.str.len().max() <= 60
    assert not alts.str.fullmatch(r"[A-Z]{1,4}").any()


def test_gazetteer_coordinates_in_range(gazetteer):
    assert gazetteer["latitude"].between(-90, 90).all()
    assert gazetteer["longitude"].between(-180, 180).all()


def test_admin1_rows_are_unique(gazetteer):
    admin1 = gazetteer[gazetteer["feature"] == "admin1"]
    assert not admin1.duplicated(["iso2", "name"]).any()
    assert (admin1["name"] == admin1["admin1"]).all()
    us = admin1[admin1["iso2"] == "US"]
    assert {"Georgia", "California", "District of Columbia"} <= set(us["name"])


def test_gazetteer_countries_known(gazetteer, countries):
    assert set(gazetteer["iso3"].dropna()) <= set(countries["iso3"])
    assert gazetteer["iso3"].notna().all()


def test_country_codes_unique(countries):
    assert countries["iso3"].is_unique
    assert countries["iso3"].str.fullmatch(r"[A-Z]{3}").all()
    assert countries["iso2"].is_unique
    assert countries["iso2"].str.fullmatch(r"[A-Z]{2}").all()
    assert countries["name"].is_unique
    assert len(countries) >= 249


def test_country_coordinates_in_range(countries):
    lat = pd.to_numeric(countries["latitude"])
    lon = pd.to_numeric(countries["longitude"])
    assert lat.between(-90, 90).all()
    assert lon.between(-180, 180).all()


def test_russian_is_demonym_of_russia(countries):
    russia = countries.set_index("iso3").loc["RUS"]
    assert "Russian" in russia["demonyms"].split("|")
    assert russia["name"] == "Russia"


@pytest.mark.parametrize("iso3, name, alias", [
    ("USA", "United States", "U.S."), ("GBR", "United Kingdom", "Britain"),
    ("PRK", "North Korea", "DPRK"), ("CIV", "Ivory Coast", "Côte d'Ivoire"),
    ("COD", "Democratic Republic of Congo", "DRC"), ("XKX", "Kosovo", "Republic of Kosovo"),
])
def test_country_names_and_aliases(countries, iso3, name, alias):
    row = countries.set_index("iso3").loc[iso3]
    assert row["name"] == name
    assert alias in row["aliases"].split("|")


def test_every_un_member_has_a_demonym(countries):
    territories_without = {"ATA", "BVT", "HMD", "UMI", "SGS", "ATF", "BES"}
    missing = countries[(countries["demonyms"] == "") & ~countries["iso3"].isin(territories_without)]
    assert missing.empty, list(missing["iso3"])


def test_capitals_are_gazetteer_names(countries, gazetteer):
    cities = set(zip(gazetteer.loc[gazetteer["feature"] == "city", "iso2"],
                     gazetteer.loc[gazetteer["feature"] == "city", "name"]))
    with_capital = countries[countries["capital"] != ""]
    missing = [(r.iso2, r.capital) for r in with_capital.itertuples()
               if (r.iso2, r.capital) not in cities]
    assert len(missing) <= 5, missing


def test_regions_have_donbas_in_ukraine(regions):
    donbas = regions[regions["name"] == "Donbas"]
    assert len(donbas) == 1
    assert donbas.iloc[0]["iso3"] == "UKR"
    assert "Donbass" in donbas.iloc[0]["aliases"].split("|")


def test_regions_columns_and_range(regions):
    assert list(regions.columns) == ["name", "aliases", "iso3", "admin1", "latitude",
                                     "longitude", "kind"]
    assert regions["name"].is_unique
    assert regions["latitude"].between(-90, 90).all()
    assert regions["longitude"].between(-180, 180).all()
