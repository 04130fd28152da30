"""Overview drawing: translated KPI tables, the 12-week trend charts, the outcome tables and the weekly pack."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from components import charts, incidents, kpi, tables
from components.chart_cache import cached_altair
from components.formats import stamp
from components.i18n import coder, lang, t
from components.weekly_pack import Chart, Sheet, workbook
from domain.codes import AMOUNT_OUTCOMES, WAIVER_OUTCOMES
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
            t("overview.col.stage"): this_week["stage"].map(coder("stage")),
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
            t("overview.col.category"): cases["category"].map(coder("category")),
            t("overview.col.channel"): cases["channel"].map(coder("channel")),
            t("overview.col.city"): cases[city],
            t("overview.col.status"): cases["status"].map(coder("status")),
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


@cached_altair
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


def outcome_table(by_kind: pd.DataFrame) -> pd.DataFrame:
    """Per outcome kind: cases, their share of the cases resolved, and the amount (kinds with money)."""
    resolved = by_kind["resolved"].where(by_kind["resolved"] > 0)
    return pd.DataFrame(
        {
            t("overview.col.outcome"): by_kind["kind"].map(coder("outcome")),
            t("overview.col.cases"): by_kind["cases"],
            t("overview.col.share_resolved"): (by_kind["cases"] / resolved).astype(float),
            t("overview.col.amount"): by_kind["amount"].where(by_kind["kind"].isin(AMOUNT_OUTCOMES)),
        }
    )


def compensation_table(months: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("overview.col.month"): months["month"].map(lambda m: m.strftime("%Y-%m")),
            t("overview.col.cases"): months["cases"],
            t("overview.col.amount"): months["amount"],
        }
    )


def waiver_table(waivers: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("overview.col.category"): waivers["category"].map(coder("category")),
            t("overview.col.waiver"): waivers["kind"].map(coder("outcome")),
            t("overview.col.cases"): waivers["cases"],
            t("overview.col.amount"): waivers["amount"],
        }
    )


def outcome_panel(by_kind: pd.DataFrame, frames: OutcomeFrames) -> None:
    """The outcome figures of the range: cases resolved, compensation and waivers paid, the share
    with no fault found, then the three tables (each exportable)."""
    st.caption(t("overview.outcomes_caption", start=frames.start, end=frames.end))
    resolved = int(by_kind["resolved"].iloc[0]) if len(by_kind) else 0
    if resolved == 0:
        st.info(t("overview.outcomes_none"))
        return
    amounts = by_kind.set_index("kind")
    no_fault = int(amounts.loc["no_fault", "cases"])
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("overview.resolved"), f"{resolved:,}")
    c2.metric(t("overview.compensation_total"), f"{amounts.loc['compensation', 'amount']:,.2f}")
    c3.metric(t("overview.waivers_total"), f"{amounts.loc[list(WAIVER_OUTCOMES), 'amount'].sum():,.2f}")
    c4.metric(
        t("overview.no_fault_share"),
        kpi.pct(no_fault / resolved),
        help=t("overview.no_fault_help", n=no_fault, total=resolved),
    )
    amount, share = t("overview.col.amount"), t("overview.col.share_resolved")
    st.subheader(t("overview.outcome_kinds"))
    tables.show(
        frames.kinds,
        export_name="overview_outcomes",
        key="overview_outcome_table",
        percent_columns=(share,),
        money_columns=(amount,),
    )
    st.subheader(t("overview.compensation_months"))
    tables.show(
        frames.compensation,
        export_name="overview_compensation",
        key="overview_compensation_table",
        money_columns=(amount,),
    )
    st.subheader(t("overview.waivers_categories"))
    if frames.waivers.empty:
        st.caption(t("overview.waivers_none"))
    else:
        tables.show(
            frames.waivers, export_name="overview_waivers", key="overview_waiver_table", money_columns=(amount,)
        )


@dataclass(frozen=True)
class OutcomeFrames:
    """The overview's outcome tables as shown (translated), for the page and the pack."""

    kinds: pd.DataFrame
    compensation: pd.DataFrame
    waivers: pd.DataFrame
    start: date  # the range they cover
    end: date

    @property
    def span(self) -> str:
        return f"{self.start} – {self.end}"


def pack(
    kpis: pd.DataFrame, stages: pd.DataFrame, l1: pd.DataFrame, trend: pd.DataFrame, outcomes: OutcomeFrames
) -> Callable[[], bytes]:
    """The weekly pack: KPIs, SLA per stage (with a chart), every L1 case, the 12-week trend (charts)
    and the outcomes of the filter range (by kind, compensation per month with a chart, waivers).

    Labels are translated now, in the script run (the session's language cannot be read when the
    download runs); the returned builder writes the workbook when the user clicks."""
    trend_frame = trend_table(trend)
    rate_cols = rate_columns()
    amount, share = t("overview.col.amount"), t("overview.col.share_resolved")
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
            Sheet(
                t("overview.pack.outcomes"),
                f"{t('overview.outcome_kinds')} {outcomes.span}",
                outcomes.kinds,
                percent_columns=(share,),
                money_columns=(amount,),
            ),
            Sheet(
                t("overview.pack.compensation"),
                f"{t('overview.compensation_months')} {outcomes.span}",
                outcomes.compensation,
                charts=(Chart("bar", t("overview.compensation_months"), (amount,)),),
                money_columns=(amount,),
            ),
            Sheet(
                t("overview.pack.waivers"),
                f"{t('overview.waivers_categories')} {outcomes.span}",
                outcomes.waivers,
                money_columns=(amount,),
            ),
        ],
    )
    return incidents.quiet_export(build, "weekly pack")
