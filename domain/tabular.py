"""Reading a table out of a file another system exported (pure: bytes and a file name in, rows out).

Real exports are messy, so the reader copes without being told: UTF-8 with or without a BOM,
UTF-16 with a BOM, GBK / GB18030 (what Excel writes in China), CRLF or LF, quoted fields that
span lines, report titles and export notes above the header (the header is the first row as wide
as the table that follows, with every cell named), ``.csv`` / ``.txt`` (comma, semicolon or tab),
``.xlsx`` (first sheet) and ``.json`` (an array of objects). Every cell is read as text, so codes
keep their leading zeros; a file that is not a table says why with an i18n key.

Used by the complaint import and by any other upload of a table (e.g. holiday schedules).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time

from domain.errors import InputError

MAX_BYTES = 100 * 1024 * 1024  # a file larger than this is not an export of complaints
HEADER_SCAN_ROWS = 50  # junk lines before the header are looked for in this many rows
_DELIMITERS = ",;\t|"
_XLSX_MAGIC = b"PK\x03\x04"
# Files that are no text at all, whatever they are named: images, PDF, the legacy Excel/Word format.
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"\xd0\xcf\x11\xe0")

NOT_A_TABLE = "import.err.not_a_table"
EMPTY = "import.err.empty"
HEADER_ONLY = "import.err.header_only"
ENCODING = "import.err.encoding"
TOO_LARGE = "import.err.too_large"
FILE_TYPE = "import.err.file_type"
DUPLICATE_HEADER = "import.err.duplicate_header"
ROW_TOO_WIDE = "import.err.row_too_wide"

SUFFIXES = ("csv", "txt", "tsv", "xlsx", "json")


@dataclass(frozen=True)
class Table:
    """A file's header and its data rows, every cell text ("" when empty), rows as wide as the header.

    ``skipped`` counts the lines above the header that were not part of the table; ``encoding``
    names how the text was read (None for a workbook).
    """

    header: tuple[str, ...]
    rows: list[tuple[str, ...]]
    skipped: int = 0
    encoding: str | None = None

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.header, row, strict=True)) for row in self.rows]


def read_table(data: bytes, filename: str) -> Table:
    """The table in ``data`` (the bytes of an uploaded file called ``filename``), or InputError."""
    if len(data) > MAX_BYTES:
        raise InputError.one(TOO_LARGE, max_mb=MAX_BYTES // (1024 * 1024))
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in SUFFIXES:
        raise InputError.one(FILE_TYPE, name=filename, allowed=", ".join(f".{s}" for s in SUFFIXES))
    if not data.strip():
        raise InputError.one(EMPTY)
    if suffix == "xlsx" or data.startswith(_XLSX_MAGIC):
        return _from_rows(_xlsx_rows(data), encoding=None)
    if data.startswith(_BINARY_MAGIC):  # not an encoding problem: no table to read
        raise InputError.one(NOT_A_TABLE)
    text, encoding = decode(data)
    if suffix == "json" or text.lstrip().startswith(("[", "{")):
        return _from_json(text, encoding)
    return _from_rows(_csv_rows(text), encoding=encoding)


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read with: UTF-16 by its BOM, UTF-8 (BOM or not),
    else GB18030 (a superset of GBK and GB2312); anything else is an unknown encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError.one(ENCODING) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:  # UTF-16 without a BOM, or a binary file
            break
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise InputError.one(ENCODING)


def _csv_rows(text: str) -> list[list[str]]:
    sample = "\n".join(text.splitlines()[:HEADER_SCAN_ROWS])
    counts = {d: sample.count(d) for d in _DELIMITERS}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
    except csv.Error:
        raise InputError.one(NOT_A_TABLE) from None


def _cell_text(value: object) -> str:
    """A workbook cell as the text a person sees: whole numbers without ".0", dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # only when a workbook is uploaded

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InputError.one(NOT_A_TABLE) from None
    try:
        ws = wb.worksheets[0] if wb.worksheets else None
        if ws is None:
            raise InputError.one(EMPTY)
        return [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def _from_json(text: str, encoding: str) -> Table:
    try:
        items = json.loads(text)
    except json.JSONDecodeError:
        raise InputError.one(NOT_A_TABLE) from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise InputError.one(NOT_A_TABLE)
    if not items:
        raise InputError.one(EMPTY)
    header: dict[str, None] = {}
    for item in items:
        header.update(dict.fromkeys(str(k).strip() for k in item))
    rows = [tuple(_json_text(item.get(name, item.get(name.strip()))) for name in header) for item in _stripped(items)]
    return _checked(Table(tuple(header), rows, 0, encoding))


def _stripped(items: list[dict]) -> list[dict[str, object]]:
    return [{str(k).strip(): v for k, v in item.items()} for item in items]


def _json_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return _cell_text(value)


def _trimmed(row: list[str]) -> list[str]:
    """The row without the empty cells at its end (Excel pads rows to the widest one)."""
    end = len(row)
    while end and not row[end - 1].strip():
        end -= 1
    return row[:end]


def _from_rows(raw: list[list[str]], encoding: str | None) -> Table:
    rows = [_trimmed(r) for r in raw]
    filled = [r for r in rows if r]
    if not filled:
        raise InputError.one(EMPTY)
    widths = Counter(len(r) for r in filled[:HEADER_SCAN_ROWS] if len(r) > 1)
    if not widths:
        raise InputError.one(NOT_A_TABLE)
    width = max(widths, key=lambda w: (widths[w], w))
    start = next(
        (i for i, r in enumerate(rows) if len(r) >= width and all(c.strip() for c in r[:width])),
        None,
    )
    if start is None:
        raise InputError.one(NOT_A_TABLE)
    header_row = rows[start]
    header = tuple(c.strip().lstrip("\ufeff") for c in header_row)
    body = [r + [""] * (len(header) - len(r)) for r in rows[start + 1 :] if r]
    too_wide = next((n for n, r in enumerate(body, start=1) if len(r) > len(header)), None)
    if too_wide is not None:
        raise InputError.one(ROW_TOO_WIDE, row=too_wide, columns=len(header))
    skipped = sum(1 for r in rows[:start] if r)
    return _checked(Table(header, [tuple(r) for r in body], skipped, encoding))


def _checked(table: Table) -> Table:
    seen = Counter(table.header)
    twice = [name for name, n in seen.items() if n > 1 or not name]
    if twice:
        raise InputError.one(DUPLICATE_HEADER, names=", ".join(twice))
    if not table.rows:
        raise InputError.one(HEADER_ONLY)
    return table
