"""Schema migrations: run at app start (once per process) and by ``python -m db.migrate``."""

from __future__ import annotations

import sys
import threading

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from db.engine import PROJECT_ROOT, database_url, engine

_checked: set[str] = set()
_lock = threading.Lock()


def alembic_config() -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision() -> str | None:
    with engine().connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(target: str = "head") -> None:
    """Bring the store up to ``target``; existing rows are kept (migrations only add or alter)."""
    cfg = alembic_config()
    with engine().begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


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


if __name__ == "__main__":
    upgrade(sys.argv[1] if len(sys.argv) > 1 else "head")
    print(f"store at revision {current_revision()}")
