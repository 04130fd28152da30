"""Who is using the app. Demo mode (a user picker and a visible badge) is the only mode until
an identity provider is configured for ``st.login``."""

from __future__ import annotations

from urllib.parse import urlparse

import pandas as pd
import streamlit as st

from components.i18n import code_format, fixed, t
from domain.codes import ROLES
from domain.users import CurrentUser, pages_for_role

USER_KEY = "user"
DEMO_ROLE_KEY = "demo_role"
DEMO_USER_KEY = "demo_user"


def demo_picker(users: pd.DataFrame) -> CurrentUser | None:
    """Sidebar picker: a role, then one of that role's users; returns the chosen user."""
    if users.empty:
        return None
    st.sidebar.markdown(f":orange-badge[:material/science: {t('app.demo_badge')}]")
    roles = [r for r in ROLES if r in set(users["role"])]
    role = st.sidebar.selectbox(
        t("app.demo_role"), roles, key=DEMO_ROLE_KEY, format_func=code_format("role", roles), help=t("app.demo_help")
    )
    of_role = users[users["role"] == role]
    labels = dict(zip(of_role["id"], of_role["display_name"] + " (" + of_role["username"] + ")"))
    if st.session_state.get(DEMO_USER_KEY) not in labels:
        st.session_state[DEMO_USER_KEY] = int(of_role["id"].iloc[0])
    chosen = st.sidebar.selectbox(t("app.demo_user"), list(labels), key=DEMO_USER_KEY, format_func=fixed(labels))
    row = of_role.loc[of_role["id"] == chosen].iloc[0]
    return CurrentUser(
        id=int(row["id"]),
        username=row["username"],
        display_name=row["display_name"],
        role=row["role"],
        city_id=None if pd.isna(row["city_id"]) else int(row["city_id"]),
        team_id=None if pd.isna(row["team_id"]) else int(row["team_id"]),
        demo=True,
    )


# page id → (file, label key, section key, Material icon)
PAGES: dict[str, tuple[str, str, str, str]] = {
    "overview": ("pages/overview.py", "nav.overview", "nav.section.dashboards", ":material/dashboard:"),
    "channels": ("pages/channels.py", "nav.channels", "nav.section.dashboards", ":material/call_split:"),
    "sla": ("pages/sla.py", "nav.sla", "nav.section.dashboards", ":material/timer:"),
    "agents": ("pages/agents.py", "nav.agents", "nav.section.dashboards", ":material/support_agent:"),
    "loyalty": ("pages/loyalty.py", "nav.loyalty", "nav.section.dashboards", ":material/groups:"),
    "cases": ("pages/cases.py", "nav.cases", "nav.section.work", ":material/search:"),
    "intake": ("pages/intake.py", "nav.intake", "nav.section.work", ":material/add_call:"),
    "handling": ("pages/handling.py", "nav.handling", "nav.section.work", ":material/assignment:"),
    "warning_report": ("pages/warning_report.py", "nav.warning_report", "nav.section.work", ":material/report:"),
    "warning_ledger": ("pages/warning_ledger.py", "nav.warning_ledger", "nav.section.work", ":material/fact_check:"),
    "sample": ("pages/sample.py", "nav.sample", "nav.section.committee", ":material/rule:"),
    "improvements": ("pages/improvements.py", "nav.improvements", "nav.section.committee", ":material/checklist:"),
    "settings": ("pages/settings.py", "nav.settings", "nav.section.admin", ":material/settings:"),
}


def navigation_for(user: CurrentUser) -> dict[str, list[st.Page]]:
    """The pages this user's role may open, grouped by section, in catalogue order."""
    sections: dict[str, list[st.Page]] = {}
    for page_id in pages_for_role(user.role):
        path, label, section, icon = PAGES[page_id]
        sections.setdefault(t(section), []).append(st.Page(path, title=t(label), icon=icon, url_path=page_id))
    return sections


PENDING_PAGE_KEY = "pending_page"


def ensure_framed() -> None:
    """Send a page that runs without ``app.py`` to the app's entry point, remembering the address.

    On the very first request after a server start Streamlit may run a file of ``pages/`` on its
    own (its legacy multipage mode); the entry point sets up the user, navigation and filters and
    then opens the page that was asked for (``resume_deep_link``).
    """
    if USER_KEY not in st.session_state:
        st.session_state[PENDING_PAGE_KEY] = urlparse(st.context.url or "").path.strip("/").split("/")[-1]
        st.switch_page("app.py")


def resume_deep_link(sections: dict[str, list[st.Page]]) -> None:
    """Open the page a first request asked for, if this user's navigation has it."""
    wanted = st.session_state.pop(PENDING_PAGE_KEY, None)
    for page in (p for pages in sections.values() for p in pages):
        if wanted and page.url_path == wanted:
            st.switch_page(page)


def current_user() -> CurrentUser:
    """The signed-in user, as ``app.py`` set it for this run."""
    ensure_framed()
    return st.session_state[USER_KEY]
