"""Plain helpers shared by the test packages: where the test servers are, the fixture stores' clock,
a PostgreSQL schema of one's own, seeding a store, and the ``dt`` shorthand of the hand-made stores.

Fixtures live in the conftest files and use these; test modules import from here, never from a
conftest or from another test module.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy import create_engine, text

from db import engine as db_engine
from domain.conduct import DAILY_CALLS, NIGHT, QUICK_REPEAT, THIRD_PARTY, WEEKLY, Contact
from domain.warnings import WarningInput

PG_URL = os.environ.get("TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
AS_OF = datetime(2026, 11, 23, 10, 0, 0)  # the fixture stores' "now"
ROOT = Path(__file__).resolve().parent.parent
# A valid early-warning report (customer 王小明, hostile, 95 days overdue); tests vary it with dataclasses.replace.
WARNING_FORM = WarningInput(
    customer_name="王小明",
    contact="13812345678",
    debt_amount=52000.0,
    overdue_days=95,
    source="customer_service",
    complaint_history=2,
    attitude="hostile",
    description="客户称催收员夜间多次来电，扬言向监管投诉。",
    suggestion="暂停外呼，由组长回访并核查通话录音。",
)


def dt(month_day: str, hm: str = "00:00", s: int = 0) -> datetime:
    """A moment of 2026, the year of every hand-made store: ``dt("11-17", "09:00")``, ``dt("11-22", "23:59", 59)``."""
    return datetime.fromisoformat(f"2026-{month_day}T{hm}:{s:02d}")


def pg_available() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        eng = create_engine(PG_URL)
        with eng.connect() as conn:
            conn.execute(text("SELECT 1"))
        eng.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"PostgreSQL not reachable at {PG_URL}: {exc.__class__.__name__}"


def unavailable(reason: str) -> NoReturn:
    """A test's prerequisite is missing: skip it locally, fail it in CI (CI=true), where every
    test must run for real."""
    if IN_CI:
        pytest.fail(f"CI requires it: {reason}")
    pytest.skip(reason)


def require_pg() -> None:
    """Skip the test when PostgreSQL is not reachable; in CI (CI=true) fail it instead."""
    reason = pg_available()
    if reason is not None:
        unavailable(f"PostgreSQL: {reason}")


@contextmanager
def pg_schema() -> Iterator[str]:
    """A fresh PostgreSQL schema of its own for the block: yields its URL, drops the schema afterwards."""
    require_pg()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def app_store(url: str) -> Iterator[str]:
    """DASHBOARD_DB_URL set to ``url`` for the block (code that reads it, e.g. the seeder), restored after."""
    previous = os.environ.get(db_engine.ENV_VAR)
    os.environ[db_engine.ENV_VAR] = url
    try:
        yield url
    finally:
        if previous is None:
            os.environ.pop(db_engine.ENV_VAR, None)
        else:
            os.environ[db_engine.ENV_VAR] = previous


def seed_store(url: str, complaints: int = 1500, seed: int = 7) -> dict[str, int]:
    """Seed the store at ``url`` as of ``AS_OF``."""
    from seed_data.__main__ import seed as run_seed
    from seed_data.generator import SeedOptions

    with app_store(url):
        return run_seed(SeedOptions(complaints=complaints, seed=seed, as_of=AS_OF))


_SEEDED_TEMPLATES: dict[tuple[int, int], Path] = {}


def seeded_copy(url: str, complaints: int = 1500, seed: int = 7) -> str:
    """The store at ``url`` as ``seed_store`` leaves it. An SQLite store is a copy of a template
    seeded once per process and arguments (milliseconds instead of a second or two a test); a
    PostgreSQL schema is seeded. For tests that read or write a seeded store, not tests of the seed."""
    if not url.startswith("sqlite:///"):
        seed_store(url, complaints=complaints, seed=seed)
        return url
    template = _SEEDED_TEMPLATES.get((complaints, seed))
    if template is None:
        template = Path(tempfile.mkdtemp(prefix="seeded-")) / "store.sqlite3"
        seed_store(f"sqlite:///{template}", complaints=complaints, seed=seed)
        db_engine._engine_for(f"sqlite:///{template}").dispose()  # closed: no WAL or journal beside it
        atexit.register(shutil.rmtree, template.parent, True)
        _SEEDED_TEMPLATES[(complaints, seed)] = template
    shutil.copyfile(template, url.removeprefix("sqlite:///"))
    return url


def in_threads(n: int, work: Callable[[int], object]) -> list[object]:
    """Run ``work(i)`` for i in range(n) at once (released together by a barrier); each result is the
    return value or the exception raised."""
    barrier = threading.Barrier(n)
    results: list[object] = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - collected for the assertions
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return results


def conduct_log() -> list[Contact]:
    """A contact log whose conduct breaches are known (``CONDUCT_BREACHES``): debtors 1–9, agent 1, Beijing time."""
    rows: list[Contact] = []

    def add(customer: int, at: datetime, channel: str = "call", party: str = "debtor", connected: bool = True) -> int:
        rows.append(Contact(len(rows) + 1, customer, 1, at, channel, party, connected))
        return len(rows)

    add(1, dt("11-16", "21:59", 59))  # 1: the last second of the day
    add(2, dt("11-16", "22:00"))  # 2: the first second of the night
    add(3, dt("11-17", "07:59", 59), "sms")  # 3: the last second of the night
    add(4, dt("11-17", "08:00"))  # 4: the first second of the day
    for hm in ("23:00", "23:20", "23:40"):  # 5–7: three connected calls late on the 17th (night)
        add(5, dt("11-17", hm))
    add(5, dt("11-18", "00:10"))  # 8: the 4th call in 70 minutes, but the 1st of the 18th
    for hm in ("09:00", "10:00", "11:00"):  # 9–11: the 1st to 3rd connected calls of the 18th
        add(6, dt("11-18", hm))
    add(6, dt("11-18", "11:30"), connected=False)  # 12: not connected: does not count
    add(6, dt("11-18", "11:45"), "sms")  # 13: a message: does not count
    add(6, dt("11-18", "12:00"))  # 14: the 4th connected call
    add(7, dt("11-18", "10:00"), party="emergency_contact")  # 15
    add(7, dt("11-18", "14:00"), "visit", party="third_party")  # 16
    for k in range(11):  # 17–27: 11 messages 12 hours apart; the 11th is within 7 days of the 1st
        add(8, dt("11-10", "09:00") + timedelta(hours=12 * k), "sms")
    add(8, dt("11-17", "21:00"), "sms")  # 28: exactly 7 × 24 h after the 10th before it: fine
    add(8, dt("11-17", "21:30"), "sms")  # 29: 10 before it within 7 days
    add(9, dt("11-19", "10:00"))  # 30
    add(9, dt("11-19", "10:09", 59), "sms")  # 31: 9 min 59 s after the call
    add(9, dt("11-19", "10:20"), "sms")  # 32: 10 min 1 s after the message
    return rows


CONDUCT_BREACHES = [
    (2, NIGHT),
    (3, NIGHT),
    (5, NIGHT),
    (6, NIGHT),
    (7, NIGHT),
    (8, NIGHT),
    (14, DAILY_CALLS),
    (15, THIRD_PARTY),
    (16, THIRD_PARTY),
    (27, WEEKLY),
    (29, WEEKLY),
    (31, QUICK_REPEAT),
]
