"""时效 SLA: where and when stage deadlines are breached, the cases behind each cell, the queues of
now with their owners, reminders (催办) for managers and the reminders a handler has received; and
beside it the regulator time limit's breaches and its queue of undecided cases."""

from datetime import date

import streamlit as st

from components import auth, feedback, regulator_view, sla_view
from components.calendar_notice import fallback_notice
from components.case_view import AT_RISK_DEFAULT_HOURS
from components.filters import current_filters
from components.i18n import code, t
from db.queries import regulator, sla_config
from db.queries import sla as q
from db.services.reminders import NOTE_MAX, REMINDER_ROLES, send_reminder

f = current_filters()
user = auth.current_user()
at = q.as_of()
stamp = at.strftime("%Y-%m-%d %H:%M")

st.title(t("sla.title"))
st.caption(t("sla.caption", start=f.start, end=f.end, now=stamp))
fallback_notice(sla_config.calendar().uncovered_years(date(year, 1, 1) for year in sla_config.open_due_years()))

by_stage = q.breach_by_stage_level(f, at)
overdue = q.overdue_queue(f, at)
sla_view.headline(by_stage, sla_view.queue_size(overdue))

if by_stage["deadlines"].sum() == 0:
    st.info(t("sla.empty"))
else:
    city_week, cities_total = q.breach_by_city_week(f, at)
    team_stage, teams_total = q.breach_by_team_stage(f, at)
    grids = {
        "stage_level": sla_view.stage_level_cells(by_stage),
        "city_week": sla_view.city_week_cells(city_week),
        "team_stage": sla_view.team_stage_cells(team_stage),
        "weekday_hour": sla_view.weekday_hour_cells(q.breach_by_weekday_hour(f, at)),
    }
    notes = {
        "city_week": sla_view.limited_note("sla.top_cities", city_week["city_id"].nunique(), cities_total),
        "team_stage": sla_view.limited_note("sla.top_teams", team_stage["team_id"].nunique(), teams_total),
    }
    for tab, (name, cells) in zip(st.tabs([t(f"sla.tab.{name}") for name in grids]), grids.items()):
        with tab:
            if cells["deadlines"].sum() == 0:
                st.info(t("common.empty_for_filters"))
                continue
            chosen = sla_view.heatmap_picker(cells, name)
            if notes.get(name):
                st.caption(notes[name])
            if chosen is not None:
                sla_view.show_cell_cases(
                    q.cell_cases(f, at, name, *chosen), sla_view.cell_label(cells, chosen), name=name
                )

st.divider()
st.header(t("sla.now_header"))
st.caption(t("sla.now_caption", now=stamp))
mine_box = st.container() if user.role == "prevention" else None
hours = st.number_input(
    t("sla.at_risk_hours"),
    min_value=1,
    max_value=72,
    value=AT_RISK_DEFAULT_HOURS,
    step=1,
    key="sla_at_risk_hours",
    help=t("sla.at_risk_hours_help"),
)
queue_box = st.container()


def remind(request: sla_view.ReminderRequest) -> None:
    """Store the reminder the form asked for and say so."""

    def sent(_: object) -> None:
        sla_view.reminder_stored()
        st.success(
            t("sla.remind.sent", ref=request.ref_no, stage=code("stage", request.stage)),
            icon=":material/notifications_active:",
        )

    feedback.attempt(
        lambda: send_reminder(request.complaint_id, request.stage, user, request.note, request.token), sent
    )


if user.role in REMINDER_ROLES:
    request = sla_view.reminder_form(overdue, q.at_risk_queue(f, at, hours), at, NOTE_MAX)
    if request is not None:
        remind(request)

# Drawn after the form so a reminder just sent is already counted.
with queue_box:
    overdue, at_risk = q.overdue_queue(f, at), q.at_risk_queue(f, at, hours)
    overdue_tab, at_risk_tab = st.tabs(
        [
            t("sla.tab.overdue", n=sla_view.queue_size(overdue)),
            t("sla.tab.at_risk", n=sla_view.queue_size(at_risk)),
        ]
    )
    with overdue_tab:
        sla_view.show_queue(overdue, at, overdue=True, hours=hours)
    with at_risk_tab:
        sla_view.show_queue(at_risk, at, overdue=False, hours=hours)
if mine_box is not None:
    with mine_box:
        sla_view.show_my_reminders(q.my_reminders(f, user.id))

st.divider()
regulator_view.sla_section(regulator.counts(f, at.date()), regulator.queue(f, at.date()))
