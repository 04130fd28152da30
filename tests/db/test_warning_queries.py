"""Warning reads (db/queries/warnings.py) against a tiny hand-checkable store on both backends.

The range under test is 2026-11-16 … 2026-11-22, i.e. [11-16 00:00, 11-23 00:00).

warning  reported     city team  status     level   source            reporter  notes
W1       11-17 09:00  甲   T1    submitted  high    customer_service  张伟
W2       11-18 10:00  甲   T1    returned   medium  system            张伟      head 李娜, customer C00000001
W3       11-19 11:00  乙   T2    assigned   high    social_media      赵六      head 孙七, handling 处理一组
W4       11-20 12:00  甲   T1    closed     low     staff             张伟      head 李娜, handling 处理一组
W5       11-10 08:00  甲   T1    submitted  high    customer_service  张伟      before the range
W6       11-23 09:00  乙   T2    evaluated  low     staff             赵六      after the range
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from db.engine import session_scope
from db.models import EarlyWarning, Team, User, WarningEvent
from db.queries import overview
from db.queries import warnings as q
from domain.filters import Filters
from domain.kpis import OPEN_WARNING_STATUSES
from tests.db.builders import customer, two_cities, two_teams
from tests.helpers import dt

RANGE = Filters(start=date(2026, 11, 16), end=date(2026, 11, 22))
ZHANG, LI, WANG, ZHAO, SUN = 1, 2, 3, 4, 5
NONE = {"submitted": 0, "returned": 0, "approved": 0, "assigned": 0, "closed": 0, "evaluated": 0}


def ew(
    wid: int, reported: datetime, team: int, status: str, level: str, source: str, reporter: int, **extra
) -> EarlyWarning:
    return EarlyWarning(
        id=wid,
        ref_no=f"YJ{reported:%Y%m%d}{wid:04d}",
        customer_name=f"客户{wid}号",
        contact=f"1380000000{wid}",
        debt_amount=Decimal(1000 * wid),
        overdue_days=10 * wid,
        source=source,
        reported_at=reported,
        risk_score={"low": 20.0, "medium": 50.0, "high": 80.0}[level],
        risk_level=level,
        suggestion=f"建议{wid}",
        complaint_history=wid % 3,
        attitude="neutral",
        description=f"描述{wid}",
        reporter_id=reporter,
        team_id=team,
        city_id=team,
        status=status,
        **extra,
    )


@pytest.fixture
def store(make_store) -> str:
    return make_store(
        [
            *two_cities(),
            *two_teams(),
            Team(id=3, name="处理一组", name_en="Handling 1", city_id=1, department="handling"),
            User(id=ZHANG, username="staff", display_name="张伟", role="staff", team_id=1),
            User(id=LI, username="head", display_name="李娜", role="dept_head", team_id=1),
            User(id=WANG, username="prevention", display_name="王芳", role="prevention", team_id=3),
            User(id=ZHAO, username="staff2", display_name="赵六", role="staff", team_id=2),
            User(id=SUN, username="head2", display_name="孙七", role="dept_head", team_id=2),
            customer(),
            ew(1, dt("11-17", "09:00"), 1, "submitted", "high", "customer_service", ZHANG),
            ew(
                2,
                dt("11-18", "10:00"),
                1,
                "returned",
                "medium",
                "system",
                ZHANG,
                head_id=LI,
                signed_at=dt("11-18", "15:00"),
                head_comment="请补充录音编号",
                customer_id=1,
            ),
            ew(
                3,
                dt("11-19", "11:00"),
                2,
                "assigned",
                "high",
                "social_media",
                ZHAO,
                head_id=SUN,
                signed_at=dt("11-19", "13:00"),
                handling_team_id=3,
                plan="三日内回访",
            ),
            ew(
                4,
                dt("11-20", "12:00"),
                1,
                "closed",
                "low",
                "staff",
                ZHANG,
                head_id=LI,
                signed_at=dt("11-20", "14:00"),
                handling_team_id=3,
                plan="回访",
                closed_at=dt("11-21", "09:00"),
            ),
            ew(5, dt("11-10", "08:00"), 1, "submitted", "high", "customer_service", ZHANG),
            ew(6, dt("11-23", "09:00"), 2, "evaluated", "low", "staff", ZHAO, evaluation="有效"),
            WarningEvent(warning_id=2, at=dt("11-18", "10:00"), kind="submitted", actor_id=ZHANG),
            WarningEvent(warning_id=2, at=dt("11-18", "15:00"), kind="returned", actor_id=LI, note="请补充录音编号"),
            WarningEvent(warning_id=2, at=dt("11-18", "15:00"), kind="submitted", actor_id=ZHANG, note="已补充"),
        ]
    )


def test_counts_per_state_in_the_range(store: str) -> None:
    """Warning 5 (submitted 11-10) is before the range but open, so it counts."""
    assert q.status_counts(RANGE) == {**NONE, "submitted": 2, "returned": 1, "assigned": 1, "closed": 1}


def test_counts_follow_city_team_level_and_source(store: str) -> None:
    city_a = Filters(start=RANGE.start, end=RANGE.end, city_ids=(1,))
    team_b = Filters(start=RANGE.start, end=RANGE.end, team_ids=(2,))
    assert q.status_counts(city_a) == {**NONE, "submitted": 2, "returned": 1, "closed": 1}
    assert q.status_counts(team_b) == {**NONE, "assigned": 1}
    assert q.status_counts(RANGE, levels=("high",)) == {**NONE, "submitted": 2, "assigned": 1}
    assert q.status_counts(RANGE, sources=("system", "staff")) == {**NONE, "returned": 1, "closed": 1}
    wider = Filters(start=date(2026, 11, 1), end=date(2026, 11, 23))
    assert q.status_counts(wider) == {**NONE, "submitted": 2, "returned": 1, "assigned": 1, "closed": 1, "evaluated": 1}


def test_ledger_rows_open_first_newest_first_with_names_and_masked_contacts(store: str) -> None:
    rows = q.ledger(RANGE)
    assert rows["ref_no"].tolist() == [
        "YJ202611190003",
        "YJ202611180002",
        "YJ202611170001",
        "YJ202611100005",
        "YJ202611200004",
    ]
    first = rows.iloc[4]
    assert (first["customer_name"], first["contact"]) == ("客***", "138****0004")
    assert (first["head"], first["handling_team"], first["handling_team_en"], first["plan"]) == (
        "李娜",
        "处理一组",
        "Handling 1",
        "回访",
    )
    assert (first["status"], first["risk_level"], first["debt_amount"], first["team"], first["reporter"]) == (
        "closed",
        "low",
        4000.0,
        "甲市一组",
        "张伟",
    )
    assert pd_is_missing(rows.iloc[2]["head"]) and pd_is_missing(rows.iloc[2]["handling_team"])
    assert all("****" in c for c in rows["contact"])


def pd_is_missing(value: object) -> bool:
    return value is None or value != value  # None or NaN


def test_ledger_filters_and_limit(store: str) -> None:
    assert q.ledger(RANGE, statuses=("submitted", "returned"))["id"].tolist() == [2, 1, 5]
    assert q.ledger(RANGE, levels=("high",), sources=("social_media",))["id"].tolist() == [3]
    assert q.ledger(Filters(start=RANGE.start, end=RANGE.end, city_ids=(2,)))["id"].tolist() == [3]
    assert q.ledger(RANGE, limit=2)["id"].tolist() == [3, 2]  # the limit never cuts an open one for a closed one


def test_open_warnings_show_whatever_the_date_range_and_counts_agree_with_the_overview(store: str) -> None:
    january = Filters(start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert q.ledger(january)["id"].tolist() == [3, 2, 1, 5]  # open ones only: the closed are out of range
    counts = q.status_counts(january)
    assert sum(counts[s] for s in OPEN_WARNING_STATUSES) == overview.warnings(january)["open"] == 4
    for f in (RANGE, january, Filters(start=RANGE.start, end=RANGE.end, city_ids=(1,))):
        assert sum(q.status_counts(f)[s] for s in OPEN_WARNING_STATUSES) == overview.warnings(f)["open"]


def test_timeline_oldest_first_with_actors(store: str) -> None:
    events = q.timeline(2)
    assert events["kind"].tolist() == ["submitted", "returned", "submitted"]
    assert events["actor"].tolist() == ["张伟", "李娜", "张伟"]
    assert events["note"].tolist()[1:] == ["请补充录音编号", "已补充"]
    assert q.timeline(1).empty


def test_a_reporters_own_reports(store: str) -> None:
    mine = q.my_reports(ZHANG)
    assert mine["id"].tolist() == [4, 2, 1, 5]  # any date, newest first
    assert mine.loc[mine["id"] == 2, "head_comment"].item() == "请补充录音编号"
    assert mine["customer_name"].tolist()[0] == "客***"
    assert q.my_reports(ZHANG, limit=2)["id"].tolist() == [4, 2]
    assert q.my_returned(ZHANG)["id"].tolist() == [2]
    assert q.my_returned(ZHAO).empty


def test_a_returned_report_opens_masked_for_its_reporter_only(store: str) -> None:
    report = q.returned_report(2, ZHANG)
    assert (report["customer_name"], report["contact"], report["customer_code"], report["debt_amount"]) == (
        "客***",
        "138****0002",
        "C00000001",
        2000.0,
    )
    assert q.returned_report(2, ZHAO) is None  # someone else's
    assert q.returned_report(1, ZHANG) is None  # not returned


def test_weights_and_forgetting(store: str) -> None:
    assert q.weights() == {"complaint_history": 0.35, "overdue": 0.25, "debt": 0.2, "attitude": 0.2}
    assert q.status_counts(RANGE)["approved"] == 0
    with session_scope() as s:
        s.add(ew(7, dt("11-21", "10:00"), 1, "approved", "medium", "system", ZHANG))
    assert q.status_counts(RANGE)["approved"] == 0  # cached
    q.forget()
    assert q.status_counts(RANGE)["approved"] == 1
    assert q.ledger(RANGE)["id"].tolist()[0] == 7
