"""The monthly analysis report's figures (反馈数据分析会): one month against the one before, read
when the report is asked for, from the same reads the pages use."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import or_, select

from db.models import Complaint, ImprovementItem, SampleItem, User
from db.queries import explore, keywords, overview, run, sla
from db.queries.conditions import complaint_scope
from domain.committee import CRITERIA, FINDING_MAX_SCORE
from domain.explore import Question
from domain.filters import Filters
from domain.loyalty import month_end, month_start, previous_month, shift_months
from domain.report import MonthlyFigures

TREND_MONTHS = 6
TOP_CITIES = 10
OPEN_IMPROVEMENTS = ("open", "in_progress")


def _compared(this: pd.DataFrame, last: pd.DataFrame, key: str, names: tuple[str, ...] = ()) -> pd.DataFrame:
    """Each group's count this month and last, most first. Matched in a dict, not a sorted merge:
    stored codes of any type (a number, a stray byte string) sit side by side."""
    columns = [key, *names]
    counts: dict[tuple[object, ...], list[int]] = {}
    for slot, frame in enumerate((this, last)):
        for *group, n in frame[[*columns, "complaints"]].itertuples(index=False, name=None):
            counts.setdefault(tuple(group), [0, 0])[slot] += int(n)
    merged = pd.DataFrame([(*group, a, b) for group, (a, b) in counts.items()], columns=[*columns, "this", "last"])
    return merged.sort_values(["this", "last"], ascending=False, kind="stable").reset_index(drop=True)


def _findings(f: Filters, start: date, end: date) -> pd.DataFrame:
    """Sampled cases reviewed in the range that failed or scored a criterion at most FINDING_MAX_SCORE."""
    low = [getattr(SampleItem, c) <= FINDING_MAX_SCORE for c in CRITERIA]
    lo, hi = pd.Timestamp(start).to_pydatetime(), pd.Timestamp(end + timedelta(days=1)).to_pydatetime()
    stmt = (
        select(
            Complaint.ref_no,
            Complaint.category,
            Complaint.level,
            SampleItem.reviewed_at,
            User.display_name.label("reviewer"),
            *[getattr(SampleItem, c) for c in CRITERIA],
            SampleItem.passed,
            SampleItem.comment,
        )
        .join(Complaint, Complaint.id == SampleItem.complaint_id)
        .outerjoin(User, User.id == SampleItem.reviewer_id)
        .where(
            SampleItem.reviewed_at >= lo,
            SampleItem.reviewed_at < hi,
            or_(SampleItem.passed.is_(False), *low),
            *complaint_scope(f.scope),
        )
        .order_by(SampleItem.reviewed_at, Complaint.ref_no)
    )
    return run.frame(stmt)


def _open_improvements() -> pd.DataFrame:
    stmt = (
        select(
            ImprovementItem.month,
            ImprovementItem.issue,
            ImprovementItem.department,
            ImprovementItem.measure,
            ImprovementItem.owner,
            ImprovementItem.due_date,
            ImprovementItem.status,
        )
        .where(ImprovementItem.status.in_(OPEN_IMPROVEMENTS))
        .order_by(ImprovementItem.due_date, ImprovementItem.id)
    )
    return run.frame(stmt)


def monthly(f: Filters, month: date, now: pd.Timestamp) -> MonthlyFigures:
    """The report of ``month`` under the filters' places, channels, levels and scope (their dates are
    replaced by the month's)."""
    start, end = month_start(month), month_end(month)
    last_start = previous_month(start)
    last_end = month_end(last_start)
    this_f, last_f = replace(f, start=start, end=end), replace(f, start=last_start, end=last_end)

    def grouped(flt: Filters, key: str, measure: str = "complaints") -> pd.DataFrame:
        return explore.answer(flt, Question(group_by=(key,), measure=measure, top=0), now)[0]

    cities = _compared(grouped(this_f, "city"), grouped(last_f, "city"), "city", ("city_name", "city_name_en"))
    trend_f = replace(f, start=shift_months(start, 1 - TREND_MONTHS), end=end)
    trend = explore.answer(trend_f, Question(group_by=("month", "channel"), top=0), now)[0]
    stages_this, stages_last = sla.breach_by_stage_level(this_f, now), sla.breach_by_stage_level(last_f, now)

    def overall(flt: Filters, measure: str) -> float | None:
        frame = grouped(flt, "level", measure)
        num, den = frame["num"].sum(), frame["den"].sum()
        return float(num) / float(den) if den else None

    def rate(stages: pd.DataFrame) -> float | None:
        return float(stages["breached"].sum()) / float(stages["deadlines"].sum()) if stages["deadlines"].sum() else None

    this_levels, last_levels = grouped(this_f, "level"), grouped(last_f, "level")
    totals: dict[str, float | int | None] = {
        "complaints_this": int(this_levels["complaints"].sum()),
        "complaints_last": int(last_levels["complaints"].sum()),
        "l1_this": int(this_levels.loc[this_levels["level"] == "L1", "complaints"].sum()),
        "l1_last": int(last_levels.loc[last_levels["level"] == "L1", "complaints"].sum()),
        "breach_rate_this": rate(stages_this),
        "breach_rate_last": rate(stages_last),
        "satisfaction_this": overall(this_f, "satisfaction"),
        "satisfaction_last": overall(last_f, "satisfaction"),
    }
    return MonthlyFigures(
        month=start,
        totals=totals,
        by_channel=_compared(grouped(this_f, "channel"), grouped(last_f, "channel"), "channel"),
        by_category=_compared(grouped(this_f, "category"), grouped(last_f, "category"), "category"),
        by_city=cities.head(TOP_CITIES),
        trend=trend[["month", "channel", "complaints"]],
        sla=stages_this,
        satisfaction=grouped(this_f, "category", "satisfaction")[["category", "value", "den"]],
        l1=overview.l1_cases(this_f),
        findings=_findings(this_f, start, end),
        improvements=_open_improvements(),
        outcomes=overview.outcomes_by_kind(this_f),
        compensation=overview.compensation_by_month(trend_f),
        waivers=overview.waivers_by_category(this_f),
        top_keywords=keywords.top_keywords(this_f, start),
        rising_keywords=keywords.rising_keywords(this_f, start),
    )
