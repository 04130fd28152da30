"""预警台账 Warning ledger: the 预警报备台账 under the filters, counts per state, and one chosen
report's facts, timeline and the workflow step the signed-in person can take on it."""

import pandas as pd
import streamlit as st

from components import auth, conduct_view, forms, privacy, tables, warning_view
from components.filters import code_multiselect, current_filters
from components.i18n import code, fixed, lang, t
from db.queries import conduct, reference
from db.queries import warnings as q
from db.services import access, monitor
from db.services import warnings as svc
from domain.codes import RISK_LEVELS, WARNING_SOURCES, WARNING_STATUSES
from domain.conduct import RULE_CODES
from domain.warnings import MAX_COMMENT, MAX_PLAN, Actor, allowed_actions, withheld_by_duty

LEDGER_ACTIONS = ("approve", "return", "assign", "track", "close", "evaluate")  # resubmitting is on the report page

user = auth.current_user()
f = current_filters()


st.title(t("warn.ledger.title"))
st.caption(t("warn.ledger.caption"))
forms.after_write()
conduct_view.run_panel(
    conduct.last_run(), (lambda: monitor.run_monitor(user).figures()) if user.role in monitor.MONITOR_ROLES else None
)

c1, c2, c3, c4 = st.columns(4)
statuses = code_multiselect(c1, t("warn.ledger.status"), "warning_status", WARNING_STATUSES, "ledger_status")
levels = code_multiselect(c2, t("warn.ledger.level"), "risk", RISK_LEVELS, "ledger_level")
sources = code_multiselect(c3, t("warn.ledger.source"), "source", WARNING_SOURCES, "ledger_source")
rules = code_multiselect(c4, t("conduct.ledger.rule"), "conduct_rule", RULE_CODES, "ledger_rule")
st.caption(t("warn.ledger.open_always"))
if f.agent_ids or f.channels or f.levels:
    st.caption(t("warn.ledger.not_applicable"))

counts = q.status_counts(f, tuple(levels), tuple(sources), tuple(rules))
for col, status in zip(st.columns(len(WARNING_STATUSES)), WARNING_STATUSES):
    col.metric(code("warning_status", status), f"{counts[status]:,}")

rows = q.ledger(f, tuple(statuses), tuple(levels), tuple(sources), tuple(rules))
if rows.empty:
    st.info(t("warn.ledger.empty"))
    st.stop()
total = sum(counts[s] for s in (statuses or WARNING_STATUSES))
if total > len(rows):
    st.caption(t("warn.ledger.limited", shown=len(rows), total=total))
st.caption(t("common.masked_note"))
tables.show(
    warning_view.ledger_frame(rows),
    export_name="warning_ledger",
    key="ledger_table",
    money_columns=(t("warn.col.debt"),),
)

# --- one report: facts, timeline, the step this person can take ---------------------------
st.header(t("warn.ledger.detail"))
actor = Actor(user.id, user.role, user.team_id)


def closer(value: float) -> int | None:
    """The ledger's closer id: NULL (read as NaN) until the report is closed."""
    return None if pd.isna(value) else int(value)


actions_of = {
    int(r.id): [
        a
        for a in allowed_actions(
            r.status, actor, reporter_id=int(r.reporter_id), team_id=int(r.team_id), closer_id=closer(r.closer_id)
        )
        if a in LEDGER_ACTIONS
    ]
    for r in rows.itertuples()
}
yours = {wid for wid, actions in actions_of.items() if actions}
labels = warning_view.pick_labels(rows, yours)
if st.session_state.get("ledger_pick") not in labels:
    st.session_state.pop("ledger_pick", None)
order = sorted(labels, key=lambda wid: wid not in yours)  # awaiting you first, newest first within each
picked = st.selectbox(
    t("warn.ledger.pick"), order, format_func=fixed(labels), key="ledger_pick", placeholder=t("common.choose")
)
row = rows.loc[rows["id"] == picked].iloc[0].to_dict()
ref = row["ref_no"]

warning_view.summary(row)
if isinstance(row["rule"], str):  # a system-monitoring warning: its rule, agent and the contacts behind it
    conduct_view.summary(row)
    with st.expander(t("conduct.evidence"), expanded=True, icon=":material/call_log:"):
        evidence = conduct.evidence(int(picked))
        if evidence.empty:
            st.caption(t("conduct.evidence_empty"))
        else:
            tables.show(
                conduct_view.evidence_frame(evidence), export_name=f"warning_{ref}_evidence", key="ledger_evidence"
            )
privacy.unmask_panel(user, "warning", int(picked), lambda reason: access.unmask(user, "warning", int(picked), reason))
with st.expander(t("warn.ledger.timeline"), expanded=True, icon=":material/timeline:"):
    tables.show(
        warning_view.timeline_frame(q.timeline(int(picked))),
        export_name=f"warning_{ref}_timeline",
        key="ledger_timeline",
    )

actions = actions_of[int(picked)]
duty = withheld_by_duty(row["status"], actor, reporter_id=int(row["reporter_id"]), closer_id=closer(row["closer_id"]))
if duty is not None:  # the step is this role's, but not this person's: say why rather than offer a refused form
    st.info(t(duty), icon=":material/block:")
elif not actions:
    st.info(t("warn.ledger.no_action", status=code("warning_status", row["status"])))

if "approve" in actions:
    with st.form("ledger_review_form"):
        st.subheader(t("warn.ledger.review"), help=t("warn.ledger.review_help"))
        comment = st.text_area(t("warn.field.head_comment"), max_chars=MAX_COMMENT, key="ledger_comment")
        left, right, _ = st.columns([1, 1, 3])
        approve = left.form_submit_button(
            t("warn.ledger.approve"), type="primary", icon=":material/draw:", key="ledger_approve"
        )
        send_back = right.form_submit_button(t("warn.ledger.return"), icon=":material/undo:", key="ledger_return")
    if approve or send_back:
        forms.submit(
            f"ledger_review_{picked}",
            lambda token: svc.review_warning(user, int(picked), approve=approve, comment=comment, token=token),
            lambda _: t("warn.ledger.approved" if approve else "warn.ledger.returned", ref=ref),
            clear=("ledger_comment",),
        )

if "assign" in actions:
    teams = reference.teams()
    handling = teams[teams["department"] == "handling"]
    team_names = dict(zip(handling["id"].astype(int), handling["name" if lang() == "zh" else "name_en"]))
    with st.form("ledger_assign_form"):
        st.subheader(t("warn.ledger.assign"))
        team_id = st.selectbox(
            t("warn.field.handling_team"),
            list(team_names),
            index=None,
            key="ledger_team",
            format_func=fixed(team_names),
            placeholder=t("warn.pick_option"),
        )
        plan = st.text_area(t("warn.field.plan"), max_chars=MAX_PLAN, key="ledger_plan")
        assign = st.form_submit_button(
            t("warn.ledger.assign_btn"), type="primary", icon=":material/group_add:", key="ledger_assign"
        )
    if assign:
        forms.submit(
            f"ledger_assign_{picked}",
            lambda token: svc.assign_warning(user, int(picked), handling_team_id=team_id, plan=plan, token=token),
            lambda _: t("warn.ledger.assigned", ref=ref, team=team_names.get(team_id, "")),
            clear=("ledger_team", "ledger_plan"),
        )

if "track" in actions:
    track_col, close_col = st.columns(2, gap="large")
    with track_col.form("ledger_track_form"):
        st.subheader(t("warn.ledger.track"))
        tracking = st.text_area(t("warn.field.tracking_note"), max_chars=MAX_COMMENT, key="ledger_note")
        track = st.form_submit_button(t("warn.ledger.track_btn"), icon=":material/add_comment:", key="ledger_track")
    with close_col.form("ledger_close_form"):
        st.subheader(t("warn.ledger.close"))
        closing = st.text_area(t("warn.field.close_note"), max_chars=MAX_COMMENT, key="ledger_close_note")
        close = st.form_submit_button(
            t("warn.ledger.close_btn"), type="primary", icon=":material/task_alt:", key="ledger_close"
        )
    if track:
        forms.submit(
            f"ledger_track_{picked}",
            lambda token: svc.add_tracking(user, int(picked), note=tracking, token=token),
            lambda _: t("warn.ledger.tracked", ref=ref),
            clear=("ledger_note",),
        )
    if close:
        forms.submit(
            f"ledger_close_{picked}",
            lambda token: svc.close_warning(user, int(picked), note=closing, token=token),
            lambda _: t("warn.ledger.closed", ref=ref),
            clear=("ledger_close_note",),
        )

if "evaluate" in actions:
    with st.form("ledger_evaluate_form"):
        st.subheader(t("warn.ledger.evaluate"))
        evaluation = st.text_area(t("warn.field.evaluation"), max_chars=MAX_PLAN, key="ledger_evaluation")
        evaluate = st.form_submit_button(
            t("warn.ledger.evaluate_btn"), type="primary", icon=":material/grading:", key="ledger_evaluate"
        )
    if evaluate:
        forms.submit(
            f"ledger_evaluate_{picked}",
            lambda token: svc.evaluate_warning(user, int(picked), evaluation=evaluation, token=token),
            lambda _: t("warn.ledger.evaluated", ref=ref),
            clear=("ledger_evaluation",),
        )
