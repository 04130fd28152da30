"""The hand-checkable store of the SLA reads (test_sla_queries.py) and reminders (test_reminders.py).

Range: Monday 2026-11-09 … Sunday 2026-11-22 (ISO weeks W09 = 11-09 and W16 = 11-16); now = 11-23 10:00.

cplt city team lvl  chan   received (wd,h)   ack        verify     resolve    notify     archive    handler
C1   A    TA   L1   phone  Mon 11-09 09:30   met W09    late W09   late W09   met W09    met W16    H1
C2   A    TA   L2   phone  Tue 11-17 14:15   late W16   open,over  open,over  due 11-23 12:00 (at risk)  H1
C3   B    TB   L3   phone  Sat 11-14 23:40   met Sun    met (=due) late W16   met W16    due 11-23 14:00  H2
                                             11-15→W09  Mon 00:00
C4   dup of C2: every stage open and overdue, never counted anywhere
C5   A    TA   L2   app    Sun 11-22 22:10   open, due 11-23 00:10 (overdue now, after the range)     H2
C6   B    TB   L1   weibo  Wed 11-11 03:05   late W09   met W09    met W09    late W09   open,over W16 H1
C7   A    TA   L3   phone  Sun 11-01 10:00   (before)   (before)   met W09    late W09   met W16    H2
C8   B    TB   L2   phone  Mon 11-23 08:00   open, due exactly now (at risk)                          H1
C9   A    —    L2   phone  Thu 11-19 09:10   late W16   met W16    due 11-24 …                      —

Decided deadlines in the range: 22, breached 11 (see each test for the hand-computed cells).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

from db.models import Agent, Complaint, ComplaintEvent, User
from domain.codes import STAGES
from domain.filters import Filters
from tests.db.builders import CITY_A, CITY_B, customer, staged_complaint, two_cities, two_teams
from tests.helpers import dt

START, END = date(2026, 11, 9), date(2026, 11, 22)
NOW = pd.Timestamp("2026-11-23 10:00")
TEAM_A, TEAM_B = CITY_A, CITY_B  # two_teams(): each city's team has the city's id
AGENT_1 = 1
H1, H2, MANAGER, STAFF, HEAD, ADMIN, COMMITTEE = 1, 2, 3, 4, 5, 6, 7
W09, W16 = date(2026, 11, 9), date(2026, 11, 16)
FAR = "12-20"  # a due date long after the range and "now": never counted, never queued


def complaint(
    cid: int, received: datetime, stages: dict[str, tuple[datetime, datetime | None]], **columns: Any
) -> Complaint:
    """``TS-SLA-<cid>``; a stage ``stages`` leaves out is open and due long after the range (``FAR``)."""
    full = {s: stages.get(s, (dt(FAR), None)) for s in STAGES}
    return staged_complaint(cid, received, full, ref_prefix="TS-SLA-", **columns)


def build_rows() -> list:
    rows: list = [
        *two_cities(),
        *two_teams(("Team A", "Team B")),
        Agent(id=AGENT_1, code="A0001", name="坐席一", team_id=TEAM_A, hired_on=date(2024, 1, 2)),
        User(id=H1, username="h1", display_name="处理人一", email="h1@example.cn", role="prevention"),
        User(id=H2, username="h2", display_name="处理人二", email="h2@example.cn", role="prevention"),
        User(id=MANAGER, username="boss", display_name="经理", email="m@example.cn", role="manager"),
        User(id=STAFF, username="staff", display_name="员工", email="s@example.cn", role="staff", team_id=TEAM_A),
        User(id=HEAD, username="head", display_name="组长", email="d@example.cn", role="dept_head", team_id=TEAM_A),
        User(id=ADMIN, username="admin", display_name="管理员", email="a@example.cn", role="admin"),
        User(id=COMMITTEE, username="cmte", display_name="委员", email="c@example.cn", role="committee"),
        customer(),
        complaint(
            1,
            dt("11-09", "09:30"),
            {
                "ack": (dt("11-09", "11:30"), dt("11-09", "10:00")),
                "verify": (dt("11-10", "10:00"), dt("11-10", "12:00")),
                "resolve": (dt("11-10", "09:30"), dt("11-11", "09:00")),
                "notify": (dt("11-12", "09:00"), dt("11-11", "10:00")),
                "archive": (dt("11-18", "09:00"), dt("11-17", "09:00")),
            },
            level="L1",
            category="violent_collection",
        ),
        complaint(
            2,
            dt("11-17", "14:15"),
            {
                "ack": (dt("11-17", "16:15"), dt("11-17", "17:00")),
                "verify": (dt("11-18", "17:00"), None),
                "resolve": (dt("11-20", "14:15"), None),
                "notify": (dt("11-23", "12:00"), None),
                "archive": (dt("12-01", "09:00"), None),
            },
            agent=AGENT_1,
        ),
        complaint(
            3,
            dt("11-14", "23:40"),
            {
                "ack": (dt("11-15", "01:40"), dt("11-15", "01:00")),
                "verify": (dt("11-16", "00:00"), dt("11-16", "00:00")),
                "resolve": (dt("11-20", "23:40"), dt("11-21", "08:00")),
                "notify": (dt("11-22", "08:00"), dt("11-22", "07:00")),
                "archive": (dt("11-23", "14:00"), None),
            },
            city=CITY_B,
            team=TEAM_B,
            level="L3",
            handler=H2,
            category="app_problem",
        ),
        complaint(
            4,
            dt("11-18", "09:00"),
            {
                "ack": (dt("11-18", "11:00"), None),
                "verify": (dt("11-19", "11:00"), None),
                "resolve": (dt("11-20", "09:00"), None),
                "notify": (dt("11-21", "09:00"), None),
                "archive": (dt("11-22", "09:00"), None),
            },
            agent=AGENT_1,
            duplicate_of=2,
        ),
        complaint(
            5,
            dt("11-22", "22:10"),
            {
                "ack": (dt("11-23", "00:10"), None),
                "verify": (dt("11-24", "12:00"), None),
            },
            channel="app",
            handler=H2,
        ),
        complaint(
            6,
            dt("11-11", "03:05"),
            {
                "ack": (dt("11-11", "04:05"), dt("11-11", "05:00")),
                "verify": (dt("11-12", "05:00"), dt("11-12", "04:00")),
                "resolve": (dt("11-12", "03:05"), dt("11-12", "03:00")),
                "notify": (dt("11-13", "03:00"), dt("11-13", "04:00")),
                "archive": (dt("11-20", "04:00"), None),
            },
            city=CITY_B,
            team=TEAM_B,
            level="L1",
            channel="weibo",
            category="data_leak",
        ),
        complaint(
            7,
            dt("11-01", "10:00"),
            {
                "ack": (dt("11-01", "12:00"), dt("11-01", "11:00")),
                "verify": (dt("11-03", "12:00"), dt("11-03", "09:00")),
                "resolve": (dt("11-10", "10:00"), dt("11-10", "09:00")),
                "notify": (dt("11-11", "09:00"), dt("11-11", "10:00")),
                "archive": (dt("11-18", "10:00"), dt("11-18", "09:00")),
            },
            level="L3",
            handler=H2,
            category="app_problem",
        ),
        complaint(
            8,
            dt("11-23", "08:00"),
            {
                "ack": (dt("11-23", "10:00"), None),
                "verify": (dt("11-24", "10:00"), None),
            },
            city=CITY_B,
            team=TEAM_B,
        ),
        complaint(
            9,
            dt("11-19", "09:10"),
            {
                "ack": (dt("11-19", "11:10"), dt("11-19", "12:00")),
                "verify": (dt("11-20", "12:00"), dt("11-20", "11:00")),
                "resolve": (dt("11-24", "09:10"), None),
            },
            team=None,
            handler=None,
        ),
    ]
    reminders = [  # (id, complaint, stage, at)
        (1, 2, "verify", dt("11-19", "09:00")),
        (2, 6, "archive", dt("11-21", "10:00")),
        (3, 1, "verify", dt("11-10", "13:00")),  # C1 is archived: not an open case any more
        (4, 3, "archive", dt("11-23", "09:00")),  # C3 belongs to H2
    ]
    rows += [
        ComplaintEvent(
            id=eid, complaint_id=cid, at=at, kind="reminder", stage=stage, actor_id=MANAGER, note=f"催办 {cid}"
        )
        for eid, cid, stage, at in reminders
    ]
    return rows


def span(**kw) -> Filters:
    return Filters(start=START, end=END, **kw)
