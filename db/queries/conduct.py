"""Reads of conduct monitoring: the rules as stored, the last run and its watermark, the contact
log evaluated against the rules in SQL, a warning's evidence, and the agents page's conduct panel.

``evaluate`` is the store's version of ``domain.conduct.breaches``: each rule is one SELECT over
the contacts in scope, the look-back rules through window functions over each debtor's contacts
in time order (ties by id), so millions of contacts are judged without loading them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Connection,
    Executable,
    Row,
    Select,
    and_,
    func,
    literal,
    literal_column,
    or_,
    select,
    union_all,
)

from db.dialect import epoch_day, hour, seconds_between
from db.models import Agent, ConductBreach, ConductRule, ContactLog, MonitorRun, Team
from db.queries import run
from db.queries.cache import AGENT_FACTS, store_cached
from db.queries.conditions import agent_conditions, day_range
from domain.conduct import (
    CALL,
    DAILY_CALLS,
    DEBTOR,
    NIGHT,
    QUICK_REPEAT,
    RULES,
    THIRD_PARTY,
    WEEK,
    WEEKLY,
    RuleSetting,
    default_settings,
)
from domain.filters import Filters

Rows = Callable[[Executable], Sequence[Row[Any]]]
EVIDENCE_LIMIT = 200


def read_rules(rows: Rows) -> dict[str, RuleSetting]:
    """Every rule's stored setting (the shipped default for a rule the store lacks), in rule order."""
    stored = {
        code: RuleSetting(code, bool(enabled), float(weight), dict(params or {}))
        for code, enabled, weight, params in rows(
            select(ConductRule.code, ConductRule.enabled, ConductRule.weight, ConductRule.params)
        )
        if code in RULES
    }
    return {code: stored.get(code, default) for code, default in default_settings().items()}


@store_cached(ttl=600, max_entries=4)
def rules() -> dict[str, RuleSetting]:
    return read_rules(run.rows)


@store_cached(ttl=60, max_entries=4)
def last_run() -> dict | None:
    """The latest monitoring run: when, since, how many contacts, breaches and warnings."""
    found = run.rows(select(*MonitorRun.__table__.columns).order_by(MonitorRun.id.desc()).limit(1))
    return dict(found[0]._mapping) if found else None


def watermark(rows: Rows) -> int:
    """The highest contact id a run has evaluated (0 before the first)."""
    return int(rows(select(func.coalesce(func.max(MonitorRun.last_contact_id), 0)))[0][0])


# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class Window:
    """Which contacts a run judges. ``new`` selects the contacts not evaluated before (None: every
    contact); then only their debtors' contacts around them are read, from 7 days before the
    earliest new contact (the rules look back at most that far) to 7 days after the latest (a late-
    logged contact can make a later one breach), and only those from the earliest new one on can
    change."""

    up_to_id: int
    new: ColumnElement[bool] | None = None
    first_new: datetime | None = None
    last_new: datetime | None = None


def _context(window: Window) -> Select[Any]:
    c = ContactLog
    conds: list[ColumnElement[bool]] = [c.id <= window.up_to_id]
    if window.new is not None and window.first_new is not None and window.last_new is not None:
        conds += [
            c.customer_id.in_(select(c.customer_id).where(window.new).distinct().correlate(None)),
            c.at >= window.first_new - WEEK,
            c.at <= window.last_new + WEEK,
        ]
    return select(c.id, c.customer_id, c.at, c.channel, c.party, c.connected).where(*conds)


def _night(hour_col: ColumnElement[int], setting: RuleSetting) -> ColumnElement[bool]:
    start, end = setting.param("start_hour"), setting.param("end_hour")
    if start > end:
        return or_(hour_col >= start, hour_col < end)
    return and_(hour_col >= start, hour_col < end)


def _lag(column: Any, offset: int, partition: Any, order: tuple[Any, ...]) -> ColumnElement[Any]:
    """The value ``offset`` rows earlier in the debtor's time order (NULL before the first)."""
    return func.lag(column, literal_column(str(int(offset)))).over(partition_by=partition, order_by=order)


def evaluate(conn: Connection, settings: dict[str, RuleSetting], window: Window) -> list[Row[Any]]:
    """(contact_id, rule, customer_id, agent_id, team_id, at) of every breach of an enabled rule
    among the contacts ``window`` says may have changed."""
    on = {code: s for code, s in settings.items() if s.enabled}
    if not on:
        return []
    ctx = _context(window).cte("ctx")
    order = (ctx.c.at, ctx.c.id)
    parts: list[Select[Any]] = []
    if NIGHT in on:
        parts.append(select(ctx.c.id, literal(NIGHT).label("rule")).where(_night(hour(ctx.c.at), on[NIGHT])))
    if THIRD_PARTY in on:
        parts.append(select(ctx.c.id, literal(THIRD_PARTY).label("rule")).where(ctx.c.party != DEBTOR))
    if DAILY_CALLS in on:
        calls = (
            select(
                ctx.c.id,
                ctx.c.at,
                _lag(ctx.c.at, on[DAILY_CALLS].param("max_calls"), ctx.c.customer_id, order).label("prev"),
            )
            .where(ctx.c.channel == CALL, ctx.c.connected.is_(True))
            .subquery("calls")
        )
        # The N-th earlier connected call was the same day: this is the (N+1)-th call of the day or later.
        parts.append(
            select(calls.c.id, literal(DAILY_CALLS).label("rule")).where(
                epoch_day(calls.c.prev) == epoch_day(calls.c.at)
            )
        )
    if WEEKLY in on or QUICK_REPEAT in on:
        limit = on[WEEKLY].param("max_contacts") if WEEKLY in on else 1
        seq = select(
            ctx.c.id,
            ctx.c.at,
            _lag(ctx.c.at, limit, ctx.c.customer_id, order).label("prev_m"),
            _lag(ctx.c.at, 1, ctx.c.customer_id, order).label("prev_1"),
        ).subquery("seq")
        if WEEKLY in on:
            week = WEEK.total_seconds()
            parts.append(
                select(seq.c.id, literal(WEEKLY).label("rule")).where(seconds_between(seq.c.prev_m, seq.c.at) < week)
            )
        if QUICK_REPEAT in on:
            gap = on[QUICK_REPEAT].param("minutes") * 60
            parts.append(
                select(seq.c.id, literal(QUICK_REPEAT).label("rule")).where(
                    seconds_between(seq.c.prev_1, seq.c.at) < gap
                )
            )
    hits = union_all(*parts).subquery("hits")
    c = ContactLog
    stmt = (
        select(hits.c.id.label("contact_id"), hits.c.rule, c.customer_id, c.agent_id, Agent.team_id, c.at)
        .join(c, c.id == hits.c.id)
        .join(Agent, Agent.id == c.agent_id)
    )
    if window.first_new is not None:
        stmt = stmt.where(c.at >= window.first_new)
    return list(conn.execute(stmt.order_by(hits.c.id, hits.c.rule)))


# --------------------------------------------------------------------------- what the pages show


@store_cached(ttl=60, max_entries=256)
def evidence(warning_id: int, limit: int = EVIDENCE_LIMIT) -> pd.DataFrame:
    """The contacts a monitoring warning rests on, in time order: when, how, whom, connected, agent."""
    c, b = ContactLog, ConductBreach
    return run.frame(
        select(
            c.id,
            c.at,
            c.channel,
            c.party,
            c.connected,
            c.duration_s,
            Agent.code.label("agent"),
            Team.name.label("team"),
            Team.name_en.label("team_en"),
        )
        .join(b, b.contact_id == c.id)
        .join(Agent, Agent.id == c.agent_id)
        .join(Team, Team.id == Agent.team_id)
        .where(b.warning_id == warning_id)
        .order_by(c.at, c.id)
        .limit(limit)
    )


def breaches_in(f: Filters) -> list[ColumnElement[bool]]:
    """Breaches in the date range by agents under the filters (the scorecards count them too)."""
    lo, hi = day_range(f.start, f.end)
    return [ConductBreach.at >= lo, ConductBreach.at < hi, *agent_conditions(f, ConductBreach.agent_id)]


@store_cached(ttl=300, max_entries=128, uses=AGENT_FACTS)
def by_rule_team(f: Filters) -> pd.DataFrame:
    """Breaches per rule and team (the breaching agent's team) in the range: rule, team_id, team, team_en, breaches."""
    b = ConductBreach
    return run.frame(
        select(
            b.rule, b.team_id, Team.name.label("team"), Team.name_en.label("team_en"), func.count().label("breaches")
        )
        .join(Team, Team.id == b.team_id)
        .where(*breaches_in(f))
        .group_by(b.rule, b.team_id, Team.name, Team.name_en)
    )


@store_cached(ttl=300, max_entries=128, uses=AGENT_FACTS)
def by_hour(f: Filters) -> pd.DataFrame:
    """Breaches per hour of the day (Beijing) and rule in the range: hour, rule, breaches."""
    b = ConductBreach
    at_hour = hour(b.at)
    return run.frame(
        select(at_hour.label("hour"), b.rule, func.count().label("breaches"))
        .where(*breaches_in(f))
        .group_by(at_hour, b.rule)
        .order_by(at_hour)
    )


def forget() -> None:
    """Called by the monitoring run and by rule edits."""
    for fn in (rules, last_run, evidence, by_rule_team, by_hour):
        fn.clear()
