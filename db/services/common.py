"""What every write shares: the named errors (from domain.errors), role checks, the audit row."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.clock import now
from db.engine import session_scope
from db.models import AuditLog, CommitteeSample, Complaint, EarlyWarning, ImprovementItem
from domain.errors import InputError, PermissionDenied
from domain.users import CurrentUser

__all__ = ["InputError", "PermissionDenied", "audit", "earlier_event", "existing_id", "require"]

# The models whose rows carry the form token of the submit that stored them.
TokenedModel = type[Complaint | EarlyWarning | CommitteeSample | ImprovementItem]


def require(user: CurrentUser, allowed_roles: frozenset[str] | set[str], action: str) -> None:
    """Role checks live in the services too, not only in which pages are shown."""
    if user.role not in allowed_roles:
        raise PermissionDenied(action)


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


def earlier_event(session: Session, action: str, entity: str, entity_id: object, token: str) -> int | None:
    """The timeline event a submit with ``token`` already stored for this entity, if any.

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
    return None if detail is None else int(detail["event_id"])
