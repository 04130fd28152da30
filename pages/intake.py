"""投诉登记 Complaint intake: hotline and offline staff log a complaint.

The inputs live outside a form so the suggested level, the planned due times and a likely
repeat show while typing; the submit stores the complaint once per token (首问负责制: the
person logging it becomes its first owner and handler).
"""

import streamlit as st

from components import auth, feedback, forms, intake_view, tables
from components.calendar_notice import fallback_notice
from components.i18n import code, code_format, fixed, lang, t
from db.clock import now
from db.queries import intake as q
from db.queries import reference, sla_config
from db.services import complaints as svc
from domain.codes import CATEGORIES, CHANNELS, LEVELS
from domain.intake import (
    CUSTOMER_MODES,
    DESCRIPTION_MAX,
    REASON_MAX,
    IntakeForm,
    agent_code_problems,
    customer_query_problems,
    suggest_level,
)
from domain.sla import stage_due_times

FORM_KEY = "intake_form"
LAST_KEY = "intake_last_ref"
CITY_SOURCE_KEY = "intake_city_source"  # the customer / agent the city default was taken from
# After a stored submit the form starts empty again (the channel stays: calls come in on the same line).
EMPTY_FORM = {
    "intake_category": None,
    "intake_customer_mode": "code",
    "intake_customer_query": "",
    "intake_agent": "",
    "intake_city": None,
    "intake_description": "",
    "intake_override": False,
    "intake_customer_pick": forms.DROP,
    "intake_level": forms.DROP,
    "intake_reason": forms.DROP,
    "intake_repeat": forms.DROP,
    CITY_SOURCE_KEY: forms.DROP,
}

user = auth.current_user()
moment = now()

st.title(t("intake.title"))
st.caption(t("intake.intro"))
forms.after_write()
if st.session_state.get(LAST_KEY):
    st.page_link(
        "pages/cases.py",
        query_params={"ref": st.session_state[LAST_KEY]},
        icon=":material/open_in_new:",
        label=t("intake.open_last", ref=st.session_state[LAST_KEY]),
    )

form_col, preview_col = st.columns([1, 1], gap="large")

with form_col:
    left, right = st.columns(2)
    channel = left.selectbox(
        t("intake.channel"),
        CHANNELS,
        key="intake_channel",
        format_func=code_format("channel", CHANNELS),
        placeholder=t("common.choose"),
    )
    category = right.selectbox(
        t("intake.category"),
        CATEGORIES,
        index=None,
        key="intake_category",
        placeholder=t("intake.category_placeholder"),
        format_func=code_format("category", CATEGORIES),
    )

    # --- who complains -------------------------------------------------------------------------
    st.subheader(t("intake.customer"))
    customer = None
    if channel == "anonymous":
        mode = "none"
        st.info(t("intake.anonymous_note"), icon=":material/visibility_off:")
    else:
        mode = st.radio(
            t("intake.customer_mode"),
            CUSTOMER_MODES,
            horizontal=True,
            key="intake_customer_mode",
            format_func=fixed({m: t(f"intake.mode.{m}") for m in CUSTOMER_MODES}),
        )
        if mode != "none":
            typed = st.text_input(
                t(f"intake.query.{mode}"),
                key="intake_customer_query",
                max_chars=20,
                placeholder=t(f"intake.query_placeholder.{mode}"),
            ).strip()
            problems = customer_query_problems(mode, typed) if typed else []
            if problems:
                feedback.show_problems(problems)
            elif typed:
                matches = q.find_customers(mode, typed)
                labels = {int(r["id"]): intake_view.customer_label(r) for _, r in matches.iterrows()}
                if matches.empty:
                    st.warning(t("intake.customer_not_found"), icon=":material/person_off:")
                elif len(matches) == 1:
                    customer = matches.iloc[0]
                    st.success(t("intake.customer_found", who=labels[int(customer["id"])]), icon=":material/person:")
                else:
                    intake_view.drop_unoffered("intake_customer_pick", labels)
                    picked = st.selectbox(
                        t("intake.customer_pick"),
                        list(labels),
                        key="intake_customer_pick",
                        format_func=fixed(labels),
                        placeholder=t("common.choose"),
                    )
                    customer = matches[matches["id"] == picked].iloc[0]
                st.caption(t("common.masked_note"))

    # --- the agent complained about, the city -------------------------------------------------
    left, right = st.columns(2)
    agent_code = left.text_input(
        t("intake.agent"),
        key="intake_agent",
        max_chars=10,
        placeholder=t("intake.agent_placeholder"),
        help=t("intake.agent_help"),
    ).strip()
    agent = None
    problems = agent_code_problems(agent_code)
    if problems:
        feedback.show_problems(problems)
    elif agent_code:
        agent = q.agent_by_code(agent_code)
        if agent is None:
            left.error(t("intake.err.agent_unknown", code=agent_code.upper()), icon=":material/error:")
        else:
            left.caption(
                t("intake.agent_found", name=agent["name"], team=agent["team_en" if lang() == "en" else "team"])
            )

    cities = reference.cities()
    city_names = dict(zip(cities["id"], cities["name_en" if lang() == "en" else "name"]))
    source = (None if customer is None else int(customer["id"]), None if agent is None else int(agent["id"]))
    if st.session_state.get(CITY_SOURCE_KEY) != source:
        st.session_state[CITY_SOURCE_KEY] = source
        default_city = customer["city_id"] if customer is not None else (agent["city_id"] if agent else None)
        if default_city is not None:
            st.session_state["intake_city"] = int(default_city)
    city_id = right.selectbox(
        t("intake.city"),
        list(city_names),
        index=None,
        key="intake_city",
        format_func=fixed(city_names),
        placeholder=t("intake.city_placeholder"),
        help=t("intake.city_help"),
    )

    description = st.text_area(
        t("intake.description"),
        key="intake_description",
        max_chars=DESCRIPTION_MAX,
        height=160,
        placeholder=t("intake.description_placeholder"),
        help=t("intake.description_help", max=DESCRIPTION_MAX),
    )

    # --- the level: suggested, or overridden with a reason --------------------------------------
    suggested, reasons = suggest_level(category or "", description)
    level, reason = suggested, ""
    if category is not None:
        override = st.checkbox(t("intake.override"), key="intake_override", help=t("intake.override_help"))
        if override:
            left, right = st.columns([1, 2])
            level = left.selectbox(
                t("intake.level"),
                LEVELS,
                index=LEVELS.index(suggested),
                key="intake_level",
                format_func=code_format("level", LEVELS),
                placeholder=t("common.choose"),
            )
            reason = right.text_input(
                t("intake.reason"),
                key="intake_reason",
                max_chars=REASON_MAX,
                placeholder=t("intake.reason_placeholder", max=REASON_MAX),
            )

    # --- a likely repeat -----------------------------------------------------------------------
    repeat_choice = None
    if customer is not None and category is not None:
        repeats = q.likely_repeats(int(customer["id"]), category, moment, user.scope)
        if not repeats.empty:
            st.warning(t("intake.repeat.warning", n=len(repeats)), icon=":material/content_copy:")
            repeat_labels = intake_view.repeats_labels(repeats)
            intake_view.drop_unoffered("intake_repeat", repeat_labels)
            repeat_choice = st.radio(
                t("intake.repeat.choose"),
                list(repeat_labels),
                index=None,
                key="intake_repeat",
                format_func=fixed(repeat_labels),
            )

    submitted = st.button(t("intake.submit"), type="primary", key="intake_submit", icon=":material/send:")

with preview_col:
    st.subheader(t("intake.preview"))
    if category is None:
        st.info(t("intake.preview_empty"), icon=":material/info:")
    else:
        intake_view.suggestion(suggested, reasons)
        if level != suggested:
            st.warning(t("intake.overridden", level=code("level", level)), icon=":material/edit:")
        if level == "L1":
            st.error(t("intake.exec_note"), icon=":material/priority_high:")
        policy, cal = sla_config.policy(), sla_config.calendar()
        dues = stage_due_times(moment, level, channel, policy, cal)
        st.markdown(f"**{t('intake.dues')}**")
        tables.show(
            intake_view.due_frame(dues, policy, level, channel), export_name="intake_due_times", key="intake_dues_table"
        )
        st.caption(t("intake.dues_caption"))
        fallback_notice(cal.uncovered_years(dues.values()))
    st.caption(t("intake.owner_note", name=user.display_name))

if submitted:
    form = IntakeForm(
        channel=channel,
        category=category or "",
        description=description,
        city_id=city_id,
        customer_mode=mode,
        customer_id=None if customer is None else int(customer["id"]),
        agent_code=agent_code,
        level=level,
        override_reason=reason,
        duplicate_of_id=repeat_choice if isinstance(repeat_choice, int) else None,
        repeat_is_new=repeat_choice == "new",
    )

    def saved_message(logged: svc.Logged) -> str:
        st.session_state[LAST_KEY] = logged.ref_no
        message = t("intake.saved", ref=logged.ref_no, level=code("level", logged.level))
        return message + t("intake.saved_exec") if logged.exec_reported else message

    with form_col:
        forms.submit(FORM_KEY, lambda token: svc.log_complaint(form, user, token), saved_message, preset=EMPTY_FORM)
