"""Relative date expressions resolved against a fixed publication date."""

import datetime as dt

from events.extraction.timexes import parse_timexes

THU = dt.date(2022, 12, 22)  # a Thursday


def one(text, published=THU):
    found = parse_timexes(text, published)
    assert len(found) == 1, found
    return found[0]


def test_weekday_is_the_most_recent_such_day():
    t = one("The strike happened on Wednesday.")
    assert (t.date_start, t.date_end, t.time_precision) == (dt.date(2022, 12, 21), dt.date(2022, 12, 21), 1)
    assert not t.future


def test_last_month_is_the_previous_calendar_month():
    t = one("Last month, North Korea delivered rockets.")
    assert (t.date_start, t.date_end, t.time_precision) == (dt.date(2022, 11, 1), dt.date(2022, 11, 30), 3)


def test_in_recent_weeks_ends_on_publication():
    t = one("Fighting intensified in recent weeks.")
    assert t.date_end == THU and t.date_start < THU and t.time_precision == 3 and not t.future


def test_since_month_crosses_the_year_boundary():
    t = one("Rebels have held the town since December.", dt.date(2021, 1, 14))
    assert t.date_start == dt.date(2020, 12, 1) and t.date_end == dt.date(2021, 1, 14)


def test_weeks_ahead_is_future():
    t = one("More deliveries are expected in the weeks ahead.")
    assert t.future and t.date_start > THU


def test_lower_case_may_is_not_a_month():
    assert parse_timexes("North Korea may deliver more weapons.", THU) == []


def test_past_is_never_after_publication():
    for text in ("on Thursday", "on Monday", "earlier this month", "for months", "since March"):
        for t in parse_timexes(text, THU):
            assert t.date_end is None or t.date_end <= THU, (text, t)


def test_no_publication_date_leaves_relative_dates_unresolved():
    t = one("The strike happened on Wednesday.", None)
    assert t.date_start is None and t.date_end is None and t.reason
