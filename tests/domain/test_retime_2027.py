"""Unit tests for the 2027 schedule an admin enters and the re-timing of open stages it causes.

The calendar is the real ``chinese_calendar`` data for 2026 plus a 2027 schedule in the shape the
State Council publishes (元旦 Friday 1 – Sunday 3 January; 春节 with a 调休 Saturday 20 February),
as an admin would type it into the settings page.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from domain.calendar import BusinessCalendar, ScheduleDay, schedule_summary, statutory_rows
from domain.codes import STAGES
from domain.retime import SlaRules, StageClock, open_stage_moves, plan_retime
from domain.settings_rules import MAX_SCHEDULE_DAYS, year_schedule
from domain.sla import DEFAULT_TARGETS, SlaPolicy, Target, stage_due_times

SCHEDULE_2027 = [
    ScheduleDay(date(2027, 1, 1), False, "元旦"),
    ScheduleDay(date(2027, 1, 2), False, "元旦"),
    ScheduleDay(date(2027, 1, 3), False, "元旦"),
    *(ScheduleDay(date(2027, 2, d), False, "春节") for d in range(6, 15)),
    ScheduleDay(date(2027, 2, 20), True, "春节"),
]
TODAY = date(2026, 12, 7)
NEW_YEARS_EVE = datetime(2026, 12, 31, 18, 0)
POLICY = SlaPolicy.of(DEFAULT_TARGETS)


@pytest.fixture(scope="module")
def cal_2026() -> BusinessCalendar:
    return BusinessCalendar.from_rows((d, w) for d, w, _ in statutory_rows([2026]))


@pytest.fixture(scope="module")
def cal_2027(cal_2026: BusinessCalendar) -> BusinessCalendar:
    return cal_2026.with_year(2027, SCHEDULE_2027)


def clock_of(
    received: datetime, dues: dict[str, datetime], done: dict[str, datetime | None] | None = None
) -> StageClock:
    done = dict.fromkeys(STAGES) | (done or {})
    return StageClock(1, received, "L2", "phone", done, dues)


# --------------------------------------------------------------------------- coverage


def test_2027_is_a_fallback_year_until_its_schedule_is_entered(cal_2026, cal_2027) -> None:
    assert cal_2026.is_fallback_year(2027)
    assert cal_2026.is_workday(date(2027, 1, 1))  # Friday: Monday–Friday says work
    assert not cal_2027.is_fallback_year(2027)
    assert not cal_2027.is_workday(date(2027, 1, 1))
    assert cal_2027.is_workday(date(2027, 2, 20))  # the 调休 Saturday
    assert cal_2027.is_workday(date(2026, 10, 10)) and not cal_2027.is_workday(date(2026, 10, 1))


def test_2027_with_year_replaces_only_that_year(cal_2027) -> None:
    again = cal_2027.with_year(2027, [ScheduleDay(date(2027, 1, 1), False, "元旦")])
    assert again.is_workday(date(2027, 2, 8))  # the old Spring Festival rows are gone
    assert not again.is_workday(date(2027, 1, 1))
    assert not again.is_workday(date(2026, 10, 1))


def test_2027_uncovered_years_of_due_times(cal_2026, cal_2027) -> None:
    moments = [datetime(2026, 12, 31, 20), datetime(2027, 1, 5, 18), None, date(2028, 1, 3)]
    assert cal_2026.uncovered_years(moments) == [2027, 2028]
    assert cal_2027.uncovered_years(moments) == [2028]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 10, 31), None),  # before November nobody is reminded
        (date(2026, 11, 1), 2027),  # from 1 November until the 2027 schedule is entered
        (date(2026, 12, 31), 2027),
        (date(2027, 1, 4), 2027),  # still missing in January: this year's schedule is due
    ],
)
def test_2027_missing_schedule_year(cal_2026, today: date, expected: int | None) -> None:
    assert cal_2026.missing_schedule_year(today) == expected


def test_2027_no_reminder_once_entered(cal_2027) -> None:
    assert cal_2027.missing_schedule_year(date(2026, 11, 23)) is None
    assert cal_2027.missing_schedule_year(date(2027, 11, 1)) == 2028


# --------------------------------------------------------------------------- the schedule as entered


def test_2027_schedule_summary_per_named_holiday() -> None:
    new_year, spring = schedule_summary(reversed(SCHEDULE_2027))
    assert (new_year.name, new_year.first_day, new_year.last_day, new_year.days_off) == (
        "元旦",
        date(2027, 1, 1),
        date(2027, 1, 3),
        3,
    )
    assert new_year.weekdays_off == (date(2027, 1, 1),)  # Saturday and Sunday were off anyway
    assert new_year.weekend_workdays == ()
    assert spring.days_off == 9
    assert spring.weekdays_off == tuple(date(2027, 2, d) for d in range(8, 13))
    assert spring.weekend_workdays == (date(2027, 2, 20),)


def test_2027_schedule_as_entered_is_cleaned() -> None:
    raw = [(datetime(2027, 1, 1), False, " 元旦 "), ("2027-02-20", True, "春节")]
    year, rows, problems = year_schedule(2027, raw, today=TODAY)
    assert problems == []
    assert year == 2027
    assert rows == [ScheduleDay(date(2027, 1, 1), False, "元旦"), ScheduleDay(date(2027, 2, 20), True, "春节")]


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ([(date(2028, 1, 1), False, "元旦")], "input.err.date_window"),
        ([(None, False, "元旦")], "input.err.choose"),
        ([(date(2027, 1, 1), None, "元旦")], "input.err.choose"),
        ([(date(2027, 1, 1), False, "")], "input.err.required"),
        ([(date(2027, 1, 1), False, "元旦" * 30)], "input.err.too_long"),
        ([(date(2027, 1, 1), False, "元旦"), (date(2027, 1, 1), False, "元旦")], "settings.err.duplicate_day"),
        ([(date(2027, 1, 4), True, "元旦")], "settings.err.workday_on_weekday"),  # a Monday
        ([], "settings.err.empty_schedule"),
        ([(date(2027, 1, 1), False, "元旦")] * (MAX_SCHEDULE_DAYS + 1), "settings.err.too_many_days"),
    ],
)
def test_2027_bad_schedule_rows_are_named(raw: list, key: str) -> None:
    _, _, problems = year_schedule(2027, raw, today=TODAY)
    assert key in [k for k, _ in problems]


def test_2027_schedule_year_outside_the_window() -> None:
    year, rows, problems = year_schedule(2031, [(date(2031, 1, 1), False, "元旦")], today=TODAY)
    assert (year, rows) == (None, [])
    assert [k for k, _ in problems] == ["input.err.whole"]  # "a whole number from 2004 to 2028"


def test_2027_same_problem_is_listed_once() -> None:
    _, _, problems = year_schedule(2027, [(date(2027, 1, 1), False, ""), (date(2027, 1, 2), False, "")], today=TODAY)
    assert [k for k, _ in problems] == ["input.err.required"]


# --------------------------------------------------------------------------- re-timing


def test_2027_new_years_eve_complaint_due_times(cal_2026, cal_2027) -> None:
    before = stage_due_times(NEW_YEARS_EVE, "L2", "phone", POLICY, cal_2026)
    after = stage_due_times(NEW_YEARS_EVE, "L2", "phone", POLICY, cal_2027)
    assert before["ack"] == after["ack"] == datetime(2026, 12, 31, 20, 0)
    assert before["verify"] == datetime(2027, 1, 1, 20, 0)  # 元旦 counted as a working day: wrong
    assert after["verify"] == datetime(2027, 1, 4, 20, 0)  # the Monday after 元旦
    assert before["resolve"] == datetime(2027, 1, 5, 18, 0)
    assert after["resolve"] == datetime(2027, 1, 6, 18, 0)
    assert after["notify"] == datetime(2027, 1, 7, 18, 0)


def test_retime_moves_only_open_stages_of_the_new_years_eve_case(cal_2026, cal_2027) -> None:
    stored = stage_due_times(NEW_YEARS_EVE, "L2", "phone", POLICY, cal_2026)
    acked = datetime(2026, 12, 31, 19, 0)
    clock = clock_of(NEW_YEARS_EVE, stored, {"ack": acked})
    moves = open_stage_moves(clock, SlaRules(POLICY, cal_2026), SlaRules(POLICY, cal_2027))
    assert "ack" not in moves  # done: keeps the due time it was measured against
    assert moves["verify"] == datetime(2027, 1, 4, 19, 0)  # counted from the actual acknowledgement
    assert moves["resolve"] == datetime(2027, 1, 6, 18, 0)
    assert set(moves) == {"verify", "resolve", "notify", "archive"}


def test_retime_keeps_closed_stages_even_when_their_plan_would_move(cal_2026, cal_2027) -> None:
    stored = stage_due_times(NEW_YEARS_EVE, "L2", "phone", POLICY, cal_2026)
    done = {"ack": datetime(2026, 12, 31, 19), "verify": datetime(2027, 1, 1, 9), "resolve": datetime(2027, 1, 4, 9)}
    moves = open_stage_moves(
        clock_of(NEW_YEARS_EVE, stored, done), SlaRules(POLICY, cal_2026), SlaRules(POLICY, cal_2027)
    )
    assert set(moves) <= {"notify", "archive"}


def test_retime_across_a_2027_tiaoxiu_saturday(cal_2026, cal_2027) -> None:
    friday = datetime(2027, 2, 19, 10, 0)
    stored = stage_due_times(friday, "L2", "phone", POLICY, cal_2026)
    assert stored["verify"] == datetime(2027, 2, 22, 12, 0)  # Monday under Monday–Friday
    moves = open_stage_moves(clock_of(friday, stored), SlaRules(POLICY, cal_2026), SlaRules(POLICY, cal_2027))
    assert moves["verify"] == datetime(2027, 2, 20, 12, 0)  # the 调休 Saturday is a working day


def test_retime_plan_counts_cases_and_stages(cal_2026, cal_2027) -> None:
    unaffected = datetime(2026, 11, 2, 9, 0)
    clocks = [
        StageClock(
            7,
            NEW_YEARS_EVE,
            "L2",
            "phone",
            dict.fromkeys(STAGES),
            stage_due_times(NEW_YEARS_EVE, "L2", "phone", POLICY, cal_2026),
        ),
        StageClock(
            8,
            unaffected,
            "L2",
            "phone",
            dict.fromkeys(STAGES),
            stage_due_times(unaffected, "L2", "phone", POLICY, cal_2026),
        ),
    ]
    plan = plan_retime(clocks, SlaRules(POLICY, cal_2026), SlaRules(POLICY, cal_2027))
    assert list(plan.moves) == [7]
    assert (plan.cases, plan.stages) == (1, 4)
    assert plan_retime(clocks, SlaRules(POLICY, cal_2027), SlaRules(POLICY, cal_2027)).cases == 0


def test_retime_leaves_stages_the_change_does_not_touch(cal_2026, cal_2027) -> None:
    """A stored due time set another way (here an hour late) stays unless the change moves the stage."""
    november = datetime(2026, 11, 2, 9, 0)
    planned = stage_due_times(november, "L2", "phone", POLICY, cal_2026)
    odd = {**planned, "resolve": planned["resolve"] + timedelta(hours=1)}
    assert open_stage_moves(clock_of(november, odd), SlaRules(POLICY, cal_2026), SlaRules(POLICY, cal_2027)) == {}


def test_retime_after_a_target_change(cal_2026) -> None:
    stored = stage_due_times(NEW_YEARS_EVE, "L2", "phone", POLICY, cal_2026)
    faster = POLICY.with_target(Target("ack", 1, "hours", "received"))
    moves = open_stage_moves(clock_of(NEW_YEARS_EVE, stored), SlaRules(POLICY, cal_2026), SlaRules(faster, cal_2026))
    assert moves["ack"] == datetime(2026, 12, 31, 19, 0)
    assert len(faster.targets) == len(POLICY.targets)


def test_retime_after_removing_an_override(cal_2026) -> None:
    policy = POLICY.without("ack", None, "douyin")
    assert policy.target("ack", "L2", "douyin").amount == 2
    assert len(policy.targets) == len(POLICY.targets) - 1
