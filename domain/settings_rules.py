"""Validation of admin edits to the SLA policy and the holiday calendar."""

from __future__ import annotations

from datetime import date

from domain import inputs
from domain.codes import CHANNELS, LEVELS, SLA_ANCHORS, SLA_UNITS, STAGES
from domain.inputs import Checked, Inputs, Problem

MAX_HOURS = 720
HOUR_DECIMALS = 2  # 0.01 h is 36 seconds; finer is a typing slip
MAX_BUSINESS_DAYS = 60
MAX_NAME = 40  # holidays.name is VARCHAR(40)
FIRST_YEAR = 2004  # the first year chinese_calendar knows
YEARS_AHEAD = 2  # holidays are planned up to the end of the year after next


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


def holiday_problems(day: object, name: str | None, *, today: date, is_workday: object = False) -> list[Problem]:
    check = Inputs()
    earliest, latest = calendar_window(today)
    check.date(day, field="settings.day", earliest=earliest, latest=latest)
    if not isinstance(is_workday, bool):
        check.add(inputs.CHOOSE, field="settings.kind")
    check.text(name, field="settings.field.holiday_name", max_chars=MAX_NAME, required=False)
    return check.problems


def import_year(year: object, *, today: date) -> Checked[int | None]:
    """A year of the statutory calendar to import: the holidays' window."""
    earliest, latest = calendar_window(today)
    return inputs.whole_number(year, field="settings.year", minimum=earliest.year, maximum=latest.year, grouped=False)
