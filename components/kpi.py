"""KPI cards: a value, its change against a comparison period, and the target it answers to."""
from __future__ import annotations

import streamlit as st


def pct(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def count_card(label: str, value: int, previous: int, *, more_is_better: bool = False, help: str | None = None) -> None:  # noqa: A002
    st.metric(label, f"{value:,}", delta=f"{value - previous:+,}", help=help,
              delta_color="normal" if more_is_better else "inverse")


def rate_card(label: str, value: float | None, previous: float | None, *, target_text: str | None = None,
              lower_is_better: bool = False, help: str | None = None) -> None:  # noqa: A002
    """A percentage with its change in percentage points."""
    delta = None if value is None or previous is None else f"{(value - previous) * 100:+.1f} pp"
    st.metric(label, pct(value), delta=delta, help=help, delta_color="inverse" if lower_is_better else "normal")
    if target_text:
        st.caption(target_text)
