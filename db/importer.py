"""Import a complaint export from the command line (for a scheduler), as the import page does.

    python -m db.importer FILE --mapping MAPPING.json [--dry-run] [--rejects REJECTS.csv]

Reads FILE (CSV, Excel or JSON), maps it with MAPPING.json (the file the page downloads), stores
all valid rows in one transaction (nothing with ``--dry-run``), writes the rejected rows with
their reasons to REJECTS.csv, and ends with the line ``imported=N duplicates=D rejected=R``. A
file or mapping that cannot be read exits 1 with the reason in Chinese and English (two lines).
Runs as the system: the audit row names no user, and the imported cases get no handler.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from components import exports
from components.import_view import rejects_frame, text_of
from db.migrate import ensure_schema
from db.services import imports as svc
from domain.errors import InputError
from domain.imports import ImportMapping
from domain.tabular import read_table


def _refusal(problems: list[tuple[str, dict]]) -> str:
    """Two lines: the problems in Chinese, then in English."""
    return "\n".join("；".join(text_of(key, args, lang) for key, args in problems) for lang in ("zh", "en"))


def _mapping(path: Path) -> ImportMapping:
    try:
        body = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InputError.one("import.err.mapping_json") from None
    return ImportMapping.from_json(body)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m db.importer", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--mapping", type=Path, required=True)
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--rejects", type=Path, default=None)
    args = parser.parse_args(argv)
    ensure_schema()
    try:
        mapping = _mapping(args.mapping)
        table = read_table(args.file.read_bytes(), args.file.name)
        result = svc.import_table(table, mapping, svc.SYSTEM, dry_run=args.dry_run)
    except InputError as err:
        print(_refusal(err.problems), file=sys.stderr)
        return 1
    if args.rejects is not None:
        args.rejects.write_bytes(exports.csv_bytes(rejects_frame(result, "zh")))
    print(result.summary_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
