"""SLA reads: breach-rate heatmaps, the deadlines behind one cell, the open-stage queues of *now*
and the reminders a handler has received.

Every breach figure comes from ``sla_expr.deadlines`` (the one definition of met / breached):
breach rate = breached / decided deadlines whose due time falls in the filter's date range.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Subquery,
    and_,
    case,
    func,
    literal,
    select,
    union_all,
)

from db.clock import now
from db.dialect import hour, week_start, weekday
from db.models import City, Complaint, ComplaintEvent, Team, User
from db.queries import run
from db.queries.cache import store_cached
from db.queries.conditions import complaint_conditions
from db.queries.sla_expr import deadlines
from domain.codes import COMPLAINT_STATUSES, LEVELS, STAGES
from domain.filters import Filters

TOP_ROWS = 15  # city × week and team × stage show the rows with the most breaches
CELL_CASES_LIMIT = 500
QUEUE_LIMIT = 500
MY_REMINDERS_LIMIT = 200
# A complaint whose status is "archive" has every stage done; the others may have open stages.
OPEN_STATUSES = COMPLAINT_STATUSES[:-1]


def as_of() -> pd.Timestamp:
    """The moment SLA states are judged at, to the minute, so reruns within a minute share cache entries."""
    return pd.Timestamp(now()).floor("min")


def _as_date(values: pd.Series) -> pd.Series:
    """SQLite returns week starts as text, PostgreSQL as dates: one type for both."""
    return pd.to_datetime(values).dt.date


def _rated(frame: pd.DataFrame) -> pd.DataFrame:
    frame["deadlines"] = frame["deadlines"].astype(int)
    frame["breached"] = frame["breached"].astype(int)
    frame["rate"] = frame["breached"] / frame["deadlines"]
    return frame


# ---- heatmaps ------------------------------------------------------------------------------------------------


@store_cached(ttl=300, max_entries=128)
def breach_by_stage_level(f: Filters, now_: pd.Timestamp) -> pd.DataFrame:
    """stage, level, deadlines, breached, rate: every stage × level pair, zero where nothing was due."""
    d = deadlines(f, now_.to_pydatetime())
    stmt = select(
        d.c.stage, d.c.level, func.count().label("deadlines"), func.sum(d.c.breached).label("breached")
    ).group_by(d.c.stage, d.c.level)
    got = run.frame(stmt).set_index(["stage", "level"])
    grid = pd.MultiIndex.from_product([STAGES, LEVELS], names=["stage", "level"])
    out = got.reindex(grid, fill_value=0).reset_index()
    return _rated(out)


def _top(frame: pd.DataFrame, key: str, top: int) -> tuple[pd.DataFrame, int]:
    """The ``top`` rows (by breaches, then deadlines) of a grouped frame, worst breach rate first."""
    totals = frame.groupby(key, as_index=False).agg(deadlines=("deadlines", "sum"), breached=("breached", "sum"))
    chosen = totals.sort_values(["breached", "deadlines", key], ascending=[False, False, True]).head(top)
    chosen = chosen.assign(rate=chosen["breached"] / chosen["deadlines"])
    order = chosen.sort_values(["rate", "breached", key], ascending=[False, False, True])[key]
    rank = {k: pos for pos, k in enumerate(order)}
    kept = frame[frame[key].isin(rank)].copy()
    kept["_rank"] = kept[key].map(rank)
    return kept, len(totals)


@store_cached(ttl=300, max_entries=128)
def breach_by_city_week(f: Filters, now_: pd.Timestamp, top: int = TOP_ROWS) -> tuple[pd.DataFrame, int]:
    """(city_id, city, city_en, week, deadlines, breached, rate) for the ``top`` cities with the most
    breaches, worst rate first, weeks (ISO, Monday, of the due time) in order; and how many cities
    had deadlines at all."""
    d = deadlines(f, now_.to_pydatetime())
    week = week_start(d.c.due_at).label("week")
    stmt = (
        select(
            d.c.city_id,
            City.name.label("city"),
            City.name_en.label("city_en"),
            week,
            func.count().label("deadlines"),
            func.sum(d.c.breached).label("breached"),
        )
        .join(City, City.id == d.c.city_id)
        .group_by(d.c.city_id, City.name, City.name_en, week)
    )
    frame = run.frame(stmt)
    if frame.empty:
        return _rated(frame), 0
    frame["week"] = _as_date(frame["week"])
    kept, total = _top(_rated(frame), "city_id", top)
    kept = kept.sort_values(["_rank", "week"]).drop(columns="_rank").reset_index(drop=True)
    return kept, total


@store_cached(ttl=300, max_entries=128)
def breach_by_team_stage(f: Filters, now_: pd.Timestamp, top: int = TOP_ROWS) -> tuple[pd.DataFrame, int]:
    """(team_id, team, team_en, stage, deadlines, breached, rate) for the ``top`` teams with the most
    breaches, worst rate first, stages in order; and how many teams had deadlines at all."""
    d = deadlines(f, now_.to_pydatetime())
    stmt = (
        select(
            d.c.team_id,
            Team.name.label("team"),
            Team.name_en.label("team_en"),
            d.c.stage,
            func.count().label("deadlines"),
            func.sum(d.c.breached).label("breached"),
        )
        .join(Team, Team.id == d.c.team_id)
        .group_by(d.c.team_id, Team.name, Team.name_en, d.c.stage)
    )
    frame = run.frame(stmt)
    if frame.empty:
        return _rated(frame), 0
    kept, total = _top(_rated(frame), "team_id", top)
    kept["_stage"] = kept["stage"].map(STAGES.index)
    kept = kept.sort_values(["_rank", "_stage"]).drop(columns=["_rank", "_stage"]).reset_index(drop=True)
    return kept, total


@store_cached(ttl=300, max_entries=128)
def breach_by_weekday_hour(f: Filters, now_: pd.Timestamp) -> pd.DataFrame:
    """(weekday 0 = Monday, hour, deadlines, breached, rate) by the complaint's intake time."""
    d = deadlines(f, now_.to_pydatetime())
    day_col, hour_col = weekday(d.c.received_at).label("weekday"), hour(d.c.received_at).label("hour")
    stmt = (
        select(day_col, hour_col, func.count().label("deadlines"), func.sum(d.c.breached).label("breached"))
        .group_by(day_col, hour_col)
        .order_by(day_col, hour_col)
    )
    frame = run.frame(stmt)
    frame[["weekday", "hour"]] = frame[["weekday", "hour"]].astype(int)
    return _rated(frame)


# ---- the deadlines behind one cell ----------------------------------------------------------------------


def _cell_conditions(d: Subquery, heatmap: str, y: str, x: str) -> list[ColumnElement[bool]]:
    """The deadlines of one heatmap cell; ``y`` and ``x`` are the keys the heatmap frames carry."""
    if heatmap == "stage_level":
        return [d.c.stage == y, d.c.level == x]
    if heatmap == "city_week":
        monday = datetime.combine(date.fromisoformat(x), datetime.min.time())
        return [d.c.city_id == int(y), d.c.due_at >= monday, d.c.due_at < monday + timedelta(days=7)]
    if heatmap == "team_stage":
        return [d.c.team_id == int(y), d.c.stage == x]
    if heatmap == "weekday_hour":
        return [weekday(d.c.received_at) == int(y), hour(d.c.received_at) == int(x)]
    raise ValueError(f"unknown heatmap {heatmap!r}")


@store_cached(ttl=300, max_entries=256)
def cell_cases(
    f: Filters, now_: pd.Timestamp, heatmap: str, y: str, x: str, limit: int = CELL_CASES_LIMIT
) -> pd.DataFrame:
    """The deadlines behind one cell, breached first then latest due: complaint_id, ref_no,
    received_at, level, category, stage, due_at, done_at, breached, handler, and ``total`` (the
    cell's full count, the frame holds at most ``limit`` rows). No customer data is read."""
    d = deadlines(f, now_.to_pydatetime())
    stmt = (
        select(
            d.c.complaint_id,
            d.c.ref_no,
            d.c.received_at,
            d.c.level,
            d.c.category,
            d.c.stage,
            d.c.due_at,
            d.c.done_at,
            d.c.breached,
            User.display_name.label("handler"),
            func.count().over().label("total"),
        )
        .outerjoin(User, User.id == d.c.handler_id)
        .where(*_cell_conditions(d, heatmap, y, x))
        .order_by(d.c.breached.desc(), d.c.due_at.desc(), d.c.ref_no, d.c.stage)
        .limit(limit)
    )
    frame = run.frame(stmt)
    frame["breached"] = frame["breached"].astype(bool)
    return frame


# ---- queues of now ---------------------------------------------------------------------------------------


def _open_stages(f: Filters, due_condition: Callable[[ColumnElement[datetime]], ColumnElement[bool]]) -> Subquery:
    """One row per open stage (not done) of a non-duplicate complaint whose due time meets ``due_condition``.

    The date range does not apply: queues are about now. City, team, agent, channel and level do.
    """
    parts = []
    for stage in STAGES:
        due, done = getattr(Complaint, f"{stage}_due_at"), getattr(Complaint, f"{stage}_at")
        parts.append(
            select(
                Complaint.id.label("complaint_id"),
                Complaint.ref_no,
                Complaint.level,
                Complaint.category,
                Complaint.city_id,
                Complaint.handler_id,
                literal(stage).label("stage"),
                due.label("due_at"),
            ).where(
                *complaint_conditions(f, dates=False),
                Complaint.status.in_(OPEN_STATUSES),
                done.is_(None),
                due_condition(due),
            )
        )
    return union_all(*parts).subquery("open_stages")


def _queue(
    f: Filters, due_condition: Callable[[ColumnElement[datetime]], ColumnElement[bool]], limit: int
) -> pd.DataFrame:
    """Open stages meeting ``due_condition``, earliest due first: complaint_id, ref_no, level, category,
    stage, due_at, city, city_en, handler_id, handler, reminders (already sent on that stage) and
    ``total`` (the queue's full length; the frame holds at most ``limit`` rows)."""
    o = _open_stages(f, due_condition)
    reminders = (
        select(func.count())
        .where(
            ComplaintEvent.complaint_id == o.c.complaint_id,
            ComplaintEvent.kind == "reminder",
            ComplaintEvent.stage == o.c.stage,
        )
        .scalar_subquery()
    )
    stmt = (
        select(
            o.c.complaint_id,
            o.c.ref_no,
            o.c.level,
            o.c.category,
            o.c.stage,
            o.c.due_at,
            City.name.label("city"),
            City.name_en.label("city_en"),
            o.c.handler_id,
            User.display_name.label("handler"),
            reminders.label("reminders"),
            func.count().over().label("total"),
        )
        .join(City, City.id == o.c.city_id)
        .outerjoin(User, User.id == o.c.handler_id)
        .order_by(o.c.due_at, o.c.ref_no, o.c.stage)
        .limit(limit)
    )
    frame = run.frame(stmt)
    frame["reminders"] = frame["reminders"].astype(int)
    return frame


@store_cached(ttl=60, max_entries=128)
def overdue_queue(f: Filters, now_: pd.Timestamp, limit: int = QUEUE_LIMIT) -> pd.DataFrame:
    """Open stages past their due time at ``now_``, most overdue first (see ``_queue`` for columns)."""
    moment = now_.to_pydatetime()
    return _queue(f, lambda due: due < moment, limit)


@store_cached(ttl=60, max_entries=128)
def at_risk_queue(f: Filters, now_: pd.Timestamp, hours: float, limit: int = QUEUE_LIMIT) -> pd.DataFrame:
    """Open stages due within the next ``hours`` (not yet past due), soonest first."""
    moment = now_.to_pydatetime()
    until = moment + timedelta(hours=hours)
    return _queue(f, lambda due: and_(due >= moment, due <= until), limit)


@store_cached(ttl=60, max_entries=128)
def my_reminders(f: Filters, handler_id: int, limit: int = MY_REMINDERS_LIMIT) -> pd.DataFrame:
    """Reminders on the open cases this handler owns, most recent first: at, complaint_id, ref_no,
    level, stage, due_at, done_at (of the reminded stage), by, note. The date range does not apply."""
    stage_due = case({s: getattr(Complaint, f"{s}_due_at") for s in STAGES}, value=ComplaintEvent.stage)
    stage_done = case({s: getattr(Complaint, f"{s}_at") for s in STAGES}, value=ComplaintEvent.stage)
    stmt = (
        select(
            ComplaintEvent.at,
            Complaint.id.label("complaint_id"),
            Complaint.ref_no,
            Complaint.level,
            ComplaintEvent.stage,
            stage_due.label("due_at"),
            stage_done.label("done_at"),
            User.display_name.label("by"),
            ComplaintEvent.note,
        )
        .join(Complaint, Complaint.id == ComplaintEvent.complaint_id)
        .outerjoin(User, User.id == ComplaintEvent.actor_id)
        .where(
            ComplaintEvent.kind == "reminder",
            Complaint.handler_id == handler_id,
            Complaint.status.in_(OPEN_STATUSES),
            *complaint_conditions(f, dates=False),
        )
        .order_by(ComplaintEvent.at.desc(), ComplaintEvent.id.desc())
        .limit(limit)
    )
    return run.frame(stmt)


def forget_reminders() -> None:
    """Called after a reminder is stored: the queues count reminders, the handler's panel lists them."""
    for fn in (overdue_queue, at_risk_queue, my_reminders):
        fn.clear()
