"""Unit tests for domain.tabular (reading messy exports) and domain.imports (dates, the mapping,
one row as a complaint candidate or named rejections)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from domain.errors import InputError
from domain.imports import ImportMapping, apply, external_key, parse_datetime, unmapped_values
from domain.tabular import read_table
from tests import import_files as files

LATEST = datetime(2026, 11, 23, 10, 0)


def error_key(exc: pytest.ExceptionInfo[InputError]) -> str:
    return exc.value.problems[0][0]


@pytest.mark.parametrize(
    ("data", "name", "encoding"),
    [
        (files.csv_bytes("utf-8"), "a.csv", "utf-8"),
        (files.csv_bytes("utf-8", bom=True), "a.csv", "utf-8"),
        (files.csv_bytes("gbk"), "a.csv", "gb18030"),
        (files.csv_bytes("gb18030", junk=("投诉明细导出", "导出时间：2026-03-22 08:00")), "a.csv", "gb18030"),
        (files.json_bytes(), "a.json", "utf-8"),
        (files.xlsx_bytes(), "a.xlsx", None),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030-junk-lines", "json", "xlsx-title-row"],
)
def test_every_shape_reads_to_the_same_text_cells(data: bytes, name: str, encoding: str | None) -> None:
    table = read_table(data, name)
    assert table.header == files.HEADER
    assert table.encoding == encoding
    assert len(table.rows) == len(files.RECORDS)
    first = table.records()[0]
    assert first["工单号"] == "000123"  # leading zeros kept
    assert table.records()[1]["投诉内容"] == "催收员威胁要上门，\n还说要打给家人"  # quoted field over two lines


def test_junk_lines_before_the_header_are_detected_and_counted() -> None:
    table = read_table(files.csv_bytes(junk=("投诉明细导出", "导出人,张三")), "a.csv")
    assert table.skipped == 2 and table.header == files.HEADER


def test_workbook_dates_and_serials_parse_to_the_same_moment() -> None:
    cells = [r[1] for r in read_table(files.xlsx_bytes(), "a.xlsx").rows]
    assert [parse_datetime(c) for c in cells[:3]] == [
        datetime(2026, 3, 18, 14, 5),
        datetime(2026, 3, 19, 9, 30),
        datetime(2026, 3, 20),
    ]


@pytest.mark.parametrize(
    ("data", "name", "key"),
    [
        (b"", "a.csv", "import.err.empty"),
        (b"   \r\n", "a.csv", "import.err.empty"),
        (",".join(files.HEADER).encode() + b"\r\n", "a.csv", "import.err.header_only"),
        (b"just one line of prose\nand another\n", "a.csv", "import.err.not_a_table"),
        (b"\x81\x30\xff\xfe\x00garbage" * 10, "a.csv", "import.err.encoding"),
        (b"PK\x03\x04 not really a workbook", "a.xlsx", "import.err.not_a_table"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "photo.csv", "import.err.not_a_table"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "old-excel.csv", "import.err.not_a_table"),
        (b'{"a": 1}', "a.json", "import.err.not_a_table"),
        (b"[]", "a.json", "import.err.empty"),
        (b"a,b\n1,2\n3,4\n5,6,7\n", "a.csv", "import.err.row_too_wide"),
        (b"a,b\n1,2\n", "a.pdf", "import.err.file_type"),
    ],
    ids=[
        "empty",
        "blank",
        "header-only",
        "prose",
        "encoding",
        "bad-xlsx",
        "png",
        "legacy-xls",
        "json-object",
        "json-empty",
        "wide",
        "pdf",
    ],
)
def test_bad_files_say_why(data: bytes, name: str, key: str) -> None:
    with pytest.raises(InputError) as exc:
        read_table(data, name)
    assert error_key(exc) == key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026/3/18", datetime(2026, 3, 18)),
        ("2026-03-18 14:05", datetime(2026, 3, 18, 14, 5)),
        ("2026-03-18T14:05:09", datetime(2026, 3, 18, 14, 5, 9)),
        ("2026年3月18日", datetime(2026, 3, 18)),
        ("18/03/2026", datetime(2026, 3, 18)),
        ("03/18/2026", datetime(2026, 3, 18)),  # the second number cannot be a month
        ("46099", datetime(2026, 3, 18)),
        ("46099.5868", datetime(2026, 3, 18, 14, 5, 0)),
        ("2026-02-30", None),
        ("12345", None),
        ("next Tuesday", None),
        ("", None),
    ],
)
def test_dates_as_exports_write_them(text: str, expected: datetime | None) -> None:
    parsed = parse_datetime(text)
    if expected is not None and parsed is not None:
        assert abs((parsed - expected).total_seconds()) < 60
    else:
        assert parsed == expected


def test_external_ids_compare_as_excel_resaves_them() -> None:
    assert external_key(" 000123 ") == external_key("123") == "123"
    assert external_key("BM-00012") == "BM-00012"


def test_mapping_round_trips_and_names_every_problem() -> None:
    mapping = ImportMapping.from_json(files.MAPPING)
    assert ImportMapping.from_json(json.loads(json.dumps(mapping.to_json()))) == mapping
    assert mapping.source == "热线工单系统"
    with pytest.raises(InputError) as exc:
        ImportMapping.from_json(
            {"name": "", "columns": {"colour": "X"}, "defaults": {"channel": "fax", "level": "L9"}, "where": {"P": 1}}
        )
    assert [k for k, _ in exc.value.problems] == [
        "input.err.required",
        "import.err.unknown_field",
        "import.err.column_required",
        "import.err.default_value",
        "import.err.default_value",
        "import.err.mapping_part",
    ]
    with pytest.raises(InputError) as exc:
        ImportMapping.from_json(["not", "an", "object"])
    assert error_key(exc) == "import.err.mapping_shape"


def test_a_mapping_naming_a_missing_column_is_refused() -> None:
    mapping = ImportMapping.from_json({**files.MAPPING, "columns": {**files.MAPPING["columns"], "team": "小组"}})
    with pytest.raises(InputError) as exc:
        mapping.check_header(files.HEADER)
    assert exc.value.problems == [("import.err.missing_columns", {"names": "小组"})]


def test_rows_become_candidates_with_mapped_values_suggested_category_and_level() -> None:
    mapping = ImportMapping.from_json(files.MAPPING)
    records = read_table(files.csv_bytes(), "a.csv").records()
    outcomes = [apply(mapping, r, n, LATEST, {"city": {"上海", "北京", "杭州"}}) for n, r in enumerate(records, 1)]
    first, second, third, fourth = outcomes
    assert first.candidate is not None and first.candidate.channel == "phone"
    assert (first.candidate.category, first.candidate.level, first.candidate.external_id) == (
        "interest_dispute",
        "L2",
        "123",
    )
    # No type given: the text's threat (and call to the family) suggests the category and makes it L1.
    assert second.candidate is not None
    assert (second.candidate.category, second.candidate.level) == ("violent_collection", "L1")
    assert third.candidate is not None and third.candidate.received_at == datetime(2026, 3, 20)
    assert not fourth.kept and fourth.candidate is None


def test_unknown_city_takes_the_default_and_source_values_left_unmapped_are_counted() -> None:
    mapping = ImportMapping.from_json(files.MAPPING)
    record = dict(zip(files.HEADER, files.RECORDS[0], strict=True)) | {"城市": "CA", "来源渠道": "传真"}
    outcome = apply(mapping, record, 1, LATEST, {"city": {"北京"}})
    assert outcome.candidate is not None
    assert (outcome.candidate.city, outcome.candidate.channel) == ("北京", "offline")
    records = [record, record, dict(zip(files.HEADER, files.RECORDS[1], strict=True))]
    assert unmapped_values(mapping, records, "channel") == {"传真": 2}


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"受理时间": "明天"}, "import.reject.received_at"),
        ({"受理时间": "2027-01-01"}, "import.reject.received_window"),
        ({"客户编号": "12345"}, "import.reject.customer_code_format"),
        ({"投诉内容": "x" * 2001}, "input.err.too_long"),
        ({"投诉内容": "a\x00b"}, "input.err.nul"),
    ],
)
def test_rows_that_cannot_be_complaints_are_rejected_with_named_reasons(change: dict, key: str) -> None:
    mapping = ImportMapping.from_json(files.MAPPING)
    record = dict(zip(files.HEADER, files.RECORDS[0], strict=True)) | change
    outcome = apply(mapping, record, 7, LATEST)
    assert outcome.candidate is None and outcome.row == 7
    assert [k for k, _ in outcome.problems] == [key]


def test_a_category_that_cannot_be_suggested_is_a_rejection() -> None:
    mapping = ImportMapping.from_json(files.MAPPING)
    record = dict(zip(files.HEADER, files.RECORDS[0], strict=True)) | {"投诉类型": "", "投诉内容": "详见附件"}
    assert [k for k, _ in apply(mapping, record, 1, LATEST).problems] == ["import.reject.category_suggest"]


def test_the_text_suggests_a_non_urgent_category_too() -> None:
    mapping = ImportMapping.from_json(files.MAPPING)
    record = dict(zip(files.HEADER, files.RECORDS[0], strict=True)) | {
        "投诉类型": "",
        "投诉内容": "催收员态度恶劣，说话难听",
    }
    outcome = apply(mapping, record, 1, LATEST)
    assert outcome.candidate is not None
    assert (outcome.candidate.category, outcome.candidate.level) == ("improper_language", "L2")


def test_descriptions_keep_their_line_breaks() -> None:
    record = dict(zip(files.HEADER, files.RECORDS[1], strict=True))
    outcome = apply(ImportMapping.from_json(files.MAPPING), record, 1, LATEST)
    assert outcome.candidate is not None and outcome.candidate.description == "催收员威胁要上门，\n还说要打给家人"


def test_control_characters_in_ids_and_mappings_are_refused_by_the_input_policy() -> None:
    mapping = ImportMapping.from_json(files.MAPPING)
    record = dict(zip(files.HEADER, files.RECORDS[0], strict=True)) | {"工单号": "12\x003"}
    assert [k for k, _ in apply(mapping, record, 1, LATEST).problems] == ["input.err.nul"]
    record["工单号"] = "X" * 65
    assert apply(mapping, record, 1, LATEST).problems == (
        ("import.reject.external_id", {"field": "import.col.external_id", "max": 64, "count": 65}),
    )
    with pytest.raises(InputError) as exc:
        ImportMapping.from_json({**files.MAPPING, "values": {"channel": {"热\x00线": "phone"}}})
    assert [k for k, _ in exc.value.problems] == ["input.err.nul"]


# --- how far the source system took a case: stage times and status ---------------------------

PROGRESS = ImportMapping.from_json(
    {
        "name": "工单系统",
        "columns": {
            "received_at": "受理",
            "description": "内容",
            "status": "状态",
            **{f"{stage}_at": stage for stage in ("ack", "verify", "resolve", "notify", "archive")},
        },
        "values": {"status": {"处理中": "verify", "已办结": "archive", "已受理": "ack"}},
        "defaults": {"channel": "phone", "city": "上海", "category": "interest_dispute", "description": "（无）"},
    }
)


def _progress_row(**cells: str) -> dict[str, str]:
    return {"受理": "2026-03-18 09:00", "内容": "利息太高", **cells}


def test_a_closing_time_alone_closes_every_earlier_stage_then() -> None:
    c = apply(PROGRESS, _progress_row(archive="2026-03-25 17:00"), 1, LATEST).candidate
    assert c is not None and c.status == "archive"
    assert c.done == (datetime(2026, 3, 25, 17, 0),) * 5


def test_undated_stages_take_the_next_dated_one_and_later_ones_stay_open() -> None:
    c = apply(PROGRESS, _progress_row(ack="2026/3/18 10:00", resolve="2026-03-20 12:00"), 1, LATEST).candidate
    assert c is not None and c.status == "resolve"
    assert c.done == (datetime(2026, 3, 18, 10), datetime(2026, 3, 20, 12), datetime(2026, 3, 20, 12), None, None)


def test_no_stage_times_and_no_status_is_a_new_case() -> None:
    c = apply(PROGRESS, _progress_row(), 1, LATEST).candidate
    assert c is not None and c.status == "received" and c.done == (None,) * 5


def test_a_status_that_agrees_with_the_times_is_accepted() -> None:
    row = _progress_row(状态="已办结", ack="2026-03-18 10:00", archive="2026-03-25 17:00")
    c = apply(PROGRESS, row, 1, LATEST).candidate
    assert c is not None and c.status == "archive"
    c = apply(PROGRESS, _progress_row(状态="已受理", ack="2026-03-18 10:00"), 1, LATEST).candidate
    assert c is not None and c.status == "ack"


@pytest.mark.parametrize(
    ("cells", "keys"),
    [
        ({"ack": "昨天"}, ["import.reject.stage_time"]),
        ({"ack": "2026-03-17 10:00"}, ["import.reject.stage_window"]),  # before it was received
        ({"archive": "2026-12-01 10:00"}, ["import.reject.stage_window"]),  # after the import
        ({"ack": "2026-03-19 10:00", "verify": "2026-03-18 12:00"}, ["import.reject.stage_order"]),
        ({"状态": "挂起"}, ["import.reject.status"]),
        ({"状态": "已办结"}, ["import.reject.status_undated"]),  # closed, but when?
        ({"状态": "已办结", "verify": "2026-03-19 10:00"}, ["import.reject.status_undated"]),
        ({"状态": "已受理", "resolve": "2026-03-19 10:00"}, ["import.reject.status_behind"]),
    ],
    ids=["unreadable", "before-receipt", "after-now", "out-of-order", "unmapped", "undated", "undated-end", "behind"],
)
def test_stage_times_and_status_that_cannot_be_placed_are_named(cells: dict[str, str], keys: list[str]) -> None:
    outcome = apply(PROGRESS, _progress_row(**cells), 7, LATEST)
    assert outcome.candidate is None
    assert [k for k, _ in outcome.problems] == keys


def test_the_stage_of_a_problem_is_named_by_its_field_label() -> None:
    outcome = apply(PROGRESS, _progress_row(ack="2026-03-19 10:00", verify="2026-03-18 12:00"), 1, LATEST)
    assert outcome.problems == (
        ("import.reject.stage_order", {"stage": "import.f.verify_at", "earlier": "import.f.ack_at"}),
    )


def test_a_customer_name_is_checked_by_the_input_policy_and_not_allowed_for_anonymous_cases() -> None:
    mapping = ImportMapping.from_json(
        {**PROGRESS.to_json(), "columns": {**PROGRESS.columns, "customer_name": "客户", "channel": "渠道"}}
    )
    c = apply(mapping, _progress_row(客户=" 张 三 ", 渠道="phone"), 1, LATEST).candidate
    assert c is not None and c.customer_name == "张 三"
    too_long = apply(mapping, _progress_row(客户="张" * 41, 渠道="phone"), 1, LATEST)
    assert [k for k, _ in too_long.problems] == ["input.err.too_long"]
    anonymous = apply(mapping, _progress_row(客户="张三", 渠道="anonymous"), 1, LATEST)
    assert [k for k, _ in anonymous.problems] == ["import.reject.anonymous_customer"]


def test_status_values_left_unmapped_are_listed_for_the_user() -> None:
    records = [_progress_row(状态=s) for s in ("已办结", "挂起", "挂起", "archive")]
    assert unmapped_values(PROGRESS, records, "status") == {"挂起": 2}
