"""Admin writes: SLA targets and the holiday calendar, each in one transaction with an audit row.

A change of either re-times the open stages of the cases it affects in the same transaction (closed
stages keep the due times they were measured against). Each write has a ``preview_…`` twin that
runs the same checks and counts the cases and stages that would move, without storing anything,
so the page can ask the admin to confirm.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import NamedTuple

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from db.clock import now
from db.engine import session_scope
from db.models import Holiday, HolidayYear, SlaPolicy
from db.queries import sla_config
from db.queries.cache import forget_every_read
from db.services import retime
from db.services.common import InputError, audit, require
from domain import inputs
from domain.calendar import ScheduleDay
from domain.retime import Retime
from domain.settings_rules import sla_amount, sla_target_problems, year_schedule
from domain.sla import Target
from domain.users import CurrentUser

ADMINS = frozenset({"admin"})


class TargetSaved(NamedTuple):
    """The stored target and the open stages its change re-timed."""

    target_id: int
    retimed: Retime


def _forget(retimed: Retime) -> None:
    """Policy and calendar reads always; every read when due times moved."""
    sla_config.forget()
    if retimed.cases:
        forget_every_read()


def _target_row(s: Session, stage: str, level: str | None, channel: str | None) -> SlaPolicy | None:
    return s.scalars(
        select(SlaPolicy).where(
            SlaPolicy.stage == stage,
            SlaPolicy.level.is_(None) if level is None else SlaPolicy.level == level,
            SlaPolicy.channel.is_(None) if channel is None else SlaPolicy.channel == channel,
        )
    ).first()


def _checked_target(
    by: CurrentUser, stage: str, level: str | None, channel: str | None, amount: float, unit: str, anchor: str
) -> Target:
    require(by, ADMINS, "sla.edit")
    problems = sla_target_problems(stage, level, channel, amount, unit, anchor)
    if problems:
        raise InputError(problems)
    clean = sla_amount(amount, unit).value or 0.0  # never empty once the checks passed
    return Target(stage, clean, unit, anchor, level, channel)


def preview_sla_target(
    by: CurrentUser, *, stage: str, level: str | None, channel: str | None, amount: float, unit: str, anchor: str
) -> Retime:
    """The open stages that saving this target would re-time (nothing is stored)."""
    target = _checked_target(by, stage, level, channel, amount, unit, anchor)
    with session_scope() as s:
        before = retime.stored_rules(s)
        return retime.plan(s, before, replace(before, policy=before.policy.with_target(target)), lock=False)


def save_sla_target(
    by: CurrentUser, *, stage: str, level: str | None, channel: str | None, amount: float, unit: str, anchor: str
) -> TargetSaved:
    """Create or update the target for (stage, level, channel) and re-time the open stages it moves."""
    target = _checked_target(by, stage, level, channel, amount, unit, anchor)
    with session_scope() as s:
        rules = retime.stored_rules(s)
        moved = retime.plan(s, rules, replace(rules, policy=rules.policy.with_target(target)), lock=True)
        row = _target_row(s, stage, level, channel)
        before = None if row is None else {"amount": row.amount, "unit": row.unit, "anchor": row.anchor}
        if row is None:
            row = SlaPolicy(stage=stage, level=level, channel=channel, amount=target.amount, unit=unit, anchor=anchor)
            s.add(row)
        else:
            row.amount, row.unit, row.anchor = target.amount, unit, anchor
        s.flush()
        retime.apply(s, moved)
        audit(
            s,
            by,
            "sla.save",
            "sla_policy",
            row.id,
            before=before,
            after={
                "stage": stage,
                "level": level,
                "channel": channel,
                "amount": target.amount,
                "unit": unit,
                "anchor": anchor,
            },
            cases_retimed=moved.cases,
            stages_retimed=moved.stages,
        )
        saved = TargetSaved(row.id, moved)
    _forget(moved)
    return saved


def _override(s: Session, by: CurrentUser, target_id: int) -> SlaPolicy:
    require(by, ADMINS, "sla.delete")
    if inputs.record_id(target_id) is None:
        raise InputError.one("settings.err.not_found")
    row = s.get(SlaPolicy, target_id)
    if row is None:
        raise InputError.one("settings.err.not_found")
    if row.level is None and row.channel is None:
        raise InputError.one("settings.err.generic_target")
    return row


def preview_delete_sla_target(by: CurrentUser, target_id: int) -> Retime:
    """The open stages that removing this override would re-time (nothing is stored)."""
    with session_scope() as s:
        row = _override(s, by, target_id)
        before = retime.stored_rules(s)
        after = replace(before, policy=before.policy.without(row.stage, row.level, row.channel))
        return retime.plan(s, before, after, lock=False)


def delete_sla_target(by: CurrentUser, target_id: int) -> Retime:
    """Remove an override (the generic target of a stage cannot go) and re-time what it moves."""
    with session_scope() as s:
        row = _override(s, by, target_id)
        rules = retime.stored_rules(s)
        after = replace(rules, policy=rules.policy.without(row.stage, row.level, row.channel))
        moved = retime.plan(s, rules, after, lock=True)
        before = {"stage": row.stage, "level": row.level, "channel": row.channel, "amount": row.amount}
        s.delete(row)
        retime.apply(s, moved)
        audit(
            s,
            by,
            "sla.delete",
            "sla_policy",
            target_id,
            before=before,
            cases_retimed=moved.cases,
            stages_retimed=moved.stages,
        )
    _forget(moved)
    return moved


def _checked_schedule(
    by: CurrentUser, year: object, rows: Iterable[tuple[object, object, object]]
) -> tuple[int, list[ScheduleDay]]:
    require(by, ADMINS, "holiday.edit")
    checked_year, days, problems = year_schedule(year, rows, today=now().date())
    if problems or checked_year is None:
        raise InputError(problems)
    return checked_year, days


def preview_year_schedule(by: CurrentUser, year: object, rows: Iterable[tuple[object, object, object]]) -> Retime:
    """The open stages that saving this schedule would re-time (nothing is stored)."""
    checked_year, days = _checked_schedule(by, year, rows)
    with session_scope() as s:
        before = retime.stored_rules(s)
        after = replace(before, calendar=before.calendar.with_year(checked_year, days))
        return retime.plan(s, before, after, lock=False)


def save_year_schedule(by: CurrentUser, year: object, rows: Iterable[tuple[object, object, object]]) -> Retime:
    """Replace a year's holiday and 调休 rows with the official schedule as entered, mark the year
    covered, and re-time the open stages it moves; ``rows`` are (day, is_workday, name)."""
    checked_year, days = _checked_schedule(by, year, rows)
    with session_scope() as s:
        rules = retime.stored_rules(s)
        moved = retime.plan(s, rules, replace(rules, calendar=rules.calendar.with_year(checked_year, days)), lock=True)
        in_year = (Holiday.day >= date(checked_year, 1, 1), Holiday.day <= date(checked_year, 12, 31))
        replaced = s.scalar(select(func.count()).select_from(Holiday).where(*in_year)) or 0
        s.execute(delete(Holiday).where(*in_year))
        s.add_all(Holiday(day=d.day, is_workday=d.is_workday, name=d.name) for d in days)
        s.merge(HolidayYear(year=checked_year, source="admin", saved_at=now()))
        retime.apply(s, moved)
        audit(
            s,
            by,
            "holiday.schedule",
            "holidays",
            str(checked_year),
            rows=len(days),
            replaced=replaced,
            cases_retimed=moved.cases,
            stages_retimed=moved.stages,
        )
    _forget(moved)
    return moved
