"""Early-warning risk score (seed 004): weighted complaint history, overdue length, debt, attitude.

Each factor is normalised to 0–1, the weights come from the store (admins can change them),
and the weighted sum is scaled to 0–100.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypedDict, Unpack

ATTITUDE_RISK = {"cooperative": 0.0, "neutral": 0.35, "evasive": 0.7, "hostile": 1.0}
MEDIUM_FROM = 40.0
HIGH_FROM = 70.0


class RiskInputs(TypedDict):
    """The keywords of ``factor_values`` and ``risk_score``."""

    complaint_history: int
    overdue_days: int
    debt_amount: float
    attitude: str


def factor_values(*, complaint_history: int, overdue_days: int, debt_amount: float, attitude: str) -> dict[str, float]:
    """Each risk factor on a 0–1 scale."""
    return {
        "complaint_history": min(max(complaint_history, 0), 5) / 5,
        "overdue": min(max(overdue_days, 0), 180) / 180,
        "debt": min(max(debt_amount, 0.0), 100_000.0) / 100_000.0,
        "attitude": ATTITUDE_RISK[attitude],
    }


def risk_score(weights: Mapping[str, float], **inputs: Unpack[RiskInputs]) -> float:
    """Weighted score 0–100; weights need not sum to one (they are normalised)."""
    values = factor_values(**inputs)
    total = sum(weights.get(k, 0.0) for k in values) or 1.0
    return round(100 * sum(weights.get(k, 0.0) * v for k, v in values.items()) / total, 1)


def risk_level(score: float) -> str:
    """low below 40, medium below 70, high from 70."""
    if score >= HIGH_FROM:
        return "high"
    if score >= MEDIUM_FROM:
        return "medium"
    return "low"
