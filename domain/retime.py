"""Re-timing open cases after an admin changes the holiday calendar or the SLA targets.

A stage that is done keeps the due time it was measured against; a stage still open gets the due
time ``stage_due_times`` gives under the new calendar and targets, counted from its anchor (receipt,
or the previous stage's completion, or its plan while that is open too).
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


def open_stage_moves(clock: StageClock, policy: SlaPolicy, cal: BusinessCalendar) -> dict[str, datetime]:
    """The open stages of ``clock`` whose due time differs under ``policy`` and ``cal``, with the new one."""
    dues = stage_due_times(clock.received_at, clock.level, clock.channel, policy, cal, done=clock.done)
    return {s: dues[s] for s in STAGES if clock.done.get(s) is None and dues[s] != clock.due[s]}


def plan_retime(clocks: Iterable[StageClock], policy: SlaPolicy, cal: BusinessCalendar) -> Retime:
    """Every open stage of ``clocks`` that moves under ``policy`` and ``cal``."""
    moves = {c.case_id: moved for c in clocks if (moved := open_stage_moves(c, policy, cal))}
    return Retime(moves)
