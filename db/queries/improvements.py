"""Reads of the 问题改进清单."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import func, select

from db.engine import engine
from db.models import ImprovementItem, SampleItem
from db.queries import run
from db.queries.cache import store_cached


@store_cached(ttl=30, max_entries=64)
def items(month: date | None) -> pd.DataFrame:
    """The list of one month (first day), or every month when None; newest first."""
    stmt = (
        select(
            ImprovementItem.id,
            ImprovementItem.month,
            ImprovementItem.issue,
            ImprovementItem.department,
            ImprovementItem.measure,
            ImprovementItem.due_date,
            ImprovementItem.owner,
            ImprovementItem.status,
            ImprovementItem.evidence,
            SampleItem.sample_id,
        )
        .outerjoin(SampleItem, SampleItem.id == ImprovementItem.sample_item_id)
        .order_by(ImprovementItem.month.desc(), ImprovementItem.due_date, ImprovementItem.id)
    )
    if month is not None:
        stmt = stmt.where(ImprovementItem.month == month)
    return run.frame(stmt)


@store_cached(ttl=60, max_entries=4)
def months() -> list[date]:
    with engine().connect() as conn:
        rows = (
            conn.execute(
                select(ImprovementItem.month)
                .group_by(ImprovementItem.month)
                .order_by(func.max(ImprovementItem.month).desc())
            )
            .scalars()
            .all()
        )
    return [pd.Timestamp(m).date() for m in rows]


def forget() -> None:
    for fn in (items, months):
        fn.clear()
