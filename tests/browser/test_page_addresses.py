"""Every typed or opened address answers in Chinese, never with Streamlit's English "Page not found"
dialog: a page outside the demo role, the role's first page by its own name, an unknown address."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_no_app_error, pick_demo_role, wait_for_app_idle

ENGLISH_NOT_FOUND = ("Page not found", "no corresponding file", "does not seem to exist")


def _open(page: Page, address: str, heading: str) -> None:
    """Open ``address`` in a new session and wait for ``heading``; no English not-found dialog."""
    page.goto(address)
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator("h1").filter(has_text=heading)).to_be_visible(timeout=60_000)
    wait_for_app_idle(page)
    assert_no_app_error(page)
    body = page.locator("body").inner_text()
    assert not [text for text in ENGLISH_NOT_FOUND if text in body], body[:500]


@pytest.mark.browser
def test_untranslated_page_not_found_dialog_never_shows(
    page: Page, app_server: str, browser_store: str, artifacts_dir: Path
) -> None:
    with sa.create_engine(browser_store).connect() as conn:
        ref = conn.execute(  # a case of the default demo user (staff), who sees the cases they handle
            sa.text(
                "SELECT c.ref_no FROM complaints c JOIN users u ON u.id IN (c.handler_id, c.first_owner_id)"
                " WHERE u.username = 'staff' ORDER BY c.id LIMIT 1"
            )
        ).scalar_one()
    main = page.locator('[data-testid="stMain"]')

    # (b) the role's first page by its own address: staff land on 工单查询, which opens the linked case.
    _open(page, f"{app_server}/cases?ref={ref}", "工单查询")
    expect(main.get_by_text(ref).first).to_be_visible()
    expect(main.get_by_text("未找到编号")).to_have_count(0)
    page.screenshot(path=str(artifacts_dir / "address_first_page_by_name.png"))
    _open(page, f"{app_server}/overview?role=manager", "总览")

    # (c) an address that names no page.
    _open(page, f"{app_server}/nonsense", "页面不存在")
    expect(main.get_by_text("地址 /nonsense 没有对应的页面")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "address_unknown.png"))

    # (a) demo mode: a page outside the chosen role answers with the translated refusal ...
    _open(page, f"{app_server}/users?role=manager", "用户管理")
    expect(main.get_by_text("您的角色不能打开此页面")).to_be_visible()
    # ... and a role change still opens the new role's first page (staff: 工单查询).
    pick_demo_role(page, "一线员工")
    expect(main.locator("h1").filter(has_text="工单查询")).to_be_visible()
    assert "/users" not in page.url, page.url
    # A page the new role may open stays open after a role change.
    pick_demo_role(page, "管理者")
    expect(main.locator("h1").filter(has_text="工单查询")).to_be_visible()
    body = page.locator("body").inner_text()
    assert not [text for text in ENGLISH_NOT_FOUND if text in body], body[:500]
