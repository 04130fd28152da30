"""Unexpected errors: a translated apology with an incident id on the page, the details in the server log.

When the error is a store fault (``db.store_faults``: the store is missing, unwritable, down, busy,
...) the page says that instead, in the user's language, with the fix, and the same incident id.

The log names the incident, the exception classes and where they were raised, never the values a
user or the store handed in: database errors keep only their class and SQLSTATE (their messages
quote rows), and other messages are redacted of digit runs and Chinese text (names, phones, ID
numbers, debts).
"""

from __future__ import annotations

import logging
import re
import traceback
import uuid
from collections.abc import Callable

import streamlit as st
from sqlalchemy.exc import DBAPIError, StatementError

from components.i18n import lang, speaking, t
from db import store_faults
from domain.store_faults import TRANSIENT, StoreFault

log = logging.getLogger("dashboard.incident")

_DIGITS = re.compile(r"\d{4,}")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]+")


def redact(text: str) -> str:
    """``text`` without runs of four or more digits or any Chinese characters."""
    return _CJK.sub("[…]", _DIGITS.sub("[#]", text))


def _describe(exc: BaseException, *, message: bool = True) -> str:
    if not message:
        return type(exc).__name__
    if isinstance(exc, DBAPIError):
        return f"{type(exc).__name__} from {type(exc.orig).__name__} (sqlstate {getattr(exc.orig, 'sqlstate', None)})"
    if isinstance(exc, StatementError):
        return f"{type(exc).__name__} from {type(exc.orig).__name__}"
    return f"{type(exc).__name__}: {redact(str(exc))[:300]}"


def log_text(exc: BaseException, *, messages: bool = True) -> str:
    """The exception chain as classes, redacted messages (or none) and the frames it passed through."""
    lines: list[str] = []
    seen: BaseException | None = exc
    while seen is not None:
        lines.append(_describe(seen, message=messages))
        lines += [f"  at {f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(seen.__traceback__)]
        seen = seen.__cause__ or seen.__context__
    return "\n".join(lines)


def report(exc: BaseException, where: str, *, messages: bool = True) -> str:
    """Log ``exc`` under a new incident id and return the id (short enough to read out on a call)."""
    incident = uuid.uuid4().hex[:10].upper()
    log.error("incident %s in %s\n%s", incident, where, log_text(exc, messages=messages))
    return incident


class ExportFailed(RuntimeError):
    """A download could not be built; the incident id names its log entry."""


def quiet_export(build: Callable[[], bytes], where: str) -> Callable[[], bytes]:
    """A download's builder whose failure is logged as an incident with classes and frames only (an
    export error quotes cell text: openpyxl's says which value it could not write), then raised
    again without that message or its cause, so Streamlit's own log line repeats no cell either.

    Streamlit runs the builder on click in a thread of its own, outside the script run, where the
    session's state cannot be read: it builds in the language of the run that drew the button."""
    language = lang()

    def build_quietly() -> bytes:
        try:
            with speaking(language):
                return build()
        except Exception as exc:  # noqa: BLE001 - logged without messages, raised again as ExportFailed
            incident = report(exc, where, messages=False)
        raise ExportFailed(f"incident {incident} in {where}")

    return build_quietly


def store_fault(exc: BaseException) -> StoreFault | None:
    """The store fault behind ``exc`` for the configured store, or None for any other error."""
    try:
        return store_faults.describe(exc)
    except Exception as err:  # noqa: BLE001 - describing must never hide the error it describes
        log.error("could not tell whether a %s is a store fault\n%s", type(exc).__name__, log_text(err))
        return None


def fault_message(fault: StoreFault) -> str:
    """The store fault in the user's language."""
    return t(f"store.{fault.kind}", **fault.args)


def show(exc: BaseException, where: str) -> None:
    """The page's message for an unexpected error, with the incident id the log knows it by: what is
    wrong with the store and how to fix it for a store fault, a short apology otherwise."""
    fault = store_fault(exc)
    if fault is None:
        st.error(t("app.incident", incident=report(exc, where)), icon=":material/error:")
        return
    incident = report(exc, f"{where} (store fault {fault.kind})")
    icon = ":material/hourglass_top:" if fault.kind in TRANSIENT else ":material/database:"
    st.error(t("store.with_incident", message=fault_message(fault), incident=incident), icon=icon)


def guard(run: Callable[[], None], where: str) -> None:
    """Run a page; an unexpected error ends it inside the frame, in the user's language.

    Streamlit's own control flow (``st.stop``, ``st.rerun``, page switches) derives from
    ``BaseException`` and passes through untouched.
    """
    try:
        run()
    except Exception as exc:  # noqa: BLE001 - every page error becomes a logged incident, not a traceback
        show(exc, where)
