"""Numbers in news text (issue 10, point 9; issue 12 overflow): every sentence here was written for
these tests, one or more per kind of fault seen on unseen real news."""

import pandas as pd
import pytest

from events import parse_article
from events.extraction.acled_rules import reported_fatalities
from events.extraction.pipeline import extract_events
from events.extraction.figures import MAX_PERSONS, RANGE_QUALIFIER, VAGUE, _parse, parse_figures
from events.reference.lexicon import read_table


def one(sentence: str):
    found = parse_figures(sentence)
    assert len(found) == 1, found
    return found[0]


def metrics(sentence: str) -> list[tuple[float, str]]:
    return [(f.value, f.metric) for f in parse_figures(sentence)]


def events_of(body: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    return extract_events(parse_article(f"---\npublished: 2021-03-04\ntitle: test\n---\n{body}\n"))


# --- thousands separators -------------------------------------------------------------------

@pytest.mark.parametrize("space", [" ", "\u00a0", "\u2009", "\u202f"])
def test_spaces_group_thousands(space):
    f = one(f"Officials said 647{space}000 people had fled the floods.")
    assert f.value == 647000 and f.unit == "persons"


def test_several_space_groups_make_one_number():
    assert one("Some 1 250 000 refugees crossed the border last year.").value == 1250000


def test_a_day_of_the_month_is_not_a_count_but_a_word_that_starts_like_a_month_is_no_date():
    assert parse_figures("On 14 March 2021 the port reopened.") == []
    assert metrics("Gunmen killed 3 Marines and 4 Junta soldiers.") == [(3, "fatalities"), (4, "fatalities")]


def test_a_day_before_a_spaced_number_is_not_part_of_it():
    assert [f.value for f in parse_figures("On March 3 400 miners went on strike.")] == [400]


# --- ranges -----------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["between 250 and 400", "250 to 400", "250-400", "250\u2013400"])
def test_a_range_keeps_both_ends_and_its_value_is_the_low_end(written):
    f = one(f"The army says {written} insurgents crossed the river.")
    assert (f.value, f.low, f.high) == (250, 250, 400)
    assert f.qualifier == RANGE_QUALIFIER and f.text.lower() == written and f.metric == "personnel"
    assert f.label == "insurgents (250\u2013400)"


def test_a_single_number_has_no_range():
    f = one("Police detained 45 students.")
    assert (f.value, f.low, f.high) == (45, None, None)


def test_a_change_from_one_figure_to_another_is_the_new_figure_not_a_range():
    f = one("The number of dead climbed from 14 to 19 overnight.")
    assert (f.value, f.low, f.high, f.metric) == (19, None, None, "fatalities")


def test_a_score_is_not_a_range():
    assert parse_figures("The council voted 9-6 to extend the mission.") == []


# --- years are not counts ---------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Farmers still remember the 2008\u201309 drought.",
    "Prices doubled in 2016-2017 across the region.",
    "The movement has campaigned since 2011 for reform.",
    "Elections were held in 1998 and again in 2003.",
    "Tensions rose after the 2019/20 season.",
])
def test_years_and_year_spans_are_not_counts(sentence):
    assert parse_figures(sentence) == []


def test_a_year_shaped_number_that_counts_people_is_a_count():
    f = one("2000 mourners attended the funeral.")
    assert (f.value, f.metric) == (2000, "participants")


# --- what the number counts: the noun and the verb --------------------------------------------

@pytest.mark.parametrize("sentence,expected", [
    ("More than 600 people attended the vigil in the capital.", "participants"),
    ("Roughly 900 residents marched to the governor's office.", "participants"),
    ("The demonstration drew 4,000 teachers.", "participants"),
    ("Militants killed 14 villagers overnight.", "fatalities"),
    ("Nine police officers were killed when the convoy was ambushed.", "fatalities"),
    ("The death toll from the landslide rose to 41 on Sunday.", "fatalities"),
    ("At least 8 miners died in the collapse.", "fatalities"),
    ("The roadside bomb wounded 6.", "injured"),
    ("Eleven pilgrims were injured in the stampede.", "injured"),
    ("About 2,500 troops were deployed along the frontier.", "personnel"),
    ("Police arrested 31 protesters outside parliament.", "arrested"),
    ("Gunmen abducted 17 schoolchildren from a village school.", "abducted"),
    ("Some 20,000 residents fled the fighting.", "displaced"),
    ("The killing of 5 herders sparked reprisals.", "fatalities"),
])
def test_the_metric_comes_from_the_verb_and_the_noun(sentence, expected):
    assert one(sentence).metric == expected


def test_attending_a_rally_is_not_dying_at_it():
    f = one("More than 200 people attended the rally.")
    assert f.metric == "participants" and f.unit == "persons"


def test_the_killers_are_not_the_killed():
    assert metrics("About 60 gunmen killed 9 soldiers.") == [(60, "personnel"), (9, "fatalities")]


def test_killed_and_wounded_are_separate_figures():
    assert metrics("The shelling killed 4 civilians and wounded 13 others.") == [(4, "fatalities"), (13, "injured")]
    assert metrics("2 killed and 9 wounded") == [(2, "fatalities"), (9, "injured")]
    assert metrics("Five guards were killed and twelve wounded in the raid.") == [(5, "fatalities"), (12, "injured")]
    assert metrics("The explosion left 7 people dead and 22 injured.") == [(7, "fatalities"), (22, "injured")]


def test_killed_and_injured_together_are_casualties_not_deaths():
    assert metrics("The army said it had killed and wounded 400 rebels.") == [(400, "casualties")]


def test_suffering_injuries_and_losing_lives_count_the_subject():
    assert metrics("More than 90 passengers suffered injuries.") == [(90, "injured")]
    assert metrics("Fourteen firefighters lost their lives.") == [(14, "fatalities")]


def test_compound_number_words_are_one_number():
    assert metrics("Forty-three miners were rescued and sixty one died.") == [(43, "persons"), (61, "fatalities")]


def test_hundred_and_dozen_multiply_the_number_before_them():
    assert [(f.value, f.label) for f in parse_figures("Several hundred volunteers were recruited.")] == [(300, "several hundred volunteers")]
    assert [f.value for f in parse_figures("Three hundred inmates escaped.")] == [300]
    assert [f.value for f in parse_figures("Five dozen farmers protested.")] == [60]


def test_a_preposition_before_a_single_number_is_not_part_of_it():
    f = one("Envoys from 12 countries met in Geneva.")
    assert (f.value, f.text) == (12, "12")


def test_the_agents_of_a_killing_are_not_its_victims():
    assert metrics("Two guards were beaten to death by 30 inmates.") == [(2, "fatalities"), (30, "persons")]


def test_an_attempted_killing_counts_no_dead():
    assert metrics("A crowd tried to lynch two villagers.") == [(2, "persons")]


def test_to_death_and_a_later_killing_make_fatalities():
    assert metrics("Soldiers shot three herders to death.") == [(3, "fatalities")]
    assert metrics("Four aid workers were abducted and later executed.") == [(4, "fatalities")]


def test_a_later_finding_of_death_outranks_the_first_verb():
    assert metrics("One reporter was detained and later found dead.") == [(1, "fatalities")]


def test_a_breakdown_after_a_number_is_not_a_second_count():
    assert metrics("Three were killed, one from each village, and four others hurt.") == [(3, "fatalities"), (4, "injured")]


def test_a_bare_number_takes_only_the_verb_right_after_it():
    assert metrics("Police caught two villagers. One was beaten and the other was later shot dead.") == [(2, "persons")]
    assert metrics("Nine were wounded.") == [(9, "injured")]


def test_a_count_of_attackers_does_not_hide_a_single_victim():
    found = metrics("A farmer was killed by five gunmen.")
    assert (1, "fatalities") in found and (5, "personnel") in found


def test_a_headline_count_of_dead_and_wounded():
    assert metrics("31 dead, 40 wounded as herders and farmers clash near the river.") == [(31, "fatalities"), (40, "injured")]
    assert metrics("Nine dead after militia fighting in the hills.") == [(9, "fatalities")]


def test_a_count_coordinated_with_deaths_is_deaths():
    assert metrics("The attack left 11 border guards and 3 civilian deaths.") == [(11, "fatalities"), (3, "fatalities")]


def test_a_number_inside_a_name_is_not_a_count():
    assert metrics("The ambush on Highway 7 killed 9 drivers.") == [(9, "fatalities")]
    assert parse_figures("Police fired tear gas near Gate 4 where no one was hurt.") == []


def test_a_negated_harm_counts_nobody():
    assert [f.metric for f in parse_figures("None of the 30 crew members were hurt.")] == ["personnel"]


def test_the_word_after_the_number_is_not_always_what_it_counts():
    f = one("The toll climbed to 27 on Tuesday.")
    assert f.noun is None and f.metric == "fatalities"


def test_wounded_are_not_added_to_the_deaths_of_an_event():
    events, figures = events_of("On 2 March 2021, gunmen attacked a market in Gao, killing 3 traders and wounding 7 others.")
    assert events["fatalities"].dropna().tolist() == [3]
    assert sorted(zip(figures["metric"], figures["value"])) == [("fatalities", 3), ("injured", 7)]


def test_a_crowd_is_not_a_death_toll_in_the_event_table():
    events, figures = events_of("On 2 March 2021, more than 200 people attended a protest rally in Bamako.")
    assert events["fatalities"].isna().all()
    assert figures["metric"].tolist() == ["participants"]


# --- vague counts -----------------------------------------------------------------------------

@pytest.mark.parametrize("sentence,value,words", [
    ("Dozens of soldiers were killed in the assault.", 12, "dozens"),
    ("Hundreds of families were displaced by the fighting.", 100, "hundreds"),
    ("Several fishermen were killed by the blast.", 3, "several"),
    ("Tens of thousands of people joined the march.", 10000, "tens of thousands"),
])
def test_vague_counts_take_acleds_conservative_number_and_keep_the_words(sentence, value, words):
    f = parse_figures(sentence)[0]
    assert (f.value, f.qualifier, f.text.lower()) == (value, "at least", words)
    assert f.unit == "persons" and words in f.label


def test_vague_count_values_cite_their_source():
    table = read_table("vague_counts.csv")
    assert set(table["words"]) == set(VAGUE) and (table["source"].str.len() > 10).all()
    assert VAGUE["dozens"] == (12, "at least") and VAGUE["hundreds"] == (100, "at least") and VAGUE["tens"] == (10, "at least")


# --- numbers too big to be counts (issue 12) --------------------------------------------------

def test_an_implausible_number_is_left_out_with_a_note():
    notes = []
    assert parse_figures("Rebels said they had killed 99999999999999999999 soldiers.", notes=notes) == []
    assert len(notes) == 1 and "99999999999999999999" in notes[0]


def test_a_number_glued_to_letters_is_no_count():
    assert parse_figures("Rebels said 1e400 soldiers died.") == []
    assert parse_figures("A man in his 30s was questioned by the G5 force.") == []


def test_the_biggest_plausible_count_of_people_is_kept():
    assert one(f"A census counted {MAX_PERSONS:,} persons.").value == MAX_PERSONS


@pytest.mark.parametrize("body", [
    "On 2 March 2021, gunmen attacked Gao, killing 99999999999999999999 people.",
    "On 2 March 2021, gunmen attacked Gao. 99999999999999999999 fatalities.",
    "On 2 March 2021, gunmen attacked Gao, killing 9223372036854775808 people and wounding 18446744073709551616.",
])
def test_an_overflowing_number_does_not_break_extraction(body):
    events, figures = events_of(body)
    assert len(events) == 1 and events["fatalities"].isna().all() and figures.empty


def test_a_stated_total_beyond_any_population_is_not_a_total():
    assert reported_fatalities(["Clashes continued. 99999999999999999999 fatalities."]) is None
    assert reported_fatalities(["Clashes continued. 1 200 fatalities."]) == (1200, True)


# --- the parse is taken from the caller -------------------------------------------------------

def test_a_given_parse_is_used_and_not_redone():
    from events.extraction.nlp import load_pipeline

    text = "The ceasefire collapsed on Monday. Militants killed 14 villagers and wounded 20 others near the dam."
    doc = load_pipeline()(text)
    sent = list(doc.sents)[1]
    before = _parse.cache_info()
    found = parse_figures(sent.text, sent.start_char, doc=sent)
    assert _parse.cache_info().misses == before.misses
    assert [(f.value, f.metric, text[f.start:f.end]) for f in found] == [(14, "fatalities", "14"), (20, "injured", "20")]
    whole = parse_figures(sent.text, sent.start_char, doc=doc)  # the article's Doc holds the sentence
    assert _parse.cache_info().misses == before.misses and whole == found


def test_a_part_of_a_death_toll_is_counted_among_the_dead_but_not_twice():
    events, figures = events_of("On 2 March 2021, jihadists attacked a barracks in Gao, killing 14 people, including 9 soldiers.")
    assert events["fatalities"].dropna().tolist() == [14]
    part = figures[figures["value"] == 9].iloc[0]
    total = figures[figures["value"] == 14].iloc[0]
    assert part["metric"] == "fatalities" and part["part_of"] == total["figure_id"]
