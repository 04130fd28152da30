"""Rows of the hand-made db test stores: the two cities, their teams and the customer most stores
share, a complaint built from per-stage (due, done) pairs or from its status, and inserting rows in an order the foreign keys accept. Each test module keeps its own
data table; these only build its rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from db import facts
from db.engine import engine, session_scope
from db.models import City, Complaint, Customer, Team
from domain.codes import STAGES
from tests.helpers import dt

CITY_A, CITY_B = 1, 2


def two_cities() -> list[City]:
    """甲市 (City A, id 1) and 乙市 (City B, id 2)."""
    return [
        City(id=CITY_A, name="甲市", name_en="City A", province="甲省", province_en="A"),
        City(id=CITY_B, name="乙市", name_en="City B", province="乙省", province_en="B"),
    ]


def two_teams(name_en: tuple[str, str] = ("A1", "B1")) -> list[Team]:
    """One team per city, with the city's id: 甲市一组 in A and 乙市一组 in B."""
    return [
        Team(id=CITY_A, name="甲市一组", name_en=name_en[0], city_id=CITY_A),
        Team(id=CITY_B, name="乙市一组", name_en=name_en[1], city_id=CITY_B),
    ]


def customer(cid: int = 1, *, city: int = CITY_A, **columns: object) -> Customer:
    """客户甲, an ordinary M1 customer of ``city`` created on 2026-01-01; ``columns`` override any value."""
    values: dict[str, object] = dict(
        id=cid,
        code=f"C{cid:08d}",
        name="客户甲",
        phone="13800000000",
        id_number="110105199001010011",
        city_id=city,
        debt_amount=1000,
        overdue_days=10,
        bucket="M1",
        historical_repayment_rate=0.9,
        loyalty_tier="potential",
        income_stability=0.8,
        debt_ratio=0.3,
        overdue_count=1,
        cooperation=0.8,
        first_loan_amount=5000,
        cumulative_repaid=4000,
        referrals=0,
        ability_score=80,
        willingness_score=80,
        value_score=20,
        created_at=dt("01-01"),
    )
    values.update(columns)
    return Customer(**values)


def staged_complaint(
    cid: int,
    received: datetime,
    stages: dict[str, tuple[datetime, datetime | None]],
    *,
    ref_prefix: str,
    city: int = CITY_A,
    team: int | None = CITY_A,
    level: str = "L2",
    channel: str = "phone",
    category: str = "interest_dispute",
    agent: int | None = None,
    handler: int | None = 1,
    duplicate_of: int | None = None,
) -> Complaint:
    """Complaint ``cid`` (reference ``<ref_prefix><cid>``) of customer 1 with every stage's (due, done)
    from ``stages``; its status is the last stage done before the first open one, the handler is
    also the first owner, and an L1 is reported to the executives."""
    status = "received"
    for stage in STAGES:
        if stages[stage][1] is None:
            break
        status = stage
    return Complaint(
        id=cid,
        ref_no=f"{ref_prefix}{cid}",
        received_at=received,
        channel=channel,
        level=level,
        category=category,
        city_id=city,
        team_id=team,
        customer_id=1,
        agent_id=agent,
        handler_id=handler,
        first_owner_id=handler,
        description="测试投诉",
        status=status,
        duplicate_of_id=duplicate_of,
        exec_reported=level == "L1",
        **{f"{s}_due_at": stages[s][0] for s in STAGES},
        **{f"{s}_at": stages[s][1] for s in STAGES},
    )


def complaint_in_status(
    cid: int,
    ref: str,
    received: datetime,
    status: str,
    next_due: datetime,
    *,
    customer: int | None = 1,
    category: str = "interest_dispute",
    level: str = "L2",
    city: int = 1,
    team: int | None = 1,
    handler: int = 2,
    duplicate_of: int | None = None,
) -> Complaint:
    """Stages before ``status`` done an hour after receipt; the next stage due at ``next_due``."""
    done_upto = -1 if status == "received" else STAGES.index(status)
    stage_cols: dict[str, datetime | None] = {}
    for i, stage in enumerate(STAGES):
        stage_cols[f"{stage}_at"] = received.replace(hour=received.hour + 1) if i <= done_upto else None
        stage_cols[f"{stage}_due_at"] = next_due if i == done_upto + 1 else dt("12-31")
    return Complaint(
        id=cid,
        ref_no=ref,
        received_at=received,
        channel="phone",
        level=level,
        category=category,
        city_id=city,
        team_id=team,
        customer_id=customer,
        handler_id=handler,
        first_owner_id=handler,
        description="既有投诉",
        status=status,
        duplicate_of_id=duplicate_of,
        exec_reported=level == "L1",
        **stage_cols,
    )


def insert(rows: Iterable[object], then: Iterable[object] = ()) -> None:
    """Insert ``rows`` one flush at a time, in order (parents first, a duplicate after its original),
    then ``then`` in one go; into the store DASHBOARD_DB_URL names. Monthly snapshots are then
    counted into ``loyalty_months``, as the seed's snapshot load does."""
    with session_scope() as session:
        for row in rows:
            session.add(row)
            session.flush()
        session.add_all(then)
        session.flush()
        facts.rebuild_loyalty(session)


def move_sequences(tables: Iterable[str]) -> None:
    """On PostgreSQL, move the id sequences of ``tables`` past the explicit ids a store was built with,
    so the app's own inserts get fresh ids (SQLite needs nothing)."""
    if engine().dialect.name != "postgresql":
        return
    with engine().begin() as conn:
        for table in tables:
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )
