"""The data scope of each role (domain.users.Scope), the account form's checks and the duties kept apart."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.errors import DutyConflict
from domain.filters import Filters
from domain.inputs import email_address
from domain.users import EVERYTHING, AccountForm, CurrentUser, Scope, checked_account
from domain.warnings import Actor, check, duty_conflict


def _user(role: str, **kw: Any) -> CurrentUser:
    return CurrentUser(id=7, username="u", display_name="用户", role=role, **kw)


@pytest.mark.parametrize(
    ("user", "scope"),
    [
        (_user("admin", team_id=3, city_ids=(1,)), EVERYTHING),
        (_user("prevention", team_id=3), EVERYTHING),
        (_user("committee"), EVERYTHING),
        (_user("manager"), EVERYTHING),  # no cities: every city
        (_user("manager", city_ids=(5, 2, 5)), Scope(city_ids=(2, 5))),
        (_user("dept_head", team_id=4, city_id=1), Scope(team_ids=(4,))),
        (_user("dept_head"), Scope(team_ids=())),  # no team: nothing, not everything
        (_user("staff", team_id=4), Scope(owner_id=7)),
    ],
)
def test_each_role_gets_its_scope(user: CurrentUser, scope: Scope) -> None:
    assert user.scope == scope
    assert user.scope.unlimited == (scope == EVERYTHING)


def test_scopes_are_hashable_and_key_filters_apart() -> None:
    f = Filters(start=date(2026, 11, 1), end=date(2026, 11, 30))
    head = Filters(start=f.start, end=f.end, scope=Scope(team_ids=(4,)))
    assert f.scope == EVERYTHING
    assert len({f, head, Filters(start=f.start, end=f.end, scope=Scope(team_ids=(4,)))}) == 2


def test_what_a_scope_covers() -> None:
    head, city, staff = Scope(team_ids=(4,)), Scope(city_ids=(1, 2)), Scope(owner_id=7)
    case = dict(city_id=1, team_id=4, handler_id=9, first_owner_id=7)
    assert head.covers_case(**case) and city.covers_case(**case) and staff.covers_case(**case)
    other = dict(city_id=3, team_id=5, handler_id=9, first_owner_id=9)
    assert not any(s.covers_case(**other) for s in (head, city, staff))
    assert EVERYTHING.covers_case(**other)
    assert Scope(team_ids=()).covers_case(**case) is False
    assert staff.covers_warning(city_id=3, team_id=5, reporter_id=7)
    assert not staff.covers_warning(city_id=1, team_id=4, reporter_id=8)
    assert head.covers_warning(city_id=9, team_id=4, reporter_id=1) and not head.covers_warning(
        city_id=1, team_id=5, reporter_id=1
    )
    assert [c for c in (1, 2, 3) if city.covers_city(c)] == [1, 2]
    assert city.covers_team(city_id=2, team_id=8) and not city.covers_team(city_id=3, team_id=8)


def test_duties_kept_apart() -> None:
    head = Actor(2, "dept_head", 4)
    assert duty_conflict("approve", head, reporter_id=2) == "errors.duty.own_report"
    assert duty_conflict("return", head, reporter_id=2) == "errors.duty.own_report"
    assert duty_conflict("approve", head, reporter_id=1) is None
    prevention = Actor(5, "prevention", 3)
    assert duty_conflict("evaluate", prevention, reporter_id=1, closer_id=5) == "errors.duty.own_close"
    assert duty_conflict("evaluate", prevention, reporter_id=1, closer_id=6) is None
    with pytest.raises(DutyConflict) as err:
        check("approve", "submitted", head, reporter_id=2, team_id=4)
    assert err.value.key == "errors.duty.own_report"


def test_account_form_is_cleaned_and_checked() -> None:
    clean, problems = checked_account(AccountForm(" Wang.Fang ", " 王芳 ", " Wang@Corp.CN ", "manager", None, (3, 1)))
    assert problems == []
    assert clean == AccountForm("wang.fang", "王芳", "wang@corp.cn", "manager", None, (1, 3))
    _, problems = checked_account(AccountForm("a b!", "", "nope", None, None, ()))
    assert [key for key, _ in problems] == [
        "users.err.username",
        "input.err.required",
        "users.err.email",
        "input.err.choose",
    ]
    _, problems = checked_account(AccountForm("li", "李", "li@corp.cn", "staff", None, (1,)))
    assert [key for key, _ in problems] == ["input.err.choose", "users.err.cities_for_managers"]  # team missing
    _, problems = checked_account(AccountForm("li", "李", "li@corp.cn", "manager", 0, (0,)))
    assert [key for key, _ in problems] == ["users.err.team", "users.err.city"]


@pytest.mark.parametrize(
    ("typed", "stored", "ok"),
    [
        ("Zhang.San@Corp.CN", "zhang.san@corp.cn", True),
        ("zhang san@corp.cn", "zhangsan@corp.cn", True),
        ("zhang@corp", "zhang@corp", False),
        ("张三@corp.cn", "张三@corp.cn", False),
        ("a@b.cn\x00", "a@b.cn\x00", False),
    ],
)
def test_email_addresses(typed: str, stored: str, ok: bool) -> None:
    value, problem = email_address(typed, field="users.field.email", format_key="users.err.email")
    assert value == stored and (problem is None) == ok
