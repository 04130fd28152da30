"""Users page (admin): the account list, creating an account with cities, refusing bad input, and
disabling an account, in Chinese and English; each change leaves its audit row."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.engine import session_scope
from db.models import AuditLog, User, UserCity
from domain.users import pages_for_role


def _user(username: str) -> User | None:
    with session_scope() as s:
        row = s.scalars(select(User).where(User.username == username)).first()
        if row is not None:
            s.expunge(row)
        return row


def _audit(action: str) -> list[AuditLog]:
    with session_scope() as s:
        rows = list(s.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))
        for row in rows:
            s.expunge(row)
        return rows


@pytest.mark.parametrize(("lang", "created"), [("zh", "已创建账号 east9。"), ("en", "Account east9 created.")])
def test_admin_creates_a_manager_limited_to_two_cities(writable_app, lang: str, created: str) -> None:
    at = writable_app(role="admin", lang=lang, page="pages/users.py")
    assert not at.exception
    assert "manager2" in set(at.dataframe[0].value.iloc[:, 1])
    at.text_input(key="users_new_username").set_value(" East9 ")
    at.text_input(key="users_new_display_name").set_value("吴敏")
    at.text_input(key="users_new_email").set_value("East9@Demo.CX")
    at.selectbox(key="users_new_role").set_value("manager")
    at.multiselect(key="users_new_cities").set_value([1, 2])
    at.get("form_submit_button")[0].click().run()
    assert not at.exception
    assert at.success[0].value == created
    row = _user("east9")
    assert row is not None and (row.email, row.role, row.active) == ("east9@demo.cx", "manager", True)
    with session_scope() as s:
        assert sorted(s.scalars(select(UserCity.city_id).where(UserCity.user_id == row.id))) == [1, 2]
    (entry,) = _audit("user.create")
    assert entry.entity_id == str(row.id) and entry.user_id is not None
    assert entry.detail["before"] is None and entry.detail["after"]["city_ids"] == [1, 2]


@pytest.mark.parametrize(
    ("lang", "message"),
    [("zh", "只有经理可以限定城市"), ("en", "Only managers are limited to cities")],
)
def test_cities_for_a_non_manager_are_refused_and_nothing_is_stored(writable_app, lang: str, message: str) -> None:
    at = writable_app(role="admin", lang=lang, page="pages/users.py")
    at.text_input(key="users_new_username").set_value("staff9")
    at.text_input(key="users_new_display_name").set_value("郑强")
    at.text_input(key="users_new_email").set_value("staff9@demo.cx")
    at.selectbox(key="users_new_role").set_value("staff")
    at.selectbox(key="users_new_team").set_value(1)
    at.multiselect(key="users_new_cities").set_value([1])
    at.get("form_submit_button")[0].click().run()
    assert not at.exception
    assert message in at.error[0].value
    assert _user("staff9") is None and _audit("user.create") == []


@pytest.mark.parametrize(("lang", "done"), [("zh", "账号已停用"), ("en", "Account disabled")])
def test_admin_disables_an_account(writable_app, lang: str, done: str) -> None:
    at = writable_app(role="admin", lang=lang, page="pages/users.py")
    target = _user("manager2")
    assert target is not None
    at.selectbox(key="users_pick").set_value(target.id).run()
    at.button(key="users_toggle_active").click().run()
    assert not at.exception
    assert done in at.success[0].value
    after = _user("manager2")
    assert after is not None and after.active is False
    (entry,) = _audit("user.disable")
    assert entry.detail == {"before": {"active": True}, "after": {"active": False}}
    assert "manager2" not in set(at.dataframe[0].value.iloc[:, 1])  # the list hides disabled accounts


def test_users_is_for_admins_only() -> None:
    assert "users" in pages_for_role("admin")
    assert all("users" not in pages_for_role(r) for r in ("staff", "dept_head", "prevention", "manager", "committee"))
