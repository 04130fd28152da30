"""Notification rules (domain/notify.py): settings and channel checks, the weekly pack's schedule,
back-off, the robots' request formats and the 钉钉 signature, scrubbed errors and the messages."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, time, timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from components.notify_view import CatalogueTexts
from domain import notify as n


def test_notify_backoff_doubles_to_an_hour_and_gives_up_after_the_last_attempt() -> None:
    assert [n.backoff(a).total_seconds() for a in range(1, 9)] == [30, 60, 120, 240, 480, 960, 1920, 3600]
    assert n.backoff(50) == timedelta(hours=1)
    assert [n.after_failure(a) for a in (1, n.MAX_ATTEMPTS - 1, n.MAX_ATTEMPTS)] == ["pending", "pending", "failed"]


@pytest.mark.parametrize(
    ("now", "week"),
    [
        (datetime(2026, 11, 23, 8, 59), None),  # Monday before the time
        (datetime(2026, 11, 23, 9, 0), "2026-11-16"),
        (datetime(2026, 11, 24, 8, 59), "2026-11-16"),  # a sender that was down catches up within a day
        (datetime(2026, 11, 24, 9, 0), None),
        (datetime(2026, 11, 29, 23, 0), None),  # Sunday
    ],
)
def test_notify_weekly_pack_is_due_on_monday_at_its_time(now: datetime, week: str | None) -> None:
    due = n.weekly_week(now, time(9, 0))
    assert (None if due is None else due.isoformat()) == week


def test_notify_settings_are_checked() -> None:
    clean, problems = n.checked_settings(" https://cx.example.cn/app/ ", "6", 3, "08:30")
    assert problems == [] and clean == n.NotifySettings("https://cx.example.cn/app", 6, 3, "08:30")
    assert clean.weekly_at == time(8, 30)
    _, problems = n.checked_settings("ftp://x", 0, 61, "8:30")
    assert [k for k, _ in problems] == [
        "notify.err.base_url",
        "input.err.whole",
        "input.err.whole",
        "notify.err.weekly_time",
    ]
    _, problems = n.checked_settings("https://cx.example.cn/?next=evil", 4, 2, "09:00")
    assert [k for k, _ in problems] == ["notify.err.base_url"]
    assert n.checked_settings("", 4, 2, "09:00")[1] == []  # no address: messages without links


def test_notify_channel_is_checked_and_keeps_only_the_secret_name() -> None:
    robot, problems = n.checked_channel(
        n.ChannelForm(" 防控群 ", "wecom", " Prevention_Robot ", ("l1_new", "reminder"))
    )
    assert problems == []
    assert (robot.name, robot.secret_name, robot.events, robot.options) == (
        "防控群",
        "prevention_robot",
        ("reminder", "l1_new"),
        {"lang": "zh"},  # the messages' language: Chinese unless chosen otherwise
    )
    assert n.checked_channel(n.ChannelForm("群", "wecom", "x", (), language="fr"))[1]  # no such language
    mail, problems = n.checked_channel(
        n.ChannelForm(
            "委员会",
            "email",
            "mailbox",
            ("weekly_pack",),
            recipients="a@example.cn; B@Example.cn\nA@example.cn",
            smtp_host="smtp.example.cn",
            smtp_port=465,
            smtp_security="ssl",
            sender="cx@example.cn",
        )
    )
    assert problems == []
    assert mail.options == {
        "recipients": ["a@example.cn", "b@example.cn"],
        "host": "smtp.example.cn",
        "port": 465,
        "security": "ssl",
        "user": "",
        "sender": "cx@example.cn",
        "lang": "zh",
    }
    _, problems = n.checked_channel(n.ChannelForm("", None, "9lives", ("nope",), smtp_port=0))
    assert [k for k, _ in problems] == [
        "input.err.required",
        "input.err.choose",
        "notify.err.secret_name",
        "notify.err.event",
    ]
    _, problems = n.checked_channel(n.ChannelForm("m", "email", "m", (), recipients="not-an-address", smtp_port=0))
    assert [k for k, _ in problems] == [
        "notify.err.recipient",
        "input.err.required",
        "input.err.whole",
        "input.err.required",
    ]


def test_notify_serves_events_of_its_team_and_events_of_no_team() -> None:
    assert n.serves(["reminder"], None, "reminder", 3)
    assert n.serves(["reminder"], 3, "reminder", 3)
    assert not n.serves(["reminder"], 4, "reminder", 3)
    assert n.serves(["l1_new"], 4, "l1_new", None)
    assert not n.serves(["l1_new"], None, "reminder", None)
    assert not n.serves("reminder", None, "reminder", None)  # a stored value of another shape


def test_webhook_addresses_from_a_key_or_a_full_url() -> None:
    send, upload = n.wecom_urls("abc-123")
    assert send == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-123"
    assert upload == "https://qyapi.weixin.qq.com/cgi-bin/webhook/upload_media?key=abc-123&type=file"
    send, upload = n.wecom_urls("http://127.0.0.1:9/cgi-bin/webhook/send?key=k")
    assert (send, upload) == (
        "http://127.0.0.1:9/cgi-bin/webhook/send?key=k",
        "http://127.0.0.1:9/cgi-bin/webhook/upload_media?key=k&type=file",
    )
    assert n.dingtalk_url("tok", "http://127.0.0.1:9") == "http://127.0.0.1:9/robot/send?access_token=tok"
    assert n.wecom_markdown("内容") == {"msgtype": "markdown", "markdown": {"content": "内容"}}
    assert n.wecom_file("m1") == {"msgtype": "file", "file": {"media_id": "m1"}}
    assert n.dingtalk_markdown("标题", "正文") == {"msgtype": "markdown", "markdown": {"title": "标题", "text": "正文"}}


def test_webhook_dingtalk_signature_follows_the_documented_recipe() -> None:
    secret, ts = "SECabc+/=", 1700000000000
    expected = base64.b64encode(hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest())
    signed = n.dingtalk_signed("https://oapi.dingtalk.com/robot/send?access_token=t", secret, ts)
    query = urlsplit(signed).query
    assert query.startswith("access_token=t&timestamp=1700000000000&sign=")
    raw_sign = query.split("sign=", 1)[1]
    assert "+" not in raw_sign and "/" not in raw_sign and "=" not in raw_sign  # URL-encoded
    assert unquote(raw_sign).encode() == expected
    assert parse_qs(query)["sign"] == [expected.decode()]


def test_webhook_answers_and_errors_are_scrubbed() -> None:
    assert n.robot_refusal({"errcode": 0, "errmsg": "ok"}) is None
    assert n.robot_refusal({"errcode": 93000, "errmsg": "invalid webhook url"}) == "errcode 93000: invalid webhook url"
    assert n.robot_refusal("<html>") == "unreadable answer"
    error = n.scrub("POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd failed for 13812345678\nagain")
    assert error == "POST <url> failed for … again"
    assert n.scrub("token Zx81kQ_realLongSecretValue1234 leaked") == "token … leaked"
    assert len(n.scrub("超时 " * 1000)) == n.ERROR_MAX


def test_notify_fit_cuts_utf8_without_breaking_a_character() -> None:
    text = "催" * 2000  # 6000 bytes
    cut = n.fit(text, n.WECOM_MAX_BYTES)
    assert len(cut.encode()) <= n.WECOM_MAX_BYTES and cut.endswith("…")
    assert n.fit("短", 10) == "短"


def test_notify_messages_carry_the_masked_name_and_the_link() -> None:
    zh, en = CatalogueTexts("zh"), CatalogueTexts("en")
    payload = {
        "ref": "TS2026112300001",
        "customer": "王**",
        "category": "violent_collection",
        "channel": "phone",
        "received": "2026-11-23 09:15:00",
        "due": "2026-11-24 09:15:00",
        "path": "cases?ref=TS2026112300001",
    }
    robot = n.render("l1_new", payload, zh, "https://cx.example.cn", n.robot_safe)
    assert robot.markdown() == "\n".join(
        [
            "### 【L1 紧急投诉】TS2026112300001",
            "客户：王＊＊",
            "类别：暴力催收",
            "渠道：电话热线",
            "受理时间：2026-11-23 09:15",
            "处理时限：2026-11-24 09:15",
            "[打开工单](https://cx.example.cn/cases?ref=TS2026112300001)",
        ]
    )
    mail = n.render("l1_new", payload, en, "https://cx.example.cn")
    assert mail.plain().splitlines()[:3] == ["[L1 urgent complaint] TS2026112300001", "", "Customer: 王**"]
    assert mail.plain().endswith("Open the case: https://cx.example.cn/cases?ref=TS2026112300001")
    assert n.render("l1_new", payload, zh, "").url is None  # no address set: no link


def test_notify_a_stored_value_cannot_become_markup_or_a_link() -> None:
    payload = {
        "ref": "TS1",
        "stage": "ack",
        "level": "L2",
        "due": "x",
        "handler": "[点我](http://evil)",
        "by": "**经理**",
    }
    text = n.render("reminder", payload, CatalogueTexts("zh"), "", n.robot_safe).markdown()
    assert "[点我](http" not in text and "**经理**" not in text
    assert "处理人：［点我］（http://evil）" in text and "催办人：＊＊经理＊＊" in text


def test_notify_weekly_message_lists_the_figures() -> None:
    payload = {
        "week_start": "2026-11-16",
        "week_end": "2026-11-22",
        "path": "overview",
        "figures": {
            "complaints": [120, 100],
            "l1": [3, 5],
            "sla": [0.9123, None],
            "satisfaction": [0.8, 0.85],
            "improper": [0.05, 0.07],
            "warnings_open": [7, None],
        },
    }
    message = n.render(
        "weekly_pack", payload, CatalogueTexts("zh"), "https://cx.example.cn", files=(("周报 Excel", "https://x/o"),)
    )
    assert message.title == "【周报】客户体验周报 2026-11-16 至 2026-11-22"
    assert message.lines == (
        "投诉量：120（前一周 100）",
        "L1 紧急投诉：3（前一周 5）",
        "SLA 达成率：91.2%（前一周 —）",
        "满意度：80.0%（前一周 85.0%）",
        "不当催收投诉占比：5.0%（前一周 7.0%）",
        "未结预警：7",
    )
    assert "[周报 Excel](https://x/o)" in message.markdown()
    assert n.render("weekly_pack", {}, CatalogueTexts("zh"), "").lines[0] == "投诉量：—（前一周 —）"
