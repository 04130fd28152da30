"""Bulk loading for large imports: COPY on PostgreSQL, executemany on SQLite; no ORM objects."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice

from sqlalchemy import Connection, Table, text

CHUNK = 20_000


def load(conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table``; returns the row count."""
    if conn.dialect.name == "postgresql":
        return _copy(conn, table, columns, rows)
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    cur = conn.connection.cursor()
    total = 0
    it = iter(rows)
    while chunk := list(islice(it, CHUNK)):
        cur.executemany(sql, chunk)
        total += len(chunk)
    cur.close()
    return total


def _copy(conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    cur = conn.connection.cursor()
    total = 0
    with cur.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            total += 1
    cur.close()
    return total


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
