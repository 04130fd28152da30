"""The notification outbox on SQLite and PostgreSQL: the events of writes (a reminder, an L1 intake, an
import) queue their messages in their own transaction and roll back with it; the sender's scan queues
overdue stages, sign-off waits and the weekly pack once each; the admin's settings, channels and
retries are checked and audited, and the store never holds a secret.

The store is the SLA reads' one (tests/db/sla_data.py); "now" is Monday 2026-11-23 10:00. Open stages
past due by 4 hours that crossed within a day: only C5's acknowledgement (due 11-23 00:10; C4 is a
duplicate and never announced).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, text, update

from db.engine import session_scope
from db.models import AuditLog, City, Complaint, ComplaintEvent, NotifyOutbox, User
from db.queries import notify as q
from db.services import complaints, imports, reminders
from db.services import notify as svc
from db.services import warnings as warning_service
from db.services.common import InputError, PermissionDenied
from domain.imports import ImportMapping
from domain.intake import IntakeForm
from domain.notify import ChannelForm
from domain.tabular import read_table
from domain.users import CurrentUser
from tests import import_files as files
from tests.db.builders import move_sequences
from tests.db.sla_data import ADMIN, H1, MANAGER, STAFF, TEAM_A, TEAM_B
from tests.helpers import WARNING_FORM, dt

NOW = dt("11-23", "10:00")
ADMIN_USER = CurrentUser(id=ADMIN, username="admin", display_name="管理员", role="admin")
MANAGER_USER = CurrentUser(id=MANAGER, username="boss", display_name="经理", role="manager")
HANDLER = CurrentUser(id=H1, username="h1", display_name="处理人一", role="prevention")
REPORTER = CurrentUser(id=STAFF, username="staff", display_name="员工", role="staff", team_id=TEAM_A)
SECRET_VALUE = "3f2b9c1e-notify-secret-value-7a7a"  # made up: must never reach the store


def channel(name: str, kind: str, events: tuple[str, ...], team: int | None = None, **email: object) -> int:
    form = ChannelForm(name, kind, f"{name}_robot", events, team, True, **email)  # type: ignore[arg-type]
    return svc.save_channel(ADMIN_USER, form)


MAIL = dict(
    recipients="cx-team@example.cn", smtp_host="127.0.0.1", smtp_port=2525, smtp_security="none", sender="cx@example.cn"
)


def outbox() -> list[dict]:
    with session_scope() as s:
        return [
            dict(r._mapping)
            for r in s.execute(
                select(
                    NotifyOutbox.channel_id,
                    NotifyOutbox.event,
                    NotifyOutbox.event_key,
                    NotifyOutbox.payload,
                    NotifyOutbox.status,
                    NotifyOutbox.attempts,
                ).order_by(NotifyOutbox.id)
            )
        ]


def count(model: type) -> int:
    with session_scope() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def channels(sla_store: str) -> dict[str, int]:
    """A 企业微信 robot for reminders, L1s and overdue stages, a 钉钉 robot for team B's reminders and
    overdue stages, a mailbox for reminders and L1s."""
    return {
        "wecom": channel("prevention", "wecom", ("reminder", "l1_new", "stage_overdue")),
        "team_b": channel("team_b", "dingtalk", ("reminder", "stage_overdue"), TEAM_B),
        "mail": channel("mail", "email", ("reminder", "l1_new"), **MAIL),
    }


# --------------------------------------------------------------------------- events of writes


def test_outbox_reminder_queues_a_message_per_channel_of_the_handlers_team(channels: dict[str, int]) -> None:
    event_id = reminders.send_reminder(2, "resolve", MANAGER_USER, "请今天给出方案", "tok-1")
    rows = outbox()
    assert [(r["channel_id"], r["event"], r["event_key"], r["status"]) for r in rows] == [
        (channels["wecom"], "reminder", f"reminder:{event_id}", "pending"),
        (channels["mail"], "reminder", f"reminder:{event_id}", "pending"),
    ]  # team B's robot does not get team A's case
    assert rows[0]["payload"] == {
        "ref": "TS-SLA-2",
        "stage": "resolve",
        "level": "L2",
        "due": "2026-11-20 14:15:00",
        "handler": "处理人一",
        "by": "经理",
        "noted": True,
        "path": "cases?ref=TS-SLA-2",
        "to": ["h1@example.cn"],
    }
    assert "请今天给出方案" not in json.dumps(rows, ensure_ascii=False)  # the note stays in the app
    reminders.send_reminder(2, "resolve", MANAGER_USER, "请今天给出方案", "tok-1")  # a double click
    assert len(outbox()) == 2


def test_outbox_rows_roll_back_with_the_reminder(channels: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    original = svc.enqueue_reminder

    def queue_then_fail(*args: object, **kwargs: object) -> int:
        assert original(*args, **kwargs) == 2  # type: ignore[arg-type]
        raise RuntimeError("the transaction fails after the outbox rows were added")

    monkeypatch.setattr(reminders.notify, "enqueue_reminder", queue_then_fail)
    events_before = count(ComplaintEvent)
    with pytest.raises(RuntimeError):
        reminders.send_reminder(2, "resolve", MANAGER_USER, "", "tok-rollback")
    assert outbox() == []
    assert count(ComplaintEvent) == events_before


def _l1_form(**changes: object) -> IntakeForm:
    base: dict[str, object] = dict(
        channel="phone",
        category="violent_collection",
        description="催收员辱骂并威胁上门，客户称要报警",
        city_id=1,
        customer_mode="code",
        customer_id=1,
        agent_code="",
        level="L1",
    )
    base.update(changes)
    return IntakeForm(**base)  # type: ignore[arg-type]


def test_outbox_l1_intake_queues_masked_message_in_its_transaction(
    channels: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    move_sequences(("complaints",))  # the store's complaints have explicit ids
    logged = complaints.log_complaint(_l1_form(), HANDLER, "tok-l1")
    rows = outbox()
    assert [(r["channel_id"], r["event"], r["event_key"]) for r in rows] == [
        (channels["wecom"], "l1_new", f"l1:{logged.id}"),
        (channels["mail"], "l1_new", f"l1:{logged.id}"),
    ]
    payload = rows[0]["payload"]
    assert payload["customer"] == "客**" and payload["ref"] == logged.ref_no
    assert payload["path"] == f"cases?ref={logged.ref_no}"
    stored = json.dumps(rows, ensure_ascii=False)
    for personal in ("客户甲", "13800000000", "110105199001010011", "辱骂"):
        assert personal not in stored
    complaints.log_complaint(_l1_form(), HANDLER, "tok-l1")  # the same submit again
    assert len(outbox()) == 2
    complaints.log_complaint(
        _l1_form(
            level="L2", category="interest_dispute", description="利率有误", customer_mode="none", customer_id=None
        ),
        HANDLER,
        "tok-l2",
    )
    assert len(outbox()) == 2  # only an L1 is announced

    def fail(*args: object, **kwargs: object) -> int:
        raise RuntimeError("the intake fails after its outbox rows")

    original = svc.enqueue_new_l1
    monkeypatch.setattr(complaints.notify, "enqueue_new_l1", lambda *a, **k: original(*a, **k) and fail())
    before = count(Complaint)
    with pytest.raises(RuntimeError):
        complaints.log_complaint(_l1_form(customer_mode="none", customer_id=None), HANDLER, "tok-l1-b")
    assert count(Complaint) == before and len(outbox()) == 2


@pytest.fixture
def import_store(make_store) -> str:
    url = make_store(
        [
            City(id=1, name="上海", name_en="Shanghai", province="上海市", province_en="Shanghai"),
            City(id=2, name="北京", name_en="Beijing", province="北京市", province_en="Beijing"),
            City(id=3, name="杭州", name_en="Hangzhou", province="浙江省", province_en="Zhejiang"),
            User(id=1, username="prev", display_name="防控专员", role="prevention"),
            User(id=2, username="admin", display_name="管理员", role="admin"),
        ]
    )
    svc.save_channel(replace(ADMIN_USER, id=2), ChannelForm("prevention", "wecom", "prevention_robot", ("l1_new",)))
    return url


def test_outbox_import_queues_only_the_l1_complaints_received_within_a_day(import_store: str) -> None:
    records = [
        ("9001", "2026/11/23 08:30", "APP", "", "上海", "", "催收员威胁要上门，还说要打给家人", "信用贷"),
        ("9002", "2026/3/19 09:30", "APP", "", "北京", "", "催收员威胁要上门，还说要打给家人", "信用贷"),
        ("9003", "2026/11/23 09:00", "热线", "利率争议", "上海", "", "利息算得太高", "信用贷"),
    ]
    table = read_table(files.csv_text(records).encode(), "a.csv")
    result = imports.import_table(table, ImportMapping.from_json(files.MAPPING), imports.SYSTEM)
    assert result.imported == 3
    with session_scope() as s:
        levels = dict(s.execute(select(Complaint.external_id, Complaint.level)).all())
        fresh = s.scalar(select(Complaint.id).where(Complaint.external_id == "9001"))
    assert levels == {"9001": "L1", "9002": "L1", "9003": "L2"}
    assert [(r["event"], r["event_key"]) for r in outbox()] == [("l1_new", f"l1:{fresh}")]


# --------------------------------------------------------------------------- the sender's scan


def test_outbox_scan_queues_an_overdue_stage_once(channels: dict[str, int]) -> None:
    assert svc.scan(NOW) == 1  # C2's verify and resolve crossed days ago: no news any more
    rows = outbox()
    assert [(r["channel_id"], r["event_key"]) for r in rows] == [(channels["wecom"], "overdue:5:ack")]
    assert rows[0]["payload"] == {
        "ref": "TS-SLA-5",
        "stage": "ack",
        "level": "L2",
        "due": "2026-11-23 00:10:00",
        "hours": 4,
        "handler": "处理人二",
        "path": "cases?ref=TS-SLA-5",
    }
    assert svc.scan(NOW) == 0 and svc.scan(NOW + timedelta(minutes=1)) == 0


def test_outbox_scan_queues_a_warning_waiting_for_sign_off(sla_store: str) -> None:
    ledger = channel("heads", "wecom", ("signoff_waiting",), TEAM_A)
    receipt = warning_service.submit_warning(REPORTER, WARNING_FORM, token="warn-1")
    assert svc.scan(NOW + timedelta(days=1)) == 0  # waiting one day of two
    assert svc.scan(NOW + timedelta(days=2, minutes=1)) == 1
    assert svc.scan(NOW + timedelta(days=2, minutes=2)) == 0
    (row,) = outbox()
    assert row["channel_id"] == ledger and row["event"] == "signoff_waiting"
    assert row["payload"] == {
        "ref": receipt.ref_no,
        "team": "甲市一组",
        "risk": receipt.risk_level,
        "since": "2026-11-23 10:00:00",
        "days": 2,
        "path": "warning_ledger",
    }
    assert "王小明" not in json.dumps(row, ensure_ascii=False)


def test_outbox_scan_queues_the_weekly_pack_once_on_monday(sla_store: str) -> None:
    committee = channel("committee", "email", ("weekly_pack",), **MAIL)
    svc.save_settings(ADMIN_USER, base_url="", overdue_hours=4, signoff_days=2, weekly_time="09:30")
    assert svc.scan(datetime(2026, 11, 23, 9, 29)) == 0
    assert svc.scan(datetime(2026, 11, 23, 9, 30)) == 1
    weekly = [r for r in outbox() if r["event"] == "weekly_pack"]
    assert [(r["channel_id"], r["event_key"]) for r in weekly] == [(committee, "weekly:2026-11-16")]
    payload = weekly[0]["payload"]
    assert (payload["week_start"], payload["week_end"], payload["attachments"]) == (
        "2026-11-16",
        "2026-11-22",
        ["weekly_pack", "monthly_excel", "monthly_pdf"],  # the last whole month's report too
    )
    assert set(payload["figures"]) == {"complaints", "l1", "sla", "satisfaction", "improper", "warnings_open"}
    assert payload["figures"]["complaints"][0] == 3  # received 11-16 … 11-22, no duplicate: C2, C5, C9
    assert svc.scan(datetime(2026, 11, 24, 9, 0)) == 0  # queued already
    assert svc.scan(datetime(2026, 11, 24, 9, 31)) == 0  # and a day late it is not sent any more


# --------------------------------------------------------------------------- the admin's writes


def test_outbox_settings_and_channels_are_checked_audited_and_hold_no_secret(
    sla_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DASHBOARD_NOTIFY_PREVENTION_ROBOT_WEBHOOK", SECRET_VALUE)
    saved = svc.save_settings(
        ADMIN_USER, base_url=" https://cx.example.cn/ ", overdue_hours=6, signoff_days=3, weekly_time="08:30"
    )
    assert (saved.base_url, saved.overdue_hours, saved.signoff_days, saved.weekly_time) == (
        "https://cx.example.cn",
        6,
        3,
        "08:30",
    )
    assert q.settings() == saved
    with pytest.raises(InputError) as bad:
        svc.save_settings(
            ADMIN_USER, base_url="javascript:alert(1)", overdue_hours=0, signoff_days=3, weekly_time="25:00"
        )
    assert [k for k, _ in bad.value.problems] == ["notify.err.base_url", "input.err.whole", "notify.err.weekly_time"]
    with pytest.raises(PermissionDenied):
        svc.save_settings(MANAGER_USER, base_url="", overdue_hours=4, signoff_days=2, weekly_time="09:00")

    cid = channel("prevention", "wecom", ("reminder",))
    with pytest.raises(InputError) as taken:
        channel("prevention", "dingtalk", ("reminder",))
    assert taken.value.problems == [("notify.err.name_taken", {})]
    with pytest.raises(InputError) as bad_channel:
        svc.save_channel(ADMIN_USER, ChannelForm("x", "email", "Bad Name!", ("reminder", "nope")))
    assert [k for k, _ in bad_channel.value.problems][:2] == ["notify.err.secret_name", "notify.err.event"]
    svc.save_channel(ADMIN_USER, ChannelForm("prevention", "wecom", "prevention_robot", ("l1_new",), active=False), cid)

    listed = q.with_secret_state(q.channels())
    assert listed[["name", "events", "active", "configured"]].to_dict("records") == [
        {"name": "prevention", "events": ["l1_new"], "active": False, "configured": True}
    ]
    with session_scope() as s:
        audits = s.execute(select(AuditLog.action, AuditLog.entity, AuditLog.detail).order_by(AuditLog.id)).all()
        dumped = [
            str(v)
            for table in ("notify_settings", "notify_channels", "notify_outbox", "audit_log")
            for row in s.execute(text(f"SELECT * FROM {table}"))
            for v in row
        ]
    assert [(a.action, a.entity) for a in audits] == [
        ("notify.settings", "notify_settings"),
        ("notify.channel", "notify_channel"),
        ("notify.channel", "notify_channel"),
    ]
    assert audits[2].detail["before"]["events"] == ["reminder"] and audits[2].detail["after"]["active"] is False
    assert not any(SECRET_VALUE in v for v in dumped)


def test_outbox_retry_requeues_only_a_failed_message(channels: dict[str, int]) -> None:
    reminders.send_reminder(2, "resolve", MANAGER_USER, "", "tok-r")
    with session_scope() as s:
        first = s.scalar(select(func.min(NotifyOutbox.id)))
        s.execute(
            update(NotifyOutbox)
            .where(NotifyOutbox.id == first)
            .values(status="failed", attempts=12, last_error="Unreachable: ConnectError")
        )
    with pytest.raises(InputError) as pending:
        svc.retry(ADMIN_USER, first + 1)
    assert pending.value.problems == [("notify.err.not_failed", {})]
    with pytest.raises(PermissionDenied):
        svc.retry(MANAGER_USER, first)
    svc.retry(ADMIN_USER, first)
    assert [(r["status"], r["attempts"]) for r in outbox()] == [("pending", 0), ("pending", 0)]
    with session_scope() as s:
        detail = s.scalar(select(AuditLog.detail).where(AuditLog.action == "notify.retry"))
    assert detail == {"attempts": 12, "last_error": "Unreachable: ConnectError"}


def test_outbox_test_message_goes_to_one_channel_once_per_token(channels: dict[str, int]) -> None:
    assert svc.send_test(ADMIN_USER, channels["team_b"], "tok-t") == 1
    assert svc.send_test(ADMIN_USER, channels["team_b"], "tok-t") == 0
    assert [(r["channel_id"], r["event"], r["payload"]) for r in outbox()] == [
        (channels["team_b"], "test", {"channel": "team_b"})
    ]
