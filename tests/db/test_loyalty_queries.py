"""Loyalty reads (db/queries/loyalty.py) against a tiny hand-checkable store on both backends, the
0003 migration on a store that already holds data, and the seeded monthly snapshots.

Snapshots (tier, bucket, overdue days, debt, repaid within 30 days); rates are historical repayment:

cust city rate  2026-09      2026-10                         2026-11
1    A    0.90  stable       potential M1 10d 1000 / 300     potential M1 5d 800 / 400
2    A    0.80  —            stable M2 45d 2000 / 200        high_risk M3+ 95d 2100 / 0      (rate exactly 0.8: low)
3    A    0.85  —            high_risk M3+ 120d 5000 / 100   high_risk M3+ 150d 5000 / 250   (high potential)
4    B    0.95  —            dormant current 500 / 250       dormant current 500 / 100
5    B    0.70  —            potential M1 20d 1500 / 0       stable M3 70d 1600 / 160
6    A    0.60  —            stable M3 61d 3000 / 300        —  (left the book)
7    B    0.99  —            —                               potential M1 30d 1000 / 500  (new)

Complaints (received, customer, category, level, channel):
C1 11-05 cust 1 interest_dispute L2 phone · C2 11-06 cust 1 violent_collection L1 app (improper)
C3 10-10 cust 2 improper_language L2 phone (improper) · C4 11-10 cust 5 app_problem L3 app
C5 11-07 cust 1 duplicate of C1 (never counted) · C6 09-20 cust 3 (before the range)
C7 10-15 cust 4 night_calls L2 phone (improper)
Surveys: October scores 5, 3 (1 of 2 satisfied); November 4, 4, 2 (2 of 3).

The range is 2026-10-01 … 2026-11-30: months October and November.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pandas as pd
import pytest
from alembic import command
from sqlalchemy import create_engine, func, inspect, select, text

from db import facts, migrate
from db.engine import engine, session_scope
from db.models import Agent, City, Complaint, Customer, CustomerMonthly, SatisfactionSurvey, Team, User
from db.queries import loyalty as q
from domain import loyalty
from domain.codes import STAGES
from domain.filters import Filters
from tests.helpers import AS_OF, seed_store

SEP, OCT, NOV = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)
ALL = Filters(start=date(2026, 10, 1), end=date(2026, 11, 30))
CITY_A = Filters(start=ALL.start, end=ALL.end, city_ids=(1,))
RATES = {1: 0.90, 2: 0.80, 3: 0.85, 4: 0.95, 5: 0.70, 6: 0.60, 7: 0.99}
CITIES = {1: 1, 2: 1, 3: 1, 4: 2, 5: 2, 6: 1, 7: 2}
SNAPSHOTS = [  # customer, month, tier, bucket, overdue days, debt, repaid
    (1, SEP, "stable", "M2", 40, 900, 90),
    (1, OCT, "potential", "M1", 10, 1000, 300),
    (1, NOV, "potential", "M1", 5, 800, 400),
    (2, OCT, "stable", "M2", 45, 2000, 200),
    (2, NOV, "high_risk", "M3+", 95, 2100, 0),
    (3, OCT, "high_risk", "M3+", 120, 5000, 100),
    (3, NOV, "high_risk", "M3+", 150, 5000, 250),
    (4, OCT, "dormant", "current", 0, 500, 250),
    (4, NOV, "dormant", "current", 0, 500, 100),
    (5, OCT, "potential", "M1", 20, 1500, 0),
    (5, NOV, "stable", "M3", 70, 1600, 160),
    (6, OCT, "stable", "M3", 61, 3000, 300),
    (7, NOV, "potential", "M1", 30, 1000, 500),
]


def _customer(cid: int) -> Customer:
    last = [s for s in SNAPSHOTS if s[0] == cid][-1]
    return Customer(
        id=cid,
        code=f"C{cid:08d}",
        name="王小明",
        phone="13800138000",
        id_number="11010519491231002X",
        city_id=CITIES[cid],
        debt_amount=Decimal(last[5]),
        overdue_days=last[4],
        bucket=last[3],
        historical_repayment_rate=RATES[cid],
        loyalty_tier=last[2],
        income_stability=0.5,
        debt_ratio=0.5,
        overdue_count=1,
        cooperation=0.5,
        first_loan_amount=Decimal(5000),
        cumulative_repaid=Decimal(1000),
        referrals=0,
        ability_score=50,
        willingness_score=50,
        value_score=50,
        created_at=datetime(2026, 1, 1),
    )


def _complaint(
    cid: int,
    received: datetime,
    customer: int,
    category: str,
    level: str,
    channel: str = "phone",
    duplicate_of: int | None = None,
) -> Complaint:
    due = {f"{s}_due_at": received + timedelta(days=k + 1) for k, s in enumerate(STAGES)}
    return Complaint(
        id=cid,
        ref_no=f"TS-LOY-{cid}",
        received_at=received,
        channel=channel,
        level=level,
        category=category,
        city_id=CITIES[customer],
        team_id=1,
        customer_id=customer,
        agent_id=1,
        description="测试投诉",
        status="received",
        duplicate_of_id=duplicate_of,
        exec_reported=level == "L1",
        **due,
    )


def build_rows() -> list:
    rows: list = [
        City(id=1, name="甲市", name_en="City A", province="甲省", province_en="A"),
        City(id=2, name="乙市", name_en="City B", province="乙省", province_en="B"),
        Team(id=1, name="甲市一组", name_en="A1", city_id=1),
        Agent(id=1, code="A0001", name="坐席一", team_id=1, hired_on=date(2024, 1, 2)),
        User(id=1, username="handler", display_name="处理人", email="h@example.cn", role="prevention"),
    ]
    rows += [_customer(cid) for cid in sorted(RATES)]
    rows += [
        CustomerMonthly(
            customer_id=c,
            month=m,
            loyalty_tier=tier,
            bucket=b,
            overdue_days=d,
            debt_amount=Decimal(debt),
            repaid_30d=Decimal(repaid),
        )
        for c, m, tier, b, d, debt, repaid in SNAPSHOTS
    ]
    rows += [
        _complaint(1, datetime(2026, 11, 5, 10), 1, "interest_dispute", "L2"),
        _complaint(2, datetime(2026, 11, 6, 10), 1, "violent_collection", "L1", channel="app"),
        _complaint(3, datetime(2026, 10, 10, 10), 2, "improper_language", "L2"),
        _complaint(4, datetime(2026, 11, 10, 10), 5, "app_problem", "L3", channel="app"),
        _complaint(5, datetime(2026, 11, 7, 10), 1, "interest_dispute", "L2", duplicate_of=1),
        _complaint(6, datetime(2026, 9, 20, 10), 3, "interest_dispute", "L2"),
        _complaint(7, datetime(2026, 10, 15, 10), 4, "night_calls", "L2"),
    ]
    rows += [
        SatisfactionSurvey(agent_id=1, customer_id=1, at=at, score=score)
        for at, score in (
            (datetime(2026, 10, 3, 9), 5),
            (datetime(2026, 10, 20, 9), 3),
            (datetime(2026, 11, 2, 9), 4),
            (datetime(2026, 11, 12, 9), 4),
            (datetime(2026, 11, 29, 9), 2),
        )
    ]
    return rows


@pytest.fixture
def store(make_store) -> str:
    return make_store(build_rows())


def _records(frame: pd.DataFrame, columns: list[str]) -> set[tuple]:
    return set(frame[columns].itertuples(index=False, name=None))


# ---- tier mix and recovery by month ---------------------------------------------------------------


def test_tier_months_counts_debt_and_repaid(store: str) -> None:
    got = q.tier_months(ALL)
    assert list(got.columns) == ["month", "tier", "customers", "debt", "repaid"]
    assert _records(got, ["month", "tier", "customers"]) == {
        (OCT, "potential", 2),
        (OCT, "stable", 2),
        (OCT, "high_risk", 1),
        (OCT, "dormant", 1),
        (NOV, "potential", 2),
        (NOV, "stable", 1),
        (NOV, "high_risk", 2),
        (NOV, "dormant", 1),
    }  # September is outside the range
    sums = {(r.month, r.tier): (r.debt, r.repaid) for r in got.itertuples()}
    assert sums[(OCT, "potential")] == pytest.approx((2500, 300))
    assert sums[(OCT, "stable")] == pytest.approx((5000, 500))
    assert sums[(NOV, "high_risk")] == pytest.approx((7100, 250))
    assert sums[(NOV, "potential")] == pytest.approx((1800, 900))


def test_city_filter_uses_the_customers_city(store: str) -> None:
    got = q.tier_months(CITY_A)
    assert _records(got, ["month", "tier", "customers"]) == {
        (OCT, "potential", 1),
        (OCT, "stable", 2),
        (OCT, "high_risk", 1),
        (NOV, "potential", 1),
        (NOV, "high_risk", 2),
    }
    assert got.loc[(got["month"] == NOV) & (got["tier"] == "potential"), "repaid"].item() == pytest.approx(400)


def test_tier_shares_against_the_plan(store: str) -> None:
    counts = q.tier_months(ALL).query("month == @NOV").set_index("tier")["customers"].to_dict()
    gap = {tier: (n, actual, planned) for tier, n, actual, planned in loyalty.plan_gap(counts)}
    assert gap == {
        "potential": (2, pytest.approx(2 / 6), 0.35),
        "stable": (1, pytest.approx(1 / 6), 0.25),
        "high_risk": (2, pytest.approx(2 / 6), 0.30),
        "dormant": (1, pytest.approx(1 / 6), 0.10),
    }


def test_empty_range_has_no_months(store: str) -> None:
    assert q.tier_months(Filters(start=date(2025, 1, 1), end=date(2025, 3, 31))).empty


# ---- tier × segment -----------------------------------------------------------------------------


def test_tier_segments_split_m3plus_at_point_eight(store: str) -> None:
    got = q.tier_segments(ALL, NOV)
    assert _records(got, ["tier", "segment", "customers"]) == {
        ("potential", "M1", 2),
        ("stable", "M3", 1),
        ("high_risk", "M3+_low", 1),
        ("high_risk", "M3+_high", 1),
        ("dormant", "current", 1),
    }
    assert _records(q.tier_segments(CITY_A, NOV), ["tier", "segment", "customers"]) == {
        ("potential", "M1", 1),
        ("high_risk", "M3+_low", 1),
        ("high_risk", "M3+_high", 1),
    }
    assert _records(q.tier_segments(ALL, OCT), ["tier", "segment", "customers"]) == {
        ("potential", "M1", 2),
        ("stable", "M2", 1),
        ("stable", "M3", 1),
        ("high_risk", "M3+_high", 1),
        ("dormant", "current", 1),
    }


def test_segment_sql_agrees_with_the_domain_rule(store: str) -> None:
    with engine().connect() as conn:
        rows = conn.execute(
            select(
                Customer.overdue_days,
                Customer.historical_repayment_rate,
                facts.segment_expr(Customer.bucket, Customer.historical_repayment_rate),
            )
        ).all()
    assert rows and all(seg == loyalty.segment_for(days, rate) for days, rate, seg in rows)


def test_segment_customers_are_masked_and_ordered(store: str) -> None:
    low = q.segment_customers(ALL, NOV, "high_risk", "M3+_low")
    assert low["code"].tolist() == ["C00000002"]
    assert low["name"].tolist() == ["王**"] and low["phone"].tolist() == ["138****8000"]
    assert low["debt"].tolist() == [pytest.approx(2100)]
    m1 = q.segment_customers(ALL, NOV, "potential", "M1")
    assert m1["code"].tolist() == ["C00000007", "C00000001"]  # debt 1000 before 800
    assert q.segment_customers(CITY_A, NOV, "potential", "M1")["code"].tolist() == ["C00000001"]


# ---- migration and retention --------------------------------------------------------------------


def test_tier_transitions_month_over_month(store: str) -> None:
    got = q.tier_transitions(ALL, (OCT, NOV))
    assert sorted(got.itertuples(index=False, name=None), key=str) == sorted(
        [
            (OCT, "stable", "potential", 1),
            (NOV, "potential", "potential", 1),
            (NOV, "potential", "stable", 1),
            (NOV, "stable", "high_risk", 1),
            (NOV, "stable", None, 1),
            (NOV, "high_risk", "high_risk", 1),
            (NOV, "dormant", "dormant", 1),
        ],
        key=str,
    )
    city_a = q.tier_transitions(CITY_A, (NOV,))
    assert sorted(city_a.itertuples(index=False, name=None), key=str) == sorted(
        [
            (NOV, "potential", "potential", 1),
            (NOV, "stable", "high_risk", 1),
            (NOV, "stable", None, 1),
            (NOV, "high_risk", "high_risk", 1),
        ],
        key=str,
    )


def test_kpis_by_month_and_programme_checks(store: str) -> None:
    kpis = q.kpi_months(ALL).set_index("month")
    assert kpis.loc[OCT, "retention"] == pytest.approx(1.0)  # customer 1: stable → potential
    assert kpis.loc[NOV, "retention"] == pytest.approx(3 / 5)  # 1, 4, 5 kept of 1, 2, 4, 5, 6
    assert kpis.loc[OCT, "recovery"] == pytest.approx(1150 / 13000)
    assert kpis.loc[NOV, "recovery"] == pytest.approx(1410 / 11000)
    assert kpis.loc[OCT, "improper_share"] == pytest.approx(2 / 2)
    assert kpis.loc[NOV, "improper_share"] == pytest.approx(1 / 3)
    assert kpis.loc[OCT, "satisfaction"] == pytest.approx(1 / 2)
    assert kpis.loc[NOV, "satisfaction"] == pytest.approx(2 / 3)

    checks = q.programme_checks(q.kpi_months(ALL), NOV)
    assert checks["retention"].base == pytest.approx(1.0) and checks["retention"].target == 1.0
    assert checks["retention"].met is False
    assert checks["recovery"].target == pytest.approx(1150 / 13000 * 1.15) and checks["recovery"].met is True
    assert checks["improper_share"].target == 0.10 and checks["improper_share"].met is False
    assert checks["satisfaction"].met is False

    assert q.kpi_months(CITY_A).set_index("month").loc[NOV, "retention"] == pytest.approx(1 / 3)


# ---- complaints ---------------------------------------------------------------------------------


def test_complaint_rate_by_tier(store: str) -> None:
    got = q.complaints_by_tier(ALL, NOV)
    assert _records(got, ["tier", "customers", "complaints", "rate"]) == {
        ("potential", 2, 2, 1.0),
        ("stable", 1, 1, 1.0),
        ("high_risk", 2, 1, 0.5),
        ("dormant", 1, 1, 1.0),
    }
    city_a = q.complaints_by_tier(CITY_A, NOV)
    assert _records(city_a, ["tier", "customers", "complaints"]) == {("potential", 1, 2), ("high_risk", 2, 1)}
    # Complaint filters narrow the complaints, never the customers.
    l2 = q.complaints_by_tier(Filters(start=ALL.start, end=ALL.end, levels=("L2",)), NOV)
    assert _records(l2, ["tier", "customers", "complaints"]) == {
        ("potential", 2, 1),
        ("stable", 1, 0),
        ("high_risk", 2, 1),
        ("dormant", 1, 1),
    }


def test_programme_months(store: str) -> None:
    got = q.programme_months(ALL)
    assert got.to_dict("records") == [
        {"month": OCT, "complaints": 2, "improper": 2, "surveys": 2, "satisfied": 1},
        {"month": NOV, "complaints": 3, "improper": 1, "surveys": 3, "satisfied": 2},
    ]
    only_app = q.programme_months(Filters(start=ALL.start, end=ALL.end, channels=("app",)))
    assert only_app[["complaints", "improper"]].values.tolist() == [[0, 0], [2, 1]]


# ---- the 0003 migration -------------------------------------------------------------------------


def test_0003_upgrades_a_store_with_data_without_losing_rows(store_url: str, use_store) -> None:
    use_store(store_url)
    migrate.upgrade("0002")
    assert "customer_monthly" not in inspect(engine()).get_table_names()
    with engine().begin() as conn:
        conn.execute(
            City.__table__.insert().values(id=9, name="丙市", name_en="City C", province="丙省", province_en="C")
        )
        conn.execute(
            Customer.__table__.insert().values(
                {c.name: getattr(_customer(1), c.key) for c in Customer.__table__.columns} | {"city_id": 9}
            )
        )
    migrate.upgrade("0003")
    assert migrate.current_revision() == "0003"
    with engine().connect() as conn:
        assert conn.execute(text("SELECT id, code, city_id, loyalty_tier FROM customers")).all() == [
            (1, "C00000001", 9, "potential")
        ]
        assert conn.execute(text("SELECT count(*) FROM sla_policy")).scalar_one() == 9
        assert conn.execute(select(func.count()).select_from(CustomerMonthly)).scalar_one() == 0
    with session_scope() as session:
        session.add(
            CustomerMonthly(
                customer_id=1,
                month=NOV,
                loyalty_tier="potential",
                bucket="M1",
                overdue_days=5,
                debt_amount=Decimal("800.00"),
                repaid_30d=Decimal("400.50"),
            )
        )
    indexes = {ix["name"] for ix in inspect(engine()).get_indexes("customer_monthly")}
    assert "ix_customer_monthly_month" in indexes

    cfg = migrate.alembic_config()
    cfg.attributes["allow_data_loss"] = True  # the snapshot row goes with the table, as this test intends
    with engine().begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    assert "customer_monthly" not in inspect(engine()).get_table_names()
    with engine().connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM customers")).scalar_one() == 1


# ---- seeded snapshots ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeded(seeded_sqlite: str) -> dict[str, pd.DataFrame]:
    eng = create_engine(seeded_sqlite)
    try:
        with eng.connect() as conn:
            return {
                "monthly": pd.read_sql(text("SELECT * FROM customer_monthly ORDER BY customer_id, month"), conn),
                "customers": pd.read_sql(
                    text("SELECT id, loyalty_tier, bucket, overdue_days, debt_amount FROM customers"), conn
                ),
            }
    finally:
        eng.dispose()


def test_seed_builds_twelve_months_per_customer_ending_with_the_customer_row(seeded: dict[str, pd.DataFrame]) -> None:
    monthly, customers = seeded["monthly"], seeded["customers"]
    months = sorted(pd.to_datetime(monthly["month"]).dt.date.unique())
    assert len(months) == 12 and months[-1] == AS_OF.date().replace(day=1) and months[0] == date(2025, 12, 1)
    assert (monthly.groupby("customer_id").size() == 12).all()
    assert set(monthly["customer_id"]) == set(customers["id"])
    latest = monthly[pd.to_datetime(monthly["month"]).dt.date == months[-1]].set_index("customer_id")
    now = customers.set_index("id").loc[latest.index]
    assert (latest["loyalty_tier"] == now["loyalty_tier"]).all()
    assert (latest["bucket"] == now["bucket"]).all()
    assert (latest["overdue_days"] == now["overdue_days"]).all()
    assert (latest["debt_amount"].astype(float).round(2) == now["debt_amount"].astype(float).round(2)).all()


def test_seed_snapshots_are_consistent_and_migrate_realistically(seeded: dict[str, pd.DataFrame]) -> None:
    monthly = seeded["monthly"]
    assert (monthly["bucket"] == monthly["overdue_days"].map(loyalty.bucket_for)).all()
    assert ((monthly["repaid_30d"] >= 0) & (monthly["repaid_30d"] <= monthly["debt_amount"])).all()
    assert (monthly["debt_amount"] > 0).all()
    # Most customers keep their tier from one month to the next, some move both ways.
    before = monthly.groupby("customer_id")["loyalty_tier"].shift()
    moved = monthly[before.notna()]
    stay = (moved["loyalty_tier"] == before[before.notna()]).mean()
    assert 0.75 <= stay <= 0.97
    pairs = set(zip(before[before.notna()], moved["loyalty_tier"]))
    assert {("potential", "stable"), ("stable", "high_risk"), ("high_risk", "stable"), ("stable", "potential")} <= pairs
    # Recovery follows the tier: potential customers repay the largest share, high-risk the smallest.
    by_tier = monthly.groupby("loyalty_tier")[["repaid_30d", "debt_amount"]].sum()
    rate = by_tier["repaid_30d"] / by_tier["debt_amount"]
    assert rate["potential"] > rate["stable"] > rate["high_risk"]


def test_snapshots_leave_every_other_table_unchanged(tmp_path, use_store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The snapshots draw from their own random stream: complaints and the rest do not move."""
    from seed_data.generator import Generator

    def complaints(url: str) -> pd.DataFrame:
        eng = create_engine(url)
        try:
            with eng.connect() as conn:
                return pd.read_sql(text("SELECT * FROM complaints ORDER BY id"), conn)
        finally:
            eng.dispose()

    with_snapshots = use_store(f"sqlite:///{tmp_path / 'with.sqlite3'}")
    seed_store(with_snapshots, complaints=200, seed=5)
    monkeypatch.setattr(Generator, "_customer_months", lambda self: 0)
    without = use_store(f"sqlite:///{tmp_path / 'without.sqlite3'}")
    seed_store(without, complaints=200, seed=5)
    pd.testing.assert_frame_equal(complaints(with_snapshots), complaints(without))
