"""The business clock: naive Beijing time, as stored in every timestamp column.

``DASHBOARD_NOW`` (ISO date-time, Beijing time) pins the clock, so a demo store seeded "as of"
a moment and the tests that read it see the same "this week" on any day.
"""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")
ENV_VAR = "DASHBOARD_NOW"


def now() -> datetime:
    pinned = os.environ.get(ENV_VAR, "").strip()
    if pinned:
        return datetime.fromisoformat(pinned).replace(tzinfo=None, microsecond=0)
    return wall_now()


def wall_now() -> datetime:
    """The real clock in Beijing time, never pinned: for what must run out whatever ``DASHBOARD_NOW``
    says (the notification outbox's back-off and leases, its queued and sent times)."""
    return datetime.now(BEIJING).replace(tzinfo=None, microsecond=0)
