"""Re-timing the open stages of stored cases inside the transaction of a calendar or target change."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import Complaint
from db.queries import sla_config
from domain.calendar import BusinessCalendar
from domain.codes import STAGES
from domain.retime import Retime, StageClock, plan_retime
from domain.sla import SlaPolicy

_DONE = [getattr(Complaint, f"{stage}_at") for stage in STAGES]
_DUE = [getattr(Complaint, f"{stage}_due_at") for stage in STAGES]


def session_rows(s: Session) -> sla_config.Rows:
    """Reads of the policy and calendar inside ``s``, so a write sees its own transaction."""
    return lambda stmt: s.execute(stmt).all()


def open_clocks(s: Session, *, lock: bool) -> list[StageClock]:
    """The clock of every case with a stage still open; ``lock`` holds those rows until the write
    ends (FOR UPDATE on PostgreSQL), so a stage completed meanwhile waits instead of being missed."""
    stmt = select(Complaint.id, Complaint.received_at, Complaint.level, Complaint.channel, *_DONE, *_DUE).where(
        Complaint.status != STAGES[-1]
    )
    if lock:
        stmt = stmt.with_for_update()
    n = len(STAGES)
    return [
        StageClock(
            case_id=r[0],
            received_at=r[1],
            level=r[2],
            channel=r[3],
            done=dict(zip(STAGES, r[4 : 4 + n])),
            due=dict(zip(STAGES, r[4 + n :])),
        )
        for r in s.execute(stmt).all()
    ]


def plan(s: Session, policy: SlaPolicy, cal: BusinessCalendar, *, lock: bool) -> Retime:
    """The open stages that move under ``policy`` and ``cal``."""
    return plan_retime(open_clocks(s, lock=lock), policy, cal)


def apply(s: Session, retime: Retime) -> None:
    """Store the new due times of ``retime`` (one UPDATE per batch of cases moving the same stages)."""
    rows = [
        {"id": case_id, **{f"{stage}_due_at": due for stage, due in moves.items()}}
        for case_id, moves in retime.moves.items()
    ]
    if rows:
        s.execute(update(Complaint), rows)
