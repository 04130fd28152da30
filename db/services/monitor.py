"""System monitoring (系统数据监测, seed 004): the contact log judged by the conduct rules, each breach
kept as evidence and raised as an early warning, one per debtor, rule and day.

A run evaluates the contacts logged since the last run (the watermark: the highest contact id a run
evaluated), or every contact from a given moment (``since``), in SQL and outside any lock. It then
writes in one transaction that concurrent runs take in turn (SQLite's write lock; a PostgreSQL
advisory lock): the breaches not yet stored (their key is the contact and the rule), a new warning
for each debtor, rule and day that has none (source "system", the agent and the agent's team
named, status submitted, so the team head signs it off like any report), new evidence and a new
score on the warnings that exist, the run with its watermark and an audit row. Running again finds
nothing new; a run that raced another stores only what the other did not.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from db.clock import now
from db.dialect import day_start, serialise_writers
from db.engine import engine, session_scope
from db.models import (
    Agent,
    Complaint,
    ConductBreach,
    ConductRule,
    ContactLog,
    Customer,
    EarlyWarning,
    MonitorRun,
    Team,
    User,
    WarningEvent,
)
from db.queries import agents as agent_queries
from db.queries import conduct as q
from db.queries import warnings as warning_queries
from db.services.common import InputError, audit, require
from db.services.refs import next_ref
from db.services.warnings import REF_DIGITS, REF_PREFIX
from domain import conduct
from domain.risk import risk_level
from domain.users import CurrentUser

MONITOR_ROLES = frozenset({"prevention", "admin"})
LOCK_KEY = "conduct-monitor"
CHUNK = 900  # values per IN (...) list: below SQLite's default limit of variables
SYSTEM_USERNAME = "system"
SYSTEM_NAME = "系统数据监测"  # the reporter the ledger names for monitoring warnings
CREATED_NOTE = "系统数据监测自动生成预警，待部门负责人审核"


@dataclass(frozen=True)
class RunResult:
    run_id: int
    contacts: int  # contacts evaluated: logged since the last run (or from ``since``)
    breaches: int  # rule matches stored for the first time
    warnings_created: int
    warnings_updated: int  # existing warnings that received new evidence

    def figures(self) -> dict[str, int]:
        """The counts under the names a stored run (``MonitorRun``) gives them."""
        return {
            "contacts": self.contacts,
            "breaches": self.breaches,
            "warnings_created": self.warnings_created,
            "warnings_updated": self.warnings_updated,
        }

    def summary_line(self) -> str:
        return (
            f"contacts={self.contacts} breaches={self.breaches} "
            f"warnings_created={self.warnings_created} warnings_updated={self.warnings_updated}"
        )


def _reader(conn: Connection | Session) -> q.Rows:
    """The row reader the ``read_*`` helpers take, on this connection or in this transaction."""
    return lambda stmt: conn.execute(stmt).all()


def _found(conn: Connection, since: datetime | None) -> tuple[list[Any], int, int, dict[str, conduct.RuleSetting]]:
    """The breaches among the contacts to evaluate (read outside the write lock), the number of
    those contacts and the contact id the run evaluates up to."""
    settings = q.read_rules(_reader(conn))
    up_to = int(conn.execute(select(func.coalesce(func.max(ContactLog.id), 0))).scalar_one())
    after = q.watermark(_reader(conn))
    c = ContactLog
    if after == 0:  # the first run judges every contact, whatever ``since`` says
        window = q.Window(up_to)
        count = int(conn.execute(select(func.count()).where(c.id <= up_to)).scalar_one())
    else:
        new = (c.id > after) & (c.id <= up_to)
        if since is not None:
            new = new | ((c.at >= since) & (c.id <= up_to))
        count, first, last = conn.execute(select(func.count(), func.min(c.at), func.max(c.at)).where(new)).one()
        if not count:
            return [], 0, up_to, settings
        window = q.Window(up_to, new, first, last)
    return q.evaluate(conn, settings, window), int(count), up_to, settings


def run_monitor(by: CurrentUser | None, since: datetime | None = None) -> RunResult:
    """Evaluate the contacts logged since the last run (and every contact from ``since``, if given),
    store new breaches and raise or update their warnings. ``by`` None is the scheduler."""
    if by is not None:
        require(by, MONITOR_ROLES, "monitor.run")
    started = now()
    with engine().connect() as conn:
        found, contacts, up_to, settings = _found(conn, since)
    with session_scope() as s:
        serialise_writers(s, LOCK_KEY)
        new_breaches = _store_breaches(s, found)
        created, updated = _raise_warnings(s, new_breaches, settings) if len(new_breaches) else (0, 0)
        last = max(up_to, q.watermark(_reader(s)))
        run = MonitorRun(
            started_at=started,
            finished_at=now(),
            user_id=by.id if by else None,
            since=since,
            last_contact_id=last,
            contacts=contacts,
            breaches=len(new_breaches),
            warnings_created=created,
            warnings_updated=updated,
        )
        s.add(run)
        s.flush()
        audit(
            s,
            by,
            "monitor.run",
            "monitor_runs",
            run.id,
            since=since.isoformat() if since else None,
            contacts=contacts,
            breaches=len(new_breaches),
            warnings_created=created,
            warnings_updated=updated,
            last_contact_id=last,
        )
        result = RunResult(run.id, contacts, len(new_breaches), created, updated)
    if result.breaches:
        for read in (agent_queries.scorecards, agent_queries.weekly):
            read.clear()
        warning_queries.forget()
    q.forget()
    return result


def _insert_ignoring_duplicates(s: Session, rows: list[dict[str, Any]]) -> None:
    make = postgresql_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert
    for lo in range(0, len(rows), 5_000):
        s.execute(
            make(ConductBreach).on_conflict_do_nothing(index_elements=["contact_id", "rule"]), rows[lo : lo + 5_000]
        )


def _store_breaches(s: Session, found: list[Any]) -> pd.DataFrame:
    """Store the breaches not stored yet; returns those (no warning yet) with their agent, team and city."""
    if found:
        keys = ("contact_id", "rule", "customer_id", "agent_id", "team_id", "at")
        _insert_ignoring_duplicates(s, [dict(zip(keys, row)) for row in found])
    b = ConductBreach
    stmt = (
        select(b.contact_id, b.rule, b.customer_id, b.agent_id, b.team_id, b.at, Agent.code, Team.name, Team.city_id)
        .join(Agent, Agent.id == b.agent_id)
        .join(Team, Team.id == b.team_id)
        .where(b.warning_id.is_(None))
        .order_by(b.at, b.contact_id)
    )
    frame = pd.DataFrame(s.execute(stmt).all(), columns=[c.name for c in stmt.selected_columns])
    frame["day"] = [conduct.beijing(at).date() for at in frame["at"]]
    return frame


def _system_user(s: Session) -> int:
    """The reporter of monitoring warnings: a disabled account nobody signs in with (made on first use)."""
    found = s.scalar(select(User.id).where(User.username == SYSTEM_USERNAME))
    if found is not None:
        return int(found)
    user = User(username=SYSTEM_USERNAME, display_name=SYSTEM_NAME, email=None, role="staff", active=False)
    s.add(user)
    s.flush()
    return user.id


Key = tuple[int, str, date]


def _existing(s: Session, keys: set[Key]) -> dict[Key, tuple[int, str, str]]:
    """The monitoring warnings already raised for these keys: id, agent code and team name."""
    w = EarlyWarning
    days = sorted({k[2] for k in keys})
    out: dict[Key, tuple[int, str, str]] = {}
    for lo in range(0, len(days), CHUNK):
        stmt = (
            select(w.customer_id, w.rule, w.breach_day, w.id, func.coalesce(Agent.code, ""), Team.name)
            .outerjoin(Agent, Agent.id == w.agent_id)
            .join(Team, Team.id == w.team_id)
            .where(w.rule.is_not(None), w.breach_day.in_(days[lo : lo + CHUNK]))
        )
        for customer, rule, day, wid, agent, team in s.execute(stmt):
            if (customer, rule, day) in keys:
                out[(int(customer), rule, day)] = (int(wid), agent, team)
    return out


def _customers(s: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Name, phone, debt, overdue days, cooperation and complaint count of each debtor."""
    out: dict[int, dict[str, Any]] = {}
    c = Customer
    for lo in range(0, len(ids), CHUNK):
        chunk = ids[lo : lo + CHUNK]
        for row in s.execute(
            select(c.id, c.name, c.phone, c.debt_amount, c.overdue_days, c.cooperation).where(c.id.in_(chunk))
        ):
            out[int(row.id)] = dict(row._mapping) | {"complaints": 0}
        for customer, n in s.execute(
            select(Complaint.customer_id, func.count())
            .where(Complaint.customer_id.in_(chunk), Complaint.duplicate_of_id.is_(None))
            .group_by(Complaint.customer_id)
        ):
            out[int(customer)]["complaints"] = int(n)
    return out


def _refs(s: Session, day: date, count: int) -> list[str]:
    """``count`` consecutive ledger numbers of ``day`` (the allocation lock is held to the commit)."""
    first = next_ref(s, EarlyWarning.ref_no, REF_PREFIX, day, REF_DIGITS)
    stem = f"{REF_PREFIX}{day:%Y%m%d}"
    seq = int(first[len(stem) :])
    return [f"{stem}{seq + k:0{REF_DIGITS}d}" for k in range(count)]


def _raise_warnings(s: Session, breaches: pd.DataFrame, settings: dict[str, conduct.RuleSetting]) -> tuple[int, int]:
    """A warning per new (debtor, rule, day), new evidence on the existing ones; returns (created, updated)."""
    at = now()
    reporter = _system_user(s)
    groups = {(int(k[0]), str(k[1]), k[2]): g for k, g in breaches.groupby(["customer_id", "rule", "day"], sort=True)}
    existing = _existing(s, set(groups))
    fresh = [k for k in groups if k not in existing]
    people = _customers(s, sorted({k[0] for k in fresh}))
    rows = []
    for key, ref in zip(fresh, _refs(s, at.date(), len(fresh))):
        customer_id, rule, day = key
        first = groups[key].iloc[0]
        person, setting, n = people[customer_id], settings[rule], len(groups[key])
        score = conduct.warning_score(setting.weight, n)
        rows.append(
            {
                "ref_no": ref,
                "customer_id": customer_id,
                "customer_name": person["name"],
                "contact": person["phone"],
                "debt_amount": Decimal(person["debt_amount"]),
                "overdue_days": int(person["overdue_days"]),
                "source": "system",
                "reported_at": at,
                "risk_score": score,
                "risk_level": risk_level(score),
                "suggestion": conduct.RULES[rule].suggestion,
                "complaint_history": person["complaints"],
                "attitude": conduct.attitude_from_cooperation(float(person["cooperation"])),
                "description": conduct.description(setting, day, n, first["code"], first["name"]),
                "reporter_id": reporter,
                "team_id": int(first["team_id"]),
                "city_id": int(first["city_id"]),
                "status": "submitted",
                "rule": rule,
                "breach_day": day,
                "agent_id": int(first["agent_id"]),
            }
        )
    if rows:
        s.execute(insert(EarlyWarning), rows)
    _attach(s)
    ids = _existing(s, set(groups))
    events = [
        {"warning_id": ids[k][0], "at": at, "kind": "submitted", "actor_id": reporter, "note": CREATED_NOTE}
        for k in fresh
    ]
    changed = [k for k in groups if k in existing]
    if changed:
        totals = _evidence_counts(s, [existing[k][0] for k in changed])
        for key in changed:
            wid, agent, team = existing[key]
            setting, n = settings[key[1]], totals[wid]
            score = conduct.warning_score(setting.weight, n)
            s.execute(
                update(EarlyWarning)
                .where(EarlyWarning.id == wid)
                .values(
                    risk_score=score,
                    risk_level=risk_level(score),
                    description=conduct.description(setting, key[2], n, agent, team),
                )
            )
            events.append(
                {
                    "warning_id": wid,
                    "at": at,
                    "kind": "evidence",
                    "actor_id": reporter,
                    "note": f"新增 {len(groups[key])} 条违规联系记录，累计 {n} 条",
                }
            )
    if events:
        s.execute(insert(WarningEvent), events)
    return len(fresh), len(changed)


def _attach(s: Session) -> None:
    """Every breach without a warning gets the warning of its debtor, rule and day (one UPDATE)."""
    b, w = ConductBreach, EarlyWarning
    owner = (
        select(w.id)
        .where(w.rule == b.rule, w.customer_id == b.customer_id, w.breach_day == day_start(b.at))
        .scalar_subquery()
    )
    s.execute(
        update(b).where(b.warning_id.is_(None)).values(warning_id=owner).execution_options(synchronize_session=False)
    )


def _evidence_counts(s: Session, warning_ids: list[int]) -> dict[int, int]:
    out: dict[int, int] = defaultdict(int)
    for lo in range(0, len(warning_ids), CHUNK):
        chunk = warning_ids[lo : lo + CHUNK]
        for wid, n in s.execute(
            select(ConductBreach.warning_id, func.count())
            .where(ConductBreach.warning_id.in_(chunk))
            .group_by(ConductBreach.warning_id)
        ):
            out[int(wid)] = int(n)
    return out


# --------------------------------------------------------------------------- the admin's settings

ADMINS = frozenset({"admin"})


def save_rules(by: CurrentUser, rows: dict[str, dict[str, object]]) -> None:
    """Store every rule's on/off, risk weight and parameters (admins only), audited before and after.
    Later runs judge by them; breaches and warnings already stored stay as they were."""
    require(by, ADMINS, "monitor.rules")
    clean, problems = conduct.checked_settings(rows)
    if problems:
        raise InputError(problems)
    at = now()
    with session_scope() as s:
        stored = {r.code: r for r in s.scalars(select(ConductRule))}
        before = {code: _as_json(setting) for code, setting in q.read_rules(_reader(s)).items()}
        for code, setting in clean.items():
            row = stored.get(code) or ConductRule(code=code)
            row.enabled, row.weight, row.params = setting.enabled, setting.weight, dict(setting.params)
            row.updated_by, row.updated_at = by.id, at
            s.add(row)
        audit(
            s,
            by,
            "monitor.rules",
            "conduct_rules",
            None,
            before=before,
            after={c: _as_json(v) for c, v in clean.items()},
        )
    q.forget()


def _as_json(setting: conduct.RuleSetting) -> dict[str, object]:
    return {"enabled": setting.enabled, "weight": setting.weight, **setting.params}
