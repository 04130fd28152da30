"""The notifications in the app: the settings page's part (settings, channels with whether their
secrets are configured, never the secrets) and the admin's outbox page (filters, resending a failed
message), in Chinese and English, each write with its audit row."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from db.engine import session_scope
from db.models import AuditLog, NotifyChannel, NotifyOutbox, NotifySetting, User
from db.services import notify as svc
from domain.notify import ChannelForm
from domain.users import CurrentUser
from tests.app.helpers import open_address, rendered_text

SECRET_VALUE = "https://qyapi.example.invalid/cgi-bin/webhook/send?key=test-only-9f8e7d"


def _admin() -> CurrentUser:
    with session_scope() as s:
        uid = s.scalar(select(User.id).where(User.username == "admin"))
    return CurrentUser(id=int(uid or 0), username="admin", display_name="admin", role="admin")


def _submit(at, label: str) -> None:
    (button,) = [b for b in at.get("form_submit_button") if b.proto.label == label]
    button.click().run()


def _channels(at):
    """The channel table of the settings page (the one with a secret name column)."""
    (table,) = [d.value for d in at.dataframe if any(c in ("密钥名", "Secret name") for c in d.value.columns)]
    return table


def _audit(action: str) -> list[dict]:
    with session_scope() as s:
        return [dict(d) for d in s.scalars(select(AuditLog.detail).where(AuditLog.action == action))]


@pytest.mark.parametrize(
    ("lang", "save", "saved", "configured", "missing"),
    [
        ("zh", "保存渠道", "渠道“防控群”已保存。", "已配置", "缺少：password"),
        ("en", "Save channel", "Channel “防控群” saved.", "configured", "missing: password"),
    ],
)
def test_notify_settings_part_saves_channels_and_never_shows_a_secret(
    writable_app, monkeypatch: pytest.MonkeyPatch, lang: str, save: str, saved: str, configured: str, missing: str
) -> None:
    monkeypatch.setenv("DASHBOARD_NOTIFY_PREVENTION_ROBOT_WEBHOOK", SECRET_VALUE)
    at = writable_app(role="admin", lang=lang, page="pages/settings.py")
    assert not at.exception
    at.text_input(key="notify_ch_name").set_value("防控群")
    at.selectbox(key="notify_ch_kind").set_value("wecom")
    at.text_input(key="notify_ch_secret_name").set_value("prevention_robot")
    at.multiselect(key="notify_ch_events").set_value(["l1_new", "reminder"])
    _submit(at, save)
    assert not at.exception
    assert at.success[0].value == saved
    table = _channels(at)
    assert list(table.iloc[:, 0]) == ["防控群"] and list(table.iloc[:, 5]) == [configured]

    at.selectbox(key="notify_ch_pick").set_value(None).run()
    at.text_input(key="notify_ch_name").set_value("委员会邮箱")
    at.selectbox(key="notify_ch_kind").set_value("email")
    at.text_input(key="notify_ch_secret_name").set_value("committee_mail")
    at.multiselect(key="notify_ch_events").set_value(["weekly_pack"])
    at.text_area(key="notify_ch_recipients").set_value("committee@example.cn")
    at.text_input(key="notify_ch_smtp_host").set_value("smtp.example.cn")
    at.text_input(key="notify_ch_smtp_user").set_value("cx")
    at.text_input(key="notify_ch_sender").set_value("cx@example.cn")
    _submit(at, save)
    assert not at.exception
    states = dict(zip(_channels(at).iloc[:, 0], _channels(at).iloc[:, 5]))
    assert states == {"委员会邮箱": missing, "防控群": configured}
    assert SECRET_VALUE not in rendered_text(at) and "test-only-9f8e7d" not in rendered_text(at)
    with session_scope() as s:
        stored = s.execute(select(NotifyChannel.name, NotifyChannel.secret_name, NotifyChannel.events)).all()
    assert sorted(tuple(r) for r in stored) == [
        ("委员会邮箱", "committee_mail", ["weekly_pack"]),
        ("防控群", "prevention_robot", ["reminder", "l1_new"]),
    ]
    assert [d["after"]["name"] for d in _audit("notify.channel")] == ["防控群", "委员会邮箱"]


def test_notify_settings_part_saves_the_settings_or_says_what_is_wrong(writable_app) -> None:
    at = writable_app(role="admin", lang="zh", page="pages/settings.py")
    at.text_input(key="notify_base_url").set_value("cx.example.cn")
    _submit(at, "保存通知设置")
    assert not at.exception
    assert "看板访问地址须以 http:// 或 https:// 开头" in at.error[0].value
    at.text_input(key="notify_base_url").set_value("https://cx.example.cn/")
    at.text_input(key="notify_weekly_time").set_value("08:30")
    _submit(at, "保存通知设置")
    assert not at.exception and at.success[0].value == "通知设置已保存。"
    with session_scope() as s:
        row = s.get(NotifySetting, 1)
        assert row is not None and (row.base_url, row.weekly_time) == ("https://cx.example.cn", "08:30")
    assert _audit("notify.settings")[0]["after"]["base_url"] == "https://cx.example.cn"


def _queued_two_tests() -> int:
    """Two test messages to one channel; the first failed after its last attempt. Returns its id."""
    admin = _admin()
    channel = svc.save_channel(admin, ChannelForm("防控群", "wecom", "prevention_robot", ("l1_new",)))
    svc.send_test(admin, channel, "tok-1")
    svc.send_test(admin, channel, "tok-2")
    with session_scope() as s:
        first = int(s.scalar(select(NotifyOutbox.id).order_by(NotifyOutbox.id)) or 0)
        s.execute(
            update(NotifyOutbox)
            .where(NotifyOutbox.id == first)
            .values(status="failed", attempts=12, last_error="Unreachable: ConnectError")
        )
    return first


@pytest.mark.parametrize(
    ("lang", "failed", "done"), [("zh", "发送失败", "已重新排队"), ("en", "Failed", "queued again")]
)
def test_notify_outbox_page_filters_and_resends_a_failed_message(
    writable_app, lang: str, failed: str, done: str
) -> None:
    first = _queued_two_tests()
    at = writable_app(role="admin", lang=lang, page="pages/notifications.py")
    assert not at.exception
    assert len(at.dataframe[0].value) == 2
    assert {m.label: m.value for m in at.metric}[failed] == "1"

    at = writable_app(role="admin", lang=lang, page="pages/notifications.py", notify_statuses=["failed"])
    shown = at.dataframe[0].value
    assert len(shown) == 1 and list(shown.iloc[:, 0]) == [first]
    assert list(shown.iloc[:, 9]) == ["Unreachable: ConnectError"]
    assert list(shown.iloc[:, 2]) == ["防控群"]
    at.button(key="notify_retry_btn").click().run()
    assert not at.exception
    assert done in at.success[0].value
    with session_scope() as s:
        assert s.execute(select(NotifyOutbox.status, NotifyOutbox.attempts).where(NotifyOutbox.id == first)).one() == (
            "pending",
            0,
        )
    assert _audit("notify.retry") == [{"attempts": 12, "last_error": "Unreachable: ConnectError"}]


def test_notify_outbox_page_is_for_admins_only(app) -> None:
    at = open_address(app(role="manager", lang="zh"), "notifications")
    assert not at.exception
    assert "您的角色不能打开此页面" in at.warning[0].value
    assert not at.dataframe
