"""Journey: an admin loads the 2027 holiday schedule from an iCalendar file on the settings page,
sees the preview and saves it after the re-time confirmation. Runs on a copy of the browser store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from components.catalogue import CODE_LABELS
from tests import import_files as files
from tests.browser.conftest import running_app
from tests.browser.helpers import (
    APP_ERROR,
    assert_no_app_error,
    full_screenshot,
    open_nav_page,
    pick_demo_role,
    wait_for_app_idle,
)


@pytest.mark.browser
def test_2027_schedule_from_an_ics_file(page: Page, browser_store: str, tmp_path: Path, artifacts_dir: Path) -> None:
    copy = tmp_path / "store.sqlite3"
    shutil.copyfile(browser_store.removeprefix("sqlite:///"), copy)
    calendar = tmp_path / "2027节假日.ics"
    calendar.write_bytes(files.schedule_ics())
    with running_app(f"sqlite:///{copy}", tmp_path) as url:
        page.goto(url)
        main = page.locator('[data-testid="stMain"]')
        expect(main.locator("h1").or_(page.locator(APP_ERROR)).first).to_be_visible(timeout=60_000)
        wait_for_app_idle(page)
        pick_demo_role(page, CODE_LABELS["role"]["admin"][0])
        open_nav_page(page, "设置")
        year = main.get_by_label("年份")
        year.fill("2027")
        year.press("Enter")
        wait_for_app_idle(page)
        expect(main.get_by_text("2027 年节假日安排").first).to_be_visible()

        main.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(calendar))
        wait_for_app_idle(page)
        assert_no_app_error(page)
        expect(main.get_by_text("已从 2027节假日.ics 读入 13 行到下方表格")).to_be_visible()
        full_screenshot(page, artifacts_dir / "settings_2027_schedule_from_ics.png")

        main.get_by_role("button", name="保存 2027 年安排…").click()
        wait_for_app_idle(page)
        main.get_by_role("button", name="确认保存").click()
        wait_for_app_idle(page)
        assert_no_app_error(page)
        expect(main.get_by_text("2027 年节假日安排已保存")).to_be_visible()
