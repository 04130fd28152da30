"""Stage deadlines as rows: the one definition of "met" and "breached" every SLA figure uses.

A *deadline* is one (complaint, stage) whose due time falls in the filter's date range and that
is decided at ``now``: done (met if done by the due time) or still open past its due time
(breached). Deadlines not yet due are not counted. Duplicates are not counted twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Subquery, and_, case, literal, or_, select, union_all

from db.models import Complaint
from db.queries.conditions import complaint_conditions, day_range
from domain.codes import STAGES
from domain.filters import Filters


def deadlines(f: Filters, now: datetime, stages: tuple[str, ...] = STAGES) -> Subquery:
    """One row per decided stage deadline in the range: complaint columns, stage, due, done, breached."""
    lo, hi = day_range(f.start, f.end)
    parts = []
    for stage in stages:
        due, done = getattr(Complaint, f"{stage}_due_at"), getattr(Complaint, f"{stage}_at")
        breached = case((or_(done > due, and_(done.is_(None), due < now)), 1), else_=0)
        parts.append(
            select(
                Complaint.id.label("complaint_id"),
                Complaint.ref_no,
                Complaint.received_at,
                Complaint.city_id,
                Complaint.team_id,
                Complaint.agent_id,
                Complaint.handler_id,
                Complaint.channel,
                Complaint.level,
                Complaint.category,
                literal(stage).label("stage"),
                due.label("due_at"),
                done.label("done_at"),
                breached.label("breached"),
            ).where(*complaint_conditions(f, dates=False), due >= lo, due < hi, or_(done.is_not(None), due < now))
        )
    return union_all(*parts).subquery("deadlines")
