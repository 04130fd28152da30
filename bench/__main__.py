"""Time every aggregate page and its reads against the alternatives, on one store, in one run.

    python -m bench [--complaints 100000] [--url URL] [--repeat 3] [--as-of 2026-11-23T10:00] [--pages sla,...]

Without ``--url`` a temporary SQLite store of ``--complaints`` complaints is seeded as of
``--as-of`` (in a child process, so the seeding's memory is not this process's peak); with it the
store at URL (SQLite or PostgreSQL, seeded as of ``--as-of``) is reused. For each page: cold, warm
and filter-change times under AppTest (``bench.pages``), and its reads three ways: ours, the naive
pandas approach and DuckDB in memory (``bench.alternatives``), with whether their figures agree.
Prints a table per page and ends with one ``summary:`` line. ``--pages`` measures only some pages,
for work on one of them. Wall-clock times on a shared machine are indicative; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from streamlit import config as streamlit_config
from streamlit import logger as streamlit_logger

from bench.store import seed_apart

AS_OF = datetime(2026, 11, 23, 10, 0)  # the seeded store's "now", as the test stores'


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--complaints", type=int, default=100_000, help="complaints to seed (default 100000)")
    parser.add_argument("--url", default=None, help="reuse this seeded store (default: seed a temporary SQLite one)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is shown (default 3)")
    parser.add_argument(
        "--as-of",
        type=datetime.fromisoformat,
        default=AS_OF,
        help="the store's seeded 'now' (default 2026-11-23T10:00)",
    )
    parser.add_argument("--pages", default=None, help="only these pages, comma-separated (default: every one)")
    args = parser.parse_args(argv)
    if args.complaints < 1 or args.repeat < 1:
        parser.error("--complaints and --repeat must be at least 1")
    # Streamlit outside a server warns on every cached read and AppTest run; set before the reads import.
    streamlit_config.set_option("logger.level", "error")
    streamlit_logger.set_log_level("error")
    from bench.pages import PAGES
    from bench.report import run

    pages = PAGES if args.pages is None else tuple(args.pages.split(","))
    if not pages or not set(pages) <= set(PAGES):
        parser.error(f"--pages takes some of {','.join(PAGES)}")
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        seed_s = None if args.url else seed_apart(url, args.complaints, args.as_of)
        lines = run(url, pages, args.as_of, args.repeat, seed_s)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
