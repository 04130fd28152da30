"""Notices about the holiday calendar: a due time in a year without holiday data (business days
there count Monday–Friday), and the admins' banner while a year's official schedule is missing."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from components.i18n import t


def fallback_notice(years: Iterable[int]) -> None:
    """Shown next to due times when some fall in ``years`` (years without holiday data)."""
    shown = sorted(set(years))
    if shown:
        st.warning(
            t("calendar.fallback_dues", years=t("calendar.years_sep").join(str(y) for y in shown)),
            icon=":material/event_busy:",
        )


def schedule_banner(missing_year: int | None) -> None:
    """The admins' banner on every page while ``missing_year``'s schedule is not entered."""
    if missing_year is not None:
        st.warning(t("calendar.banner", year=missing_year), icon=":material/calendar_month:")
