"""The bulk loader the seed uses, on SQLite and PostgreSQL: whole columns go in as the values the
ORM reads back (timestamps in the stored text form, NULL for NaT and masked entries), and indexes
(and PostgreSQL's foreign keys) dropped for a load come back exactly as they were."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest
from sqlalchemy import Connection, inspect, select, text
from sqlalchemy.dialects import sqlite

from db import bulk
from db.engine import engine
from db.models import Complaint, ComplaintEvent, SqliteStamp
from domain.codes import STAGES
from tests.db.builders import two_cities

RECEIVED = np.array(["2026-11-16T00:00:00", "2026-11-22T23:59:59", "2026-11-23T09:30:05"], dtype="datetime64[s]")


def test_stamp_texts_are_the_stored_form_and_nat_is_null() -> None:
    moments = np.array(["2026-11-16T00:00:00", "NaT", "2026-12-31T23:59:59", "1999-01-02T03:04:05"], "datetime64[s]")
    as_bound = SqliteStamp().bind_processor(sqlite.dialect())
    expected = [None if np.isnat(m) else as_bound(m.item()) for m in moments]
    assert (
        bulk.stamp_texts(moments)
        == expected
        == ["2026-11-16 00:00:00", None, "2026-12-31 23:59:59", "1999-01-02 03:04:05"]
    )
    assert bulk.stamp_texts(np.array(["NaT", "NaT"], "datetime64[s]")) == [None, None]


def _load_three_complaints(conn: Connection) -> int:
    acked = RECEIVED + np.array([3600, 0, 0], dtype="timedelta64[s]")
    acked[1:] = np.datetime64("NaT")
    return bulk.load_columns(
        conn,
        Complaint.__table__,
        {
            "id": np.arange(1, 4),
            "ref_no": lambda lo, hi: [f"TSB{i:05d}" for i in range(lo + 1, hi + 1)],
            "received_at": RECEIVED,
            "channel": bulk.labels(["phone", "app"], np.array([0, 1, 0])),
            "level": bulk.labels(["L1", "L2"], np.array([1, 0, 1])),
            "category": np.array(["app_problem", "data_leak", "app_problem"], dtype=object),
            "city_id": np.array([1, 2, 1], dtype=np.int32),
            "description": np.array(["APP闪退", "信息泄露", "无法还款"], dtype=object),
            "status": np.array(["ack", "received", "received"], dtype=object),
            **{f"{stage}_due_at": RECEIVED + np.timedelta64(2, "h") for stage in STAGES},
            "ack_at": acked,
            "satisfaction_score": np.ma.masked_array(np.array([5, 0, 3], dtype=np.int8), mask=[False, True, False]),
            "exec_reported": np.array([False, True, False]),
            "level_override_reason": bulk.labels([None, "人工上调"], np.array([0, 1, 0])),
        },
    )


def test_load_columns_round_trips_through_the_orm(make_store) -> None:
    make_store(two_cities())
    with engine().begin() as conn:
        assert _load_three_complaints(conn) == 3
    with engine().connect() as conn:
        rows = conn.execute(
            select(
                Complaint.ref_no,
                Complaint.received_at,
                Complaint.channel,
                Complaint.level,
                Complaint.city_id,
                Complaint.ack_at,
                Complaint.archive_due_at,
                Complaint.satisfaction_score,
                Complaint.exec_reported,
                Complaint.level_override_reason,
            ).order_by(Complaint.id)
        ).all()
        # A bound written by the ORM meets the loaded text exactly at midnight.
        at_midnight = conn.execute(
            select(Complaint.id).where(
                Complaint.received_at >= datetime(2026, 11, 16), Complaint.received_at < datetime(2026, 11, 23)
            )
        ).scalars()
        assert sorted(at_midnight) == [1, 2]
        if conn.dialect.name == "sqlite":
            assert (
                conn.execute(text("SELECT received_at FROM complaints WHERE id = 1")).scalar_one()
                == "2026-11-16 00:00:00"
            )
    assert [tuple(r) for r in rows] == [
        (
            "TSB00001",
            datetime(2026, 11, 16),
            "phone",
            "L2",
            1,
            datetime(2026, 11, 16, 1),
            datetime(2026, 11, 16, 2),
            5,
            False,
            None,
        ),
        (
            "TSB00002",
            datetime(2026, 11, 22, 23, 59, 59),
            "app",
            "L1",
            2,
            None,
            datetime(2026, 11, 23, 1, 59, 59),
            None,
            True,
            "人工上调",
        ),
        (
            "TSB00003",
            datetime(2026, 11, 23, 9, 30, 5),
            "phone",
            "L2",
            1,
            None,
            datetime(2026, 11, 23, 11, 30, 5),
            3,
            False,
            None,
        ),
    ]


def test_load_columns_refuses_columns_of_different_lengths(make_store) -> None:
    make_store(two_cities())
    with engine().begin() as conn, pytest.raises(ValueError, match="common length"):
        bulk.load_columns(conn, Complaint.__table__, {"id": np.arange(1, 4), "city_id": np.array([1, 2])})


def _schema(conn: Connection) -> dict[str, tuple[list[str], list[str]]]:
    """Indexes (but those of unique constraints) and foreign keys of the two tables as the inspector
    reports them, partial-index conditions as their SQL text."""
    out = {}
    for table in ("complaints", "complaint_events"):
        found = inspect(conn)
        indexes = []
        for index in found.get_indexes(table):
            if "duplicates_constraint" in index:  # PostgreSQL's index of a unique constraint: it stays
                continue
            options = index.get("dialect_options", {})
            plain = {key: value for key, value in index.items() if key != "dialect_options"}
            indexes.append(f"{plain} {sorted((key, str(value)) for key, value in options.items())}")
        out[table] = (sorted(indexes), sorted(str(fk) for fk in found.get_foreign_keys(table)))
    return out


def test_indexes_are_dropped_for_the_load_and_built_again(make_store) -> None:
    make_store(two_cities())
    tables = [Complaint.__table__, ComplaintEvent.__table__]
    with engine().begin() as conn:
        before = _schema(conn)
        assert all(indexes for indexes, _ in before.values())
        with bulk.indexes_after_load(conn, tables):
            during = _schema(conn)
            assert all(not indexes for indexes, _ in during.values())
            if conn.dialect.name == "postgresql":  # foreign keys are checked once, at the end
                assert all(not keys for _, keys in during.values())
            else:  # SQLite keeps them (they cannot be dropped)
                assert [keys for _, keys in during.values()] == [keys for _, keys in before.values()]
            _load_three_complaints(conn)
        assert _schema(conn) == before
    with engine().connect() as conn:
        assert _schema(conn) == before
        assert conn.execute(select(Complaint.id).where(Complaint.city_id == 2)).scalars().all() == [2]


def test_a_load_that_fails_leaves_the_indexes_in_place(make_store) -> None:
    make_store(two_cities())
    with engine().connect() as conn:
        before = _schema(conn)
    tables = [Complaint.__table__, ComplaintEvent.__table__]
    with pytest.raises(RuntimeError, match="mid-load"), engine().begin() as conn, bulk.indexes_after_load(conn, tables):
        _load_three_complaints(conn)
        raise RuntimeError("mid-load")
    with engine().connect() as conn:
        assert _schema(conn) == before
        assert conn.execute(select(Complaint.id)).all() == []


def test_a_bulk_load_has_a_large_sqlite_page_cache_and_gives_it_back(make_store) -> None:
    make_store(two_cities())
    with engine().begin() as conn:
        if conn.dialect.name != "sqlite":
            with bulk.load_cache(conn):  # PostgreSQL: nothing to change, the block just runs
                assert conn.execute(select(Complaint.id)).all() == []
            return
        before = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
        with pytest.raises(RuntimeError, match="mid-load"), bulk.load_cache(conn):
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == -bulk.SQLITE_LOAD_CACHE_KIB
            raise RuntimeError("mid-load")
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == before


def test_fresh_statistics_count_the_loaded_rows_and_sqlite_samples_only_for_them(make_store) -> None:
    make_store(two_cities())
    with engine().begin() as conn:
        _load_three_complaints(conn)
        bulk.refresh_statistics(conn, [Complaint.__table__])
        if conn.dialect.name == "sqlite":
            stat = conn.exec_driver_sql("SELECT stat FROM sqlite_stat1 WHERE idx = 'ix_complaints_received_facts'")
            assert stat.scalar_one().split()[0] == "3"
            assert conn.exec_driver_sql("PRAGMA analysis_limit").scalar_one() == 0  # as it was
        else:
            assert (
                conn.exec_driver_sql("SELECT reltuples FROM pg_class WHERE oid = 'complaints'::regclass").scalar_one()
                == 3
            )
