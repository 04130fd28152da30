"""Monthly keywords of the complaint texts: the most frequent keywords of a month and the ones rising
against the month before, counted in SQL from ``complaint_keywords`` within the user's filters and
scope (the filters' dates are not used: the month is the period)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Select, func, select

from db.models import Complaint, ComplaintKeyword
from db.queries import run
from db.queries.cache import ANY_TIME, store_cached
from db.queries.conditions import complaint_conditions, day_range
from domain.filters import Filters
from domain.loyalty import month_start, next_month, previous_month

TOP = 20


def _counts(f: Filters, month: date) -> Select[tuple[str, int]]:
    """Complaints per keyword received in ``month`` (duplicates excluded), within the filters."""
    first = month_start(month)
    lo, hi = day_range(first, next_month(first) - timedelta(days=1))
    return (
        select(ComplaintKeyword.keyword.label("keyword"), func.count().label("complaints"))
        .join(Complaint, Complaint.id == ComplaintKeyword.complaint_id)
        .where(*complaint_conditions(f, dates=False), Complaint.received_at >= lo, Complaint.received_at < hi)
        .group_by(ComplaintKeyword.keyword)
    )


@store_cached(ttl=600, max_entries=128, uses=ANY_TIME)
def top_keywords(f: Filters, month: date, limit: int = TOP) -> pd.DataFrame:
    """The month's ``limit`` most frequent keywords: keyword, complaints (most first, then by keyword)."""
    counts = _counts(f, month).subquery()
    stmt = select(counts.c.keyword, counts.c.complaints).order_by(counts.c.complaints.desc(), counts.c.keyword)
    return run.frame(stmt.limit(limit))


@store_cached(ttl=600, max_entries=128, uses=ANY_TIME)
def rising_keywords(f: Filters, month: date, limit: int = TOP) -> pd.DataFrame:
    """Keywords used by more complaints in ``month`` than in the month before: keyword, complaints,
    previous (the month before), change (the difference, largest first)."""
    this = _counts(f, month).subquery()
    before = _counts(f, previous_month(month)).subquery()
    previous = func.coalesce(before.c.complaints, 0)
    change = (this.c.complaints - previous).label("change")
    stmt = (
        select(this.c.keyword, this.c.complaints, previous.label("previous"), change)
        .outerjoin(before, before.c.keyword == this.c.keyword)
        .where(this.c.complaints > previous)
        .order_by(change.desc(), this.c.keyword)
        .limit(limit)
    )
    return run.frame(stmt)
