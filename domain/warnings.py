"""Early-warning reports (seed 004): what a valid report is, and who may move it where.

The workflow is a small state machine: staff report → the department head of the reporting team
signs it off or returns it → the complaint-prevention department assigns a handling team, tracks,
closes and evaluates. A returned report goes back to ``submitted`` when its reporter edits it.
Pure rules only: the services lock the row, call ``check`` and store the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from domain import inputs
from domain.codes import ATTITUDES, WARNING_SOURCES
from domain.errors import DutyConflict
from domain.inputs import CUSTOMER_CODE, Inputs, Problem, normalise_code, normalise_phone, normalise_text
from domain.risk import RiskInputs

# Limits said in the messages; name and contact match the ledger's column sizes.
MAX_NAME: Final = 40
MAX_DESCRIPTION: Final = 2000
MAX_SUGGESTION: Final = 1000
MAX_COMMENT: Final = 1000
MAX_PLAN: Final = 2000
MAX_DEBT: Final = 10_000_000  # yuan; anything above is a typing slip
MAX_OVERDUE_DAYS: Final = 3650
MAX_COMPLAINT_HISTORY: Final = 99
WEIGHT_DECIMALS: Final = 4  # the editor shows two; a script may be finer, but not noise

# The factors of domain.risk.factor_values, the rows of the warning_weights table.
RISK_FACTORS: Final = ("complaint_history", "overdue", "debt", "attitude")


@dataclass(frozen=True)
class WarningInput:
    """What the reporter types; ``None`` is a field left empty."""

    customer_name: str
    contact: str
    debt_amount: float | None
    overdue_days: int | None
    source: str | None
    complaint_history: int | None
    attitude: str | None
    description: str
    suggestion: str
    customer_code: str = ""

    def cleaned(self) -> WarningInput:
        """Text as the input policy stores it; the phone without spaces, the customer code upper-cased."""
        return WarningInput(
            customer_name=normalise_text(self.customer_name),
            contact=normalise_phone(self.contact),
            debt_amount=self.debt_amount,
            overdue_days=self.overdue_days,
            source=self.source,
            complaint_history=self.complaint_history,
            attitude=self.attitude,
            description=normalise_text(self.description, multiline=True),
            suggestion=normalise_text(self.suggestion, multiline=True),
            customer_code=normalise_code(self.customer_code),
        )

    def score_inputs(self) -> RiskInputs | None:
        """The keywords of ``domain.risk.risk_score``, or None while one of them is missing."""
        debt, overdue, history, attitude = self.debt_amount, self.overdue_days, self.complaint_history, self.attitude
        if debt is None or overdue is None or history is None or attitude is None or attitude not in ATTITUDES:
            return None
        return {
            "complaint_history": int(history),
            "overdue_days": int(overdue),
            "debt_amount": float(debt),
            "attitude": attitude,
        }


def report_problems(form: WarningInput) -> list[Problem]:
    """Everything wrong with a report, each as an i18n key with its arguments, in the form's order."""
    check = Inputs()
    check.text(form.customer_name, field="warn.field.customer_name", max_chars=MAX_NAME)
    check.take(inputs.phone_number(form.contact, field="warn.field.contact", format_key="warn.err.phone"))
    check.take(debt_amount(form.debt_amount))
    check.whole(form.overdue_days, field="warn.field.overdue_days", minimum=0, maximum=MAX_OVERDUE_DAYS)
    check.check(inputs.one_of(form.source, WARNING_SOURCES, field="warn.field.source"))
    check.whole(form.complaint_history, field="warn.field.complaint_history", minimum=0, maximum=MAX_COMPLAINT_HISTORY)
    check.check(inputs.one_of(form.attitude, ATTITUDES, field="warn.field.attitude"))
    check.text(form.description, field="warn.field.description", max_chars=MAX_DESCRIPTION, multiline=True)
    check.text(form.suggestion, field="warn.field.suggestion", max_chars=MAX_SUGGESTION, multiline=True)
    check.take(
        inputs.code(
            form.customer_code,
            field="input.field.customer_code",
            pattern=CUSTOMER_CODE,
            format_key="warn.err.customer_code",
        )
    )
    return check.problems


def debt_amount(value: object) -> inputs.Checked[Decimal | None]:
    """Yuan and fen: more than 0, at most ``MAX_DEBT``, two decimals (0.001 is not 0.00)."""
    return inputs.number_in(
        value,
        field="warn.field.debt_amount",
        minimum=0,
        maximum=MAX_DEBT,
        decimals=2,
        above_minimum=True,
        keys={inputs.ABOVE: "warn.err.amount_ceiling"},
    )


def checked_weights(weights: dict[str, float]) -> tuple[dict[str, float], list[Problem]]:
    """Every factor once, each weight 0–1 (four decimals at most), at least one above zero (the score
    divides by their sum); the weights come back rounded to their decimals."""
    if not isinstance(weights, dict) or set(weights) != set(RISK_FACTORS):
        return {}, [("warn.err.weight_factors", {})]
    check = Inputs()
    clean: dict[str, float] = {}
    for factor in RISK_FACTORS:
        value = check.number(
            weights[factor], field=f"warn.factor.{factor}", minimum=0, maximum=1, decimals=WEIGHT_DECIMALS
        )
        if value is not None:
            clean[factor] = float(value)
    if not check.problems and not any(v > 0 for v in clean.values()):
        check.add("warn.err.weight_all_zero")
    return clean, check.problems


def weight_problems(weights: dict[str, float]) -> list[Problem]:
    return checked_weights(weights)[1]


# --------------------------------------------------------------------------- the workflow

TEAM_HEAD: Final = "team_head"  # the department head of the reporting team
REPORTER: Final = "reporter"  # the person who reported it
DEPARTMENT: Final = "department"  # anyone of the allowed roles


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    roles: frozenset[str]
    who: str
    event: str  # WarningEvent.kind written on the timeline


# Reports go up to a department head for sign-off, so only roles that belong to a team with a head report.
REPORTING_ROLES: Final = frozenset({"staff", "dept_head"})
_HEADS = frozenset({"dept_head"})
_PREVENTION = frozenset({"prevention"})

TRANSITIONS: Final[dict[str, Transition]] = {
    t.action: t
    for t in (
        Transition("approve", "submitted", "approved", _HEADS, TEAM_HEAD, "approved"),
        Transition("return", "submitted", "returned", _HEADS, TEAM_HEAD, "returned"),
        Transition("resubmit", "returned", "submitted", REPORTING_ROLES, REPORTER, "submitted"),
        Transition("assign", "approved", "assigned", _PREVENTION, DEPARTMENT, "assigned"),
        Transition("track", "assigned", "assigned", _PREVENTION, DEPARTMENT, "tracking"),
        Transition("close", "assigned", "closed", _PREVENTION, DEPARTMENT, "closed"),
        Transition("evaluate", "closed", "evaluated", _PREVENTION, DEPARTMENT, "evaluated"),
    )
}
ACTIONS: Final = tuple(TRANSITIONS)


@dataclass(frozen=True)
class Actor:
    user_id: int
    role: str
    team_id: int | None


class NotAllowed(Exception):
    """This person may not take this action on this report, whatever its state."""


class WrongState(Exception):
    """The report is no longer in the state the action starts from (someone else moved it)."""


def duty_conflict(action: str, actor: Actor, *, reporter_id: int, closer_id: int | None = None) -> str | None:
    """Separation of duties, as the i18n key of the refusal: nobody signs off a report they made,
    and whoever closed a report does not evaluate it."""
    if action in ("approve", "return") and actor.user_id == reporter_id:
        return "errors.duty.own_report"
    if action == "evaluate" and closer_id is not None and actor.user_id == closer_id:
        return "errors.duty.own_close"
    return None


def may(actor: Actor, action: str, *, reporter_id: int, team_id: int, closer_id: int | None = None) -> bool:
    """Role and relationship: the team's own head signs off (not their own report), the reporter
    resubmits, the person who closed a report leaves its evaluation to a colleague."""
    step = TRANSITIONS[action]
    if actor.role not in step.roles or duty_conflict(action, actor, reporter_id=reporter_id, closer_id=closer_id):
        return False
    if step.who == TEAM_HEAD:
        return actor.team_id is not None and actor.team_id == team_id
    if step.who == REPORTER:
        return actor.user_id == reporter_id
    return True


def check(
    action: str, status: str, actor: Actor, *, reporter_id: int, team_id: int, closer_id: int | None = None
) -> Transition:
    """The transition ``action`` makes from ``status``; raises ``DutyConflict`` (named duty),
    ``NotAllowed`` or ``WrongState``."""
    if action not in TRANSITIONS:
        raise ValueError(f"unknown warning action {action!r}")
    if actor.role in TRANSITIONS[action].roles:
        conflict = duty_conflict(action, actor, reporter_id=reporter_id, closer_id=closer_id)
        if conflict is not None:
            raise DutyConflict(f"warning.{action}", conflict)
    if not may(actor, action, reporter_id=reporter_id, team_id=team_id):
        raise NotAllowed(action)
    step = TRANSITIONS[action]
    if status != step.source:
        raise WrongState(action)
    return step


def allowed_actions(
    status: str, actor: Actor, *, reporter_id: int, team_id: int, closer_id: int | None = None
) -> list[str]:
    """The actions this person can take on a report in ``status`` now, in workflow order."""
    return [
        a
        for a, step in TRANSITIONS.items()
        if step.source == status and may(actor, a, reporter_id=reporter_id, team_id=team_id, closer_id=closer_id)
    ]


def withheld_by_duty(status: str, actor: Actor, *, reporter_id: int, closer_id: int | None = None) -> str | None:
    """The i18n key of the separation-of-duties reason this person's role may not take the report's
    next step (signing off their own report, evaluating what they closed), or None: the page says
    why instead of offering a form the service would refuse."""
    for action, step in TRANSITIONS.items():
        if step.source == status and actor.role in step.roles:
            conflict = duty_conflict(action, actor, reporter_id=reporter_id, closer_id=closer_id)
            if conflict is not None:
                return conflict
    return None


# What each action's text is called in the messages, and its limit.
ACTION_TEXT: Final[dict[str, tuple[str, int]]] = {
    "approve": ("warn.field.head_comment", MAX_COMMENT),
    "return": ("warn.field.return_reason", MAX_COMMENT),
    "resubmit": ("warn.field.resubmit_note", MAX_COMMENT),
    "assign": ("warn.field.plan", MAX_PLAN),
    "track": ("warn.field.tracking_note", MAX_COMMENT),
    "close": ("warn.field.close_note", MAX_COMMENT),
    "evaluate": ("warn.field.evaluation", MAX_PLAN),
}
SINGLE_LINE_ACTIONS: Final = frozenset({"resubmit"})  # typed into a one-line input


def action_text(action: str, text: str) -> str:
    """An action's comment, plan or note as the input policy stores it."""
    return normalise_text(text, multiline=action not in SINGLE_LINE_ACTIONS)


def transition_problems(
    action: str, *, comment: str = "", plan: str = "", handling_team_id: int | None = None
) -> list[Problem]:
    """What each action needs: a reason to return, a team and plan to assign, a note to track or close,
    an evaluation to evaluate, a note to resubmit; approving takes an optional remark."""
    check = Inputs()
    if action == "assign":
        if handling_team_id is None:
            check.add(inputs.CHOOSE, field="warn.field.handling_team")
        elif inputs.record_id(handling_team_id) is None:
            check.add("warn.err.handling_team")
    if action in ACTION_TEXT:
        field, limit = ACTION_TEXT[action]
        check.text(
            plan if action == "assign" else comment,
            field=field,
            max_chars=limit,
            required=action != "approve",
            multiline=action not in SINGLE_LINE_ACTIONS,
        )
    return check.problems
