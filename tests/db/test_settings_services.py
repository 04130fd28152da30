"""Admin writes on both backends: validated, role-checked, audited, and the SLA clock follows them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from db.engine import session_scope
from db.models import AuditLog, Holiday, SlaPolicy, User
from db.queries import sla_config
from db.services import settings as svc
from db.services.common import InputError, PermissionDenied
from domain.sla import stage_due_times
from domain.users import CurrentUser

ADMIN = CurrentUser(id=1, username="admin", display_name="赵磊", role="admin")
MANAGER = CurrentUser(id=2, username="manager", display_name="刘洋", role="manager")


@pytest.fixture
def store(make_store) -> str:
    return make_store(
        [
            User(id=1, username="admin", display_name="赵磊", role="admin"),
            User(id=2, username="manager", display_name="刘洋", role="manager"),
        ]
    )


def audit_count(action: str) -> int:
    with session_scope() as s:
        return s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == action))


def test_fallback_year_becomes_known_once_a_holiday_is_added(store: str) -> None:
    assert sla_config.calendar().is_fallback_year(2027)
    friday = datetime(2027, 2, 5, 10, 0)  # before a made-up 2027 Spring Festival day off on Monday
    svc.save_holiday(ADMIN, date(2027, 2, 8), False, "春节")
    cal = sla_config.calendar()
    assert not cal.is_fallback_year(2027)
    assert cal.add_business_days(friday, 1) == datetime(2027, 2, 9, 10, 0)
    assert audit_count("holiday.save") == 1


def test_holiday_edit_and_delete(store: str) -> None:
    svc.save_holiday(ADMIN, date(2027, 2, 6), True, "春节调休")
    svc.save_holiday(ADMIN, date(2027, 2, 6), False, " 春节 ")
    with session_scope() as s:
        row = s.get(Holiday, date(2027, 2, 6))
        assert (row.is_workday, row.name) == (False, "春节")
    svc.delete_holiday(ADMIN, date(2027, 2, 6))
    with session_scope() as s:
        assert s.get(Holiday, date(2027, 2, 6)) is None
    with pytest.raises(InputError) as err:
        svc.delete_holiday(ADMIN, date(2027, 2, 6))
    assert err.value.problems[0][0] == "settings.err.not_found"


def test_only_admins_edit(store: str) -> None:
    with pytest.raises(PermissionDenied):
        svc.save_holiday(MANAGER, date(2027, 1, 1), False, "元旦")
    with pytest.raises(PermissionDenied):
        svc.save_sla_target(MANAGER, stage="ack", level=None, channel=None, amount=3, unit="hours", anchor="received")
    assert audit_count("holiday.save") == 0


def test_sla_target_change_moves_due_times(store: str) -> None:
    received = datetime(2026, 11, 2, 9, 0)  # a Monday
    before = stage_due_times(received, "L2", "phone", sla_config.policy(), sla_config.calendar())
    assert before["ack"] == datetime(2026, 11, 2, 11, 0)
    svc.save_sla_target(ADMIN, stage="ack", level=None, channel="phone", amount=0.5, unit="hours", anchor="received")
    after = stage_due_times(received, "L2", "phone", sla_config.policy(), sla_config.calendar())
    assert after["ack"] == datetime(2026, 11, 2, 9, 30)
    assert audit_count("sla.save") == 1


def test_bad_target_stores_nothing(store: str) -> None:
    with session_scope() as s:
        n = s.scalar(select(func.count()).select_from(SlaPolicy))
    with pytest.raises(InputError) as err:
        svc.save_sla_target(
            ADMIN, stage="verify", level=None, channel=None, amount=1.5, unit="business_days", anchor="previous"
        )
    assert [k for k, _ in err.value.problems] == ["input.err.whole"]
    with session_scope() as s:
        assert s.scalar(select(func.count()).select_from(SlaPolicy)) == n
    assert audit_count("sla.save") == 0


def test_generic_target_cannot_be_deleted_but_override_can(store: str) -> None:
    with session_scope() as s:
        generic = s.scalar(select(SlaPolicy.id).where(SlaPolicy.stage == "ack", SlaPolicy.channel.is_(None)))
        douyin = s.scalar(select(SlaPolicy.id).where(SlaPolicy.stage == "ack", SlaPolicy.channel == "douyin"))
    with pytest.raises(InputError):
        svc.delete_sla_target(ADMIN, generic)
    svc.delete_sla_target(ADMIN, douyin)
    assert sla_config.policy().target("ack", "L2", "douyin").amount == 2


def test_import_statutory_year(store: str) -> None:
    assert svc.import_statutory_year(ADMIN, 2027) == 0  # the package does not know 2027
    n = svc.import_statutory_year(ADMIN, 2026)
    assert n > 20
    assert sla_config.calendar().is_workday(date(2026, 10, 10))
