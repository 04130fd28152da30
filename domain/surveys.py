"""The follow-up survey of an archived case (seed 002: the customer's opinion after every case): a
score of 1–5 and a comment, one per case, recorded from the return call or by the complainant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from domain import inputs
from domain.intake import SATISFACTION_SCORES

COMMENT_MAX: Final = 500
SCORE_FIELD: Final = "survey.field.score"
COMMENT_FIELD: Final = "survey.field.comment"


@dataclass(frozen=True)
class Survey:
    score: int
    comment: str


def checked_survey(score: object, comment: object) -> tuple[Survey, list[inputs.Problem]]:
    """A whole score 1–5 (required) and an optional comment through the input policy."""
    check = inputs.Inputs()
    checked = check.whole(score, field=SCORE_FIELD, minimum=SATISFACTION_SCORES[0], maximum=SATISFACTION_SCORES[-1])
    text = check.text(comment, field=COMMENT_FIELD, max_chars=COMMENT_MAX, multiline=True, required=False)
    return Survey(checked or 0, text), check.problems
