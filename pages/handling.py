"""工单处理 Case handling: a handler's queue of open cases and, for the chosen case, the next of the
five stages (受理 → 核实 → 处理 → 反馈 → 归档) completed with a note (resolving it records the
outcome), free notes and, for managers, handing the case to another handler (the first owner stays:
首问负责制); an archived case takes the follow-up survey of the return call. Beside the stages, the
regulator time limit, which prevention and managers may extend."""

import pandas as pd
import streamlit as st

from components import auth, case_view, closure_view, feedback, formats, forms, intake_view, regulator_view, tables
from components.filters import current_filters
from components.i18n import code, fixed, t
from db.clock import now
from db.queries import cases as cases_q
from db.queries import intake as q
from db.queries import regulator, sla_config
from db.services import complaints as svc
from db.services import regulator as regulator_svc
from domain.intake import NOTE_MAX, REASSIGN_ROLES, SATISFACTION_SCORES, next_stage
from domain.regulator import EXTEND_ROLES

CASE_KEY = "handling_case"
SHOWN_KEY = "handling_shown_stage"  # (case id, stage) the advance form offered on the previous run
URL_SEEN_KEY = "handling_ref_from_url"  # the ?ref= value already copied into the picker

user = auth.current_user()
f = current_filters()
moment = now()


# A link to ``?ref=…`` picks that case once; afterwards the picker leads and the URL follows it.
url_ref = st.query_params.get("ref", "").strip().upper()
if url_ref != st.session_state.get(URL_SEEN_KEY):
    st.session_state[URL_SEEN_KEY] = url_ref
    if url_ref:
        st.session_state[CASE_KEY] = url_ref

st.title(t("handling.title"))
st.caption(t("handling.intro"))
forms.after_write()

if user.role == "prevention":
    scope = st.radio(
        t("handling.scope"),
        ("mine", "all"),
        horizontal=True,
        key="handling_scope",
        format_func=fixed({s: t(f"handling.scope.{s}") for s in ("mine", "all")}),
    )
else:
    scope = "all"
queue = q.handling_queue(f, user.id if scope == "mine" else None)

st.subheader(t("handling.queue"))
if queue.empty:
    st.info(t("handling.queue_empty_mine") if scope == "mine" else t("handling.queue_empty"), icon=":material/inbox:")
else:
    st.caption(t("handling.queue_caption", shown=len(queue), total=int(queue["total"].iloc[0])))
    tables.show(
        intake_view.queue_frame(queue, moment),
        export_name="handling_queue",
        key="handling_queue_table",
        case_columns=(t("handling.col.ref"),),
    )

due = q.surveys_due(f, user.id if scope == "mine" else None, pd.Timestamp(moment).floor("h"))
with st.expander(t("survey.due", days=q.SURVEY_DUE_DAYS), icon=":material/phone_callback:"):
    if due.empty:
        st.caption(t("survey.due_empty"))
    else:
        st.caption(t("survey.due_caption", shown=len(due), total=int(due["total"].iloc[0])))
        tables.show(
            intake_view.surveys_due_frame(due),
            export_name="surveys_due",
            key="handling_surveys_due_table",
            case_columns=(t("handling.col.ref"),),
        )

labels = intake_view.case_labels(queue) | intake_view.survey_labels(due)
picked = st.session_state.get(CASE_KEY)
if picked and picked not in labels:  # a case opened by its number that is not in this queue
    labels = {picked: picked, **labels}
chosen = st.selectbox(
    t("handling.pick"),
    list(labels),
    index=None,
    key=CASE_KEY,
    format_func=fixed(labels),
    placeholder=t("handling.pick_placeholder"),
)
if chosen:
    st.query_params["ref"] = chosen
elif "ref" in st.query_params:
    del st.query_params["ref"]
st.session_state[URL_SEEN_KEY] = st.query_params.get("ref", "")
if not chosen:
    st.stop()

found = cases_q.case(chosen, scope=user.scope)
if found is None:
    st.warning(t("handling.not_found", ref=case_view.md_escape(chosen)), icon=":material/search_off:")
    st.stop()
case_id, case_ref = int(found["id"]), str(found["ref_no"])

st.divider()
case_view.header(found)
st.caption(t("common.masked_note"))
if found["level_override_reason"]:
    st.caption(t("handling.override_reason"))
    st.text(found["level_override_reason"])

stages_col, actions_col = st.columns([3, 2], gap="large")
with stages_col:
    st.subheader(t("case.stages"))
    tables.show(
        case_view.stage_frame(found, moment), export_name=f"{found['ref_no']}_stages", key="handling_stage_table"
    )
    case_view.calendar_notice(found, sla_config.calendar())
    extensions, applies = regulator.case_extensions(case_id), regulator.applies()
    regulator_view.case_panel(found, extensions, applies, moment.date())
    if user.role in EXTEND_ROLES:
        regulator_view.extension_form(
            found,
            len(extensions),
            applies,
            lambda step, reason, approver, token: regulator_svc.extend_limit(
                user, case_id, step=step, reason=reason, approver=approver, token=token
            ),
        )
    closure_view.show_closure(cases_q.closure(case_id), key="handling")

with actions_col:
    stage = next_stage(found["status"])
    # A submit completes the stage the user was looking at, even if this run already reads a later
    # state (someone else completed it meanwhile): the service then says the case has moved on.
    shown = st.session_state.get(SHOWN_KEY)
    seen_stage = shown[1] if shown and shown[0] == found["id"] else stage
    st.session_state[SHOWN_KEY] = (found["id"], stage)
    if stage is None:
        if seen_stage is not None:  # archived by someone else while this page offered a stage
            feedback.show_problems([("handling.err.moved_on", {})])
        st.success(t("handling.archived"), icon=":material/inventory_2:")
        if cases_q.closure(case_id)["survey"] is None:
            st.subheader(t("survey.record_heading"))
            st.caption(t("survey.record_help"))
            with st.form("handling_survey_form"):
                score, comment = closure_view.survey_inputs("handling_survey_score", "handling_survey_comment")
                record = st.form_submit_button(
                    t("survey.record"), type="primary", icon=":material/save:", key="handling_survey_submit"
                )
            if record:
                forms.submit(
                    f"handling_survey_{case_id}",
                    lambda token: svc.record_survey(case_id, user, score, comment, token),
                    lambda _: t("survey.recorded", ref=case_ref),
                    clear=("handling_survey_score", "handling_survey_comment"),
                )
    else:
        st.subheader(t("handling.next", stage=code("stage", stage)))
        due = found[f"{stage}_due_at"]
        late = due is not None and due < moment
        st.caption(t("handling.next_due_late" if late else "handling.next_due", due=formats.stamp(due)))
        advance_key = f"handling_advance_{found['id']}"
        target_stage: str = seen_stage or stage
        with st.form("handling_advance_form"):
            note = st.text_area(
                t("handling.stage_note"),
                key="handling_advance_note",
                max_chars=NOTE_MAX,
                placeholder=t(f"handling.hint.{stage}"),
                help=t("handling.note_help", max=NOTE_MAX),
            )
            outcome = closure_view.outcome_inputs() if stage == "resolve" else None
            score = None
            if stage == "notify":
                options = [None, *SATISFACTION_SCORES]
                score = st.selectbox(
                    t("handling.satisfaction"),
                    options,
                    key="handling_satisfaction",
                    format_func=fixed({s: t(f"handling.score.{s or 'none'}") for s in options}),
                    placeholder=t("common.choose"),
                )
            done = st.form_submit_button(
                t("handling.complete", stage=code("stage", stage)),
                type="primary",
                icon=":material/task_alt:",
                key="handling_advance_submit",
            )
        if done:
            forms.submit(
                advance_key,
                lambda token: svc.advance(
                    case_id, user, note, token, stage=target_stage, satisfaction=score, outcome=outcome
                ),
                lambda _: t("handling.advanced", ref=case_ref, stage=code("stage", target_stage)),
                clear=("handling_satisfaction", SHOWN_KEY, *closure_view.outcome_keys()),
                preset={"handling_advance_note": ""},
            )

        tabs = [t("handling.tab.note")] + ([t("handling.tab.reassign")] if user.role in REASSIGN_ROLES else [])
        note_tab, *reassign_tab = st.tabs(tabs)
        with note_tab:
            note_key = f"handling_note_{found['id']}"
            with st.form("handling_note_form"):
                free_note = st.text_area(
                    t("handling.free_note"),
                    key="handling_free_note",
                    max_chars=NOTE_MAX,
                    help=t("handling.note_help", max=NOTE_MAX),
                )
                add = st.form_submit_button(
                    t("handling.add_note"), icon=":material/note_add:", key="handling_note_submit"
                )
            if add:
                forms.submit(
                    note_key,
                    lambda token: svc.add_note(case_id, user, free_note, token),
                    lambda _: t("handling.noted", ref=case_ref),
                    preset={"handling_free_note": ""},
                )
        if reassign_tab:
            with reassign_tab[0]:
                reassign_key = f"handling_reassign_{found['id']}"
                people = q.handler_candidates()
                people = people[people["id"] != found["handler_id"]]
                names = dict(zip(people["id"].astype(int), people["display_name"] + " (" + people["username"] + ")"))
                with st.form("handling_reassign_form"):
                    st.caption(t("handling.reassign_help", owner=found["first_owner"] or "—"))
                    new_handler = st.selectbox(
                        t("handling.new_handler"),
                        list(names),
                        index=None,
                        key="handling_new_handler",
                        format_func=fixed(names),
                        placeholder=t("handling.new_handler_placeholder"),
                    )
                    why = st.text_input(t("handling.reassign_reason"), key="handling_reassign_note", max_chars=NOTE_MAX)
                    move = st.form_submit_button(
                        t("handling.reassign"), icon=":material/swap_horiz:", key="handling_reassign_submit"
                    )
                if move:
                    forms.submit(
                        reassign_key,
                        lambda token: svc.reassign(case_id, user, new_handler, why, token),
                        lambda _: t("handling.reassigned", ref=case_ref, name=names.get(new_handler, "")),
                        preset={"handling_new_handler": None, "handling_reassign_note": ""},
                    )

st.subheader(t("case.timeline"))
events = cases_q.timeline(case_id)
if events.empty:
    st.caption(t("handling.timeline_empty"))
else:
    tables.show(
        case_view.timeline_frame(events), export_name=f"{found['ref_no']}_timeline", key="handling_timeline_table"
    )
