"""Regression tests: one small, self-written input for each kind of fault found while measuring
the extractor on annotated corpora (geoparsing, TimeML, ACLED notes). No corpus text is copied."""

import datetime as dt

import pandas as pd
import pytest

from events import extract_events, parse_article
from events.extraction.timexes import parse_timexes
from events.extraction.toponyms import find_toponyms

PUB = dt.date(2020, 5, 9)


def events_of(text, published=PUB):
    return extract_events(parse_article(text, published=published))[0]


def toponyms_of(text):
    return [(t.text, t.location, t.iso3, t.admin1) for t in find_toponyms(parse_article(text))]


# --- reading -----------------------------------------------------------------------------

def test_a_lone_paragraph_is_text_not_a_headline():
    events = events_of("On 8 May 2020, teachers protested in Kharkiv against unpaid wages [size=no report]")
    assert len(events) == 1 and events.iloc[0]["plover_type"] == "PROTEST"


# --- toponyms ----------------------------------------------------------------------------

def test_sentence_initial_function_word_is_not_a_place():
    names = [t[0] for t in toponyms_of("On Monday, farmers marched in Kharkiv.")]
    assert names == ["Kharkiv"]


def test_accent_stripped_short_word_is_not_a_place():
    # "Al" would match the Norwegian town "Ål" once accents are stripped.
    assert all(t[0] != "Al" for t in toponyms_of("Fighters of Al Noor brigade entered Raqqa."))


def test_town_followed_by_its_state_is_the_town():
    events = events_of("On 8 May 2020, in Manaus, Amazonas, police clashed with armed men. 2 fatalities.")
    row = events.iloc[0]
    assert row["location"] == "Manaus" and row["iso3"] == "BRA" and row["geo_precision"] == 1


def test_capitalised_common_noun_after_the_is_not_a_town():
    assert all(t[0] != "Metro" for t in toponyms_of("Workers of the Metro protested in Kyiv."))


def test_demonym_is_a_toponym_of_its_country():
    found = toponyms_of("Sudanese officials met in Khartoum.")
    assert ("Sudanese", "Sudan", "SDN", None) in found


def test_ap_state_abbreviation_resolves_to_the_state():
    found = {t[0]: t for t in toponyms_of("The fair moved from Peoria, Ill., to Louisville, Ky.")}
    assert found["Ill."][1:3] == ("Illinois", "USA")
    assert found["Ky."][1:3] == ("Kentucky", "USA")


@pytest.mark.parametrize("text, name, iso3", [
    ("Clashes erupted in Tripoli, the second city of Lebanon, near Beirut.", "Tripoli", "LBN"),
    ("Militias shelled Tripoli, the capital of Libya, from Misrata.", "Tripoli", "LBY"),
    ("The mayor of Athens, Ga., spoke in Atlanta, Georgia.", "Athens", "USA"),
])
def test_ambiguous_toponym_is_decided_by_the_article(text, name, iso3):
    found = {t[0]: t for t in toponyms_of(text)}
    assert found[name][2] == iso3


def test_state_outranks_small_town_of_the_same_name_abroad():
    found = {t[0]: t for t in toponyms_of("Voters in Virginia and Maryland went to the polls.")}
    assert found["Virginia"][1:4] == ("Virginia", "USA", "Virginia")


def test_surname_after_given_name_is_not_a_place():
    assert all(t[0] != "Hill" for t in toponyms_of("Police in Richmond found Juantissa Hill at home."))


def test_continent_is_a_region_not_a_town():
    found = {t[0]: t for t in toponyms_of("The virus spread from Asia to Africa.")}
    assert found["Asia"][1] == "Asia" and found["Africa"][1] == "Africa"


def test_metonymic_capital_is_not_an_event_location():
    events = events_of("Moscow denied any role in the attack, officials said.")
    assert "Moscow" not in set(events["location"].dropna())


# --- dates -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, published, value", [
    ("profit rose in the third quarter", dt.date(1989, 10, 26), "1989-Q3"),
    ("sales in its fourth quarter", dt.date(1989, 10, 26), "1989-Q4"),
    ("a dry summer", dt.date(1989, 10, 26), None),
    ("demand fell during the summer", dt.date(1989, 10, 26), "1989-SU"),
    ("prices have recently risen", dt.date(1998, 2, 13), "PAST_REF"),
    ("the truce will expire in August", dt.date(1998, 2, 13), "1998-08"),
    ("the truce expired in August", dt.date(1998, 2, 13), "1997-08"),
    ("results for fiscal 1989", dt.date(1989, 10, 26), "1989"),
])
def test_date_values(text, published, value):
    found = parse_timexes(text, published)
    assert (found[0].value if found else None) == value


# --- figures and coding ------------------------------------------------------------------

def test_explicit_count_in_a_later_sentence_is_the_total():
    events = events_of("On 9 May 2020, gunmen attacked a bus near Gao. The attackers fled. 2 fatalities.")
    assert events.iloc[0]["fatalities"] == 2


def test_reported_zero_is_zero_not_unknown():
    events = events_of("On 9 May 2020, drones struck a base near Hama. No fatalities were reported.")
    assert events.iloc[0]["fatalities"] == 0


def test_unreported_fatalities_stay_empty():
    events = events_of("On 9 May 2020, drones struck a base near Hama.")
    assert events.iloc[0]["fatalities"] is pd_na()


def pd_na():
    import pandas as pd

    return pd.NA


def test_single_victim_without_a_number_counts_one():
    events = events_of("On 9 May 2020, a soldier shot and killed a civilian in Gao.")
    row = events.iloc[0]
    assert row["fatalities"] == 1 and row["event_type"] == "Violence against civilians"


def test_vague_quantity_is_a_hedged_lower_bound():
    from events.extraction.figures import parse_figures

    f = parse_figures("Dozens of civilians were killed in the raid.")[0]
    assert (f.value, f.qualifier, f.metric) == (12, "at least", "fatalities")  # ACLED: "dozens" is coded 12


def test_remote_weapons_make_explosions():
    row = events_of("On 9 May 2020, warplanes carried out airstrikes on Idlib.").iloc[0]
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")


def test_direct_fire_at_a_civilian_is_violence_against_civilians():
    row = events_of("On 9 May 2020, soldiers opened fire at a man at a checkpoint in Daraa.").iloc[0]
    assert row["event_type"] == "Violence against civilians"


def test_protest_actor_is_protesters_of_the_country():
    row = events_of("On 9 May 2020, members of the Teachers Union protested in Kharkiv.").iloc[0]
    assert row["actor1"] == "Protesters (Ukraine)" and row["event_type"] == "Protests"


def test_violent_demonstration_is_a_riot():
    row = events_of("On 9 May 2020, residents blocked a road in Kharkiv with burning tyres.").iloc[0]
    assert row["event_type"] == "Riots" and row["actor1"] == "Rioters (Ukraine)"


def test_passive_victim_is_actor2_and_unknown_killer_is_unidentified():
    row = events_of("On 9 May 2020, a man was shot dead by gunmen in Gao.").iloc[0]
    assert row["actor1"] == "Unidentified Armed Group (Mali)"
    assert row["fatalities"] == 1


def test_lower_case_state_actor_alias():
    row = events_of("On 8 May 2020, military forces of Armenia fired on positions near Tovuz.").iloc[0]
    assert row["actor1"] == "Military Forces of Armenia"


def test_observer_is_not_the_actor():
    row = events_of("On 9 May 2020, the OSCE SMM observed 20 explosions near Donetsk.").iloc[0]
    assert "OSCE" not in str(row["actor1"])
    assert row["iso3"] == "UKR"


def test_small_foreign_namesake_is_not_taken_when_the_article_is_about_elsewhere():
    # Moura exists in the gazetteer only in Portugal; the Malian village of that name does not.
    text = ("---\npublished: 2022-04-05\n---\nBAMAKO - Malian soldiers killed about 30 civilians in the "
            "central Malian town of Moura last week, a rights group said on Tuesday.")
    row = extract_events(parse_article(text))[0].iloc[0]
    assert row["iso3"] == "MLI" and row["geo_precision"] == 3
    assert row["actor2"] == "Civilians (Mali)"


def test_numbers_of_sources_are_not_figures():
    from events.extraction.figures import parse_figures

    assert parse_figures("Two security sources said the attack was repelled.") == []


def test_town_must_lie_in_the_region_that_qualifies_it():
    # Orikhove exists in the gazetteer in Crimea, not in Luhansk: the region stands instead.
    row = events_of("On 9 May 2020, rebel forces fired grenade launchers near Orikhove, Luhansk.").iloc[0]
    assert row["iso3"] == "UKR" and row["admin1"] == "Luhansk"


def test_unarmed_crowd_fight_is_a_riot_and_bare_counts_are_casualties():
    row = events_of("On 30 April 2020, two groups clashed over a land dispute in Ballia district. "
                    "1 killed, three injured.").iloc[0]
    assert (row["event_type"], row["actor1"]) == ("Riots", "Rioters (India)")
    assert row["fatalities"] == 1


def test_an_exchange_of_fire_is_a_battle_whatever_the_weapons():
    row = events_of("On 9 May 2020, government and rebel forces exchanged artillery fire near Marib.").iloc[0]
    assert row["event_type"] == "Battles"


def test_small_arms_with_mortars_is_a_battle_but_mortars_alone_are_shelling():
    mixed = events_of("On 9 May 2020, rebel forces fired mortars and small arms at army positions near Avdiivka.").iloc[0]
    remote = events_of("On 9 May 2020, rebel forces fired mortars at army positions near Avdiivka.").iloc[0]
    assert mixed["event_type"] == "Battles"
    assert (remote["event_type"], remote["sub_event_type"]) == ("Explosions/Remote violence", "Shelling/artillery/missile attack")


def test_police_dispersing_a_protest_is_a_protest_with_intervention_not_a_battle():
    events = events_of("NAIROBI - Police fired tear gas to disperse opposition supporters in the capital on Monday.")
    row = events.iloc[0]
    assert len(events) == 1 and row["plover_type"] == "PROTEST"
    assert (row["sub_event_type"], row["actor1"], row["actor2"]) == (
        "Protest with intervention", "Protesters (Kenya)", "Police Forces of Kenya")
    assert row["location"] == "Nairobi"  # "in the capital", not the dateline


def test_demonym_before_a_weapon_names_the_armed_forces():
    row = events_of("A Turkish drone struck a car near Sinjar in Iraq on Saturday, killing three men.").iloc[0]
    assert row["actor1"] == "Military Forces of Turkey" and row["fatalities"] == 3


def test_any_victims_after_killed_are_counted():
    row = events_of("On 9 May 2020, armed men killed 7 farmers in Mopti.").iloc[0]
    assert row["fatalities"] == 7


def test_number_word_inside_another_word_is_not_a_number():
    from events.extraction.figures import parse_figures

    assert [f.value for f in parse_figures("A drone struck someone in Gao.")] == []


def test_competing_counts_of_the_same_dead_are_not_added():
    from events.extraction.record import FatalityCount, fatality_total

    army = FatalityCount("f1", 18, "at least", "soldier", "army", False)
    claim = FatalityCount("f2", 40, "exactly", "soldier", "JNIM", True)
    rebels = FatalityCount("f3", 30, "approximately", "rebel", "government", True)
    total, _, notes = fatality_total({army, claim})
    assert total == 18 and "40 from JNIM (unverified) set aside" in notes[0]
    assert fatality_total({army, rebels})[0] == 48  # different groups of dead add up


def test_participial_clause_takes_the_main_subject():
    row = events_of("The European Union imposed sanctions on Wagner on Monday, accusing the group of abuses.")
    accuse = row[row["plover_type"] == "ACCUSE"].iloc[0]
    assert (accuse["actor1"], accuse["actor2"]) == ("European Union", "Wagner Group")


def test_the_attacked_actor_can_follow_a_target_noun():
    row = events_of("Rebels attacked the headquarters of the Syrian Democratic Forces near Raqqa on Monday.").iloc[0]
    assert row["actor2"] == "Syrian Democratic Forces"


@pytest.mark.parametrize("text, values", [
    ("Profit rose in the third quarter from $5 million a year ago.", ["1989-Q3", "1988-Q3"]),
    ("Sales in the third quarter beat last year.", ["1989-Q3", "1988-Q3"]),
    ("The year-ago results were weak.", ["1988"]),
    ("He resigned a year ago.", ["1988"]),
])
def test_a_year_ago_in_a_story_about_a_quarter(text, values):
    assert [t.value for t in parse_timexes(text, dt.date(1989, 10, 26))] == values


def test_named_group_followed_by_its_description_is_one_actor():
    row = events_of("On 9 May 2020, Al Shabaab militants attacked an army base near Afgoye.").iloc[0]
    assert row["actor1"] == "Al Shabaab"


def test_generic_actor_takes_the_country_the_article_is_about():
    row = events_of("Protesters rallied against the Lebanese government on Monday.").iloc[0]
    assert row["actor1"] == "Protesters (Lebanon)"
    assert row["geo_precision"] == 3  # only the country is known, and it is marked so


def test_the_verb_before_a_number_decides_killed_or_wounded():
    row = events_of("On 9 May 2020, villagers clashed with herders near Keerom, wounding seven villagers and killing one.").iloc[0]
    assert row["fatalities"] == 1


def test_a_coders_stated_count_wins():
    row = events_of("On 7 May 2020, soldiers killed 1 civilian in Ghazni district. Fatalities coded as 0 (a local site reported 1).").iloc[0]
    assert row["fatalities"] == 0


def test_a_stated_zero_does_not_erase_counted_victims():
    row = events_of("On 9 May 2020, gunmen killed 2 farmers near Gao. No fatalities among the soldiers were reported.").iloc[0]
    assert row["fatalities"] == 2


def test_counted_victims_before_killed_are_not_the_killers():
    events = events_of("On 3 May 2020, JNIM fighters detonated an IED near Torodi. At least one soldier killed and two wounded.")
    assert list(events["actor1"]) == ["JNIM"]
    assert events.iloc[0]["fatalities"] == 1


def test_bracketed_district_and_region_qualify_the_village_before_them():
    events = events_of("On 29 April 2020, militants attacked Muaja (Ancuabe, Cabo Delgado) and killed 1 person.")
    assert len(events) == 1
    row = events.iloc[0]
    assert (row["iso3"], row["admin1"], row["fatalities"]) == ("MOZ", "Cabo Delgado", 1)


def test_comma_chain_without_and_is_a_place_and_its_province():
    events = events_of("On 7 May 2020, a former councilor was shot dead by gunmen in Lawa, Calamba, Laguna.")
    assert len(events) == 1 and events.iloc[0]["fatalities"] == 1


def test_region_inside_brackets_with_a_direction_is_still_context():
    events = events_of("On 30 April 2020, militants hit a vehicle with an IED in Bir Al-Abd (Bir Al-Abd, North Sinai), "
                       "killing 10 soldiers.")
    assert len(events) == 1 and events.iloc[0]["fatalities"] == 10


def test_the_killing_of_n_is_a_fatality_count():
    row = events_of("On 28 April 2020, Taliban militants clashed with police in Kabul, which led to the killing of 1 militant.").iloc[0]
    assert row["fatalities"] == 1


def test_one_clash_told_from_both_sides_is_one_event():
    events = events_of("On 3 May 2020, Afghan security forces repelled an attack by Taliban militants, killing 5 "
                       "militants, in Panjwaye district.")
    assert len(events) == 1 and events.iloc[0]["fatalities"] == 5


@pytest.mark.parametrize("text", [
    "On 4 May 2020, a guard stabbed a man to death in Onitsha.",
    "On 6 May 2020, clashes near Marib resulted in the death of the commander of the brigade.",
    "On 29 April 2020, a member of the security forces was found killed near Raqqa.",
])
def test_more_ways_to_say_one_person_died(text):
    assert events_of(text).iloc[0]["fatalities"] == 1


@pytest.mark.parametrize("text, name", [
    ("Tests at a laboratory in the UK will confirm it.", "the UK"),
    ("A soldier returned to the US on leave.", "the US"),
    ("A US soldier died in Texas.", "US"),
])
def test_country_acronyms_and_the_are_toponyms(text, name):
    assert name in [t[0] for t in toponyms_of(text)]


def test_an_actor_name_after_the_beats_a_shorter_place_name():
    row = events_of("On 28 April 2020, the Ukrainian Forces fired small arms at the positions of the Donbass "
                    "People's Militia near Donetsk.").iloc[0]
    assert row["actor2"] == "NAF: United Armed Forces of Novorossiya" and row["event_type"] == "Battles"


def test_an_explosion_with_no_named_perpetrator_is_an_unidentified_armed_group():
    row = events_of("On 5 May 2020, a landmine exploded near Sangkum Thmei village in Pursat, Cambodia, injuring a villager.").iloc[0]
    assert row["actor1"] == "Unidentified Armed Group (Cambodia)"


def test_presumed_before_a_name_keeps_the_by_phrase():
    row = events_of("On 28 April 2020, shells fired by presumed LNA forces fell in Janzur near Tripoli.").iloc[0]
    assert row["actor1"] == "Libyan National Army"


def test_counties_and_districts_are_places():
    found = {t[0]: t for t in toponyms_of("Roads are closed in Douglas County, north of Alexandria, Minn.")}
    assert found["Douglas County"][1:4] == ("Douglas County", "USA", "Minnesota")
    assert found["Alexandria"][2:4] == ("USA", "Minnesota")


def test_a_qualifier_that_names_both_a_country_and_a_province_takes_the_reading_holding_the_place():
    # Niger is a country and a Nigerian state; only the state holds a Minna.
    row = events_of("On 6 May 2020, nurses protested in Minna (Bosso LGA, Niger) over unpaid allowances.").iloc[0]
    assert (row["location"], row["iso3"]) == ("Minna", "NGA")


def test_a_short_all_capitals_acronym_is_not_a_place():
    names = [t[0] for t in toponyms_of("Doctors, led by ARD, marched in Akure on Friday.")]
    assert names == ["Akure"]


def test_a_lower_case_place_noun_after_a_name_is_a_description_not_part_of_the_name():
    # "Hays city" is the town of Hays, qualified by its governorate in brackets.
    row = events_of("On 2 May 2020, a sniper shot a farmer dead in Hays city (Al Hudaydah).").iloc[0]
    assert row["location"] == "Hays" and row["iso3"] == "YEM"


@pytest.mark.parametrize("text, actor", [
    ("On 3 May 2020, Maoist rebels ambushed a police patrol near Gaya, killing two officers.",
     "Communist Party of India (Maoist)"),
    ("On 3 May 2020, pro-STC forces clashed with government troops in Zinjibar.", "Southern Transitional Council"),
])
def test_armed_groups_named_in_conflict_notes_are_in_the_dictionary(text, actor):
    assert actor in set(events_of(text)["actor1"])


def test_a_national_capital_beats_a_state_of_the_same_name():
    (place,) = [t for t in find_toponyms(parse_article("US envoys flew home to Washington after the talks."))
                if t.text == "Washington"]
    assert place.geo_precision == 1 and place.latitude < 40  # the city on the Potomac, not the state


def test_a_national_capital_beats_a_small_namesake_in_a_country_the_article_names():
    text = "Governors of Texas and Florida joined US diplomats from Houston, Dallas and Miami for talks in Cairo."
    (cairo,) = [t for t in find_toponyms(parse_article(text)) if t.text == "Cairo"]
    assert cairo.iso3 == "EGY"


def test_a_small_namesake_keeps_its_name_when_the_article_names_its_state():
    text = "Flooding closed roads in Cairo, Illinois, and sheriff's deputies evacuated Alexander County."
    (cairo,) = [t for t in find_toponyms(parse_article(text)) if t.text == "Cairo"]
    assert cairo.iso3 == "USA"


def test_a_name_without_the_arabic_article_finds_the_place_that_has_it():
    # GeoNames writes "Ad Darbāsīyah" and "Ash Shaddādah"; news drops the article.
    places = {t[0]: t[2] for t in toponyms_of("Shelling hit Darbasiyah and Shaddadah on Monday.")}
    assert places == {"Darbasiyah": "SYR", "Shaddadah": "SYR"}


def test_a_surname_stays_a_person_for_the_whole_article():
    text = "Pastor Lena Hardin opened a shelter on Sunday. Hardin said it was full by noon."
    assert "Hardin" not in [t[0] for t in toponyms_of(text)]


def test_a_state_after_a_comma_qualifies_the_city_in_the_geoparser():
    found = {t[0]: t for t in toponyms_of("A girl from Columbus, Georgia, died of the flu.")}
    assert found["Columbus"][3] == "Georgia"  # not the larger Columbus, Ohio


def test_a_city_found_in_one_state_only_points_to_that_state_for_its_namesakes():
    found = {t[0]: t for t in toponyms_of("Tuscaloosa police helped officers in Greensboro on Tuesday.")}
    assert found["Greensboro"][2:] == ("USA", "Alabama")  # not the larger Greensboro, North Carolina


@pytest.mark.parametrize("text, name, iso3", [
    ("A poultry worker fell ill in the eastern province of Anhui.", "Anhui", "CHN"),  # not "Anhui Sheng"
    ("Flooding cut roads across Nueva Ecija on Monday.", "Nueva Ecija", "PHL"),  # not "Province of Nueva Ecija"
])
def test_provinces_are_found_without_their_administrative_words(text, name, iso3):
    found = {t[0]: t for t in toponyms_of(text)}
    assert found[name][2] == iso3


def test_a_country_name_that_opens_a_state_actor_is_still_a_toponym():
    found = {t[0]: t for t in toponyms_of("Russia officials said the outbreak was contained.")}
    assert found["Russia"][2] == "RUS"


def test_names_that_share_one_state_resolve_together():
    # Macon, Albany and Columbus are all towns of Georgia; alone, Albany and Columbus would be
    # the larger ones in New York and Ohio.
    states = {t[0]: t[3] for t in toponyms_of("Storms hit Macon and Albany before reaching Columbus.")}
    assert states == {"Macon": "Georgia", "Albany": "Georgia", "Columbus": "Georgia"}


def test_what_was_reported_is_not_who_reports_it():
    row = events_of("On 3 May 2020, Saudi-led coalition air raids were reported on Sirwah district.").iloc[0]
    assert row["actor1"] == "Operation Restoring Hope" and pd.isna(row["attributed_to"])


def test_forces_of_two_countries_coordinated_are_both_forces_and_both_sides():
    row = events_of("On 4 May 2020, military forces of India and Pakistan exchanged fire near Uri.").iloc[0]
    assert (row["actor1"], row["actor2"]) == ("Military Forces of India", "Military Forces of Pakistan")


@pytest.mark.parametrize("text", [
    "On 7 May 2020, residents demonstrated in Daraa and set rubber tires on fire on the main road.",
    "On 7 May 2020, students protested in Nairobi and threw rocks at passing buses.",
])
def test_demonstrators_burning_barricades_or_throwing_rocks_riot(text):
    row = events_of(text).iloc[0]
    assert row["event_type"] == "Riots" and row["actor1"].startswith("Rioters")


def test_a_grievance_about_damaged_crops_is_still_a_peaceful_protest():
    row = events_of("On 3 May 2020, farmers protested in Swabi after a hail storm destroyed their crops.").iloc[0]
    assert row["event_type"] == "Protests"


def test_a_clash_with_no_subject_takes_the_first_actor_of_its_sentence():
    text = "On 5 May 2020, in Niteroi, Rio de Janeiro, a fugitive was killed after exchanging fire with police officers."
    row = events_of(text).iloc[0]
    assert row["actor1"] == "Police Forces of Brazil"


def test_a_shoot_out_nobody_is_named_for_is_by_an_unidentified_armed_group():
    row = events_of("On 4 May 2020, in Niteroi, Rio de Janeiro, it was reported through a local app that a shoot-out took place.").iloc[0]
    assert row["event_type"] == "Battles" and row["actor1"] == "Unidentified Armed Group (Brazil)"


def test_two_mobs_clashing_is_a_riot():
    row = events_of("On 8 May 2020, two mobs clashed with each other in Pratapgarh over a property dispute.").iloc[0]
    assert row["event_type"] == "Riots" and row["actor1"] == "Rioters (India)"


@pytest.mark.parametrize("text, iso3", [
    ("On 3 May 2020, shells hit a hospital near Mitiga Airport (Tripoli).", "LBY"),
    ("On 3 May 2020, a bomb killed two civilians in Chahar Asyab district, Kabul.", "AFG"),
    ("On 3 May 2020, protesters blocked a road in Beirut's Hamra district.", "LBN"),
])
def test_a_capital_where_only_a_place_can_stand_is_a_place_not_its_government(text, iso3):
    row = events_of(text).iloc[0]
    assert row["iso3"] == iso3 and not pd.isna(row["latitude"])


def test_compass_adjectives_alone_are_not_places():
    assert [t[0] for t in toponyms_of("Gunmen from the Southern brigade attacked Eastern checkpoints near Daraa.")] == ["Daraa"]


def test_a_province_spelt_like_its_capital_still_resolves():
    found = {t[0]: t for t in toponyms_of("A rally took place in Idleb province on Friday.")}
    assert found["Idleb province"][2] == "SYR"


def test_a_square_or_bridge_named_after_a_small_town_is_not_that_town():
    row = events_of("On 1 May 2020, in Moquegua city, workers rallied in 2 de Mayo square.").iloc[0]
    assert row["location"] == "Moquegua"


def test_a_spaced_dash_separates_names():
    assert "Star Lake" in [t[0] for t in toponyms_of("Highway 108 is closed east of Perham to Star Lake - Highway 59 is open.")]


def test_a_district_in_brackets_after_a_sector_locates_the_event():
    text = "On 7 May 2020, troops exchanged fire at Shahpur sector area (Poonch district, J&K)."
    row = events_of(text).iloc[0]
    assert row["admin1"] == "Kashmir"  # GeoNames' name for Jammu and Kashmir; not the Shahpur in Karnataka


def test_a_town_across_the_border_of_the_article_country_is_kept():
    # The story names Russia twice; Kherson is a small city in a country bordering it, not a
    # stray namesake, so it must not be dropped for the country point.
    row = events_of("Russian forces shelled Kherson on Tuesday, Russian officials said.").iloc[0]
    assert row["location"] == "Kherson"


def test_the_first_of_two_coordinated_actors_acts_with_the_second():
    row = events_of("Wagner Group and the Malian army killed 20 people in Gao on Sunday.").iloc[0]
    assert (row["actor1"], row["assoc_actor_1"]) == ("Wagner Group", "Military Forces of Mali")


def test_according_to_does_not_take_the_date_before_it():
    row = events_of("The Malian army killed 20 people in Gao on Sunday, according to Human Rights Watch.",
                    published=dt.date(2023, 3, 15)).iloc[0]
    assert row["date_start"] == pd.Timestamp("2023-03-12")


def test_a_place_borrowed_from_a_later_sentence_says_so():
    events = events_of("Gunmen attacked a convoy on Monday. Soldiers later returned fire in Goma.")
    notes = " ".join(events["notes"].dropna())
    assert "located at the article's first named place (Goma)" in notes and "text before it" not in notes


def test_a_state_named_among_its_towns_stays_the_state():
    text = ("Leaders in St. Paul would like to tax the small businesses of Minnesota, said lawmakers from "
            "Bemidji, Brainerd and Duluth.")
    found = {t[0]: t for t in toponyms_of(text)}
    assert found["Minnesota"][1] == "Minnesota"  # the state, not the town of Minneota


def test_english_names_of_egyptian_governorates_resolve():
    found = {t[0]: t for t in toponyms_of("Bird flu was confirmed in Menoufia and Dakahlia on Monday.")}
    assert found["Menoufia"][1:3] == ("al Minufiyah", "EGY") and found["Dakahlia"][2] == "EGY"


def test_pro_leader_forces_are_the_leaders_military():
    row = events_of("On 2 May 2020, pro-Hadi forces clashed with pro-Houthi forces in Marib.").iloc[0]
    assert (row["actor1"], row["actor2"]) == ("Military Forces of Yemen", "Houthis")


@pytest.mark.parametrize("text", [
    "\u200fRussian forces shelled Kherson on Tuesday.",  # a direction mark first
    "Russian forces shelled Kher\u00adson on Tuesday.",  # a soft hyphen inside the name
    "Russian forces shelled Kherson\u200b on Tuesday.",  # a zero-width space after it
])
def test_invisible_characters_copied_from_web_pages_do_not_hide_names(text):
    row = events_of(text, published=dt.date(2023, 3, 15)).iloc[0]
    assert (row["actor1"], row["location"]) == ("Military Forces of Russia", "Kherson")
    assert "\u00ad" not in row["sentence"] and "\u200b" not in row["sentence"]
