"""Time a large complaint import end to end (read, map, dedupe, bulk write), never asserted.

    python -m bench.imports [--rows 100000] [--url URL]

Without ``--url`` a temporary SQLite store is seeded (2,000 complaints). Builds a CSV export of
``--rows`` records (GBK, CRLF, dates as Excel writes them; a third already closed by the source
system, with its status and stage times; a third naming a stored customer by phone and name),
imports it, then imports it again
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
        "customer_phone": "电话",
        "customer_name": "姓名",
        "status": "状态",
        "ack_at": "受理完成",
        "archive_at": "办结时间",
    },
    "values": {
        "channel": {"热线": "phone", "APP": "app", "微信": "wechat", "监管转办": "regulator"},
        "status": {"已办结": "archive", "处理中": "received"},
    },
    "defaults": {"channel": "email", "category": "interest_dispute", "level": "suggest"},
}


def export(rows: int, cities: list[str], customers: list[tuple[str, str, str]]) -> bytes:
    """The export: ``customers`` are (phone, name, city) of stored customers."""
    rng = random.Random(7)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(
        ("工单号", "受理时间", "来源渠道", "城市", "投诉内容", "电话", "姓名", "状态", "受理完成", "办结时间")
    )
    for i in range(rows):
        moment = AS_OF - timedelta(minutes=rng.randrange(365 * 24 * 60))
        city, phone, name = rng.choice(cities), "", ""
        if i % 3 == 1:
            phone, name, city = rng.choice(customers)
        status, acked, closed = "处理中", "", ""
        if i % 3 == 0 and moment < AS_OF - timedelta(days=10):
            status = "已办结"
            acked = f"{moment + timedelta(hours=rng.randrange(1, 20)):%Y/%m/%d %H:%M}"
            closed = f"{moment + timedelta(days=rng.randrange(1, 10)):%Y/%m/%d %H:%M}"
        text = f"{rng.choice(TEXTS)}，{rng.choice(TEXTS)}（第 {rng.randrange(1, 9)} 次投诉）"
        received = f"{moment:%Y/%m/%d %H:%M}"
        writer.writerow((f"{i:08d}", received, rng.choice(CHANNELS), city, text, phone, name, status, acked, closed))
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
    data = export(args.rows, list(reference.cities()["name"]), _customers())
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


def _customers() -> list[tuple[str, str, str]]:
    """(phone, name, city) of customers whose phone and name name them alone."""
    from sqlalchemy import func, select

    from db.engine import session_scope
    from db.models import City, Customer

    unique = select(Customer.phone).group_by(Customer.phone).having(func.count() == 1).scalar_subquery()
    with session_scope() as s:
        rows = s.execute(
            select(Customer.phone, Customer.name, City.name)
            .join(City, City.id == Customer.city_id)
            .where(Customer.phone.in_(unique))
            .order_by(Customer.id)
            .limit(5_000)
        ).all()
    return [(phone, name, city) for phone, name, city in rows]


if __name__ == "__main__":
    main()
