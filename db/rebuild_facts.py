"""``python -m db.rebuild_facts``: recount the SLA deadlines, their day rollups and the loyalty
counts of the store of ``DASHBOARD_DB_URL`` from its rows (``make rebuild-facts``), in one
transaction; prints how many rows they hold."""

from __future__ import annotations

from db import facts
from db.engine import session_scope


def main() -> None:
    with session_scope() as s:
        print(f"complaint_stages={facts.rebuild(s)} loyalty_months={facts.rebuild_loyalty(s)}")


if __name__ == "__main__":
    main()
