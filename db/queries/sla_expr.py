"""Stage deadlines as rows: the one definition of "met" and "breached" every SLA figure uses.

A *deadline* is one (complaint, stage) whose due time falls in the filter's date range and that
is decided at ``now``: done (met if done by the due time) or still open past its due time
(breached). Deadlines not yet due are not counted. Duplicates are not counted twice. The rows come
from ``complaint_stages``, the deadlines kept as data beside the complaints.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    Subquery,
    and_,
    case,
    func,
    or_,
    select,
)

from db.dialect import epoch_day, hour, weekday
from db.facts import day_number, day_of, team_key
from db.models import ComplaintStage, SlaAgentDay, SlaDay, SlaIntakeHour
from db.queries import run
from db.queries.conditions import complaint_conditions, complaint_place_conditions, day_range
from domain.filters import Filters


def deadlines(f: Filters, now: datetime) -> Subquery:
    """One row per decided stage deadline in the range: complaint columns, stage, due, done, breached."""
    lo, hi = day_range(f.start, f.end)
    d = ComplaintStage
    breached = case((or_(d.done_at > d.due_at, and_(d.done_at.is_(None), d.due_at < now)), 1), else_=0)
    return (
        select(
            d.complaint_id,
            d.ref_no,
            d.received_at,
            d.city_id,
            d.team_id,
            d.agent_id,
            d.handler_id,
            d.channel,
            d.level,
            d.category,
            d.stage,
            d.due_at,
            d.done_at,
            breached.label("breached"),
        )
        .where(
            *complaint_conditions(f, dates=False, source=d),
            d.due_at >= lo,
            d.due_at < hi,
            or_(d.done_at.is_not(None), d.due_at < now),
        )
        .subquery("deadlines")
    )


# ---- counts by any keys: closed days from the rollups, today and later from the deadlines ----------------

# The keys a count can be grouped by, and which rollup (if any) carries each.
_DAY_KEYS = {"day", "week"}
_SLA_DAY_KEYS = _DAY_KEYS | {"stage", "level", "channel", "city_id", "team_id"}
_INTAKE_KEYS = _DAY_KEYS | {"weekday", "hour", "level", "channel"}
_AGENT_KEYS = _DAY_KEYS | {"agent_id", "level", "channel", "city_id", "team_id"}
Rollup = type[SlaDay] | type[SlaIntakeHour] | type[SlaAgentDay]


def _week(day: SQLColumnExpression[int]) -> ColumnElement[int]:
    """The day number of the Monday of ``day``'s week (day 0, 1970-01-01, was a Thursday)."""
    return day - (day + 3) % 7


def _rollup_for(f: Filters, keys: tuple[str, ...]) -> Rollup | None:
    """The rollup that can answer these keys under these filters, or None (read every deadline)."""
    if f.scope.owner_id is not None:
        return None
    if "agent_id" in keys and set(keys) <= _AGENT_KEYS:
        return SlaAgentDay
    if f.agent_ids:
        return None
    if set(keys) <= _SLA_DAY_KEYS:
        return SlaDay
    by_place = bool(f.city_ids or f.team_ids) or f.scope.city_ids is not None or f.scope.team_ids is not None
    if set(keys) <= _INTAKE_KEYS and not by_place:
        return SlaIntakeHour
    return None


def _from_rollup(rollup: Rollup, f: Filters, first: int, last: int, keys: tuple[str, ...]) -> Select[tuple[Any, ...]]:
    """Counts of the closed days ``first``–``last`` (day numbers) from ``rollup``."""
    r = rollup
    exprs: dict[str, SQLColumnExpression[Any]] = {"day": r.day, "week": _week(r.day)}
    conds: list[ColumnElement[bool]] = [r.day >= first, r.day <= last]
    if f.channels:
        conds.append(r.channel.in_(f.channels))
    if f.levels:
        conds.append(r.level.in_(f.levels))
    if rollup is SlaAgentDay and f.agent_ids:
        conds.append(SlaAgentDay.agent_id.in_(f.agent_ids))
    if rollup is SlaDay or rollup is SlaAgentDay:
        conds += complaint_place_conditions(f, rollup)
    labelled: list[ColumnElement[Any]] = [(exprs[k] if k in exprs else getattr(r, k)).label(k) for k in keys]
    return (
        select(*labelled, func.sum(r.deadlines).label("deadlines"), func.sum(r.deadlines - r.met).label("breached"))
        .where(*conds)
        .group_by(*labelled)
    )


def _from_deadlines(f: Filters, now: datetime, keys: tuple[str, ...]) -> Select[tuple[Any, ...]]:
    """Counts read deadline by deadline (see ``deadlines``)."""
    d = deadlines(f, now)
    day = epoch_day(d.c.due_at)
    exprs: dict[str, SQLColumnExpression[Any]] = {
        "day": day,
        "week": _week(day),
        "weekday": weekday(d.c.received_at),
        "hour": hour(d.c.received_at),
        "team_id": team_key(d.c.team_id),
    }
    labelled: list[ColumnElement[Any]] = [(exprs[k] if k in exprs else d.c[k]).label(k) for k in keys]
    stmt = select(*labelled, func.count().label("deadlines"), func.sum(d.c.breached).label("breached"))
    if "agent_id" in keys:  # as the agents' rollup: complaints naming an agent
        stmt = stmt.where(d.c.agent_id.is_not(None))
    return stmt.group_by(*labelled)


def deadline_counts(f: Filters, now: datetime, keys: tuple[str, ...]) -> pd.DataFrame:
    """Decided deadlines in the range grouped by ``keys`` (any of day, week, stage, level, channel,
    city_id, team_id (0: none), agent_id (complaints naming no agent left out), weekday, hour —
    weekday and hour of intake): the keys,
    ``deadlines`` and ``breached``; day and week as dates. Days before ``now``'s are all decided and
    are read from a rollup when one carries the keys and filters; the rest deadline by deadline."""
    today = now.date()
    rollup = _rollup_for(f, keys)
    parts = []
    if rollup is not None and f.start < today:
        parts.append(
            _from_rollup(rollup, f, day_number(f.start), day_number(min(f.end, today - timedelta(days=1))), keys)
        )
        if f.end >= today:
            parts.append(_from_deadlines(replace(f, start=today), now, keys))
    else:
        parts.append(_from_deadlines(f, now, keys))
    frame = pd.concat([run.frame(part) for part in parts], ignore_index=True)
    for count in ("deadlines", "breached"):
        frame[count] = pd.to_numeric(frame[count]).fillna(0).astype(int)
    if len(parts) > 1:
        frame = frame.groupby(list(keys), as_index=False)[["deadlines", "breached"]].sum()
    for key in _DAY_KEYS & set(keys):
        frame[key] = [day_of(int(n)) for n in frame[key]]
    return frame
