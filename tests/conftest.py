"""Shared fixtures: a store per backend (SQLite file, PostgreSQL schema), cache hygiene, the markers.

PostgreSQL is at TEST_PG_URL (default: the CI server, database ``test``, trust auth). Locally a
missing server skips those tests with the reason; in CI (CI=true) it is a failure. Every test that
needs PostgreSQL is marked ``postgres``, every browser journey ``browser`` and every test of the
benchmark tool ``bench`` at collection, so ``-m "not postgres and not browser and not bench"``
(``make test-fast``) runs exactly the domain, SQLite db and AppTest tests.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.components.v2 import manifest_scanner

from db import clock
from db import engine as db_engine
from tests.helpers import AS_OF, ROOT, pg_schema, seed_store

BROWSER_TESTS = ROOT / "tests" / "browser"
BENCH_TESTS = ROOT / "tests" / "bench"

# Every new AppTest reads the metadata of every installed package, looking for Streamlit
# components (0.3 s of a page test's 0.45 s); the installed packages do not change during a run.
manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)


def _needs_postgres(item: pytest.Item) -> bool:
    """Uses ``pg_url``, or is the PostgreSQL case of a backend-parametrized fixture (``store_url`` and the like)."""
    if "pg_url" in getattr(item, "fixturenames", ()):
        return True
    callspec = getattr(item, "callspec", None)
    return callspec is not None and any(value == "postgresql" for value in callspec.params.values())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _needs_postgres(item):
            item.add_marker(pytest.mark.postgres)
        if BROWSER_TESTS in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
        if BENCH_TESTS in Path(item.path).parents:
            item.add_marker(pytest.mark.bench)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite3'}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL schema of its own, dropped afterwards."""
    with pg_schema() as url:
        yield url


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


@pytest.fixture(scope="session")
def seeded_sqlite(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One seeded SQLite store for read-only tests of the whole session (copy it before writing)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'store.sqlite3'}"
    seed_store(url)
    db_engine._engine_for(url).dispose()
    return url
