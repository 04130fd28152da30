"""The monthly analysis report (月度反馈数据分析) as values: the figures of one month and the one
before it, as read from the store, for the report writers (Excel and PDF) to shape."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from domain.loyalty import shift_months


@dataclass(frozen=True)
class MonthlyFigures:
    month: date  # its first day
    totals: dict[str, float | int | None]  # complaints, l1, breach_rate, satisfaction: this and last month
    by_channel: pd.DataFrame  # channel, this, last
    by_category: pd.DataFrame  # category, this, last
    by_city: pd.DataFrame  # city_name, city_name_en, this, last (this month's top cities)
    trend: pd.DataFrame  # month, channel, complaints (the last TREND_MONTHS months)
    sla: pd.DataFrame  # stage, level, deadlines, breached, rate
    satisfaction: pd.DataFrame  # category, value (mean), den (answers)
    l1: pd.DataFrame  # every L1 complaint of the month
    findings: pd.DataFrame  # committee findings of cases reviewed in the month
    improvements: pd.DataFrame  # open improvement items, with owners and due dates
    outcomes: pd.DataFrame  # kind, cases, amount, resolved: what resolving the month's cases did
    compensation: pd.DataFrame  # month, cases, amount: compensation paid, the last TREND_MONTHS months
    waivers: pd.DataFrame  # category, kind, cases, amount: fee and penalty-interest waivers of the month
    top_keywords: pd.DataFrame  # keyword, complaints: the month's most frequent keywords
    rising_keywords: pd.DataFrame  # keyword, complaints, previous, change: those used more than the month before


REPORT_MONTHS = 13  # this month (to date) and the twelve before it


def report_months(today: date) -> list[date]:
    """The months a report can be made of, newest first (the first is still running)."""
    return [shift_months(today, -k) for k in range(REPORT_MONTHS)]
