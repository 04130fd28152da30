"""Reads behind complaint intake and case handling: customer and agent look-ups, likely repeats,
a handler's queue of open cases, the archived cases whose follow-up survey is due and the users a
case can be handed to."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import ColumnElement, Select, and_, case, func, select, true
from sqlalchemy.orm import aliased

from db.engine import engine
from db.models import Agent, City, Complaint, Customer, SatisfactionSurvey, Team, User
from db.queries import run
from db.queries.cache import store_cached
from db.queries.cases import CASE_SUMMARY
from db.queries.conditions import complaint_conditions, complaint_scope
from domain.codes import STAGES
from domain.filters import Filters
from domain.intake import HANDLER_ROLES, REPEAT_WINDOW, normalise_code, normalise_phone
from domain.masking import mask_name, mask_phone
from domain.users import Scope

CUSTOMER_MATCHES_LIMIT = 20
QUEUE_LIMIT = 500
SURVEY_DUE_DAYS = 14  # a return call weeks after the case was closed reaches nobody who remembers it


@store_cached(ttl=60, max_entries=256)
def find_customers(mode: str, value: str) -> pd.DataFrame:
    """Customers by exact code (``mode="code"``) or phone (``mode="phone"``): id, code, masked name
    and phone, city_id, city, city_en. A phone may belong to more than one customer."""
    key = Customer.code == normalise_code(value) if mode == "code" else Customer.phone == normalise_phone(value)
    frame = run.frame(
        select(
            Customer.id,
            Customer.code,
            Customer.name,
            Customer.phone,
            Customer.city_id,
            City.name.label("city"),
            City.name_en.label("city_en"),
        )
        .join(City, City.id == Customer.city_id)
        .where(key)
        .order_by(Customer.code)
        .limit(CUSTOMER_MATCHES_LIMIT)
    )
    frame["name"] = frame["name"].map(mask_name)
    frame["phone"] = frame["phone"].map(mask_phone)
    return frame


@store_cached(ttl=300, max_entries=256)
def agent_by_code(code: str) -> dict | None:
    """The active or former agent with this code (case-insensitive): id, code, name, team and city."""
    stmt = (
        select(
            Agent.id,
            Agent.code,
            Agent.name,
            Agent.active,
            Agent.team_id,
            Team.name.label("team"),
            Team.name_en.label("team_en"),
            Team.city_id,
        )
        .join(Team, Team.id == Agent.team_id)
        .where(Agent.code == normalise_code(code))
    )
    with engine().connect() as conn:
        row = conn.execute(stmt).first()
    return None if row is None else dict(row._mapping)


def repeats_stmt(customer_id: int, category: str, moment: datetime, scope: Scope) -> Select:
    """Open originals (not archived, not themselves duplicates) of this customer and category
    received within ``REPEAT_WINDOW`` before ``moment``, newest first, whoever's they are: a repeat
    is a repeat. Only for those ``scope`` covers (``visible`` 1) are ``ref_no``, ``status`` and
    ``level`` read; for the others they are NULL, so a user learns nothing of a case they cannot open."""
    covered = complaint_scope(scope)
    visible = and_(*covered) if covered else true()
    return (
        select(
            Complaint.id,
            case((visible, Complaint.ref_no)).label("ref_no"),
            Complaint.received_at,
            case((visible, Complaint.status)).label("status"),
            case((visible, Complaint.level)).label("level"),
            case((visible, 1), else_=0).label("visible"),
        )
        .where(
            Complaint.customer_id == customer_id,
            Complaint.category == category,
            Complaint.status != "archive",
            Complaint.duplicate_of_id.is_(None),
            Complaint.received_at >= moment - REPEAT_WINDOW,
        )
        .order_by(Complaint.received_at.desc(), Complaint.id.desc())
    )


@store_cached(ttl=30, max_entries=256)
def _open_repeats(customer_id: int, category: str, minute: pd.Timestamp, scope: Scope) -> pd.DataFrame:
    return run.frame(repeats_stmt(customer_id, category, minute.to_pydatetime(), scope))


def likely_repeats(customer_id: int, category: str, moment: datetime, scope: Scope) -> pd.DataFrame:
    """Likely repeats (see ``repeats_stmt``) as of ``moment`` to the minute, so reruns within a
    minute share the cache: id, ref_no, received_at, status, level, visible."""
    return _open_repeats(customer_id, category, pd.Timestamp(moment).floor("min"), scope)


def _next_due() -> ColumnElement[datetime]:
    """The due time of the stage to complete next, from the status (the last stage completed)."""
    order = ("received", *STAGES[:-1])
    return case(
        {status: getattr(Complaint, f"{stage}_due_at") for status, stage in zip(order, STAGES)}, value=Complaint.status
    )


def _next_stage() -> ColumnElement[str]:
    order = ("received", *STAGES[:-1])
    return case(dict(zip(order, STAGES)), value=Complaint.status)


@store_cached(ttl=30, max_entries=256)
def handling_queue(f: Filters, handler_id: int | None, limit: int = QUEUE_LIMIT) -> pd.DataFrame:
    """Open (not archived) cases, the most urgent next stage first: id, ref_no, received_at, channel,
    level, category, status, next_stage, next_due, handler_id, handler, city, city_en, duplicate_of
    and ``total`` (the full count; the frame holds at most ``limit`` rows).

    ``handler_id`` narrows to one handler's cases. The date range does not apply (a queue is about
    now); city, team, agent, channel and level do. Duplicates are listed: each is a case to close.
    """
    original = aliased(Complaint)
    conds = [*complaint_conditions(f, dates=False, include_duplicates=True), Complaint.status != "archive"]
    if handler_id is not None:
        conds.append(Complaint.handler_id == handler_id)
    next_due = _next_due()
    stmt = (
        select(
            Complaint.id,
            *CASE_SUMMARY,
            _next_stage().label("next_stage"),
            next_due.label("next_due"),
            Complaint.handler_id,
            User.display_name.label("handler"),
            City.name.label("city"),
            City.name_en.label("city_en"),
            original.ref_no.label("duplicate_of"),
            func.count().over().label("total"),
        )
        .join(City, City.id == Complaint.city_id)
        .outerjoin(User, User.id == Complaint.handler_id)
        .outerjoin(original, original.id == Complaint.duplicate_of_id)
        .where(*conds)
        .order_by(next_due, Complaint.id)
        .limit(limit)
    )
    frame = run.frame(stmt)
    frame["next_due"] = pd.to_datetime(frame["next_due"])
    frame["received_at"] = pd.to_datetime(frame["received_at"])
    return frame


@store_cached(ttl=30, max_entries=256)
def surveys_due(f: Filters, handler_id: int | None, now: pd.Timestamp, limit: int = QUEUE_LIMIT) -> pd.DataFrame:
    """Archived cases of a known customer without their follow-up survey, archived within
    ``SURVEY_DUE_DAYS`` before ``now``, the longest waiting first: id, ref_no, archive_at, level,
    category, handler, and ``total`` (the full count; at most ``limit`` rows). Filters as the queue's."""
    conds = [
        *complaint_conditions(f, dates=False, include_duplicates=True),
        Complaint.status == STAGES[-1],
        Complaint.customer_id.is_not(None),
        Complaint.archive_at >= now.to_pydatetime() - timedelta(days=SURVEY_DUE_DAYS),
        SatisfactionSurvey.id.is_(None),
    ]
    if handler_id is not None:
        conds.append(Complaint.handler_id == handler_id)
    frame = run.frame(
        select(
            Complaint.id,
            Complaint.ref_no,
            Complaint.archive_at,
            Complaint.level,
            Complaint.category,
            User.display_name.label("handler"),
            func.count().over().label("total"),
        )
        .outerjoin(SatisfactionSurvey, SatisfactionSurvey.complaint_id == Complaint.id)
        .outerjoin(User, User.id == Complaint.handler_id)
        .where(*conds)
        .order_by(Complaint.archive_at, Complaint.id)
        .limit(limit)
    )
    frame["archive_at"] = pd.to_datetime(frame["archive_at"])
    return frame


@store_cached(ttl=300, max_entries=8)
def handler_candidates() -> pd.DataFrame:
    """Active users a case can be handed to: id, display_name, username."""
    return run.frame(
        select(User.id, User.display_name, User.username)
        .where(User.active, User.role.in_(HANDLER_ROLES))
        .order_by(User.display_name, User.id)
    )


def forget() -> None:
    """Called by the writes that add or change complaints."""
    for fn in (_open_repeats, handling_queue, surveys_due):
        fn.clear()
