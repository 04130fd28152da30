"""Overview KPIs: volume, L1, SLA attainment and satisfaction for a week against the last."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
from sqlalchemy import and_, case, func, select

from db.engine import engine
from db.models import Complaint, SatisfactionSurvey
from db.queries.cache import store_cached
from db.queries.conditions import agent_conditions, complaint_conditions, day_range
from domain.codes import STAGES
from domain.filters import Filters

SATISFIED_FROM = 4  # survey scores 4 and 5 count as satisfied


@store_cached(ttl=300, max_entries=256)
def volume(f: Filters) -> dict[str, int]:
    """Complaints received in the filter range (duplicates excluded) and how many are L1."""
    stmt = select(func.count(), func.coalesce(func.sum(case((Complaint.level == "L1", 1), else_=0)), 0)).where(
        *complaint_conditions(f))
    with engine().connect() as conn:
        total, l1 = conn.execute(stmt).one()
    return {"complaints": int(total), "l1": int(l1)}


@store_cached(ttl=300, max_entries=256)
def sla_by_stage(f: Filters, now_: pd.Timestamp) -> pd.DataFrame:
    """Per stage: deadlines falling in the range (and already passed or met) and how many were met.

    A stage counts once its deadline is in [start, end] and either done or overdue at ``now_``.
    Complaints are bounded to those received up to 60 days before the range so the scan uses
    the received_at index.
    """
    lo, hi = day_range(f.start, f.end)
    now = now_.to_pydatetime()
    scope = replace(f, start=f.start - pd.Timedelta(days=60).to_pytimedelta())
    cols = []
    for stage in STAGES:
        due, done = getattr(Complaint, f"{stage}_due_at"), getattr(Complaint, f"{stage}_at")
        in_window = and_(due >= lo, due < hi, (done.is_not(None)) | (due < now))
        cols.append(func.coalesce(func.sum(case((in_window, 1), else_=0)), 0).label(f"{stage}_due"))
        cols.append(func.coalesce(func.sum(case((and_(in_window, done.is_not(None), done <= due), 1), else_=0)), 0)
                    .label(f"{stage}_met"))
    with engine().connect() as conn:
        row = conn.execute(select(*cols).where(*complaint_conditions(scope))).one()._mapping
    return pd.DataFrame(
        [{"stage": s, "due": int(row[f"{s}_due"]), "met": int(row[f"{s}_met"])} for s in STAGES]
    )


@store_cached(ttl=300, max_entries=256)
def satisfaction(f: Filters) -> dict[str, float | int | None]:
    """Surveys in the range: count, share satisfied (4–5) and mean score; None when there are none."""
    lo, hi = day_range(f.start, f.end)
    s = SatisfactionSurvey
    stmt = select(
        func.count(),
        func.sum(case((s.score >= SATISFIED_FROM, 1), else_=0)),
        func.avg(s.score),
    ).where(s.at >= lo, s.at < hi, *agent_conditions(f, s.agent_id))
    with engine().connect() as conn:
        n, satisfied, mean = conn.execute(stmt).one()
    if not n:
        return {"surveys": 0, "rate": None, "mean": None}
    return {"surveys": int(n), "rate": float(satisfied) / n, "mean": float(mean)}


def sla_attainment(stages: pd.DataFrame) -> float | None:
    """Met deadlines over all deadlines counted; None when nothing was due."""
    due = int(stages["due"].sum())
    return None if due == 0 else int(stages["met"].sum()) / due


def window_filters(f: Filters, start: date, end: date) -> Filters:
    return replace(f, start=start, end=end)
