"""AppTest helpers: run the real ``app.py`` against the session's seeded store (or a copy of it)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

AppRunner = Callable[..., AppTest]


def _runner() -> AppRunner:
    """``run(role="manager", lang="en", page="pages/x.py", flt_city=[1])`` → an AppTest run in that state.

    Widget values are preset through their session-state keys before the first run: AppTest
    drops the entrypoint's sidebar from its element tree on reruns under ``st.navigation``, so
    each state gets a fresh session (real clicking is covered by the browser journeys).
    """

    def run(role: str = "manager", lang: str = "zh", page: str | None = None, **widgets: object) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.session_state["lang"] = lang
        at.session_state["demo_role"] = role
        for key, value in widgets.items():
            at.session_state[key] = value
        at.run()
        if page is not None:
            at.switch_page(page).run()
        return at

    return run


@pytest.fixture
def app(seeded_sqlite: str, use_store) -> AppRunner:
    """The app on the shared seeded store: for tests that only read."""
    use_store(seeded_sqlite)
    return _runner()


@pytest.fixture
def writable_app(seeded_sqlite: str, use_store, tmp_path: Path) -> AppRunner:
    """The app on a private copy of the seeded store: for tests that write."""
    source = Path(seeded_sqlite.removeprefix("sqlite:///"))
    copy = tmp_path / "store.sqlite3"
    shutil.copyfile(source, copy)
    use_store(f"sqlite:///{copy}")
    return _runner()
