"""Fixtures of the db tests: a hand-made store on each backend, and the SLA store two modules share."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from db import engine as db_engine
from db import migrate
from tests.db import sla_data
from tests.db.builders import insert, move_sequences
from tests.helpers import app_store

StoreMaker = Callable[..., str]


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite store migrated to head once per session (per xdist worker), for ``make_store`` to copy."""
    path = tmp_path_factory.mktemp("migrated") / "store.sqlite3"
    url = f"sqlite:///{path}"
    with app_store(url):
        migrate.upgrade()
    db_engine._engine_for(url).dispose()  # closes the file: no WAL or journal left beside it
    return path


@pytest.fixture
def make_store(store_url: str, use_store, request: pytest.FixtureRequest) -> StoreMaker:
    """``make_store(rows, then=())``: the empty store of ``store_url`` (each backend), pointed at and
    migrated, with ``rows`` inserted one by one in order and ``then`` after them; returns its URL.

    On SQLite the store starts as a copy of ``migrated_sqlite`` (the same schema and migrated rows, in
    milliseconds instead of a second a test), so ``migrate.upgrade()`` finds it at head; PostgreSQL runs
    every migration into its fresh schema. tests/db/test_migrations.py migrates empty stores of both.
    """

    def make(rows: Iterable[object] = (), then: Iterable[object] = ()) -> str:
        if store_url.startswith("sqlite:///"):
            shutil.copyfile(request.getfixturevalue("migrated_sqlite"), store_url.removeprefix("sqlite:///"))
        use_store(store_url)
        migrate.upgrade()
        insert(rows, then)
        return store_url

    return make


@pytest.fixture
def sla_store(make_store: StoreMaker) -> str:
    """The store of ``tests/db/sla_data.py``, for the SLA reads and the reminders."""
    url = make_store(sla_data.build_rows())  # parents first, C4 after the C2 it duplicates
    move_sequences(("complaint_events", "audit_log"))  # explicit ids
    return url
