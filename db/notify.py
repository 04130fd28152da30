"""The notification sender, for a scheduler: ``python -m db.notify`` runs one pass and exits;
``--loop`` runs a pass every ``--every`` seconds (30 by default) until stopped.

A pass first queues the events of time passing (``db.services.notify.scan``: overdue stages,
warnings waiting for sign-off, the weekly pack on Monday), then delivers the due outbox rows, oldest
first. Each row is claimed by one conditional UPDATE in its own short transaction (pending and due,
or ``sending`` with a lease that ran out → ``sending`` with this pass's token and a fresh lease), so
of two senders (two hosts, overlapping cron runs) exactly one takes it, on SQLite and PostgreSQL
alike. HTTP and SMTP happen outside any transaction, with timeouts. A message goes out in parts (the
text, then each file to 企业微信) and each part delivered is recorded at once, so a retry sends only
what is missing. A failure records the attempt and a scrubbed error (no address, key or number) and
waits 30 s, doubling to an hour, before the next try; after ``MAX_ATTEMPTS`` the row is failed until
an admin retries it. A channel that cannot be reached is left alone for the rest of the pass, so one
down robot does not hold up the others.

Only a sender that dies between a robot's "ok" and recording it can send that part twice: its lease
runs out and another sender sends the part again (the robots take no idempotency key).

Robot addresses: a channel's ``webhook`` secret is the robot's full webhook URL or only its key
(企业微信) / access token (钉钉); ``DASHBOARD_NOTIFY_WECOM_BASE`` and ``DASHBOARD_NOTIFY_DINGTALK_BASE``
replace the official hosts for the latter (a proxy, or a local test server).
"""

from __future__ import annotations

import argparse
import logging
import os
import smtplib
import ssl
import sys
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from typing import Any

import httpx
from sqlalchemy import and_, or_, select, update

from components.i18n import speaking
from components.notify_view import CatalogueTexts
from db import notify_reports
from db.clock import wall_now
from db.engine import session_scope
from db.migrate import ensure_schema
from db.models import NotifyChannel, NotifyOutbox
from db.notify_reports import Attachment
from db.notify_secrets import secret
from db.services import notify as service
from domain.notify import (
    DINGTALK_BASE,
    LEASE,
    WECOM_BASE,
    Message,
    NotifySettings,
    after_failure,
    backoff,
    dingtalk_markdown,
    dingtalk_signed,
    dingtalk_url,
    link,
    message_language,
    render,
    robot_refusal,
    robot_safe,
    scrub,
    wecom_file,
    wecom_markdown,
    wecom_urls,
)

log = logging.getLogger("db.notify")

WECOM_BASE_VAR = "DASHBOARD_NOTIFY_WECOM_BASE"
DINGTALK_BASE_VAR = "DASHBOARD_NOTIFY_DINGTALK_BASE"
HTTP_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
SMTP_TIMEOUT_S = 15.0
BATCH = 100  # rows a pass delivers at most; the next pass takes the rest
DEFAULT_EVERY_S = 30.0


class Unreachable(Exception):
    """The channel did not answer (refused, timed out, 5xx): try again later, skip it this pass."""


class Refused(Exception):
    """The channel answered and refused the message (a robot's errcode, an SMTP reply)."""


@dataclass(frozen=True)
class Channel:
    id: int
    name: str
    kind: str
    secret_name: str
    options: Mapping[str, Any]
    active: bool


@dataclass(frozen=True)
class Claimed:
    """An outbox row this pass holds (its token), as the sender needs it."""

    id: int
    channel_id: int
    event: str
    payload: Mapping[str, Any]
    attempts: int
    parts_sent: int
    token: str


@dataclass
class PassResult:
    queued: int = 0
    sent: int = 0
    failed: int = 0  # attempts that failed (the row is retried later or, at the last attempt, failed)
    errors: list[str] = field(default_factory=list)  # scrubbed, one per failed attempt

    def line(self) -> str:
        return f"queued={self.queued} sent={self.sent} failed={self.failed}"


# --------------------------------------------------------------------------- claiming and recording


def _claim(row_id: int, token: str, at: datetime) -> bool:
    """Take the row for this pass if it is still due; one conditional UPDATE, so one sender wins."""
    o = NotifyOutbox
    with session_scope() as s:
        taken = service.rows_changed(
            s.execute(
                update(o)
                .where(
                    o.id == row_id,
                    or_(
                        and_(o.status == "pending", o.next_attempt_at <= at),
                        and_(o.status == "sending", o.lease_until < at),
                    ),
                )
                .values(status="sending", claim_token=token, lease_until=at + LEASE, attempts=o.attempts + 1)
            )
        )
    return taken == 1


def _claimed(row_id: int, token: str) -> Claimed | None:
    o = NotifyOutbox
    with session_scope() as s:
        row = s.execute(
            select(o.id, o.channel_id, o.event, o.payload, o.attempts, o.parts_sent).where(
                o.id == row_id, o.claim_token == token
            )
        ).first()
    if row is None:
        return None
    return Claimed(
        int(row.id), int(row.channel_id), str(row.event), dict(row.payload), row.attempts, row.parts_sent, token
    )


def _record(row: Claimed, **values: Any) -> bool:
    """Write to the row while this pass still holds it; False when it does not (a lease lost)."""
    o = NotifyOutbox
    with session_scope() as s:
        changed = service.rows_changed(
            s.execute(update(o).where(o.id == row.id, o.claim_token == row.token).values(**values))
        )
    return changed == 1


def _sent(row: Claimed) -> None:
    _record(row, status="sent", sent_at=wall_now(), claim_token=None, lease_until=None, last_error=None)


def _failed(row: Claimed, error: str, at: datetime) -> None:
    _record(
        row,
        status=after_failure(row.attempts),
        next_attempt_at=at + backoff(row.attempts),
        last_error=scrub(error),
        claim_token=None,
        lease_until=None,
    )


# --------------------------------------------------------------------------- the channels


def _post(http: httpx.Client, url: str, **request: Any) -> dict[str, Any]:
    """POST to a robot; its JSON answer when it says ok, else ``Unreachable`` or ``Refused``."""
    try:
        response = http.post(url, **request)
    except httpx.TransportError as exc:
        raise Unreachable(type(exc).__name__) from None
    if response.status_code >= 500:
        raise Unreachable(f"HTTP {response.status_code}")
    if response.status_code >= 400:
        raise Refused(f"HTTP {response.status_code}")
    try:
        answer = response.json()
    except ValueError:
        raise Refused("unreadable answer") from None
    refusal = robot_refusal(answer)
    if refusal is not None:
        raise Refused(refusal)
    return dict(answer)


def _needed(name: str, field_name: str) -> str:
    value = secret(name, field_name)
    if value is None:
        raise Refused(f"secret missing: {field_name}")
    return value


def _wecom_parts(
    http: httpx.Client, channel: Channel, message: Message, files: Sequence[Callable[[], Attachment | None]]
) -> list[Callable[[], None]]:
    send, upload = wecom_urls(_needed(channel.secret_name, "webhook"), os.environ.get(WECOM_BASE_VAR, WECOM_BASE))

    def text() -> None:
        _post(http, send, json=wecom_markdown(message.markdown()))

    def file(build: Callable[[], Attachment | None]) -> Callable[[], None]:
        def upload_and_send() -> None:
            attachment = build()
            if attachment is None:
                return
            answer = _post(http, upload, files={"media": (attachment.file_name, attachment.data, attachment.mime)})
            media_id = answer.get("media_id")
            if not isinstance(media_id, str) or not media_id:
                raise Refused("upload_media gave no media_id")
            _post(http, send, json=wecom_file(media_id))

        return upload_and_send

    return [text, *(file(build) for build in files)]


def _dingtalk_part(http: httpx.Client, channel: Channel, message: Message) -> Callable[[], None]:
    url = dingtalk_url(_needed(channel.secret_name, "webhook"), os.environ.get(DINGTALK_BASE_VAR, DINGTALK_BASE))
    signing = secret(channel.secret_name, "secret")

    def text() -> None:
        address = url if signing is None else dingtalk_signed(url, signing, int(time.time() * 1000))
        _post(http, address, json=dingtalk_markdown(message.title, message.markdown()))

    return text


def _mail_part(
    channel: Channel, message: Message, files: Sequence[Callable[[], Attachment | None]], extra_to: Sequence[str]
) -> Callable[[], None]:
    options = channel.options
    password = secret(channel.secret_name, "password")
    if options.get("user") and password is None:
        raise Refused("secret missing: password")

    def mail() -> None:
        recipients = sorted({*options.get("recipients", []), *(a for a in extra_to if isinstance(a, str) and a)})
        mail = EmailMessage()
        mail["Subject"] = message.title
        mail["From"] = str(options.get("sender", ""))
        mail["To"] = ", ".join(recipients)
        mail.set_content(message.plain())
        for build in files:
            attachment = build()
            if attachment is not None:
                maintype, _, subtype = attachment.mime.partition("/")
                mail.add_attachment(attachment.data, maintype=maintype, subtype=subtype, filename=attachment.file_name)
        _smtp_send(options, password, mail, recipients)

    return mail


def _smtp_send(options: Mapping[str, Any], password: str | None, mail: EmailMessage, recipients: list[str]) -> None:
    host, port, security = str(options.get("host", "")), int(options.get("port") or 25), options.get("security")
    try:
        if security == "ssl":
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                host, port, timeout=SMTP_TIMEOUT_S, context=ssl.create_default_context()
            )
        else:
            server = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_S)
        with server:
            if security == "starttls":
                server.starttls(context=ssl.create_default_context())
            if options.get("user"):
                server.login(str(options["user"]), password or "")
            server.send_message(mail, to_addrs=recipients)
    except smtplib.SMTPResponseException as exc:
        raise Refused(f"SMTP {exc.smtp_code}") from None
    except smtplib.SMTPRecipientsRefused:
        raise Refused("SMTP recipients refused") from None
    except smtplib.SMTPServerDisconnected:
        raise Unreachable("SMTPServerDisconnected") from None
    except smtplib.SMTPException as exc:
        raise Refused(type(exc).__name__) from None
    except OSError as exc:  # refused, unreachable, timed out, TLS failure
        raise Unreachable(type(exc).__name__) from None


class Files:
    """The attachments of this pass, each built once however many channels send it."""

    def __init__(self, at: datetime) -> None:
        self.at = at
        self.built: dict[tuple[str, str, str], Attachment | None] = {}

    def of(self, payload: Mapping[str, Any], language: str) -> list[Callable[[], Attachment | None]]:
        names = payload.get("attachments") or []
        return [self._builder(str(name), payload, language) for name in names]

    def _builder(self, name: str, payload: Mapping[str, Any], language: str) -> Callable[[], Attachment | None]:
        def build() -> Attachment | None:
            key = (name, language, repr(sorted((k, str(v)) for k, v in payload.items() if k != "figures")))
            if key not in self.built:
                builder = notify_reports.BUILDERS.get(name)
                if builder is None:
                    raise Refused(f"no builder for attachment {name}")
                try:
                    with speaking(language):  # the file in the channel's language
                        self.built[key] = builder(payload, self.at)
                except Exception as exc:  # noqa: BLE001 - any failure to build the file: retried later
                    log.error("building attachment %s failed: %s", name, type(exc).__name__)
                    raise Refused(f"attachment {name} failed: {type(exc).__name__}") from None
            return self.built[key]

        return build


def _parts(
    http: httpx.Client, channel: Channel, row: Claimed, settings: NotifySettings, files: Files
) -> list[Callable[[], None]]:
    """The sends of one message to one channel, in order."""
    language = message_language(channel.options)
    texts = CatalogueTexts(language)
    attachments = files.of(row.payload, language)
    if channel.kind == "wecom":
        message = render(row.event, row.payload, texts, settings.base_url, robot_safe)
        return _wecom_parts(http, channel, message, attachments)
    if channel.kind == "dingtalk":  # a 钉钉 robot takes no files: links to the page they come from
        built = [a for a in (build() for build in attachments) if a is not None]
        links = tuple((a.title, url) for a in built if (url := link(settings.base_url, a.path)) is not None)
        message = render(row.event, row.payload, texts, settings.base_url, robot_safe, links)
        return [_dingtalk_part(http, channel, message)]
    if channel.kind == "email":
        message = render(row.event, row.payload, texts, settings.base_url)
        return [_mail_part(channel, message, attachments, row.payload.get("to") or [])]
    raise Refused(f"unknown channel kind {channel.kind}")


def _deliver(http: httpx.Client, channel: Channel | None, row: Claimed, settings: NotifySettings, files: Files) -> None:
    """Send the parts not yet delivered, recording each one; raises what stopped it."""
    if channel is None or not channel.active:
        raise Refused("channel switched off")
    parts = _parts(http, channel, row, settings, files)
    for number, part in enumerate(parts[row.parts_sent :], start=row.parts_sent + 1):
        part()
        if not _record(row, parts_sent=number):
            raise Refused("claim lost")  # another sender took over: it sends the rest


# --------------------------------------------------------------------------- a pass


def _channels() -> dict[int, Channel]:
    c = NotifyChannel
    with session_scope() as s:
        rows = s.execute(select(c.id, c.name, c.kind, c.secret_name, c.options, c.active)).all()
    return {r.id: Channel(r.id, r.name, r.kind, r.secret_name, dict(r.options or {}), bool(r.active)) for r in rows}


def _due(at: datetime, limit: int) -> list[tuple[int, int]]:
    o = NotifyOutbox
    with session_scope() as s:
        return [
            (int(r.id), int(r.channel_id))
            for r in s.execute(
                select(o.id, o.channel_id)
                .where(
                    or_(
                        and_(o.status == "pending", o.next_attempt_at <= at),
                        and_(o.status == "sending", o.lease_until < at),
                    )
                )
                .order_by(o.next_attempt_at, o.id)
                .limit(limit)
            )
        ]


def deliver(*, limit: int = BATCH, at: datetime | None = None, http: httpx.Client | None = None) -> PassResult:
    """Deliver the due outbox rows (``at``: the delivery clock's now, a test's later moment)."""
    moment = wall_now() if at is None else at
    result = PassResult()
    token = uuid.uuid4().hex
    with session_scope() as s:
        settings = service.stored_settings(s)
    channels = _channels()
    files = Files(moment)
    down: set[int] = set()
    client = http or httpx.Client(timeout=HTTP_TIMEOUT)
    try:
        for row_id, channel_id in _due(moment, limit):
            if channel_id in down or not _claim(row_id, token, moment):
                continue
            row = _claimed(row_id, token)
            if row is None:
                continue
            try:
                _deliver(client, channels.get(channel_id), row, settings, files)
            except (Unreachable, Refused) as exc:
                if isinstance(exc, Unreachable):
                    down.add(channel_id)
                error = scrub(f"{type(exc).__name__}: {exc}")
                _failed(row, error, moment)
                result.failed += 1
                result.errors.append(error)
                log.warning("outbox %d to channel %d: attempt %d failed: %s", row.id, channel_id, row.attempts, error)
            else:
                _sent(row)
                result.sent += 1
    finally:
        if http is None:
            client.close()
    return result


def run_pass(*, limit: int = BATCH, http: httpx.Client | None = None) -> PassResult:
    """Queue the events of time passing, then deliver what is due."""
    queued = service.scan()
    result = deliver(limit=limit, http=http)
    result.queued = queued
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m db.notify", description=__doc__.splitlines()[0])
    parser.add_argument("--loop", action="store_true", help="run a pass every --every seconds until stopped")
    parser.add_argument("--every", type=float, default=DEFAULT_EVERY_S, help="seconds between passes (--loop)")
    parser.add_argument("--limit", type=int, default=BATCH, help="messages a pass delivers at most")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    ensure_schema()
    if not args.loop:
        print(run_pass(limit=args.limit).line())
        return 0
    with httpx.Client(timeout=HTTP_TIMEOUT) as http:
        while True:
            try:
                log.info("pass: %s", run_pass(limit=args.limit, http=http).line())
            except Exception as exc:  # noqa: BLE001 - a store that is down now and then must not end the loop
                log.error("pass failed: %s", type(exc).__name__)
            time.sleep(max(args.every, 1.0))


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(0)
