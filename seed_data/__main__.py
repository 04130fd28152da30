"""``python -m seed_data --complaints N [--seed S] [--reset] [--as-of ISO]`` fills the store of DASHBOARD_DB_URL."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime

from sqlalchemy import Connection, text

from db import bulk, facts, text_index
from db.clock import now
from db.engine import database_url, engine
from db.migrate import upgrade
from db.store_faults import told
from seed_data.generator import Generator, SeedOptions, StoreNotEmpty, reset_store, store_has_data


def _load(conn: Connection, opts: SeedOptions) -> dict[str, int]:
    """Generate the demo data and count every fact kept beside it, in the caller's transaction."""
    with bulk.load_cache(conn):
        counts = Generator(conn, opts).run()
        facts.rebuild(conn)
        facts.rebuild_loyalty(conn)
        text_index.rebuild(conn)
    return counts


def seed(opts: SeedOptions, reset: bool = False) -> dict[str, int]:
    """Migrate, refuse a non-empty store unless ``reset``, then load everything in one transaction.

    ``reset`` drops, migrates and loads in that one transaction too, so a reseed that fails or is
    killed half-way leaves the old store as it was (the app keeps reading it meanwhile on SQLite;
    on PostgreSQL readers of the dropped tables wait for the reseed to commit or roll back).
    """
    if reset:
        with engine().execution_options(sqlite_immediate=True).begin() as conn:
            reset_store(conn)
            upgrade(conn=conn)
            counts = _load(conn, opts)
    else:
        upgrade()
        with engine().begin() as conn:
            if store_has_data(conn):
                raise StoreNotEmpty("the store already holds data; pass --reset to replace it")
            counts = _load(conn, opts)
    with engine().begin() as conn:
        conn.execute(text("ANALYZE"))  # planner statistics for the freshly loaded tables
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seed_data", description=__doc__)
    parser.add_argument("--complaints", type=int, default=20_000, help="number of complaints (default 20000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--as-of",
        type=datetime.fromisoformat,
        default=None,
        help="the demo's 'now' (Beijing time, ISO format); default: the current time",
    )
    parser.add_argument("--reset", action="store_true", help="drop everything in the store first")
    parser.add_argument("--if-empty", action="store_true", help="do nothing (exit 0) when the store has data")
    args = parser.parse_args(argv)
    if args.complaints < 1:
        parser.error("--complaints must be at least 1")
    opts = SeedOptions(complaints=args.complaints, seed=args.seed, as_of=args.as_of or now())
    started = time.perf_counter()
    try:
        counts = seed(opts, reset=args.reset)
    except StoreNotEmpty as exc:
        if args.if_empty:
            print("store already seeded; nothing to do")
            return 0
        print(f"refusing to seed {database_url()}: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a store fault is told in two lines (Chinese, English); anything else re-raised
        if not told(exc):
            raise
        return 1
    print(
        f"seeded {database_url()} in {time.perf_counter() - started:.1f}s: "
        + ", ".join(f"{k}={v}" for k, v in counts.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
