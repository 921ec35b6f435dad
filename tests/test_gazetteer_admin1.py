"""Admin-1 names from Natural Earth (scripts/ne_admin1.py) and what they resolve in the committed gazetteer."""

import importlib.util
import json
import math
from pathlib import Path

import pandas as pd
import pytest

from events import parse_article
from events.extraction.pipeline import extract_events
from events.reference.gazetteer import resolve_place
from events.reference.lexicon import normalize_key

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ne = _load("ne_admin1")


def km(lat1, lon1, lat2, lon2):
    la1, la2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


# --- the committed gazetteer --------------------------------------------------------------------

def test_district_and_modern_province_name_place_the_event_in_afghanistan():
    body = "Gunmen attacked a convoy in Puli Alam district, Logar, on Monday."
    events, _ = extract_events(parse_article(f"---\npublished: 2021-03-04\ntitle: t\n---\n{body}\n"))
    assert len(events) >= 1
    row = events.iloc[0]
    assert row["iso3"] == "AFG"
    assert km(row["latitude"], row["longitude"], 33.995, 69.023) < 50  # Pul-e Alam


@pytest.mark.parametrize("name, iso3, lat, lon", [
    ("Wardak", "AFG", 34.3, 68.3),          # GeoNames' old snapshot: "Vardak"
    ("Mount Lebanon", "LBN", 33.8, 35.6),   # "Mont-Liban"
    ("Bekaa", "LBN", 33.8, 35.9),           # "Beqaa"
    ("Extreme-Nord", "CMR", 10.6, 14.4),    # "Far North"
    ("Bujumbura Rural", "BDI", -3.5, 29.4),  # missing from the old snapshot
])
def test_modern_admin1_names_resolve(name, iso3, lat, lon):
    place = resolve_place(name)
    assert place is not None and place.feature == "admin1" and place.iso3 == iso3
    assert km(place.latitude, place.longitude, lat, lon) < 100


def test_no_admin1_name_is_another_admin1_alternate_in_the_same_country():
    gaz = pd.read_parquet(ROOT / "data" / "gazetteer.parquet", columns=["name", "alternatenames", "feature", "iso2"])
    admin1 = gaz[gaz["feature"] == "admin1"]
    names = {(iso2, normalize_key(n)) for iso2, n in zip(admin1["iso2"], admin1["name"])}
    clashes = [(iso2, name, alt) for iso2, name, alts in zip(admin1["iso2"], admin1["name"], admin1["alternatenames"])
               for alt in (alts.split("|") if alts else [])
               if normalize_key(alt) != normalize_key(name) and (iso2, normalize_key(alt)) in names]
    assert not clashes


# --- the build step, on inputs written here ---------------------------------------------------

def test_unit_names_strip_administrative_words_and_split_alternates():
    unit = {"gn_name": "Wilayat-e Logar", "gns_name": "Logar, Wilayat-e", "woe_name": "Logar",
            "name": "Logar", "name_alt": "Lawghar|Loghar, Lowghar|Eastern Province|Southern|WestEast"
                                         "|Hill Peoples, Lakes, and Plains Region|XIV|lowgar|Лоґар"}
    names = dict(ne.unit_names(unit))
    assert names["Logar"] == 1  # best rank: gn_name, once
    assert {"Lawghar", "Loghar", "Lowghar"} <= set(names)
    assert "Eastern Province" in names  # only GeoNames-style names lose their administrative words
    assert "Southern" not in names and "WestEast" not in names
    assert not {"XIV", "lowgar", "Лоґар"} & set(names)  # codes, machine transliterations, other scripts
    assert "Hill Peoples, Lakes, and Plains Region" in names and "Lakes" not in names  # one name, not a list


def test_assign_names_gives_a_contested_name_to_the_best_claimant_only():
    owners = [
        ("AF", "uruzgan", [("Uruzgan", 1)]),
        ("AF", "daykundi", [("Daykundi", 1), ("Uruzgan", 4)]),
        ("AF", "paktia", [("Paktiya", 2)]),
        ("AF", "paktika", [("Paktika", 1), ("Paktiya", 5), ("Southern Province", 5)]),
        ("AF", "paktia2", [("Southern Province", 5)]),
        ("AF", "kept", [("Kept", ne.GAZETTEER_RANK), ("Kept", 1)]),
    ]
    given = ne.assign_names(owners, {}, {})
    assert given["uruzgan"] == ["Uruzgan"]
    assert given["daykundi"] == ["Daykundi"]
    assert given["paktia"] == ["Paktiya"]
    assert given["paktika"] == ["Paktika"]  # "Southern Province" is tied between two units
    assert "kept" not in given  # a row's own name is not repeated


def test_assign_names_keeps_city_names_out_of_alternates():
    owners = [("AF", "balkh", [("Balkh", 1), ("Mazar-i-Sharif", ne.ALT_RANK), ("Lagos", ne.ALT_RANK)]),
              ("NG", "lagos", [("Lagos", 1)])]
    given = ne.assign_names(owners, {"AF": {"mazar i sharif"}}, {"lagos": {"NG"}})
    assert given["balkh"] == ["Balkh"]  # the province's capital and a big city abroad are not the province
    assert given["lagos"] == ["Lagos"]  # the same name as a primary name in its own country stays
    abroad = ne.assign_names([("AF", "nangarhar", [("Nangarhar", 1), ("Eastern Province", ne.ALT_RANK)])],
                             {}, {}, {"eastern province": {"SA", "LK"}})
    assert abroad["nangarhar"] == ["Nangarhar"]  # another country's unit is not a low-trust alternate
    own = ne.assign_names([("CO", "dc", [("Bogota D.C.", 0), ("Bogota", 1), ("Santa Fe de Bogota", 4)])],
                          {}, {}, {}, {"dc": {"bogota"}})
    assert own["dc"] == ["Santa Fe de Bogota"]  # the big city inside the unit keeps its own name


def _write_units(path: Path, features: list[dict]) -> None:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": None, "properties": {
            "featurecla": "Admin-1 scale rank", "gn_level": 1, "adm1_code": f"X-{i}", "name_alt": None,
            "woe_name": None, "gns_name": None, **f}} for i, f in enumerate(features)]}), encoding="utf-8")


def test_add_natural_earth_matches_renames_and_adds(tmp_path):
    _write_units(tmp_path / "afg.json", [
        {"iso_a2": "AF", "gn_a1_code": "AF.17", "name": "Logar", "gn_name": "Wilayat-e Logar",
         "name_alt": "Loghar", "latitude": 34.0, "longitude": 69.2},
        {"iso_a2": "AF", "gn_a1_code": "AF.99", "name": "Newland", "gn_name": "Newland",
         "latitude": 35.0, "longitude": 70.0},
        {"iso_a2": "AF", "gn_a1_code": "AF.27", "name": "Wardak", "gn_name": "Wardak", "gn_level": 2,
         "latitude": 34.3, "longitude": 68.3},
        {"iso_a2": "-1", "gn_a1_code": "XK.01", "name": "Nowhere", "gn_name": "Nowhere",
         "latitude": 42.0, "longitude": 21.0},
    ])
    admin1 = pd.DataFrame({"geonameid": [None, None], "name": ["Lowgar", "Autonomna Pokrajina Northland"],
                           "alternatenames": ["", ""], "feature": ["admin1", "admin1"],
                           "latitude": [34.0, 36.0], "longitude": [69.1, 66.0], "iso2": ["AF", "AF"],
                           "admin1": ["Lowgar", "Autonomna Pokrajina Northland"], "population": [1000, 2000]})
    cities = pd.DataFrame({"countrycode": ["AF"], "admin1code": ["17"], "admin1": ["Lowgar"], "name": ["Pul-e Alam"],
                           "alternatenames": [["Puli Alam"]], "population": [22000]})
    out = ne.add_natural_earth(admin1, cities, tmp_path)
    assert out.loc[0, "name"] == "Lowgar"  # existing row kept, first
    assert out.loc[0, "alternatenames"] == "Logar|Loghar"
    assert out.loc[1, "alternatenames"] == "Northland"  # the name without the local administrative words
    assert list(out["name"]) == ["Lowgar", "Autonomna Pokrajina Northland", "Newland"]  # gn_level 2, non-ISO: not admin-1
    assert out.loc[2, ["latitude", "longitude"]].tolist() == [35.0, 70.0]
    assert pd.isna(out.loc[2, "population"])
    again = ne.add_natural_earth(admin1, cities, tmp_path)
    assert again.equals(out)


def test_read_units_without_files_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        ne.read_units(tmp_path)


def test_a_big_city_keeps_its_name_from_the_unit_around_it():
    place = resolve_place("Bogota")  # not the capital district "Bogota D.C." (ACLED codes the city)
    assert place is not None and (place.feature, place.iso3) == ("city", "COL")
