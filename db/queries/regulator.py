"""Reads of the regulator time limits (domain.regulator): which complaints the limit applies to, one
case's extensions, the queue of undecided cases by their last day and the range's breach count.

The last day is computed in SQL as day numbers: the receipt day plus 15, 30 or 60 after the case's
extensions; "decided" is the 反馈 stage done (the decision told to the complainant).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Executable, Row, case, false, func, or_, select
from sqlalchemy.orm import aliased

from db.dialect import epoch_day
from db.models import AppSetting, City, Complaint, RegulatorExtension, User
from db.queries import run
from db.queries.cache import ANY_TIME, store_cached
from db.queries.cases import CASE_SUMMARY
from db.queries.conditions import complaint_conditions, count_if
from domain.filters import Filters
from domain.regulator import LIMIT_DAYS, Applies

SETTING_KEY = "regulator_applies"
QUEUE_LIMIT = 500
EPOCH = date(1970, 1, 1)
Rows = Callable[[Executable], Sequence[Row[Any]]]


def read_applies(rows: Rows) -> Applies:
    """The stored setting, read with ``rows``; all complaints when none is stored."""
    found = rows(select(AppSetting.value).where(AppSetting.key == SETTING_KEY))
    return Applies.from_json(found[0][0]) if found else Applies()


@store_cached(ttl=600, max_entries=4)
def applies() -> Applies:
    return read_applies(run.rows)


@store_cached(ttl=600, max_entries=4)
def sources() -> list[str]:
    """The import sources complaints carry (for the settings' choice), alphabetically."""
    return [str(s) for (s,) in run.rows(select(Complaint.source).where(Complaint.source.is_not(None)).distinct())]


def covered(rule: Applies) -> list[ColumnElement[bool]]:
    """The complaints the limit applies to under ``rule`` (no condition when it applies to all)."""
    if rule.mode == "all":
        return []
    picks = [Complaint.channel.in_(rule.channels)] if rule.channels else []
    picks += [Complaint.source.in_(rule.sources)] if rule.sources else []
    return [or_(*picks) if picks else false()]


def _extensions() -> Any:
    x = RegulatorExtension
    return select(x.complaint_id, func.max(x.step).label("steps")).group_by(x.complaint_id).subquery("extensions")


def _last_day(steps: ColumnElement[Any]) -> ColumnElement[int]:
    """The last day as a day number: receipt day + 15, 30 or 60."""
    days = case(*((func.coalesce(steps, 0) == k, n) for k, n in enumerate(LIMIT_DAYS)), else_=LIMIT_DAYS[-1])
    return epoch_day(Complaint.received_at) + days


@store_cached(ttl=60, max_entries=512)
def case_extensions(complaint_id: int) -> pd.DataFrame:
    """One case's extensions, in order: step, reason, approver, who recorded it and when."""
    x = RegulatorExtension
    return run.frame(
        select(x.step, x.reason, x.approver, User.display_name.label("granted_by"), x.granted_at)
        .outerjoin(User, User.id == x.granted_by)
        .where(x.complaint_id == complaint_id)
        .order_by(x.step)
    )


@store_cached(ttl=60, max_entries=128, uses=ANY_TIME)
def queue(f: Filters, today: date, limit: int = QUEUE_LIMIT) -> pd.DataFrame:
    """Cases the limit applies to whose decision is not yet told, soonest last day first: id, ref_no,
    received_at, channel, level, category, status, steps, last_day (day number), handler, city,
    city_en and ``total`` (the queue's length; the frame holds at most ``limit`` rows). The date
    range does not apply: the queue is about now."""
    ext = _extensions()
    handler = aliased(User)
    last = _last_day(ext.c.steps)
    c = Complaint
    stmt = (
        select(
            c.id,
            *CASE_SUMMARY,
            func.coalesce(ext.c.steps, 0).label("steps"),
            last.label("last_day"),
            handler.display_name.label("handler"),
            City.name.label("city"),
            City.name_en.label("city_en"),
            func.count().over().label("total"),
        )
        .outerjoin(ext, ext.c.complaint_id == c.id)
        .outerjoin(handler, handler.id == c.handler_id)
        .join(City, City.id == c.city_id)
        .where(*complaint_conditions(f, dates=False), c.notify_at.is_(None), *covered(applies()))
        .order_by(last, c.received_at, c.id)
        .limit(limit)
    )
    frame = run.frame(stmt)
    frame["last_day"] = [date.fromordinal(EPOCH.toordinal() + int(d)) for d in frame["last_day"]]
    frame["days_left"] = [(d - today).days for d in frame["last_day"]]
    return frame


@store_cached(ttl=300, max_entries=128)
def counts(f: Filters, today: date) -> dict[str, int]:
    """Complaints received in the range the limit applies to: how many, decided in time, decided
    late, still open within the limit, and open past it (late + overdue are the breaches)."""
    ext = _extensions()
    last = _last_day(ext.c.steps)
    today_n = (today - EPOCH).days
    decided = Complaint.notify_at.is_not(None)
    stmt = (
        select(
            func.count().label("complaints"),
            count_if(decided & (epoch_day(Complaint.notify_at) <= last)).label("met"),
            count_if(decided & (epoch_day(Complaint.notify_at) > last)).label("late"),
            count_if(~decided & (last >= today_n)).label("open"),
            count_if(~decided & (last < today_n)).label("overdue"),
        )
        .outerjoin(ext, ext.c.complaint_id == Complaint.id)
        .where(*complaint_conditions(f), *covered(applies()))
    )
    row = run.rows(stmt)[0]
    out = {k: int(v or 0) for k, v in row._mapping.items()}
    out["breached"] = out["late"] + out["overdue"]
    return out


def forget() -> None:
    """Called by extensions and by the setting's changes."""
    for fn in (applies, sources, case_extensions, queue, counts):
        fn.clear()
