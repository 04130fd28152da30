"""The one read behind the complainant's progress page: a verified case's stage times, the reply
written for the complainant and whether its follow-up survey is in; nothing else of the case."""

from __future__ import annotations

from sqlalchemy import select

from db.engine import engine
from db.models import Complaint, ComplaintResolution, SatisfactionSurvey
from db.queries.cache import store_cached
from domain.codes import STAGES

STAGE_COLUMNS = tuple(getattr(Complaint, f"{stage}{suffix}") for stage in STAGES for suffix in ("_at", "_due_at"))


@store_cached(ttl=30, max_entries=512)
def public_case(complaint_id: int) -> dict | None:
    """``ref_no``, every ``<stage>_at`` and ``<stage>_due_at``, ``reply`` (None before the case is
    resolved) and ``has_survey`` of the case, or None when it does not exist."""
    stmt = (
        select(
            Complaint.ref_no,
            *STAGE_COLUMNS,
            ComplaintResolution.reply,
            SatisfactionSurvey.id.is_not(None).label("has_survey"),
        )
        .outerjoin(ComplaintResolution, ComplaintResolution.complaint_id == Complaint.id)
        .outerjoin(SatisfactionSurvey, SatisfactionSurvey.complaint_id == Complaint.id)
        .where(Complaint.id == complaint_id)
    )
    with engine().connect() as conn:
        row = conn.execute(stmt).first()
    return None if row is None else dict(row._mapping)


def forget() -> None:
    """Called by the writes that move a case, resolve it or add its survey."""
    public_case.clear()
