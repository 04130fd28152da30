"""The notification sender (db/notify.py) against local stand-ins the tests start on 127.0.0.1: an HTTP
server that records the 企业微信 and 钉钉 robot calls (and checks the 钉钉 signature as 钉钉 does) and an
SMTP server (aiosmtpd). Message formats, outage and retry, a part never sent twice, exactly once with
two senders at once, and no personal data in what leaves the app beyond the masked name. On SQLite
and PostgreSQL; the store is the SLA reads' one (tests/db/sla_data.py)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from aiosmtpd.controller import Controller
from openpyxl import load_workbook
from sqlalchemy import select

from db import notify as sender
from db.clock import wall_now
from db.engine import session_scope
from db.models import NotifyOutbox
from db.services import complaints, reminders
from db.services import notify as svc
from domain.intake import IntakeForm
from domain.notify import MAX_ATTEMPTS, ChannelForm, backoff
from domain.users import CurrentUser
from tests.db.builders import move_sequences
from tests.db.sla_data import ADMIN, H1, MANAGER
from tests.helpers import in_threads

ADMIN_USER = CurrentUser(id=ADMIN, username="admin", display_name="管理员", role="admin")
MANAGER_USER = CurrentUser(id=MANAGER, username="boss", display_name="经理", role="manager")
HANDLER = CurrentUser(id=H1, username="h1", display_name="处理人一", role="prevention")
WECOM_KEY = "wecom-test-key-0001"
DING_TOKEN = "ding-test-token-0001"
DING_SECRET = "SEC-test-only-signing-secret"
# 客户甲's name, phone and ID number and the case's description (tests/db/builders.py, _l1_form below)
PERSONAL = ("客户甲", "户甲", "13800000000", "110105199001010011", "威胁上门")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Call:
    path: str
    query: dict[str, str]
    body: dict | None
    raw: bytes


@dataclass
class Robots:
    """Records each POST; answers ``answer`` (an errcode) with ``status``; ``upload_media`` gives a media id."""

    port: int
    calls: list[Call] = field(default_factory=list)
    answer: dict = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})
    status: int = 200
    delay: float = 0.0  # seconds each answer takes (a slow robot keeps two senders busy at once)
    server: ThreadingHTTPServer | None = None

    def start(self) -> Robots:
        robots = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                parts = urlsplit(self.path)
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                upload = parts.path.endswith("/upload_media")
                body = None if upload else json.loads(raw)
                robots.calls.append(Call(parts.path, query, body, raw))
                answer = (
                    {"errcode": 0, "errmsg": "ok", "type": "file", "media_id": f"media-{len(robots.calls)}"}
                    if upload and robots.answer.get("errcode") == 0
                    else robots.answer
                )
                data = json.dumps(answer).encode()
                time.sleep(robots.delay)
                self.send_response(robots.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def texts(self) -> list[str]:
        return [c.raw.decode("utf-8", errors="replace") for c in self.calls]


class Mailbox:
    def __init__(self) -> None:
        self.mails: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        """aiosmtpd's hook: keep the recipients and the parsed message."""
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.mails.append((list(envelope.rcpt_tos), message))
        return "250 OK"


@pytest.fixture
def robots(monkeypatch: pytest.MonkeyPatch) -> Iterator[Robots]:
    """The robots' server, with the sender's official hosts replaced by it."""
    server = Robots(free_port()).start()
    base = f"http://127.0.0.1:{server.port}"
    monkeypatch.setenv(sender.WECOM_BASE_VAR, base)
    monkeypatch.setenv(sender.DINGTALK_BASE_VAR, base)
    monkeypatch.setenv("DASHBOARD_NOTIFY_PREVENTION_WECOM_WEBHOOK", WECOM_KEY)
    monkeypatch.setenv("DASHBOARD_NOTIFY_HEADS_DING_WEBHOOK", DING_TOKEN)
    monkeypatch.setenv("DASHBOARD_NOTIFY_HEADS_DING_SECRET", DING_SECRET)
    yield server
    server.stop()


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield box, controller.port
    controller.stop()


def channel(name: str, kind: str, events: tuple[str, ...], **email: object) -> int:
    form = ChannelForm(name, kind, name, events, None, True, **email)
    return svc.save_channel(ADMIN_USER, form)


def email_channel(port: int, events: tuple[str, ...], language: str = "zh") -> int:
    return channel(
        "committee_mail",
        "email",
        events,
        recipients="committee@example.cn",
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_security="none",
        sender="cx@example.cn",
        language=language,
    )


def rows() -> list[tuple[str, str, int, int, str | None]]:
    with session_scope() as s:
        return [
            tuple(r)
            for r in s.execute(
                select(
                    NotifyOutbox.event,
                    NotifyOutbox.status,
                    NotifyOutbox.attempts,
                    NotifyOutbox.parts_sent,
                    NotifyOutbox.last_error,
                ).order_by(NotifyOutbox.id)
            )
        ]


def later(seconds: float) -> object:
    return wall_now() + timedelta(seconds=seconds)


def ding_sign(timestamp: str) -> str:
    """钉钉's check, written from its documentation: HMAC-SHA256 over "timestamp\\nsecret", base64."""
    digest = hmac.new(DING_SECRET.encode(), f"{timestamp}\n{DING_SECRET}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


# --------------------------------------------------------------------------- formats


def test_webhook_formats_and_dingtalk_signature(sla_store: str, robots: Robots) -> None:
    svc.save_settings(
        ADMIN_USER, base_url="https://cx.example.cn", overdue_hours=4, signoff_days=2, weekly_time="09:00"
    )
    channel("prevention_wecom", "wecom", ("reminder",))
    channel("heads_ding", "dingtalk", ("reminder",))
    reminders.send_reminder(2, "resolve", MANAGER_USER, "", "tok-1")
    assert robots.calls == []  # the app only wrote the outbox

    result = sender.deliver()
    assert (result.sent, result.failed) == (2, 0)
    (wecom,) = [c for c in robots.calls if c.path.startswith("/cgi-bin/")]
    (ding,) = [c for c in robots.calls if c.path == "/robot/send"]
    assert (wecom.path, wecom.query) == ("/cgi-bin/webhook/send", {"key": WECOM_KEY})
    assert wecom.body is not None and set(wecom.body) == {"msgtype", "markdown"} and wecom.body["msgtype"] == "markdown"
    content = wecom.body["markdown"]["content"]
    assert content.startswith("### 【催办】工单 TS-SLA-2")
    assert "环节：处理（到期 2026-11-20 14:15）" in content and "处理人：处理人一" in content
    assert "[打开工单](https://cx.example.cn/cases?ref=TS-SLA-2)" in content

    assert ding.path == "/robot/send" and ding.query["access_token"] == DING_TOKEN
    assert abs(int(ding.query["timestamp"]) - time.time() * 1000) < 60_000
    assert ding.query["sign"] == ding_sign(ding.query["timestamp"])  # parse_qs decoded the URL encoding
    assert ding.body == {
        "msgtype": "markdown",
        "markdown": {"title": "【催办】工单 TS-SLA-2", "text": content},
    }
    assert [r[:4] for r in rows()] == [("reminder", "sent", 1, 1), ("reminder", "sent", 1, 1)]
    assert sender.deliver().sent == 0 and len(robots.calls) == 2  # nothing is sent twice


def test_webhook_weekly_pack_goes_as_file_to_wecom_link_to_dingtalk_attachment_by_mail(
    sla_store: str, robots: Robots, mailbox: tuple[Mailbox, int]
) -> None:
    box, port = mailbox
    svc.save_settings(
        ADMIN_USER, base_url="https://cx.example.cn", overdue_hours=4, signoff_days=2, weekly_time="09:00"
    )
    channel("prevention_wecom", "wecom", ("weekly_pack",))
    channel("heads_ding", "dingtalk", ("weekly_pack",))
    email_channel(port, ("weekly_pack",))
    assert svc.scan() == 3  # Monday 10:00 (the tests' clock): last week's pack to each

    assert sender.deliver().sent == 3
    sends = [c for c in robots.calls if c.path == "/cgi-bin/webhook/send"]
    text = next(c.body["markdown"]["content"] for c in sends if c.body["msgtype"] == "markdown")
    assert "【周报】客户体验周报 2026-11-16 至 2026-11-22" in text and "投诉量：3（前一周 3）" in text
    uploads = [c for c in robots.calls if c.path == "/cgi-bin/webhook/upload_media"]
    assert all(u.query == {"key": WECOM_KEY, "type": "file"} and b'name="media"' in u.raw for u in uploads)
    files = ("weekly_pack_2026-11-16.xlsx", "monthly_report_2026-10.xlsx", "monthly_report_2026-10.pdf")
    assert [next(f for f in files if f.encode() in u.raw) for u in uploads] == list(files)  # each file once
    file_messages = [c.body for c in sends if c.body["msgtype"] == "file"]
    assert len(file_messages) == 3 and all(m["file"]["media_id"].startswith("media-") for m in file_messages)
    ding_text = next(c.body["markdown"]["text"] for c in robots.calls if c.path == "/robot/send")
    assert "[周报 Excel](https://cx.example.cn/overview)" in ding_text
    assert "(https://cx.example.cn/improvements)" in ding_text  # the monthly report: where to download it

    ((to, mail),) = box.mails
    assert to == ["committee@example.cn"] and mail["Subject"] == "【周报】客户体验周报 2026-11-16 至 2026-11-22"
    attachments = {a.get_filename(): a.get_content() for a in mail.iter_attachments()}
    assert set(attachments) == set(files)
    assert len(load_workbook(io.BytesIO(attachments[files[0]])).sheetnames) >= 5
    assert "核心指标" in load_workbook(io.BytesIO(attachments[files[1]])).sheetnames
    assert attachments[files[2]].startswith(b"%PDF-")
    assert "https://cx.example.cn/overview" in mail.get_body(("plain",)).get_content()
    assert [r[3] for r in rows()] == [4, 1, 1]  # 企业微信: the text and the three files


def test_notify_an_english_channel_gets_english_messages_and_files(
    sla_store: str, mailbox: tuple[Mailbox, int]
) -> None:
    box, port = mailbox
    svc.save_settings(
        ADMIN_USER, base_url="https://cx.example.cn", overdue_hours=4, signoff_days=2, weekly_time="09:00"
    )
    email_channel(port, ("weekly_pack",), language="en")
    assert svc.scan() == 1
    assert sender.deliver().sent == 1
    ((_, mail),) = box.mails
    assert not re.search(r"[\u4e00-\u9fff]", mail["Subject"])  # an English subject
    files = {a.get_filename(): a.get_content() for a in mail.iter_attachments()}
    assert load_workbook(io.BytesIO(files["monthly_report_2026-10.xlsx"])).sheetnames[0] == "KPIs"


def test_notify_email_reminder_reaches_the_handler(sla_store: str, mailbox: tuple[Mailbox, int]) -> None:
    box, port = mailbox
    email_channel(port, ("reminder",))
    reminders.send_reminder(2, "resolve", MANAGER_USER, "今天给方案", "tok-m")
    assert sender.deliver().sent == 1
    ((to, mail),) = box.mails
    assert to == ["committee@example.cn", "h1@example.cn"]
    body = mail.get_body(("plain",)).get_content()
    assert mail["Subject"] == "【催办】工单 TS-SLA-2" and "催办附言请在看板中查看。" in body
    assert "今天给方案" not in body


# --------------------------------------------------------------------------- outage and retry


def test_outbox_outage_then_recovery_delivers_once(sla_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()  # nothing listens there yet: the robot is down
    monkeypatch.setenv(sender.WECOM_BASE_VAR, f"http://127.0.0.1:{port}")
    monkeypatch.setenv("DASHBOARD_NOTIFY_PREVENTION_WECOM_WEBHOOK", WECOM_KEY)
    channel("prevention_wecom", "wecom", ("reminder",))
    reminders.send_reminder(2, "resolve", MANAGER_USER, "", "tok-1")
    reminders.send_reminder(2, "verify", MANAGER_USER, "", "tok-2")

    down = sender.deliver()
    assert (down.sent, down.failed) == (0, 1)  # the second message waits: the channel is down this pass
    (first, second) = rows()
    assert first[:4] == ("reminder", "pending", 1, 0) and second[:4] == ("reminder", "pending", 0, 0)
    assert first[4] == "Unreachable: ConnectError"
    assert WECOM_KEY not in (first[4] or "") and "127.0.0.1" not in (first[4] or "")

    robots = Robots(port).start()  # the robot is back
    try:
        assert sender.deliver(at=later(backoff(1).total_seconds() - 5)).sent == 1  # the second; the first waits
        assert sender.deliver(at=later(backoff(1).total_seconds() + 1)).sent == 1  # the first, after its back-off
        assert sender.deliver(at=later(3600)).sent == 0
        assert len(robots.calls) == 2 and [r[1:3] for r in rows()] == [("sent", 2), ("sent", 1)]
    finally:
        robots.stop()


def test_outbox_robot_refusal_is_retried_then_failed(sla_store: str, robots: Robots) -> None:
    robots.answer = {"errcode": 310000, "errmsg": "keywords not in content, more: [https://x.example/doc?key=abc]"}
    channel("prevention_wecom", "wecom", ("reminder",))
    reminders.send_reminder(2, "resolve", MANAGER_USER, "", "tok-1")
    moment = wall_now()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert sender.deliver(at=moment).failed == 1
        status, attempts, error = rows()[0][1], rows()[0][2], rows()[0][4]
        assert attempts == attempt and error is not None and error.startswith("Refused: errcode 310000")
        assert "https://" not in error
        assert status == ("failed" if attempt == MAX_ATTEMPTS else "pending")
        moment += backoff(attempt)
    assert sender.deliver(at=moment + timedelta(days=1)).failed == 0  # given up until an admin retries
    robots.answer = {"errcode": 0, "errmsg": "ok"}
    outbox_id = _only_id()
    svc.retry(ADMIN_USER, outbox_id)
    assert sender.deliver().sent == 1
    assert rows()[0][1:4] == ("sent", 1, 1)


def _only_id() -> int:
    with session_scope() as s:
        return int(s.scalar(select(NotifyOutbox.id)) or 0)


def test_outbox_a_part_delivered_is_not_sent_again(
    sla_store: str, robots: Robots, monkeypatch: pytest.MonkeyPatch
) -> None:
    channel("prevention_wecom", "wecom", ("weekly_pack",))
    svc.scan()
    real_post = sender._post

    def upload_fails(http: httpx.Client, url: str, **request: object) -> dict:
        if "upload_media" in url:
            raise sender.Unreachable("ReadTimeout")
        return real_post(http, url, **request)

    monkeypatch.setattr(sender, "_post", upload_fails)
    assert sender.deliver().failed == 1
    assert rows()[0][1:4] == ("pending", 1, 1)  # the text went, the file did not
    monkeypatch.setattr(sender, "_post", real_post)
    assert sender.deliver(at=later(60)).sent == 1
    kinds = [(c.path, (c.body or {}).get("msgtype")) for c in robots.calls]
    assert kinds == [  # the text once, then each of the three files (weekly pack, monthly Excel and PDF)
        ("/cgi-bin/webhook/send", "markdown"),
        *[("/cgi-bin/webhook/upload_media", None), ("/cgi-bin/webhook/send", "file")] * 3,
    ]


def test_outbox_two_senders_deliver_each_message_exactly_once(sla_store: str, robots: Robots) -> None:
    robots.delay = 0.03
    channel("prevention_wecom", "wecom", ("reminder",))
    channel("heads_ding", "dingtalk", ("reminder",))
    for k in range(15):
        reminders.send_reminder(2, "resolve", MANAGER_USER, "", f"tok-{k}")

    def one_sender(_: int) -> sender.PassResult:
        with httpx.Client(timeout=sender.HTTP_TIMEOUT) as http:
            return sender.deliver(http=http)

    results = in_threads(2, one_sender)
    assert all(isinstance(r, sender.PassResult) for r in results), results
    assert sum(r.sent for r in results) == 30
    assert all(r.sent > 0 for r in results)  # both were sending at once: each claimed some of the rows
    assert len(robots.calls) == 30
    with session_scope() as s:
        sent = s.execute(select(NotifyOutbox.status, NotifyOutbox.attempts)).all()
    assert {tuple(r) for r in sent} == {("sent", 1)}
    assert sender.deliver().sent == 0 and len(robots.calls) == 30


def test_outbox_a_lease_that_ran_out_is_taken_over(sla_store: str, robots: Robots) -> None:
    channel("prevention_wecom", "wecom", ("reminder",))
    reminders.send_reminder(2, "resolve", MANAGER_USER, "", "tok-1")
    outbox_id = _only_id()
    assert sender._claim(outbox_id, "crashed-sender", wall_now())  # a sender that died holding it
    assert sender.deliver().sent == 0  # its lease still runs
    assert sender.deliver(at=later(sender.LEASE.total_seconds() + 1)).sent == 1
    assert rows()[0][1:3] == ("sent", 2)


# --------------------------------------------------------------------------- privacy


def _l1_form() -> IntakeForm:
    return IntakeForm(
        channel="phone",
        category="violent_collection",
        description="催收员威胁上门，客户称要报警",
        city_id=1,
        customer_mode="code",
        customer_id=1,
        agent_code="",
        level="L1",
    )


def test_notify_no_personal_data_beyond_the_masked_name(
    sla_store: str, robots: Robots, mailbox: tuple[Mailbox, int]
) -> None:
    box, port = mailbox
    move_sequences(("complaints",))
    svc.save_settings(
        ADMIN_USER, base_url="https://cx.example.cn", overdue_hours=4, signoff_days=2, weekly_time="09:00"
    )
    events = ("reminder", "l1_new", "stage_overdue", "weekly_pack")
    channel("prevention_wecom", "wecom", events)
    channel("heads_ding", "dingtalk", events)
    email_channel(port, events)
    logged = complaints.log_complaint(_l1_form(), HANDLER, "tok-l1")
    reminders.send_reminder(logged.id, "ack", MANAGER_USER, "客户甲 13800000000 很急", "tok-r")
    svc.scan()
    result = sender.deliver()
    assert result.failed == 0 and result.sent == 4 * 3  # L1, reminder, C5's overdue stage, the weekly pack
    robot_text = "\n".join(json.dumps(c.body, ensure_ascii=False) for c in robots.calls if c.body is not None)
    mails = "\n".join(m.get_body(("plain",)).get_content() + str(m["Subject"]) for _, m in box.mails)
    for personal in PERSONAL:
        assert personal not in robot_text and personal not in mails
    assert "客＊＊" in robot_text  # the robots' Markdown shows the stars as text
    assert "客户：客**" in mails
    assert f"https://cx.example.cn/cases?ref={logged.ref_no}" in mails


def test_notify_command_runs_one_pass(sla_store: str, robots: Robots, capsys: pytest.CaptureFixture[str]) -> None:
    channel("prevention_wecom", "wecom", ("stage_overdue",))
    assert sender.main([]) == 0
    assert capsys.readouterr().out.strip() == "queued=1 sent=1 failed=0"
    assert len(robots.calls) == 1
