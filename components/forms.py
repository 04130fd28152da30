"""Exactly-once form submits: each rendered form carries an idempotency token.

The token lives in session state under the form's key and is renewed only after a submit was
stored, so a double click or a rerun of the same submit sends the same token and the service
returns the already-stored row instead of storing a second one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

import streamlit as st

from components import feedback

T = TypeVar("T")


def token(form_key: str) -> str:
    """The current token of ``form_key`` (made on first use)."""
    state_key = f"{form_key}__token"
    if state_key not in st.session_state:
        st.session_state[state_key] = uuid.uuid4().hex
    return st.session_state[state_key]


def renew(form_key: str) -> None:
    """After a stored submit: the next submit of this form is a new one."""
    st.session_state[f"{form_key}__token"] = uuid.uuid4().hex


def submit(form_key: str, write: Callable[[str], T], message: Callable[[T], str], clear: Iterable[str] = ()) -> None:
    """Run ``write(token)``; once stored, renew the token, empty the ``clear`` fields and rerun
    showing ``message(result)``; bad input or a refusal is shown in the user's language."""

    def stored(result: T) -> None:
        renew(form_key)
        for key in clear:
            st.session_state.pop(key, None)
        feedback.flash_and_rerun(message(result))

    feedback.attempt(lambda: write(token(form_key)), stored)
