"""The view in the address: a reload (F5) or a shared link opens the same language, filters and
week switch; the widgets then write their values back into the address."""

from __future__ import annotations

from datetime import date

from streamlit.testing.v1 import AppTest

from tests.helpers import ROOT

OVERVIEW = "pages/overview.py"


def opened(params: dict[str, str], role: str = "committee") -> AppTest:
    """A new session (as after F5) on an address with ``params``, on the overview."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["demo_role"] = role
    at.query_params.update(params)
    at.run()
    return at.switch_page(OVERVIEW).run()


def test_query_param_link_opens_the_same_language_filters_and_week(app) -> None:
    at = opened({"lang": "en", "dates": "2026-11-02~2026-11-15", "channel": "phone,no_such_channel", "wtd": "1"})
    assert not at.exception, at.exception
    assert at.title[0].value == "Overview"  # English, as linked
    assert at.caption[0].value.startswith("This week (2026-11-09 to 2026-11-15)")  # the range's week, to date
    assert (
        at.query_params["channel"] == "phone"
    )  # restored into the picker, which wrote it back; the unknown code dropped
    assert at.query_params["dates"] == "2026-11-02~2026-11-15"


def test_query_param_bad_values_are_ignored(app) -> None:
    at = opened({"lang": "fr", "dates": "2026-13-01~x", "city": "1;DROP TABLE", "team": "9" * 12})
    assert not at.exception, at.exception
    assert at.title[0].value == "总览"  # the default language
    assert "上一个完整周（2026-11-16 至 2026-11-22" in at.caption[0].value  # the default range and week
    assert not {"lang", "dates", "city", "team"} & set(at.query_params)


def test_query_param_follows_the_widgets(app) -> None:
    at = app(
        role="manager", lang="en", flt_channel=["phone", "wechat"], flt_dates=(date(2026, 11, 2), date(2026, 11, 15))
    )
    assert not at.exception, at.exception
    assert at.query_params["lang"] == "en"
    assert at.query_params["channel"] == "phone,wechat"
    assert at.query_params["dates"] == "2026-11-02~2026-11-15"
    plain = app(role="manager")
    assert not {"lang", "dates", "channel", "wtd"} & set(plain.query_params)  # defaults keep the address plain


def test_query_param_demo_role_keeps_a_reload_on_that_roles_page(app) -> None:
    """In demo mode the role is in the address too, so F5 on a committee page stays there."""
    from components.labels import LABELS

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"role": "committee", "lang": "en"})
    at.run()
    at.switch_page("pages/sample.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == LABELS["sample.title"][1]
    assert at.query_params["role"] == "committee"
