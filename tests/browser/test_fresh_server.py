"""The first request after a server start, straight to a page's address, opens the app normally
(Streamlit's legacy pages/ mode would otherwise run the page without app.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import running_app
from tests.browser.helpers import APP_ERROR, pick_demo_role, wait_for_app_idle


@pytest.mark.browser
def test_deep_link_as_the_first_request(page: Page, browser_store: str, tmp_path: Path) -> None:
    with running_app(browser_store, tmp_path) as url:
        page.goto(f"{url}/intake")
        main = page.locator('[data-testid="stMain"]')
        expect(main.locator("h1").or_(page.locator(APP_ERROR)).first).to_be_visible(timeout=60_000)
        wait_for_app_idle(page)
        assert page.locator(APP_ERROR).count() == 0, page.locator(APP_ERROR).all_inner_texts()
        expect(main.locator("h1").filter(has_text="投诉登记")).to_be_visible()
        # The first click of the session counts (widget identities are stable from the first run).
        pick_demo_role(page, "管理者")
        expect(main.locator("h1").filter(has_text="总览")).to_be_visible()
