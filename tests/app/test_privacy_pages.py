"""Audited unmask on the case and ledger pages, and the admin's audit log page: customers are masked
until prevention or admin gives a reason; the reveal is in the audit log, which the admin filters."""

from __future__ import annotations

import ast
import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from components import auth
from components.labels import LABELS
from db.engine import session_scope
from db.models import AuditLog, Complaint, Customer, EarlyWarning
from db.queries import audit as audit_q
from db.services import access
from tests.app.helpers import CLEAR_PHONE, Builders, rendered_text
from tests.helpers import ROOT

CASES, LEDGER, AUDIT = "pages/cases.py", "pages/warning_ledger.py", "pages/audit_log.py"
REASON = "客户来电要求核对身份"


def a_case() -> tuple[int, str, str, str]:
    """id, reference, customer name and phone of a seeded complaint with a known customer."""
    with session_scope() as s:
        row = s.execute(
            select(Complaint.id, Complaint.ref_no, Customer.name, Customer.phone)
            .join(Customer, Customer.id == Complaint.customer_id)
            .order_by(Complaint.id)
            .limit(1)
        ).one()
    return row[0], row[1], row[2], row[3]


def unmask_rows() -> list[tuple[int | None, str, str | None, dict]]:
    with session_scope() as s:
        return [
            (r.user_id, r.entity, r.entity_id, r.detail)
            for r in s.scalars(select(AuditLog).where(AuditLog.action == access.UNMASK_ACTION).order_by(AuditLog.id))
        ]


def test_prevention_sees_a_case_customer_in_clear_only_after_a_reason(writable_app) -> None:
    case_id, ref, name, phone = a_case()
    at = writable_app(role="prevention", page=CASES, cases_ref=ref)
    assert not at.exception, at.exception
    assert phone not in rendered_text(at) and name not in rendered_text(at)
    reason_box = at.text_input(key=f"privacy_reason_complaint_{case_id}")
    reason_box.input("看看")
    at.button(key=f"privacy_unmask_submit_complaint_{case_id}").click().run()
    assert "至少 4 个字" in at.error[0].value
    assert unmask_rows() == [] and phone not in rendered_text(at)

    at.text_input(key=f"privacy_reason_complaint_{case_id}").input(REASON)
    at.button(key=f"privacy_unmask_submit_complaint_{case_id}").click().run()
    assert not at.exception, at.exception
    shown = rendered_text(at)
    assert phone in shown and name in shown and CLEAR_PHONE.search(shown)
    assert "本次查看已记入审计日志" in shown
    user = at.session_state[auth.USER_KEY]
    assert unmask_rows() == [
        (
            user.id,
            "complaint",
            str(case_id),
            {"fields": ["customer_name", "customer_phone", "customer_id_number"], "reason": REASON},
        )
    ]
    at.run()  # the clear values stay for this session without a second audit row
    assert phone in rendered_text(at) and len(unmask_rows()) == 1


@pytest.mark.parametrize("role", ["staff", "dept_head", "manager", "committee"])
def test_other_roles_never_see_the_unmask_control(app, role: str) -> None:
    _, ref, _, _ = a_case()
    at = app(role=role, page=CASES, cases_ref=ref)
    assert not at.exception, at.exception
    assert not [w for w in at.text_input if str(w.key).startswith("privacy_reason")]
    assert "查看明文" not in rendered_text(at)


def test_admin_reveals_a_warning_customer_in_the_ledger(writable_app) -> None:
    at = writable_app(role="admin", page=LEDGER)
    assert not at.exception, at.exception
    wid = int(at.selectbox(key="ledger_pick").value)
    with session_scope() as s:
        warning = s.get(EarlyWarning, wid)
        name, contact = warning.customer_name, warning.contact
    assert contact not in rendered_text(at)
    at.text_input(key=f"privacy_reason_warning_{wid}").input("回访前核对联系方式")
    at.button(key=f"privacy_unmask_submit_warning_{wid}").click().run()
    assert not at.exception, at.exception
    shown = rendered_text(at)
    assert contact in shown and name in shown
    assert [(entity, record) for _, entity, record, _ in unmask_rows()] == [("early_warnings", str(wid))]
    ledger = at.dataframe[0].value  # the table (and its exports) stays masked
    assert not ledger.iloc[:, 1].str.contains(contact, regex=False).any()


@pytest.mark.parametrize(("lang", "unmask_label"), [("zh", "查看明文"), ("en", "Unmask")])
def test_the_admin_filters_the_audit_log_and_reads_the_detail(writable_app, lang: str, unmask_label: str) -> None:
    case_id, *_ = a_case()
    admin = writable_app(role="admin").session_state[auth.USER_KEY]
    access.unmask(admin, "complaint", case_id, REASON)
    at = writable_app(role="admin", lang=lang, page=AUDIT)
    assert not at.exception, at.exception
    everything = at.dataframe[0].value
    assert len(everything) >= 2  # the demo pick's sign-in is not recorded; the seed's writes and the unmask are
    at = writable_app(role="admin", lang=lang, page=AUDIT, audit_actions=[access.UNMASK_ACTION])
    table = at.dataframe[0].value
    assert len(table) == 1
    row = table.iloc[0]
    assert list(row.iloc[[2, 3, 4]]) == [unmask_label, "投诉工单" if lang == "zh" else "Complaint", str(case_id)]
    assert REASON in row.iloc[5]  # readable JSON, not \\u escapes
    assert REASON in at.code[0].value
    assert any(("共 1 条" if lang == "zh" else "1 entries") in c.value for c in at.caption)


def test_the_audit_log_export_holds_every_filtered_entry_not_one_page(writable_app, deferred: Builders) -> None:
    """More unmasks than a page holds: the table shows one page, both downloads carry them all and
    nothing the filter leaves out; the files are read only when clicked, in the admin's language."""
    admin = writable_app(role="admin").session_state[auth.USER_KEY]
    unmasks = audit_q.PAGE_SIZE + 30
    with session_scope() as s:
        at = s.scalars(select(AuditLog.at).order_by(AuditLog.at.desc()).limit(1)).one()
        s.add_all(
            AuditLog(at=at, user_id=admin.id, action=access.UNMASK_ACTION, entity="complaint", entity_id=str(n))
            for n in range(unmasks)
        )
    app = writable_app(role="admin", lang="en", page=AUDIT, audit_actions=[access.UNMASK_ACTION])
    assert not app.exception, app.exception
    assert len(app.dataframe[0].value) == audit_q.PAGE_SIZE
    csv_build, _ = deferred[app.download_button(key="audit_table_csv").proto.deferred_file_id]
    rows = list(csv.reader(io.StringIO(csv_build().decode("utf-8-sig"))))
    assert rows[0][2] == "Action" and len(rows) == 1 + unmasks
    assert {row[2] for row in rows[1:]} == {"Unmask"}
    assert sorted(int(row[4]) for row in rows[1:]) == list(range(unmasks))
    xlsx_build, _ = deferred[app.download_button(key="audit_table_xlsx").proto.deferred_file_id]
    sheet = load_workbook(io.BytesIO(xlsx_build())).worksheets[0]
    assert sheet.max_row == 1 + unmasks


@pytest.mark.parametrize(("lang", "role_words"), [("zh", "部门负责人"), ("en", "Department head")])
def test_the_audit_detail_names_stored_codes_in_words(
    writable_app, deferred: Builders, lang: str, role_words: str
) -> None:
    """A sign-in's role (a stored code) reads in the user's language in the table, the detail and
    the export, which is built after the run."""
    admin = writable_app(role="admin").session_state[auth.USER_KEY]
    with session_scope() as s:
        at = s.scalars(select(AuditLog.at).order_by(AuditLog.at.desc()).limit(1)).one()
        s.add(
            AuditLog(
                at=at,
                user_id=admin.id,
                action="auth.sign_in",
                entity="user",
                entity_id=str(admin.id),
                detail={"role": "dept_head", "before": {"channel": "phone", "note": "dept_head"}},
            )
        )
    app = writable_app(role="admin", lang=lang, page=AUDIT, audit_actions=["auth.sign_in"])
    assert not app.exception, app.exception
    shown = app.dataframe[0].value.iloc[0, 5]
    assert role_words in shown and role_words in app.code[0].value
    assert "电话热线" in shown if lang == "zh" else "Phone hotline" in shown
    assert '"note": "dept_head"' in shown  # free text under another key is shown as stored
    assert '"role": "dept_head"' not in shown
    csv_build, _ = deferred[app.download_button(key="audit_table_csv").proto.deferred_file_id]
    assert role_words in csv_build().decode("utf-8-sig")


def _audited() -> set[tuple[str, str]]:
    """(action, entity) of every ``audit(session, user, action, entity, …)`` call in the store code
    whose action and entity are written out (the others: ``UNMASK_ACTION`` and its entities)."""
    pairs: set[tuple[str, str]] = set()
    for path in [*(ROOT / "db").rglob("*.py"), *(ROOT / "seed_data").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "audit" and len(node.args) >= 4:
                action, entity = node.args[2], node.args[3]
                if isinstance(action, ast.Constant) and isinstance(entity, ast.Constant):
                    pairs.add((action.value, entity.value))
    return pairs


def test_every_audited_action_and_entity_has_a_name_in_both_languages() -> None:
    """An action or entity without a label shows as its code (``complaint.import``) in the log."""
    pairs = _audited() | {(access.UNMASK_ACTION, entity) for entity in access.UNMASK_ENTITIES.values()}
    assert len(pairs) > 20
    unnamed = [
        key
        for action, entity in pairs
        for key in (f"audit.action.{action}", f"audit.entity.{entity}")
        if key not in LABELS or not all(LABELS[key])
    ]
    assert not unnamed, sorted(set(unnamed))
