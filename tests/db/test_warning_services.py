"""Early-warning writes on both backends: validated, role-checked, audited, exactly once, all or
nothing, unique reference numbers, and one winner when two heads sign off the same report at once."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from db.engine import session_scope
from db.models import AuditLog, City, EarlyWarning, Team, User, WarningEvent, WarningWeight
from db.queries import warnings as q
from db.services import warnings as svc
from db.services.common import InputError, PermissionDenied
from domain.users import CurrentUser
from domain.warnings import WarningInput
from tests.db.builders import customer
from tests.helpers import WARNING_FORM as FORM
from tests.helpers import in_threads

NOW = datetime(2026, 11, 23, 10, 30)
CITY = 1
TEAM, OTHER_TEAM, HANDLING, HANDLING_2 = 1, 2, 3, 4
STAFF = CurrentUser(id=1, username="staff", display_name="张伟", role="staff", team_id=TEAM)
HEAD = CurrentUser(id=2, username="head", display_name="李娜", role="dept_head", city_id=CITY, team_id=TEAM)
DEPUTY = CurrentUser(id=3, username="deputy", display_name="陈静", role="dept_head", city_id=CITY, team_id=TEAM)
OTHER_HEAD = CurrentUser(id=4, username="head2", display_name="周强", role="dept_head", team_id=OTHER_TEAM)
PREVENTION = CurrentUser(id=5, username="prevention", display_name="王芳", role="prevention", team_id=HANDLING)
ADMIN = CurrentUser(id=6, username="admin", display_name="赵磊", role="admin")
NO_TEAM = CurrentUser(id=7, username="newbie", display_name="新人", role="staff")
MANAGER = CurrentUser(id=8, username="manager", display_name="刘洋", role="manager")
EVALUATOR = CurrentUser(id=9, username="prevention2", display_name="孙丽", role="prevention", team_id=HANDLING)
EVERYONE = (STAFF, HEAD, DEPUTY, OTHER_HEAD, PREVENTION, ADMIN, NO_TEAM, MANAGER, EVALUATOR)

# 100 × (0.35·2/5 + 0.25·95/180 + 0.20·52000/100000 + 0.20·1.0) with the weights of migration 0002
FORM_SCORE = 57.6


@pytest.fixture
def store(make_store, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(svc, "now", lambda: NOW)
    return make_store(
        [
            City(id=CITY, name="上海", name_en="Shanghai", province="上海", province_en="Shanghai"),
            Team(id=TEAM, name="上海一组", name_en="Shanghai 1", city_id=CITY),
            Team(id=OTHER_TEAM, name="上海二组", name_en="Shanghai 2", city_id=CITY),
            Team(id=HANDLING, name="处理一组", name_en="Handling 1", city_id=CITY, department="handling"),
            Team(id=HANDLING_2, name="处理二组", name_en="Handling 2", city_id=CITY, department="handling"),
            *(
                User(id=u.id, username=u.username, display_name=u.display_name, role=u.role, team_id=u.team_id)
                for u in EVERYONE
            ),
            customer(  # the customer of FORM, high risk
                123,
                city=CITY,
                name="王小明",
                phone="13812345678",
                id_number="310101199001010011",
                debt_amount=52000,
                overdue_days=95,
                bucket="M3+",
                historical_repayment_rate=0.5,
                loyalty_tier="high_risk",
                income_stability=0.3,
                debt_ratio=0.8,
                overdue_count=4,
                cooperation=0.2,
                first_loan_amount=60000,
                cumulative_repaid=8000,
                ability_score=30,
                willingness_score=20,
                value_score=10,
                created_at=datetime(2025, 1, 1),
            ),
        ]
    )


def count(model: type, *where) -> int:
    with session_scope() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def table_counts() -> dict[str, int]:
    return {m.__tablename__: count(m) for m in (EarlyWarning, WarningEvent, AuditLog)}


def warning(wid: int) -> EarlyWarning:
    with session_scope() as s:
        return s.get(EarlyWarning, wid)


def events(wid: int) -> list[tuple[str, int, str | None]]:
    with session_scope() as s:
        return [
            tuple(r)
            for r in s.execute(
                select(WarningEvent.kind, WarningEvent.actor_id, WarningEvent.note)
                .where(WarningEvent.warning_id == wid)
                .order_by(WarningEvent.id)
            )
        ]


def token() -> str:
    return uuid.uuid4().hex


def submitted(form: WarningInput = FORM, by: CurrentUser = STAFF) -> int:
    return svc.submit_warning(by, form, token=token()).id


def test_submit_stores_the_ledger_row_event_and_audit(store: str) -> None:
    receipt = svc.submit_warning(STAFF, replace(FORM, customer_name="  王小明 "), token="t-1")
    assert receipt == (receipt.id, "YJ202611230001", "medium")
    row = warning(receipt.id)
    assert (row.customer_name, row.contact, row.debt_amount, row.overdue_days, row.source) == (
        "王小明",
        "13812345678",
        Decimal("52000.00"),
        95,
        "customer_service",
    )
    assert (row.risk_score, row.risk_level, row.status, row.reported_at) == (FORM_SCORE, "medium", "submitted", NOW)
    assert (row.reporter_id, row.team_id, row.city_id, row.customer_id, row.idempotency_token) == (
        1,
        TEAM,
        CITY,
        None,
        "t-1",
    )
    assert events(receipt.id) == [("submitted", STAFF.id, None)]
    with session_scope() as s:
        entry = s.scalars(select(AuditLog).where(AuditLog.action == "warning.submit")).one()
    assert (entry.user_id, entry.entity, entry.entity_id) == (STAFF.id, "early_warnings", str(receipt.id))
    assert entry.detail == {
        "ref_no": "YJ202611230001",
        "risk_score": FORM_SCORE,
        "risk_level": "medium",
        "source": "customer_service",
    }


def test_reference_numbers_count_up_within_the_day(store: str) -> None:
    refs = [svc.submit_warning(STAFF, FORM, token=token()).ref_no for _ in range(3)]
    assert refs == ["YJ202611230001", "YJ202611230002", "YJ202611230003"]


def test_the_same_token_stores_once(store: str) -> None:
    first = svc.submit_warning(STAFF, FORM, token="double-click")
    again = svc.submit_warning(STAFF, replace(FORM, debt_amount=1.0), token="double-click")
    assert again == first
    assert table_counts() == {"early_warnings": 1, "warning_events": 1, "audit_log": 1}


def test_a_known_customer_code_links_the_customer(store: str) -> None:
    wid = submitted(replace(FORM, customer_code="c00000123"))
    assert warning(wid).customer_id == 123


def test_an_unknown_customer_code_stores_nothing(store: str) -> None:
    with pytest.raises(InputError) as err:
        submitted(replace(FORM, customer_code="C99999999"))
    assert err.value.problems == [("warn.err.customer_unknown", {"code": "C99999999"})]
    assert table_counts() == {"early_warnings": 0, "warning_events": 0, "audit_log": 0}


def test_a_user_without_a_team_is_told_so(store: str) -> None:
    with pytest.raises(InputError) as err:
        submitted(by=NO_TEAM)
    assert err.value.problems == [("warn.err.no_team", {})]


@pytest.mark.parametrize("user", [MANAGER, ADMIN])
def test_only_reporting_roles_submit(store: str, user: CurrentUser) -> None:
    with pytest.raises(PermissionDenied):
        submitted(by=user)
    assert count(EarlyWarning) == 0


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"customer_name": "   "}, "input.err.required"),
        ({"description": ""}, "input.err.required"),
        ({"debt_amount": -100.0}, "input.err.not_above"),
        ({"debt_amount": 0.0}, "input.err.not_above"),
        ({"debt_amount": 50_000_000.0}, "warn.err.amount_ceiling"),
        ({"contact": "1381234567"}, "warn.err.phone"),
        ({"contact": "call me"}, "warn.err.phone"),
        ({"suggestion": "x" * 1001}, "input.err.too_long"),
        ({"customer_name": "名" * 41}, "input.err.too_long"),
        ({"overdue_days": -3}, "input.err.whole"),
        ({"attitude": None}, "input.err.choose"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(store: str, change: dict, key: str) -> None:
    with pytest.raises(InputError) as err:
        submitted(replace(FORM, **change))
    assert [k for k, _ in err.value.problems] == [key]
    assert table_counts() == {"early_warnings": 0, "warning_events": 0, "audit_log": 0}


def test_script_and_sql_text_are_stored_literally(store: str) -> None:
    script, sql = "<script>alert(1)</script>", "'; DROP TABLE complaints; --"
    wid = submitted(replace(FORM, description=script, suggestion=sql, customer_name="Robert'); --"))
    row = warning(wid)
    assert (row.description, row.suggestion, row.customer_name) == (script, sql, "Robert'); --")
    assert count(EarlyWarning) == 1


def test_a_failure_in_the_middle_leaves_nothing(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_audit(*_args, **_kwargs) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(svc, "audit", broken_audit)
    with pytest.raises(RuntimeError):
        submitted()
    assert table_counts() == {"early_warnings": 0, "warning_events": 0, "audit_log": 0}


def test_fifty_concurrent_submissions_lose_nothing(store: str) -> None:
    results = in_threads(
        50, lambda i: svc.submit_warning(STAFF, replace(FORM, debt_amount=1000.0 + i), token=f"tok-{i}")
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    refs = {r.ref_no for r in results}
    assert len(refs) == 50
    assert refs == {f"YJ20261123{n:04d}" for n in range(1, 51)}
    assert table_counts() == {"early_warnings": 50, "warning_events": 50, "audit_log": 50}
    with session_scope() as s:
        debts = set(s.scalars(select(EarlyWarning.debt_amount)))
    assert debts == {Decimal(1000 + i) for i in range(50)}


def test_fifty_concurrent_submissions_with_one_token_store_one_row(store: str) -> None:
    results = in_threads(50, lambda _i: svc.submit_warning(STAFF, FORM, token="same-token"))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len({r.id for r in results}) == 1
    assert table_counts() == {"early_warnings": 1, "warning_events": 1, "audit_log": 1}


# --------------------------------------------------------------------------- the workflow


def test_the_whole_flow_with_a_return_and_resubmission(store: str) -> None:
    wid = submitted()
    svc.review_warning(HEAD, wid, approve=False, comment="请补充通话录音编号", token=token())
    row = warning(wid)
    assert (row.status, row.head_id, row.signed_at, row.head_comment) == (
        "returned",
        HEAD.id,
        NOW,
        "请补充通话录音编号",
    )

    edited = replace(FORM, contact="021-12345678", complaint_history=5, customer_code="C00000123")
    svc.resubmit_warning(STAFF, wid, edited, "已补充录音编号 R-889", token=token())
    row = warning(wid)
    # 100 × (0.35·5/5 + 0.25·95/180 + 0.20·0.52 + 0.20·1.0) = 78.6: the edit raises the level
    assert (row.status, row.contact, row.customer_id, row.risk_score, row.risk_level) == (
        "submitted",
        "021-12345678",
        123,
        78.6,
        "high",
    )
    assert (row.head_id, row.signed_at, row.head_comment) == (None, None, None)

    svc.review_warning(HEAD, wid, approve=True, comment="", token=token())
    svc.assign_warning(PREVENTION, wid, handling_team_id=HANDLING_2, plan="三日内回访客户并复核录音", token=token())
    svc.add_tracking(PREVENTION, wid, note="已电话回访，客户情绪平稳", token=token())
    svc.add_tracking(PREVENTION, wid, note="录音复核完成", token=token())
    assert warning(wid).status == "assigned"
    svc.close_warning(PREVENTION, wid, note="客户诉求已解决", token=token())
    svc.evaluate_warning(EVALUATOR, wid, evaluation="处理及时，未升级为投诉", token=token())  # not the closer

    row = warning(wid)
    assert (
        row.status,
        row.head_id,
        row.head_comment,
        row.handling_team_id,
        row.plan,
        row.closed_at,
        row.evaluation,
    ) == ("evaluated", HEAD.id, None, HANDLING_2, "三日内回访客户并复核录音", NOW, "处理及时，未升级为投诉")
    assert events(wid) == [
        ("submitted", STAFF.id, None),
        ("returned", HEAD.id, "请补充通话录音编号"),
        ("submitted", STAFF.id, "已补充录音编号 R-889"),
        ("approved", HEAD.id, None),
        ("assigned", PREVENTION.id, "三日内回访客户并复核录音"),
        ("tracking", PREVENTION.id, "已电话回访，客户情绪平稳"),
        ("tracking", PREVENTION.id, "录音复核完成"),
        ("closed", PREVENTION.id, "客户诉求已解决"),
        ("evaluated", EVALUATOR.id, "处理及时，未升级为投诉"),
    ]
    with session_scope() as s:
        actions = list(s.scalars(select(AuditLog.action).order_by(AuditLog.id)))
        resubmit = s.scalars(select(AuditLog).where(AuditLog.action == "warning.resubmit")).one()
    assert actions == [
        "warning.submit",
        "warning.return",
        "warning.resubmit",
        "warning.approve",
        "warning.assign",
        "warning.track",
        "warning.track",
        "warning.close",
        "warning.evaluate",
    ]
    assert resubmit.detail["changed"] == ["complaint_history", "contact", "customer_id"]
    assert (resubmit.detail["before"], resubmit.detail["after"]) == ("returned", "submitted")


def test_a_resubmit_with_the_masked_customer_keeps_the_stored_one(store: str) -> None:
    """The edit form shows 王** and 138****5678; sent back as shown they change nothing, retyped they do."""
    wid = submitted()
    svc.review_warning(HEAD, wid, approve=False, comment="请补充欠款金额", token=token())
    svc.resubmit_warning(
        STAFF, wid, replace(FORM, customer_name="王**", contact=" 138****5678 "), "已补充", token=token()
    )
    assert (warning(wid).customer_name, warning(wid).contact) == ("王小明", "13812345678")
    svc.review_warning(HEAD, wid, approve=False, comment="姓名有误", token=token())
    svc.resubmit_warning(
        STAFF, wid, replace(FORM, customer_name="王晓明", contact="138****5678"), "已更正", token=token()
    )
    assert (warning(wid).customer_name, warning(wid).contact) == ("王晓明", "13812345678")
    svc.review_warning(HEAD, wid, approve=False, comment="再核对", token=token())
    with pytest.raises(InputError):  # a masked value of another customer is no phone number
        svc.resubmit_warning(STAFF, wid, replace(FORM, contact="139****5678"), "已更正", token=token())
    assert warning(wid).contact == "13812345678"


def test_two_heads_signing_off_at_once_one_wins(store: str) -> None:
    heads = (HEAD, DEPUTY)
    for _round in range(3):
        wid = submitted()
        results = in_threads(
            2, lambda i, wid=wid: svc.review_warning(heads[i], wid, approve=True, comment=f"同意 {i}", token=token())
        )
        won = [r for r in results if isinstance(r, int)]
        lost = [r for r in results if isinstance(r, InputError)]
        assert len(won) == 1 and len(lost) == 1, results
        assert lost[0].problems == [("warn.err.already_handled", {"ref": warning(wid).ref_no})]
        winner = heads[results.index(won[0])]
        row = warning(wid)
        assert (row.status, row.head_id) == ("approved", winner.id)
        assert [e[0] for e in events(wid)] == ["submitted", "approved"]


def test_approving_and_returning_at_once_one_wins(store: str) -> None:
    wid = submitted()
    results = in_threads(
        2, lambda i: svc.review_warning((HEAD, DEPUTY)[i], wid, approve=i == 0, comment="意见", token=token())
    )
    assert sum(isinstance(r, int) for r in results) == 1
    assert warning(wid).status in ("approved", "returned")
    assert len(events(wid)) == 2


def test_a_double_click_on_a_step_stores_it_once(store: str) -> None:
    wid = submitted()
    svc.review_warning(HEAD, wid, approve=True, comment="", token=token())
    svc.assign_warning(PREVENTION, wid, handling_team_id=HANDLING, plan="回访", token=token())
    first = svc.add_tracking(PREVENTION, wid, note="已回访", token="track-once")
    again = svc.add_tracking(PREVENTION, wid, note="已回访", token="track-once")
    assert again == first
    assert [e[0] for e in events(wid)].count("tracking") == 1


def test_concurrent_steps_with_one_token_store_one_event(store: str) -> None:
    wid = submitted()
    results = in_threads(10, lambda _i: svc.review_warning(HEAD, wid, approve=True, comment="", token="sign-once"))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(set(results)) == 1
    assert [e[0] for e in events(wid)] == ["submitted", "approved"]


def test_who_may_do_what(store: str) -> None:
    wid = submitted()
    for user in (OTHER_HEAD, PREVENTION, STAFF, MANAGER, ADMIN):
        with pytest.raises(PermissionDenied):
            svc.review_warning(user, wid, approve=True, comment="", token=token())
    svc.review_warning(HEAD, wid, approve=False, comment="信息不全", token=token())
    with pytest.raises(PermissionDenied):  # only the reporter resubmits
        svc.resubmit_warning(HEAD, wid, FORM, "改好了", token=token())
    with pytest.raises(PermissionDenied):
        svc.assign_warning(HEAD, wid, handling_team_id=HANDLING, plan="回访", token=token())
    assert warning(wid).status == "returned"
    assert [e[0] for e in events(wid)] == ["submitted", "returned"]


def test_a_step_from_the_wrong_state_is_refused(store: str) -> None:
    wid = submitted()
    with pytest.raises(InputError) as err:
        svc.close_warning(PREVENTION, wid, note="关闭", token=token())
    assert err.value.problems[0][0] == "warn.err.already_handled"
    with pytest.raises(InputError) as err:
        svc.resubmit_warning(STAFF, wid, FORM, "改好了", token=token())
    assert err.value.problems[0][0] == "warn.err.already_handled"
    with pytest.raises(InputError) as err:
        svc.review_warning(HEAD, 999_999, approve=True, comment="", token=token())
    assert err.value.problems == [("warn.err.not_found", {})]


def test_step_inputs_are_checked_before_anything_is_stored(store: str) -> None:
    wid = submitted()
    with pytest.raises(InputError) as err:
        svc.review_warning(HEAD, wid, approve=False, comment="  ", token=token())
    assert err.value.problems == [("input.err.required", {"field": "warn.field.return_reason"})]
    svc.review_warning(HEAD, wid, approve=True, comment="", token=token())
    with pytest.raises(InputError) as err:
        svc.assign_warning(PREVENTION, wid, handling_team_id=OTHER_TEAM, plan="回访", token=token())
    assert err.value.problems == [("warn.err.handling_team", {})]
    with pytest.raises(InputError) as err:
        svc.resubmit_warning(STAFF, wid, replace(FORM, contact="x"), "", token=token())
    assert [k for k, _ in err.value.problems] == ["warn.err.phone", "input.err.required"]
    row = warning(wid)
    assert (row.status, row.handling_team_id) == ("approved", None)
    assert [e[0] for e in events(wid)] == ["submitted", "approved"]


def test_a_failing_step_changes_nothing(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    wid = submitted()
    before = table_counts()

    def broken_audit(*_args, **_kwargs) -> None:
        raise RuntimeError("connection lost")

    monkeypatch.setattr(svc, "audit", broken_audit)
    with pytest.raises(RuntimeError):
        svc.review_warning(HEAD, wid, approve=True, comment="同意", token=token())
    row = warning(wid)
    assert (row.status, row.head_id, row.signed_at) == ("submitted", None, None)
    assert table_counts() == before


# --------------------------------------------------------------------------- risk weights


def stored_weights() -> dict[str, float]:
    with session_scope() as s:
        return dict(s.execute(select(WarningWeight.factor, WarningWeight.weight)).tuples().all())


def test_admin_changes_the_weights_and_new_reports_use_them(store: str) -> None:
    before = stored_weights()
    assert q.weights() == before == {"complaint_history": 0.35, "overdue": 0.25, "debt": 0.2, "attitude": 0.2}
    new = {"complaint_history": 0.0, "overdue": 0.0, "debt": 0.0, "attitude": 1.0}
    svc.save_weights(ADMIN, new)
    assert stored_weights() == new == q.weights()  # the cached read was forgotten
    with session_scope() as s:
        entry = s.scalars(select(AuditLog).where(AuditLog.action == "warning.weights")).one()
    assert entry.detail == {"before": before, "after": new}
    receipt = svc.submit_warning(STAFF, FORM, token=token())  # hostile attitude only → 100
    assert (warning(receipt.id).risk_score, receipt.risk_level) == (100.0, "high")


def test_only_admins_change_weights_and_bad_weights_are_refused(store: str) -> None:
    good = {"complaint_history": 0.4, "overdue": 0.2, "debt": 0.2, "attitude": 0.2}
    for user in (PREVENTION, MANAGER, HEAD):
        with pytest.raises(PermissionDenied):
            svc.save_weights(user, good)
    for bad, problem in (
        ({**good, "debt": 1.2}, ("input.err.above", {"field": "warn.factor.debt", "max": "1", "min": "0"})),
        (dict.fromkeys(good, 0.0), ("warn.err.weight_all_zero", {})),
        ({"debt": 1.0}, ("warn.err.weight_factors", {})),
    ):
        with pytest.raises(InputError) as err:
            svc.save_weights(ADMIN, bad)
        assert err.value.problems == [problem]
    assert stored_weights() == {"complaint_history": 0.35, "overdue": 0.25, "debt": 0.2, "attitude": 0.2}
    assert count(AuditLog, AuditLog.action == "warning.weights") == 0


def test_reference_numbers_follow_the_day(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    submitted()
    monkeypatch.setattr(svc, "now", lambda: datetime(2026, 11, 24, 8, 0))
    receipt = svc.submit_warning(STAFF, FORM, token=token())
    assert receipt.ref_no == "YJ202611240001"
    assert warning(receipt.id).reported_at.date() == date(2026, 11, 24)


def test_warning_numbers_grow_a_digit_instead_of_running_out(store: str) -> None:
    first = svc.submit_warning(STAFF, FORM, token="cap-0")
    with session_scope() as s:
        s.scalars(select(EarlyWarning).where(EarlyWarning.id == first.id)).one().ref_no = "YJ202611239999"
    refs = [svc.submit_warning(STAFF, FORM, token=f"cap-{i}").ref_no for i in (1, 2)]
    assert refs == ["YJ2026112310000", "YJ2026112310001"]
