"""A complainant who is not signed in checks their complaint's progress in a real browser: the app
runs behind an identity provider nobody signs in to; the progress lookup is the only page offered,
a wrong digit gets the common answer, the right ones show the stages and the reply, nothing else."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from tests.browser.conftest import free_port, running_app
from tests.browser.helpers import assert_no_app_error, wait_for_app_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def signed_out_app(browser_store: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with sign-in configured against a provider that is never asked (nobody signs in)."""
    port = free_port()
    folder = tmp_path_factory.mktemp("progress")
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "test-only-cookie-secret-not-used-anywhere-else"\n'
        'client_id = "cx-dashboard"\n'
        'client_secret = "test-only-client-secret"\n'
        'server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    with running_app(browser_store, folder, port=port, extra_args=["--secrets.files", str(secrets)]) as url:
        yield url


def _look_up(page: Page, ref: str, digits: str) -> None:
    main = page.locator('[data-testid="stMain"]')
    main.get_by_label("反馈编号").fill(ref)
    main.get_by_label("手机号后四位").fill(digits)
    main.get_by_role("button", name="查询").click()
    wait_for_app_idle(page)


def test_progress_journey_while_signed_out(
    page: Page, signed_out_app: str, browser_store: str, artifacts_dir: Path
) -> None:
    with sa.create_engine(browser_store).connect() as conn:
        ref, phone, name, description = conn.execute(
            sa.text(
                "SELECT c.ref_no, cu.phone, cu.name, c.description FROM complaints c "
                "JOIN customers cu ON cu.id = c.customer_id JOIN complaint_resolutions r ON r.complaint_id = c.id "
                "WHERE c.status = 'notify' ORDER BY c.id LIMIT 1"
            )
        ).one()
    main = page.locator('[data-testid="stMain"]')
    page.goto(f"{signed_out_app}/progress")  # the link a complainant is sent, as the server's first request
    expect(main.locator("h1").filter(has_text="投诉进度查询")).to_be_visible(timeout=60_000)
    page.goto(signed_out_app)
    wait_for_app_idle(page)
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.locator('[data-testid="stSidebarNav"] a').count() == 0  # no staff page is offered
    links = sidebar.locator('[data-testid="stPageLink"] a')
    expect(links).to_have_count(1)
    expect(links).to_contain_text("投诉进度查询")
    page.screenshot(path=str(artifacts_dir / "progress_signed_out_home.png"))

    links.click()
    expect(main.locator("h1").filter(has_text="投诉进度查询")).to_be_visible()
    wrong = f"{(int(phone[-4:]) + 1) % 10000:04d}"
    _look_up(page, ref, wrong)
    expect(main.get_by_text("没有找到匹配的投诉")).to_be_visible()
    expect(main.get_by_text("处理进度")).to_have_count(0)

    _look_up(page, ref, phone[-4:])
    assert_no_app_error(page)
    expect(main.get_by_text("处理结果已反馈给您")).to_be_visible()
    for stage in ("受理", "核实", "处理", "反馈"):
        expect(main.get_by_text(stage, exact=True).first).to_be_visible()
    body = main.inner_text()
    assert name not in body and phone not in body and description[:10] not in body and "归档" not in body
    page.screenshot(path=str(artifacts_dir / "progress_found.png"), full_page=True)

    page.goto(f"{signed_out_app}/overview")  # a staff page's address asks to sign in
    wait_for_app_idle(page)
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    assert "投诉量" not in page.locator('[data-testid="stMain"]').inner_text()
