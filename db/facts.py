"""The facts derived from the complaints and kept beside them in the store: ``complaint_stages``
(one row per stage deadline) and the SLA rollups by day (``sla_days``, ``sla_intake_hours``); and
the monthly snapshots counted per tier (``loyalty_months``, ``rebuild_loyalty``).

Every ORM insert or update of a complaint rewrites its facts in the same transaction (the listener
at the end), so no write path can leave them behind; bulk statements call ``refresh`` themselves (a
re-timing) or ``add_new`` and ``count_new`` (an import), and a bulk load calls ``rebuild``, which
recounts everything (by hand: ``python -m db.rebuild_facts``). A rollup row changes by subtracting a
complaint's old deadlines and adding its new ones, so concurrent writers only ever add to a row and
cannot lose each other's counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Integer,
    Select,
    SQLColumnExpression,
    Table,
    and_,
    case,
    delete,
    event,
    func,
    insert,
    literal,
    literal_column,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, Mapper, Session

from db.dialect import add_into, epoch_day, hour, weekday
from db.models import (
    Complaint,
    ComplaintStage,
    Customer,
    CustomerMonthly,
    LoyaltyMonth,
    SlaAgentDay,
    SlaDay,
    SlaIntakeHour,
)
from domain.codes import STAGES
from domain.loyalty import HIGH_POTENTIAL_REPAYMENT_RATE, next_month

EPOCH = date(1970, 1, 1)
CHUNK = 500  # complaint ids per statement: well under SQLite's bound-parameter limit

_COPIED = (
    "received_at",
    "ref_no",
    "city_id",
    "team_id",
    "agent_id",
    "handler_id",
    "first_owner_id",
    "channel",
    "level",
    "category",
    "status",
    "duplicate_of_id",
)
STAGE_COLUMNS = ("due_at", "complaint_id", "stage", "done_at", *_COPIED)
NO_TEAM = 0  # the team key of a complaint without a team: rollup keys are never NULL
NO_NEXT_TIER = ""  # a snapshot's next tier when the customer has no snapshot the month after


def day_number(day: date) -> int:
    """The rollups' day key of ``day``."""
    return (day - EPOCH).days


def team_key(team_id: SQLColumnExpression[int | None]) -> ColumnElement[int]:
    """A complaint's team as a rollup key: ``NO_TEAM`` for none. A literal, not a bound parameter:
    PostgreSQL must see the same expression in SELECT and GROUP BY."""
    return func.coalesce(team_id, literal_column(str(NO_TEAM)))


def day_of(number: int) -> date:
    """The date of a rollup day key."""
    return EPOCH + timedelta(days=number)


def stage_rows(complaints: ColumnElement[bool]) -> CompoundSelect:
    """The ``complaint_stages`` rows of the complaints matching ``complaints``, from their columns."""
    return union_all(
        *(
            select(
                getattr(Complaint, f"{stage}_due_at"),
                Complaint.id,
                literal(stage),
                getattr(Complaint, f"{stage}_at"),
                *(getattr(Complaint, name) for name in _COPIED),
            ).where(complaints)
            for stage in STAGES
        )
    )


@dataclass(frozen=True)
class Rollup:
    """A rollup table, how each of its key columns is computed from a ``complaint_stages`` row, and
    which rows it counts (besides duplicates, which no rollup counts)."""

    table: Table
    keys: dict[str, ColumnElement[Any] | InstrumentedAttribute[Any]]
    only: tuple[ColumnElement[bool], ...] = ()


_S = ComplaintStage
ROLLUPS = (
    Rollup(
        SlaDay.__table__,
        {
            "day": epoch_day(_S.due_at),
            "stage": _S.stage,
            "level": _S.level,
            "channel": _S.channel,
            "city_id": _S.city_id,
            "team_id": team_key(_S.team_id),
        },
    ),
    Rollup(
        SlaIntakeHour.__table__,
        {
            "day": epoch_day(_S.due_at),
            "weekday": weekday(_S.received_at),
            "hour": hour(_S.received_at),
            "level": _S.level,
            "channel": _S.channel,
        },
    ),
    Rollup(
        SlaAgentDay.__table__,
        {
            "day": epoch_day(_S.due_at),
            "agent_id": _S.agent_id,
            "level": _S.level,
            "channel": _S.channel,
            "city_id": _S.city_id,
            "team_id": team_key(_S.team_id),
        },
        (_S.agent_id.is_not(None),),
    ),
)
COUNTS = ("deadlines", "met")
MET = case((and_(_S.done_at.is_not(None), _S.done_at <= _S.due_at), 1), else_=0)


def _grouped(rollup: Rollup, stages: ColumnElement[bool], sign: int = 1) -> Select[tuple[object, ...]]:
    """The rollup rows of the deadlines matching ``stages`` (duplicates are never counted), times ``sign``."""
    keys = [expr.label(name) for name, expr in rollup.keys.items()]
    factor: ColumnElement[int] = literal_column(str(sign), Integer())
    return (
        select(*keys, (factor * func.count()).label("deadlines"), (factor * func.sum(MET)).label("met"))
        .where(_S.duplicate_of_id.is_(None), *rollup.only, stages)
        .group_by(*keys)
    )


def _in_due_order(rows: CompoundSelect) -> Select[Any]:
    """``rows`` sorted by due time: SQLite's table is clustered on it, and rows that arrive in its
    order land on neighbouring pages (appended, for a rebuild) instead of all over the table."""
    sub = rows.subquery()
    return select(*sub.c).order_by(sub.c[0])


def _count(conn: Connection | Session, theirs: ColumnElement[bool], sign: int = 1) -> None:
    for rollup in ROLLUPS:
        add_into(conn, rollup.table, list(rollup.keys), COUNTS, _grouped(rollup, theirs, sign))


def refresh(conn: Connection | Session, ids: Sequence[int]) -> None:
    """Rewrite the deadlines of the complaints ``ids`` from their current columns and move their
    counts in the rollups from what they were to what they are."""
    if not ids:
        return
    # The ids themselves, not a subquery: PostgreSQL would hash-join a subquery against every deadline.
    theirs = _S.complaint_id.in_(ids)
    _count(conn, theirs, -1)
    conn.execute(delete(_S).where(theirs))
    add_new(conn, ids)
    _count(conn, theirs)


def add_new(conn: Connection | Session, ids: Sequence[int]) -> None:
    """The deadlines of the complaints ``ids``, inserted in bulk in this transaction (they have none
    yet); ``count_new`` adds them to the rollups once the last of them are in."""
    conn.execute(insert(_S).from_select(STAGE_COLUMNS, _in_due_order(stage_rows(Complaint.id.in_(ids)))))


def count_new(conn: Connection | Session, complaints: ColumnElement[bool]) -> None:
    """Count the deadlines ``add_new`` wrote for the complaints matching ``complaints`` into the
    rollups: one statement per rollup for a whole import upserts each rollup row once, not once per
    chunk (half the time of counting chunk by chunk on PostgreSQL)."""
    _count(conn, _S.complaint_id.in_(select(Complaint.id).where(complaints)))


def refresh_cases(session: Session, complaint_ids: Iterable[int]) -> None:
    """``refresh`` these complaints (after a bulk UPDATE, which fires no ORM listener)."""
    ids = sorted(set(complaint_ids))
    for start in range(0, len(ids), CHUNK):
        refresh(session, ids[start : start + CHUNK])


def rebuild(conn: Connection | Session, rollups: Iterable[str] | None = None) -> int:
    """Recount the deadlines from the complaints, then ``rollups`` (table names; default every one: a
    migration names those that exist at its revision); returns how many deadlines there are."""
    conn.execute(delete(_S))
    conn.execute(insert(_S).from_select(STAGE_COLUMNS, _in_due_order(stage_rows(true()))))
    for table in rollups if rollups is not None else [r.table.name for r in ROLLUPS]:
        recount(conn, table)
    return int(conn.execute(select(func.count()).select_from(_S)).scalar_one())


def recount(conn: Connection | Session, table: str) -> None:
    """Recount one rollup from ``complaint_stages`` (a migration that adds a rollup fills it so)."""
    rollup = next(r for r in ROLLUPS if r.table.name == table)
    conn.execute(delete(rollup.table))
    conn.execute(insert(rollup.table).from_select([*rollup.keys, *COUNTS], _grouped(rollup, true())))


def segment_expr(bucket: SQLColumnExpression[str], repayment_rate: SQLColumnExpression[float]) -> ColumnElement[str]:
    """The bucket with M3+ split by historical repayment rate (seed 003), as ``domain.loyalty.segment_for``."""
    return case(
        (and_(bucket == "M3+", repayment_rate > HIGH_POTENTIAL_REPAYMENT_RATE), "M3+_high"),
        (bucket == "M3+", "M3+_low"),
        else_=bucket,
    )


def rebuild_loyalty(conn: Connection | Session) -> int:
    """Recount ``loyalty_months`` from the monthly snapshots; returns how many rows it holds."""
    conn.execute(delete(LoyaltyMonth))
    months = [m for (m,) in conn.execute(select(CustomerMonthly.month).distinct())]
    if not months:
        return 0
    cm = CustomerMonthly
    # Each snapshot beside the customer's next one, in one pass over the snapshots in key order; the
    # next one counts only when it is the very next month.
    paired = select(
        cm.customer_id,
        cm.month,
        cm.loyalty_tier,
        cm.bucket,
        cm.debt_amount,
        cm.repaid_30d,
        func.lead(cm.month).over(partition_by=cm.customer_id, order_by=cm.month).label("later_month"),
        func.lead(cm.loyalty_tier).over(partition_by=cm.customer_id, order_by=cm.month).label("later_tier"),
    ).subquery()
    following = case({m: next_month(m) for m in months}, value=paired.c.month)
    cells = (
        select(
            paired.c.month.label("month"),
            Customer.city_id.label("city_id"),
            paired.c.loyalty_tier.label("tier"),
            segment_expr(paired.c.bucket, Customer.historical_repayment_rate).label("segment"),
            case((paired.c.later_month == following, paired.c.later_tier), else_=literal(NO_NEXT_TIER)).label(
                "next_tier"
            ),
            paired.c.debt_amount.label("debt"),
            paired.c.repaid_30d.label("repaid"),
        ).join(Customer, Customer.id == paired.c.customer_id)
    ).subquery()
    keys = [cells.c.month, cells.c.city_id, cells.c.tier, cells.c.segment, cells.c.next_tier]
    conn.execute(
        insert(LoyaltyMonth).from_select(
            ["month", "city_id", "tier", "segment", "next_tier", "customers", "debt", "repaid"],
            select(*keys, func.count(), func.sum(cells.c.debt), func.sum(cells.c.repaid)).group_by(*keys),
        )
    )
    return int(conn.execute(select(func.count()).select_from(LoyaltyMonth)).scalar_one())


def _rewrite_one(_mapper: Mapper[Complaint], connection: Connection, target: Complaint) -> None:
    refresh(connection, [target.id])


event.listen(Complaint, "after_insert", _rewrite_one)
event.listen(Complaint, "after_update", _rewrite_one)
