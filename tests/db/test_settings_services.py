"""Admin writes on both backends: validated, role-checked, audited, and the SLA clock follows them;
a schedule or target change re-times the open stages of stored cases (closed ones keep theirs)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from db.engine import session_scope
from db.models import AuditLog, Complaint, Holiday, HolidayYear, SlaPolicy, User
from db.queries import sla_config
from db.services import complaints
from db.services import settings as svc
from db.services.common import InputError, PermissionDenied
from domain.codes import STAGES
from domain.intake import IntakeForm
from domain.sla import stage_due_times
from domain.users import CurrentUser
from tests.db.builders import customer, insert, staged_complaint, two_cities, two_teams

ADMIN = CurrentUser(id=1, username="admin", display_name="赵磊", role="admin")
MANAGER = CurrentUser(id=2, username="manager", display_name="刘洋", role="manager")
STAFF = CurrentUser(id=3, username="staff", display_name="员工甲", role="staff", team_id=1)
NEW_YEARS_EVE = datetime(2026, 12, 31, 18, 0)
# A 2027 schedule in the shape the State Council publishes: 元旦 Friday 1 – Sunday 3 January, and
# 春节 with a 调休 Saturday; as the admin types it: (day, is_workday, name).
SCHEDULE_2027 = [
    (date(2027, 1, 1), False, "元旦"),
    (date(2027, 1, 2), False, "元旦"),
    (date(2027, 1, 3), False, "元旦"),
    *((date(2027, 2, d), False, "春节") for d in range(6, 15)),
    (date(2027, 2, 20), True, "春节"),
]
ALL_OPEN = 11  # received 2026-12-31 18:00, nothing done yet
TWO_DONE = 12  # the same moment, acknowledged and verified (on 元旦, as Monday–Friday allowed)
ARCHIVED = 13  # every stage done
NOVEMBER = 14  # open, received 2026-11-02: nothing of it falls in 2027


def _planned(received: datetime, done: dict[str, datetime | None]) -> dict[str, tuple[datetime, datetime | None]]:
    """Due times as the store computes them before 2027 is known (Monday–Friday in 2027)."""
    dues = stage_due_times(received, "L2", "phone", sla_config.policy(), sla_config.calendar(), done=done)
    return {s: (dues[s], done.get(s)) for s in STAGES}


@pytest.fixture
def store(make_store) -> str:
    url = make_store(
        [
            *two_cities(),
            *two_teams(),
            User(id=1, username="admin", display_name="赵磊", role="admin"),
            User(id=2, username="manager", display_name="刘洋", role="manager"),
            User(id=3, username="staff", display_name="员工甲", role="staff", team_id=1),
            customer(),
        ]
    )
    acked, verified, archived = datetime(2026, 12, 31, 19), datetime(2027, 1, 1, 9), datetime(2027, 1, 1, 9)
    november = datetime(2026, 11, 2, 9)
    insert(
        [
            staged_complaint(ALL_OPEN, NEW_YEARS_EVE, _planned(NEW_YEARS_EVE, {}), ref_prefix="TS"),
            staged_complaint(
                TWO_DONE, NEW_YEARS_EVE, _planned(NEW_YEARS_EVE, {"ack": acked, "verify": verified}), ref_prefix="TS"
            ),
            staged_complaint(
                ARCHIVED, NEW_YEARS_EVE, _planned(NEW_YEARS_EVE, dict.fromkeys(STAGES, archived)), ref_prefix="TS"
            ),
            staged_complaint(NOVEMBER, november, _planned(november, {}), ref_prefix="TS"),
        ]
    )
    return url


def audit_rows(action: str) -> list[dict]:
    with session_scope() as s:
        return [d or {} for d in s.scalars(select(AuditLog.detail).where(AuditLog.action == action))]


def dues(cid: int) -> dict[str, datetime]:
    with session_scope() as s:
        c = s.get(Complaint, cid)
        return {stage: getattr(c, f"{stage}_due_at") for stage in STAGES}


def test_2027_schedule_retimes_the_new_years_eve_complaint(store: str) -> None:
    assert sla_config.calendar().is_fallback_year(2027)
    before = {cid: dues(cid) for cid in (ALL_OPEN, TWO_DONE, ARCHIVED, NOVEMBER)}
    assert before[ALL_OPEN]["verify"] == datetime(2027, 1, 1, 20, 0)  # 元旦 as a working day: wrong

    preview = svc.preview_year_schedule(ADMIN, 2027, SCHEDULE_2027)
    assert (preview.cases, preview.stages) == (2, 7)
    assert dues(ALL_OPEN) == before[ALL_OPEN]  # a preview stores nothing
    assert audit_rows("holiday.schedule") == []

    saved = svc.save_year_schedule(ADMIN, 2027, SCHEDULE_2027)
    assert (saved.cases, saved.stages) == (2, 7)
    after = dues(ALL_OPEN)
    assert after["ack"] == datetime(2026, 12, 31, 20, 0)
    assert after["verify"] == datetime(2027, 1, 4, 20, 0)  # the Monday after 元旦
    assert after["resolve"] == datetime(2027, 1, 6, 18, 0)
    assert after["notify"] == datetime(2027, 1, 7, 18, 0)
    two_done = dues(TWO_DONE)
    assert (two_done["ack"], two_done["verify"]) == (before[TWO_DONE]["ack"], before[TWO_DONE]["verify"])
    assert two_done["resolve"] == datetime(2027, 1, 6, 18, 0)
    assert dues(ARCHIVED) == before[ARCHIVED]
    assert dues(NOVEMBER) == before[NOVEMBER]

    [detail] = audit_rows("holiday.schedule")
    assert detail == {"rows": 13, "replaced": 0, "cases_retimed": 2, "stages_retimed": 7}
    cal = sla_config.calendar()
    assert not cal.is_fallback_year(2027)
    assert cal.is_workday(date(2027, 2, 20)) and not cal.is_workday(date(2027, 1, 1))
    with session_scope() as s:
        assert s.get(HolidayYear, 2027).source == "admin"
    assert svc.preview_year_schedule(ADMIN, 2027, SCHEDULE_2027).cases == 0  # saving again moves nothing


def test_2027_new_complaint_on_new_years_eve_respects_the_schedule(store: str, monkeypatch) -> None:
    svc.save_year_schedule(ADMIN, 2027, SCHEDULE_2027)
    monkeypatch.setattr(complaints, "now", lambda: NEW_YEARS_EVE)
    form = IntakeForm(channel="phone", category="interest_dispute", description="多收利息", city_id=1, level="L2")
    logged = complaints.log_complaint(form, STAFF, "tok-2027")
    assert dues(logged.id)["verify"] == datetime(2027, 1, 4, 20, 0)


def test_2027_schedule_replaces_the_year_and_can_be_corrected(store: str) -> None:
    svc.save_year_schedule(ADMIN, 2027, SCHEDULE_2027)
    svc.save_year_schedule(ADMIN, 2027, [(date(2027, 1, 1), False, "元旦")])
    with session_scope() as s:
        assert s.scalar(select(func.count()).select_from(Holiday).where(Holiday.day >= date(2027, 1, 1))) == 1
    assert sla_config.calendar().is_workday(date(2027, 2, 8))
    assert audit_rows("holiday.schedule")[-1]["replaced"] == 13


def test_2027_bad_schedule_stores_nothing(store: str) -> None:
    bad = [*SCHEDULE_2027, (date(2027, 1, 4), True, "元旦")]  # a working Monday needs no row
    with pytest.raises(InputError) as err:
        svc.save_year_schedule(ADMIN, 2027, bad)
    assert [k for k, _ in err.value.problems] == ["settings.err.workday_on_weekday"]
    assert sla_config.calendar().is_fallback_year(2027)
    assert audit_rows("holiday.schedule") == []


def test_only_admins_edit(store: str) -> None:
    with pytest.raises(PermissionDenied):
        svc.save_year_schedule(MANAGER, 2027, SCHEDULE_2027)
    with pytest.raises(PermissionDenied):
        svc.preview_year_schedule(MANAGER, 2027, SCHEDULE_2027)
    with pytest.raises(PermissionDenied):
        svc.save_sla_target(MANAGER, stage="ack", level=None, channel=None, amount=3, unit="hours", anchor="received")
    assert audit_rows("holiday.schedule") == []


def test_retime_on_sla_target_change(store: str) -> None:
    received = datetime(2026, 11, 2, 9, 0)  # a Monday
    before = stage_due_times(received, "L2", "phone", sla_config.policy(), sla_config.calendar())
    assert before["ack"] == datetime(2026, 11, 2, 11, 0)
    target = dict(stage="ack", level=None, channel="phone", amount=0.5, unit="hours", anchor="received")
    preview = svc.preview_sla_target(ADMIN, **target)
    # The two cases whose acknowledgement is open: it moves, and verification counts from its plan.
    assert (preview.cases, preview.stages) == (2, 4)
    assert dues(NOVEMBER)["ack"] == datetime(2026, 11, 2, 11, 0)
    saved = svc.save_sla_target(ADMIN, **target)
    assert (saved.retimed.cases, saved.retimed.stages) == (2, 4)
    after = stage_due_times(received, "L2", "phone", sla_config.policy(), sla_config.calendar())
    assert after["ack"] == dues(NOVEMBER)["ack"] == datetime(2026, 11, 2, 9, 30)
    assert dues(TWO_DONE)["ack"] == datetime(2026, 12, 31, 20, 0)  # done: keeps its due time
    [detail] = audit_rows("sla.save")
    assert (detail["cases_retimed"], detail["stages_retimed"]) == (2, 4)


def test_retime_on_removing_an_override(store: str) -> None:
    saved = svc.save_sla_target(
        ADMIN, stage="ack", level=None, channel="phone", amount=1, unit="hours", anchor="received"
    )
    assert svc.preview_delete_sla_target(ADMIN, saved.target_id).stages == 4
    moved = svc.delete_sla_target(ADMIN, saved.target_id)
    assert (moved.cases, moved.stages) == (2, 4)
    assert dues(NOVEMBER)["ack"] == datetime(2026, 11, 2, 11, 0)
    assert audit_rows("sla.delete")[0]["stages_retimed"] == 4


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
    assert audit_rows("sla.save") == []


def test_generic_target_cannot_be_deleted_but_override_can(store: str) -> None:
    with session_scope() as s:
        generic = s.scalar(select(SlaPolicy.id).where(SlaPolicy.stage == "ack", SlaPolicy.channel.is_(None)))
        douyin = s.scalar(select(SlaPolicy.id).where(SlaPolicy.stage == "ack", SlaPolicy.channel == "douyin"))
    with pytest.raises(InputError):
        svc.delete_sla_target(ADMIN, generic)
    with pytest.raises(InputError):
        svc.preview_delete_sla_target(ADMIN, generic)
    svc.delete_sla_target(ADMIN, douyin)
    assert sla_config.policy().target("ack", "L2", "douyin").amount == 2


def test_2027_open_due_years_span_the_open_stages(store: str) -> None:
    """The new-year's-eve cases have open stages due in January 2027; the archived one does not count."""
    assert sla_config.open_due_years() == [2026, 2027]
    assert sla_config.calendar().uncovered_years(date(y, 1, 1) for y in sla_config.open_due_years()) == [2027]
