"""What every write shares: the named errors (from domain.errors), role checks, the audit row."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.clock import now
from db.engine import session_scope
from db.models import AuditLog, CommitteeSample, Complaint, EarlyWarning, ImprovementItem
from domain.errors import DutyConflict, InputError, OutOfScope, PermissionDenied
from domain.users import CurrentUser

__all__ = [
    "DutyConflict",
    "InputError",
    "OutOfScope",
    "PermissionDenied",
    "audit",
    "earlier_event",
    "existing_id",
    "require",
    "require_case_scope",
]

# The models whose rows carry the form token of the submit that stored them.
TokenedModel = type[Complaint | EarlyWarning | CommitteeSample | ImprovementItem]


def require(user: CurrentUser, allowed_roles: frozenset[str] | set[str], action: str) -> None:
    """Role checks live in the services too, not only in which pages are shown."""
    if user.role not in allowed_roles:
        raise PermissionDenied(action)


def require_case_scope(user: CurrentUser, case: Complaint, action: str) -> None:
    """Scope checks live in the services too: a manager of one city cannot act on another city's case."""
    if not user.scope.covers_case(
        city_id=case.city_id, team_id=case.team_id, handler_id=case.handler_id, first_owner_id=case.first_owner_id
    ):
        raise OutOfScope(action)


def audit(
    session: Session, user: CurrentUser | None, action: str, entity: str, entity_id: object, **detail: Any
) -> None:
    """Add the audit row to the write's own transaction, so both land or neither does."""
    session.add(
        AuditLog(
            at=now(),
            user_id=user.id if user else None,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            detail=detail or None,
        )
    )


def existing_id(model: TokenedModel, token: str) -> int | None:
    """The id of the row a submit with ``token`` already stored, if any (exactly-once submits)."""
    with session_scope() as s:
        return s.scalar(select(model.id).where(model.idempotency_token == token))


def earlier_event(
    session: Session, action: str, entity: str, entity_id: object, token: str, key: str = "event_id"
) -> int | None:
    """The timeline event (or the row its audit detail names under ``key``) a submit with ``token``
    already stored for this entity, if any.

    Timelines have no token column; the write's audit row keeps the token and the event id.
    """
    detail = session.scalar(
        select(AuditLog.detail).where(
            AuditLog.action == action,
            AuditLog.entity == entity,
            AuditLog.entity_id == str(entity_id),
            AuditLog.detail["token"].as_string() == token,
        )
    )
    return None if detail is None else int(detail[key])
