"""Alembic migrations on SQLite and PostgreSQL: head, schema equals the models, reference data,
idempotent ``ensure_schema`` and upgrades that keep existing rows."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, func, insert, inspect, select, text

from db import migrate
from db.engine import engine
from db.models import Base, City, Holiday, SlaPolicy, WarningWeight
from db.text_index import SEARCH_OBJECTS


@pytest.fixture
def store(store_url: str, use_store) -> str:
    """An empty store on each backend, selected as the app's store."""
    return use_store(store_url)


def _count(model) -> int:
    with engine().connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def test_upgrade_from_empty_reaches_head(store: str) -> None:
    assert migrate.head_revision() is not None
    assert migrate.current_revision() is None
    migrate.upgrade()
    assert migrate.current_revision() == migrate.head_revision()


def test_every_model_table_exists_with_model_columns(store: str) -> None:
    migrate.upgrade()
    insp = inspect(engine())
    tables = set(insp.get_table_names()) - SEARCH_OBJECTS  # the full-text index is no model
    assert set(Base.metadata.tables) <= tables, f"missing tables: {set(Base.metadata.tables) - tables}"
    assert tables - set(Base.metadata.tables) == {"alembic_version"}
    for name, table in Base.metadata.tables.items():
        db_cols = {c["name"]: c for c in insp.get_columns(name)}
        assert set(db_cols) == {c.name for c in table.columns}, name
        for col in table.columns:
            assert db_cols[col.name]["nullable"] == col.nullable, f"{name}.{col.name} nullability"
        pk = insp.get_pk_constraint(name)["constrained_columns"]
        assert pk == [c.name for c in table.primary_key.columns], name
        db_fks = {(tuple(fk["constrained_columns"]), fk["referred_table"]) for fk in insp.get_foreign_keys(name)}
        model_fks = {
            (tuple(c.parent.name for c in fk.elements), fk.elements[0].column.table.name)
            for fk in table.foreign_key_constraints
        }
        assert db_fks == model_fks, name


def test_autogenerate_finds_no_difference_between_migrations_and_models(store: str) -> None:
    migrate.upgrade()
    with engine().connect() as conn:
        opts = {
            "compare_type": True,
            "target_metadata": Base.metadata,
            "include_name": lambda name, type_, parents: name not in SEARCH_OBJECTS,
        }
        ctx = MigrationContext.configure(conn, opts=opts)
        diff = compare_metadata(ctx, Base.metadata)
        # The comparison is not vacuous: against empty metadata every table would be "removed".
        removed = {d[1].name for d in compare_metadata(ctx, MetaData()) if d[0] == "remove_table"}
    assert diff == []
    assert removed == set(Base.metadata.tables)


def test_reference_data_present(store: str) -> None:
    migrate.upgrade()
    assert _count(SlaPolicy) == 9
    with engine().connect() as conn:
        stages = set(conn.execute(select(SlaPolicy.stage)).scalars())
        weights = dict(conn.execute(select(WarningWeight.factor, WarningWeight.weight)).all())
        national_day_makeup = conn.execute(
            select(Holiday.is_workday).where(Holiday.day == date(2026, 10, 10))
        ).scalar_one_or_none()
        national_day = conn.execute(
            select(Holiday.is_workday, Holiday.name).where(Holiday.day == date(2026, 10, 1))
        ).one_or_none()
    assert stages == {"ack", "verify", "resolve", "notify", "archive"}
    assert weights, "warning_weights is empty"
    assert sum(weights.values()) == pytest.approx(1.0)
    assert national_day_makeup is True  # Saturday 2026-10-10 is a 调休 working day
    assert national_day is not None and national_day[0] is False and national_day[1] == "国庆节"


def test_ensure_schema_is_idempotent(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(migrate, "_checked", set())
    migrate.ensure_schema()
    assert migrate.current_revision() == migrate.head_revision()
    before = (_count(SlaPolicy), _count(WarningWeight), _count(Holiday))
    migrate.ensure_schema()  # same process: a no-op
    monkeypatch.setattr(migrate, "_checked", set())  # as a new process would see it
    migrate.ensure_schema()
    migrate.upgrade()  # head → head does nothing either
    assert migrate.current_revision() == migrate.head_revision()
    assert (_count(SlaPolicy), _count(WarningWeight), _count(Holiday)) == before


def test_existing_store_upgrades_without_losing_data(store: str) -> None:
    migrate.upgrade("0001")
    assert migrate.current_revision() == "0001"
    with engine().begin() as conn:
        conn.execute(
            insert(City).values(id=7, name="上海", name_en="Shanghai", province="上海市", province_en="Shanghai")
        )
    migrate.upgrade()
    assert migrate.current_revision() == migrate.head_revision()
    with engine().connect() as conn:
        rows = conn.execute(text("SELECT id, name, name_en, province, province_en FROM cities")).all()
    assert [tuple(r) for r in rows] == [(7, "上海", "Shanghai", "上海市", "Shanghai")]
    assert _count(SlaPolicy) == 9


def test_0004_read_path_indexes(store: str) -> None:
    """Duplicates get a partial index (so "IS NULL" filters use the date index) and every stage due
    time gets an index; the upgrade from 0003 keeps the rows."""
    migrate.upgrade("0003")
    with engine().begin() as conn:
        conn.execute(insert(City).values(id=7, name="丁市", name_en="City D", province="丁省", province_en="D"))
    migrate.upgrade("0004")
    names = {ix["name"] for ix in inspect(engine()).get_indexes("complaints")}
    assert "ix_complaints_duplicate_of_id" not in names
    assert {
        "ix_complaints_duplicates",
        *(f"ix_complaints_{s}_due_at" for s in ("ack", "verify", "resolve", "notify", "archive")),
    } <= names
    with engine().connect() as conn:
        assert conn.execute(select(func.count()).select_from(City)).scalar_one() == 1


def test_0005_managers_keep_their_city_as_their_scope(store: str) -> None:
    """A manager with ``users.city_id`` before 0005 is limited to that city after it (in user_cities);
    other roles get no scope city; the downgrade refuses while user_cities holds rows."""
    from migrations.guard import DataLossRefused

    migrate.upgrade("0004")
    with engine().begin() as conn:
        conn.execute(insert(City).values(id=7, name="丁市", name_en="City D", province="丁省", province_en="D"))
        for uid, role in ((1, "manager"), (2, "dept_head"), (3, "manager")):
            conn.execute(
                text(
                    "INSERT INTO users (id, username, display_name, role, city_id, active) VALUES (:i, :u, :d, :r, :c, :a)"
                ),
                {"i": uid, "u": f"u{uid}", "d": "某人", "r": role, "c": 7 if uid < 3 else None, "a": True},
            )
    migrate.upgrade("0005")
    with engine().connect() as conn:
        assert [tuple(r) for r in conn.execute(text("SELECT user_id, city_id FROM user_cities")).all()] == [(1, 7)]
    with pytest.raises(DataLossRefused):
        migrate.downgrade("0004")
    assert migrate.current_revision() == "0005"


def test_0009_surveys_keep_their_rows_and_case_surveys_guard_the_downgrade(store: str) -> None:
    """Surveys stored before 0009 survive it (no comment, no source); after it a survey may name no
    agent, and the downgrade refuses while case surveys would be lost, unless allowed."""
    from datetime import datetime

    from db.engine import session_scope
    from db.models import Agent, Team
    from migrations.guard import DataLossRefused
    from tests.db.builders import customer

    migrate.upgrade("0007")
    with session_scope() as s:
        s.add(City(id=1, name="甲市", name_en="City A", province="甲省", province_en="A"))
        s.flush()
        s.add(Team(id=1, name="甲市一组", name_en="A1", city_id=1))
        s.flush()
        s.add_all([Agent(id=1, code="A0001", name="坐席一", team_id=1, hired_on=date(2024, 1, 2)), customer(1)])
    survey = "INSERT INTO satisfaction_surveys (agent_id, customer_id, at, score) VALUES (1, 1, :at, 4)"
    with engine().begin() as conn:
        conn.execute(text(survey), {"at": datetime(2026, 11, 1, 9)})
    migrate.upgrade()
    with engine().begin() as conn:
        assert conn.execute(text("SELECT agent_id, score, comment, source FROM satisfaction_surveys")).all() == [
            (1, 4, None, None)
        ]
        conn.execute(
            text(
                "INSERT INTO satisfaction_surveys (agent_id, customer_id, at, score, source) "
                "VALUES (NULL, 1, :at, 5, 'return_call')"
            ),
            {"at": datetime(2026, 11, 2, 9)},
        )
    with pytest.raises(DataLossRefused) as refused:
        migrate.downgrade("0007")
    assert refused.value.rows == {"satisfaction_surveys": 1}
    migrate.downgrade("0007", allow_data_loss=True)
    with engine().connect() as conn:
        assert conn.execute(text("SELECT agent_id, score FROM satisfaction_surveys")).all() == [(1, 4)]
