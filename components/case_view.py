"""Drawing one case: header facts, the five stages with due vs actual times, and the timeline."""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd
import streamlit as st

from components.calendar_notice import fallback_notice
from components.formats import stamp
from components.i18n import code, lang, t
from domain.calendar import BusinessCalendar
from domain.codes import STAGES
from domain.sla import stage_state

AT_RISK_DEFAULT_HOURS = 4
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(value: object) -> str:
    """Stored text placed inside Markdown, shown literally: a masked name such as 张** or a phone
    138****5678 must not turn into bold, nor a name into a link or an icon."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value))


def calendar_notice(case: dict, cal: BusinessCalendar) -> None:
    """Say so when a due time of the case falls in a year without holiday data."""
    fallback_notice(cal.uncovered_years(case[f"{stage}_due_at"] for stage in STAGES))


def stage_frame(case: dict, now: datetime, at_risk_hours: float = AT_RISK_DEFAULT_HOURS) -> pd.DataFrame:
    """Due vs actual per stage, with the SLA state in the user's language."""
    rows = []
    for stage in STAGES:
        due, done = case[f"{stage}_due_at"], case[f"{stage}_at"]
        state = stage_state(due, done, now, pd.Timedelta(hours=at_risk_hours).to_pytimedelta())
        rows.append(
            {
                t("case.col.stage"): code("stage", stage),
                t("case.col.due"): stamp(due),
                t("case.col.done"): stamp(done),
                t("case.col.state"): t(f"case.state.{state.value}"),
            }
        )
    return pd.DataFrame(rows)


def header(case: dict) -> None:
    """Reference number, level, channel, category, place, people and the complaint text."""
    en = lang() == "en"
    st.subheader(f"{case['ref_no']} · {code('level', case['level'])}")
    cols = st.columns(4)
    cols[0].markdown(f"**{t('case.received')}**  \n{stamp(case['received_at'])}")
    cols[1].markdown(f"**{t('case.channel')}**  \n{code('channel', case['channel'])}")
    cols[2].markdown(f"**{t('case.category')}**  \n{code('category', case['category'])}")
    cols[3].markdown(f"**{t('case.status')}**  \n{code('status', case['status'])}")
    cols = st.columns(4)
    cols[0].markdown(f"**{t('case.city')}**  \n{md_escape(case['city_en'] if en else case['city'])}")
    team = case["team_en"] if en else case["team"]
    cols[1].markdown(f"**{t('case.team_agent')}**  \n{md_escape(team or '—')} · {md_escape(case['agent_code'] or '—')}")
    customer = md_escape(case["customer_name"]) if case["customer_name"] else t("case.anonymous")
    cols[2].markdown(f"**{t('case.customer')}**  \n{customer} {md_escape(case['customer_phone'])}")
    cols[3].markdown(
        f"**{t('case.handler')}**  \n{md_escape(case['handler'] or '—')} "
        f"({t('case.first_owner')}: {md_escape(case['first_owner'] or '—')})"
    )
    if case["exec_reported"]:
        st.warning(t("case.exec_reported"), icon=":material/priority_high:")
    st.text(case["description"])  # st.text: complaint text is shown as typed, never as Markdown/HTML


def timeline_frame(events: pd.DataFrame) -> pd.DataFrame:
    """Events in the user's language: when, what, stage, who, note."""
    if events.empty:
        return pd.DataFrame(
            columns=[
                t("case.col.at"),
                t("case.col.event"),
                t("case.col.stage"),
                t("case.col.actor"),
                t("case.col.note"),
            ]
        )
    return pd.DataFrame(
        {
            t("case.col.at"): events["at"].map(stamp),
            t("case.col.event"): events["kind"].map(lambda k: t(f"case.event.{k}")),
            t("case.col.stage"): events["stage"].map(lambda s: code("stage", s) if isinstance(s, str) else ""),
            t("case.col.actor"): events["actor"].fillna(""),
            t("case.col.note"): events["note"].fillna(""),
        }
    )
