"""The business calendar: Chinese statutory holidays and 调休 working weekends.

The calendar is built from the store's ``holidays`` rows (exceptions to Monday–Friday), so an
admin can correct it. A year is *covered* when its whole official schedule is in the store: the
years ``chinese_calendar`` knew when the store was migrated or an admin imported, and every year
an admin saved a schedule for (the ``holiday_years`` table). For any other year the plain
Monday–Friday rule applies and ``is_fallback_year`` says so, so the pages can warn about it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

# From this month on, admins are reminded to enter next year's schedule (published each November).
SCHEDULE_REMINDER_MONTH = 11

# chinese_calendar's English holiday names → the Chinese names shown to users and stored.
HOLIDAY_NAMES_ZH: dict[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


class ScheduleDay(NamedTuple):
    """One row of a year's official schedule: a day off, or a weekend day worked (调休)."""

    day: date
    is_workday: bool
    name: str | None


@dataclass(frozen=True)
class BusinessCalendar:
    """Working days: Monday–Friday unless ``overrides`` says otherwise for that date."""

    overrides: Mapping[date, bool] = field(default_factory=dict)
    covered_years: frozenset[int] = frozenset()

    @classmethod
    def from_rows(
        cls, rows: Iterable[tuple[date, bool]], covered_years: Iterable[int] | None = None
    ) -> BusinessCalendar:
        """The calendar of ``rows``; without ``covered_years`` every year with a row counts as
        covered (right for whole schedules such as ``statutory_rows``, not for the store)."""
        overrides = {day: bool(is_workday) for day, is_workday in rows}
        years = {d.year for d in overrides} if covered_years is None else set(covered_years)
        return cls(overrides=overrides, covered_years=frozenset(years))

    def with_year(self, year: int, rows: Iterable[ScheduleDay]) -> BusinessCalendar:
        """This calendar with ``year``'s rows replaced by ``rows`` and the year covered."""
        overrides = {d: w for d, w in self.overrides.items() if d.year != year}
        overrides.update((r.day, r.is_workday) for r in rows)
        return BusinessCalendar(overrides=overrides, covered_years=self.covered_years | {year})

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return day.weekday() < 5

    def is_fallback_year(self, year: int) -> bool:
        """True when the store has no official schedule for ``year`` and Monday–Friday is used."""
        return year not in self.covered_years

    def uncovered_years(self, moments: Iterable[date | None]) -> list[int]:
        """The years of ``moments`` (dates or date-times) that fall back to Monday–Friday, ascending."""
        return sorted({m.year for m in moments if m is not None and self.is_fallback_year(m.year)})

    def missing_schedule_year(self, today: date) -> int | None:
        """The year whose schedule admins should enter now: this year when it is missing, from
        1 November next year when that is missing; None when nothing is due."""
        if self.is_fallback_year(today.year):
            return today.year
        if today.month >= SCHEDULE_REMINDER_MONTH and self.is_fallback_year(today.year + 1):
            return today.year + 1
        return None

    def next_workday(self, day: date) -> date:
        """``day`` itself if it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def add_business_days(self, start: datetime, days: int) -> datetime:
        """``days`` working days after ``start``, at the same time of day.

        A start on a non-working day counts from the beginning (00:00) of the next working day,
        so a complaint received on a holiday evening gets the full allowance after the holiday.
        """
        if days < 0:
            raise ValueError("days must not be negative")
        current = start
        if not self.is_workday(start.date()):
            current = datetime.combine(self.next_workday(start.date()), time.min)
        day = current.date()
        remaining = days
        while remaining:
            day += timedelta(days=1)
            if self.is_workday(day):
                remaining -= 1
        return datetime.combine(day, current.time())

    def business_days_between(self, start: date, end: date) -> int:
        """Working days in the half-open range (start, end]; negative when end is before start."""
        if end < start:
            return -self.business_days_between(end, start)
        return sum(1 for n in range(1, (end - start).days + 1) if self.is_workday(start + timedelta(days=n)))


def statutory_rows(years: Iterable[int]) -> list[tuple[date, bool, str | None]]:
    """Holiday and 调休 rows for ``years`` from ``chinese_calendar``; unknown years are skipped.

    Rows are the exceptions to Monday–Friday plus weekend days inside a named holiday, each as
    (day, is_workday, Chinese name).
    """
    import chinese_calendar  # imported here: only seeding and the settings page need it

    rows: list[tuple[date, bool, str | None]] = []
    for year in years:
        day = date(year, 1, 1)
        try:
            chinese_calendar.is_workday(day)
        except NotImplementedError:
            continue
        while day.year == year:
            is_workday = chinese_calendar.is_workday(day)
            _, name = chinese_calendar.get_holiday_detail(day)
            if is_workday != (day.weekday() < 5) or name:
                rows.append((day, is_workday, HOLIDAY_NAMES_ZH.get(name, name) if name else None))
            day += timedelta(days=1)
    return rows


@dataclass(frozen=True)
class NamedHoliday:
    """One named holiday of a schedule as the preview shows it: which weekdays become days off and
    which weekend days become working days (调休)."""

    name: str
    first_day: date
    last_day: date
    days_off: int
    weekdays_off: tuple[date, ...]
    weekend_workdays: tuple[date, ...]


def schedule_summary(rows: Iterable[ScheduleDay]) -> list[NamedHoliday]:
    """The schedule per named holiday, in the order of each holiday's first day."""
    by_name: dict[str, list[ScheduleDay]] = {}
    for row in sorted(rows, key=lambda r: r.day):
        by_name.setdefault(row.name or "", []).append(row)
    summary = []
    for name, days in by_name.items():
        off = [r.day for r in days if not r.is_workday]
        summary.append(
            NamedHoliday(
                name=name,
                first_day=days[0].day,
                last_day=days[-1].day,
                days_off=len(off),
                weekdays_off=tuple(d for d in off if d.weekday() < 5),
                weekend_workdays=tuple(r.day for r in days if r.is_workday and r.day.weekday() >= 5),
            )
        )
    return summary
