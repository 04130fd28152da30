"""``python -m db.text_rebuild``: recompute every complaint's text facts (category, urgency, keywords,
search tokens and index) of the store of ``DASHBOARD_DB_URL`` with the current ``domain.text``
rules (``make text-rebuild``), in one transaction; prints how many complaints and the time."""

from __future__ import annotations

import time

from db import text_index
from db.engine import engine
from db.queries import cache


def main() -> None:
    started = time.perf_counter()
    with engine().begin() as conn:
        total = text_index.rebuild(conn)
    cache.forget_every_read()
    print(f"complaint_text={total} in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
