"""总览 Overview: this week to date against the same days of last week, straight from SQL aggregates."""
from dataclasses import replace

import pandas as pd
import streamlit as st

from components import kpi, tables
from components.filters import current_filters
from components.i18n import code, t
from db.clock import now
from db.queries import overview as q
from domain.filters import WeekWindow

SATISFACTION_TARGET = 0.85  # seed 000: company-wide satisfaction target

f = current_filters()
current = now()
week = WeekWindow.ending(min(f.end, current.date()))
this_f = replace(f, start=week.this_start, end=week.this_end)
last_f = replace(f, start=week.last_start, end=week.last_end)
stamp = pd.Timestamp(current)

st.title(t("overview.title"))
st.caption(t("overview.caption", start=week.this_start, end=week.this_end,
             last_start=week.last_start, last_end=week.last_end))

vol, vol_last = q.volume(this_f), q.volume(last_f)
sla, sla_last = q.sla_by_stage(this_f, stamp), q.sla_by_stage(last_f, stamp)
sat, sat_last = q.satisfaction(this_f), q.satisfaction(last_f)

c1, c2, c3, c4 = st.columns(4)
with c1:
    kpi.count_card(t("overview.complaints"), vol["complaints"], vol_last["complaints"])
with c2:
    kpi.count_card(t("overview.l1"), vol["l1"], vol_last["l1"])
with c3:
    kpi.rate_card(t("overview.sla"), q.sla_attainment(sla), q.sla_attainment(sla_last), help=t("overview.sla_help"))
with c4:
    mean = "—" if sat["mean"] is None else f"{sat['mean']:.2f}"
    kpi.rate_card(t("overview.satisfaction"), sat["rate"], sat_last["rate"],
                  target_text=t("common.target", target=kpi.pct(SATISFACTION_TARGET, 0)),
                  help=t("overview.satisfaction_help", mean=mean))

if vol["complaints"] == 0 and vol_last["complaints"] == 0 and sla["due"].sum() == 0:
    st.info(t("common.empty_for_filters"))
    st.stop()

st.subheader(t("overview.stage_table"))
stages = pd.concat([sla.assign(period=t("overview.this_week")), sla_last.assign(period=t("overview.last_week"))])
stages["rate"] = (stages["met"] / stages["due"].where(stages["due"] > 0)).map(kpi.pct)
stages["stage"] = stages["stage"].map(lambda s: code("stage", s))
tables.show(
    stages[["period", "stage", "due", "met", "rate"]].rename(columns={
        "period": t("overview.col.period"), "stage": t("overview.col.stage"), "due": t("overview.col.due"),
        "met": t("overview.col.met"), "rate": t("overview.col.rate")}),
    export_name="overview_sla_by_stage", key="overview_stage_table",
)
