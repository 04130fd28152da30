"""Validation of admin edits to the SLA policy and the holiday calendar."""

from __future__ import annotations

from datetime import date

from domain.codes import CHANNELS, LEVELS, SLA_ANCHORS, SLA_UNITS, STAGES

MAX_HOURS = 720
MAX_BUSINESS_DAYS = 60
MAX_NAME = 40

Problem = tuple[str, dict]


def sla_target_problems(
    stage: str, level: str | None, channel: str | None, amount: float, unit: str, anchor: str
) -> list[Problem]:
    """Hours may be fractional (0 < h ≤ 720); business days are whole (1–60)."""
    problems: list[Problem] = []
    if stage not in STAGES:
        problems.append(("settings.err.stage", {}))
    if level is not None and level not in LEVELS:
        problems.append(("settings.err.level", {}))
    if channel is not None and channel not in CHANNELS:
        problems.append(("settings.err.channel", {}))
    if unit not in SLA_UNITS:
        problems.append(("settings.err.unit", {}))
    if anchor not in SLA_ANCHORS or (stage == "ack" and anchor != "received"):
        problems.append(("settings.err.anchor", {}))
    if unit == "hours" and not 0 < amount <= MAX_HOURS:
        problems.append(("settings.err.hours", {"max": MAX_HOURS}))
    if unit == "business_days" and (amount != int(amount) or not 1 <= amount <= MAX_BUSINESS_DAYS):
        problems.append(("settings.err.days", {"max": MAX_BUSINESS_DAYS}))
    return problems


def holiday_problems(day: date | None, name: str | None) -> list[Problem]:
    problems: list[Problem] = []
    if day is None:
        problems.append(("settings.err.day", {}))
    if name is not None and len(name.strip()) > MAX_NAME:
        problems.append(("settings.err.name_long", {"max": MAX_NAME}))
    return problems
