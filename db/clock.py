"""The business clock: naive Beijing time, as stored in every timestamp column."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    return datetime.now(BEIJING).replace(tzinfo=None, microsecond=0)
