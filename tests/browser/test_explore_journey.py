"""Journey: a committee member asks "2025 Q4 暴力催收 top 10 cities" in four clicks, downloads the
result, opens the shared link in a fresh browser session (same result), and drills into the first
city's cases."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlalchemy import create_engine, text

from components.catalogue import CODE_LABELS
from tests.browser.helpers import assert_no_app_error, full_screenshot, open_nav_page, pick_demo_role, wait_for_app_idle

ROLE_ZH = CODE_LABELS["role"]["committee"][0]


def _download(page: Page, key: str, again: Callable[[], None] = lambda: None) -> list[dict[str, str]]:
    """Click the download and read the CSV. A click that lands while a rerun replaces the button
    fetches a file id the server has just dropped and nothing downloads: then click again, as a
    user would, once the page has settled. Under CI load the button's spinner has also stayed on
    after such a click (seen twice in Streamlit's deferred downloads): then reload the page, which
    asks the same question again from its address, and ``again`` redoes what the address does not
    hold, as a user would."""
    button = page.locator(f".st-key-{key} button")
    for attempt in range(3):
        wait_for_app_idle(page)
        try:
            expect(button).to_be_enabled(timeout=30_000)  # a new button is enabled once its file id is set
        except AssertionError:
            if attempt == 2:
                raise
            page.reload()
            wait_for_app_idle(page, timeout=60)
            again()
            continue
        try:
            with page.expect_download(timeout=15_000) as download:
                button.click()
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    return list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))


def _pick(page: Page, label: str, option: str) -> None:
    """One click to open the picker named ``label``, one on the option."""
    page.locator('[data-testid="stMain"]').get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app_idle(page)


def _expected(url: str) -> list[tuple[str, int]]:
    with create_engine(url).connect() as conn:
        rows = conn.execute(
            text(
                "SELECT ci.name, count(*) AS n FROM complaints c JOIN cities ci ON ci.id = c.city_id "
                "WHERE c.duplicate_of_id IS NULL AND c.category = 'violent_collection' "
                "AND c.received_at >= '2025-10-01 00:00:00' AND c.received_at < '2026-01-01 00:00:00' "
                "GROUP BY ci.id, ci.name ORDER BY n DESC, ci.id LIMIT 10"
            )
        ).all()
    return [(str(name), int(n)) for name, n in rows]


@pytest.mark.browser
def test_explore_q4_top_cities_share_and_drill(page: Page, app_server: str, browser_store: str, artifacts_dir) -> None:
    page.goto(app_server)
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator("h1").first).to_be_visible(timeout=60_000)
    wait_for_app_idle(page)
    pick_demo_role(page, ROLE_ZH)
    open_nav_page(page, "自助分析")
    expect(main.locator("h1").filter(has_text="自助分析")).to_be_visible()

    _pick(page, "时间", "2025年第4季度")  # clicks 1 and 2
    _pick(page, "投诉类别", "暴力催收")  # clicks 3 and 4; grouping by city, top 10, is the default
    page.keyboard.press("Escape")
    wait_for_app_idle(page)
    assert_no_app_error(page)
    expect(main.get_by_text("2025-10-01 至 2025-12-31").first).to_be_visible()
    full_screenshot(page, artifacts_dir / "explore_q4_violent.png")

    rows = _download(page, "exp_table_csv")
    assert [(r["城市"], int(r["投诉量"])) for r in rows] == _expected(browser_store)

    # The address is the question: a colleague's fresh session opens the same result.
    link = page.url
    assert "cat=violent_collection" in link and "period=2025-Q4" in link
    other = page.context.browser.new_page()
    try:
        other.goto(link)
        expect(other.locator('[data-testid="stMain"] h1').filter(has_text="自助分析")).to_be_visible(timeout=60_000)
        wait_for_app_idle(other)
        assert _download(other, "exp_table_csv") == rows
    finally:
        other.close()

    # The first city's cases, every one of them in the download.
    first = rows[0]
    _pick(page, "选择结果中的一行", first["城市"])
    assert_no_app_error(page)
    cases = _download(page, "exp_cases_csv", again=lambda: _pick(page, "选择结果中的一行", first["城市"]))
    assert len(cases) == int(first["投诉量"])
    assert {c["类别"] for c in cases} == {"暴力催收"} and {c["城市"] for c in cases} == {first["城市"]}
    full_screenshot(page, artifacts_dir / "explore_drill.png")
