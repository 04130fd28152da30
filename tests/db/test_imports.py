"""Complaint imports on SQLite and PostgreSQL: every file shape stores the same records once, a
re-import or an Excel re-save adds nothing, a failure stores nothing, saved mappings by name.

The store: 上海 (1), 北京 (2), 杭州 (3), one prevention officer, one staff member; the fixture
files are tests/import_files.py (three of four records kept by the mapping's ``where``)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select, text

from db import migrate
from db.engine import session_scope
from db.models import AuditLog, City, Complaint, ComplaintEvent, ComplaintStage, User
from db.queries import imports as import_queries
from db.queries import sla_config
from db.services import imports as svc
from db.services.common import InputError, PermissionDenied
from domain.codes import STAGES
from domain.imports import ImportMapping
from domain.sla import stage_due_times
from domain.tabular import read_table
from domain.users import CurrentUser
from migrations.guard import DataLossRefused
from tests import import_files as files
from tests.db.builders import customer, insert

OFFICER = CurrentUser(id=1, username="prev", display_name="防控专员", role="prevention")
STAFF = CurrentUser(id=2, username="staff", display_name="员工", role="staff")
MAPPING = ImportMapping.from_json(files.MAPPING)


@pytest.fixture
def store(make_store) -> str:
    return make_store(
        [
            City(id=1, name="上海", name_en="Shanghai", province="上海市", province_en="Shanghai"),
            City(id=2, name="北京", name_en="Beijing", province="北京市", province_en="Beijing"),
            City(id=3, name="杭州", name_en="Hangzhou", province="浙江省", province_en="Zhejiang"),
            *(User(id=u.id, username=u.username, display_name=u.display_name, role=u.role) for u in (OFFICER, STAFF)),
        ]
    )


def _count(model: type, *where: object) -> int:
    with session_scope() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_every_shape_of_the_same_records_is_stored_once(store: str) -> None:
    steps: list[tuple[int, int]] = []
    first = svc.import_table(
        read_table(files.csv_bytes("utf-8"), "a.csv"), MAPPING, OFFICER, progress=lambda d, t: steps.append((d, t))
    )
    assert (first.imported, first.duplicates, first.rejected, first.left_out) == (3, 0, 0, 1)
    assert first.summary_line() == "imported=3 duplicates=0 rejected=0"
    assert steps == [(0, 3), (3, 3)]  # checked, then written
    assert first.refs() == ["TS2026031800001", "TS2026031900001", "TS2026032000001"]
    with session_scope() as s:
        stored = s.scalars(select(Complaint).order_by(Complaint.id)).all()
        assert [(c.external_id, c.channel, c.category, c.level, c.city_id) for c in stored] == [
            ("123", "phone", "interest_dispute", "L2", 1),
            ("124", "app", "violent_collection", "L1", 2),
            ("125", "regulator", "night_calls", "L2", 3),
        ]
        c = stored[1]
        assert c.exec_reported and c.status == "received" and c.handler_id == OFFICER.id
        assert c.description == "催收员威胁要上门，\n还说要打给家人"
        dues = stage_due_times(c.received_at, c.level, c.channel, sla_config.policy(), sla_config.calendar())
        assert {s_: getattr(c, f"{s_}_due_at") for s_ in STAGES} == dues
    assert _count(ComplaintEvent, ComplaintEvent.kind == "received") == 3
    with session_scope() as s:
        detail = s.scalar(select(AuditLog.detail).where(AuditLog.action == "complaint.import"))
    assert detail is not None and detail["imported"] == 3 and detail["left_out"] == 1

    # The same file again, the records re-saved by Excel (GBK, ids without zeros, other dates),
    # with junk lines above, as a workbook and as JSON: nothing new.
    for data, name in [
        (files.csv_bytes("utf-8"), "a.csv"),
        (files.excel_resave_csv(), "resaved.csv"),
        (files.csv_bytes("gb18030", bom=False, junk=("投诉明细导出",)), "b.csv"),
        (files.xlsx_bytes(), "c.xlsx"),
        (files.json_bytes(), "d.json"),
    ]:
        again = svc.import_table(read_table(data, name), MAPPING, OFFICER)
        assert (again.imported, again.duplicates) == (0, 3), name
        # Each duplicate names the stored case it repeats.
        assert [r.ref_no for r in again.rows if r.outcome == "duplicate"] == first.refs(), name
    assert _count(Complaint) == 3 and _count(ComplaintEvent) == 3


def test_a_dry_run_reports_every_row_and_stores_nothing(store: str) -> None:
    text = (
        files.csv_text()
        + "000127,明天,热线,利率争议,广州,,描述,信用贷\r\n000123,2026/3/18,热线,利率争议,上海,,重复,信用贷\r\n"
    )
    result = svc.import_table(read_table(text.encode(), "a.csv"), MAPPING, OFFICER, dry_run=True)
    assert [(r.row, r.outcome) for r in result.rows] == [
        (1, "import"),
        (2, "import"),
        (3, "import"),
        (4, "left_out"),
        (5, "rejected"),
        (6, "duplicate"),  # the same id earlier in the file
    ]
    assert [k for k, _ in result.rows[4].problems] == ["import.reject.received_at"]
    assert result.refs() == [] and _count(Complaint) == 0 and _count(AuditLog) == 0


def test_unknown_names_are_rejections_and_valid_rows_still_import(store: str) -> None:
    mapping = ImportMapping.from_json({**files.MAPPING, "defaults": {"channel": "offline", "category": "suggest"}})
    text = files.csv_text() + "000130,2026/3/22,热线,利率争议,广州,C00000999,描述,信用贷\r\n"
    result = svc.import_table(read_table(text.encode(), "a.csv"), mapping, OFFICER)
    assert result.summary_line() == "imported=3 duplicates=0 rejected=1"
    assert [k for k, _ in result.rows[-1].problems] == ["import.reject.city_unknown", "import.reject.customer_unknown"]
    assert _count(Complaint) == 3


def test_a_failure_half_way_stores_nothing(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(svc, "WRITE_CHUNK", 1)

    def fail_on_second(done: int, total: int) -> None:
        if done == 2:
            raise RuntimeError("the connection dropped")

    with pytest.raises(RuntimeError):
        svc.import_table(read_table(files.csv_bytes(), "a.csv"), MAPPING, OFFICER, progress=fail_on_second)
    assert _count(Complaint) == 0 and _count(ComplaintEvent) == 0 and _count(AuditLog) == 0


def test_bad_files_and_roles_are_refused_before_anything_is_stored(store: str) -> None:
    lacking = ImportMapping.from_json({**files.MAPPING, "columns": {**files.MAPPING["columns"], "team": "小组"}})
    with pytest.raises(InputError) as exc:
        svc.import_table(read_table(files.csv_bytes(), "a.csv"), lacking, OFFICER)
    assert exc.value.problems == [("import.err.missing_columns", {"names": "小组"})]
    with pytest.raises(PermissionDenied):
        svc.import_table(read_table(files.csv_bytes(), "a.csv"), MAPPING, STAFF)
    with pytest.raises(PermissionDenied):
        svc.save_mapping(MAPPING, STAFF)
    assert _count(Complaint) == 0


def test_mappings_are_saved_and_loaded_by_name(store: str) -> None:
    assert import_queries.mapping_names() == []
    svc.save_mapping(MAPPING, OFFICER)
    changed = ImportMapping.from_json({**files.MAPPING, "defaults": {"channel": "phone"}})
    svc.save_mapping(changed, OFFICER)  # the same name replaces it
    assert import_queries.mapping_names() == [MAPPING.name]
    assert import_queries.mapping(MAPPING.name) == changed
    assert import_queries.mapping("没有这个") is None


def test_undoing_the_migration_refuses_while_imported_complaints_exist(store: str) -> None:
    svc.import_table(read_table(files.csv_bytes(), "a.csv"), MAPPING, OFFICER)
    with pytest.raises(DataLossRefused) as refused:
        migrate.downgrade("0006")
    assert refused.value.rows == {"complaints.source": 3}
    assert migrate.current_revision() == migrate.head_revision() and _count(Complaint) == 3


# --- complainants by code, phone or name; cases the source system already handled ----------------

HANDLED = ImportMapping.from_json(
    {
        "name": "热线工单系统",
        "columns": {
            "external_id": "工单号",
            "received_at": "受理时间",
            "city": "城市",
            "customer_code": "客户编号",
            "customer_phone": "电话",
            "customer_name": "客户姓名",
            "description": "投诉内容",
            "status": "状态",
            "ack_at": "受理完成",
            "archive_at": "办结时间",
        },
        "values": {"status": {"已办结": "archive", "处理中": "ack", "新建": "received"}},
        "defaults": {"channel": "phone", "category": "interest_dispute", "level": "L3"},
    }
)
HANDLED_HEADER = "工单号,受理时间,城市,客户编号,电话,客户姓名,投诉内容,状态,受理完成,办结时间\r\n"


@pytest.fixture
def customers(store: str) -> str:
    """张三 (C00000001) of 上海; 李四 and 赵六 of 北京 sharing one phone; two 王五 of 上海."""
    insert(
        [
            customer(1, city=1, name="张三", phone="13800000001"),
            customer(2, city=2, name="李四", phone="13800000002"),
            customer(3, city=2, name="赵六", phone="13800000002"),
            customer(4, city=1, name="王五", phone="13800000004"),
            customer(5, city=1, name="王五", phone="13800000005"),
        ]
    )
    return store


def test_complainants_are_found_by_code_phone_or_name_and_a_name_must_agree(customers: str) -> None:
    text = HANDLED_HEADER + "".join(
        f"{n},2026-03-18 09:00,{city},{code},{phone},{name},描述{n},新建,,\r\n"
        for n, city, code, phone, name in [
            (1, "上海", "C00000001", "", "张三"),  # code, name agrees
            (2, "上海", "C00000001", "", "李四"),  # code, name does not
            (3, "北京", "", "13800000002", "赵六"),  # a shared phone: the name picks the second owner
            (4, "北京", "", "13800000002", ""),  # a shared phone alone: its first owner
            (5, "上海", "", "", "张三"),  # a name alone, one such customer in the city
            (6, "北京", "", "", "张三"),  # ... none in this city
            (7, "上海", "", "", "王五"),  # ... two in this city
            (8, "北京", "", "13800000002", "张三"),  # the phone's owners are not named so
        ]
    )
    result = svc.import_table(read_table(text.encode(), "a.csv"), HANDLED, OFFICER)
    assert [(r.row, r.outcome, [k for k, _ in r.problems]) for r in result.rows if r.outcome != "import"] == [
        (2, "rejected", ["import.reject.customer_name"]),
        (6, "rejected", ["import.reject.customer_name_unknown"]),
        (7, "rejected", ["import.reject.customer_name_ambiguous"]),
        (8, "rejected", ["import.reject.customer_name"]),
    ]
    assert result.rows[6].problems[0][1] == {"value": "王五", "count": 2}
    with session_scope() as s:
        linked = dict(s.execute(select(Complaint.external_id, Complaint.customer_id)).tuples().all())
    assert linked == {"1": 1, "3": 3, "4": 2, "5": 1}


def test_cases_the_source_system_handled_keep_its_times_status_and_timeline(store: str) -> None:
    text = HANDLED_HEADER + (
        "1,2026-03-18 09:00,上海,,,,已办结的投诉,已办结,2026-03-18 10:00,2026-03-25 17:00\r\n"
        "2,2026-03-18 09:00,上海,,,,处理中的投诉,处理中,2026/3/18 9:30,\r\n"
        "3,2026-03-18 09:00,上海,,,,已办结但没有时间,已办结,,\r\n"
        "4,2026-03-18 09:00,上海,,,,新建的投诉,,,\r\n"
    )
    result = svc.import_table(read_table(text.encode(), "a.csv"), HANDLED, OFFICER)
    assert result.summary_line() == "imported=3 duplicates=0 rejected=1"
    assert result.rows[2].problems == (
        ("import.reject.status_undated", {"value": "已办结", "stage": "import.f.archive_at"}),
    )
    policy, calendar = sla_config.policy(), sla_config.calendar()
    with session_scope() as s:
        closed, open_, new = s.scalars(select(Complaint).order_by(Complaint.external_id)).all()
        assert (closed.status, open_.status, new.status) == ("archive", "ack", "received")
        assert closed.ack_at == datetime.fromisoformat("2026-03-18 10:00")
        assert [getattr(closed, f"{stage}_at") for stage in STAGES[1:]] == [
            datetime.fromisoformat("2026-03-25 17:00")
        ] * 4
        assert open_.ack_at == datetime.fromisoformat("2026-03-18 09:30") and open_.verify_at is None
        done = {stage: getattr(open_, f"{stage}_at") for stage in STAGES}
        dues = stage_due_times(open_.received_at, open_.level, open_.channel, policy, calendar, done=done)
        assert {stage: getattr(open_, f"{stage}_due_at") for stage in STAGES} == dues
        # The SLA facts know the completions: the closed case has no open deadline left.
        open_stages = dict(
            s.execute(
                select(ComplaintStage.ref_no, func.count())
                .where(ComplaintStage.done_at.is_(None))
                .group_by(ComplaintStage.ref_no)
            )
            .tuples()
            .all()
        )
        assert open_stages == {open_.ref_no: 4, new.ref_no: 5}
        timeline = s.execute(
            select(ComplaintEvent.kind, ComplaintEvent.stage, ComplaintEvent.at)
            .where(ComplaintEvent.complaint_id == closed.id)
            .order_by(ComplaintEvent.at, ComplaintEvent.id)
        ).all()
    assert [(kind, stage) for kind, stage, _ in timeline] == [
        ("received", None),
        ("stage", "ack"),
        *(("stage", stage) for stage in STAGES[1:]),
    ]
    assert _count(ComplaintEvent) == 1 + 5 + 2 + 1
    again = svc.import_table(read_table(text.encode(), "a.csv"), HANDLED, OFFICER)
    assert (again.imported, again.duplicates) == (0, 3) and _count(ComplaintEvent) == 9


def test_a_large_import_gives_the_planner_fresh_statistics(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Statistics from before the import would make the next import's duplicate lookups scan."""
    monkeypatch.setattr(svc, "ANALYZE_AFTER", files.IMPORTED)
    svc.import_table(read_table(files.csv_bytes(), "a.csv"), MAPPING, OFFICER)
    with session_scope() as s:
        if store.startswith("sqlite"):
            stat = s.scalar(text("SELECT stat FROM sqlite_stat1 WHERE idx = 'uq_complaints_source_external_id'"))
            assert stat is not None and stat.split()[0] == str(files.IMPORTED)
        else:
            tuples = s.scalar(text("SELECT reltuples FROM pg_class WHERE oid = 'complaints'::regclass"))
            assert tuples == files.IMPORTED
