"""Journey: staff 张伟 reports a warning, department head 李娜 (same team) signs it off, and 王芳 of
the complaint-prevention department assigns a handling team and closes it — clicking through the
real app in Chinese, switching demo users in the sidebar between the steps."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from components.catalogue import CODE_LABELS
from tests.browser.helpers import APP_ERROR, assert_no_app_error, wait_for_app_idle

SUCCESS = '[data-testid="stAlertContentSuccess"]'
ROLE = {r: CODE_LABELS["role"][r][0] for r in ("staff", "dept_head", "prevention")}
CUSTOMER = "旅程测试客户"


def pick_demo(page: Page, role: str, user: str) -> None:
    """Choose the demo role, check the sidebar now shows the expected demo user."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    box = sidebar.get_by_role("combobox", name="演示角色")
    box.click()
    page.get_by_role("option", name=role, exact=True).click()
    wait_for_app_idle(page)
    expect(sidebar.get_by_role("combobox", name="演示用户")).to_have_value(re.compile(user))


def open_page(page: Page, title: str) -> Locator:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    wait_for_app_idle(page)
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator("h1").first).to_be_visible()
    assert_no_app_error(page)
    return main


def commit(field: Locator, value: str) -> None:
    """Type into a text or number field and leave it, so Streamlit takes the value."""
    field.fill(value)
    field.press("Tab")


def choose(page: Page, scope: Locator, label: str, option: str) -> None:
    """Pick ``option`` in a selectbox by typing it, as a user filtering the list would."""
    box = scope.get_by_role("combobox", name=label).first
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option).first.click()
    wait_for_app_idle(page)
    expect(box).to_have_value(option)


def pick_warning(page: Page, main: Locator, ref: str) -> None:
    box = main.get_by_role("combobox", name="选择预警")
    box.click()
    page.keyboard.type(ref)
    page.get_by_role("option").filter(has_text=ref).first.click()
    wait_for_app_idle(page)
    expect(main.locator("h3").filter(has_text=ref)).to_be_visible()


def click_and_expect(page: Page, button: Locator, message: str) -> str:
    button.click()
    wait_for_app_idle(page)
    assert_no_app_error(page)
    flash = page.locator(SUCCESS).first
    expect(flash).to_contain_text(message, timeout=30_000)
    return flash.inner_text()


@pytest.mark.browser
def test_warning_from_report_to_closure(page: Page, app_server: str, artifacts_dir) -> None:
    page.goto(app_server)
    expect(page.locator('[data-testid="stMain"] h1').or_(page.locator(APP_ERROR)).first).to_be_visible(timeout=60_000)
    wait_for_app_idle(page)
    assert_no_app_error(page)

    # 1. 张伟 (staff) reports; the score appears as the fields are filled.
    pick_demo(page, ROLE["staff"], "张伟")
    main = open_page(page, "预警上报")  # the new report's fields come first; a returned report's edit form follows
    commit(main.get_by_label("客户姓名", exact=True).first, CUSTOMER)
    commit(main.get_by_label("联系方式", exact=True).first, "13912345678")
    commit(main.get_by_label("欠款金额（元）", exact=True).first, "52000")
    commit(main.get_by_label("逾期天数", exact=True).first, "95")
    commit(main.get_by_label("历史投诉次数", exact=True).first, "2")
    wait_for_app_idle(page)
    choose(page, main, "预警信息来源", "客服反馈")
    choose(page, main, "沟通态度", "对抗")
    expect(main.locator('[data-testid="stMetricValue"]').first).to_have_text("57.6")
    commit(main.get_by_label("预警情况描述", exact=True).first, "客户称夜间多次接到催收电话，扬言向监管投诉。")
    commit(main.get_by_label("初步处理建议", exact=True).first, "暂停外呼，由组长回访并核查录音。")
    wait_for_app_idle(page)
    page.screenshot(path=str(artifacts_dir / "warning_report_filled.png"), full_page=True)
    text = click_and_expect(page, main.get_by_role("button", name="提交预警"), "已上报预警")
    ref = re.search(r"YJ\d{12}", text).group(0)
    assert "中风险" in text

    # 2. 李娜 (department head of the same team) signs it off.
    pick_demo(page, ROLE["dept_head"], "李娜")
    main = open_page(page, "预警台账")
    pick_warning(page, main, ref)
    commit(main.get_by_label("审核意见", exact=True), "情况属实，同意上报投诉防控部")
    click_and_expect(page, main.get_by_role("button", name="审核通过并签字"), f"已签字通过预警 {ref}")
    page.screenshot(path=str(artifacts_dir / "warning_ledger_signed.png"), full_page=True)

    # 3. 王芳 (complaint prevention) assigns a handling team, then closes it.
    pick_demo(page, ROLE["prevention"], "王芳")
    main = open_page(page, "预警台账")
    pick_warning(page, main, ref)
    expect(main.locator("h3").filter(has_text=ref)).to_contain_text("已签批")
    choose(page, main, "处理小组", "投诉防控处理一组")
    commit(main.get_by_label("处理方案", exact=True), "三日内回访客户并复核通话录音")
    click_and_expect(page, main.get_by_role("button", name="指派"), f"已将预警 {ref} 指派给 投诉防控处理一组")
    pick_warning(page, main, ref)
    commit(main.get_by_label("关闭说明", exact=True), "已回访，客户诉求已解决")
    click_and_expect(page, main.get_by_role("button", name="关闭", exact=True), f"预警 {ref} 已关闭。")
    pick_warning(page, main, ref)
    expect(main.locator("h3").filter(has_text=ref)).to_contain_text("已关闭")
    assert_no_app_error(page)
    page.screenshot(path=str(artifacts_dir / "warning_ledger_closed.png"), full_page=True)
