"""Early-warning writes: report, sign off or return, resubmit, assign, track, close, evaluate; and
the risk-score weights. Each is one transaction with its timeline event and audit row.

Workflow steps lock the report row first (``FOR UPDATE`` on PostgreSQL; SQLite writers are already
serialised by ``BEGIN IMMEDIATE``), so two heads signing off at once cannot both win: the second
sees the new state and is told the report was already handled. A step's form token is kept in its
audit row, so a double click stores the step once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.clock import now
from db.engine import session_scope
from db.models import Customer, EarlyWarning, Team, WarningEvent, WarningWeight
from db.queries import warnings as q
from db.services.common import InputError, OutOfScope, PermissionDenied, audit, earlier_event, require
from db.services.refs import next_ref
from domain import inputs
from domain import warnings as rules
from domain.masking import mask_name, mask_phone
from domain.risk import RiskInputs, risk_level, risk_score
from domain.users import CurrentUser

ADMINS = frozenset({"admin"})
REF_PREFIX = "YJ"
REF_DIGITS = 4
ENTITY = "early_warnings"
EDITABLE = (
    "customer_name",
    "contact",
    "debt_amount",
    "overdue_days",
    "source",
    "complaint_history",
    "attitude",
    "description",
    "suggestion",
    "customer_id",
)


class Receipt(NamedTuple):
    """What the reporter is told after a submit: the stored row, its ledger number and risk level."""

    id: int
    ref_no: str
    risk_level: str


def _valid_report(form: rules.WarningInput, token: str, *extra: inputs.Problem) -> rules.WarningInput:
    """The report as the input policy stores it; every problem of it, the extras and the token at once."""
    clean = form.cleaned()
    check = inputs.Inputs()
    check.extend(rules.report_problems(clean) + list(extra))
    check.token(token)
    check.raise_if_any()
    return clean


def _warning_id(warning_id: object) -> int:
    found = inputs.record_id(warning_id)
    if found is None:
        raise InputError.one("warn.err.not_found")
    return found


def _customer_id(s: Session, code: str) -> int | None:
    if not code:
        return None
    found = s.scalar(select(Customer.id).where(Customer.code == code))
    if found is None:
        raise InputError.one("warn.err.customer_unknown", code=code)
    return found


def _scored(s: Session, inputs: RiskInputs) -> tuple[float, str]:
    """Score with the weights stored now (read in the writing transaction, not from a cache)."""
    weights = {f: float(w) for f, w in s.execute(select(WarningWeight.factor, WarningWeight.weight))}
    score = risk_score(weights, **inputs)
    return score, risk_level(score)


def _report_values(s: Session, form: rules.WarningInput) -> dict[str, Any]:
    factors, debt = form.score_inputs(), rules.debt_amount(form.debt_amount).value
    if factors is None or debt is None:  # only a form that skipped validation misses a factor
        raise InputError(rules.report_problems(form))
    score, level = _scored(s, factors)
    return {
        "customer_name": form.customer_name,
        "contact": form.contact,
        "debt_amount": debt,
        "overdue_days": factors["overdue_days"],
        "source": form.source,
        "complaint_history": factors["complaint_history"],
        "attitude": form.attitude,
        "description": form.description,
        "suggestion": form.suggestion,
        "customer_id": _customer_id(s, form.customer_code),
        "risk_score": score,
        "risk_level": level,
    }


def _receipt_for(token: str) -> Receipt | None:
    with session_scope() as s:
        row = s.execute(
            select(EarlyWarning.id, EarlyWarning.ref_no, EarlyWarning.risk_level).where(
                EarlyWarning.idempotency_token == token
            )
        ).first()
    return None if row is None else Receipt(*row)


def submit_warning(by: CurrentUser, form: rules.WarningInput, *, token: str) -> Receipt:
    """Store a new report (status submitted) for the reporter's team and city; exactly once per token."""
    require(by, rules.REPORTING_ROLES, "warning.submit")
    clean = _valid_report(form, token)
    if by.team_id is None:
        raise InputError.one("warn.err.no_team")
    try:
        with session_scope() as s:
            found = s.execute(
                select(EarlyWarning.id, EarlyWarning.ref_no, EarlyWarning.risk_level).where(
                    EarlyWarning.idempotency_token == token
                )
            ).first()
            if found is not None:
                return Receipt(*found)
            city_id = s.scalar(select(Team.city_id).where(Team.id == by.team_id))
            if city_id is None:
                raise InputError.one("warn.err.no_team")
            at = now()
            values = _report_values(s, clean)
            row = EarlyWarning(
                ref_no=next_ref(s, EarlyWarning.ref_no, REF_PREFIX, at.date(), REF_DIGITS),
                reported_at=at,
                reporter_id=by.id,
                team_id=by.team_id,
                city_id=city_id,
                status="submitted",
                idempotency_token=token,
                **values,
            )
            s.add(row)
            s.flush()
            s.add(WarningEvent(warning_id=row.id, at=at, kind="submitted", actor_id=by.id))
            audit(
                s,
                by,
                "warning.submit",
                ENTITY,
                row.id,
                ref_no=row.ref_no,
                risk_score=row.risk_score,
                risk_level=row.risk_level,
                source=row.source,
            )
            receipt = Receipt(row.id, row.ref_no, row.risk_level)
    except IntegrityError:  # the same token committed concurrently: that row is this submit's
        stored = _receipt_for(token)
        if stored is None:
            raise
        return stored
    q.forget()
    return receipt


# --------------------------------------------------------------------------- workflow steps

# Changes one locked row at ``at``; returns the timeline note and extra audit detail.
Change = Callable[[Session, EarlyWarning, datetime], tuple[str | None, dict[str, Any]]]


def _closer(s: Session, warning_id: int) -> int | None:
    """Who closed the report: they leave its evaluation to a colleague."""
    return s.scalar(q.closed_by(warning_id))


def _step(by: CurrentUser, warning_id: int, action: str, token: str, change: Change) -> int:
    """Lock the report, replay a used token, check the state machine, apply, log; returns the event id."""
    action_name = f"warning.{action}"
    with session_scope() as s:
        row = s.scalars(select(EarlyWarning).where(EarlyWarning.id == warning_id).with_for_update()).first()
        if row is None:
            raise InputError.one("warn.err.not_found")
        if not by.scope.covers_warning(city_id=row.city_id, team_id=row.team_id, reporter_id=row.reporter_id):
            raise OutOfScope(action_name)
        earlier = earlier_event(s, action_name, ENTITY, warning_id, token)
        if earlier is not None:
            return earlier
        try:
            step = rules.check(
                action,
                row.status,
                rules.Actor(by.id, by.role, by.team_id),
                reporter_id=row.reporter_id,
                team_id=row.team_id,
                closer_id=_closer(s, row.id) if action == "evaluate" else None,
            )
        except rules.NotAllowed:
            raise PermissionDenied(action_name) from None
        except rules.WrongState:
            raise InputError.one("warn.err.already_handled", ref=row.ref_no) from None
        at = now()
        note, detail = change(s, row, at)
        before, row.status = row.status, step.target
        event = WarningEvent(warning_id=row.id, at=at, kind=step.event, actor_id=by.id, note=note)
        s.add(event)
        s.flush()
        audit(
            s,
            by,
            action_name,
            ENTITY,
            row.id,
            token=token,
            event_id=event.id,
            before=before,
            after=step.target,
            **detail,
        )
        event_id = event.id
    q.forget()
    return event_id


def _prepare(by: CurrentUser, action: str, token: str, problems: list[inputs.Problem]) -> None:
    require(by, rules.TRANSITIONS[action].roles, f"warning.{action}")
    check = inputs.Inputs()
    check.extend(problems)
    check.token(token)
    check.raise_if_any()


def review_warning(by: CurrentUser, warning_id: int, *, approve: bool, comment: str, token: str) -> int:
    """The reporting team's head signs the report off (approved) or returns it with a reason."""
    action = "approve" if approve else "return"
    comment = rules.action_text(action, comment)
    _prepare(by, action, token, rules.transition_problems(action, comment=comment))
    warning_id = _warning_id(warning_id)

    def change(_s: Session, row: EarlyWarning, at: datetime) -> tuple[str | None, dict[str, Any]]:
        row.head_id, row.signed_at, row.head_comment = by.id, at, comment or None
        return comment or None, {}

    return _step(by, warning_id, action, token, change)


def resubmit_warning(by: CurrentUser, warning_id: int, form: rules.WarningInput, note: str, *, token: str) -> int:
    """The reporter edits a returned report and sends it back for review (a new 'submitted' event)."""
    note = rules.action_text("resubmit", note)
    require(by, rules.TRANSITIONS["resubmit"].roles, "warning.resubmit")
    warning_id = _warning_id(warning_id)
    clean = _valid_report(_kept_customer(warning_id, form), token, *rules.transition_problems("resubmit", comment=note))

    def change(s: Session, row: EarlyWarning, _at: datetime) -> tuple[str | None, dict[str, Any]]:
        values = _report_values(s, clean)
        changed = sorted(k for k in EDITABLE if getattr(row, k) != values[k])
        for key, value in values.items():
            setattr(row, key, value)
        row.head_id = row.signed_at = row.head_comment = None  # the next sign-off is on the edited report
        return note, {"changed": changed, "risk_score": values["risk_score"], "risk_level": values["risk_level"]}

    return _step(by, warning_id, "resubmit", token, change)


def _kept_customer(warning_id: int, form: rules.WarningInput) -> rules.WarningInput:
    """The edit form shows the customer's name and contact masked (``q.returned_report``); sent back
    as shown, they keep the stored values, and a retyped value replaces them."""
    with session_scope() as s:
        stored = s.execute(
            select(EarlyWarning.customer_name, EarlyWarning.contact).where(EarlyWarning.id == warning_id)
        ).first()
    if stored is None:
        return form
    name, contact = stored
    return replace(
        form,
        customer_name=name if str(form.customer_name).strip() == mask_name(name) else form.customer_name,
        contact=contact if str(form.contact).strip() == mask_phone(contact) else form.contact,
    )


def assign_warning(by: CurrentUser, warning_id: int, *, handling_team_id: int | None, plan: str, token: str) -> int:
    """The prevention department hands a signed-off report to a handling team with a plan."""
    plan = rules.action_text("assign", plan)
    _prepare(by, "assign", token, rules.transition_problems("assign", plan=plan, handling_team_id=handling_team_id))
    warning_id = _warning_id(warning_id)

    def change(s: Session, row: EarlyWarning, _at: datetime) -> tuple[str | None, dict[str, Any]]:
        team = s.get(Team, handling_team_id)
        if team is None or team.department != "handling":
            raise InputError.one("warn.err.handling_team")
        row.handling_team_id, row.plan = team.id, plan
        return plan, {"handling_team_id": team.id}

    return _step(by, warning_id, "assign", token, change)


def _noted_step(
    by: CurrentUser,
    warning_id: int,
    action: str,
    note: str,
    token: str,
    on_row: Callable[[EarlyWarning, datetime, str], None] | None = None,
) -> int:
    """A step whose input is one required note, kept on the timeline."""
    note = rules.action_text(action, note)
    _prepare(by, action, token, rules.transition_problems(action, comment=note))
    warning_id = _warning_id(warning_id)

    def change(_s: Session, row: EarlyWarning, at: datetime) -> tuple[str | None, dict[str, Any]]:
        if on_row is not None:
            on_row(row, at, note)
        return note, {}

    return _step(by, warning_id, action, token, change)


def add_tracking(by: CurrentUser, warning_id: int, *, note: str, token: str) -> int:
    """A tracking entry on an assigned report; the state stays 'assigned'."""
    return _noted_step(by, warning_id, "track", note, token)


def close_warning(by: CurrentUser, warning_id: int, *, note: str, token: str) -> int:
    """Close an assigned report with what was done; stamps closed_at."""

    def stamp(row: EarlyWarning, at: datetime, _note: str) -> None:
        row.closed_at = at

    return _noted_step(by, warning_id, "close", note, token, stamp)


def evaluate_warning(by: CurrentUser, warning_id: int, *, evaluation: str, token: str) -> int:
    """Evaluate a closed report (the 评估 of seed 004); the text is stored on the row too."""

    def keep(row: EarlyWarning, _at: datetime, text: str) -> None:
        row.evaluation = text

    return _noted_step(by, warning_id, "evaluate", evaluation, token, keep)


# --------------------------------------------------------------------------- risk weights


def save_weights(by: CurrentUser, weights: dict[str, float]) -> None:
    """Replace the risk-score weights (admins only); reports keep the score they were stored with."""
    require(by, ADMINS, "warning.weights")
    after, problems = rules.checked_weights(weights)
    if problems:
        raise InputError(problems)
    with session_scope() as s:
        rows = {r.factor: r for r in s.scalars(select(WarningWeight))}
        before = {f: r.weight for f, r in rows.items()}
        for factor, weight in after.items():
            if factor in rows:
                rows[factor].weight = weight
            else:
                s.add(WarningWeight(factor=factor, weight=weight))
        audit(s, by, "warning.weights", "warning_weights", None, before=before, after=after)
    q.forget()
