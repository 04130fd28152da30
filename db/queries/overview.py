"""Overview KPIs: the week against the last and against target, 12-week trends, every L1 listed, and
what resolving cases did (outcomes counted and summed over the filter range)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import ColumnElement, func, select

from db.dialect import month_start
from db.engine import engine
from db.models import City, Complaint, ComplaintOutcome, ComplaintResolution, EarlyWarning, SatisfactionSurvey
from db.queries import run
from db.queries.cache import AGENT_FACTS, WARNING_PLACES, store_cached
from db.queries.conditions import (
    agent_conditions,
    complaint_conditions,
    count_if,
    day_range,
    warning_place_conditions,
)
from db.queries.sla_expr import deadline_counts
from domain.codes import IMPROPER_COLLECTION, OUTCOME_KINDS, STAGES, WAIVER_OUTCOMES
from domain.filters import Filters, complete_through, partial_weeks, week_start
from domain.kpis import OPEN_WARNING_STATUSES
from domain.loyalty import months_between
from domain.scorecards import SATISFIED_FROM


@store_cached(ttl=300, max_entries=256)
def volume(f: Filters) -> dict[str, int]:
    """Complaints received in the range (duplicates excluded), L1 and improper-collection counts."""
    stmt = select(
        func.count(), count_if(Complaint.level == "L1"), count_if(Complaint.category.in_(IMPROPER_COLLECTION))
    ).where(*complaint_conditions(f))
    with engine().connect() as conn:
        total, l1, improper = conn.execute(stmt).one()
    return {"complaints": int(total), "l1": int(l1), "improper": int(improper)}


@store_cached(ttl=300, max_entries=256)
def sla_by_stage(f: Filters, now_: pd.Timestamp) -> pd.DataFrame:
    """Per stage: decided deadlines in the range (see ``sla_expr``) and how many were met."""
    counts = deadline_counts(f, now_.to_pydatetime(), ("stage",)).set_index("stage").reindex(list(STAGES), fill_value=0)
    return pd.DataFrame(
        {
            "stage": list(STAGES),
            "due": counts["deadlines"].to_numpy(),
            "met": (counts["deadlines"] - counts["breached"]).to_numpy(),
        }
    )


@store_cached(ttl=300, max_entries=256, uses=AGENT_FACTS)
def satisfaction(f: Filters) -> dict[str, float | int | None]:
    """Surveys in the range: count, share satisfied (4–5) and mean score; None when there are none."""
    lo, hi = day_range(f.start, f.end)
    s = SatisfactionSurvey
    stmt = select(func.count(), count_if(s.score >= SATISFIED_FROM), func.avg(s.score)).where(
        s.at >= lo, s.at < hi, *agent_conditions(f, s.agent_id)
    )
    with engine().connect() as conn:
        n, satisfied, mean = conn.execute(stmt).one()
    if not n:
        return {"surveys": 0, "rate": None, "mean": None}
    return {"surveys": int(n), "rate": int(satisfied) / n, "mean": float(mean)}


@store_cached(ttl=120, max_entries=256, uses=WARNING_PLACES)
def warnings(f: Filters) -> dict[str, int]:
    """Early warnings open now (any date) and reported within the range; city and team filters apply."""
    lo, hi = day_range(f.start, f.end)
    w = EarlyWarning
    stmt = select(
        count_if(w.status.in_(OPEN_WARNING_STATUSES)), count_if((w.reported_at >= lo) & (w.reported_at < hi))
    ).where(*warning_place_conditions(f))
    with engine().connect() as conn:
        open_now, reported = conn.execute(stmt).one()
    return {"open": int(open_now), "reported": int(reported)}


@store_cached(ttl=300, max_entries=128)
def l1_cases(f: Filters) -> pd.DataFrame:
    """Every L1 complaint received in the range, newest first (the committee reviews each one)."""
    stmt = (
        select(
            Complaint.ref_no,
            Complaint.received_at,
            Complaint.category,
            Complaint.channel,
            City.name.label("city"),
            City.name_en.label("city_en"),
            Complaint.status,
            Complaint.resolve_due_at,
            Complaint.resolve_at,
            Complaint.exec_reported,
        )
        .join(City, City.id == Complaint.city_id)
        .where(*complaint_conditions(f), Complaint.level == "L1")
        .order_by(Complaint.received_at.desc())
    )
    return run.frame(stmt)


def _weeks(frame: pd.DataFrame, day_col: str) -> pd.Series:
    return pd.to_datetime(frame[day_col]).dt.date.map(week_start)


@store_cached(ttl=600, max_entries=128)
def weekly_trend(f: Filters, now_: pd.Timestamp, weeks: int) -> pd.DataFrame:
    """Per week for the ``weeks`` weeks ending with the range's end: complaints, L1, improper,
    SLA attainment and satisfaction rate, and whether the week is ``partial`` (runs past the range's end
    or into today). Grouped by day in SQL, rolled up to weeks here."""
    first = week_start(f.end) - timedelta(weeks=weeks - 1)
    span = replace(f, start=first)
    day = func.date(Complaint.received_at)
    vol_stmt = (
        select(
            day.label("day"),
            func.count().label("complaints"),
            count_if(Complaint.level == "L1").label("l1"),
            count_if(Complaint.category.in_(IMPROPER_COLLECTION)).label("improper"),
        )
        .where(*complaint_conditions(span))
        .group_by(day)
    )
    s = SatisfactionSurvey
    lo, hi = day_range(span.start, span.end)
    sat_day = func.date(s.at)
    sat_stmt = (
        select(
            sat_day.label("day"), func.count().label("surveys"), count_if(s.score >= SATISFIED_FROM).label("satisfied")
        )
        .where(s.at >= lo, s.at < hi, *agent_conditions(span, s.agent_id))
        .group_by(sat_day)
    )
    sla = deadline_counts(span, now_.to_pydatetime(), ("week",))
    sla = pd.DataFrame({"day": sla["week"], "due": sla["deadlines"], "met": sla["deadlines"] - sla["breached"]})
    with engine().connect() as conn:
        parts = [pd.read_sql(stmt, conn) for stmt in (vol_stmt, sat_stmt)] + [sla]
    out = pd.DataFrame({"week": [first + timedelta(weeks=k) for k in range(weeks)]})
    for part in parts:
        if part.empty:
            continue
        part["week"] = _weeks(part, "day")
        out = out.merge(part.drop(columns="day").groupby("week", as_index=False).sum(), on="week", how="left")
    for col in ("complaints", "l1", "improper", "due", "met", "surveys", "satisfied"):
        out[col] = out[col].fillna(0).astype(int) if col in out else 0
    out["sla_attainment"] = (out["met"] / out["due"].where(out["due"] > 0)).astype(float)
    out["satisfaction_rate"] = (out["satisfied"] / out["surveys"].where(out["surveys"] > 0)).astype(float)
    out["improper_share"] = (out["improper"] / out["complaints"].where(out["complaints"] > 0)).astype(float)
    out["partial"] = partial_weeks(list(out["week"]), complete_through(f.end, now_.date()))
    return out


def sla_attainment(stages: pd.DataFrame) -> float | None:
    """Met deadlines over all deadlines counted; None when nothing was due."""
    due = int(stages["due"].sum())
    return None if due == 0 else int(stages["met"].sum()) / due


def as_of_day(f: Filters, now: datetime) -> date:
    """The overview's week ends at the range's end, or today if the range runs into the future."""
    return min(f.end, now.date())


# ---- outcomes ---------------------------------------------------------------------------------
# Cases count in the range in which their outcome was recorded (the resolve stage), under every
# filter but the received date; duplicates are left out like everywhere, so a repeat of a matter is
# not counted (or paid) twice.


def _resolved_in(f: Filters) -> list[ColumnElement[bool]]:
    lo, hi = day_range(f.start, f.end)
    r = ComplaintResolution
    return [r.recorded_at >= lo, r.recorded_at < hi, *complaint_conditions(f, dates=False)]


@store_cached(ttl=300, max_entries=256)
def outcome_cells(f: Filters) -> tuple[pd.DataFrame, int]:
    """The outcomes of the cases resolved in the range, per month resolved, complaint category and
    outcome kind (cases and amount in yuan), and how many cases were resolved: one pass over the
    resolutions, from which the outcome figures below are cut."""
    o, r = ComplaintOutcome, ComplaintResolution
    month = month_start(r.recorded_at)
    resolved = run.rows(
        select(func.count()).select_from(r).join(Complaint, Complaint.id == r.complaint_id).where(*_resolved_in(f))
    )[0][0]
    rows = run.rows(
        select(month, Complaint.category, o.kind, func.count(), func.coalesce(func.sum(o.amount), 0))
        .join(r, r.complaint_id == o.complaint_id)
        .join(Complaint, Complaint.id == o.complaint_id)
        .where(*_resolved_in(f))
        .group_by(month, Complaint.category, o.kind)
    )
    cells = pd.DataFrame(
        [(pd.Timestamp(m).date(), category, kind, int(n), float(amount)) for m, category, kind, n, amount in rows],
        columns=["month", "category", "kind", "cases", "amount"],
    )
    return cells, int(resolved)


def outcomes_by_kind(f: Filters) -> pd.DataFrame:
    """Per outcome kind (all of them, in catalogue order): cases with it and the amount in yuan
    (0 for kinds without money); ``resolved`` is every case resolved in the range, the same on each row."""
    cells, resolved = outcome_cells(f)
    kinds = list(OUTCOME_KINDS)
    got = cells.groupby("kind")[["cases", "amount"]].sum().reindex(kinds, fill_value=0)
    return pd.DataFrame(
        {
            "kind": kinds,
            "cases": got["cases"].astype(int).to_numpy(),
            "amount": got["amount"].astype(float).to_numpy(),
            "resolved": resolved,
        }
    )


def compensation_by_month(f: Filters) -> pd.DataFrame:
    """Per month of the range (first day): cases compensated and the compensation paid, in yuan."""
    cells, _ = outcome_cells(f)
    months = months_between(f.start, f.end)
    got = (
        cells[cells["kind"] == "compensation"].groupby("month")[["cases", "amount"]].sum().reindex(months, fill_value=0)
    )
    return pd.DataFrame(
        {
            "month": months,
            "cases": got["cases"].astype(int).to_numpy(),
            "amount": got["amount"].astype(float).to_numpy(),
        }
    )


def waivers_by_category(f: Filters) -> pd.DataFrame:
    """Per complaint category and waiver kind (fee, penalty interest) with any: cases and amount waived."""
    cells, _ = outcome_cells(f)
    waived = cells[cells["kind"].isin(WAIVER_OUTCOMES)]
    frame = waived.groupby(["category", "kind"], as_index=False)[["cases", "amount"]].sum()
    return frame.sort_values(["category", "kind"], ignore_index=True).astype({"cases": int, "amount": float})


def forget_outcomes() -> None:
    """Called by the write that resolves a case."""
    outcome_cells.clear()
