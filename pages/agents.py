"""坐席 Agents: scorecards per agent (satisfaction, complaints and conduct breaches per 1,000 contacts, QA,
SLA), one agent's trends, and the conduct panel (breaches by rule × team and by hour)."""

import pandas as pd
import streamlit as st

from components import agents_view as view
from components import chart_cache, conduct_view, tables
from components.filters import current_filters
from components.i18n import t
from db.clock import now
from db.queries import agents as q
from db.queries import conduct
from domain.filters import unfinished_weeks
from domain.scorecards import (
    SMALL_SAMPLE_CONTACTS,
    SMALL_SAMPLE_DEADLINES,
    SMALL_SAMPLE_REVIEWS,
    SMALL_SAMPLE_SURVEYS,
)

f = current_filters()
stamp = pd.Timestamp(now())

st.title(t("agents.title"))
st.caption(t("agents.caption", start=f.start, end=f.end))

cards = q.scorecards(f, stamp)
if cards.empty:
    st.info(t("agents.empty"))
    st.stop()

view.pooled_figures(cards)

st.subheader(t("agents.table"))
metric, worst_first, include_small = view.sort_controls()
ranked = view.ordered(cards, metric, worst_first, include_small)
st.caption(view.ranking_note(cards, metric, include_small))
if include_small or not view.small_for(cards, metric).all():
    chart_cache.show(*view.ranking_chart.specs(ranked, metric, worst_first, include_small), key="agents_ranking")
else:
    st.info(t("agents.ranking.none_reliable"))
tables.show(view.scorecard_table(ranked), export_name="agent_scorecards", key="agents_table")
st.caption(
    t(
        "agents.small_caption",
        surveys=SMALL_SAMPLE_SURVEYS,
        contacts=SMALL_SAMPLE_CONTACTS,
        reviews=SMALL_SAMPLE_REVIEWS,
        deadlines=SMALL_SAMPLE_DEADLINES,
    )
)
st.caption(t("agents.sla_caption"))

st.subheader(t("agents.detail"))
agent_id = view.pick_agent(ranked)
row = ranked.loc[ranked["agent_id"] == agent_id].iloc[0]
view.detail_figures(row)
for column, spec, key in zip(
    st.columns(3),
    view.trend_charts.specs(q.weekly(f, agent_id), q.weekly(f), row, unfinished_weeks(f.end, now().date())),
    ("agents_trend_satisfaction", "agents_trend_complaints", "agents_trend_violations"),
):
    chart_cache.show(spec, key=key, where=column)

st.markdown(f"**{t('agents.violations', n=q.RECENT_VIOLATIONS)}**")
recent = q.recent_violations(f, agent_id)
if recent.empty:
    st.info(t("agents.no_violations"))
else:
    tables.show(view.violations_table(recent), export_name=f"qa_violations_{row['code']}", key="agents_violations")

conduct_view.panel(conduct.by_rule_team(f), conduct.by_hour(f))
