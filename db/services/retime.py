"""Re-timing the open stages of stored cases inside the transaction of a calendar or target change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Executable, Row, select, update
from sqlalchemy.orm import Session

from db import facts
from db.models import Complaint
from db.queries import sla_config
from domain.codes import STAGES
from domain.retime import Retime, SlaRules, StageClock, plan_retime

_DONE = [getattr(Complaint, f"{stage}_at") for stage in STAGES]
_DUE = [getattr(Complaint, f"{stage}_due_at") for stage in STAGES]


def stored_rules(s: Session) -> SlaRules:
    """The policy and calendar as stored, read inside the write's own transaction."""

    def rows(stmt: Executable) -> Sequence[Row[Any]]:
        return s.execute(stmt).all()

    return SlaRules(sla_config.read_policy(rows), sla_config.read_calendar(rows))


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


def plan(s: Session, before: SlaRules, after: SlaRules, *, lock: bool) -> Retime:
    """The open stages of stored cases that the change from ``before`` to ``after`` moves."""
    return plan_retime(open_clocks(s, lock=lock), before, after)


def apply(s: Session, retime: Retime) -> None:
    """Store the new due times of ``retime`` (one UPDATE per batch of cases moving the same stages)."""
    rows = [
        {"id": case_id, **{f"{stage}_due_at": due for stage, due in moves.items()}}
        for case_id, moves in retime.moves.items()
    ]
    if rows:
        s.execute(update(Complaint), rows)
        facts.refresh_cases(s, retime.moves)
