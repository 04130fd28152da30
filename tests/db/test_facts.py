"""The SLA facts kept beside the complaints (``complaint_stages``, ``sla_days``, ``sla_intake_hours``,
``sla_agent_days``)
stay equal to a recount from the complaints after every kind of write, on both stores; and the
figures read from the rollups equal the figures read deadline by deadline and a recount in pandas."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import select, update

from db import facts, rebuild_facts
from db.engine import engine, session_scope
from db.models import Complaint, ComplaintStage, SlaAgentDay, SlaDay, SlaIntakeHour
from db.queries import overview, run, sla
from db.queries.sla_expr import _from_deadlines, _rollup_for, deadline_counts
from db.services import imports as imports_svc
from db.services import settings
from domain.codes import STAGES
from domain.filters import Filters
from domain.imports import ImportMapping
from domain.tabular import read_table
from domain.users import CurrentUser
from tests.helpers import AS_OF, seeded_copy

ADMIN = CurrentUser(id=1, username="admin", display_name="管理员", role="admin")
TWELVE_WEEKS = Filters(date(2026, 8, 31), date(2026, 11, 23))
FACT_TABLES = (ComplaintStage, SlaDay, SlaIntakeHour, SlaAgentDay)


@pytest.fixture
def seeded(store_url: str, use_store) -> str:
    seeded_copy(store_url, complaints=400)
    return use_store(store_url)


def _contents() -> dict[str, pd.DataFrame]:
    """Every fact table's rows (rollup rows counting nothing left out), in a stable order."""
    out = {}
    for model in FACT_TABLES:
        frame = run.frame(select(model))
        if "deadlines" in frame:
            frame = frame[frame["deadlines"] != 0]
        keys = [c.name for c in model.__table__.primary_key.columns]
        out[model.__tablename__] = frame.sort_values(keys).reset_index(drop=True)
    return out


def _recounted() -> dict[str, pd.DataFrame]:
    """The fact tables as a full rebuild from the complaints makes them (rolled back afterwards)."""
    with engine().connect() as conn, conn.begin() as tx:
        facts.rebuild(conn)
        out = {}
        for model in FACT_TABLES:
            keys = [c.name for c in model.__table__.primary_key.columns]
            frame = pd.read_sql(select(model), conn)
            out[model.__tablename__] = frame.sort_values(keys).reset_index(drop=True)
        tx.rollback()
    return out


def _assert_facts_match_complaints() -> None:
    kept, recounted = _contents(), _recounted()
    for table, frame in recounted.items():
        pd.testing.assert_frame_equal(kept[table], frame, check_dtype=False, obj=table)


def test_the_seed_writes_the_facts_of_every_complaint(seeded: str) -> None:
    stages = run.frame(select(ComplaintStage.complaint_id, ComplaintStage.stage))
    complaints = run.frame(select(Complaint.id))
    assert len(stages) == len(complaints) * len(STAGES)
    _assert_facts_match_complaints()


def test_facts_follow_orm_writes_bulk_updates_and_retimes(seeded: str) -> None:
    with session_scope() as s:
        open_cases = s.scalars(select(Complaint).where(Complaint.status != "archive").order_by(Complaint.id)).all()
        first, second, third, fourth = open_cases[:4]
        first.level = "L1"  # a level change moves its deadlines to another rollup key
        second.team_id = None  # no team: the rollup key 0
        third.duplicate_of_id = first.id  # a duplicate stops counting
        stage = STAGES[STAGES.index(fourth.status) + 1] if fourth.status in STAGES[:-1] else STAGES[0]
        setattr(fourth, f"{stage}_at", getattr(fourth, f"{stage}_due_at") - timedelta(minutes=5))
        new = Complaint(
            **{c.name: getattr(first, c.name) for c in Complaint.__table__.columns if c.name not in ("id", "ref_no")},
        )
        new.ref_no, new.idempotency_token, new.external_id = "TS2026112399999", None, None
        s.add(new)
    _assert_facts_match_complaints()

    with session_scope() as s:  # a bulk UPDATE fires no listener: the writer refreshes
        moved = s.execute(
            select(Complaint.id, Complaint.notify_due_at).where(Complaint.status != "archive").limit(5)
        ).all()
        s.execute(update(Complaint), [{"id": cid, "notify_due_at": due + timedelta(days=1)} for cid, due in moved])
        facts.refresh_cases(s, [cid for cid, _ in moved])
    _assert_facts_match_complaints()

    settings.save_sla_target(
        ADMIN, stage="verify", level=None, channel=None, amount=1, unit="business_days", anchor="previous"
    )
    _assert_facts_match_complaints()


def test_rollup_figures_equal_the_deadline_by_deadline_figures(seeded: str) -> None:
    now = AS_OF
    agents = tuple(run.frame(select(Complaint.agent_id).where(Complaint.agent_id.is_not(None)).limit(2))["agent_id"])
    for f in (
        TWELVE_WEEKS,
        replace(TWELVE_WEEKS, levels=("L2",), channels=("phone", "app")),
        replace(TWELVE_WEEKS, city_ids=(1, 2)),
        replace(TWELVE_WEEKS, agent_ids=agents, team_ids=(1, 2, 3)),
    ):
        for keys in (sla.HEATMAP_KEYS, ("weekday", "hour"), ("stage",), ("day",), ("agent_id",), ("agent_id", "week")):
            got = deadline_counts(f, now, keys).sort_values(list(keys)).reset_index(drop=True)
            raw = run.frame(_from_deadlines(f, now, keys))
            for key in {"day", "week"} & set(keys):
                raw[key] = [facts.day_of(int(n)) for n in raw[key]]
            raw = raw.sort_values(list(keys)).reset_index(drop=True)
            pd.testing.assert_frame_equal(got, raw, check_dtype=False)


def test_sla_by_stage_equals_a_recount_in_pandas(seeded: str) -> None:
    """The definition written out again over the complaints' own columns: met when done by the due
    time; breached when done late or open past due; not counted while open and not yet due."""
    now = pd.Timestamp(AS_OF)
    rows = run.frame(select(Complaint).where(Complaint.duplicate_of_id.is_(None)))
    lo, hi = pd.Timestamp(TWELVE_WEEKS.start), pd.Timestamp(TWELVE_WEEKS.end + timedelta(days=1))
    expected = []
    for stage in STAGES:
        due, done = rows[f"{stage}_due_at"], rows[f"{stage}_at"]
        decided = (due >= lo) & (due < hi) & (done.notna() | (due < now))
        expected.append({"stage": stage, "due": int(decided.sum()), "met": int((decided & (done <= due)).sum())})
    got = overview.sla_by_stage.__wrapped__(TWELVE_WEEKS, now)
    assert got.to_dict("records") == expected
    assert sum(r["due"] for r in expected) > 0


def test_the_rebuild_command_recounts_facts_left_behind(seeded: str, capsys: pytest.CaptureFixture[str]) -> None:
    with engine().begin() as conn:  # a writer outside the app that changed complaints behind the facts
        conn.execute(update(Complaint).values(level="L1"))
    rebuild_facts.main()
    assert capsys.readouterr().out.startswith("complaint_stages=2000 loyalty_months=")
    _assert_facts_match_complaints()
    assert set(run.frame(select(ComplaintStage.level))["level"]) == {"L1"}


def test_agent_figures_come_from_the_agents_rollup_except_for_one_persons_cases() -> None:
    assert _rollup_for(TWELVE_WEEKS, ("agent_id",)) is SlaAgentDay
    assert _rollup_for(replace(TWELVE_WEEKS, agent_ids=(7,), channels=("app",)), ("agent_id", "week")) is SlaAgentDay
    assert _rollup_for(TWELVE_WEEKS, ("agent_id", "stage")) is None  # the agents' rollup has no stage
    staff = replace(TWELVE_WEEKS, scope=replace(TWELVE_WEEKS.scope, owner_id=3))
    assert _rollup_for(staff, ("agent_id",)) is None  # one's own cases: deadline by deadline


IMPORT_MAPPING = {
    "name": "热线",
    "columns": {
        "external_id": "工单号",
        "received_at": "受理时间",
        "channel": "渠道",
        "city": "城市",
        "description": "投诉内容",
        "ack_at": "受理完成",
        "archive_at": "办结时间",
    },
    "values": {"channel": {"热线": "phone", "APP": "app"}},
    "defaults": {"category": "suggest", "level": "suggest"},
}


def _export(rows: int, offset: int) -> bytes:
    """Open and handled cases over a few weeks, in two channels and two cities."""
    lines = ["工单号,受理时间,渠道,城市,投诉内容,受理完成,办结时间"]
    for n in range(rows):
        received = AS_OF - timedelta(days=3 + (n * 5) % 60, hours=n % 9)
        acked = f"{received + timedelta(hours=2):%Y/%m/%d %H:%M}" if n % 2 else ""
        closed = f"{received + timedelta(days=n % 12 + 1):%Y-%m-%d %H:%M}" if n % 4 == 1 else ""
        channel, city = ("热线", "上海") if n % 3 else ("APP", "北京")
        lines.append(
            f"{offset + n},{received:%Y-%m-%d %H:%M},{channel},{city},第 {n} 次：利息算得太高,{acked},{closed}"
        )
    return "\r\n".join(lines).encode()


def test_an_import_counts_its_deadlines_into_the_rollups_once(seeded: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Written in several chunks, counted at the end: the facts equal a recount, and a second file of
    the same source and a re-import add exactly their own deadlines."""
    monkeypatch.setattr(imports_svc, "WRITE_CHUNK", 7)
    mapping = ImportMapping.from_json(IMPORT_MAPPING)
    first = imports_svc.import_table(read_table(_export(40, 1), "a.csv"), mapping, imports_svc.SYSTEM)
    assert first.imported == 40
    _assert_facts_match_complaints()
    second = imports_svc.import_table(read_table(_export(40, 21), "b.csv"), mapping, imports_svc.SYSTEM)
    assert (second.imported, second.duplicates) == (20, 20)
    _assert_facts_match_complaints()
