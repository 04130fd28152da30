"""Who came in and what they revealed: sign-ins and refused accounts, and audited unmasks of one
record's customer data, each in the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select

from db.engine import session_scope
from db.models import Complaint, Customer, EarlyWarning
from db.services.common import InputError, PermissionDenied, audit
from db.services.warnings import ENTITY as WARNING_ENTITY
from domain import inputs
from domain.masking import UNMASK_FIELDS, UNMASK_REASON_MAX, UNMASK_REASON_MIN, can_unmask
from domain.users import CurrentUser

UNMASK_ACTION = "pii.unmask"
# The audit log's entity name of each kind of record an unmask reveals (as its writes name it).
UNMASK_ENTITIES = {"complaint": "complaint", "warning": WARNING_ENTITY}


def record_sign_in(user: CurrentUser) -> None:
    """One audit row per signed-in session (the page calls this once per session)."""
    with session_scope() as s:
        audit(s, user, "auth.sign_in", "user", user.id, role=user.role)


def record_refused_sign_in(email_domain: str) -> None:
    """An account the store does not know (or has disabled) tried to sign in; only the e-mail's
    domain is kept, so the log names no person who is not a user."""
    with session_scope() as s:
        audit(s, None, "auth.refused", "user", None, email_domain=email_domain)


def _reason(reason: object) -> str:
    """The reason as the input policy stores it; too short a reason says nothing about why."""
    check = inputs.Inputs()
    text = check.text(reason, field="privacy.field.reason", max_chars=UNMASK_REASON_MAX)
    if not check.problems and len(text) < UNMASK_REASON_MIN:
        check.add("privacy.err.reason_short", min=UNMASK_REASON_MIN)
    check.raise_if_any()
    return text


def unmask(by: CurrentUser, kind: str, record_id: int, reason: str) -> dict[str, str | None]:
    """The clear customer fields of one complaint or early warning, for a role allowed to see them,
    with the audit row (who, when, which record, which fields, why) in the same transaction.

    Other roles are refused (``PermissionDenied``) and nothing is written; an unknown record or a
    missing reason is an ``InputError``.
    """
    if not can_unmask(by.role):
        raise PermissionDenied("pii.unmask")
    if kind not in UNMASK_FIELDS:
        raise InputError.one("privacy.err.record")
    why = _reason(reason)
    checked_id = inputs.record_id(record_id)
    if checked_id is None:
        raise InputError.one("privacy.err.record")
    found: Row[Any] | None
    with session_scope() as s:
        if kind == "complaint":
            found = s.execute(
                select(Customer.name, Customer.phone, Customer.id_number)
                .select_from(Complaint)
                .outerjoin(Customer, Customer.id == Complaint.customer_id)
                .where(Complaint.id == checked_id)
            ).first()
        else:
            found = s.execute(
                select(EarlyWarning.customer_name, EarlyWarning.contact).where(EarlyWarning.id == checked_id)
            ).first()
        if found is None:
            raise InputError.one("privacy.err.record")
        fields = UNMASK_FIELDS[kind]
        audit(s, by, UNMASK_ACTION, UNMASK_ENTITIES[kind], checked_id, fields=list(fields), reason=why)
        return dict(zip(fields, found))
