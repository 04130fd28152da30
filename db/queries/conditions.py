"""The one place that turns ``Filters`` into WHERE conditions, shared by every query."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, SQLColumnExpression, case, func, select

from db.models import Agent, Complaint, EarlyWarning, Team
from domain.filters import Filters


def day_range(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, day after end 00:00): a half-open range that uses the timestamp indexes."""
    return datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)


def complaint_conditions(
    f: Filters, *, dates: bool = True, include_duplicates: bool = False
) -> list[ColumnElement[bool]]:
    """Complaint filters; duplicates are linked to their original and not counted twice."""
    conds: list[ColumnElement[bool]] = []
    if dates:
        lo, hi = day_range(f.start, f.end)
        conds += [Complaint.received_at >= lo, Complaint.received_at < hi]
    if not include_duplicates:
        conds.append(Complaint.duplicate_of_id.is_(None))
    if f.city_ids:
        conds.append(Complaint.city_id.in_(f.city_ids))
    if f.team_ids:
        conds.append(Complaint.team_id.in_(f.team_ids))
    if f.agent_ids:
        conds.append(Complaint.agent_id.in_(f.agent_ids))
    if f.channels:
        conds.append(Complaint.channel.in_(f.channels))
    if f.levels:
        conds.append(Complaint.level.in_(f.levels))
    return conds


def agent_conditions(f: Filters, agent_id_col: SQLColumnExpression[int]) -> list[ColumnElement[bool]]:
    """Filters for agent-level facts (surveys, contacts, QA): city and team through the agent's team.

    Channel and level do not apply to these facts and are ignored here.
    """
    conds: list[ColumnElement[bool]] = []
    if f.agent_ids:
        conds.append(agent_id_col.in_(f.agent_ids))
    if f.team_ids:
        conds.append(agent_id_col.in_(select(Agent.id).where(Agent.team_id.in_(f.team_ids))))
    if f.city_ids:
        conds.append(
            agent_id_col.in_(select(Agent.id).join(Team, Team.id == Agent.team_id).where(Team.city_id.in_(f.city_ids)))
        )
    return conds


def warning_place_conditions(f: Filters) -> list[ColumnElement[bool]]:
    """Early warnings in the chosen cities and reporting teams; complaint-only filters (agent,
    channel, complaint level) do not describe warnings and do not apply."""
    conds: list[ColumnElement[bool]] = []
    if f.city_ids:
        conds.append(EarlyWarning.city_id.in_(f.city_ids))
    if f.team_ids:
        conds.append(EarlyWarning.team_id.in_(f.team_ids))
    return conds


def count_if(cond: ColumnElement[bool]) -> ColumnElement[int]:
    """COUNT of the rows where ``cond`` holds (0, not NULL, over no rows); portable SQL."""
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)
