"""The explore page's question: what to count, over which complaints, grouped how. Pure values, so a
question keys caches, travels in the address and is saved by name as the same text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final
from urllib.parse import parse_qsl, urlencode

from domain.codes import CATEGORIES, COMPLAINT_STATUSES
from domain.filters import dates_text, parse_dates
from domain.loyalty import shift_months

# What a result can be grouped by (one or two of these) and what it can count.
DIMENSIONS: Final = (
    "city",
    "team",
    "agent",
    "channel",
    "category",
    "level",
    "week",
    "month",
    "text_category",  # the category the complaint's text reads as (domain.text)
    "theme",  # its urgent theme, if the text is urgent
)
TEXT_DIMENSIONS: Final = frozenset({"text_category", "theme"})
TIME_DIMENSIONS: Final = frozenset({"week", "month"})
MEASURES: Final = (
    "complaints",
    "share",
    "l1",
    "breach_rate",
    "satisfaction",
    "repeat_rate",
    "compensation",  # compensation paid on the complaints (yuan), from their recorded outcomes
    "waivers",  # fee and penalty-interest waived (yuan)
    "no_fault_rate",  # of the resolved complaints, the share whose outcome was "no fault found"
)
RATE_MEASURES: Final = frozenset({"share", "breach_rate", "repeat_rate", "no_fault_rate"})
MONEY_MEASURES: Final = frozenset({"compensation", "waivers"})
TOP_CHOICES: Final = (5, 10, 20, 50, 100, 0)  # 0: every group
SORTS: Final = ("desc", "asc")
MAX_GROUPS: Final = 2
MAX_TEXT: Final = 100  # a search phrase, not a document
MAX_SOURCES: Final = 20
SOURCE_LENGTH: Final = 40  # as stored (complaints.source)
INTAKE_SOURCE: Final = "-"  # the source filter's name for complaints logged in this app (no source system)

# Relative periods (kept relative when a question is saved) and the named quarters and years of the pick.
RELATIVE_PERIODS: Final = (
    "this_week",
    "last_week",
    "this_month",
    "last_month",
    "this_quarter",
    "last_quarter",
    "this_year",
    "last_year",
)
CUSTOM: Final = "custom"
PICKED_QUARTERS: Final = 12  # how many past quarters the pick names
PICKED_YEARS: Final = 3
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Question:
    """Which complaints (beyond the page's global filters), how to group them and what to count.
    Tuples, not lists: hashable, so a question keys the read caches."""

    categories: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # source systems of imported complaints; INTAKE_SOURCE for the app's own
    text: str = ""
    urgent: bool = False  # only complaints whose text reads as urgent
    group_by: tuple[str, ...] = ("city",)
    measure: str = "complaints"
    top: int = 10
    sort: str = "desc"
    problems: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_timeline(self) -> bool:
        return bool(set(self.group_by) & TIME_DIMENSIONS)


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def period_range(period: str, today: date) -> tuple[date, date] | None:
    """The first and last day of a period pick as of ``today`` (a running period ends today);
    None for ``custom`` or a name that is no period."""
    week = today - timedelta(days=today.weekday())
    month = today.replace(day=1)
    quarter = _quarter_start(today)
    year = date(today.year, 1, 1)
    ranges = {
        "this_week": (week, today),
        "last_week": (week - timedelta(days=7), week - timedelta(days=1)),
        "this_month": (month, today),
        "last_month": (shift_months(month, -1), month - timedelta(days=1)),
        "this_quarter": (quarter, today),
        "last_quarter": (shift_months(quarter, -3), quarter - timedelta(days=1)),
        "this_year": (year, today),
        "last_year": (date(today.year - 1, 1, 1), year - timedelta(days=1)),
    }
    if period in ranges:
        return ranges[period]
    if m := _QUARTER.match(period):
        start = date(int(m[1]), 3 * (int(m[2]) - 1) + 1, 1)
        end = shift_months(start, 3) - timedelta(days=1)
    elif m := _YEAR.match(period):
        start, end = date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    else:
        return None
    if start > today or start.year < 1990:
        return None
    return start, min(end, today)


def period_choices(today: date) -> list[str]:
    """The period pick's options: the relative periods, the last quarters and years by name, custom."""
    quarters = []
    first = _quarter_start(today)
    for back in range(1, PICKED_QUARTERS + 1):
        start = shift_months(first, -3 * back)
        quarters.append(f"{start.year}-Q{(start.month - 1) // 3 + 1}")
    years = [str(today.year - back) for back in range(1, PICKED_YEARS + 1)]
    return [*RELATIVE_PERIODS, *quarters, *years, CUSTOM]


def period_of(start: date, end: date, today: date) -> str:
    """The pick that names exactly this range (a relative one first), else ``custom``."""
    for period in period_choices(today):
        if period_range(period, today) == (start, end):
            return period
    return CUSTOM


# ---- the question as address parameters: the same text for a shared link and a saved question ---------

SEPARATOR: Final = ","
PARAMS: Final = ("cat", "status", "src", "q", "urgent", "by", "m", "top", "sort")


def _list(text: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p for p in text.split(SEPARATOR) if p in allowed))


def _sources(text: str) -> tuple[str, ...]:
    parts = [p.strip() for p in text.split(SEPARATOR)]
    return tuple(dict.fromkeys(p for p in parts if p and len(p) <= SOURCE_LENGTH))[:MAX_SOURCES]


def clean_text(text: str) -> str:
    """A search phrase as used: one line, trimmed, at most ``MAX_TEXT`` characters."""
    return " ".join(text.split())[:MAX_TEXT]


def from_params(params: Mapping[str, str]) -> Question:
    """The question an address (or a saved question) describes; a part that makes no sense takes
    its default and is named in ``problems`` rather than failing the page."""
    problems: list[str] = []
    default = Question()

    def pick(name: str, allowed: tuple[str, ...], fallback: str) -> str:
        value = params.get(name)
        if value is None:
            return fallback
        if value not in allowed:
            problems.append(name)
            return fallback
        return value

    group_by = _list(params.get("by", SEPARATOR.join(default.group_by)), DIMENSIONS)[:MAX_GROUPS]
    if "by" in params and not group_by:
        problems.append("by")
    top_text = params.get("top", str(default.top))
    top = int(top_text) if top_text.isdigit() and int(top_text) in TOP_CHOICES else default.top
    if top_text != str(top):
        problems.append("top")
    return Question(
        categories=_list(params.get("cat", ""), CATEGORIES),
        statuses=_list(params.get("status", ""), COMPLAINT_STATUSES),
        sources=_sources(params.get("src", "")),
        text=clean_text(params.get("q", "")),
        urgent=params.get("urgent") == "1",
        group_by=group_by or default.group_by,
        measure=pick("m", MEASURES, default.measure),
        top=top,
        sort=pick("sort", SORTS, default.sort),
        problems=tuple(problems),
    )


def to_params(question: Question) -> dict[str, str]:
    """The address parameters of ``question``; parts at their default are left out, so the link stays short."""
    default = Question()
    values = {
        "cat": SEPARATOR.join(question.categories),
        "status": SEPARATOR.join(question.statuses),
        "src": SEPARATOR.join(question.sources),
        "q": question.text,
        "urgent": "1" if question.urgent else "",
        "by": SEPARATOR.join(question.group_by),
        "m": question.measure,
        "top": str(question.top),
        "sort": question.sort,
    }
    defaults = {"by": SEPARATOR.join(default.group_by), "m": default.measure, "top": str(default.top), "sort": "desc"}
    return {k: v for k, v in values.items() if v and v != defaults.get(k)}


def query_string(params: Mapping[str, str]) -> str:
    return urlencode(sorted(params.items()))


# ---- a saved question: the question's parameters and its period (kept relative when it was one) -------


def valid_period(period: str) -> bool:
    return period in RELATIVE_PERIODS or period == CUSTOM or bool(_QUARTER.match(period) or _YEAR.match(period))


def saved_params(text: str) -> str:
    """The canonical text of a question to save: its parameters, the period pick and, for a custom
    period, its dates; anything else (language, filters of other pages) is left out."""
    params = dict(parse_qsl(text, keep_blank_values=False))
    kept = to_params(from_params(params))
    period = params.get("period", CUSTOM)
    kept["period"] = period if valid_period(period) else CUSTOM
    dates = parse_dates(params.get("dates", ""))
    if kept["period"] == CUSTOM and dates:
        kept["dates"] = dates_text(*dates)
    return query_string(kept)


def saved_dates(text: str, today: date) -> tuple[date, date] | None:
    """The date range a saved question opens with: its period as of ``today``, or its custom dates."""
    params = dict(parse_qsl(text))
    period = params.get("period", CUSTOM)
    if period != CUSTOM:
        return period_range(period, today)
    return parse_dates(params.get("dates", ""))
