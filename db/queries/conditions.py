"""The one place that turns ``Filters`` (and the ``Scope`` they carry) into WHERE conditions,
shared by every query. Scope conditions are added on top of the filter choices, so a choice outside
the scope selects nothing rather than everything."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, case, false, func, or_, select

from db.models import Agent, Complaint, ComplaintStage, Customer, EarlyWarning, SlaAgentDay, SlaDay, Team
from domain.filters import Filters
from domain.users import Scope

# The tables complaint filters apply to: both carry the complaint's filter columns under the same names.
ComplaintColumns = type[Complaint] | type[ComplaintStage]
PlacedColumns = ComplaintColumns | type[SlaDay] | type[SlaAgentDay]


def day_range(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, day after end 00:00): a half-open range that uses the timestamp indexes."""
    return datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)


def complaint_conditions(
    f: Filters, *, dates: bool = True, include_duplicates: bool = False, source: ComplaintColumns = Complaint
) -> list[ColumnElement[bool]]:
    """Complaint filters; duplicates are linked to their original and not counted twice. ``source`` is
    the complaints table or ``ComplaintStage``, which carries the same filter columns per deadline."""
    conds: list[ColumnElement[bool]] = []
    if dates:
        lo, hi = day_range(f.start, f.end)
        conds += [source.received_at >= lo, source.received_at < hi]
    if not include_duplicates:
        conds.append(source.duplicate_of_id.is_(None))
    if f.agent_ids:
        conds.append(source.agent_id.in_(f.agent_ids))
    if f.channels:
        conds.append(source.channel.in_(f.channels))
    if f.levels:
        conds.append(source.level.in_(f.levels))
    return conds + complaint_place_conditions(f, source) + _owner_scope(f.scope, source)


def complaint_scope(scope: Scope, source: ComplaintColumns = Complaint) -> list[ColumnElement[bool]]:
    """The complaints ``scope`` covers: its team or cities; for staff the cases they own or took first contact of."""
    return _place_scope(scope, source) + _owner_scope(scope, source)


def _owner_scope(scope: Scope, source: ComplaintColumns) -> list[ColumnElement[bool]]:
    if scope.owner_id is None:
        return []
    return [or_(source.handler_id == scope.owner_id, source.first_owner_id == scope.owner_id)]


def _place_scope(scope: Scope, source: PlacedColumns) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if scope.team_ids is not None:
        conds.append(source.team_id.in_(scope.team_ids))
    if scope.city_ids is not None:
        conds.append(source.city_id.in_(scope.city_ids))
    return conds


def complaint_place_conditions(f: Filters, source: PlacedColumns) -> list[ColumnElement[bool]]:
    """The chosen cities and teams within the scope's places: the part of the complaint filters that
    a table keyed only by city and team (an SLA rollup) applies too. Not for a staff scope."""
    conds: list[ColumnElement[bool]] = []
    if f.city_ids:
        conds.append(source.city_id.in_(f.city_ids))
    if f.team_ids:
        conds.append(source.team_id.in_(f.team_ids))
    return conds + _place_scope(f.scope, source)


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


def customer_conditions(f: Filters, city_id: SQLColumnExpression[int] = Customer.city_id) -> list[ColumnElement[bool]]:
    """Customers by city (the only place a customer has; ``city_id`` is the column holding it): the
    chosen cities within the scope's; a team scope covers its team's city, a staff scope no customer list."""
    conds: list[ColumnElement[bool]] = []
    if f.city_ids:
        conds.append(city_id.in_(f.city_ids))
    if f.scope.city_ids is not None:
        conds.append(city_id.in_(f.scope.city_ids))
    if f.scope.team_ids is not None:
        conds.append(city_id.in_(select(Team.city_id).where(Team.id.in_(f.scope.team_ids))))
    if f.scope.owner_id is not None:
        conds.append(false())
    return conds


def count_if(cond: ColumnElement[bool]) -> ColumnElement[int]:
    """COUNT of the rows where ``cond`` holds (0, not NULL, over no rows); portable SQL."""
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)
