"""The five-stage SLA clock of seed 000: due times and met / breached / at-risk / open states.

Hour targets count the clock; business-day targets skip holidays and count 调休 weekends
(see ``BusinessCalendar.add_business_days``). Targets are data (the ``sla_policy`` table).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.calendar import BusinessCalendar
from domain.codes import STAGES


@dataclass(frozen=True)
class Target:
    """One ``sla_policy`` row: ``level`` / ``channel`` of None match any complaint."""

    stage: str
    amount: float
    unit: str  # "hours" | "business_days"
    anchor: str  # "received" | "previous"
    level: str | None = None
    channel: str | None = None

    def specificity(self) -> int:
        """A level match outranks a channel match, so equal-looking rows never tie."""
        return 2 * (self.level is not None) + (self.channel is not None)

    def matches(self, level: str, channel: str) -> bool:
        return self.level in (None, level) and self.channel in (None, channel)


# The seed-000 targets; the store is seeded with these and admins may change them there.
DEFAULT_TARGETS: tuple[Target, ...] = (
    Target("ack", 2, "hours", "received"),
    Target("ack", 1, "hours", "received", channel="douyin"),
    Target("ack", 1, "hours", "received", channel="weibo"),
    Target("verify", 1, "business_days", "previous"),
    Target("resolve", 3, "business_days", "received"),
    Target("resolve", 24, "hours", "received", level="L1"),
    Target("resolve", 5, "business_days", "received", level="L3"),
    Target("notify", 24, "hours", "previous"),
    Target("archive", 5, "business_days", "previous"),
)


class StageState(StrEnum):
    MET = "met"
    BREACHED = "breached"
    AT_RISK = "at_risk"
    OPEN = "open"


@dataclass(frozen=True)
class SlaPolicy:
    targets: tuple[Target, ...]

    @classmethod
    def of(cls, targets: Iterable[Target]) -> SlaPolicy:
        return cls(tuple(targets))

    def with_target(self, target: Target) -> SlaPolicy:
        """This policy with the row for ``target``'s (stage, level, channel) set to ``target``."""
        return SlaPolicy((*self.without(target.stage, target.level, target.channel).targets, target))

    def without(self, stage: str, level: str | None, channel: str | None) -> SlaPolicy:
        """This policy without the row for (stage, level, channel)."""
        return SlaPolicy(tuple(t for t in self.targets if (t.stage, t.level, t.channel) != (stage, level, channel)))

    def target(self, stage: str, level: str, channel: str) -> Target:
        """The most specific target for this stage, level and channel."""
        candidates = [t for t in self.targets if t.stage == stage and t.matches(level, channel)]
        if not candidates:
            raise LookupError(f"no SLA target for stage {stage}")
        return max(candidates, key=Target.specificity)


def add_target(start: datetime, target: Target, cal: BusinessCalendar) -> datetime:
    """When a stage started at ``start`` is due under ``target``."""
    if target.unit == "hours":
        return start + timedelta(hours=target.amount)
    if target.unit == "business_days":
        return cal.add_business_days(start, int(target.amount))
    raise ValueError(f"unknown SLA unit {target.unit!r}")


def stage_due_times(
    received_at: datetime,
    level: str,
    channel: str,
    policy: SlaPolicy,
    cal: BusinessCalendar,
    done: Mapping[str, datetime | None] | None = None,
) -> dict[str, datetime]:
    """Due time of every stage; a stage anchored on the previous one counts from its actual
    completion when known, otherwise from its due time (the plan)."""
    done = done or {}
    dues: dict[str, datetime] = {}
    previous_end = received_at
    for stage in STAGES:
        target = policy.target(stage, level, channel)
        start = received_at if target.anchor == "received" else previous_end
        dues[stage] = add_target(start, target, cal)
        previous_end = done.get(stage) or dues[stage]
    return dues


def stage_state(due: datetime, done_at: datetime | None, now: datetime, at_risk_window: timedelta) -> StageState:
    """Met or breached once done; while open, breached past due and at risk within the window."""
    if done_at is not None:
        return StageState.MET if done_at <= due else StageState.BREACHED
    if now > due:
        return StageState.BREACHED
    if due - now <= at_risk_window:
        return StageState.AT_RISK
    return StageState.OPEN
