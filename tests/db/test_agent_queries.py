"""Agent scorecard reads (db/queries/agents.py) against a tiny hand-checkable store on both backends.

Range: Monday 2026-11-16 … Sunday 2026-11-22; now = 11-23 10:00. Cities A, B; teams TA (A), TB (B).
Agents 1 and 2 in TA, 3 and 4 in TB (4 has no activity in the range).

surveys in the range       agent 1: 5 4 3 2            → 4 surveys, 2 satisfied, total 14 (mean 3.5, 50 %)
                                    (+ a 5 on Sun 11-15 23:59:59 and a 1 on Mon 11-23 00:00: out)
                           agent 2: 27 × 5 and 3 × 1   → 30 surveys, 27 satisfied, total 138 (mean 4.6, 90 %)
                           agent 3: one 4              → 1 survey, 100 %
contacts in the range      agent 1: 250 (+ 5 on 11-15: out);  agent 2: 199;  agent 3: 10;  agent 4: 3 on 11-01
QA reviews in the range    agent 1: none none insult threat (+ an insult on 11-23 00:00: out) → 50 % compliant
                           agent 2: none insult insult → 1/3 compliant;  agent 3: none none → 100 %
                           agent 4: one insult on 11-01 (out)

complaint agent chan  received     ack        verify      resolve     notify      archive     in range?
C1        1     app   11-17 09:00  met        late        met         met         due 11-27   yes
C2        1     phone 11-18 14:00  late       open,over   open,over   due 11-24   due 11-30   yes
C3 dup→C2 1     phone 11-19 09:00  every stage open and overdue: never counted (duplicate)
C4        1     phone 11-10 09:00  (before)   (before)    met 11-17   late 11-18  open,over   no (received before)
C5        2     phone 11-20 10:00  met        met (=due)  due 11-27   …           …           yes
C6        3 (B) phone 11-19 09:00  met        late        due 11-24   …           …           yes
C7        —     phone 11-18 10:00  met        met         …                                   yes, names no agent

Hand-computed scorecards (no filter):
agent  surveys sat  mean  contacts complaints per1000  reviews compliant insult threat  deadlines met
1      4       .5   3.5   250      2 (C1 C2)  8.0      4       2         1      1       4+3+3=10  3+0+1=4
2      30      .9   4.6   199      1 (C5)     5.0251…  3       1         2      0       2         2
3      1       1.0  4.0   10       1 (C6)     100.0    2       2         0      0       2         1
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
import pytest

from db.models import (
    Agent,
    Complaint,
    ContactLog,
    QAReview,
    SatisfactionSurvey,
    User,
)
from db.queries import agents
from domain.filters import Filters
from domain.scorecards import VIOLATION_TYPES
from tests.db.builders import CITY_A, CITY_B, customer, staged_complaint, two_cities, two_teams
from tests.helpers import dt

START, END = date(2026, 11, 16), date(2026, 11, 22)
NOW = pd.Timestamp("2026-11-23 10:00")
TEAM_A, TEAM_B = CITY_A, CITY_B  # two_teams(): each city's team has the city's id
A1, A2, A3, A4 = 1, 2, 3, 4


def complaint(
    cid: int,
    received: datetime,
    stages: dict[str, tuple[datetime, datetime | None]],
    *,
    agent: int | None,
    **columns: Any,
) -> Complaint:
    return staged_complaint(
        cid, received, stages, ref_prefix="TS-AG-", agent=agent, category="improper_language", **columns
    )


def parents() -> list:
    return [
        *two_cities(),
        *two_teams(),
        Agent(id=A1, code="A0001", name="坐席一", team_id=TEAM_A, hired_on=date(2024, 1, 2)),
        Agent(id=A2, code="A0002", name="坐席二", team_id=TEAM_A, hired_on=date(2024, 1, 2)),
        Agent(id=A3, code="A0003", name="坐席三", team_id=TEAM_B, hired_on=date(2024, 1, 2)),
        Agent(id=A4, code="A0004", name="坐席四", team_id=TEAM_B, hired_on=date(2024, 1, 2)),
        User(id=1, username="handler", display_name="处理人", email="h@example.cn", role="prevention"),
        customer(),
    ]


def complaints() -> list[Complaint]:
    return [
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
            agent=A1,
            channel="app",
        ),
        complaint(
            2,
            dt("11-18", "14:00"),
            {
                "ack": (dt("11-18", "16:00"), dt("11-18", "17:00")),
                "verify": (dt("11-19", "17:00"), None),
                "resolve": (dt("11-21", "14:00"), None),
                "notify": (dt("11-24", "09:00"), None),
                "archive": (dt("11-30", "09:00"), None),
            },
            agent=A1,
        ),
        complaint(
            3,
            dt("11-19", "09:00"),
            {
                "ack": (dt("11-19", "11:00"), None),
                "verify": (dt("11-20", "11:00"), None),
                "resolve": (dt("11-20", "09:00"), None),
                "notify": (dt("11-21", "09:00"), None),
                "archive": (dt("11-22", "09:00"), None),
            },
            agent=A1,
            duplicate_of=2,
        ),
        complaint(
            4,
            dt("11-10", "09:00"),
            {
                "ack": (dt("11-10", "11:00"), dt("11-10", "10:00")),
                "verify": (dt("11-11", "10:00"), dt("11-11", "09:00")),
                "resolve": (dt("11-17", "09:00"), dt("11-16", "10:00")),
                "notify": (dt("11-18", "09:00"), dt("11-19", "09:00")),
                "archive": (dt("11-21", "17:00"), None),
            },
            agent=A1,
        ),
        complaint(
            5,
            dt("11-20", "10:00"),
            {
                "ack": (dt("11-20", "12:00"), dt("11-20", "11:00")),
                "verify": (dt("11-21", "11:00"), dt("11-21", "11:00")),
                "resolve": (dt("11-27", "10:00"), None),
                "notify": (dt("11-28", "10:00"), None),
                "archive": (dt("12-04", "10:00"), None),
            },
            agent=A2,
        ),
        complaint(
            6,
            dt("11-19", "09:00"),
            {
                "ack": (dt("11-19", "11:00"), dt("11-19", "10:00")),
                "verify": (dt("11-20", "11:00"), dt("11-20", "12:00")),
                "resolve": (dt("11-24", "09:00"), None),
                "notify": (dt("11-25", "09:00"), None),
                "archive": (dt("12-01", "09:00"), None),
            },
            agent=A3,
            city=CITY_B,
            team=TEAM_B,
        ),
        complaint(
            7,
            dt("11-18", "10:00"),
            {
                "ack": (dt("11-18", "11:00"), dt("11-18", "10:30")),
                "verify": (dt("11-19", "11:00"), dt("11-19", "10:00")),
                "resolve": (dt("11-24", "10:00"), None),
                "notify": (dt("11-25", "10:00"), None),
                "archive": (dt("12-01", "10:00"), None),
            },
            agent=None,
        ),
    ]


def facts() -> list:
    surveys = [
        (A1, dt("11-16"), 5),
        (A1, dt("11-18", "15:00"), 4),
        (A1, dt("11-19", "10:00"), 3),
        (A1, dt("11-22", "23:59", 59), 2),
        (A1, dt("11-15", "23:59", 59), 5),
        (A1, dt("11-23"), 1),
        (A3, dt("11-20", "16:00"), 4),
    ]
    surveys += [(A2, dt("11-17", "09:00") + timedelta(minutes=k), 5 if k < 27 else 1) for k in range(30)]
    contacts = [(A1, dt("11-16", "08:00") + timedelta(minutes=30 * k)) for k in range(250)]
    contacts += [(A1, dt("11-15", "10:00") + timedelta(minutes=k)) for k in range(5)]
    contacts += [(A2, dt("11-18", "08:00") + timedelta(minutes=20 * k)) for k in range(199)]
    contacts += [(A3, dt("11-21", "09:00") + timedelta(minutes=k)) for k in range(10)]
    contacts += [(A4, dt("11-01", "09:00") + timedelta(minutes=k)) for k in range(3)]
    reviews = [  # (agent, call at, violation, note)
        (A1, dt("11-16", "10:00"), "none", None),
        (A1, dt("11-17", "10:00"), "none", None),
        (A1, dt("11-18", "10:00"), "insult", "辱骂客户"),
        (A1, dt("11-20", "10:00"), "threat", "威胁上门"),
        (A1, dt("11-23"), "insult", "范围之后"),
        (A2, dt("11-19", "10:00"), "none", None),
        (A2, dt("11-19", "11:00"), "insult", "粗俗用语"),
        (A2, dt("11-21", "11:00"), "insult", "人身攻击"),
        (A3, dt("11-18", "09:00"), "none", None),
        (A3, dt("11-22", "09:00"), "none", None),
        (A4, dt("11-01", "09:00"), "insult", "范围之前"),
    ]
    return (
        [SatisfactionSurvey(agent_id=a, customer_id=1, at=at, score=score) for a, at, score in surveys]
        + [ContactLog(agent_id=a, customer_id=1, at=at, connected=True, duration_s=60) for a, at in contacts]
        + [
            QAReview(
                agent_id=a,
                call_at=at,
                reviewed_at=at + timedelta(hours=5),
                violation_type=v,
                score=90 if v == "none" else 50,
                note=note,
            )
            for a, at, v, note in reviews
        ]
    )


@pytest.fixture
def store(make_store) -> str:
    return make_store(parents() + complaints(), then=facts())  # in order: C3 refers to C2


def week(**kw) -> Filters:
    return Filters(start=START, end=END, **kw)


def by_agent(frame: pd.DataFrame) -> dict[int, dict]:
    return {int(r["agent_id"]): r for r in frame.to_dict("records")}


# ---- scorecards ------------------------------------------------------------------------------------


def test_scorecards_hand_computed(store: str) -> None:
    cards = agents.scorecards(week(), NOW)
    assert list(cards["code"]) == ["A0001", "A0002", "A0003"]  # A0004 had nothing in the range
    got = by_agent(cards)

    a1 = got[A1]
    assert (a1["surveys"], a1["satisfied"], a1["score_total"]) == (4, 2, 14)
    assert a1["satisfaction_rate"] == pytest.approx(0.5)
    assert a1["mean_score"] == pytest.approx(3.5)
    assert (a1["contacts"], a1["complaints"]) == (250, 2)
    assert a1["complaints_per_1000"] == pytest.approx(8.0)
    assert (a1["reviews"], a1["compliant"], a1["violations"]) == (4, 2, 2)
    assert {v: a1[v] for v in VIOLATION_TYPES} == {
        "insult": 1,
        "threat": 1,
        "third_party": 0,
        "false_statement": 0,
        "night_call": 0,
        "excessive_calls": 0,
    }
    assert a1["compliance_rate"] == pytest.approx(0.5)
    assert (a1["deadlines"], a1["met"]) == (10, 4)
    assert a1["sla_attainment"] == pytest.approx(0.4)
    assert (a1["few_surveys"], a1["few_contacts"], a1["small_sample"]) == (True, False, True)

    a2 = got[A2]
    assert (a2["surveys"], a2["satisfied"], a2["score_total"]) == (30, 27, 138)
    assert a2["satisfaction_rate"] == pytest.approx(0.9)
    assert a2["mean_score"] == pytest.approx(4.6)
    assert (a2["contacts"], a2["complaints"]) == (199, 1)
    assert a2["complaints_per_1000"] == pytest.approx(1000 / 199)
    assert (a2["reviews"], a2["compliant"], a2["insult"], a2["threat"]) == (3, 1, 2, 0)
    assert a2["compliance_rate"] == pytest.approx(1 / 3)
    assert (a2["deadlines"], a2["met"], a2["sla_attainment"]) == (2, 2, 1.0)
    assert (a2["few_surveys"], a2["few_contacts"], a2["small_sample"]) == (False, True, True)

    a3 = got[A3]
    assert (a3["surveys"], a3["satisfaction_rate"], a3["mean_score"]) == (1, 1.0, 4.0)
    assert (a3["contacts"], a3["complaints"], a3["complaints_per_1000"]) == (10, 1, 100.0)
    assert (a3["reviews"], a3["compliant"], a3["violations"], a3["compliance_rate"]) == (2, 2, 0, 1.0)
    assert (a3["deadlines"], a3["met"], a3["sla_attainment"]) == (2, 1, 0.5)
    assert (a3["city"], a3["team"], a3["city_en"], a3["team_en"]) == ("乙市", "乙市一组", "City B", "B1")


def test_city_filter_keeps_only_that_citys_agents(store: str) -> None:
    cards = agents.scorecards(week(city_ids=(CITY_B,)), NOW)
    assert list(cards["agent_id"]) == [A3]
    assert (cards.loc[0, "surveys"], cards.loc[0, "contacts"], cards.loc[0, "complaints"]) == (1, 10, 1)


def test_team_filter_keeps_only_that_teams_agents(store: str) -> None:
    cards = agents.scorecards(week(team_ids=(TEAM_A,)), NOW)
    assert list(cards["agent_id"]) == [A1, A2]
    assert by_agent(cards)[A1]["deadlines"] == 10


def test_agent_filter(store: str) -> None:
    cards = agents.scorecards(week(agent_ids=(A2,)), NOW)
    assert list(cards["agent_id"]) == [A2]


def test_unknown_city_gives_an_empty_frame(store: str) -> None:
    assert agents.scorecards(week(city_ids=(999,)), NOW).empty


def test_channel_filter_applies_to_complaints_and_sla_only(store: str) -> None:
    a1 = by_agent(agents.scorecards(week(channels=("phone",)), NOW))[A1]
    assert (a1["surveys"], a1["contacts"], a1["reviews"]) == (4, 250, 4)  # agent-level facts unchanged
    assert a1["complaints"] == 1  # C1 came by app
    assert a1["complaints_per_1000"] == pytest.approx(4.0)
    assert (a1["deadlines"], a1["met"]) == (6, 1)  # C2 3/0 and C4 3/1


def test_out_of_range_activity_counts_when_the_range_covers_it(store: str) -> None:
    cards = agents.scorecards(Filters(start=date(2026, 11, 1), end=date(2026, 11, 23)), NOW)
    got = by_agent(cards)
    assert set(got) == {A1, A2, A3, A4}
    assert (got[A4]["contacts"], got[A4]["reviews"], got[A4]["insult"], got[A4]["compliance_rate"]) == (3, 1, 1, 0.0)
    assert (got[A1]["surveys"], got[A1]["contacts"], got[A1]["complaints"]) == (6, 255, 3)  # C4 too


# ---- weekly trends ---------------------------------------------------------------------------------


def test_weekly_trend_of_one_agent(store: str) -> None:
    frame = agents.weekly(Filters(start=date(2026, 11, 9), end=END), A1)
    assert list(frame["week"]) == [date(2026, 11, 9), date(2026, 11, 16)]
    first, second = frame.to_dict("records")
    assert (first["surveys"], first["satisfaction_rate"], first["contacts"], first["complaints"]) == (1, 1.0, 5, 1)
    assert first["complaints_per_1000"] == pytest.approx(200.0)
    assert (first["reviews"], first["violations"]) == (0, 0)
    assert pd.isna(first["compliance_rate"])
    assert (second["surveys"], second["satisfaction_rate"], second["contacts"], second["complaints"]) == (
        4,
        0.5,
        250,
        2,
    )
    assert second["complaints_per_1000"] == pytest.approx(8.0)
    assert (second["reviews"], second["violations"], second["compliance_rate"]) == (4, 2, 0.5)


def test_weekly_trend_of_all_agents_in_scope(store: str) -> None:
    frame = agents.weekly(week(team_ids=(TEAM_A,)))
    assert list(frame["week"]) == [START]
    row = frame.iloc[0]
    assert (row["surveys"], row["satisfied"], row["contacts"], row["complaints"]) == (34, 29, 449, 3)
    assert row["satisfaction_rate"] == pytest.approx(29 / 34)
    assert (row["reviews"], row["violations"]) == (7, 4)


def test_weekly_trend_of_an_idle_agent_is_all_weeks_with_zero_counts(store: str) -> None:
    frame = agents.weekly(week(), A4)
    assert list(frame["week"]) == [START]
    assert (frame.loc[0, "surveys"], frame.loc[0, "contacts"], frame.loc[0, "violations"]) == (0, 0, 0)
    assert pd.isna(frame.loc[0, "satisfaction_rate"]) and pd.isna(frame.loc[0, "complaints_per_1000"])


# ---- recent violations -----------------------------------------------------------------------------


def test_recent_violations_newest_first_with_notes(store: str) -> None:
    rows = agents.recent_violations(week(), A1)
    assert list(rows["violation_type"]) == ["threat", "insult"]
    assert list(rows["note"]) == ["威胁上门", "辱骂客户"]
    assert pd.Timestamp(rows.loc[0, "call_at"]) == pd.Timestamp("2026-11-20 10:00")


def test_recent_violations_honour_the_team_scope(store: str) -> None:
    assert agents.recent_violations(week(team_ids=(TEAM_B,)), A1).empty
    assert len(agents.recent_violations(week(), A2, limit=1)) == 1
