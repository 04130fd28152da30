"""No personal data in the logs: a write that fails in the store and an export that fails in openpyxl
are logged (every logger, DEBUG and up, SQLAlchemy's statement log included) with an incident id,
classes and frames, never the customer's name, phone or ID number nor the statement's parameters."""

from __future__ import annotations

import logging
import traceback
from functools import partial

import pandas as pd
import pytest
from sqlalchemy import func, select

from components import exports, incidents
from db.engine import engine, session_scope
from db.models import Complaint, EarlyWarning
from tests.helpers import WARNING_FORM

NAME, PHONE, ID_NUMBER = "王小明", "13812345678", "110105199001010011"
DESCRIPTION = f"客户{NAME}（电话 {PHONE}，身份证 {ID_NUMBER}）来电投诉催收员夜间来电"
INTAKE = {"intake_category": "app_problem", "intake_customer_mode": "none", "intake_city": 1}


def refuse_inserts(table: str) -> None:
    """A trigger that makes every insert into ``table`` fail inside the store, after SQLAlchemy has
    sent the statement with its parameters."""
    with engine().begin() as conn:
        conn.exec_driver_sql(
            f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )


def count(model: type) -> int:
    with session_scope() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def assert_no_personal_data(logged: str, *also: str) -> None:
    for value in (NAME, PHONE, ID_NUMBER, *also):
        assert value not in logged, value


@pytest.fixture
def everything_logged(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every logger at DEBUG: SQLAlchemy then logs each statement and (unless hidden) its parameters."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")  # SQLAlchemy sets its own loggers to WARNING
    return caplog


def test_a_failed_complaint_intake_logs_no_personal_data(writable_app, everything_logged) -> None:
    at = writable_app(role="staff", page="pages/intake.py", **INTAKE, intake_description=DESCRIPTION)
    refuse_inserts("complaints")
    before = count(Complaint)
    everything_logged.clear()
    at.button(key="intake_submit").click().run()
    assert not at.exception, at.exception
    assert "事件编号" in at.error[0].value  # the apology with its incident id
    assert count(Complaint) == before
    logged = everything_logged.text
    assert "IntegrityError" in logged and "incident" in logged
    assert "INSERT INTO complaints" in logged  # the statement log ran: its parameters would be here
    assert_no_personal_data(logged, DESCRIPTION[:12])


def test_a_failed_warning_report_logs_no_personal_data(writable_app, everything_logged) -> None:
    form = WARNING_FORM
    at = writable_app(
        role="staff",
        page="pages/warning_report.py",
        warn_new_name=form.customer_name,
        warn_new_contact=form.contact,
        warn_new_debt=form.debt_amount,
        warn_new_overdue=form.overdue_days,
        warn_new_history=form.complaint_history,
        warn_new_source=form.source,
        warn_new_attitude=form.attitude,
        warn_new_description=form.description,
        warn_new_suggestion=form.suggestion,
    )
    refuse_inserts("early_warnings")
    before = count(EarlyWarning)
    everything_logged.clear()
    at.button(key="warn_submit").click().run()
    assert not at.exception, at.exception
    assert "事件编号" in at.error[0].value
    assert count(EarlyWarning) == before
    logged = everything_logged.text
    assert "IntegrityError" in logged and "INSERT INTO early_warnings" in logged
    assert_no_personal_data(logged, form.customer_name, form.contact, form.description[:10], "52000")


def test_a_failed_export_logs_no_cell_text(everything_logged, monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl refuses a control character with the whole cell in its message; the export's
    failure is logged and raised again without it (Streamlit logs the raised error itself)."""
    monkeypatch.setattr(exports, "clean_text", lambda text: text)  # let the bad character reach openpyxl
    frame = pd.DataFrame({"客户": [f"{NAME}\x01 {PHONE}"], "证件号": [ID_NUMBER]})
    build = incidents.quiet_export(partial(exports.excel_bytes, {"ledger": frame}), "ledger.xlsx")
    with pytest.raises(incidents.ExportFailed) as failed:
        build()
    raised = "".join(traceback.format_exception(failed.value))
    logging.getLogger("streamlit.runtime.backend_operation_handler").exception(
        "as Streamlit logs it", exc_info=failed.value
    )
    logged = everything_logged.text
    assert "IllegalCharacterError" in logged and "ledger.xlsx" in logged
    assert_no_personal_data(logged + raised)
