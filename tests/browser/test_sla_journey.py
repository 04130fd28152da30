"""Journey: a manager opens SLA, narrows to one city, opens the cases behind a heatmap cell,
sends a reminder on an overdue stage and finds it on that case's timeline (downloaded as CSV)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import create_engine, text

from components.catalogue import CODE_LABELS
from tests.browser.helpers import (
    APP_ERROR,
    assert_no_app_error,
    full_screenshot,
    open_nav_page,
    pick_demo_role,
    wait_for_app_idle,
)
from tests.helpers import AS_OF

ROLE_ZH = CODE_LABELS["role"]["manager"][0]  # 管理者
NOTE = "请今天下班前完成核实并回复客户"


def _pick(page: Page, combobox) -> str:
    """Open a select box and take its first option."""
    combobox.click()
    first = page.get_by_role("option").first
    text = first.inner_text()
    first.click()
    wait_for_app_idle(page)
    return text


OVERDUE_BY_CITY = """
SELECT ci.name, count(*) AS n FROM complaints c JOIN cities ci ON ci.id = c.city_id
WHERE c.duplicate_of_id IS NULL AND (
      (c.ack_at IS NULL AND c.ack_due_at < :now)
   OR (c.ack_at IS NOT NULL AND c.verify_at IS NULL AND c.verify_due_at < :now)
   OR (c.verify_at IS NOT NULL AND c.resolve_at IS NULL AND c.resolve_due_at < :now)
   OR (c.resolve_at IS NOT NULL AND c.notify_at IS NULL AND c.notify_due_at < :now)
   OR (c.notify_at IS NOT NULL AND c.archive_at IS NULL AND c.archive_due_at < :now))
GROUP BY ci.name ORDER BY n DESC, ci.name LIMIT 1
"""


def _city_with_overdue_stages(store_url: str) -> str:
    """The city with the most stages overdue at the store's "now", so its queue has one to chase."""
    eng = create_engine(store_url)
    with eng.connect() as conn:
        row = conn.execute(text(OVERDUE_BY_CITY), {"now": AS_OF}).first()
    eng.dispose()
    assert row is not None, "the seeded store has no overdue stage to chase"
    return row.name


@pytest.mark.browser
def test_sla_city_cell_reminder_timeline(page: Page, app_server: str, browser_store: str, artifacts_dir) -> None:
    page.goto(app_server)
    main = page.locator('[data-testid="stMain"]')
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(main.locator("h1").or_(page.locator(APP_ERROR)).first).to_be_visible(timeout=60_000)
    wait_for_app_idle(page)
    pick_demo_role(page, ROLE_ZH)
    open_nav_page(page, "时效")
    expect(main.locator("h1").filter(has_text="时效")).to_be_visible()

    # One city: one whose overdue queue is not empty.
    name = _city_with_overdue_stages(browser_store)
    city = sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="城市")
    city.locator("input").click()
    page.keyboard.type(name)
    page.get_by_role("option", name=name, exact=True).click()
    page.keyboard.press("Escape")
    wait_for_app_idle(page)
    assert_no_app_error(page)
    expect(city).to_contain_text(name)

    # The cases behind one cell of the stage × level heatmap.
    expect(main.locator(".js-plotly-plot").first).to_be_visible()
    cell = _pick(page, main.get_by_role("combobox", name="选择格子").first)
    assert_no_app_error(page)
    expect(main.get_by_text("的到期环节").first).to_be_visible()
    assert "·" in cell
    full_screenshot(page, artifacts_dir / "sla_city_cell_zh.png")

    # A reminder on the stage the form offers first: the most overdue one of the queue.
    form = main.locator('[data-testid="stForm"]').filter(has_text="发送催办")
    chosen = form.get_by_role("combobox", name="催办哪个环节").input_value()
    assert "已超时" in chosen, chosen
    ref_no = re.search(r"TS\d+", chosen).group(0)
    form.get_by_label("催办说明（可选）").fill(NOTE)
    form.get_by_role("button", name="发送催办").click()
    wait_for_app_idle(page)
    assert_no_app_error(page)
    expect(main.get_by_text(f"已催办 {ref_no}")).to_be_visible()

    # The case lookup shows the reminder on the timeline; the grid is a canvas, so read its CSV.
    open_nav_page(page, "工单查询")
    ref_box = main.get_by_role("textbox", name="工单编号")
    ref_box.fill(ref_no)
    ref_box.press("Enter")
    wait_for_app_idle(page)
    assert_no_app_error(page)
    expect(main.get_by_text(ref_no).first).to_be_visible()
    timeline_buttons = main.get_by_role("button", name="下载 CSV")
    with page.expect_download() as download:
        timeline_buttons.nth(1).click()  # the stage table comes first, the timeline second
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    reminders = [r for r in rows if "催办提醒" in r]
    assert reminders, rows
    assert any(NOTE in r for r in reminders)
    full_screenshot(page, artifacts_dir / "case_timeline_reminder_zh.png")
