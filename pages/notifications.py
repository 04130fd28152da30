"""消息通知 Notifications (admin): the outbox of messages to 企业微信 / 钉钉 group robots and e-mail,
filtered by date, status, event and channel, with each message's attempts and last error; a failed
message can be sent again. The sender (``python -m db.notify``) delivers; this page only reads and
re-queues."""

from datetime import timedelta

import streamlit as st

from components import auth, forms, notify_view, tables
from components.i18n import fixed, t
from db.clock import wall_now
from db.queries import notify as q
from db.services import notify as svc
from domain.notify import EVENTS, OUTBOX_STATUSES, TEST_EVENT

user = auth.current_user()
st.title(t("notify.page.title"))
st.caption(t("notify.page.caption"))
forms.after_write()

counts = q.status_counts()
for column, status in zip(st.columns(len(OUTBOX_STATUSES)), OUTBOX_STATUSES):
    column.metric(t(f"notify.status.{status}"), f"{counts.get(status, 0):,}")

today = wall_now().date()  # the outbox keeps the real clock's times
c1, c2 = st.columns(2)
start = c1.date_input(t("notify.from"), value=today - timedelta(days=7), key="notify_from", format="YYYY-MM-DD")
end = c2.date_input(t("notify.to"), value=today, key="notify_to", format="YYYY-MM-DD")
channels = q.channels()
channel_names = dict(zip(channels["id"].astype(int), channels["name"]))
events = (*EVENTS, TEST_EVENT)
c1, c2, c3 = st.columns(3)
statuses = c1.multiselect(
    t("notify.filter.status"),
    OUTBOX_STATUSES,
    key="notify_statuses",
    format_func=fixed({s: t(f"notify.status.{s}") for s in OUTBOX_STATUSES}),
    placeholder=t("notify.all"),
)
chosen_events = c2.multiselect(
    t("notify.filter.event"),
    events,
    key="notify_events",
    format_func=fixed({e: t(f"notify.event.{e}") for e in events}),
    placeholder=t("notify.all"),
)
chosen_channels = c3.multiselect(
    t("notify.filter.channel"),
    list(channel_names),
    key="notify_channels",
    format_func=fixed(channel_names),
    placeholder=t("notify.all"),
)
if start > end:
    st.error(t("notify.bad_dates"), icon=":material/event_busy:")
    st.stop()

rows, total = q.outbox(q.OutboxFilters(start, end, tuple(statuses), tuple(chosen_events), tuple(chosen_channels)))
if total == 0:
    st.info(t("notify.empty"))
    st.stop()
st.caption(t("notify.count", total=f"{total:,}", shown=f"{len(rows):,}"))
tables.show(notify_view.outbox_frame(rows), export_name="notify_outbox", key="notify_outbox_table")

st.subheader(t("notify.retry.header"))
notify_view.resend(rows, lambda outbox_id: svc.retry(user, outbox_id))
