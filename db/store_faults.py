"""Recognising store faults: ``describe(exc, url)`` names what is wrong with the store, or None.

The exception chain (SQLAlchemy wrappers, the driver error inside, causes and contexts) is
searched for a driver error, a file-system error or a URL error this module knows; the message
arguments come from the URL and the file system, never from an error's text (which can quote
rows), and the store is named by its URL without the password.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

from alembic.util import CommandError
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, StatementError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from db.engine import DEFAULT_SQLITE_PATH, ENV_VAR, normalise_url
from domain.store_faults import StoreFault

try:  # psycopg is a dependency, but a SQLite-only install still gets its SQLite faults described
    import psycopg
except ImportError:  # pragma: no cover - psycopg[binary] is pinned in requirements.txt
    psycopg = None  # type: ignore[assignment]

_SHIPPED = ("sqlite://", "sqlite+pysqlite://", "postgresql+psycopg://")  # dialects with their driver installed
_PASSWORD = re.compile(r"(://[^:/?#@]*):[^@/?#]*@")
_UNKNOWN_REVISION = re.compile(r"Can't locate revision identified by '([^']+)'")

# SQLite result codes (``sqlite3.Error.sqlite_errorname``; extended codes share the prefix).
_SQLITE_KIND = {
    "SQLITE_BUSY": "store_busy",
    "SQLITE_LOCKED": "store_busy",
    "SQLITE_READONLY": "sqlite_unwritable",
    "SQLITE_PERM": "sqlite_unwritable",
    "SQLITE_NOTADB": "sqlite_not_a_database",
    "SQLITE_CORRUPT": "sqlite_corrupt",
    "SQLITE_FULL": "disk_full",
    "SQLITE_CANTOPEN": "sqlite_cannot_open",
}
# ... and the messages of the same faults, for errors that carry no code.
_SQLITE_TEXT = (
    ("database is locked", "store_busy"),
    ("database table is locked", "store_busy"),
    ("attempt to write a readonly database", "sqlite_unwritable"),
    ("file is not a database", "sqlite_not_a_database"),
    ("database disk image is malformed", "sqlite_corrupt"),
    ("database or disk is full", "disk_full"),
    ("unable to open database file", "sqlite_cannot_open"),
)
# PostgreSQL SQLSTATEs.
_PG_SQLSTATE = {
    "3D000": "pg_database_missing",  # invalid_catalog_name
    "28P01": "pg_auth_failed",  # invalid_password
    "28000": "pg_auth_failed",  # invalid_authorization_specification
    "42501": "pg_permission_denied",  # insufficient_privilege
    "55P03": "store_busy",  # lock_not_available (lock_timeout)
    "40P01": "store_busy",  # deadlock_detected
    "40001": "store_busy",  # serialization_failure
    "53300": "store_busy",  # too_many_connections
    "53100": "disk_full",
    "57P01": "pg_unreachable",  # admin_shutdown
    "57P02": "pg_unreachable",  # crash_shutdown
    "57P03": "pg_unreachable",  # cannot_connect_now (starting up, in recovery)
}
# Connection failures carry no SQLSTATE (libpq reports them before any session exists).
_PG_TEXT = (
    (re.compile(r'database "[^"]*" does not exist'), "pg_database_missing"),
    (
        re.compile(
            r"password authentication failed|role \"[^\"]*\" does not exist|no pg_hba\.conf entry|"
            r"no password supplied|authentication failed"
        ),
        "pg_auth_failed",
    ),
    (re.compile(r"too many clients|remaining connection slots"), "store_busy"),
)


def store_name(url: str) -> str:
    """The store as people may see it: its URL with the password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return _PASSWORD.sub(r"\1:***@", url)


def configured_url() -> str:
    """The configured store URL without side effects (``db.engine.database_url`` creates ``data/``)."""
    raw = os.environ.get(ENV_VAR, "").strip()
    return normalise_url(raw) if raw else f"sqlite:///{DEFAULT_SQLITE_PATH}"


def describe(exc: BaseException, url: str | None = None) -> StoreFault | None:
    """The store fault behind ``exc`` for the store at ``url`` (default: the configured one), or None."""
    url = normalise_url(url) if url is not None else configured_url()
    for err in _chain(exc):
        kind = _kind_of(err, url)
        if kind is not None:
            return _fault(kind, err, url)
    return None


def told(exc: BaseException) -> bool:
    """For a command: print the store fault behind ``exc`` to stderr in two lines (Chinese,
    English) and say True; False when it is no store fault (the caller re-raises it)."""
    fault = describe(exc)
    if fault is not None:
        print("\n".join(fault.lines()), file=sys.stderr)
    return fault is not None


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, the driver error a SQLAlchemy error wraps, and their causes and contexts, once each."""
    seen: set[int] = set()
    pending = [exc]
    while pending:
        err = pending.pop(0)
        if id(err) in seen:
            continue
        seen.add(id(err))
        yield err
        orig = getattr(err, "orig", None) if isinstance(err, StatementError) else None
        pending += [e for e in (orig, err.__cause__, err.__context__) if isinstance(e, BaseException)]


def _kind_of(err: BaseException, url: str) -> str | None:
    if isinstance(err, sqlite3.Error):
        name = getattr(err, "sqlite_errorname", "") or ""
        for prefix, kind in _SQLITE_KIND.items():
            if name == prefix or name.startswith(prefix + "_"):
                return kind
        text = str(err)
        return next((kind for needle, kind in _SQLITE_TEXT if needle in text), None)
    if psycopg is not None and isinstance(err, psycopg.Error):
        sqlstate = getattr(err, "sqlstate", None)
        if sqlstate in _PG_SQLSTATE:
            return _PG_SQLSTATE[sqlstate]
        if sqlstate is None and isinstance(err, psycopg.OperationalError):
            text = str(err)
            # Anything else without a session (refused, unresolvable host, timeout, dropped connection).
            return next((kind for pattern, kind in _PG_TEXT if pattern.search(text)), "pg_unreachable")
        return None
    if isinstance(err, NoSuchModuleError):
        return "url_unsupported"
    if isinstance(err, ArgumentError):
        return "url_invalid"
    if isinstance(err, ModuleNotFoundError) and not url.startswith(_SHIPPED):
        return "url_unsupported"  # the driver of a dialect we do not ship (mysql, oracle, psycopg2, ...)
    if isinstance(err, PoolTimeout):
        return "store_busy"  # every pooled connection is in use
    if isinstance(err, PermissionError):
        return "sqlite_unwritable"
    if isinstance(err, CommandError) and _UNKNOWN_REVISION.search(str(err)):
        return "schema_unknown"
    return None


def _fault(kind: str, err: BaseException, url: str) -> StoreFault | None:
    args = {"store": store_name(url)}
    if kind in ("url_invalid", "url_unsupported"):
        return StoreFault(kind, args)
    try:
        parsed = make_url(url)
    except ArgumentError:
        return StoreFault("url_invalid", args)
    if kind == "schema_unknown":
        match = _UNKNOWN_REVISION.search(str(err))
        return StoreFault(kind, {**args, "revision": match.group(1) if match else "?"})
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_fault(kind, err, parsed, args)
    return _pg_fault(kind, parsed, args)


def _sqlite_fault(kind: str, err: BaseException, url: URL, args: dict[str, str]) -> StoreFault | None:
    database = url.database or ""
    if database.startswith("file:"):  # a URI filename: sqlite:///file:path?mode=ro&uri=true
        database = database.removeprefix("file:").split("?", 1)[0]
    if isinstance(err, PermissionError) and err.filename:
        path = Path(os.fsdecode(err.filename))
    elif database in ("", ":memory:"):
        return StoreFault(kind, args) if kind in ("store_busy", "disk_full") else None
    else:
        path = Path(database).absolute()
    directory = path if isinstance(err, PermissionError) and path.is_dir() else path.parent
    if kind == "sqlite_cannot_open":
        # SQLite says only "unable to open"; the file system says why.
        if path.is_dir():
            kind = "sqlite_not_a_database"
        elif not directory.exists():
            kind = "sqlite_directory_missing"
        else:  # the directory is there: the file or its -wal/-shm files may not be created or written
            kind = "sqlite_unwritable"
    return StoreFault(kind, {**args, "path": str(path), "directory": str(directory)})


def _pg_fault(kind: str, url: URL, args: dict[str, str]) -> StoreFault | None:
    if kind.startswith("sqlite_"):
        return None
    host = url.host or "localhost"
    port = str(url.port or 5432)
    user = url.username or os.environ.get("PGUSER") or "postgres"
    database = url.database or user
    createdb = f"createdb -h {host} -p {port} -U {user} {database}"
    return StoreFault(
        kind, {**args, "host": host, "port": port, "user": user, "database": database, "createdb": createdb}
    )
