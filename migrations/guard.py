"""The data-loss guard of downgrades: a step that would delete rows refuses unless told explicitly.

A downgrade that drops tables or deletes rows calls ``refuse_data_loss(revision, tables)`` first.
When those tables hold rows and nobody allowed it, the run stops with ``DataLossRefused`` (an
Alembic ``CommandError``: the ``alembic`` command prints it without a traceback and exits 1), which
names every table and its row count; the migrations run in one transaction, so nothing changed.

Allowing it, any one of:

- the environment variable ``DASHBOARD_ALLOW_DATA_LOSS=1``;
- ``alembic -x allow_data_loss=true downgrade <revision>``;
- ``db.migrate.downgrade(<revision>, allow_data_loss=True)`` (the config attribute ``allow_data_loss``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from alembic.util import CommandError

ENV_VAR = "DASHBOARD_ALLOW_DATA_LOSS"
X_ARG = "allow_data_loss"
_YES = ("1", "true", "yes", "on")


class DataLossRefused(CommandError):
    """A downgrade step would delete rows and was not allowed to; ``rows`` maps table → row count."""

    def __init__(self, revision: str, rows: dict[str, int | None]) -> None:
        self.revision = revision
        self.rows = rows
        super().__init__(refusal(revision, rows))


def data_loss_allowed() -> bool:
    """Whether this run may delete rows (environment variable, ``-x`` argument or config attribute)."""
    if os.environ.get(ENV_VAR, "").strip().lower() in _YES:
        return True
    if context.get_x_argument(as_dictionary=True).get(X_ARG, "").strip().lower() in _YES:
        return True
    return bool(context.config.attributes.get(X_ARG, False))


def _rows_en(n: int | None) -> str:
    return "unknown number of rows" if n is None else f"{n:,} row" + ("" if n == 1 else "s")


def _what(rows: dict[str, int | None]) -> tuple[str, str]:
    zh = "、".join(f"{t}（{'行数未知' if n is None else f'{n:,} 行'}）" for t, n in rows.items())
    en = ", ".join(f"{t} ({_rows_en(n)})" for t, n in rows.items())
    return zh, en


def refusal(revision: str, rows: dict[str, int | None]) -> str:
    """The refusal: Chinese line, English line, each with the tables, their rows and the way to allow it."""
    zh, en = _what(rows)
    return (
        f"拒绝撤销迁移 {revision}：这会删除数据——{zh}。确需删除时，请先备份，再设置环境变量 "
        f"{ENV_VAR}=1 或使用 alembic -x {X_ARG}=true 重新运行。\n"
        f"Refusing to undo migration {revision}: it would delete data: {en}. If you mean it, back the store up, "
        f"then run again with {ENV_VAR}=1 in the environment or with alembic -x {X_ARG}=true."
    )


def rows_at_stake(tables: Sequence[str]) -> dict[str, int | None]:
    """Row count of each of ``tables`` that exists and holds rows (None for each when offline)."""
    if context.is_offline_mode():  # --sql: the script will run later, on rows we cannot count now
        return dict.fromkeys(tables)
    bind = op.get_bind()
    present = set(sa.inspect(bind).get_table_names())
    counts = {
        table: bind.execute(sa.select(sa.func.count()).select_from(sa.table(table))).scalar_one()
        for table in tables
        if table in present
    }
    return {table: n for table, n in counts.items() if n}


def refuse_data_loss(revision: str, tables: Sequence[str]) -> None:
    """Stop the downgrade of ``revision`` if it would delete rows of ``tables`` and that is not allowed."""
    rows = rows_at_stake(tables)
    if not rows:
        return
    if not data_loss_allowed():
        raise DataLossRefused(revision, rows)
    zh, en = _what(rows)
    print(
        f"撤销迁移 {revision}（已允许）将删除：{zh}\nUndoing migration {revision} (allowed) deletes: {en}",
        file=sys.stderr,
    )
