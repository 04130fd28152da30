"""Channel reads (db/queries/channels.py) against a tiny hand-checkable store on both backends.

The range is Friday 2026-10-30 … Tuesday 2026-11-03, i.e. [10-30 00:00, 11-04 00:00); "now" is
11-03 12:00. Acknowledgement targets come from the migrated sla_policy: 1 h for Douyin and Weibo
DMs, 2 h for every other channel.

id  received          channel level category            city  acknowledged after
 1  10-30 (Fri) 09:00 phone   L2    interest_dispute    A     30 min
 2  10-30 (Fri) 15:00 phone   L2    interest_dispute    A     90 min
 3  10-31 (Sat) 10:00 app     L3    app_problem         B     150 min (late; stored due Monday 11-02 10:00)
 4  11-01 (Sun) 11:00 douyin  L2    improper_language   A     45 min 30 s
 5  11-02 (Mon) 09:30 douyin  L1    violent_collection  A     75 min (late: 1 h target)
 6  11-02 (Mon) 14:00 weibo   L2    interest_dispute    B     60 min (exactly the target: in time)
 7  11-03 (Tue) 08:00 phone   L1    violent_collection  A     120 min (exactly the target: in time)
 8  11-03 (Tue) 09:00 phone   L3    app_problem         B     not yet; due 11:00, overdue at 12:00
 9  11-03 (Tue) 11:30 app     L2    interest_dispute    A     not yet; due 13:30, still open at 12:00
10  11-01 (Sun) 10:00 phone   L2    interest_dispute    A     duplicate of 2: never counted
11  10-29 (Thu) 10:00 phone   L2    interest_dispute    A     before the range
12  11-04 (Wed) 10:00 weibo   L2    interest_dispute    A     after the range

Acknowledgement per channel (percentiles by linear interpolation between ranks):
    phone  4 received, 3 acknowledged (30, 90, 120): median 90, p90 90 + 0.8·30 = 114;
           3 in time, 1 overdue → 3 / 4
    app    2 received, 1 acknowledged (150): median = p90 = 150; 0 in time, nothing overdue → 0 / 1
    douyin 2 received, 2 acknowledged (45.5, 75): median 60.25, p90 45.5 + 0.9·29.5 = 72.05 → 1 / 2
    weibo  1 received, 1 acknowledged (60): median = p90 = 60 → 1 / 1
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import create_engine, text, update

from db.engine import session_scope
from db.models import Complaint, SlaPolicy, User
from db.queries import channels, sla_config
from domain.codes import STAGES
from domain.filters import Filters
from tests.db.builders import CITY_A, CITY_B, customer, two_cities, two_teams
from tests.helpers import dt

START, END = date(2026, 10, 30), date(2026, 11, 3)
NOW = datetime(2026, 11, 3, 12, 0)
TARGET_HOURS = {"douyin": 1, "weibo": 1}  # every other channel: 2


# id, received, channel, level, category, city, acknowledged after (None: not yet), duplicate of
ROWS = [
    (1, dt("10-30", "09:00"), "phone", "L2", "interest_dispute", CITY_A, timedelta(minutes=30), None),
    (2, dt("10-30", "15:00"), "phone", "L2", "interest_dispute", CITY_A, timedelta(minutes=90), None),
    (3, dt("10-31", "10:00"), "app", "L3", "app_problem", CITY_B, timedelta(minutes=150), None),
    (4, dt("11-01", "11:00"), "douyin", "L2", "improper_language", CITY_A, timedelta(minutes=45, seconds=30), None),
    (5, dt("11-02", "09:30"), "douyin", "L1", "violent_collection", CITY_A, timedelta(minutes=75), None),
    (6, dt("11-02", "14:00"), "weibo", "L2", "interest_dispute", CITY_B, timedelta(minutes=60), None),
    (7, dt("11-03", "08:00"), "phone", "L1", "violent_collection", CITY_A, timedelta(minutes=120), None),
    (8, dt("11-03", "09:00"), "phone", "L3", "app_problem", CITY_B, None, None),
    (9, dt("11-03", "11:30"), "app", "L2", "interest_dispute", CITY_A, None, None),
    (10, dt("11-01", "10:00"), "phone", "L2", "interest_dispute", CITY_A, timedelta(minutes=300), 2),
    (11, dt("10-29", "10:00"), "phone", "L2", "interest_dispute", CITY_A, timedelta(minutes=10), None),
    (12, dt("11-04", "10:00"), "weibo", "L2", "interest_dispute", CITY_A, None, None),
]
# Complaint 3 came in on a Saturday: its stored due time is what a business-day target gives.
STORED_ACK_DUE = {3: dt("11-02", "10:00")}


def complaint(
    cid: int,
    received: datetime,
    channel: str,
    level: str,
    category: str,
    city: int,
    ack_after: timedelta | None,
    duplicate_of: int | None,
) -> Complaint:
    ack_due = STORED_ACK_DUE.get(cid, received + timedelta(hours=TARGET_HOURS.get(channel, 2)))
    later = {f"{s}_due_at": received + timedelta(days=k + 1) for k, s in enumerate(STAGES) if s != "ack"}
    return Complaint(
        id=cid,
        ref_no=f"TS-CH-{cid}",
        received_at=received,
        channel=channel,
        level=level,
        category=category,
        city_id=city,
        team_id=city,
        customer_id=1,
        handler_id=1,
        first_owner_id=1,
        description="渠道测试",
        status="received" if ack_after is None else "ack",
        duplicate_of_id=duplicate_of,
        exec_reported=level == "L1",
        ack_due_at=ack_due,
        ack_at=None if ack_after is None else received + ack_after,
        **later,
    )


@pytest.fixture
def store(make_store) -> str:
    parents = [
        *two_cities(),
        *two_teams(),
        User(id=1, username="handler", display_name="处理人", email="h@example.cn", role="prevention"),
        customer(),
    ]
    return make_store(parents + [complaint(*r) for r in ROWS])  # complaint 10 refers to 2: id order


def in_range(**kw) -> Filters:
    return Filters(start=START, end=END, **kw)


def rows(frame: pd.DataFrame, *cols: str) -> list[tuple]:
    return [tuple(r) for r in frame[list(cols)].itertuples(index=False)]


# ---- volume per period ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grain", "expected"),
    [
        (
            "day",
            [
                (date(2026, 10, 30), "phone", 2),
                (date(2026, 10, 31), "app", 1),
                (date(2026, 11, 1), "douyin", 1),
                (date(2026, 11, 2), "douyin", 1),
                (date(2026, 11, 2), "weibo", 1),
                (date(2026, 11, 3), "phone", 2),
                (date(2026, 11, 3), "app", 1),
            ],
        ),
        # Sunday 11-01 belongs to the week of Monday 10-26; Monday 11-02 starts the next one.
        (
            "week",
            [
                (date(2026, 10, 26), "phone", 2),
                (date(2026, 10, 26), "app", 1),
                (date(2026, 10, 26), "douyin", 1),
                (date(2026, 11, 2), "phone", 2),
                (date(2026, 11, 2), "app", 1),
                (date(2026, 11, 2), "douyin", 1),
                (date(2026, 11, 2), "weibo", 1),
            ],
        ),
        (
            "month",
            [
                (date(2026, 10, 1), "phone", 2),
                (date(2026, 10, 1), "app", 1),
                (date(2026, 11, 1), "phone", 2),
                (date(2026, 11, 1), "app", 1),
                (date(2026, 11, 1), "douyin", 2),
                (date(2026, 11, 1), "weibo", 1),
            ],
        ),
    ],
)
def test_volume_by_period(store: str, grain: str, expected: list[tuple]) -> None:
    frame = channels.volume_by_period(in_range(), grain)
    assert rows(frame, "period", "channel", "complaints") == expected
    assert all(type(p) is date for p in frame["period"])


def test_volume_by_period_honours_filters(store: str) -> None:
    frame = channels.volume_by_period(in_range(city_ids=(CITY_B,)), "week")
    assert rows(frame, "period", "channel", "complaints") == [
        (date(2026, 10, 26), "app", 1),
        (date(2026, 11, 2), "phone", 1),
        (date(2026, 11, 2), "weibo", 1),
    ]
    assert channels.volume_by_period(in_range(city_ids=(999,)), "day").empty


def test_unknown_grain_is_refused(store: str) -> None:
    with pytest.raises(ValueError, match="grain"):
        channels.volume_by_period(in_range(), "quarter")


# ---- share and channel × category ----------------------------------------------------------------


def test_channel_share(store: str) -> None:
    frame = channels.channel_share(in_range())
    assert rows(frame, "channel", "complaints") == [("phone", 4), ("app", 2), ("douyin", 2), ("weibo", 1)]
    assert list(frame["share"]) == pytest.approx([4 / 9, 2 / 9, 2 / 9, 1 / 9])


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (in_range(levels=("L1",)), [("phone", 1, 0.5), ("douyin", 1, 0.5)]),  # a tie: catalogue order
        (in_range(channels=("douyin", "weibo")), [("douyin", 2, 2 / 3), ("weibo", 1, 1 / 3)]),
        (Filters(start=date(2026, 11, 4), end=date(2026, 11, 4)), [("weibo", 1, 1.0)]),
    ],
    ids=["l1", "social", "after"],
)
def test_channel_share_filters(store: str, filters: Filters, expected: list[tuple]) -> None:
    frame = channels.channel_share(filters)
    assert [(c, n) for c, n, _ in expected] == rows(frame, "channel", "complaints")
    assert list(frame["share"]) == pytest.approx([s for _, _, s in expected])


def test_channel_share_empty(store: str) -> None:
    assert channels.channel_share(in_range(city_ids=(999,))).empty


def test_channel_category(store: str) -> None:
    frame = channels.channel_category(in_range())
    assert rows(frame, "channel", "category", "complaints") == [
        ("phone", "violent_collection", 1),
        ("phone", "interest_dispute", 2),
        ("phone", "app_problem", 1),
        ("app", "interest_dispute", 1),
        ("app", "app_problem", 1),
        ("douyin", "violent_collection", 1),
        ("douyin", "improper_language", 1),
        ("weibo", "interest_dispute", 1),
    ]
    only_a = channels.channel_category(in_range(city_ids=(CITY_A,)))
    assert int(only_a["complaints"].sum()) == 6


# ---- acknowledgement time -----------------------------------------------------------------------


def ack_of(frame: pd.DataFrame) -> dict[str, dict]:
    return {r["channel"]: r for r in frame.to_dict("records")}


def test_ack_times(store: str) -> None:
    got = ack_of(channels.ack_times(in_range(), NOW))
    assert list(got) == ["phone", "app", "douyin", "weibo"]
    expected = {  # received, acknowledged, overdue, in time, median, p90, share, targets
        "phone": (4, 3, 1, 3, 90.0, 114.0, 3 / 4, ((2.0, "hours"),)),
        "app": (2, 1, 0, 0, 150.0, 150.0, 0.0, ((2.0, "hours"),)),
        "douyin": (2, 2, 0, 1, 60.25, 72.05, 1 / 2, ((1.0, "hours"),)),
        "weibo": (1, 1, 0, 1, 60.0, 60.0, 1.0, ((1.0, "hours"),)),
    }
    for channel, (received, acked, overdue, in_time, median, p90, share, targets) in expected.items():
        row = got[channel]
        assert (row["received"], row["acknowledged"], row["overdue"], row["within_target"]) == (
            received,
            acked,
            overdue,
            in_time,
        ), channel
        assert row["median_min"] == pytest.approx(median), channel
        assert row["p90_min"] == pytest.approx(p90), channel
        assert row["within_share"] == pytest.approx(share), channel
        assert row["targets"] == targets, channel


def test_ack_times_before_the_open_one_falls_due(store: str) -> None:
    # At 10:30 complaint 8 (due 11:00) is not overdue yet: phone is 3 in time of 3 decided.
    phone = ack_of(channels.ack_times(in_range(), dt("11-03", "10:30")))["phone"]
    assert (phone["overdue"], phone["within_target"], phone["within_share"]) == (0, 3, 1.0)


def test_ack_times_honour_filters(store: str) -> None:
    got = ack_of(channels.ack_times(in_range(city_ids=(CITY_B,)), NOW))
    assert list(got) == ["phone", "app", "weibo"]
    phone = got["phone"]  # only complaint 8: never acknowledged, overdue
    assert (phone["received"], phone["acknowledged"], phone["overdue"], phone["within_target"]) == (1, 0, 1, 0)
    assert np.isnan(phone["median_min"]) and np.isnan(phone["p90_min"])
    assert phone["within_share"] == 0.0
    assert got["weibo"]["median_min"] == pytest.approx(60.0)

    l1 = ack_of(channels.ack_times(in_range(levels=("L1",)), NOW))
    assert {c: (r["within_target"], r["median_min"]) for c, r in l1.items()} == {
        "phone": (1, pytest.approx(120.0)),
        "douyin": (0, pytest.approx(75.0)),
    }

    nothing_acknowledged = channels.ack_times(Filters(start=END, end=END, city_ids=(CITY_B,)), NOW)
    assert rows(nothing_acknowledged, "channel", "received", "acknowledged", "overdue") == [("phone", 1, 0, 1)]
    assert nothing_acknowledged["median_min"].isna().all()

    empty = channels.ack_times(in_range(city_ids=(999,)), NOW)
    assert empty.empty and "within_share" in empty.columns


def test_ack_times_follow_a_level_specific_target(store: str) -> None:
    # An admin adds "L1 acknowledged within 1 hour": complaint 7 (phone L1, 120 min) is now late.
    with session_scope() as session:
        session.add(SlaPolicy(stage="ack", level="L1", channel=None, amount=1, unit="hours", anchor="received"))
    sla_config.forget()
    phone = ack_of(channels.ack_times(in_range(), NOW))["phone"]
    assert phone["targets"] == ((1.0, "hours"), (2.0, "hours"))
    assert (phone["within_target"], phone["within_share"]) == (2, pytest.approx(2 / 4))
    only_l2 = ack_of(channels.ack_times(in_range(levels=("L2",)), NOW))["phone"]
    assert only_l2["targets"] == ((2.0, "hours"),)


def test_ack_times_on_business_days_use_the_stored_due_time(store: str) -> None:
    # With "1 business day", complaint 3 (Saturday, acknowledged after 150 min) is in time:
    # its stored due time is Monday 10:00.
    with session_scope() as session:
        session.execute(
            update(SlaPolicy)
            .where(SlaPolicy.stage == "ack", SlaPolicy.channel.is_(None))
            .values(amount=1, unit="business_days")
        )
    sla_config.forget()
    got = ack_of(channels.ack_times(in_range(), NOW))
    assert got["app"]["targets"] == ((1.0, "business_days"),)
    assert (got["app"]["within_target"], got["app"]["within_share"]) == (1, 1.0)
    assert (got["phone"]["within_target"], got["phone"]["overdue"]) == (3, 1)  # stored dues: as before
    assert got["douyin"]["within_target"] == 1  # social DMs keep their 1-hour row


def test_ack_percentiles_match_numpy_on_the_seeded_store(seeded_sqlite: str, use_store) -> None:
    use_store(seeded_sqlite)
    f = Filters(start=date(2026, 9, 1), end=date(2026, 11, 23))
    got = ack_of(channels.ack_times(f, datetime(2026, 11, 23, 10)))
    with create_engine(seeded_sqlite).connect() as conn:
        raw = pd.read_sql(
            text(
                "SELECT channel, received_at, ack_at FROM complaints WHERE duplicate_of_id IS NULL "
                "AND ack_at IS NOT NULL AND received_at >= '2026-09-01' AND received_at < '2026-11-24'"
            ),
            conn,
            parse_dates=["received_at", "ack_at"],
        )
    minutes = (raw["ack_at"] - raw["received_at"]).dt.total_seconds() / 60
    for channel, values in minutes.groupby(raw["channel"]):
        assert got[channel]["median_min"] == pytest.approx(np.percentile(values, 50)), channel
        assert got[channel]["p90_min"] == pytest.approx(np.percentile(values, 90)), channel
        assert got[channel]["acknowledged"] == len(values)
