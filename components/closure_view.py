"""Drawing how a case is closed: the outcome inputs of the resolve stage, a case's recorded outcome,
reply and survey, the survey inputs, and the overview's outcome tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import tables
from components.formats import stamp
from components.i18n import code, fixed, t
from domain.codes import AMOUNT_OUTCOMES, OUTCOME_KINDS
from domain.intake import SATISFACTION_SCORES
from domain.outcomes import REPLY_MAX, OutcomeForm, amount_field
from domain.surveys import COMMENT_MAX

REPLY_KEY = "outcome_reply"


def kind_key(kind: str) -> str:
    return f"outcome_kind_{kind}"


def amount_key(kind: str) -> str:
    return f"outcome_amount_{kind}"


def outcome_keys() -> tuple[str, ...]:
    """Every widget key of the outcome inputs (a stored resolve clears them)."""
    return (*map(kind_key, OUTCOME_KINDS), *map(amount_key, AMOUNT_OUTCOMES), REPLY_KEY)


def outcome_inputs() -> OutcomeForm:
    """Inside the resolve form: a tick per outcome kind, the amount beside each kind with money, and
    the reply for the complainant."""
    st.markdown(f"**{t('outcome.heading')}**")
    st.caption(t("outcome.help"))
    ticked: dict[str, bool] = {}
    amounts: dict[str, object] = {}
    for kind in AMOUNT_OUTCOMES:
        tick, amount = st.columns([1, 1], vertical_alignment="center")
        ticked[kind] = tick.checkbox(code("outcome", kind), key=kind_key(kind))
        amounts[kind] = amount.number_input(
            t(amount_field(kind)), min_value=0.0, value=None, step=100.0, format="%.2f", key=amount_key(kind)
        )
    others = [kind for kind in OUTCOME_KINDS if kind not in AMOUNT_OUTCOMES]
    for column, kind in zip(st.columns(len(others)), others):
        ticked[kind] = column.checkbox(code("outcome", kind), key=kind_key(kind))
    reply = st.text_area(
        t("outcome.field.reply"),
        key=REPLY_KEY,
        max_chars=REPLY_MAX,
        placeholder=t("outcome.reply_placeholder"),
        help=t("outcome.reply_help", max=REPLY_MAX),
    )
    return OutcomeForm(kinds=tuple(kind for kind in OUTCOME_KINDS if ticked[kind]), amounts=amounts, reply=reply)


def survey_labels() -> dict[int, str]:
    return {score: t(f"survey.score.{score}") for score in SATISFACTION_SCORES}


def survey_inputs(score_key: str, comment_key: str) -> tuple[int | None, str]:
    """Inside a form: the score (1–5, none chosen at first) and the comment."""
    labels = survey_labels()
    score = st.radio(
        t("survey.field.score"), list(labels), index=None, horizontal=True, key=score_key, format_func=fixed(labels)
    )
    comment = st.text_area(t("survey.field.comment"), key=comment_key, max_chars=COMMENT_MAX)
    return score, comment


def show_closure(closure: dict, *, key: str) -> None:
    """A case's recorded outcome (kinds and amounts), the reply and the follow-up survey."""
    st.subheader(t("closure.heading"))
    resolution = closure["resolution"]
    if resolution is None:
        st.caption(t("closure.none"))
    else:
        st.caption(t("closure.recorded", at=stamp(resolution["recorded_at"]), by=resolution["recorded_by"] or "—"))
        amount = t("closure.col.amount")
        frame = pd.DataFrame(
            {
                t("closure.col.kind"): [code("outcome", kind) for kind, _ in closure["outcomes"]],
                amount: pd.to_numeric(
                    pd.Series([value for _, value in closure["outcomes"]], dtype=object), errors="coerce"
                ),
            }
        )
        tables.show(frame, export_name=f"{key}_outcome", key=f"{key}_outcome_table", money_columns=(amount,))
        st.caption(t("closure.reply"))
        st.text(resolution["reply"])
    survey = closure["survey"]
    if survey is None:
        st.caption(t("closure.survey_none"))
        return
    source = code("survey_source", survey["source"]) if survey["source"] else "—"
    st.caption(t("closure.survey", score=survey["score"], source=source, at=stamp(survey["at"])))
    if survey["comment"]:
        st.caption(t("closure.survey_comment"))
        st.text(survey["comment"])
