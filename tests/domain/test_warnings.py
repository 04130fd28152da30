"""Early-warning rules: what a valid report is, the risk weights, and the workflow state machine."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain import risk
from domain import warnings as w
from domain.codes import WARNING_STATUSES
from tests.helpers import WARNING_FORM

GOOD = replace(WARNING_FORM, description="客户称催收员夜间多次来电，扬言投诉至监管。")


def keys(form: w.WarningInput) -> list[str]:
    return [key for key, _ in w.report_problems(form.cleaned())]


def test_a_complete_report_has_no_problems() -> None:
    assert w.report_problems(GOOD.cleaned()) == []


def test_cleaning_strips_text_and_upper_cases_the_customer_code() -> None:
    form = replace(
        GOOD,
        customer_name="  王小明 ",
        contact=" 13812345678 ",
        customer_code=" c00000123 ",
        description="  多行\n描述  ",
    ).cleaned()
    assert (form.customer_name, form.contact, form.customer_code, form.description) == (
        "王小明",
        "13812345678",
        "C00000123",
        "多行\n描述",
    )
    assert w.report_problems(form) == []


def test_every_required_field_is_named() -> None:
    empty = w.WarningInput(
        customer_name=" ",
        contact="",
        debt_amount=None,
        overdue_days=None,
        source=None,
        complaint_history=None,
        attitude=None,
        description="",
        suggestion="  ",
    )
    problems = w.report_problems(empty.cleaned())
    required = [args["field"] for key, args in problems if key == "input.err.required"]
    chosen = [args["field"] for key, args in problems if key == "input.err.choose"]
    assert required == [
        "warn.field.customer_name",
        "warn.field.contact",
        "warn.field.debt_amount",
        "warn.field.overdue_days",
        "warn.field.complaint_history",
        "warn.field.description",
        "warn.field.suggestion",
    ]
    assert chosen == ["warn.field.source", "warn.field.attitude"]


@pytest.mark.parametrize("phone", ["13812345678", "19900000000", "010-12345678", "02112345678", "0755-1234567"])
def test_mobile_and_landline_numbers_are_accepted(phone: str) -> None:
    assert keys(replace(GOOD, contact=phone)) == []


@pytest.mark.parametrize(
    "phone",
    [
        "12812345678",
        "1381234567",
        "138123456789",
        "+8613812345678",
        "138-1234-5678",
        "10-12345678",
        "abc",
        "13812345678; DROP TABLE",
    ],
)
def test_malformed_phones_are_refused(phone: str) -> None:
    assert keys(replace(GOOD, contact=phone)) == ["warn.err.phone"]


@pytest.mark.parametrize(
    ("amount", "key"),
    [
        (0.0, "input.err.not_above"),
        (-5.0, "input.err.not_above"),
        (float("nan"), "input.err.not_a_number"),
        (float("inf"), "input.err.not_a_number"),
        (0.001, "input.err.decimals"),
        (10_000_000.01, "warn.err.amount_ceiling"),
    ],
)
def test_amounts_must_be_positive_and_below_the_ceiling(amount: float, key: str) -> None:
    assert keys(replace(GOOD, debt_amount=amount)) == [key]


def test_the_ceiling_itself_is_allowed() -> None:
    assert keys(replace(GOOD, debt_amount=10_000_000.0)) == []


def test_the_ceiling_message_says_the_limit() -> None:
    problems = w.report_problems(replace(GOOD, debt_amount=2e7))
    assert problems == [
        ("warn.err.amount_ceiling", {"field": "warn.field.debt_amount", "max": "10,000,000", "min": "0"})
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [("overdue_days", -1), ("overdue_days", 3651), ("complaint_history", 100), ("complaint_history", -2)],
)
def test_counts_stay_in_range(field: str, value: int) -> None:
    problems = w.report_problems(replace(GOOD, **{field: value}))
    assert [k for k, _ in problems] == ["input.err.whole"]
    assert problems[0][1]["field"] == f"warn.field.{field}"


@pytest.mark.parametrize(
    ("field", "limit"),
    [("customer_name", w.MAX_NAME), ("description", w.MAX_DESCRIPTION), ("suggestion", w.MAX_SUGGESTION)],
)
def test_over_long_text_says_the_limit(field: str, limit: int) -> None:
    assert w.report_problems(replace(GOOD, **{field: "长" * limit})) == []
    problems = w.report_problems(replace(GOOD, **{field: "长" * (limit + 1)}))
    assert problems == [("input.err.too_long", {"field": f"warn.field.{field}", "max": limit, "count": limit + 1})]


def test_script_and_sql_text_are_valid_input_kept_literally() -> None:
    form = replace(GOOD, description="<script>alert(1)</script>", suggestion="'; DROP TABLE complaints; --").cleaned()
    assert w.report_problems(form) == []
    assert form.description == "<script>alert(1)</script>"


@pytest.mark.parametrize("code", ["123", "C123", "D00000123", "C000001234"])
def test_a_customer_code_has_its_shape(code: str) -> None:
    assert keys(replace(GOOD, customer_code=code)) == ["warn.err.customer_code"]


def test_unknown_source_or_attitude_codes_are_refused() -> None:
    assert keys(replace(GOOD, source="rumour", attitude="angry")) == ["input.err.choose", "input.err.choose"]


def test_score_inputs_wait_for_every_factor() -> None:
    assert replace(GOOD, attitude=None).score_inputs() is None
    assert replace(GOOD, debt_amount=None).score_inputs() is None
    inputs = GOOD.score_inputs()
    # 2/5 history, 95/180 overdue, 52000/100000 debt, hostile 1.0 with the seeded weights
    weights = {"complaint_history": 0.35, "overdue": 0.25, "debt": 0.20, "attitude": 0.20}
    expected = round(100 * (0.35 * 0.4 + 0.25 * 95 / 180 + 0.20 * 0.52 + 0.20 * 1.0), 1)
    assert risk.risk_score(weights, **inputs) == expected == 57.6
    assert risk.risk_level(expected) == "medium"


def test_risk_factors_are_the_scores_factors() -> None:
    values = risk.factor_values(complaint_history=0, overdue_days=0, debt_amount=0.0, attitude="neutral")
    assert tuple(values) == w.RISK_FACTORS


# --------------------------------------------------------------------------- weights


def test_weights_need_every_factor_in_range_and_one_above_zero() -> None:
    good = {"complaint_history": 0.35, "overdue": 0.25, "debt": 0.2, "attitude": 0.2}
    assert w.weight_problems(good) == []
    assert w.weight_problems({**good, "extra": 0.1}) == [("warn.err.weight_factors", {})]
    assert w.weight_problems({k: v for k, v in good.items() if k != "debt"}) == [("warn.err.weight_factors", {})]
    debt = "warn.factor.debt"
    assert w.weight_problems({**good, "debt": 1.5}) == [("input.err.above", {"field": debt, "max": "1", "min": "0"})]
    assert w.weight_problems({**good, "debt": -0.1}) == [("input.err.below", {"field": debt, "min": "0", "max": "1"})]
    assert w.weight_problems({**good, "debt": float("nan")}) == [("input.err.not_a_number", {"field": debt})]
    assert w.weight_problems(dict.fromkeys(good, 0.0)) == [("warn.err.weight_all_zero", {})]
    assert w.weight_problems({**dict.fromkeys(good, 0.0), "attitude": 1.0}) == []


# --------------------------------------------------------------------------- the state machine

REPORTER = w.Actor(user_id=1, role="staff", team_id=7)
HEAD = w.Actor(user_id=2, role="dept_head", team_id=7)
OTHER_HEAD = w.Actor(user_id=5, role="dept_head", team_id=8)
PREVENTION = w.Actor(user_id=3, role="prevention", team_id=40)
MANAGER = w.Actor(user_id=4, role="manager", team_id=None)
OF_TEAM_7 = {"reporter_id": 1, "team_id": 7}


@pytest.mark.parametrize(
    ("action", "status", "actor", "target", "event"),
    [
        ("approve", "submitted", HEAD, "approved", "approved"),
        ("return", "submitted", HEAD, "returned", "returned"),
        ("resubmit", "returned", REPORTER, "submitted", "submitted"),
        ("assign", "approved", PREVENTION, "assigned", "assigned"),
        ("track", "assigned", PREVENTION, "assigned", "tracking"),
        ("close", "assigned", PREVENTION, "closed", "closed"),
        ("evaluate", "closed", PREVENTION, "evaluated", "evaluated"),
    ],
)
def test_each_step_of_the_flow(action: str, status: str, actor: w.Actor, target: str, event: str) -> None:
    step = w.check(action, status, actor, **OF_TEAM_7)
    assert (step.target, step.event) == (target, event)


def test_only_the_reporting_teams_head_signs_off() -> None:
    with pytest.raises(w.NotAllowed):
        w.check("approve", "submitted", OTHER_HEAD, **OF_TEAM_7)
    with pytest.raises(w.NotAllowed):
        w.check("approve", "submitted", PREVENTION, **OF_TEAM_7)
    with pytest.raises(w.NotAllowed):
        w.check("return", "submitted", w.Actor(9, "dept_head", None), **OF_TEAM_7)


def test_only_the_reporter_resubmits() -> None:
    with pytest.raises(w.NotAllowed):
        w.check("resubmit", "returned", w.Actor(user_id=99, role="staff", team_id=7), **OF_TEAM_7)
    assert (
        w.check(
            "resubmit", "returned", w.Actor(user_id=2, role="dept_head", team_id=7), reporter_id=2, team_id=7
        ).target
        == "submitted"
    )


@pytest.mark.parametrize("action", ["assign", "track", "close", "evaluate"])
def test_only_prevention_handles(action: str) -> None:
    for actor in (HEAD, REPORTER, MANAGER, w.Actor(6, "admin", None)):
        with pytest.raises(w.NotAllowed):
            w.check(action, w.TRANSITIONS[action].source, actor, **OF_TEAM_7)


def test_an_action_from_the_wrong_state_is_a_state_error() -> None:
    with pytest.raises(w.WrongState):
        w.check("approve", "approved", HEAD, **OF_TEAM_7)  # a second head after the first signed
    with pytest.raises(w.WrongState):
        w.check("close", "approved", PREVENTION, **OF_TEAM_7)  # not assigned yet
    with pytest.raises(w.WrongState):
        w.check("evaluate", "assigned", PREVENTION, **OF_TEAM_7)  # not closed yet
    with pytest.raises(ValueError):
        w.check("delete", "submitted", HEAD, **OF_TEAM_7)


def test_no_step_leaves_the_end_state_and_every_state_is_reachable() -> None:
    sources = {s.source for s in w.TRANSITIONS.values()}
    targets = {s.target for s in w.TRANSITIONS.values()} | {"submitted"}
    assert "evaluated" not in sources
    assert targets == set(WARNING_STATUSES)


def test_allowed_actions_per_person() -> None:
    assert w.allowed_actions("submitted", HEAD, **OF_TEAM_7) == ["approve", "return"]
    assert w.allowed_actions("submitted", OTHER_HEAD, **OF_TEAM_7) == []
    assert w.allowed_actions("submitted", PREVENTION, **OF_TEAM_7) == []
    assert w.allowed_actions("returned", REPORTER, **OF_TEAM_7) == ["resubmit"]
    assert w.allowed_actions("approved", PREVENTION, **OF_TEAM_7) == ["assign"]
    assert w.allowed_actions("assigned", PREVENTION, **OF_TEAM_7) == ["track", "close"]
    assert w.allowed_actions("closed", PREVENTION, **OF_TEAM_7) == ["evaluate"]
    assert w.allowed_actions("evaluated", PREVENTION, **OF_TEAM_7) == []
    assert all(w.allowed_actions(s, MANAGER, **OF_TEAM_7) == [] for s in WARNING_STATUSES)


def test_what_each_step_needs() -> None:
    assert w.transition_problems("approve", comment="") == []
    assert w.transition_problems("return", comment="  ") == [
        ("input.err.required", {"field": "warn.field.return_reason"})
    ]
    assert w.transition_problems("assign", plan="", handling_team_id=None) == [
        ("input.err.choose", {"field": "warn.field.handling_team"}),
        ("input.err.required", {"field": "warn.field.plan"}),
    ]
    assert w.transition_problems("track", comment="") == [("input.err.required", {"field": "warn.field.tracking_note"})]
    assert w.transition_problems("close", comment="") == [("input.err.required", {"field": "warn.field.close_note"})]
    assert w.transition_problems("evaluate", comment="") == [("input.err.required", {"field": "warn.field.evaluation"})]
    assert w.transition_problems("approve", comment="长" * (w.MAX_COMMENT + 1)) == [
        ("input.err.too_long", {"field": "warn.field.head_comment", "max": w.MAX_COMMENT, "count": w.MAX_COMMENT + 1})
    ]
    assert w.transition_problems("evaluate", comment="长" * w.MAX_PLAN) == []


def test_a_step_withheld_by_separation_of_duties_is_named_not_offered() -> None:
    own = {"reporter_id": HEAD.user_id, "team_id": 7}
    assert w.allowed_actions("submitted", HEAD, **own) == []
    assert w.withheld_by_duty("submitted", HEAD, reporter_id=HEAD.user_id) == "errors.duty.own_report"
    assert w.allowed_actions("closed", PREVENTION, **OF_TEAM_7, closer_id=PREVENTION.user_id) == []
    assert w.allowed_actions("closed", PREVENTION, **OF_TEAM_7, closer_id=99) == ["evaluate"]
    assert w.withheld_by_duty("closed", PREVENTION, reporter_id=1, closer_id=PREVENTION.user_id) == (
        "errors.duty.own_close"
    )
    assert w.withheld_by_duty("closed", PREVENTION, reporter_id=1, closer_id=99) is None
    assert w.withheld_by_duty("submitted", HEAD, reporter_id=1) is None  # someone else's report: theirs to sign
    assert w.withheld_by_duty("closed", MANAGER, reporter_id=1, closer_id=MANAGER.user_id) is None  # not their step
