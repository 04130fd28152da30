"""The business calendar: Chinese statutory holidays and 调休 working weekends.

The calendar is built from the store's ``holidays`` rows (exceptions to Monday–Friday), so an
admin can correct it; for years that have no rows the plain Monday–Friday rule applies and
``is_fallback_year`` says so, so the settings page can warn about it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

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


@dataclass(frozen=True)
class BusinessCalendar:
    """Working days: Monday–Friday unless ``overrides`` says otherwise for that date."""

    overrides: Mapping[date, bool] = field(default_factory=dict)
    known_years: frozenset[int] = frozenset()

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[date, bool]]) -> BusinessCalendar:
        overrides = {day: bool(is_workday) for day, is_workday in rows}
        return cls(overrides=overrides, known_years=frozenset(d.year for d in overrides))

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return day.weekday() < 5

    def is_fallback_year(self, year: int) -> bool:
        """True when the calendar has no holiday data for ``year`` and uses Monday–Friday only."""
        return year not in self.known_years

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
