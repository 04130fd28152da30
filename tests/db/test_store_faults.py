"""Store faults: ``python -m db.migrate`` on a broken store prints what is wrong with it and how to fix
it in two lines (Chinese, English) and exits 1, without a traceback; ``postgres://`` and
``postgresql://`` URLs work; SQL errors carry no bound values."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import IntegrityError, OperationalError

from db import engine as db_engine
from db import migrate, store_faults
from domain.store_faults import ARGUMENTS, MESSAGES, StoreFault
from tests.helpers import unavailable

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534
CJK = re.compile(r"[\u4e00-\u9fff]")


def run_migrate(url: str, unprivileged: bool = False, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m db.migrate`` on the store at ``url``; ``unprivileged``: as ``nobody`` when we are root,
    so that file permissions apply (root passes them all)."""
    prefix: list[str] = []
    if unprivileged and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            unavailable("running as root without setpriv: cannot drop to a user that file permissions bind")
        prefix = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    return subprocess.run(  # noqa: S603 - our own interpreter running our own module
        [*prefix, sys.executable, "-m", "db.migrate"],
        cwd=ROOT,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", db_engine.ENV_VAR: url, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def expected_lines(kind: str, **args: str) -> list[str]:
    """The two lines the fault ``kind`` prints, built from the message table and the given arguments."""
    return [template.format(**args) for template in MESSAGES[kind]]


def assert_fault(result: subprocess.CompletedProcess[str], kind: str, **args: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    lines = result.stderr.splitlines()
    assert lines == expected_lines(kind, **args), output
    assert CJK.search(lines[0]) and not CJK.search(lines[1])
    assert result.stdout == ""


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory under /tmp that other users may enter (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="store-faults-", dir="/tmp"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for sub in path.rglob("*"):
            if sub.is_dir():
                sub.chmod(0o755)
        shutil.rmtree(path)


def sqlite_store(path: Path) -> str:
    return f"sqlite:///{path}"


# ---- SQLite ---------------------------------------------------------------------------------------


def test_missing_directory(tmp_path: Path) -> None:
    directory = tmp_path / "no" / "such" / "dir"
    url = sqlite_store(directory / "store.sqlite3")
    assert_fault(run_migrate(url), "sqlite_directory_missing", store=url, directory=str(directory))


def test_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("minutes of the committee meeting, not a database\n" * 40)
    url = sqlite_store(path)
    assert_fault(run_migrate(url), "sqlite_not_a_database", store=url, path=str(path))


def test_path_that_is_a_directory(tmp_path: Path) -> None:
    url = sqlite_store(tmp_path)
    assert_fault(run_migrate(url), "sqlite_not_a_database", store=url, path=str(tmp_path))


def test_unwritable_file(shared_dir: Path) -> None:
    """A store file the app's user may read but not write (the test runs as root: the migration runs as
    ``nobody``, for whom the permissions apply)."""
    path = shared_dir / "store.sqlite3"
    url = sqlite_store(path)
    assert run_migrate(url).returncode == 0  # a real store at head...
    shared_dir.chmod(0o555)
    path.chmod(0o444)  # ...that may no longer be written
    result = run_migrate(url, unprivileged=True)
    assert_fault(result, "sqlite_unwritable", store=url, path=str(path), directory=str(shared_dir))


def test_unwritable_directory_for_a_new_store(shared_dir: Path) -> None:
    directory = shared_dir / "readonly"
    directory.mkdir(mode=0o555)
    directory.chmod(0o555)
    path = directory / "store.sqlite3"
    url = sqlite_store(path)
    result = run_migrate(url, unprivileged=True)
    assert_fault(result, "sqlite_unwritable", store=url, path=str(path), directory=str(directory))


def test_locked_store_with_a_short_busy_timeout(tmp_path: Path) -> None:
    """Another writer holds the lock: the store is busy, retry in a moment (after 0.5 s, not 30 s)."""
    path = tmp_path / "store.sqlite3"
    url = sqlite_store(path)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("PRAGMA journal_mode=WAL")
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("CREATE TABLE held (x)")
        result = run_migrate(url, **{db_engine.BUSY_TIMEOUT_VAR: "0.5"})
    finally:
        holder.close()
    assert_fault(result, "store_busy", store=url)
    assert "稍" in result.stderr and "retry in a moment" in result.stderr
    assert run_migrate(url).returncode == 0  # once the lock is gone the same command succeeds


def test_store_of_an_unknown_newer_revision(tmp_path: Path) -> None:
    url = sqlite_store(tmp_path / "store.sqlite3")
    assert run_migrate(url).returncode == 0
    with sqlite3.connect(tmp_path / "store.sqlite3") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    assert_fault(run_migrate(url), "schema_unknown", store=url, revision="0099")


# ---- PostgreSQL -----------------------------------------------------------------------------------


def _server(pg_url: str) -> str:
    """The test server's URL without the per-test schema option."""
    return pg_url.split("?", 1)[0].rsplit("/", 1)[0]


def test_postgresql_down() -> None:
    """Nothing listens on port 1; the password is not shown."""
    url = "postgresql+psycopg://dashboard:s3cret-pw@127.0.0.1:1/cx"
    result = run_migrate(url)
    assert_fault(
        result, "pg_unreachable", store="postgresql+psycopg://dashboard:***@127.0.0.1:1/cx", host="127.0.0.1", port="1"
    )
    assert "s3cret-pw" not in result.stdout + result.stderr


def test_missing_postgresql_database(pg_url: str) -> None:
    url = f"{_server(pg_url)}/no_such_dashboard_db"
    parsed = make_url(url)
    host, port, user = parsed.host, str(parsed.port or 5432), parsed.username
    assert_fault(
        run_migrate(url),
        "pg_database_missing",
        store=url,
        host=host,
        port=port,
        database="no_such_dashboard_db",
        createdb=f"createdb -h {host} -p {port} -U {user} no_such_dashboard_db",
    )


def test_postgresql_refuses_the_user(pg_url: str) -> None:
    parsed = make_url(pg_url)
    url = parsed.set(username="no_such_dashboard_user", query={}).render_as_string(hide_password=False)
    assert_fault(run_migrate(url), "pg_auth_failed", store=url, user="no_such_dashboard_user")


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_postgres_urls_without_a_driver_use_psycopg(pg_url: str, scheme: str) -> None:
    url = pg_url.replace("postgresql+psycopg://", f"{scheme}://", 1)
    assert url.startswith(f"{scheme}://")
    result = run_migrate(url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"store at revision {migrate.head_revision()}"
    eng = create_engine(pg_url)
    try:
        with eng.connect() as conn:  # the migration landed in the test's own schema
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == migrate.head_revision()
    finally:
        eng.dispose()


def test_database_url_normalises_postgresql_schemes(monkeypatch: pytest.MonkeyPatch) -> None:
    cases = {
        "postgres://u:p@h:5432/d": "postgresql+psycopg://u:p@h:5432/d",
        "postgresql://u@h/d?sslmode=require": "postgresql+psycopg://u@h/d?sslmode=require",
        "postgres+psycopg://u@h/d": "postgresql+psycopg://u@h/d",
        "postgresql+psycopg://u@h/d": "postgresql+psycopg://u@h/d",
        "sqlite:////tmp/x.sqlite3": "sqlite:////tmp/x.sqlite3",
    }
    for given, expected in cases.items():
        monkeypatch.setenv(db_engine.ENV_VAR, given)
        assert db_engine.database_url() == expected, given


# ---- URLs -----------------------------------------------------------------------------------------


def test_unparseable_url() -> None:
    assert_fault(run_migrate("not a url at all"), "url_invalid", store="not a url at all")


@pytest.mark.parametrize("url", ["mysql://cx:pw@db/cx", "oracle://cx@db/cx", "nosuchdb://x"])
def test_unsupported_url(url: str) -> None:
    result = run_migrate(url)
    assert_fault(result, "url_unsupported", store=url.replace(":pw@", ":***@"))
    assert ":pw@" not in result.stderr


# ---- the classifier and the message table ---------------------------------------------------------


def test_every_kind_has_messages_in_both_languages_with_its_arguments() -> None:
    assert set(MESSAGES) == set(ARGUMENTS)
    for kind, (zh, en) in MESSAGES.items():
        args = {name: f"<{name}>" for name in ARGUMENTS[kind] | {"store"}}
        fault = StoreFault(kind, args)
        assert fault.lines() == [zh.format(**args), en.format(**args)]
        assert CJK.search(zh) and not CJK.search(en), kind
        assert "\n" not in zh + en, kind
        assert "<store>" in zh.format(**args) and "<store>" in en.format(**args), kind
        used = set(re.findall(r"{(\w+)}", zh)) | set(re.findall(r"{(\w+)}", en))
        assert used == ARGUMENTS[kind] | {"store"}, kind


def test_a_fault_without_its_arguments_is_refused() -> None:
    with pytest.raises(ValueError, match="lacks"):
        StoreFault("pg_unreachable", {"store": "x"})
    with pytest.raises(ValueError, match="unknown"):
        StoreFault("no_such_kind", {"store": "x"})


def test_other_errors_are_not_store_faults(tmp_path: Path) -> None:
    url = sqlite_store(tmp_path / "store.sqlite3")
    assert store_faults.describe(ValueError("客户王小明"), url) is None
    assert store_faults.describe(KeyError("x"), url) is None
    integrity = IntegrityError("INSERT ...", {}, sqlite3.IntegrityError("UNIQUE constraint failed"))
    assert store_faults.describe(integrity, url) is None


def test_a_wrapped_lock_timeout_is_found_in_the_chain(tmp_path: Path) -> None:
    url = sqlite_store(tmp_path / "store.sqlite3")
    locked = OperationalError("UPDATE complaints ...", {}, sqlite3.OperationalError("database is locked"))
    try:
        try:
            raise locked
        except OperationalError as inner:
            raise RuntimeError("the write failed") from inner
    except RuntimeError as outer:
        fault = store_faults.describe(outer, url)
    assert fault is not None and fault.kind == "store_busy" and fault.args["store"] == url


def test_a_postgresql_lock_timeout_is_busy() -> None:
    import psycopg.errors

    url = "postgresql+psycopg://cx:pw@db:5433/cx"
    exc = OperationalError("UPDATE ...", {}, psycopg.errors.LockNotAvailable("canceling statement due to lock timeout"))
    fault = store_faults.describe(exc, url)
    assert fault is not None and fault.kind == "store_busy"
    assert fault.args["store"] == "postgresql+psycopg://cx:***@db:5433/cx"


def test_sql_errors_carry_no_bound_values(tmp_path: Path, use_store) -> None:
    """``hide_parameters``: a failing statement's message names the statement, not the values."""
    use_store(sqlite_store(tmp_path / "store.sqlite3"))
    with db_engine.engine().begin() as conn:
        conn.execute(text("CREATE TABLE people (phone TEXT UNIQUE)"))
        conn.execute(text("INSERT INTO people VALUES (:phone)"), {"phone": "13812345678"})
    with pytest.raises(IntegrityError) as caught, db_engine.engine().begin() as conn:
        conn.execute(text("INSERT INTO people VALUES (:phone)"), {"phone": "13812345678"})
    assert "13812345678" not in str(caught.value)
    assert "hidden due to hide_parameters" in str(caught.value)
