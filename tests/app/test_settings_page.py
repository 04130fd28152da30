"""Settings page (admin): the calendar warning for unknown years, the year's schedule editor with
its preview, saving it after the re-time confirmation, and target changes confirmed the same way."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

from components.labels import LABELS
from db.engine import session_scope
from db.models import AuditLog, HolidayYear
from tests import import_files as files

SCHEDULE_2027 = pd.DataFrame(
    [
        (date(2027, 1, 1), False, "元旦"),
        (date(2027, 1, 2), False, "元旦"),
        (date(2027, 1, 3), False, "元旦"),
        *((date(2027, 2, d), False, "春节") for d in range(6, 15)),
        (date(2027, 2, 20), True, "春节"),
    ],
    columns=["day", "is_workday", "name"],
)


def said(lang: str, key: str) -> str:
    """The label's text up to its first placeholder."""
    return LABELS[key][0 if lang == "zh" else 1].split("{")[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_unknown_year_warns_about_the_fallback(app, lang: str) -> None:
    at = app(role="admin", lang=lang, page="pages/settings.py", settings_year=2027)
    assert not at.exception
    monday_friday = "周一至周五" if lang == "zh" else "Monday–Friday"
    assert any("2027" in w.value and monday_friday in w.value for w in at.warning), [w.value for w in at.warning]


def test_known_year_lists_holidays_and_targets(app) -> None:
    at = app(role="admin", lang="en", page="pages/settings.py", settings_year=2026)
    assert not at.exception
    assert not [w for w in at.warning if "2026" in w.value]
    holidays, preview, targets = (d.value for d in at.dataframe[:3])
    assert date(2026, 10, 1) in {d.date() for d in holidays["day"]}
    assert "National Day" not in set(preview["Holiday"])  # names are stored in Chinese
    assert "国庆节" in set(preview["Holiday"])
    assert len(targets) >= 9


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_2027_schedule_preview_save_and_retime(writable_app, lang: str) -> None:
    at = writable_app(
        role="admin",
        lang=lang,
        page="pages/settings.py",
        settings_year=2027,
        settings_schedule_draft_2027=SCHEDULE_2027,
    )
    assert not at.exception
    preview = at.dataframe[1].value
    spring = preview[preview.iloc[:, 0] == "春节"].iloc[0]
    assert spring.iloc[2] == 9  # days off
    assert "02-08" in spring.iloc[3] and "02-20" in spring.iloc[4]  # weekdays off, the 调休 Saturday
    at.button(key="settings_schedule_save").click().run()
    assert not at.exception
    # The seeded store (as of 2026-11-23) has no open stage due in 2027: nothing moves, and it says so.
    nothing_moves = "没有未完成的环节需要改动到期时间" if lang == "zh" else "no open stage changes its due time"
    assert any(nothing_moves in i.value and "2027" in i.value for i in at.info), [i.value for i in at.info]
    with session_scope() as s:
        assert s.get(HolidayYear, 2027) is None  # nothing is stored before the confirmation
    at.button(key="settings_schedule_confirm").click().run()
    assert not at.exception
    assert said(lang, "settings.schedule.saved") in at.success[0].value
    with session_scope() as s:
        assert s.get(HolidayYear, 2027).source == "admin"
        detail = s.scalars(select(AuditLog.detail).where(AuditLog.action == "holiday.schedule")).one()
    assert detail == {"rows": 13, "replaced": 0, "cases_retimed": 0, "stages_retimed": 0}
    assert not at.warning  # neither the fallback warning nor the 1-November banner any more


def test_2027_schedule_with_a_bad_row_shows_the_problem(app) -> None:
    bad = pd.concat([SCHEDULE_2027, pd.DataFrame([(date(2027, 1, 4), True, "元旦")], columns=SCHEDULE_2027.columns)])
    at = app(role="admin", lang="zh", page="pages/settings.py", settings_year=2027, settings_schedule_draft_2027=bad)
    assert not at.exception
    assert any("2027-01-04" in e.value and "周一至周五" in e.value for e in at.error)


def test_2027_fill_from_chinese_calendar_is_unknown(app) -> None:
    at = app(role="admin", lang="en", page="pages/settings.py", settings_year=2027)
    at.button(key="settings_fill_statutory").click().run()
    assert not at.exception
    assert any("chinese-calendar has no data for 2027" in i.value for i in at.info)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_retime_confirmation_of_a_target_change(writable_app, lang: str) -> None:
    at = writable_app(role="admin", lang=lang, page="pages/settings.py")
    assert not at.exception
    assert any(said(lang, "settings.retime.note")[:12] in c.value for c in at.caption)
    at.number_input(key="settings_t_amount").set_value(3.0)  # ack, any level and channel, hours
    at.get("form_submit_button")[0].click().run()
    assert not at.exception
    stages = "个未完成环节" if lang == "zh" else "open stages of"
    assert any(stages in w.value for w in at.warning), [w.value for w in at.warning]
    at.button(key="settings_targets_confirm").click().run()
    assert not at.exception
    assert said(lang, "settings.retime.target_saved") in at.success[0].value
    with session_scope() as s:
        detail = s.scalars(select(AuditLog.detail).where(AuditLog.action == "sla.save")).one()
    assert detail["stages_retimed"] > 0 and detail["after"]["amount"] == 3.0


def test_saving_a_bad_target_shows_the_problem_in_english(writable_app) -> None:
    at = writable_app(role="admin", lang="en", page="pages/settings.py")
    at.selectbox(key="settings_t_stage").set_value("verify")
    at.number_input(key="settings_t_amount").set_value(1.5)
    at.radio(key="settings_t_unit").set_value("business_days")
    at.radio(key="settings_t_anchor").set_value("previous")
    at.get("form_submit_button")[0].click().run()  # the SLA target form
    assert not at.exception
    assert "whole number" in at.error[0].value


def test_settings_is_for_admins_only() -> None:
    from domain.users import pages_for_role

    assert "settings" in pages_for_role("admin")
    assert all(
        "settings" not in pages_for_role(r) for r in ("staff", "dept_head", "prevention", "manager", "committee")
    )


def test_admin_changes_the_warning_weights(writable_app) -> None:
    at = writable_app(role="admin", lang="en", page="pages/settings.py")
    at.number_input(key="warn_weight_attitude").set_value(0.5)
    at.get("form_submit_button")[-1].click().run()
    assert not at.exception
    assert at.success[0].value
    assert at.number_input(key="warn_weight_attitude").value == 0.5


def test_all_zero_weights_are_refused(writable_app) -> None:
    at = writable_app(role="admin", lang="zh", page="pages/settings.py")
    for factor in ("complaint_history", "overdue", "debt", "attitude"):
        at.number_input(key=f"warn_weight_{factor}").set_value(0.0)
    at.get("form_submit_button")[-1].click().run()
    assert not at.exception
    assert at.error, "an all-zero weighting must be refused with a message"


def _upload_2027(writable_app, lang: str, data: bytes, name: str):
    at = writable_app(role="admin", lang=lang, page="pages/settings.py", settings_year=2027)
    return at.file_uploader(key="settings_schedule_file_2027").upload(name, data).run()


@pytest.mark.parametrize(
    ("lang", "name", "data"),
    [("zh", "2027节假日.csv", files.schedule_csv("gbk")), ("en", "holidays-2027.ics", files.schedule_ics())],
)
def test_2027_schedule_file_upload_previews_and_saves(writable_app, lang: str, name: str, data: bytes) -> None:
    at = _upload_2027(writable_app, lang, data, name)
    assert not at.exception
    assert any(said(lang, "settings.schedule.upload_loaded") in s.value and "13" in s.value for s in at.success)
    preview = at.dataframe[1].value
    spring = preview[preview.iloc[:, 0] == "春节"].iloc[0]
    assert spring.iloc[2] == 9 and "02-20" in spring.iloc[4]  # nine days off, the 调休 Saturday worked
    with session_scope() as s:
        assert s.get(HolidayYear, 2027) is None  # loading a file stores nothing
    at.button(key="settings_schedule_save").click().run()
    at.button(key="settings_schedule_confirm").click().run()
    assert not at.exception
    assert said(lang, "settings.schedule.saved") in at.success[0].value
    assert not [s for s in at.success if said(lang, "settings.schedule.upload_loaded") in s.value]
    with session_scope() as s:
        assert s.get(HolidayYear, 2027).source == "admin"
        detail = s.scalars(select(AuditLog.detail).where(AuditLog.action == "holiday.schedule")).one()
    assert detail["rows"] == 13


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_2027_schedule_file_for_another_year_says_so_and_loads_nothing(writable_app, lang: str) -> None:
    at = writable_app(role="admin", lang=lang, page="pages/settings.py", settings_year=2028)
    at = at.file_uploader(key="settings_schedule_file_2028").upload("2027.csv", files.schedule_csv()).run()
    assert not at.exception
    not_in = "13 天不在 2028 年" if lang == "zh" else "13 days are not in 2028"
    assert any(not_in in e.value for e in at.error), [e.value for e in at.error]
    assert not at.success
    assert at.dataframe[0].value.empty  # the editor still shows the (empty) stored 2028 rows
