"""Overview drawing: translated KPI tables, the 12-week trend charts and the weekly pack."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pandas as pd

from components import charts, incidents
from components.formats import stamp
from components.i18n import code, lang, t
from components.weekly_pack import Chart, Sheet, workbook
from domain.kpis import IMPROPER_SHARE_MAX, SATISFACTION_TARGET

# The rate series (keys of their labels): SLA blue, satisfaction green, improper share orange, so the
# red ceiling line stands apart from them.
RATE_COLORS = {"sla": "#1f77b4", "satisfaction": "#2ca02c", "improper": "#ff7f0e"}
WEEK_TO_DATE_KEY = "ov_week_to_date"  # the switch from the last full week to this week so far


def week_names(to_date: bool) -> tuple[str, str]:
    """The two compared periods' names: this week so far and last week's same days, or the last
    full week and the week before it."""
    if to_date:
        return t("overview.this_week"), t("overview.last_week")
    return t("overview.full_week"), t("overview.previous_week")


def stage_table(this_week: pd.DataFrame, last_week: pd.DataFrame) -> pd.DataFrame:
    """Per stage: due, met and attainment this week and last week, side by side."""

    def rate(frame: pd.DataFrame) -> pd.Series:
        return (frame["met"] / frame["due"].where(frame["due"] > 0)).astype(float)

    return pd.DataFrame(
        {
            t("overview.col.stage"): this_week["stage"].map(lambda s: code("stage", s)),
            t("overview.col.due"): this_week["due"],
            t("overview.col.met"): this_week["met"],
            t("overview.col.rate"): rate(this_week),
            t("overview.col.rate_last"): rate(last_week),
        }
    )


def kpi_table(rows: list[tuple[str, object, object, str]], this_name: str, last_name: str) -> pd.DataFrame:
    """(name, this period, the period compared, target) rows as the pack's first sheet; the rates
    (named as ``rate_columns``) are shares (0–1), written as percentages."""
    return pd.DataFrame(rows, columns=[t("overview.col.kpi"), this_name, last_name, t("overview.col.target")])


def l1_table(cases: pd.DataFrame) -> pd.DataFrame:
    city = "city" if lang() == "zh" else "city_en"
    return pd.DataFrame(
        {
            t("overview.col.ref"): cases["ref_no"],
            t("overview.col.received"): cases["received_at"].map(stamp),
            t("overview.col.category"): cases["category"].map(lambda c: code("category", c)),
            t("overview.col.channel"): cases["channel"].map(lambda c: code("channel", c)),
            t("overview.col.city"): cases[city],
            t("overview.col.status"): cases["status"].map(lambda s: code("status", s)),
            t("overview.col.resolve_due"): cases["resolve_due_at"].map(stamp),
            t("overview.col.exec_reported"): cases["exec_reported"].map(
                lambda v: t("common.yes") if v else t("common.no")
            ),
        }
    )


def trend_table(trend: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("overview.col.week"): trend["week"].map(lambda d: d.isoformat()),
            t("overview.complaints"): trend["complaints"],
            t("overview.l1"): trend["l1"],
            t("overview.sla"): trend["sla_attainment"],
            t("overview.satisfaction"): trend["satisfaction_rate"],
            t("overview.improper"): trend["improper_share"],
            t("overview.col.partial"): trend["partial"].map(lambda v: t("common.yes") if v else ""),
        }
    )


def rate_columns() -> tuple[str, ...]:
    """The trend table's share columns (0–1), shown as percentages."""
    return t("overview.sla"), t("overview.satisfaction"), t("overview.improper")


def trend_charts(trend: pd.DataFrame) -> tuple[charts.AltChart, charts.AltChart]:
    """Volume (complaints, L1) and rates (SLA, satisfaction against its target, improper share)."""
    week = t("overview.col.week")
    unfinished: dict[str, Any] = {
        "partial": list(trend.loc[trend["partial"], "week"]),
        "partial_note": t("chart.partial_note"),
    }
    volume = trend.melt(id_vars="week", value_vars=["complaints", "l1"], var_name="kpi", value_name="value")
    volume["kpi"] = volume["kpi"].map({"complaints": t("overview.complaints"), "l1": t("overview.l1")})
    vol_chart = charts.line_chart(
        volume,
        x="week",
        y="value",
        color="kpi",
        title=t("overview.trend_volume"),
        x_title=week,
        y_title=t("overview.col.count"),
        color_map={t("overview.complaints"): charts.TOTAL_COLOR, t("overview.l1"): charts.LEVEL_COLORS["L1"]},
        y_zero=True,
        integer_y=True,
        legend_below=True,
        **unfinished,
    )
    rates = trend.melt(
        id_vars="week",
        value_vars=["sla_attainment", "satisfaction_rate", "improper_share"],
        var_name="kpi",
        value_name="value",
    )
    rates["kpi"] = rates["kpi"].map(
        {
            "sla_attainment": t("overview.sla"),
            "satisfaction_rate": t("overview.satisfaction"),
            "improper_share": t("overview.improper"),
        }
    )
    rate_chart = charts.line_chart(
        rates,
        x="week",
        y="value",
        color="kpi",
        title=t("overview.trend_rates"),
        x_title=week,
        y_title="",
        color_map={t(f"overview.{key}"): color for key, color in RATE_COLORS.items()},
        y_format=".0%",
        targets=(
            charts.TargetLine(t("overview.satisfaction_target_line"), SATISFACTION_TARGET),
            charts.TargetLine(t("overview.improper_target_line"), IMPROPER_SHARE_MAX, charts.LEVEL_COLORS["L1"]),
        ),
        legend_below=True,
        **unfinished,
    )
    return vol_chart, rate_chart


def pack(kpis: pd.DataFrame, stages: pd.DataFrame, l1: pd.DataFrame, trend: pd.DataFrame) -> Callable[[], bytes]:
    """The weekly pack: KPIs, SLA per stage (with a chart), every L1 case, the 12-week trend (charts).

    Labels are translated now, in the script run (the session's language cannot be read when the
    download runs); the returned builder writes the workbook when the user clicks."""
    trend_frame = trend_table(trend)
    rate_cols = rate_columns()
    build = partial(
        workbook,
        [
            Sheet(
                t("overview.pack.kpis"),
                t("overview.pack.kpis"),
                kpis,
                percent_rows=tuple(k for k, name in enumerate(kpis.iloc[:, 0]) if name in rate_cols),
            ),
            Sheet(
                t("overview.pack.stages"),
                t("overview.stage_table"),
                stages,
                charts=(
                    Chart(
                        "bar", t("overview.stage_table"), (t("overview.col.rate"), t("overview.col.rate_last")), True
                    ),
                ),
                percent_columns=(t("overview.col.rate"), t("overview.col.rate_last")),
            ),
            Sheet(t("overview.pack.l1"), t("overview.l1_list"), l1),
            Sheet(
                t("overview.pack.trend"),
                t("overview.trend"),
                trend_frame,
                charts=(
                    Chart("line", t("overview.trend_volume"), (t("overview.complaints"), t("overview.l1"))),
                    Chart("line", t("overview.trend_rates"), rate_cols, True),
                ),
                percent_columns=rate_cols,
            ),
        ],
    )
    return incidents.quiet_export(build, "weekly pack")
