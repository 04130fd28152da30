"""Which way in the app offers: demo mode only without an identity provider and unless switched off;
with one, a sign-in page and never the demo picker. The OIDC round trip itself is a browser test
(tests/browser/test_oidc_login.py)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components import auth
from tests.app.helpers import AUTH_SECRETS
from tests.helpers import ROOT


def _app(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    return at


@pytest.mark.parametrize(("lang", "expected"), [("zh", "演示模式也已关闭"), ("en", "demo mode is off")])
def test_demo_mode_switched_off_without_a_provider_lets_nobody_in(
    seeded_sqlite: str, use_store, monkeypatch: pytest.MonkeyPatch, lang: str, expected: str
) -> None:
    use_store(seeded_sqlite)
    monkeypatch.setenv(auth.DEMO_ENV_VAR, "0")
    at = _app(lang).run()
    assert not at.exception
    assert expected in at.error[0].value
    assert not at.selectbox  # no role or user picker
    assert auth.USER_KEY not in at.session_state


@pytest.mark.parametrize(("lang", "button"), [("zh", "登录"), ("en", "Sign in")])
def test_with_an_identity_provider_the_demo_picker_never_appears(
    seeded_sqlite: str, use_store, lang: str, button: str
) -> None:
    use_store(seeded_sqlite)
    at = _app(lang)
    at.secrets["auth"] = AUTH_SECRETS
    at.session_state[auth.DEMO_ROLE_KEY] = "admin"  # asking for a demo role changes nothing
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == [button]
    assert not at.selectbox
    assert auth.USER_KEY not in at.session_state


def test_demo_mode_is_on_by_default_and_shows_its_badge(seeded_sqlite: str, use_store) -> None:
    use_store(seeded_sqlite)
    at = _app("zh").run()
    assert not at.exception
    assert any("演示模式" in m.value for m in at.sidebar.markdown)
    assert at.session_state[auth.USER_KEY].demo
