"""Form submits: exactly once, and one way of resetting a form after a stored write.

Each rendered form carries an idempotency token that lives in session state under the form's key
and is renewed only after a submit was stored, so a double click or a rerun of the same submit
sends the same token and the service returns the already-stored row instead of storing a second one.

After a stored write the page reruns; the form's fields are reset at the top of that rerun,
before any of the page's widgets exists (``after_write``, the first call of every page with a
form), because Streamlit refuses a new value for a widget that was already drawn in the same run.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

import streamlit as st

from components import feedback

T = TypeVar("T")

DROP = object()  # a preset value that means "forget the key": the widget starts from its default
_RESET_KEY = "forms__pending_reset"


def token(form_key: str) -> str:
    """The current token of ``form_key`` (made on first use)."""
    state_key = f"{form_key}__token"
    if state_key not in st.session_state:
        st.session_state[state_key] = uuid.uuid4().hex
    return str(st.session_state[state_key])


def after_write() -> None:
    """At the top of a page, before its widgets: carry out the reset the last stored write asked
    for and show its message (once)."""
    for key, value in st.session_state.pop(_RESET_KEY, {}).items():
        if value is DROP:
            st.session_state.pop(key, None)
        else:
            st.session_state[key] = value
    feedback.show_flash()


def stored(
    message: str, *, form_key: str | None = None, clear: Iterable[str] = (), preset: Mapping[str, object] | None = None
) -> None:
    """After a stored write: renew the form's token, reset its fields on the rerun (``clear``
    returns them to their defaults, ``preset`` gives them values) and rerun showing ``message``."""
    if form_key is not None:
        st.session_state[f"{form_key}__token"] = uuid.uuid4().hex
    pending = {**st.session_state.get(_RESET_KEY, {}), **dict.fromkeys(clear, DROP), **(preset or {})}
    st.session_state[_RESET_KEY] = pending
    feedback.flash_and_rerun(message)


def submit(
    form_key: str,
    write: Callable[[str], T],
    message: Callable[[T], str],
    clear: Iterable[str] = (),
    preset: Mapping[str, object] | None = None,
) -> None:
    """Run ``write(token)``; once stored, reset the form and rerun showing ``message(result)``;
    bad input or a refusal is shown in the user's language and the form keeps what was typed."""
    feedback.attempt(
        lambda: write(token(form_key)),
        lambda result: stored(message(result), form_key=form_key, clear=clear, preset=preset),
    )


def save(
    write: Callable[[], T],
    message: Callable[[T], str],
    clear: Iterable[str] = (),
    preset: Mapping[str, object] | None = None,
) -> None:
    """``submit`` for a write that needs no token: setting a value twice stores the same state."""
    feedback.attempt(write, lambda result: stored(message(result), clear=clear, preset=preset))
