"""One engine factory for the whole app; the store URL comes from ``DASHBOARD_DB_URL``."""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "dashboard.sqlite3"
ENV_VAR = "DASHBOARD_DB_URL"
# Seconds a SQLite writer waits for another writer's lock before giving up with "database is locked".
BUSY_TIMEOUT_VAR = "DASHBOARD_DB_BUSY_TIMEOUT"
DEFAULT_BUSY_TIMEOUT_S = 30.0
PG_CONNECT_TIMEOUT_S = 10  # a PostgreSQL host that drops packets fails in seconds, not minutes
# The dashboard's PostgreSQL sessions: its grouped reads sort and hash a few hundred thousand rows,
# which spill to disk under the 4 MB default; JIT compiling costs more than these queries run.
PG_SESSION_OPTIONS = "-c work_mem=64MB -c jit=off"

# ``postgres://`` (Heroku, libpq) and ``postgresql://`` name no driver, and SQLAlchemy would pick
# psycopg2, which is not installed: both mean PostgreSQL through psycopg 3.
_PG_SCHEME = re.compile(r"^postgres(?:ql)?(?:\+(?P<driver>\w+))?://", re.IGNORECASE)

# Bulk loads bind Decimals through the raw driver; NUMERIC affinity stores them as numbers.
sqlite3.register_adapter(Decimal, str)


def database_url() -> str:
    """The configured store URL; a SQLite file under ``data/`` when nothing is set."""
    url = os.environ.get(ENV_VAR, "").strip()
    if url:
        return normalise_url(url)
    DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def normalise_url(url: str) -> str:
    """``url`` with a PostgreSQL scheme spelt ``postgresql+<driver>``, psycopg when it names none."""
    match = _PG_SCHEME.match(url)
    if match is None:
        return url
    return f"postgresql+{match.group('driver') or 'psycopg'}://{url[match.end() :]}"


def busy_timeout() -> float:
    """Seconds a SQLite write waits for the lock (``DASHBOARD_DB_BUSY_TIMEOUT``, default 30)."""
    raw = os.environ.get(BUSY_TIMEOUT_VAR, "").strip()
    try:
        seconds = float(raw) if raw else DEFAULT_BUSY_TIMEOUT_S
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT_S
    return seconds if seconds >= 0 else DEFAULT_BUSY_TIMEOUT_S


@lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    # hide_parameters: an SQL error's message never quotes the values bound to it (customer data).
    if not url.startswith("sqlite"):
        connect_args: dict[str, object] = {}
        if url.startswith("postgresql") and "connect_timeout=" not in url:
            connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
        if url.startswith("postgresql") and "options=" not in url:
            connect_args["options"] = PG_SESSION_OPTIONS
        return create_engine(
            url, pool_pre_ping=True, pool_size=5, max_overflow=10, hide_parameters=True, connect_args=connect_args
        )
    timeout = busy_timeout()
    eng = create_engine(url, hide_parameters=True, connect_args={"timeout": timeout, "check_same_thread": False})

    @event.listens_for(eng, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy, not pysqlite, issues BEGIN (below)
        cur = dbapi_conn.cursor()
        for pragma in (
            "journal_mode=WAL",
            f"busy_timeout={int(timeout * 1000)}",
            "foreign_keys=ON",
            "synchronous=NORMAL",
        ):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @event.listens_for(eng, "begin")
    def _on_begin(conn: Connection) -> None:
        # A writer takes the lock up front and waits for it, instead of failing on lock upgrade.
        immediate = conn.get_execution_options().get("sqlite_immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return eng


def engine() -> Engine:
    """The engine for the currently configured URL (one per URL per process)."""
    return _engine_for(database_url())


_session_factories: dict[str, sessionmaker[Session]] = {}
_factory_lock = threading.Lock()


def _writer_factory(url: str) -> sessionmaker[Session]:
    with _factory_lock:
        if url not in _session_factories:
            writer = _engine_for(url).execution_options(sqlite_immediate=True)
            _session_factories[url] = sessionmaker(writer, expire_on_commit=False)
        return _session_factories[url]


@contextmanager
def session_scope() -> Iterator[Session]:
    """One write transaction: commit on success, roll back on any error."""
    with _writer_factory(database_url())() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
