"""Reads for the committee: samples, their items with review progress, criterion summaries, findings."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import case, func, select

from db.engine import engine
from db.models import CommitteeSample, Complaint, ImprovementItem, SampleItem, User
from db.queries import run
from db.queries.cache import store_cached
from db.queries.conditions import day_range
from domain.committee import CRITERIA, FINDING_MAX_SCORE


def population_stmt(start: date, end: date):  # noqa: ANN201 - a Select
    """Archived complaints archived in [start, end], duplicates excluded, never reviewed before."""
    lo, hi = day_range(start, end)
    reviewed = select(SampleItem.complaint_id).where(SampleItem.reviewed_at.is_not(None))
    return (
        select(Complaint.id, Complaint.level, Complaint.channel)
        .where(
            Complaint.status == "archive",
            Complaint.archive_at >= lo,
            Complaint.archive_at < hi,
            Complaint.duplicate_of_id.is_(None),
            Complaint.id.not_in(reviewed),
        )
        .order_by(Complaint.id)
    )


@store_cached(ttl=60, max_entries=64)
def population_size(start: date, end: date) -> int:
    stmt = select(func.count()).select_from(population_stmt(start, end).subquery())
    with engine().connect() as conn:
        return int(conn.execute(stmt).scalar_one())


@store_cached(ttl=30, max_entries=8)
def samples() -> pd.DataFrame:
    """Every sample with its size and review progress, newest first."""
    reviewed = func.count(SampleItem.reviewed_at)  # COUNT skips NULLs: the reviewed items
    c = CommitteeSample
    sample = (c.id, c.period_start, c.period_end, c.size, c.random_seed, c.drawn_at)
    stmt = (
        select(
            *sample,
            User.display_name.label("drawn_by"),
            func.count(SampleItem.id).label("items"),
            reviewed.label("reviewed"),
        )
        .join(User, User.id == CommitteeSample.drawn_by)
        .outerjoin(SampleItem, SampleItem.sample_id == CommitteeSample.id)
        .group_by(*sample, User.display_name)
        .order_by(CommitteeSample.drawn_at.desc(), CommitteeSample.id.desc())
    )
    return run.frame(stmt)


@store_cached(ttl=300, max_entries=64)
def params(sample_id: int) -> dict:
    """How the sample was drawn: requested size, population, population per stratum, method."""
    with engine().connect() as conn:
        return conn.execute(select(CommitteeSample.params).where(CommitteeSample.id == sample_id)).scalar_one()


@store_cached(ttl=30, max_entries=64)
def items(sample_id: int) -> pd.DataFrame:
    """The sample's cases with their scores; reviewer name; improvement item if one was made."""
    stmt = (
        select(
            SampleItem.id,
            SampleItem.complaint_id,
            Complaint.ref_no,
            Complaint.level,
            Complaint.channel,
            Complaint.category,
            SampleItem.stratum,
            SampleItem.reviewed_at,
            User.display_name.label("reviewer"),
            *[getattr(SampleItem, c) for c in CRITERIA],
            SampleItem.passed,
            SampleItem.comment,
            ImprovementItem.id.label("improvement_id"),
        )
        .join(Complaint, Complaint.id == SampleItem.complaint_id)
        .outerjoin(User, User.id == SampleItem.reviewer_id)
        .outerjoin(ImprovementItem, ImprovementItem.sample_item_id == SampleItem.id)
        .where(SampleItem.sample_id == sample_id)
        .order_by(SampleItem.stratum, Complaint.ref_no)
    )
    return run.frame(stmt)


@store_cached(ttl=30, max_entries=64)
def criterion_summary(sample_id: int) -> pd.DataFrame:
    """Per criterion over reviewed items: mean score and how many scored 1–2 (findings)."""
    rows = []
    with engine().connect() as conn:
        for criterion in CRITERIA:
            col = getattr(SampleItem, criterion)
            mean, low, n = conn.execute(
                select(func.avg(col), func.sum(case((col <= FINDING_MAX_SCORE, 1), else_=0)), func.count(col)).where(
                    SampleItem.sample_id == sample_id, SampleItem.reviewed_at.is_not(None)
                )
            ).one()
            rows.append(
                {
                    "criterion": criterion,
                    "reviewed": int(n),
                    "mean": None if mean is None else float(mean),
                    "low": int(low or 0),
                }
            )
        passed = conn.execute(
            select(func.count()).where(SampleItem.sample_id == sample_id, SampleItem.passed.is_(True))
        ).scalar_one()
    frame = pd.DataFrame(rows)
    frame.attrs["passed"] = int(passed)
    return frame


def forget() -> None:
    for fn in (population_size, samples, items, criterion_summary):
        fn.clear()
