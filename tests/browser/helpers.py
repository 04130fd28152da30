"""Helpers of the browser journeys: waiting for Streamlit to settle, whole-app screenshots, the
app's error boxes, and the sidebar's demo-role picker and page navigation.

The harness (app server, browser, ``page``) is in conftest.py; journeys import these from here.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

VIEWPORT = {"width": 1440, "height": 1000}
APP_ERROR = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def wait_for_app_idle(pg, timeout: float = 30.0, quiet_polls: int = 4) -> None:
    """Wait until a script run has finished *and* the page has stopped changing.

    Idle means: ``stApp`` reports ``notRunning``, the "Running..." status widget is gone, no
    element is stale, and the text of the main area and sidebar is the same for ``quiet_polls``
    polls in a row (Streamlit may still render cached messages it fetches after the run ends).
    """
    deadline = time.monotonic() + timeout
    quiet, last = 0, None
    while True:
        snap = pg.evaluate(
            """() => {
                const app = document.querySelector('[data-testid="stApp"]');
                if (!app) return null;
                const state = app.getAttribute('data-test-script-state');
                const widget = document.querySelector('[data-testid="stStatusWidget"]');
                const stale = document.querySelector('[data-stale="true"]');
                if (state !== 'notRunning' || widget || stale) return null;
                const text = (sel) => (document.querySelector(sel) || {}).innerText || '';
                return text('[data-testid="stMain"]') + '\u0000' + text('[data-testid="stSidebar"]');
            }"""
        )
        quiet = quiet + 1 if snap is not None and snap == last else 0
        last = snap
        if quiet >= quiet_polls:
            return
        if time.monotonic() > deadline:
            state = pg.evaluate(
                "() => document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state')"
            )
            raise AssertionError(f"app did not settle within {timeout:.0f}s (script state: {state})")
        pg.wait_for_timeout(100)


def full_screenshot(pg, path: Path, max_height: int = 8000) -> Path:
    """A PNG of the whole app. Streamlit scrolls inside its own containers, so a plain
    ``full_page=True`` shot stops at the viewport: grow the viewport to the content, then restore."""
    size = pg.viewport_size or VIEWPORT
    height = pg.evaluate(
        """() => Math.max(document.documentElement.scrollHeight,
            ...['[data-testid="stMain"]', '[data-testid="stSidebarContent"]', '[data-testid="stAppViewContainer"]']
               .map((sel) => (document.querySelector(sel) || {}).scrollHeight || 0))"""
    )
    pg.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height) + 40, max_height))})
    try:
        pg.evaluate(
            "() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))"
        )
        wait_for_app_idle(pg)
        pg.screenshot(path=str(path), full_page=True)
    finally:
        pg.set_viewport_size(size)
    return path


def assert_no_app_error(page: Page) -> None:
    errors = page.locator(APP_ERROR)
    assert errors.count() == 0, f"the app shows an error (server stderr is printed below): {errors.all_inner_texts()}"


def pick_demo_role(page: Page, role: str) -> None:
    """Choose ``role`` in the sidebar 演示角色 selectbox and wait until the app has taken it."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    box = sidebar.get_by_role("combobox", name="演示角色")
    box.click()
    page.get_by_role("option", name=role, exact=True).click()
    wait_for_app_idle(page)
    shown = box.input_value() or box.inner_text()
    assert role in shown, (
        f"the demo role did not change to {role!r} (the selectbox shows {shown!r}). One known cause: with "
        "a pages/ directory next to app.py, widgets drawn in app.py get another identity on the first run "
        "after a server start, so the session's first interaction is lost"
    )


def open_nav_page(page: Page, title: str) -> None:
    """Open a page through the sidebar navigation."""
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.locator("a").filter(has_text=title).first.click()
    wait_for_app_idle(page)
