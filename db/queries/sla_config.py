"""The SLA policy and the business calendar as stored (admins edit both on the settings page)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from db.models import Holiday, SlaPolicy
from db.queries import run
from db.queries.cache import store_cached
from domain.calendar import BusinessCalendar
from domain.sla import SlaPolicy as Policy
from domain.sla import Target


@store_cached(ttl=600, max_entries=4)
def policy() -> Policy:
    rows = run.rows(select(SlaPolicy).order_by(SlaPolicy.id))
    return Policy.of(Target(r.stage, r.amount, r.unit, r.anchor, r.level, r.channel) for r in rows)


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
    return BusinessCalendar.from_rows(
        (day, is_workday) for day, is_workday in run.rows(select(Holiday.day, Holiday.is_workday))
    )


@store_cached(ttl=600, max_entries=16)
def holidays(year: int) -> pd.DataFrame:
    return run.frame(
        select(Holiday.day, Holiday.is_workday, Holiday.name)
        .where(Holiday.day >= f"{year}-01-01", Holiday.day <= f"{year}-12-31")
        .order_by(Holiday.day)
    )


def forget() -> None:
    """Called by the writes that change the policy or the calendar."""
    for fn in (policy, policy_table, calendar, holidays):
        fn.clear()
