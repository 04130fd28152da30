"""监督抽样 Committee sample: draw a stratified sample of handled cases, review each, act on findings."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from components import auth, case_view, chart_cache, committee_view, formats, forms, tables
from components.i18n import fixed, t
from db.clock import now
from db.queries import cases as case_q
from db.queries import committee as q
from db.queries import sla_config
from db.services import committee as svc
from domain.sampling import DEFAULT_SIZE, MAX_SIZE

user = auth.current_user()
today = now().date()
st.title(t("sample.title"))
st.caption(t("sample.intro"))
forms.after_write()


with st.expander(t("sample.draw"), expanded=q.samples().empty):
    last_month_end = today.replace(day=1) - timedelta(days=1)
    with st.form("sample_draw"):
        c1, c2, c3, c4 = st.columns(4)
        start = c1.date_input(
            t("sample.period_start"), value=last_month_end.replace(day=1), key="sample_start", format="YYYY-MM-DD"
        )
        end = c2.date_input(t("sample.period_end"), value=last_month_end, key="sample_end", format="YYYY-MM-DD")
        size = c3.number_input(t("sample.size"), 1, MAX_SIZE, DEFAULT_SIZE, key="sample_size")
        seed_text = c4.text_input(t("sample.seed"), key="sample_seed")
        if st.form_submit_button(t("sample.draw_btn"), type="primary"):

            def drawn_message(sample_id: int) -> str:
                st.session_state["sample_pick"] = sample_id
                return t("sample.drawn", id=sample_id)

            forms.submit(
                "sample_draw",
                lambda token: svc.draw_sample(user, start, end, int(size), seed_text, token=token),
                drawn_message,
            )

samples = q.samples()
if samples.empty:
    st.info(t("sample.none"))
    st.stop()

labels = {
    r.id: t(
        "sample.label",
        id=r.id,
        start=r.period_start,
        end=r.period_end,
        n=r.items,
        seed=r.random_seed,
        by=r.drawn_by,
        at=formats.stamp(r.drawn_at),
    )
    for r in samples.itertuples()
}
if st.session_state.get("sample_pick") not in labels:
    st.session_state["sample_pick"] = int(samples["id"].iloc[0])
sample_id = st.selectbox(
    t("sample.pick"), list(labels), key="sample_pick", format_func=fixed(labels), placeholder=t("common.choose")
)
meta = samples.set_index("id").loc[sample_id]
items = q.items(sample_id)
reviewed = int(items["reviewed_at"].notna().sum())
st.progress(reviewed / max(len(items), 1), text=t("sample.progress", done=reviewed, total=len(items)))

summary = q.criterion_summary(sample_id)
left, right = st.columns([2, 3])
with left:
    st.subheader(t("sample.summary"))
    rate = "—" if reviewed == 0 else f"{summary.attrs['passed'] / reviewed:.0%}"
    st.caption(t("sample.pass_rate", rate=rate, n=reviewed))
    tables.show(committee_view.summary_table(summary), export_name=f"sample_{sample_id}_summary", key="sample_summary")
with right:
    chart_cache.show(*committee_view.summary_chart.specs(summary), key="sample_summary_chart")

st.subheader(t("sample.items"))
tables.show(
    committee_view.items_table(items),
    export_name=f"sample_{sample_id}_items",
    key="sample_items",
    case_columns=(t("sample.col.ref"),),
)

st.subheader(t("sample.review"))
unreviewed = items[items["reviewed_at"].isna()]
if unreviewed.empty:
    st.success(t("sample.all_reviewed"))
else:
    unreviewed_labels = {
        r.id: f"{r.ref_no} · {committee_view.stratum_text(r.stratum)}" for r in unreviewed.itertuples()
    }
    if st.session_state.get("sample_item") not in unreviewed_labels:
        st.session_state["sample_item"] = int(unreviewed["id"].iloc[0])
    item_id = st.selectbox(
        t("sample.pick_item"),
        list(unreviewed_labels),
        key="sample_item",
        format_func=fixed(unreviewed_labels),
        placeholder=t("common.choose"),
    )
    ref_no = unreviewed.set_index("id").loc[item_id, "ref_no"]
    case = case_q.case(ref_no)
    if case is None:  # the sample keeps ids; the case itself cannot vanish, but say so if it did
        st.warning(t("handling.not_found", ref=case_view.md_escape(ref_no)), icon=":material/search_off:")
        st.stop()
    case_view.header(case)
    st.caption(t("common.masked_note"))
    st.dataframe(placeholder="—", data=case_view.stage_frame(case, now()), hide_index=True, key="sample_case_stages")
    case_view.calendar_notice(case, sla_config.calendar())
    with st.expander(t("case.timeline")):
        st.dataframe(
            placeholder="—",
            data=case_view.timeline_frame(case_q.timeline(int(case["id"]))),
            hide_index=True,
            key="sample_case_timeline",
        )
    scores, passed, comment, submitted = committee_view.rubric("sample_review")
    if submitted:
        forms.save(
            lambda: svc.review_item(user, int(item_id), scores, passed, comment), lambda _: t("sample.reviewed_ok")
        )

st.subheader(t("sample.findings"))
found = committee_view.findings(items)
if found.empty:
    st.info(t("sample.no_findings"))
else:
    tables.show(
        committee_view.items_table(found),
        export_name=f"sample_{sample_id}_findings",
        key="sample_findings",
        case_columns=(t("sample.col.ref"),),
    )
    open_findings = found[found["improvement_id"].isna()]
    done = found[found["improvement_id"].notna()]
    for r in done.itertuples():
        st.caption(t("sample.already_improvement", id=int(r.improvement_id)) + f" · {r.ref_no}")
    if not open_findings.empty:
        finding_labels = {r.id: f"{r.ref_no} · {r.comment or ''}"[:80] for r in open_findings.itertuples()}
        with st.form("sample_improve"):
            st.markdown(f"**{t('sample.to_improvement')}**")
            finding = st.selectbox(
                t("sample.pick_finding"),
                list(finding_labels),
                key="sample_finding",
                format_func=fixed(finding_labels),
                placeholder=t("common.choose"),
            )
            c1, c2, c3 = st.columns(3)
            department = c1.text_input(t("improve.department"), key="sample_imp_department", max_chars=60)
            owner = c2.text_input(t("improve.owner"), key="sample_imp_owner", max_chars=60)
            due = c3.date_input(
                t("improve.due"), value=today + timedelta(days=30), key="sample_imp_due", format="YYYY-MM-DD"
            )
            measure = st.text_area(t("improve.measure"), key="sample_imp_measure", max_chars=1000)
            if st.form_submit_button(t("sample.to_improvement")):
                forms.submit(
                    "sample_improve",
                    lambda token: svc.finding_to_improvement(
                        user, int(finding), department=department, measure=measure, due=due, owner=owner, token=token
                    ),
                    lambda item: t("sample.improvement_made", id=item),
                    preset={"sample_imp_department": "", "sample_imp_owner": "", "sample_imp_measure": ""},
                )

with st.expander(t("sample.strata")):
    drawn = q.params(sample_id)
    st.caption(
        t(
            "sample.params",
            seed=int(meta["random_seed"]),
            population=drawn["population"],
            n=int(meta["items"]),
            requested=drawn["requested"],
            at=formats.stamp(meta["drawn_at"]),
            by=meta["drawn_by"],
        )
    )
    st.dataframe(
        placeholder="—",
        data=pd.DataFrame(
            [(committee_view.stratum_text(name), n) for name, n in drawn["strata"].items()],
            columns=[t("sample.col.stratum"), t("sample.size")],
        ),
        hide_index=True,
        key="sample_strata",
    )
