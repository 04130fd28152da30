"""自助分析 Explore: any question over complaints (period × conditions × grouping × measure, top N),
as a table, a chart, a download and a link; the cases of any result row; saved and shared questions."""

import pandas as pd
import streamlit as st

from components import auth, chart_cache, forms, tables
from components import explore_view as view
from components.filters import current_filters
from components.i18n import fixed, t
from db.clock import now
from db.queries import explore as q
from db.services.explore import SHARERS, delete_question, save_question
from domain.explore import query_string, saved_params, to_params
from domain.filters import dates_text

forms.after_write()
f = current_filters()
user = auth.current_user()
today = now().date()

st.title(t("explore.title"))
st.caption(t("explore.caption"))
question = view.builder(f.start, f.end, today, q.sources())

saved = q.saved_questions(user.id)
with st.expander(t("explore.saved")):
    labels = {int(row["id"]): view.saved_label(row) for _, row in saved.iterrows()}
    chosen = st.selectbox(
        t("explore.saved_pick"),
        list(labels),
        index=None,
        key="exp_saved",
        format_func=fixed(labels),
        placeholder=t("common.choose"),
    )
    if chosen is not None:
        row = saved.loc[saved["id"] == chosen].iloc[0]
        with st.container(horizontal=True):
            st.button(
                t("explore.saved_open"),
                key="exp_saved_open",
                type="primary",
                on_click=view.open_saved,
                args=(str(row["params"]), today),
            )
            owns = row["owner_id"] == user.id or user.role == "admin"
            if owns and st.button(t("explore.saved_delete"), key="exp_saved_delete"):
                forms.save(
                    lambda: delete_question(user, int(row["id"])),
                    lambda _: t("explore.saved_deleted"),
                    clear=["exp_saved"],
                )
    name = st.text_input(t("explore.save_name"), key="exp_save_name", max_chars=60)
    shared = user.role in SHARERS and st.checkbox(t("explore.save_shared"), key="exp_save_shared")
    if st.button(t("explore.save"), key="exp_save"):
        period = st.session_state.get(view.PERIOD_KEY, "custom")
        dates = dates_text(f.start, f.end)
        text = saved_params(query_string({**to_params(question), "period": period, "dates": dates}))
        forms.save(
            lambda: save_question(user, name=name, params=text, shared=bool(shared)),
            lambda _: t("explore.saved_ok", name=name.strip()),
            clear=["exp_save_name", "exp_save_shared"],
        )

result, total = q.answer(f, question, pd.Timestamp(now()).floor("min"))
if result.empty:
    st.info(t("explore.empty"))
    st.stop()

st.subheader(t("explore.result"))
st.caption(t("explore.result_caption", start=f.start, end=f.end, total=f"{total:,}", groups=len(result)))
chart_cache.show(*view.result_chart.specs(result, question), key="exp_chart")
tables.show(
    view.result_frame(result, question),
    export_name="explore",
    key="exp_table",
    percent_columns=view.percent_columns(question),
    money_columns=view.money_columns(question),
)

st.subheader(t("explore.drill"))
labels_of_rows = view.group_labels(result, question)
picked = view.pick_group(labels_of_rows)
if picked is not None:
    group = view.group_keys(result, question)[picked]
    rows = q.group_cases(f, question, group)
    in_group = int(result["complaints"].iloc[picked])
    if in_group > len(rows):
        st.caption(t("explore.drill_shown", shown=len(rows), total=f"{in_group:,}"))
    tables.show(
        view.cases_frame(rows),
        export_name="explore_cases",
        key="exp_cases",
        case_columns=(t("explore.col.ref"),),
        export_frame=lambda: view.cases_frame(q.all_group_cases(f, question, group)),
    )
