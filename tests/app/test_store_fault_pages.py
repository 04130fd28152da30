"""The app on a broken store: the real ``app.py`` says what is wrong with the store and how to fix it,
in the user's language, inside the frame (no Streamlit exception box); a write that meets a locked
store and a page that meets a broken one say so too, with the incident id."""

from __future__ import annotations

import contextlib
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url
from streamlit.testing.v1 import AppTest

from db import engine as db_engine
from db import migrate
from domain.store_faults import LANGS, MESSAGES
from tests.helpers import unavailable

ROOT = Path(__file__).resolve().parents[2]
INCIDENT = re.compile(r"[0-9A-F]{10}")
CJK = re.compile(r"[\u4e00-\u9fff]")

Point = Callable[..., str]


@pytest.fixture
def point(monkeypatch: pytest.MonkeyPatch) -> Iterator[Point]:
    """``point(url, **env)``: the app's store is ``url``; engines made for it are disposed afterwards."""
    used: list[str] = []

    def set_store(url: str, **env: str) -> str:
        monkeypatch.setenv(db_engine.ENV_VAR, url)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        used.append(db_engine.normalise_url(url))
        return url

    yield set_store
    for url in used:
        with contextlib.suppress(Exception):  # an unusable URL has no engine to dispose
            db_engine._engine_for(url).dispose()


def run_app(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    return at.run()


def expected(kind: str, lang: str, **args: str) -> str:
    return MESSAGES[kind][LANGS.index(lang)].format(**args)


def assert_store_fault(at: AppTest, kind: str, lang: str, **args: str) -> None:
    assert not at.exception, at.exception
    assert len(at.error) == 1, [e.value for e in at.error]
    shown = at.error[0].value
    assert shown.startswith(expected(kind, lang, **args)), shown
    assert INCIDENT.search(shown.removeprefix(expected(kind, lang, **args))), shown
    assert (CJK.search(shown) is not None) == (lang == "zh"), shown
    assert at.sidebar.radio(key="lang").value == lang  # the language can still be switched
    assert not at.metric and not at.title  # nothing of the dashboard ran on the broken store


LANG_PARAMS = pytest.mark.parametrize("lang", ["zh", "en"])


@LANG_PARAMS
def test_missing_directory(point: Point, tmp_path: Path, lang: str) -> None:
    directory = tmp_path / "gone"
    url = point(f"sqlite:///{directory / 'store.sqlite3'}")
    assert_store_fault(run_app(lang), "sqlite_directory_missing", lang, store=url, directory=str(directory))


@LANG_PARAMS
def test_file_that_is_not_a_database(point: Point, tmp_path: Path, lang: str) -> None:
    path = tmp_path / "store.sqlite3"
    path.write_text("this is a spreadsheet export, not a database\n" * 40)
    url = point(f"sqlite:///{path}")
    assert_store_fault(run_app(lang), "sqlite_not_a_database", lang, store=url, path=str(path))


@pytest.fixture
def immutable_dir(tmp_path: Path) -> Iterator[Path]:
    """A directory holding a migrated store that nobody, root included, may write (``chattr +i``):
    the app runs in this (root) process, where ``chmod`` would not bind."""
    directory = tmp_path / "frozen"
    directory.mkdir()
    path = directory / "store.sqlite3"
    _migrate(path)
    chattr = shutil.which("chattr")
    frozen = chattr is not None and subprocess.run([chattr, "+i", str(directory)], check=False).returncode == 0  # noqa: S603 - chattr from PATH on our tmp dir, no shell
    if not frozen:
        unavailable(
            "chattr +i is not available here: root ignores file permissions, so nothing can make the store unwritable"
        )
    try:
        yield directory
    finally:
        subprocess.run([chattr, "-i", str(directory)], check=True)  # noqa: S603 - chattr from PATH on our tmp dir, no shell


def _migrate(path: Path) -> None:
    url = f"sqlite:///{path}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(db_engine.ENV_VAR, url)
        migrate.upgrade()
        db_engine._engine_for(url).dispose()


@LANG_PARAMS
def test_unwritable_store(point: Point, immutable_dir: Path, lang: str) -> None:
    path = immutable_dir / "store.sqlite3"
    url = point(f"sqlite:///{path}")
    assert_store_fault(
        run_app(lang), "sqlite_unwritable", lang, store=url, path=str(path), directory=str(immutable_dir)
    )


@LANG_PARAMS
def test_locked_store(point: Point, tmp_path: Path, lang: str) -> None:
    """Another writer holds the new store's lock while the app would migrate it: busy, retry soon."""
    path = tmp_path / "store.sqlite3"
    url = point(f"sqlite:///{path}", **{db_engine.BUSY_TIMEOUT_VAR: "0.5"})
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("PRAGMA journal_mode=WAL")
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("CREATE TABLE held (x)")
        at = run_app(lang)
    finally:
        holder.close()
    assert_store_fault(at, "store_busy", lang, store=url)


@LANG_PARAMS
def test_postgresql_down(point: Point, lang: str) -> None:
    point("postgresql+psycopg://dashboard:s3cret@127.0.0.1:1/cx")
    at = run_app(lang)
    store = "postgresql+psycopg://dashboard:***@127.0.0.1:1/cx"
    assert_store_fault(at, "pg_unreachable", lang, store=store, host="127.0.0.1", port="1")
    assert "s3cret" not in at.error[0].value


@LANG_PARAMS
def test_missing_postgresql_database(point: Point, pg_url: str, lang: str) -> None:
    server = make_url(pg_url).set(database="no_such_dashboard_db", query={})
    url = point(server.render_as_string(hide_password=False))
    host, port, user = server.host or "localhost", str(server.port or 5432), server.username or "postgres"
    assert_store_fault(
        run_app(lang),
        "pg_database_missing",
        lang,
        store=url,
        host=host,
        port=port,
        database="no_such_dashboard_db",
        createdb=f"createdb -h {host} -p {port} -U {user} no_such_dashboard_db",
    )


@LANG_PARAMS
def test_unusable_urls(point: Point, lang: str) -> None:
    point("mysql://cx:pw@db/cx")
    assert_store_fault(run_app(lang), "url_unsupported", lang, store="mysql://cx:***@db/cx")
    point("not a url")
    assert_store_fault(run_app(lang), "url_invalid", lang, store="not a url")


def test_a_postgres_url_is_accepted(point: Point, pg_url: str) -> None:
    """``postgres://`` reaches the store through psycopg: the start migrates it, no store fault."""
    point(pg_url.replace("postgresql+psycopg://", "postgres://", 1))
    at = run_app("zh")
    assert not any(e.value.startswith("数据存储") or "DASHBOARD_DB_URL" in e.value for e in at.error)
    assert migrate.current_revision() == migrate.head_revision()


# ---- the error boundary on pages and writes ------------------------------------------------------


def _locked_write() -> None:
    import streamlit as st
    from sqlalchemy import text

    from components import feedback
    from db.engine import session_scope

    st.session_state["lang"] = st.session_state.get("lang", "zh")

    def write() -> None:
        with session_scope() as session:
            session.execute(text("INSERT INTO held VALUES (1)"))

    feedback.attempt(write, lambda _: st.success("saved"))
    st.write("the page goes on")


@LANG_PARAMS
def test_a_write_on_a_locked_store_says_the_store_is_busy(point: Point, tmp_path: Path, lang: str) -> None:
    path = tmp_path / "store.sqlite3"
    url = point(f"sqlite:///{path}", **{db_engine.BUSY_TIMEOUT_VAR: "0.5"})
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("PRAGMA journal_mode=WAL")
        holder.execute("CREATE TABLE held (x)")
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("INSERT INTO held VALUES (0)")
        at = AppTest.from_function(_locked_write, default_timeout=30)
        at.session_state["lang"] = lang
        at.run()
    finally:
        holder.close()
    assert not at.exception and not at.success
    assert len(at.error) == 1
    shown = at.error[0].value
    assert shown.startswith(expected("store_busy", lang, store=url)), shown
    assert INCIDENT.search(shown)
    assert [m.value for m in at.markdown][-1] == "the page goes on"


def _page_on_a_missing_directory() -> None:
    import streamlit as st

    from components import incidents
    from db.engine import engine

    st.session_state["lang"] = st.session_state.get("lang", "zh")

    def page() -> None:
        with engine().connect():
            st.write("never reached")

    incidents.guard(page, "pages/demo.py")


@LANG_PARAMS
def test_a_page_on_a_broken_store_names_the_store(point: Point, tmp_path: Path, lang: str) -> None:
    directory = tmp_path / "gone"
    url = point(f"sqlite:///{directory / 'store.sqlite3'}")
    at = AppTest.from_function(_page_on_a_missing_directory, default_timeout=30)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    assert len(at.error) == 1
    shown = at.error[0].value
    assert shown.startswith(expected("sqlite_directory_missing", lang, store=url, directory=str(directory)))
    assert INCIDENT.search(shown)
