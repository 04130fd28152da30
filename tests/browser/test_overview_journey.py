"""Journey: open the overview in Chinese, switch to English, narrow to one city.

The demo role is switched to 投诉防控部 (prevention) first: it may open the overview and is not
scoped to a city, so the sidebar offers the City filter.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from components.catalogue import CODE_LABELS
from tests.browser.helpers import (
    APP_ERROR,
    assert_no_app_error,
    full_screenshot,
    open_nav_page,
    pick_demo_role,
    wait_for_app_idle,
)

ROLE_ZH = CODE_LABELS["role"]["prevention"][0]  # 投诉防控部

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
METRIC_VALUE = '[data-testid="stMetricValue"]'
METRIC_LABEL = '[data-testid="stMetricLabel"]'


def _count(text: str) -> int:
    return int(text.replace(",", "").strip())


def _metric_values(page: Page) -> list[str]:
    return [v.strip() for v in page.locator(METRIC_VALUE).all_inner_texts()]


def _wait_for_values_to_change(page: Page, before: list[str], timeout: float = 30.0) -> list[str]:
    """Poll until the settled metric values differ from ``before`` (the rerun is async)."""
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
def test_overview_language_and_city(page: Page, app_server: str, artifacts_dir) -> None:
    page.goto(app_server)
    main = page.locator('[data-testid="stMain"]')
    sidebar = page.locator('[data-testid="stSidebar"]')

    # The app starts in Chinese on its default page; become an analyst and open 总览.
    expect(main.locator("h1").or_(page.locator(APP_ERROR)).first).to_be_visible(timeout=60_000)
    wait_for_app_idle(page)
    assert_no_app_error(page)
    pick_demo_role(page, ROLE_ZH)
    open_nav_page(page, "总览")

    # Chinese: title, the KPI cards (投诉量 first), run finished.
    expect(main.locator("h1").filter(has_text="总览").or_(page.locator(APP_ERROR)).first).to_be_visible()
    assert_no_app_error(page)
    expect(page.locator(METRIC_LABEL).first).to_contain_text("投诉量")
    wait_for_app_idle(page)
    assert_no_app_error(page)
    zh_values = _metric_values(page)
    assert len(zh_values) >= 4, f"expected at least the four headline KPI cards: {zh_values}"
    assert _count(zh_values[0]) > 0, (
        f"no complaints this week ({zh_values}): the app's clock (real time) is outside the seeded "
        "store's week, so a city filter cannot change anything"
    )
    full_screenshot(page, artifacts_dir / "overview_zh.png")

    # English via the sidebar radio.
    sidebar.get_by_text("English", exact=True).click()
    try:
        expect(main.locator("h1").filter(has_text="Overview")).to_be_visible(timeout=15_000)
    except AssertionError as exc:
        wait_for_app_idle(page)
        radio = [(r.get_attribute("value"), r.is_checked()) for r in sidebar.get_by_role("radio").all()]
        raise AssertionError(
            f"switching to English did not take: title {main.locator('h1').all_inner_texts()}, "
            f"language radio (value, checked) {radio}"
        ) from exc
    expect(page.locator(METRIC_LABEL).first).to_contain_text("Complaints")
    wait_for_app_idle(page)
    assert_no_app_error(page)
    labels = [t.strip() for t in page.locator(METRIC_LABEL).all_inner_texts()]
    assert len(labels) == len(zh_values), labels
    assert not any(CJK.search(label) for label in labels), f"Chinese left in the metric labels: {labels}"
    en_values = _metric_values(page)
    assert en_values == zh_values, "switching the language must not change the numbers"
    full_screenshot(page, artifacts_dir / "overview_en.png")

    # One city in the sidebar "City" multiselect.
    city = sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="City")
    expect(city).to_have_count(1)
    city.locator("input").click()
    page.keyboard.type("Shanghai")
    page.get_by_role("option", name="Shanghai", exact=True).click()
    page.keyboard.press("Escape")
    expect(city).to_contain_text("Shanghai")

    city_values = _wait_for_values_to_change(page, en_values)
    assert_no_app_error(page)
    assert city_values != en_values, f"no metric changed after filtering to one city: {en_values}"
    assert _count(city_values[0]) < _count(en_values[0]), (
        f"the complaint count should drop for one city: {en_values[0]} -> {city_values[0]}"
    )
    expect(main.locator("h1").filter(has_text="Overview")).to_be_visible()
    full_screenshot(page, artifacts_dir / "overview_en_city.png")
