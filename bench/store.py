"""Seeding the benchmark's store in a child process, so the seeding's memory is not the peak
memory the benchmark reports.

The child runs a module of its own: a spawned process cannot import a package's ``__main__``.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime

from db import engine as db_engine
from seed_data.__main__ import seed
from seed_data.generator import SeedOptions


def _seed(url: str, complaints: int, as_of: datetime) -> float:
    """Seed the store at ``url`` (run in a child process); the seconds the seeding took."""
    os.environ[db_engine.ENV_VAR] = url
    started = time.perf_counter()
    seed(SeedOptions(complaints=complaints, as_of=as_of))
    return time.perf_counter() - started


def seed_apart(url: str, complaints: int, as_of: datetime) -> float:
    """Seed the store at ``url`` with ``complaints`` complaints as of ``as_of`` in a fresh child
    process; the seconds the seeding itself took."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(_seed, url, complaints, as_of).result()
