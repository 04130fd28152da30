"""``seed_data --reset`` is one transaction: a reseed that fails or is killed half-way (after the old
tables were dropped and new rows loaded on its connection) leaves the old store exactly as it was,
on SQLite and on PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import select
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy import select as sa_select

from db import engine as db_engine
from db.models import Base
from seed_data import generator
from seed_data.__main__ import seed
from seed_data.generator import SeedOptions

ROOT = Path(__file__).resolve().parents[2]
AS_OF = datetime(2026, 11, 23, 10, 0, 0)
OLD, NEW = 300, 120  # complaints of the store before the reseed, and of the reseed that dies

# Runs ``python -m seed_data`` with a stall where the contact logs would load: by then the reseed
# has dropped every table, migrated, and loaded cities to complaint events on its connection.
STALLING_SEEDER = r"""
import sys, time
from sqlalchemy import text
from seed_data import generator
from seed_data.__main__ import main

def stall(self):
    seen = self.conn.execute(text("SELECT count(*) FROM complaints")).scalar_one()
    print(f"MID-LOAD complaints={seen}", flush=True)
    time.sleep(600)

generator.Generator._contacts = stall
sys.exit(main(sys.argv[1:]))
"""


def _digest(url: str) -> dict[str, str]:
    """One hash per table (and the schema revision) over every row in primary-key order."""
    eng = create_engine(url)
    try:
        with eng.connect() as conn:
            out = {"alembic_version": str(conn.execute(text("SELECT version_num FROM alembic_version")).all())}
            for table in Base.metadata.sorted_tables:
                h = hashlib.sha256()
                for row in conn.execute(sa_select(table).order_by(*table.primary_key.columns)):
                    h.update(repr(tuple(row)).encode())
                out[table.name] = h.hexdigest()
            out["complaints"] += f" n={conn.execute(text('SELECT count(*) FROM complaints')).scalar_one()}"
        return out
    finally:
        eng.dispose()


def _complaints(url: str) -> int:
    eng = create_engine(url)
    try:
        with eng.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM complaints")).scalar_one()
    finally:
        eng.dispose()


@pytest.fixture
def old_store(store_url: str, use_store) -> str:
    """A seeded store on each backend (the app's store meanwhile)."""
    use_store(store_url)
    seed(SeedOptions(complaints=OLD, seed=3, as_of=AS_OF))
    return store_url


def test_a_reseed_that_fails_mid_load_keeps_the_old_store(old_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _digest(old_store)
    seen: list[int] = []

    def fail(self: generator.Generator) -> int:
        # Half-way: the old tables are gone and the new complaints are in, on this transaction.
        seen.append(self.conn.execute(text("SELECT count(*) FROM complaints")).scalar_one())
        raise RuntimeError("injected failure while loading the warnings")

    monkeypatch.setattr(generator.Generator, "_warnings", fail)
    with pytest.raises(RuntimeError, match="injected failure"):
        seed(SeedOptions(complaints=NEW, seed=4, as_of=AS_OF), reset=True)
    assert seen == [NEW]
    assert _digest(old_store) == before
    assert _complaints(old_store) == OLD


def test_a_reseed_killed_mid_load_keeps_the_old_store(old_store: str) -> None:
    before = _digest(old_store)
    db_engine._engine_for(old_store).dispose()  # no pooled connection of ours in the way of the reseed
    args = ["--complaints", str(NEW), "--seed", "4", "--as-of", AS_OF.isoformat(), "--reset"]
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter running our own seeder
        [sys.executable, "-c", STALLING_SEEDER, *args],
        cwd=ROOT,
        env={**os.environ, db_engine.ENV_VAR: old_store},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 120)
        line = proc.stdout.readline() if ready else ""
        assert line.strip() == f"MID-LOAD complaints={NEW}", (line, proc.poll(), proc.stderr.read() if ready else "")
        if old_store.startswith("sqlite"):
            # Readers (the running app) still see the old store while the reseed is under way.
            assert _complaints(old_store) == OLD
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
    assert _digest(old_store) == before
    assert _complaints(old_store) == OLD


def test_a_reseed_that_succeeds_replaces_the_store(old_store: str) -> None:
    counts = seed(SeedOptions(complaints=NEW, seed=4, as_of=AS_OF), reset=True)
    assert counts["complaints"] == NEW
    assert _complaints(old_store) == NEW
    eng = create_engine(old_store)
    try:
        with eng.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one() == 1  # only the new load
            assert conn.execute(text("SELECT count(*) FROM sla_policy")).scalar_one() == 9  # rebuilt by 0002
    finally:
        eng.dispose()
