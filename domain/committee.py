"""Committee review rubric, the sample draw's inputs and improvement-item rules."""

from __future__ import annotations

from datetime import date

from domain import inputs
from domain.inputs import Checked, Inputs, Problem, shift_years, tidy_text
from domain.sampling import MAX_SIZE

CRITERIA = ("timeliness", "accuracy", "attitude", "resolution", "compliance")
SCORE_RANGE = range(1, 6)
FINDING_MAX_SCORE = 2  # a criterion scored 1 or 2 is a finding even when the case passed
MAX_COMMENT = 1000
MAX_SHORT = 60  # improvement_items.department and .owner are VARCHAR(60)
MAX_TEXT = 1000
MAX_EVIDENCE = 200  # improvement_items.evidence is VARCHAR(200)
SEED_MAX = 2**63 - 1  # committee_samples.random_seed is a BIGINT
PERIOD_YEARS = 10  # a sample period starts at most ten years back and ends today at the latest
DUE_PAST_YEARS, DUE_FUTURE_YEARS = 1, 3  # an improvement is due from a year ago to three years ahead

# The improvement fields: (argument, label key of its name, limit, typed on several lines).
IMPROVEMENT_TEXT = (
    ("issue", "improve.field.issue", MAX_TEXT, True),
    ("department", "improve.field.department", MAX_SHORT, False),
    ("measure", "improve.field.measure", MAX_TEXT, True),
    ("owner", "improve.field.owner", MAX_SHORT, False),
)


def review_problems(scores: dict[str, int | None], passed: bool | None, comment: str) -> list[Problem]:
    check = Inputs()
    for criterion in CRITERIA:
        check.whole(
            scores.get(criterion),
            field=f"sample.crit.{criterion}",
            minimum=SCORE_RANGE[0],
            maximum=SCORE_RANGE[-1],
            keys=dict.fromkeys(
                (inputs.REQUIRED, inputs.WHOLE, inputs.NOT_A_NUMBER, inputs.ASCII_DIGITS), "sample.err.score"
            ),
        )
    if not isinstance(passed, bool):
        check.add("sample.err.passed")
    text = check.text(comment, field="sample.comment", max_chars=MAX_COMMENT, required=False, multiline=True)
    if passed is False and not text:
        check.add("sample.err.fail_needs_comment")
    return check.problems


def is_finding(scores: dict[str, int | None], passed: bool | None) -> bool:
    """A failed case, or any criterion scored 1–2, goes on the findings list."""
    return passed is False or any(v is not None and v <= FINDING_MAX_SCORE for v in scores.values())


def period_window(today: date) -> tuple[date, date]:
    return shift_years(today, -PERIOD_YEARS), today


def checked_period(
    start: object, end: object, size: object, *, today: date
) -> tuple[tuple[date, date, int] | None, list[Problem]]:
    """Both archive dates within the last ten years (today at the latest), in order; 1–MAX_SIZE cases.
    Returns (start, end, size) when all is well, and the problems."""
    check = Inputs()
    earliest, latest = period_window(today)
    first = check.date(start, field="sample.period_start", earliest=earliest, latest=latest)
    last = check.date(end, field="sample.period_end", earliest=earliest, latest=latest)
    if first is not None and last is not None and last < first:
        check.add("sample.err.period_order")
    n = check.whole(size, field="sample.size", minimum=1, maximum=MAX_SIZE)
    if check.problems or first is None or last is None or n is None:
        return None, check.problems
    return (first, last, n), []


def period_problems(start: object, end: object, size: object, *, today: date) -> list[Problem]:
    return checked_period(start, end, size, today=today)[1]


def sample_seed(value: object) -> Checked[int | None]:
    """The seed typed on the draw form: empty for a random one, else ASCII digits up to the BIGINT."""
    return inputs.whole_number(value, field="sample.field.seed", minimum=0, maximum=SEED_MAX, required=False)


def due_window(today: date) -> tuple[date, date]:
    return shift_years(today, -DUE_PAST_YEARS), shift_years(today, DUE_FUTURE_YEARS)


def improvement_problems(
    issue: str,
    department: str,
    measure: str,
    due: object,
    owner: str,
    *,
    today: date,
    evidence: str | None = None,
) -> list[Problem]:
    check = Inputs()
    values = {"issue": issue, "department": department, "measure": measure, "owner": owner}
    for name, field, limit, multiline in IMPROVEMENT_TEXT:
        check.text(
            values[name],
            field=field,
            max_chars=limit,
            multiline=multiline,
            keys={inputs.REQUIRED: "improve.err.required"},
        )
    earliest, latest = due_window(today)
    check.date(due, field="improve.due", earliest=earliest, latest=latest)
    check.text(evidence, field="improve.field.evidence", max_chars=MAX_EVIDENCE, required=False)
    return check.problems


def finding_issue(ref_no: str | None, comment: str | None) -> str:
    """The issue of an improvement made from a finding: the case and the reviewer's comment, cut to fit."""
    return tidy_text(f"{ref_no or ''}: {comment or ''}".strip(": "), max_chars=MAX_TEXT)


def is_overdue(due: date, status: str, today: date) -> bool:
    return status in ("open", "in_progress") and due < today
