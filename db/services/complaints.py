"""Complaint writes: log a complaint (intake), move a case through its five stages (resolving it
records its outcome), add a note, hand a case to another handler, record the follow-up survey of
the return call. Each is one transaction with its timeline events and an audit row, stored
exactly once per form token.

First-contact ownership (首问负责制): whoever logs a complaint becomes its first owner and its
handler; a manager may later hand the case to another handler, but the first owner stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.clock import now
from db.dialect import serialise_writers
from db.engine import session_scope
from db.models import Agent, City, Complaint, ComplaintEvent, Customer, User
from db.queries import cases, overview, sla_config
from db.queries import intake as intake_queries
from db.queries import sla as sla_queries
from db.queries.intake import repeats_stmt
from db.services import closure, notify
from db.services.common import InputError, audit, earlier_event, require, require_case_scope
from db.services.refs import next_ref
from domain import inputs
from domain.calendar import BusinessCalendar
from domain.codes import STAGES
from domain.intake import (
    FREE_NOTE_FIELD,
    HANDLER_ROLES,
    HANDLING_ROLES,
    INTAKE_ROLES,
    REASSIGN_FIELD,
    REASSIGN_ROLES,
    IntakeForm,
    advance_problems,
    intake_problems,
    next_stage,
    note_problems,
    suggest_level,
)
from domain.outcomes import Outcome, OutcomeForm, checked_outcome
from domain.sla import SlaPolicy, stage_due_times
from domain.surveys import checked_survey
from domain.users import CurrentUser

REF_PREFIX = "TS"
REF_DIGITS = 5


@dataclass(frozen=True)
class Logged:
    """The stored complaint (also when the token had already stored it)."""

    id: int
    ref_no: str
    level: str
    exec_reported: bool


def _forget(new_complaint: bool = False) -> None:
    """Reads that show single cases or open stages change with every write; a new complaint also
    changes this week's volume and the L1 list the executives read."""
    cases.forget()
    intake_queries.forget()
    sla_queries.forget_reminders()  # the open-stage queues
    if new_complaint:
        overview.volume.clear()
        overview.l1_cases.clear()


def _logged(session: Session, complaint_id: int) -> Logged:
    row = session.execute(
        select(Complaint.id, Complaint.ref_no, Complaint.level, Complaint.exec_reported).where(
            Complaint.id == complaint_id
        )
    ).one()
    return Logged(int(row.id), row.ref_no, row.level, bool(row.exec_reported))


def _stored_for_token(token: str) -> Logged | None:
    with session_scope() as s:
        found = s.scalar(select(Complaint.id).where(Complaint.idempotency_token == token))
        return None if found is None else _logged(s, found)


def log_complaint(form: IntakeForm, by: CurrentUser, token: str) -> Logged:
    """Store a complaint with its reference number, level, five due times and timeline; exactly once per token.

    The level is the suggested one (category and urgent words) unless the form overrides it with a
    reason. A likely repeat (an open complaint of the same customer and category within 30 days)
    must be either linked as a duplicate or explicitly logged as new. L1 complaints are reported
    to executives.
    """
    require(by, INTAKE_ROLES, "complaint.intake")
    form = form.clean()
    problems = intake_problems(form) + _token_problems(token)
    if problems:
        raise InputError(problems)
    suggested, _ = suggest_level(form.category, form.description)
    overridden = form.level != suggested
    policy, calendar = sla_config.policy(), sla_config.calendar()
    try:
        with session_scope() as s:
            found = s.scalar(select(Complaint.id).where(Complaint.idempotency_token == token))
            if found is not None:
                return _logged(s, found)
            received = now()
            if s.get(City, form.city_id) is None:
                raise InputError.one("intake.err.city")
            if form.customer_id is not None and s.get(Customer, form.customer_id) is None:
                raise InputError.one("intake.err.customer_unknown")
            agent = None
            if form.agent_code:
                agent = s.execute(select(Agent.id, Agent.team_id).where(Agent.code == form.agent_code)).first()
                if agent is None:
                    raise InputError.one("intake.err.agent_unknown", code=form.agent_code)
            if form.customer_id is not None:
                # Two submits for one customer and category queue here, so the later one sees the
                # earlier one as a likely repeat (PostgreSQL; SQLite writers are serialised already).
                serialise_writers(s, f"complaint-repeat:{form.customer_id}:{form.category}")
            original = _repeat_decision(s, form, received, by)
            dues = stage_due_times(received, form.level, form.channel, policy, calendar)
            complaint = Complaint(
                ref_no=next_ref(s, Complaint.ref_no, REF_PREFIX, received.date(), REF_DIGITS),
                received_at=received,
                channel=form.channel,
                level=form.level,
                category=form.category,
                city_id=form.city_id,
                team_id=agent.team_id if agent else None,
                customer_id=form.customer_id,
                agent_id=agent.id if agent else None,
                handler_id=by.id,
                first_owner_id=by.id,
                description=form.description,
                status="received",
                **{f"{stage}_due_at": dues[stage] for stage in STAGES},
                duplicate_of_id=original.id if original else None,
                exec_reported=form.level == "L1",
                level_override_reason=form.override_reason if overridden else None,
                idempotency_token=token,
            )
            s.add(complaint)
            s.flush()
            events = [ComplaintEvent(complaint_id=complaint.id, at=received, kind="received", actor_id=by.id)]
            if overridden:
                events.append(
                    ComplaintEvent(
                        complaint_id=complaint.id,
                        at=received,
                        kind="level",
                        actor_id=by.id,
                        note=f"{suggested} → {form.level}: {form.override_reason}",
                    )
                )
            if original is not None:
                events += [
                    ComplaintEvent(
                        complaint_id=complaint.id, at=received, kind="duplicate", actor_id=by.id, note=original.ref_no
                    ),
                    ComplaintEvent(
                        complaint_id=original.id, at=received, kind="duplicate", actor_id=by.id, note=complaint.ref_no
                    ),
                ]
            s.add_all(events)
            audit(
                s,
                by,
                "complaint.intake",
                "complaint",
                complaint.id,
                ref_no=complaint.ref_no,
                token=token,
                level=form.level,
                suggested=suggested,
                exec_reported=complaint.exec_reported,
                duplicate_of=original.ref_no if original else None,
            )
            s.flush()
            if complaint.level == "L1":
                notify.enqueue_new_l1(s, [complaint.id])  # to the prevention group's chat, in this transaction
            logged = Logged(int(complaint.id), complaint.ref_no, complaint.level, complaint.exec_reported)
    except IntegrityError:  # the same token committed concurrently: that complaint is this submit's
        stored = _stored_for_token(token)
        if stored is None:
            raise
        return stored
    _forget(new_complaint=True)
    return logged


def _token_problems(token: str) -> list[inputs.Problem]:
    problem = inputs.form_token(token)
    return [] if problem is None else [problem]


def _case_id(complaint_id: object) -> int:
    """A complaint id that can name a row; anything else is a case that does not exist."""
    found = inputs.record_id(complaint_id)
    if found is None:
        raise InputError.one("handling.err.no_case")
    return found


def _repeat_decision(s: Session, form: IntakeForm, received: datetime, by: CurrentUser) -> Complaint | None:
    """The original to link to, or None for a new complaint; refuses an undecided likely repeat,
    naming it only when it is in ``by``'s scope (a repeat outside it may still be linked)."""
    repeats = (
        []
        if form.customer_id is None
        else s.execute(repeats_stmt(form.customer_id, form.category, received, by.scope)).all()
    )
    if form.duplicate_of_id is not None:
        if form.duplicate_of_id not in {r.id for r in repeats}:
            raise InputError.one("intake.err.repeat_gone")
        return s.get(Complaint, form.duplicate_of_id)
    if repeats and not form.repeat_is_new:
        seen = [r.ref_no for r in repeats if r.ref_no is not None]
        if not seen:
            raise InputError.one("intake.err.repeat_undecided_unseen")
        raise InputError.one("intake.err.repeat_undecided", ref=seen[0])
    return None


def _locked_case(s: Session, complaint_id: int, by: CurrentUser, action: str) -> Complaint:
    """The complaint row, locked until the transaction ends (FOR UPDATE on PostgreSQL; SQLite
    writers are serialised by BEGIN IMMEDIATE), so concurrent writes to one case queue up; a case
    outside ``by``'s scope is refused (``OutOfScope``) before anything is read from it."""
    row = s.scalars(select(Complaint).where(Complaint.id == complaint_id).with_for_update()).first()
    if row is None:
        raise InputError.one("handling.err.no_case")
    require_case_scope(by, row, action)
    return row


def _resolution(stage: str, outcome: OutcomeForm | None) -> tuple[Outcome | None, list[inputs.Problem]]:
    """The checked outcome the resolve stage requires; any other stage takes none."""
    if stage == "resolve":
        return checked_outcome(outcome or OutcomeForm(kinds=()))
    return None, [] if outcome is None else [("outcome.err.stage", {})]


def advance(
    complaint_id: int,
    by: CurrentUser,
    note: str,
    token: str,
    *,
    stage: str,
    satisfaction: int | None = None,
    outcome: OutcomeForm | None = None,
) -> int:
    """Complete ``stage`` now, with a note; returns the timeline event id.

    Only the next stage in order is accepted: when someone else completed it first the case "has
    moved on" and nothing is stored. Stages anchored on the previous one get due times counted
    from the actual completion. Resolving records the outcome (required: what was done and the
    reply for the complainant). At "notify" the complainant's satisfaction (1–5) may be recorded.
    """
    require(by, HANDLING_ROLES, "complaint.advance")
    note = inputs.normalise_text(note, multiline=True)
    resolution, outcome_problems = _resolution(stage, outcome)
    problems = advance_problems(stage, note, satisfaction) + outcome_problems + _token_problems(token)
    if problems:
        raise InputError(problems)
    score = None if satisfaction is None else int(satisfaction)
    complaint_id = _case_id(complaint_id)
    policy, calendar = sla_config.policy(), sla_config.calendar()
    with session_scope() as s:
        c = _locked_case(s, complaint_id, by, "complaint.advance")
        earlier = earlier_event(s, "complaint.advance", "complaint", complaint_id, token)
        if earlier is not None:
            return earlier
        expected = next_stage(c.status)
        if expected is None:
            raise InputError.one("handling.err.archived")
        if stage != expected:
            _forget()  # the caller saw an old state: let its next read see the case as it is
            raise InputError.one("handling.err.moved_on")
        moment = now()
        setattr(c, f"{stage}_at", moment)
        c.status = stage
        if score is not None:
            c.satisfaction_score = score
        moved = _recompute_dues(c, stage, policy, calendar)
        if resolution is not None:
            closure.store_resolution(s, complaint_id, resolution, by, moment)
        event = ComplaintEvent(
            complaint_id=complaint_id, at=moment, kind="stage", stage=stage, actor_id=by.id, note=note
        )
        s.add(event)
        s.flush()
        event_id = int(event.id)
        audit(
            s,
            by,
            "complaint.advance",
            "complaint",
            complaint_id,
            token=token,
            stage=stage,
            event_id=event_id,
            satisfaction=score,
            due_moved=moved or None,
            outcome=None if resolution is None else closure.outcome_detail(resolution),
        )
    _forget()
    if resolution is not None:
        closure.forget_resolutions()
    return event_id


def _recompute_dues(c: Complaint, completed: str, policy: SlaPolicy, calendar: BusinessCalendar) -> dict[str, str]:
    """Later stages anchored on the previous one count from actual completions; returns what moved."""
    done = {s: getattr(c, f"{s}_at") for s in STAGES}
    dues = stage_due_times(c.received_at, c.level, c.channel, policy, calendar, done=done)
    moved: dict[str, str] = {}
    for later in STAGES[STAGES.index(completed) + 1 :]:
        if policy.target(later, c.level, c.channel).anchor != "previous":
            continue
        column = f"{later}_due_at"
        if getattr(c, column) != dues[later]:
            moved[later] = dues[later].isoformat(sep=" ")
            setattr(c, column, dues[later])
    return moved


def add_note(complaint_id: int, by: CurrentUser, note: str, token: str) -> int:
    """A free note on the timeline of an open case; returns the event id (exactly once per token)."""
    require(by, HANDLING_ROLES, "complaint.note")
    note = inputs.normalise_text(note, multiline=True)
    problems = note_problems(note, field=FREE_NOTE_FIELD) + _token_problems(token)
    if problems:
        raise InputError(problems)
    complaint_id = _case_id(complaint_id)
    with session_scope() as s:
        c = _locked_case(s, complaint_id, by, "complaint.note")
        earlier = earlier_event(s, "complaint.note", "complaint", complaint_id, token)
        if earlier is not None:
            return earlier
        if c.status == "archive":
            raise InputError.one("handling.err.archived")
        event = ComplaintEvent(complaint_id=complaint_id, at=now(), kind="note", actor_id=by.id, note=note)
        s.add(event)
        s.flush()
        event_id = int(event.id)
        audit(s, by, "complaint.note", "complaint", complaint_id, token=token, event_id=event_id)
    _forget()
    return event_id


def reassign(complaint_id: int, by: CurrentUser, handler_id: int | None, note: str, token: str) -> int:
    """Hand an open case to another handler (managers); the first owner stays. Returns the event id."""
    require(by, REASSIGN_ROLES, "complaint.reassign")
    note = inputs.normalise_text(note)
    problems = note_problems(note, field=REASSIGN_FIELD, multiline=False) + _token_problems(token)
    if inputs.record_id(handler_id) is None:
        problems.insert(0, ("handling.err.handler", {}))
    if problems:
        raise InputError(problems)
    complaint_id = _case_id(complaint_id)
    with session_scope() as s:
        c = _locked_case(s, complaint_id, by, "complaint.reassign")
        earlier = earlier_event(s, "complaint.reassign", "complaint", complaint_id, token)
        if earlier is not None:
            return earlier
        if c.status == "archive":
            raise InputError.one("handling.err.archived")
        new = s.get(User, handler_id)
        if new is None or not new.active or new.role not in HANDLER_ROLES:
            raise InputError.one("handling.err.handler")
        if c.handler_id == new.id:
            raise InputError.one("handling.err.same_handler")
        old = s.get(User, c.handler_id) if c.handler_id is not None else None
        c.handler_id = new.id
        moment = now()
        event = ComplaintEvent(
            complaint_id=complaint_id,
            at=moment,
            kind="reassign",
            actor_id=by.id,
            note=f"{old.display_name if old else '—'} → {new.display_name}: {note}",
        )
        s.add(event)
        s.flush()
        event_id = int(event.id)
        audit(
            s,
            by,
            "complaint.reassign",
            "complaint",
            complaint_id,
            token=token,
            event_id=event_id,
            before=old.id if old else None,
            after=new.id,
        )
    _forget()
    return event_id


def record_survey(complaint_id: int, by: CurrentUser, score: object, comment: object, token: str) -> int:
    """The follow-up survey of an archived case from the handler's return call; returns its id
    (exactly once per token; a case that already has its survey refuses a second)."""
    require(by, HANDLING_ROLES, "survey.record")
    survey, problems = checked_survey(score, comment)
    problems += _token_problems(token)
    if problems:
        raise InputError(problems)
    complaint_id = _case_id(complaint_id)
    try:
        with session_scope() as s:
            c = _locked_case(s, complaint_id, by, "survey.record")
            earlier = earlier_event(s, "survey.record", "complaint", complaint_id, token, key="survey_id")
            if earlier is not None:
                return earlier
            survey_id = closure.store_survey(s, c, survey, "return_call", now())
            audit(
                s, by, "survey.record", "complaint", complaint_id, token=token, survey_id=survey_id, score=survey.score
            )
    except IntegrityError:  # another submit stored the case's survey in between
        raise InputError.one("survey.err.exists") from None
    closure.forget_surveys()
    return survey_id
