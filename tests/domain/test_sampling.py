"""Stratified committee sample: proportional, every L1 stratum present, reproducible."""

from __future__ import annotations

from datetime import date

import pytest

from domain.committee import improvement_problems, is_finding, is_overdue, review_problems
from domain.sampling import allocate, draw

POPULATION = {
    ("L1", "phone"): list(range(1, 11)),  # 10
    ("L1", "weibo"): [11],  # 1: must still be represented
    ("L2", "phone"): list(range(100, 700)),  # 600
    ("L2", "app"): list(range(700, 900)),  # 200
    ("L3", "phone"): list(range(1000, 1189)),  # 189
}


def test_allocation_is_proportional_with_every_l1_stratum() -> None:
    alloc = allocate({k: len(v) for k, v in POPULATION.items()}, 100)
    assert sum(alloc.values()) == 100
    assert alloc[("L1", "weibo")] == 1
    # After one seat per L1 stratum, 98 seats over the 998 cases left (L1/phone 9, L2/phone 600,
    # L2/app 200, L3/phone 189): quotas 0.88, 58.92, 19.64, 18.56 → floors 0, 58, 19, 18 (95 seats);
    # the 3 largest remainders (.92 L2/phone, .88 L1/phone, .64 L2/app) take the last three.
    assert alloc == {
        ("L1", "phone"): 2,
        ("L1", "weibo"): 1,
        ("L2", "phone"): 59,
        ("L2", "app"): 20,
        ("L3", "phone"): 18,
    }


def test_allocation_never_exceeds_a_stratum_and_caps_at_population() -> None:
    sizes = {("L1", "phone"): 2, ("L3", "app"): 3}
    assert allocate(sizes, 100) == sizes
    assert sum(allocate(sizes, 4).values()) == 4


def test_more_l1_strata_than_seats_takes_the_largest_l1_strata() -> None:
    sizes = {("L1", "phone"): 5, ("L1", "app"): 3, ("L1", "weibo"): 1, ("L2", "phone"): 50}
    assert allocate(sizes, 2) == {("L1", "phone"): 1, ("L1", "app"): 1, ("L1", "weibo"): 0, ("L2", "phone"): 0}


def test_draw_is_reproducible_and_unique() -> None:
    first, again, other = draw(POPULATION, 100, 42), draw(POPULATION, 100, 42), draw(POPULATION, 100, 43)
    assert first == again
    assert first != other
    ids = [cid for cid, _ in first]
    assert len(ids) == len(set(ids)) == 100
    assert (11, ("L1", "weibo")) in first
    assert all(cid in POPULATION[stratum] for cid, stratum in first)


def test_draw_rejects_a_non_positive_size() -> None:
    with pytest.raises(ValueError):
        draw(POPULATION, 0, 1)


def test_rubric_validation() -> None:
    good = dict(timeliness=5, accuracy=4, attitude=3, resolution=4, compliance=5)
    assert review_problems(good, True, "") == []
    assert [k for k, _ in review_problems({**good, "attitude": 6}, True, "")] == ["sample.err.score"]
    assert [k for k, _ in review_problems(good, None, "")] == ["sample.err.passed"]
    assert [k for k, _ in review_problems(good, False, " ")] == ["sample.err.fail_needs_comment"]
    assert [k for k, _ in review_problems(good, True, "x" * 1001)] == ["input.err.too_long"]
    assert [k for k, _ in review_problems({**good, "attitude": True}, True, "")] == ["sample.err.score"]
    assert [k for k, _ in review_problems({**good, "attitude": 4.5}, True, "")] == ["sample.err.score"]


def test_findings_and_overdue() -> None:
    assert is_finding(dict(timeliness=5, accuracy=2), True)
    assert is_finding(dict(timeliness=5), False)
    assert not is_finding(dict(timeliness=3, accuracy=4), True)
    from datetime import date

    assert is_overdue(date(2026, 11, 1), "open", date(2026, 11, 23))
    assert not is_overdue(date(2026, 11, 1), "done", date(2026, 11, 23))
    assert not is_overdue(date(2026, 11, 30), "in_progress", date(2026, 11, 23))


def test_improvement_validation_names_fields() -> None:
    problems = improvement_problems(" ", "合规部", "x" * 1001, None, "王芳", today=date(2026, 11, 23))
    assert problems == [
        ("improve.err.required", {"field": "improve.field.issue"}),
        ("input.err.too_long", {"field": "improve.field.measure", "max": 1000, "count": 1001}),
        ("input.err.choose", {"field": "improve.due"}),
    ]
