"""Downgrades that would delete rows refuse unless told (``allow_data_loss``, ``DASHBOARD_ALLOW_DATA_LOSS=1``
or ``alembic -x allow_data_loss=true``), name the tables and their rows, and change nothing; downgrades
that lose nothing need no flag."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, func, insert, inspect, select

from db import engine as db_engine
from db import migrate
from db.engine import engine
from db.models import City, Customer, CustomerMonthly, Holiday, HolidayYear, SlaPolicy, WarningWeight
from migrations import guard
from migrations.guard import DataLossRefused

ROOT = Path(__file__).resolve().parents[2]
# Indexes of the head schema that downgrades below 0008 drop: still there if nothing was undone.
HEAD_INDEXES = {"ix_complaints_received_facts"}


@pytest.fixture
def store(make_store, monkeypatch: pytest.MonkeyPatch) -> str:
    """An empty store at head on each backend; no data-loss permission in the environment."""
    monkeypatch.delenv(guard.ENV_VAR, raising=False)
    return make_store()


def _add_snapshots(months: int = 3) -> None:
    with engine().begin() as conn:
        conn.execute(
            insert(City).values(id=1, name="上海", name_en="Shanghai", province="上海市", province_en="Shanghai")
        )
        conn.execute(
            insert(Customer).values(
                id=1,
                code="C000001",
                name="王小明",
                phone="13812345678",
                id_number="110105199001010011",
                city_id=1,
                debt_amount=12000,
                overdue_days=40,
                bucket="M2",
                historical_repayment_rate=0.5,
                loyalty_tier="silver",
                income_stability=0.5,
                debt_ratio=0.4,
                overdue_count=2,
                cooperation=0.6,
                first_loan_amount=20000,
                cumulative_repaid=8000,
                referrals=0,
                ability_score=50,
                willingness_score=50,
                value_score=50,
                created_at=datetime(2026, 1, 5, 9, 0),
            )
        )
        for m in range(1, months + 1):
            conn.execute(
                insert(CustomerMonthly).values(
                    customer_id=1,
                    month=date(2026, m, 1),
                    loyalty_tier="silver",
                    bucket="M2",
                    overdue_days=40,
                    debt_amount=12000,
                    repaid_30d=500,
                )
            )


def _count(model: type) -> int:
    with engine().connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def _tables() -> set[str]:
    return set(inspect(engine()).get_table_names())


def _indexes() -> set[str]:
    return {ix["name"] for ix in inspect(engine()).get_indexes("complaints")}


def test_dropping_the_monthly_snapshots_is_refused_with_what_would_be_lost(store: str) -> None:
    _add_snapshots(3)
    with pytest.raises(DataLossRefused) as refused:
        migrate.downgrade("0002")
    assert refused.value.revision == "0003"
    assert refused.value.rows == {"customer_monthly": 3}
    zh, en = str(refused.value).splitlines()
    assert "customer_monthly（3 行）" in zh and guard.ENV_VAR in zh
    assert "customer_monthly (3 rows)" in en and "-x allow_data_loss=true" in en
    # Nothing changed, not even the later steps that ran before the refusal (one transaction).
    assert migrate.current_revision() == migrate.head_revision()
    assert _count(CustomerMonthly) == 3
    assert _indexes() >= HEAD_INDEXES


def test_the_flag_allows_it(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    _add_snapshots(3)
    migrate.downgrade("0002", allow_data_loss=True)
    assert migrate.current_revision() == "0002"
    assert "customer_monthly" not in _tables()
    assert _count(Customer) == 1  # only what the undone migration owned is gone
    assert "customer_monthly (3 rows)" in capsys.readouterr().err  # said even when allowed


def test_the_environment_variable_allows_it(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _add_snapshots(2)
    monkeypatch.setenv(guard.ENV_VAR, "1")
    migrate.downgrade("0002")
    assert migrate.current_revision() == "0002"


def test_a_downgrade_that_loses_nothing_needs_no_flag_and_reference_data_counts(store: str) -> None:
    migrate.downgrade("0002")  # empty snapshots: nothing to lose
    assert migrate.current_revision() == "0002"
    reference = {"holidays": _count(Holiday), "warning_weights": _count(WarningWeight), "sla_policy": _count(SlaPolicy)}
    assert all(reference.values())
    with pytest.raises(DataLossRefused) as refused:
        migrate.downgrade("0001")
    assert refused.value.rows == reference
    assert migrate.current_revision() == "0002"
    assert _count(SlaPolicy) == reference["sla_policy"]


def test_down_to_base_when_allowed(store: str) -> None:
    _add_snapshots(1)
    with pytest.raises(DataLossRefused):
        migrate.downgrade("base")
    assert migrate.current_revision() == migrate.head_revision() and _count(City) == 1
    migrate.downgrade("base", allow_data_loss=True)
    assert _tables() == {"alembic_version"}
    assert migrate.current_revision() is None


def _alembic(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != guard.ENV_VAR}
    return subprocess.run(  # noqa: S603 - our own interpreter running alembic on our own config
        [sys.executable, "-m", "alembic", *args],
        cwd=ROOT,
        env={**env, db_engine.ENV_VAR: url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_alembic_command_refuses_without_a_traceback_and_obeys_x(store: str) -> None:
    _add_snapshots(3)
    db_engine._engine_for(store).dispose()
    refused = _alembic(store, "downgrade", "0002")
    assert refused.returncode != 0
    assert "Traceback" not in refused.stdout + refused.stderr
    assert refused.stdout.startswith("FAILED: ")  # alembic prints a CommandError on stdout and exits 255
    zh, en = refused.stdout.strip().removeprefix("FAILED: ").splitlines()
    assert "customer_monthly（3 行）" in zh and "customer_monthly (3 rows)" in en
    assert migrate.current_revision() == migrate.head_revision() and _count(CustomerMonthly) == 3
    db_engine._engine_for(store).dispose()
    allowed = _alembic(store, "-x", "allow_data_loss=true", "downgrade", "0002")
    assert allowed.returncode == 0, allowed.stderr
    assert migrate.current_revision() == "0002"


def test_0006_downgrade_keeps_the_years_admins_entered(store: str) -> None:
    """The statutory years come back with the upgrade; a year an admin entered would be lost."""
    with engine().begin() as conn:
        assert conn.execute(select(func.min(HolidayYear.year), func.max(HolidayYear.year))).one() == (2004, 2026)
        conn.execute(insert(HolidayYear).values(year=2027, source="admin", saved_at=datetime(2026, 11, 23, 10)))
    with pytest.raises(DataLossRefused) as refused:
        migrate.downgrade("0005")
    assert refused.value.revision == "0006" and refused.value.rows == {"holiday_years": 1}
    assert _count(HolidayYear) == 2026 - 2004 + 2
    with engine().begin() as conn:
        conn.execute(delete(HolidayYear).where(HolidayYear.source == "admin"))
    migrate.downgrade("0005")  # only statutory years: nothing to lose, no flag
    assert "holiday_years" not in _tables()
    migrate.upgrade()
    assert _count(HolidayYear) == 2026 - 2004 + 1
