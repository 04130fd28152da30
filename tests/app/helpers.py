"""Helpers of the AppTests: run the real ``app.py`` as a role, in a language, on a page."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.helpers import ROOT

AppRunner = Callable[..., AppTest]


def app_runner() -> AppRunner:
    """``run(role="manager", lang="en", page="pages/x.py", flt_city=[1])`` → an AppTest run in that state.

    Widget values are preset through their session-state keys before the first run: AppTest
    drops the entrypoint's sidebar from its element tree on reruns under ``st.navigation``, so
    each state gets a fresh session (real clicking is covered by the browser journeys).
    """

    def run(role: str = "manager", lang: str = "zh", page: str | None = None, **widgets: object) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.session_state["lang"] = lang
        at.session_state["demo_role"] = role
        for key, value in widgets.items():
            at.session_state[key] = value
        at.run()
        if page is not None:
            at.switch_page(page).run()
        return at

    return run


def case_refs(links: object) -> list[str]:
    """The case numbers of a column of case links (``cases?ref=TS…``), as the table shows them."""
    return [str(link).removeprefix("cases?ref=") for link in pd.Series(links)]
