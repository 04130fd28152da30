"""Regulator time-limit writes: extending a case's limit (15 → 30 → 60 days) and the admin's choice
of the complaints the limit applies to; each one transaction with an audit row.

An extension locks the case row, so two people extending the same case at once queue up: the second
sees the first's extension and is asked for the next step (or told there is none left); a unique
(case, step) pair is the last line of defence. The form's token makes a double click store once.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from db.clock import now
from db.engine import session_scope
from db.models import AppSetting, ComplaintEvent, RegulatorExtension
from db.queries import cases as case_queries
from db.queries import regulator as q
from db.services.common import InputError, audit, require
from db.services.complaints import _case_id, _locked_case
from domain import inputs
from domain import regulator as rules
from domain.users import CurrentUser

ADMINS = frozenset({"admin"})
EVENT_KIND = "limit_extended"  # the case timeline's event


def extend_limit(by: CurrentUser, complaint_id: int, *, step: int, reason: str, approver: str = "", token: str) -> int:
    """Record extension ``step`` of the case (1: to 30 days, with a reason; 2: to 60, with the senior
    approver named as well) and note it on the timeline; returns the extension's id, once per token.
    A step someone else recorded meanwhile is refused rather than taken as the next one."""
    require(by, rules.EXTEND_ROLES, "regulator.extend")
    reason, approver = inputs.normalise_text(reason, multiline=True), inputs.normalise_text(approver)
    check = inputs.Inputs()
    check.token(token)
    check.raise_if_any()
    complaint_id = _case_id(complaint_id)
    try:
        with session_scope() as s:
            case = _locked_case(s, complaint_id, by, "regulator.extend")
            earlier = s.scalar(select(RegulatorExtension.id).where(RegulatorExtension.idempotency_token == token))
            if earlier is not None:
                return int(earlier)
            if not q.read_applies(lambda stmt: s.execute(stmt).all()).covers(case.channel, case.source):
                raise InputError.one("regulator.err.not_applicable")
            steps = int(
                s.scalar(
                    select(func.count())
                    .select_from(RegulatorExtension)
                    .where(RegulatorExtension.complaint_id == complaint_id)
                )
                or 0
            )
            if step != steps + 1 and steps < rules.MAX_EXTENSIONS:
                raise InputError.one("regulator.err.concurrent")
            last_day = rules.deadline(case.received_at, steps)
            at = now()
            problems = rules.extension_problems(
                steps, reason, approver, last_day=last_day, decided=case.notify_at is not None, today=at.date()
            )
            if problems:
                raise InputError(problems)
            row = RegulatorExtension(
                complaint_id=complaint_id,
                step=steps + 1,
                reason=reason,
                approver=(approver or None) if steps >= 1 else None,
                granted_by=by.id,
                granted_at=at,
                idempotency_token=token,
            )
            s.add(row)
            s.flush()
            days = rules.limit_days(steps + 1)
            s.add(ComplaintEvent(complaint_id=complaint_id, at=at, kind=EVENT_KIND, actor_id=by.id, note=reason))
            audit(
                s,
                by,
                "regulator.extend",
                "complaint",
                complaint_id,
                token=token,
                step=row.step,
                days=days,
                last_day=rules.deadline(case.received_at, steps + 1).isoformat(),
                reason=reason,
                approver=row.approver,
            )
            extension_id = int(row.id)
    except IntegrityError:  # the same token or the same step stored concurrently
        with session_scope() as s:
            stored = s.scalar(select(RegulatorExtension.id).where(RegulatorExtension.idempotency_token == token))
        if stored is None:
            raise InputError.one("regulator.err.concurrent") from None
        return int(stored)
    q.forget()
    case_queries.forget()
    return extension_id


def save_applies(by: CurrentUser, mode: object, channels: Iterable[object], sources: Iterable[object]) -> None:
    """Which complaints the limit applies to (admins only): all, or the chosen channels and sources."""
    require(by, ADMINS, "regulator.applies")
    clean, problems = rules.checked_applies(mode, channels, sources)
    if problems:
        raise InputError(problems)
    with session_scope() as s:
        before = q.read_applies(lambda stmt: s.execute(stmt).all())
        s.merge(AppSetting(key=q.SETTING_KEY, value=clean.as_json(), updated_by=by.id, updated_at=now()))
        audit(s, by, "regulator.applies", "app_settings", q.SETTING_KEY, before=before.as_json(), after=clean.as_json())
    q.forget()
