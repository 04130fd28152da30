"""AppTest fixtures: run the real ``app.py`` against the session's seeded store (or a copy of it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from tests.app.helpers import AppRunner, Builders, app_runner


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


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> Builders:
    """Deferred download builders by the file id the button shows, with their file names.

    AppTest runs each script run against a throwaway media manager and never calls a deferred
    builder; recording what ``st.download_button`` registered lets the test build every export."""
    made: Builders = {}
    register = MediaFileManager.add_deferred

    def spy(self: MediaFileManager, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):
        file_id = register(self, data_callable, mimetype, coordinates, file_name, element_id=element_id)
        made[file_id] = (data_callable, file_name or "")
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return made
