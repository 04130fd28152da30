"""Regulator time limits (银行业保险业消费投诉处理管理办法, 2020), shown beside the internal five-stage SLA.

A complaint the rule applies to needs a decision told to the complainant (our 反馈 stage, ``notify``)
within 15 calendar days of receipt; a complex case may be extended to 30 days (a recorded extension
with its reason), and with a senior approver's sign-off by a further 30, to 60. Days are calendar
days in Beijing time: the day of receipt does not count, and the limit ends with the last day, so a
complaint received at any time on 1 March is due by the end of 16 March. Which complaints the rule
applies to is an admin setting: all (the default), or those of chosen channels or import sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from domain import inputs
from domain.codes import CHANNELS
from domain.conduct import beijing
from domain.inputs import Inputs, Problem

# Days of the limit after 0, 1 or 2 recorded extensions.
LIMIT_DAYS: Final = (15, 30, 60)
MAX_EXTENSIONS: Final = len(LIMIT_DAYS) - 1
EXTEND_ROLES: Final = frozenset({"prevention", "manager"})
MAX_REASON: Final = 500
MAX_APPROVER: Final = 40
MAX_SOURCES: Final = 50
SOURCE_MAX_CHARS: Final = 40  # complaints.source is VARCHAR(40)

ALL: Final = "all"
SELECTED: Final = "selected"
SCOPE_MODES: Final = (ALL, SELECTED)

# Where a complaint stands against its limit.
OPEN, DUE_TODAY, OVERDUE, MET, LATE = "open", "due_today", "overdue", "met", "late"


def limit_days(extensions: int) -> int:
    """15, 30 or 60 calendar days after 0, 1 or 2 extensions."""
    return LIMIT_DAYS[min(max(extensions, 0), MAX_EXTENSIONS)]


def deadline(received_at: datetime, extensions: int = 0) -> date:
    """The last day of the limit: the receipt day (Beijing) plus 15, 30 or 60 calendar days."""
    return beijing(received_at).date() + timedelta(days=limit_days(extensions))


def days_left(last_day: date, today: date) -> int:
    """Whole days from today to the last day: 0 on the last day, negative once it has passed."""
    return (last_day - today).days


def state(last_day: date, decided_at: datetime | None, today: date) -> str:
    """met / late once decided (told by the end of the last day or not); open, due today or overdue before."""
    if decided_at is not None:
        return MET if beijing(decided_at).date() <= last_day else LATE
    left = days_left(last_day, today)
    return OPEN if left > 0 else DUE_TODAY if left == 0 else OVERDUE


@dataclass(frozen=True)
class Applies:
    """Which complaints the regulator limit applies to: all, or those of these channels or sources."""

    mode: str = ALL
    channels: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def covers(self, channel: str, source: str | None) -> bool:
        if self.mode == ALL:
            return True
        return channel in self.channels or (source is not None and source in self.sources)

    def as_json(self) -> dict[str, object]:
        return {"mode": self.mode, "channels": list(self.channels), "sources": list(self.sources)}

    @classmethod
    def from_json(cls, body: object) -> Applies:
        """The stored setting; anything unreadable falls back to the default (all complaints)."""
        if not isinstance(body, dict) or body.get("mode") not in SCOPE_MODES:
            return cls()
        channels = tuple(c for c in body.get("channels") or () if c in CHANNELS)
        sources = tuple(str(s) for s in body.get("sources") or () if isinstance(s, str))
        return cls(str(body["mode"]), channels, sources)


def checked_applies(
    mode: object, channels: Iterable[object], sources: Iterable[object]
) -> tuple[Applies, list[Problem]]:
    """The setting as stored, and its problems: a known mode, known channels, sources as typed text;
    choosing "selected" needs at least one channel or source."""
    check = Inputs()
    if mode not in SCOPE_MODES:
        check.add(inputs.CHOOSE, field="regulator.field.mode")
        return Applies(), check.problems
    picked = tuple(dict.fromkeys(c for c in channels if isinstance(c, str)))
    if any(c not in CHANNELS for c in picked):
        check.add("settings.err.channel")
    names: list[str] = []
    for raw in sources:
        name = check.text(raw, field="regulator.field.sources", max_chars=SOURCE_MAX_CHARS)
        if name and name not in names:
            names.append(name)
    if len(names) > MAX_SOURCES:
        check.add("regulator.err.too_many_sources", max=MAX_SOURCES)
    if mode == SELECTED and not picked and not names:
        check.add("regulator.err.nothing_selected")
    if mode == ALL:
        picked, names = (), []
    return Applies(str(mode), picked, tuple(names)), check.problems


def extension_problems(
    extensions: int,
    reason: str,
    approver: str,
    *,
    last_day: date,
    decided: bool,
    today: date,
) -> list[Problem]:
    """What an extension needs: a case not yet decided, still within its limit, with an extension
    left; a reason always, and for the second extension (to 60 days) the senior approver's name."""
    check = Inputs()
    if decided:
        check.add("regulator.err.decided")
    elif extensions >= MAX_EXTENSIONS:
        check.add("regulator.err.no_more")
    elif today > last_day:
        check.add("regulator.err.expired", day=last_day.isoformat())
    check.text(reason, field="regulator.field.reason", max_chars=MAX_REASON, multiline=True)
    if extensions >= 1:
        check.text(approver, field="regulator.field.approver", max_chars=MAX_APPROVER)
    return check.problems
