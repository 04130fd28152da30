"""Complaint imports: a file another system exported becomes complaints, all valid rows or none.

Each row goes through the mapping (domain.imports), then through the store's names (city, team,
agent, customer). A row whose source and external id are already stored, or that appears earlier
in the same file, is a duplicate and is skipped, so importing a file twice, or the same records
re-saved by Excel, adds nothing. Imported complaints get a reference number, level and five due
times as intake gives them, a "received" timeline event, and one audit row per file with the
counts. The rows are written in bulk (COPY on PostgreSQL) inside one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from typing import Any

from sqlalchemy import Row, and_, exists, insert, literal, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from db import bulk, facts, text_index
from db.clock import now
from db.dialect import serialise_writers
from db.engine import session_scope
from db.models import Agent, City, Complaint, ComplaintEvent, ComplaintStage, Customer, Team
from db.models import ImportMapping as StoredMapping
from db.queries import cache, sla_config
from db.queries import imports as import_queries
from db.services import notify
from db.services.common import audit, require
from db.services.complaints import REF_DIGITS, REF_PREFIX
from db.services.refs import next_ref
from domain.calendar import BusinessCalendar
from domain.codes import STAGES
from domain.imports import (
    DUPLICATE,
    IMPORT_ROLES,
    IMPORTED,
    LEFT_OUT,
    REJECTED,
    Candidate,
    ImportMapping,
    ImportResult,
    RowOutcome,
    RowReport,
    apply,
)
from domain.inputs import Problem
from domain.intake import HANDLER_ROLES
from domain.sla import SlaPolicy, stage_due_times
from domain.tabular import Table
from domain.users import CurrentUser

LOOKUP_CHUNK = 900  # values per IN (...) list: below SQLite's default limit of variables
WRITE_CHUNK = 5_000  # rows per bulk write, and per step of the progress bar
ANALYZE_AFTER = 5_000  # imported rows after which the grown tables get fresh planner statistics
GROWN_TABLES = (Complaint.__table__, ComplaintStage.__table__, ComplaintEvent.__table__)

Progress = Callable[[int, int], None]
# Who imports when a scheduler runs the command: an import role, no user row (audit and timeline
# name no user, the cases get no handler).
SYSTEM = CurrentUser(id=0, username="system", display_name="system", role="admin")

COLUMNS = (
    "ref_no",
    "received_at",
    "channel",
    "level",
    "category",
    "city_id",
    "team_id",
    "customer_id",
    "agent_id",
    "handler_id",
    "description",
    "status",
    *(f"{stage}_due_at" for stage in STAGES),
    *(f"{stage}_at" for stage in STAGES),
    "exec_reported",
    "level_override_reason",
    "source",
    "external_id",
)


@dataclass(frozen=True)
class _Ready:
    """A candidate resolved against the store: ids instead of names."""

    candidate: Candidate
    city_id: int
    team_id: int | None
    agent_id: int | None
    customer_id: int | None


def _chunks(values: Iterable, size: int) -> Iterator[list]:
    it = iter(values)
    while chunk := list(islice(it, size)):
        yield chunk


def _where_in(
    s: Session, key: InstrumentedAttribute[str], values: set[str], *more: InstrumentedAttribute[Any]
) -> Iterator[Row[Any]]:
    """(id, key, *more) of the rows whose ``key`` is one of ``values``, by id within each IN list."""
    entity = key.class_
    for chunk in _chunks(sorted(values), LOOKUP_CHUNK):
        yield from s.execute(select(entity.id, key, *more).where(key.in_(chunk)).order_by(entity.id))


class _Names:
    """The store's cities, teams and agents, and the customers the file names, for one import."""

    def __init__(self, s: Session) -> None:
        self.cities: dict[str, int] = {}
        for cid, name, name_en in s.execute(select(City.id, City.name, City.name_en)):
            self.cities.update({name: cid, name_en: cid})
        self.teams: dict[str, int] = {}
        for tid, name, name_en in s.execute(select(Team.id, Team.name, Team.name_en)):
            self.teams.update({name: tid, name_en: tid})

    def look_up(self, s: Session, candidates: list[Candidate]) -> None:
        """The agents and customers ``candidates`` name."""
        codes = {c.agent_code for c in candidates if c.agent_code}
        self.agents = {code: (aid, team_id) for aid, code, team_id in _where_in(s, Agent.code, codes, Agent.team_id)}
        customer_codes = {c.customer_code for c in candidates if c.customer_code}
        self.customers = {
            code: (cid, name) for cid, code, name in _where_in(s, Customer.code, customer_codes, Customer.name)
        }
        self.phones: dict[str, list[tuple[int, str]]] = {}
        phones = {c.customer_phone for c in candidates if c.customer_phone and not c.customer_code}
        for cid, phone, name in _where_in(s, Customer.phone, phones, Customer.name):
            self.phones.setdefault(phone, []).append((cid, name))
        # A name alone names a customer of the row's city.
        self.named: dict[tuple[str, int], list[int]] = {}
        names = {c.customer_name for c in candidates if c.customer_name and not (c.customer_code or c.customer_phone)}
        for cid, name, city_id in _where_in(s, Customer.name, names, Customer.city_id):
            self.named.setdefault((name, city_id), []).append(cid)

    def known(self) -> dict[str, set[str]]:
        return {"city": set(self.cities), "team": set(self.teams)}

    def _customer(self, c: Candidate, city_id: int | None) -> tuple[int | None, Problem | None]:
        """The complainant by code, else by phone, else by name within the city; a name given beside
        a code or phone must be that customer's (and picks one of several sharing a phone)."""
        if c.customer_code:
            found = self.customers.get(c.customer_code)
            if found is None:
                return None, ("import.reject.customer_unknown", {"value": c.customer_code})
            if c.customer_name and found[1] != c.customer_name:
                return None, ("import.reject.customer_name", {"value": c.customer_code})
            return found[0], None
        if c.customer_phone:
            owners = self.phones.get(c.customer_phone, [])
            if not owners:
                return None, ("import.reject.customer_unknown", {"value": c.customer_phone})
            if c.customer_name:
                owners = [owner for owner in owners if owner[1] == c.customer_name]
                if not owners:
                    return None, ("import.reject.customer_name", {"value": c.customer_phone})
            return owners[0][0], None
        if c.customer_name and city_id is not None:
            ids = self.named.get((c.customer_name, city_id), [])
            if not ids:
                return None, ("import.reject.customer_name_unknown", {"value": c.customer_name})
            if len(ids) > 1:
                return None, ("import.reject.customer_name_ambiguous", {"value": c.customer_name, "count": len(ids)})
            return ids[0], None
        return None, None

    def resolve(self, c: Candidate) -> _Ready | list[Problem]:
        problems: list[Problem] = []
        city_id = self.cities.get(c.city)
        if city_id is None:
            problems.append(("import.reject.city_unknown", {"value": c.city}))
        team_id = self.teams.get(c.team) if c.team else None
        if c.team and team_id is None:
            problems.append(("import.reject.team_unknown", {"value": c.team}))
        agent = self.agents.get(c.agent_code) if c.agent_code else None
        if c.agent_code and agent is None:
            problems.append(("import.reject.agent_unknown", {"value": c.agent_code}))
        customer_id, problem = self._customer(c, city_id)
        if problem is not None:
            problems.append(problem)
        if problems or city_id is None:
            return problems
        return _Ready(c, city_id, agent[1] if agent else team_id, agent[0] if agent else None, customer_id)


def _stored_refs(s: Session, source: str, external_ids: Iterable[str]) -> dict[str, str]:
    """External id → reference number of the complaints of ``source`` already stored."""
    found: dict[str, str] = {}
    for chunk in _chunks(external_ids, LOOKUP_CHUNK):
        stored = select(Complaint.external_id, Complaint.ref_no).where(
            Complaint.source == source, Complaint.external_id.in_(chunk)
        )
        found.update((external_id, ref) for external_id, ref in s.execute(stored).tuples() if external_id is not None)
    return found


def _plan(s: Session, table: Table, mapping: ImportMapping, latest: datetime) -> tuple[list[RowReport], list[_Ready]]:
    """Every row's outcome, and the rows to store in file order."""
    names_probe: list[Candidate] = []
    outcomes: list[RowOutcome] = []
    names = _Names(s)
    known = names.known()
    for n, record in enumerate(table.records(), start=1):
        outcome = apply(mapping, record, n, latest, known)
        outcomes.append(outcome)
        if outcome.candidate is not None:
            names_probe.append(outcome.candidate)
    names.look_up(s, names_probe)
    stored = _stored_refs(s, mapping.source, {c.external_id for c in names_probe})
    seen: set[str] = set()
    reports: list[RowReport] = []
    ready: list[_Ready] = []
    for outcome in outcomes:
        c = outcome.candidate
        if not outcome.kept:
            reports.append(RowReport(outcome.row, "", LEFT_OUT))
        elif c is None:
            reports.append(RowReport(outcome.row, outcome.external_id, REJECTED, outcome.problems))
        elif c.external_id in stored or c.external_id in seen:  # the stored case's reference, when it is stored
            reports.append(RowReport(outcome.row, c.external_id, DUPLICATE, (), stored.get(c.external_id, "")))
        else:
            resolved = names.resolve(c)
            if isinstance(resolved, list):
                reports.append(RowReport(outcome.row, c.external_id, REJECTED, tuple(resolved)))
            else:
                seen.add(c.external_id)
                reports.append(RowReport(outcome.row, c.external_id, IMPORTED))
                ready.append(resolved)
    return reports, ready


def import_table(
    table: Table,
    mapping: ImportMapping,
    by: CurrentUser,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import ``table`` with ``mapping`` (or only report what would happen when ``dry_run``).

    One transaction for the whole file: a failure stores nothing. Raises InputError when the file
    lacks a column the mapping names, PermissionDenied for a role that may not import.
    """
    require(by, IMPORT_ROLES, "complaint.import")
    mapping.check_header(table.header)
    latest = now()
    if dry_run:
        with session_scope() as s:
            reports, _ = _plan(s, table, mapping, latest)
        return ImportResult(True, reports)
    policy, calendar = sla_config.policy(), sla_config.calendar()
    with session_scope() as s:
        serialise_writers(s, f"complaint-import:{mapping.source}")
        reports, ready = _plan(s, table, mapping, latest)
        refs = _allocate_refs(s, [r.candidate.received_at.date() for r in ready])
        actor = None if by == SYSTEM else by
        handler = by.id if by.role in HANDLER_ROLES and actor is not None else None
        conn = s.connection()
        total, done = len(ready), 0
        if progress is not None:
            progress(done, total)  # checked: the writing starts
        written_ids: list[int] = []
        with bulk.load_cache(conn):  # a large file's rows land in every index of three tables
            for chunk_refs, chunk in zip(_chunks(refs, WRITE_CHUNK), _chunks(ready, WRITE_CHUNK), strict=True):
                rows = [
                    _row(ref, r, handler, mapping.source, policy, calendar)
                    for ref, r in zip(chunk_refs, chunk, strict=True)
                ]
                bulk.load(conn, Complaint.__table__, COLUMNS, rows)
                written = select(Complaint.ref_no, Complaint.id).where(Complaint.ref_no.in_(chunk_refs))
                ids = dict(s.execute(written).tuples().all())
                # By id: a store whose planner statistics predate a large import would otherwise
                # scan every complaint for each chunk's reference numbers.
                facts.add_new(s, list(ids.values()))
                written_ids += ids.values()
                text_index.add_new(
                    s, [(ids[ref], r.candidate.description) for ref, r in zip(chunk_refs, chunk, strict=True)]
                )
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
        if ready:
            # This file's complaints: other imports of its source wait for this one to commit.
            facts.count_new(
                s, and_(Complaint.source == mapping.source, Complaint.id.between(min(written_ids), max(written_ids)))
            )
            _add_timeline(s, mapping.source, actor)
            notify.enqueue_imported_l1(s, refs)  # the L1s received within a day are news for the prevention group
        by_row = iter(refs)
        reports = [
            RowReport(r.row, r.external_id, r.outcome, r.problems, next(by_row)) if r.outcome == IMPORTED else r
            for r in reports
        ]
        result = ImportResult(False, reports)
        audit(
            s,
            actor,
            "complaint.import",
            "import_mapping",
            mapping.name,
            source=mapping.source,
            imported=result.imported,
            duplicates=result.duplicates,
            rejected=result.rejected,
            left_out=result.left_out,
            first_ref=refs[0] if refs else None,
            last_ref=refs[-1] if refs else None,
        )
    if len(ready) >= ANALYZE_AFTER:
        with session_scope() as s:
            bulk.refresh_statistics(s.connection(), GROWN_TABLES)
    if ready:
        cache.forget_every_read()
    return result


def _row(
    ref: str, r: _Ready, handler: int | None, source: str, policy: SlaPolicy, calendar: BusinessCalendar
) -> tuple[object, ...]:
    """One complaint's values in ``COLUMNS`` order: due times as intake gives them, later ones
    counted from the completions the source system reports."""
    c = r.candidate
    dues = stage_due_times(
        c.received_at, c.level, c.channel, policy, calendar, done=dict(zip(STAGES, c.done, strict=True))
    )
    return (
        ref,
        c.received_at,
        c.channel,
        c.level,
        c.category,
        r.city_id,
        r.team_id,
        r.customer_id,
        r.agent_id,
        handler,
        c.description,
        c.status,
        *(dues[stage] for stage in STAGES),
        *c.done,
        c.level == "L1",
        None if c.level == c.suggested_level else f"来源系统定级（{source}）",
        source,
        c.external_id,
    )


def _allocate_refs(s: Session, days: list[date]) -> list[str]:
    """Reference numbers like intake's (TS + received day + sequence), one per day's next free one on."""
    next_seq: dict[date, int] = {}
    refs: list[str] = []
    for day in days:
        if day not in next_seq:
            first = next_ref(s, Complaint.ref_no, REF_PREFIX, day, REF_DIGITS)
            next_seq[day] = int(first[len(REF_PREFIX) + 8 :])
        refs.append(f"{REF_PREFIX}{day:%Y%m%d}{next_seq[day]:0{REF_DIGITS}d}")
        next_seq[day] += 1
    return refs


def _add_timeline(s: Session, source: str, by: CurrentUser | None) -> None:
    """The timeline of every complaint of ``source`` without a receipt event yet (this file's): its
    receipt and each stage the source system completed, at the times the file gives."""
    unwritten = ~exists().where(
        and_(ComplaintEvent.complaint_id == Complaint.id, ComplaintEvent.kind == literal("received"))
    )
    actor, note = literal(by.id if by else None), literal(source)
    columns = ["complaint_id", "at", "kind", "stage", "actor_id", "note"]
    # The stages first: the receipt event marks a complaint's timeline as written.
    for stage in STAGES:
        done_at = getattr(Complaint, f"{stage}_at")
        s.execute(
            insert(ComplaintEvent).from_select(
                columns,
                select(Complaint.id, done_at, literal("stage"), literal(stage), actor, note).where(
                    Complaint.source == source, done_at.is_not(None), unwritten
                ),
            )
        )
    s.execute(
        insert(ComplaintEvent).from_select(
            columns,
            select(Complaint.id, Complaint.received_at, literal("received"), literal(None), actor, note).where(
                Complaint.source == source, unwritten
            ),
        )
    )


def save_mapping(mapping: ImportMapping, by: CurrentUser) -> None:
    """Store ``mapping`` under its name (replacing a saved one of that name)."""
    require(by, IMPORT_ROLES, "import.mapping_save")
    with session_scope() as s:
        stored = s.scalar(select(StoredMapping).where(StoredMapping.name == mapping.name))
        if stored is None:
            stored = StoredMapping(name=mapping.name)
            s.add(stored)
        stored.body = mapping.to_json()
        stored.updated_by = by.id
        stored.updated_at = now()
        s.flush()
        audit(s, by, "import.mapping_save", "import_mapping", stored.id, name=mapping.name)
    import_queries.forget()
