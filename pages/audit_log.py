"""审计日志 Audit log (admin): sign-ins, refused sign-ins, unmasks, user changes and every write,
filtered by date, action, user, entity and record, a page at a time, with each entry's detail."""

from datetime import timedelta
from functools import partial

import streamlit as st

from components import audit_view, auth, tables
from components.formats import stamp
from components.i18n import fixed, t
from db.clock import now
from db.queries import audit as q
from domain.users import pages_for_role

user = auth.current_user()
st.title(t("audit.title"))
if "audit_log" not in pages_for_role(user.role):  # the navigation hides it; the page refuses too
    st.warning(t("auth.page_not_allowed"), icon=":material/block:")
    st.stop()
st.caption(t("audit.caption"))

today = now().date()
actions, entities, users = q.choices()
c1, c2, c3 = st.columns(3)
start = c1.date_input(t("audit.from"), value=today - timedelta(days=30), key="audit_from", format="YYYY-MM-DD")
end = c2.date_input(t("audit.to"), value=today, key="audit_to", format="YYYY-MM-DD")
record_id = c3.text_input(t("audit.record"), max_chars=40, help=t("audit.record_help"), key="audit_record").strip()
c1, c2, c3 = st.columns(3)
names = audit_view.entry_names(actions, entities)
chosen_actions = c1.multiselect(
    t("audit.action"), actions, format_func=fixed(names.actions), placeholder=t("audit.all"), key="audit_actions"
)
user_labels = {int(r.id): f"{r.display_name} ({r.username})" for r in users.itertuples()}
chosen_users = c2.multiselect(
    t("audit.user"), list(user_labels), format_func=fixed(user_labels), placeholder=t("audit.all"), key="audit_users"
)
chosen_entities = c3.multiselect(
    t("audit.entity"), entities, format_func=fixed(names.entities), placeholder=t("audit.all"), key="audit_entities"
)
if start > end:
    st.error(t("audit.bad_dates"), icon=":material/event_busy:")
    st.stop()

filters = q.AuditFilters(
    start=start,
    end=end,
    actions=tuple(chosen_actions),
    user_ids=tuple(chosen_users),
    entities=tuple(chosen_entities),
    record_id=record_id,
)
page_no = int(st.session_state.get("audit_page", 1))
rows, total = q.entries(filters, q.PAGE_SIZE, (page_no - 1) * q.PAGE_SIZE)
if total == 0:
    st.info(t("audit.empty"))
    st.stop()
pages = (total + q.PAGE_SIZE - 1) // q.PAGE_SIZE
if rows.empty:  # the filters narrowed while a later page was open: back to the first
    st.session_state["audit_page"] = page_no = 1
    rows, total = q.entries(filters, q.PAGE_SIZE, 0)
first = (page_no - 1) * q.PAGE_SIZE + 1
st.caption(t("audit.count", total=f"{total:,}", first=f"{first:,}", last=f"{first + len(rows) - 1:,}"))
if pages > 1:
    st.number_input(t("audit.page"), min_value=1, max_value=pages, step=1, key="audit_page")
if total > q.EXPORT_LIMIT:
    st.caption(t("audit.export_cut", limit=f"{q.EXPORT_LIMIT:,}"))
tables.show(
    audit_view.entries_frame(rows, names),
    export_name="audit_log",
    key="audit_table",
    export_frame=audit_view.entries_when_asked(partial(q.every_entry, filters), names),
)

st.subheader(t("audit.detail"))
labels = {
    int(r.id): f"#{r.id} · {stamp(r.at, audit_view.SECONDS)} · {audit_view.named('action', r.action)}"
    for r in rows.itertuples()
}
picked = st.selectbox(
    t("audit.pick"), list(labels), format_func=fixed(labels), key="audit_pick", placeholder=t("common.choose")
)
audit_view.detail(rows.loc[rows["id"] == picked].iloc[0])
