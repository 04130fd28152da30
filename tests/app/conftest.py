"""AppTest fixtures: run the real ``app.py`` against the session's seeded store (or a copy of it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.app.helpers import AppRunner, app_runner


@pytest.fixture
def app(seeded_sqlite: str, use_store) -> AppRunner:
    """The app on the shared seeded store: for tests that only read."""
    use_store(seeded_sqlite)
    return app_runner()


@pytest.fixture
def writable_app(seeded_sqlite: str, use_store, tmp_path: Path) -> AppRunner:
    """The app on a private copy of the seeded store: for tests that write."""
    source = Path(seeded_sqlite.removeprefix("sqlite:///"))
    copy = tmp_path / "store.sqlite3"
    shutil.copyfile(source, copy)
    use_store(f"sqlite:///{copy}")
    return app_runner()
