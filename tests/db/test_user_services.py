"""Account writes on SQLite and PostgreSQL: what each change stores and the audit row it writes
(who, when, before and after), duplicates and self-lockout refused with nothing stored."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from db.engine import session_scope
from db.models import AuditLog, User, UserCity
from db.queries import users as q
from db.services import users as svc
from domain.errors import InputError
from domain.users import AccountForm
from tests.db import scope_data as d
from tests.db.builders import CITY_A, CITY_B, move_sequences
from tests.helpers import AS_OF


@pytest.fixture
def store(make_store, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr("db.services.common.now", lambda: AS_OF)
    url = make_store(d.build_rows())
    move_sequences(d.EXPLICIT_IDS)
    return url


def _audit() -> list[tuple[str, int | None, str | None, dict | None]]:
    with session_scope() as s:
        return [(a.action, a.user_id, a.entity_id, a.detail) for a in s.scalars(select(AuditLog).order_by(AuditLog.id))]


def test_create_change_disable_enable_each_audited(store: str) -> None:
    form = AccountForm("east2", "吴敏", "East2@Demo.cx", "manager", None, (CITY_B, CITY_A))
    tok = uuid.uuid4().hex
    new_id = svc.create_user(d.ADMIN, form, token=tok)
    assert svc.create_user(d.ADMIN, form, token=tok) == new_id  # a repeated submit stores nothing more
    row = q.accounts().set_index("id").loc[new_id]
    assert (row["email"], row["role"], row["city_ids"], bool(row["active"])) == (
        "east2@demo.cx",
        "manager",
        (CITY_A, CITY_B),
        True,
    )
    assert svc.update_user(d.ADMIN, new_id, AccountForm("east2", "吴敏", "east2@demo.cx", "manager", None, (CITY_A,)))
    assert not svc.update_user(d.ADMIN, new_id, AccountForm("east2", "吴敏", "east2@demo.cx", "manager", None, (1,)))
    assert svc.set_active(d.ADMIN, new_id, False) and not svc.set_active(d.ADMIN, new_id, False)
    assert svc.set_active(d.ADMIN, new_id, True)
    log = _audit()
    assert [(action, who, entity) for action, who, entity, _ in log] == [
        ("user.create", d.ADMIN.id, str(new_id)),
        ("user.update", d.ADMIN.id, str(new_id)),
        ("user.disable", d.ADMIN.id, str(new_id)),
        ("user.enable", d.ADMIN.id, str(new_id)),
    ]
    assert log[0][3]["before"] is None and log[0][3]["after"]["city_ids"] == [CITY_A, CITY_B]
    assert log[1][3] == {"before": {"city_ids": [CITY_A, CITY_B]}, "after": {"city_ids": [CITY_A]}}
    assert log[2][3] == {"before": {"active": True}, "after": {"active": False}}
    with session_scope() as s:
        assert list(s.scalars(select(UserCity.city_id).where(UserCity.user_id == new_id))) == [CITY_A]
        assert s.scalars(select(AuditLog.at)).first() == AS_OF


@pytest.mark.parametrize(
    ("write", "key"),
    [
        (
            lambda: svc.create_user(d.ADMIN, AccountForm("STAFF_A", "重名", "x@demo.cx", "staff", 1), token="t1"),
            "users.err.username_taken",
        ),
        (lambda: svc.update_user(d.ADMIN, d.STAFF_B.id, AccountForm("staff_b", "乙", "A@b.cn", "staff", 2)), None),
        (lambda: svc.set_active(d.ADMIN, d.ADMIN.id, False), "users.err.own_account"),
        (
            lambda: svc.update_user(d.ADMIN, d.ADMIN.id, AccountForm("admin", "管理员", "admin@x.cn", "staff", 1)),
            "users.err.own_role",
        ),
        (lambda: svc.update_user(d.ADMIN, 999, AccountForm("zz", "无", "zz@x.cn", "staff", 1)), "users.err.not_found"),
        (
            lambda: svc.create_user(d.ADMIN, AccountForm("zz", "无", "zz@x.cn", "manager", None, (99,)), token="t2"),
            "users.err.city",
        ),
    ],
)
def test_refusals_store_nothing(store: str, write, key: str | None) -> None:
    if key is None:  # the e-mail of one account given to another
        svc.update_user(d.ADMIN, d.STAFF_A.id, AccountForm("staff_a", "甲", "a@b.cn", "staff", 1))
        key, before = "users.err.email_taken", _audit()
    else:
        before = _audit()
    with session_scope() as s:
        users_before = [
            (u.id, u.username, u.email, u.role, u.active) for u in s.scalars(select(User).order_by(User.id))
        ]
    with pytest.raises(InputError) as err:
        write()
    assert err.value.problems[0][0] == key
    assert _audit() == before
    with session_scope() as s:
        assert [
            (u.id, u.username, u.email, u.role, u.active) for u in s.scalars(select(User).order_by(User.id))
        ] == users_before
