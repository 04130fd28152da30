"""Reads of the 预警报备台账: risk weights, the ledger under the filters, counts per state,
one report's timeline, and a reporter's own reports. Customer name and contact are masked."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Select, SQLColumnExpression, case, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, aliased

from db.engine import engine
from db.models import Agent, City, ConductBreach, Customer, EarlyWarning, Team, User, WarningEvent, WarningWeight
from db.queries import overview, run
from db.queries.cache import store_cached
from db.queries.conditions import day_range, warning_place_conditions
from domain.codes import WARNING_STATUSES
from domain.filters import Filters
from domain.kpis import OPEN_WARNING_STATUSES
from domain.masking import mask_name, mask_phone

LEDGER_LIMIT = 1000
MY_REPORTS_LIMIT = 30


def _masked(frame: pd.DataFrame) -> pd.DataFrame:
    frame["customer_name"] = frame["customer_name"].map(mask_name)
    frame["contact"] = frame["contact"].map(mask_phone)
    return frame


@store_cached(ttl=600, max_entries=4)
def weights() -> dict[str, float]:
    """Factor → weight of the risk score, as the admin last saved them."""
    with engine().connect() as conn:
        return {factor: float(w) for factor, w in conn.execute(select(WarningWeight.factor, WarningWeight.weight))}


def _conditions(
    f: Filters, levels: tuple[str, ...], sources: tuple[str, ...], rules: tuple[str, ...] = ()
) -> list[ColumnElement[bool]]:
    """Open, or closed and reported in the date range; in the chosen cities / reporting teams, risk
    levels, sources and monitoring rules. An open warning always shows: a date range must not hide one
    awaiting work."""
    lo, hi = day_range(f.start, f.end)
    w = EarlyWarning
    conds = [
        or_(w.status.in_(OPEN_WARNING_STATUSES), (w.reported_at >= lo) & (w.reported_at < hi)),
        *warning_place_conditions(f),
    ]
    if levels:
        conds.append(EarlyWarning.risk_level.in_(levels))
    if sources:
        conds.append(EarlyWarning.source.in_(sources))
    if rules:
        conds.append(EarlyWarning.rule.in_(rules))
    return conds


@store_cached(ttl=60, max_entries=256)
def status_counts(
    f: Filters, levels: tuple[str, ...] = (), sources: tuple[str, ...] = (), rules: tuple[str, ...] = ()
) -> dict[str, int]:
    """Reports per workflow state under the filters (every state present, zero when none)."""
    stmt = (
        select(EarlyWarning.status, func.count().label("n"))
        .where(*_conditions(f, levels, sources, rules))
        .group_by(EarlyWarning.status)
    )
    with engine().connect() as conn:
        got = {status: int(n) for status, n in conn.execute(stmt)}
    return {s: got.get(s, 0) for s in WARNING_STATUSES}


def closed_by(warning_id: int | SQLColumnExpression[int]) -> Select[tuple[int | None]]:
    """Who closed a report (the latest 'closed' event): they leave its evaluation to a colleague."""
    return (
        select(WarningEvent.actor_id)
        .where(WarningEvent.warning_id == warning_id, WarningEvent.kind == "closed")
        .order_by(WarningEvent.id.desc())
        .limit(1)
    )


@store_cached(ttl=60, max_entries=256)
def ledger(
    f: Filters,
    statuses: tuple[str, ...] = (),
    levels: tuple[str, ...] = (),
    sources: tuple[str, ...] = (),
    rules: tuple[str, ...] = (),
    limit: int = LEDGER_LIMIT,
) -> pd.DataFrame:
    """Up to ``limit`` ledger rows under the filters, open ones first, newest first within each; with
    team, head and handling-team names, and for a monitoring warning its rule, day, agent and evidence count."""
    team, handling, head, reporter = aliased(Team), aliased(Team), aliased(User), aliased(User)
    w = EarlyWarning
    conds = _conditions(f, levels, sources, rules)
    if statuses:
        conds.append(w.status.in_(statuses))
    stmt = (
        select(
            *_reported(w),
            w.source,
            w.reported_at,
            w.risk_level,
            w.risk_score,
            w.suggestion,
            w.status,
            head.display_name.label("head"),
            w.signed_at,
            w.head_comment,
            handling.name.label("handling_team"),
            handling.name_en.label("handling_team_en"),
            w.plan,
            w.closed_at,
            w.evaluation,
            w.overdue_days,
            w.complaint_history,
            w.attitude,
            w.description,
            w.team_id,
            team.name.label("team"),
            team.name_en.label("team_en"),
            City.name.label("city"),
            City.name_en.label("city_en"),
            w.reporter_id,
            reporter.display_name.label("reporter"),
            closed_by(w.id).scalar_subquery().label("closer_id"),
            w.rule,
            w.breach_day,
            Agent.code.label("agent_code"),
            select(func.count())
            .select_from(ConductBreach)
            .where(ConductBreach.warning_id == w.id)
            .scalar_subquery()
            .label("evidence"),
        )
        .join(team, team.id == w.team_id)
        .join(City, City.id == w.city_id)
        .join(reporter, reporter.id == w.reporter_id)
        .outerjoin(head, head.id == w.head_id)
        .outerjoin(handling, handling.id == w.handling_team_id)
        .outerjoin(Agent, Agent.id == w.agent_id)
        .where(*conds)
        .order_by(case((w.status.in_(OPEN_WARNING_STATUSES), 0), else_=1), w.reported_at.desc(), w.id.desc())
        .limit(limit)
    )
    frame = run.frame(stmt)
    frame["debt_amount"] = frame["debt_amount"].astype(float)
    return _masked(frame)


@store_cached(ttl=30, max_entries=512)
def timeline(warning_id: int) -> pd.DataFrame:
    """Every event of one report, oldest first, with who did it."""
    stmt = (
        select(WarningEvent.at, WarningEvent.kind, WarningEvent.note, User.display_name.label("actor"))
        .outerjoin(User, User.id == WarningEvent.actor_id)
        .where(WarningEvent.warning_id == warning_id)
        .order_by(WarningEvent.at, WarningEvent.id)
    )
    return run.frame(stmt)


@store_cached(ttl=30, max_entries=256)
def my_reports(reporter_id: int, limit: int = MY_REPORTS_LIMIT) -> pd.DataFrame:
    """The reporter's latest reports with their state and the head's sign-off, newest first."""
    head = aliased(User)
    w = EarlyWarning
    stmt = (
        select(
            w.id,
            w.ref_no,
            w.reported_at,
            w.customer_name,
            w.contact,
            w.risk_score,
            w.risk_level,
            w.status,
            head.display_name.label("head"),
            w.head_comment,
            w.signed_at,
        )
        .outerjoin(head, head.id == w.head_id)
        .where(w.reporter_id == reporter_id)
        .order_by(w.reported_at.desc(), w.id.desc())
        .limit(limit)
    )
    return _masked(run.frame(stmt))


@store_cached(ttl=30, max_entries=256)
def my_returned(reporter_id: int) -> pd.DataFrame:
    """Every report of this reporter waiting to be edited and resubmitted, newest first (however old)."""
    w = EarlyWarning
    stmt = (
        select(w.id, w.ref_no, w.reported_at, w.customer_name, w.contact)
        .where(w.reporter_id == reporter_id, w.status == "returned")
        .order_by(w.reported_at.desc(), w.id.desc())
    )
    return _masked(run.frame(stmt))


def _reported(w: type[EarlyWarning]) -> tuple[InstrumentedAttribute[Any], ...]:
    """Which report and whom it is about: the first columns of the ledger and of a returned report."""
    return (w.id, w.ref_no, w.customer_name, w.contact, w.debt_amount)


@store_cached(ttl=30, max_entries=256)
def returned_report(warning_id: int, reporter_id: int) -> dict | None:
    """A returned report as its own reporter typed it, to edit and resubmit, the customer's name and
    contact masked like everywhere else (sent back unchanged they keep their stored values); None
    for anyone else's report."""
    w = EarlyWarning
    stmt = (
        select(
            *_reported(w),
            w.overdue_days,
            w.source,
            w.complaint_history,
            w.attitude,
            w.description,
            w.suggestion,
            w.head_comment,
            Customer.code.label("customer_code"),
        )
        .outerjoin(Customer, Customer.id == w.customer_id)
        .where(w.id == warning_id, w.reporter_id == reporter_id, w.status == "returned")
    )
    with engine().connect() as conn:
        row = conn.execute(stmt).first()
    if row is None:
        return None
    out = dict(row._mapping)
    out["debt_amount"] = float(out["debt_amount"])
    out["customer_name"], out["contact"] = mask_name(out["customer_name"]), mask_phone(out["contact"])
    return out


def forget() -> None:
    """Called by every warning write: the ledger, timelines, own reports and the overview count change."""
    for fn in (weights, status_counts, ledger, timeline, my_reports, my_returned, returned_report, overview.warnings):
        fn.clear()
