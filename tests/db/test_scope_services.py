"""Every write service × every role and scope that lacks the right: refused with a named error
(``PermissionDenied``, ``OutOfScope`` when the role may but the record is outside the scope) and
nothing written (no row, no audit row). Then the separation of duties, each with its own message,
and the grants of a scope (a city manager acts in their city). The store is tests/db/scope_data.py."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select, text

from db.engine import engine, session_scope
from db.models import Base, Complaint, EarlyWarning, SampleItem
from db.services import committee, complaints, improvements, reminders, settings, users, warnings
from domain.errors import DutyConflict, OutOfScope, PermissionDenied
from domain.intake import IntakeForm
from domain.users import AccountForm, CurrentUser
from domain.warnings import Actor, allowed_actions
from tests.db import scope_data as d
from tests.db.builders import CITY_A, move_sequences
from tests.helpers import WARNING_FORM

SCORES = dict.fromkeys(("timeliness", "accuracy", "attitude", "resolution", "compliance"), 4)
ACCOUNT = AccountForm("new1", "新人", "new1@demo.cx", "staff", d.TEAM_A)
Write = Callable[[CurrentUser], object]


def token() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def store(make_store) -> str:
    url = make_store(d.build_rows())
    move_sequences(d.EXPLICIT_IDS)
    return url


def _everything() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order: what "nothing written" compares."""
    with engine().connect() as conn:
        return {
            t.name: [tuple(r) for r in conn.execute(t.select().order_by(*t.primary_key.columns))]
            for t in Base.metadata.sorted_tables
        }


# action → (the write, the users allowed to make it on this record; everyone else is refused)
WRITES: dict[str, tuple[Write, set[CurrentUser]]] = {
    "complaint.intake": (
        lambda u: complaints.log_complaint(
            IntakeForm(channel="phone", category="interest_dispute", description="客户来电投诉", city_id=CITY_A),
            u,
            token(),
        ),
        {d.STAFF_A, d.STAFF_B, d.P1, d.P2, d.ADMIN},
    ),
    "complaint.advance (city B)": (
        lambda u: complaints.advance(d.CASE_B, u, "已核实", token(), stage="verify"),
        {d.P1, d.P2, d.MANAGER, d.ADMIN},
    ),
    "complaint.note (city B)": (
        lambda u: complaints.add_note(d.CASE_B, u, "备注", token()),
        {d.P1, d.P2, d.MANAGER, d.ADMIN},
    ),
    "complaint.reassign (city B)": (
        lambda u: complaints.reassign(d.CASE_B, u, d.P2.id, "转交", token()),
        {d.MANAGER, d.ADMIN},
    ),
    "complaint.remind (city B)": (
        lambda u: reminders.send_reminder(d.CASE_B, "verify", u, "请尽快核实", token()),
        {d.P1, d.P2, d.MANAGER, d.ADMIN},
    ),
    "warning.submit": (
        lambda u: warnings.submit_warning(u, WARNING_FORM, token=token()),
        {d.STAFF_A, d.STAFF_B, d.HEAD_A, d.HEAD_B, d.NO_TEAM_HEAD},  # NO_TEAM_HEAD: refused as input (no team)
    ),
    "warning.approve (team B)": (
        lambda u: warnings.review_warning(u, d.WARNING_B, approve=True, comment="", token=token()),
        {d.HEAD_B},
    ),
    "warning.return (team B)": (
        lambda u: warnings.review_warning(u, d.WARNING_B, approve=False, comment="请补充", token=token()),
        {d.HEAD_B},
    ),
    "warning.resubmit (staff B's)": (
        lambda u: warnings.resubmit_warning(u, d.WARNING_B, WARNING_FORM, "已补充", token=token()),
        {d.STAFF_B},
    ),
    # The prevention steps: the role may (a wrong state is then the refusal, an input error).
    "warning.assign": (
        lambda u: warnings.assign_warning(u, d.WARNING_B, handling_team_id=d.HANDLING, plan="回访", token=token()),
        {d.P1, d.P2},
    ),
    "warning.track": (lambda u: warnings.add_tracking(u, d.WARNING_B, note="跟踪", token=token()), {d.P1, d.P2}),
    "warning.close": (lambda u: warnings.close_warning(u, d.WARNING_B, note="关闭", token=token()), {d.P1, d.P2}),
    "warning.evaluate": (
        lambda u: warnings.evaluate_warning(u, d.WARNING_B, evaluation="评估", token=token()),
        {d.P1, d.P2},
    ),
    "warning.weights": (
        lambda u: warnings.save_weights(u, {"complaint_history": 0.4, "overdue": 0.2, "debt": 0.2, "attitude": 0.2}),
        {d.ADMIN},
    ),
    "sample.draw": (
        lambda u: committee.draw_sample(u, date(2026, 11, 1), date(2026, 11, 22), 5, 7, token=token()),
        {d.COMMITTEE, d.ADMIN},
    ),
    "sample.review": (
        lambda u: committee.review_item(u, d.SAMPLE_ITEM_A, SCORES, True, "合格"),
        {d.COMMITTEE, d.ADMIN},
    ),
    "improvement.add": (
        lambda u: improvements.add_item(
            u,
            issue="问题",
            department="投诉防控部",
            measure="措施",
            due=date(2026, 12, 31),
            owner="王芳",
            token=token(),
        ),
        {d.P1, d.P2, d.MANAGER, d.MANAGER_A, d.COMMITTEE, d.ADMIN},
    ),
    "holiday.edit": (lambda u: settings.save_year_schedule(u, 2027, [(date(2027, 10, 1), False, "国庆节")]), {d.ADMIN}),
    "sla.edit": (
        lambda u: settings.save_sla_target(
            u, stage="ack", level="L1", channel=None, amount=2, unit="hours", anchor="received"
        ),
        {d.ADMIN},
    ),
    "user.create": (lambda u: users.create_user(u, ACCOUNT, token=token()), {d.ADMIN}),
    "user.update": (lambda u: users.update_user(u, d.STAFF_B.id, ACCOUNT), {d.ADMIN}),
    "user.disable": (lambda u: users.set_active(u, d.STAFF_B.id, False), {d.ADMIN}),
}

ROLE_MAY_BUT_SCOPE_NOT = {
    "complaint.advance (city B)": {d.MANAGER_A},
    "complaint.note (city B)": {d.MANAGER_A},
    "complaint.reassign (city B)": {d.MANAGER_A},
    "complaint.remind (city B)": {d.MANAGER_A},
    "warning.approve (team B)": {d.HEAD_A, d.NO_TEAM_HEAD},
    "warning.return (team B)": {d.HEAD_A, d.NO_TEAM_HEAD},
    "warning.resubmit (staff B's)": {d.STAFF_A, d.HEAD_A, d.NO_TEAM_HEAD},  # head B: in scope, not the reporter
}


@pytest.mark.parametrize("action", list(WRITES))
def test_everyone_without_the_right_is_refused_and_nothing_is_written(store: str, action: str) -> None:
    write, allowed = WRITES[action]
    out_of_scope = ROLE_MAY_BUT_SCOPE_NOT.get(action, set())
    before = _everything()
    refused = [u for u in d.EVERYONE if u not in allowed]
    assert refused, action
    for user in refused:
        with pytest.raises(PermissionDenied) as err:
            write(user)
        if user in out_of_scope:
            assert isinstance(err.value, OutOfScope) and err.value.key == "errors.out_of_scope", (action, user.username)
        assert _everything() == before, (action, user.username)


def test_a_city_manager_acts_in_their_city_and_a_head_on_their_team(store: str) -> None:
    """The grants behind the refusals above: the same calls succeed inside the scope."""
    complaints.advance(d.CASE_A, d.MANAGER_A, "已核实", token(), stage="verify")
    complaints.reassign(d.CASE_A, d.MANAGER_A, d.P2.id, "转交", token())
    reminders.send_reminder(d.CASE_A, "resolve", d.MANAGER_A, "请尽快", token())
    complaints.advance(d.CASE_B, d.MANAGER, "已核实", token(), stage="verify")
    warnings.review_warning(d.HEAD_B, d.WARNING_B, approve=True, comment="", token=token())
    with session_scope() as s:
        assert s.get(Complaint, d.CASE_A).handler_id == d.P2.id
        assert s.get(Complaint, d.CASE_B).status == "verify"
        assert s.get(EarlyWarning, d.WARNING_B).status == "approved"
        assert s.execute(text("SELECT count(*) FROM audit_log")).scalar_one() == 5


# --------------------------------------------------------------------------- separation of duties


def test_nobody_signs_off_a_warning_they_reported(store: str) -> None:
    own = warnings.submit_warning(d.HEAD_A, WARNING_FORM, token=token()).id
    before = _everything()
    for approve in (True, False):
        with pytest.raises(DutyConflict) as err:
            warnings.review_warning(d.HEAD_A, own, approve=approve, comment="请补充", token=token())
        assert err.value.key == "errors.duty.own_report"
    assert _everything() == before
    actor = Actor(d.HEAD_A.id, d.HEAD_A.role, d.HEAD_A.team_id)
    assert allowed_actions("submitted", actor, reporter_id=d.HEAD_A.id, team_id=d.TEAM_A) == []  # not offered
    assert allowed_actions("submitted", actor, reporter_id=d.STAFF_A.id, team_id=d.TEAM_A) == ["approve", "return"]


def test_whoever_closed_a_warning_does_not_evaluate_it(store: str) -> None:
    warnings.review_warning(d.HEAD_A, d.WARNING_A, approve=True, comment="", token=token())
    warnings.assign_warning(d.P1, d.WARNING_A, handling_team_id=d.HANDLING, plan="回访", token=token())
    warnings.close_warning(d.P1, d.WARNING_A, note="已处理", token=token())
    before = _everything()
    with pytest.raises(DutyConflict) as err:
        warnings.evaluate_warning(d.P1, d.WARNING_A, evaluation="及时", token=token())
    assert err.value.key == "errors.duty.own_close"
    assert _everything() == before
    warnings.evaluate_warning(d.P2, d.WARNING_A, evaluation="及时", token=token())  # a colleague may
    with session_scope() as s:
        assert s.get(EarlyWarning, d.WARNING_A).status == "evaluated"


def test_a_committee_member_does_not_review_a_case_they_handled(store: str) -> None:
    before = _everything()
    with pytest.raises(DutyConflict) as err:  # first contact of case 13 was theirs
        committee.review_item(d.COMMITTEE, d.SAMPLE_ITEM_OWN, SCORES, True, "合格")
    assert err.value.key == "errors.duty.own_case"
    assert _everything() == before
    committee.review_item(d.ADMIN, d.SAMPLE_ITEM_OWN, SCORES, True, "合格")  # another member may
    committee.review_item(d.COMMITTEE, d.SAMPLE_ITEM_A, SCORES, True, "合格")  # and they review others' cases
    with session_scope() as s:
        reviewers = dict(s.execute(select(SampleItem.id, SampleItem.reviewer_id)).all())
    assert reviewers == {d.SAMPLE_ITEM_A: d.COMMITTEE.id, d.SAMPLE_ITEM_OWN: d.ADMIN.id}
