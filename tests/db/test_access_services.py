"""Audited unmask and the audit log's reads, on both backends: prevention and admin reveal one
record's customer after a reason, with an audit row saying who, when, which record, which fields and
why; every other role is refused and nothing is written; the log reads back filtered and paged."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from db.engine import session_scope
from db.models import AuditLog, User
from db.queries import audit as audit_q
from db.services import access
from db.services import warnings as warning_svc
from db.services.common import InputError, PermissionDenied
from domain.codes import ROLES
from domain.masking import UNMASK_ROLES
from domain.users import CurrentUser
from tests.db.builders import CITY_A, complaint_in_status, customer, two_cities, two_teams
from tests.helpers import WARNING_FORM, dt

NOW = datetime(2026, 11, 23, 10, 30)
NAME, PHONE, ID_NUMBER = "王小明", "13812345678", "310101199001010011"
COMPLAINT_ID = 1
USERS = {
    role: CurrentUser(id=i, username=role, display_name=f"用户{i}", role=role, team_id=CITY_A)
    for i, role in enumerate(ROLES, 1)
}


@pytest.fixture
def store(make_store, monkeypatch: pytest.MonkeyPatch) -> int:
    """A complaint of 王小明 and an early warning about him (as reported by staff); returns the warning's id."""
    monkeypatch.setattr(warning_svc, "now", lambda: NOW)
    make_store(
        [
            *two_cities(),
            *two_teams(),
            *(
                User(id=u.id, username=u.username, display_name=u.display_name, role=u.role, team_id=u.team_id)
                for u in USERS.values()
            ),
            customer(1, name=NAME, phone=PHONE, id_number=ID_NUMBER),
            complaint_in_status(COMPLAINT_ID, "TS0001", dt("11-20", "09:00"), "received", dt("11-21")),
        ]
    )
    return warning_svc.submit_warning(USERS["staff"], WARNING_FORM, token=uuid.uuid4().hex).id


def unmask_rows() -> list[AuditLog]:
    with session_scope() as s:
        rows = list(s.scalars(select(AuditLog).where(AuditLog.action == access.UNMASK_ACTION)))
        s.expunge_all()
        return rows


def audit_count() -> int:
    with session_scope() as s:
        return int(s.scalar(select(func.count()).select_from(AuditLog)) or 0)


@pytest.mark.parametrize("role", sorted(UNMASK_ROLES))
def test_an_allowed_role_sees_the_clear_values_and_the_unmask_is_audited(store: int, role: str) -> None:
    by = USERS[role]
    shown = access.unmask(by, "complaint", COMPLAINT_ID, "  客户来电核对身份  ")
    assert shown == {"customer_name": NAME, "customer_phone": PHONE, "customer_id_number": ID_NUMBER}
    assert access.unmask(by, "warning", store, "回访前核对联系方式") == {"customer_name": NAME, "contact": PHONE}
    first, second = unmask_rows()
    assert (first.user_id, first.entity, first.entity_id) == (by.id, "complaint", str(COMPLAINT_ID))
    assert first.detail == {
        "fields": ["customer_name", "customer_phone", "customer_id_number"],
        "reason": "客户来电核对身份",
    }
    assert (second.entity, second.entity_id, second.detail["fields"]) == (
        "early_warnings",
        str(store),
        ["customer_name", "contact"],
    )
    assert first.at is not None and second.detail["reason"] == "回访前核对联系方式"


@pytest.mark.parametrize("role", sorted(set(ROLES) - UNMASK_ROLES))
def test_other_roles_are_refused_and_nothing_is_written(store: int, role: str) -> None:
    before = audit_count()
    for kind, record in (("complaint", COMPLAINT_ID), ("warning", store)):
        with pytest.raises(PermissionDenied):
            access.unmask(USERS[role], kind, record, "我想看看这个客户")
    assert audit_count() == before


@pytest.mark.parametrize(
    ("kind", "record", "reason", "problem"),
    [
        ("complaint", COMPLAINT_ID, "", "input.err.required"),
        ("complaint", COMPLAINT_ID, "\u200b \u200b", "input.err.required"),
        ("complaint", COMPLAINT_ID, "看看", "privacy.err.reason_short"),
        ("complaint", COMPLAINT_ID, "为" * 201, "input.err.too_long"),
        ("complaint", COMPLAINT_ID, "核对\x00身份信息", "input.err.nul"),
        ("complaint", 999, "客户来电核对身份", "privacy.err.record"),
        ("complaint", True, "客户来电核对身份", "privacy.err.record"),
        ("customer", 1, "客户来电核对身份", "privacy.err.record"),
    ],
)
def test_a_missing_reason_or_record_reveals_nothing_and_writes_nothing(
    store: int, kind: str, record: object, reason: str, problem: str
) -> None:
    before = audit_count()
    with pytest.raises(InputError) as refused:
        access.unmask(USERS["admin"], kind, record, reason)  # type: ignore[arg-type]
    assert [key for key, _ in refused.value.problems] == [problem]
    assert audit_count() == before


def test_the_audit_log_reads_back_filtered_and_paged(store: int) -> None:
    admin, prevention = USERS["admin"], USERS["prevention"]
    for _ in range(3):
        access.unmask(prevention, "complaint", COMPLAINT_ID, "客户来电核对身份")
    access.unmask(admin, "warning", store, "回访前核对联系方式")
    access.record_sign_in(admin)
    everything = audit_q.AuditFilters(start=date(2000, 1, 1), end=date(2100, 1, 1))
    rows, total = audit_q.entries.__wrapped__(everything)
    assert total == len(rows) == 6  # the warning's submit, three + one unmasks, one sign-in
    assert list(rows["at"]) == sorted(rows["at"], reverse=True)
    page, total = audit_q.entries.__wrapped__(everything, 2, 2)
    assert (len(page), total) == (2, 6) and list(page["id"]) == list(rows["id"][2:4])
    unmasks = audit_q.AuditFilters(
        start=date(2000, 1, 1), end=date(2100, 1, 1), actions=(access.UNMASK_ACTION,), user_ids=(prevention.id,)
    )
    rows, total = audit_q.entries.__wrapped__(unmasks)
    assert total == 3 and set(rows["user"]) == {prevention.display_name}
    assert rows["detail"].iloc[0] == {
        "fields": ["customer_name", "customer_phone", "customer_id_number"],
        "reason": "客户来电核对身份",
    }
    one_record = audit_q.AuditFilters(
        start=date(2000, 1, 1), end=date(2100, 1, 1), entities=("early_warnings",), record_id=str(store)
    )
    rows, total = audit_q.entries.__wrapped__(one_record)
    assert total == 2 and set(rows["action"]) == {"warning.submit", access.UNMASK_ACTION}
    none_then = audit_q.AuditFilters(start=date(2000, 1, 1), end=date(2000, 1, 2))
    assert audit_q.entries.__wrapped__(none_then)[1] == 0
    actions, entities, users = audit_q.choices.__wrapped__()
    assert actions == sorted({"warning.submit", access.UNMASK_ACTION, "auth.sign_in"})
    assert entities == ["complaint", "early_warnings", "user"]
    assert set(users["id"]) == {USERS["staff"].id, prevention.id, admin.id}
