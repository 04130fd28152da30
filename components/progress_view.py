"""Drawing the complainant's progress page: the lookup form, the four public stages with their dates
and expected time, the reply once resolved and the follow-up survey; and who the visitor is for the
lockout (the address the request came from, else the browser session)."""

from __future__ import annotations

import os
from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components import closure_view
from components.formats import stamp
from components.i18n import code, t
from domain.progress import PublicProgress, client_address, client_key

PROXY_HOPS_ENV_VAR = "DASHBOARD_PROXY_HOPS"  # how many proxies of our own stand before the app (default 0)
REF_KEY, PHONE_KEY = "progress_ref", "progress_phone"
SCORE_KEY, COMMENT_KEY = "progress_score", "progress_comment"


def _proxy_hops() -> int:
    raw = os.environ.get(PROXY_HOPS_ENV_VAR, "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() else 0


def visitor_key() -> str:
    """The hashed key failed lookups are counted by for this visitor: the address the request came
    from (behind ``DASHBOARD_PROXY_HOPS`` proxies, the one the outermost saw), else the browser session."""
    ctx = get_script_run_ctx()
    address = client_address(st.context.headers.get("X-Forwarded-For"), st.context.ip_address, _proxy_hops())
    return client_key(address, ctx.session_id if ctx else "")


@dataclass(frozen=True)
class Typed:
    ref: str
    phone_last4: str


def lookup_form() -> Typed | None:
    """The reference number and phone digits, when the visitor asks."""
    with st.form("progress_lookup_form"):
        left, right = st.columns([3, 2])
        ref = left.text_input(
            t("progress.field.ref"), key=REF_KEY, max_chars=40, placeholder=t("progress.ref_placeholder")
        )
        digits = right.text_input(
            t("progress.field.phone_last4"), key=PHONE_KEY, max_chars=8, placeholder=t("progress.phone_placeholder")
        )
        asked = st.form_submit_button(
            t("progress.look_up"), type="primary", icon=":material/search:", key="progress_look_up"
        )
    return Typed(ref, digits) if asked else None


def show(progress: PublicProgress) -> None:
    """Where the case stands, each public stage with its date, and the reply once resolved; nothing else."""
    st.subheader(progress.ref)
    if progress.current is None:
        st.success(t("progress.complete"), icon=":material/task_alt:")
    else:
        key = "progress.current_overdue" if progress.overdue else "progress.current"
        st.info(
            t(key, stage=code("stage", progress.current), due=stamp(progress.expected_at)), icon=":material/schedule:"
        )
    st.markdown(f"**{t('progress.stages')}**")
    for column, step in zip(st.columns(len(progress.steps)), progress.steps):
        if step.done_at is not None:
            icon, text = ":material/check_circle:", t("progress.step_done", at=stamp(step.done_at))
        elif step.stage == progress.current:
            icon, text = ":material/pending:", t("progress.step_open", due=stamp(step.expected_at))
        else:
            icon, text = ":material/radio_button_unchecked:", t("progress.step_waiting")
        column.markdown(f"{icon} **{code('stage', step.stage)}**  \n{text}")
    if progress.reply is not None:
        st.markdown(f"**{t('progress.outcome')}**")
        st.text(progress.reply)  # as written for the complainant, never read as Markdown


def survey_form() -> tuple[int | None, str] | None:
    """The follow-up survey: a score and a comment, when sent."""
    st.markdown(f"**{t('progress.survey')}**")
    st.caption(t("progress.survey_help"))
    with st.form("progress_survey_form"):
        score, comment = closure_view.survey_inputs(SCORE_KEY, COMMENT_KEY)
        sent = st.form_submit_button(t("progress.send_survey"), icon=":material/send:", key="progress_send_survey")
    return (score, comment) if sent else None
