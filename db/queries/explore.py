"""Reads of the explore page: any question's figures grouped in SQL, the cases behind one group,
and the saved questions.

Every measure is returned as a numerator and (where it is a rate or a mean) a denominator per group,
so groups roll up by adding (a timeline's series are ranked by their totals) and the share of a group
is taken against the whole result, not the groups shown.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Select, SQLColumnExpression, and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import aliased

from db.dialect import period_start, seconds_between
from db.models import (
    Agent,
    City,
    Complaint,
    ComplaintOutcome,
    ComplaintResolution,
    ComplaintText,
    SatisfactionSurvey,
    SavedQuestion,
    Team,
    User,
)
from db.queries import run
from db.queries.cache import store_cached
from db.queries.cases import CASE_SUMMARY
from db.queries.conditions import complaint_conditions, count_if
from db.queries.text_search import text_condition
from domain.codes import STAGES, WAIVER_OUTCOMES
from domain.explore import INTAKE_SOURCE, TEXT_DIMENSIONS, Question
from domain.filters import Filters
from domain.intake import REPEAT_WINDOW

CASES_SHOWN = 200  # cases listed under a chosen group; the download carries all of them
SAVED_LIMIT = 200


def question_conditions(f: Filters, q: Question) -> list[ColumnElement[bool]]:
    """The complaints a question is about: the global filters and scope, then its own choices."""
    c = Complaint
    conds = complaint_conditions(f)
    if q.categories:
        conds.append(c.category.in_(q.categories))
    if q.statuses:
        conds.append(c.status.in_(q.statuses))
    if q.sources:
        named = [s for s in q.sources if s != INTAKE_SOURCE]
        either = [c.source.in_(named)] if named else []
        if INTAKE_SOURCE in q.sources:
            either.append(c.source.is_(None))
        conds.append(or_(*either))
    if q.text:
        conds.append(text_condition(q.text))
    if q.urgent:
        conds.append(c.id.in_(select(ComplaintText.complaint_id).where(ComplaintText.urgent.is_(True))))
    return conds


def _dimension(name: str) -> ColumnElement[Any]:
    c = Complaint
    plain: dict[str, SQLColumnExpression[Any]] = {
        "city": c.city_id,
        "team": c.team_id,
        "agent": c.agent_id,
        "channel": c.channel,
        "category": c.category,
        "level": c.level,
        "text_category": ComplaintText.category,
        "theme": ComplaintText.theme,
    }
    if name in plain:
        return plain[name]  # type: ignore[return-value]  # a mapped column is a column expression
    if name in ("week", "month"):
        return period_start(c.received_at, name)
    raise ValueError(f"unknown dimension {name!r}")


def _stage_counts(now: datetime) -> tuple[ColumnElement[int], ColumnElement[int]]:
    """Per complaint: its stage deadlines decided by ``now`` (done, or open past due) and those breached."""
    decided: list[ColumnElement[int]] = []
    breached: list[ColumnElement[int]] = []
    for stage in STAGES:
        due, done = getattr(Complaint, f"{stage}_due_at"), getattr(Complaint, f"{stage}_at")
        decided.append(case((or_(done.is_not(None), due < now), 1), else_=0))
        breached.append(case((or_(done > due, and_(done.is_(None), due < now)), 1), else_=0))
    total_decided, total_breached = decided[0], breached[0]
    for d, b in zip(decided[1:], breached[1:]):
        total_decided, total_breached = total_decided + d, total_breached + b
    return total_decided, total_breached


def _is_repeat() -> ColumnElement[bool]:
    """The customer complained before within the repeat window (any earlier complaint, duplicates too)."""
    earlier = aliased(Complaint)
    gap = seconds_between(earlier.received_at, Complaint.received_at)
    return exists().where(
        earlier.customer_id == Complaint.customer_id,
        earlier.id != Complaint.id,
        earlier.received_at <= Complaint.received_at,
        gap <= REPEAT_WINDOW.total_seconds(),
    )


def _satisfaction() -> ColumnElement[Any]:
    """A case's handling satisfaction: its follow-up survey where it has one, else the score recorded
    when the complainant was notified."""
    survey = select(SatisfactionSurvey.score).where(SatisfactionSurvey.complaint_id == Complaint.id)
    # A correlated look-up: SQLite's planner, told that almost every survey names no case, would
    # rather scan the surveys per complaint than use their case index in a join.
    return func.coalesce(survey.scalar_subquery(), Complaint.satisfaction_score)


def _measure(q: Question, now: datetime) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    """The measure's numerator and denominator per group (a literal 0 where there is none)."""
    if q.measure == "l1":
        return count_if(Complaint.level == "L1"), literal(0)
    if q.measure == "breach_rate":
        decided, breached = _stage_counts(now)
        return func.coalesce(func.sum(breached), 0), func.coalesce(func.sum(decided), 0)
    if q.measure == "satisfaction":
        score = _satisfaction()
        return func.coalesce(func.sum(score), 0), func.count(score)
    if q.measure == "repeat_rate":
        return count_if(_is_repeat()), func.count()
    if q.measure in ("compensation", "waivers"):
        kinds = ("compensation",) if q.measure == "compensation" else WAIVER_OUTCOMES
        paid = select(func.sum(ComplaintOutcome.amount)).where(
            ComplaintOutcome.complaint_id == Complaint.id, ComplaintOutcome.kind.in_(kinds)
        )
        return func.coalesce(func.sum(paid.scalar_subquery()), 0), literal(0)
    if q.measure == "no_fault_rate":
        no_fault = exists().where(ComplaintOutcome.complaint_id == Complaint.id, ComplaintOutcome.kind == "no_fault")
        resolved = exists().where(ComplaintResolution.complaint_id == Complaint.id)
        return count_if(no_fault), count_if(resolved)
    return func.count(), literal(0)  # complaints, and share (taken against the whole result)


def _grouped(f: Filters, q: Question, now: datetime) -> Select[Any]:
    keys = [_dimension(d).label(d) for d in q.group_by]
    numerator, denominator = _measure(q, now)
    stmt = select(*keys, func.count().label("complaints"), numerator.label("num"), denominator.label("den"))
    return _with_text(stmt.select_from(Complaint), q).where(*question_conditions(f, q)).group_by(*keys)


def _with_text(stmt: Select[Any], q: Question) -> Select[Any]:
    """``stmt`` (selecting from complaints) joined to what their text says, when the grouping needs it."""
    if not set(q.group_by) & TEXT_DIMENSIONS:
        return stmt
    return stmt.outerjoin(ComplaintText, ComplaintText.complaint_id == Complaint.id)


def _labelled(grouped: Select[Any], q: Question) -> Select[Any]:
    """The grouped figures with the names of their cities, teams and agents (in both languages)."""
    g = grouped.subquery("g")
    columns: list[Any] = [g]
    stmt_joins: list[tuple[Any, ColumnElement[bool]]] = []
    if "city" in q.group_by:
        city = aliased(City)
        columns += [city.name.label("city_name"), city.name_en.label("city_name_en")]
        stmt_joins.append((city, city.id == g.c.city))
    if "team" in q.group_by:
        team = aliased(Team)
        columns += [team.name.label("team_name"), team.name_en.label("team_name_en")]
        stmt_joins.append((team, team.id == g.c.team))
    if "agent" in q.group_by:
        agent = aliased(Agent)
        columns += [(agent.code + " " + agent.name).label("agent_name")]
        stmt_joins.append((agent, agent.id == g.c.agent))
    stmt = select(*columns).select_from(g)
    for target, on in stmt_joins:
        stmt = stmt.outerjoin(target, on)
    return stmt


def _value(frame: pd.DataFrame, measure: str, total: int) -> pd.Series:
    num = pd.to_numeric(frame["num"], errors="coerce").astype(float)
    den = pd.to_numeric(frame["den"], errors="coerce").astype(float)
    if measure == "share":
        return frame["complaints"] / total if total else pd.Series(float("nan"), index=frame.index)
    if measure in ("breach_rate", "satisfaction", "repeat_rate", "no_fault_rate"):
        return num.where(den > 0) / den.where(den > 0)
    return num


@store_cached(ttl=300, max_entries=128)
def answer(f: Filters, q: Question, now: pd.Timestamp) -> tuple[pd.DataFrame, int]:
    """The question's result and the number of complaints it covers. Columns: the group keys (ids for
    city/team/agent, codes, dates for week and month), their names, ``complaints``, ``num``, ``den``
    and ``value`` (the measure). Ordered by value (top ``q.top``, 0: all); a timeline stays in time order
    and keeps all its periods, with the series of its other key cut to the top ``q.top`` by their total."""
    frame = run.frame(_labelled(_grouped(f, q, now.to_pydatetime()), q))
    total = int(frame["complaints"].sum()) if len(frame) else 0
    frame["value"] = _value(frame, q.measure, total)
    times = [d for d in q.group_by if d in ("week", "month")]
    others = [d for d in q.group_by if d not in times]
    ascending = q.sort == "asc"
    if not times:
        ordered = frame.sort_values(
            ["value", "complaints", *others], ascending=[ascending, False, *[True] * len(others)], na_position="last"
        )
        return (ordered.head(q.top) if q.top else ordered).reset_index(drop=True), total
    if others and q.top:
        sums = frame.groupby(others, dropna=False)[["complaints", "num", "den"]].sum().reset_index()
        sums["value"] = _value(sums, q.measure, total)
        kept = sums.sort_values("value", ascending=ascending, na_position="last").head(q.top)[others]
        frame = frame.merge(kept, on=others)
    return frame.sort_values([*times, *others]).reset_index(drop=True), total


def _group_conditions(q: Question, group: tuple[object, ...]) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    for name, value in zip(q.group_by, group):
        column = _dimension(name)
        if name in ("week", "month"):
            start = pd.Timestamp(value).to_pydatetime()
            end = start + timedelta(days=7) if name == "week" else (pd.Timestamp(value) + pd.DateOffset(months=1))
            conds += [Complaint.received_at >= start, Complaint.received_at < pd.Timestamp(end).to_pydatetime()]
        elif value is None or (isinstance(value, float) and pd.isna(value)):
            conds.append(column.is_(None))
        else:
            conds.append(column == value)
    return conds


def _cases_stmt(f: Filters, q: Question, group: tuple[object, ...]) -> Select[Any]:
    c = Complaint
    handler = aliased(User)
    columns = select(
        *CASE_SUMMARY,
        City.name.label("city"),
        City.name_en.label("city_en"),
        Team.name.label("team"),
        Team.name_en.label("team_en"),
        Agent.code.label("agent"),
        handler.display_name.label("handler"),
        c.source,
    ).select_from(c)
    return (
        _with_text(columns, q)
        .join(City, City.id == c.city_id)
        .outerjoin(Team, Team.id == c.team_id)
        .outerjoin(Agent, Agent.id == c.agent_id)
        .outerjoin(handler, handler.id == c.handler_id)
        .where(*question_conditions(f, q), *_group_conditions(q, group))
        .order_by(c.received_at.desc(), c.id.desc())
    )


@store_cached(ttl=300, max_entries=64)
def group_cases(f: Filters, q: Question, group: tuple[object, ...], limit: int = CASES_SHOWN) -> pd.DataFrame:
    """The newest ``limit`` cases of one result group (no customer data is read)."""
    return run.frame(_cases_stmt(f, q, group).limit(limit))


def all_group_cases(f: Filters, q: Question, group: tuple[object, ...]) -> pd.DataFrame:
    """Every case of one result group, for its download (read only when asked)."""
    return run.frame(_cases_stmt(f, q, group))


@store_cached(ttl=600, max_entries=8)
def sources() -> list[str]:
    """The source systems imported complaints name, for the source filter."""
    rows = run.rows(select(Complaint.source).where(Complaint.source.is_not(None)).distinct().order_by(Complaint.source))
    return [str(r[0]) for r in rows]


@store_cached(ttl=60, max_entries=64)
def saved_questions(user_id: int) -> pd.DataFrame:
    """The user's own saved questions and the shared ones, shared first, then by name."""
    owner = aliased(User)
    return run.frame(
        select(
            SavedQuestion.id,
            SavedQuestion.name,
            SavedQuestion.params,
            SavedQuestion.shared,
            SavedQuestion.preset,
            SavedQuestion.owner_id,
            owner.display_name.label("owner"),
            SavedQuestion.updated_at,
        )
        .outerjoin(owner, owner.id == SavedQuestion.owner_id)
        .where(or_(SavedQuestion.owner_id == user_id, SavedQuestion.shared.is_(True)))
        .order_by(SavedQuestion.shared.desc(), SavedQuestion.name, SavedQuestion.id)
        .limit(SAVED_LIMIT)
    )


def forget_saved() -> None:
    saved_questions.clear()
