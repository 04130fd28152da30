"""Admin writes: SLA targets and the holiday calendar; each in one transaction with an audit row."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select

from db.clock import now
from db.engine import session_scope
from db.models import Holiday, SlaPolicy
from db.queries import sla_config
from db.services.common import InputError, audit, require
from domain import inputs
from domain.calendar import statutory_rows
from domain.settings_rules import holiday_problems, import_year, sla_amount, sla_target_problems
from domain.users import CurrentUser

ADMINS = frozenset({"admin"})


def save_sla_target(
    by: CurrentUser, *, stage: str, level: str | None, channel: str | None, amount: float, unit: str, anchor: str
) -> int:
    """Create or update the target for (stage, level, channel); returns its id."""
    require(by, ADMINS, "sla.edit")
    problems = sla_target_problems(stage, level, channel, amount, unit, anchor)
    if problems:
        raise InputError(problems)
    amount = sla_amount(amount, unit).value or 0.0  # never empty once the checks passed
    with session_scope() as s:
        row = s.scalars(
            select(SlaPolicy).where(
                SlaPolicy.stage == stage,
                SlaPolicy.level.is_(None) if level is None else SlaPolicy.level == level,
                SlaPolicy.channel.is_(None) if channel is None else SlaPolicy.channel == channel,
            )
        ).first()
        before = None if row is None else {"amount": row.amount, "unit": row.unit, "anchor": row.anchor}
        if row is None:
            row = SlaPolicy(stage=stage, level=level, channel=channel, amount=amount, unit=unit, anchor=anchor)
            s.add(row)
        else:
            row.amount, row.unit, row.anchor = amount, unit, anchor
        s.flush()
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
                "amount": amount,
                "unit": unit,
                "anchor": anchor,
            },
        )
        target_id = row.id
    sla_config.forget()
    return target_id


def delete_sla_target(by: CurrentUser, target_id: int) -> None:
    """Remove an override; the generic target of a stage (no level, no channel) cannot be removed."""
    require(by, ADMINS, "sla.delete")
    if inputs.record_id(target_id) is None:
        raise InputError.one("settings.err.not_found")
    with session_scope() as s:
        row = s.get(SlaPolicy, target_id)
        if row is None:
            raise InputError.one("settings.err.not_found")
        if row.level is None and row.channel is None:
            raise InputError.one("settings.err.generic_target")
        audit(
            s,
            by,
            "sla.delete",
            "sla_policy",
            target_id,
            before={"stage": row.stage, "level": row.level, "channel": row.channel, "amount": row.amount},
        )
        s.delete(row)
    sla_config.forget()


def save_holiday(by: CurrentUser, day: date | None, is_workday: bool, name: str | None) -> None:
    """Mark a day as a holiday or a 调休 working day (insert or update)."""
    require(by, ADMINS, "holiday.edit")
    problems = holiday_problems(day, name, today=now().date(), is_workday=is_workday)
    day = inputs.date_in(day, field="settings.day", earliest=date.min, latest=date.max).value
    if problems or day is None:  # a missing day is one of the problems
        raise InputError(problems)
    clean = inputs.normalise_text(name) or None
    with session_scope() as s:
        row = s.get(Holiday, day)
        before = None if row is None else {"is_workday": row.is_workday, "name": row.name}
        if row is None:
            s.add(Holiday(day=day, is_workday=is_workday, name=clean))
        else:
            row.is_workday, row.name = is_workday, clean
        audit(
            s,
            by,
            "holiday.save",
            "holidays",
            day.isoformat(),
            before=before,
            after={"is_workday": is_workday, "name": clean},
        )
    sla_config.forget()


def delete_holiday(by: CurrentUser, day: date) -> None:
    """Back to the Monday–Friday rule for that day."""
    require(by, ADMINS, "holiday.delete")
    if not isinstance(day, date):  # only a stored day can be deleted
        raise InputError.one("settings.err.not_found")
    with session_scope() as s:
        row = s.get(Holiday, day)
        if row is None:
            raise InputError.one("settings.err.not_found")
        audit(
            s,
            by,
            "holiday.delete",
            "holidays",
            day.isoformat(),
            before={"is_workday": row.is_workday, "name": row.name},
        )
        s.delete(row)
    sla_config.forget()


def import_statutory_year(by: CurrentUser, year: int) -> int:
    """Replace a year's rows with the chinese_calendar data; 0 when the package does not know the year."""
    require(by, ADMINS, "holiday.import")
    checked = import_year(year, today=now().date())
    if checked.problem is not None or checked.value is None:
        raise InputError([] if checked.problem is None else [checked.problem])
    year = checked.value
    rows = statutory_rows([year])
    if not rows:
        return 0
    with session_scope() as s:
        s.execute(delete(Holiday).where(Holiday.day >= date(year, 1, 1), Holiday.day <= date(year, 12, 31)))
        s.add_all(Holiday(day=d, is_workday=w, name=n) for d, w, n in rows)
        audit(s, by, "holiday.import", "holidays", str(year), rows=len(rows))
    sla_config.forget()
    return len(rows)
