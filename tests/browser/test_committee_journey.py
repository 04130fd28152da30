"""Journey: a committee member draws a sample, reviews a case as a finding and turns the finding
into an item of this month's improvement list, which the list page then shows."""

from __future__ import annotations

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

ROLE_ZH = CODE_LABELS["role"]["committee"][0]  # 用户监督委员会


@pytest.mark.browser
def test_committee_sample_review_and_improvement(page: Page, app_server: str, artifacts_dir) -> None:
    page.goto(app_server)
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator("h1").or_(page.locator(APP_ERROR)).first).to_be_visible(timeout=60_000)
    wait_for_app_idle(page)
    pick_demo_role(page, ROLE_ZH)
    open_nav_page(page, "监督抽样")
    expect(main.locator("h1").filter(has_text="监督委员会抽样评审")).to_be_visible()

    # Draw: last month's archived cases, 12 of them, seed 2026 (the draw form is open while there is no sample).
    draw_form = main.locator('[data-testid="stForm"]').filter(has_text="样本量")
    size = draw_form.get_by_label("样本量")
    size.fill("12")
    size.press("Tab")
    draw_form.get_by_label("随机种子（留空则随机生成）").fill("2026")
    draw_form.get_by_role("button", name="抽取").click()
    wait_for_app_idle(page)
    assert_no_app_error(page)
    expect(main.get_by_text("已抽取样本 #")).to_be_visible()
    expect(main.get_by_text("评审进度 0/12")).to_be_visible()

    # Review the first case: every criterion 2, fail, with a comment → a finding.
    rubric = main.locator('[data-testid="stForm"]').filter(has_text="提交评审")
    for criterion in ("时效", "处理准确性", "服务态度", "问题解决", "合规性"):
        rubric.get_by_role("radiogroup", name=criterion).get_by_text("2", exact=True).click()
    rubric.get_by_role("radiogroup", name="结论").get_by_text("不通过", exact=True).click()
    rubric.get_by_label("评审意见").fill("核实环节超时，未及时回访投诉人")
    rubric.get_by_role("button", name="提交评审").click()
    wait_for_app_idle(page)
    assert_no_app_error(page)
    expect(main.get_by_text("评审已保存。")).to_be_visible()
    expect(main.get_by_text("评审进度 1/12")).to_be_visible()

    # Turn the finding into an improvement item.
    improve = main.locator('[data-testid="stForm"]').filter(has_text="选择问题")
    improve.get_by_label("责任部门").fill("投诉防控部")
    improve.get_by_label("负责人").fill("王芳")
    improve.get_by_label("改进措施").fill("核实环节增加超时前 4 小时提醒")
    improve.get_by_role("button", name="转为改进项").click()
    wait_for_app_idle(page)
    assert_no_app_error(page)
    expect(main.get_by_text("已加入本月问题改进清单")).to_be_visible()
    full_screenshot(page, artifacts_dir / "committee_sample_zh.png")

    # The improvement list shows the new line with the finding as its evidence.
    open_nav_page(page, "问题改进清单")
    expect(main.locator("h1").filter(has_text="问题改进清单")).to_be_visible()
    wait_for_app_idle(page)
    assert_no_app_error(page)
    expect(main.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    # The grid draws on a canvas; the status form's item picker lists the items as text.
    main.get_by_role("combobox", name="改进项").click()
    expect(page.get_by_role("option").filter(has_text="核实环节超时，未及时回访投诉人")).to_have_count(1)
    page.keyboard.press("Escape")
    full_screenshot(page, artifacts_dir / "improvements_zh.png")
