"""Committee review rubric and improvement-item rules."""

from __future__ import annotations

from datetime import date

from domain.sampling import MAX_SIZE

CRITERIA = ("timeliness", "accuracy", "attitude", "resolution", "compliance")
SCORE_RANGE = range(1, 6)
FINDING_MAX_SCORE = 2  # a criterion scored 1 or 2 is a finding even when the case passed
MAX_COMMENT = 1000
MAX_SHORT = 60
MAX_TEXT = 1000

# (i18n key, arguments); an argument that is itself an i18n key is translated when shown.
Problem = tuple[str, dict]


def review_problems(scores: dict[str, int | None], passed: bool | None, comment: str) -> list[Problem]:
    problems: list[Problem] = []
    for criterion in CRITERIA:
        if scores.get(criterion) not in SCORE_RANGE:
            problems.append(("sample.err.score", {"criterion": f"sample.crit.{criterion}"}))
    if passed is None:
        problems.append(("sample.err.passed", {}))
    if len(comment.strip()) > MAX_COMMENT:
        problems.append(("sample.err.comment_long", {"max": MAX_COMMENT}))
    if passed is False and not comment.strip():
        problems.append(("sample.err.fail_needs_comment", {}))
    return problems


def is_finding(scores: dict[str, int | None], passed: bool | None) -> bool:
    """A failed case, or any criterion scored 1–2, goes on the findings list."""
    return passed is False or any(v is not None and v <= FINDING_MAX_SCORE for v in scores.values())


def period_problems(start: date | None, end: date | None, size: int) -> list[Problem]:
    problems: list[Problem] = []
    if start is None or end is None:
        problems.append(("sample.err.period", {}))
    elif end < start:
        problems.append(("sample.err.period_order", {}))
    if not 1 <= size <= MAX_SIZE:
        problems.append(("sample.err.size", {"max": MAX_SIZE}))
    return problems


def improvement_problems(issue: str, department: str, measure: str, due: date | None, owner: str) -> list[Problem]:
    problems: list[Problem] = []
    for key, value, limit in (
        ("issue", issue, MAX_TEXT),
        ("department", department, MAX_SHORT),
        ("measure", measure, MAX_TEXT),
        ("owner", owner, MAX_SHORT),
    ):
        if not value.strip():
            problems.append(("improve.err.required", {"field": f"improve.field.{key}"}))
        elif len(value.strip()) > limit:
            problems.append(("improve.err.too_long", {"field": f"improve.field.{key}", "max": limit}))
    if due is None:
        problems.append(("improve.err.due", {}))
    return problems


def is_overdue(due: date, status: str, today: date) -> bool:
    return status in ("open", "in_progress") and due < today
