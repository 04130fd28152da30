"""Showing a write's outcome: translated input problems, permission refusals, short apologies."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from components import incidents
from components.i18n import t
from components.labels import LABELS
from domain.errors import InputError, PermissionDenied

T = TypeVar("T")


def _translated(args: dict) -> dict:
    """Arguments that are label keys themselves (a field or criterion name) are translated too."""
    return {k: t(v) if isinstance(v, str) and v in LABELS else v for k, v in args.items()}


def show_problems(problems: list[tuple[str, dict]]) -> None:
    """Each input problem as its own translated line."""
    st.error("\n".join(f"- {t(key, **_translated(args))}" for key, args in problems), icon=":material/error:")


def show_permission_denied(err: PermissionDenied) -> None:
    """The role may not, the record is out of the user's scope, or duties must stay apart: each says which."""
    st.error(t(err.key), icon=":material/block:")


def attempt(action: Callable[[], T], on_success: Callable[[T], None]) -> None:
    """Run a write; on success hand its result on, otherwise say what went wrong in the user's
    language (bad input, a role that may not, or a short apology for anything else, logged)."""
    try:
        result = action()
    except InputError as err:
        show_problems(err.problems)
    except PermissionDenied as err:
        show_permission_denied(err)
    except Exception as exc:  # noqa: BLE001 - logged as an incident, shown as an apology
        incidents.show(exc, "write")
    else:
        on_success(result)


FLASH_KEY = "flash_message"


def flash_and_rerun(message: str) -> None:
    """After a write, rerun so every table on the page shows it; the message survives the rerun."""
    st.session_state[FLASH_KEY] = message
    st.rerun()


def show_flash() -> None:
    """Show (once) the message a write left before its rerun."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")
