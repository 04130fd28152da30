"""SLA reads (db/queries/sla.py) against the tiny hand-checkable store of tests/db/sla_data.py (its
docstring tabulates the complaints) on both backends. Decided deadlines in the range: 22, breached 11.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import func, select

from db import dialect
from db.engine import engine, session_scope
from db.models import Complaint
from db.queries import sla
from domain.codes import LEVELS, STAGES
from domain.filters import Filters
from tests.db.sla_data import (
    AGENT_1,
    CITY_A,
    CITY_B,
    END,
    H1,
    H2,
    MANAGER,
    NOW,
    TEAM_A,
    TEAM_B,
    W09,
    W16,
    complaint,
    span,
)


def cells(frame: pd.DataFrame, *keys: str) -> dict[tuple, tuple[int, int]]:
    """{(key values…): (deadlines, breached)} for the non-empty cells."""
    return {tuple(getattr(r, k) for k in keys): (r.deadlines, r.breached) for r in frame.itertuples() if r.deadlines}


# ---- stage × level ------------------------------------------------------------------------------------------

STAGE_LEVEL_ALL = {
    ("ack", "L1"): (2, 1),
    ("ack", "L2"): (2, 2),
    ("ack", "L3"): (1, 0),
    ("verify", "L1"): (2, 1),
    ("verify", "L2"): (2, 1),
    ("verify", "L3"): (1, 0),
    ("resolve", "L1"): (2, 1),
    ("resolve", "L2"): (1, 1),
    ("resolve", "L3"): (2, 1),
    ("notify", "L1"): (2, 1),
    ("notify", "L3"): (2, 1),
    ("archive", "L1"): (2, 1),
    ("archive", "L3"): (1, 0),
}


def test_stage_level_breach_rates(sla_store: str) -> None:
    frame = sla.breach_by_stage_level(span(), NOW)
    assert list(zip(frame["stage"], frame["level"])) == [(s, lv) for s in STAGES for lv in LEVELS]
    assert cells(frame, "stage", "level") == STAGE_LEVEL_ALL
    assert (frame["deadlines"].sum(), frame["breached"].sum()) == (22, 11)
    rate = frame.set_index(["stage", "level"])["rate"]
    assert rate["ack", "L2"] == 1.0
    assert rate["verify", "L1"] == 0.5
    assert rate["archive", "L3"] == 0.0
    assert pd.isna(rate["notify", "L2"])  # nothing was due: no rate, not 0 %


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            span(city_ids=(CITY_B,)),
            {  # C3 and C6
                ("ack", "L1"): (1, 1),
                ("ack", "L3"): (1, 0),
                ("verify", "L1"): (1, 0),
                ("verify", "L3"): (1, 0),
                ("resolve", "L1"): (1, 0),
                ("resolve", "L3"): (1, 1),
                ("notify", "L1"): (1, 1),
                ("notify", "L3"): (1, 0),
                ("archive", "L1"): (1, 1),
            },
        ),
        (span(levels=("L2",)), {("ack", "L2"): (2, 2), ("verify", "L2"): (2, 1), ("resolve", "L2"): (1, 1)}),
        (
            span(channels=("weibo",)),
            {
                ("ack", "L1"): (1, 1),
                ("verify", "L1"): (1, 0),
                ("resolve", "L1"): (1, 0),
                ("notify", "L1"): (1, 1),
                ("archive", "L1"): (1, 1),
            },
        ),
        (span(agent_ids=(AGENT_1,)), {("ack", "L2"): (1, 1), ("verify", "L2"): (1, 1), ("resolve", "L2"): (1, 1)}),
        (
            Filters(start=W16, end=END, team_ids=(TEAM_A,)),
            {  # C1 archive, C2 ×3, C7 archive; C9 has no team
                ("ack", "L2"): (1, 1),
                ("verify", "L2"): (1, 1),
                ("resolve", "L2"): (1, 1),
                ("archive", "L1"): (1, 0),
                ("archive", "L3"): (1, 0),
            },
        ),
        (span(city_ids=(999,)), {}),
        (Filters(start=date(2026, 1, 1), end=date(2026, 1, 31)), {}),
    ],
    ids=["city_b", "l2", "weibo", "agent", "team_a_w16", "no_city", "no_dates"],
)
def test_stage_level_filters(sla_store: str, filters: Filters, expected: dict) -> None:
    frame = sla.breach_by_stage_level(filters, NOW)
    assert len(frame) == len(STAGES) * len(LEVELS)
    assert cells(frame, "stage", "level") == expected


def test_open_stage_becomes_breached_when_it_falls_due(sla_store: str) -> None:
    # At 11-20 12:00 C2's open resolve (due 14:15) is not decided yet; C6's open archive (due 04:00) is breached.
    early = sla.breach_by_stage_level(span(), pd.Timestamp("2026-11-20 12:00"))
    expected = {cell: counts for cell, counts in STAGE_LEVEL_ALL.items() if cell != ("resolve", "L2")}
    assert cells(early, "stage", "level") == expected


# ---- city × week --------------------------------------------------------------------------------------------


def test_city_week_breach_rates(sla_store: str) -> None:
    frame, total = sla.breach_by_city_week(span(), NOW)
    assert total == 2
    assert cells(frame, "city_id", "week") == {
        (CITY_A, W09): (6, 3),
        (CITY_A, W16): (7, 4),
        (CITY_B, W09): (5, 2),
        (CITY_B, W16): (4, 2),
    }
    # City A is worse (7/13 > 4/9), so it comes first; weeks in order within each city.
    assert list(zip(frame["city_id"], frame["week"])) == [(CITY_A, W09), (CITY_A, W16), (CITY_B, W09), (CITY_B, W16)]
    assert list(frame["city_en"]) == ["City A", "City A", "City B", "City B"]
    assert frame["rate"].tolist() == pytest.approx([3 / 6, 4 / 7, 2 / 5, 2 / 4])


def test_city_week_keeps_the_cities_with_most_breaches(sla_store: str) -> None:
    frame, total = sla.breach_by_city_week(span(), NOW, top=1)
    assert total == 2
    assert set(frame["city_id"]) == {CITY_A}


def test_city_week_sunday_and_monday_midnight_buckets(sla_store: str) -> None:
    # C3's ack is due Sunday 11-15 01:40 (week of 11-09); its verify Monday 11-16 00:00 (week of 11-16).
    frame, _ = sla.breach_by_city_week(span(levels=("L3",), city_ids=(CITY_B,)), NOW)
    assert cells(frame, "week") == {(W09,): (1, 0), (W16,): (3, 1)}


def test_city_week_filters(sla_store: str) -> None:
    frame, total = sla.breach_by_city_week(Filters(start=W16, end=END, levels=("L1",)), NOW)
    assert total == 2
    assert cells(frame, "city_id", "week") == {(CITY_A, W16): (1, 0), (CITY_B, W16): (1, 1)}
    assert list(frame["city_id"]) == [CITY_B, CITY_A]  # B breached its only deadline
    empty, none = sla.breach_by_city_week(span(city_ids=(999,)), NOW)
    assert empty.empty and none == 0


# ---- team × stage ---------------------------------------------------------------------------------------------


def test_team_stage_breach_rates(sla_store: str) -> None:
    frame, total = sla.breach_by_team_stage(span(), NOW)
    assert total == 2  # C9 has no team and is left out
    assert cells(frame, "team_id", "stage") == {
        (TEAM_A, "ack"): (2, 1),
        (TEAM_A, "verify"): (2, 2),
        (TEAM_A, "resolve"): (3, 2),
        (TEAM_A, "notify"): (2, 1),
        (TEAM_A, "archive"): (2, 0),
        (TEAM_B, "ack"): (2, 1),
        (TEAM_B, "verify"): (2, 0),
        (TEAM_B, "resolve"): (2, 1),
        (TEAM_B, "notify"): (2, 1),
        (TEAM_B, "archive"): (1, 1),
    }
    assert list(zip(frame["team_id"], frame["stage"])) == [(TEAM_A, s) for s in STAGES] + [(TEAM_B, s) for s in STAGES]
    assert list(frame["team"].unique()) == ["甲市一组", "乙市一组"]


def test_team_stage_filters(sla_store: str) -> None:
    frame, total = sla.breach_by_team_stage(span(team_ids=(TEAM_B,), levels=("L3",)), NOW)
    assert total == 1
    assert cells(frame, "team_id", "stage") == {
        (TEAM_B, "ack"): (1, 0),
        (TEAM_B, "verify"): (1, 0),
        (TEAM_B, "resolve"): (1, 1),
        (TEAM_B, "notify"): (1, 0),
    }
    top, _ = sla.breach_by_team_stage(span(), NOW, top=1)
    assert set(top["team_id"]) == {TEAM_A}


# ---- intake weekday × hour ----------------------------------------------------------------------------------


def test_weekday_hour_breach_rates(sla_store: str) -> None:
    frame = sla.breach_by_weekday_hour(span(), NOW)
    assert cells(frame, "weekday", "hour") == {
        (0, 9): (5, 2),  # C1 Monday 09:30
        (1, 14): (3, 3),  # C2 Tuesday 14:15
        (5, 23): (4, 1),  # C3 Saturday 23:40
        (2, 3): (5, 3),  # C6 Wednesday 03:05
        (6, 10): (3, 1),  # C7 Sunday 10:00
        (3, 9): (2, 1),  # C9 Thursday 09:10
    }
    assert list(zip(frame["weekday"], frame["hour"])) == [(0, 9), (1, 14), (2, 3), (3, 9), (5, 23), (6, 10)]
    assert frame["weekday"].dtype.kind == "i" and frame["hour"].dtype.kind == "i"


def test_weekday_hour_filters(sla_store: str) -> None:
    frame = sla.breach_by_weekday_hour(span(city_ids=(CITY_A,), levels=("L3",)), NOW)
    assert cells(frame, "weekday", "hour") == {(6, 10): (3, 1)}
    assert sla.breach_by_weekday_hour(span(city_ids=(999,)), NOW).empty


# ---- the cases behind a cell ----------------------------------------------------------------------------------


def refs(frame: pd.DataFrame) -> list[tuple[str, str, bool]]:
    return list(zip(frame["ref_no"], frame["stage"], frame["breached"]))


def test_cell_cases_stage_level(sla_store: str) -> None:
    frame = sla.cell_cases(span(), NOW, "stage_level", "resolve", "L1")
    assert refs(frame) == [("TS-SLA-1", "resolve", True), ("TS-SLA-6", "resolve", False)]
    assert list(frame["handler"]) == ["处理人一", "处理人一"]
    assert frame["total"].tolist() == [2, 2]
    assert {"ref_no", "received_at", "level", "category", "stage", "due_at", "done_at", "breached", "handler"} <= set(
        frame.columns
    )
    assert not {"customer_name", "customer_phone", "customer_id_number"} & set(frame.columns)


def test_cell_cases_city_week(sla_store: str) -> None:
    frame = sla.cell_cases(span(), NOW, "city_week", str(CITY_A), W16.isoformat())
    assert len(frame) == 7 and int(frame["breached"].sum()) == 4
    assert sorted(refs(frame)[:4]) == [
        ("TS-SLA-2", "ack", True),
        ("TS-SLA-2", "resolve", True),
        ("TS-SLA-2", "verify", True),
        ("TS-SLA-9", "ack", True),
    ]
    assert set(frame["ref_no"]) == {"TS-SLA-1", "TS-SLA-2", "TS-SLA-7", "TS-SLA-9"}
    assert frame["handler"].isna().sum() == 2  # C9 has no handler yet


def test_cell_cases_team_stage_and_weekday_hour(sla_store: str) -> None:
    assert refs(sla.cell_cases(span(), NOW, "team_stage", str(TEAM_B), "notify")) == [
        ("TS-SLA-6", "notify", True),
        ("TS-SLA-3", "notify", False),
    ]
    sunday = sla.cell_cases(span(), NOW, "weekday_hour", "6", "10")
    assert set(sunday["ref_no"]) == {"TS-SLA-7"} and len(sunday) == 3
    assert refs(sla.cell_cases(span(), NOW, "weekday_hour", "1", "14")) == [
        ("TS-SLA-2", "resolve", True),
        ("TS-SLA-2", "verify", True),
        ("TS-SLA-2", "ack", True),
    ]


def test_cell_cases_respect_filters_and_limit(sla_store: str) -> None:
    assert sla.cell_cases(span(city_ids=(CITY_B,)), NOW, "stage_level", "resolve", "L1")["ref_no"].tolist() == [
        "TS-SLA-6"
    ]
    limited = sla.cell_cases(span(), NOW, "city_week", str(CITY_A), W16.isoformat(), limit=2)
    assert len(limited) == 2 and limited["total"].tolist() == [7, 7]
    with pytest.raises(ValueError):
        sla.cell_cases(span(), NOW, "nonsense", "a", "b")


# ---- queues of now ---------------------------------------------------------------------------------------


def queue(frame: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(frame["ref_no"], frame["stage"]))


def test_overdue_queue(sla_store: str) -> None:
    frame = sla.overdue_queue(span(), NOW)
    # C4 is a duplicate; the date range does not matter (C5's ack fell due after it).
    assert queue(frame) == [
        ("TS-SLA-2", "verify"),
        ("TS-SLA-6", "archive"),
        ("TS-SLA-2", "resolve"),
        ("TS-SLA-5", "ack"),
    ]
    assert list(frame["handler"]) == ["处理人一", "处理人一", "处理人一", "处理人二"]
    assert list(frame["reminders"]) == [1, 1, 0, 0]
    assert list(frame["total"]) == [4] * 4
    assert list(frame["city_en"]) == ["City A", "City B", "City A", "City A"]


def test_overdue_queue_filters(sla_store: str) -> None:
    assert queue(sla.overdue_queue(span(city_ids=(CITY_B,)), NOW)) == [("TS-SLA-6", "archive")]
    assert queue(sla.overdue_queue(span(levels=("L1",)), NOW)) == [("TS-SLA-6", "archive")]
    assert queue(sla.overdue_queue(span(channels=("app",)), NOW)) == [("TS-SLA-5", "ack")]
    assert queue(sla.overdue_queue(span(agent_ids=(AGENT_1,)), NOW)) == [
        ("TS-SLA-2", "verify"),
        ("TS-SLA-2", "resolve"),
    ]
    far_past = Filters(start=date(2026, 1, 1), end=date(2026, 1, 7))
    assert len(sla.overdue_queue(far_past, NOW)) == 4  # the date range does not apply to queues
    limited = sla.overdue_queue(span(), NOW, limit=1)
    assert queue(limited) == [("TS-SLA-2", "verify")] and limited["total"].tolist() == [4]


def test_at_risk_queue(sla_store: str) -> None:
    # Due exactly now (C8) and exactly at the end of the window (C3 at 14:00) are both at risk.
    assert queue(sla.at_risk_queue(span(), NOW, 4)) == [
        ("TS-SLA-8", "ack"),
        ("TS-SLA-2", "notify"),
        ("TS-SLA-3", "archive"),
    ]
    assert queue(sla.at_risk_queue(span(), NOW, 2)) == [("TS-SLA-8", "ack"), ("TS-SLA-2", "notify")]
    assert queue(sla.at_risk_queue(span(), NOW, 1)) == [("TS-SLA-8", "ack")]
    assert queue(sla.at_risk_queue(span(city_ids=(CITY_B,)), NOW, 4)) == [("TS-SLA-8", "ack"), ("TS-SLA-3", "archive")]
    assert list(sla.at_risk_queue(span(), NOW, 4)["handler"]) == ["处理人一", "处理人一", "处理人二"]
    # 24 hours reaches C9's resolve (11-24 09:10), C8's verify (11-24 10:00) but not C5's verify (12:00).
    assert queue(sla.at_risk_queue(span(), NOW, 24))[-2:] == [("TS-SLA-9", "resolve"), ("TS-SLA-8", "verify")]


def test_my_reminders(sla_store: str) -> None:
    frame = sla.my_reminders(span(), H1)
    assert list(zip(frame["ref_no"], frame["stage"])) == [("TS-SLA-6", "archive"), ("TS-SLA-2", "verify")]
    assert list(frame["by"]) == ["经理", "经理"]
    assert list(frame["note"]) == ["催办 6", "催办 2"]
    assert pd.Timestamp(frame["due_at"].iloc[0]) == pd.Timestamp("2026-11-20 04:00")
    assert frame["done_at"].isna().all()
    assert list(sla.my_reminders(span(city_ids=(CITY_A,)), H1)["ref_no"]) == ["TS-SLA-2"]
    assert list(sla.my_reminders(span(), H2)["ref_no"]) == ["TS-SLA-3"]
    assert sla.my_reminders(span(), MANAGER).empty


# ---- buckets on both backends ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "monday", "weekday", "hour"),
    [
        (datetime(2026, 11, 16, 0, 0), date(2026, 11, 16), 0, 0),  # Monday midnight
        (datetime(2026, 11, 22, 23, 59), date(2026, 11, 16), 6, 23),  # Sunday night, same ISO week
        (datetime(2026, 11, 18, 13, 30), date(2026, 11, 16), 2, 13),
        (datetime(2027, 1, 1, 8, 0), date(2026, 12, 28), 4, 8),  # a Friday whose week starts in the old year
    ],
)
def test_bucket_helpers(sla_store: str, moment: datetime, monday: date, weekday: int, hour: int) -> None:
    with session_scope() as session:
        session.add(complaint(100, moment, {}))
    c = Complaint
    stmt = select(dialect.week_start(c.received_at), dialect.weekday(c.received_at), dialect.hour(c.received_at)).where(
        c.id == 100
    )
    with engine().connect() as conn:
        week, wd, hr = conn.execute(stmt).one()
    assert pd.Timestamp(week).date() == monday
    assert (int(wd), int(hr)) == (weekday, hour)
    with engine().connect() as conn:
        assert conn.execute(select(func.count()).select_from(c)).scalar() == 10
