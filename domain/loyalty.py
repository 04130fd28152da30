"""Customer layering: overdue buckets (seed 003) and loyalty scores (seed 001)."""
from __future__ import annotations

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
