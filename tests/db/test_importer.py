"""The import command (``python -m db.importer``) on SQLite and PostgreSQL: the summary line, a dry
run, a re-import, the rejects file (no formula), and a bad file's two-line refusal."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db import importer
from db.engine import session_scope
from db.models import AuditLog, City, Complaint
from tests import import_files as files


@pytest.fixture
def store(make_store) -> str:
    return make_store(
        [
            City(id=1, name="上海", name_en="Shanghai", province="上海市", province_en="Shanghai"),
            City(id=2, name="北京", name_en="Beijing", province="北京市", province_en="Beijing"),
            City(id=3, name="杭州", name_en="Hangzhou", province="浙江省", province_en="Zhejiang"),
        ]
    )


def _complaints() -> int:
    with session_scope() as s:
        return int(s.scalar(select(func.count()).select_from(Complaint)) or 0)


def test_the_command_imports_once_and_ends_with_the_summary_line(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.csv"
    bad_row = '=HYPERLINK("http://x"),明天,热线,利率争议,上海,,描述,信用贷\r\n'
    export.write_bytes((files.csv_text() + bad_row).encode("gbk"))
    mapping = tmp_path / "mapping.json"
    mapping.write_bytes(files.mapping_bytes())
    rejects = tmp_path / "rejects.csv"

    assert importer.main([str(export), "--mapping", str(mapping), "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "imported=3 duplicates=0 rejected=1"
    assert _complaints() == 0

    assert importer.main([str(export), "--mapping", str(mapping), "--rejects", str(rejects)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "imported=3 duplicates=0 rejected=1"
    assert _complaints() == 3
    with session_scope() as s:
        assert s.scalar(select(AuditLog.user_id).where(AuditLog.action == "complaint.import")) is None
    rows = list(csv.reader(io.StringIO(rejects.read_bytes().decode("utf-8-sig"))))
    assert rows[0] == ["行号", "外部编号", "结果", "工单编号", "原因"]
    assert rows[1][0] == "5" and rows[1][1].startswith("'=HYPERLINK")  # text, never a formula
    assert "无法识别受理时间" in rows[1][4]

    assert importer.main([str(export), "--mapping", str(mapping)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "imported=0 duplicates=3 rejected=1"
    assert _complaints() == 3


def test_a_bad_file_exits_1_with_a_two_line_reason_and_stores_nothing(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.csv"
    export.write_bytes(",".join(files.HEADER).encode() + b"\r\n")
    mapping = tmp_path / "mapping.json"
    mapping.write_bytes(files.mapping_bytes())
    assert importer.main([str(export), "--mapping", str(mapping)]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.splitlines() == ["文件只有表头，没有数据行。", "The file has a header but no data rows."]
    mapping.write_text("{not json")
    assert importer.main([str(export), "--mapping", str(mapping)]) == 1
    assert capsys.readouterr().err.splitlines()[1] == "The mapping file is not valid JSON."
    assert _complaints() == 0
