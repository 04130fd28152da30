"""Customer layering rules: bucket boundaries, the M3+ split at exactly 0.8, months, retention,
recovery, the plan gap and the programme KPI checks (seeds 001 and 003)."""

from __future__ import annotations

from datetime import date

import pytest

from domain import loyalty
from domain.loyalty import (
    KpiCheck,
    bucket_for,
    ceiling_check,
    floor_check,
    m3plus_potential,
    months_between,
    plan_gap,
    previous_month,
    recovery_rate,
    recovery_still_counting,
    retention_rate,
    segment_for,
    uplift_check,
)


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (0, "current"),
        (1, "M1"),
        (30, "M1"),
        (31, "M2"),
        (60, "M2"),
        (61, "M3"),
        (90, "M3"),
        (91, "M3+"),
        (720, "M3+"),
    ],
)
def test_bucket_boundaries(days: int, bucket: str) -> None:
    assert bucket_for(days) == bucket


def test_negative_overdue_days_are_rejected() -> None:
    with pytest.raises(ValueError):
        bucket_for(-1)


@pytest.mark.parametrize(
    ("days", "rate", "potential", "segment"),
    [
        (91, 0.8, "low", "M3+_low"),  # exactly 0.8 is not "> 0.8"
        (91, 0.8000001, "high", "M3+_high"),
        (400, 0.95, "high", "M3+_high"),
        (91, 0.0, "low", "M3+_low"),
        (90, 0.95, None, "M3"),  # only M3+ is split
        (0, 1.0, None, "current"),
        (30, 0.5, None, "M1"),
    ],
)
def test_m3plus_split_at_exactly_point_eight(days: int, rate: float, potential: str | None, segment: str) -> None:
    assert loyalty.HIGH_POTENTIAL_REPAYMENT_RATE == 0.8
    assert m3plus_potential(days, rate) == potential
    assert segment_for(days, rate) == segment
    assert segment in loyalty.SEGMENTS


def test_months() -> None:
    assert previous_month(date(2026, 1, 1)) == date(2025, 12, 1)
    assert previous_month(date(2026, 3, 31)) == date(2026, 2, 1)
    assert months_between(date(2025, 11, 17), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert months_between(date(2026, 11, 2), date(2026, 11, 23)) == [date(2026, 11, 1)]


def test_retention_counts_last_months_cooperating_customers_who_stay_cooperating() -> None:
    moves = [
        ("potential", "potential", 10),  # kept
        ("stable", "potential", 4),  # kept (recovered)
        ("stable", "high_risk", 3),  # lost: drifted into high-risk
        ("dormant", None, 2),  # lost: no snapshot this month
        ("high_risk", "stable", 7),  # not in the base: high-risk last month
        ("high_risk", "high_risk", 9),
    ]
    assert retention_rate(moves) == pytest.approx(14 / 19)
    assert retention_rate([("high_risk", "stable", 5)]) is None
    assert retention_rate([]) is None


def test_recovery_rate() -> None:
    assert recovery_rate(150.0, 1000.0) == pytest.approx(0.15)
    assert recovery_rate(0.0, 0.0) is None


def test_plan_gap_in_plan_order() -> None:
    rows = plan_gap({"high_risk": 3, "potential": 4, "dormant": 1, "stable": 2})
    assert [r[0] for r in rows] == ["potential", "stable", "high_risk", "dormant"]
    assert [(r[1], r[2], r[3]) for r in rows] == [(4, 0.4, 0.35), (2, 0.2, 0.25), (3, 0.3, 0.30), (1, 0.1, 0.10)]
    assert [r[2] for r in plan_gap({})] == [None] * 4
    assert sum(loyalty.TIER_PLAN.values()) == pytest.approx(1.0)


def test_uplift_check_relative_and_capped() -> None:
    check = uplift_check(0.115, 0.10, loyalty.RECOVERY_UPLIFT)
    assert check.target == pytest.approx(0.115) and check.met is True
    assert check.change == pytest.approx(0.15)
    assert uplift_check(0.114, 0.10, 0.15).met is False
    capped = uplift_check(0.95, 0.95, loyalty.RETENTION_UPLIFT, most=1.0)
    assert capped.target == pytest.approx(0.96) and capped.gap_cut  # never "≥ 100%": 5% lost becomes 4%
    assert capped.met is False and uplift_check(0.96, 0.95, 0.2, most=1.0).met is True
    assert not uplift_check(0.5, 0.5, 0.2, most=1.0).gap_cut
    assert uplift_check(None, 0.1, 0.15) == KpiCheck(None, 0.1, pytest.approx(0.115), None)
    assert uplift_check(0.2, None, 0.15).met is None and uplift_check(0.2, None, 0.15).change is None


def test_ceiling_and_floor_checks() -> None:
    assert ceiling_check(0.0999, 0.2, loyalty.IMPROPER_SHARE_MAX).met is True
    assert ceiling_check(0.10, 0.2, loyalty.IMPROPER_SHARE_MAX).met is False  # "below 10 %"
    assert ceiling_check(0.05, 0.2, 0.1).lower_is_better is True
    assert floor_check(0.75, 0.7, loyalty.SATISFACTION_TARGET).met is True
    assert floor_check(0.7499, 0.7, loyalty.SATISFACTION_TARGET).met is False
    assert floor_check(None, 0.7, 0.75).met is None


def test_recovery_keeps_counting_for_30_days_from_the_month_start() -> None:
    assert recovery_still_counting(date(2026, 11, 1), date(2026, 11, 23))
    assert recovery_still_counting(date(2026, 11, 1), date(2026, 11, 30))
    assert not recovery_still_counting(date(2026, 11, 1), date(2026, 12, 1))
    assert not recovery_still_counting(date(2026, 10, 1), date(2026, 11, 23))
