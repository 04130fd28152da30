"""The error boundary: an unexpected error ends a page inside the frame, translated, with an incident
id that the server log knows; the log carries no personal data."""

from __future__ import annotations

import logging
import re
import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError
from streamlit.testing.v1 import AppTest

from components import incidents

PHONE, NAME, ID_NUMBER = "13812345678", "王小明", "110105199001010011"


def _failing_page() -> None:
    import streamlit as st

    from components import incidents

    st.session_state["lang"] = st.session_state.get("lang", "zh")

    def page() -> None:
        st.write("before the failure")
        raise ValueError("客户王小明 13812345678 的欠款无法解析")

    incidents.guard(page, "pages/demo.py")
    st.write("the frame goes on")


def _stopping_page() -> None:
    import streamlit as st

    from components import incidents

    def page() -> None:
        st.write("shown")
        st.stop()

    incidents.guard(page, "pages/demo.py")
    st.write("never reached")


@pytest.mark.parametrize(("lang", "expected"), [("zh", "事件编号"), ("en", "incident")], ids=["zh", "en"])
def test_a_failing_page_shows_a_translated_apology_with_the_logged_incident(
    lang: str, expected: str, caplog: pytest.LogCaptureFixture
) -> None:
    at = AppTest.from_function(_failing_page, default_timeout=30)
    at.session_state["lang"] = lang
    with caplog.at_level(logging.ERROR, logger="dashboard.incident"):
        at.run()
    assert not at.exception  # no Streamlit error box with a traceback
    assert len(at.error) == 1 and expected in at.error[0].value
    incident = re.search(r"[0-9A-F]{10}", at.error[0].value).group(0)
    assert [m.value for m in at.markdown][-1] == "the frame goes on"
    logged = caplog.text
    assert incident in logged and "pages/demo.py" in logged and "ValueError" in logged
    assert PHONE not in logged and NAME not in logged


def test_streamlit_control_flow_passes_through_the_boundary() -> None:
    at = AppTest.from_function(_stopping_page, default_timeout=30).run()
    assert not at.exception and not at.error
    assert [m.value for m in at.markdown] == ["shown"]


def test_a_database_error_is_logged_without_its_statement_values() -> None:
    driver_error = sqlite3.IntegrityError(f"UNIQUE constraint failed: customers.phone ({PHONE})")
    exc = IntegrityError(
        "INSERT INTO customers (name, phone, id_number) VALUES (?, ?, ?)", (NAME, PHONE, ID_NUMBER), driver_error
    )
    text = incidents.log_text(exc)
    assert "IntegrityError" in text
    for value in (NAME, PHONE, ID_NUMBER, "INSERT"):
        assert value not in text


def test_redaction_keeps_the_shape_of_a_message() -> None:
    assert incidents.redact("debt of 王小明 is 12000.50, phone 13812345678") == "debt of […] is [#].50, phone [#]"
