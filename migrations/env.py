"""Alembic environment: the URL and engine come from ``db.engine`` (``DASHBOARD_DB_URL``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from db.engine import engine
from db.models import Base

config = context.config


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:  # called from db.migrate with a live connection
        _configure_and_run(connection)
        return
    with engine().connect() as conn:
        _configure_and_run(conn)
        conn.commit()


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # One transaction for the whole run on SQLite too (db.engine issues BEGIN, so SQLite DDL is
        # transactional): a step that fails or refuses (migrations/guard.py) leaves no step before it.
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
