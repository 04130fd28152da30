"""The global filter values every read takes: plain, frozen and hashable, so they can key caches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from domain.users import EVERYTHING, Scope


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    city_ids: tuple[int, ...] = ()
    team_ids: tuple[int, ...] = ()
    agent_ids: tuple[int, ...] = ()
    channels: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    # Who is asking: every read narrows to it on top of the choices above (an empty choice means
    # "all of the scope", a choice outside it gives no rows). Part of the cache key with the rest.
    scope: Scope = EVERYTHING

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("end date before start date")


DATE_SEPARATOR = "~"  # a date range as text (the address's ``dates``): 2026-11-02~2026-11-15


def dates_text(start: date, end: date) -> str:
    return f"{start.isoformat()}{DATE_SEPARATOR}{end.isoformat()}"


def parse_dates(text: str) -> tuple[date, date] | None:
    """The range ``dates_text`` wrote, or None for anything else (a reversed range too)."""
    try:
        start, end = (date.fromisoformat(p) for p in text.split(DATE_SEPARATOR))
    except ValueError:
        return None
    return (start, end) if start <= end else None


def week_start(day: date) -> date:
    """Monday of the ISO week containing ``day``."""
    return day - timedelta(days=day.weekday())


def last_sunday(day: date) -> date:
    """``day`` if it is a Sunday, else the Sunday before it: the end of the last week complete by ``day``."""
    return day - timedelta(days=(day.weekday() + 1) % 7)


def complete_through(end: date, today: date) -> date:
    """The last day of the range whose data is whole: today is still running."""
    return min(end, today - timedelta(days=1))


def partial_weeks(mondays: list[date], complete_through: date) -> list[bool]:
    """Per week (its Monday): whether it runs past ``complete_through``, the last day whose data is whole."""
    return [monday + timedelta(days=6) > complete_through for monday in mondays]


def unfinished_weeks(end: date, today: date) -> list[date]:
    """The Mondays of a range's weeks that are not whole yet (at most the one holding its last day)."""
    last = week_start(end)
    return [last] if partial_weeks([last], complete_through(end, today))[0] else []


@dataclass(frozen=True)
class WeekWindow:
    """A week and the same days of the week before it, so the comparison is like for like: either
    the last full week (Monday–Sunday, what the weekly meeting reviews) or this week to date."""

    this_start: date
    this_end: date
    last_start: date
    last_end: date

    @classmethod
    def ending(cls, as_of: date) -> WeekWindow:
        start = week_start(as_of)
        return cls(start, as_of, start - timedelta(days=7), as_of - timedelta(days=7))

    @classmethod
    def last_full(cls, complete_through: date) -> WeekWindow:
        """The latest Monday–Sunday week that ends on or before ``complete_through`` and the week before."""
        end = last_sunday(complete_through)
        return cls.ending(end)
