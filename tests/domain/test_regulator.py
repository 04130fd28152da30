"""Regulator time limits (domain.regulator): calendar days in Beijing time from receipt, 15 → 30 → 60
with extensions, days left and where a case stands, which complaints the limit applies to, and what
an extension needs."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain import regulator
from domain.regulator import Applies, days_left, deadline, state


@pytest.mark.parametrize(
    ("received", "extensions", "last_day"),
    [
        (datetime(2026, 3, 1, 0, 0), 0, date(2026, 3, 16)),  # the day of receipt does not count
        (datetime(2026, 3, 1, 23, 59, 59), 0, date(2026, 3, 16)),  # nor the time of day
        (datetime(2026, 3, 1, 9, 0), 1, date(2026, 3, 31)),  # extended to 30 days
        (datetime(2026, 3, 1, 9, 0), 2, date(2026, 4, 30)),  # and by a further 30: 60
        (datetime(2026, 9, 30, 17, 0), 0, date(2026, 10, 15)),  # calendar days: the National Day holiday counts
        (datetime(2026, 12, 20, 10, 0), 0, date(2027, 1, 4)),  # across the year end
        (datetime(2028, 2, 14, 10, 0), 0, date(2028, 2, 29)),  # a leap day
    ],
)
def test_regulator_deadline_in_calendar_days(received: datetime, extensions: int, last_day: date) -> None:
    assert deadline(received, extensions) == last_day
    assert regulator.limit_days(extensions) == (15, 30, 60)[extensions]


def test_regulator_receipt_is_a_beijing_day() -> None:
    """16:30 UTC on 28 February is 00:30 on 1 March in Beijing: received on the 1st, due by the 16th."""
    assert deadline(datetime(2026, 2, 28, 16, 30, tzinfo=UTC)) == date(2026, 3, 16)
    assert deadline(datetime(2026, 2, 28, 15, 59, 59, tzinfo=UTC)) == date(2026, 3, 15)


def test_regulator_days_left_and_state() -> None:
    last = date(2026, 3, 16)
    assert days_left(last, date(2026, 3, 1)) == 15
    assert days_left(last, date(2026, 3, 16)) == 0
    assert days_left(last, date(2026, 3, 18)) == -2
    assert state(last, None, date(2026, 3, 10)) == regulator.OPEN
    assert state(last, None, date(2026, 3, 16)) == regulator.DUE_TODAY
    assert state(last, None, date(2026, 3, 17)) == regulator.OVERDUE
    assert (
        state(last, datetime(2026, 3, 16, 23, 59, 59), date(2026, 4, 1)) == regulator.MET
    )  # the last day counts whole
    assert state(last, datetime(2026, 3, 17, 0, 0), date(2026, 4, 1)) == regulator.LATE
    assert regulator.limit_days(5) == 60 and regulator.limit_days(-1) == 15


def test_regulator_applies_to_all_or_to_chosen_channels_and_sources() -> None:
    assert Applies().covers("phone", None)
    chosen = Applies("selected", ("regulator",), ("监管转办平台",))
    assert chosen.covers("regulator", None)
    assert chosen.covers("phone", "监管转办平台")
    assert not chosen.covers("phone", "热线工单系统") and not chosen.covers("app", None)
    assert Applies.from_json(chosen.as_json()) == chosen
    assert Applies.from_json({"mode": "selected", "channels": ["nope", "regulator"], "sources": [1, "x"]}) == Applies(
        "selected", ("regulator",), ("x",)
    )
    assert Applies.from_json("garbage") == Applies()


def test_regulator_applies_setting_is_checked() -> None:
    clean, problems = regulator.checked_applies("selected", ["regulator", "regulator"], [" 监管转办平台 ", ""])
    assert clean == Applies("selected", ("regulator",), ("监管转办平台",))
    assert ("input.err.required", {"field": "regulator.field.sources"}) in problems  # an empty source typed
    assert regulator.checked_applies("selected", [], [])[1] == [("regulator.err.nothing_selected", {})]
    assert regulator.checked_applies("all", ["phone"], ["x"]) == (Applies(), [])  # all: the choices do not matter
    assert regulator.checked_applies("some", [], [])[1] == [("input.err.choose", {"field": "regulator.field.mode"})]
    assert ("settings.err.channel", {}) in regulator.checked_applies("selected", ["fax"], [])[1]


def test_regulator_extension_needs_a_reason_then_an_approver() -> None:
    open_case = {"last_day": date(2026, 3, 16), "decided": False, "today": date(2026, 3, 10)}
    assert regulator.extension_problems(0, "案情复杂，需调取多方记录", "", **open_case) == []
    assert regulator.extension_problems(0, "  ", "", **open_case) == [
        ("input.err.required", {"field": "regulator.field.reason"})
    ]
    assert regulator.extension_problems(1, "仍需第三方机构出具证明", "", **open_case) == [
        ("input.err.required", {"field": "regulator.field.approver"})
    ]
    assert regulator.extension_problems(1, "仍需第三方机构出具证明", "王总", **open_case) == []
    assert regulator.extension_problems(2, "再延", "王总", **open_case)[0] == ("regulator.err.no_more", {})
    late = {**open_case, "today": date(2026, 3, 17)}
    assert regulator.extension_problems(0, "案情复杂", "", **late)[0] == (
        "regulator.err.expired",
        {"day": "2026-03-16"},
    )
    decided = {**open_case, "decided": True}
    assert regulator.extension_problems(0, "案情复杂", "", **decided)[0] == ("regulator.err.decided", {})
