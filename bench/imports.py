"""Time a large complaint import end to end (read, map, dedupe, bulk write), never asserted.

    python -m bench.imports [--rows 100000] [--url URL]

Without ``--url`` a temporary SQLite store is seeded (2,000 complaints). Builds a CSV export of
``--rows`` records (GBK, CRLF, dates as Excel writes them), imports it, then imports it again
(every row a duplicate), printing the summary line, the wall-clock seconds and the CPU seconds of
this process (on a shared machine the wall clock includes waiting for other people's work; the
database's own CPU time on PostgreSQL is not in the CPU figure).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

AS_OF = datetime(2026, 11, 23, 10, 0)
TEXTS = ("利息算得太高", "还款渠道不清楚", "晚上十点还在打电话", "催收员威胁我", "APP 无法登录", "话术很不礼貌")
CHANNELS = ("热线", "APP", "微信", "监管转办", "邮件")
MAPPING = {
    "name": "bench",
    "columns": {
        "external_id": "工单号",
        "received_at": "受理时间",
        "channel": "来源渠道",
        "city": "城市",
        "description": "投诉内容",
    },
    "values": {"channel": {"热线": "phone", "APP": "app", "微信": "wechat", "监管转办": "regulator"}},
    "defaults": {"channel": "email", "category": "interest_dispute", "level": "suggest"},
}


def export(rows: int, cities: list[str]) -> bytes:
    rng = random.Random(7)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(("工单号", "受理时间", "来源渠道", "城市", "投诉内容"))
    for i in range(rows):
        moment = AS_OF - timedelta(minutes=rng.randrange(365 * 24 * 60))
        writer.writerow(
            (f"{i:08d}", f"{moment:%Y/%m/%d %H:%M}", rng.choice(CHANNELS), rng.choice(cities), rng.choice(TEXTS))
        )
    return buf.getvalue().encode("gbk")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.imports")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    os.environ["DASHBOARD_DB_URL"] = args.url or f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}"
    os.environ["DASHBOARD_NOW"] = AS_OF.isoformat()

    from db.queries import reference
    from db.services import imports as svc
    from domain.imports import ImportMapping
    from domain.tabular import read_table
    from seed_data.__main__ import seed
    from seed_data.generator import SeedOptions

    if args.url is None:
        seed(SeedOptions(complaints=2_000, as_of=AS_OF))
    data = export(args.rows, list(reference.cities()["name"]))
    mapping = ImportMapping.from_json(MAPPING)
    for attempt in ("first", "again"):
        started, cpu = time.perf_counter(), time.process_time()
        table = read_table(data, "export.csv")
        read = time.perf_counter() - started
        result = svc.import_table(table, mapping, svc.SYSTEM)
        total, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"{attempt}: {result.summary_line()}  read {read:.1f}s, total {total:.1f}s wall, "
            f"{cpu:.1f}s CPU of this process ({len(data) / 1e6:.1f} MB)"
        )


if __name__ == "__main__":
    main()
