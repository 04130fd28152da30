"""Drawing the agents page: pooled figures, sort controls, ranking, scorecard table, one agent's detail."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from components import charts, kpi
from components.chart_cache import cached_altair
from components.formats import stamp
from components.i18n import code, coder, lang, t
from domain.kpis import SATISFACTION_TARGET
from domain.scorecards import (
    DEFAULT_SORT,
    SAMPLE_FLAG,
    SAMPLE_THRESHOLD,
    SORT_METRICS,
    VIOLATION_TYPES,
    AgentCounts,
    ascending_for,
    pooled,
    scorecard,
)

RANKED = 15  # agents in the ranking chart
SMALL_COLOR, RELIABLE_COLOR = "#b0b0b0", charts.LEVEL_COLORS["L3"]
SMALL_STYLE = f"color: {SMALL_COLOR}; font-style: italic"
PERCENT_METRICS = frozenset({"compliance_rate", "satisfaction_rate", "sla_attainment"})
COUNT_FIELDS = tuple(AgentCounts.__dataclass_fields__)


def _en() -> bool:
    return lang() == "en"


def _number(value: float, digits: int) -> str:
    return "—" if pd.isna(value) else f"{value:.{digits}f}"


def _figure(metric: str, value: float) -> str:
    return kpi.pct(None if pd.isna(value) else value) if metric in PERCENT_METRICS else _number(value, 1)


def pooled_figures(cards: pd.DataFrame) -> None:
    """Agents shown and the pooled satisfaction, complaint rate, compliance and SLA of all of them."""
    total = scorecard(pooled(AgentCounts(**row) for row in cards[list(COUNT_FIELDS)].to_dict("records")))
    small = int(cards["small_sample"].sum())
    cols = st.columns(6)
    cols[0].metric(t("agents.kpi.agents"), f"{len(cards):,}", help=t("agents.kpi.agents_help", n=small))
    help_text = t("agents.kpi.pooled_help")
    pooled_metrics = (
        "satisfaction_rate",
        "complaints_per_1000",
        "compliance_rate",
        "sla_attainment",
        "breaches_per_1000",
    )
    for col, metric in zip(cols[1:], pooled_metrics):
        value = getattr(total, metric)
        col.metric(
            t(f"agents.metric.{metric}"), _figure(metric, float("nan") if value is None else value), help=help_text
        )


def sort_controls() -> tuple[str, bool, bool]:
    """The figure to rank by (compliance by default), whether the worst come first (default) and
    whether agents whose figure rests on a small sample are ranked too (not by default)."""
    left, right, small, _ = st.columns([2, 1, 2, 1], vertical_alignment="bottom")
    metric = left.selectbox(
        t("agents.sort_by"),
        SORT_METRICS,
        index=SORT_METRICS.index(DEFAULT_SORT),
        key="agents_sort",
        format_func=lambda m: t(f"agents.metric.{m}"),
        placeholder=t("common.choose"),
    )
    worst_first = right.toggle(t("agents.worst_first"), value=True, key="agents_worst_first")
    include_small = small.toggle(
        t("agents.include_small"),
        value=False,
        key="agents_include_small",
        help=t("agents.include_small_help"),
    )
    return metric, worst_first, include_small


def small_for(cards: pd.DataFrame, metric: str) -> pd.Series:
    """Whether each agent's ``metric`` rests on a small sample."""
    return cards[SAMPLE_FLAG[metric]].astype(bool)


def ordered(cards: pd.DataFrame, metric: str, worst_first: bool, include_small: bool = True) -> pd.DataFrame:
    """Sorted by ``metric``, worst (or best) first; agents without the figure last; ties by code.
    Unless ``include_small``, agents whose figure rests on a small sample come after all the others."""
    by_figure = cards.sort_values("code").sort_values(
        metric, ascending=ascending_for(metric, worst_first), na_position="last", kind="mergesort"
    )
    if not include_small:
        by_figure = by_figure.sort_values(SAMPLE_FLAG[metric], kind="mergesort")  # False (enough data) first
    return by_figure.reset_index(drop=True)


def ranking_note(cards: pd.DataFrame, metric: str, include_small: bool) -> str:
    """What the ranking leaves out (or includes): the figure's small-sample threshold and how many agents."""
    flag = SAMPLE_FLAG[metric]
    n = int(small_for(cards, metric).sum())
    key = "agents.ranking.small_included" if include_small else "agents.ranking.small_left_out"
    return t(key, n=n, rule=t(f"agents.{flag}", n=SAMPLE_THRESHOLD[flag]).removeprefix("⚠ "))


def agent_label(row: pd.Series) -> str:
    team = row["team_en"] if _en() else row["team"]
    return f"{row['code']} {row['name']} · {team}"


@cached_altair
def ranking_chart(cards: pd.DataFrame, metric: str, worst_first: bool, include_small: bool = True) -> charts.AltChart:
    """The first agents of the sorted list as bars, in that order; figures resting on a small sample in
    grey, or (unless ``include_small``) left out."""
    rankable = cards if include_small else cards[~small_for(cards, metric)]
    top = rankable.dropna(subset=[metric]).head(RANKED)
    small = small_for(top, metric)
    frame = pd.DataFrame(
        {
            "agent": top.apply(agent_label, axis=1) if not top.empty else [],
            "value": top[metric],
            "sample": small.map({True: t("agents.ranking.small"), False: t("agents.ranking.reliable")}),
        }
    )
    name = t(f"agents.metric.{metric}")
    percent = metric in PERCENT_METRICS
    return charts.bar_chart(
        frame,
        x="agent",
        y="value",
        color="sample",
        title=t("agents.ranking.worst" if worst_first else "agents.ranking.best", metric=name, n=len(frame)),
        x_title="",
        y_title=name,
        color_map={t("agents.ranking.small"): SMALL_COLOR, t("agents.ranking.reliable"): RELIABLE_COLOR},
        horizontal=True,  # one bar per agent: the colour only marks the sample, nothing is stacked
        y_format=".0%" if percent else None,
        value_domain=(0, 1.12) if percent else None,  # room for the figure at the end of a full bar ...
        value_ticks=(0, 0.25, 0.5, 0.75, 1) if percent else None,  # ... and no tick past 100%
        value_labels=".1%" if percent else ".1f",
        order=list(frame["agent"]),
        legend=bool(small.any()),
        tooltip_titles={"agent": t("agents.title"), "sample": t("agents.col.sample")},
        height=max(260, 28 * len(frame) + 110),
    )


def sample_note(row: pd.Series) -> str:
    notes = [t(f"agents.{flag}", n=n) for flag, n in SAMPLE_THRESHOLD.items() if row[flag]]
    return "; ".join(notes) if _en() else "；".join(notes)


def _percent(series: pd.Series) -> pd.Series:
    return (series * 100).round(1)


def scorecard_table(cards: pd.DataFrame) -> Styler:
    """The table as shown and exported: translated headers, percentages as numbers so they sort, and
    figures resting on a small sample greyed."""
    en = _en()
    columns = {
        t("agents.col.code"): cards["code"],
        t("agents.col.name"): cards["name"],
        t("agents.col.team"): cards["team_en" if en else "team"],
        t("agents.col.city"): cards["city_en" if en else "city"],
        t("agents.col.surveys"): cards["surveys"],
        t("agents.col.satisfaction_rate"): _percent(cards["satisfaction_rate"]),
        t("agents.col.mean_score"): cards["mean_score"].round(2),
        t("agents.col.contacts"): cards["contacts"],
        t("agents.col.complaints"): cards["complaints"],
        t("agents.col.complaints_per_1000"): cards["complaints_per_1000"].round(1),
        t("agents.col.breaches"): cards["breaches"],
        t("agents.col.breaches_per_1000"): cards["breaches_per_1000"].round(1),
        t("agents.col.reviews"): cards["reviews"],
    }
    for violation in VIOLATION_TYPES:
        columns[t("agents.col.violation", type=code("violation", violation))] = cards[violation]
    columns.update(
        {
            t("agents.col.compliance_rate"): _percent(cards["compliance_rate"]),
            t("agents.col.deadlines"): cards["deadlines"],
            t("agents.col.sla_attainment"): _percent(cards["sla_attainment"]),
            t("agents.col.sample"): cards.apply(sample_note, axis=1) if not cards.empty else [],
        }
    )
    table = pd.DataFrame(columns)
    greyed = pd.DataFrame("", index=table.index, columns=table.columns)
    for metric, flag in SAMPLE_FLAG.items():
        if t(f"agents.col.{metric}") in table.columns:  # violations are shown per type
            greyed.loc[cards[flag].to_numpy(), t(f"agents.col.{metric}")] = SMALL_STYLE
    one_decimal = [
        t(f"agents.col.{m}")
        for m in ("satisfaction_rate", "complaints_per_1000", "compliance_rate", "sla_attainment", "breaches_per_1000")
    ]
    return table.style.apply(lambda _: greyed, axis=None).format(
        {**dict.fromkeys(one_decimal, "{:.1f}"), t("agents.col.mean_score"): "{:.2f}"}, na_rep="—"
    )


def pick_agent(cards: pd.DataFrame) -> int:
    """Selectbox of the listed agents (worst first); a remembered agent no longer listed is dropped."""
    options = [int(a) for a in cards["agent_id"]]
    labels = dict(zip(options, cards.apply(agent_label, axis=1)))
    if st.session_state.get("agents_detail") not in labels:
        st.session_state.pop("agents_detail", None)
    return st.selectbox(
        t("agents.pick"), options, key="agents_detail", format_func=labels.__getitem__, placeholder=t("common.choose")
    )


def _card(column, label: str, value: str, detail: str, small: bool) -> None:  # noqa: ANN001 - a Streamlit column
    """One figure; a small-sample figure is marked ⚠ and its detail greyed with the reason."""
    column.metric(f"⚠ {label}" if small else label, value)
    column.caption(f":gray[{detail}]")


def detail_figures(row: pd.Series) -> None:
    """The chosen agent's five figures with the counts behind them; small samples flagged."""
    cols = st.columns(4)

    def detail(text: str, flag: str) -> str:
        return text + (" · " + t(f"agents.{flag}", n=SAMPLE_THRESHOLD[flag]) if row[flag] else "")

    surveys_detail = detail(
        t("agents.detail.surveys", n=int(row["surveys"]), mean=_number(row["mean_score"], 2)), "few_surveys"
    )
    _card(
        cols[0],
        t("agents.metric.satisfaction_rate"),
        _figure("satisfaction_rate", row["satisfaction_rate"]),
        surveys_detail,
        bool(row["few_surveys"]),
    )
    complaints_detail = detail(
        t("agents.detail.complaints", complaints=int(row["complaints"]), contacts=int(row["contacts"])), "few_contacts"
    )
    _card(
        cols[1],
        t("agents.metric.complaints_per_1000"),
        _figure("complaints_per_1000", row["complaints_per_1000"]),
        complaints_detail,
        bool(row["few_contacts"]),
    )
    _card(
        cols[2],
        t("agents.metric.compliance_rate"),
        _figure("compliance_rate", row["compliance_rate"]),
        detail(
            t("agents.detail.reviews", violations=int(row["violations"]), reviews=int(row["reviews"])), "few_reviews"
        ),
        bool(row["few_reviews"]),
    )
    _card(
        cols[3],
        t("agents.metric.sla_attainment"),
        _figure("sla_attainment", row["sla_attainment"]),
        detail(t("agents.detail.deadlines", met=int(row["met"]), deadlines=int(row["deadlines"])), "few_deadlines"),
        bool(row["few_deadlines"]),
    )


def _versus_scope(agent: pd.DataFrame, scope: pd.DataFrame, metric: str, agent_name: str) -> pd.DataFrame:
    return pd.concat(
        [
            pd.DataFrame({"week": agent["week"], "value": agent[metric], "series": agent_name}),
            pd.DataFrame({"week": scope["week"], "value": scope[metric], "series": t("agents.trend.scope")}),
        ]
    )


@cached_altair
def trend_charts(
    agent: pd.DataFrame, scope: pd.DataFrame, row: pd.Series, unfinished: Sequence[date] = ()
) -> tuple[charts.AltChart, ...]:
    """Weekly satisfaction and complaint rate against all agents in scope, and weekly violations.

    The titles say "weekly", so the week axis has no title; the tooltips still name the week.
    ``unfinished`` weeks (still running) are marked as such."""
    agent_name = f"{row['code']} {row['name']}"
    colors = {agent_name: charts.LEVEL_COLORS["L1"], t("agents.trend.scope"): SMALL_COLOR}

    def weekly(frame: pd.DataFrame, y: str, title: str, y_title: str, **options: Any) -> charts.AltChart:
        return charts.line_chart(
            frame,
            x="week",
            y=y,
            title=title,
            x_title=t("agents.trend.week"),
            y_title=y_title,
            show_x_title=False,
            legend_below=True,
            legend_columns=1,  # a third of the page is too narrow for two names side by side
            partial=unfinished,
            partial_note=t("chart.partial_note"),
            **options,
        )

    def against_scope(metric: str, title: str, **options: Any) -> charts.AltChart:
        return weekly(
            _versus_scope(agent, scope, metric, agent_name),
            "value",
            title,
            t(f"agents.metric.{metric}"),
            color="series",
            color_map=colors,
            **options,
        )

    target = charts.TargetLine(t("common.target", target=kpi.pct(SATISFACTION_TARGET, 0)), SATISFACTION_TARGET)
    return (
        against_scope("satisfaction_rate", t("agents.trend.satisfaction"), y_format=".0%", targets=(target,)),
        against_scope("complaints_per_1000", t("agents.trend.complaints")),
        weekly(
            agent,
            "violations",
            t("agents.trend.violations"),
            t("agents.metric.violations"),
            color=None,
            y_zero=True,
            integer_y=True,
        ),
    )


def violations_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Recent violations in the user's language; the reviewer's note is shown as written."""
    return pd.DataFrame(
        {
            t("agents.vcol.call_at"): rows["call_at"].map(stamp),
            t("agents.vcol.reviewed_at"): rows["reviewed_at"].map(stamp),
            t("agents.vcol.type"): rows["violation_type"].map(coder("violation")),
            t("agents.vcol.score"): rows["score"],
            t("agents.vcol.note"): rows["note"].fillna(""),
        }
    )
