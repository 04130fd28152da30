"""预警上报 Report a warning: a complaint risk reported with a live risk score, the reporter's recent
reports with their state, and editing + resubmitting a report the department head returned."""

import streamlit as st

from components import auth, formats, forms, tables, warning_view
from components.i18n import code, fixed, lang, t
from db.queries import reference
from db.queries import warnings as q
from db.services import warnings as svc
from domain.risk import risk_level, risk_score
from domain.warnings import MAX_COMMENT, WarningInput

NEW_FORM = "warn_report"
NEW_PREFIX = "warn_new_"

user = auth.current_user()
weights = q.weights()


def live_score(form: WarningInput) -> tuple[float | None, str | None]:
    inputs = form.score_inputs()
    if inputs is None:
        return None, None
    score = risk_score(weights, **inputs)
    return score, risk_level(score)


def report_block(prefix: str, defaults: dict | None = None) -> WarningInput:
    """The report's fields with the risk panel beside them, following every change."""
    left, right = st.columns([3, 1], gap="large")
    with left:
        form = warning_view.report_fields(prefix, defaults)
    with right:
        warning_view.risk_panel(*live_score(form), weights)
    return form


def submit(form: WarningInput, token: str) -> str:
    receipt = svc.submit_warning(user, form, token=token)
    return t("warn.submitted", ref=receipt.ref_no, level=code("risk", receipt.risk_level))


def resubmit(warning_id: int, form: WarningInput, note: str, ref_no: str, token: str) -> str:
    svc.resubmit_warning(user, warning_id, form, note, token=token)
    return t("warn.resubmitted", ref=ref_no)


st.title(t("warn.report.title"))
st.caption(t("warn.report.caption"))
forms.after_write()

if user.team_id is None:
    st.warning(t("warn.no_team"), icon=":material/group_off:")
else:
    name = "name" if lang() == "zh" else "name_en"
    teams, cities = reference.teams().set_index("id"), reference.cities().set_index("id")
    team = teams.loc[user.team_id]
    st.caption(t("warn.report.team", team=team[name], city=cities.loc[team["city_id"], name]))
    with st.container(border=True):
        new_form = report_block(NEW_PREFIX)
        if st.button(t("warn.submit"), type="primary", icon=":material/send:", key="warn_submit"):
            forms.submit(
                NEW_FORM, lambda token: submit(new_form, token), str, clear=warning_view.field_keys(NEW_PREFIX)
            )

st.header(t("warn.mine.title"))
mine = q.my_reports(user.id)
if mine.empty:
    st.info(t("warn.mine.empty"))
    st.stop()
st.caption(t("warn.mine.caption", n=len(mine)))
tables.show(warning_view.my_reports_frame(mine), export_name="my_warnings", key="warn_mine")

returned = q.my_returned(user.id)
if not returned.empty:
    st.subheader(t("warn.edit.title"))
    labels = {
        int(r.id): f"{r.ref_no} · {r.customer_name} · {formats.stamp(r.reported_at)}" for r in returned.itertuples()
    }
    if st.session_state.get("warn_edit_pick") not in labels:
        st.session_state.pop("warn_edit_pick", None)
    picked = st.selectbox(
        t("warn.edit.pick"),
        list(labels),
        format_func=fixed(labels),
        key="warn_edit_pick",
        placeholder=t("common.choose"),
    )
    stored = q.returned_report(int(picked), user.id)
    if stored is not None:
        st.markdown(f"**{t('warn.edit.reason')}**")
        st.text(stored["head_comment"] or "")
        prefix = f"warn_edit_{picked}_"
        with st.container(border=True):
            edited = report_block(prefix, stored)
            note = st.text_input(t("warn.field.resubmit_note"), max_chars=MAX_COMMENT, key=f"{prefix}note")
            if st.button(t("warn.resubmit"), type="primary", icon=":material/replay:", key="warn_resubmit"):
                returned_ref = str(stored["ref_no"])
                forms.submit(
                    f"warn_resubmit_{picked}",
                    lambda token: resubmit(int(picked), edited, note, returned_ref, token),
                    str,
                    clear=[*warning_view.field_keys(prefix), f"{prefix}note"],
                )
