"""Export files as other systems write them, built by the tests: one set of records in every
encoding and shape the complaint import reads, and the mapping that reads them."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

from openpyxl import Workbook

HEADER = ("工单号", "受理时间", "来源渠道", "投诉类型", "城市", "客户编号", "投诉内容", "产品")
# (id, received, channel, type, city, customer code, text, product): the 4th is left out by ``where``.
RECORDS: list[tuple[str, ...]] = [
    ("000123", "2026/3/18 14:05", "热线", "利率争议", "上海", "", "利息算得太高，要求解释", "信用贷"),
    ("000124", "2026-03-19 09:30", "APP", "", "北京", "", "催收员威胁要上门，\n还说要打给家人", "信用贷"),
    ("000125", "20/03/2026", "监管转办", "夜间催收", "杭州", "", "晚上十一点还在打电话", "信用贷"),
    ("000126", "2026-03-21 10:00", "热线", "流程繁琐", "上海", "", "不属于本次导入", "车贷"),
]
MAPPING: dict = {
    "name": "热线工单系统",
    "columns": {
        "external_id": "工单号",
        "received_at": "受理时间",
        "channel": "来源渠道",
        "category": "投诉类型",
        "city": "城市",
        "customer_code": "客户编号",
        "description": "投诉内容",
    },
    "values": {
        "channel": {"热线": "phone", "APP": "app", "监管转办": "regulator"},
        "category": {"利率争议": "interest_dispute", "夜间催收": "night_calls", "流程繁琐": "cumbersome_process"},
    },
    "defaults": {"channel": "offline", "city": "北京", "category": "suggest", "level": "suggest"},
    "where": {"产品": ["信用贷"]},
}
IMPORTED = 3  # records the mapping keeps


def csv_text(records: list[tuple[str, ...]] = RECORDS, junk: tuple[str, ...] = ()) -> str:
    buf = io.StringIO()
    for line in junk:
        buf.write(line + "\r\n")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(records)
    return buf.getvalue()


def csv_bytes(encoding: str = "utf-8", bom: bool = False, junk: tuple[str, ...] = ()) -> bytes:
    data = csv_text(junk=junk).encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def excel_resave_csv() -> bytes:
    """The same records as Excel re-saves them in China: GBK, CRLF, ids without leading zeros,
    dates as Excel shows them."""
    resaved = [
        (r[0].lstrip("0"), datetime.strptime(d, "%Y-%m-%d %H:%M").strftime("%Y/%-m/%-d %H:%M"), *r[2:])
        for r, d in zip(RECORDS, ("2026-03-18 14:05", "2026-03-19 09:30", "2026-03-20 00:00", "2026-03-21 10:00"))
    ]
    return csv_text(resaved).encode("gbk")


def xlsx_bytes() -> bytes:
    """A workbook with a title row, ids as text, a real date cell and an Excel serial number."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["投诉明细导出"])
    ws.append(list(HEADER))
    for i, record in enumerate(RECORDS):
        row: list[object] = list(record)
        if i == 0:
            row[1] = datetime(2026, 3, 18, 14, 5)
        elif i == 2:
            row[1] = 46101  # 2026-03-20
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def json_bytes() -> bytes:
    return json.dumps([dict(zip(HEADER, r)) for r in RECORDS], ensure_ascii=False).encode()


def mapping_bytes() -> bytes:
    return json.dumps(MAPPING, ensure_ascii=False).encode()


# --- holiday schedules (settings page upload) ---------------------------------------------------
# 2027: 元旦 1–3 January; 春节 6–14 February with Saturday 20 February worked (调休).
SCHEDULE_2027_ROWS = (
    ("2027-01-01", "休", "元旦"),
    ("2027-01-02", "休", "元旦"),
    ("2027-01-03", "休", "元旦"),
    *((f"2027-02-{d:02d}", "否", "春节") for d in range(6, 15)),
    ("2027-02-20", "是", "春节"),
)


def schedule_csv(encoding: str = "utf-8", header: tuple[str, str, str] = ("日期", "是否上班", "名称")) -> bytes:
    """The 2027 schedule as a CSV with Chinese headers (CRLF, as Excel writes it)."""
    buf = io.StringIO()
    csv.writer(buf).writerows([header, *SCHEDULE_2027_ROWS])
    return buf.getvalue().encode(encoding)


def schedule_xlsx(rows: tuple[tuple[object, ...], ...]) -> bytes:
    """A workbook with English headers and the given rows (dates may be real date cells)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["date", "is_workday", "name"])
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def ics(*events: tuple[str, str, str]) -> bytes:
    """An iCalendar file of all-day events (DTSTART, exclusive DTEND as YYYYMMDD, SUMMARY)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//holidays//CN"]
    for i, (start, end, summary) in enumerate(events):
        lines += [
            "BEGIN:VEVENT",
            f"UID:holiday-{i}@test",
            "DTSTAMP:20261101T000000Z",
            f"DTSTART;VALUE=DATE:{start}",
            f"DTEND;VALUE=DATE:{end}",
            f"SUMMARY:{summary}",
            "END:VEVENT",
        ]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def schedule_ics() -> bytes:
    """The 2027 schedule as a calendar app exports it: one event per holiday, one per 调休 day."""
    return ics(
        ("20270101", "20270104", "元旦 休"),
        ("20270206", "20270215", "春节（休）"),
        ("20270220", "20270221", "春节 补班"),
    )
