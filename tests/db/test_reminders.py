"""send_reminder (db/services/reminders.py) on both backends: validation, roles, exactly once per token,
and concurrent callers. The store is the SLA reads' one (``sla_store``, see tests/db/sla_data.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from db.engine import engine
from db.models import AuditLog, ComplaintEvent
from db.queries import cases
from db.queries import sla as sla_queries
from db.services.common import InputError, PermissionDenied
from db.services.reminders import ACTION, NOTE_MAX, send_reminder
from domain.users import CurrentUser
from tests.db.sla_data import ADMIN, COMMITTEE, HEAD, MANAGER, NOW, STAFF, TEAM_A, span

C1, C2 = 1, 2  # C1: every stage done; C2: verify, resolve, notify and archive still open

MANAGER_USER = CurrentUser(id=MANAGER, username="boss", display_name="经理", role="manager")


def user(uid: int, role: str, team: int | None = None) -> CurrentUser:
    return CurrentUser(id=uid, username=role, display_name=role, role=role, team_id=team)


def reminders_on(complaint_id: int, stage: str | None = None) -> int:
    stmt = (
        select(func.count())
        .select_from(ComplaintEvent)
        .where(ComplaintEvent.complaint_id == complaint_id, ComplaintEvent.kind == "reminder")
    )
    if stage is not None:
        stmt = stmt.where(ComplaintEvent.stage == stage)
    with engine().connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def audit_rows() -> list[dict]:
    with engine().connect() as conn:
        return [
            dict(r._mapping)
            for r in conn.execute(
                select(AuditLog.user_id, AuditLog.entity, AuditLog.entity_id, AuditLog.detail)
                .where(AuditLog.action == ACTION)
                .order_by(AuditLog.id)
            )
        ]


def test_reminder_is_stored_once_per_token(sla_store: str) -> None:
    first = send_reminder(C2, "resolve", MANAGER_USER, "  请今天内给出处理方案  ", "tok-1")
    again = send_reminder(C2, "resolve", MANAGER_USER, "  请今天内给出处理方案  ", "tok-1")
    assert again == first
    assert reminders_on(C2, "resolve") == 1
    rows = audit_rows()
    assert rows == [
        {
            "user_id": MANAGER,
            "entity": "complaint",
            "entity_id": str(C2),
            "detail": {"token": "tok-1", "stage": "resolve", "event_id": first},
        }
    ]
    with engine().connect() as conn:
        event = conn.execute(
            select(ComplaintEvent.kind, ComplaintEvent.stage, ComplaintEvent.actor_id, ComplaintEvent.note).where(
                ComplaintEvent.id == first
            )
        ).one()
    assert tuple(event) == ("reminder", "resolve", MANAGER, "请今天内给出处理方案")

    other = send_reminder(C2, "resolve", MANAGER_USER, "", "tok-2")  # a new form render: a second reminder
    assert other != first and reminders_on(C2, "resolve") == 2
    assert len(audit_rows()) == 2


def test_reminder_shows_on_timeline_queue_and_handler_panel(sla_store: str) -> None:
    # Read first so the caches hold the old state; the write must clear them.
    assert (
        sla_queries.overdue_queue(span(), NOW).set_index(["ref_no", "stage"])["reminders"]["TS-SLA-2", "resolve"] == 0
    )
    assert list(sla_queries.my_reminders(span(), 1)["ref_no"]) == ["TS-SLA-6", "TS-SLA-2"]
    before = cases.timeline(C2)
    send_reminder(C2, "resolve", MANAGER_USER, "催一下", "tok-t")
    after = cases.timeline(C2)
    assert len(after) == len(before) + 1
    assert after.iloc[-1]["kind"] == "reminder" and after.iloc[-1]["actor"] == "经理"
    assert (
        sla_queries.overdue_queue(span(), NOW).set_index(["ref_no", "stage"])["reminders"]["TS-SLA-2", "resolve"] == 1
    )
    mine = sla_queries.my_reminders(span(), 1)
    assert (mine.iloc[0]["ref_no"], mine.iloc[0]["stage"], mine.iloc[0]["note"]) == ("TS-SLA-2", "resolve", "催一下")


@pytest.mark.parametrize(
    ("uid", "role", "team"), [(STAFF, "staff", TEAM_A), (HEAD, "dept_head", TEAM_A), (COMMITTEE, "committee", None)]
)
def test_roles_without_the_right_are_refused(sla_store: str, uid: int, role: str, team: int | None) -> None:
    with pytest.raises(PermissionDenied) as refused:
        send_reminder(C2, "resolve", user(uid, role, team), "", f"tok-{role}")
    assert refused.value.key == "errors.permission"
    assert reminders_on(C2) == 1  # only the fixture's reminder
    assert audit_rows() == []


@pytest.mark.parametrize(("uid", "role"), [(MANAGER, "manager"), (1, "prevention"), (ADMIN, "admin")])
def test_managing_roles_may_remind(sla_store: str, uid: int, role: str) -> None:
    send_reminder(C2, "notify", user(uid, role), "", f"tok-{role}")
    assert reminders_on(C2, "notify") == 1


@pytest.mark.parametrize(
    ("complaint_id", "stage", "note", "token", "key"),
    [
        (C2, "ack", "", "tok", "sla.remind.stage_closed"),  # acknowledged already
        (C1, "archive", "", "tok", "sla.remind.stage_closed"),  # every stage done
        (999, "ack", "", "tok", "sla.remind.no_case"),
        (C2, "payment", "", "tok", "sla.remind.bad_stage"),
        (C2, "resolve", "字" * (NOTE_MAX + 1), "tok", "input.err.too_long"),
        (C2, "resolve", "", "", "input.err.form_expired"),
        (C2, "resolve", "", "t" * 65, "input.err.form_expired"),
    ],
    ids=["closed_stage", "closed_case", "no_case", "bad_stage", "long_note", "no_token", "long_token"],
)
def test_bad_input_is_refused(sla_store: str, complaint_id: int, stage: str, note: str, token: str, key: str) -> None:
    with pytest.raises(InputError) as refused:
        send_reminder(complaint_id, stage, MANAGER_USER, note, token)
    assert [k for k, _ in refused.value.problems] == [key]
    assert audit_rows() == []


def test_note_of_exactly_the_limit_is_accepted(sla_store: str) -> None:
    send_reminder(C2, "resolve", MANAGER_USER, "字" * NOTE_MAX, "tok-max")
    assert reminders_on(C2, "resolve") == 1


def test_input_is_checked_before_the_role(sla_store: str) -> None:
    with pytest.raises(InputError):
        send_reminder(C2, "payment", user(STAFF, "staff"), "", "tok")


def run_concurrently(calls: list[Callable[[], int]]) -> list[int]:
    """Start every call at once (a barrier) and collect the results; any exception fails the test."""
    barrier = threading.Barrier(len(calls))
    results: list[int | BaseException] = [0] * len(calls)

    def worker(k: int) -> None:
        barrier.wait()
        try:
            results[k] = calls[k]()
        except BaseException as exc:  # noqa: BLE001 - reported below
            results[k] = exc

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(len(calls))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, errors
    return results  # type: ignore[return-value]


def test_concurrent_reminders_with_distinct_tokens_all_land(sla_store: str) -> None:
    ids = run_concurrently(
        [lambda k=k: send_reminder(C2, "resolve", MANAGER_USER, f"第{k}次", f"tok-{k}") for k in range(20)]
    )
    assert len(set(ids)) == 20
    assert reminders_on(C2, "resolve") == 20
    assert len(audit_rows()) == 20


def test_concurrent_reminders_with_one_token_land_once(sla_store: str) -> None:
    ids = run_concurrently([lambda: send_reminder(C2, "resolve", MANAGER_USER, "双击", "tok-same") for _ in range(20)])
    assert len(set(ids)) == 1
    assert reminders_on(C2, "resolve") == 1
    assert len(audit_rows()) == 1


def test_a_token_is_scoped_to_its_case(sla_store: str) -> None:
    # The same form token on another case is another reminder, never the first case's.
    first = send_reminder(C2, "resolve", MANAGER_USER, "", "tok-case")
    second = send_reminder(6, "archive", MANAGER_USER, "", "tok-case")
    assert first != second
    assert reminders_on(6, "archive") == 2  # the fixture's and this one
    assert [r["entity_id"] for r in audit_rows()] == [str(C2), "6"]
