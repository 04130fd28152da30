"""Bad input typed into the forms of the real app, in Chinese and English: every case is refused with
the input policy's translated message (no exception, no incident apology, no English words in the
Chinese message) and nothing is stored.

The corpus here is the one a person can type or paste: a NUL from a bad paste, a zero-width space
alone, a phone number in full-width digits, a far-off date, the superscript "²", a 20-digit number
or 100 KB of text as the sample seed. Widgets whose own limits already stop a value get the furthest
value they let through, which the service still refuses: a date picker ignores 9999-12-31, so the
improvement gets its picker's last day; a text area with ``max_chars`` cuts a 100 KB paste to its
limit (as the browser does), which the last test checks is stored cut, not refused or broken.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from components.labels import LABELS
from db.engine import session_scope
from db.models import (
    CommitteeSample,
    Complaint,
    ComplaintEvent,
    EarlyWarning,
    Holiday,
    ImprovementItem,
    User,
    WarningEvent,
)
from db.services import warnings as warning_service
from domain.users import CurrentUser
from tests.helpers import WARNING_FORM

ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u4e00-\u9fff]")
BIG = ("超长文本 long text 𠮷 " * 7000)[:100_000]
FULL_WIDTH_PHONE = "１３８１２３４５６７８"
REPORTER = CurrentUser(id=1, username="staff", display_name="张伟", role="staff", team_id=1)  # the seed's
REPORT = replace(WARNING_FORM, description="客户情绪激动", suggestion="组长回访")


def said(lang: str, key: str, **args: object) -> str:
    """The message as the page shows it (arguments that are label keys translated too)."""
    i = 0 if lang == "zh" else 1
    shown = {k: LABELS[v][i] if isinstance(v, str) and v in LABELS else v for k, v in args.items()}
    return LABELS[key][i].format(**shown)


def count(model: type) -> int:
    with session_scope() as s:
        return s.scalar(select(func.count()).select_from(model))


def open_case_of_prevention() -> str:
    with session_scope() as s:
        return s.scalars(
            select(Complaint.ref_no)
            .join(User, User.id == Complaint.handler_id)
            .where(User.username == "prevention", Complaint.status != "archive")
            .order_by(Complaint.id)
        ).first()


def submitted_warning() -> int:
    return warning_service.submit_warning(REPORTER, REPORT, token=uuid.uuid4().hex).id


def fill_report(at: AppTest, **changes: str) -> None:
    values = {"name": REPORT.customer_name, "contact": REPORT.contact, **changes}
    at.text_input(key="warn_new_name").input(values["name"])
    at.text_input(key="warn_new_contact").input(values["contact"])
    at.number_input(key="warn_new_debt").set_value(REPORT.debt_amount)
    at.number_input(key="warn_new_overdue").set_value(REPORT.overdue_days)
    at.number_input(key="warn_new_history").set_value(REPORT.complaint_history)
    at.selectbox(key="warn_new_source").set_value(REPORT.source)
    at.selectbox(key="warn_new_attitude").set_value(REPORT.attitude)
    at.text_area(key="warn_new_description").input(REPORT.description)
    at.text_area(key="warn_new_suggestion").input(REPORT.suggestion)
    at.run()


def submit_button(at: AppTest, label_key: str, lang: str) -> None:
    label = LABELS[label_key][0 if lang == "zh" else 1]
    [button] = [b for b in at.get("form_submit_button") if b.label == label]
    button.click().run()


@dataclass(frozen=True)
class Case:
    role: str
    page: str
    act: Callable[[AppTest, str], None]  # fills the form and submits it (lang given for button labels)
    problem: tuple[str, dict[str, object]]  # the message expected
    stored: tuple[type, ...]  # tables that must not grow
    preset: dict[str, object] = field(default_factory=dict)  # widget state before the first run
    setup: Callable[[], dict[str, object]] | None = None  # rows to make first; returns more presets


def click(key: str) -> Callable[[AppTest, str], None]:
    return lambda at, _lang: at.button(key=key).click().run()


INTAKE = {"intake_category": "app_problem", "intake_customer_mode": "none", "intake_city": 1}


def sample_seed(seed: str) -> Callable[[AppTest, str], None]:
    def act(at: AppTest, lang: str) -> None:
        at.text_input(key="sample_seed").input(seed)
        submit_button(at, "sample.draw_btn", lang)

    return act


def improvement(**changes: object) -> Callable[[AppTest, str], None]:
    def act(at: AppTest, lang: str) -> None:
        values = {
            "issue": "还款渠道说明不清",
            "department": "产品技术部",
            "measure": "增加指引",
            "owner": "刘洋",
            **changes,
        }
        at.text_area(key="improve_issue").input(values["issue"])
        at.text_input(key="improve_department").input(values["department"])
        at.text_area(key="improve_measure").input(values["measure"])
        at.text_input(key="improve_owner").input(values["owner"])
        if "due" in values:
            at.date_input(key="improve_due").set_value(values["due"])
        submit_button(at, "improve.save", lang)

    return act


def save_schedule(at: AppTest, lang: str) -> None:
    """Ask to save the year's schedule as the editor holds it (its draft is preset)."""
    at.button(key="settings_schedule_save").click().run()


def report(**changes: str) -> Callable[[AppTest, str], None]:
    def act(at: AppTest, _lang: str) -> None:
        fill_report(at, **changes)
        at.button(key="warn_submit").click().run()

    return act


def ledger_return(reason: str) -> Callable[[AppTest, str], None]:
    def act(at: AppTest, _lang: str) -> None:
        at.text_area(key="ledger_comment").input(reason)
        at.button(key="ledger_return").click().run()

    return act


def advance(note: str) -> Callable[[AppTest, str], None]:
    def act(at: AppTest, _lang: str) -> None:
        at.text_area(key="handling_advance_note").input(note)
        at.button(key="handling_advance_submit").click().run()

    return act


def remind(note: str) -> Callable[[AppTest, str], None]:
    def act(at: AppTest, _lang: str) -> None:
        at.text_area(key="sla_remind_note").input(note)
        at.button(key="sla_remind_send").click().run()

    return act


def lookup(_at: AppTest, _lang: str) -> None:
    """The customer lookup checks while typing: the preset phone is checked on the first run."""


SEED_MAX = "9,223,372,036,854,775,807"
CASES = {
    "intake_description_nul": Case(
        "staff",
        "pages/intake.py",
        click("intake_submit"),
        ("input.err.nul", {"field": "intake.description"}),
        (Complaint,),
        {**INTAKE, "intake_description": "客户来电\x00投诉"},
    ),
    "intake_description_zero_width_only": Case(
        "staff",
        "pages/intake.py",
        click("intake_submit"),
        ("intake.err.description_required", {}),
        (Complaint,),
        {**INTAKE, "intake_description": "\u200b"},
    ),
    "intake_lookup_full_width_phone": Case(
        "staff",
        "pages/intake.py",
        lookup,
        ("input.err.ascii_digits", {"field": "intake.query.phone"}),
        (Complaint,),
        {"intake_customer_mode": "phone", "intake_customer_query": FULL_WIDTH_PHONE},
    ),
    "handling_note_nul": Case(
        "prevention",
        "pages/handling.py",
        advance("已联系\x00投诉人"),
        ("input.err.nul", {"field": "handling.field.note"}),
        (ComplaintEvent,),
        setup=lambda: {"handling_case": open_case_of_prevention()},
    ),
    "report_full_width_phone": Case(
        "staff",
        "pages/warning_report.py",
        report(contact=FULL_WIDTH_PHONE),
        ("input.err.ascii_digits", {"field": "warn.field.contact"}),
        (EarlyWarning,),
    ),
    "report_name_nul": Case(
        "staff",
        "pages/warning_report.py",
        report(name="王\x00小明"),
        ("input.err.nul", {"field": "warn.field.customer_name"}),
        (EarlyWarning,),
    ),
    "ledger_return_zero_width_only": Case(
        "dept_head",
        "pages/warning_ledger.py",
        ledger_return("\u200b\u200b"),
        ("input.err.required", {"field": "warn.field.return_reason"}),
        (WarningEvent,),
        setup=lambda: {"ledger_pick": submitted_warning()},
    ),
    "sample_seed_superscript_two": Case(
        "committee",
        "pages/sample.py",
        sample_seed("²"),
        ("input.err.ascii_digits", {"field": "sample.field.seed"}),
        (CommitteeSample,),
    ),
    "sample_seed_20_digits": Case(
        "committee",
        "pages/sample.py",
        sample_seed("12345678901234567890"),
        ("input.err.whole", {"field": "sample.field.seed", "min": "0", "max": SEED_MAX}),
        (CommitteeSample,),
    ),
    "sample_seed_100_kb": Case(
        "committee",
        "pages/sample.py",
        sample_seed(BIG),
        ("input.err.whole", {"field": "sample.field.seed", "min": "0", "max": SEED_MAX}),
        (CommitteeSample,),
    ),
    "improvement_due_beyond_the_window": Case(  # the furthest day the picker offers (9999 it ignores)
        "committee",
        "pages/improvements.py",
        improvement(due=date(2036, 12, 1)),
        ("input.err.date_window", {"field": "improve.due", "earliest": "2025-11-23", "latest": "2029-11-23"}),
        (ImprovementItem,),
    ),
    "improvement_department_nul": Case(
        "committee",
        "pages/improvements.py",
        improvement(department="产品\x00技术部"),
        ("input.err.nul", {"field": "improve.field.department"}),
        (ImprovementItem,),
    ),
    "holiday_in_another_year": Case(
        "admin",
        "pages/settings.py",
        save_schedule,
        ("input.err.date_window", {"field": "settings.day", "earliest": "2027-01-01", "latest": "2027-12-31"}),
        (Holiday,),
        preset={
            "settings_year": 2027,
            "settings_schedule_draft_2027": pd.DataFrame(
                [(date(2028, 10, 1), False, "国庆节")], columns=["day", "is_workday", "name"]
            ),
        },
    ),
    "reminder_note_nul": Case(
        "manager",
        "pages/sla.py",
        remind("请今天\x00回电"),
        ("input.err.nul", {"field": "sla.field.remind_note"}),
        (ComplaintEvent,),
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_refused_in_the_users_language(writable_app, name: str, lang: str) -> None:
    case = CASES[name]
    preset = {**case.preset, **(case.setup() if case.setup else {})}
    before = {m.__tablename__: count(m) for m in case.stored}
    at = writable_app(role=case.role, lang=lang, page=case.page, **preset)
    assert not at.exception, at.exception
    case.act(at, lang)
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    expected = said(lang, case.problem[0], **case.problem[1])
    assert any(expected in e for e in errors), (expected, errors)
    apology = LABELS["app.incident"][0 if lang == "zh" else 1].split("{")[0]
    assert not any(apology in e for e in errors), errors
    for error in errors:
        if lang == "zh":
            assert not ENGLISH_WORD.search(error), error
        else:
            assert not CJK.search(error), error
    assert not at.success
    assert {m.__tablename__: count(m) for m in case.stored} == before


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bad_input_100_kb_pasted_into_a_text_area_is_cut_to_its_limit(writable_app, lang: str) -> None:
    at = writable_app(role="staff", lang=lang, page="pages/intake.py", **INTAKE, intake_description=BIG)
    before = count(Complaint)
    at.button(key="intake_submit").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert count(Complaint) == before + 1
    with session_scope() as s:
        stored = s.scalars(select(Complaint.description).order_by(Complaint.id.desc())).first()
    assert stored == BIG[:2000].strip()  # the widget's limit, then the policy's trim: 𠮷 intact
