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
    SQLColumnExpression,
    Subquery,
    and_,
    case,
    func,
    select,
)

from db.clock import now
from db.dialect import hour, weekday
from db.models import City, Complaint, ComplaintEvent, ComplaintStage, User
from db.queries import reference, run
from db.queries.cache import ANY_TIME, store_cached
from db.queries.conditions import complaint_conditions
from db.queries.sla_expr import deadline_counts, deadlines
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


def _rated(frame: pd.DataFrame) -> pd.DataFrame:
    frame["deadlines"] = frame["deadlines"].astype(int)
    frame["breached"] = frame["breached"].astype(int)
    frame["rate"] = frame["breached"] / frame["deadlines"]
    return frame


# ---- heatmaps ------------------------------------------------------------------------------------------------


# The keys of the one count the stage × level, city × week and team × stage heatmaps are cut from.
HEATMAP_KEYS = ("week", "stage", "level", "city_id", "team_id")


@store_cached(ttl=300, max_entries=64)
def _heatmap_counts(f: Filters, now_: pd.Timestamp) -> pd.DataFrame:
    """Deadlines and breaches by ``HEATMAP_KEYS``: read once per page, cut three ways."""
    return deadline_counts(f, now_.to_pydatetime(), HEATMAP_KEYS)


def _summed(counts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return counts.groupby(keys, as_index=False)[["deadlines", "breached"]].sum()


@store_cached(ttl=300, max_entries=128)
def breach_by_stage_level(f: Filters, now_: pd.Timestamp) -> pd.DataFrame:
    """stage, level, deadlines, breached, rate: every stage × level pair, zero where nothing was due."""
    got = _summed(_heatmap_counts(f, now_), ["stage", "level"]).set_index(["stage", "level"])
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


def _named(frame: pd.DataFrame, key: str, names: pd.DataFrame, label: str) -> pd.DataFrame:
    """``frame`` with the Chinese and English names of its ``key`` ids as ``label`` and ``label_en``."""
    named = names[["id", "name", "name_en"]].rename(columns={"id": key, "name": label, "name_en": f"{label}_en"})
    return frame.merge(named, on=key, how="inner")


@store_cached(ttl=300, max_entries=128)
def breach_by_city_week(f: Filters, now_: pd.Timestamp, top: int = TOP_ROWS) -> tuple[pd.DataFrame, int]:
    """(city_id, city, city_en, week, deadlines, breached, rate) for the ``top`` cities with the most
    breaches, worst rate first, weeks (ISO, Monday, of the due time) in order; and how many cities
    had deadlines at all."""
    frame = _named(_summed(_heatmap_counts(f, now_), ["city_id", "week"]), "city_id", reference.cities(), "city")
    frame = frame[["city_id", "city", "city_en", "week", "deadlines", "breached"]]
    if frame.empty:
        return _rated(frame), 0
    kept, total = _top(_rated(frame), "city_id", top)
    kept = kept.sort_values(["_rank", "week"]).drop(columns="_rank").reset_index(drop=True)
    return kept, total


@store_cached(ttl=300, max_entries=128)
def breach_by_team_stage(f: Filters, now_: pd.Timestamp, top: int = TOP_ROWS) -> tuple[pd.DataFrame, int]:
    """(team_id, team, team_en, stage, deadlines, breached, rate) for the ``top`` teams with the most
    breaches, worst rate first, stages in order; and how many teams had deadlines at all."""
    frame = _named(_summed(_heatmap_counts(f, now_), ["team_id", "stage"]), "team_id", reference.teams(), "team")
    frame = frame[["team_id", "team", "team_en", "stage", "deadlines", "breached"]]
    if frame.empty:
        return _rated(frame), 0
    kept, total = _top(_rated(frame), "team_id", top)
    kept["_stage"] = kept["stage"].map(STAGES.index)
    kept = kept.sort_values(["_rank", "_stage"]).drop(columns=["_rank", "_stage"]).reset_index(drop=True)
    return kept, total


@store_cached(ttl=300, max_entries=128)
def breach_by_weekday_hour(f: Filters, now_: pd.Timestamp) -> pd.DataFrame:
    """(weekday 0 = Monday, hour, deadlines, breached, rate) by the complaint's intake time."""
    frame = deadline_counts(f, now_.to_pydatetime(), ("weekday", "hour")).sort_values(["weekday", "hour"])
    frame[["weekday", "hour"]] = frame[["weekday", "hour"]].astype(int)
    return _rated(frame.reset_index(drop=True))


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


def _open_stages(f: Filters, due_condition: Callable[[SQLColumnExpression[datetime]], ColumnElement[bool]]) -> Subquery:
    """One row per open stage (not done) of a non-duplicate complaint whose due time meets ``due_condition``.

    The date range does not apply: queues are about now. City, team, agent, channel and level do.
    """
    d = ComplaintStage
    return (
        select(d.complaint_id, d.ref_no, d.level, d.category, d.city_id, d.handler_id, d.stage, d.due_at)
        .where(
            *complaint_conditions(f, dates=False, source=d),
            d.status.in_(OPEN_STATUSES),
            d.done_at.is_(None),
            due_condition(d.due_at),
        )
        .subquery("open_stages")
    )


def _queue(
    f: Filters, due_condition: Callable[[SQLColumnExpression[datetime]], ColumnElement[bool]], limit: int
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


@store_cached(ttl=60, max_entries=128, uses=ANY_TIME)
def overdue_queue(f: Filters, now_: pd.Timestamp, limit: int = QUEUE_LIMIT) -> pd.DataFrame:
    """Open stages past their due time at ``now_``, most overdue first (see ``_queue`` for columns)."""
    moment = now_.to_pydatetime()
    return _queue(f, lambda due: due < moment, limit)


@store_cached(ttl=60, max_entries=128, uses=ANY_TIME)
def at_risk_queue(f: Filters, now_: pd.Timestamp, hours: float, limit: int = QUEUE_LIMIT) -> pd.DataFrame:
    """Open stages due within the next ``hours`` (not yet past due), soonest first."""
    moment = now_.to_pydatetime()
    until = moment + timedelta(hours=hours)
    return _queue(f, lambda due: and_(due >= moment, due <= until), limit)


@store_cached(ttl=60, max_entries=128, uses=ANY_TIME)
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
