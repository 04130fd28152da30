"""Validation of admin edits: SLA targets and holidays."""

from __future__ import annotations

import pytest

from domain.settings_rules import sla_target_problems


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
