"""Alembic environment: the URL and engine come from ``db.engine`` (``DASHBOARD_DB_URL``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from db.engine import engine
from db.models import Base
from db.text_index import SEARCH_OBJECTS

config = context.config


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:  # called from db.migrate with a live connection
        _configure_and_run(connection)
        return
    with engine().connect() as conn:
        _configure_and_run(conn)
        conn.commit()


def outside_search_index(name: str | None, type_: str, parent_names: object) -> bool:
    """Autogenerate leaves the full-text index alone: it is made by ``db.text_index``, not the models."""
    return name not in SEARCH_OBJECTS


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=outside_search_index,
        # One transaction for the whole run on SQLite too (db.engine issues BEGIN, so SQLite DDL is
        # transactional): a step that fails or refuses (migrations/guard.py) leaves no step before it.
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
