"""Sign-in through a real OIDC flow: ``oidc-provider-mock`` on a local port, the app configured
against it with a secrets file of its own, Debian Chromium clicking through.

The mock's authorize page takes any subject; its ``email`` claim is the subject, so typing a seeded
user's e-mail (``admin@demo.cx``) signs in as that user.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import free_port, running_app
from tests.browser.helpers import wait_for_app_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def oidc_app(browser_store: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app behind a local OIDC provider; yields the app's base URL."""
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread() as provider:
        issuer = f"http://localhost:{provider.server_port}"
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        folder = tmp_path_factory.mktemp("oidc")
        secrets = folder / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "{base_url}/oauth2callback"\n'
            'cookie_secret = "test-only-cookie-secret-not-used-anywhere-else"\n'
            'client_id = "cx-dashboard"\n'
            'client_secret = "test-only-client-secret"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        with running_app(browser_store, folder, port=port, extra_args=["--secrets.files", str(secrets)]) as url:
            yield url


def _sign_in(page: Page, base_url: str, email: str, path: str = "") -> None:
    page.goto(f"{base_url}/{path}")
    page.get_by_role("button", name="登录").click()
    page.locator('input[name="sub"]').fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{base_url}/**")
    wait_for_app_idle(page)


def _nav_labels(page: Page) -> list[str]:
    return page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()


def test_oidc_login_shows_the_role_pages_survives_reload_and_signs_out(
    page: Page, oidc_app: str, artifacts_dir: Path
) -> None:
    page.goto(oidc_app)
    wait_for_app_idle(page)
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    assert "演示模式" not in page.locator('[data-testid="stSidebar"]').inner_text()  # no demo picker
    assert not _nav_labels(page)  # nothing to open before signing in
    page.screenshot(path=str(artifacts_dir / "oidc_sign_in.png"))

    _sign_in(page, oidc_app, "admin@demo.cx")
    labels = " ".join(_nav_labels(page))
    assert "设置" in labels and "总览" in labels, labels
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("系统管理员")
    page.screenshot(path=str(artifacts_dir / "oidc_signed_in_admin.png"))

    page.reload()
    wait_for_app_idle(page)
    assert "设置" in " ".join(_nav_labels(page))  # still signed in

    page.get_by_role("button", name="退出登录").click()
    # st.logout ends the session at the provider too; the mock asks to confirm, then sends us back.
    # The app may draw its sign-in page for a moment before the redirect to the provider, so wait
    # for the provider's page itself rather than for either.
    sign_in, end_session = page.get_by_role("button", name="登录"), page.get_by_role("button", name="End session")
    expect(end_session).to_be_visible(timeout=30_000)
    end_session.click()
    expect(sign_in).to_be_visible(timeout=30_000)  # waits through the redirects back to the app
    fresh = page.context.new_page()  # a fresh visit with the same cookies is signed out as well
    fresh.goto(oidc_app)
    wait_for_app_idle(fresh)
    expect(fresh.get_by_role("button", name="登录")).to_be_visible()
    assert not _nav_labels(fresh)


def test_oidc_login_refuses_an_unknown_account(page: Page, oidc_app: str, artifacts_dir: Path) -> None:
    _sign_in(page, oidc_app, "stranger@elsewhere.example")
    expect(page.get_by_text("没有访问权限").first).to_be_visible()
    assert not _nav_labels(page)
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "oidc_no_access.png"))


def test_oidc_login_a_typed_address_outside_the_role_is_refused_in_chinese(
    page: Page, oidc_app: str, artifacts_dir: Path
) -> None:
    _sign_in(page, oidc_app, "staff@demo.cx")
    labels = " ".join(_nav_labels(page))
    assert "设置" not in labels and "预警上报" in labels, labels
    page.goto(f"{oidc_app}/settings")
    wait_for_app_idle(page)
    expect(page.get_by_text("您的角色不能打开此页面").first).to_be_visible()
    body = page.locator('[data-testid="stApp"]').inner_text()
    assert "Page not found" not in body and "节假日" not in body
    page.screenshot(path=str(artifacts_dir / "oidc_page_not_allowed.png"))
