"""Unit tests for domain.calendar: statutory holidays, 调休 working weekends, Mon–Fri fallback.

Calendars are built from the real ``chinese_calendar`` data (which knows 2004–2026), so every
expected value below is a date people can check against the State Council holiday notices.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from domain.calendar import HOLIDAY_NAMES_ZH, BusinessCalendar, statutory_rows


@pytest.fixture(scope="module")
def cal() -> BusinessCalendar:
    return BusinessCalendar.from_rows((d, w) for d, w, _ in statutory_rows(range(2024, 2027)))


@pytest.fixture(scope="module")
def rows_2026() -> dict[date, tuple[bool, str | None]]:
    return {d: (w, name) for d, w, name in statutory_rows([2026])}


# --------------------------------------------------------------------------- is_workday


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # Spring Festival 2026: holiday 02-15..02-23, Saturdays 02-14 and 02-28 are 调休 working days.
        (date(2026, 2, 13), True),  # Friday before the holiday
        (date(2026, 2, 14), True),  # Saturday, 调休 working day
        (date(2026, 2, 15), False),  # Sunday, first holiday day
        (date(2026, 2, 16), False),  # Monday inside the holiday
        (date(2026, 2, 23), False),  # Monday, last holiday day
        (date(2026, 2, 24), True),  # Tuesday, back to work
        (date(2026, 2, 28), True),  # Saturday, 调休 working day
        # National Day 2026: holiday 10-01..10-07, Sun 09-20 and Sat 10-10 are 调休 working days.
        (date(2026, 9, 20), True),
        (date(2026, 9, 30), True),
        (date(2026, 10, 1), False),
        (date(2026, 10, 5), False),  # Monday inside the holiday
        (date(2026, 10, 7), False),
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),  # Saturday, 调休 working day
        (date(2026, 10, 11), False),  # ordinary Sunday after the 调休 Saturday
        (date(2026, 10, 17), False),  # ordinary Saturday
        # New Year's Day 2026: 01-01..01-03 off, Sunday 01-04 is a 调休 working day.
        (date(2025, 12, 31), True),
        (date(2026, 1, 1), False),
        (date(2026, 1, 2), False),  # Friday inside the holiday
        (date(2026, 1, 3), False),
        (date(2026, 1, 4), True),  # Sunday, 调休 working day
        (date(2026, 1, 5), True),
        # An ordinary Wednesday.
        (date(2026, 3, 11), True),
    ],
)
def test_is_workday_follows_statutory_calendar(cal: BusinessCalendar, day: date, expected: bool) -> None:
    assert cal.is_workday(day) is expected


def test_empty_calendar_is_plain_monday_to_friday() -> None:
    cal = BusinessCalendar()
    week = [date(2026, 10, 5) + timedelta(days=n) for n in range(7)]  # Mon 2026-10-05 .. Sun 10-11
    assert [cal.is_workday(d) for d in week] == [True] * 5 + [False] * 2


def test_admin_override_rows_beat_the_weekday_rule() -> None:
    # An admin marks Wednesday off and the following Saturday as a working day.
    cal = BusinessCalendar.from_rows([(date(2027, 3, 10), False), (date(2027, 3, 13), True)])
    assert cal.is_workday(date(2027, 3, 10)) is False
    assert cal.is_workday(date(2027, 3, 13)) is True
    assert cal.is_workday(date(2027, 3, 11)) is True
    assert cal.is_workday(date(2027, 3, 14)) is False
    assert cal.is_fallback_year(2027) is False


def test_from_rows_normalises_truthy_flags_to_bool() -> None:
    cal = BusinessCalendar.from_rows([(date(2026, 10, 10), 1), (date(2026, 10, 1), 0)])
    assert cal.overrides == {date(2026, 10, 10): True, date(2026, 10, 1): False}


# --------------------------------------------------------------------------- fallback years


def test_covered_years_come_from_the_rows(cal: BusinessCalendar) -> None:
    assert cal.covered_years == frozenset({2024, 2025, 2026})


@pytest.mark.parametrize(
    ("year", "expected"), [(2023, True), (2024, False), (2025, False), (2026, False), (2027, True)]
)
def test_is_fallback_year(cal: BusinessCalendar, year: int, expected: bool) -> None:
    assert cal.is_fallback_year(year) is expected


def test_fallback_year_uses_monday_to_friday_and_knows_no_holidays(cal: BusinessCalendar) -> None:
    # 2027 is unknown to chinese_calendar: New Year's Day (Friday) counts as an ordinary weekday.
    assert cal.is_workday(date(2027, 1, 1)) is True
    assert cal.is_workday(date(2027, 1, 2)) is False  # Saturday
    assert cal.is_workday(date(2027, 1, 3)) is False  # Sunday


def test_fallback_friday_plus_one_business_day_is_monday(cal: BusinessCalendar) -> None:
    assert cal.add_business_days(datetime(2027, 1, 8, 10, 0), 1) == datetime(2027, 1, 11, 10, 0)


def test_complaint_crossing_into_fallback_year(cal: BusinessCalendar) -> None:
    # Thu 2026-12-31 (known, working) + 2: Fri 2027-01-01 (fallback weekday) = 1, Mon 01-04 = 2.
    assert cal.add_business_days(datetime(2026, 12, 31, 10, 0), 2) == datetime(2027, 1, 4, 10, 0)


# --------------------------------------------------------------------------- next_workday


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 9, 30), date(2026, 9, 30)),  # a working day is returned unchanged
        (date(2026, 10, 1), date(2026, 10, 8)),  # National Day → first day after the holiday
        (date(2026, 10, 10), date(2026, 10, 10)),  # 调休 Saturday is itself a working day
        (date(2026, 10, 17), date(2026, 10, 19)),  # ordinary Saturday → Monday
        (date(2026, 2, 15), date(2026, 2, 24)),  # Spring Festival
        (date(2026, 1, 1), date(2026, 1, 4)),  # New Year → 调休 Sunday
        (date(2027, 1, 2), date(2027, 1, 4)),  # fallback year weekend
    ],
)
def test_next_workday(cal: BusinessCalendar, day: date, expected: date) -> None:
    assert cal.next_workday(day) == expected


# --------------------------------------------------------------------------- add_business_days


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # National Day 2026: Oct 8 = 1, Oct 9 = 2, Sat Oct 10 (调休) = 3.
        pytest.param(datetime(2026, 9, 30, 17, 0), 3, datetime(2026, 10, 10, 17, 0), id="national-day-3bd"),
        pytest.param(datetime(2026, 9, 30, 17, 0), 1, datetime(2026, 10, 8, 17, 0), id="national-day-1bd"),
        # Sun 2026-09-20 is a 调休 working day: Fri 09-18 + 1 lands on the Sunday.
        pytest.param(datetime(2026, 9, 18, 9, 30), 1, datetime(2026, 9, 20, 9, 30), id="tiaoxiu-sunday-counts"),
        # Spring Festival 2026, entirely before the holiday: Feb 11, 12, 13.
        pytest.param(datetime(2026, 2, 10, 14, 0), 3, datetime(2026, 2, 13, 14, 0), id="before-spring-festival"),
        # Spanning it: Sat Feb 14 (调休) = 1, Feb 15–23 off, Feb 24 = 2, Feb 25 = 3.
        pytest.param(datetime(2026, 2, 13, 10, 0), 3, datetime(2026, 2, 25, 10, 0), id="spanning-spring-festival"),
        pytest.param(datetime(2026, 2, 12, 10, 0), 2, datetime(2026, 2, 14, 10, 0), id="onto-tiaoxiu-saturday"),
        # Year boundary: Jan 1–3 off, Sun Jan 4 (调休) = 1, Jan 5 = 2, Jan 6 = 3.
        pytest.param(datetime(2025, 12, 31, 16, 0), 3, datetime(2026, 1, 6, 16, 0), id="new-year-3bd"),
        pytest.param(datetime(2025, 12, 31, 16, 0), 1, datetime(2026, 1, 4, 16, 0), id="new-year-1bd-on-sunday"),
        # Ordinary week: Friday + 1 = Monday, time of day kept to the second.
        pytest.param(datetime(2026, 3, 13, 23, 59, 59), 1, datetime(2026, 3, 16, 23, 59, 59), id="friday-to-monday"),
    ],
)
def test_add_business_days(cal: BusinessCalendar, start: datetime, days: int, expected: datetime) -> None:
    assert cal.add_business_days(start, days) == expected


def test_tiaoxiu_saturday_counts_but_ordinary_saturday_does_not(cal: BusinessCalendar) -> None:
    # Fri 2026-10-09 + 1 → the 调休 Saturday 10-10.
    assert cal.add_business_days(datetime(2026, 10, 9, 10, 0), 1) == datetime(2026, 10, 10, 10, 0)
    # Fri 2026-10-16 + 1 → skips the ordinary weekend to Monday 10-19.
    assert cal.add_business_days(datetime(2026, 10, 16, 10, 0), 1) == datetime(2026, 10, 19, 10, 0)


def test_start_on_tiaoxiu_saturday_keeps_its_time(cal: BusinessCalendar) -> None:
    # A 调休 Saturday is a working day, so it is not rolled to 00:00.
    assert cal.add_business_days(datetime(2026, 10, 10, 10, 0), 1) == datetime(2026, 10, 12, 10, 0)


def test_start_on_ordinary_saturday_counts_from_monday_midnight(cal: BusinessCalendar) -> None:
    assert cal.add_business_days(datetime(2026, 10, 17, 10, 0), 1) == datetime(2026, 10, 20, 0, 0)


def test_holiday_evening_counts_from_midnight_of_next_workday(cal: BusinessCalendar) -> None:
    # Docstring: a start on a non-working day counts from 00:00 of the next working day, so the
    # complainant gets the full allowance after the holiday. Oct 8 is the first working day;
    # one full business day from 2026-10-08 00:00 ends at 2026-10-09 00:00.
    assert cal.add_business_days(datetime(2026, 10, 3, 20, 0), 1) == datetime(2026, 10, 9, 0, 0)


def test_holiday_start_with_zero_days_is_midnight_of_next_workday(cal: BusinessCalendar) -> None:
    assert cal.add_business_days(datetime(2026, 10, 3, 20, 0), 0) == datetime(2026, 10, 8, 0, 0)


def test_zero_days_on_a_workday_returns_the_start(cal: BusinessCalendar) -> None:
    start = datetime(2026, 9, 30, 17, 0, 5, 123456)
    assert cal.add_business_days(start, 0) == start


def test_negative_days_raise(cal: BusinessCalendar) -> None:
    with pytest.raises(ValueError):
        cal.add_business_days(datetime(2026, 9, 30, 17, 0), -1)


# --------------------------------------------------------------------------- business_days_between


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 9, 30), date(2026, 9, 30), 0),  # same day
        (date(2026, 9, 30), date(2026, 10, 10), 3),  # Oct 8, 9, 10 (调休)
        (date(2026, 10, 1), date(2026, 10, 7), 0),  # entirely inside the holiday
        (date(2026, 10, 8), date(2026, 10, 9), 1),  # half-open: start excluded, end included
        (date(2026, 10, 9), date(2026, 10, 12), 2),  # Sat 10-10 (调休) and Mon 10-12
        (date(2026, 10, 16), date(2026, 10, 19), 1),  # ordinary weekend skipped
        (date(2026, 2, 13), date(2026, 2, 28), 6),  # 02-14 (调休), 02-24..02-27, 02-28 (调休)
        (date(2025, 12, 31), date(2026, 1, 6), 3),  # Jan 4 (调休 Sunday), Jan 5, Jan 6
        (date(2027, 1, 8), date(2027, 1, 11), 1),  # fallback year
    ],
)
def test_business_days_between(cal: BusinessCalendar, start: date, end: date, expected: int) -> None:
    assert cal.business_days_between(start, end) == expected


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 9, 30), date(2026, 10, 10)),
        (date(2026, 2, 13), date(2026, 2, 28)),
        (date(2025, 12, 20), date(2026, 1, 10)),
        (date(2026, 12, 25), date(2027, 1, 15)),
    ],
)
def test_business_days_between_is_antisymmetric(cal: BusinessCalendar, start: date, end: date) -> None:
    assert cal.business_days_between(end, start) == -cal.business_days_between(start, end)
    assert cal.business_days_between(start, end) > 0


# --------------------------------------------------------------------------- property-style


@pytest.mark.parametrize("n", range(7))
def test_add_business_days_round_trips_for_every_day_of_2026(cal: BusinessCalendar, n: int) -> None:
    day = date(2026, 1, 1)
    while day.year == 2026:
        start = datetime(2026, day.month, day.day, 10, 0)
        result = cal.add_business_days(start, n)
        rolled = cal.next_workday(day)
        expected_time = start.time() if cal.is_workday(day) else datetime.min.time()
        context = f"start={start} n={n} result={result}"
        assert result.time() == expected_time, context
        if n > 0:
            assert cal.is_workday(result.date()), context
        else:
            assert result.date() == rolled, context
        assert cal.business_days_between(rolled, result.date()) == n, context
        day += timedelta(days=1)


# --------------------------------------------------------------------------- statutory_rows


def test_national_day_tiaoxiu_saturday_row(rows_2026: dict[date, tuple[bool, str | None]]) -> None:
    assert rows_2026[date(2026, 10, 10)] == (True, "国庆节")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 10, 1), (False, "国庆节")),
        (date(2026, 10, 3), (False, "国庆节")),  # weekend inside a named holiday is listed
        (date(2026, 9, 20), (True, "国庆节")),
        (date(2026, 9, 25), (False, "中秋节")),
        (date(2026, 2, 14), (True, "春节")),
        (date(2026, 2, 16), (False, "春节")),
        (date(2026, 2, 28), (True, "春节")),
        (date(2026, 1, 1), (False, "元旦")),
        (date(2026, 1, 4), (True, "元旦")),
    ],
)
def test_statutory_rows_2026(rows_2026: dict[date, tuple[bool, str | None]], day: date, expected: tuple) -> None:
    assert rows_2026[day] == expected


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 3, 11),  # ordinary Wednesday
        date(2026, 10, 17),  # ordinary Saturday
        date(2026, 10, 11),  # Sunday right after the 调休 Saturday, not part of the holiday
    ],
)
def test_statutory_rows_omit_ordinary_days(rows_2026: dict[date, tuple[bool, str | None]], day: date) -> None:
    assert day not in rows_2026


def test_statutory_rows_use_chinese_names(rows_2026: dict[date, tuple[bool, str | None]]) -> None:
    names = {name for _, name in rows_2026.values()}
    assert names <= set(HOLIDAY_NAMES_ZH.values()) | {None}
    assert {"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"} <= names


def test_statutory_rows_are_exactly_the_exceptions_or_named_days(
    rows_2026: dict[date, tuple[bool, str | None]],
) -> None:
    for day, (is_workday, name) in rows_2026.items():
        assert day.year == 2026
        assert is_workday != (day.weekday() < 5) or name is not None, day


@pytest.mark.parametrize("years", [[2027], [2003], [2030, 2099]])
def test_statutory_rows_skip_unknown_years(years: list[int]) -> None:
    assert statutory_rows(years) == []


def test_statutory_rows_mix_known_and_unknown_years() -> None:
    rows = statutory_rows([2026, 2027])
    assert rows == statutory_rows([2026])
    assert {d.year for d, _, _ in rows} == {2026}
