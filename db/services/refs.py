"""Human-readable reference numbers (TS20261123 00042) that stay unique under concurrent writes.

The number is the day's highest sequence plus one, read inside the writing transaction. SQLite
writers already hold the database lock (BEGIN IMMEDIATE); on PostgreSQL a transaction-scoped
advisory lock per prefix and day serialises the allocation, and the unique constraint is the
last line of defence. The sequence has at least ``digits`` digits and grows a digit when a day
needs more (…99999 is followed by …100000), so a busy day never runs out of numbers and every
number already issued stays valid.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from db.dialect import serialise_writers


def next_ref(session: Session, column: InstrumentedAttribute[str], prefix: str, day: date, digits: int) -> str:
    """The next free ``{prefix}{yyyymmdd}{seq}`` for ``column`` (a unique string column)."""
    stem = f"{prefix}{day:%Y%m%d}"
    serialise_writers(session, stem)
    # A longer sequence is a later one: order by length first, then by the digits.
    last = session.scalar(
        select(column)
        .where(column.like(f"{stem}%"), func.length(column) >= len(stem) + digits)
        .order_by(func.length(column).desc(), column.desc())
        .limit(1)
    )
    seq = int(last[len(stem) :]) + 1 if last else 1
    return f"{stem}{seq:0{digits}d}"
