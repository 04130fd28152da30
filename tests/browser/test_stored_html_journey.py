"""Stored HTML and JavaScript show as text: a complaint's description and event notes, early warnings'
description, suggestion and plan, and improvement issues carry markup that would open a dialog,
set a flag and insert an element if a page rendered it. In headless Chromium no dialog fires, no
element is injected and the markup reads as typed; the CSV export carries it as text too."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Page, expect
from sqlalchemy import create_engine, text

from components.catalogue import CODE_LABELS
from tests.browser.conftest import running_app
from tests.browser.helpers import assert_no_app_error, open_nav_page, pick_demo_role, wait_for_app_idle

pytestmark = pytest.mark.browser

PAYLOAD = (
    '<img src=x onerror="window.__xss=1;alert(1)">'
    "<script>window.__xss=2;alert(2)</script>"
    '<b id="xss-probe" onmouseover="alert(3)">粗体</b>'
    "[链接](javascript:alert(4)) **加粗**"
)
INJECTED = "() => [document.querySelector('#xss-probe') !== null, window.__xss || 0]"


@pytest.fixture(scope="module")
def hostile_app(browser_store: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A copy of the browser store whose stored text carries the payload; yields the app's URL and
    the reference number of the hostile complaint."""
    folder = tmp_path_factory.mktemp("hostile")
    copy = folder / "store.sqlite3"
    shutil.copyfile(browser_store.removeprefix("sqlite:///"), copy)
    url = f"sqlite:///{copy}"
    eng = create_engine(url)
    with eng.begin() as conn:
        complaint_id, ref = conn.execute(
            text(
                "SELECT c.id, c.ref_no FROM complaints c JOIN complaint_events e ON e.complaint_id = c.id "
                "GROUP BY c.id, c.ref_no ORDER BY count(*) DESC, c.id LIMIT 1"
            )
        ).one()
        conn.execute(text("UPDATE complaints SET description = :p WHERE id = :id"), {"p": PAYLOAD, "id": complaint_id})
        conn.execute(
            text("UPDATE complaint_events SET note = :p WHERE complaint_id = :id"), {"p": PAYLOAD, "id": complaint_id}
        )
        conn.execute(text("UPDATE early_warnings SET description = :p, suggestion = :p, plan = :p"), {"p": PAYLOAD})
        conn.execute(text("UPDATE improvement_items SET issue = :p, measure = :p"), {"p": PAYLOAD})
    eng.dispose()
    with running_app(url, folder) as base_url:
        yield base_url, ref


def assert_inert(page: Page, dialogs: list[str]) -> None:
    assert dialogs == []
    assert page.evaluate(INJECTED) == [False, 0]
    assert_no_app_error(page)


def test_stored_markup_shows_as_text_on_every_page_that_shows_it(
    page: Page, hostile_app: tuple[str, str], artifacts_dir: Path
) -> None:
    base_url, ref = hostile_app
    dialogs: list[str] = []

    def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    page.goto(base_url)
    wait_for_app_idle(page)
    pick_demo_role(page, CODE_LABELS["role"]["admin"][0])
    main = page.locator('[data-testid="stMain"]')

    open_nav_page(page, "工单查询")
    box = main.get_by_role("textbox", name="工单编号")
    box.fill(ref)
    box.press("Enter")
    wait_for_app_idle(page)
    expect(main.locator('[data-testid="stText"]').filter(has_text="<script>window.__xss=2").first).to_be_visible()
    page.locator('[data-testid="stDataFrame"]').last.hover()  # the timeline's notes: canvas cells, hovered
    assert_inert(page, dialogs)
    with page.expect_download() as csv:
        main.get_by_role("button", name="下载 CSV").last.click()
    exported = Path(csv.value.path()).read_text(encoding="utf-8-sig")
    assert PAYLOAD.replace('"', '""') in exported  # the timeline's notes, as typed (CSV quotes doubled)

    open_nav_page(page, "预警台账")
    expect(main.locator('[data-testid="stText"]').filter(has_text="<script>window.__xss=2").first).to_be_visible()
    assert_inert(page, dialogs)

    open_nav_page(page, "问题改进清单")
    assert_inert(page, dialogs)
    page.screenshot(path=str(artifacts_dir / "stored_markup_improvements.png"), full_page=True)
