"""No secret in the repository, the logs or the pages: the identity provider's cookie and client
secrets and the database password stay in ``.streamlit/secrets.toml`` and ``DASHBOARD_DB_URL``."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess

import pytest
from streamlit.testing.v1 import AppTest

from components import auth
from tests.app.helpers import AUTH_SECRETS, rendered_text, signed_in
from tests.helpers import ROOT

SECRET_SETTING = re.compile(r"""(cookie_secret|client_secret)\s*=\s*["']([^"']*)["']""")
URL_PASSWORD = re.compile(r"""[a-z][a-z0-9+.-]*://[^\s:/@"'?#]+:([^\s@"'/?#]+)@""")
# Made-up passwords of stores the tests point at (unreachable hosts, or to see them hidden).
TEST_PASSWORDS = {"pw", "p", "s3cret", "s3cret-pw", "Pa55-w0rd-x"}


def tracked_files() -> list[str]:
    git = shutil.which("git")
    assert git is not None
    listed = subprocess.run([git, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, text=True)  # noqa: S603 - git from PATH, fixed arguments, no shell
    return listed.stdout.strip("\0").split("\0")


def test_no_secret_is_committed() -> None:
    files = tracked_files()
    assert ".streamlit/secrets.toml" not in files
    found = []
    for name in files:
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue  # binary files, and files deleted in the working tree
        for setting, value in SECRET_SETTING.findall(text):
            example = name == ".streamlit/secrets.toml.example" and " " in value  # a sentence, not a secret
            if not (example or value.startswith("test-only")):
                found.append(f"{name}: {setting}")
        for password in URL_PASSWORD.findall(text):
            made_up = password in TEST_PASSWORDS and name.startswith("tests/")
            if not (made_up or password == "***"):  # *** is how the app prints a hidden password
                found.append(f"{name}: a password in a URL")
    assert found == []


def test_the_scan_finds_what_it_looks_for() -> None:
    # assembled here, so that this file does not hold what the scan is looking for
    assert SECRET_SETTING.findall("cookie_secret" + ' = "Zx81kQ_real"') == [("cookie_secret", "Zx81kQ_real")]
    assert URL_PASSWORD.findall("postgresql+psycopg://cx:" + "Hunter2@db:5432/cx") == ["Hunter2"]
    assert URL_PASSWORD.findall("postgresql+psycopg://postgres@127.0.0.1:5432/test") == []


def test_identity_provider_secrets_reach_neither_the_page_nor_the_log(
    seeded_sqlite: str, use_store, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_store(seeded_sqlite)
    caplog.set_level(logging.DEBUG)
    monkeypatch.setitem(AUTH_SECRETS, "cookie_secret", "test-only-cookie-7Qx2")
    monkeypatch.setitem(AUTH_SECRETS, "client_secret", "test-only-client-9Rk4")
    at = signed_in("admin@demo.cx")
    assert not at.exception and at.session_state[auth.USER_KEY].role == "admin"
    at.switch_page("pages/settings.py").run()
    for shown in (rendered_text(at), caplog.text):
        assert "7Qx2" not in shown and "9Rk4" not in shown


def test_a_database_password_reaches_neither_the_error_page_nor_the_log(
    use_store, caplog: pytest.LogCaptureFixture
) -> None:
    """The store-fault page names the store with its password hidden; the log never names it."""
    use_store("postgresql+psycopg://dashboard:Pa55-w0rd-x@127.0.0.1:1/cx")
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert "dashboard:***@127.0.0.1:1/cx" in at.error[0].value
    for shown in (rendered_text(at), caplog.text):
        assert "Pa55-w0rd-x" not in shown
