"""Notifications to 企业微信 / 钉钉 group robots and e-mail, as rules: the events a channel may carry,
what an admin may set, the messages (built from the payload stored in the outbox: case numbers,
codes, times, staff names and at most a masked customer name), the robots' request formats and the
钉钉 signature, and the back-off of retries.

Nothing here sends: the app writes outbox rows (db/services/notify.py) in the event's own
transaction and a separate sender (db/notify.py) delivers them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Final, Protocol
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from domain import inputs

# --------------------------------------------------------------------------- codes

EVENTS: Final = ("reminder", "l1_new", "stage_overdue", "signoff_waiting", "weekly_pack")
TEST_EVENT: Final = "test"  # an admin's test message to one channel: not switchable
CHANNEL_KINDS: Final = ("wecom", "dingtalk", "email")
OUTBOX_STATUSES: Final = ("pending", "sending", "sent", "failed")
SMTP_SECURITY: Final = ("starttls", "ssl", "none")
# The secret fields each kind reads from ``[notify.<secret name>]`` (or the environment), and the
# ones it cannot send without (a 钉钉 robot secured by keywords or IP has no signing secret).
SECRET_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "wecom": ("webhook",),
    "dingtalk": ("webhook", "secret"),
    "email": ("password",),
}
REQUIRED_SECRETS: Final[dict[str, tuple[str, ...]]] = {"wecom": ("webhook",), "dingtalk": ("webhook",), "email": ()}
SECRET_NAME: Final = re.compile(r"[a-z][a-z0-9_]{0,39}")

# --------------------------------------------------------------------------- delivery

MAX_ATTEMPTS: Final = 12  # 30 s, 1, 2, 4 … 32 min, then hourly: about six hours before giving up
BACKOFF_FIRST: Final = timedelta(seconds=30)
BACKOFF_MAX: Final = timedelta(hours=1)
LEASE: Final = timedelta(minutes=5)  # a claimed row another sender may take over after (a crashed sender)
OVERDUE_LOOKBACK: Final = timedelta(days=1)  # a stage is announced by a scan within a day of crossing N hours
SIGNOFF_LOOKBACK: Final = timedelta(days=7)
WEEKLY_CATCH_UP: Final = timedelta(days=1)  # a pack not sent at its time (sender down) still goes within a day
FRESH_IMPORT: Final = timedelta(days=1)  # an imported L1 received earlier is history, not news
SCAN_LIMIT: Final = 200  # overdue stages queued per pass at most; the next pass takes the rest
# The files the weekly pack's message carries, by the name of their builder (db/notify_reports.py):
# attached to e-mail, uploaded to 企业微信, a link to the app's page for 钉钉.
WEEKLY_ATTACHMENTS: Final = ("weekly_pack", "monthly_excel", "monthly_pdf")  # the last two: last month's report
ERROR_MAX: Final = 300  # notify_outbox.last_error is VARCHAR(300)
WECOM_MAX_BYTES: Final = 4096  # 企业微信 markdown content limit
DINGTALK_MAX_BYTES: Final = 18000


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: 30 s doubling, at most an hour."""
    if attempts <= 1:
        return BACKOFF_FIRST
    return min(BACKOFF_FIRST * 2 ** min(attempts - 1, 20), BACKOFF_MAX)


def after_failure(attempts: int) -> str:
    """The status after a failed attempt: tried again later, or given up (an admin may retry it)."""
    return "failed" if attempts >= MAX_ATTEMPTS else "pending"


_URL: Final = re.compile(r"[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)
_LONG_DIGITS: Final = re.compile(r"\d{7,}")
_KEY_LIKE: Final = re.compile(r"\b[A-Za-z0-9_-]{24,}\b")


def scrub(text: object) -> str:
    """An error text fit for the outbox and the logs: no address (a webhook URL carries its key), no
    long digit run (a phone), no key-like token, one line, cut to ``ERROR_MAX``."""
    one_line = " ".join(str(text).split())
    clean = _KEY_LIKE.sub("…", _LONG_DIGITS.sub("…", _URL.sub("<url>", one_line)))
    return clean[:ERROR_MAX]


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class NotifySettings:
    """The app's address for links, the overdue and sign-off thresholds and the weekly pack's time."""

    base_url: str = ""
    overdue_hours: int = 4
    signoff_days: int = 2
    weekly_time: str = "09:00"  # Monday, Beijing time

    @property
    def weekly_at(self) -> time:
        hours, minutes = self.weekly_time.split(":")
        return time(int(hours), int(minutes))


BASE_URL_MAX: Final = 200
_WEEKLY_TIME: Final = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


def checked_settings(
    base_url: object, overdue_hours: object, signoff_days: object, weekly_time: object
) -> tuple[NotifySettings, list[inputs.Problem]]:
    """The settings as stored (the address without a trailing slash) and their problems."""
    check = inputs.Inputs()
    url = check.text(base_url, field="notify.field.base_url", max_chars=BASE_URL_MAX, required=False)
    url = url.rstrip("/")
    if url and not _is_app_address(url):
        check.add("notify.err.base_url")
    hours = check.whole(overdue_hours, field="notify.field.overdue_hours", minimum=1, maximum=720)
    days = check.whole(signoff_days, field="notify.field.signoff_days", minimum=1, maximum=60)
    at = inputs.normalise_text(weekly_time)
    if not _WEEKLY_TIME.fullmatch(at):
        check.add("notify.err.weekly_time")
    clean = NotifySettings(url, hours or 0, days or 0, at)
    return clean, check.problems


def _is_app_address(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not (parts.query or parts.fragment)


def link(base_url: str, path: str) -> str | None:
    """The app address of a page or case (``cases?ref=…``); None while no base address is set."""
    return f"{base_url.rstrip('/')}/{path.lstrip('/')}" if base_url else None


def case_path(ref_no: str) -> str:
    """The case lookup's address of a case (the same as the pages' case links)."""
    return f"cases?ref={quote(ref_no, safe='')}"


def weekly_week(now: datetime, at: time) -> date | None:
    """The Monday of the week whose pack is due at ``now``: from Monday ``at`` on, for a day, last week's."""
    monday = now.date() - timedelta(days=now.weekday())
    due = datetime.combine(monday, at)
    return monday - timedelta(days=7) if due <= now < due + WEEKLY_CATCH_UP else None


# --------------------------------------------------------------------------- channels


@dataclass(frozen=True)
class ChannelForm:
    """What the admin types for a channel; e-mail fields are ignored for the robots."""

    name: str
    kind: str | None
    secret_name: str
    events: tuple[str, ...] = ()
    team_id: int | None = None
    active: bool = True
    recipients: str = ""
    smtp_host: str = ""
    smtp_port: object = 587
    smtp_security: str = "starttls"
    smtp_user: str = ""
    sender: str = ""
    language: str = "zh"  # of the messages and files the channel gets


@dataclass(frozen=True)
class CheckedChannel:
    name: str
    kind: str
    secret_name: str
    events: tuple[str, ...]
    team_id: int | None
    active: bool
    options: dict[str, Any] = field(default_factory=dict)


_ADDRESS_SPLIT: Final = re.compile(r"[\s,;，；]+")


MESSAGE_LANGUAGES: Final = ("zh", "en")


def message_language(options: object) -> str:
    """The language a channel's messages are written in (Chinese unless it says English)."""
    chosen = options.get("lang") if isinstance(options, dict) else None
    return chosen if chosen in MESSAGE_LANGUAGES else "zh"


def checked_channel(form: ChannelForm) -> tuple[CheckedChannel, list[inputs.Problem]]:
    """The channel as stored and its problems: a name, a kind, the name of its secret (never the
    secret), known events, and for e-mail the server, port, sender and at least one recipient."""
    check = inputs.Inputs()
    name = check.text(form.name, field="notify.field.name", max_chars=60)
    check.check(inputs.one_of(form.kind, CHANNEL_KINDS, field="notify.field.kind"))
    secret_name = inputs.normalise_text(form.secret_name).lower()
    if not SECRET_NAME.fullmatch(secret_name):
        check.add("notify.err.secret_name")
    events = tuple(e for e in EVENTS if e in set(form.events))
    if len(events) != len(set(form.events)):
        check.add("notify.err.event")
    team_id = form.team_id
    if team_id is not None and inputs.record_id(team_id) is None:
        check.add("notify.err.team")
    options: dict[str, Any] = {}
    if form.kind == "email":
        options = _email_options(form, check)
    if check.check(inputs.one_of(form.language, MESSAGE_LANGUAGES, field="notify.field.language")):
        options["lang"] = form.language
    kind = form.kind if form.kind in CHANNEL_KINDS else ""
    return CheckedChannel(name, kind, secret_name, events, team_id, bool(form.active), options), check.problems


def _email_options(form: ChannelForm, check: inputs.Inputs) -> dict[str, Any]:
    recipients = []
    for raw in _ADDRESS_SPLIT.split(inputs.normalise_text(form.recipients, multiline=True)):
        if raw:
            address = check.take(
                inputs.email_address(raw, field="notify.field.recipients", format_key="notify.err.recipient")
            )
            recipients.append(address)
    if not recipients:
        check.add(inputs.REQUIRED, field="notify.field.recipients")
    host = check.text(form.smtp_host, field="notify.field.smtp_host", max_chars=120)
    port = check.whole(form.smtp_port, field="notify.field.smtp_port", minimum=1, maximum=65535)
    check.check(inputs.one_of(form.smtp_security, SMTP_SECURITY, field="notify.field.smtp_security"))
    user = check.text(form.smtp_user, field="notify.field.smtp_user", max_chars=120, required=False)
    sender = check.take(
        inputs.email_address(form.sender, field="notify.field.sender", format_key="notify.err.recipient")
    )
    return {
        "recipients": sorted(set(recipients)),
        "host": host,
        "port": port,
        "security": form.smtp_security,
        "user": user,
        "sender": sender,
    }


def serves(events: object, channel_team: int | None, event: str, team_id: int | None) -> bool:
    """Whether a channel switched to ``events`` (and limited to ``channel_team``, if any) carries an
    ``event`` of ``team_id``; an event of no team (an L1, the weekly pack) goes to every such channel."""
    if not isinstance(events, list | tuple) or event not in events:
        return False
    return channel_team is None or team_id is None or channel_team == team_id


# --------------------------------------------------------------------------- messages


class Texts(Protocol):
    """The catalogue in one language: a label by key, a stored code's display name."""

    def label(self, key: str, **args: object) -> str: ...

    def code(self, kind: str, value: object) -> str: ...


@dataclass(frozen=True)
class Message:
    """A message as text: a title, its lines, the link into the app and the files it points to."""

    title: str
    lines: tuple[str, ...]
    link_text: str = ""
    url: str | None = None
    files: tuple[tuple[str, str], ...] = ()  # (name, address) of attachments shown as links

    def markdown(self) -> str:
        """For the robots: a heading, the lines, the links (the values were escaped when built)."""
        out = [f"### {self.title}", *self.lines]
        out += [f"[{name}]({url})" for name, url in self.files]
        if self.url:
            out.append(f"[{self.link_text}]({self.url})")
        return "\n".join(out)

    def plain(self) -> str:
        """For e-mail: the same as plain text."""
        out = [self.title, "", *self.lines]
        out += [f"{name}: {url}" for name, url in self.files]
        if self.url:
            out += ["", f"{self.link_text}: {self.url}"]
        return "\n".join(out)


# Characters the robots' Markdown dialects read as markup, as their full-width forms: neither robot
# documents backslash escapes, and a masked 张** must not open bold text (张＊＊ still reads masked).
_MARKUP: Final = str.maketrans("*_[]()<>`#~|", "＊＿［］（）＜＞｀＃～｜")


def robot_safe(value: object) -> str:
    """A stored value inside robot Markdown, shown as text, never as markup or a link."""
    return str(value).translate(_MARKUP)


def _moment(value: object) -> str:
    try:
        return datetime.fromisoformat(str(value)).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(value)


def _pct(value: object) -> str:
    return "—" if not isinstance(value, int | float) else f"{value * 100:.1f}%"


def _count(value: object) -> str:
    return "—" if not isinstance(value, int | float) else f"{int(value):,}"


# The weekly summary's lines: (figure, label key, how it prints)
WEEKLY_FIGURES: Final[tuple[tuple[str, str, Callable[[object], str]], ...]] = (
    ("complaints", "notify.msg.weekly.complaints", _count),
    ("l1", "notify.msg.weekly.l1", _count),
    ("sla", "notify.msg.weekly.sla", _pct),
    ("satisfaction", "notify.msg.weekly.satisfaction", _pct),
    ("improper", "notify.msg.weekly.improper", _pct),
    ("warnings_open", "notify.msg.weekly.warnings_open", _count),
)


def render(
    event: str,
    payload: Mapping[str, Any],
    texts: Texts,
    base_url: str,
    escape: Callable[[object], str] = str,
    files: tuple[tuple[str, str], ...] = (),
) -> Message:
    """The message of an outbox row in the language of ``texts``; stored values pass through
    ``escape`` (``robot_safe`` for the robots). ``files`` are attachments shown as links."""

    def v(name: str) -> str:
        return escape(payload.get(name, ""))

    def c(kind: str, name: str) -> str:
        return escape(texts.code(kind, payload.get(name)))

    def lbl(key: str, **args: object) -> str:
        return texts.label(key, **args)

    url = link(base_url, str(payload.get("path", "")))
    if event == "reminder":
        lines = [
            lbl("notify.msg.stage_due", stage=c("stage", "stage"), due=escape(_moment(payload.get("due")))),
            lbl("notify.msg.level", level=c("level", "level")),
            lbl("notify.msg.handler", name=v("handler") or "—"),
            lbl("notify.msg.reminder.by", name=v("by")),
        ]
        if payload.get("noted"):
            lines.append(lbl("notify.msg.reminder.note_in_app"))
        return Message(lbl("notify.msg.reminder.title", ref=v("ref")), tuple(lines), lbl("notify.msg.open_case"), url)
    if event == "l1_new":
        lines = [
            lbl("notify.msg.customer", name=v("customer") or "—"),
            lbl("notify.msg.category", category=c("category", "category")),
            lbl("notify.msg.channel", channel=c("channel", "channel")),
            lbl("notify.msg.received", at=escape(_moment(payload.get("received")))),
            lbl("notify.msg.resolve_due", at=escape(_moment(payload.get("due")))),
        ]
        return Message(lbl("notify.msg.l1.title", ref=v("ref")), tuple(lines), lbl("notify.msg.open_case"), url)
    if event == "stage_overdue":
        lines = [
            lbl("notify.msg.stage_due", stage=c("stage", "stage"), due=escape(_moment(payload.get("due")))),
            lbl("notify.msg.level", level=c("level", "level")),
            lbl("notify.msg.handler", name=v("handler") or "—"),
        ]
        title = lbl("notify.msg.overdue.title", ref=v("ref"), stage=c("stage", "stage"), hours=v("hours"))
        return Message(title, tuple(lines), lbl("notify.msg.open_case"), url)
    if event == "signoff_waiting":
        lines = [
            lbl("notify.msg.signoff.team", team=v("team") or "—"),
            lbl("notify.msg.signoff.risk", risk=c("risk", "risk")),
            lbl("notify.msg.signoff.since", at=escape(_moment(payload.get("since")))),
        ]
        title = lbl("notify.msg.signoff.title", ref=v("ref"), days=v("days"))
        return Message(title, tuple(lines), lbl("notify.msg.open_ledger"), url)
    if event == "weekly_pack":
        figures = payload.get("figures") or {}
        lines = [
            lbl(
                key,
                this=escape(shown((figures.get(name) or [None, None])[0])),
                last=escape(shown((figures.get(name) or [None, None])[1])),
            )
            for name, key, shown in WEEKLY_FIGURES
        ]
        title = lbl("notify.msg.weekly.title", start=v("week_start"), end=v("week_end"))
        return Message(title, tuple(lines), lbl("notify.msg.open_overview"), url, files)
    if event == TEST_EVENT:
        return Message(lbl("notify.msg.test.title", channel=v("channel")), (lbl("notify.msg.test.line"),))
    return Message(escape(event), ())


# --------------------------------------------------------------------------- robots

WECOM_BASE: Final = "https://qyapi.weixin.qq.com"
DINGTALK_BASE: Final = "https://oapi.dingtalk.com"


def fit(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` of UTF-8, never inside a character."""
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text
    return data[: max_bytes - 3].decode("utf-8", errors="ignore") + "…"


def wecom_urls(webhook: str, base: str = WECOM_BASE) -> tuple[str, str]:
    """The send and upload_media addresses of a 企业微信 robot given by its webhook URL or its key."""
    send = webhook if "://" in webhook else f"{base.rstrip('/')}/cgi-bin/webhook/send?{urlencode({'key': webhook})}"
    parts = urlsplit(send)
    upload_path = parts.path.rsplit("/", 1)[0] + "/upload_media"
    query = f"{parts.query}&type=file" if parts.query else "type=file"
    return send, urlunsplit((parts.scheme, parts.netloc, upload_path, query, ""))


def wecom_markdown(content: str) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"content": fit(content, WECOM_MAX_BYTES)}}


def wecom_file(media_id: str) -> dict[str, Any]:
    return {"msgtype": "file", "file": {"media_id": media_id}}


def dingtalk_url(webhook: str, base: str = DINGTALK_BASE) -> str:
    """The send address of a 钉钉 robot given by its webhook URL or its access token."""
    if "://" in webhook:
        return webhook
    return f"{base.rstrip('/')}/robot/send?{urlencode({'access_token': webhook})}"


def dingtalk_markdown(title: str, text: str) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"title": title, "text": fit(text, DINGTALK_MAX_BYTES)}}


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """钉钉's signature: HMAC-SHA256 of "timestamp\\nsecret" keyed by the secret, base64, URL-encoded."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return quote(base64.b64encode(digest).decode("ascii"), safe="")


def dingtalk_signed(url: str, secret: str, timestamp_ms: int) -> str:
    """``url`` with ``&timestamp=…&sign=…`` appended."""
    joiner = "&" if urlsplit(url).query else "?"
    return f"{url}{joiner}timestamp={timestamp_ms}&sign={dingtalk_sign(secret, timestamp_ms)}"


def robot_refusal(body: object) -> str | None:
    """None when a robot's JSON answer says ok (errcode 0), else what it said, scrubbed."""
    if not isinstance(body, dict):
        return "unreadable answer"
    code = body.get("errcode")
    if code == 0:
        return None
    return scrub(f"errcode {code}: {body.get('errmsg', '')}")
