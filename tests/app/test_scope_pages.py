"""Pages keep to the user's scope: the sidebar offers in-scope choices only; a case outside the
scope, opened by its number, says "not found or not in your scope" and shows none of it; a case
inside it opens."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from tests.app.helpers import AppRunner


def _ref(url: str, sql: str) -> tuple[str, str]:
    with create_engine(url).connect() as conn:
        ref, description = conn.execute(text(sql)).one()
    return str(ref), str(description)


@pytest.fixture
def refs(seeded_sqlite: str) -> dict[str, tuple[str, str]]:
    """A case of the demo head's team and one of another team (number and description)."""
    head_team = "(SELECT team_id FROM users WHERE username = 'head')"
    pick = "SELECT ref_no, description FROM complaints WHERE team_id {} {} ORDER BY id LIMIT 1"
    return {
        "own": _ref(seeded_sqlite, pick.format("=", head_team)),
        "other": _ref(seeded_sqlite, pick.format("<>", head_team)),
    }


@pytest.mark.parametrize(
    ("lang", "message"),
    [("zh", "或它不在你的数据范围内"), ("en", "or it is not in your scope")],
)
def test_a_head_cannot_open_another_teams_case(app: AppRunner, refs: dict, lang: str, message: str) -> None:
    ref, description = refs["other"]
    at = app(role="dept_head", lang=lang, page="pages/cases.py", cases_ref=ref)
    assert not at.exception
    assert message in at.warning[0].value and ref in at.warning[0].value
    shown = "\n".join(str(e.value) for kind in ("markdown", "text", "caption") for e in getattr(at.main, kind))
    assert description not in shown
    assert all(ref not in df.value.to_string() for df in at.main.dataframe)  # not in the recent list either


def test_a_head_opens_their_own_teams_case(app: AppRunner, refs: dict) -> None:
    ref, _ = refs["own"]
    at = app(role="dept_head", lang="en", page="pages/cases.py", cases_ref=ref)
    assert not at.exception
    assert not [w for w in at.warning if "not in your scope" in w.value]
    assert at.main.subheader[0].value.startswith(ref)  # the case itself is drawn


def test_the_sidebar_offers_only_in_scope_choices(app: AppRunner, seeded_sqlite: str) -> None:
    with create_engine(seeded_sqlite).connect() as conn:
        regional = conn.execute(text("SELECT id FROM users WHERE username = 'manager2'")).scalar_one()
        head_team = conn.execute(text("SELECT team_id FROM users WHERE username = 'head'")).scalar_one()
        team_agents = set(
            conn.execute(text("SELECT id FROM agents WHERE team_id = :t AND active"), {"t": head_team}).scalars()
        )
        city_teams = set(
            conn.execute(text("SELECT id FROM teams WHERE city_id IN (1, 2) AND department = 'collection'")).scalars()
        )
    manager = app(role="manager", lang="en", demo_user=regional)
    assert not manager.exception
    assert len(manager.multiselect(key="flt_city").options) == 2  # the two cities of user_cities
    assert len(manager.multiselect(key="flt_team").options) == len(city_teams)
    assert any("Data is limited to" in c.value for c in manager.sidebar.caption)

    head = app(role="dept_head", lang="en")
    assert not head.exception
    assert not [m for m in head.sidebar.multiselect if m.key in ("flt_city", "flt_team")]  # their team, fixed
    assert len(head.multiselect(key="flt_agent").options) == len(team_agents)
