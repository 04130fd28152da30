"""Customer-layering reads over the monthly snapshots (``customer_monthly``).

Customers are filtered by city only (``customers.city_id``, within the scope); team, agent, channel and level
describe complaints and narrow only the complaint counts. Months are first days; a month belongs
to the date range when the range touches it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
from sqlalchemy import ColumnElement, Float, and_, case, cast, func, select

from db.dialect import month_start
from db.facts import NO_NEXT_TIER, segment_expr
from db.models import Complaint, Customer, CustomerMonthly, LoyaltyMonth, SatisfactionSurvey
from db.queries import run
from db.queries.cache import CUSTOMER_PLACES, DATES, store_cached
from db.queries.conditions import agent_conditions, complaint_conditions, customer_conditions, day_range
from domain.codes import IMPROPER_COLLECTION
from domain.filters import Filters
from domain.loyalty import (
    IMPROPER_SHARE_MAX,
    RECOVERY_UPLIFT,
    RETENTION_UPLIFT,
    SATISFACTION_TARGET,
    KpiCheck,
    ceiling_check,
    floor_check,
    months_between,
    previous_month,
    recovery_rate,
    retention_rate,
    uplift_check,
)
from domain.masking import mask_name, mask_phone
from domain.scorecards import SATISFIED_FROM

DRILL_LIMIT = 200


def _city(f: Filters) -> list[ColumnElement[bool]]:
    return customer_conditions(f)


def _as_date(value: object) -> date:
    return pd.Timestamp(value).date()


def _places(f: Filters) -> list[ColumnElement[bool]]:
    return customer_conditions(f, LoyaltyMonth.city_id)


@store_cached(ttl=600, max_entries=256, uses=DATES | CUSTOMER_PLACES)
def tier_months(f: Filters) -> pd.DataFrame:
    """Per month of the range and tier: customers, debt at the month start, repaid within 30 days.

    Months without snapshots are absent, so the frame's months are the months the page can show.
    """
    lm = LoyaltyMonth
    stmt = (
        select(
            lm.month,
            lm.tier,
            func.sum(lm.customers),
            cast(func.sum(lm.debt), Float),
            cast(func.sum(lm.repaid), Float),
        )
        .where(lm.month.in_(months_between(f.start, f.end)), *_places(f))
        .group_by(lm.month, lm.tier)
    )
    frame = pd.DataFrame(run.rows(stmt), columns=["month", "tier", "customers", "debt", "repaid"])
    frame["month"] = frame["month"].map(_as_date)
    frame["customers"] = frame["customers"].astype(int)
    return frame.sort_values(["month", "tier"], ignore_index=True)


@store_cached(ttl=600, max_entries=256, uses=CUSTOMER_PLACES)
def tier_segments(f: Filters, month: date) -> pd.DataFrame:
    """Customers per tier and segment (bucket, M3+ split by repayment rate) in one month."""
    lm = LoyaltyMonth
    stmt = (
        select(lm.tier, lm.segment, func.sum(lm.customers))
        .where(lm.month == month, *_places(f))
        .group_by(lm.tier, lm.segment)
    )
    return pd.DataFrame([(t, s, int(n)) for t, s, n in run.rows(stmt)], columns=["tier", "segment", "customers"])


@store_cached(ttl=600, max_entries=256, uses=CUSTOMER_PLACES)
def segment_customers(f: Filters, month: date, tier: str, segment: str) -> pd.DataFrame:
    """The customers behind one tier × segment cell, largest debt first, with name and phone masked."""
    cm = CustomerMonthly
    stmt = (
        select(
            Customer.code,
            Customer.name,
            Customer.phone,
            Customer.city_id,
            cm.overdue_days,
            cast(cm.debt_amount, Float).label("debt"),
            cast(cm.repaid_30d, Float).label("repaid"),
            Customer.historical_repayment_rate,
        )
        .join(Customer, Customer.id == cm.customer_id)
        .where(
            cm.month == month,
            cm.loyalty_tier == tier,
            segment_expr(cm.bucket, Customer.historical_repayment_rate) == segment,
            *_city(f),
        )
        .order_by(cm.debt_amount.desc(), Customer.code)
        .limit(DRILL_LIMIT)
    )
    frame = pd.DataFrame(
        run.rows(stmt), columns=["code", "name", "phone", "city_id", "overdue_days", "debt", "repaid", "repayment_rate"]
    )
    frame["name"] = frame["name"].map(mask_name)
    frame["phone"] = frame["phone"].map(mask_phone)
    return frame


@store_cached(ttl=600, max_entries=256, uses=CUSTOMER_PLACES)
def tier_transitions(f: Filters, months: tuple[date, ...]) -> pd.DataFrame:
    """For each month: customers by (tier the month before, tier this month).

    ``to_tier`` is None for a customer with a snapshot last month but none this month (left the
    book); customers new this month have no previous tier and are not counted.
    """
    if not months:
        return pd.DataFrame(columns=["month", "from_tier", "to_tier", "customers"])
    lm = LoyaltyMonth
    month_after = {previous_month(m): m for m in months}
    stmt = (
        select(lm.month, lm.tier, lm.next_tier, func.sum(lm.customers))
        .where(lm.month.in_(list(month_after)), *_places(f))
        .group_by(lm.month, lm.tier, lm.next_tier)
    )
    rows = [(month_after[_as_date(m)], a, None if b == NO_NEXT_TIER else b, int(n)) for m, a, b, n in run.rows(stmt)]
    return pd.DataFrame(rows, columns=["month", "from_tier", "to_tier", "customers"])


@store_cached(ttl=600, max_entries=256)
def complaints_by_tier(f: Filters, month: date) -> pd.DataFrame:
    """Per tier of ``month``: its customers, the complaints they made in the date range and the
    complaint rate (complaints ÷ customers).

    Complaints follow every complaint filter (team, agent, channel, level; duplicates not counted
    twice); the city filter applies to the customers, so both counts describe the same people.
    """
    cm, lm = CustomerMonthly, LoyaltyMonth
    people = select(lm.tier, func.sum(lm.customers)).where(lm.month == month, *_places(f)).group_by(lm.tier)
    # Complaints per complainant first: grouped, they come in customer order, so each tier is then
    # looked up once per customer in order along the (month, customer, tier) index.
    per_customer = select(Complaint.customer_id, func.count().label("n")).where(
        *complaint_conditions(replace(f, city_ids=()))
    )
    if _city(f):
        per_customer = per_customer.join(Customer, Customer.id == Complaint.customer_id).where(*_city(f))
    complainants = per_customer.group_by(Complaint.customer_id).subquery("complainants")
    made = (
        select(cm.loyalty_tier, func.sum(complainants.c.n))
        .select_from(complainants)
        .join(cm, and_(cm.customer_id == complainants.c.customer_id, cm.month == month))
        .group_by(cm.loyalty_tier)
    )
    complaints = {str(tier): int(n) for tier, n in run.rows(made)}
    rows = [
        (tier, int(n), int(complaints.get(tier, 0)), int(complaints.get(tier, 0)) / int(n))
        for tier, n in run.rows(people)
    ]
    return pd.DataFrame(rows, columns=["tier", "customers", "complaints", "rate"])


@store_cached(ttl=600, max_entries=256)
def programme_months(f: Filters) -> pd.DataFrame:
    """Per month of the range: complaints, improper-collection complaints (seed 001), surveys and
    satisfied surveys (scores 4–5), for the complaint-share and satisfaction KPIs."""
    lo, hi = day_range(f.start, f.end)
    month = month_start(Complaint.received_at)
    improper = func.sum(case((Complaint.category.in_(sorted(IMPROPER_COLLECTION)), 1), else_=0))
    complaints = run.rows(select(month, func.count(), improper).where(*complaint_conditions(f)).group_by(month))
    s = SatisfactionSurvey
    survey_month = month_start(s.at)
    surveys = run.rows(
        select(survey_month, func.count(), func.sum(case((s.score >= SATISFIED_FROM, 1), else_=0)))
        .where(s.at >= lo, s.at < hi, *agent_conditions(f, s.agent_id))
        .group_by(survey_month)
    )
    by_month: dict[date, list[int]] = {m: [0, 0, 0, 0] for m in months_between(f.start, f.end)}
    for m, n, bad in complaints:
        by_month[_as_date(m)][0:2] = [int(n), int(bad)]
    for m, n, happy in surveys:
        by_month[_as_date(m)][2:4] = [int(n), int(happy)]
    return pd.DataFrame(
        [(m, *v) for m, v in by_month.items()], columns=["month", "complaints", "improper", "surveys", "satisfied"]
    )


def kpi_months(f: Filters) -> pd.DataFrame:
    """Per snapshot month of the range: retention, 30-day recovery, improper-collection share and
    satisfaction (None where a month has nothing to measure), from the cached reads above."""
    totals = tier_months(f)
    months = tuple(sorted(totals["month"].unique()))
    transitions = tier_transitions(f, months)
    programme = programme_months(f).set_index("month")
    sums = totals.groupby("month")[["debt", "repaid"]].sum()
    rows = []
    for m in months:
        moves = transitions[transitions["month"] == m]
        counts = programme.loc[m] if m in programme.index else None
        rows.append(
            {
                "month": m,
                "retention": retention_rate(zip(moves["from_tier"], moves["to_tier"], moves["customers"])),
                "recovery": recovery_rate(float(sums.loc[m, "repaid"]), float(sums.loc[m, "debt"])),
                "improper_share": None
                if counts is None or not counts["complaints"]
                else counts["improper"] / counts["complaints"],
                "satisfaction": None
                if counts is None or not counts["surveys"]
                else counts["satisfied"] / counts["surveys"],
            }
        )
    return pd.DataFrame(rows, columns=["month", "retention", "recovery", "improper_share", "satisfaction"])


def programme_checks(kpis: pd.DataFrame, month: date) -> dict[str, KpiCheck]:
    """Each programme KPI in ``month`` against the first month of the range that has a value."""

    def value_and_base(column: str) -> tuple[float | None, float | None]:
        known = kpis.loc[kpis[column].notna(), ["month", column]]
        now_ = known.loc[known["month"] == month, column]
        return (None if now_.empty else float(now_.iloc[0])), (None if known.empty else float(known[column].iloc[0]))

    return {
        "retention": uplift_check(*value_and_base("retention"), RETENTION_UPLIFT, most=1.0),
        "recovery": uplift_check(*value_and_base("recovery"), RECOVERY_UPLIFT, most=1.0),
        "improper_share": ceiling_check(*value_and_base("improper_share"), IMPROPER_SHARE_MAX),
        "satisfaction": floor_check(*value_and_base("satisfaction"), SATISFACTION_TARGET),
    }
