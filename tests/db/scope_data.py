"""The store of the scope tests: two cities with one collection team each, a case, an agent and a
warning report in each, and one user per role and scope.

=====  =========  =====  =======  =====================================================
id     ref        city   team     who
=====  =========  =====  =======  =====================================================
11     TSA11      A      A (1)    handler P1 (4), first contact by staff A (1); agent 1
12     TSB12      B      B (2)    handler and first owner P1 (4); agent 2
13     TSA13      A      A (1)    handler P2 (9), first contact by the committee member (7)
W1     YJA1       A      A        reported by staff A (1), submitted
W2     YJB2       B      B        reported by staff B (10), submitted
=====  =========  =====  =======  =====================================================
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from db.models import (
    Agent,
    CommitteeSample,
    CustomerMonthly,
    EarlyWarning,
    SampleItem,
    SatisfactionSurvey,
    Team,
    User,
    UserCity,
)
from domain.filters import Filters
from domain.users import CurrentUser
from tests.db.builders import CITY_A, CITY_B, complaint_in_status, customer, two_cities, two_teams
from tests.helpers import dt

TEAM_A, TEAM_B, HANDLING = 1, 2, 3
STAFF_A = CurrentUser(id=1, username="staff_a", display_name="员工甲", role="staff", team_id=TEAM_A)
HEAD_A = CurrentUser(id=2, username="head_a", display_name="组长甲", role="dept_head", team_id=TEAM_A)
HEAD_B = CurrentUser(id=3, username="head_b", display_name="组长乙", role="dept_head", team_id=TEAM_B)
P1 = CurrentUser(id=4, username="p1", display_name="处理人一", role="prevention", team_id=HANDLING)
MANAGER_A = CurrentUser(id=5, username="mgr_a", display_name="经理甲", role="manager", city_ids=(CITY_A,))
MANAGER = CurrentUser(id=6, username="mgr", display_name="总经理", role="manager")
COMMITTEE = CurrentUser(id=7, username="cmte", display_name="委员", role="committee")
ADMIN = CurrentUser(id=8, username="admin", display_name="管理员", role="admin")
P2 = CurrentUser(id=9, username="p2", display_name="处理人二", role="prevention", team_id=HANDLING)
STAFF_B = CurrentUser(id=10, username="staff_b", display_name="员工乙", role="staff", team_id=TEAM_B)
NO_TEAM_HEAD = CurrentUser(id=11, username="head_x", display_name="无组组长", role="dept_head")
EVERYONE = (STAFF_A, HEAD_A, HEAD_B, P1, MANAGER_A, MANAGER, COMMITTEE, ADMIN, P2, STAFF_B, NO_TEAM_HEAD)

CASE_A, CASE_B, CASE_A2 = 11, 12, 13
WARNING_A, WARNING_B = 1, 2
SAMPLE_ITEM_A, SAMPLE_ITEM_OWN = 1, 2  # the committee's sample items of cases 11 and 13
MONTH = date(2026, 11, 1)
# Tables built with explicit ids whose sequences the writes must find moved past them (PostgreSQL).
EXPLICIT_IDS = ("users", "complaints", "early_warnings", "committee_samples", "sample_items")
RANGE = Filters(start=date(2026, 11, 1), end=date(2026, 11, 30))


def _warning(wid: int, city: int, reporter: int) -> EarlyWarning:
    return EarlyWarning(
        id=wid,
        ref_no=f"YJ{'AB'[city - 1]}{wid}",
        customer_name=f"客户{wid}",
        contact="13800000000",
        debt_amount=Decimal(1000),
        overdue_days=30,
        source="call",
        reported_at=dt("11-20", "09:00"),
        risk_score=50.0,
        risk_level="medium",
        suggestion="回访",
        complaint_history=0,
        attitude="neutral",
        description="情绪激动",
        reporter_id=reporter,
        team_id=city,
        city_id=city,
        status="submitted",
    )


def build_rows() -> list[object]:
    case_a = complaint_in_status(
        CASE_A, "TSA11", dt("11-20", "08:00"), "ack", dt("11-25"), city=CITY_A, team=TEAM_A, handler=P1.id
    )
    case_a.first_owner_id, case_a.agent_id = STAFF_A.id, 1
    case_b = complaint_in_status(
        CASE_B, "TSB12", dt("11-20", "08:00"), "ack", dt("11-25"), customer=2, city=CITY_B, team=TEAM_B, handler=P1.id
    )
    case_b.agent_id = 2
    case_a2 = complaint_in_status(CASE_A2, "TSA13", dt("11-21", "08:00"), "received", dt("11-25"), handler=P2.id)
    case_a2.first_owner_id = COMMITTEE.id
    return [
        *two_cities(),
        *two_teams(),
        Team(id=HANDLING, name="处理一组", name_en="Handling 1", city_id=CITY_A, department="handling"),
        Agent(id=1, code="A0001", name="坐席一", team_id=TEAM_A, hired_on=date(2024, 1, 2)),
        Agent(id=2, code="A0002", name="坐席二", team_id=TEAM_B, hired_on=date(2024, 1, 2)),
        *(
            User(id=u.id, username=u.username, display_name=u.display_name, role=u.role, team_id=u.team_id)
            for u in EVERYONE
        ),
        UserCity(user_id=MANAGER_A.id, city_id=CITY_A),
        customer(1, city=CITY_A),
        customer(2, city=CITY_B),
        case_a,
        case_b,
        case_a2,
        SatisfactionSurvey(agent_id=1, customer_id=1, at=dt("11-20", "10:00"), score=5),
        SatisfactionSurvey(agent_id=2, customer_id=2, at=dt("11-20", "10:00"), score=2),
        *(
            CustomerMonthly(
                customer_id=c,
                month=MONTH,
                loyalty_tier="potential",
                bucket="M1",
                overdue_days=10,
                debt_amount=Decimal(1000),
                repaid_30d=Decimal(0),
            )
            for c in (1, 2)
        ),
        _warning(WARNING_A, CITY_A, STAFF_A.id),
        _warning(WARNING_B, CITY_B, STAFF_B.id),
        CommitteeSample(
            id=1,
            period_start=date(2026, 11, 1),
            period_end=date(2026, 11, 30),
            size=1,
            random_seed=7,
            params={},
            drawn_by=COMMITTEE.id,
            drawn_at=datetime(2026, 11, 22, 9, 0),
        ),
        SampleItem(id=SAMPLE_ITEM_A, sample_id=1, complaint_id=CASE_A, stratum="L2·phone"),
        SampleItem(id=SAMPLE_ITEM_OWN, sample_id=1, complaint_id=CASE_A2, stratum="L2·phone"),
    ]
