"""Time the overview reads against the alternatives on one seeded store, in one run.

    python -m bench [--complaints 200000] [--url URL] [--repeat 5]

Without ``--url`` a temporary SQLite store is seeded. Prints, for each read, the median time of
our SQL aggregate, of loading the rows into pandas and aggregating there, and of a bare
``COUNT(*)`` over the same rows, plus the ratios between them, and the cached read.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy import func, select

AS_OF = datetime(2026, 11, 23, 10, 0)


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--complaints", type=int, default=200_000)
    parser.add_argument("--url", default=None, help="an already seeded store (default: seed a temporary SQLite one)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    url = args.url or f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}"
    os.environ["DASHBOARD_DB_URL"] = url

    from db.engine import engine
    from db.models import Complaint
    from db.queries import overview as q
    from db.queries.conditions import complaint_conditions
    from domain.filters import Filters, week_start
    from seed_data.__main__ import seed
    from seed_data.generator import SeedOptions

    if args.url is None:
        started = time.perf_counter()
        counts = seed(SeedOptions(complaints=args.complaints, as_of=AS_OF))
        print(f"seeded {counts['complaints']:,} complaints in {time.perf_counter() - started:.1f}s ({url})")
    end = AS_OF.date()
    twelve_weeks = Filters(start=week_start(end) - timedelta(weeks=11), end=end)
    week = replace(twelve_weeks, start=week_start(end))
    now = pd.Timestamp(AS_OF)

    def pandas_volume(f: Filters) -> dict[str, int]:
        """The alternative: load the complaints of the range into pandas and count there."""
        with engine().connect() as conn:
            frame = pd.read_sql(select(Complaint).where(*complaint_conditions(f)), conn)
        return {"complaints": len(frame), "l1": int((frame["level"] == "L1").sum())}

    def bare_count(f: Filters) -> int:
        with engine().connect() as conn:
            return conn.execute(select(func.count()).where(*complaint_conditions(f))).scalar_one()

    def pandas_sla(f: Filters) -> int:
        """SLA by stage in pandas: load every complaint that may have a deadline in range."""
        with engine().connect() as conn:
            frame = pd.read_sql(
                select(Complaint).where(*complaint_conditions(replace(f, start=f.start - timedelta(days=90)))), conn
            )
        lo, hi = pd.Timestamp(f.start), pd.Timestamp(f.end + timedelta(days=1))
        met = 0
        for stage in ("ack", "verify", "resolve", "notify", "archive"):
            due, done = frame[f"{stage}_due_at"], frame[f"{stage}_at"]
            decided = (due >= lo) & (due < hi) & (done.notna() | (due < now))
            met += int((decided & done.notna() & (done <= due)).sum())
        return met

    rows = []
    for label, f in (("this week", week), ("12 weeks", twelve_weeks)):
        # The cached wrappers are bypassed with __wrapped__ so each call really hits the store.
        ours_volume = median_seconds(partial(q.volume.__wrapped__, f), args.repeat)
        rows.append(
            (
                f"volume, {label}",
                ours_volume,
                median_seconds(partial(pandas_volume, f), args.repeat),
                median_seconds(partial(bare_count, f), args.repeat),
            )
        )
        ours_sla = median_seconds(partial(q.sla_by_stage.__wrapped__, f, now), args.repeat)
        rows.append(
            (
                f"SLA by stage, {label}",
                ours_sla,
                median_seconds(partial(pandas_sla, f), max(1, args.repeat // 2)),
                median_seconds(partial(bare_count, f), args.repeat),
            )
        )
    trend = median_seconds(lambda: q.weekly_trend.__wrapped__(twelve_weeks, now, 12), args.repeat)
    st.cache_data.clear()
    q.volume(week)
    cached = median_seconds(lambda: q.volume(week), args.repeat * 20)

    print(
        f"\n{'read':<24}{'ours (ms)':>12}{'pandas (ms)':>14}{'COUNT(*) (ms)':>15}{'pandas/ours':>13}{'ours/COUNT':>12}"
    )
    for name, ours, pandas_time, bare in rows:
        print(
            f"{name:<24}{ours * 1e3:>12.1f}{pandas_time * 1e3:>14.1f}{bare * 1e3:>15.1f}"
            f"{pandas_time / ours:>13.1f}{ours / bare:>12.1f}"
        )
    print(f"\n12-week trend (3 grouped queries): {trend * 1e3:.1f} ms")
    print(f"cached volume read: {cached * 1e6:.0f} µs ({rows[0][1] / cached:,.0f}x faster than the query)")
    tmp.cleanup()


if __name__ == "__main__":
    main()
