"""Journey: open the overview in Chinese, switch to English, narrow to one city."""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import wait_for_app_idle

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
METRIC_VALUE = '[data-testid="stMetricValue"]'
METRIC_LABEL = '[data-testid="stMetricLabel"]'


def _count(text: str) -> int:
    return int(text.replace(",", "").strip())


def _metric_values(page: Page) -> list[str]:
    return [v.strip() for v in page.locator(METRIC_VALUE).all_inner_texts()]


def _assert_no_app_error(page: Page) -> None:
    errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
    assert errors.count() == 0, f"the app shows an error: {errors.all_inner_texts()}"


def _wait_for_values_to_change(page: Page, before: list[str], timeout: float = 30.0) -> list[str]:
    """Poll until the metric values differ from ``before`` (the rerun is async), then settle."""
    deadline = time.monotonic() + timeout
    while True:
        wait_for_app_idle(page)
        now = _metric_values(page)
        if len(now) == len(before) and now != before:
            return now
        if time.monotonic() > deadline:
            return now
        page.wait_for_timeout(200)


@pytest.mark.browser
def test_overview_language_and_city(page: Page, app_server: str, artifacts_dir) -> None:  # noqa: ANN001
    page.goto(app_server)
    main = page.locator('[data-testid="stMain"]')
    sidebar = page.locator('[data-testid="stSidebar"]')

    # Chinese by default: title, four metric cards, run finished.
    expect(main.locator("h1").filter(has_text="总览")).to_be_visible(timeout=60_000)
    expect(page.locator(METRIC_LABEL)).to_have_count(4)
    expect(page.locator(METRIC_LABEL).first).to_contain_text("投诉量")
    wait_for_app_idle(page)
    _assert_no_app_error(page)
    zh_values = _metric_values(page)
    assert len(zh_values) == 4, zh_values
    assert _count(zh_values[0]) > 0, (
        f"no complaints this week ({zh_values}): the app's clock (real time) is outside the seeded "
        "store's week, so a city filter cannot change anything")
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(artifacts_dir / "overview_zh.png"), full_page=True)

    # English via the sidebar radio.
    sidebar.get_by_text("English", exact=True).click()
    expect(main.locator("h1").filter(has_text="Overview")).to_be_visible()
    expect(page.locator(METRIC_LABEL).first).to_contain_text("Complaints")
    wait_for_app_idle(page)
    _assert_no_app_error(page)
    labels = [t.strip() for t in page.locator(METRIC_LABEL).all_inner_texts()]
    assert len(labels) == 4, labels
    assert not any(CJK.search(label) for label in labels), f"Chinese left in the metric labels: {labels}"
    en_values = _metric_values(page)
    assert en_values == zh_values, "switching the language must not change the numbers"
    page.screenshot(path=str(artifacts_dir / "overview_en.png"), full_page=True)

    # One city in the sidebar "City" multiselect.
    city = sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="City")
    expect(city).to_have_count(1)
    city.locator("input").click()
    page.keyboard.type("Shanghai")
    page.get_by_role("option", name="Shanghai", exact=True).click()
    page.keyboard.press("Escape")
    expect(city).to_contain_text("Shanghai")

    city_values = _wait_for_values_to_change(page, en_values)
    _assert_no_app_error(page)
    assert city_values != en_values, f"no metric changed after filtering to one city: {en_values}"
    assert _count(city_values[0]) < _count(en_values[0]), (
        f"the complaint count should drop for one city: {en_values[0]} -> {city_values[0]}")
    expect(main.locator("h1").filter(has_text="Overview")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "overview_en_city.png"), full_page=True)
