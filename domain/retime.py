"""Re-timing open cases after an admin changes the holiday calendar or the SLA targets.

A stage that is done keeps the due time it was measured against. A stage still open moves when the
change moves it: its due time under the old and the new rules (``stage_due_times``, counted from its
anchor: receipt, the previous stage's completion, or that stage's plan while it is open too) differ,
and it gets the new one. Comparing the two computations, not the stored value with the new one,
keeps a change from "moving" stages it does not touch whose stored due time was set another way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from domain.calendar import BusinessCalendar
from domain.codes import STAGES
from domain.sla import SlaPolicy, stage_due_times


@dataclass(frozen=True)
class StageClock:
    """One case's SLA clock as stored: when each stage was done (None while open) and its due time."""

    case_id: int
    received_at: datetime
    level: str
    channel: str
    done: Mapping[str, datetime | None]
    due: Mapping[str, datetime]


@dataclass(frozen=True)
class Retime:
    """The open stages that move: case id → stage → new due time."""

    moves: Mapping[int, Mapping[str, datetime]] = field(default_factory=dict)

    @property
    def cases(self) -> int:
        return len(self.moves)

    @property
    def stages(self) -> int:
        return sum(len(stages) for stages in self.moves.values())


@dataclass(frozen=True)
class SlaRules:
    """What due times are computed from: the targets and the business calendar."""

    policy: SlaPolicy
    calendar: BusinessCalendar

    def dues(self, clock: StageClock) -> dict[str, datetime]:
        return stage_due_times(
            clock.received_at, clock.level, clock.channel, self.policy, self.calendar, done=clock.done
        )


def open_stage_moves(clock: StageClock, before: SlaRules, after: SlaRules) -> dict[str, datetime]:
    """The open stages of ``clock`` that the change from ``before`` to ``after`` moves, with their new due time."""
    old, new = before.dues(clock), after.dues(clock)
    return {s: new[s] for s in STAGES if clock.done.get(s) is None and old[s] != new[s] and clock.due[s] != new[s]}


def plan_retime(clocks: Iterable[StageClock], before: SlaRules, after: SlaRules) -> Retime:
    """Every open stage of ``clocks`` that the change from ``before`` to ``after`` moves."""
    moves = {c.case_id: moved for c in clocks if (moved := open_stage_moves(c, before, after))}
    return Retime(moves)
