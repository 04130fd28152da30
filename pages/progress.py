"""投诉进度查询 The complainant's progress lookup, open without a staff sign-in: the reference number
and the last four digits of the phone on file show the four public stages, when the open one is
expected and, once resolved, the reply; an archived case takes its follow-up survey here."""

import streamlit as st

from components import auth, feedback, forms, progress_view
from components.i18n import t
from db.clock import now
from db.queries import progress as q
from db.services import progress as svc
from domain.progress import public_progress

VERIFIED_KEY = "progress_verified"  # (complaint id, reference number, digits) of the last lookup that proved the case

auth.ensure_framed(public=True)
forms.after_write()
st.title(t("progress.title"))
st.caption(t("progress.intro"))


def look_up(typed: progress_view.Typed) -> None:
    """Check the typed number and digits; remember the case they prove, or say (the same for every
    failure) that nothing matches."""

    def remember(answer: svc.Answer) -> None:
        if answer.complaint_id is None:
            st.warning(t(f"progress.{answer.result}"), icon=":material/search_off:")
        else:
            st.session_state[VERIFIED_KEY] = (answer.complaint_id, typed.ref, typed.phone_last4)

    st.session_state.pop(VERIFIED_KEY, None)
    feedback.attempt(lambda: svc.look_up(typed.ref, typed.phone_last4, progress_view.visitor_key()), remember)


typed = progress_view.lookup_form()
if typed is not None:
    look_up(typed)

verified = st.session_state.get(VERIFIED_KEY)
case = q.public_case(verified[0]) if verified else None
if verified is None or case is None:
    st.stop()

_, ref, digits = verified
progress = public_progress(case, case["reply"], bool(case["has_survey"]), now())
st.divider()
progress_view.show(progress)
if progress.survey_due:
    sent = progress_view.survey_form()
    if sent is not None:
        score, comment = sent
        forms.submit(
            "progress_survey",
            lambda token: svc.submit_survey(ref, digits, progress_view.visitor_key(), score, comment, token),
            lambda _: t("progress.survey_thanks"),
            clear=(progress_view.SCORE_KEY, progress_view.COMMENT_KEY),
        )
elif case["archive_at"] is not None:
    st.caption(t("progress.survey_given"))
