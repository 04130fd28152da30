"""The agents page through ``app.py`` on the session's seeded store (AppTest)."""

from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
from sqlalchemy import create_engine, text

from components.labels.agents import LABELS

PAGE = "pages/agents.py"
CJK = re.compile(r"[\u4e00-\u9fff]")
TRENDS = 3  # satisfaction, complaints per 1,000 contacts, violations


def zh(key: str) -> str:
    return LABELS[key][0]


def en(key: str) -> str:
    return LABELS[key][1]


def _table(at) -> pd.DataFrame:
    return at.dataframe[0].value


def _chart_titles(at) -> list[str]:
    """Titles of the page's charts, all drawn with Altair (Vega-Lite)."""
    return [json.loads(chart.proto.spec)["title"]["text"] for chart in at.get("vega_lite_chart")]


def test_manager_sees_scorecards_ranking_and_detail_in_chinese(app) -> None:
    at = app(role="manager", lang="zh", page=PAGE, agents_include_small=True)
    assert not at.exception, at.exception
    assert at.title[0].value == zh("agents.title")
    assert len(at.get("vega_lite_chart")) == 1 + TRENDS and not at.get("plotly_chart")
    table = _table(at)
    assert {
        zh("agents.col.code"),
        zh("agents.col.satisfaction_rate"),
        zh("agents.col.complaints_per_1000"),
        zh("agents.col.compliance_rate"),
        zh("agents.col.sla_attainment"),
        zh("agents.col.sample"),
        "质检·辱骂",
        "质检·威胁",
    } <= set(table.columns)
    # Worst first by compliance is the default.
    compliance = table[zh("agents.col.compliance_rate")].dropna()
    assert compliance.is_monotonic_increasing
    assert at.selectbox(key="agents_sort").value == "compliance_rate"
    assert at.toggle(key="agents_worst_first").value is True
    # The detail view opens on the worst agent.
    assert at.selectbox(key="agents_detail").value is not None
    assert at.selectbox(key="agents_detail").label == zh("agents.pick")
    assert any(zh("agents.sla_caption")[:10] in c.value for c in at.caption)


def test_english_labels_have_no_chinese(app) -> None:
    at = app(role="manager", lang="en", page=PAGE)
    assert not at.exception, at.exception
    assert at.title[0].value == "Agents"
    owned = (
        [m.label for m in at.metric]
        + [s.value for s in at.subheader]
        + list(_table(at).columns)
        + _chart_titles(at)
        + [at.selectbox(key="agents_sort").label, at.toggle(key="agents_worst_first").label]
        + [c.value for c in at.caption]
        + list(at.selectbox(key="agents_sort").options)
    )
    assert not [label for label in owned if CJK.search(label)]
    assert en("agents.col.sample") in _table(at).columns
    assert "QA: Insult" in _table(at).columns


def test_small_samples_are_marked(app) -> None:
    # The seeded store has about 2 surveys per agent per fortnight: every agent is a small sample.
    at = app(role="manager", lang="en", page=PAGE, flt_dates=(date(2026, 11, 9), date(2026, 11, 22)))
    notes = _table(at)[en("agents.col.sample")]
    assert notes.str.contains("fewer than 30 surveys").all()
    assert notes.str.contains("fewer than 10 QA reviews").all()  # 2–8 reviews per agent
    assert any(m.label.startswith("⚠") for m in at.metric)


def test_small_samples_stay_out_of_the_ranking_unless_included(app) -> None:
    """Compliance (the default sort) rests on 2–8 reviews per agent: no ranking, the threshold said,
    and a switch that ranks them anyway (greyed)."""
    at = app(role="manager", lang="en", page=PAGE, flt_dates=(date(2026, 11, 9), date(2026, 11, 22)))
    assert not at.exception, at.exception
    assert any("leaves out" in c.value and "fewer than 10 QA reviews" in c.value for c in at.caption)
    assert at.info and "enough data" in at.info[0].value
    assert not _chart_titles(at)[0].startswith("Compliance rate")
    included = app(
        role="manager",
        lang="en",
        page=PAGE,
        flt_dates=(date(2026, 11, 9), date(2026, 11, 22)),
        agents_include_small=True,
    )
    assert _chart_titles(included)[0].startswith("Compliance rate: the ")
    assert any("includes" in c.value for c in included.caption)


def test_sort_by_satisfaction_best_first(app) -> None:
    at = app(
        role="manager",
        lang="en",
        page=PAGE,
        agents_sort="satisfaction_rate",
        agents_worst_first=False,
        agents_include_small=True,
    )
    assert not at.exception, at.exception
    rates = _table(at)[en("agents.col.satisfaction_rate")].dropna()
    assert rates.is_monotonic_decreasing
    assert _chart_titles(at)[0].startswith("Satisfaction rate: the ")


def test_city_filter_lists_only_that_citys_agents(app) -> None:
    at = app(role="manager", lang="en", page=PAGE, flt_city=[1])
    assert not at.exception, at.exception
    assert set(_table(at)[en("agents.col.city")]) == {"Shanghai"}


def test_department_head_sees_own_team_only(app, seeded_sqlite: str) -> None:
    with create_engine(seeded_sqlite).connect() as conn:
        team, team_agents = conn.execute(
            text(
                "SELECT t.name, count(a.id) FROM users u JOIN teams t ON t.id = u.team_id "
                "JOIN agents a ON a.team_id = t.id WHERE u.username = 'head' GROUP BY t.name"
            )
        ).one()
    at = app(role="dept_head", lang="zh", page=PAGE)
    assert not at.exception, at.exception
    table = _table(at)
    assert set(table[zh("agents.col.team")]) == {team}
    assert 0 < len(table) <= team_agents


def test_detail_view_of_a_preset_agent(app, seeded_sqlite: str) -> None:
    with create_engine(seeded_sqlite).connect() as conn:
        agent_id, agent_code = conn.execute(
            text(
                "SELECT a.id, a.code FROM agents a JOIN qa_reviews q ON q.agent_id = a.id "
                "WHERE q.violation_type <> 'none' AND q.call_at >= '2026-09-01' ORDER BY q.call_at DESC LIMIT 1"
            )
        ).one()
    at = app(
        role="manager", lang="en", page=PAGE, flt_dates=(date(2026, 9, 1), date(2026, 11, 22)), agents_detail=agent_id
    )
    assert not at.exception, at.exception
    assert at.selectbox(key="agents_detail").value == agent_id
    titles = _chart_titles(at)
    assert titles[-3:] == [
        en("agents.trend.satisfaction"),
        en("agents.trend.complaints"),
        en("agents.trend.violations"),
    ]
    violations = at.dataframe[1].value
    assert list(violations.columns) == [
        en("agents.vcol.call_at"),
        en("agents.vcol.reviewed_at"),
        en("agents.vcol.type"),
        en("agents.vcol.score"),
        en("agents.vcol.note"),
    ]
    assert len(violations) >= 1 and violations[en("agents.vcol.note")].str.len().gt(0).all()
    assert [m.label.lstrip("⚠ ") for m in at.metric][-4:] == [
        en("agents.metric.satisfaction_rate"),
        en("agents.metric.complaints_per_1000"),
        en("agents.metric.compliance_rate"),
        en("agents.metric.sla_attainment"),
    ]
    assert agent_code in str(at.selectbox(key="agents_detail").format_func(agent_id))


def test_empty_state_says_why(app) -> None:
    at = app(role="manager", lang="en", page=PAGE, flt_dates=(date(2020, 1, 6), date(2020, 1, 12)))
    assert not at.exception, at.exception
    assert at.info[0].value == en("agents.empty")
    assert not at.get("vega_lite_chart") and not at.get("plotly_chart")
    assert not at.dataframe
