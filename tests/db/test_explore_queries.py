"""Explore reads (db/queries/explore.py), saved questions (db/services/explore.py) and the monthly
report's figures (db/queries/report.py, built on the explore reads) on a seeded store of each backend:
every measure against a pandas recount of the raw rows, the cases behind a group, the scope, saving,
sharing and deleting questions, and one month's report."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import create_engine, update

from db import engine as db_engine
from db.engine import session_scope
from db.models import Complaint
from db.queries import explore, report
from db.services import explore as services
from domain.codes import STAGES
from domain.errors import InputError, PermissionDenied
from domain.explore import Question, saved_params
from domain.filters import Filters
from domain.text import search_tokens
from domain.users import CurrentUser, Scope
from tests.helpers import AS_OF, app_store, pg_schema, seed_store

START, END = date(2026, 8, 1), date(2026, 11, 22)
NOW = pd.Timestamp(AS_OF)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One seeded store per backend for the module (the reads do not write; the saves use their own rows)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('explore') / 'store.sqlite3'}"
        seed_store(url, complaints=1200)
        yield url
        db_engine._engine_for(url).dispose()
        return
    with pg_schema() as url:
        with app_store(url):
            seed_store(url, complaints=1200)
        yield url
        db_engine._engine_for(url).dispose()


@pytest.fixture
def store(seeded: str, use_store) -> str:
    use_store(seeded)
    # A source system, so the source filter has something to tell apart.
    with session_scope() as s:
        s.execute(update(Complaint).where(Complaint.id % 7 == 0).values(source="hotline"))
    return seeded


def _rows(url: str) -> pd.DataFrame:
    with create_engine(url).connect() as conn:
        complaints = pd.read_sql("SELECT * FROM complaints", conn)
        texts = pd.read_sql(
            "SELECT complaint_id AS id, category AS text_category, urgent, theme, tokens FROM complaint_text", conn
        )
        outcomes = pd.read_sql("SELECT complaint_id AS id, kind, amount FROM complaint_outcomes", conn)
        resolved = pd.read_sql("SELECT complaint_id AS id FROM complaint_resolutions", conn)
        surveys = pd.read_sql(
            "SELECT complaint_id, score FROM satisfaction_surveys WHERE complaint_id IS NOT NULL", conn
        )
    for column in complaints.columns:
        if column.endswith("_at"):
            complaints[column] = pd.to_datetime(complaints[column])
    complaints = complaints.merge(texts, how="left", on="id")
    money = outcomes.assign(amount=pd.to_numeric(outcomes["amount"]).fillna(0))
    per_case = pd.DataFrame(
        {
            "compensation": money[money["kind"] == "compensation"].groupby("id")["amount"].sum(),
            "waived": money[money["kind"].isin(["fee_waiver", "penalty_interest_waiver"])]
            .groupby("id")["amount"]
            .sum(),
            "no_fault": money[money["kind"] == "no_fault"].groupby("id").size() > 0,
        }
    )
    complaints = complaints.merge(per_case, how="left", left_on="id", right_index=True)
    complaints["resolved"] = complaints["id"].isin(resolved["id"])
    return complaints.merge(
        surveys.rename(columns={"score": "survey"}), how="left", left_on="id", right_on="complaint_id"
    )


def _in_question(rows: pd.DataFrame, q: Question, f: Filters) -> pd.DataFrame:
    lo, hi = pd.Timestamp(f.start), pd.Timestamp(f.end + timedelta(days=1))
    keep = rows["received_at"].ge(lo) & rows["received_at"].lt(hi) & rows["duplicate_of_id"].isna()
    if f.city_ids:
        keep &= rows["city_id"].isin(f.city_ids)
    if q.categories:
        keep &= rows["category"].isin(q.categories)
    if q.statuses:
        keep &= rows["status"].isin(q.statuses)
    if q.sources:
        keep &= rows["source"].isin(q.sources) | (rows["source"].isna() & ("-" in q.sources))
    if q.text:  # every search token of the question among the complaint's stored tokens
        wanted = set(search_tokens(q.text))
        keep &= rows["tokens"].fillna("").map(lambda tokens: wanted <= set(tokens.split()))
    if q.urgent:
        keep &= rows["urgent"].fillna(False).astype(bool)
    return rows[keep]


def _recount(rows: pd.DataFrame, q: Question, f: Filters) -> pd.Series:
    """The measure per group, from the raw rows."""
    chosen = _in_question(rows, q, f).copy()
    keys = list(q.group_by)
    for key in ("city", "team", "agent"):
        chosen[key] = chosen[f"{key}_id"]
    for key in keys:
        if key == "week":
            chosen["week"] = (chosen["received_at"] - pd.to_timedelta(chosen["received_at"].dt.weekday, "D")).dt.date
        if key == "month":
            chosen["month"] = chosen["received_at"].dt.to_period("M").dt.start_time.dt.date
    grouped = chosen.groupby(keys, dropna=False)
    if q.measure == "complaints":
        return grouped.size().astype(float)
    if q.measure == "share":
        return grouped.size() / len(chosen)
    if q.measure == "l1":
        return grouped["level"].apply(lambda s: float((s == "L1").sum()))
    if q.measure == "satisfaction":
        chosen["score"] = chosen["survey"].fillna(chosen["satisfaction_score"])
        return chosen.groupby(keys, dropna=False)["score"].mean()
    if q.measure == "breach_rate":
        now = NOW
        decided = sum((chosen[f"{s}_at"].notna() | (chosen[f"{s}_due_at"] < now)).astype(int) for s in STAGES)
        late = sum(
            (
                (chosen[f"{s}_at"] > chosen[f"{s}_due_at"]) | (chosen[f"{s}_at"].isna() & (chosen[f"{s}_due_at"] < now))
            ).astype(int)
            for s in STAGES
        )
        chosen["decided"], chosen["late"] = decided, late
        sums = chosen.groupby(keys, dropna=False)[["decided", "late"]].sum()
        return sums["late"] / sums["decided"].replace(0, np.nan)
    if q.measure in ("compensation", "waivers"):
        column = "compensation" if q.measure == "compensation" else "waived"
        return chosen.groupby(keys, dropna=False)[column].sum().astype(float)
    if q.measure == "no_fault_rate":
        chosen["no_fault_case"] = (chosen["no_fault"].fillna(False).astype(bool) & chosen["resolved"]).astype(float)
        sums = chosen.groupby(keys, dropna=False)[["no_fault_case", "resolved"]].sum()
        return sums["no_fault_case"] / sums["resolved"].replace(0, np.nan)
    if q.measure == "repeat_rate":
        everyone = rows.loc[rows["customer_id"].notna(), ["id", "customer_id", "received_at"]]  # anonymous: no repeats
        pairs = chosen[["id", "customer_id", "received_at", *keys]].merge(
            everyone, on="customer_id", suffixes=("", "_p")
        )
        gap = pairs["received_at"] - pairs["received_at_p"]
        hit = pairs[(pairs["id"] != pairs["id_p"]) & (gap >= pd.Timedelta(0)) & (gap <= pd.Timedelta(days=30))]
        chosen["repeat"] = chosen["id"].isin(hit["id"]).astype(float)
        return chosen.groupby(keys, dropna=False)["repeat"].mean()
    raise AssertionError(q.measure)


def _as_series(result: pd.DataFrame, q: Question) -> pd.Series:
    frame = result.copy()
    for key in q.group_by:
        if key in ("week", "month"):
            frame[key] = pd.to_datetime(frame[key]).dt.date
    return frame.set_index(list(q.group_by))["value"].astype(float)


QUESTIONS = [
    Question(group_by=("city",), top=0),
    Question(group_by=("channel", "level"), measure="share", top=0),
    Question(group_by=("team",), measure="l1", top=0),
    Question(group_by=("category",), measure="satisfaction", top=0),
    Question(group_by=("week",), measure="breach_rate"),
    Question(group_by=("month", "channel"), measure="repeat_rate", top=0),
    Question(categories=("interest_dispute", "app_problem"), statuses=("archive",), group_by=("agent",), top=0),
    Question(sources=("hotline", "-"), group_by=("channel",), measure="complaints", top=0),
    Question(sources=("hotline",), group_by=("level",), top=0),
    Question(group_by=("text_category", "level"), top=0),
    Question(urgent=True, group_by=("theme",), measure="breach_rate", top=0),
    Question(group_by=("month",), measure="compensation", top=0),
    Question(group_by=("category",), measure="waivers", top=0),
    Question(group_by=("level",), measure="no_fault_rate", top=0),
]


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: f"{'-'.join(q.group_by)}-{q.measure}")
def test_every_measure_equals_a_pandas_recount(store: str, q: Question) -> None:
    f = Filters(START, END)
    result, total = explore.answer(f, q, NOW)
    expected = _recount(_rows(store), q, f)
    got = _as_series(result, q)
    assert len(got) == len(expected) > 0
    pd.testing.assert_series_equal(
        got.sort_index(), expected.sort_index().astype(float), check_names=False, check_index_type=False, rtol=1e-9
    )
    assert total == len(_in_question(_rows(store), q, f))


def test_top_n_keeps_the_highest_and_share_is_of_the_whole_result(store: str) -> None:
    f = Filters(START, END)
    every, _ = explore.answer(f, Question(group_by=("city",), measure="share", top=0), NOW)
    top3, _ = explore.answer(f, Question(group_by=("city",), measure="share", top=3), NOW)
    assert list(top3["city"]) == list(every["city"][:3])
    assert every["value"].sum() == pytest.approx(1.0)
    assert top3["value"].sum() < 1.0
    low, _ = explore.answer(f, Question(group_by=("city",), top=3, sort="asc"), NOW)
    assert list(low["complaints"]) == sorted(every["complaints"])[:3]


def test_a_timeline_keeps_every_period_of_its_top_series(store: str) -> None:
    f = Filters(START, END)
    lines, _ = explore.answer(f, Question(group_by=("week", "city"), top=2), NOW)
    totals, _ = explore.answer(f, Question(group_by=("city",), top=2), NOW)
    assert set(lines["city"]) == set(totals["city"])
    assert list(lines["week"]) == sorted(lines["week"])  # time order, not value order


def test_text_and_category_narrow_the_question(store: str) -> None:
    f = Filters(START, END)
    disputes = _in_question(_rows(store), Question(categories=("interest_dispute",)), f)
    counts = pd.Series(disputes["tokens"].str.split().sum()).value_counts()
    word = counts[counts < len(disputes)].index[0]  # their commonest token that some of them lack
    q = Question(text=f" {word}  ", categories=("interest_dispute",), group_by=("city",), top=0)
    _, total = explore.answer(f, q, NOW)
    assert total == len(_in_question(_rows(store), q, f)) > 0
    assert total < len(disputes)


def test_the_cases_of_a_group_are_its_complaints(store: str) -> None:
    f = Filters(START, END)
    for q in (Question(group_by=("city", "category")), Question(group_by=("week",), top=0)):
        result, _ = explore.answer(f, q, NOW)
        first = result.iloc[0]
        group = tuple(
            str(pd.Timestamp(first[k]).date())
            if k in ("week", "month")
            else getattr(first[k], "item", lambda v=first[k]: v)()
            for k in q.group_by
        )
        cases = explore.all_group_cases(f, q, group)
        assert len(cases) == int(first["complaints"])
        assert len(explore.group_cases(f, q, group, limit=5)) == min(5, len(cases))
        assert "customer_name" not in cases.columns


def test_a_city_scope_sees_only_its_cities(store: str) -> None:
    rows = _rows(store)
    city = int(rows["city_id"].mode()[0])
    f = Filters(START, END, scope=Scope(city_ids=(city,)))
    result, total = explore.answer(f, Question(group_by=("city",), top=0), NOW)
    assert set(result["city"]) == {city}
    assert total == len(_in_question(rows, Question(), Filters(START, END, city_ids=(city,))))


def _user(role: str, user_id: int) -> CurrentUser:
    return CurrentUser(id=user_id, username=f"u{user_id}", display_name="测试", role=role)


def test_saving_overwrites_by_name_sharing_needs_the_role_and_deleting_is_the_owners(store: str) -> None:
    manager, prevention, admin = _user("manager", 1), _user("prevention", 2), _user("admin", 3)
    text = "by=team&m=l1&period=last_month&lang=en&city=3"
    first = services.save_question(manager, name="  每周 L1  ", params=text)
    again = services.save_question(manager, name="每周 L1", params="by=city&period=this_week")
    assert first == again
    saved = explore.saved_questions(1)
    mine = saved[saved["id"] == first].iloc[0]
    assert mine["params"] == saved_params("by=city&period=this_week") and not mine["shared"]
    assert explore.saved_questions(2)["id"].tolist().count(first) == 0  # not shared: others do not see it
    with pytest.raises(PermissionDenied):
        services.save_question(prevention, name="共享", params=text, shared=True)
    shared = services.save_question(manager, name="例会", params=text, shared=True)
    assert shared in explore.saved_questions(2)["id"].tolist()
    with pytest.raises(PermissionDenied):
        services.delete_question(prevention, shared)
    with pytest.raises(InputError):
        services.save_question(manager, name="\x00", params=text)
    with pytest.raises(InputError):
        services.save_question(manager, name="x" * 61, params=text)
    presets = explore.saved_questions(2)
    preset_id = int(presets.loc[presets["preset"].notna(), "id"].iloc[0])
    with pytest.raises(PermissionDenied):
        services.delete_question(manager, preset_id)
    services.delete_question(admin, preset_id)
    services.delete_question(manager, shared)
    assert shared not in explore.saved_questions(2)["id"].tolist()
    with pytest.raises(InputError):
        services.delete_question(manager, shared)


def test_the_monthly_report_figures_equal_a_recount(store: str) -> None:
    """October 2026 against September, under no filters: the totals, the channel table, the L1 list,
    the satisfaction by category and the open improvement items."""
    rows = _rows(store)
    fig = report.monthly(Filters(START, END), date(2026, 10, 17), NOW)
    october, september = Filters(date(2026, 10, 1), date(2026, 10, 31)), Filters(date(2026, 9, 1), date(2026, 9, 30))
    this, last = _in_question(rows, Question(), october), _in_question(rows, Question(), september)
    assert fig.month == date(2026, 10, 1)
    assert (fig.totals["complaints_this"], fig.totals["complaints_last"]) == (len(this), len(last))
    assert fig.totals["l1_this"] == int((this["level"] == "L1").sum()) == len(fig.l1)
    scores = this["survey"].fillna(this["satisfaction_score"]).dropna()
    assert fig.totals["satisfaction_this"] == pytest.approx(scores.mean())
    by_channel = fig.by_channel.set_index("channel")
    only_last = dict.fromkeys(set(last["channel"]) - set(this["channel"]), 0)
    assert by_channel["this"].to_dict() == dict(this["channel"].value_counts()) | only_last
    assert by_channel["last"].sum() == len(last)
    assert list(fig.by_city["this"]) == sorted(fig.by_city["this"], reverse=True) and len(fig.by_city) <= 10
    assert set(pd.to_datetime(fig.trend["month"]).dt.month) == {5, 6, 7, 8, 9, 10}
    satisfaction = fig.satisfaction.set_index("category")["value"]
    recount = this.assign(score=this["survey"].fillna(this["satisfaction_score"])).groupby("category")["score"].mean()
    pd.testing.assert_series_equal(satisfaction.sort_index().astype(float), recount.sort_index(), check_names=False)
    assert set(fig.improvements["status"]) <= {"open", "in_progress"}
    assert set(fig.sla["stage"]) == set(STAGES)
