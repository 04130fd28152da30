"""设置 Settings (admin): the holiday calendar behind business days, and the SLA targets."""

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from components import auth, feedback, forms, tables, warning_view
from components.formats import DAY, stamp
from components.i18n import code, code_format, fixed, lang, t
from db.clock import now
from db.queries import sla_config
from db.queries import warnings as warning_queries
from db.services import settings as svc
from db.services import warnings as warning_service
from domain.codes import CHANNELS, LEVELS, SLA_ANCHORS, SLA_UNITS, STAGES

user = auth.current_user()
WEEKDAYS = {"zh": "一二三四五六日", "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]}


def run_write(action: Callable[[], object], success_key: str) -> None:
    """Run a service call; on success rerun so the tables show it, with a message."""
    feedback.attempt(action, lambda _: feedback.flash_and_rerun(t(success_key)))


st.title(t("settings.title"))
forms.after_write()

# --- holiday calendar ---------------------------------------------------------------------
st.header(t("settings.calendar"), help=t("settings.calendar_help"))
year = int(
    st.number_input(t("settings.year"), min_value=2004, max_value=2100, value=now().year, step=1, key="settings_year")
)
days = sla_config.holidays(year)
if sla_config.calendar().is_fallback_year(year):
    st.warning(t("settings.fallback", year=year), icon=":material/warning:")
else:
    st.caption(t("settings.known", year=year, n=len(days)))


def imported(rows: int) -> None:
    if rows:
        feedback.flash_and_rerun(t("settings.imported", n=rows))
    st.info(t("settings.import_unknown", year=year))


if st.button(t("settings.import", year=year), key="settings_import"):
    feedback.attempt(lambda: svc.import_statutory_year(user, year), imported)

if not days.empty:
    shown = pd.DataFrame(
        {
            t("settings.day"): days["day"].map(lambda d: stamp(d, DAY)),
            t("settings.weekday"): days["day"].map(
                lambda d: WEEKDAYS[lang()][d.weekday()] if isinstance(d, date) else ""
            ),
            t("settings.kind"): days["is_workday"].map(
                lambda w: t("settings.kind.workday" if w else "settings.kind.holiday")
            ),
            t("settings.name"): days["name"].fillna(""),
        }
    )
    tables.show(shown, export_name=f"holidays_{year}", key="settings_holidays")

left, right = st.columns(2)
with left.form("settings_day_form", clear_on_submit=False):
    st.subheader(t("settings.edit_day"))
    day = st.date_input(t("settings.day"), value=None, key="settings_day", format="YYYY-MM-DD")
    kind = st.radio(
        t("settings.kind"),
        ["holiday", "workday"],
        key="settings_kind",
        horizontal=True,
        format_func=fixed({k: t(f"settings.kind.{k}") for k in ("holiday", "workday")}),
    )
    name = st.text_input(t("settings.name"), key="settings_name", max_chars=60)
    if st.form_submit_button(t("settings.save_day")):
        run_write(lambda: svc.save_holiday(user, day, kind == "workday", name), "settings.saved")
with right:
    if not days.empty:
        choice = st.selectbox(
            t("settings.pick_day"),
            days["day"].tolist(),
            key="settings_delete_day",
            format_func=fixed({d: f"{stamp(d, DAY)} {n or ''}" for d, n in zip(days["day"], days["name"])}),
            placeholder=t("common.choose"),
        )
        if st.button(t("settings.delete_day"), key="settings_delete_day_btn"):
            run_write(lambda: svc.delete_holiday(user, pd.Timestamp(choice).date()), "settings.deleted")

# --- SLA targets ----------------------------------------------------------------------------
st.header(t("settings.sla"), help=t("settings.sla_help"))
targets = sla_config.policy_table()


def _any(kind: str, value: object) -> str:
    """A stored code's name; "any" where the target leaves it open (None, or NaN in a frame)."""
    return code(kind, value) if isinstance(value, str) else t("settings.any")


tables.show(
    pd.DataFrame(
        {
            t("settings.stage"): targets["stage"].map(lambda s: code("stage", s)),
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
    if st.form_submit_button(t("settings.save_target")):
        run_write(
            lambda: svc.save_sla_target(
                user, stage=stage, level=level, channel=channel, amount=amount, unit=unit, anchor=anchor
            ),
            "settings.saved",
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
        if st.button(t("settings.delete_target"), key="settings_delete_target_btn"):
            run_write(lambda: svc.delete_sla_target(user, int(target_id)), "settings.deleted")

# --- early-warning risk weights (seed 004) ------------------------------------------------------
st.header(t("settings.weights"))
warning_view.weights_editor(warning_queries.weights(), lambda weights: warning_service.save_weights(user, weights))
