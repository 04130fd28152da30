"""Entry point: page config, the user, navigation for their role, global filters."""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from components import auth, calendar_notice, filters, i18n, incidents
from components.i18n import t
from db.clock import now
from db.migrate import ensure_schema
from db.queries import reference, sla_config
from db.services import access

# The first run after a server start happens in Streamlit's legacy pages/ mode (the folder sits
# next to this file), which gives the widgets below other identities than every later run, so the
# user's first click would be lost. st.navigation ends that mode; rerun once right after it.
legacy_first_run = bool(PagesManager.uses_pages_directory)

st.set_page_config(page_title="客户体验看板 · CX Dashboard", page_icon=":material/support_agent:", layout="wide")
filters.restore_from_url()  # a reload or a shared link: language, filters and view from the address
i18n.language_toggle()  # before the store is touched: a store fault is shown in the chosen language
try:
    ensure_schema()
    user = auth.session_user(
        reference.active_user_by_email, access.record_sign_in, access.record_refused_sign_in, reference.users
    )
    lists = reference.cities(), reference.teams(), reference.agents()  # the sidebar's pickers
except Exception as exc:  # noqa: BLE001 - the store's fault (or an apology) in the frame, not a traceback
    failure = exc

    def store_unavailable() -> None:
        incidents.show(failure, "app start")

    # One hidden page: the legacy pages/ list would offer pages that run without this frame.
    page = st.navigation([st.Page(store_unavailable, title=t("app.title"), url_path="unavailable")], position="hidden")
    if legacy_first_run:
        st.rerun()
    page.run()
    st.stop()
st.session_state[auth.USER_KEY] = user
sections = auth.navigation_for(user)
nav = st.navigation(sections, expanded=True)  # every page listed: no English "View N more"
if legacy_first_run:
    st.rerun()
auth.resume_deep_link(sections)
auth.open_first_page_after_role_change(user, sections, nav)
filters.sidebar(user, *lists, now().date())


def run_page() -> None:
    """The chosen page, under the admins' banner while a year's holiday schedule is missing. The
    run's language is read once: a page looks labels up thousands of times, and each reading of the
    session's choice costs tens of microseconds."""
    with i18n.speaking(i18n.lang()):
        if user.role == "admin":
            calendar_notice.schedule_banner(sla_config.calendar().missing_schedule_year(now().date()))
        nav.run()


filters.keep_in_url(now().date())
incidents.guard(run_page, nav.url_path or "home")
