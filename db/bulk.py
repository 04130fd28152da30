"""Bulk loading for large imports: COPY on PostgreSQL, executemany on SQLite; no ORM objects.

Generators hand over whole columns (numpy arrays); ``load_columns`` turns them into plain Python
values one chunk at a time, so a million rows never exist as Python objects all at once.
``indexes_after_load`` drops the secondary indexes (and on PostgreSQL the foreign keys) of empty
tables for the load and builds each once at the end: one sort per index instead of a B-tree
insert per row, one join per foreign key instead of a trigger per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from itertools import islice
from typing import Any

import numpy as np
from sqlalchemy import Connection, Table, bindparam, text

CHUNK = 20_000
PG_INDEX_BUILD_MEMORY = "256MB"
SQLITE_LOAD_CACHE_KIB = 262_144  # the page cache of a bulk load: its sorts and index builds stay in memory
SECONDS_PER_DAY = 86_400
SQLITE_ANALYSIS_ROWS = 2_000  # rows per index an ANALYZE after a bulk write samples (SQLite's analysis_limit)

# A column for ``load_columns``: a numpy array (datetime64 for timestamps, masked entries for NULL), or
# a function giving the values of rows lo..hi-1 (text built only when its chunk is loaded).
Column = np.ndarray | Callable[[int, int], Sequence[Any]]


def load(conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table``; returns the row count."""
    it = iter(rows)
    return _insert(conn, table, columns, iter(lambda: list(islice(it, CHUNK)), []))


def load_columns(conn: Connection, table: Table, columns: Mapping[str, Column]) -> int:
    """Insert whole columns (by column name) into ``table``, converted to plain Python values one
    chunk at a time: datetime64 → ``stamp_texts``, masked entries → None, numpy numbers → int /
    float / bool; a callable gives its own values. Returns the row count."""
    sizes = {len(c) for c in columns.values() if isinstance(c, np.ndarray)}
    if len(sizes) != 1:
        raise ValueError(f"columns need one common length, got {sorted(sizes)}")
    size = sizes.pop()
    chunks = (
        zip(*(_plain(column, lo, min(lo + CHUNK, size)) for column in columns.values()), strict=True)
        for lo in range(0, size, CHUNK)
    )
    return _insert(conn, table, list(columns), chunks)


def _insert(conn: Connection, table: Table, columns: Sequence[str], chunks: Iterable[Iterable[Sequence]]) -> int:
    """COPY on PostgreSQL, one executemany per chunk on SQLite."""
    cur = conn.connection.cursor()
    total = 0
    if conn.dialect.name == "postgresql":
        with cur.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for chunk in chunks:
                for row in chunk:
                    copy.write_row(row)
        total = cur.rowcount
    else:
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        for chunk in chunks:
            cur.executemany(sql, chunk)  # type: ignore[arg-type]  # sqlite3 takes any iterable of rows
            total += cur.rowcount
    cur.close()
    return total


def labels(names: Sequence[Any], codes: np.ndarray) -> Column:
    """A column of ``names[code]`` for integer ``codes``, looked up one chunk at a time."""
    return lambda lo, hi: [names[code] for code in codes[lo:hi].tolist()]


def _plain(column: Column, lo: int, hi: int) -> Sequence[Any]:
    if not isinstance(column, np.ndarray):
        return column(lo, hi)
    part = column[lo:hi]
    if part.dtype.kind == "M":
        return stamp_texts(part)
    if isinstance(part, np.ma.MaskedArray):
        values = part.data.tolist()
        for k in np.flatnonzero(np.ma.getmaskarray(part)).tolist():
            values[k] = None
        return values
    return part.tolist()


def stamp_texts(moments: np.ndarray) -> list[str | None]:
    """Timestamps (datetime64, whole seconds) as ``2026-11-16 00:00:00``, None for NaT: the text
    ``db.models.SqliteStamp`` stores and compares on SQLite, and a literal COPY parses on PostgreSQL."""
    seconds = moments.astype("datetime64[s]").astype(np.int64)
    missing = np.isnat(moments)
    if missing.all():
        return [None] * len(moments)
    seconds = np.where(missing, seconds[~missing][0], seconds)
    days = seconds // SECONDS_PER_DAY
    first = int(days.min())
    day_texts = [f"{day} " for day in np.arange(first, int(days.max()) + 1).astype("datetime64[D]")]
    clock = _clock_texts()
    texts: list[str | None] = [
        day_texts[d] + clock[s]
        for d, s in zip((days - first).tolist(), (seconds - days * SECONDS_PER_DAY).tolist(), strict=True)
    ]
    for k in np.flatnonzero(missing).tolist():
        texts[k] = None
    return texts


@cache
def _clock_texts() -> tuple[str, ...]:
    """``HH:MM:SS`` for every second of a day, by second of the day."""
    return tuple(f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60))


def refresh_statistics(conn: Connection, tables: Sequence[Table]) -> None:
    """Planner statistics for tables a bulk write has just grown. Statistics from before the write
    describe a fraction of the rows: SQLite then scans the table for a list of keys, and a
    PostgreSQL prepared statement's generic plan reads one source's whole index for each lookup."""
    names = [t.name for t in tables]
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"ANALYZE {', '.join(names)}")
        return
    before = conn.exec_driver_sql("PRAGMA analysis_limit").scalar_one()
    conn.exec_driver_sql(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_ROWS}")
    try:
        for name in names:
            conn.exec_driver_sql(f"ANALYZE {name}")
    finally:  # the pooled connection's next ANALYZE (a seed's) reads every row again
        conn.exec_driver_sql(f"PRAGMA analysis_limit = {int(before)}")


@contextmanager
def load_cache(conn: Connection) -> Iterator[None]:
    """SQLite: a 256 MB page cache on this connection for the block, then the one it had. With the
    default 2 MB, sorting millions of rows and building their indexes spills to temporary files."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_LOAD_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")


@contextmanager
def indexes_after_load(conn: Connection, tables: Sequence[Table]) -> Iterator[None]:
    """Drop the secondary indexes of ``tables`` (and their foreign keys on PostgreSQL) while the
    block loads them, then build them again from their stored definitions.

    Meant for tables that are empty when the block starts, in the caller's transaction: if the
    block raises nothing is rebuilt and the rollback restores the schema. Indexes that back a
    primary key or unique constraint stay (SQLite cannot drop them; they are few and append-only).
    """
    names = [t.name for t in tables]
    if conn.dialect.name == "postgresql":
        drops, builds = _postgresql_deferrable(conn, names)
    else:
        indexes = conn.execute(
            text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN :names"
            ).bindparams(bindparam("names", expanding=True)),
            {"names": names},
        ).tuples()
        drops, builds = [], []
        for name, sql in indexes:
            drops.append(f'DROP INDEX "{name}"')
            builds.append(sql)
    for statement in drops:
        conn.exec_driver_sql(statement)
    yield
    if conn.dialect.name == "postgresql":  # sorts for the index builds in memory, for this transaction only
        conn.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{PG_INDEX_BUILD_MEMORY}'")
    for statement in builds:
        conn.exec_driver_sql(statement)


def _postgresql_deferrable(conn: Connection, names: Sequence[str]) -> tuple[list[str], list[str]]:
    """DROP and re-CREATE statements for the foreign keys and plain indexes of ``names``."""
    drops: list[str] = []
    builds: list[str] = []
    foreign_keys = conn.execute(
        text(
            "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid::regclass::text = ANY(:names) ORDER BY conrelid, conname"
        ),
        {"names": list(names)},
    ).tuples()
    for table, name, definition in foreign_keys:
        drops.append(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        builds.append(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    indexes = conn.execute(
        text(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(:names) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
            "ORDER BY i.indrelid, i.indexrelid"
        ),
        {"names": list(names)},
    ).tuples()
    for name, definition in indexes:
        drops.append(f"DROP INDEX {name}")
        builds.append(definition)
    return drops, builds


def reset_sequences(conn: Connection, tables: Iterable[Table]) -> None:
    """After loading explicit ids on PostgreSQL, move each id sequence past the highest id."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )
