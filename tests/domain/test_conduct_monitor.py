"""The conduct rules of system monitoring (domain.conduct) on a constructed contact log whose
breaches are known: the night's edges to the second, the 3rd vs the 4th connected call, a day
boundary that splits a run of calls, third parties, a rolling 7 days, repeats within minutes, and
times given in another zone judged as Beijing time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from domain import conduct
from domain.conduct import (
    DAILY_CALLS,
    NIGHT,
    QUICK_REPEAT,
    THIRD_PARTY,
    Contact,
    RuleSetting,
    breaches,
    default_settings,
)
from tests.helpers import CONDUCT_BREACHES, conduct_log, dt


def test_monitor_rules_find_exactly_the_known_breaches() -> None:
    assert breaches(conduct_log(), default_settings()) == CONDUCT_BREACHES


@pytest.mark.parametrize(
    ("moment", "night"),
    [
        (dt("11-16", "21:59", 59), False),
        (dt("11-16", "22:00"), True),
        (dt("11-17", "00:00"), True),
        (dt("11-17", "07:59", 59), True),
        (dt("11-17", "08:00"), False),
    ],
)
def test_monitor_night_edges_to_the_second(moment: datetime, night: bool) -> None:
    assert conduct.is_night(moment) is night


def test_monitor_times_in_another_zone_are_judged_as_beijing_time() -> None:
    utc_evening = datetime(2026, 11, 16, 13, 59, 59, tzinfo=UTC)  # 21:59:59 in Beijing
    assert conduct.beijing(utc_evening) == dt("11-16", "21:59", 59)
    assert not conduct.is_night(utc_evening)
    assert conduct.is_night(utc_evening + timedelta(seconds=1))
    # 23:30 UTC on the 16th is 07:30 on the 17th in Beijing: night, and the warning's day is the 17th.
    late = Contact(1, 1, 1, datetime(2026, 11, 16, 23, 30, tzinfo=UTC))
    assert breaches([late], default_settings()) == [(1, NIGHT)]
    assert conduct.beijing(late.at).date() == date(2026, 11, 17)


def test_monitor_calls_are_counted_per_calendar_day() -> None:
    """Four connected calls within an hour across midnight: no day has more than three."""
    calls = [Contact(k + 1, 5, 1, dt("11-17", "23:30") + timedelta(minutes=15 * k)) for k in range(4)]
    only_daily = {DAILY_CALLS: RuleSetting(DAILY_CALLS, True, 0.5, {"max_calls": 3})}
    assert breaches(calls, only_daily) == []
    one_a_day = {DAILY_CALLS: replace(only_daily[DAILY_CALLS], params={"max_calls": 1})}
    assert breaches(calls, one_a_day) == [(2, DAILY_CALLS), (4, DAILY_CALLS)]  # 23:45 on the 17th, 00:15 on the 18th


def test_monitor_parameters_and_switches_change_what_breaches() -> None:
    settings = default_settings()
    settings[NIGHT] = replace(settings[NIGHT], params={"start_hour": 21, "end_hour": 7})
    settings[THIRD_PARTY] = replace(settings[THIRD_PARTY], enabled=False)
    settings[QUICK_REPEAT] = replace(settings[QUICK_REPEAT], params={"minutes": 11})
    found = breaches(conduct_log(), settings)
    assert (1, NIGHT) in found and (3, NIGHT) not in found  # 21:59:59 is night now, 07:59:59 is not
    assert not [f for f in found if f[1] == THIRD_PARTY]
    assert (32, QUICK_REPEAT) in found  # 10 min 1 s is within 11 minutes
    daytime = {NIGHT: RuleSetting(NIGHT, True, 0.6, {"start_hour": 0, "end_hour": 6})}  # a window within one day
    assert [c.id for c in conduct_log() if conduct.is_night(c.at, 0, 6)] == [8]
    assert breaches(conduct_log(), daytime) == [(8, NIGHT)]


def test_monitor_warning_score_grows_with_each_breach() -> None:
    assert conduct.warning_score(0.8, 1) == 80.0  # third party: high at once
    assert conduct.warning_score(0.6, 1) == 60.0
    assert conduct.warning_score(0.6, 2) == 75.0
    assert conduct.warning_score(0.6, 10) == 100.0  # capped
    assert conduct.warning_score(0.3, 0) == 30.0


def test_monitor_warning_text_names_rule_day_agent_and_team() -> None:
    text = conduct.description(default_settings()[DAILY_CALLS], date(2026, 11, 18), 2, "A0007", "上海一组")
    assert "2026-11-18" in text and "A0007" in text and "上海一组" in text and "超过 3 次" in text
    assert conduct.attitude_from_cooperation(0.9) == "cooperative"
    assert conduct.attitude_from_cooperation(0.1) == "hostile"


def _rows(**changes: dict[str, object]) -> dict[str, dict[str, object]]:
    rows: dict[str, dict[str, object]] = {
        code: {"enabled": s.enabled, "weight": s.weight, **s.params} for code, s in default_settings().items()
    }
    for code, change in changes.items():
        rows[code] = {**rows[code], **change}
    return rows


def test_monitor_rule_settings_are_checked() -> None:
    clean, problems = conduct.checked_settings(_rows(daily_calls={"max_calls": 4, "weight": 0.55}))
    assert not problems
    assert clean[DAILY_CALLS] == RuleSetting(DAILY_CALLS, True, 0.55, {"max_calls": 4})
    _, problems = conduct.checked_settings(_rows(daily_calls={"max_calls": 0}, third_party={"weight": 1.5}))
    keys = [key for key, _ in problems]
    assert "input.err.whole" in keys and "conduct.err.weight" in keys
    _, problems = conduct.checked_settings(_rows(night_contact={"start_hour": 8, "end_hour": 8}))
    assert problems == [("conduct.err.night_window", {})]
    assert conduct.checked_settings({"night_contact": {}})[1] == [("conduct.err.rules", {})]
    _, problems = conduct.checked_settings(_rows(weekly_contacts={"enabled": "yes", "weight": 0.123}))
    assert {key for key, _ in problems} == {"input.err.choose", "conduct.err.weight"}
