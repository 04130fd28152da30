"""Reads of the audit log for the admin's page: one page of entries under the filters with the
total they match, every entry they match for the export (bounded), and the actions, entities and
users the log holds (the filters' choices)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Select, func, select

from db.engine import engine
from db.models import AuditLog, User
from db.queries import run
from db.queries.cache import store_cached
from db.queries.conditions import day_range

PAGE_SIZE = 200
EXPORT_LIMIT = 100_000  # an export beyond this is cut (the page says so): narrow the filters instead


@dataclass(frozen=True)
class AuditFilters:
    """Which entries: a date range (inclusive), and optionally actions, users, entities and one record id."""

    start: date
    end: date
    actions: tuple[str, ...] = ()
    user_ids: tuple[int, ...] = ()
    entities: tuple[str, ...] = ()
    record_id: str = ""


def _conditions(f: AuditFilters) -> list[ColumnElement[bool]]:
    lo, hi = day_range(f.start, f.end)
    conds = [AuditLog.at >= lo, AuditLog.at < hi]
    if f.actions:
        conds.append(AuditLog.action.in_(f.actions))
    if f.user_ids:
        conds.append(AuditLog.user_id.in_(f.user_ids))
    if f.entities:
        conds.append(AuditLog.entity.in_(f.entities))
    if f.record_id:
        conds.append(AuditLog.entity_id == f.record_id)
    return conds


def _newest_first(f: AuditFilters) -> Select[tuple[Any, ...]]:
    """The entries under the filters with the user's name, newest first."""
    return (
        select(
            AuditLog.id,
            AuditLog.at,
            AuditLog.user_id,
            User.display_name.label("user"),
            AuditLog.action,
            AuditLog.entity,
            AuditLog.entity_id,
            AuditLog.detail,
        )
        .outerjoin(User, User.id == AuditLog.user_id)
        .where(*_conditions(f))
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
    )


@store_cached(ttl=10, max_entries=64)
def entries(f: AuditFilters, limit: int = PAGE_SIZE, offset: int = 0) -> tuple[pd.DataFrame, int]:
    """The newest entries under the filters, ``limit`` from ``offset``, with the user's name; and how
    many entries the filters match in all. Cached briefly: an admin sees new entries within seconds."""
    with engine().connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(AuditLog).where(*_conditions(f))).scalar_one())
    return run.frame(_newest_first(f).limit(limit).offset(offset)), total


def every_entry(f: AuditFilters) -> pd.DataFrame:
    """All entries under the filters, newest first, at most ``EXPORT_LIMIT``: the export's rows.
    Not cached: it is read once, when the admin clicks a download, and may be large."""
    return run.frame(_newest_first(f).limit(EXPORT_LIMIT))


@store_cached(ttl=60, max_entries=8)
def choices() -> tuple[list[str], list[str], pd.DataFrame]:
    """The actions and entities the log holds, and the users who appear in it (id, display name)."""
    with engine().connect() as conn:
        actions = list(conn.scalars(select(AuditLog.action).distinct().order_by(AuditLog.action)))
        entities = list(conn.scalars(select(AuditLog.entity).distinct().order_by(AuditLog.entity)))
    users = run.frame(
        select(User.id, User.display_name, User.username)
        .where(User.id.in_(select(AuditLog.user_id).where(AuditLog.user_id.is_not(None)).distinct()))
        .order_by(User.id)
    )
    return actions, entities, users
