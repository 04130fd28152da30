"""One complaint as a case: its stage times, duplicates and timeline; PII masked unless asked."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from db.engine import engine
from db.models import (
    Agent,
    City,
    Complaint,
    ComplaintEvent,
    ComplaintOutcome,
    ComplaintResolution,
    Customer,
    SatisfactionSurvey,
    Team,
    User,
)
from db.queries import run
from db.queries.cache import store_cached
from db.queries.conditions import complaint_conditions, complaint_scope
from domain.filters import Filters
from domain.masking import mask_id_number, mask_name, mask_phone
from domain.users import EVERYTHING, Scope

RECENT_LIMIT = 50
# What every list of cases shows first: the number, when and how it came in, how grave, and where it stands.
CASE_SUMMARY = (
    Complaint.ref_no,
    Complaint.received_at,
    Complaint.channel,
    Complaint.level,
    Complaint.category,
    Complaint.status,
)


@store_cached(ttl=60, max_entries=512)
def case(ref_no: str, unmasked: bool = False, *, scope: Scope = EVERYTHING) -> dict | None:
    """The case with this reference number (trimmed, case-insensitive), or None, also when it lies
    outside ``scope``: the page then says "not found or not in your scope" and shows none of it."""
    handler, owner = aliased(User), aliased(User)
    stmt = (
        select(
            *Complaint.__table__.columns,
            City.name.label("city"),
            City.name_en.label("city_en"),
            Team.name.label("team"),
            Team.name_en.label("team_en"),
            Agent.code.label("agent_code"),
            Agent.name.label("agent_name"),
            Customer.name.label("customer_name"),
            Customer.phone.label("customer_phone"),
            Customer.id_number.label("customer_id_number"),
            Customer.code.label("customer_code"),
            handler.display_name.label("handler"),
            owner.display_name.label("first_owner"),
        )
        .join(City, City.id == Complaint.city_id)
        .outerjoin(Team, Team.id == Complaint.team_id)
        .outerjoin(Agent, Agent.id == Complaint.agent_id)
        .outerjoin(Customer, Customer.id == Complaint.customer_id)
        .outerjoin(handler, handler.id == Complaint.handler_id)
        .outerjoin(owner, owner.id == Complaint.first_owner_id)
        .where(Complaint.ref_no == ref_no.strip().upper())  # refs are stored upper-case: the unique index serves
        .where(*complaint_scope(scope))
    )
    with engine().connect() as conn:
        row = conn.execute(stmt).first()
    if row is None:
        return None
    m = row._mapping
    out = {col.name: m[col] for col in Complaint.__table__.columns}
    out.update(
        {
            k: m[k]
            for k in (
                "city",
                "city_en",
                "team",
                "team_en",
                "agent_code",
                "agent_name",
                "customer_code",
                "handler",
                "first_owner",
            )
        }
    )
    name, phone, idn = m["customer_name"], m["customer_phone"], m["customer_id_number"]
    out["customer_name"] = name if unmasked else mask_name(name)
    out["customer_phone"] = phone if unmasked else mask_phone(phone)
    out["customer_id_number"] = idn if unmasked else mask_id_number(idn)
    return out


@store_cached(ttl=30, max_entries=512)
def timeline(complaint_id: int) -> pd.DataFrame:
    """Every event of the case, oldest first, with who did it."""
    stmt = (
        select(
            ComplaintEvent.at,
            ComplaintEvent.kind,
            ComplaintEvent.stage,
            ComplaintEvent.note,
            User.display_name.label("actor"),
        )
        .outerjoin(User, User.id == ComplaintEvent.actor_id)
        .where(ComplaintEvent.complaint_id == complaint_id)
        .order_by(ComplaintEvent.at, ComplaintEvent.id)
    )
    return run.frame(stmt)


@store_cached(ttl=60, max_entries=512)
def linked(complaint_id: int, duplicate_of_id: int | None, scope: Scope = EVERYTHING) -> pd.DataFrame:
    """The original this case duplicates and every other duplicate of the same original, within ``scope``."""
    root = duplicate_of_id or complaint_id
    stmt = (
        select(Complaint.id, Complaint.ref_no, Complaint.received_at, Complaint.status, Complaint.duplicate_of_id)
        .where(or_(Complaint.id == root, Complaint.duplicate_of_id == root), Complaint.id != complaint_id)
        .where(*complaint_scope(scope))
        .order_by(Complaint.received_at)
    )
    return run.frame(stmt)


@store_cached(ttl=60, max_entries=256)
def recent(f: Filters, limit: int = RECENT_LIMIT) -> pd.DataFrame:
    """The latest complaints received under the filters, newest first, customer names masked.

    Duplicates are listed too (each is a case someone may look up), with their original's number.
    """
    original = aliased(Complaint)
    stmt = (
        select(
            *CASE_SUMMARY,
            City.name.label("city"),
            City.name_en.label("city_en"),
            Customer.name.label("customer_name"),
            original.ref_no.label("duplicate_of"),
        )
        .join(City, City.id == Complaint.city_id)
        .outerjoin(Customer, Customer.id == Complaint.customer_id)
        .outerjoin(original, original.id == Complaint.duplicate_of_id)
        .where(*complaint_conditions(f, include_duplicates=True))
        .order_by(Complaint.received_at.desc(), Complaint.id.desc())
        .limit(limit)
    )
    frame = run.frame(stmt)
    frame["customer_name"] = frame["customer_name"].map(lambda n: mask_name(n) if isinstance(n, str) else "")
    return frame


@store_cached(ttl=60, max_entries=512)
def closure(complaint_id: int) -> dict:
    """How the case was closed so far: ``resolution`` (reply, recorded_at, recorded_by) or None,
    ``outcomes`` as (kind, amount) pairs in stored order, ``survey`` (score, comment, source, at) or None."""
    recorder = aliased(User)
    resolution = run.rows(
        select(ComplaintResolution.reply, ComplaintResolution.recorded_at, recorder.display_name.label("recorded_by"))
        .outerjoin(recorder, recorder.id == ComplaintResolution.recorded_by)
        .where(ComplaintResolution.complaint_id == complaint_id)
    )
    outcomes = run.rows(
        select(ComplaintOutcome.kind, ComplaintOutcome.amount)
        .where(ComplaintOutcome.complaint_id == complaint_id)
        .order_by(ComplaintOutcome.id)
    )
    s = SatisfactionSurvey
    survey = run.rows(select(s.score, s.comment, s.source, s.at).where(s.complaint_id == complaint_id))
    return {
        "resolution": dict(resolution[0]._mapping) if resolution else None,
        "outcomes": [(kind, amount) for kind, amount in outcomes],
        "survey": dict(survey[0]._mapping) if survey else None,
    }


def forget() -> None:
    """Called by writes that add events or change a case."""
    for fn in (case, timeline, linked, recent, closure):
        fn.clear()
