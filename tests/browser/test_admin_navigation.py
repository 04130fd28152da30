"""The admin's sidebar lists every page of the role (the longest menu) with no English control:
Streamlit folds a long menu behind "View more"/"View less" unless the navigation is expanded."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from components.auth import PAGES
from components.i18n import LANGS
from components.labels import LABELS
from domain.users import pages_for_role
from tests.browser.helpers import assert_no_app_error, full_screenshot, pick_demo_role


@pytest.mark.browser
def test_the_admin_menu_lists_every_page_without_view_more(page: Page, app_server: str, artifacts_dir) -> None:
    page.goto(app_server)
    pick_demo_role(page, "系统管理员")
    assert_no_app_error(page)
    nav = page.locator('[data-testid="stSidebarNav"]')
    shown = nav.inner_text()
    titles = [LABELS[PAGES[page_id][1]][LANGS.index("zh")] for page_id in pages_for_role("admin")]
    assert [title for title in titles if title not in shown] == []
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "View more" not in sidebar and "View less" not in sidebar
    full_screenshot(page, artifacts_dir / "admin_navigation.png")
