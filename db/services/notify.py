"""Notification writes. ``enqueue`` adds outbox rows inside the transaction of the event they tell of
(a reminder, a new L1 complaint), so the message and the event are stored together or not at all;
``scan`` queues what no write raises (stages overdue for N hours, warnings waiting N days for their
head's sign-off, the weekly pack on Monday). The admin's settings and channels, a retry of a failed
message and a channel's test message are audited writes. Nothing here talks to a robot or a mail
server: the sender (``python -m db.notify``) does, so a channel that is down never slows a page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import CursorResult, Result, String, cast, exists, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.clock import now as business_now
from db.clock import wall_now
from db.engine import session_scope
from db.models import (
    Complaint,
    ComplaintStage,
    Customer,
    EarlyWarning,
    NotifyChannel,
    NotifyOutbox,
    NotifySetting,
    Team,
    User,
    WarningEvent,
)
from db.queries import notify as queries
from db.services.common import InputError, audit, require
from domain import inputs
from domain.masking import mask_name
from domain.notify import (
    FRESH_IMPORT,
    OVERDUE_LOOKBACK,
    SCAN_LIMIT,
    SIGNOFF_LOOKBACK,
    TEST_EVENT,
    WEEKLY_ATTACHMENTS,
    ChannelForm,
    NotifySettings,
    case_path,
    checked_channel,
    checked_settings,
    serves,
    weekly_week,
)
from domain.users import CurrentUser

ADMINS = frozenset({"admin"})
LEDGER_PATH = "warning_ledger"
OVERVIEW_PATH = "overview"


def rows_changed(result: Result[Any]) -> int:
    """The rows an UPDATE touched (``Session.execute`` gives a ``CursorResult`` for it)."""
    if not isinstance(result, CursorResult):
        raise TypeError(f"a write answered with {type(result).__name__}, not a CursorResult")
    return max(int(result.rowcount or 0), 0)


def _iso(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat(sep=" ")


class Item(NamedTuple):
    """One event to queue: its key (unique per channel), what the message needs, whose team it is."""

    key: str
    payload: dict[str, Any]
    team_id: int | None = None


def enqueue(session: Session, event: str, items: Sequence[Item], *, channel_id: int | None = None) -> int:
    """Add a pending message per item for every active channel that carries ``event`` (only
    ``channel_id`` when given: a test), in the caller's transaction. A key already queued for a
    channel adds nothing there (two senders scanning at once, a rerun). Returns the rows added."""
    if not items:
        return 0
    channels = session.execute(
        select(NotifyChannel.id, NotifyChannel.events, NotifyChannel.team_id).where(NotifyChannel.active.is_(True))
    ).all()
    at = wall_now()
    rows = [
        {
            "channel_id": c.id,
            "event": event,
            "event_key": item.key,
            "payload": item.payload,
            "status": "pending",
            "attempts": 0,
            "parts_sent": 0,
            "created_at": at,
            "next_attempt_at": at,
        }
        for item in items
        for c in channels
        if (c.id == channel_id if channel_id is not None else serves(c.events, c.team_id, event, item.team_id))
    ]
    if not rows:
        return 0
    make = sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert
    # RETURNING counts what was added (a multi-row INSERT's rowcount is -1 under psycopg)
    stmt = make(NotifyOutbox).values(rows).on_conflict_do_nothing(index_elements=["event_key", "channel_id"])
    return len(session.execute(stmt.returning(NotifyOutbox.id)).all())


# --------------------------------------------------------------------------- events of writes


def enqueue_reminder(session: Session, case: Complaint, stage: str, event_id: int, by: CurrentUser, noted: bool) -> int:
    """A reminder (催办) to the case's handler: their team's group chat, and their own e-mail address
    on e-mail channels. The note stays in the app (free text may hold anything)."""
    handler = None if case.handler_id is None else session.get(User, case.handler_id)
    payload = {
        "ref": case.ref_no,
        "stage": stage,
        "level": case.level,
        "due": _iso(getattr(case, f"{stage}_due_at")),
        "handler": handler.display_name if handler else "",
        "by": by.display_name,
        "noted": noted,
        "path": case_path(case.ref_no),
        "to": [handler.email] if handler is not None and handler.email else [],
    }
    team = handler.team_id if handler is not None and handler.team_id is not None else case.team_id
    return enqueue(session, "reminder", [Item(f"reminder:{event_id}", payload, team)])


def enqueue_new_l1(session: Session, complaint_ids: Iterable[int], *, received_since: datetime | None = None) -> int:
    """A new L1 complaint to the channels that carry it (the prevention group): the case number and
    link, category, channel, times, and the customer's masked name, nothing else of the customer.
    ``received_since``: only those received from then on (an import's history is no news)."""
    ids = list(complaint_ids)
    if not ids:
        return 0
    stmt = (
        select(
            Complaint.id,
            Complaint.ref_no,
            Complaint.category,
            Complaint.channel,
            Complaint.received_at,
            Complaint.resolve_due_at,
            Customer.name,
        )
        .outerjoin(Customer, Customer.id == Complaint.customer_id)
        .where(Complaint.id.in_(ids), Complaint.level == "L1")
    )
    if received_since is not None:
        stmt = stmt.where(Complaint.received_at >= received_since)
    items = [
        Item(
            f"l1:{r.id}",
            {
                "ref": r.ref_no,
                "customer": mask_name(r.name),
                "category": r.category,
                "channel": r.channel,
                "received": _iso(r.received_at),
                "due": _iso(r.resolve_due_at),
                "path": case_path(r.ref_no),
            },
        )
        for r in session.execute(stmt)
    ]
    return enqueue(session, "l1_new", items)


def enqueue_imported_l1(session: Session, refs: Sequence[str]) -> int:
    """The L1 complaints of an import received within ``FRESH_IMPORT``, by their reference numbers."""
    since = business_now() - FRESH_IMPORT
    queued = 0
    for start in range(0, len(refs), 900):  # below SQLite's default limit of variables
        ids = session.scalars(
            select(Complaint.id).where(
                Complaint.ref_no.in_(refs[start : start + 900]),
                Complaint.level == "L1",
                Complaint.received_at >= since,
            )
        ).all()
        queued += enqueue_new_l1(session, ids)
    return queued


# --------------------------------------------------------------------------- the sender's scan


def _carried(session: Session, event: str) -> bool:
    """Whether any active channel carries ``event`` (else its scan is not worth a query)."""
    rows = session.execute(select(NotifyChannel.events).where(NotifyChannel.active.is_(True))).scalars()
    return any(isinstance(events, list) and event in events for events in rows)


def stored_settings(session: Session) -> NotifySettings:
    row = session.get(NotifySetting, 1)
    if row is None:
        return NotifySettings()
    return NotifySettings(row.base_url, row.overdue_hours, row.signoff_days, row.weekly_time)


def scan(at: datetime | None = None) -> int:
    """Queue the events of time passing at business time ``at`` (now); returns the rows added."""
    moment = business_now() if at is None else at
    with session_scope() as s:
        settings = stored_settings(s)
        added = _queue_overdue(s, settings, moment) + _queue_signoff(s, settings, moment)
        weekly = _weekly_due(s, settings, moment)
    if weekly is not None:
        payload = {
            **weekly,
            "figures": queries.week_figures(datetime.fromisoformat(weekly["week_start"]).date(), moment),
        }
        with session_scope() as s:
            added += enqueue(s, "weekly_pack", [Item(f"weekly:{weekly['week_start']}", payload)])
    return added


def _queue_overdue(s: Session, settings: NotifySettings, at: datetime) -> int:
    """Open stages (of complaints that are no duplicate) past due for ``overdue_hours``, crossed within
    the lookback, not queued before: one message each, to the handler's team's channels."""
    if not _carried(s, "stage_overdue"):
        return 0
    crossed = at - timedelta(hours=settings.overdue_hours)
    cs = ComplaintStage
    key = literal("overdue:") + cast(cs.complaint_id, String) + literal(":") + cs.stage
    rows = s.execute(
        select(
            cs.complaint_id,
            cs.ref_no,
            cs.stage,
            cs.due_at,
            cs.level,
            cs.team_id,
            User.display_name,
            User.team_id.label("handler_team"),
        )
        .outerjoin(User, User.id == cs.handler_id)
        .where(
            cs.done_at.is_(None),
            cs.due_at <= crossed,
            cs.due_at > crossed - OVERDUE_LOOKBACK,
            cs.duplicate_of_id.is_(None),
            ~exists().where(NotifyOutbox.event_key == key),
        )
        .order_by(cs.due_at)
        .limit(SCAN_LIMIT)
    ).all()
    items = [
        Item(
            f"overdue:{r.complaint_id}:{r.stage}",
            {
                "ref": r.ref_no,
                "stage": r.stage,
                "level": r.level,
                "due": _iso(r.due_at),
                "hours": settings.overdue_hours,
                "handler": r.display_name or "",
                "path": case_path(r.ref_no),
            },
            r.team_id if r.handler_team is None else r.handler_team,
        )
        for r in rows
    ]
    return enqueue(s, "stage_overdue", items)


def _queue_signoff(s: Session, settings: NotifySettings, at: datetime) -> int:
    """Warnings waiting for their head's sign-off ``signoff_days`` since they were (re)submitted,
    crossed within the lookback: one message per wait, to the reporting team's channels."""
    if not _carried(s, "signoff_waiting"):
        return 0
    w = EarlyWarning
    submitted = (
        select(func.max(WarningEvent.at))
        .where(WarningEvent.warning_id == w.id, WarningEvent.kind == "submitted")
        .scalar_subquery()
    )
    since = func.coalesce(submitted, w.reported_at)
    crossed = at - timedelta(days=settings.signoff_days)
    rows = s.execute(
        select(w.id, w.ref_no, w.risk_level, w.team_id, Team.name, since.label("since"))
        .join(Team, Team.id == w.team_id)
        .where(w.status == "submitted", since <= crossed, since > crossed - SIGNOFF_LOOKBACK)
        .order_by(w.id)
    ).all()
    items = []
    for r in rows:
        waited = r.since if isinstance(r.since, datetime) else datetime.fromisoformat(str(r.since))
        items.append(
            Item(
                f"signoff:{r.id}:{waited:%Y%m%d%H%M%S}",
                {
                    "ref": r.ref_no,
                    "team": r.name,
                    "risk": r.risk_level,
                    "since": _iso(waited),
                    "days": settings.signoff_days,
                    "path": LEDGER_PATH,
                },
                r.team_id,
            )
        )
    return enqueue(s, "signoff_waiting", items)


def _weekly_due(s: Session, settings: NotifySettings, at: datetime) -> dict[str, Any] | None:
    """The weekly pack's payload (without figures) when it is due and some channel still lacks it."""
    monday = weekly_week(at, settings.weekly_at)
    if monday is None or not _carried(s, "weekly_pack"):
        return None
    key = f"weekly:{monday}"
    channels = s.execute(
        select(NotifyChannel.id, NotifyChannel.events, NotifyChannel.team_id).where(NotifyChannel.active.is_(True))
    ).all()
    wanted = {c.id for c in channels if serves(c.events, c.team_id, "weekly_pack", None)}
    queued = set(s.scalars(select(NotifyOutbox.channel_id).where(NotifyOutbox.event_key == key)))
    if wanted <= queued:
        return None
    return {
        "week_start": monday.isoformat(),
        "week_end": (monday + timedelta(days=6)).isoformat(),
        "path": OVERVIEW_PATH,
        "attachments": list(WEEKLY_ATTACHMENTS),
    }


# --------------------------------------------------------------------------- the admin's writes


def save_settings(
    by: CurrentUser, *, base_url: object, overdue_hours: object, signoff_days: object, weekly_time: object
) -> NotifySettings:
    """Store the notification settings (one row) with an audit row of before and after."""
    require(by, ADMINS, "notify.settings")
    clean, problems = checked_settings(base_url, overdue_hours, signoff_days, weekly_time)
    if problems:
        raise InputError(problems)
    with session_scope() as s:
        row = s.get(NotifySetting, 1, with_for_update=True)
        if row is None:
            row = NotifySetting(id=1)
            s.add(row)
            before = None
        else:
            before = _settings_detail(stored_settings(s))
        row.base_url, row.overdue_hours = clean.base_url, clean.overdue_hours
        row.signoff_days, row.weekly_time = clean.signoff_days, clean.weekly_time
        row.updated_by, row.updated_at = by.id, business_now()
        audit(s, by, "notify.settings", "notify_settings", 1, before=before, after=_settings_detail(clean))
    queries.forget()
    return clean


def _settings_detail(settings: NotifySettings) -> dict[str, Any]:
    return {
        "base_url": settings.base_url,
        "overdue_hours": settings.overdue_hours,
        "signoff_days": settings.signoff_days,
        "weekly_time": settings.weekly_time,
    }


def _channel_detail(row: NotifyChannel) -> dict[str, Any]:
    """A channel as its audit row shows it: names and choices, no secret (the store holds none)."""
    return {
        "name": row.name,
        "kind": row.kind,
        "secret_name": row.secret_name,
        "events": list(row.events),
        "team_id": row.team_id,
        "active": row.active,
        "options": dict(row.options),
    }


def save_channel(by: CurrentUser, form: ChannelForm, channel_id: int | None = None) -> int:
    """Create a channel (``channel_id`` None) or change one; returns its id. Names are unique."""
    require(by, ADMINS, "notify.channel")
    clean, problems = checked_channel(form)
    if channel_id is not None and inputs.record_id(channel_id) is None:
        problems.append(("settings.err.not_found", {}))
    if problems:
        raise InputError(problems)
    try:
        with session_scope() as s:
            if clean.team_id is not None and s.get(Team, clean.team_id) is None:
                raise InputError.one("notify.err.team")
            if channel_id is None:
                row = NotifyChannel()
                s.add(row)
                before = None
            else:
                found = s.get(NotifyChannel, channel_id, with_for_update=True)
                if found is None:
                    raise InputError.one("settings.err.not_found")
                row, before = found, _channel_detail(found)
            row.name, row.kind, row.secret_name = clean.name, clean.kind, clean.secret_name
            row.events, row.team_id, row.options, row.active = (
                list(clean.events),
                clean.team_id,
                clean.options,
                clean.active,
            )
            row.updated_by, row.updated_at = by.id, business_now()
            s.flush()
            saved = int(row.id)
            audit(s, by, "notify.channel", "notify_channel", saved, before=before, after=_channel_detail(row))
    except IntegrityError:  # another channel has this name
        raise InputError.one("notify.err.name_taken") from None
    queries.forget()
    return saved


def send_test(by: CurrentUser, channel_id: int, token: str) -> int:
    """Queue a test message to one channel (whatever events it carries); once per form token."""
    require(by, ADMINS, "notify.test")
    check = inputs.Inputs()
    check.token(token)
    check.raise_if_any()
    if inputs.record_id(channel_id) is None:
        raise InputError.one("settings.err.not_found")
    with session_scope() as s:
        row = s.get(NotifyChannel, channel_id)
        if row is None:
            raise InputError.one("settings.err.not_found")
        if not row.active:
            raise InputError.one("notify.err.inactive")
        added = enqueue(s, TEST_EVENT, [Item(f"test:{token}", {"channel": row.name})], channel_id=channel_id)
        if added:
            audit(s, by, "notify.test", "notify_channel", channel_id, token=token)
    queries.forget_outbox()
    return added


def retry(by: CurrentUser, outbox_id: int) -> None:
    """Send a failed message again: pending now, with a fresh round of attempts (the audit row keeps
    how many it had and its last error). A message that is not failed is left alone."""
    require(by, ADMINS, "notify.retry")
    if inputs.record_id(outbox_id) is None:
        raise InputError.one("settings.err.not_found")
    with session_scope() as s:
        row = s.execute(
            select(NotifyOutbox.status, NotifyOutbox.attempts, NotifyOutbox.last_error).where(
                NotifyOutbox.id == outbox_id
            )
        ).first()
        if row is None:
            raise InputError.one("settings.err.not_found")
        changed = rows_changed(
            s.execute(
                update(NotifyOutbox)
                .where(NotifyOutbox.id == outbox_id, NotifyOutbox.status == "failed")
                .values(status="pending", attempts=0, next_attempt_at=wall_now())
            )
        )
        if not changed:
            raise InputError.one("notify.err.not_failed")
        audit(s, by, "notify.retry", "notify_outbox", outbox_id, attempts=row.attempts, last_error=row.last_error)
    queries.forget_outbox()
