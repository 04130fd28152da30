"""Closing the loop through the real app: the complainant's progress page while signed out (its
menu, the lookup, one answer for every failure, the lockout shared by two sessions, nothing personal
or internal on the page, the survey), and the handler recording the outcome and the return call."""

from __future__ import annotations

import pytest
import streamlit
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from components import auth, progress_view
from components.catalogue import CODE_LABELS
from components.labels import LABELS
from db.engine import session_scope
from db.models import (
    Agent,
    City,
    Complaint,
    ComplaintEvent,
    ComplaintOutcome,
    ComplaintResolution,
    Customer,
    SatisfactionSurvey,
    Team,
    User,
)
from domain.masking import mask_name, mask_phone
from domain.progress import MAX_FAILURES
from tests.app.helpers import AUTH_SECRETS, CLEAR_ID_NUMBER, CLEAR_PHONE, open_address, rendered_text
from tests.helpers import ROOT

NO_MATCH = LABELS["progress.no_match"][0]
LOCKED = LABELS["progress.locked"][0]
PROGRESS_TITLE = LABELS["nav.progress"][0]


def _signed_out() -> AppTest:
    """The app behind an identity provider, visited by someone who has not signed in."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["auth"] = AUTH_SECRETS
    return at.run()


def _case(*where: object) -> tuple[str, str]:
    """Reference number and customer phone of the first seeded case matching ``where``."""
    with session_scope() as s:
        ref, phone = s.execute(
            select(Complaint.ref_no, Customer.phone)
            .join(Customer, Customer.id == Complaint.customer_id)
            .where(*where)
            .order_by(Complaint.id)
        ).first()
    return ref, phone


def _archived_without_survey() -> tuple[str, str]:
    surveyed = select(SatisfactionSurvey.complaint_id).where(SatisfactionSurvey.complaint_id.is_not(None))
    return _case(Complaint.status == "archive", Complaint.id.not_in(surveyed))


def _look_up(at: AppTest, ref: str, digits: str) -> AppTest:
    at.text_input(key=progress_view.REF_KEY).input(ref)
    at.text_input(key=progress_view.PHONE_KEY).input(digits)
    return at.button(key="progress_look_up").click().run()


def _wrong(digits: str) -> str:
    return f"{(int(digits) + 1) % 10000:04d}"


def test_progress_is_alone_in_the_menu_of_a_signed_out_visitor(
    seeded_sqlite: str, use_store, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_store(seeded_sqlite)
    menus: list[list] = []
    real = streamlit.navigation
    monkeypatch.setattr(streamlit, "navigation", lambda pages, **kw: menus.append(pages) or real(pages, **kw))
    at = _signed_out()
    assert not at.exception
    assert [b.label for b in at.button] == [LABELS["auth.sign_in"][0]]  # the root is the sign-in page
    assert [p.title for p in menus[-1] if p.visibility == "visible"] == [PROGRESS_TITLE]
    open_address(at, "progress")
    assert [t.value for t in at.title] == [LABELS["progress.title"][0]] and not at.exception
    open_address(at, "overview")  # a staff page's address asks to sign in and shows nothing of the page
    assert [b.label for b in at.button] == [LABELS["auth.sign_in"][0]] and not at.metric and not at.dataframe
    assert auth.USER_KEY not in at.session_state


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_progress_lookup_shows_the_public_stages_and_nothing_else(writable_app, lang: str) -> None:
    ref, phone = _case(Complaint.status == "notify")  # resolved and told, not archived yet
    at = _look_up(writable_app(role=auth.PUBLIC_ROLE, lang=lang), ref, phone[-4:])
    assert not at.exception and not at.warning
    stages = [m.value for m in at.markdown if "**" in m.value and "\n" in m.value]
    assert len(stages) == 4  # 受理, 核实, 处理, 反馈: archiving is internal
    assert at.success and at.text  # told the outcome, and shown the reply
    with session_scope() as s:
        case = s.scalars(select(Complaint).where(Complaint.ref_no == ref)).one()
        reply = s.get(ComplaintResolution, case.id).reply
        customer = s.get(Customer, case.customer_id)
        agent = s.get(Agent, case.agent_id) if case.agent_id else None
        handler = s.get(User, case.handler_id)
        city, team = s.get(City, case.city_id), s.get(Team, case.team_id)
        notes = set(s.scalars(select(ComplaintEvent.note).where(ComplaintEvent.complaint_id == case.id)))
    assert [t.value for t in at.text] == [reply]
    shown = rendered_text(at)
    personal = [customer.name, mask_name(customer.name), customer.phone, mask_phone(customer.phone), customer.id_number]
    internal = [handler.display_name, city.name, city.name_en, team.name, team.name_en, case.description[:12]]
    internal += [agent.code, agent.name] if agent else []
    internal += [note for note in notes if note]
    labels = [
        pair[k] for kind in ("category", "level", "channel") for pair in CODE_LABELS[kind].values() for k in (0, 1)
    ]
    leaked = [value for value in personal + internal + labels if value and value in shown]
    assert leaked == []
    assert not CLEAR_PHONE.search(shown) and not CLEAR_ID_NUMBER.search(shown)


def test_progress_every_failure_reads_the_same(writable_app) -> None:
    ref, phone = _case(Complaint.status == "notify")
    with session_scope() as s:
        anonymous = s.scalar(select(Complaint.ref_no).where(Complaint.customer_id.is_(None)).order_by(Complaint.id))
    shown = []
    for number, digits in ((ref, _wrong(phone[-4:])), ("TS2026010199999", phone[-4:]), (anonymous, phone[-4:])):
        at = _look_up(writable_app(role=auth.PUBLIC_ROLE), number, digits)
        assert not at.exception and not at.subheader and not at.text
        shown.append([w.value for w in at.warning])
    assert shown == [[NO_MATCH]] * 3


def test_progress_lockout_is_shared_by_two_sessions(writable_app, monkeypatch: pytest.MonkeyPatch) -> None:
    ref, phone = _archived_without_survey()
    other, other_phone = _case(Complaint.status == "notify")
    first = writable_app(role=auth.PUBLIC_ROLE)
    for _ in range(MAX_FAILURES):
        _look_up(first, ref, _wrong(phone[-4:]))
        assert [w.value for w in first.warning] == [NO_MATCH]
    # A second session (another browser, another client) with the right digits: the number is locked.
    second = _look_up(writable_app(role=auth.PUBLIC_ROLE), ref, phone[-4:])
    assert [w.value for w in second.warning] == [LOCKED] and not second.subheader
    assert not _look_up(second, other, other_phone[-4:]).warning  # other numbers still answer

    # Two sessions from one address share the client's lock: guessing numbers locks the address.
    monkeypatch.setattr(progress_view, "client_address", lambda *_: "203.0.113.7")
    guesser = writable_app(role=auth.PUBLIC_ROLE)
    for k in range(MAX_FAILURES):
        _look_up(guesser, f"TS20260101{90000 + k}", "1234")
    same_place = _look_up(writable_app(role=auth.PUBLIC_ROLE), other, other_phone[-4:])
    assert [w.value for w in same_place.warning] == [LOCKED]


def test_progress_survey_once_by_the_complainant(writable_app) -> None:
    ref, phone = _archived_without_survey()
    at = _look_up(writable_app(role=auth.PUBLIC_ROLE, lang="en"), ref, phone[-4:])
    at.radio(key=progress_view.SCORE_KEY).set_value(4)
    at.text_area(key=progress_view.COMMENT_KEY).input("Quick and polite")
    at.button(key="progress_send_survey").click().run()
    assert not at.exception and at.success[0].value == LABELS["progress.survey_thanks"][1]
    assert not at.radio and LABELS["progress.survey_given"][1] in [c.value for c in at.caption]
    with session_scope() as s:
        survey = s.scalars(
            select(SatisfactionSurvey)
            .join(Complaint, Complaint.id == SatisfactionSurvey.complaint_id)
            .where(Complaint.ref_no == ref)
        ).one()
    assert (survey.score, survey.comment, survey.source) == (4, "Quick and polite", "progress_page")


def test_outcome_required_on_the_handling_page_and_shown_on_the_case(writable_app) -> None:
    with session_scope() as s:
        ref = s.scalar(select(Complaint.ref_no).where(Complaint.status == "verify").order_by(Complaint.id))
    at = writable_app(role="manager", lang="en", page="pages/handling.py", handling_case=ref)
    at.text_area(key="handling_advance_note").input("Plan agreed")
    at.button(key="handling_advance_submit").click().run()
    assert "Outcome: choose one." in at.error[0].value  # the outcome is required
    at.checkbox(key="outcome_kind_penalty_interest_waiver").check()
    at.number_input(key="outcome_amount_penalty_interest_waiver").set_value(150.0)
    at.checkbox(key="outcome_kind_apology").check()
    at.text_area(key="outcome_reply").input("We apologise and have waived 150 yuan of penalty interest.")
    at.button(key="handling_advance_submit").click().run()
    assert not at.exception and not at.error
    with session_scope() as s:
        case_id = s.scalar(select(Complaint.id).where(Complaint.ref_no == ref))
        kinds = s.execute(
            select(ComplaintOutcome.kind, ComplaintOutcome.amount).where(ComplaintOutcome.complaint_id == case_id)
        ).all()
    assert sorted((k, None if a is None else float(a)) for k, a in kinds) == [
        ("apology", None),
        ("penalty_interest_waiver", 150.0),
    ]
    case = writable_app(role="manager", lang="en", page="pages/cases.py", cases_ref=ref)
    table = next(frame.value for frame in case.dataframe if "Outcome" in frame.value.columns)
    assert list(table["Outcome"]) == ["Apology", "Penalty-interest waiver"]
    assert "We apologise and have waived 150 yuan of penalty interest." in [t.value for t in case.text]


def test_survey_recorded_from_the_return_call_on_the_handling_page(writable_app) -> None:
    at = writable_app(role="manager", lang="zh", page="pages/handling.py")
    due = next(frame.value for frame in at.dataframe if LABELS["handling.col.archived"][0] in frame.value.columns)
    ref = str(due.iloc[0, 0]).removeprefix("cases?ref=")
    at = writable_app(role="manager", lang="zh", page="pages/handling.py", handling_case=ref)
    at.radio(key="handling_survey_score").set_value(2)
    at.text_area(key="handling_survey_comment").input("等待时间太长")
    at.button(key="handling_survey_submit").click().run()
    assert not at.exception and not at.error
    assert not at.get("form_submit_button")  # archived with its survey: nothing left to do
    with session_scope() as s:
        n, score = s.execute(
            select(func.count(), func.max(SatisfactionSurvey.score))
            .join(Complaint, Complaint.id == SatisfactionSurvey.complaint_id)
            .where(Complaint.ref_no == ref, SatisfactionSurvey.source == "return_call")
        ).one()
    assert (n, score) == (1, 2)
