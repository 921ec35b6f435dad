"""Actor names from different sources meet at one canonical name."""

import pytest

from events.reference.actors import canonical_actor_name
from events.evaluation.acled_scoring import normalise_actor


@pytest.mark.parametrize("name, canonical", [
    ("PKK: Kurdistan Workers Party", "Kurdistan Workers' Party"),  # ACLED "ABBR: Full Name"
    ("QSD: Syrian Democratic Forces", "Syrian Democratic Forces"),  # the full-name side
    ("Military Forces of Yemen (2016-) Supreme Political Council", "Houthis"),  # ACLED house name
    ("Military Forces of Yemen (2012-) Security Belt Forces", "Security Belt Forces"),  # the faction
    ("Military Forces of Yemen (2012-)", "Military Forces of Yemen"),  # regime period dropped
    ("Islamic State (Iraq)", "Islamic State"),  # a named actor's country branch
    ("Islamic State (West Africa)", "Islamic State (West Africa)"),  # a dictionary name of its own
    ("Protesters (Israel)", "Protesters (Israel)"),  # generic actors keep their country
    ("Unidentified Armed Group (Mexico)", "Unidentified Armed Group (Mexico)"),
    ("Some Local Committee", "Some Local Committee"),  # unknown: unchanged
])
def test_canonical_actor_name(name, canonical):
    assert canonical_actor_name(name) == canonical


def test_scorer_compares_actors_after_canonical_names():
    assert normalise_actor("Military Forces of Libya (2014-) Haftar Faction") == normalise_actor("Libyan National Army")
    assert normalise_actor("Protesters (Israel)") != normalise_actor("Protesters (Lebanon)")


def test_scorer_accepts_either_side_of_an_acled_and_or_actor():
    from events.evaluation.acled_scoring import gold_actor_readings

    gold = "Islamic State (West Africa) and/or Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad"
    assert normalise_actor("Boko Haram") in gold_actor_readings(gold)
    assert normalise_actor("Islamic State (West Africa)") in gold_actor_readings(gold)
    assert normalise_actor("Islamic State") not in gold_actor_readings(gold)
