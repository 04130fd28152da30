"""Overview reads (db/queries/overview.py) against a tiny hand-checkable store on both backends.

The week under test is Monday 2026-11-16 … Sunday 2026-11-22, i.e. [11-16 00:00, 11-23 00:00).

complaint  city chan  level received     ack           verify        resolve       notify        archive
C1         A    phone L2    11-17 09:00  met           late          met           met           due 11-27 (out)
C2         A    app   L1    11-18 14:00  late          open, overdue open, overdue due 11-24     due 11-30
C3         B    phone L3    11-20 10:00  met           met (=due)    due 11-27     …             …
C4 dup→C2  A    app   L1    11-19 09:00  every stage open and overdue: never counted (duplicate)
C5         A    phone L2    11-22 10:00  open, due 11-22 18:00; verify due exactly 11-23 00:00 (out)
C6         A    phone L2    11-03 09:00  (before)      (before)      met 11-17     late 11-18    open, due 11-21 17:00
C7         A    phone L2    11-23 09:00  received after the week: nothing in it

C2 (violent_collection) and C5 (night_calls, L2) are improper collection (domain.codes).

With now = 11-22 12:00 (C5's ack not yet due):
    ack 3 due / 2 met, verify 3/1, resolve 3/2, notify 2/1, archive 1/0 → 12 due, 6 met.
With now = 11-23 10:00, C5's open ack is overdue and counts as breached: ack 4/2 → 13/6.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from datetime import date, datetime
from typing import Any

import pandas as pd
import pytest

from db import engine as db_engine
from db import migrate
from db.models import Agent, Complaint, SatisfactionSurvey, User
from db.queries import overview
from domain.codes import STAGES
from domain.filters import Filters
from tests.db.builders import CITY_A, CITY_B, customer, insert, staged_complaint, two_cities, two_teams
from tests.helpers import app_store, dt, pg_schema

START, END = date(2026, 11, 16), date(2026, 11, 22)
NOW_EARLY = pd.Timestamp("2026-11-22 12:00")
NOW_LATE = pd.Timestamp("2026-11-23 10:00")
TEAM_A, TEAM_B = CITY_A, CITY_B  # two_teams(): each city's team has the city's id
AGENT_1, AGENT_2 = 1, 2


def complaint(
    cid: int, received: datetime, stages: dict[str, tuple[datetime, datetime | None]], **columns: Any
) -> Complaint:
    return staged_complaint(cid, received, stages, ref_prefix="TS-OV-", **columns)


def build_rows() -> list:
    rows: list = [
        *two_cities(),
        *two_teams(),
        Agent(id=AGENT_1, code="A0001", name="坐席一", team_id=TEAM_A, hired_on=date(2024, 1, 2)),
        Agent(id=AGENT_2, code="A0002", name="坐席二", team_id=TEAM_B, hired_on=date(2024, 1, 2)),
        User(id=1, username="handler", display_name="处理人", email="h@example.cn", role="prevention"),
        customer(),
    ]
    rows.append(
        complaint(
            1,
            dt("11-17", "09:00"),
            {
                "ack": (dt("11-17", "11:00"), dt("11-17", "10:00")),
                "verify": (dt("11-18", "10:00"), dt("11-18", "12:00")),
                "resolve": (dt("11-20", "09:00"), dt("11-19", "15:00")),
                "notify": (dt("11-21", "09:00"), dt("11-20", "10:00")),
                "archive": (dt("11-27", "09:00"), None),
            },
            agent=AGENT_1,
        )
    )
    c2_stages = {
        "ack": (dt("11-18", "16:00"), dt("11-18", "17:00")),
        "verify": (dt("11-19", "17:00"), None),
        "resolve": (dt("11-19", "14:00"), None),
        "notify": (dt("11-24", "09:00"), None),
        "archive": (dt("11-30", "09:00"), None),
    }
    rows.append(
        complaint(
            2, dt("11-18", "14:00"), c2_stages, agent=AGENT_1, channel="app", level="L1", category="violent_collection"
        )
    )
    rows.append(
        complaint(
            3,
            dt("11-20", "10:00"),
            {
                "ack": (dt("11-20", "12:00"), dt("11-20", "11:00")),
                "verify": (dt("11-21", "11:00"), dt("11-21", "11:00")),  # done exactly at the deadline: met
                "resolve": (dt("11-27", "10:00"), None),
                "notify": (dt("11-28", "10:00"), None),
                "archive": (dt("12-04", "10:00"), None),
            },
            city=CITY_B,
            team=TEAM_B,
            agent=AGENT_2,
            level="L3",
            category="app_problem",
        )
    )
    rows.append(
        complaint(
            4,
            dt("11-19", "09:00"),
            {  # the same customer again about C2
                "ack": (dt("11-19", "11:00"), None),
                "verify": (dt("11-20", "11:00"), None),
                "resolve": (dt("11-20", "09:00"), None),
                "notify": (dt("11-21", "09:00"), None),
                "archive": (dt("11-22", "09:00"), None),
            },
            agent=AGENT_1,
            channel="app",
            level="L1",
            category="violent_collection",
            duplicate_of=2,
        )
    )
    rows.append(
        complaint(
            5,
            dt("11-22", "10:00"),
            {
                "ack": (dt("11-22", "18:00"), None),
                "verify": (dt("11-23", "00:00"), None),
                "resolve": (dt("11-25", "10:00"), None),
                "notify": (dt("11-26", "10:00"), None),
                "archive": (dt("12-03", "10:00"), None),
            },
            category="night_calls",
        )
    )  # improper collection, but L2
    rows.append(
        complaint(
            6,
            dt("11-03", "09:00"),
            {
                "ack": (dt("11-03", "11:00"), dt("11-03", "10:00")),
                "verify": (dt("11-04", "10:00"), dt("11-04", "09:00")),
                "resolve": (dt("11-17", "09:00"), dt("11-16", "10:00")),
                "notify": (dt("11-18", "09:00"), dt("11-19", "09:00")),
                "archive": (dt("11-21", "17:00"), None),
            },
        )
    )
    rows.append(
        complaint(
            7,
            dt("11-23", "09:00"),
            {
                "ack": (dt("11-23", "11:00"), None),
                "verify": (dt("11-24", "11:00"), None),
                "resolve": (dt("11-26", "09:00"), None),
                "notify": (dt("11-27", "09:00"), None),
                "archive": (dt("12-04", "09:00"), None),
            },
        )
    )
    surveys = [  # (agent, at, score)
        (AGENT_1, dt("11-16", "00:00"), 4),  # first moment of the week: in
        (AGENT_1, dt("11-18", "15:00"), 5),
        (AGENT_1, dt("11-19", "10:00"), 2),
        (AGENT_1, dt("11-22", "23:59", 59), 3),  # last second of the week: in
        (AGENT_2, dt("11-20", "16:00"), 1),
        (AGENT_1, dt("11-15", "23:59", 59), 1),  # the Sunday before: out
        (AGENT_1, dt("11-23", "00:00"), 5),  # the Monday after: out
    ]
    rows += [
        SatisfactionSurvey(id=k + 1, agent_id=a, customer_id=1, complaint_id=None, at=at, score=score)
        for k, (a, at, score) in enumerate(surveys)
    ]
    return rows


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def built_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture store, built once per backend for the module (every test here only reads)."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('overview') / 'store.sqlite3'}"
        else:
            url = stack.enter_context(pg_schema())  # the schema of the shared pg_url fixture, kept for the module
        with app_store(url):
            migrate.upgrade()
            insert(build_rows())  # parents first, complaints in id order (C4 refers to C2)
        yield url
        db_engine._engine_for(url).dispose()


@pytest.fixture
def store(built_store: str, use_store) -> str:
    """Point the app at the fixture store; ``use_store`` clears ``st.cache_data`` around each test."""
    return use_store(built_store)


def week(**kw) -> Filters:
    return Filters(start=START, end=END, **kw)


def stages_of(frame: pd.DataFrame) -> dict[str, tuple[int, int]]:
    assert list(frame["stage"]) == list(STAGES)
    return {r.stage: (r.due, r.met) for r in frame.itertuples()}


# ---- volume -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        # (complaints, L1, improper collection)
        (week(), (4, 1, 2)),  # C1 C2 C3 C5; C4 is a duplicate of C2
        (week(city_ids=(CITY_A,)), (3, 1, 2)),
        (week(city_ids=(CITY_B,)), (1, 0, 0)),
        (week(city_ids=(999,)), (0, 0, 0)),
        (week(team_ids=(TEAM_B,)), (1, 0, 0)),
        (week(agent_ids=(AGENT_1,)), (2, 1, 1)),
        (week(levels=("L1",)), (1, 1, 1)),
        (week(levels=("L2", "L3")), (3, 0, 1)),
        (week(channels=("app",)), (1, 1, 1)),
        (week(channels=("phone",)), (3, 0, 1)),
        (week(city_ids=(CITY_A,), levels=("L2",)), (2, 0, 1)),
        (week(city_ids=(CITY_B,), channels=("app",)), (0, 0, 0)),
        (Filters(start=date(2026, 11, 17), end=date(2026, 11, 17)), (1, 0, 0)),
        (Filters(start=date(2026, 11, 23), end=date(2026, 11, 23)), (1, 0, 0)),
        (Filters(start=date(2026, 11, 1), end=date(2026, 11, 30)), (6, 1, 2)),
    ],
    ids=[
        "week",
        "city_a",
        "city_b",
        "no_city",
        "team_b",
        "agent_1",
        "l1",
        "l2_l3",
        "app",
        "phone",
        "city_a_l2",
        "city_b_app",
        "day_1117",
        "day_1123",
        "november",
    ],
)
def test_volume(store: str, filters: Filters, expected: tuple[int, int, int]) -> None:
    got = overview.volume(filters)
    assert (got["complaints"], got["l1"]) == expected[:2]
    if "improper" in got:  # improper-collection count (seed 001 KPI), where the read provides it
        assert got["improper"] == expected[2]


# ---- SLA by stage ---------------------------------------------------------------------------------


def test_sla_by_stage_before_an_open_stage_falls_due(store: str) -> None:
    frame = overview.sla_by_stage(week(), NOW_EARLY)
    assert stages_of(frame) == {"ack": (3, 2), "verify": (3, 1), "resolve": (3, 2), "notify": (2, 1), "archive": (1, 0)}
    assert overview.sla_attainment(frame) == pytest.approx(6 / 12)


def test_sla_by_stage_counts_open_overdue_stages_as_breached(store: str) -> None:
    frame = overview.sla_by_stage(week(), NOW_LATE)
    assert stages_of(frame) == {"ack": (4, 2), "verify": (3, 1), "resolve": (3, 2), "notify": (2, 1), "archive": (1, 0)}
    assert overview.sla_attainment(frame) == pytest.approx(6 / 13)


@pytest.mark.parametrize(
    ("filters", "expected", "attainment"),
    [
        (week(city_ids=(CITY_B,)), {"ack": (1, 1), "verify": (1, 1)}, 1.0),
        (week(levels=("L1",)), {"ack": (1, 0), "verify": (1, 0), "resolve": (1, 0)}, 0.0),
        (week(channels=("app",)), {"ack": (1, 0), "verify": (1, 0), "resolve": (1, 0)}, 0.0),
        (
            week(channels=("phone",)),
            {"ack": (2, 2), "verify": (2, 1), "resolve": (2, 2), "notify": (2, 1), "archive": (1, 0)},
            6 / 9,
        ),
        (
            week(city_ids=(CITY_A,), levels=("L2",)),
            {"ack": (1, 1), "verify": (1, 0), "resolve": (2, 2), "notify": (2, 1), "archive": (1, 0)},
            4 / 7,
        ),
        (week(city_ids=(999,)), {}, None),
    ],
    ids=["city_b", "l1", "app", "phone", "city_a_l2", "no_city"],
)
def test_sla_by_stage_filters(
    store: str, filters: Filters, expected: dict[str, tuple[int, int]], attainment: float | None
) -> None:
    frame = overview.sla_by_stage(filters, NOW_EARLY)
    assert stages_of(frame) == {s: expected.get(s, (0, 0)) for s in STAGES}
    got = overview.sla_attainment(frame)
    assert got is None if attainment is None else got == pytest.approx(attainment)


def test_sla_by_stage_single_day(store: str) -> None:
    # Only deadlines on Tuesday 11-17: C1's ack (met) and C6's resolve (met).
    frame = overview.sla_by_stage(Filters(start=date(2026, 11, 17), end=date(2026, 11, 17)), NOW_LATE)
    assert stages_of(frame) == {"ack": (1, 1), "verify": (0, 0), "resolve": (1, 1), "notify": (0, 0), "archive": (0, 0)}
    assert overview.sla_attainment(frame) == 1.0


# ---- satisfaction -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (week(), {"surveys": 5, "rate": 2 / 5, "mean": 15 / 5}),
        (week(city_ids=(CITY_A,)), {"surveys": 4, "rate": 2 / 4, "mean": 14 / 4}),
        (week(city_ids=(CITY_B,)), {"surveys": 1, "rate": 0.0, "mean": 1.0}),
        (week(team_ids=(TEAM_B,)), {"surveys": 1, "rate": 0.0, "mean": 1.0}),
        (week(agent_ids=(AGENT_1,)), {"surveys": 4, "rate": 0.5, "mean": 3.5}),
        (week(levels=("L1",), channels=("app",)), {"surveys": 5, "rate": 0.4, "mean": 3.0}),  # do not apply
        (week(city_ids=(999,)), {"surveys": 0, "rate": None, "mean": None}),
    ],
    ids=["all", "city_a", "city_b", "team_b", "agent_1", "level_channel_ignored", "none"],
)
def test_satisfaction(store: str, filters: Filters, expected: dict) -> None:
    got = overview.satisfaction(filters)
    assert got["surveys"] == expected["surveys"]
    for key in ("rate", "mean"):
        if expected[key] is None:
            assert got[key] is None
        else:
            assert got[key] == pytest.approx(expected[key])
            assert isinstance(got[key], float)


def test_sla_attainment_of_nothing_due() -> None:
    empty = pd.DataFrame([{"stage": s, "due": 0, "met": 0} for s in STAGES])
    assert overview.sla_attainment(empty) is None
