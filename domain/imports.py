"""Importing complaints exported by other systems (pure): the mapping, dates as exports write them,
and one row of a file turned into a complaint candidate or the named reasons it cannot be one.

A mapping says once how a source's file reads: ``columns`` (our field → the file's column),
``values`` (per field, the source's value → our code or name), ``defaults`` (fills a missing or
unmapped value; ``"suggest"`` for category and level means the text decides: ``domain.text.analyse``
names the category, the intake rules the level)
and ``where`` (keep only rows whose column holds one of the listed values). ``source`` names the
system (the mapping's name unless given): a complaint is the same complaint when its source and
external id are, so a file imported twice, or re-saved by Excel, adds nothing the second time.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

from domain import inputs
from domain.codes import CATEGORIES, CHANNELS, COMPLAINT_STATUSES, LEVELS, STAGES
from domain.errors import InputError
from domain.inputs import Inputs, Problem
from domain.intake import DESCRIPTION_MAX, most_severe, suggest_level
from domain.text import analyse

IMPORT_ROLES = frozenset({"prevention", "admin"})
SUGGEST = "suggest"
NAME_MAX = 60  # import_mappings.name
SOURCE_MAX = 40  # complaints.source
EXTERNAL_ID_MAX = 64  # complaints.external_id
MAPPING_TEXT = "import.field.mapping_text"
MAPPING_TEXT_MAX = 200  # a column name or a value in a mapping
EARLIEST = datetime(2000, 1, 1)  # an export's date before this is a misread, not a complaint
CUSTOMER_NAME_MAX = 40  # customers.name
STAGE_FIELDS = tuple(f"{stage}_at" for stage in STAGES)  # when the source system completed each stage

FIELDS = (
    "external_id",
    "received_at",
    "channel",
    "category",
    "level",
    "city",
    "team",
    "agent_code",
    "customer_code",
    "customer_phone",
    "customer_name",
    "description",
    "status",
    *STAGE_FIELDS,
)
# fields whose values a mapping translates
VALUE_FIELDS = ("channel", "category", "level", "city", "team", "status")
DEFAULT_FIELDS = ("channel", "category", "level", "city", "team", "description")
REQUIRED_COLUMNS = ("received_at",)
IMPORTED = "import"
DUPLICATE = "duplicate"
REJECTED = "rejected"
LEFT_OUT = "left_out"
MULTILINE = frozenset({"description"})
CODES: dict[str, Collection[str]] = {
    "channel": CHANNELS,
    "category": (*CATEGORIES, SUGGEST),
    "level": (*LEVELS, SUGGEST),
    "status": COMPLAINT_STATUSES,
}

_ISO_LIKE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?"
)
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_EXCEL_EPOCH = datetime(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's leap-year bug included)
_SERIAL_RANGE = (30_000.0, 80_000.0)  # 1982 … 2119: a five-digit number outside is not a date


def parse_datetime(value: str) -> datetime | None:
    """A moment as exports write it: ``2026/3/18``, ``2026-03-18 14:05``, ``18/03/2026``,
    ``2026年3月18日``, an Excel serial number (``46099.5868``); None when it is none of these.

    ``dd/mm/yyyy`` is read day first (as Chinese and European exports write it) unless the
    second number cannot be a month (``03/18/2026`` is 18 March).
    """
    text = inputs.normalise_text(value)
    if not text:
        return None
    try:
        if match := _ISO_LIKE.fullmatch(text):
            year, month, day, hour, minute, second = match.groups()
            return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
        if match := _DAY_FIRST.fullmatch(text):
            first, second_, year, hour, minute, second = match.groups()
            day, month = (int(first), int(second_)) if int(second_) <= 12 else (int(second_), int(first))
            return datetime(int(year), month, day, int(hour or 0), int(minute or 0), int(second or 0))
        if _SERIAL.fullmatch(text) and _SERIAL_RANGE[0] <= float(text) <= _SERIAL_RANGE[1]:
            moment = _EXCEL_EPOCH + timedelta(days=float(text))
            return moment.replace(microsecond=0) + timedelta(seconds=round(moment.microsecond / 1e6))
    except ValueError:  # 2026-02-30, 25:00
        return None
    return None


def external_key(value: str) -> str:
    """An external id as compared: the input policy's text, and a number without leading zeros
    (Excel re-saves ``00123`` as ``123``)."""
    text = inputs.normalise_text(value)
    if text.isascii() and text.isdigit():
        return text.lstrip("0") or "0"
    return text


def fingerprint(received_at: datetime, channel: str, description: str) -> str:
    """The identity of a record whose source gives no id: its minute, channel and text."""
    digest = hashlib.sha256(f"{received_at:%Y-%m-%d %H:%M}|{channel}|{description}".encode()).hexdigest()
    return f"#{digest[:32]}"


@functools.lru_cache(maxsize=16_384)
def _short_text(value: str) -> str:
    """A single-line cell as the input policy reads it, once per distinct value: a file repeats its
    cities, channels, statuses and dates over thousands of rows."""
    return inputs.normalise_text(value)


def _lookup(pairs: Mapping[str, str]) -> dict[str, str]:
    """Source values compared as the input policy reads them and without case."""
    return {inputs.normalise_text(k).casefold(): inputs.normalise_text(v) for k, v in pairs.items()}


@dataclass(frozen=True)
class ImportMapping:
    """A validated mapping (see the module docstring); build it with ``from_json``."""

    name: str
    source: str
    columns: dict[str, str]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    where: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, body: object) -> ImportMapping:
        """The mapping in a parsed JSON body, or InputError naming every problem."""
        check = Inputs()
        if not isinstance(body, dict):
            raise InputError.one("import.err.mapping_shape")
        name = check.text(body.get("name"), field="import.field.mapping_name", max_chars=NAME_MAX)
        source = name[:SOURCE_MAX]
        if body.get("source") is not None:
            source = check.text(body.get("source"), field="import.field.source", max_chars=SOURCE_MAX)
        columns = _text_dict(body.get("columns"), "columns", check)
        for key in columns:
            if key not in FIELDS:
                check.add("import.err.unknown_field", name=key)
        for key in REQUIRED_COLUMNS:
            if not columns.get(key):
                check.add("import.err.column_required", name=f"import.f.{key}")
        values: dict[str, dict[str, str]] = {}
        raw_values = body.get("values") or {}
        if not isinstance(raw_values, dict):
            check.add("import.err.mapping_part", part="values")
        else:
            for key, pairs in raw_values.items():
                if key not in VALUE_FIELDS:
                    check.add("import.err.unknown_field", name=str(key))
                values[str(key)] = _text_dict(pairs, f"values.{key}", check)
        defaults = _text_dict(body.get("defaults"), "defaults", check)
        for key, value in defaults.items():
            check.extend(_default_problems(key, value))
        where: dict[str, tuple[str, ...]] = {}
        raw_where = body.get("where") or {}
        if not isinstance(raw_where, dict):
            check.add("import.err.mapping_part", part="where")
        else:
            for column, kept in raw_where.items():
                if not isinstance(kept, list) or not all(isinstance(v, str | int | float) for v in kept):
                    check.add("import.err.mapping_part", part=f"where.{column}")
                    continue
                where[inputs.normalise_text(column)] = tuple(inputs.normalise_text(v) for v in kept)
                for text in (column, *where[inputs.normalise_text(column)]):
                    check.check(
                        inputs.text_problem(
                            inputs.normalise_text(text), field=MAPPING_TEXT, max_chars=MAPPING_TEXT_MAX, required=False
                        )
                    )
        check.raise_if_any()
        return cls(name, source, columns, values, defaults, where)

    @functools.cached_property
    def lookups(self) -> dict[str, dict[str, str]]:
        """``values`` as compared: source values in the input policy's text, without case."""
        return {key: _lookup(pairs) for key, pairs in self.values.items()}

    def to_json(self) -> dict[str, Any]:
        """The JSON body ``from_json`` reads back (the file a user downloads)."""
        body: dict[str, Any] = {"name": self.name}
        if self.source != self.name:
            body["source"] = self.source
        body["columns"] = dict(self.columns)
        body["values"] = {k: dict(v) for k, v in self.values.items()}
        body["defaults"] = dict(self.defaults)
        body["where"] = {k: list(v) for k, v in self.where.items()}
        return body

    def missing_columns(self, header: tuple[str, ...]) -> list[str]:
        """The file columns the mapping names that ``header`` lacks."""
        have = set(header)
        named = [c for c in self.columns.values() if c] + list(self.where)
        return sorted({c for c in named if c not in have})

    def check_header(self, header: tuple[str, ...]) -> None:
        missing = self.missing_columns(header)
        if missing:
            raise InputError.one("import.err.missing_columns", names="、".join(missing))


def _text_dict(raw: object, part: str, check: Inputs) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(v, str | int | float) for v in raw.values()):
        check.add("import.err.mapping_part", part=part)
        return {}
    cleaned = {inputs.normalise_text(k): inputs.normalise_text(v) for k, v in raw.items() if inputs.normalise_text(k)}
    for text in [*cleaned, *cleaned.values()]:
        check.check(inputs.text_problem(text, field=MAPPING_TEXT, max_chars=MAPPING_TEXT_MAX, required=False))
    return cleaned


def _default_problems(key: str, value: str) -> list[Problem]:
    if key not in DEFAULT_FIELDS:
        return [("import.err.unknown_field", {"name": key})]
    if key in CODES and value not in CODES[key]:
        return [("import.err.default_value", {"name": f"import.f.{key}", "value": value})]
    return []


@dataclass(frozen=True)
class Candidate:
    """A row as a complaint, before the store resolves city, team, agent and customer."""

    external_id: str
    received_at: datetime
    channel: str
    category: str
    level: str
    suggested_level: str
    city: str
    team: str
    agent_code: str
    customer_code: str
    customer_phone: str
    description: str
    customer_name: str = ""
    status: str = "received"
    done: tuple[datetime | None, ...] = (None,) * len(STAGES)  # each stage's completion, in STAGES order


@dataclass(frozen=True)
class RowOutcome:
    """What became of one data row (``row`` counts from 1 after the header): a candidate, the
    reasons it was rejected, or ``kept=False`` when the mapping's ``where`` leaves it out."""

    row: int
    candidate: Candidate | None = None
    problems: tuple[Problem, ...] = ()
    kept: bool = True
    external_id: str = ""  # as the file gives it, so a rejected row can be found in the source


def _mapped(mapping: ImportMapping, cells: Mapping[str, str], key: str, known: Mapping[str, Collection[str]]) -> str:
    """The field's value: the file's cell translated by ``values``, the cell itself when it is
    already a known value (or the field has no list of them), else the default."""
    raw = cells.get(key, "")
    if raw:
        translated = mapping.lookups.get(key, {}).get(raw.casefold())
        if translated is not None:
            return translated
        acceptable = known.get(key)
        if acceptable is None or raw in acceptable:
            return raw
    return mapping.defaults.get(key, raw)


def _progress(
    mapping: ImportMapping,
    cells: Mapping[str, str],
    received: datetime | None,
    latest: datetime,
    known: Mapping[str, Collection[str]],
    check: Inputs,
) -> tuple[str, tuple[datetime | None, ...]]:
    """How far the source system took the case: its status and each stage's completion time.

    Stages are done in order, so a stage the file leaves undated before one it dates counts as done
    by that later time (an export with only a closing time closes every stage then). A status
    column must agree with the times: a status names the last stage done, and that stage needs a
    time (an SLA figure cannot count a completion it cannot place).
    """
    done: list[datetime | None] = []
    for stage in STAGES:
        text = cells.get(f"{stage}_at", "")
        moment = parse_datetime(text) if text else None
        stage_name = f"import.f.{stage}_at"
        if text and moment is None:
            check.add("import.reject.stage_time", stage=stage_name, value=text[:40])
        elif moment is not None and received is not None and not received <= moment <= latest:
            check.add(
                "import.reject.stage_window", stage=stage_name, value=text[:40], latest=f"{latest:%Y-%m-%d %H:%M}"
            )
        done.append(moment)
    dated = [i for i, moment in enumerate(done) if moment is not None]
    for earlier, later in pairwise(dated):
        first, then = done[earlier], done[later]
        if first is not None and then is not None and then < first:
            check.add(
                "import.reject.stage_order",
                stage=f"import.f.{STAGES[later]}_at",
                earlier=f"import.f.{STAGES[earlier]}_at",
            )
    last = dated[-1] if dated else -1
    for i in range(last - 1, -1, -1):
        done[i] = done[i] or done[i + 1]
    status = STAGES[last] if dated else "received"
    if said := cells.get("status", ""):
        stated = _mapped(mapping, cells, "status", known)
        if stated not in COMPLAINT_STATUSES:
            check.add("import.reject.status", value=said[:40])
        elif COMPLAINT_STATUSES.index(stated) < COMPLAINT_STATUSES.index(status):
            check.add("import.reject.status_behind", value=said[:40], stage=f"import.f.{status}_at")
        elif stated != status:
            check.add("import.reject.status_undated", value=said[:40], stage=f"import.f.{stated}_at")
    return status, tuple(done)


def apply(
    mapping: ImportMapping,
    record: Mapping[str, str],
    row: int,
    latest: datetime,
    known: Mapping[str, Collection[str]] | None = None,
) -> RowOutcome:
    """The complaint one row of a file describes, or why it cannot be one. ``known`` lists the
    store's city and team names: a cell naming none of them takes the default."""
    known = {**CODES, **(known or {})}
    cells = {
        key: inputs.normalise_text(record.get(column, ""), multiline=True)
        if key in MULTILINE
        else _short_text(record.get(column, ""))
        for key, column in mapping.columns.items()
        if column
    }
    for column, kept in mapping.where.items():
        if inputs.normalise_text(record.get(column, "")) not in kept:
            return RowOutcome(row, kept=False)
    check = Inputs()
    received_text = cells.get("received_at", "")
    received = parse_datetime(received_text)
    if received is None:
        check.add("import.reject.received_at", value=received_text[:40])
    elif not EARLIEST <= received <= latest:
        check.add("import.reject.received_window", value=received_text[:40], latest=f"{latest:%Y-%m-%d %H:%M}")
    channel = _mapped(mapping, cells, "channel", known)
    if channel not in CHANNELS:
        check.add("import.reject.channel", value=channel[:40])
    description = check.text(
        _mapped(mapping, cells, "description", known),
        field="import.field.description",
        max_chars=DESCRIPTION_MAX,
        multiline=True,
    )
    category = _mapped(mapping, cells, "category", known)
    if category == SUGGEST:
        category = analyse(description).category or ""
        if not category:
            check.add("import.reject.category_suggest")
    elif category not in CATEGORIES:
        check.add("import.reject.category", value=category[:40])
    level = _mapped(mapping, cells, "level", known)
    suggested = suggest_level(category, description)[0] if category in CATEGORIES else LEVELS[-1]
    if level == SUGGEST or not level:
        level = suggested
    elif level not in LEVELS:
        check.add("import.reject.level", value=level[:40])
    else:
        level = most_severe([level, suggested])  # urgent words make a case L1 whatever the source said
    city = check.text(_mapped(mapping, cells, "city", known), field="import.field.city", max_chars=40)
    team = _mapped(mapping, cells, "team", known)
    if team:
        team = check.text(team, field="import.field.team", max_chars=60)
    agent = _mapped(mapping, cells, "agent_code", known)
    if agent:
        agent = check.take(
            inputs.code(
                agent,
                field="import.field.agent_code",
                pattern=inputs.AGENT_CODE,
                format_key="import.reject.agent_format",
            )
        )
    customer_code = _mapped(mapping, cells, "customer_code", known)
    if customer_code:
        customer_code = check.take(
            inputs.code(
                customer_code,
                field="import.field.customer_code",
                pattern=inputs.CUSTOMER_CODE,
                format_key="import.reject.customer_code_format",
            )
        )
    customer_phone = _mapped(mapping, cells, "customer_phone", known)
    if customer_phone:
        customer_phone = check.take(
            inputs.phone_number(
                customer_phone, field="import.field.customer_phone", format_key="import.reject.phone_format"
            )
        )
    customer_name = _mapped(mapping, cells, "customer_name", known)
    if customer_name:
        customer_name = check.text(customer_name, field="import.field.customer_name", max_chars=CUSTOMER_NAME_MAX)
    if channel == "anonymous" and (customer_code or customer_phone or customer_name):
        check.add("import.reject.anonymous_customer")
    external = external_key(_mapped(mapping, cells, "external_id", known))
    check.check(
        inputs.text_problem(
            external,
            field="import.col.external_id",
            max_chars=EXTERNAL_ID_MAX,
            required=False,
            keys={inputs.TOO_LONG: "import.reject.external_id"},
        )
    )
    status, done = _progress(mapping, cells, received, latest, known, check)
    if check.problems or received is None:
        return RowOutcome(row, problems=tuple(check.problems), external_id=external[:EXTERNAL_ID_MAX])
    return RowOutcome(
        row,
        Candidate(
            external_id=external or fingerprint(received, channel, description),
            received_at=received,
            channel=channel,
            category=category,
            level=level,
            suggested_level=suggested,
            city=city,
            team=team,
            agent_code=agent,
            customer_code=customer_code,
            customer_phone=customer_phone,
            description=description,
            customer_name=customer_name,
            status=status,
            done=done,
        ),
    )


def unmapped_values(
    mapping: ImportMapping,
    records: list[dict[str, str]],
    key: str,
    known: Mapping[str, Collection[str]] | None = None,
) -> dict[str, int]:
    """Source values of ``key``'s column that are neither translated by ``values`` nor a known
    value, with their counts (most frequent first): what the user still has to map."""
    column = mapping.columns.get(key)
    if not column:
        return {}
    translated = _lookup(mapping.values.get(key, {}))
    acceptable = {**CODES, **(known or {})}.get(key, ())
    counts: dict[str, int] = {}
    for record in records:
        raw = inputs.normalise_text(record.get(column, ""))
        if raw and raw.casefold() not in translated and raw not in acceptable:
            counts[raw] = counts.get(raw, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


@dataclass(frozen=True)
class RowReport:
    """One data row of the file: what the import does with it and why."""

    row: int
    external_id: str
    outcome: str  # import | duplicate | rejected | left_out
    problems: tuple[Problem, ...] = ()
    ref_no: str = ""


@dataclass
class ImportResult:
    """The counts and the row-by-row report of an import or a dry run."""

    dry_run: bool
    rows: list[RowReport] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def imported(self) -> int:
        return self.count(IMPORTED)

    @property
    def duplicates(self) -> int:
        return self.count(DUPLICATE)

    @property
    def rejected(self) -> int:
        return self.count(REJECTED)

    @property
    def left_out(self) -> int:
        return self.count(LEFT_OUT)

    def summary_line(self) -> str:
        return f"imported={self.imported} duplicates={self.duplicates} rejected={self.rejected}"

    def refs(self) -> list[str]:
        """The reference numbers of the complaints imported (a duplicate's names the stored case)."""
        return [r.ref_no for r in self.rows if r.outcome == IMPORTED and r.ref_no]
