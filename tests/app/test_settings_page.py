"""Settings page (admin): the calendar warning for unknown years, tables, and saving a holiday."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_unknown_year_warns_about_the_fallback(app, lang: str) -> None:
    at = app(role="admin", lang=lang, page="pages/settings.py", settings_year=2027)
    assert not at.exception
    assert "2027" in at.warning[0].value
    assert ("周一至周五" if lang == "zh" else "Monday–Friday") in at.warning[0].value


def test_known_year_lists_holidays_and_targets(app) -> None:
    at = app(role="admin", lang="en", page="pages/settings.py", settings_year=2026)
    assert not at.exception
    assert not at.warning
    holidays, targets = at.dataframe[0].value, at.dataframe[1].value
    assert "2026-10-01" in set(holidays["Date"])
    assert len(targets) >= 9


def test_saving_a_bad_target_shows_the_problem_in_english(writable_app) -> None:
    at = writable_app(role="admin", lang="en", page="pages/settings.py")
    at.selectbox(key="settings_t_stage").set_value("verify")
    at.number_input(key="settings_t_amount").set_value(1.5)
    at.radio(key="settings_t_unit").set_value("business_days")
    at.radio(key="settings_t_anchor").set_value("previous")
    at.get("form_submit_button")[1].click().run()  # the SLA target form
    assert not at.exception
    assert "whole number" in at.error[0].value


def test_saving_a_holiday_lists_it(writable_app) -> None:
    from datetime import date

    at = writable_app(role="admin", lang="zh", page="pages/settings.py", settings_year=2027)
    at.date_input(key="settings_day").set_value(date(2027, 10, 1))
    at.text_input(key="settings_name").set_value("国庆节")
    at.get("form_submit_button")[0].click().run()
    assert not at.exception
    assert at.success[0].value == "已保存。"
    assert "2027-10-01" in set(at.dataframe[0].value["日期"])


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
