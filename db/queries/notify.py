"""Reads of the notifications: the settings, the channels (with whether their secrets are there, never
the secrets), the outbox for the admin's page, and the weekly pack's KPI figures of a week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import ColumnElement, func, select

from db import notify_secrets
from db.models import NotifyChannel, NotifyOutbox, NotifySetting, Team
from db.queries import overview, run
from db.queries.cache import store_cached
from db.queries.conditions import day_range
from domain.filters import Filters, WeekWindow
from domain.kpis import share
from domain.notify import NotifySettings

OUTBOX_LIMIT = 500  # rows the page shows, newest first (the total says how many match)


@store_cached(ttl=60, max_entries=4)
def settings() -> NotifySettings:
    found = run.rows(
        select(
            NotifySetting.base_url, NotifySetting.overdue_hours, NotifySetting.signoff_days, NotifySetting.weekly_time
        )
    )
    return NotifySettings(*found[0]) if found else NotifySettings()


@store_cached(ttl=60, max_entries=4)
def channels() -> pd.DataFrame:
    """id, name, kind, secret_name, events (list), team_id, team, team_en, options (dict), active,
    updated_at; by name."""
    return run.frame(
        select(
            NotifyChannel.id,
            NotifyChannel.name,
            NotifyChannel.kind,
            NotifyChannel.secret_name,
            NotifyChannel.events,
            NotifyChannel.team_id,
            Team.name.label("team"),
            Team.name_en.label("team_en"),
            NotifyChannel.options,
            NotifyChannel.active,
            NotifyChannel.updated_at,
        )
        .outerjoin(Team, Team.id == NotifyChannel.team_id)
        .order_by(NotifyChannel.name)
    )


def with_secret_state(frame: pd.DataFrame) -> pd.DataFrame:
    """``channels()`` with ``configured`` (every secret it needs is there) and ``present`` (per secret
    field: there or not); read each time, not cached, so a secret added shows on the next run."""
    return frame.assign(
        configured=[
            notify_secrets.configured(k, n, o if isinstance(o, dict) else {})
            for k, n, o in zip(frame["kind"], frame["secret_name"], frame["options"])
        ],
        present=[notify_secrets.present(k, n) for k, n in zip(frame["kind"], frame["secret_name"])],
    )


@dataclass(frozen=True)
class OutboxFilters:
    """Which messages: created within a date range (inclusive), and optionally statuses, events, channels."""

    start: date
    end: date
    statuses: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    channel_ids: tuple[int, ...] = ()


def _conditions(f: OutboxFilters) -> list[ColumnElement[bool]]:
    lo, hi = day_range(f.start, f.end)
    conds = [NotifyOutbox.created_at >= lo, NotifyOutbox.created_at < hi]
    if f.statuses:
        conds.append(NotifyOutbox.status.in_(f.statuses))
    if f.events:
        conds.append(NotifyOutbox.event.in_(f.events))
    if f.channel_ids:
        conds.append(NotifyOutbox.channel_id.in_(f.channel_ids))
    return conds


@store_cached(ttl=5, max_entries=32)
def outbox(f: OutboxFilters) -> tuple[pd.DataFrame, int]:
    """The newest ``OUTBOX_LIMIT`` messages under the filters (id, created_at, channel, kind, event,
    payload, status, attempts, next_attempt_at, sent_at, last_error) and how many match in all.
    Cached for seconds only: the sender, another process, changes them."""
    conds = _conditions(f)
    rows = run.frame(
        select(
            NotifyOutbox.id,
            NotifyOutbox.created_at,
            NotifyChannel.name.label("channel"),
            NotifyChannel.kind,
            NotifyOutbox.event,
            NotifyOutbox.payload,
            NotifyOutbox.status,
            NotifyOutbox.attempts,
            NotifyOutbox.next_attempt_at,
            NotifyOutbox.sent_at,
            NotifyOutbox.last_error,
        )
        .join(NotifyChannel, NotifyChannel.id == NotifyOutbox.channel_id)
        .where(*conds)
        .order_by(NotifyOutbox.created_at.desc(), NotifyOutbox.id.desc())
        .limit(OUTBOX_LIMIT)
    )
    total = run.rows(select(func.count()).select_from(NotifyOutbox).where(*conds))[0][0]
    return rows, int(total)


@store_cached(ttl=5, max_entries=4)
def status_counts() -> dict[str, int]:
    """Messages per status, over the whole outbox."""
    return {
        str(status): int(n)
        for status, n in run.rows(select(NotifyOutbox.status, func.count()).group_by(NotifyOutbox.status))
    }


def week_figures(monday: date, at: datetime) -> dict[str, list[float | int | None]]:
    """The weekly pack's KPIs of the week starting ``monday`` and the week before it, company-wide, as
    the overview computes them: [this week, the week before] per figure (open warnings: now only)."""
    week = WeekWindow.ending(monday + timedelta(days=6))
    this_f, last_f = Filters(week.this_start, week.this_end), Filters(week.last_start, week.last_end)
    stamp = pd.Timestamp(at)
    vol, vol_last = overview.volume(this_f), overview.volume(last_f)
    sat, sat_last = overview.satisfaction(this_f), overview.satisfaction(last_f)
    return {
        "complaints": [vol["complaints"], vol_last["complaints"]],
        "l1": [vol["l1"], vol_last["l1"]],
        "sla": [
            overview.sla_attainment(overview.sla_by_stage(this_f, stamp)),
            overview.sla_attainment(overview.sla_by_stage(last_f, stamp)),
        ],
        "satisfaction": [sat["rate"], sat_last["rate"]],
        "improper": [share(vol["improper"], vol["complaints"]), share(vol_last["improper"], vol_last["complaints"])],
        "warnings_open": [overview.warnings(this_f)["open"], None],
    }


def forget() -> None:
    """After a settings or channel change."""
    settings.clear()
    channels.clear()


def forget_outbox() -> None:
    outbox.clear()
    status_counts.clear()
