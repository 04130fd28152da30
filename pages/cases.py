"""工单查询 Case lookup: one complaint by its reference number (typed, picked or from ``?ref=``)."""

import pandas as pd
import streamlit as st

from components import auth, closure_view, privacy, regulator_view, tables
from components import case_view as view
from components.filters import current_filters
from components.formats import stamp
from components.i18n import code, coder, fixed, lang, t
from db.clock import now
from db.queries import cases as q
from db.queries import regulator, sla_config
from db.services import access

REF_KEY = "cases_ref"
URL_SEEN_KEY = "cases_ref_from_url"  # the ?ref= value already copied into the input


def _open_picked() -> None:
    """Picking a recent complaint puts its number in the lookup box (before the box is drawn)."""
    st.session_state[REF_KEY] = st.session_state["cases_recent"] or ""


def _recent_list() -> None:
    """The latest complaints matching the global filters, to click into."""
    recent = q.recent(current_filters())
    st.subheader(t("cases.recent"))
    if recent.empty:
        st.info(t("cases.recent_empty"))
        return
    st.caption(t("cases.recent_caption", limit=q.RECENT_LIMIT))
    en = lang() == "en"
    labels = {
        r.ref_no: f"{r.ref_no} · {stamp(r.received_at)} · {code('category', r.category)}" for r in recent.itertuples()
    }
    st.selectbox(
        t("cases.pick"),
        list(labels),
        index=None,
        format_func=fixed(labels),
        key="cases_recent",
        placeholder=t("cases.pick_placeholder"),
        on_change=_open_picked,
    )
    tables.show(
        recent.assign(
            received_at=recent["received_at"].map(stamp),
            channel=recent["channel"].map(coder("channel")),
            level=recent["level"].map(coder("level")),
            category=recent["category"].map(coder("category")),
            status=recent["status"].map(coder("status")),
            city=recent["city_en" if en else "city"],
            duplicate_of=recent["duplicate_of"].fillna(""),
        )[
            ["ref_no", "received_at", "channel", "level", "category", "status", "city", "customer_name", "duplicate_of"]
        ].rename(
            columns={
                "ref_no": t("cases.col.ref"),
                "received_at": t("cases.col.received"),
                "channel": t("cases.col.channel"),
                "level": t("cases.col.level"),
                "category": t("cases.col.category"),
                "status": t("cases.col.status"),
                "city": t("cases.col.city"),
                "customer_name": t("cases.col.customer"),
                "duplicate_of": t("cases.col.duplicate_of"),
            }
        ),
        export_name="recent_cases",
        key="cases_recent_table",
        case_columns=(t("cases.col.ref"), t("cases.col.duplicate_of")),
    )


def _linked(case: dict) -> None:
    """The original and every other duplicate of the same matter, each a link to its own case."""
    st.subheader(t("case.linked"))
    others = q.linked(case["id"], case["duplicate_of_id"], auth.current_user().scope)
    if others.empty:
        st.caption(t("cases.linked_none"))
        return
    for row in others.itertuples():
        role = t("cases.linked_duplicate") if pd.notna(row.duplicate_of_id) else t("cases.linked_original")
        st.page_link(
            "pages/cases.py",
            query_params={"ref": row.ref_no},
            icon=":material/link:",
            label=f"{row.ref_no} · {role} · {stamp(row.received_at)} · {code('status', row.status)}",
        )


# A link to ``?ref=…`` fills the box once; afterwards the box leads and the URL follows it.
url_ref = st.query_params.get("ref", "")
if url_ref != st.session_state.get(URL_SEEN_KEY):
    st.session_state[URL_SEEN_KEY] = url_ref
    if url_ref:
        st.session_state[REF_KEY] = url_ref

st.title(t("cases.title"))
st.caption(t("cases.intro"))
ref = st.text_input(
    t("cases.ref"), key=REF_KEY, help=t("cases.ref_help"), max_chars=40, placeholder=t("cases.ref_placeholder")
).strip()
if ref:
    st.query_params["ref"] = ref
elif "ref" in st.query_params:
    del st.query_params["ref"]
st.session_state[URL_SEEN_KEY] = st.query_params.get("ref", "")

found = q.case(ref, scope=auth.current_user().scope) if ref else None
if found is None:
    if ref:
        st.warning(t("cases.not_found", ref=view.md_escape(ref)), icon=":material/search_off:")
    _recent_list()
    st.stop()

view.header(found)
st.caption(t("common.masked_note"))
user = auth.current_user()
case_id = int(found["id"])
privacy.unmask_panel(user, "complaint", case_id, lambda reason: access.unmask(user, "complaint", case_id, reason))
st.subheader(t("case.stages"))
tables.show(view.stage_frame(found, now()), export_name=f"{found['ref_no']}_stages", key="cases_stage_table")
view.calendar_notice(found, sla_config.calendar())
regulator_view.case_panel(found, regulator.case_extensions(case_id), regulator.applies(), now().date())
closure_view.show_closure(q.closure(case_id), key="cases")
st.subheader(t("case.timeline"))
events = q.timeline(found["id"])
if events.empty:
    st.caption(t("cases.timeline_empty"))
else:
    tables.show(view.timeline_frame(events), export_name=f"{found['ref_no']}_timeline", key="cases_timeline_table")
_linked(found)
