"""The committee's one-click weekly pack: an Excel workbook of the KPI tables with native charts
(Excel draws them from the tables, so they stay readable and editable, unlike pasted images)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from components import exports

HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
TITLE_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3
CHART_ROWS = 17


@dataclass(frozen=True)
class Chart:
    """A chart over some columns of the sheet's table; the first column gives the categories."""

    kind: str  # "line" | "bar"
    title: str
    columns: tuple[str, ...]
    percent: bool = False


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    frame: pd.DataFrame
    charts: tuple[Chart, ...] = field(default_factory=tuple)
    percent_columns: tuple[str, ...] = ()
    percent_rows: tuple[int, ...] = ()  # rows (0-based) whose numbers are shares, e.g. the KPI sheet's rates
    money_columns: tuple[str, ...] = ()  # amounts in yuan, with thousands separators and fen


def _write_table(ws: Worksheet, sheet: Sheet) -> None:
    """Title, header and rows; every cell through ``exports.put`` (text stays text, never a formula);
    shares and amounts as numbers formatted and rounded as the pages show them (one decimal of a
    percent, two of a yuan)."""
    exports.put(ws, TITLE_ROW, 1, sheet.title).font = Font(bold=True, size=13)
    for idx, col in enumerate(sheet.frame.columns, start=1):
        cell = exports.put(ws, HEADER_ROW, idx, str(col))
        cell.font, cell.fill, cell.alignment = Font(bold=True), HEADER_FILL, Alignment(horizontal="center")
        values = sheet.frame.iloc[:, idx - 1].tolist()
        for r, value in enumerate(values, start=FIRST_DATA_ROW):
            if col in sheet.percent_columns or r - FIRST_DATA_ROW in sheet.percent_rows:
                exports.number_cell(
                    exports.put(ws, r, idx, exports.rounded(value, exports.PERCENT_DIGITS)), exports.PERCENT_FORMAT
                )
            elif col in sheet.money_columns:
                exports.number_cell(
                    exports.put(ws, r, idx, exports.rounded(value, exports.MONEY_DIGITS)), exports.MONEY_FORMAT
                )
            else:
                exports.put(ws, r, idx, value)
        width = max([len(str(col))] + [len(str(v)) for v in values]) * 1.6 + 2
        ws.column_dimensions[get_column_letter(idx)].width = min(width, 60)


def _add_chart(ws: Worksheet, sheet: Sheet, chart: Chart, slot: int) -> None:
    cols = list(sheet.frame.columns)
    idx = [cols.index(c) + 1 for c in chart.columns]
    last_row = FIRST_DATA_ROW + len(sheet.frame) - 1
    drawn = LineChart() if chart.kind == "line" else BarChart()
    drawn.title, drawn.height, drawn.width = exports.clean_text(chart.title), 8, 18
    for col in idx:
        drawn.add_data(
            Reference(ws, min_col=col, max_col=col, min_row=HEADER_ROW, max_row=last_row), titles_from_data=True
        )
    drawn.set_categories(Reference(ws, min_col=1, min_row=FIRST_DATA_ROW, max_row=last_row))
    if chart.percent:
        drawn.y_axis.number_format = "0%"
    ws.add_chart(drawn, f"{get_column_letter(len(cols) + 2)}{FIRST_DATA_ROW + slot * CHART_ROWS}")


def workbook(sheets: list[Sheet]) -> bytes:
    wb = exports.new_workbook()
    for sheet in sheets:
        ws = wb.create_sheet(exports.sheet_title(sheet.name, set(wb.sheetnames)))
        _write_table(ws, sheet)
        if len(sheet.frame):
            for slot, chart in enumerate(sheet.charts):
                _add_chart(ws, sheet, chart, slot)
    return exports.save(wb)
