"""Conduct monitoring from the command line (for a scheduler), as the ledger page's button runs it.

    python -m db.monitor [--since 2026-11-01[T08:00]]

Evaluates the contacts logged since the last run (and, with ``--since``, every contact from that
moment on, Beijing time) against the conduct rules, raises or updates the system-monitoring
warnings and ends with the line ``contacts=… breaches=… warnings_created=… warnings_updated=…``.
Running it again finds nothing new. A store that cannot be reached exits 1 with the reason in
Chinese and English (two lines).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import datetime

from streamlit import logger as streamlit_logs

from db.store_faults import told


def _moment(text: str) -> datetime:
    """A date (from its midnight) or a date and time, Beijing time."""
    try:
        return datetime.fromisoformat(text.strip()).replace(tzinfo=None)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date or date-time: {text!r} (e.g. 2026-11-01 or 2026-11-01T08:00)"
        ) from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m db.monitor", description=__doc__.splitlines()[0])
    parser.add_argument("--since", type=_moment, default=None, help="also re-evaluate every contact from this moment")
    args = parser.parse_args(argv)
    # The app's read caches, made and emptied outside a Streamlit server, each say they have no
    # runtime: quiet before the services (and their caches) are imported.
    streamlit_logs.set_log_level(logging.ERROR)
    from db.migrate import ensure_schema
    from db.services.monitor import run_monitor

    try:
        ensure_schema()
        result = run_monitor(None, since=args.since)
    except Exception as exc:  # a store fault is told in two lines (Chinese, English); anything else re-raised
        if not told(exc):
            raise
        return 1
    print(result.summary_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
