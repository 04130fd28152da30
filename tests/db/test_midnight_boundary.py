"""Date ranges are [first day 00:00, day after the last 00:00) on both stores, whoever wrote the row.

The seed's bulk loader stores a timestamp as ``2026-11-16 00:00:00``; SQLite compares stored text,
so a bound written as ``2026-11-16 00:00:00.000000`` would drop a complaint or a deadline at the
first midnight and take in one at the midnight after the last day.

Store (range 11-16 … 11-22, now 11-23 10:00); complaints 1–4 are bulk-loaded like the seed, 5–6
written through the ORM. Every due time equals the receipt time; the complaints in the range are
L1 and did every stage but archive an hour late, those outside are L2 and did everything on time:

id  received      in range?                      level  stages
1   11-16 00:00   yes (first midnight)           L1     late, archive on time
2   11-23 00:00   no  (midnight after last day)  L2     on time
3   11-22 23:59   yes                            L1     late, archive on time
4   11-15 23:59   no                             L2     on time
5   11-16 00:00   yes (ORM)                      L1     late, archive on time
6   11-23 00:00   no  (ORM)                      L2     on time

Volume 11-16 … 11-22: 3 complaints, all L1. SLA: 3 deadlines per stage, only the archives met.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd

from db import bulk, facts
from db.engine import engine
from db.models import Complaint, User
from db.queries import overview
from domain.codes import STAGES
from domain.filters import Filters
from tests.db.builders import customer, staged_complaint, two_cities, two_teams
from tests.helpers import AS_OF, dt

RANGE = Filters(date(2026, 11, 16), date(2026, 11, 22))


def _row(cid: int, at: datetime, *, in_range: bool) -> Complaint:
    late = timedelta(hours=1) if in_range else timedelta(0)
    stages = {stage: (at, at + (late if stage != "archive" else timedelta(0))) for stage in STAGES}
    return staged_complaint(cid, at, stages, ref_prefix="TSB", level="L1" if in_range else "L2")


def _bulk_rows() -> list[Complaint]:
    return [
        _row(1, dt("11-16"), in_range=True),
        _row(2, dt("11-23"), in_range=False),
        _row(3, dt("11-22", "23:59"), in_range=True),
        _row(4, dt("11-15", "23:59"), in_range=False),
    ]


def _orm_rows() -> list[Complaint]:
    return [_row(5, dt("11-16"), in_range=True), _row(6, dt("11-23"), in_range=False)]


def _bulk_load(rows: list[Complaint]) -> None:
    """Load like the seed does: plain DBAPI parameters, no SQLAlchemy type processing, then the
    deadlines and their rollups recounted from the stored rows."""
    columns = [c.name for c in Complaint.__table__.columns]
    with engine().begin() as conn:
        bulk.load(conn, Complaint.__table__, columns, [tuple(getattr(r, c) for c in columns) for r in rows])
        facts.rebuild(conn)


def test_midnight_bounds_hold_for_bulk_loaded_and_orm_rows(make_store) -> None:
    handler = User(id=1, username="h", display_name="处理人", role="prevention")
    make_store([*two_cities(), *two_teams(), handler, customer(), *_orm_rows()])
    _bulk_load(_bulk_rows())

    assert overview.volume.__wrapped__(RANGE) == {"complaints": 3, "l1": 3, "improper": 0}
    stages = overview.sla_by_stage.__wrapped__(RANGE, pd.Timestamp(AS_OF)).set_index("stage")
    assert stages["due"].to_dict() == dict.fromkeys(STAGES, 3)
    assert stages["met"].to_dict() == {**dict.fromkeys(STAGES, 0), "archive": 3}
