"""Early-warning reports (seed 004): what a valid report is, and who may move it where.

The workflow is a small state machine: staff report → the department head of the reporting team
signs it off or returns it → the complaint-prevention department assigns a handling team, tracks,
closes and evaluates. A returned report goes back to ``submitted`` when its reporter edits it.
Pure rules only: the services lock the row, call ``check`` and store the outcome.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Final

from domain.codes import ATTITUDES, WARNING_SOURCES
from domain.risk import RiskInputs

Problem = tuple[str, dict]

# Limits said in the messages; name and contact match the ledger's column sizes.
MAX_NAME: Final = 40
MAX_DESCRIPTION: Final = 2000
MAX_SUGGESTION: Final = 1000
MAX_COMMENT: Final = 1000
MAX_PLAN: Final = 2000
MAX_DEBT: Final = 10_000_000  # yuan; anything above is a typing slip
MAX_OVERDUE_DAYS: Final = 3650
MAX_COMPLAINT_HISTORY: Final = 99

MOBILE: Final = re.compile(r"^1[3-9]\d{9}$")
LANDLINE: Final = re.compile(r"^0\d{2,3}-?\d{7,8}$")
CUSTOMER_CODE: Final = re.compile(r"^C\d{8}$")

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
        """Text stripped (inner text kept literally); the customer code upper-cased."""
        return WarningInput(
            customer_name=(self.customer_name or "").strip(),
            contact=(self.contact or "").strip(),
            debt_amount=self.debt_amount,
            overdue_days=self.overdue_days,
            source=self.source,
            complaint_history=self.complaint_history,
            attitude=self.attitude,
            description=(self.description or "").strip(),
            suggestion=(self.suggestion or "").strip(),
            customer_code=(self.customer_code or "").strip().upper(),
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


def _text(problems: list[Problem], value: str, field: str, limit: int, *, required: bool = True) -> None:
    if required and not value:
        problems.append(("warn.err.required", {"field": field}))
    elif len(value) > limit:
        problems.append(("warn.err.too_long", {"field": field, "max": limit}))


def _count(problems: list[Problem], value: int | None, field: str, limit: int) -> None:
    if value is None:
        problems.append(("warn.err.required", {"field": field}))
    elif value != int(value) or not 0 <= value <= limit:
        problems.append(("warn.err.count", {"field": field, "max": limit}))


def report_problems(form: WarningInput) -> list[Problem]:
    """Everything wrong with a (cleaned) report, each as an i18n key with its arguments."""
    problems: list[Problem] = []
    _text(problems, form.customer_name, "warn.field.customer_name", MAX_NAME)
    if not form.contact:
        problems.append(("warn.err.required", {"field": "warn.field.contact"}))
    elif not (MOBILE.match(form.contact) or LANDLINE.match(form.contact)):
        problems.append(("warn.err.phone", {}))
    if form.debt_amount is None:
        problems.append(("warn.err.required", {"field": "warn.field.debt_amount"}))
    elif not math.isfinite(form.debt_amount) or form.debt_amount <= 0:
        problems.append(("warn.err.amount_positive", {}))
    elif form.debt_amount > MAX_DEBT:
        problems.append(("warn.err.amount_ceiling", {"max": f"{MAX_DEBT:,}"}))
    _count(problems, form.overdue_days, "warn.field.overdue_days", MAX_OVERDUE_DAYS)
    if form.source not in WARNING_SOURCES:
        problems.append(("warn.err.choose", {"field": "warn.field.source"}))
    _count(problems, form.complaint_history, "warn.field.complaint_history", MAX_COMPLAINT_HISTORY)
    if form.attitude not in ATTITUDES:
        problems.append(("warn.err.choose", {"field": "warn.field.attitude"}))
    _text(problems, form.description, "warn.field.description", MAX_DESCRIPTION)
    _text(problems, form.suggestion, "warn.field.suggestion", MAX_SUGGESTION)
    if form.customer_code and not CUSTOMER_CODE.match(form.customer_code):
        problems.append(("warn.err.customer_code", {}))
    return problems


def weight_problems(weights: dict[str, float]) -> list[Problem]:
    """Every factor once, each weight 0–1, at least one above zero (the score divides by their sum)."""
    problems: list[Problem] = []
    if set(weights) != set(RISK_FACTORS):
        problems.append(("warn.err.weight_factors", {}))
        return problems
    values = [weights[f] for f in RISK_FACTORS]
    if any(v is None or not math.isfinite(v) or not 0 <= v <= 1 for v in values):
        problems.append(("warn.err.weight_range", {}))
    elif not any(v > 0 for v in values):
        problems.append(("warn.err.weight_all_zero", {}))
    return problems


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


def may(actor: Actor, action: str, *, reporter_id: int, team_id: int) -> bool:
    """Role and relationship only: the team's own head signs off, the reporter resubmits."""
    step = TRANSITIONS[action]
    if actor.role not in step.roles:
        return False
    if step.who == TEAM_HEAD:
        return actor.team_id is not None and actor.team_id == team_id
    if step.who == REPORTER:
        return actor.user_id == reporter_id
    return True


def check(action: str, status: str, actor: Actor, *, reporter_id: int, team_id: int) -> Transition:
    """The transition ``action`` makes from ``status``; raises ``NotAllowed`` or ``WrongState``."""
    if action not in TRANSITIONS:
        raise ValueError(f"unknown warning action {action!r}")
    if not may(actor, action, reporter_id=reporter_id, team_id=team_id):
        raise NotAllowed(action)
    step = TRANSITIONS[action]
    if status != step.source:
        raise WrongState(action)
    return step


def allowed_actions(status: str, actor: Actor, *, reporter_id: int, team_id: int) -> list[str]:
    """The actions this person can take on a report in ``status`` now, in workflow order."""
    return [
        a
        for a, step in TRANSITIONS.items()
        if step.source == status and may(actor, a, reporter_id=reporter_id, team_id=team_id)
    ]


def transition_problems(
    action: str, *, comment: str = "", plan: str = "", handling_team_id: int | None = None
) -> list[Problem]:
    """What each action needs: a reason to return, a team and plan to assign, a note to track or close,
    an evaluation to evaluate; approving and resubmitting take an optional or short remark."""
    problems: list[Problem] = []
    comment, plan = (comment or "").strip(), (plan or "").strip()
    needs_comment = {
        "return": "warn.field.return_reason",
        "track": "warn.field.tracking_note",
        "close": "warn.field.close_note",
        "evaluate": "warn.field.evaluation",
        "resubmit": "warn.field.resubmit_note",
    }
    if action in needs_comment:
        _text(problems, comment, needs_comment[action], MAX_COMMENT if action != "evaluate" else MAX_PLAN)
    elif action == "approve":
        _text(problems, comment, "warn.field.head_comment", MAX_COMMENT, required=False)
    elif action == "assign":
        if handling_team_id is None:
            problems.append(("warn.err.choose", {"field": "warn.field.handling_team"}))
        _text(problems, plan, "warn.field.plan", MAX_PLAN)
    return problems
