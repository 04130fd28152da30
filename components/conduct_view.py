"""Drawing conduct monitoring: the ledger's run control, a monitoring warning's summary and evidence,
the agents page's conduct panel (rule × team heatmap, breaches by hour) and the admin's rule editor."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import chart_cache, charts, feedback
from components.case_view import md_escape
from components.chart_cache import cached_altair, cached_figure
from components.formats import stamp
from components.i18n import code, coder, lang, t
from domain.conduct import RULE_CODES, RULES, RuleSetting

SECONDS = "%Y-%m-%d %H:%M:%S"  # 21:59:59 and 22:00:00 are a rule apart
TOP_TEAMS = 15
HOURS = range(24)


def _counts(run: Mapping[str, Any]) -> dict[str, int]:
    """A run's figures as the messages name them."""
    return {
        "contacts": int(run["contacts"]),
        "breaches": int(run["breaches"]),
        "created": int(run["warnings_created"]),
        "updated": int(run["warnings_updated"]),
    }


def run_panel(last: Mapping[str, Any] | None, run: Callable[[], Mapping[str, int]] | None) -> None:
    """What system monitoring does, its last run, and (for the roles that may) the button that runs it."""
    with st.expander(t("conduct.run.title"), icon=":material/radar:"):
        st.caption(t("conduct.run.caption"))
        if last is None:
            st.caption(t("conduct.run.never"))
        else:
            st.caption(t("conduct.run.last", at=stamp(last["finished_at"]), **_counts(last)))
        if run is not None and st.button(t("conduct.run.button"), icon=":material/play_arrow:", key="conduct_run"):
            with st.spinner(t("conduct.run.spinner")):
                feedback.attempt(run, lambda r: feedback.flash_and_rerun(t("conduct.run.done", **_counts(r))))


def summary(row: Mapping[str, Any]) -> None:
    """A monitoring warning's rule, day, agent, team and number of breaching contacts."""
    team = row["team_en"] if lang() == "en" else row["team"]
    st.markdown(
        t(
            "conduct.summary",
            rule=code("conduct_rule", row["rule"]),
            day=stamp(row["breach_day"], "%Y-%m-%d"),
            agent=md_escape(row["agent_code"] or "—"),
            team=md_escape(team),
            n=int(row["evidence"]),
        )
    )


def evidence_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The breaching contacts as shown and exported, to the second."""
    en = lang() == "en"
    return pd.DataFrame(
        {
            t("conduct.col.at"): rows["at"].map(lambda at: stamp(at, SECONDS)),
            t("conduct.col.channel"): rows["channel"].map(coder("contact_channel")),
            t("conduct.col.party"): rows["party"].map(coder("contact_party")),
            t("conduct.col.connected"): rows["connected"].map(lambda c: t("conduct.yes" if c else "conduct.no")),
            t("conduct.col.duration"): rows["duration_s"],
            t("conduct.col.agent"): rows["agent"],
            t("conduct.col.team"): rows["team_en" if en else "team"],
        }
    )


def panel(by_team: pd.DataFrame, by_hour: pd.DataFrame) -> None:
    """Breaches per rule and team (the teams with most, as a heatmap) and per hour of the day by rule."""
    st.subheader(t("conduct.panel"))
    st.caption(t("conduct.panel_caption"))
    if by_team.empty:
        st.info(t("conduct.panel_empty"))
        return
    teams = by_team[_team_column()].nunique()
    if teams > TOP_TEAMS:
        st.caption(t("conduct.top_teams", shown=TOP_TEAMS, total=teams))
    st.plotly_chart(team_heatmap.figure(by_team), key="conduct_heatmap", width="stretch")
    # full width: 24 hours stand side by side without crowding
    chart_cache.show(*hour_chart.specs(by_hour), key="conduct_by_hour")


def _team_column() -> str:
    return "team_en" if lang() == "en" else "team"


@cached_figure
def team_heatmap(by_team: pd.DataFrame) -> go.Figure:
    """Rules across, the ``TOP_TEAMS`` teams with most breaches down."""
    team_col = _team_column()
    totals = by_team.groupby(team_col)["breaches"].sum().sort_values(ascending=False)
    teams = list(totals.index[:TOP_TEAMS])
    rules = [code("conduct_rule", r) for r in RULE_CODES]
    grid = pd.DataFrame([(rule, team) for team in teams for rule in rules], columns=["rule", "team"])
    counts = by_team.assign(rule=by_team["rule"].map(coder("conduct_rule")), team=by_team[team_col])
    grid = grid.merge(counts[["rule", "team", "breaches"]], on=["rule", "team"], how="left").fillna({"breaches": 0})
    return charts.heatmap(
        grid,
        x="rule",
        y="team",
        z="breaches",
        title=t("conduct.heatmap"),
        x_title=t("conduct.axis.rule"),
        y_title=t("conduct.axis.team"),
        z_format=",d",
        height=max(360, 28 * len(teams) + 160),
    )


@cached_altair
def hour_chart(by_hour: pd.DataFrame) -> charts.AltChart:
    """Breaches per hour of the day by rule; every hour shown, a quiet one as zero."""
    rules = [code("conduct_rule", r) for r in RULE_CODES]
    hours = pd.DataFrame([(h, r) for h in HOURS for r in RULE_CODES], columns=["hour", "rule"])
    hours = hours.merge(by_hour, on=["hour", "rule"], how="left").fillna({"breaches": 0})
    hours = hours.assign(hour=hours["hour"].map(lambda h: f"{h:02d}"), rule=hours["rule"].map(coder("conduct_rule")))
    return charts.bar_chart(
        hours,
        x="hour",
        y="breaches",
        color="rule",
        title=t("conduct.by_hour"),
        x_title=t("conduct.axis.hour"),
        y_title=t("conduct.axis.breaches"),
        color_title=t("conduct.axis.rule"),
        color_map=dict(zip(rules, charts.FALLBACK_COLORS)),
        height=360,
    )


def rules_editor(current: Mapping[str, RuleSetting], on_save: Callable[[dict[str, dict[str, object]]], None]) -> None:
    """The admin's editor of the conduct rules: per rule on/off, risk weight and parameters, one save."""
    with st.form("conduct_rules_form"):
        rows: dict[str, dict[str, object]] = {}
        for code_, spec in RULES.items():
            setting = current[code_]
            st.markdown(f"**{code('conduct_rule', code_)}**")
            cols = st.columns(4)
            row: dict[str, object] = {
                "enabled": cols[0].toggle(t("conduct.field.enabled"), value=setting.enabled, key=f"conduct_{code_}_on"),
                "weight": cols[1].number_input(
                    t("conduct.field.weight"),
                    min_value=0.0,
                    max_value=1.0,
                    step=0.05,
                    value=float(setting.weight),
                    format="%.2f",
                    key=f"conduct_{code_}_weight",
                ),
            }
            for col, param in zip(cols[2:], spec.params):
                row[param.name] = col.number_input(
                    t(f"conduct.param.{param.name}"),
                    min_value=param.minimum,
                    max_value=param.maximum,
                    step=1,
                    value=setting.param(param.name),
                    key=f"conduct_{code_}_{param.name}",
                )
            rows[code_] = row
        if st.form_submit_button(t("conduct.save"), key="conduct_save"):
            feedback.attempt(lambda: on_save(rows), lambda _: feedback.flash_and_rerun(t("conduct.saved")))
