"""Drawing the admin's settings: a year's holiday schedule as an editable table with its preview,
and the confirmation step of every change that re-times open cases."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from components import feedback
from components.formats import DAY, stamp
from components.i18n import lang, t
from domain.calendar import ScheduleDay, schedule_summary
from domain.errors import InputError
from domain.holiday_file import SUFFIXES, read_schedule
from domain.retime import Retime

MONTH_DAY = "%m-%d"  # the year is the editor's
WEEKDAYS = {"zh": "一二三四五六日", "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]}
PENDING_KEY = "settings_pending_retime"
COLUMNS = ("day", "is_workday", "name")
RawRow = tuple[object, object, object]


def _draft_key(year: int) -> str:
    return f"settings_schedule_draft_{year}"


def _version_key(year: int) -> str:
    return f"settings_schedule_version_{year}"


def load_schedule_draft(year: int, rows: Iterable[ScheduleDay]) -> None:
    """Put ``rows`` into ``year``'s editor as an unsaved draft, replacing what the editor shows.

    The seam for importing a schedule from a file: a CSV (date, is_workday, name) or iCalendar
    reader turns the file into ``ScheduleDay`` rows and calls this; the admin then checks the
    preview and saves it like typed rows (same checks, same re-timing, same audit row)."""
    st.session_state[_draft_key(year)] = pd.DataFrame([tuple(r) for r in rows], columns=list(COLUMNS))
    st.session_state[_version_key(year)] = st.session_state.get(_version_key(year), 0) + 1


def schedule_upload(year: int) -> None:
    """A file uploader whose schedule goes into ``year``'s editor as a draft, once per file
    (so edits made after loading survive reruns); says how many rows came in, or why none did."""
    upload = st.file_uploader(
        t("settings.schedule.upload"),
        type=list(SUFFIXES),
        key=f"settings_schedule_file_{year}",
        help=t("settings.schedule.upload_help"),
    )
    loaded_key = f"settings_schedule_file_loaded_{year}"
    if upload is None:
        st.session_state.pop(loaded_key, None)  # the same file chosen again loads again
        return
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    outcome = st.session_state.get(loaded_key)
    if outcome is None or outcome[0] != digest:
        try:
            rows = read_schedule(data, upload.name, year)
        except InputError as err:
            outcome = (digest, err.problems)
        else:
            load_schedule_draft(year, rows)
            outcome = (digest, len(rows))
        st.session_state[loaded_key] = outcome
    result = outcome[1]
    if isinstance(result, int):
        if _draft_key(year) in st.session_state:  # not once saved or discarded
            st.success(t("settings.schedule.upload_loaded", file=upload.name, n=result), icon=":material/upload_file:")
    else:
        feedback.show_problems(result)


def discard_schedule_draft(year: int) -> None:
    """Back to the stored rows of ``year`` in the editor."""
    st.session_state.pop(_draft_key(year), None)
    st.session_state[_version_key(year)] = st.session_state.get(_version_key(year), 0) + 1


def _cell(value: object) -> object:
    """A blank editor cell (NaN, NaT, None) as None, a pandas timestamp as a date."""
    if value is None or (not isinstance(value, str | bool) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def schedule_editor(year: int, stored: pd.DataFrame) -> list[RawRow]:
    """The editable table of ``year``'s days (the draft if one was loaded, else ``stored``);
    returns its rows as entered, (day, is_workday, name), for the checks and the preview."""
    frame = st.session_state.get(_draft_key(year))
    if frame is None:
        frame = stored[list(COLUMNS)].copy()
    frame = frame.assign(day=pd.to_datetime(frame["day"]), is_workday=frame["is_workday"].astype(bool))
    edited = st.data_editor(
        frame,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        placeholder="",  # a new row's empty cells stay empty to type into, never "None"
        key=f"settings_schedule_{year}_{st.session_state.get(_version_key(year), 0)}",
        column_config={
            "day": st.column_config.DateColumn(t("settings.schedule.col.day"), format="YYYY-MM-DD", required=True),
            "is_workday": st.column_config.CheckboxColumn(t("settings.schedule.col.is_workday"), default=False),
            "name": st.column_config.TextColumn(t("settings.schedule.col.name"), max_chars=40, required=True),
        },
    )
    return [(_cell(r.day), _cell(r.is_workday), _cell(r.name)) for r in edited.itertuples(index=False)]


def _days(days: tuple[date, ...]) -> str:
    names = WEEKDAYS[lang()]
    return t("calendar.years_sep").join(
        t("settings.schedule.day_weekday", day=stamp(d, MONTH_DAY), weekday=names[d.weekday()]) for d in days
    )


def schedule_preview(rows: list[ScheduleDay]) -> pd.DataFrame:
    """Per named holiday: its span, days off, the weekdays that become days off, the weekend days worked."""
    return pd.DataFrame(
        [
            {
                t("settings.schedule.p.name"): h.name,
                t("settings.schedule.p.span"): f"{stamp(h.first_day, DAY)} – {stamp(h.last_day, DAY)}",
                t("settings.schedule.p.days_off"): h.days_off,
                t("settings.schedule.p.weekdays_off"): _days(h.weekdays_off),
                t("settings.schedule.p.weekend_workdays"): _days(h.weekend_workdays),
            }
            for h in schedule_summary(rows)
        ]
    )


@dataclass(frozen=True)
class PendingChange:
    """A previewed change waiting for the admin's confirmation."""

    section: str  # where on the page the confirmation shows
    subject: object  # what was previewed
    what: str
    retime: Retime
    apply: Callable[[], str]  # stores the change; returns the message to show


def ask_to_confirm(
    section: str, subject: object, what: str, preview: Callable[[], Retime], apply: Callable[[], str]
) -> None:
    """Count what the change would move (its input problems are shown instead if it has any)."""
    feedback.attempt(
        preview,
        lambda plan: st.session_state.__setitem__(PENDING_KEY, PendingChange(section, subject, what, plan, apply)),
    )


def confirmation(section: str, subject: object = None) -> None:
    """The pending change of ``section`` (and ``subject``, when given: a change edited since its
    preview needs a new one): how many cases and stages move, then save or cancel."""
    pending = st.session_state.get(PENDING_KEY)
    if not isinstance(pending, PendingChange) or pending.section != section:
        return
    if subject is not None and pending.subject != subject:
        return
    key = f"settings_{section}"
    moves = pending.retime
    if moves.stages:
        st.warning(
            t("settings.retime.confirm", what=pending.what, cases=moves.cases, stages=moves.stages),
            icon=":material/update:",
        )
    else:
        st.info(t("settings.retime.none", what=pending.what), icon=":material/update:")
    save, cancel = st.columns(2)
    if save.button(t("settings.retime.apply"), key=f"{key}_confirm", type="primary"):
        del st.session_state[PENDING_KEY]
        feedback.attempt(pending.apply, feedback.flash_and_rerun)
    if cancel.button(t("settings.retime.cancel"), key=f"{key}_cancel"):
        del st.session_state[PENDING_KEY]
        st.rerun()
