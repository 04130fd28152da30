"""Case reads (db/queries/cases.py) against a tiny store on both backends.

K1 TS2026110200001  city A, customer 张三丰, received 11-02 09:00 — the original
K2 TS2026110200002  city A, same customer,  received 11-02 15:00 — duplicate of K1
K3 TS2026110300001  city A, same customer,  received 11-03 10:00 — duplicate of K1
K4 TS2026110300002  city B, anonymous,      received 11-03 11:00 — on its own; its text holds HTML
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from db.models import Agent, Complaint, ComplaintEvent, User
from db.queries import cases
from domain.codes import STAGES
from domain.filters import Filters
from tests.db.builders import CITY_A, CITY_B, customer, two_cities, two_teams
from tests.helpers import dt

NAME, PHONE, ID_NUMBER = "张三丰", "13812345678", "110105199001010011"
SCRIPT = "<script>alert('x')</script> **不是粗体**"


def complaint(
    cid: int,
    ref: str,
    received: datetime,
    *,
    city: int = CITY_A,
    customer: int | None = 1,
    duplicate_of: int | None = None,
    description: str = "催收员多次辱骂",
) -> Complaint:
    dues = {f"{s}_due_at": received + timedelta(hours=2 * (k + 1)) for k, s in enumerate(STAGES)}
    return Complaint(
        id=cid,
        ref_no=ref,
        received_at=received,
        channel="phone",
        level="L1",
        category="violent_collection",
        city_id=city,
        team_id=city,
        customer_id=customer,
        agent_id=1 if city == CITY_A else None,
        handler_id=1,
        first_owner_id=2,
        description=description,
        status="ack",
        duplicate_of_id=duplicate_of,
        exec_reported=True,
        ack_at=received + timedelta(hours=1),
        **dues,
    )


@pytest.fixture
def store(make_store) -> str:
    rows: list = [
        *two_cities(),
        *two_teams(),
        Agent(id=1, code="A0001", name="坐席一", team_id=CITY_A, hired_on=date(2024, 1, 2)),
        User(id=1, username="handler", display_name="处理人甲", email="h@example.cn", role="prevention"),
        User(id=2, username="owner", display_name="首问人乙", email="o@example.cn", role="staff"),
        customer(name=NAME, phone=PHONE, id_number=ID_NUMBER),
        complaint(1, "TS2026110200001", dt("11-02", "09:00")),
        complaint(2, "TS2026110200002", dt("11-02", "15:00"), duplicate_of=1),
        complaint(3, "TS2026110300001", dt("11-03", "10:00"), duplicate_of=1),
        complaint(4, "TS2026110300002", dt("11-03", "11:00"), city=CITY_B, customer=None, description=SCRIPT),
        # K1's events, stored out of time order; two share 09:00 and keep their id order.
        ComplaintEvent(id=1, complaint_id=1, at=dt("11-02", "09:00"), kind="received", actor_id=2),
        ComplaintEvent(
            id=2, complaint_id=1, at=dt("11-02", "10:00"), kind="stage", stage="ack", actor_id=1, note="已受理"
        ),
        ComplaintEvent(id=3, complaint_id=1, at=dt("11-02", "09:00"), kind="note", actor_id=None, note="来电补充"),
        ComplaintEvent(id=4, complaint_id=1, at=dt("11-02", "09:30"), kind="reminder", actor_id=1),
        ComplaintEvent(id=5, complaint_id=2, at=dt("11-02", "15:00"), kind="duplicate", actor_id=2),
    ]
    return make_store(rows)


# ---- one case ------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["TS2026110200001", "ts2026110200001", "  Ts2026110200001\t", "\nTS2026110200001 "])
def test_case_by_reference_ignores_case_and_spaces(store: str, typed: str) -> None:
    found = cases.case(typed)
    assert found is not None
    assert (found["id"], found["ref_no"], found["city"], found["city_en"]) == (1, "TS2026110200001", "甲市", "City A")
    assert (found["team"], found["agent_code"], found["handler"], found["first_owner"]) == (
        "甲市一组",
        "A0001",
        "处理人甲",
        "首问人乙",
    )
    assert found["received_at"] == dt("11-02", "09:00")
    assert found["ack_at"] == dt("11-02", "10:00")
    assert found["exec_reported"] is True


@pytest.mark.parametrize("typed", ["TS2026110200009", "TS20261102", "", "   "])
def test_unknown_reference_is_none(store: str, typed: str) -> None:
    assert cases.case(typed) is None


def test_case_pii_is_masked_unless_asked(store: str) -> None:
    masked = cases.case("TS2026110200001")
    assert (masked["customer_name"], masked["customer_phone"], masked["customer_id_number"]) == (
        "张**",
        "138****5678",
        "110*************11",
    )
    assert not {NAME, PHONE, ID_NUMBER} & {str(v) for v in masked.values()}
    raw = cases.case("TS2026110200001", unmasked=True)
    assert (raw["customer_name"], raw["customer_phone"], raw["customer_id_number"]) == (NAME, PHONE, ID_NUMBER)


def test_anonymous_case_has_empty_customer(store: str) -> None:
    found = cases.case("ts2026110300002")
    assert (found["customer_name"], found["customer_phone"], found["team"], found["agent_code"]) == (
        "",
        "",
        "乙市一组",
        None,
    )
    assert found["description"] == SCRIPT  # stored as typed; the page shows it as text


# ---- timeline and duplicates ---------------------------------------------------------------------


def test_timeline_oldest_first_ties_by_id(store: str) -> None:
    events = cases.timeline(1)
    assert list(events["kind"]) == ["received", "note", "reminder", "stage"]
    assert [a if isinstance(a, str) else None for a in events["actor"]] == ["首问人乙", None, "处理人甲", "处理人甲"]
    assert list(events["stage"].fillna("")) == ["", "", "", "ack"]
    assert cases.timeline(4).empty


def test_linked_from_the_original_lists_its_duplicates(store: str) -> None:
    frame = cases.linked(1, None)
    assert list(frame["ref_no"]) == ["TS2026110200002", "TS2026110300001"]
    assert list(frame["duplicate_of_id"]) == [1, 1]


def test_linked_from_a_duplicate_lists_the_original_and_the_others(store: str) -> None:
    frame = cases.linked(3, 1)
    assert list(frame["ref_no"]) == ["TS2026110200001", "TS2026110200002"]  # oldest first, itself left out
    assert frame["duplicate_of_id"].isna().tolist() == [True, False]


def test_linked_of_a_case_on_its_own_is_empty(store: str) -> None:
    assert cases.linked(4, None).empty


# ---- recent cases --------------------------------------------------------------------------------


def days(**kw) -> Filters:
    return Filters(start=date(2026, 11, 2), end=date(2026, 11, 3), **kw)


def test_recent_newest_first_duplicates_included_names_masked(store: str) -> None:
    frame = cases.recent(days())
    assert list(frame["ref_no"]) == ["TS2026110300002", "TS2026110300001", "TS2026110200002", "TS2026110200001"]
    assert list(frame["customer_name"]) == ["", "张**", "张**", "张**"]
    assert list(frame["duplicate_of"].fillna("")) == ["", "TS2026110200001", "TS2026110200001", ""]
    assert list(frame["city"]) == ["乙市", "甲市", "甲市", "甲市"]
    assert NAME not in frame.to_string()


@pytest.mark.parametrize(
    ("filters", "limit", "expected"),
    [
        (days(), 2, ["TS2026110300002", "TS2026110300001"]),
        (days(city_ids=(CITY_B,)), 50, ["TS2026110300002"]),
        (days(agent_ids=(1,)), 50, ["TS2026110300001", "TS2026110200002", "TS2026110200001"]),
        (Filters(start=date(2026, 11, 2), end=date(2026, 11, 2)), 50, ["TS2026110200002", "TS2026110200001"]),
        (days(channels=("app",)), 50, []),
    ],
    ids=["limit", "city_b", "agent", "one_day", "no_channel"],
)
def test_recent_honours_filters_and_limit(store: str, filters: Filters, limit: int, expected: list[str]) -> None:
    assert list(cases.recent(filters, limit)["ref_no"]) == expected
