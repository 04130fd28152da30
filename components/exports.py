"""CSV and Excel files of what the pages show. Every cell passes through this module, so stored text
of any shape (written by an older version, an import or raw SQL) never breaks an export and never
turns into a formula in the user's spreadsheet.

* Characters a worksheet cannot hold (C0 controls other than tab, newline and carriage return, e.g.
  Word's soft line break U+000B or NUL) are removed, in CSV and Excel alike.
* Formula injection is neutralised the OWASP way: a CSV text cell that begins with ``=``, ``+``,
  ``-``, ``@``, tab or carriage return gets a leading apostrophe; in Excel every text value is
  written as a string cell (openpyxl would otherwise store ``=…`` as a formula and ``#N/A`` as an
  error), so it shows exactly as stored. Numbers stay numbers: a negative amount is not a formula.
* Excel's limits hold: at most 32,767 characters in a cell, sheet titles of at most 31 characters
  without ``[]:*?/\\``, no time zones.

The workbook is written with openpyxl (already used for the weekly pack's native charts) rather than
XlsxWriter, so one writer and one cell routine (``put``) serve both; forcing ``data_type = "s"``
after assignment is openpyxl's way of saying "this text is text".
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PERCENT_FORMAT = "0.0%"  # a share (0–1) as the pages show it: one decimal
MONEY_FORMAT = "#,##0.00"  # an amount with thousands separators and fen
PERCENT_DIGITS, MONEY_DIGITS = 3, 2  # what those formats show, so the stored value is what is seen
EXCEL_MAX_CHARS = 32_767  # per cell, counted in UTF-16 units as Excel counts them
EXCEL_FIRST_DAY = date(1900, 1, 1)  # earlier dates have no Excel serial number: written as text
SHEET_TITLE_MAX = 31
_SHEET_TITLE_FORBIDDEN = str.maketrans("", "", "[]:*?/\\")
# What an Excel cell is given: numbers, booleans, dates and times, text, or nothing.
CellValue = int | float | Decimal | bool | str | date | time | timedelta | None


def clean_text(text: str) -> str:
    """``text`` without the control characters a worksheet cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _missing(value: object) -> bool:
    """None, NaN, NA and NaT; a list or an array is a value, not "missing"."""
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def _text(value: object) -> str:
    """Any non-number as the text a user would read."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value if isinstance(value, str) else str(value)


def csv_cell(value: object) -> object:
    """A frame value as a CSV cell: text cleaned and, if it starts like a formula, prefixed with
    an apostrophe; numbers, dates and missing values unchanged."""
    if _missing(value) or isinstance(value, bool | int | float | Decimal | date | time | timedelta):
        return value
    if hasattr(value, "item"):  # a numpy scalar
        return csv_cell(value.item())
    text = clean_text(_text(value))
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _fit_excel(text: str) -> str:
    """Cut ``text`` to what one Excel cell holds (characters outside the BMP count twice)."""
    if len(text) * 2 <= EXCEL_MAX_CHARS:
        return text
    units = 0
    for idx, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > EXCEL_MAX_CHARS:
            return text[:idx]
    return text


def excel_value(value: object) -> CellValue:
    """A frame value as an Excel cell holds it: numpy scalars as Python ones, missing values and
    non-finite numbers empty, time zones dropped (Excel has none), anything else as clean text."""
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        moment = value.tz_localize(None) if value.tzinfo is not None else value
        return excel_value(moment.to_pydatetime(warn=False))
    if isinstance(value, pd.Timedelta):
        return value.to_pytimedelta()
    if isinstance(value, np.datetime64 | np.timedelta64):  # ``.item()`` would give nanoseconds as an int
        try:
            return excel_value(pd.Timestamp(value) if isinstance(value, np.datetime64) else pd.Timedelta(value))
        except (ValueError, OverflowError):  # out of pandas' range
            return str(value)
    if hasattr(value, "item") and not isinstance(value, str | bytes):  # a numpy scalar
        return excel_value(value.item())
    if isinstance(value, bool | int | Decimal):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime | time):
        value = value.replace(tzinfo=None)
    if isinstance(value, date) and (value.date() if isinstance(value, datetime) else value) < EXCEL_FIRST_DAY:
        return str(value)
    if isinstance(value, date | time | timedelta):
        return value
    return _fit_excel(clean_text(_text(value)))


def put(ws: Worksheet, row: int, column: int, value: object) -> Cell | MergedCell:
    """Write ``value`` to a cell; text always as a string cell, never a formula or an error."""
    cell = ws.cell(row, column)
    cell.value = excel_value(value)
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def sheet_title(name: str, taken: set[str] | None = None) -> str:
    """A valid, unused sheet title for ``name`` (Excel compares titles without case)."""
    title = clean_text(str(name)).translate(_SHEET_TITLE_FORBIDDEN).strip("'")[:SHEET_TITLE_MAX] or "Sheet"
    used = {t.lower() for t in taken or set()}
    base, n = title, 1
    while title.lower() in used:
        n += 1
        suffix = f" ({n})"
        title = base[: SHEET_TITLE_MAX - len(suffix)] + suffix
    return title


def rounded(value: object, digits: int) -> object:
    """A number rounded to what its format shows; anything else unchanged."""
    number = excel_value(value)
    if isinstance(number, float | Decimal) and not isinstance(number, bool):
        return round(number, digits)
    return number


def number_cell(cell: Cell | MergedCell, number_format: str) -> None:
    """Give a number cell ``number_format``; text (an "—" for a missing figure) stays as it is."""
    if isinstance(cell.value, int | float | Decimal) and not isinstance(cell.value, bool):
        cell.number_format = number_format


def write_frame(
    ws: Worksheet, frame: pd.DataFrame, header_row: int = 1, formats: Mapping[str, str] | None = None
) -> None:
    """The frame's header (bold) at ``header_row`` and its rows below it; the columns named in
    ``formats`` get that number format (``PERCENT_FORMAT``, ``MONEY_FORMAT``), their values rounded to it."""
    formats = formats or {}
    digits = {PERCENT_FORMAT: PERCENT_DIGITS, MONEY_FORMAT: MONEY_DIGITS}
    for col, name in enumerate(frame.columns, start=1):
        put(ws, header_row, col, name).font = Font(bold=True)
    for r, row in enumerate(frame.itertuples(index=False, name=None), start=header_row + 1):
        for col, (name, value) in enumerate(zip(frame.columns, row), start=1):
            number_format = formats.get(name)
            if number_format is None:
                put(ws, r, col, value)
                continue
            number_cell(put(ws, r, col, rounded(value, digits.get(number_format, 6))), number_format)


def new_workbook() -> Workbook:
    """A workbook without its default empty sheet."""
    wb = Workbook()
    first = wb.active
    if first is not None:  # a new workbook always starts with one empty sheet
        wb.remove(first)
    return wb


def save(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def excel_bytes(sheets: Mapping[str, pd.DataFrame], formats: Mapping[str, str] | None = None) -> bytes:
    """An .xlsx workbook with one sheet per frame, the header in the first row; columns named in
    ``formats`` get that number format."""
    wb = new_workbook()
    for name, frame in sheets.items():
        ws = wb.create_sheet(sheet_title(name, set(wb.sheetnames)))
        write_frame(ws, frame, formats=formats)
    return save(wb)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as CSV in UTF-8 with a byte-order mark (so Excel opens Chinese correctly), every
    cell through ``csv_cell``."""
    safe = frame.copy()
    safe.columns = pd.Index([csv_cell(c) for c in frame.columns])
    for idx in range(safe.shape[1]):
        column = safe.iloc[:, idx]
        if not _typed(column):  # text, or mixed values
            safe.isetitem(idx, column.map(csv_cell))
    # CRLF records (RFC 4180): a cell holding a bare carriage return is then quoted too, instead of
    # ending the record early and starting the next line with whatever follows it (``\r=1``).
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _typed(column: pd.Series) -> bool:
    """A column of numbers, booleans, dates or durations only: nothing in it to neutralise."""
    kinds = pd.api.types
    return (
        kinds.is_numeric_dtype(column)
        or kinds.is_bool_dtype(column)
        or kinds.is_datetime64_any_dtype(column)
        or kinds.is_timedelta64_dtype(column)
    )
