"""The one place that turns ``Filters`` (and the ``Scope`` they carry) into WHERE conditions,
shared by every query. Scope conditions are added on top of the filter choices, so a choice outside
the scope selects nothing rather than everything."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, case, false, func, or_, select

from db.models import Agent, Complaint, Customer, EarlyWarning, Team
from domain.filters import Filters
from domain.users import Scope


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
    return conds + complaint_scope(f.scope)


def complaint_scope(scope: Scope) -> list[ColumnElement[bool]]:
    """The complaints ``scope`` covers: its team or cities; for staff the cases they own or took first contact of."""
    conds: list[ColumnElement[bool]] = []
    if scope.team_ids is not None:
        conds.append(Complaint.team_id.in_(scope.team_ids))
    if scope.city_ids is not None:
        conds.append(Complaint.city_id.in_(scope.city_ids))
    if scope.owner_id is not None:
        conds.append(or_(Complaint.handler_id == scope.owner_id, Complaint.first_owner_id == scope.owner_id))
    return conds


def _agents_in(team_ids: tuple[int, ...] | None, city_ids: tuple[int, ...] | None) -> list[Select[tuple[int]]]:
    """The agents of these teams and of these cities' teams, one sub-select each (None: no limit)."""
    selects: list[Select[tuple[int]]] = []
    if team_ids is not None:
        selects.append(select(Agent.id).where(Agent.team_id.in_(team_ids)))
    if city_ids is not None:
        selects.append(select(Agent.id).join(Team, Team.id == Agent.team_id).where(Team.city_id.in_(city_ids)))
    return selects


def agent_conditions(f: Filters, agent_id_col: SQLColumnExpression[int | None]) -> list[ColumnElement[bool]]:
    """Filters for agent-level facts (surveys, contacts, QA): city and team through the agent's team.

    Channel and level do not apply to these facts and are ignored here.
    Staff scopes cover no agent-level facts (they are team figures, not one's own cases).
    """
    conds: list[ColumnElement[bool]] = []
    if f.agent_ids:
        conds.append(agent_id_col.in_(f.agent_ids))
    chosen = _agents_in(f.team_ids or None, f.city_ids or None)
    scoped = _agents_in(f.scope.team_ids, f.scope.city_ids)
    conds += [agent_id_col.in_(agents) for agents in chosen + scoped]
    if f.scope.owner_id is not None:
        conds.append(false())
    return conds


def warning_place_conditions(f: Filters) -> list[ColumnElement[bool]]:
    """Early warnings in the chosen cities and reporting teams; complaint-only filters (agent,
    channel, complaint level) do not describe warnings and do not apply."""
    conds: list[ColumnElement[bool]] = []
    if f.city_ids:
        conds.append(EarlyWarning.city_id.in_(f.city_ids))
    if f.team_ids:
        conds.append(EarlyWarning.team_id.in_(f.team_ids))
    return conds + warning_scope(f.scope)


def warning_scope(scope: Scope) -> list[ColumnElement[bool]]:
    """The warning reports ``scope`` covers: its reporting team or cities; for staff their own reports."""
    conds: list[ColumnElement[bool]] = []
    if scope.team_ids is not None:
        conds.append(EarlyWarning.team_id.in_(scope.team_ids))
    if scope.city_ids is not None:
        conds.append(EarlyWarning.city_id.in_(scope.city_ids))
    if scope.owner_id is not None:
        conds.append(EarlyWarning.reporter_id == scope.owner_id)
    return conds


def customer_conditions(f: Filters) -> list[ColumnElement[bool]]:
    """Customers by city (the only place a customer has): the chosen cities within the scope's;
    a team scope covers its team's city, a staff scope no customer list."""
    conds: list[ColumnElement[bool]] = []
    if f.city_ids:
        conds.append(Customer.city_id.in_(f.city_ids))
    if f.scope.city_ids is not None:
        conds.append(Customer.city_id.in_(f.scope.city_ids))
    if f.scope.team_ids is not None:
        conds.append(Customer.city_id.in_(select(Team.city_id).where(Team.id.in_(f.scope.team_ids))))
    if f.scope.owner_id is not None:
        conds.append(false())
    return conds


def count_if(cond: ColumnElement[bool]) -> ColumnElement[int]:
    """COUNT of the rows where ``cond`` holds (0, not NULL, over no rows); portable SQL."""
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)
