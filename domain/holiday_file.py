"""Reading a year's official holiday schedule out of an uploaded file (pure: bytes in, rows out).

The State Council publishes each November; an admin may have it as a table (CSV or Excel with the
columns date, is_workday, name — Chinese headers too) or as an iCalendar file from a calendar app.
Either becomes ``ScheduleDay`` rows for the settings editor; whether the schedule itself makes
sense (a worked weekday, a missing name) is checked there by ``settings_rules.year_schedule``.
What this reader refuses is what the editor could not show: unreadable dates or workday marks,
days of another year and days given twice, each reported, never silently dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

import icalendar

from domain import inputs
from domain.calendar import ScheduleDay
from domain.errors import InputError
from domain.imports import parse_datetime
from domain.tabular import read_table

SUFFIXES = ("csv", "xlsx", "ics")
MAX_LISTED = 5  # a problem names at most this many days or rows; the count says the rest
MAX_EVENT_DAYS = 31  # no holiday is longer; a longer event is a calendar entry gone wrong

FILE_TYPE = "settings.file.err.file_type"
MISSING_COLUMNS = "settings.file.err.missing_columns"
BAD_DATE = "settings.file.err.date"
BAD_WORKDAY = "settings.file.err.workday"
OTHER_YEAR = "settings.file.err.other_year"
DUPLICATE = "settings.file.err.duplicate"
NOT_ICS = "settings.file.err.not_ics"
NO_EVENTS = "settings.file.err.no_events"
TIMED_EVENT = "settings.file.err.timed_event"
LONG_EVENT = "settings.file.err.long_event"

_HEADERS = {
    "date": ("date", "day", "日期"),
    "is_workday": ("is_workday", "workday", "是否上班", "上班", "工作日", "是否工作日"),
    "name": ("name", "holiday", "名称", "节日", "节假日", "所属节日"),
}
_WORKDAY = {"1", "true", "yes", "y", "是", "班", "上班", "补班", "工作日"}
_DAY_OFF = {"0", "false", "no", "n", "否", "休", "休息", "放假", "假"}
_WORK_MARK = re.compile(r"班")  # 班, 上班, 补班: a day worked; anything else in a calendar is a day off
_MARKERS = re.compile(r"[(（\[【]?\s*(?:补班|上班|调休|休息|放假|假期|班|休)\s*[)）\]】]?")


def read_schedule(data: bytes, filename: str, year: int) -> list[ScheduleDay]:
    """The days of ``year``'s schedule in the file, in date order, or InputError saying what is wrong."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in SUFFIXES:
        raise InputError.one(FILE_TYPE, name=filename, allowed=", ".join(f".{s}" for s in SUFFIXES))
    rows, problems = _from_ics(data) if suffix == "ics" else _from_table(data, filename)
    problems += _year_and_duplicate_problems(rows, year)
    if problems:
        raise InputError(problems)
    return sorted(rows)


def _listed(items: Iterable[object]) -> str:
    shown = [str(i) for i in items]
    return ", ".join(shown[:MAX_LISTED]) + ("…" if len(shown) > MAX_LISTED else "")


def _key(text: str) -> str:
    return inputs.normalise_text(text).lower()


def _from_table(data: bytes, filename: str) -> tuple[list[ScheduleDay], list[tuple[str, dict[str, Any]]]]:
    table = read_table(data, filename)
    position = {_key(h): i for i, h in enumerate(table.header)}
    columns = {field: position[h] for field, names in _HEADERS.items() for h in reversed(names) if h in position}
    missing = [field for field in _HEADERS if field not in columns]
    if missing:
        raise InputError.one(MISSING_COLUMNS, columns=", ".join(missing), found=", ".join(table.header))
    day_at, workday_at, name_at = columns["date"], columns["is_workday"], columns["name"]
    rows: list[ScheduleDay] = []
    bad_dates: list[int] = []
    bad_marks: list[int] = []
    for number, row in enumerate(table.rows, start=1):
        moment = parse_datetime(row[day_at])
        mark = _key(row[workday_at])
        if moment is None:
            bad_dates.append(number)
        if mark not in _WORKDAY | _DAY_OFF:
            bad_marks.append(number)
        if moment is not None and mark in _WORKDAY | _DAY_OFF:
            rows.append(ScheduleDay(moment.date(), mark in _WORKDAY, inputs.normalise_text(row[name_at]) or None))
    problems: list[tuple[str, dict[str, Any]]] = []
    if bad_dates:
        problems.append((BAD_DATE, {"count": len(bad_dates), "rows": _listed(bad_dates)}))
    if bad_marks:
        problems.append((BAD_WORKDAY, {"count": len(bad_marks), "rows": _listed(bad_marks)}))
    return rows, problems


def _from_ics(data: bytes) -> tuple[list[ScheduleDay], list[tuple[str, dict[str, Any]]]]:
    """All-day events, each day of a multi-day one (DTEND is exclusive); 班 in the summary marks
    a day worked (调休), anything else a day off; the name is the summary without its 休/班 mark."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
        events = [c for c in calendar.walk("VEVENT") if isinstance(c, icalendar.Event)]
    except (ValueError, UnicodeDecodeError):
        raise InputError.one(NOT_ICS) from None
    if not events:
        raise InputError.one(NO_EVENTS)
    rows: list[ScheduleDay] = []
    problems: list[tuple[str, dict[str, Any]]] = []
    for event in events:
        summary = inputs.normalise_text(str(event.get("SUMMARY", "")))
        try:
            start, end = event.start, event.end
        except (ValueError, icalendar.error.IncompleteComponent):
            raise InputError.one(NOT_ICS) from None
        if isinstance(start, datetime) or not isinstance(start, date):
            problems.append((TIMED_EVENT, {"summary": summary}))
            continue
        length = (end - start).days if isinstance(end, date) and not isinstance(end, datetime) else 1
        if not 1 <= length <= MAX_EVENT_DAYS:
            problems.append((LONG_EVENT, {"summary": summary, "day": start.isoformat(), "max": MAX_EVENT_DAYS}))
            continue
        worked = bool(_WORK_MARK.search(summary))
        name = _MARKERS.sub("", summary).strip(" -·:：/") or None
        rows.extend(ScheduleDay(start + timedelta(days=i), worked, name) for i in range(length))
    return rows, problems


def _year_and_duplicate_problems(rows: list[ScheduleDay], year: int) -> list[tuple[str, dict[str, Any]]]:
    problems: list[tuple[str, dict[str, Any]]] = []
    elsewhere = sorted(r.day for r in rows if r.day.year != year)
    if elsewhere:
        problems.append((OTHER_YEAR, {"year": year, "count": len(elsewhere), "days": _listed(elsewhere)}))
    twice = sorted(day for day, n in Counter(r.day for r in rows).items() if n > 1)
    if twice:
        problems.append((DUPLICATE, {"count": len(twice), "days": _listed(twice)}))
    return problems
