"""The demo-data generator: deterministic, works on PostgreSQL, refuses to overwrite a store,
and produces the distributions the seed documents describe."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import create_engine, func, select, text

from db.engine import engine, session_scope
from db.models import Base, City, Complaint, Holiday, SlaPolicy
from domain import loyalty
from domain.calendar import BusinessCalendar, statutory_rows
from domain.codes import CATEGORY_LEVEL, ROLES, STAGES, WARNING_STATUSES
from domain.sla import SlaPolicy as Policy
from domain.sla import Target, stage_due_times
from seed_data import reference as ref
from seed_data.__main__ import main, seed
from seed_data.generator import EPOCH, SeedOptions, StoreNotEmpty, add_business_days
from tests.helpers import AS_OF, seed_store

SMALL = 300  # complaints for stores that are written to; read-only checks use ``seeded_sqlite`` (1500)


def _store_digest(url: str) -> dict[str, str]:
    """One hash per table over every row, ordered by primary key."""
    eng = create_engine(url)
    out = {}
    try:
        with eng.connect() as conn:
            for table in Base.metadata.sorted_tables:
                h = hashlib.sha256()
                for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
                    h.update(repr(tuple(row)).encode())
                out[table.name] = h.hexdigest()
    finally:
        eng.dispose()
    return out


def _complaint_frame(url: str) -> pd.DataFrame:
    eng = create_engine(url)
    try:
        with eng.connect() as conn:
            return pd.read_sql(
                text(
                    "SELECT id, ref_no, received_at, channel, level, category, city_id, customer_id, status, "
                    "resolve_at, duplicate_of_id FROM complaints ORDER BY id"
                ),
                conn,
            )
    finally:
        eng.dispose()


@pytest.fixture(scope="module")
def frames(seeded_sqlite: str) -> dict[str, pd.DataFrame]:
    """The tables the distribution checks need, read once from the shared seeded store."""
    eng = create_engine(seeded_sqlite)
    try:
        with eng.connect() as conn:

            def read(sql: str) -> pd.DataFrame:
                return pd.read_sql(text(sql), conn)

            return {
                "complaints": read("SELECT * FROM complaints ORDER BY id"),
                "customers": read("SELECT id, overdue_days, bucket, loyalty_tier FROM customers"),
                "cities": read("SELECT id, name FROM cities"),
                "agents": read("SELECT id FROM agents"),
                "users": read("SELECT id, username, role FROM users"),
                "warnings": read("SELECT id, status FROM early_warnings"),
            }
    finally:
        eng.dispose()


# ---- determinism --------------------------------------------------------------------------------


def test_same_seed_gives_identical_store_and_other_seed_differs(seeded_sqlite: str, tmp_path, use_store) -> None:
    again = use_store(f"sqlite:///{tmp_path / 'again.sqlite3'}")
    seed_store(again, complaints=1500, seed=7)  # same arguments as ``seeded_sqlite``
    first, second = _store_digest(seeded_sqlite), _store_digest(again)
    assert first == second
    pd.testing.assert_frame_equal(_complaint_frame(seeded_sqlite), _complaint_frame(again))

    other = use_store(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    seed_store(other, complaints=1500, seed=8)
    third = _store_digest(other)
    differing = {t for t in first if first[t] != third[t]}
    assert {"customers", "complaints", "contact_logs", "satisfaction_surveys", "early_warnings"} <= differing
    assert not _complaint_frame(seeded_sqlite).equals(_complaint_frame(other))


# ---- PostgreSQL ---------------------------------------------------------------------------------


def test_seed_on_postgresql_counts_and_sequences(pg_url: str, use_store) -> None:
    use_store(pg_url)
    counts = seed_store(pg_url, complaints=SMALL, seed=11)
    assert counts["complaints"] == SMALL
    with engine().connect() as conn:
        for table, n in counts.items():
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == n, table
        city_id = conn.execute(select(func.min(City.id))).scalar_one()
        max_id = conn.execute(select(func.max(Complaint.id))).scalar_one()
    # A new row without an explicit id gets one from an advanced sequence, not a clash with id 1.
    received = AS_OF + timedelta(minutes=5)
    with session_scope() as session:
        new = Complaint(
            ref_no="TS-NEW-AFTER-SEED",
            received_at=received,
            channel="app",
            level="L3",
            category="app_problem",
            city_id=city_id,
            description="APP无法登录",
            status="received",
            ack_due_at=received + timedelta(hours=2),
            verify_due_at=received + timedelta(days=1),
            resolve_due_at=received + timedelta(days=5),
            notify_due_at=received + timedelta(days=6),
            archive_due_at=received + timedelta(days=11),
        )
        session.add(new)
        session.flush()
        assert new.id > max_id
    with engine().connect() as conn:
        assert conn.execute(select(func.count()).select_from(Complaint)).scalar_one() == SMALL + 1


# ---- refusing to overwrite ----------------------------------------------------------------------


@pytest.fixture
def small_store(sqlite_url: str, use_store) -> str:
    use_store(sqlite_url)
    seed_store(sqlite_url, complaints=SMALL, seed=3)
    return sqlite_url


def _counts() -> tuple[int, ...]:
    with engine().connect() as conn:
        return tuple(
            conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("cities", "customers", "complaints", "contact_logs", "audit_log")
        )


def test_seed_refuses_a_store_with_data(small_store: str) -> None:
    before = _counts()
    digest = _store_digest(small_store)
    with pytest.raises(StoreNotEmpty):
        seed(SeedOptions(complaints=SMALL, seed=3, as_of=AS_OF))
    assert _counts() == before
    assert _store_digest(small_store) == digest


def test_cli_exit_codes_on_a_store_with_data(small_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = _counts()
    args = ["--complaints", "50", "--seed", "9", "--as-of", AS_OF.isoformat()]
    assert main(args) == 2
    assert "refusing" in capsys.readouterr().err
    assert _counts() == before
    assert main([*args, "--if-empty"]) == 0
    assert _counts() == before


def test_cli_if_empty_seeds_an_empty_store(sqlite_url: str, use_store) -> None:
    use_store(sqlite_url)
    assert main(["--complaints", "40", "--seed", "9", "--as-of", AS_OF.isoformat(), "--if-empty"]) == 0
    assert _counts()[2] == 40


def test_reset_replaces_the_store(small_store: str) -> None:
    counts = seed(SeedOptions(complaints=120, seed=4, as_of=AS_OF), reset=True)
    assert counts["complaints"] == 120
    assert _counts()[2] == 120
    with engine().connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one() == 1  # only the new load
        assert conn.execute(text("SELECT count(*) FROM sla_policy")).scalar_one() == 9  # reference data rebuilt
    assert main(["--complaints", "60", "--seed", "5", "--as-of", AS_OF.isoformat(), "--reset"]) == 0
    assert _counts()[2] == 60


# ---- distributions (seed documents) -------------------------------------------------------------


def test_phone_share(frames: dict[str, pd.DataFrame]) -> None:
    share = (frames["complaints"]["channel"] == "phone").mean()
    assert share > 0.60
    assert 0.55 <= share <= 0.70


def test_loyalty_tier_shares(frames: dict[str, pd.DataFrame]) -> None:
    shares = frames["customers"]["loyalty_tier"].value_counts(normalize=True)
    assert set(shares.index) == set(loyalty.TIER_PLAN)
    for tier, planned in loyalty.TIER_PLAN.items():
        assert abs(shares[tier] - planned) <= 0.05, (tier, shares[tier])


def test_every_customer_bucket_matches_overdue_days(frames: dict[str, pd.DataFrame]) -> None:
    c = frames["customers"]
    wrong = c[c["bucket"] != c["overdue_days"].map(loyalty.bucket_for)]
    assert wrong.empty, wrong.head()


def test_complaints_span_a_year_ending_at_as_of(frames: dict[str, pd.DataFrame]) -> None:
    received = pd.to_datetime(frames["complaints"]["received_at"])
    as_of = pd.Timestamp(AS_OF)
    assert received.max() <= as_of
    assert received.max() >= as_of - pd.Timedelta(days=2)
    assert (received.max() - received.min()) >= pd.Timedelta(days=350)
    for col in ("received_at", "ack_at", "verify_at", "resolve_at", "notify_at", "archive_at"):
        done = pd.to_datetime(frames["complaints"][col]).dropna()
        assert (done <= as_of).all(), col


def test_levels_follow_categories(frames: dict[str, pd.DataFrame]) -> None:
    c = frames["complaints"]
    implied = c["category"].map(CATEGORY_LEVEL)
    assert implied.notna().all()
    # Overrides only go up to L1; a duplicate copies its original's category and level.
    assert ((c["level"] == implied) | (c["level"] == "L1")).all()
    originals = c[c["duplicate_of_id"].isna()]
    raised = originals[originals["level"] != originals["category"].map(CATEGORY_LEVEL)]
    assert (raised["level"] == "L1").all() and raised["level_override_reason"].notna().all()
    l1_category = originals[originals["category"].map(CATEGORY_LEVEL) == "L1"]
    assert not l1_category.empty and (l1_category["level"] == "L1").all()
    assert (c["exec_reported"].astype(bool) == (c["level"] == "L1")).all()


def test_sla_breaches_exist_and_concentrate_in_hotspot_cities(frames: dict[str, pd.DataFrame]) -> None:
    c = frames["complaints"]
    hotspot_ids = set(frames["cities"].loc[frames["cities"]["name"].isin(ref.SLA_HOTSPOT_CITIES), "id"])
    assert len(hotspot_ids) == len(ref.SLA_HOTSPOT_CITIES)
    breached = pd.Series(False, index=c.index)
    for stage in STAGES:
        done, due = pd.to_datetime(c[f"{stage}_at"]), pd.to_datetime(c[f"{stage}_due_at"])
        breached |= done.notna() & (done > due)
    assert breached.sum() > 0
    hot = c["city_id"].isin(hotspot_ids)
    assert hot.sum() > 30 and (~hot).sum() > 30
    hot_rate, other_rate = breached[hot].mean(), breached[~hot].mean()
    assert hot_rate > other_rate * 1.3, (hot_rate, other_rate)


def test_warnings_in_every_status(frames: dict[str, pd.DataFrame]) -> None:
    assert set(frames["warnings"]["status"]) == set(WARNING_STATUSES)


def test_users_agents_and_cities(frames: dict[str, pd.DataFrame]) -> None:
    users = frames["users"]
    assert set(users["role"]) == set(ROLES)
    # One demo sign-in user per role.
    demo = users[~users["username"].str.contains(r"\d")]
    assert sorted(demo["role"]) == sorted(ROLES)
    assert users["username"].is_unique
    assert len(frames["cities"]) >= 30
    assert len(frames["agents"]) >= 200


def test_stage_times_are_ordered(frames: dict[str, pd.DataFrame]) -> None:
    """received_at <= ack_at <= verify_at <= resolve_at <= notify_at <= archive_at, where present."""
    c = frames["complaints"]
    prev_name, prev = "received", pd.to_datetime(c["received_at"])
    problems = []
    for stage in STAGES:
        done = pd.to_datetime(c[f"{stage}_at"])
        due = pd.to_datetime(c[f"{stage}_due_at"])
        assert due.notna().all() and (due > pd.to_datetime(c["received_at"])).all(), stage
        bad = c.loc[done.notna() & prev.notna() & (done < prev), "id"].tolist()
        if bad:
            problems.append(f"{stage}_at before {prev_name}_at in {len(bad)} complaints, ids {bad[:10]}")
        prev_name, prev = stage, done
    assert not problems, "; ".join(problems)


def test_no_stage_done_after_an_open_one_and_status_is_the_last_done_stage(frames: dict[str, pd.DataFrame]) -> None:
    c = frames["complaints"]
    prev_open = pd.Series(False, index=c.index)
    status = pd.Series("received", index=c.index)
    for stage in STAGES:
        done = pd.to_datetime(c[f"{stage}_at"])
        bad = c.loc[prev_open & done.notna(), "id"].tolist()
        assert not bad, f"{stage} done while an earlier stage is open: ids {bad[:10]}"
        status = status.where(done.isna(), stage)
        prev_open = prev_open | done.isna()
    mismatch = c.loc[c["status"] != status, "id"].tolist()
    assert not mismatch, f"status is not the last completed stage: ids {mismatch[:10]}"
    assert set(c["status"]) >= {"received", "archive"}  # both open and finished cases exist


def test_duplicates_point_to_an_earlier_complaint_of_the_same_customer(frames: dict[str, pd.DataFrame]) -> None:
    c = frames["complaints"].set_index("id")
    dups = c[c["duplicate_of_id"].notna()]
    assert len(dups) > 0
    originals = c.loc[dups["duplicate_of_id"].astype(int)]
    assert (originals["customer_id"].to_numpy() == dups["customer_id"].to_numpy()).all()
    assert dups["customer_id"].notna().all()
    assert (pd.to_datetime(originals["received_at"]).to_numpy() <= pd.to_datetime(dups["received_at"]).to_numpy()).all()
    assert (originals.index.to_numpy() < dups.index.to_numpy()).all()


# ---- SLA due times (the generator's array arithmetic against the domain rule) -------------------


def test_business_days_over_arrays_match_the_calendar_rule() -> None:
    """Every start of 2025-12-20 … 2026-10-20 at four times of day (holidays, 调休 weekends, the
    year boundary), 0–5 working days on: the array version equals ``add_business_days``."""
    cal = BusinessCalendar.from_rows((d, w) for d, w, _ in statutory_rows([2025, 2026]))
    first = datetime(2025, 12, 20)
    starts = [first + timedelta(days=d, hours=h) for d in range(305) for h in (0, 8, 13.5, 23.99)]
    starts = [s.replace(microsecond=0) for s in starts]
    seconds = np.array([int((s - EPOCH).total_seconds()) for s in starts], dtype=np.int64)
    for amount in range(6):
        got = add_business_days(cal, seconds, np.full(len(starts), amount)).astype("datetime64[s]").tolist()
        assert got == [cal.add_business_days(s, amount) for s in starts], amount


def test_seeded_due_times_follow_the_policy_and_the_calendar(
    seeded_sqlite: str, frames: dict[str, pd.DataFrame]
) -> None:
    """Each stage's due time, recomputed from the store's policy and holidays with the domain rule
    (a stage anchored on the previous one counts from its completion), is the stored one."""
    eng = create_engine(seeded_sqlite)
    try:
        with eng.connect() as conn:
            cal = BusinessCalendar.from_rows(conn.execute(select(Holiday.day, Holiday.is_workday)).tuples().all())
            policy = Policy.of(
                Target(r.stage, r.amount, r.unit, r.anchor, r.level, r.channel) for r in conn.execute(select(SlaPolicy))
            )
    finally:
        eng.dispose()
    c = frames["complaints"]
    times = {col: pd.to_datetime(c[col]) for col in c.columns if col.endswith("_at")}
    crossing_holidays = 0
    for k in range(len(c)):
        done = {
            stage: None if pd.isna(times[f"{stage}_at"][k]) else times[f"{stage}_at"][k].to_pydatetime()
            for stage in STAGES
        }
        if done["archive"] is None:
            continue  # an open stage's successors count from a plan the store does not keep
        stored = {stage: times[f"{stage}_due_at"][k].to_pydatetime() for stage in STAGES}
        expected = stage_due_times(
            times["received_at"][k].to_pydatetime(), c["level"][k], c["channel"][k], policy, cal, done
        )
        assert expected == stored, c["id"][k]
        received = times["received_at"][k].date()
        crossing_holidays += any(
            d in cal.overrides and not cal.overrides[d] for d in pd.date_range(received, stored["archive"]).date
        )
    assert crossing_holidays > 20  # the check covers due times pushed out by holidays
