"""Shared fixtures: a seeded store per backend (SQLite file, PostgreSQL schema) and cache hygiene.

PostgreSQL is at TEST_PG_URL (default: the CI server, database ``test``, trust auth). Locally a
missing server skips those tests with the reason; in CI (CI=true) it is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import create_engine, text

from db import clock
from db import engine as db_engine

PG_URL = os.environ.get("TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
AS_OF = datetime(2026, 11, 23, 10, 0, 0)  # the fixture stores' "now"
ROOT = Path(__file__).resolve().parent.parent


def pg_available() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        eng = create_engine(PG_URL)
        with eng.connect() as conn:
            conn.execute(text("SELECT 1"))
        eng.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"PostgreSQL not reachable at {PG_URL}: {exc.__class__.__name__}"


def require_pg() -> None:
    reason = pg_available()
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"CI requires PostgreSQL: {reason}")
    pytest.skip(reason)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite3'}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL schema of its own, dropped afterwards."""
    require_pg()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest) -> str:
    """An empty store on each backend, selected through DASHBOARD_DB_URL."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
def use_store(monkeypatch: pytest.MonkeyPatch) -> Iterator:
    """Point the app at a URL: ``use_store(url)``; engines are disposed and caches cleared after."""
    used: list[str] = []

    def point(url: str) -> str:
        monkeypatch.setenv(db_engine.ENV_VAR, url)
        monkeypatch.setenv(clock.ENV_VAR, AS_OF.isoformat())  # the app's "now" is the stores' "now"
        used.append(url)
        return url

    st.cache_data.clear()
    yield point
    st.cache_data.clear()
    for url in used:
        db_engine._engine_for(url).dispose()


def seed_store(url: str, complaints: int = 1500, seed: int = 7) -> dict[str, int]:
    """Seed the store at ``url`` as of ``AS_OF`` (the seeder reads DASHBOARD_DB_URL, set meanwhile)."""
    from seed_data.__main__ import seed as run_seed
    from seed_data.generator import SeedOptions

    previous = os.environ.get(db_engine.ENV_VAR)
    os.environ[db_engine.ENV_VAR] = url
    try:
        return run_seed(SeedOptions(complaints=complaints, seed=seed, as_of=AS_OF))
    finally:
        if previous is None:
            os.environ.pop(db_engine.ENV_VAR, None)
        else:
            os.environ[db_engine.ENV_VAR] = previous


@pytest.fixture(scope="session")
def seeded_sqlite(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One seeded SQLite store for read-only tests of the whole session (copy it before writing)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'store.sqlite3'}"
    seed_store(url)
    db_engine._engine_for(url).dispose()
    return url
