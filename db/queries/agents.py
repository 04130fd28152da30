"""Agent scorecards: one grouped query per fact table, merged on ``agent_id`` (one row per agent).

Satisfaction, contacts and QA are agent-level facts filtered through the agent's city and team
(``agent_conditions``); complaints and SLA deadlines are the complaints *naming* the agent
(``Complaint.agent_id``, duplicates excluded), so the channel and level filters apply to those two.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, SQLColumnExpression, func, select

from db.engine import engine
from db.models import Agent, City, Complaint, ConductBreach, ContactLog, QAReview, SatisfactionSurvey, Team
from db.queries import run
from db.queries.cache import AGENT_FACTS, store_cached
from db.queries.conditions import agent_conditions, complaint_conditions, count_if, day_range
from db.queries.conduct import breaches_in
from db.queries.sla_expr import deadline_counts
from domain.filters import Filters, week_start
from domain.scorecards import COMPLIANT, SATISFIED_FROM, VIOLATION_TYPES, AgentCounts, scorecard

RECENT_VIOLATIONS = 20
COUNT_COLUMNS = tuple(AgentCounts.__dataclass_fields__)
RATE_COLUMNS = (
    "satisfaction_rate",
    "mean_score",
    "complaints_per_1000",
    "compliance_rate",
    "sla_attainment",
    "breaches_per_1000",
)
FLAG_COLUMNS = ("few_surveys", "few_contacts", "few_reviews", "few_deadlines", "small_sample")


def _keys(
    agent_col: SQLColumnExpression[int | None], at_col: SQLColumnExpression[datetime], per_agent: bool, per_day: bool
) -> list[ColumnElement[Any]]:
    """The grouping of a fact table: by agent and/or by day, labelled ``agent_id`` and ``day``."""
    cols: list[tuple[SQLColumnExpression[Any], str]] = [(agent_col, "agent_id")] if per_agent else []
    cols += [(func.date(at_col), "day")] if per_day else []
    return [col.label(name) for col, name in cols]


@store_cached(ttl=300, max_entries=128, uses=AGENT_FACTS)
def _agent_level(f: Filters, *, per_agent: bool, per_day: bool) -> list[pd.DataFrame]:
    """Surveys, contacts, conduct breaches and QA counts, each from one grouped query keyed by
    ``agent_id`` and/or ``day``; QA comes back wide (one column per violation type). They follow
    the dates, agent, team and city only, so a channel or level change finds them cached."""
    lo, hi = day_range(f.start, f.end)
    s, c, q, b = SatisfactionSurvey, ContactLog, QAReview, ConductBreach
    sk, ck = _keys(s.agent_id, s.at, per_agent, per_day), _keys(c.agent_id, c.at, per_agent, per_day)
    qk, bk = _keys(q.agent_id, q.call_at, per_agent, per_day), _keys(b.agent_id, b.at, per_agent, per_day)
    statements = [
        select(
            *sk,
            func.count().label("surveys"),
            count_if(s.score >= SATISFIED_FROM).label("satisfied"),
            func.coalesce(func.sum(s.score), 0).label("score_total"),
        )
        .where(s.at >= lo, s.at < hi, *agent_conditions(f, s.agent_id))
        .group_by(*sk),
        select(*ck, func.count().label("contacts"))
        .where(c.at >= lo, c.at < hi, *agent_conditions(f, c.agent_id))
        .group_by(*ck),
        select(*bk, func.count().label("breaches")).where(*breaches_in(f)).group_by(*bk),
        select(*qk, q.violation_type, func.count().label("n"))
        .where(q.call_at >= lo, q.call_at < hi, *agent_conditions(f, q.agent_id))
        .group_by(*qk, q.violation_type),
    ]
    with engine().connect() as conn:
        *frames, qa = [pd.read_sql(stmt, conn) for stmt in statements]
    return [*frames, _qa_wide(qa, [name for name in ("agent_id", "day") if name in qa])]


def _fact_frames(f: Filters, *, per_agent: bool, per_day: bool) -> list[pd.DataFrame]:
    """The agent-level counts (``_agent_level``) and the complaints naming each agent, which follow
    every complaint filter (channel and level too)."""
    mk = _keys(Complaint.agent_id, Complaint.received_at, per_agent, per_day)
    complaints = run.frame(
        select(*mk, func.count().label("complaints"))
        .where(*complaint_conditions(f), Complaint.agent_id.is_not(None))
        .group_by(*mk)
    )
    return [*_agent_level(f, per_agent=per_agent, per_day=per_day), complaints]


def _qa_wide(qa: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """(keys, violation_type, n) rows → reviews, compliant and one count column per violation type."""
    if qa.empty:
        return pd.DataFrame(columns=[*keys, "reviews", "compliant", *VIOLATION_TYPES])
    wide = qa.pivot_table(index=keys, columns="violation_type", values="n", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=[COMPLIANT, *VIOLATION_TYPES], fill_value=0)
    wide.insert(0, "reviews", wide.sum(axis=1))
    wide = wide.rename(columns={COMPLIANT: "compliant"})
    wide.columns.name = None
    return wide.reset_index()


def _with_figures(counts: pd.DataFrame) -> pd.DataFrame:
    """Integer counts (missing → 0) and each row's scorecard figures (None → NaN)."""
    out = counts.copy()
    for col in (*COUNT_COLUMNS, *VIOLATION_TYPES):
        out[col] = pd.to_numeric(out[col], errors="coerce").fillna(0).astype(int) if col in out else 0
    cards = [scorecard(AgentCounts(**row)) for row in out[list(COUNT_COLUMNS)].to_dict("records")]
    for col in RATE_COLUMNS:
        out[col] = pd.Series([getattr(card, col) for card in cards], index=out.index, dtype=float)
    out["violations"] = pd.Series([card.violations for card in cards], index=out.index, dtype=int)
    for col in FLAG_COLUMNS:
        out[col] = pd.Series([getattr(card, col) for card in cards], index=out.index, dtype=bool)
    return out


@store_cached(ttl=300, max_entries=128)
def scorecards(f: Filters, now_: pd.Timestamp) -> pd.DataFrame:
    """One row per agent in scope with any activity in the range: counts, violations by type, figures.

    SLA attainment counts the decided stage deadlines (``sla_expr``) of the complaints naming the agent:
    closed days from their rollup, today's deadline by deadline.
    """
    base = run.frame(
        select(
            Agent.id.label("agent_id"),
            Agent.code,
            Agent.name,
            Team.name.label("team"),
            Team.name_en.label("team_en"),
            City.name.label("city"),
            City.name_en.label("city_en"),
        )
        .join(Team, Team.id == Agent.team_id)
        .join(City, City.id == Team.city_id)
        .where(*agent_conditions(f, Agent.id))
        .order_by(Agent.code)
    )
    counts = deadline_counts(f, now_.to_pydatetime(), ("agent_id",))
    sla = counts.assign(met=counts["deadlines"] - counts["breached"]).drop(columns="breached")
    out = base
    for part in (*_fact_frames(f, per_agent=True, per_day=False), sla):
        out = out.merge(part, on="agent_id", how="left")
    out = _with_figures(out)
    active = out[["surveys", "contacts", "complaints", "reviews", "deadlines"]].sum(axis=1) > 0
    return out[active].reset_index(drop=True)


@store_cached(ttl=300, max_entries=256)
def weekly(f: Filters, agent_id: int | None = None) -> pd.DataFrame:
    """Per Monday-aligned week of the range: counts and figures of one agent, or of all agents in scope.

    Grouped by day in SQL (``date()`` works on both backends) and rolled up to weeks here.
    """
    scope = f if agent_id is None else replace(f, agent_ids=(agent_id,))
    weeks = pd.DataFrame({"week": list(pd.date_range(week_start(f.start), week_start(f.end), freq="7D").date)})
    for part in _fact_frames(scope, per_agent=False, per_day=True):
        if part.empty:
            continue
        part["week"] = pd.to_datetime(part.pop("day")).dt.date.map(week_start)
        weeks = weeks.merge(part.groupby("week", as_index=False).sum(), on="week", how="left")
    return _with_figures(weeks)


@store_cached(ttl=300, max_entries=256)
def recent_violations(f: Filters, agent_id: int, limit: int = RECENT_VIOLATIONS) -> pd.DataFrame:
    """The agent's latest QA reviews with a violation in the range, newest first, with the reviewer's note."""
    lo, hi = day_range(f.start, f.end)
    q = QAReview
    return run.frame(
        select(q.call_at, q.reviewed_at, q.violation_type, q.score, q.note)
        .where(
            q.agent_id == agent_id,
            q.violation_type != COMPLIANT,
            q.call_at >= lo,
            q.call_at < hi,
            *agent_conditions(f, q.agent_id),
        )
        .order_by(q.call_at.desc(), q.id.desc())
        .limit(limit)
    )


def forget() -> None:
    """Called by the writes that add a survey."""
    for read in (_agent_level, scorecards, weekly):
        read.clear()
