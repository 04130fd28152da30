"""问题改进清单 Improvement list: the month's issues, owners and due dates; overdue items stand out."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from components import auth, committee_view, forms, monthly_report, tables
from components.filters import current_filters
from components.i18n import code_format, fixed, t
from db.clock import now
from db.queries import improvements as q
from db.queries import report
from db.services import improvements as svc
from domain.codes import IMPROVEMENT_STATUSES
from domain.committee import is_overdue
from domain.report import report_months

user = auth.current_user()
today = now().date()
st.title(t("improve.title"))
st.caption(t("improve.intro"))
forms.after_write()


months = q.months()
month_labels: dict[date | None, str] = {None: t("improve.all_months"), **{m: m.strftime("%Y-%m") for m in months}}
current = today.replace(day=1)
default = current if current in months else None
if st.session_state.get("improve_month", default) not in month_labels:
    st.session_state["improve_month"] = default
month = st.selectbox(
    t("improve.month"),
    list(month_labels),
    key="improve_month",
    format_func=fixed(month_labels),
    index=list(month_labels).index(default),
    placeholder=t("common.choose"),
)
items = q.items(month)
if items.empty:
    st.info(t("improve.none"))
else:
    overdue = sum(is_overdue(d, s, today) for d, s in zip(items["due_date"], items["status"]))
    if overdue:
        st.warning(t("improve.overdue", n=overdue), icon=":material/schedule:")
    tables.show(
        committee_view.improvement_table(items, today),
        export_name=f"improvements_{month_labels[month]}",
        key="improve_table",
        link_columns=(t("improve.case_link"),),
    )

left, right = st.columns(2)
with left.form("improve_add_form"):
    st.subheader(t("improve.add"))
    issue = st.text_area(t("improve.issue"), key="improve_issue", max_chars=1000)
    department = st.text_input(t("improve.department"), key="improve_department", max_chars=60)
    measure = st.text_area(t("improve.measure"), key="improve_measure", max_chars=1000)
    due = st.date_input(t("improve.due"), value=today + timedelta(days=30), key="improve_due", format="YYYY-MM-DD")
    owner = st.text_input(t("improve.owner"), key="improve_owner", max_chars=60)
    evidence = st.text_input(t("improve.evidence"), key="improve_evidence", max_chars=200)
    if st.form_submit_button(t("improve.save"), type="primary"):
        forms.submit(
            "improve_add",
            lambda token: svc.add_item(
                user,
                issue=issue,
                department=department,
                measure=measure,
                due=due,
                owner=owner,
                evidence=evidence,
                token=token,
            ),
            lambda item_id: t("improve.added", id=item_id),
            preset=dict.fromkeys(
                ("improve_issue", "improve_department", "improve_measure", "improve_owner", "improve_evidence"), ""
            ),
        )
if not items.empty:
    with right.form("improve_status_form"):
        st.subheader(t("improve.update"))
        labels = {r.id: f"#{r.id} {r.issue[:40]}" for r in items.itertuples()}
        item_id = st.selectbox(
            t("improve.pick"),
            list(labels),
            key="improve_pick",
            format_func=fixed(labels),
            placeholder=t("common.choose"),
        )
        status = st.selectbox(
            t("improve.status"),
            IMPROVEMENT_STATUSES,
            key="improve_status",
            format_func=code_format("improvement_status", IMPROVEMENT_STATUSES),
            placeholder=t("common.choose"),
        )
        if st.form_submit_button(t("improve.update")):
            forms.save(lambda: svc.set_status(user, int(item_id), status), lambda _: t("improve.updated"))

st.divider()
f = current_filters()
moment = now()
monthly_report.panel(
    lambda month: report.monthly(f, month, pd.Timestamp(moment).floor("min")),
    report_months(moment.date()),
    moment,
    "improve_report",
)
