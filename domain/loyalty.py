"""Customer layering: overdue buckets (seed 003) and loyalty scores (seed 001)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

HIGH_POTENTIAL_REPAYMENT_RATE = 0.8

# Seed 001 plan: potential 35 %, stable 25 %, high-risk 30 %, dormant 10 %.
TIER_PLAN: dict[str, float] = {"potential": 0.35, "stable": 0.25, "high_risk": 0.30, "dormant": 0.10}


def bucket_for(overdue_days: int) -> str:
    """M1 1–30 days, M2 31–60, M3 61–90, M3+ over 90; "current" when nothing is overdue."""
    if overdue_days < 0:
        raise ValueError("overdue days cannot be negative")
    if overdue_days == 0:
        return "current"
    if overdue_days <= 30:
        return "M1"
    if overdue_days <= 60:
        return "M2"
    if overdue_days <= 90:
        return "M3"
    return "M3+"


def m3plus_potential(overdue_days: int, repayment_rate: float) -> str | None:
    """Seed 003 splits M3+ by historical repayment rate: > 0.8 is high potential."""
    if bucket_for(overdue_days) != "M3+":
        return None
    return "high" if repayment_rate > HIGH_POTENTIAL_REPAYMENT_RATE else "low"


def _clamp01(x: float) -> float:
    return max(0.0, min(1.0, x))


def ability_score(income_stability: float, debt_ratio: float) -> float:
    """Ability to repay, 0–100: stable income and a low debt-to-income ratio."""
    return round(100 * (0.6 * _clamp01(income_stability) + 0.4 * (1 - _clamp01(debt_ratio / 2))), 1)


def willingness_score(overdue_count: int, overdue_days: int, cooperation: float) -> float:
    """Willingness to repay, 0–100: few and short overdue episodes, cooperative contact."""
    history = 1 - min(overdue_count, 10) / 10
    length = 1 - min(overdue_days, 180) / 180
    return round(100 * (0.3 * history + 0.3 * length + 0.4 * _clamp01(cooperation)), 1)


def value_score(first_loan: float, cumulative_repaid: float, referrals: int) -> float:
    """Relationship value, 0–100: loan size, amount repaid so far and referred customers."""
    loan = min(first_loan, 200_000) / 200_000
    repaid = min(cumulative_repaid, 500_000) / 500_000
    return round(100 * (0.3 * loan + 0.5 * repaid + 0.2 * min(referrals, 5) / 5), 1)


# ---- segments: buckets with M3+ split by historical repayment rate (seed 003) ---------------------
# "current" holds customers with nothing overdue (mostly dormant); M3+ is split high / low potential.
SEGMENTS: tuple[str, ...] = ("current", "M1", "M2", "M3", "M3+_high", "M3+_low")


def segment_for(overdue_days: int, repayment_rate: float) -> str:
    """The bucket, with M3+ split into ``M3+_high`` (rate > 0.8) and ``M3+_low``."""
    potential = m3plus_potential(overdue_days, repayment_rate)
    return bucket_for(overdue_days) if potential is None else f"M3+_{potential}"


# ---- months ----------------------------------------------------------------------------------------
def month_start(day: date) -> date:
    return day.replace(day=1)


def shift_months(month: date, months: int) -> date:
    """First day of the month ``months`` after (negative: before) ``month``'s month."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def previous_month(month: date) -> date:
    """First day of the month before ``month``'s month."""
    return shift_months(month, -1)


def next_month(month: date) -> date:
    """First day of the month after ``month``'s month."""
    return shift_months(month, 1)


def month_end(month: date) -> date:
    """Last day of ``month``'s month."""
    return next_month(month) - timedelta(days=1)


RECOVERY_WINDOW_DAYS = 30


def recovery_still_counting(month: date, today: date) -> bool:
    """Whether ``month``'s 30-day repayments are still being counted (its window runs past today),
    so its recovery rate is not final and reads low."""
    return today < month_start(month) + timedelta(days=RECOVERY_WINDOW_DAYS)


def months_between(start: date, end: date) -> list[date]:
    """First days of every month the range [start, end] touches, oldest first."""
    months, current, last = [], month_start(start), month_start(end)
    while current <= last:
        months.append(current)
        current = month_start(current + timedelta(days=32))
    return months


# ---- programme KPIs (seed 001) -------------------------------------------------------------------
RETENTION_UPLIFT = 0.20  # customer retention +20 %
RECOVERY_UPLIFT = 0.15  # 30-day recovery +15 %
IMPROPER_SHARE_MAX = 0.10  # improper-collection complaints below 10 % of complaints
COST_REDUCTION = 0.25  # cost per customer −25 %
SATISFACTION_TARGET = 0.75  # programme satisfaction 75 %

# Tiers that count as still cooperating: everyone except high-risk customers.
COOPERATING_TIERS: frozenset[str] = frozenset(TIER_PLAN) - {"high_risk"}


def retention_rate(transitions: Iterable[tuple[str, str | None, int]]) -> float | None:
    """Retention of one month: of last month's cooperating customers (any tier but high-risk), the
    share who still have a snapshot this month and are still not high-risk.

    ``transitions`` are (tier last month, tier this month or None when the customer has no snapshot
    this month, customers). Seed 001 measures retention as customers who keep cooperating; a move
    into high-risk or out of the book ends it. None when last month had no cooperating customers.
    """
    base = kept = 0
    for before, after, customers in transitions:
        if before not in COOPERATING_TIERS:
            continue
        base += customers
        if after is not None and after in COOPERATING_TIERS:
            kept += customers
    return kept / base if base else None


def recovery_rate(repaid_30d: float, debt: float) -> float | None:
    """30-day recovery: amount repaid within 30 days of the month start over the debt at the start."""
    return repaid_30d / debt if debt > 0 else None


def plan_gap(counts: Mapping[str, int]) -> list[tuple[str, int, float | None, float]]:
    """Per tier in plan order: (tier, customers, actual share, planned share); shares None when empty."""
    total = sum(counts.get(tier, 0) for tier in TIER_PLAN)
    return [
        (tier, counts.get(tier, 0), counts.get(tier, 0) / total if total else None, planned)
        for tier, planned in TIER_PLAN.items()
    ]


@dataclass(frozen=True)
class KpiCheck:
    """A programme KPI this month against its base month and target.

    ``target`` is the value this month must reach (uplift KPIs: base × (1 + uplift)) or stay under
    (ceilings); ``met`` is None when a value is missing.
    """

    value: float | None
    base: float | None
    target: float | None
    met: bool | None
    lower_is_better: bool = False
    gap_cut: bool = False  # the uplift would pass the ceiling: the target cuts the gap to it instead

    @property
    def change(self) -> float | None:
        """Relative change against the base month."""
        if self.value is None or not self.base:
            return None
        return self.value / self.base - 1


def uplift_check(value: float | None, base: float | None, uplift: float, most: float | None = None) -> KpiCheck:
    """A relative-improvement target: this month ≥ base month × (1 + uplift).

    A share cannot pass ``most`` (1.0): when the uplift would reach it (a base of 92 % retention
    +20 % is 110 %), the target cuts the gap to the ceiling by ``uplift`` instead (the 8 % lost
    becomes 6.4 %, a target of 93.6 %), so it stays reachable and still asks for the same effort."""
    if base is None:
        return KpiCheck(value, base, None, None)
    target, gap_cut = base * (1 + uplift), False
    if most is not None and target >= most:
        target, gap_cut = most - (most - base) * (1 - uplift), True
    met = None if value is None else value >= target
    return KpiCheck(value, base, target, met, gap_cut=gap_cut)


def ceiling_check(value: float | None, base: float | None, ceiling: float) -> KpiCheck:
    """An absolute ceiling: this month strictly below ``ceiling``."""
    return KpiCheck(value, base, ceiling, None if value is None else value < ceiling, lower_is_better=True)


def floor_check(value: float | None, base: float | None, floor: float) -> KpiCheck:
    """An absolute floor: this month at or above ``floor``."""
    return KpiCheck(value, base, floor, None if value is None else value >= floor)
