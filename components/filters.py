"""Global sidebar filters: rendered once by ``app.py`` on every page, kept in session state."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TypeVar

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components import auth, explore_view
from components.auth import DEMO_ROLE_KEY
from components.i18n import LANG_KEY, LANGS, code_format, fixed, lang, t
from components.overview_view import WEEK_TO_DATE_KEY
from domain.codes import CHANNELS, LEVELS, ROLES
from domain.filters import Filters, dates_text, parse_dates, week_start
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


# ---- the view in the address: a reload (F5) or a shared link opens the same language and filters ----
URL_RESTORED_KEY = "url_restored"  # set once the address has filled this session's widgets
LIST_SEPARATOR = ","


def _ints(text: str) -> list[int] | None:
    parts = [p for p in text.split(LIST_SEPARATOR) if p]
    return [int(p) for p in parts] if parts and all(p.isdigit() and len(p) < 10 for p in parts) else None


def _codes(allowed: Sequence[str]) -> Callable[[str], list[str] | None]:
    def parse(text: str) -> list[str] | None:
        picked = [p for p in text.split(LIST_SEPARATOR) if p in allowed]
        return picked or None

    return parse


def _language(text: str) -> str | None:
    return text if text in LANGS else None


def _flag(text: str) -> bool | None:
    return True if text == "1" else None


def _dump(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, tuple | list) and len(value) == 2 and all(isinstance(v, date) for v in value):
        return dates_text(value[0], value[1])
    if isinstance(value, tuple | list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def _role(text: str) -> str | None:
    return text if text in ROLES else None


# address parameter → (session key, reader); a value the reader refuses is ignored. The demo role
# (read only in demo mode, where anyone may pick any role) keeps a reload on a page of that role.
URL_KEYS: dict[str, tuple[str, Callable[[str], object]]] = {
    "role": (DEMO_ROLE_KEY, _role),
    "lang": (LANG_KEY, _language),
    "dates": ("flt_dates", parse_dates),
    "city": ("flt_city", _ints),
    "team": ("flt_team", _ints),
    "agent": ("flt_agent", _ints),
    "channel": ("flt_channel", _codes(CHANNELS)),
    "level": ("flt_level", _codes(LEVELS)),
    "wtd": (WEEK_TO_DATE_KEY, _flag),
    **explore_view.URL_KEYS,  # the explore page's question
}


def restore_from_url() -> None:
    """On a session's first run (a reload or an opened link), fill the language, filter and view
    widgets from the address before they are drawn; later the widgets lead (``keep_in_url``)."""
    if st.session_state.get(URL_RESTORED_KEY):
        return
    st.session_state[URL_RESTORED_KEY] = True
    for name, (key, read) in URL_KEYS.items():
        if name in st.query_params:
            value = read(st.query_params[name])
            if value is not None:
                st.session_state[key] = value


def keep_in_url(today: date) -> None:
    """Write the language, filters and view switches of this run into the address (defaults left
    out, so a plain address stays plain); other parameters, such as the case lookup's ``ref``, stay."""
    defaults: dict[str, object] = {
        LANG_KEY: "zh",
        "flt_dates": default_range(today),
        WEEK_TO_DATE_KEY: False,
        **explore_view.URL_DEFAULTS,
    }
    for name, (key, _) in URL_KEYS.items():
        value = st.session_state.get(key)
        text = "" if value is None or value == defaults.get(key) else _dump(value)
        if text and st.query_params.get(name) != text:
            st.query_params[name] = text
        elif not text and name in st.query_params:
            del st.query_params[name]


def current_filters() -> Filters:
    """The filters ``app.py`` stored for this run."""
    if FILTERS_KEY not in st.session_state:  # run without app.py: see auth.ensure_framed
        st.switch_page("app.py")
    auth.refuse_outside_role(st.session_state[auth.USER_KEY], sys._getframe(1).f_code.co_filename)
    return st.session_state[FILTERS_KEY]
