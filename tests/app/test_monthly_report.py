"""The monthly analysis report from the overview and the improvement list: the month picker, the
Excel workbook (a sheet a section, native charts) and the PDF (Chinese text with the Noto CJK fonts,
English on the toggle), both built only when clicked."""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
from openpyxl import load_workbook
from sqlalchemy import create_engine, text

from tests.app.helpers import Builders


def _files(at, deferred: Builders) -> dict[str, bytes]:
    """The report's files, built by calling the builders its download buttons registered."""
    shown = {b.proto.deferred_file_id for b in at.download_button}
    return {
        name.rsplit(".", 1)[1]: build()
        for file_id, (build, name) in deferred.items()
        if file_id in shown and name.startswith("monthly_report_")
    }


def _pdf_text(data: bytes) -> str:
    """The PDF's text as PDFium (Chrome's PDF engine) reads it: what a reader copies or searches."""
    doc = pdfium.PdfDocument(data)
    return re.sub(r"\s+", "", "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))))


def test_monthly_report_from_the_overview_in_chinese(app, deferred: Builders, seeded_sqlite: str) -> None:
    at = app(role="committee", page="pages/overview.py")
    assert not at.exception, at.exception
    assert at.selectbox(key="overview_report_month").value.isoformat() == "2026-10-01"  # the last whole month
    files = _files(at, deferred)
    assert set(files) == {"xlsx", "pdf"}
    book = load_workbook(io.BytesIO(files["xlsx"]))
    assert book.sheetnames[:4] == ["核心指标", "渠道", "类别", "城市"] and "改进事项" in book.sheetnames
    assert len(book["渠道"]._charts) == 1 and len(book["趋势"]._charts) == 1 and len(book["补偿"]._charts) == 1
    with create_engine(seeded_sqlite).connect() as conn:
        compensated = conn.execute(
            text(
                "SELECT coalesce(sum(o.amount), 0) FROM complaint_outcomes o "
                "JOIN complaint_resolutions r ON r.complaint_id = o.complaint_id "
                "JOIN complaints c ON c.id = o.complaint_id WHERE o.kind = 'compensation' AND c.duplicate_of_id IS NULL "
                "AND r.recorded_at >= '2026-10-01' AND r.recorded_at < '2026-11-01'"
            )
        ).scalar_one()
    outcomes = book["处理结果"]
    row = next(r for r in range(3, outcomes.max_row + 1) if outcomes.cell(r, 1).value == "经济补偿")
    assert outcomes.cell(row, 4).value == round(float(compensated), 2)
    with create_engine(seeded_sqlite).connect() as conn:
        october = conn.execute(
            text(
                "SELECT count(*) FROM complaints WHERE duplicate_of_id IS NULL "
                "AND received_at >= '2026-10-01' AND received_at < '2026-11-01'"
            )
        ).scalar_one()
        l1_refs = (
            conn.execute(
                text(
                    "SELECT ref_no FROM complaints WHERE duplicate_of_id IS NULL AND level = 'L1' "
                    "AND received_at >= '2026-10-01' AND received_at < '2026-11-01'"
                )
            )
            .scalars()
            .all()
        )
    kpis = book["核心指标"]
    assert (kpis.cell(3, 1).value, kpis.cell(3, 2).value) == ("投诉量", october)
    assert book["L1投诉"].max_row == 2 + len(l1_refs)
    words = _pdf_text(files["pdf"])
    assert "客户体验月度分析报告·2026年10月" in words
    for heading in (
        "各渠道投诉量",
        "各环节、各级别SLA超时率",
        "本月办结投诉的处理结果",
        "近6个月补偿金额",
        "投诉关键词",
        "本月全部L1投诉",
        "未完成的改进事项",
    ):
        assert heading in words
    with create_engine(seeded_sqlite).connect() as conn:
        top = (
            conn.execute(
                text(
                    "SELECT k.keyword FROM complaint_keywords k JOIN complaints c ON c.id = k.complaint_id "
                    "WHERE c.duplicate_of_id IS NULL AND c.received_at >= '2026-10-01' AND c.received_at < '2026-11-01' "
                    "GROUP BY k.keyword ORDER BY count(*) DESC, k.keyword LIMIT 3"
                )
            )
            .scalars()
            .all()
        )
    sheet = book["关键词"]
    assert [sheet.cell(r, 1).value for r in (3, 4, 5)] == top and all(word in words for word in top)
    assert all(ref in words for ref in l1_refs[:20])


def test_monthly_report_from_the_improvement_list_in_english(app, deferred: Builders) -> None:
    at = app(role="manager", lang="en", page="pages/improvements.py")
    assert not at.exception, at.exception
    files = _files(at, deferred)
    words = _pdf_text(files["pdf"])
    assert "Customer-experiencemonthlyreport·2026-10" in words
    for heading in ("Complaintsbychannel", "EveryL1complaintofthemonth", "Openimprovementitems"):
        assert heading in words
    book = load_workbook(io.BytesIO(files["xlsx"]))
    assert book.sheetnames[0] == "KPIs"
