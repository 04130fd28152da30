"""Reminders (催办): a manager chases the handler of an open stage; the reminder lands on the case
timeline and in the handler's "my reminders" panel, exactly once per form token."""

from __future__ import annotations

from sqlalchemy import select

from db.clock import now
from db.engine import session_scope
from db.models import Complaint, ComplaintEvent
from db.queries import cases
from db.queries import sla as sla_queries
from db.services import notify
from db.services.common import InputError, audit, earlier_event, require, require_case_scope
from domain import inputs
from domain.codes import STAGES
from domain.users import CurrentUser

REMINDER_ROLES = frozenset({"manager", "prevention", "admin"})
ACTION = "complaint.remind"
NOTE_MAX = 500


def _validate(complaint_id: object, stage: str, note: str, token: str) -> int:
    """The input policy on the reminder's fields; returns the complaint id."""
    check = inputs.Inputs()
    if stage not in STAGES:
        check.add("sla.remind.bad_stage")
    check.text(note, field="sla.field.remind_note", max_chars=NOTE_MAX, required=False, multiline=True)
    check.token(token)
    check.raise_if_any()
    found = inputs.record_id(complaint_id)
    if found is None:
        raise InputError.one("sla.remind.no_case")
    return found


def send_reminder(complaint_id: int, stage: str, by: CurrentUser, note: str, token: str) -> int:
    """Record a reminder on an open stage; returns the event id (the first one's, when ``token`` was used).

    The complaint row is locked first (``FOR UPDATE`` on PostgreSQL; SQLite writers are already
    serialised by ``BEGIN IMMEDIATE``), so concurrent calls with one token see each other's audit row.
    The token is kept in the audit row's detail because the timeline has no token column.
    """
    note = inputs.normalise_text(note, multiline=True)
    complaint_id = _validate(complaint_id, stage, note, token)
    require(by, REMINDER_ROLES, ACTION)
    with session_scope() as session:
        row = session.scalars(select(Complaint).where(Complaint.id == complaint_id).with_for_update()).first()
        if row is None:
            raise InputError.one("sla.remind.no_case")
        require_case_scope(by, row, ACTION)
        earlier = earlier_event(session, ACTION, "complaint", complaint_id, token)
        if earlier is not None:
            return earlier
        if getattr(row, f"{stage}_at") is not None:
            raise InputError.one("sla.remind.stage_closed")
        event = ComplaintEvent(
            complaint_id=complaint_id, at=now(), kind="reminder", stage=stage, actor_id=by.id, note=note or None
        )
        session.add(event)
        session.flush()
        event_id = int(event.id)
        audit(session, by, ACTION, "complaint", complaint_id, token=token, stage=stage, event_id=event_id)
        notify.enqueue_reminder(session, row, stage, event_id, by, noted=bool(note))  # the handler's group chat
    cases.forget()
    sla_queries.forget_reminders()
    return event_id
