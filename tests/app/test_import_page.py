"""投诉导入 through the real app (zh and en): upload, preview, a mapping uploaded as JSON, the
value mapping with unmapped values counted, dry run, import, links to the cases, saved mappings,
and a bad file's message with nothing stored."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from components.import_view import VALUE_CHOICES_MAX, value_key
from db.engine import session_scope
from db.models import Complaint
from db.queries import imports as import_queries
from tests import import_files as files

PAGE = "pages/import.py"


def _imported() -> int:
    with session_scope() as s:
        return int(s.scalar(select(func.count()).select_from(Complaint).where(Complaint.source.is_not(None))) or 0)


def _upload(at, data: bytes, name: str, key: str = "import_file"):
    return at.file_uploader(key=key).upload(name, data).run()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_upload_map_dry_run_and_import(writable_app, lang: str) -> None:
    at = writable_app(role="prevention", lang=lang, page=PAGE)
    assert not at.exception, at.exception
    assert at.title[0].value == ("投诉导入" if lang == "zh" else "Import complaints")
    at = _upload(at, files.csv_bytes("gbk", junk=("投诉明细导出",)), "export.csv")
    assert not at.exception, at.exception
    assert ("跳过 1 行" if lang == "zh" else "1 lines skipped") in at.caption[1].value
    assert list(at.dataframe[0].value.columns) == list(files.HEADER)  # the preview

    # Without a mapping the page asks for one, in the user's language.
    assert at.info[-1].value.startswith("请选择已保存的映射" if lang == "zh" else "Pick a saved mapping")
    assert not at.error

    at = _upload(at, files.mapping_bytes(), "mapping.json", key="import_mapping_file")
    assert not at.exception, at.exception
    assert at.selectbox(key="import_col_received_at").value == "受理时间"
    assert at.text_input(key="import_name").value == "热线工单系统"
    assert at.selectbox(key=value_key("channel", "热线")).value == "phone"
    assert at.selectbox(key=value_key("city", "上海")).value == ""  # a store city: nothing to map
    assert not at.error, [e.value for e in at.error]

    at.button(key="import_dry_run").click().run()
    assert not at.exception, at.exception
    summary = at.info[-1].value
    assert ("可导入 3 条" if lang == "zh" else "3 to import") in summary
    report = _frame(at, "行号" if lang == "zh" else "Row")
    assert len(report) == len(files.RECORDS)
    assert _imported() == 0

    at.button(key="import_run").click().run()
    assert not at.exception, at.exception
    assert ("已导入 3 条" if lang == "zh" else "Imported 3") in at.success[-1].value
    links = _frame(at, "工单编号" if lang == "zh" else "Reference").iloc[:, 0].tolist()
    assert len(links) == 3 and all(link.startswith("cases?ref=TS202603") for link in links)
    assert _imported() == 3

    at.button(key="import_run").click().run()  # the same file again: nothing new
    assert ("已导入 0 条，跳过重复 3 条" if lang == "zh" else "Imported 0, skipped 3 duplicates") in at.success[
        -1
    ].value
    assert _imported() == 3


def _frame(at, first_column: str):
    """The first table on the page whose first column is ``first_column``."""
    return next(f.value for f in at.dataframe if list(f.value.columns)[:1] == [first_column])


def test_a_saved_mapping_is_picked_by_name_and_downloads_as_json(writable_app) -> None:
    at = writable_app(role="admin", lang="zh", page=PAGE)
    at = _upload(at, files.csv_bytes(), "export.csv")
    at = _upload(at, files.mapping_bytes(), "mapping.json", key="import_mapping_file")
    at.text_input(key="import_name").set_value("热线每周").run()
    at.button(key="import_save").click().run()
    assert not at.exception, at.exception
    assert import_queries.mapping_names() == ["热线每周"]
    button = at.get("download_button")
    assert any("JSON" in b.proto.label for b in button)

    fresh = writable_app(role="prevention", lang="en", page=PAGE)
    fresh = _upload(fresh, files.csv_bytes(), "export.csv")
    fresh.selectbox(key="import_saved").select("热线每周").run()
    assert not fresh.exception, fresh.exception
    assert fresh.selectbox(key="import_col_description").value == "投诉内容"
    assert json.loads(files.mapping_bytes())["columns"]["description"] == "投诉内容"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bad_file_says_why_and_stores_nothing(writable_app, lang: str) -> None:
    at = writable_app(role="prevention", lang=lang, page=PAGE)
    at = _upload(at, ",".join(files.HEADER).encode() + b"\r\n", "export.csv")
    assert not at.exception, at.exception
    assert at.error[0].value == (
        "- 文件只有表头，没有数据行。" if lang == "zh" else "- The file has a header but no data rows."
    )
    assert _imported() == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cases_already_handled_are_mapped_with_their_status_and_closing_time(writable_app, lang: str) -> None:
    data = (
        ",".join([*files.HEADER, "状态", "办结时间"]) + "\r\n"
        "900001,2026/3/18 14:05,热线,利率争议,上海,,利息算得太高,信用贷,已办结,2026/3/25 17:00\r\n"
        "900002,2026/3/18 15:05,热线,利率争议,上海,,还在处理,信用贷,处理中,\r\n"
    ).encode()
    at = writable_app(role="prevention", lang=lang, page=PAGE)
    at = _upload(at, data, "export.csv")
    at = _upload(at, files.mapping_bytes(), "mapping.json", key="import_mapping_file")
    later = next(e for e in at.expander if e.label.startswith("客户姓名" if lang == "zh" else "Customer name"))
    assert later.caption[0].value.startswith("若来源系统" if lang == "zh" else "When the source system")
    at.selectbox(key="import_col_status").select("状态").run()
    at.selectbox(key="import_col_archive_at").select("办结时间").run()
    assert not at.exception, at.exception
    # Both status values are offered for mapping, and listed as unmapped until they are.
    options = at.selectbox(key=value_key("status", "已办结")).options
    assert ("已归档" if lang == "zh" else "Archived") in options
    at.selectbox(key=value_key("status", "已办结")).select("archive").run()
    at.button(key="import_dry_run").click().run()
    assert ("可导入 1 条" if lang == "zh" else "1 to import") in at.info[-1].value
    report = _frame(at, "行号" if lang == "zh" else "Row")
    assert report.iloc[1, -1] == ("状态“处理中”未映射。" if lang == "zh" else "Status “处理中” is not mapped.")

    at.selectbox(key=value_key("status", "处理中")).select("received").run()
    at.button(key="import_run").click().run()
    assert not at.exception, at.exception
    with session_scope() as s:
        stored = s.execute(
            select(Complaint.external_id, Complaint.status, Complaint.archive_at).where(Complaint.source.is_not(None))
        ).all()
    assert sorted((e, status, str(a)) for e, status, a in stored) == [
        ("900001", "archive", "2026-03-25 17:00:00"),
        ("900002", "received", "None"),
    ]


@pytest.mark.parametrize(
    ("lang", "warning", "no_filter"),
    [
        ("zh", "此文件中没有映射指定的列：地区。", "（不筛选）"),
        ("en", "This file lacks columns the mapping names: 地区.", "(no filter)"),
    ],
)
def test_a_mapping_naming_a_column_the_file_lacks_is_loaded_with_a_warning(
    writable_app, lang: str, warning: str, no_filter: str
) -> None:
    """The rest of the mapping loads; the field of the missing column is left for the user to pick,
    and the page says which column the file lacks (a dry run would only have said "city is required")."""
    body = json.loads(files.mapping_bytes())
    body["columns"]["city"] = "地区"
    body.pop("where", None)
    at = writable_app(role="prevention", lang=lang, page=PAGE)
    at = _upload(at, files.csv_bytes("utf-8"), "export.csv")
    at = _upload(at, json.dumps(body, ensure_ascii=False).encode(), "mapping.json", key="import_mapping_file")
    assert not at.exception, at.exception
    assert any(w.value.startswith(warning) for w in at.warning), [w.value for w in at.warning]
    assert at.selectbox(key="import_col_city").value == ""
    assert at.selectbox(key="import_col_received_at").value == "受理时间"
    assert at.selectbox(key="import_where_col").format_func("") == no_filter
    at.button(key="import_run").click().run()  # rows without a city are rejected; no bar is left behind
    assert not at.exception, at.exception
    assert not at.get("progress")


@pytest.mark.parametrize(
    ("lang", "more"), [("zh", "另有 5 个较少出现的值未列出"), ("en", "5 rarer values are not listed")]
)
def test_values_beyond_the_pickers_are_counted(writable_app, lang: str, more: str) -> None:
    """A column with more distinct values than the page offers pickers for says how many it left out."""
    lines = ["工单号,受理时间,城市,投诉内容"] + [
        f"{n},2026-03-18 09:00,城市{n:02d},利息算得太高" for n in range(VALUE_CHOICES_MAX + 5)
    ]
    at = writable_app(role="prevention", lang=lang, page=PAGE)
    at = _upload(at, "\r\n".join(lines).encode(), "cities.csv")
    at.selectbox(key="import_col_received_at").select("受理时间")
    at.selectbox(key="import_col_city").select("城市").run()
    assert not at.exception, at.exception
    assert sum(1 for box in at.selectbox if (box.key or "").startswith("import_val_city_")) == VALUE_CHOICES_MAX
    assert any(c.value.startswith(more) for c in at.caption), [c.value for c in at.caption]


def test_a_loaded_mappings_pairs_without_a_picker_survive_a_save(writable_app) -> None:
    """A value this week's file lacks (传真) keeps its pair: the saved mapping still maps it next week."""
    body = json.loads(files.mapping_bytes())
    body["values"]["channel"]["传真"] = "offline"
    at = writable_app(role="admin", lang="zh", page=PAGE)
    at = _upload(at, files.csv_bytes(), "export.csv")
    at = _upload(at, json.dumps(body, ensure_ascii=False).encode(), "mapping.json", key="import_mapping_file")
    at.text_input(key="import_name").set_value("热线每周").run()
    at.button(key="import_save").click().run()
    assert not at.exception, at.exception
    saved = import_queries.mapping("热线每周")
    assert saved is not None
    assert saved.values["channel"]["传真"] == "offline"
    assert saved.values["channel"]["热线"] == "phone"  # a pair with a picker: as the picker says
