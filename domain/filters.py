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


def week_start(day: date) -> date:
    """Monday of the ISO week containing ``day``."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeekWindow:
    """This week to date and the same days of last week, so the comparison is like for like."""

    this_start: date
    this_end: date
    last_start: date
    last_end: date

    @classmethod
    def ending(cls, as_of: date) -> WeekWindow:
        start = week_start(as_of)
        return cls(start, as_of, start - timedelta(days=7), as_of - timedelta(days=7))
