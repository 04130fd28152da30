"""Time the aggregate pages as the server runs them: ``app.py`` under Streamlit's AppTest, role admin
in demo mode, the default filters (the last twelve weeks).

AppTest leaves the sidebar out of its element tree on reruns under ``st.navigation``, so a sidebar
filter cannot be changed on a running session; a filter change is timed as a new session that
opens the page with the filter already chosen (``new session`` is the same without a change, for
comparison). A new session opens its page the way the app opens an address asked for on a first
request (``auth.PENDING_PAGE_KEY``). Every run must finish without an exception, on its page.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

import streamlit as st
from sqlalchemy import SQLColumnExpression, func, select
from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.testing.v1 import AppTest

from components.auth import DEMO_ROLE_KEY, PENDING_PAGE_KEY
from components.filters import FILTERS_KEY, default_range
from db.engine import engine
from db.models import Complaint
from db.queries.conditions import complaint_conditions
from domain.filters import Filters, week_start

APP: Final = Path(__file__).resolve().parent.parent / "app.py"
PAGES: Final = ("overview", "channels", "sla", "agents", "loyalty")  # each its file's name and its address
FIRST_PAGE: Final = "overview"  # the admin's first page, which a new session opens without asking
FILTERS: Final = ("city", "team", "agent", "channel", "level", "dates")
ROLE: Final = "admin"
RUN_TIMEOUT_S: Final = 600.0

Widgets = Mapping[str, object]


def filter_changes(f: Filters) -> dict[str, Widgets]:
    """One change per global filter, as the sidebar widgets' values: the city, team, agent, channel
    and level with the most complaints in the default range ``f``, and the last four weeks."""

    def busiest(column: SQLColumnExpression[Any]) -> object:
        stmt = (
            select(column)
            .where(*complaint_conditions(f), column.is_not(None))
            .group_by(column)
            .order_by(func.count().desc(), column)
            .limit(1)
        )
        with engine().connect() as conn:
            return conn.execute(stmt).scalar_one()

    c = Complaint
    return {
        "city": {"flt_city": [busiest(c.city_id)]},
        "team": {"flt_team": [busiest(c.team_id)]},
        "agent": {"flt_agent": [busiest(c.agent_id)]},
        "channel": {"flt_channel": [busiest(c.channel)]},
        "level": {"flt_level": [busiest(c.level)]},
        "dates": {"flt_dates": (week_start(f.end) - timedelta(weeks=3), f.end)},
    }


class Sessions:
    """New sessions of the app for the demo admin, each opening one page.

    A new AppTest scans every installed package for custom components on its first run (about
    half a second); a server does that once at start, so the sessions here share one scan, made
    as AppTest makes it.
    """

    def __init__(self) -> None:
        self._components = BidiComponentManager()
        self._components.discover_and_register_components(start_file_watching=False)

    def open(self, page: str, widgets: Widgets) -> AppTest:
        """A session that opens ``page`` with the sidebar ``widgets`` preset, not run yet."""
        at = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT_S)
        at._bidi_component_manager = self._components
        at.session_state["lang"] = "zh"
        at.session_state[DEMO_ROLE_KEY] = ROLE
        if page != FIRST_PAGE:
            at.session_state[PENDING_PAGE_KEY] = page
        for key, value in widgets.items():
            at.session_state[key] = value
        return at

    def run_ms(self, at: AppTest, page: str) -> float:
        """Run ``at`` once; the milliseconds it took. Raises when the run failed or left ``page``."""
        started = time.perf_counter()
        at.run()
        elapsed = (time.perf_counter() - started) * 1000
        if at.exception:
            raise RuntimeError(f"the {page} page failed: {at.exception[0].message}")
        finished = at._registered_pages.get(at._finished_page_script_hash)
        script = Path(finished.get("script_path") or "") if finished else None
        if script != APP.parent / "pages" / f"{page}.py":
            raise RuntimeError(f"a run of the {page} page ended on {script}")
        return elapsed


@dataclass(frozen=True)
class PageTimes:
    """Median milliseconds of one page's runs."""

    cold_ms: float  # every cache empty (st.cache_data.clear()), a new session opening the page
    warm_ms: float  # the same session run again, caches filled
    session_ms: float  # a new session opening the page, caches filled
    filter_ms: dict[str, float]  # a new session opening it with one filter changed, other caches filled


def time_page(page: str, changes: Mapping[str, Widgets], repeat: int, sessions: Sessions) -> PageTimes:
    """Cold, warm, new-session and filter-change times of one page, median of ``repeat`` rounds;
    each round starts with every cache empty."""
    rounds: dict[str, list[float]] = {}
    for _ in range(repeat):
        st.cache_data.clear()
        at = sessions.open(page, {})
        got = {"cold": sessions.run_ms(at, page), "warm": sessions.run_ms(at, page)}
        got["session"] = sessions.run_ms(sessions.open(page, {}), page)
        for name, widgets in changes.items():
            changed = sessions.open(page, widgets)
            got[name] = sessions.run_ms(changed, page)
            if changed.session_state[FILTERS_KEY] == at.session_state[FILTERS_KEY]:
                raise RuntimeError(f"the {name} filter change {dict(widgets)} left the filters as they were")
        for name, ms in got.items():
            rounds.setdefault(name, []).append(ms)
    median = {name: statistics.median(values) for name, values in rounds.items()}
    return PageTimes(
        cold_ms=median["cold"],
        warm_ms=median["warm"],
        session_ms=median["session"],
        filter_ms={name: median[name] for name in changes},
    )


def default_filters(today: date) -> Filters:
    """The filters a page opens with: the default range of ``components.filters``, nothing else chosen."""
    return Filters(*default_range(today))
