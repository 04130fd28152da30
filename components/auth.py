"""Who is using the app.

With an identity provider configured (``[auth]`` in ``.streamlit/secrets.toml``) people sign in
through ``st.login`` (OIDC) and their role and scope come from the ``users`` table by e-mail; an
unknown or disabled e-mail gets a "no access" page. Without one, demo mode offers a user picker
behind a visible badge, unless ``DASHBOARD_DEMO=0`` switches it off.

A visitor who is not signed in (and the demo picker's "complainant" choice) gets the complainant's
progress lookup alone in the menu; every staff page's address answers with the sign-in page.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlparse

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components.case_view import md_escape
from components.i18n import code, fixed, t
from domain.codes import ROLES
from domain.users import PUBLIC_PAGE, CurrentUser, pages_for_role

APP_ROOT = Path(__file__).resolve().parent.parent  # where app.py and pages/ are
USER_KEY = "user"
DEMO_ROLE_KEY = "demo_role"
DEMO_USER_KEY = "demo_user"
DEMO_ROLE_CHANGED_KEY = "demo_role_changed"
DEMO_ENV_VAR = "DASHBOARD_DEMO"
PUBLIC_ROLE = "complainant"  # the demo picker's signed-out visitor, next to the staff roles
PUBLIC_KEY = "public_visitor"  # set while app.py frames a visitor who is not signed in


def identity_provider_configured() -> bool:
    """True when ``st.login`` has an ``[auth]`` section to sign people in with."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all
        return False


def demo_mode_allowed() -> bool:
    """Demo mode only without an identity provider, and only while not switched off."""
    return not identity_provider_configured() and os.environ.get(DEMO_ENV_VAR, "1").strip() != "0"


def _as_user(row: pd.Series, *, demo: bool) -> CurrentUser:
    return CurrentUser(
        id=int(row["id"]),
        username=str(row["username"]),
        display_name=str(row["display_name"]),
        role=str(row["role"]),
        city_id=None if pd.isna(row["city_id"]) else int(row["city_id"]),
        team_id=None if pd.isna(row["team_id"]) else int(row["team_id"]),
        demo=demo,
        city_ids=tuple(int(c) for c in row["city_ids"]),
    )


SIGN_IN_RECORDED_KEY = "auth_sign_in_recorded"


def signed_in(
    lookup: Callable[[str], pd.Series | None],
    record: Callable[[CurrentUser], None],
    refused: Callable[[str], None],
) -> CurrentUser:
    """The person signed in through the identity provider; otherwise the sign-in or "no access"
    page, and the run ends there. ``lookup`` finds an active user by e-mail; ``record`` and
    ``refused`` write the sign-in (once per session) and a refused account to the audit log."""
    if not st.user.get("is_logged_in", False):  # absent until an identity provider answers
        _public_navigation(_sign_in_page, lambda _: _sign_in_page)
    email = str(st.user.get("email") or "").strip()
    row = lookup(email) if email else None
    if row is None:
        if not st.session_state.get(SIGN_IN_RECORDED_KEY):
            refused(email.rpartition("@")[2])
            st.session_state[SIGN_IN_RECORDED_KEY] = True
        _only_page(lambda: _no_access_page(email))
    user = _as_user(row, demo=False)
    if st.session_state.get(SIGN_IN_RECORDED_KEY) != user.id:
        record(user)
        st.session_state[SIGN_IN_RECORDED_KEY] = user.id
    st.sidebar.caption(t("app.signed_in_as", name=user.display_name, role=code("role", user.role)))
    st.sidebar.button(t("auth.sign_out"), icon=":material/logout:", on_click=st.logout, key="auth_sign_out")
    return user


def _only_page(view: Callable[[], None]) -> NoReturn:
    """Show ``view`` as the whole app, whatever address was asked for, with no menu, and end the run."""
    view.__name__ = "gate"  # the page's address segment; the same for every gate view
    legacy_first_run = bool(PagesManager.uses_pages_directory)  # see app.py: rerun once out of that mode
    page = st.navigation([st.Page(view, title=t("app.title"), default=True)], position="hidden")
    if legacy_first_run:
        st.rerun()
    page.run()
    st.stop()


def _public_navigation(root: Callable[[], None] | None, stand_in: Callable[[str], Callable[[], None]]) -> NoReturn:
    """The app of a visitor who is not signed in, and the run ends there: the progress lookup alone
    in the menu, ``root`` at the root address (None: the lookup itself), ``stand_in(page_id)`` at the
    address of every staff page, a translated "no such page" at any other."""
    st.session_state.pop(USER_KEY, None)  # a demo user chosen before leaves no staff page reachable
    st.session_state[PUBLIC_KEY] = True
    asked = _requested_address()
    path, label, _, icon = PAGES[PUBLIC_PAGE]
    progress = st.Page(
        path, title=t(label), icon=icon, url_path=PUBLIC_PAGE, default=root is None and asked != PUBLIC_PAGE
    )
    pages = [progress]
    if root is not None:
        root.__name__ = "gate"
        pages.append(st.Page(root, title=t("app.title"), default=True, visibility="hidden"))
    elif asked == PUBLIC_PAGE:  # the root serves the default page; the lookup keeps its own address too
        pages.append(st.Page(path, title=t(label), icon=icon, url_path="", default=True, visibility="hidden"))
    pages += [
        st.Page(stand_in(page_id), title=t(PAGES[page_id][1]), url_path=page_id, visibility="hidden")
        for page_id in PAGES
        if page_id != PUBLIC_PAGE
    ]
    if asked and asked not in PAGES and "/" not in asked and asked == asked.strip():
        pages.append(
            st.Page(_no_such_page(asked), title=t("auth.page_not_found.title"), url_path=asked, visibility="hidden")
        )
    legacy_first_run = bool(PagesManager.uses_pages_directory)  # see app.py: rerun once out of that mode
    nav = st.navigation(pages)
    if legacy_first_run:
        st.rerun()
    st.sidebar.page_link(progress, label=t(label), icon=icon)  # Streamlit draws no menu of a single page
    if st.session_state.get(PENDING_PAGE_KEY) == PUBLIC_PAGE:  # a first request for the lookup (ensure_framed)
        del st.session_state[PENDING_PAGE_KEY]
        st.switch_page(progress)
    nav.run()
    st.stop()


def _sign_in_page() -> None:
    st.title(t("app.title"))
    st.info(t("auth.sign_in_help"), icon=":material/lock:")
    st.button(t("auth.sign_in"), type="primary", icon=":material/login:", on_click=st.login, key="auth_sign_in")
    st.page_link(PAGES[PUBLIC_PAGE][0], label=t("auth.progress_link"), icon=PAGES[PUBLIC_PAGE][3])


def _no_access_page(email: str) -> None:
    st.title(t("auth.no_access_title"))
    st.warning(t("auth.no_access", email=email or "—"), icon=":material/block:")
    st.button(t("auth.sign_out"), icon=":material/logout:", on_click=st.logout, key="auth_no_access_sign_out")


def _demo_off_page() -> None:
    st.title(t("app.title"))
    st.error(t("auth.not_configured"), icon=":material/lock:")


def _no_users_page() -> None:
    st.title(t("app.title"))
    st.error(t("app.no_users"), icon=":material/group_off:")


def session_user(
    lookup: Callable[[str], pd.Series | None],
    record: Callable[[CurrentUser], None],
    refused: Callable[[str], None],
    demo_users: Callable[[], pd.DataFrame],
) -> CurrentUser:
    """Who is using the app this run: the signed-in person, or the demo pick; anyone else sees a
    gate page (sign in, no access, sign-in not configured) and the run ends there."""
    if identity_provider_configured():
        return signed_in(lookup, record, refused)
    if not demo_mode_allowed():
        _public_navigation(_demo_off_page, lambda _: _demo_off_page)
    users = demo_users()
    if users.empty:
        _only_page(_no_users_page)
    user = demo_picker(users)
    if user is None:
        _public_navigation(None, _not_for_you)
    return user


def _note_role_change() -> None:
    st.session_state[DEMO_ROLE_CHANGED_KEY] = True


def demo_picker(users: pd.DataFrame) -> CurrentUser | None:
    """Sidebar picker: a role, then one of that role's users; returns the chosen user, or None for
    the signed-out complainant offered after the roles."""
    st.sidebar.markdown(f":orange-badge[:material/science: {t('app.demo_badge')}]")
    roles = [r for r in ROLES if r in set(users["role"])]
    role = st.sidebar.selectbox(
        t("app.demo_role"),
        [*roles, PUBLIC_ROLE],
        key=DEMO_ROLE_KEY,
        on_change=_note_role_change,
        format_func=fixed({**{r: code("role", r) for r in roles}, PUBLIC_ROLE: t("auth.public_role")}),
        help=t("app.demo_help"),
        placeholder=t("common.choose"),
    )
    if role == PUBLIC_ROLE:
        return None
    of_role = users[users["role"] == role]
    labels = dict(zip(of_role["id"], of_role["display_name"] + " (" + of_role["username"] + ")"))
    if st.session_state.get(DEMO_USER_KEY) not in labels:
        st.session_state[DEMO_USER_KEY] = int(of_role["id"].iloc[0])
    chosen = st.sidebar.selectbox(
        t("app.demo_user"), list(labels), key=DEMO_USER_KEY, format_func=fixed(labels), placeholder=t("common.choose")
    )
    return _as_user(of_role.loc[of_role["id"] == chosen].iloc[0], demo=True)


# page id → (file, label key, section key, Material icon)
PAGES: dict[str, tuple[str, str, str, str]] = {
    "overview": ("pages/overview.py", "nav.overview", "nav.section.dashboards", ":material/dashboard:"),
    "channels": ("pages/channels.py", "nav.channels", "nav.section.dashboards", ":material/call_split:"),
    "sla": ("pages/sla.py", "nav.sla", "nav.section.dashboards", ":material/timer:"),
    "agents": ("pages/agents.py", "nav.agents", "nav.section.dashboards", ":material/support_agent:"),
    "loyalty": ("pages/loyalty.py", "nav.loyalty", "nav.section.dashboards", ":material/groups:"),
    "explore": ("pages/explore.py", "nav.explore", "nav.section.dashboards", ":material/query_stats:"),
    "cases": ("pages/cases.py", "nav.cases", "nav.section.work", ":material/search:"),
    "intake": ("pages/intake.py", "nav.intake", "nav.section.work", ":material/add_call:"),
    "handling": ("pages/handling.py", "nav.handling", "nav.section.work", ":material/assignment:"),
    "warning_report": ("pages/warning_report.py", "nav.warning_report", "nav.section.work", ":material/report:"),
    "warning_ledger": ("pages/warning_ledger.py", "nav.warning_ledger", "nav.section.work", ":material/fact_check:"),
    "import": ("pages/import.py", "nav.import", "nav.section.work", ":material/upload_file:"),
    "sample": ("pages/sample.py", "nav.sample", "nav.section.committee", ":material/rule:"),
    "improvements": ("pages/improvements.py", "nav.improvements", "nav.section.committee", ":material/checklist:"),
    "settings": ("pages/settings.py", "nav.settings", "nav.section.admin", ":material/settings:"),
    "users": ("pages/users.py", "nav.users", "nav.section.admin", ":material/manage_accounts:"),
    "audit_log": ("pages/audit_log.py", "nav.audit_log", "nav.section.admin", ":material/policy:"),
    "notifications": ("pages/notifications.py", "nav.notifications", "nav.section.admin", ":material/campaign:"),
    "progress": ("pages/progress.py", "nav.progress", "nav.section.public", ":material/track_changes:"),
}


def _not_for_you(page_id: str) -> Callable[[], None]:
    """The stand-in for a page outside the user's role, reached by typing its address."""

    def refuse() -> None:
        st.title(t(PAGES[page_id][1]))
        st.warning(t("auth.page_not_allowed"), icon=":material/block:")

    refuse.__name__ = f"not_allowed_{page_id}"
    return refuse


def _no_such_page(address: str) -> Callable[[], None]:
    """The stand-in for an address that names no page at all."""

    def not_found() -> None:
        st.title(t("auth.page_not_found.title"))
        st.warning(t("auth.page_not_found", address=md_escape(address)), icon=":material/search_off:")

    not_found.__name__ = "page_not_found"
    return not_found


def _requested_address() -> str | None:
    """The page address the browser asked for by name this run (a typed or opened link); None when
    it asked by the page's id (a menu click, a rerun) or for the root address."""
    ctx = get_script_run_ctx()
    if ctx is None or ctx.pages_manager.intended_page_script_hash:
        return None
    return ctx.pages_manager.intended_page_name or None


def navigation_for(user: CurrentUser) -> dict[str, list[st.Page]]:
    """The pages this user's role may open, grouped by section, in catalogue order.

    Every address answers in the user's language instead of Streamlit's English "Page not found":
    a page outside the role shows a refusal, an unknown address a translated "no such page" (both
    hidden from the menu), and the role's first page, whose address is the root, also answers its
    own name (``/cases?ref=…``) while it is the one asked for.
    """
    sections: dict[str, list[st.Page]] = {}
    allowed = pages_for_role(user.role)
    asked = _requested_address()
    for page_id in allowed:
        path, label, section, icon = PAGES[page_id]
        sections.setdefault(t(section), []).append(st.Page(path, title=t(label), icon=icon, url_path=page_id))
    hidden = [
        st.Page(_not_for_you(page_id), title=t(PAGES[page_id][1]), url_path=page_id, visibility="hidden")
        for page_id in PAGES
        if page_id not in allowed
    ]
    if allowed and asked == allowed[0]:
        # Streamlit serves the default page only at the root; the root gets a hidden copy instead.
        path, label, _, icon = PAGES[asked]
        hidden.append(st.Page(path, title=t(label), icon=icon, url_path="", default=True, visibility="hidden"))
    elif asked and asked not in PAGES and "/" not in asked and asked == asked.strip():
        hidden.append(
            st.Page(_no_such_page(asked), title=t("auth.page_not_found.title"), url_path=asked, visibility="hidden")
        )
    if hidden and sections:
        next(iter(sections.values())).extend(hidden)
    return sections


def open_first_page_after_role_change(user: CurrentUser, sections: dict[str, list[st.Page]], page: st.Page) -> None:
    """After a demo role change, leave a page the new role may not open for the role's first page
    (its address would otherwise show the refusal)."""
    changed = st.session_state.pop(DEMO_ROLE_CHANGED_KEY, False)
    if changed and page.url_path and page.url_path not in pages_for_role(user.role) and sections:
        st.switch_page(next(iter(sections.values()))[0])


PENDING_PAGE_KEY = "pending_page"


def ensure_framed(*, public: bool = False) -> None:
    """Send a page that runs without ``app.py`` to the app's entry point, remembering the address.

    On the very first request after a server start Streamlit may run a file of ``pages/`` on its
    own (its legacy multipage mode); the entry point sets up the user, navigation and filters and
    then opens the page that was asked for (``resume_deep_link``). A ``public`` page is also framed
    for a visitor who is not signed in.
    """
    if USER_KEY not in st.session_state and not (public and PUBLIC_KEY in st.session_state):
        st.session_state[PENDING_PAGE_KEY] = urlparse(st.context.url or "").path.strip("/").split("/")[-1]
        st.switch_page("app.py")


def resume_deep_link(sections: dict[str, list[st.Page]]) -> None:
    """Open the page a first request asked for, if this user's navigation has it."""
    wanted = st.session_state.pop(PENDING_PAGE_KEY, None)
    for page in (p for pages in sections.values() for p in pages):
        if wanted and page.url_path == wanted:
            st.switch_page(page)


def refuse_outside_role(user: CurrentUser, page_file: str) -> None:
    """End the run with the translated refusal when ``page_file`` is a page outside the user's role.

    The navigation never offers such a page, but a page file can run without it (Streamlit's legacy
    first run, see ``ensure_framed``) with the session's user already set: the page refuses itself.
    """
    path = Path(page_file).resolve()
    page_id = next((pid for pid, (file, *_) in PAGES.items() if (APP_ROOT / file).resolve() == path), None)
    if page_id is not None and page_id not in pages_for_role(user.role):
        _not_for_you(page_id)()
        st.stop()


def current_user() -> CurrentUser:
    """The signed-in user, as ``app.py`` set it for this run; the calling page refuses itself
    when it is outside the user's role."""
    ensure_framed()
    user: CurrentUser = st.session_state[USER_KEY]
    refuse_outside_role(user, sys._getframe(1).f_code.co_filename)
    return user
