"""The overview's weeks: the last full Monday–Sunday week by default, and which weeks are unfinished."""

from __future__ import annotations

from datetime import date

import pytest

from domain.filters import WeekWindow, complete_through, partial_weeks


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 23), (date(2026, 11, 16), date(2026, 11, 22))),  # Monday: the week that just ended
        (date(2026, 11, 29), (date(2026, 11, 16), date(2026, 11, 22))),  # Sunday is still running
        (date(2026, 11, 30), (date(2026, 11, 23), date(2026, 11, 29))),
    ],
)
def test_full_week_is_the_last_monday_to_sunday_before_today(today: date, expected: tuple[date, date]) -> None:
    week = WeekWindow.last_full(complete_through(today, today))
    assert (week.this_start, week.this_end) == expected
    assert (week.last_start, week.last_end) == (
        date.fromordinal(expected[0].toordinal() - 7),
        date.fromordinal(expected[1].toordinal() - 7),
    )


def test_full_week_ends_with_a_range_that_ends_on_a_sunday() -> None:
    week = WeekWindow.last_full(complete_through(date(2026, 11, 15), date(2026, 11, 23)))
    assert (week.this_start, week.this_end) == (date(2026, 11, 9), date(2026, 11, 15))


def test_full_week_partial_weeks_are_those_running_past_the_last_whole_day() -> None:
    mondays = [date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
    assert partial_weeks(mondays, complete_through(date(2026, 11, 23), date(2026, 11, 23))) == [False, False, True]
    assert partial_weeks(mondays, date(2026, 11, 18)) == [False, True, True]
