"""Validation of admin edits: SLA targets and holidays."""

from __future__ import annotations

from datetime import date

import pytest

from domain.settings_rules import holiday_problems, sla_target_problems


def keys(problems: list) -> list[str]:
    return [k for k, _ in problems]


def test_valid_targets_pass() -> None:
    assert sla_target_problems("ack", None, "douyin", 1, "hours", "received") == []
    assert sla_target_problems("resolve", "L3", None, 5, "business_days", "received") == []
    assert sla_target_problems("notify", None, None, 0.5, "hours", "previous") == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("nope", None, None, 1, "hours", "received"), "settings.err.stage"),
        (("ack", "L9", None, 1, "hours", "received"), "settings.err.level"),
        (("ack", None, "fax", 1, "hours", "received"), "settings.err.channel"),
        (("ack", None, None, 1, "weeks", "received"), "settings.err.unit"),
        (("ack", None, None, 1, "hours", "previous"), "settings.err.anchor"),
        (("verify", None, None, 0, "hours", "previous"), "input.err.not_above"),
        (("verify", None, None, 721, "hours", "previous"), "input.err.above"),
        (("verify", None, None, 0.001, "hours", "previous"), "input.err.decimals"),
        (("verify", None, None, float("nan"), "hours", "previous"), "input.err.not_a_number"),
        (("verify", None, None, 1.5, "business_days", "previous"), "input.err.whole"),
        (("verify", None, None, 0, "business_days", "previous"), "input.err.whole"),
        (("verify", None, None, 61, "business_days", "previous"), "input.err.whole"),
    ],
)
def test_bad_targets_name_the_problem(args: tuple, expected: str) -> None:
    assert expected in keys(sla_target_problems(*args))


def test_holiday_needs_a_day_and_a_short_name() -> None:
    today = date(2026, 11, 23)
    assert holiday_problems(date(2027, 2, 6), "春节", today=today) == []
    assert holiday_problems(None, None, today=today) == [("input.err.choose", {"field": "settings.day"})]
    assert keys(holiday_problems(date(2027, 2, 6), "节" * 41, today=today)) == ["input.err.too_long"]
    assert keys(holiday_problems(date(1900, 1, 1), None, today=today)) == ["input.err.date_window"]
    assert holiday_problems(date(2029, 1, 1), None, today=today)[0][1]["latest"] == "2028-12-31"
