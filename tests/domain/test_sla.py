"""Unit tests for domain.sla: target selection, the five-stage due times and stage states."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from domain.calendar import BusinessCalendar, statutory_rows
from domain.codes import STAGES
from domain.sla import DEFAULT_TARGETS, SlaPolicy, StageState, Target, add_target, stage_due_times, stage_state


@pytest.fixture(scope="module")
def cal() -> BusinessCalendar:
    return BusinessCalendar.from_rows((d, w) for d, w, _ in statutory_rows(range(2024, 2027)))


@pytest.fixture(scope="module")
def policy() -> SlaPolicy:
    return SlaPolicy.of(DEFAULT_TARGETS)


# --------------------------------------------------------------------------- Target


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (Target("ack", 2, "hours", "received"), 0),
        (Target("ack", 1, "hours", "received", channel="douyin"), 1),
        (Target("resolve", 24, "hours", "received", level="L1"), 2),
        (Target("resolve", 1, "hours", "received", level="L1", channel="weibo"), 3),
    ],
)
def test_target_specificity(target: Target, expected: int) -> None:
    assert target.specificity() == expected


def test_level_target_outranks_channel_target_whatever_the_row_order() -> None:
    l1 = Target("resolve", 24, "hours", "received", level="L1")
    douyin = Target("resolve", 2, "hours", "received", channel="douyin")
    for rows in ((l1, douyin), (douyin, l1)):
        assert SlaPolicy.of(rows).target("resolve", "L1", "douyin") == l1


def test_target_matches() -> None:
    generic = Target("ack", 2, "hours", "received")
    douyin = Target("ack", 1, "hours", "received", channel="douyin")
    l1_weibo = Target("ack", 1, "hours", "received", level="L1", channel="weibo")
    assert generic.matches("L2", "phone")
    assert douyin.matches("L3", "douyin")
    assert not douyin.matches("L3", "weibo")
    assert l1_weibo.matches("L1", "weibo")
    assert not l1_weibo.matches("L2", "weibo")
    assert not l1_weibo.matches("L1", "phone")


# --------------------------------------------------------------------------- SlaPolicy.target


@pytest.mark.parametrize(
    ("stage", "level", "channel", "amount", "unit"),
    [
        ("ack", "L2", "phone", 2, "hours"),
        ("ack", "L2", "douyin", 1, "hours"),
        ("ack", "L1", "weibo", 1, "hours"),
        ("ack", "L3", "emergency", 2, "hours"),
        ("verify", "L1", "phone", 1, "business_days"),
        ("resolve", "L1", "phone", 24, "hours"),
        ("resolve", "L1", "douyin", 24, "hours"),
        ("resolve", "L2", "phone", 3, "business_days"),
        ("resolve", "L3", "phone", 5, "business_days"),
        ("notify", "L2", "phone", 24, "hours"),
        ("archive", "L3", "weibo", 5, "business_days"),
    ],
)
def test_policy_picks_most_specific_target(
    policy: SlaPolicy, stage: str, level: str, channel: str, amount: float, unit: str
) -> None:
    target = policy.target(stage, level, channel)
    assert (target.stage, target.amount, target.unit) == (stage, amount, unit)


def test_most_specific_wins_regardless_of_row_order() -> None:
    specific = Target("ack", 1, "hours", "received", channel="douyin")
    generic = Target("ack", 2, "hours", "received")
    both = Target("ack", 0.5, "hours", "received", level="L1", channel="douyin")
    for rows in ([specific, generic, both], [both, generic, specific], [generic, specific, both]):
        policy = SlaPolicy.of(rows)
        assert policy.target("ack", "L1", "douyin") is both
        assert policy.target("ack", "L2", "douyin") is specific
        assert policy.target("ack", "L2", "phone") is generic


def test_policy_of_accepts_any_iterable() -> None:
    policy = SlaPolicy.of(t for t in DEFAULT_TARGETS)
    assert policy.targets == DEFAULT_TARGETS


def test_default_targets_cover_every_stage_for_every_level(policy: SlaPolicy) -> None:
    for stage in STAGES:
        for level in ("L1", "L2", "L3"):
            assert policy.target(stage, level, "phone").stage == stage


def test_target_without_candidate_raises_lookup_error() -> None:
    policy = SlaPolicy.of([Target("ack", 1, "hours", "received", channel="douyin")])
    with pytest.raises(LookupError):
        policy.target("ack", "L2", "phone")
    with pytest.raises(LookupError):
        policy.target("verify", "L2", "douyin")


# --------------------------------------------------------------------------- add_target


def test_add_target_hours_count_the_clock(cal: BusinessCalendar) -> None:
    target = Target("notify", 24, "hours", "previous")
    # 2026-10-01 is a holiday: hour targets ignore the calendar.
    assert add_target(datetime(2026, 9, 30, 17, 0), target, cal) == datetime(2026, 10, 1, 17, 0)


def test_add_target_fractional_hours(cal: BusinessCalendar) -> None:
    target = Target("ack", 1.5, "hours", "received")
    assert add_target(datetime(2026, 9, 30, 9, 0), target, cal) == datetime(2026, 9, 30, 10, 30)


def test_add_target_business_days_use_the_calendar(cal: BusinessCalendar) -> None:
    target = Target("resolve", 3, "business_days", "received")
    assert add_target(datetime(2026, 9, 30, 17, 0), target, cal) == datetime(2026, 10, 10, 17, 0)


def test_add_target_unknown_unit_raises(cal: BusinessCalendar) -> None:
    with pytest.raises(ValueError, match="fortnights"):
        add_target(datetime(2026, 9, 30, 9, 0), Target("ack", 1, "fortnights", "received"), cal)


# --------------------------------------------------------------------------- stage_due_times


def test_phone_l2_received_before_national_day(policy: SlaPolicy, cal: BusinessCalendar) -> None:
    # Received Wed 2026-09-30 09:00; Oct 1–7 holiday, Sat Oct 10 is a 调休 working day.
    dues = stage_due_times(datetime(2026, 9, 30, 9, 0), "L2", "phone", policy, cal)
    assert dues == {
        # received + 2 h
        "ack": datetime(2026, 9, 30, 11, 0),
        # ack due + 1 bd: first working day after Sep 30 is Oct 8
        "verify": datetime(2026, 10, 8, 11, 0),
        # received + 3 bd: Oct 8, Oct 9, Sat Oct 10 (调休)
        "resolve": datetime(2026, 10, 10, 9, 0),
        # resolve due + 24 h (clock hours, lands on Sunday)
        "notify": datetime(2026, 10, 11, 9, 0),
        # notify due is Sunday → counts from Mon Oct 12 00:00; + 5 bd: Oct 13, 14, 15, 16, 19
        "archive": datetime(2026, 10, 19, 0, 0),
    }
    assert list(dues) == list(STAGES)


def test_douyin_l3_uses_one_hour_ack_and_five_day_resolve(policy: SlaPolicy, cal: BusinessCalendar) -> None:
    dues = stage_due_times(datetime(2026, 9, 30, 9, 0), "L3", "douyin", policy, cal)
    assert dues["ack"] == datetime(2026, 9, 30, 10, 0)
    assert dues["verify"] == datetime(2026, 10, 8, 10, 0)
    # received + 5 bd: Oct 8, 9, 10 (调休), 12, 13
    assert dues["resolve"] == datetime(2026, 10, 13, 9, 0)
    assert dues["notify"] == datetime(2026, 10, 14, 9, 0)
    # Wed Oct 14 09:00 + 5 bd: Oct 15, 16, 19, 20, 21
    assert dues["archive"] == datetime(2026, 10, 21, 9, 0)


def test_l1_resolve_counts_clock_hours_over_a_holiday(policy: SlaPolicy, cal: BusinessCalendar) -> None:
    dues = stage_due_times(datetime(2026, 9, 30, 17, 0), "L1", "phone", policy, cal)
    assert dues["ack"] == datetime(2026, 9, 30, 19, 0)
    # 24 clock hours, straight into National Day
    assert dues["resolve"] == datetime(2026, 10, 1, 17, 0)
    assert dues["notify"] == datetime(2026, 10, 2, 17, 0)
    # notify due on a holiday → counts from Oct 8 00:00; + 5 bd: Oct 9, 10 (调休), 12, 13, 14
    assert dues["archive"] == datetime(2026, 10, 14, 0, 0)


def test_previous_anchored_stages_count_from_actual_completion(policy: SlaPolicy, cal: BusinessCalendar) -> None:
    done = {
        "ack": datetime(2026, 9, 30, 9, 30),
        "verify": datetime(2026, 10, 9, 15, 0),
        "resolve": datetime(2026, 10, 9, 16, 0),
        "notify": datetime(2026, 10, 10, 10, 0),
    }
    dues = stage_due_times(datetime(2026, 9, 30, 9, 0), "L2", "phone", policy, cal, done=done)
    assert dues == {
        "ack": datetime(2026, 9, 30, 11, 0),  # received-anchored, unchanged
        "verify": datetime(2026, 10, 8, 9, 30),  # actual ack 09:30 + 1 bd
        "resolve": datetime(2026, 10, 10, 9, 0),  # received-anchored, unchanged
        "notify": datetime(2026, 10, 10, 16, 0),  # actual resolve 10-09 16:00 + 24 h
        "archive": datetime(2026, 10, 16, 10, 0),  # actual notify Sat 10-10 10:00 (调休) + 5 bd
    }


def test_late_completion_pushes_the_next_due_time(policy: SlaPolicy, cal: BusinessCalendar) -> None:
    # Acknowledged late, after the holiday: verify counts from the real acknowledgement.
    done = {"ack": datetime(2026, 10, 8, 14, 0)}
    dues = stage_due_times(datetime(2026, 9, 30, 9, 0), "L2", "phone", policy, cal, done=done)
    assert dues["ack"] == datetime(2026, 9, 30, 11, 0)
    assert dues["verify"] == datetime(2026, 10, 9, 14, 0)


def test_none_in_done_falls_back_to_the_plan(policy: SlaPolicy, cal: BusinessCalendar) -> None:
    received = datetime(2026, 9, 30, 9, 0)
    planned = stage_due_times(received, "L2", "phone", policy, cal)
    with_nones = stage_due_times(received, "L2", "phone", policy, cal, done=dict.fromkeys(STAGES))
    assert with_nones == planned


def test_stage_due_times_in_fallback_year(policy: SlaPolicy, cal: BusinessCalendar) -> None:
    # Fri 2027-01-08 10:00, Mon–Fri only.
    dues = stage_due_times(datetime(2027, 1, 8, 10, 0), "L2", "phone", policy, cal)
    assert dues == {
        "ack": datetime(2027, 1, 8, 12, 0),
        "verify": datetime(2027, 1, 11, 12, 0),
        "resolve": datetime(2027, 1, 13, 10, 0),  # Jan 11, 12, 13
        "notify": datetime(2027, 1, 14, 10, 0),
        "archive": datetime(2027, 1, 21, 10, 0),  # Jan 15, 18, 19, 20, 21
    }


def test_stage_due_times_missing_stage_target_raises(cal: BusinessCalendar) -> None:
    policy = SlaPolicy.of(t for t in DEFAULT_TARGETS if t.stage != "notify")
    with pytest.raises(LookupError):
        stage_due_times(datetime(2026, 9, 30, 9, 0), "L2", "phone", policy, cal)


# --------------------------------------------------------------------------- stage_state

DUE = datetime(2026, 10, 10, 9, 0)
WINDOW = timedelta(hours=4)


@pytest.mark.parametrize(
    ("done_at", "now", "expected"),
    [
        pytest.param(datetime(2026, 10, 9, 16, 0), datetime(2026, 10, 12, 9, 0), StageState.MET, id="met-early"),
        pytest.param(DUE, DUE + timedelta(days=3), StageState.MET, id="met-exactly-at-due"),
        pytest.param(
            DUE + timedelta(seconds=1), DUE + timedelta(days=3), StageState.BREACHED, id="done-one-second-late"
        ),
        pytest.param(datetime(2026, 10, 12, 9, 0), datetime(2026, 10, 12, 9, 0), StageState.BREACHED, id="done-late"),
        # done early: state is met even if 'now' is before the completion time or inside the window
        pytest.param(DUE - timedelta(hours=1), DUE - timedelta(hours=2), StageState.MET, id="met-ignores-now"),
        pytest.param(None, DUE + timedelta(seconds=1), StageState.BREACHED, id="open-past-due"),
        pytest.param(None, DUE + timedelta(days=2), StageState.BREACHED, id="open-long-past-due"),
        pytest.param(None, DUE, StageState.AT_RISK, id="open-exactly-at-due"),
        pytest.param(None, DUE - timedelta(hours=1), StageState.AT_RISK, id="open-within-window"),
        pytest.param(None, DUE - WINDOW, StageState.AT_RISK, id="open-at-window-edge"),
        pytest.param(None, DUE - WINDOW - timedelta(seconds=1), StageState.OPEN, id="open-just-outside-window"),
        pytest.param(None, DUE - timedelta(days=5), StageState.OPEN, id="open-well-before-due"),
    ],
)
def test_stage_state(done_at: datetime | None, now: datetime, expected: StageState) -> None:
    assert stage_state(DUE, done_at, now, WINDOW) is expected


def test_zero_window_is_never_at_risk_before_due() -> None:
    assert stage_state(DUE, None, DUE - timedelta(seconds=1), timedelta(0)) is StageState.OPEN


def test_stage_state_values_are_stored_codes() -> None:
    assert [s.value for s in StageState] == ["met", "breached", "at_risk", "open"]
    assert StageState.AT_RISK == "at_risk"
