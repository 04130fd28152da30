"""设置 Settings (admin): the holiday calendar behind business days, the SLA targets, the warning risk
weights, the conduct rules of system monitoring and where the regulator time limit applies."""

import pandas as pd
import streamlit as st

from components import (
    auth,
    conduct_view,
    feedback,
    forms,
    notify_view,
    regulator_view,
    settings_view,
    tables,
    warning_view,
)
from components.i18n import code, code_format, coder, fixed, t
from db.clock import now
from db.queries import conduct, reference, regulator, sla_config
from db.queries import notify as notify_queries
from db.queries import warnings as warning_queries
from db.services import monitor
from db.services import notify as notify_service
from db.services import regulator as regulator_service
from db.services import settings as svc
from db.services import warnings as warning_service
from domain.calendar import ScheduleDay, statutory_rows
from domain.codes import CHANNELS, LEVELS, SLA_ANCHORS, SLA_UNITS, STAGES
from domain.retime import Retime
from domain.settings_rules import FIRST_YEAR, calendar_window, year_schedule

user = auth.current_user()

st.title(t("settings.title"))
forms.after_write()

# --- holiday calendar ---------------------------------------------------------------------
st.header(t("settings.calendar"), help=t("settings.calendar_help"))
st.caption(t("settings.retime.note"))
today = now().date()
year = int(
    st.number_input(
        t("settings.year"),
        min_value=FIRST_YEAR,
        max_value=calendar_window(today)[1].year,
        value=today.year,
        step=1,
        key="settings_year",
    )
)
days = sla_config.holidays(year)
if sla_config.calendar().is_fallback_year(year):
    st.warning(t("settings.fallback", year=year), icon=":material/warning:")
else:
    st.caption(t("settings.schedule.covered", year=year, n=len(days)))

st.subheader(t("settings.schedule.title", year=year), help=t("settings.schedule.help"))
fill, reset = st.columns(2)
if fill.button(t("settings.schedule.fill_statutory", year=year), key="settings_fill_statutory"):
    statutory = statutory_rows([year])
    if statutory:
        settings_view.load_schedule_draft(year, (ScheduleDay(*r) for r in statutory))
    else:
        st.info(t("settings.schedule.statutory_unknown", year=year))
if reset.button(t("settings.schedule.reset"), key="settings_schedule_reset"):
    settings_view.discard_schedule_draft(year)
settings_view.schedule_upload(year)
entered = settings_view.schedule_editor(year, days)

st.markdown(f"**{t('settings.schedule.preview')}**")
_, clean, problems = year_schedule(year, entered, today=today)
if not entered:
    st.info(t("settings.schedule.preview_empty"))
elif problems:
    feedback.show_problems(problems)
else:
    st.dataframe(
        placeholder="—", data=settings_view.schedule_preview(clean), hide_index=True, key="settings_schedule_preview"
    )
schedule_subject = ("schedule", year, tuple(entered))
if st.button(t("settings.schedule.save", year=year), key="settings_schedule_save"):

    def save_schedule(chosen: int = year, rows: list = entered) -> str:  # as previewed, on the confirming run
        moved = svc.save_year_schedule(user, chosen, rows)
        settings_view.discard_schedule_draft(chosen)
        return t("settings.schedule.saved", year=chosen, cases=moved.cases, stages=moved.stages)

    settings_view.ask_to_confirm(
        "schedule",
        schedule_subject,
        t("settings.schedule.title", year=year),
        lambda: svc.preview_year_schedule(user, year, entered),
        save_schedule,
    )
settings_view.confirmation("schedule", schedule_subject)

# --- SLA targets ----------------------------------------------------------------------------
st.header(t("settings.sla"), help=t("settings.sla_help"))
targets = sla_config.policy_table()


def _any(kind: str, value: object) -> str:
    """A stored code's name; "any" where the target leaves it open (None, or NaN in a frame)."""
    return code(kind, value) if isinstance(value, str) else t("settings.any")


def _target_label(stage: str, level: str | None, channel: str | None, amount: object, unit: str) -> str:
    return f"{code('stage', stage)} · {_any('level', level)} · {_any('channel', channel)} · {amount:g} {t(f'settings.unit.{unit}')}"


tables.show(
    pd.DataFrame(
        {
            t("settings.stage"): targets["stage"].map(coder("stage")),
            t("settings.level"): targets["level"].map(lambda v: _any("level", v)),
            t("settings.channel"): targets["channel"].map(lambda v: _any("channel", v)),
            t("settings.amount"): targets["amount"].map(lambda a: f"{a:g}"),
            t("settings.unit"): targets["unit"].map(lambda u: t(f"settings.unit.{u}")),
            t("settings.anchor"): targets["anchor"].map(lambda a: t(f"settings.anchor.{a}")),
        }
    ),
    export_name="sla_targets",
    key="settings_targets",
)

left, right = st.columns(2)
with left.form("settings_target_form"):
    st.subheader(t("settings.edit_target"))
    stage = st.selectbox(
        t("settings.stage"),
        STAGES,
        key="settings_t_stage",
        format_func=code_format("stage", STAGES),
        placeholder=t("common.choose"),
    )
    level = st.selectbox(
        t("settings.level"),
        [None, *LEVELS],
        key="settings_t_level",
        format_func=code_format("level", LEVELS, t("settings.any")),
        placeholder=t("common.choose"),
    )
    channel = st.selectbox(
        t("settings.channel"),
        [None, *CHANNELS],
        key="settings_t_channel",
        format_func=code_format("channel", CHANNELS, t("settings.any")),
        placeholder=t("common.choose"),
    )
    amount = st.number_input(t("settings.amount"), min_value=0.0, value=1.0, step=1.0, key="settings_t_amount")
    unit = st.radio(
        t("settings.unit"),
        SLA_UNITS,
        key="settings_t_unit",
        format_func=fixed({u: t(f"settings.unit.{u}") for u in SLA_UNITS}),
    )
    anchor = st.radio(
        t("settings.anchor"),
        SLA_ANCHORS,
        key="settings_t_anchor",
        format_func=fixed({a: t(f"settings.anchor.{a}") for a in SLA_ANCHORS}),
    )
    if st.form_submit_button(t("settings.retime.check_target")):

        def preview_target() -> Retime:
            return svc.preview_sla_target(
                user, stage=stage, level=level, channel=channel, amount=amount, unit=unit, anchor=anchor
            )

        def save_target(chosen: tuple = (stage, level, channel, amount, unit, anchor)) -> str:  # as previewed
            s, lv, ch, am, un, an = chosen
            moved = svc.save_sla_target(user, stage=s, level=lv, channel=ch, amount=am, unit=un, anchor=an).retimed
            return t("settings.retime.target_saved", cases=moved.cases, stages=moved.stages)

        settings_view.ask_to_confirm(
            "targets", None, _target_label(stage, level, channel, amount, unit), preview_target, save_target
        )
with right:
    overrides = targets[targets["level"].notna() | targets["channel"].notna()]
    if overrides.empty:
        st.info(t("settings.no_overrides"))
    else:
        labels = {
            r.id: f"{code('stage', r.stage)} · {_any('level', r.level)} · {_any('channel', r.channel)} · {r.amount:g}"
            for r in overrides.itertuples()
        }
        target_id = st.selectbox(
            t("settings.pick_target"),
            list(labels),
            key="settings_delete_target",
            format_func=fixed(labels),
            placeholder=t("common.choose"),
        )
        if st.button(t("settings.retime.check_delete"), key="settings_delete_target_btn"):

            def delete_target(chosen: int = int(target_id)) -> str:
                moved = svc.delete_sla_target(user, chosen)
                return t("settings.retime.target_deleted", cases=moved.cases, stages=moved.stages)

            settings_view.ask_to_confirm(
                "targets",
                None,
                t("settings.retime.what_delete", target=labels[target_id]),
                lambda: svc.preview_delete_sla_target(user, int(target_id)),
                delete_target,
            )
settings_view.confirmation("targets")

# --- notifications: 企业微信 / 钉钉 robots and e-mail (the outbox is on the notifications page) -----------
st.header(t("notify.settings.header"), help=t("notify.settings.help"))
notify_view.settings_form(notify_queries.settings(), lambda **values: notify_service.save_settings(user, **values))
st.subheader(t("notify.channels.header"), help=t("notify.channels.secrets_help"))
notify_channels = notify_queries.with_secret_state(notify_queries.channels())
if notify_channels.empty:
    st.info(t("notify.channels.none"))
else:
    tables.show(notify_view.channels_table(notify_channels), export_name="notify_channels", key="notify_channels_table")
notify_view.channel_editor(
    notify_channels,
    reference.teams(),
    lambda form, channel_id: notify_service.save_channel(user, form, channel_id),
    lambda channel_id, token: notify_service.send_test(user, channel_id, token),
)
# --- where the regulator time limit applies, and the conduct rules of system monitoring ------------
st.header(t("regulator.settings"), help=t("regulator.settings_help"))
regulator_view.applies_editor(
    regulator.applies(),
    regulator.sources(),
    lambda mode, channels, sources: regulator_service.save_applies(user, mode, channels, sources),
)
st.header(t("conduct.settings"), help=t("conduct.settings_help"))
conduct_view.rules_editor(conduct.rules(), lambda rows: monitor.save_rules(user, rows))

# --- early-warning risk weights (seed 004) ------------------------------------------------------
st.header(t("settings.weights"))
warning_view.weights_editor(warning_queries.weights(), lambda weights: warning_service.save_weights(user, weights))
