"""Every role × every page, signed in through the identity provider (not demo mode): the role's
pages are in the navigation and render, with no phone or ID number in clear; every other page is absent from the menu and answers its
typed address with the translated refusal, showing none of the page."""

from __future__ import annotations

import pytest

from components import auth
from components.labels import LABELS
from domain.codes import ROLES
from domain.users import pages_for_role
from tests.app.helpers import CLEAR_ID_NUMBER, CLEAR_PHONE, open_address, rendered_text, signed_in

USERNAME = {
    "staff": "staff",
    "dept_head": "head",
    "prevention": "prevention",
    "manager": "manager",
    "committee": "committee",
    "admin": "admin",
}
REFUSAL = LABELS["auth.page_not_allowed"][0]


@pytest.mark.parametrize("role", ROLES)
def test_a_signed_in_role_sees_and_opens_exactly_its_pages(
    seeded_sqlite: str, use_store, monkeypatch: pytest.MonkeyPatch, role: str
) -> None:
    use_store(seeded_sqlite)
    menus: list[dict] = []
    real = auth.navigation_for
    monkeypatch.setattr(auth, "navigation_for", lambda user: menus.append(real(user)) or menus[-1])
    at = signed_in(f"{USERNAME[role]}@demo.cx")
    assert not at.exception
    user = at.session_state[auth.USER_KEY]
    assert (user.role, user.demo) == (role, False)

    allowed = pages_for_role(role)
    title = {page_id: LABELS[auth.PAGES[page_id][1]][0] for page_id in auth.PAGES}
    pages = [p for section in menus[-1].values() for p in section]
    assert [p.title for p in pages if p.visibility == "visible"] == [title[p] for p in allowed]
    assert sorted(p.title for p in pages if p.visibility == "hidden") == sorted(
        title[p] for p in auth.PAGES if p not in allowed
    )

    for page_id in allowed:
        at.switch_page(auth.PAGES[page_id][0]).run()
        assert not at.exception, (page_id, at.exception)
        assert not any(REFUSAL in w.value for w in at.warning), page_id
        assert at.title, page_id
        shown = rendered_text(at)
        clear = CLEAR_PHONE.search(shown) or CLEAR_ID_NUMBER.search(shown)  # customers masked
        assert clear is None, (page_id, shown[max(clear.start() - 200, 0) : clear.end() + 80])

    for page_id in auth.PAGES:
        if page_id in allowed:
            continue
        open_address(at, page_id)
        assert not at.exception, page_id
        assert [t.value for t in at.title] == [title[page_id]]
        assert [w.value for w in at.warning] == [REFUSAL]
        assert not at.dataframe and not at.metric and not at.text_input  # nothing of the page
