"""KPI cards: a value, its change against a comparison period, and the target it answers to."""

from __future__ import annotations

from typing import Literal

import streamlit as st

DeltaColor = Literal["normal", "inverse", "off"]


def pct(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def count_card(label: str, value: int, previous: int, *, more_is_better: bool = False, help: str | None = None) -> None:  # noqa: A002 - the same name as st.metric's own argument
    """A count with its change; no change is shown in grey, not as a rise."""
    change = value - previous
    color: DeltaColor = "off" if change == 0 else ("normal" if more_is_better else "inverse")
    st.metric(
        label,
        f"{value:,}",
        delta=f"{change:+,}",
        help=help,
        delta_color=color,
        delta_arrow="off" if change == 0 else "auto",
    )


def rate_card(
    label: str,
    value: float | None,
    previous: float | None,
    *,
    target_text: str | None = None,
    lower_is_better: bool = False,
    help: str | None = None,  # noqa: A002 - the same name as st.metric's own argument
) -> None:
    """A percentage with its change in percentage points."""
    change = None if value is None or previous is None else value - previous
    delta = None if change is None else f"{change * 100:+.1f} pp"
    unchanged = change is not None and abs(change) < 5e-4
    color: DeltaColor = "off" if unchanged else ("inverse" if lower_is_better else "normal")
    st.metric(label, pct(value), delta=delta, help=help, delta_color=color, delta_arrow="off" if unchanged else "auto")
    if target_text:
        st.caption(target_text)
