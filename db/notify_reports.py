"""The files a notification carries, built by the sender when it sends (not stored in the outbox):
each builder takes the message's payload and returns the file, or None when there is none to send.

To add one (the monthly report's Excel or PDF, say): write a builder here, register it in
``BUILDERS`` under a name, and list the name in ``domain.notify.WEEKLY_ATTACHMENTS`` (or in the
payload of the event that carries it). Like ``db.importer``, this entry-level code draws on the
components that shape the page's exports, so a file sent is the file the page downloads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

import pandas as pd

from components import kpi, monthly_report, overview_view
from components.i18n import t
from db.queries import notify as notify_queries
from db.queries import overview as q
from db.queries import report
from domain.filters import Filters, WeekWindow
from domain.kpis import IMPROPER_SHARE_MAX, SATISFACTION_TARGET, TREND_WEEKS
from domain.loyalty import previous_month

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Attachment(NamedTuple):
    """A file: its name in the message, file name, MIME type, bytes, and the app page it comes from
    (where a robot that takes no files links to)."""

    title: str
    file_name: str
    mime: str
    data: bytes
    path: str


Builder = Callable[[Mapping[str, Any], datetime], Attachment | None]


def weekly_pack(payload: Mapping[str, Any], at: datetime) -> Attachment:
    """The overview's weekly Excel pack of the week the payload names, company-wide: KPIs against the
    week before and targets, SLA per stage, every L1 case, the 12-week trend and the outcomes."""
    monday = date.fromisoformat(str(payload["week_start"]))
    week = WeekWindow.ending(monday + timedelta(days=6))
    this_f, last_f = Filters(week.this_start, week.this_end), Filters(week.last_start, week.last_end)
    span = Filters(monday - timedelta(weeks=TREND_WEEKS - 1), week.this_end)
    stamp = pd.Timestamp(at)
    figures = notify_queries.week_figures(monday, at)
    names = [
        ("overview.complaints", "complaints", ""),
        ("overview.l1", "l1", ""),
        ("overview.sla", "sla", ""),
        ("overview.satisfaction", "satisfaction", f"≥ {kpi.pct(SATISFACTION_TARGET, 0)}"),
        ("overview.improper", "improper", f"< {kpi.pct(IMPROPER_SHARE_MAX, 0)}"),
        ("overview.warnings_open", "warnings_open", ""),
    ]
    kpis = overview_view.kpi_table(
        [
            (t(key), figures[name][0], "" if figures[name][1] is None else figures[name][1], target)
            for key, name, target in names
        ],
        *overview_view.week_names(False),
    )
    stages = overview_view.stage_table(q.sla_by_stage(this_f, stamp), q.sla_by_stage(last_f, stamp))
    outcomes = overview_view.OutcomeFrames(
        overview_view.outcome_table(q.outcomes_by_kind(span)),
        overview_view.compensation_table(q.compensation_by_month(span)),
        overview_view.waiver_table(q.waivers_by_category(span)),
        span.start,
        span.end,
    )
    build = overview_view.pack(
        kpis,
        stages,
        overview_view.l1_table(q.l1_cases(this_f)),
        q.weekly_trend(this_f, stamp, TREND_WEEKS),
        outcomes,
    )
    return Attachment(t("notify.file.weekly_pack"), f"weekly_pack_{monday}.xlsx", XLSX, build(), "overview")


def _monthly(payload: Mapping[str, Any], at: datetime) -> tuple[str, list[monthly_report.Section], str, str]:
    """The monthly report, company-wide, of the last whole month before the pack's week began: its
    file name stem, sections, title and subtitle."""
    monday = date.fromisoformat(str(payload["week_start"]))
    month = previous_month(monday)
    figures = report.monthly(Filters(month, month), month, pd.Timestamp(at).floor("min"))
    return (f"monthly_report_{month:%Y-%m}", *monthly_report.titled(figures, at))


def monthly_excel(payload: Mapping[str, Any], at: datetime) -> Attachment:
    stem, parts, title, _ = _monthly(payload, at)
    return Attachment(title, f"{stem}.xlsx", XLSX, monthly_report.excel(parts), "improvements")


def monthly_pdf(payload: Mapping[str, Any], at: datetime) -> Attachment | None:
    """The PDF, where the Noto CJK fonts are installed (None without them: the Excel still goes)."""
    fonts = monthly_report.font_dir()
    if fonts is None:
        return None
    stem, parts, title, subtitle = _monthly(payload, at)
    data = monthly_report.pdf(parts, title, subtitle, fonts)
    return Attachment(title, f"{stem}.pdf", "application/pdf", data, "improvements")


BUILDERS: dict[str, Builder] = {"weekly_pack": weekly_pack, "monthly_excel": monthly_excel, "monthly_pdf": monthly_pdf}
