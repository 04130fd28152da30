"""The audited unmask of one record's customer: a reason, then the clear values for this session.

Only roles allowed to unmask (``domain.masking.UNMASK_ROLES``) see the control; the service behind
``reveal`` checks the role again and writes the audit row before returning anything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from components import feedback
from components.case_view import md_escape
from components.i18n import t
from domain.masking import UNMASK_REASON_MAX, can_unmask
from domain.users import CurrentUser

REVEALED_KEY = "privacy_revealed"  # (user id, kind, record id) → the clear fields, for this session only


def _revealed() -> dict[tuple[int, str, int], Mapping[str, str | None]]:
    return st.session_state.setdefault(REVEALED_KEY, {})


def unmask_panel(
    user: CurrentUser, kind: str, record_id: int, reveal: Callable[[str], Mapping[str, str | None]]
) -> None:
    """The clear customer fields of this record once revealed in this session; before that, for
    roles allowed to unmask, a reason field and a button that calls ``reveal(reason)``."""
    if not can_unmask(user.role):
        return
    key = (user.id, kind, record_id)
    shown = _revealed().get(key)
    if shown is not None:
        with st.container(border=True):
            st.markdown(
                " · ".join(
                    f"**{t(f'privacy.field.{field}')}** {md_escape(value or '—')}" for field, value in shown.items()
                )
            )
            st.caption(t("privacy.revealed_note"))
        return

    def remember(values: Mapping[str, str | None]) -> None:
        _revealed()[key] = dict(values)
        st.rerun()

    popover = st.popover(t("privacy.unmask"), icon=":material/visibility:")
    with popover.form(f"privacy_unmask_{kind}_{record_id}"):
        st.caption(t("privacy.unmask_help"))
        reason = st.text_input(
            t("privacy.field.reason"), max_chars=UNMASK_REASON_MAX, key=f"privacy_reason_{kind}_{record_id}"
        )
        submitted = st.form_submit_button(
            t("privacy.unmask_submit"), type="primary", key=f"privacy_unmask_submit_{kind}_{record_id}"
        )
    if submitted:
        feedback.attempt(lambda: reveal(reason), remember)
