"""Global sidebar filters: rendered once by ``app.py`` on every page, kept in session state."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TypeVar

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components import auth
from components.i18n import code_format, fixed, lang, t
from domain.codes import CHANNELS, LEVELS
from domain.filters import Filters, week_start
from domain.users import CurrentUser

T = TypeVar("T")

FILTERS_KEY = "filters"
WIDGET_KEYS = ("flt_dates", "flt_city", "flt_team", "flt_agent", "flt_channel", "flt_level")


def default_range(today: date) -> tuple[date, date]:
    """The last twelve weeks, Monday-aligned, up to today."""
    return week_start(today) - timedelta(weeks=11), today


def _name_col() -> str:
    return "name" if lang() == "zh" else "name_en"


def code_multiselect(where: DeltaGenerator, label: str, kind: str, codes: Sequence[str], key: str) -> list[str]:
    """A multiselect of stored codes shown in the user's language; nothing chosen means all."""
    return where.multiselect(label, codes, key=key, placeholder=t("filters.all"), format_func=code_format(kind, codes))


def _pruned_multiselect(label: str, options: list[T], key: str, fmt: Callable[[T], str]) -> list[T]:
    """A multiselect whose remembered choice drops values no longer offered (e.g. after a city change)."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]
    return st.sidebar.multiselect(label, options, key=key, format_func=fmt, placeholder=t("filters.all"))


def _clear() -> None:
    for key in WIDGET_KEYS:
        st.session_state.pop(key, None)


def sidebar(user: CurrentUser, cities: pd.DataFrame, teams: pd.DataFrame, agents: pd.DataFrame, today: date) -> Filters:
    """Draw the filter bar for ``user`` and store the resulting ``Filters`` for the page."""
    st.sidebar.subheader(t("filters.header"))
    picked = st.sidebar.date_input(
        t("filters.dates"), value=default_range(today), max_value=today, key="flt_dates", format="YYYY-MM-DD"
    )
    start, end = (
        (picked[0], picked[1]) if isinstance(picked, (tuple, list)) and len(picked) == 2 else default_range(today)
    )
    if not (isinstance(picked, (tuple, list)) and len(picked) == 2):
        st.sidebar.caption(t("filters.bad_range"))

    name = _name_col()
    city_names = dict(zip(cities["id"], cities[name]))
    team_names = dict(zip(teams["id"], teams[name]))
    collection = teams[teams["department"] == "collection"]

    scope = user.scope
    if scope.team_ids is not None:  # a department head: their own team, no place to choose
        city_ids: list[int] = []
        team_ids = list(scope.team_ids)
        scope_note: str | None = "、".join(team_names.get(team, "") for team in scope.team_ids) or t("filters.no_team")
    else:
        city_pool = [int(c) for c in cities["id"] if scope.covers_city(int(c))]
        scope_note = None if scope.city_ids is None else "、".join(city_names.get(c, "") for c in city_pool)
        city_ids = _pruned_multiselect(t("filters.city"), city_pool, "flt_city", fixed(city_names))
        team_pool = collection[collection["city_id"].isin(city_ids or city_pool)]
        team_ids = _pruned_multiselect(t("filters.team"), team_pool["id"].tolist(), "flt_team", fixed(team_names))
    if scope_note:
        st.sidebar.caption(t("filters.scoped", scope=scope_note))
    if scope.owner_id is not None:
        st.sidebar.caption(t("filters.own_scope"))

    in_scope = pd.Series(
        [scope.covers_team(city_id=int(c), team_id=int(tm)) for c, tm in zip(agents["city_id"], agents["team_id"])],
        index=agents.index,
        dtype=bool,
    )
    agent_pool = agents[in_scope]
    if team_ids:
        agent_pool = agent_pool[agent_pool["team_id"].isin(team_ids)]
    elif city_ids:
        agent_pool = agent_pool[agent_pool["city_id"].isin(city_ids)]
    agent_labels = dict(zip(agent_pool["id"], agent_pool["code"] + " " + agent_pool["name"]))
    agent_ids = _pruned_multiselect(t("filters.agent"), agent_pool["id"].tolist(), "flt_agent", fixed(agent_labels))
    channels = _pruned_multiselect(
        t("filters.channel"), list(CHANNELS), "flt_channel", code_format("channel", CHANNELS)
    )
    levels = _pruned_multiselect(t("filters.level"), list(LEVELS), "flt_level", code_format("level", LEVELS))
    st.sidebar.button(t("filters.reset"), on_click=_clear, key="flt_reset")

    f = Filters(
        start=start,
        end=end,
        city_ids=tuple(city_ids),
        team_ids=tuple(team_ids),
        agent_ids=tuple(agent_ids),
        channels=tuple(channels),
        levels=tuple(levels),
        scope=scope,
    )
    st.session_state[FILTERS_KEY] = f
    return f


def current_filters() -> Filters:
    """The filters ``app.py`` stored for this run."""
    if FILTERS_KEY not in st.session_state:  # run without app.py: see auth.ensure_framed
        st.switch_page("app.py")
    auth.refuse_outside_role(st.session_state[auth.USER_KEY], sys._getframe(1).f_code.co_filename)
    return st.session_state[FILTERS_KEY]
