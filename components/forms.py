"""Exactly-once form submits: each rendered form carries an idempotency token.

The token lives in session state under the form's key and is renewed only after a submit was
stored, so a double click or a rerun of the same submit sends the same token and the service
returns the already-stored row instead of storing a second one.
"""
from __future__ import annotations

import uuid

import streamlit as st


def token(form_key: str) -> str:
    """The current token of ``form_key`` (made on first use)."""
    state_key = f"{form_key}__token"
    if state_key not in st.session_state:
        st.session_state[state_key] = uuid.uuid4().hex
    return st.session_state[state_key]


def renew(form_key: str) -> None:
    """After a stored submit: the next submit of this form is a new one."""
    st.session_state[f"{form_key}__token"] = uuid.uuid4().hex
