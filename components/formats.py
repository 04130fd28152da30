"""Dates and times as the pages print them; a stored value of any shape prints, never raises."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

MINUTE = "%Y-%m-%d %H:%M"
DAY = "%Y-%m-%d"


def stamp(moment: object, fmt: str = MINUTE) -> str:
    """``2026-11-23 10:00`` for a timestamp; empty for a missing one; the raw text for anything
    pandas cannot read as a time (a year 9999 date written by SQL prints as itself)."""
    if moment is None or moment is pd.NaT:  # NaT is a datetime too, one that cannot print
        return ""
    if isinstance(moment, date | datetime):
        return moment.strftime(fmt)
    try:
        if pd.isna(moment):
            return ""
        return pd.Timestamp(moment).strftime(fmt)
    except (ValueError, TypeError, OverflowError):  # OutOfBoundsDatetime is a ValueError
        return str(moment)
