"""Complaint intake and handling writes, and the reads behind them, on SQLite and PostgreSQL.

A tiny hand-made store; "now" is Monday 2026-11-23 10:00 (no holiday that week or the next).

cplt ref              received     customer category          status   next   next due      handler
101  TS2026112300041  11-23 08:00  1        interest_dispute  ack      verify 11-24 10:00   H1  (open repeat of customer 1)
102  TS2026101000001  10-10 09:00  1        interest_dispute  verify   resolve 10-15 09:00  H1  (44 days old: no repeat)
103  TS2026112000001  11-20 09:00  1        interest_dispute  archive  —                    H1  (archived: no repeat)
104  TS2026112200001  11-22 09:00  1        app_problem       received ack  11-22 11:00     H2  (other category)
105  TS2026112300001  11-23 09:00  1        interest_dispute  received ack  11-23 11:00     H1  (duplicate of 101)
106  TS2026112100001  11-21 09:00  2        violent_collection resolve notify 11-23 12:00   H2  (city 2, L1)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import func, select

from db.engine import session_scope
from db.models import Agent, AuditLog, Complaint, ComplaintEvent, User
from db.queries import cases, overview, sla_config
from db.queries import intake as q
from db.services import complaints as svc
from db.services.common import InputError, PermissionDenied
from domain.codes import STAGES
from domain.filters import Filters
from domain.intake import IntakeForm
from domain.outcomes import OutcomeForm
from domain.sla import stage_due_times
from domain.users import CurrentUser
from tests.db.builders import complaint_in_status, customer, two_cities, two_teams
from tests.helpers import dt, in_threads

REFUND = OutcomeForm(("penalty_interest_waiver",), {"penalty_interest_waiver": 120}, "已为您退还多收的罚息 120 元。")
NOW = datetime(2026, 11, 23, 10, 0)
STAFF = CurrentUser(id=1, username="staff", display_name="员工甲", role="staff", team_id=1)
H1 = CurrentUser(id=2, username="h1", display_name="处理人一", role="prevention")
H2 = CurrentUser(id=3, username="h2", display_name="处理人二", role="prevention")
MANAGER = CurrentUser(id=4, username="boss", display_name="经理", role="manager")
ADMIN = CurrentUser(id=5, username="admin", display_name="管理员", role="admin")
COMMITTEE = CurrentUser(id=6, username="cmte", display_name="委员", role="committee")
RETIRED = 7  # an inactive prevention user
ANYONE = ADMIN.scope
ALL_DAYS = Filters(start=date(2026, 1, 1), end=date(2026, 11, 23))


@pytest.fixture
def store(make_store, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(svc, "now", lambda: NOW)
    return make_store(
        [
            *two_cities(),
            *two_teams(("Team A", "Team B")),
            Agent(id=1, code="A0001", name="坐席一", team_id=1, hired_on=date(2024, 1, 2)),
            Agent(id=2, code="A0002", name="坐席二", team_id=2, hired_on=date(2024, 1, 2)),
            *(
                User(id=u.id, username=u.username, display_name=u.display_name, role=u.role)
                for u in (STAFF, H1, H2, MANAGER, ADMIN, COMMITTEE)
            ),
            User(id=RETIRED, username="gone", display_name="离职者", role="prevention", active=False),
            customer(1, city=1, phone="13800000001", name="王小明"),
            customer(2, city=2, phone="13800000002", name="王小明"),
            customer(3, city=2, phone="13800000002", name="王小明"),
            complaint_in_status(101, "TS2026112300041", dt("11-23", "08:00"), "ack", dt("11-24", "10:00")),
            complaint_in_status(102, "TS2026101000001", dt("10-10", "09:00"), "verify", dt("10-15", "09:00")),
            complaint_in_status(103, "TS2026112000001", dt("11-20", "09:00"), "archive", dt("12-31")),
            complaint_in_status(
                104,
                "TS2026112200001",
                dt("11-22", "09:00"),
                "received",
                dt("11-22", "11:00"),
                category="app_problem",
                level="L3",
                handler=3,
            ),
            complaint_in_status(
                105, "TS2026112300001", dt("11-23", "09:00"), "received", dt("11-23", "11:00"), duplicate_of=101
            ),
            complaint_in_status(
                106,
                "TS2026112100001",
                dt("11-21", "09:00"),
                "resolve",
                dt("11-23", "12:00"),
                customer=2,
                category="violent_collection",
                level="L1",
                city=2,
                team=2,
                handler=3,
            ),
        ]
    )


def count(model: type) -> int:
    with session_scope() as s:
        return s.scalar(select(func.count()).select_from(model))


def row(cid: int) -> Complaint:
    with session_scope() as s:
        return s.get(Complaint, cid)


def events(cid: int) -> list[tuple[str, str | None, str | None]]:
    with session_scope() as s:
        return [
            tuple(r)
            for r in s.execute(
                select(ComplaintEvent.kind, ComplaintEvent.stage, ComplaintEvent.note)
                .where(ComplaintEvent.complaint_id == cid)
                .order_by(ComplaintEvent.id)
            )
        ]


def intake(**changes: object) -> IntakeForm:
    base = dict(
        channel="phone",
        category="interest_dispute",
        description="利率计算有误，多收了利息",
        city_id=1,
        customer_mode="none",
        customer_id=None,
        agent_code="",
        level="L2",
    )
    base.update(changes)
    return IntakeForm(**base)


def counts() -> tuple[int, int, int]:
    return count(Complaint), count(ComplaintEvent), count(AuditLog)


# --------------------------------------------------------------------------- reads


def test_find_customers_by_code_and_phone_masked(store: str) -> None:
    one = q.find_customers("code", " c00000001 ")
    assert one["code"].tolist() == ["C00000001"]
    assert (one["name"].iloc[0], one["phone"].iloc[0], int(one["city_id"].iloc[0])) == ("王**", "138****0001", 1)
    shared = q.find_customers("phone", "138 0000 0002")
    assert shared["code"].tolist() == ["C00000002", "C00000003"]
    assert q.find_customers("phone", "13900000000").empty


def test_agent_by_code(store: str) -> None:
    agent = q.agent_by_code("a0002")
    assert (agent["id"], agent["team_id"], agent["city_id"], agent["team_en"]) == (2, 2, 2, "Team B")
    assert q.agent_by_code("A9999") is None


def test_a_repeat_outside_the_scope_is_offered_without_its_number_status_or_level(store: str) -> None:
    """Staff see that 101 (H1's case) is a likely repeat, but none of its number, status or level."""
    seen = q.likely_repeats(1, "interest_dispute", NOW, H1.scope)
    assert seen[["id", "ref_no", "status", "level", "visible"]].values.tolist() == [
        [101, "TS2026112300041", "ack", "L2", 1]
    ]
    unseen = q.likely_repeats(1, "interest_dispute", NOW, STAFF.scope)
    assert unseen["id"].tolist() == [101] and unseen["visible"].tolist() == [0]
    assert unseen[["ref_no", "status", "level"]].isna().all(axis=None)


def test_likely_repeats_are_open_originals_of_the_last_30_days(store: str) -> None:
    assert q.likely_repeats(1, "interest_dispute", NOW, ANYONE)["ref_no"].tolist() == ["TS2026112300041"]
    assert q.likely_repeats(1, "app_problem", NOW, ANYONE)["ref_no"].tolist() == ["TS2026112200001"]
    assert q.likely_repeats(2, "interest_dispute", NOW, ANYONE).empty
    # the open complaint 102 of 10-10 09:00 is a likely repeat until 30 days later, 11-09 09:00
    assert "TS2026101000001" in set(q.likely_repeats(1, "interest_dispute", dt("11-09", "08:59"), ANYONE)["ref_no"])
    assert "TS2026101000001" not in set(q.likely_repeats(1, "interest_dispute", dt("11-09", "09:01"), ANYONE)["ref_no"])


def test_handling_queue_orders_by_next_due_and_honours_filters(store: str) -> None:
    everyone = q.handling_queue(ALL_DAYS, None)
    assert everyone["ref_no"].tolist() == [
        "TS2026101000001",
        "TS2026112200001",
        "TS2026112300001",
        "TS2026112100001",
        "TS2026112300041",
    ]
    assert everyone["next_stage"].tolist() == ["resolve", "ack", "ack", "notify", "verify"]
    assert int(everyone["total"].iloc[0]) == 5
    assert everyone.loc[everyone["ref_no"] == "TS2026112300001", "duplicate_of"].item() == "TS2026112300041"
    mine = q.handling_queue(ALL_DAYS, H1.id)
    assert mine["ref_no"].tolist() == ["TS2026101000001", "TS2026112300001", "TS2026112300041"]
    # the date range does not narrow a queue; city and level do
    today = Filters(start=date(2026, 11, 23), end=date(2026, 11, 23))
    assert len(q.handling_queue(today, None)) == 5
    assert q.handling_queue(Filters(start=today.start, end=today.end, city_ids=(2,)), None)["ref_no"].tolist() == [
        "TS2026112100001"
    ]
    assert q.handling_queue(Filters(start=today.start, end=today.end, levels=("L3",)), H1.id).empty
    assert len(q.handling_queue(ALL_DAYS, None, limit=2)) == 2


def test_handler_candidates_are_active_prevention_users(store: str) -> None:
    assert q.handler_candidates()["id"].tolist() == [2, 3]


# --------------------------------------------------------------------------- intake


def test_intake_stores_every_column_like_the_seed(store: str) -> None:
    form = intake(
        category="interest_dispute",
        description="催收员说要打到单位，还威胁我",
        customer_mode="code",
        customer_id=2,
        city_id=2,
        agent_code="a0002",
        level="L1",
    )
    logged = svc.log_complaint(form, STAFF, "tok-1")
    assert (logged.ref_no, logged.level, logged.exec_reported) == ("TS2026112300042", "L1", True)
    c = row(logged.id)
    assert (c.received_at, c.channel, c.category, c.city_id, c.team_id, c.agent_id, c.customer_id) == (
        NOW,
        "phone",
        "interest_dispute",
        2,
        2,
        2,
        2,
    )
    assert (c.handler_id, c.first_owner_id, c.status, c.duplicate_of_id, c.level_override_reason) == (
        STAFF.id,
        STAFF.id,
        "received",
        None,
        None,
    )
    assert c.description == "催收员说要打到单位，还威胁我"
    # L1 on the phone: ack 2 h; verify 1 business day after ack; resolve 24 h; notify 24 h after; archive 5 days
    assert [getattr(c, f"{s}_due_at") for s in STAGES] == [
        dt("11-23", "12:00"),
        dt("11-24", "12:00"),
        dt("11-24", "10:00"),
        dt("11-25", "10:00"),
        dt("12-02", "10:00"),
    ]
    assert all(getattr(c, f"{s}_at") is None for s in STAGES)
    assert events(logged.id) == [("received", None, None)]
    with session_scope() as s:
        detail = s.scalar(select(AuditLog.detail).where(AuditLog.action == "complaint.intake"))
    assert (detail["ref_no"], detail["suggested"], detail["exec_reported"]) == ("TS2026112300042", "L1", True)


def test_new_complaints_count_on_the_overview_and_in_queues(store: str) -> None:
    today = Filters(start=date(2026, 11, 23), end=date(2026, 11, 23))
    before = overview.volume(today)
    assert before == {"complaints": 1, "l1": 0, "improper": 0}  # 101 (105 is a duplicate)
    svc.log_complaint(intake(category="violent_collection", description="辱骂", level="L1"), STAFF, "tok-a")
    svc.log_complaint(
        intake(customer_mode="code", customer_id=1, description="重复反馈", duplicate_of_id=101), STAFF, "tok-b"
    )
    assert overview.volume(today) == {"complaints": 2, "l1": 1, "improper": 1}  # the duplicate is not counted
    assert set(overview.l1_cases(today)["ref_no"]) == {"TS2026112300042"}
    assert {"TS2026112300042", "TS2026112300043"} <= set(q.handling_queue(ALL_DAYS, STAFF.id)["ref_no"])
    assert cases.case("ts2026112300042")["first_owner"] == "员工甲"


def test_level_override_needs_a_reason_and_is_on_the_timeline(store: str) -> None:
    with pytest.raises(InputError) as err:
        svc.log_complaint(intake(level="L1"), STAFF, "tok-1")
    assert [k for k, _ in err.value.problems] == ["intake.err.reason_required"]
    logged = svc.log_complaint(intake(level="L1", override_reason="投诉人情绪激动"), STAFF, "tok-1")
    c = row(logged.id)
    assert (c.level, c.level_override_reason, c.exec_reported) == ("L1", "投诉人情绪激动", True)
    assert events(logged.id) == [("received", None, None), ("level", None, "L2 → L1: 投诉人情绪激动")]
    # an override to the suggested level is no override
    plain = svc.log_complaint(intake(level="L2", override_reason="无需理由"), STAFF, "tok-2")
    assert row(plain.id).level_override_reason is None


def test_a_likely_repeat_must_be_decided(store: str) -> None:
    repeat = intake(customer_mode="code", customer_id=1, description="还是利息的问题")
    with pytest.raises(InputError) as err:
        svc.log_complaint(repeat, H1, "tok-1")
    assert err.value.problems == [("intake.err.repeat_undecided", {"ref": "TS2026112300041"})]
    with pytest.raises(InputError) as err:  # 101 is H1's case, outside the staff's scope: not named
        svc.log_complaint(repeat, STAFF, "tok-1")
    assert err.value.problems == [("intake.err.repeat_undecided_unseen", {})]
    with pytest.raises(InputError) as err:  # 102 is older than 30 days: not a repeat to link to
        svc.log_complaint(IntakeForm(**{**repeat.__dict__, "duplicate_of_id": 102}), STAFF, "tok-1")
    assert err.value.problems == [("intake.err.repeat_gone", {})]

    linked = svc.log_complaint(IntakeForm(**{**repeat.__dict__, "duplicate_of_id": 101}), STAFF, "tok-1")
    assert row(linked.id).duplicate_of_id == 101
    assert events(linked.id)[-1] == ("duplicate", None, "TS2026112300041")
    assert events(101)[-1] == ("duplicate", None, linked.ref_no)

    new = svc.log_complaint(IntakeForm(**{**repeat.__dict__, "repeat_is_new": True}), STAFF, "tok-2")
    assert row(new.id).duplicate_of_id is None
    # another customer, or another category, is no repeat
    svc.log_complaint(intake(customer_mode="code", customer_id=2, city_id=2), STAFF, "tok-3")


def test_anonymous_channel_and_unknown_references(store: str) -> None:
    logged = svc.log_complaint(
        intake(channel="anonymous", category="data_leak", description="信息被泄露", level="L1"), STAFF, "t1"
    )
    c = row(logged.id)
    assert (c.customer_id, c.team_id, c.agent_id, c.level) == (None, None, None, "L1")
    with pytest.raises(InputError) as err:
        svc.log_complaint(intake(channel="anonymous", customer_mode="code", customer_id=1), STAFF, "t2")
    assert err.value.problems == [("intake.err.anonymous_customer", {})]
    with pytest.raises(InputError) as err:
        svc.log_complaint(intake(agent_code="A9999"), STAFF, "t2")
    assert err.value.problems == [("intake.err.agent_unknown", {"code": "A9999"})]
    with pytest.raises(InputError) as err:
        svc.log_complaint(intake(customer_mode="code", customer_id=999), STAFF, "t2")
    assert err.value.problems == [("intake.err.customer_unknown", {})]
    with pytest.raises(InputError) as err:
        svc.log_complaint(intake(city_id=99), STAFF, "t2")
    assert err.value.problems == [("intake.err.city", {})]


def test_bad_input_stores_nothing(store: str) -> None:
    before = counts()
    with pytest.raises(InputError) as err:
        svc.log_complaint(intake(category="", description="  ", city_id=None, level=""), STAFF, "t1")
    assert [k for k, _ in err.value.problems] == [
        "intake.err.category",
        "intake.err.description_required",
        "intake.err.city",
        "intake.err.level",
    ]
    with pytest.raises(InputError) as err:
        svc.log_complaint(intake(description="长" * 2001), STAFF, "t1")
    assert err.value.problems == [("input.err.too_long", {"field": "intake.description", "max": 2000, "count": 2001})]
    with pytest.raises(InputError):
        svc.log_complaint(intake(), STAFF, "")
    assert counts() == before


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "'; DROP TABLE complaints; --"])
def test_scripts_and_sql_are_stored_literally(store: str, text: str) -> None:
    logged = svc.log_complaint(intake(description=text), STAFF, "t1")
    assert row(logged.id).description == text
    assert count(Complaint) == 7


def test_only_intake_roles_log(store: str) -> None:
    for user in (MANAGER, COMMITTEE):
        with pytest.raises(PermissionDenied):
            svc.log_complaint(intake(), user, "t1")
    assert svc.log_complaint(intake(), H1, "t1").ref_no == "TS2026112300042"
    assert svc.log_complaint(intake(), ADMIN, "t2").ref_no == "TS2026112300043"


def test_the_same_token_stores_once(store: str) -> None:
    first = svc.log_complaint(intake(), STAFF, "same")
    again = svc.log_complaint(intake(description="第二次点击"), STAFF, "same")
    assert again == first
    assert count(Complaint) == 7


def test_a_failure_mid_write_leaves_nothing(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    before = counts()

    def broken_audit(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr(svc, "audit", broken_audit)
    with pytest.raises(RuntimeError):
        svc.log_complaint(intake(customer_mode="code", customer_id=1, duplicate_of_id=101), STAFF, "t1")
    with pytest.raises(RuntimeError):
        svc.advance(101, H1, "核实完毕", "t2", stage="verify")
    assert counts() == before
    assert row(101).status == "ack" and row(101).verify_at is None


def _in_threads(n: int, work: Callable[[int], object]) -> list[object]:
    """``in_threads`` with the SLA caches warmed outside the threads."""
    sla_config.policy(), sla_config.calendar()
    return in_threads(n, work)


def test_fifty_concurrent_submissions_lose_nothing(store: str) -> None:
    results = _in_threads(50, lambda i: svc.log_complaint(intake(description=f"并发投诉 {i}"), STAFF, f"tok-{i}"))
    assert all(isinstance(r, svc.Logged) for r in results), [r for r in results if not isinstance(r, svc.Logged)]
    refs = sorted(r.ref_no for r in results)
    assert refs == [f"TS20261123{seq:05d}" for seq in range(42, 92)]
    assert count(Complaint) == 56
    with session_scope() as s:
        assert s.scalar(select(func.count()).select_from(ComplaintEvent).where(ComplaintEvent.kind == "received")) == 50
        assert (
            s.scalar(
                select(func.count(func.distinct(Complaint.description))).where(Complaint.description.like("并发投诉%"))
            )
            == 50
        )


def test_fifty_concurrent_submissions_with_one_token_store_one(store: str) -> None:
    results = _in_threads(50, lambda i: svc.log_complaint(intake(description=f"双击 {i}"), STAFF, "one-token"))
    assert all(isinstance(r, svc.Logged) for r in results), [r for r in results if not isinstance(r, svc.Logged)]
    assert len({r.id for r in results}) == 1
    assert count(Complaint) == 7
    with session_scope() as s:
        assert s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "complaint.intake")) == 1


# --------------------------------------------------------------------------- handling


def test_advance_walks_the_five_stages_and_recounts_anchored_dues(store: str, monkeypatch) -> None:
    logged = svc.log_complaint(intake(), STAFF, "t0")  # L2, received Mon 10:00
    planned = stage_due_times(NOW, "L2", "phone", sla_config.policy(), sla_config.calendar())
    assert row(logged.id).verify_due_at == planned["verify"] == dt("11-24", "12:00")

    monkeypatch.setattr(svc, "now", lambda: dt("11-23", "10:30"))
    svc.advance(logged.id, H1, "已联系投诉人", "t1", stage="ack")
    c = row(logged.id)
    assert (c.status, c.ack_at) == ("ack", dt("11-23", "10:30"))
    assert c.verify_due_at == dt("11-24", "10:30")  # one business day after the actual acknowledgement
    assert c.resolve_due_at == dt("11-26", "10:00")  # anchored on receipt: unchanged

    monkeypatch.setattr(svc, "now", lambda: dt("11-23", "15:00"))
    svc.advance(logged.id, H1, "已核实", "t2", stage="verify")
    monkeypatch.setattr(svc, "now", lambda: dt("11-24", "09:00"))
    svc.advance(logged.id, H1, "方案：退还多收利息", "t3", stage="resolve", outcome=REFUND)
    c = row(logged.id)
    assert c.notify_due_at == dt("11-25", "09:00")  # 24 h after the actual resolution
    assert c.archive_due_at == dt("12-02", "09:00")  # 5 business days after the new notify due time

    with pytest.raises(InputError) as err:
        svc.advance(logged.id, H1, "已反馈", "t4", stage="verify", satisfaction=5)
    assert [k for k, _ in err.value.problems] == ["handling.err.satisfaction_stage"]
    svc.advance(logged.id, H1, "已告知投诉人", "t4", stage="notify", satisfaction=4)
    svc.advance(logged.id, H1, "归档", "t5", stage="archive")
    c = row(logged.id)
    assert (c.status, c.satisfaction_score, c.archive_at) == ("archive", 4, dt("11-24", "09:00"))
    assert [e[:2] for e in events(logged.id)] == [("received", None)] + [("stage", s) for s in STAGES]
    assert events(logged.id)[3][2] == "方案：退还多收利息"
    with pytest.raises(InputError) as err:
        svc.advance(logged.id, H1, "再次归档", "t6", stage="archive")
    assert err.value.problems == [("handling.err.archived", {})]
    with pytest.raises(InputError):
        svc.add_note(logged.id, H1, "归档后备注", "t7")


def test_only_the_next_stage_and_only_once_per_token(store: str) -> None:
    with pytest.raises(InputError) as err:
        svc.advance(101, H1, "跳过核实", "t1", stage="resolve", outcome=REFUND)
    assert err.value.problems == [("handling.err.moved_on", {})]
    first = svc.advance(101, H1, "核实完毕", "t1", stage="verify")
    assert svc.advance(101, H1, "核实完毕", "t1", stage="verify") == first  # a rerun of the same submit
    with pytest.raises(InputError) as err:
        svc.advance(101, H2, "核实完毕", "t2", stage="verify")  # a second handler, a moment later
    assert err.value.problems == [("handling.err.moved_on", {})]
    with pytest.raises(InputError) as err:
        svc.advance(101, H1, " ", "t3", stage="resolve", outcome=REFUND)
    assert err.value.problems == [("input.err.required", {"field": "handling.field.note"})]
    with pytest.raises(InputError):
        svc.advance(101, H1, "长" * 1001, "t3", stage="resolve", outcome=REFUND)
    with pytest.raises(InputError) as err:
        svc.advance(999, H1, "无此工单", "t3", stage="ack")
    assert err.value.problems == [("handling.err.no_case", {})]
    with pytest.raises(PermissionDenied):
        svc.advance(101, STAFF, "员工不能处理", "t3", stage="resolve")
    assert [e[:2] for e in events(101)] == [("stage", "verify")]


def test_concurrent_advances_move_the_case_once(store: str) -> None:
    results = _in_threads(
        10, lambda i: svc.advance(101, H1 if i % 2 else MANAGER, f"核实 {i}", f"tok-{i}", stage="verify")
    )
    advanced = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, InputError)]
    assert len(advanced) == 1 and len(refused) == 9, results
    assert all(r.problems == [("handling.err.moved_on", {})] for r in refused)
    assert [e[:2] for e in events(101)] == [("stage", "verify")]
    assert row(101).status == "verify"


def test_notes_and_reassignment(store: str) -> None:
    note_id = svc.add_note(101, H1, "<b>客户要求回电</b>", "n1")
    assert svc.add_note(101, H1, "<b>客户要求回电</b>", "n1") == note_id
    with pytest.raises(InputError):
        svc.add_note(101, H1, "", "n2")
    with pytest.raises(PermissionDenied):
        svc.reassign(101, H1, H2.id, "请同事接手", "r1")
    with pytest.raises(InputError) as err:
        svc.reassign(101, MANAGER, RETIRED, "离职者不能接手", "r1")
    assert err.value.problems == [("handling.err.handler", {})]
    with pytest.raises(InputError) as err:
        svc.reassign(101, MANAGER, H1.id, "已是处理人", "r1")
    assert err.value.problems == [("handling.err.same_handler", {})]
    with pytest.raises(InputError) as err:
        svc.reassign(101, MANAGER, H2.id, "", "r1")
    assert err.value.problems == [("input.err.required", {"field": "handling.field.reassign_reason"})]
    svc.reassign(101, MANAGER, H2.id, "工作量调整", "r1")
    c = row(101)
    assert (c.handler_id, c.first_owner_id) == (H2.id, H1.id)  # 首问负责制: the first owner stays
    assert events(101) == [("note", None, "<b>客户要求回电</b>"), ("reassign", None, "处理人一 → 处理人二: 工作量调整")]
    assert q.handling_queue(ALL_DAYS, H2.id)["ref_no"].tolist()[-1] == "TS2026112300041"
    with pytest.raises(InputError):
        svc.reassign(103, MANAGER, H2.id, "已归档", "r2")


def test_timeline_reads_the_new_events(store: str) -> None:
    svc.advance(101, H1, "核实完毕", "t1", stage="verify")
    timeline = cases.timeline(101)
    assert timeline[["kind", "stage", "note", "actor"]].values.tolist() == [["stage", "verify", "核实完毕", "处理人一"]]
    assert pd.Timestamp(timeline["at"].iloc[0]) == pd.Timestamp(NOW)


# --------------------------------------------------------------------------- hardening


def test_fifty_concurrent_repeats_store_one_new_case_and_refuse_the_rest(store: str) -> None:
    """The same customer and category submitted 50 times at once, nobody deciding on repeats: the
    first is a new case, every other submit sees it as a likely repeat (on PostgreSQL too)."""
    results = _in_threads(
        50,
        lambda i: svc.log_complaint(
            intake(customer_mode="code", customer_id=3, description=f"同一客户同一问题 {i}"), STAFF, f"rep-{i}"
        ),
    )
    stored = [r for r in results if isinstance(r, svc.Logged)]
    refused = [r for r in results if isinstance(r, InputError)]
    assert len(stored) == 1, results
    assert len(refused) == 49
    assert all(e.problems[0][0] == "intake.err.repeat_undecided" for e in refused)
    with session_scope() as s:
        unlinked = s.scalar(
            select(func.count()).where(
                Complaint.customer_id == 3,
                Complaint.category == "interest_dispute",
                Complaint.duplicate_of_id.is_(None),
            )
        )
    assert unlinked == 1


def test_reference_numbers_grow_a_digit_instead_of_running_out(store: str) -> None:
    with session_scope() as s:
        last = s.get(Complaint, 101)
        last.ref_no = "TS2026112399999"  # the day's five-digit numbers are used up
    first = svc.log_complaint(intake(description="第十万件"), STAFF, "cap-1")
    second = svc.log_complaint(intake(description="第十万零一件"), STAFF, "cap-2")
    assert (first.ref_no, second.ref_no) == ("TS20261123100000", "TS20261123100001")
    # numbers issued before stay valid and are found by their number
    assert cases.case("TS2026112399999") is not None
    assert cases.case("TS20261123100001") is not None
