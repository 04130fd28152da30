"""Seeding the benchmark's store in a child process, so the seeding's memory is not the peak
memory the benchmark reports.

The child is ``python -m seed_data`` itself: a fresh interpreter that imports nothing of the
parent (a multiprocessing child would re-run the parent's ``__main__``, which under a test runner
that has run the app is ``app.py``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime

from db import engine as db_engine


def seed_apart(url: str, complaints: int, as_of: datetime) -> float:
    """Seed the store at ``url`` with ``complaints`` complaints as of ``as_of`` in a child process;
    the seconds it took, the child's start included (about a second)."""
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - this interpreter, fixed arguments, no shell
        [sys.executable, "-m", "seed_data", "--complaints", str(complaints), "--as-of", as_of.isoformat(sep=" ")],
        env={**os.environ, db_engine.ENV_VAR: url},
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started
