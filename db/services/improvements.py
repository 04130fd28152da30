"""The monthly 问题改进清单: add a line (from a finding or directly) and move its status."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from db.clock import now
from db.engine import session_scope
from db.models import ImprovementItem
from db.queries import committee as cq
from db.queries import improvements as q
from db.services.common import InputError, audit, existing_id, require
from domain import inputs
from domain.codes import IMPROVEMENT_STATUSES
from domain.committee import IMPROVEMENT_TEXT, improvement_problems
from domain.users import CurrentUser

EDITORS = frozenset({"committee", "manager", "prevention", "admin"})


def add_item(
    by: CurrentUser,
    *,
    issue: str,
    department: str,
    measure: str,
    due: date | None,
    owner: str,
    evidence: str | None = None,
    sample_item_id: int | None = None,
    token: str,
    roles: frozenset[str] = EDITORS,
) -> int:
    """Store a line of this month's list exactly once per token; returns its id."""
    require(by, roles, "improvement.add")
    today = now()
    check = inputs.Inputs()
    check.extend(improvement_problems(issue, department, measure, due, owner, today=today.date(), evidence=evidence))
    check.token(token)
    check.raise_if_any()
    typed = {"issue": issue, "department": department, "measure": measure, "owner": owner}
    text = {name: inputs.normalise_text(typed[name], multiline=multi) for name, _, _, multi in IMPROVEMENT_TEXT}
    due_date = inputs.date_in(due, field="improve.due", earliest=date.min, latest=date.max).value
    try:
        with session_scope() as s:
            found = s.scalar(select(ImprovementItem.id).where(ImprovementItem.idempotency_token == token))
            if found is not None:
                return found
            item = ImprovementItem(
                month=today.date().replace(day=1),
                issue=text["issue"],
                department=text["department"],
                measure=text["measure"],
                due_date=due_date,
                owner=text["owner"],
                status="open",
                evidence=inputs.normalise_text(evidence) or None,
                sample_item_id=sample_item_id,
                created_by=by.id,
                created_at=today,
                idempotency_token=token,
            )
            s.add(item)
            s.flush()
            audit(s, by, "improvement.add", "improvement_items", item.id, sample_item_id=sample_item_id)
            item_id = item.id
    except IntegrityError:
        existing = existing_id(ImprovementItem, token)
        if existing is not None:
            return existing
        if sample_item_id is not None:  # someone else already turned this finding into an item
            raise InputError.one("improve.err.already_linked") from None
        raise
    q.forget()
    cq.forget()
    return item_id


def set_status(by: CurrentUser, item_id: int, status: str) -> None:
    require(by, EDITORS, "improvement.status")
    if status not in IMPROVEMENT_STATUSES:
        raise InputError.one("improve.err.status")
    if inputs.record_id(item_id) is None:
        raise InputError.one("improve.err.not_found")
    with session_scope() as s:
        item = s.get(ImprovementItem, item_id)
        if item is None:
            raise InputError.one("improve.err.not_found")
        before = item.status
        item.status = status
        audit(s, by, "improvement.status", "improvement_items", item_id, before=before, after=status)
    q.forget()
