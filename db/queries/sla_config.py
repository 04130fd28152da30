"""The SLA policy and the business calendar as stored (admins edit both on the settings page)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Executable, Row, func, select

from db.models import ComplaintStage, Holiday, HolidayYear, SlaPolicy
from db.queries import run
from db.queries.cache import store_cached
from domain.calendar import BusinessCalendar
from domain.codes import STAGES
from domain.sla import SlaPolicy as Policy
from domain.sla import Target

Rows = Callable[[Executable], Sequence[Row[Any]]]


def read_policy(rows: Rows) -> Policy:
    """The stored policy, read with ``rows`` (``run.rows``, or a write's own session)."""
    found = rows(
        select(
            SlaPolicy.stage, SlaPolicy.amount, SlaPolicy.unit, SlaPolicy.anchor, SlaPolicy.level, SlaPolicy.channel
        ).order_by(SlaPolicy.id)
    )
    return Policy.of(Target(*r) for r in found)


def read_calendar(rows: Rows) -> BusinessCalendar:
    """The stored calendar and its covered years, read with ``rows``."""
    return BusinessCalendar.from_rows(
        ((day, is_workday) for day, is_workday in rows(select(Holiday.day, Holiday.is_workday))),
        covered_years=(year for (year,) in rows(select(HolidayYear.year))),
    )


@store_cached(ttl=600, max_entries=4)
def policy() -> Policy:
    return read_policy(run.rows)


@store_cached(ttl=600, max_entries=4)
def policy_table() -> pd.DataFrame:
    return run.frame(
        select(
            SlaPolicy.id,
            SlaPolicy.stage,
            SlaPolicy.level,
            SlaPolicy.channel,
            SlaPolicy.amount,
            SlaPolicy.unit,
            SlaPolicy.anchor,
        ).order_by(SlaPolicy.id)
    )


@store_cached(ttl=600, max_entries=4)
def calendar() -> BusinessCalendar:
    return read_calendar(run.rows)


@store_cached(ttl=600, max_entries=16)
def holidays(year: int) -> pd.DataFrame:
    return run.frame(
        select(Holiday.day, Holiday.is_workday, Holiday.name)
        .where(Holiday.day >= f"{year}-01-01", Holiday.day <= f"{year}-12-31")
        .order_by(Holiday.day)
    )


@store_cached(ttl=300, max_entries=4)
def open_due_years() -> list[int]:
    """The years from the earliest to the latest due time of an open stage (empty with none open)."""
    d = ComplaintStage
    stmt = select(func.min(d.due_at), func.max(d.due_at)).where(d.done_at.is_(None), d.status != STAGES[-1])
    found = [moment for moment in run.rows(stmt)[0] if moment is not None]
    if not found:
        return []
    return list(range(min(found).year, max(found).year + 1))


def forget() -> None:
    """Called by the writes that change the policy or the calendar."""
    for fn in (policy, policy_table, calendar, holidays, open_due_years):
        fn.clear()
