"""Validation of admin edits to the SLA policy and the holiday calendar."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from domain import inputs
from domain.calendar import ScheduleDay
from domain.codes import CHANNELS, LEVELS, SLA_ANCHORS, SLA_UNITS, STAGES
from domain.inputs import Checked, Inputs, Problem

MAX_HOURS = 720
HOUR_DECIMALS = 2  # 0.01 h is 36 seconds; finer is a typing slip
MAX_BUSINESS_DAYS = 60
MAX_NAME = 40  # holidays.name is VARCHAR(40)
FIRST_YEAR = 2004  # the first year chinese_calendar knows
YEARS_AHEAD = 2  # holidays are planned up to the end of the year after next
MAX_SCHEDULE_DAYS = 120  # a year's official schedule has about 40 rows; more is a paste gone wrong


def sla_amount(amount: object, unit: str) -> Checked[float | None]:
    """Hours may be fractional (0 < h ≤ 720, two decimals); business days are whole (1–60)."""
    if unit == "business_days":
        days = inputs.whole_number(amount, field="settings.field.days", minimum=1, maximum=MAX_BUSINESS_DAYS)
        return Checked(None if days.value is None else float(days.value), days.problem)
    hours = inputs.number_in(
        amount, field="settings.field.hours", minimum=0, maximum=MAX_HOURS, decimals=HOUR_DECIMALS, above_minimum=True
    )
    return Checked(None if hours.value is None else float(hours.value), hours.problem)


def sla_target_problems(
    stage: str, level: str | None, channel: str | None, amount: object, unit: str, anchor: str
) -> list[Problem]:
    check = Inputs()
    if stage not in STAGES:
        check.add("settings.err.stage")
    if level is not None and level not in LEVELS:
        check.add("settings.err.level")
    if channel is not None and channel not in CHANNELS:
        check.add("settings.err.channel")
    if unit not in SLA_UNITS:
        check.add("settings.err.unit")
    if anchor not in SLA_ANCHORS or (stage == "ack" and anchor != "received"):
        check.add("settings.err.anchor")
    if unit in SLA_UNITS:
        check.take(sla_amount(amount, unit))
    return check.problems


def calendar_window(today: date) -> tuple[date, date]:
    """Holidays from 2004 (chinese_calendar's first year) to the end of the year after next."""
    return date(FIRST_YEAR, 1, 1), date(today.year + YEARS_AHEAD, 12, 31)


def import_year(year: object, *, today: date) -> Checked[int | None]:
    """A year of the statutory calendar to import: the holidays' window."""
    earliest, latest = calendar_window(today)
    return inputs.whole_number(year, field="settings.year", minimum=earliest.year, maximum=latest.year, grouped=False)


def year_schedule(
    year: object, rows: Iterable[tuple[object, object, object]], *, today: date
) -> tuple[int | None, list[ScheduleDay], list[Problem]]:
    """A year's official schedule as entered: (year, clean rows, problems).

    Every row is a day of that year with a holiday name: a day off, or a weekend day worked (调休);
    a working Monday–Friday needs no row, so such a row is a slip. Each day appears once.
    """
    check = Inputs()
    checked_year = check.take(import_year(year, today=today))
    raw = list(rows)
    if checked_year is None:
        return None, [], check.problems
    if not raw:
        check.add("settings.err.empty_schedule", year=checked_year)
    if len(raw) > MAX_SCHEDULE_DAYS:
        check.add("settings.err.too_many_days", max=MAX_SCHEDULE_DAYS, count=len(raw))
        return checked_year, [], check.problems
    first, last = date(checked_year, 1, 1), date(checked_year, 12, 31)
    clean: list[ScheduleDay] = []
    seen: set[date] = set()
    for raw_day, raw_workday, raw_name in raw:
        day = check.date(raw_day, field="settings.day", earliest=first, latest=last)
        if not isinstance(raw_workday, bool):
            check.add(inputs.CHOOSE, field="settings.kind")
        name = check.text(raw_name, field="settings.field.holiday_name", max_chars=MAX_NAME)
        if day is None:
            continue
        if day in seen:
            check.add("settings.err.duplicate_day", day=day.isoformat())
        if raw_workday is True and day.weekday() < 5:
            check.add("settings.err.workday_on_weekday", day=day.isoformat())
        seen.add(day)
        clean.append(ScheduleDay(day, raw_workday is True, name or None))
    problems = list(dict.fromkeys((key, tuple(sorted(args.items()))) for key, args in check.problems))
    return checked_year, sorted(clean), [(key, dict(args)) for key, args in problems]
