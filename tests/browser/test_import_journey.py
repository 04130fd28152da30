"""Journey: a prevention officer uploads a GBK export with a title line above the header, loads the
mapping JSON, dry-runs (three rows to import, one left out), imports, downloads the row-by-row
report and finds an imported complaint through the cases page lookup. Runs on a copy of the
browser store, so the other journeys' figures stay as seeded."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from components.catalogue import CODE_LABELS
from tests import import_files as files
from tests.browser.conftest import running_app
from tests.browser.helpers import APP_ERROR, assert_no_app_error, open_nav_page, pick_demo_role, wait_for_app_idle

PREVENTION_ZH = CODE_LABELS["role"]["prevention"][0]  # 投诉防控部
REF = re.compile(r"TS\d{8}\d{5}")


@pytest.mark.browser
def test_upload_map_dry_run_import_and_look_up(
    page: Page, browser_store: str, tmp_path: Path, artifacts_dir: Path
) -> None:
    copy = tmp_path / "store.sqlite3"
    shutil.copyfile(browser_store.removeprefix("sqlite:///"), copy)
    export = tmp_path / "热线导出.csv"
    export.write_bytes(files.csv_bytes("gbk", junk=("投诉明细导出",)))
    mapping = tmp_path / "mapping.json"
    mapping.write_bytes(files.mapping_bytes())
    with running_app(f"sqlite:///{copy}", tmp_path) as url:
        page.goto(url)
        main = page.locator('[data-testid="stMain"]')
        expect(main.locator("h1").or_(page.locator(APP_ERROR)).first).to_be_visible(timeout=60_000)
        wait_for_app_idle(page)
        pick_demo_role(page, PREVENTION_ZH)
        open_nav_page(page, "投诉导入")
        expect(main.locator("h1").filter(has_text="投诉导入")).to_be_visible()

        uploads = main.locator('[data-testid="stFileUploaderDropzoneInput"]')
        uploads.first.set_input_files(str(export))
        wait_for_app_idle(page)
        assert_no_app_error(page)
        expect(main.get_by_text("表头前跳过 1 行")).to_be_visible()
        main.locator('[data-testid="stFileUploaderDropzoneInput"]').nth(1).set_input_files(str(mapping))
        wait_for_app_idle(page)
        expect(main.get_by_text("已载入映射“热线工单系统”。")).to_be_visible()

        main.get_by_role("button", name="试运行").click()
        wait_for_app_idle(page)
        assert_no_app_error(page)
        expect(main.locator('[data-testid="stAlertContentInfo"]')).to_contain_text("可导入 3 条")
        page.screenshot(path=str(artifacts_dir / "import_dry_run.png"), full_page=True)

        main.get_by_role("button", name="导入", exact=True).click()
        wait_for_app_idle(page)
        assert_no_app_error(page)
        expect(main.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text("已导入 3 条")
        with page.expect_download() as download:
            page.locator(".st-key-import_report_csv button").click()
        report = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
        refs = [row["工单编号"] for row in report if row["结果"] == "导入"]
        assert len(refs) == 3 and all(REF.fullmatch(r) for r in refs), report
        page.screenshot(path=str(artifacts_dir / "import_done.png"), full_page=True)

        open_nav_page(page, "工单查询")
        box = main.get_by_role("textbox", name="工单编号")
        box.fill(refs[0])
        box.press("Enter")
        wait_for_app_idle(page)
        assert_no_app_error(page)
        expect(main.get_by_role("heading", name="处理时间线")).to_be_visible()
        expect(main.get_by_text("利息算得太高，要求解释").first).to_be_visible()
        page.screenshot(path=str(artifacts_dir / "import_case_lookup.png"), full_page=True)
