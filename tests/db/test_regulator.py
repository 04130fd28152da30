"""Regulator time limits on SQLite and PostgreSQL: the last day and days left computed in SQL as the
domain computes them, the queue of undecided cases and the range's breach count, which complaints
the limit applies to, and extensions: role, scope, steps, reason and approver, too late or already
decided, exactly once per token, one winner of two at once, audited."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from db.engine import session_scope
from db.models import AuditLog, ComplaintEvent, RegulatorExtension, Team, User
from db.queries import regulator as q
from db.services import regulator as svc
from db.services.common import InputError, OutOfScope, PermissionDenied
from domain import regulator
from domain.codes import STAGES
from domain.filters import Filters
from domain.users import CurrentUser
from tests.db.builders import customer, staged_complaint, two_cities, two_teams
from tests.helpers import dt, in_threads

PREVENTION = CurrentUser(id=1, username="prevention", display_name="王芳", role="prevention", team_id=3)
MANAGER = CurrentUser(id=2, username="manager", display_name="刘洋", role="manager")
CITY_B_MANAGER = CurrentUser(id=3, username="manager2", display_name="周敏", role="manager", city_ids=(2,))
STAFF = CurrentUser(id=4, username="staff", display_name="张伟", role="staff", team_id=1)
HEAD = CurrentUser(id=5, username="head", display_name="李娜", role="dept_head", team_id=1)
ADMIN = CurrentUser(id=6, username="admin", display_name="赵磊", role="admin")
PEOPLE = (PREVENTION, MANAGER, CITY_B_MANAGER, STAFF, HEAD, ADMIN)
TODAY = date(2026, 11, 23)  # the fixture stores' "now": 2026-11-23 10:00
RANGE = Filters(date(2026, 11, 1), TODAY)
# ref → (received, decision told, channel, city); last day = receipt day + 15 (R6: + 30, extended once)
CASES = {
    "RG1": (dt("11-01", "09:00"), None, "phone", 1),  # last day 11-16: overdue
    "RG2": (dt("11-10", "09:00"), None, "phone", 1),  # 11-25: 2 days left
    "RG3": (dt("11-08", "14:00"), None, "phone", 1),  # 11-23: due today
    "RG4": (dt("11-02", "10:00"), dt("11-15", "16:00"), "phone", 1),  # told in time
    "RG5": (dt("11-02", "10:00"), dt("11-20", "16:00"), "app", 1),  # told late (11-17 was the last day)
    "RG6": (dt("10-30", "10:00"), None, "regulator", 1),  # extended once: 11-29
    "RG7": (dt("11-10", "09:30"), None, "phone", 1),  # a duplicate of RG2: not counted
    "RG8": (dt("11-12", "11:00"), None, "phone", 2),  # 乙市: 11-27
}


def case_rows() -> list[object]:
    rows: list[object] = []
    for k, (ref, (received, told, channel, city)) in enumerate(CASES.items(), start=1):
        done = {"ack": received.replace(hour=received.hour + 1)}
        if told is not None:
            done |= {"verify": told, "resolve": told, "notify": told}
        rows.append(
            staged_complaint(
                k,
                received,
                {s: (dt("12-31"), done.get(s)) for s in STAGES},
                ref_prefix="X",
                city=city,
                team=city,
                channel=channel,
                handler=PREVENTION.id,
                duplicate_of=2 if ref == "RG7" else None,
            )
        )
        rows[-1].ref_no = ref
    return rows


@pytest.fixture
def store(make_store) -> str:
    return make_store(
        [
            *two_cities(),
            *two_teams(),
            Team(id=3, name="处理一组", name_en="Handling 1", city_id=1, department="handling"),
            *(
                User(id=u.id, username=u.username, display_name=u.display_name, role=u.role, team_id=u.team_id)
                for u in PEOPLE
            ),
            customer(1),
            *case_rows(),
            RegulatorExtension(
                complaint_id=6, step=1, reason="案情复杂", granted_by=1, granted_at=dt("11-10", "10:00")
            ),
        ]
    )


def extend(
    who: CurrentUser,
    ref: str,
    step: int = 1,
    *,
    reason: str = "案情复杂，需调取多方通话记录",
    approver: str = "",
    token: str | None = None,
) -> int:
    return svc.extend_limit(
        who, int(ref[2:]), step=step, reason=reason, approver=approver, token=token or uuid.uuid4().hex
    )


def steps_of(ref: str) -> list[int]:
    with session_scope() as s:
        return list(
            s.scalars(
                select(RegulatorExtension.step)
                .where(RegulatorExtension.complaint_id == int(ref[2:]))
                .order_by(RegulatorExtension.step)
            )
        )


def test_regulator_queue_orders_undecided_cases_by_their_last_day(store: str) -> None:
    queue = q.queue(RANGE, TODAY)
    assert list(queue["ref_no"]) == ["RG1", "RG3", "RG2", "RG8", "RG6"]
    assert list(queue["days_left"]) == [-7, 0, 2, 4, 6]
    assert list(queue["steps"]) == [0, 0, 0, 0, 1]
    for row in queue.itertuples():  # the SQL day arithmetic is the domain's
        received = CASES[row.ref_no][0]
        assert row.last_day == regulator.deadline(received, int(row.steps))
    assert int(queue["total"].iloc[0]) == 5
    city_b = Filters(RANGE.start, RANGE.end, scope=CITY_B_MANAGER.scope)
    assert list(q.queue(city_b, TODAY)["ref_no"]) == ["RG8"]


def test_regulator_breach_count_of_the_range(store: str) -> None:
    assert q.counts(RANGE, TODAY) == {
        "complaints": 6,  # RG1–RG5 and RG8; RG6 came earlier, RG7 is a duplicate
        "met": 1,
        "late": 1,
        "open": 3,
        "overdue": 1,
        "breached": 2,
    }
    assert q.counts(RANGE, date(2026, 11, 26))["overdue"] == 3  # RG3 and RG2 have run out too


def test_regulator_applies_to_the_chosen_channels_only(store: str) -> None:
    with pytest.raises(PermissionDenied):
        svc.save_applies(PREVENTION, "selected", ["regulator"], [])
    with pytest.raises(InputError):
        svc.save_applies(ADMIN, "selected", [], [])
    svc.save_applies(ADMIN, "selected", ["regulator", "app"], ["监管转办平台"])
    assert q.applies() == regulator.Applies("selected", ("regulator", "app"), ("监管转办平台",))
    assert list(q.queue(RANGE, TODAY)["ref_no"]) == ["RG6"]
    assert q.counts(RANGE, TODAY)["complaints"] == 1  # RG5, an app complaint
    with pytest.raises(InputError) as refused:
        extend(PREVENTION, "RG2")
    assert refused.value.problems == [("regulator.err.not_applicable", {})]
    with session_scope() as s:
        audit = s.scalars(select(AuditLog).where(AuditLog.action == "regulator.applies")).one()
    assert audit.detail["before"]["mode"] == "all" and audit.detail["after"]["channels"] == ["regulator", "app"]
    svc.save_applies(ADMIN, "all", [], [])
    assert len(q.queue(RANGE, TODAY)) == 5


def test_regulator_extensions_go_to_30_then_60_days(store: str) -> None:
    token = uuid.uuid4().hex
    first = extend(PREVENTION, "RG2", token=token)
    assert extend(PREVENTION, "RG2", token=token) == first  # a double click stores once
    assert steps_of("RG2") == [1]
    with pytest.raises(InputError) as no_approver:
        extend(MANAGER, "RG2", 2, reason="仍需第三方机构出具证明")
    assert no_approver.value.problems == [("input.err.required", {"field": "regulator.field.approver"})]
    extend(MANAGER, "RG2", 2, reason="仍需第三方机构出具证明", approver="王副总经理")
    with pytest.raises(InputError) as no_more:
        extend(MANAGER, "RG2", 3, reason="再延", approver="王副总经理")
    assert no_more.value.problems[0] == ("regulator.err.no_more", {})
    queue = q.queue(RANGE, TODAY).set_index("ref_no")
    assert queue.loc["RG2", "last_day"] == date(2027, 1, 9) and queue.loc["RG2", "steps"] == 2  # 11-10 + 60
    with session_scope() as s:
        rows = s.scalars(
            select(RegulatorExtension).where(RegulatorExtension.complaint_id == 2).order_by(RegulatorExtension.step)
        ).all()
        assert [(r.step, r.approver, r.granted_by) for r in rows] == [(1, None, 1), (2, "王副总经理", 2)]
        audits = s.scalars(select(AuditLog).where(AuditLog.action == "regulator.extend").order_by(AuditLog.id)).all()
        assert [(a.detail["step"], a.detail["days"], a.detail["last_day"]) for a in audits] == [
            (1, 30, "2026-12-10"),
            (2, 60, "2027-01-09"),
        ]
        events = s.scalar(
            select(func.count()).where(ComplaintEvent.complaint_id == 2, ComplaintEvent.kind == "limit_extended")
        )
    assert events == 2
    assert list(q.case_extensions(2)["approver"].fillna("")) == ["", "王副总经理"]


def test_regulator_extension_refusals(store: str) -> None:
    for who in (STAFF, HEAD, ADMIN):
        with pytest.raises(PermissionDenied):
            extend(who, "RG2")
    with pytest.raises(OutOfScope):
        extend(CITY_B_MANAGER, "RG2")
    with pytest.raises(InputError) as expired:
        extend(PREVENTION, "RG1")
    assert expired.value.problems[0] == ("regulator.err.expired", {"day": "2026-11-16"})
    with pytest.raises(InputError) as decided:
        extend(PREVENTION, "RG4")
    assert decided.value.problems[0] == ("regulator.err.decided", {})
    with pytest.raises(InputError) as no_reason:
        extend(PREVENTION, "RG3", reason="\u200b ")
    assert no_reason.value.problems == [("input.err.required", {"field": "regulator.field.reason"})]
    extend(PREVENTION, "RG3")  # due today: still in time
    extend(CITY_B_MANAGER, "RG8")
    assert steps_of("RG1") == [] and steps_of("RG3") == [1] and steps_of("RG8") == [1]


def test_regulator_two_extensions_at_once_one_wins(store: str) -> None:
    results = in_threads(2, lambda i: extend(PREVENTION if i else MANAGER, "RG3"))
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], InputError), results
    assert errors[0].problems == [("regulator.err.concurrent", {})]
    assert steps_of("RG3") == [1]
