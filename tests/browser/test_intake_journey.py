"""Journey: a hotline agent logs a complaint with an urgent word, sees L1 suggested and gets the
reference number; a complaint handler finds the case and acknowledges it; case lookup shows the
timeline with both steps.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from components.catalogue import CODE_LABELS
from tests.browser.helpers import APP_ERROR, wait_for_app_idle

PREVENTION_ZH = CODE_LABELS["role"]["prevention"][0]  # 投诉防控部
EXCEPTION = '[data-testid="stException"]'
REF = re.compile(r"TS\d{8}\d{5}")
COMPLAINT = "催收员说要把我的通讯录曝光，我真的不想活了"
ACK_NOTE = "已联系投诉人，确认问题细节"


def _no_exception(page: Page) -> None:
    errors = page.locator(EXCEPTION)
    assert errors.count() == 0, f"the app raised (server stderr is printed below): {errors.all_inner_texts()}"


def _open_page(page: Page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    wait_for_app_idle(page)
    expect(page.locator('[data-testid="stMain"] h1').filter(has_text=title)).to_be_visible()


def _pick(page: Page, scope, label: str, option: str) -> None:
    """Choose ``option`` in the selectbox labelled ``label`` inside ``scope``."""
    scope.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app_idle(page)


@pytest.mark.browser
def test_log_acknowledge_and_look_up(page: Page, app_server: str, artifacts_dir: Path) -> None:
    page.goto(app_server)
    main = page.locator('[data-testid="stMain"]')
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(main.locator("h1").or_(page.locator(APP_ERROR)).first).to_be_visible(timeout=60_000)
    wait_for_app_idle(page)
    _no_exception(page)

    # Staff (the default demo role) logs a complaint by phone, customer not identified.
    _open_page(page, "投诉登记")
    _pick(page, main, "投诉类别", "利率争议")
    main.get_by_text("无法识别 / 非本公司客户").click()
    wait_for_app_idle(page)
    _pick(page, main, "城市", "上海")
    description = main.get_by_role("textbox", name="投诉内容")
    description.fill(COMPLAINT)
    description.press("Tab")  # the suggestion follows once the text box is left
    wait_for_app_idle(page)
    _no_exception(page)

    # Before submitting: L1 suggested because of the urgent words, with the executive-report note.
    suggestion = main.locator('[data-testid="stAlertContentError"]').filter(has_text="建议级别")
    expect(suggestion).to_contain_text("一级（紧急）")
    expect(suggestion).to_contain_text("不想活")
    expect(main.locator('[data-testid="stAlertContentError"]').filter(has_text="上报公司高管")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "intake_suggestion.png"), full_page=True)

    main.get_by_role("button", name="提交登记").click()
    wait_for_app_idle(page)
    _no_exception(page)
    saved = main.locator('[data-testid="stAlertContentSuccess"]')
    expect(saved).to_contain_text("一级投诉已上报公司高管")
    found = REF.search(saved.inner_text())
    assert found, saved.inner_text()
    ref = found.group(0)
    expect(main.get_by_role("combobox", name="投诉类别")).not_to_have_value("利率争议")  # the form is empty again
    page.screenshot(path=str(artifacts_dir / "intake_saved.png"), full_page=True)

    # A complaint handler finds the new case among all open cases and acknowledges it.
    _pick(page, sidebar, "演示角色", PREVENTION_ZH)
    _open_page(page, "工单处理")
    main.get_by_text("全部未归档").click()
    wait_for_app_idle(page)
    main.get_by_role("combobox", name="选择工单").click()
    page.keyboard.type(ref)
    page.get_by_role("option").filter(has_text=ref).first.click()
    wait_for_app_idle(page)
    _no_exception(page)
    expect(main.get_by_role("heading", name=re.compile(ref))).to_be_visible()
    expect(main.get_by_text("一级投诉：已上报公司高管。")).to_be_visible()
    main.get_by_role("textbox", name="处理说明（必填）").fill(ACK_NOTE)
    main.get_by_role("button", name="完成「受理」").click()
    wait_for_app_idle(page)
    _no_exception(page)
    expect(main.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text(f"{ref}：已完成「受理」")
    expect(main.get_by_role("heading", name="下一环节：核实")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "handling_acknowledged.png"), full_page=True)

    # Case lookup shows the timeline: received by staff, acknowledged with the handler's note.
    _open_page(page, "工单查询")
    box = main.get_by_role("textbox", name="工单编号")
    box.fill(ref)
    box.press("Enter")
    wait_for_app_idle(page)
    _no_exception(page)
    expect(main.get_by_role("heading", name="处理时间线")).to_be_visible()
    with page.expect_download() as download:
        page.locator(".st-key-cases_timeline_table_csv button").click()
    timeline = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "接收投诉" in timeline and "完成环节" in timeline, timeline
    assert ACK_NOTE in timeline and "受理" in timeline, timeline
    page.screenshot(path=str(artifacts_dir / "cases_timeline.png"), full_page=True)
