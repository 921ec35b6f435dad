"""A day and month followed by a year we cannot read (outside 1900-2099) get no date, never the
publication year's day."""

import datetime as dt

import pandas as pd
import pytest

from events import extract_events, parse_article
from events.extraction.timexes import parse_timexes

PUBLISHED = dt.date(2025, 5, 1)


@pytest.mark.parametrize("text", ["Rebels attacked Soledar on 12 March 9999.", "Rebels attacked Soledar on March 12, 9999.",
                                  "Rebels attacked Soledar in March 9999.", "Rebels attacked Soledar on 12 March 1850.",
                                  "Rebels attacked Soledar on 3rd March 123456."])
def test_a_year_out_of_range_gives_no_date(text):
    assert [t.value for t in parse_timexes(text, PUBLISHED)] == []


@pytest.mark.parametrize("text, value", [("Rebels attacked Soledar on 12 March 2023.", "2023-03-12"),
                                         ("Rebels attacked Soledar on 12 March.", "2025-03-12"),
                                         ("Rebels attacked Soledar on March 5 and 10 people died.", "2025-03-05"),
                                         ("Rebels attacked Soledar in March 2024.", "2024-03")])
def test_days_with_a_readable_year_or_none_still_resolve(text, value):
    assert [t.value for t in parse_timexes(text, PUBLISHED)] == [value]


def test_the_event_of_such_a_sentence_is_not_dated_to_the_publication_year():
    article = parse_article("---\npublished: 2025-05-01\n---\nWagner Group fighters attacked Soledar on 12 March 9999, "
                            "the Ukrainian army said.\n", path="a.md")
    events, _ = extract_events(article)
    assert len(events)
    for column in ("event_date", "date_start", "date_end"):
        assert not (events[column] == pd.Timestamp("2025-03-12")).any(), events[column].tolist()
