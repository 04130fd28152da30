"""投诉登记 and 工单处理 through the real app: live level suggestion, submitting, repeats, bad input
in both languages, and moving a case through its stages."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from db.engine import session_scope
from db.models import Complaint, ComplaintEvent, Customer, User
from db.services import complaints as svc
from domain.intake import IntakeForm, next_stage
from domain.users import CurrentUser
from tests.app.helpers import case_refs, rendered_text

INTAKE = "pages/intake.py"
HANDLING = "pages/handling.py"
CJK = re.compile(r"[\u3400-\u9fff]")
REF = re.compile(r"TS\d{8}\d{5}")
URGENT_TEXT = "催收员说要把我的通讯录曝光，我真的不想活了"


def _user(username: str) -> CurrentUser:
    with session_scope() as s:
        u = s.scalars(select(User).where(User.username == username)).one()
        return CurrentUser(id=u.id, username=u.username, display_name=u.display_name, role=u.role)


def _stored(ref: str) -> Complaint:
    with session_scope() as s:
        return s.scalars(select(Complaint).where(Complaint.ref_no == ref)).one()


def _flash_ref(at) -> str:
    assert at.success, [e.value for e in at.error]
    return REF.search(at.success[0].value).group(0)


def _open_case(username: str) -> tuple[str, str]:
    """Reference number and status of an open case handled by ``username``."""
    with session_scope() as s:
        ref, status = s.execute(
            select(Complaint.ref_no, Complaint.status)
            .join(User, User.id == Complaint.handler_id)
            .where(User.username == username, Complaint.status != "archive")
            .order_by(Complaint.id)
        ).first()
    return ref, status


# --------------------------------------------------------------------------- intake


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_intake_renders_for_staff(app, lang: str) -> None:
    at = app(role="staff", lang=lang, page=INTAKE)
    assert not at.exception, at.exception
    assert at.title[0].value == ("投诉登记" if lang == "zh" else "Complaint intake")
    assert at.info[0].value.startswith("选择投诉类别" if lang == "zh" else "Choose a category")
    labels = [
        at.selectbox(key="intake_channel").label,
        at.selectbox(key="intake_category").label,
        at.text_area(key="intake_description").label,
        at.button(key="intake_submit").label,
        at.radio(key="intake_customer_mode").label,
        at.text_input(key="intake_agent").label,
    ]
    if lang == "en":
        assert not any(CJK.search(label) for label in labels), labels
        assert at.selectbox(key="intake_channel").value == "phone"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_urgent_words_suggest_l1_before_submit(app, lang: str) -> None:
    at = app(role="staff", lang=lang, page=INTAKE, intake_category="interest_dispute", intake_description=URGENT_TEXT)
    assert not at.exception, at.exception
    suggestion = at.error[0].value
    assert ("一级（紧急）" if lang == "zh" else "L1 urgent") in suggestion
    assert ("不想活" in suggestion) and ("通讯录" in suggestion)
    assert ("上报公司高管" if lang == "zh" else "reported to executives") in at.error[1].value
    dues = at.dataframe[0].value
    assert len(dues) == 5
    if lang == "en":
        assert list(dues.columns) == ["Stage", "Due", "Target"]
        assert dues.iloc[2]["Target"] == "24 hours from receipt"  # L1: resolved within 24 h


def test_plain_text_keeps_the_category_level(app) -> None:
    at = app(
        role="staff",
        lang="en",
        page=INTAKE,
        intake_category="app_problem",
        intake_description="The app shows the wrong balance.",
    )
    assert not at.exception
    assert "Suggested level: L3 general" in at.info[0].value
    assert not at.error


def test_submit_logs_the_complaint_once(writable_app) -> None:
    at = writable_app(
        role="staff",
        lang="en",
        page=INTAKE,
        intake_category="interest_dispute",
        intake_description=URGENT_TEXT,
        intake_customer_mode="none",
        intake_city=1,
        intake_agent="A0001",
    )
    at.button(key="intake_submit").click().run()
    assert not at.exception, at.exception
    ref = _flash_ref(at)
    assert "reported to executives" in at.success[0].value
    c = _stored(ref)
    staff = _user("staff")
    assert (c.level, c.exec_reported, c.city_id, c.agent_id, c.customer_id) == ("L1", True, 1, 1, None)
    assert (c.handler_id, c.first_owner_id, c.status, c.description) == (staff.id, staff.id, "received", URGENT_TEXT)
    assert c.team_id is not None and c.ack_due_at > c.received_at
    # the form starts empty again, with a link to the new case
    assert at.text_area(key="intake_description").value == ""
    assert at.selectbox(key="intake_category").value is None
    assert ref in at.get("page_link")[0].proto.label


def test_customer_lookup_sets_the_city_and_warns_about_a_repeat(writable_app) -> None:
    run = writable_app
    at = run(
        role="staff",
        lang="zh",
        page=INTAKE,
        intake_customer_mode="code",
        intake_customer_query="c00000001",
        intake_category="interest_dispute",
        intake_description="利率计算有误",
    )
    assert not at.exception
    with session_scope() as s:
        customer = s.scalars(select(Customer).where(Customer.code == "C00000001")).one()
    assert at.selectbox(key="intake_city").value == customer.city_id
    assert "C00000001" in at.success[0].value and "*" in at.success[0].value  # masked name
    # a first complaint, then the same customer and category again: a likely repeat
    first = svc.log_complaint(
        IntakeForm(
            channel="phone",
            category="interest_dispute",
            description="第一次反馈",
            city_id=customer.city_id,
            customer_mode="code",
            customer_id=customer.id,
            level="L2",
            repeat_is_new=True,
        ),
        _user("staff"),
        "first",
    )
    at = run(
        role="staff",
        lang="zh",
        page=INTAKE,
        intake_customer_mode="code",
        intake_customer_query="C00000001",
        intake_category="interest_dispute",
        intake_description="还是利率的问题",
    )
    assert any("可能是重复反馈" in w.value for w in at.warning)
    assert any(first.ref_no in o for o in at.radio(key="intake_repeat").options)
    at.button(key="intake_submit").click().run()  # undecided: refused
    assert any("仍作为新投诉登记" in e.value for e in at.error)
    at.radio(key="intake_repeat").set_value(first.id)
    at.button(key="intake_submit").click().run()
    assert not at.exception
    assert _stored(_flash_ref(at)).duplicate_of_id == first.id


def test_staff_link_a_repeat_outside_their_scope_without_seeing_it(writable_app) -> None:
    """A repeat of a case staff may not open is still offered (a repeat is a repeat), by when it was
    logged only: not its number, status or level; linking it and logging as new both work."""
    with session_scope() as s:
        customer = s.scalars(select(Customer).where(Customer.code == "C00000001")).one()
    form = IntakeForm(
        channel="phone",
        category="interest_dispute",
        description="第一次反馈",
        city_id=customer.city_id,
        customer_mode="code",
        customer_id=customer.id,
        level="L2",
        repeat_is_new=True,
    )
    theirs = svc.log_complaint(form, _user("prevention"), "theirs")  # owned by prevention, not by staff
    fields = dict(
        role="staff",
        lang="zh",
        page=INTAKE,
        intake_customer_mode="code",
        intake_customer_query="C00000001",
        intake_category="interest_dispute",
        intake_description="还是利率的问题",
    )
    at = writable_app(**fields)
    assert not at.exception, at.exception
    assert any("可能是重复反馈" in w.value for w in at.warning)
    unseen = at.radio(key="intake_repeat").options
    assert any("不在您的权限范围内" in o for o in unseen)
    assert theirs.ref_no not in rendered_text(at) and "已接收" not in "".join(unseen)
    at.button(key="intake_submit").click().run()  # undecided: refused without naming the case
    assert any("不在您的权限范围内" in e.value for e in at.error)
    assert theirs.ref_no not in rendered_text(at)
    at.radio(key="intake_repeat").set_value(theirs.id)
    at.button(key="intake_submit").click().run()
    assert not at.exception
    assert _stored(_flash_ref(at)).duplicate_of_id == theirs.id
    at = writable_app(**fields)
    at.radio(key="intake_repeat").set_value("new")
    at.button(key="intake_submit").click().run()
    assert _stored(_flash_ref(at)).duplicate_of_id is None


@pytest.mark.parametrize(("lang", "message"), [("zh", "请填写投诉内容。"), ("en", "Enter the description.")])
def test_missing_description_is_refused_in_the_users_language(writable_app, lang: str, message: str) -> None:
    at = writable_app(
        role="staff", lang=lang, page=INTAKE, intake_category="app_problem", intake_customer_mode="none", intake_city=1
    )
    at.button(key="intake_submit").click().run()
    assert not at.exception
    assert any(message in e.value for e in at.error)
    assert not at.success


@pytest.mark.parametrize(("lang", "message"), [("zh", "必须填写原因"), ("en", "needs a reason")])
def test_override_without_reason_is_refused(writable_app, lang: str, message: str) -> None:
    at = writable_app(
        role="staff",
        lang=lang,
        page=INTAKE,
        intake_category="app_problem",
        intake_city=1,
        intake_customer_mode="none",
        intake_description="APP 打不开",
        intake_override=True,
    )
    at.selectbox(key="intake_level").set_value("L1").run()
    at.button(key="intake_submit").click().run()
    assert any(message in e.value for e in at.error)
    at.text_input(key="intake_reason").input("投诉人称要向媒体曝光")
    at.button(key="intake_submit").click().run()
    c = _stored(_flash_ref(at))
    assert (c.level, c.level_override_reason) == ("L1", "投诉人称要向媒体曝光")


@pytest.mark.parametrize(("lang", "message"), [("zh", "C 加 8 位数字"), ("en", "C followed by 8 digits")])
def test_malformed_customer_code_and_unknown_agent(app, lang: str, message: str) -> None:
    at = app(
        role="staff",
        lang=lang,
        page=INTAKE,
        intake_customer_mode="code",
        intake_customer_query="12345",
        intake_agent="A9999",
    )
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert message in errors
    assert "A9999" in errors


def test_script_is_stored_and_shown_as_text(writable_app) -> None:
    script = "<script>alert(1)</script>'; DROP TABLE complaints; --"
    at = writable_app(
        role="staff",
        lang="en",
        page=INTAKE,
        intake_category="app_problem",
        intake_city=1,
        intake_customer_mode="none",
        intake_description=script,
    )
    at.button(key="intake_submit").click().run()
    ref = _flash_ref(at)
    assert _stored(ref).description == script
    at = writable_app(role="prevention", lang="en", page=HANDLING, handling_case=ref)
    assert not at.exception
    assert script in [t.value for t in at.text]
    assert not any(script in m.value for m in at.markdown)


def test_managers_may_not_log_complaints() -> None:
    from domain.users import pages_for_role

    assert [
        r
        for r in ("staff", "dept_head", "prevention", "manager", "committee", "admin")
        if "intake" in pages_for_role(r)
    ] == ["staff", "prevention", "admin"]


# --------------------------------------------------------------------------- handling


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_handler_queue_and_case(app, lang: str) -> None:
    ref, _ = _open_case("prevention")
    at = app(role="prevention", lang=lang, page=HANDLING)
    assert not at.exception, at.exception
    assert at.radio(key="handling_scope").value == "mine"
    assert ref in set(case_refs(at.dataframe[0].value["工单编号" if lang == "zh" else "Reference"]))
    assert any(o.startswith(ref) for o in at.selectbox(key="handling_case").options)
    at = app(role="prevention", lang=lang, page=HANDLING, handling_case=ref)
    assert not at.exception
    assert any(h.value.startswith(ref) for h in at.subheader)  # the case header
    # The case's stage table (a list of surveys due may come before it when the handler has one).
    stages = next(d.value for d in at.dataframe if d.value.columns[0] in ("环节", "Stage"))
    assert len(stages) == 5
    assert at.text_area(key="handling_advance_note")
    if lang == "en":
        assert list(stages.columns) == ["Stage", "Due", "Done", "SLA state"]
        assert not CJK.search(at.form_submit_button(key="handling_advance_submit").label)


def test_manager_sees_all_open_cases_and_filters_apply(app) -> None:
    at = app(role="manager", lang="en", page=HANDLING)
    assert not at.exception
    everyone = len(at.dataframe[0].value)
    assert not at.main.radio  # managers have no "my cases" switch (the sidebar has the language one)
    at = app(role="manager", lang="en", page=HANDLING, flt_level=["L1"])
    l1 = at.dataframe[0].value
    assert 0 < len(l1) < everyone
    assert set(l1["Level"]) == {"L1 urgent"}


def test_empty_queue_says_why(app) -> None:
    at = app(role="prevention", lang="en", page=HANDLING, flt_channel=["regulator"], flt_level=["L3"], flt_city=[53])
    assert not at.exception
    assert "no open cases for the current filters" in at.info[0].value


def test_advance_with_a_note(writable_app) -> None:
    ref, status = _open_case("prevention")
    at = writable_app(role="prevention", lang="zh", page=HANDLING, handling_case=ref)
    at.form_submit_button(key="handling_advance_submit").click().run()
    assert any("请填写处理说明" in e.value for e in at.error)  # the note is required
    at.text_area(key="handling_advance_note").input("已联系投诉人，确认问题细节")
    at.form_submit_button(key="handling_advance_submit").click().run()
    assert not at.exception, at.exception
    assert at.success and ref in at.success[0].value
    c = _stored(ref)
    assert c.status != status
    with session_scope() as s:
        last = s.execute(
            select(ComplaintEvent.kind, ComplaintEvent.note)
            .where(ComplaintEvent.complaint_id == c.id)
            .order_by(ComplaintEvent.id.desc())
        ).first()
    assert tuple(last) == ("stage", "已联系投诉人，确认问题细节")
    assert "已联系投诉人，确认问题细节" in set(at.dataframe[-1].value["说明"])  # on the timeline


@pytest.mark.parametrize(("lang", "message"), [("zh", "已被他人推进"), ("en", "The case has moved on")])
def test_a_case_moved_on_by_someone_else(writable_app, lang: str, message: str) -> None:
    ref, status = _open_case("prevention")
    at = writable_app(role="prevention", lang=lang, page=HANDLING, handling_case=ref)
    c = _stored(ref)
    svc.advance(c.id, _user("manager"), "经理先完成了", "elsewhere", stage=next_stage(status))
    at.text_area(key="handling_advance_note").input("我也来完成")
    at.form_submit_button(key="handling_advance_submit").click().run()
    assert any(message in e.value for e in at.error)
    with session_scope() as s:
        stages = s.scalars(
            select(ComplaintEvent.note).where(ComplaintEvent.complaint_id == c.id, ComplaintEvent.kind == "stage")
        ).all()
    assert "我也来完成" not in stages


def test_notify_records_satisfaction(writable_app) -> None:
    with session_scope() as s:
        ref = s.scalar(select(Complaint.ref_no).where(Complaint.status == "resolve").order_by(Complaint.id))
    at = writable_app(role="manager", lang="en", page=HANDLING, handling_case=ref)
    assert at.selectbox(key="handling_satisfaction").value is None
    at.text_area(key="handling_advance_note").input("Told the complainant the plan")
    at.selectbox(key="handling_satisfaction").set_value(5)
    at.form_submit_button(key="handling_advance_submit").click().run()
    assert not at.exception
    c = _stored(ref)
    assert (c.status, c.satisfaction_score) == ("notify", 5)


def test_manager_reassigns_and_first_owner_stays(writable_app) -> None:
    ref, _ = _open_case("prevention")
    before = _stored(ref)
    at = writable_app(role="manager", lang="en", page=HANDLING, handling_case=ref)
    box = at.selectbox(key="handling_new_handler")
    target = box.options[0]
    box.set_value(target)
    at.text_input(key="handling_reassign_note").input("Workload")
    at.form_submit_button(key="handling_reassign_submit").click().run()
    assert not at.exception
    assert at.success and "handed to" in at.success[0].value
    after = _stored(ref)
    assert after.handler_id != before.handler_id
    assert after.first_owner_id == before.first_owner_id


def test_prevention_cannot_reassign(app) -> None:
    ref, _ = _open_case("prevention")
    at = app(role="prevention", lang="en", page=HANDLING, handling_case=ref)
    assert not at.exception
    assert len(at.tabs) == 1  # a note, but no reassignment


def test_archived_case_shows_no_actions(app) -> None:
    with session_scope() as s:
        ref = s.scalar(select(Complaint.ref_no).where(Complaint.status == "archive").order_by(Complaint.id))
    at = app(role="admin", lang="en", page=HANDLING, handling_case=ref)
    assert not at.exception
    assert any("archived" in m.value for m in at.success)
    # No stage, note or hand-over any more: only the follow-up survey of the return call.
    assert [b.key for b in at.get("form_submit_button")] == ["handling_survey_submit"]
