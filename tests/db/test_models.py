"""ORM models on SQLite and PostgreSQL: every table round-trips, unique and foreign-key constraints
hold, and a failed ``session_scope`` stores nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.engine import engine, session_scope
from db.models import Base, City, Complaint, Team

T0 = datetime(2026, 3, 2, 9, 15, 30, 123456)  # microseconds must survive the round trip


@pytest.fixture
def store(make_store) -> str:
    return make_store()


def _count(model) -> int:
    with engine().connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def _complaint(ids: dict[str, Any], ref_no: str, **overrides: Any) -> Complaint:
    """A valid complaint: every required column set, stage times open."""
    values: dict[str, Any] = dict(
        ref_no=ref_no,
        received_at=T0,
        channel="phone",
        level="L2",
        category="interest_dispute",
        city_id=ids["cities"],
        description="利率争议",
        status="received",
        ack_due_at=T0 + timedelta(hours=2),
        verify_due_at=T0 + timedelta(days=1),
        resolve_due_at=T0 + timedelta(days=3),
        notify_due_at=T0 + timedelta(days=4),
        archive_due_at=T0 + timedelta(days=9),
    )
    values.update(overrides)
    return Complaint(**values)


# ---- one row per table, in foreign-key order ---------------------------------------------------
# Each builder takes the primary keys stored so far (table name → id) and returns the field values.
ROWS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "cities": lambda ids: dict(name="测试市", name_en="Test City", province="测试省", province_en="Test Province"),
    "holidays": lambda ids: dict(day=date(2150, 1, 1), is_workday=True, name=None),
    "holiday_years": lambda ids: dict(year=2150, source="admin", saved_at=T0),
    "sla_policy": lambda ids: dict(stage="ack", level="L3", channel="app", amount=1.5, unit="hours", anchor="received"),
    "warning_weights": lambda ids: dict(factor="test_factor", weight=0.125),
    "teams": lambda ids: dict(name="测试一组", name_en="Test Team 1", city_id=ids["cities"], department="handling"),
    "customers": lambda ids: dict(
        code="C99999999",
        name="王小明",
        phone="13800138000",
        id_number="11010519491231002X",
        city_id=ids["cities"],
        debt_amount=Decimal("123456789012.34"),
        overdue_days=95,
        bucket="M3+",
        historical_repayment_rate=0.8125,
        loyalty_tier="high_risk",
        income_stability=0.333,
        debt_ratio=1.75,
        overdue_count=7,
        cooperation=0.0,
        first_loan_amount=Decimal("0.01"),
        cumulative_repaid=Decimal("98765.40"),
        referrals=3,
        ability_score=45.5,
        willingness_score=12.3,
        value_score=99.9,
        created_at=datetime(2025, 12, 31, 23, 59, 59, 999999),
    ),
    "customer_monthly": lambda ids: dict(
        customer_id=ids["customers"],
        month=date(2026, 3, 1),
        loyalty_tier="stable",
        bucket="M2",
        overdue_days=45,
        debt_amount=Decimal("1234.56"),
        repaid_30d=Decimal("0.00"),
    ),
    "agents": lambda ids: dict(
        code="A9999", name="李坐席", team_id=ids["teams"], hired_on=date(2024, 2, 29), active=False
    ),
    "users": lambda ids: dict(
        username="tester",
        display_name="测试员",
        email=None,
        role="manager",
        city_id=ids["cities"],
        team_id=None,
        active=True,
    ),
    "user_cities": lambda ids: dict(user_id=ids["users"], city_id=ids["cities"]),
    "audit_log": lambda ids: dict(
        at=T0,
        user_id=ids["users"],
        action="test.write",
        entity="store",
        entity_id=None,
        detail={"中文": "值", "n": [1, 2.5, None], "ok": True, "nested": {"a": {"b": "c"}}},
    ),
    "committee_samples": lambda ids: dict(
        period_start=date(2026, 2, 1),
        period_end=date(2026, 2, 28),
        size=100,
        random_seed=2**40 + 7,
        params={"strata": ["L1", "L2", "L3"], "ratio": 0.25, "min_per_stratum": 5, "exclude_dups": True, "note": None},
        drawn_by=ids["users"],
        drawn_at=T0,
        idempotency_token="sample-token-1",
    ),
    "complaints": lambda ids: dict(
        ref_no="TS2026030200002",
        received_at=T0 + timedelta(hours=1),
        channel="douyin",
        level="L1",
        category="interest_dispute",
        city_id=ids["cities"],
        team_id=ids["teams"],
        customer_id=ids["customers"],
        agent_id=ids["agents"],
        handler_id=ids["users"],
        first_owner_id=None,
        description="重复投诉：利率争议，多次联系无果",
        status="verify",
        ack_due_at=T0 + timedelta(hours=2),
        ack_at=T0 + timedelta(hours=1, minutes=30),
        verify_due_at=T0 + timedelta(days=1),
        verify_at=T0 + timedelta(hours=20),
        resolve_due_at=T0 + timedelta(days=1, hours=1),
        resolve_at=None,
        notify_due_at=T0 + timedelta(days=2),
        notify_at=None,
        archive_due_at=T0 + timedelta(days=9),
        archive_at=None,
        duplicate_of_id=ids["complaints_original"],
        satisfaction_score=None,
        exec_reported=True,
        level_override_reason="投诉人情绪激动，人工上调为一级",
        idempotency_token="complaint-token-1",
    ),
    "contact_logs": lambda ids: dict(
        agent_id=ids["agents"], customer_id=ids["customers"], at=T0, connected=False, duration_s=0
    ),
    "early_warnings": lambda ids: dict(
        ref_no="YJ202603020001",
        customer_id=None,
        customer_name="赵六",
        contact="13900139000",
        debt_amount=Decimal("50000.05"),
        overdue_days=120,
        source="social_media",
        reported_at=T0,
        risk_score=0.675,
        risk_level="high",
        suggestion="建议暂停催收并回访",
        complaint_history=3,
        attitude="hostile",
        description="微博私信扬言曝光",
        reporter_id=ids["users"],
        team_id=ids["teams"],
        city_id=ids["cities"],
        status="assigned",
        head_id=ids["users"],
        head_comment="同意上报",
        signed_at=T0 + timedelta(hours=3),
        handling_team_id=ids["teams"],
        plan="三日内回访",
        closed_at=None,
        evaluation=None,
        idempotency_token="warning-token-1",
    ),
    "qa_reviews": lambda ids: dict(
        agent_id=ids["agents"],
        call_at=T0,
        reviewed_at=T0 + timedelta(hours=30),
        violation_type="threat",
        score=42,
        note=None,
    ),
    "complaint_events": lambda ids: dict(
        complaint_id=ids["complaints"], at=T0, kind="stage", stage="ack", actor_id=ids["users"], note="已受理"
    ),
    "sample_items": lambda ids: dict(
        sample_id=ids["committee_samples"],
        complaint_id=ids["complaints"],
        stratum="L1/douyin",
        reviewer_id=ids["users"],
        reviewed_at=T0 + timedelta(days=7),
        timeliness=5,
        accuracy=4,
        attitude=3,
        resolution=None,
        compliance=0,
        passed=False,
        comment=None,
    ),
    "satisfaction_surveys": lambda ids: dict(
        agent_id=ids["agents"],
        customer_id=ids["customers"],
        complaint_id=ids["complaints"],
        at=T0 + timedelta(days=2),
        score=4,
        comment="回访：客户认可处理结果",
        source="return_call",
    ),
    "complaint_resolutions": lambda ids: dict(
        complaint_id=ids["complaints"],
        reply="经核实，我们已向您致歉，并减免罚息 200.00 元。",
        recorded_at=T0 + timedelta(days=1),
        recorded_by=ids["users"],
    ),
    "complaint_outcomes": lambda ids: dict(
        complaint_id=ids["complaint_resolutions"], kind="penalty_interest_waiver", amount=Decimal("200.00")
    ),
    "lookup_failures": lambda ids: dict(at=T0, ref_key="TS2026030200002", client_key="0" * 32),
    "warning_events": lambda ids: dict(
        warning_id=ids["early_warnings"], at=T0, kind="tracking", actor_id=None, note="电话回访"
    ),
    "improvement_items": lambda ids: dict(
        month=date(2026, 3, 1),
        issue="夜间催收投诉上升",
        department="催收管理部",
        measure="系统拦截22点后外呼",
        due_date=date(2026, 4, 15),
        owner="孙七",
        status="in_progress",
        evidence=None,
        sample_item_id=ids["sample_items"],
        created_by=ids["users"],
        created_at=T0,
        idempotency_token="improvement-token-1",
    ),
    "complaint_stages": lambda ids: dict(
        due_at=datetime(2150, 1, 1, 9, 30),
        complaint_id=ids["complaints"],
        stage="verify",
        done_at=datetime(2150, 1, 1, 9, 29, 59),
        received_at=T0,
        ref_no="TS2026030200002",
        city_id=ids["cities"],
        team_id=None,
        agent_id=None,
        handler_id=None,
        first_owner_id=None,
        channel="regulator",
        level="L1",
        category="third_party_contact",
        status="verify",
        duplicate_of_id=ids["complaints_original"],
    ),
    "sla_days": lambda ids: dict(
        day=99_999, stage="notify", level="L3", channel="douyin", city_id=ids["cities"], team_id=0, deadlines=7, met=5
    ),
    "sla_intake_hours": lambda ids: dict(
        day=99_999, weekday=6, hour=23, level="L3", channel="douyin", deadlines=7, met=5
    ),
    "sla_agent_days": lambda ids: dict(  # rollup keys are plain numbers: no table need come first
        day=99_999, agent_id=4_242, level="L3", channel="douyin", city_id=4_242, team_id=0, deadlines=7, met=5
    ),
    "loyalty_months": lambda ids: dict(
        month=date(2150, 1, 1),
        city_id=ids["cities"],
        tier="high_risk",
        segment="M3+_high",
        next_tier="",
        customers=3,
        debt=Decimal("123456789012.34"),
        repaid=Decimal("0.05"),
    ),
    "conduct_rules": lambda ids: dict(
        code="test_rule", enabled=False, weight=0.25, params={"max_calls": 7}, updated_by=ids["users"], updated_at=T0
    ),
    "conduct_breaches": lambda ids: dict(
        contact_id=ids["contact_logs"],
        rule="night_contact",
        customer_id=ids["customers"],
        agent_id=ids["agents"],
        team_id=ids["teams"],
        at=T0,
        warning_id=ids["early_warnings"],
    ),
    "monitor_runs": lambda ids: dict(
        started_at=T0,
        finished_at=T0 + timedelta(seconds=42),
        user_id=ids["users"],
        since=datetime(2026, 3, 1),
        last_contact_id=2**40,
        contacts=2_000_000,
        breaches=11_075,
        warnings_created=9_684,
        warnings_updated=0,
    ),
    "regulator_extensions": lambda ids: dict(
        complaint_id=ids["complaints"],
        step=2,
        reason="情况特别复杂，需第三方机构出具证明",
        approver="王总",
        granted_by=ids["users"],
        granted_at=T0,
        idempotency_token="extension-token-1",
    ),
    "app_settings": lambda ids: dict(
        key="regulator_applies",
        value={"mode": "selected", "channels": ["regulator"], "sources": ["监管转办平台"]},
        updated_by=ids["users"],
        updated_at=T0,
    ),
    "import_mappings": lambda ids: dict(
        name="热线工单系统",
        body={"name": "热线工单系统", "columns": {"received_at": "受理时间"}, "where": {"产品": ["信用贷"]}},
        updated_by=ids["users"],
        updated_at=T0,
    ),
    "complaint_text": lambda ids: dict(
        complaint_id=ids["complaints"], category="violent_collection", urgent=True, theme="threat", tokens="上门 威胁"
    ),
    "complaint_keywords": lambda ids: dict(complaint_id=ids["complaints"], keyword="爆通讯录", rank=1),
    "saved_questions": lambda ids: dict(
        owner_id=ids["users"],
        name="季度暴力催收城市排行（共享）",
        params="by=city&cat=violent_collection&period=last_quarter",
        shared=True,
        preset=None,
        updated_at=T0,
    ),
    "notify_settings": lambda ids: dict(
        id=2,  # the migration stores row 1
        base_url="https://cx.example.cn/看板",
        overdue_hours=720,
        signoff_days=60,
        weekly_time="23:59",
        updated_by=ids["users"],
        updated_at=T0,
    ),
    "notify_channels": lambda ids: dict(
        name="防控群",
        kind="dingtalk",
        secret_name="prevention_ding",
        events=["reminder", "weekly_pack"],
        team_id=ids["teams"],
        options={"recipients": ["a@example.cn"], "port": 465},
        active=False,
        updated_by=ids["users"],
        updated_at=T0,
    ),
    "notify_outbox": lambda ids: dict(
        channel_id=ids["notify_channels"],
        event="l1_new",
        event_key="l1:123456789012",
        payload={"ref": "TS2026030200002", "customer": "王**", "to": []},
        status="sending",
        attempts=12,
        parts_sent=3,
        created_at=T0,
        next_attempt_at=datetime(2150, 1, 1, 9, 30),
        claim_token="a" * 32,
        lease_until=datetime(2150, 1, 1, 9, 35),
        sent_at=None,
        last_error="Refused: errcode 93000: invalid webhook url",
    ),
}
# Tables db.text_index fills when a complaint is stored (keyed by the complaint alone).
WRITTEN_WITH_COMPLAINTS = ("complaint_text", "complaint_keywords")
MODEL_BY_TABLE = {m.class_.__tablename__: m.class_ for m in Base.registry.mappers}


def test_every_table_has_a_round_trip_row() -> None:
    assert set(ROWS) == set(Base.metadata.tables), "add a round-trip row for each new table"


def test_round_trip_of_every_table(store: str) -> None:
    ids: dict[str, Any] = {}
    expected: dict[str, tuple[Any, dict[str, Any]]] = {}
    with session_scope() as session:
        # The duplicate in ROWS["complaints"] points at an earlier complaint.
        original = _complaint({"cities": None}, "TS2026030200001")
        for table in Base.metadata.sorted_tables:
            name = table.name
            if name == "complaints":
                original.city_id = ids["cities"]
                session.add(original)
                session.flush()
                ids["complaints_original"] = original.id
            values = ROWS[name](ids)
            if name in WRITTEN_WITH_COMPLAINTS:  # the complaint's own rows make way for the test row
                session.execute(delete(table).where(table.c.complaint_id == values["complaint_id"]))
            obj = MODEL_BY_TABLE[name](**values)
            session.add(obj)
            session.flush()
            pk = tuple(getattr(obj, c.key) for c in table.primary_key.columns)
            assert all(v is not None for v in pk), name
            ids[name] = pk[0]
            expected[name] = (pk[0] if len(pk) == 1 else pk, values)

    with Session(engine()) as session:
        for name, (pk, values) in expected.items():
            obj = session.get(MODEL_BY_TABLE[name], pk)
            assert obj is not None, f"{name} row {pk} not stored"
            for key, value in values.items():
                got = getattr(obj, key)
                assert got == value, f"{name}.{key}: stored {value!r}, read {got!r}"
                if isinstance(value, (Decimal, datetime, date, bool)) and value is not None:
                    assert type(got) is type(value), f"{name}.{key}: {type(got).__name__}"
        # Column defaults apply when a value is left out.
        dup = session.get(Complaint, ids["complaints_original"])
        assert dup.exec_reported is False and dup.ack_at is None and dup.idempotency_token is None


def _base_rows() -> dict[str, int]:
    with session_scope() as session:
        city = City(name="基准市", name_en="Base", province="基准省", province_en="Base")
        session.add(city)
        session.flush()
        session.add(_complaint({"cities": city.id}, "TS-ORIGINAL", idempotency_token="tok-original"))
        session.flush()
        return {"cities": city.id}


@pytest.mark.parametrize(
    ("field", "ref_no", "token"),
    [
        ("ref_no", "TS-ORIGINAL", "tok-new"),
        ("idempotency_token", "TS-NEW", "tok-original"),
    ],
)
def test_unique_violation_rolls_back_the_whole_transaction(store: str, field: str, ref_no: str, token: str) -> None:
    ids = _base_rows()
    cities, complaints = _count(City), _count(Complaint)
    with pytest.raises(IntegrityError), session_scope() as session:
        session.add(City(name="半途市", name_en="Halfway", province="p", province_en="p"))
        session.flush()  # the city is written inside the transaction …
        session.add(_complaint(ids, ref_no, idempotency_token=token))
    # … and rolled back with the failing complaint: nothing half-stored.
    assert (_count(City), _count(Complaint)) == (cities, complaints)
    with engine().connect() as conn:
        assert conn.execute(select(City.id).where(City.name == "半途市")).first() is None
    # The store still takes writes afterwards.
    with session_scope() as session:
        session.add(_complaint(ids, "TS-AFTER"))
    assert _count(Complaint) == complaints + 1


def test_null_idempotency_tokens_do_not_collide(store: str) -> None:
    ids = _base_rows()
    with session_scope() as session:
        session.add_all([_complaint(ids, "TS-N1"), _complaint(ids, "TS-N2")])
    assert _count(Complaint) == 3


@pytest.mark.parametrize(
    "overrides",
    [
        {"city_id": 999_999},
        {"customer_id": 999_999},
        {"agent_id": 999_999},
        {"duplicate_of_id": 999_999},
    ],
    ids=lambda o: next(iter(o)),
)
def test_foreign_keys_are_enforced(store: str, overrides: dict[str, int]) -> None:
    ids = _base_rows()
    before = _count(Complaint)
    with pytest.raises(IntegrityError), session_scope() as session:
        session.add(_complaint(ids, "TS-BAD-FK", **overrides))
    assert _count(Complaint) == before


def test_foreign_keys_are_enforced_on_raw_engine_connections(store: str) -> None:
    """Reads and Core writes go through ``engine()``, not the session: FKs hold there too."""
    with pytest.raises(IntegrityError), engine().begin() as conn:
        conn.execute(
            Team.__table__.insert().values(name="孤儿组", name_en="Orphan", city_id=424242, department="collection")
        )
    assert _count(Team) == 0
