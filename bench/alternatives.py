"""What each page's reads are measured against, on the same store and in the same run.

*Naive*: read the rows the page needs into pandas (``pd.read_sql``) and aggregate there; the read
and the aggregation are timed together. *DuckDB*: the same rows loaded into an in-memory DuckDB
(not timed) and the same aggregates as GROUP BY queries (timed). *Ours*: ``bench.reads``.

The definitions are ours exactly: duplicates are never counted, a date range is half-open
[start 00:00, day after end 00:00), and a stage deadline counts when its due time falls in the
range and it is decided at ``now``: done (met when done by the due time) or open past due
(breached), as ``db/queries/sla_expr.py``. Rows are selected in SQL on a range widened by a day
and cut exactly here, so how the store compares stored timestamps with bound ones decides nothing.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb
import pandas as pd
import streamlit as st
from sqlalchemy import ColumnElement, Executable, or_, select

from bench.figures import Figures, differences
from bench.reads import OURS
from db.models import Complaint, ContactLog, CustomerMonthly, SatisfactionSurvey
from db.queries import run
from db.queries.conditions import day_range
from domain.codes import IMPROPER_COLLECTION, STAGES
from domain.filters import Filters
from domain.loyalty import month_start, months_between, previous_month
from domain.scorecards import SATISFIED_FROM

Tables = dict[str, pd.DataFrame]
STAGE_COLUMNS = [column for stage in STAGES for column in (f"{stage}_due_at", f"{stage}_at")]
AGENT_COUNTS = ["surveys", "satisfied", "score_total", "contacts", "complaints", "deadlines", "met"]


# ---- the rows a page needs -------------------------------------------------------------------------


def _widened(f: Filters) -> tuple[datetime, datetime]:
    lo, hi = day_range(f.start, f.end)
    return lo - timedelta(days=1), hi + timedelta(days=1)


def _read(stmt: Executable, times: list[str]) -> pd.DataFrame:
    frame = run.frame(stmt)
    for column in times:
        frame[column] = pd.to_datetime(frame[column])
    return frame


def _complaints(f: Filters, columns: list[str], *, received: bool, due: bool) -> pd.DataFrame:
    """Non-duplicate complaints received in the (widened) range or with a stage due in it, with
    ``columns`` and their receipt time when ``received``, every stage's due and done times when ``due``."""
    lo, hi = _widened(f)
    times = (["received_at"] if received else []) + (STAGE_COLUMNS if due else [])
    within: list[ColumnElement[bool]] = []
    if received:
        within.append(Complaint.received_at.between(lo, hi))
    if due:
        within += [getattr(Complaint, f"{stage}_due_at").between(lo, hi) for stage in STAGES]
    stmt = select(*(getattr(Complaint, name) for name in [*columns, *times])).where(
        Complaint.duplicate_of_id.is_(None), or_(*within)
    )
    return _read(stmt, times)


def _in_range(moments: pd.Series, f: Filters) -> pd.Series:
    lo, hi = day_range(f.start, f.end)
    return (moments >= lo) & (moments < hi)


def _complaints_tables(columns: list[str], *, received: bool, due: bool) -> Callable[[Filters], Tables]:
    return lambda f: {"complaints": _complaints(f, columns, received=received, due=due)}


def _agent_tables(f: Filters) -> Tables:
    lo, hi = _widened(f)
    s, c = SatisfactionSurvey, ContactLog
    return {
        "surveys": _read(select(s.agent_id, s.at, s.score).where(s.at.between(lo, hi)), ["at"]),
        "contacts": _read(select(c.agent_id, c.at).where(c.at.between(lo, hi)), ["at"]),
        "complaints": _complaints(f, ["agent_id"], received=True, due=True),
    }


def _loyalty_tables(f: Filters) -> Tables:
    """Snapshots of the range's months and of the month before each (a transition's "from")."""
    cm = CustomerMonthly
    months = months_between(f.start, f.end)
    stmt = select(
        cm.customer_id, cm.month, cm.loyalty_tier.label("tier"), cm.debt_amount.label("debt"), cm.repaid_30d
    ).where(cm.month.in_(sorted({*months, *map(previous_month, months)})))
    frame = _read(stmt, ["month"]).rename(columns={"repaid_30d": "repaid"})
    frame[["debt", "repaid"]] = frame[["debt", "repaid"]].astype(float)
    return {"monthly": frame}


# ---- in pandas ----------------------------------------------------------------------------------------


def _deadlines(frame: pd.DataFrame, f: Filters, now: datetime, columns: list[str]) -> pd.DataFrame:
    """One row per decided stage deadline due in the range: ``columns``, stage, due_at, breached (0/1)."""
    parts = []
    for stage in STAGES:
        due, done = frame[f"{stage}_due_at"], frame[f"{stage}_at"]
        decided = _in_range(due, f) & (done.notna() | (due < now))
        breached = (done > due) | done.isna()
        parts.append(
            frame.loc[decided, columns].assign(stage=stage, due_at=due[decided], breached=breached[decided].astype(int))
        )
    return pd.concat(parts, ignore_index=True)


def _monday(moments: pd.Series) -> pd.Series:
    days = moments.dt.normalize()
    return (days - pd.to_timedelta(days.dt.weekday, unit="D")).dt.date


def _overview_pandas(tables: Tables, f: Filters, now: datetime) -> Figures:
    frame = tables["complaints"]
    received = frame[_in_range(frame["received_at"], f)]
    volume = {
        "complaints": len(received),
        "l1": int((received["level"] == "L1").sum()),
        "improper": int(received["category"].isin(IMPROPER_COLLECTION).sum()),
    }
    d = _deadlines(frame, f, now, [])
    stages = d.groupby("stage", as_index=False).agg(deadlines=("breached", "size"), breached=("breached", "sum"))
    return {
        "volume": pd.DataFrame([volume]),
        "sla_by_stage": stages.assign(met=stages["deadlines"] - stages["breached"]),
    }


def _channels_pandas(tables: Tables, f: Filters, now: datetime) -> Figures:
    frame = tables["complaints"]
    received = frame[_in_range(frame["received_at"], f)]
    per_day = received.groupby([received["received_at"].dt.date.rename("day"), "channel"]).size()
    return {
        "per_channel": received.groupby("channel").size().rename("complaints").reset_index(),
        "per_day_channel": per_day.rename("complaints").reset_index(),
    }


def _breaches(d: pd.DataFrame, keys: list[str | pd.Series]) -> pd.DataFrame:
    return d.groupby(keys).agg(deadlines=("breached", "size"), breached=("breached", "sum")).reset_index()


def _sla_pandas(tables: Tables, f: Filters, now: datetime) -> Figures:
    d = _deadlines(tables["complaints"], f, now, ["city_id", "level"])
    return {
        "stage_level": _breaches(d, ["stage", "level"]),
        "city_week": _breaches(d, ["city_id", _monday(d["due_at"]).rename("week")]),
    }


def _agents_pandas(tables: Tables, f: Filters, now: datetime) -> Figures:
    surveys, contacts, complaints = tables["surveys"], tables["contacts"], tables["complaints"]
    surveys = surveys[_in_range(surveys["at"], f)]
    contacts = contacts[_in_range(contacts["at"], f)]
    received = complaints[_in_range(complaints["received_at"], f)]
    d = _deadlines(complaints, f, now, ["agent_id"])
    parts = [
        surveys.assign(satisfied=(surveys["score"] >= SATISFIED_FROM).astype(int))
        .groupby("agent_id")
        .agg(surveys=("score", "size"), satisfied=("satisfied", "sum"), score_total=("score", "sum")),
        contacts.groupby("agent_id").size().rename("contacts").to_frame(),
        received.groupby("agent_id").size().rename("complaints").to_frame(),
        d.groupby("agent_id").agg(deadlines=("breached", "size"), breached=("breached", "sum")),
    ]
    per_agent = pd.concat(parts).groupby(level=0).sum(min_count=1).fillna(0).rename_axis("agent_id")
    per_agent["met"] = per_agent["deadlines"] - per_agent["breached"]
    return {"per_agent": per_agent.reindex(columns=AGENT_COUNTS).fillna(0).reset_index()}


def _loyalty_pandas(tables: Tables, f: Filters, now: datetime) -> Figures:
    monthly = tables["monthly"]
    first, last = (pd.Timestamp(month_start(day)) for day in (f.start, f.end))
    in_range = monthly[(monthly["month"] >= first) & (monthly["month"] <= last)]
    tier_months = in_range.groupby(["month", "tier"], as_index=False).agg(
        customers=("customer_id", "size"), debt=("debt", "sum"), repaid=("repaid", "sum")
    )
    months = set(in_range["month"].unique())
    before = monthly.assign(next_month=monthly["month"] + pd.DateOffset(months=1))
    before = before[before["next_month"].isin(months)]
    after = in_range[["customer_id", "month", "tier"]].rename(columns={"month": "next_month", "tier": "to_tier"})
    moves = before.merge(after, on=["customer_id", "next_month"], how="left")
    transitions = (
        moves.groupby(["next_month", "tier", "to_tier"], dropna=False)
        .size()
        .rename("customers")
        .reset_index()
        .rename(columns={"next_month": "month", "tier": "from_tier"})
    )
    return {"tier_months": tier_months, "transitions": transitions}


# ---- in DuckDB ------------------------------------------------------------------------------------------


def _deadlines_sql(*columns: str) -> str:
    """The decided deadlines due in [$lo, $hi) at $now, one SELECT per stage: ``columns``, stage,
    due_at, breached (0/1)."""
    return " UNION ALL ".join(
        f"SELECT {''.join(f'{column}, ' for column in columns)}'{stage}' AS stage, {stage}_due_at AS due_at, "
        f"CASE WHEN {stage}_at > {stage}_due_at OR {stage}_at IS NULL THEN 1 ELSE 0 END AS breached "
        f"FROM complaints WHERE {stage}_due_at >= $lo AND {stage}_due_at < $hi "
        f"AND ({stage}_at IS NOT NULL OR {stage}_due_at < $now)"
        for stage in STAGES
    )


def _query(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object]) -> pd.DataFrame:
    used = {name: value for name, value in params.items() if f"${name}" in sql}
    return con.execute(sql, used).df()


def _params(f: Filters, now: datetime) -> dict[str, object]:
    lo, hi = day_range(f.start, f.end)
    return {"lo": lo, "hi": hi, "now": now, "first": month_start(f.start), "last": month_start(f.end)}


def _overview_duckdb(con: duckdb.DuckDBPyConnection, f: Filters, now: datetime) -> Figures:
    improper = ", ".join(f"'{category}'" for category in sorted(IMPROPER_COLLECTION))
    p = _params(f, now)
    return {
        "volume": _query(
            con,
            "SELECT count(*) AS complaints, count_if(level = 'L1') AS l1, "
            f"count_if(category IN ({improper})) AS improper "
            "FROM complaints WHERE received_at >= $lo AND received_at < $hi",
            p,
        ),
        "sla_by_stage": _query(
            con,
            f"SELECT stage, count(*) AS deadlines, count(*) - sum(breached) AS met FROM ({_deadlines_sql()}) "
            "GROUP BY stage",
            p,
        ),
    }


def _channels_duckdb(con: duckdb.DuckDBPyConnection, f: Filters, now: datetime) -> Figures:
    p = _params(f, now)
    received = "FROM complaints WHERE received_at >= $lo AND received_at < $hi"
    return {
        "per_channel": _query(con, f"SELECT channel, count(*) AS complaints {received} GROUP BY channel", p),
        "per_day_channel": _query(
            con,
            f"SELECT CAST(received_at AS DATE) AS day, channel, count(*) AS complaints {received} GROUP BY ALL",
            p,
        ),
    }


def _sla_duckdb(con: duckdb.DuckDBPyConnection, f: Filters, now: datetime) -> Figures:
    p = _params(f, now)
    d = _deadlines_sql("city_id", "level")
    return {
        "stage_level": _query(
            con, f"SELECT stage, level, count(*) AS deadlines, sum(breached) AS breached FROM ({d}) GROUP BY ALL", p
        ),
        "city_week": _query(
            con,
            "SELECT city_id, CAST(date_trunc('week', due_at) AS DATE) AS week, count(*) AS deadlines, "
            f"sum(breached) AS breached FROM ({d}) GROUP BY ALL",
            p,
        ),
    }


def _agents_duckdb(con: duckdb.DuckDBPyConnection, f: Filters, now: datetime) -> Figures:
    zeros = {name: f"0 AS {name}" for name in AGENT_COUNTS}

    def part(counts: dict[str, str], source: str) -> str:
        columns = ", ".join({**zeros, **counts}.values())
        return f"SELECT agent_id, {columns} {source} GROUP BY agent_id"

    parts = [
        part(
            {
                "surveys": "count(*) AS surveys",
                "satisfied": f"count_if(score >= {SATISFIED_FROM}) AS satisfied",
                "score_total": "sum(score) AS score_total",
            },
            'FROM surveys WHERE "at" >= $lo AND "at" < $hi',
        ),
        part({"contacts": "count(*) AS contacts"}, 'FROM contacts WHERE "at" >= $lo AND "at" < $hi'),
        part(
            {"complaints": "count(*) AS complaints"}, "FROM complaints WHERE received_at >= $lo AND received_at < $hi"
        ),
        part(
            {"deadlines": "count(*) AS deadlines", "met": "count(*) - sum(breached) AS met"},
            f"FROM ({_deadlines_sql('agent_id')})",
        ),
    ]
    sums = ", ".join(f"sum({name}) AS {name}" for name in AGENT_COUNTS)
    sql = f"SELECT agent_id, {sums} FROM ({' UNION ALL '.join(parts)}) WHERE agent_id IS NOT NULL GROUP BY agent_id"
    return {"per_agent": _query(con, sql, _params(f, now))}


def _loyalty_duckdb(con: duckdb.DuckDBPyConnection, f: Filters, now: datetime) -> Figures:
    p = _params(f, now)
    in_range = "FROM monthly WHERE month >= $first AND month <= $last"
    return {
        "tier_months": _query(
            con,
            f"SELECT month, tier, count(*) AS customers, sum(debt) AS debt, sum(repaid) AS repaid {in_range} "
            "GROUP BY ALL",
            p,
        ),
        "transitions": _query(
            con,
            "SELECT b.month + INTERVAL 1 MONTH AS month, b.tier AS from_tier, a.tier AS to_tier, count(*) AS customers "
            "FROM monthly b LEFT JOIN monthly a ON a.customer_id = b.customer_id AND a.month = b.month + INTERVAL 1 MONTH "
            f"WHERE b.month + INTERVAL 1 MONTH IN (SELECT DISTINCT month {in_range}) GROUP BY ALL",
            p,
        ),
    }


# ---- per page ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alternative:
    """How the naive approach reads a page's rows and aggregates them, and the same in DuckDB."""

    load: Callable[[Filters], Tables]
    in_pandas: Callable[[Tables, Filters, datetime], Figures]
    in_duckdb: Callable[[duckdb.DuckDBPyConnection, Filters, datetime], Figures]


ALTERNATIVES: dict[str, Alternative] = {
    "overview": Alternative(
        _complaints_tables(["level", "category"], received=True, due=True), _overview_pandas, _overview_duckdb
    ),
    "channels": Alternative(
        _complaints_tables(["channel"], received=True, due=False), _channels_pandas, _channels_duckdb
    ),
    "sla": Alternative(_complaints_tables(["city_id", "level"], received=False, due=True), _sla_pandas, _sla_duckdb),
    "agents": Alternative(_agent_tables, _agents_pandas, _agents_duckdb),
    "loyalty": Alternative(_loyalty_tables, _loyalty_pandas, _loyalty_duckdb),
}


def in_duckdb(tables: Tables) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory DuckDB holding ``tables`` as its own tables (copied, not views on pandas)."""
    con = duckdb.connect()
    for name, frame in tables.items():
        con.register("loading", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM loading")
        con.unregister("loading")
    return con


@dataclass(frozen=True)
class Measured:
    """One page's reads, three ways, in one run: median milliseconds and the figures of the last run."""

    ours_ms: float
    naive_ms: float
    duckdb_ms: float
    ours: Figures
    naive: Figures
    duckdb: Figures

    def differences(self) -> list[str]:
        """Where the naive or DuckDB figures differ from ours (empty when all three agree)."""
        return [f"naive {line}" for line in differences(self.ours, self.naive)] + [
            f"DuckDB {line}" for line in differences(self.ours, self.duckdb)
        ]


def _median_ms(fn: Callable[[], Figures], repeat: int) -> tuple[float, Figures]:
    """Median of ``repeat`` runs, every cache emptied before each: a read that shares a cached
    intermediate with another (the SLA heatmaps' one count) is timed reading the store."""
    times, result = [], {}
    for _ in range(repeat):
        st.cache_data.clear()
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def measure(page: str, f: Filters, now: datetime, repeat: int) -> Measured:
    """Time the page's reads (ours), the naive approach and DuckDB, each ``repeat`` times."""
    alternative = ALTERNATIVES[page]
    ours_ms, ours = _median_ms(lambda: OURS[page](f, now), repeat)
    tables: Tables = {}

    def naive() -> Figures:
        tables.update(alternative.load(f))
        return alternative.in_pandas(tables, f, now)

    naive_ms, naive_figures = _median_ms(naive, repeat)
    con = in_duckdb(tables)
    try:
        duckdb_ms, duckdb_figures = _median_ms(lambda: alternative.in_duckdb(con, f, now), repeat)
    finally:
        con.close()
    return Measured(ours_ms, naive_ms, duckdb_ms, ours, naive_figures, duckdb_figures)
