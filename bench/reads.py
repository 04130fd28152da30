"""Our read functions behind each aggregate page, called uncached: the one place that names them.

Each entry calls the reads a page draws its headline figures from, through ``__wrapped__`` so every
call reaches the store, and returns them as ``Figures`` (see ``bench.figures``). When a read's
signature or columns change, this is the file to adapt.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pandas as pd

from bench.figures import Figures
from db.queries import agents, channels, loyalty, overview, sla
from domain.filters import Filters

EVERY_ROW = 1_000_000_000  # a ``top`` that keeps every city of the city × week heatmap


def _overview(f: Filters, now: datetime) -> Figures:
    volume = overview.volume.__wrapped__(f)
    stages = overview.sla_by_stage.__wrapped__(f, pd.Timestamp(now))
    return {
        "volume": pd.DataFrame([volume]),
        "sla_by_stage": stages.rename(columns={"due": "deadlines"}),
    }


def _channels(f: Filters, now: datetime) -> Figures:
    days = channels.volume_by_period.__wrapped__(f, "day")
    return {
        "per_channel": channels.channel_share.__wrapped__(f),
        "per_day_channel": days.rename(columns={"period": "day"}),
    }


def _sla(f: Filters, now: datetime) -> Figures:
    at = pd.Timestamp(now)
    city_week, _ = sla.breach_by_city_week.__wrapped__(f, at, EVERY_ROW)
    return {"stage_level": sla.breach_by_stage_level.__wrapped__(f, at), "city_week": city_week}


def _agents(f: Filters, now: datetime) -> Figures:
    return {"per_agent": agents.scorecards.__wrapped__(f, pd.Timestamp(now))}


def _loyalty(f: Filters, now: datetime) -> Figures:
    months = loyalty.tier_months.__wrapped__(f)
    moves = loyalty.tier_transitions.__wrapped__(f, tuple(sorted(months["month"].unique())))
    return {"tier_months": months, "transitions": moves}


OURS: dict[str, Callable[[Filters, datetime], Figures]] = {
    "overview": _overview,
    "channels": _channels,
    "sla": _sla,
    "agents": _agents,
    "loyalty": _loyalty,
}
