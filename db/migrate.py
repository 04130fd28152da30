"""Schema migrations: run at app start (once per process) and by ``python -m db.migrate``.

``python -m db.migrate [REVISION]`` upgrades the store of ``DASHBOARD_DB_URL``; when the store
cannot be used it prints what is wrong and how to fix it (Chinese line, English line) and exits 1.
"""

from __future__ import annotations

import sys
import threading

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from db.engine import PROJECT_ROOT, database_url, engine

_checked: set[str] = set()
_lock = threading.Lock()

EXIT_STORE_FAULT = 1


def alembic_config() -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision() -> str | None:
    with engine().connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(target: str = "head", conn: Connection | None = None) -> None:
    """Bring the store up to ``target``; existing rows are kept (migrations only add or alter).

    With ``conn`` the migrations run on that connection inside its open transaction (committed or
    rolled back by the caller); otherwise in a transaction of their own.
    """
    cfg = alembic_config()
    if conn is not None:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
        return
    with engine().begin() as own:
        cfg.attributes["connection"] = own
        command.upgrade(cfg, target)


def downgrade(target: str, allow_data_loss: bool = False) -> None:
    """Take the store down to ``target`` in one transaction. A step that would drop rows refuses
    (``migrations.guard.DataLossRefused``, nothing changed) unless ``allow_data_loss``."""
    cfg = alembic_config()
    cfg.attributes["allow_data_loss"] = allow_data_loss
    with engine().begin() as own:
        cfg.attributes["connection"] = own
        command.downgrade(cfg, target)


def ensure_schema() -> None:
    """Upgrade the configured store to head once per process and URL."""
    url = database_url()
    if url in _checked:
        return
    with _lock:
        if url in _checked:
            return
        if current_revision() != head_revision():
            upgrade()
        _checked.add(url)


def main(argv: list[str]) -> int:
    from db.store_faults import told

    try:
        upgrade(argv[0] if argv else "head")
        print(f"store at revision {current_revision()}")
    except Exception as exc:  # a store fault is told in two lines (Chinese, English); anything else re-raised
        if not told(exc):
            raise
        return EXIT_STORE_FAULT
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
