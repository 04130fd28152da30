"""The calendar and clock expressions that SQLite and PostgreSQL spell differently, in one place.

Each is a SQL function element compiled per dialect (SQLAlchemy's ``@compiles``), so queries build
one expression and never ask which store they run on. Units and modifiers are rendered as SQL
literals, not bound parameters, so the same expression in SELECT and GROUP BY stays identical on
PostgreSQL.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Date, Float, Integer, Select, SQLColumnExpression, Table, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

GRAINS = ("day", "week", "month")


class _Calendar(FunctionElement[Any]):
    inherit_cache = True

    def _arg(self, compiler: SQLCompiler, index: int = 0, **kw: Any) -> str:
        return compiler.process(list(self.clauses)[index], **kw)


class day_start(_Calendar):
    """The calendar date of a timestamp."""

    inherit_cache = True
    type = Date()
    name = "day_start"


class week_start(_Calendar):
    """Monday of the ISO week containing a timestamp."""

    inherit_cache = True
    type = Date()
    name = "week_start"


class month_start(_Calendar):
    """The first day of the month containing a timestamp."""

    inherit_cache = True
    type = Date()
    name = "month_start"


class weekday(_Calendar):
    """0 = Monday … 6 = Sunday, like ``date.weekday()``."""

    inherit_cache = True
    type = Integer()
    name = "weekday"


class hour(_Calendar):
    """The hour of the day, 0–23."""

    inherit_cache = True
    type = Integer()
    name = "hour"


class epoch_day(_Calendar):
    """The calendar date of a timestamp as a day number (days since 1970-01-01): integer keys that
    both stores compare and group fast, and whose week (Monday) is plain arithmetic."""

    inherit_cache = True
    type = Integer()
    name = "epoch_day"


class seconds_between(_Calendar):
    """Seconds from the first timestamp to the second (timestamps are stored to the second)."""

    inherit_cache = True
    type = Float()
    name = "seconds_between"


_SQLITE_DATE_MODIFIERS = {
    day_start: "",
    # 'weekday 0' moves forward to Sunday (staying put on a Sunday); six days back is that week's Monday.
    week_start: ", 'weekday 0', '-6 days'",
    month_start: ", 'start of month'",
}
_POSTGRES_TRUNC_UNIT = {day_start: "day", week_start: "week", month_start: "month"}


@compiles(day_start, "sqlite")
@compiles(week_start, "sqlite")
@compiles(month_start, "sqlite")
def _date_sqlite(element: _Calendar, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({element._arg(compiler, **kw)}{_SQLITE_DATE_MODIFIERS[type(element)]})"


@compiles(day_start, "postgresql")
@compiles(week_start, "postgresql")
@compiles(month_start, "postgresql")
def _date_postgres(element: _Calendar, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(date_trunc('{_POSTGRES_TRUNC_UNIT[type(element)]}', {element._arg(compiler, **kw)}) AS DATE)"


@compiles(weekday, "sqlite")
def _weekday_sqlite(element: _Calendar, compiler: SQLCompiler, **kw: Any) -> str:
    return f"((CAST(strftime('%w', {element._arg(compiler, **kw)}) AS INTEGER) + 6) % 7)"


@compiles(weekday, "postgresql")
def _weekday_postgres(element: _Calendar, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(CAST(EXTRACT(isodow FROM {element._arg(compiler, **kw)}) AS INTEGER) - 1)"


@compiles(hour, "sqlite")
def _hour_sqlite(element: _Calendar, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(strftime('%H', {element._arg(compiler, **kw)}) AS INTEGER)"


@compiles(hour, "postgresql")
def _hour_postgres(element: _Calendar, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(EXTRACT(hour FROM {element._arg(compiler, **kw)}) AS INTEGER)"


@compiles(epoch_day, "sqlite")
def _epoch_day_sqlite(element: _Calendar, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(julianday(date({element._arg(compiler, **kw)})) - 2440587.5 AS INTEGER)"


@compiles(epoch_day, "postgresql")
def _epoch_day_postgres(element: _Calendar, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(CAST({element._arg(compiler, **kw)} AS DATE) - DATE '1970-01-01')"


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element: _Calendar, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = element._arg(compiler, 0, **kw), element._arg(compiler, 1, **kw)
    return f"round((julianday({end}) - julianday({start})) * 86400)"


@compiles(seconds_between, "postgresql")
def _seconds_postgres(element: _Calendar, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = element._arg(compiler, 0, **kw), element._arg(compiler, 1, **kw)
    return f"CAST(EXTRACT(epoch FROM {end} - {start}) AS FLOAT)"


def period_start(moment: SQLColumnExpression[datetime], grain: str) -> ColumnElement[date]:
    """First day of the day / week (Monday) / month containing ``moment``."""
    if grain not in GRAINS:
        raise ValueError(f"unknown grain {grain!r}")
    element = {"day": day_start, "week": week_start, "month": month_start}[grain]
    return element(moment)


def serialise_writers(session: Session, key: str) -> None:
    """Order concurrent writers that share ``key`` until the transaction ends.

    SQLite writers already hold the database lock (BEGIN IMMEDIATE); PostgreSQL takes a
    transaction-scoped advisory lock on a hash of the key.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": zlib.crc32(key.encode())})


def add_into(
    conn: Connection | Session, table: Table, keys: Sequence[str], counts: Sequence[str], rows: Select[Any]
) -> None:
    """INSERT the grouped ``rows`` (``keys`` then ``counts`` columns) into ``table``, adding the counts
    to a row whose keys are there already: an increment concurrent writers cannot lose."""
    dialect = conn.get_bind().dialect.name if isinstance(conn, Session) else conn.dialect.name
    make = sqlite_insert if dialect == "sqlite" else postgresql_insert
    stmt = make(table).from_select([*keys, *counts], rows)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=list(keys), set_={name: table.c[name] + stmt.excluded[name] for name in counts}
        )
    )
