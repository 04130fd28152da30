"""总览 Overview: the committee's weekly view — this week against last week and against target — and
what resolving cases did over the filter range (outcomes, compensation, waivers, no fault found)."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from components import chart_cache, kpi, monthly_report, overview_view, tables
from components.filters import current_filters
from components.i18n import t
from db.clock import now
from db.queries import overview as q
from db.queries import report
from domain.filters import WeekWindow, complete_through
from domain.kpis import IMPROPER_SHARE_MAX, SATISFACTION_TARGET, TREND_WEEKS, share
from domain.report import report_months

f = current_filters()
current = now()
stamp = pd.Timestamp(current)
to_date = st.session_state.get(overview_view.WEEK_TO_DATE_KEY, False)
week = (
    WeekWindow.ending(q.as_of_day(f, current))
    if to_date
    else WeekWindow.last_full(complete_through(f.end, current.date()))
)
this_name, last_name = overview_view.week_names(to_date)
this_f = replace(f, start=week.this_start, end=week.this_end)
last_f = replace(f, start=week.last_start, end=week.last_end)

vol, vol_last = q.volume(this_f), q.volume(last_f)
sla, sla_last = q.sla_by_stage(this_f, stamp), q.sla_by_stage(last_f, stamp)
sat, sat_last = q.satisfaction(this_f), q.satisfaction(last_f)
warn, warn_last = q.warnings(this_f), q.warnings(last_f)
improper, improper_last = share(vol["improper"], vol["complaints"]), share(vol_last["improper"], vol_last["complaints"])
attainment, attainment_last = q.sla_attainment(sla), q.sla_attainment(sla_last)

head, pack_slot = st.columns([5, 2], vertical_alignment="bottom")
head.title(t("overview.title"))
head.caption(
    t(
        "overview.caption" if to_date else "overview.caption_full",
        start=week.this_start,
        end=week.this_end,
        last_start=week.last_start,
        last_end=week.last_end,
    )
)
head.toggle(t("overview.week_to_date"), key=overview_view.WEEK_TO_DATE_KEY, help=t("overview.week_to_date_help"))

c1, c2, c3 = st.columns(3)
with c1:
    kpi.count_card(t("overview.complaints"), vol["complaints"], vol_last["complaints"])
with c2:
    kpi.count_card(t("overview.l1"), vol["l1"], vol_last["l1"])
with c3:
    kpi.rate_card(t("overview.sla"), attainment, attainment_last, help=t("overview.sla_help"))
c4, c5, c6 = st.columns(3)
with c4:
    mean = "—" if sat["mean"] is None else f"{sat['mean']:.2f}"
    kpi.rate_card(
        t("overview.satisfaction"),
        sat["rate"],
        sat_last["rate"],
        target_text=t("common.target", target=kpi.pct(SATISFACTION_TARGET, 0)),
        help=t("overview.satisfaction_help", mean=mean, n=sat["surveys"]),
    )
with c5:
    kpi.rate_card(
        t("overview.improper"),
        improper,
        improper_last,
        lower_is_better=True,
        target_text=t("overview.target_below", target=kpi.pct(IMPROPER_SHARE_MAX, 0)),
        help=t("overview.improper_help"),
    )
with c6:
    st.metric(t("overview.warnings_open"), f"{warn['open']:,}", help=t("overview.warnings_help"))
    st.caption(t("overview.warnings_new", n=warn["reported"], last=warn_last["reported"]))

trend = q.weekly_trend(this_f, stamp, TREND_WEEKS)
if vol["complaints"] == 0 and vol_last["complaints"] == 0 and trend["complaints"].sum() == 0:
    st.info(t("common.empty_for_filters"))
    st.stop()

stage_frame = overview_view.stage_table(sla, sla_last)
l1_frame = overview_view.l1_table(q.l1_cases(this_f))
kpi_frame = overview_view.kpi_table(
    [
        (t("overview.complaints"), vol["complaints"], vol_last["complaints"], ""),
        (t("overview.l1"), vol["l1"], vol_last["l1"], ""),
        (t("overview.sla"), attainment, attainment_last, ""),
        (t("overview.satisfaction"), sat["rate"], sat_last["rate"], f"≥ {kpi.pct(SATISFACTION_TARGET, 0)}"),
        (t("overview.improper"), improper, improper_last, f"< {kpi.pct(IMPROPER_SHARE_MAX, 0)}"),
        (t("overview.warnings_open"), warn["open"], "", ""),
    ],
    this_name,
    last_name,
)
by_kind = q.outcomes_by_kind(f)
outcomes = overview_view.OutcomeFrames(
    overview_view.outcome_table(by_kind),
    overview_view.compensation_table(q.compensation_by_month(f)),
    overview_view.waiver_table(q.waivers_by_category(f)),
    f.start,
    f.end,
)
pack_slot.download_button(
    t("overview.pack"),
    overview_view.pack(kpi_frame, stage_frame, l1_frame, trend, outcomes),
    file_name=f"weekly_pack_{week.this_start}.xlsx",
    key="overview_pack",
    help=t("overview.pack_help"),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
)

trend_tab, stage_tab, l1_tab, outcome_tab = st.tabs(
    [t("overview.tab.trend"), t("overview.tab.stages"), t("overview.tab.l1"), t("overview.tab.outcomes")]
)
with trend_tab:
    volume_chart, rates_chart = overview_view.trend_charts.specs(trend)
    left, right = st.columns(2)
    chart_cache.show(volume_chart, key="overview_trend_volume", where=left)
    chart_cache.show(rates_chart, key="overview_trend_rates", where=right)
    tables.show(
        overview_view.trend_table(trend),
        export_name="overview_trend",
        key="overview_trend_table",
        percent_columns=overview_view.rate_columns(),
    )
with stage_tab:
    tables.show(
        stage_frame,
        export_name="overview_sla_by_stage",
        key="overview_stage_table",
        percent_columns=(t("overview.col.rate"), t("overview.col.rate_last")),
    )
with l1_tab:
    st.subheader(t("overview.l1_list"))
    if l1_frame.empty:
        st.info(t("overview.l1_none"))
    else:
        tables.show(l1_frame, export_name="overview_l1", key="overview_l1_table", case_columns=(t("overview.col.ref"),))
with outcome_tab:
    overview_view.outcome_panel(by_kind, outcomes)

st.divider()
monthly_report.panel(
    lambda month: report.monthly(f, month, stamp.floor("min")),
    report_months(current.date()),
    current,
    "overview_report",
)
