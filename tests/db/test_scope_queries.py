"""Every read narrows to the user's scope in SQL, on SQLite and PostgreSQL: a head sees their team,
a manager their cities, staff their own cases and reports; a filter choice outside the scope gives
no rows (never all rows). The store is tests/db/scope_data.py."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from db.queries import agents, cases, intake, loyalty, overview, sla, warnings
from domain.filters import Filters
from domain.users import CurrentUser
from tests.db import scope_data as d
from tests.db.builders import CITY_A, CITY_B
from tests.helpers import AS_OF

NOW = pd.Timestamp(AS_OF)


@pytest.fixture
def store(make_store) -> str:
    return make_store(d.build_rows())


def _seen(f: Filters) -> dict[str, object]:
    """What each kind of read returns under ``f``: complaints, cases, queues, agent facts, warnings, customers."""
    return {
        "volume": overview.volume(f)["complaints"],
        "recent": sorted(cases.recent(f)["ref_no"]),
        "queue": sorted(intake.handling_queue(f, None)["ref_no"]),
        "at_risk": sorted(set(sla.at_risk_queue(f, NOW, hours=7 * 24)["ref_no"])),
        "surveys": overview.satisfaction(f)["surveys"],
        "agents": sorted(agents.scorecards(f, NOW)["code"]),
        "ledger": sorted(warnings.ledger(f)["ref_no"]),
        "warnings": sum(warnings.status_counts(f).values()),
        "customers": int(loyalty.tier_segments(f, d.MONTH)["customers"].sum()),
    }


def _as(user: CurrentUser, **choices: object) -> Filters:
    return replace(d.RANGE, scope=user.scope, **choices)


def test_each_scope_reads_only_its_rows(store: str) -> None:
    everything = _seen(_as(d.ADMIN))
    assert everything["recent"] == everything["at_risk"] == ["TSA11", "TSA13", "TSB12"]
    assert (everything["surveys"], everything["agents"], everything["ledger"], everything["customers"]) == (
        2,
        ["A0001", "A0002"],
        ["YJA1", "YJB2"],
        2,
    )
    assert _seen(_as(d.MANAGER)) == everything  # a manager without cities sees every city

    head_a = _seen(_as(d.HEAD_A))
    assert head_a["volume"] == 2
    assert head_a["recent"] == head_a["queue"] == head_a["at_risk"] == ["TSA11", "TSA13"]
    assert (head_a["surveys"], head_a["agents"], head_a["ledger"], head_a["warnings"]) == (1, ["A0001"], ["YJA1"], 1)
    assert head_a["customers"] == 1  # the team's city

    assert _seen(_as(d.MANAGER_A)) == head_a | {"customers": 1}  # city A holds exactly team A here

    staff_a = _seen(_as(d.STAFF_A))
    assert staff_a["volume"] == 1
    assert staff_a["recent"] == staff_a["queue"] == staff_a["at_risk"] == ["TSA11"]  # their first contact
    assert (staff_a["surveys"], staff_a["agents"], staff_a["customers"]) == (0, [], 0)  # no team figures
    assert (staff_a["ledger"], staff_a["warnings"]) == (["YJA1"], 1)  # their own report

    handler = _seen(_as(d.P1))  # prevention: everything, like the admin
    assert handler == everything

    nobody = _seen(_as(d.NO_TEAM_HEAD))  # a head without a team sees nothing, not everything
    assert (nobody["volume"], nobody["recent"], nobody["surveys"], nobody["ledger"], nobody["customers"]) == (
        0,
        [],
        0,
        [],
        0,
    )


def test_a_filter_choice_outside_the_scope_gives_no_rows(store: str) -> None:
    for f, place in (  # place: the choice is one that warnings have too
        (_as(d.MANAGER_A, city_ids=(CITY_B,)), True),
        (_as(d.HEAD_A, team_ids=(d.TEAM_B,)), True),
        (_as(d.HEAD_A, agent_ids=(2,)), False),  # warnings have no agent: the choice leaves them be
        (_as(d.STAFF_A, city_ids=(CITY_B,)), True),
    ):
        seen = _seen(f)
        assert (seen["volume"], seen["recent"], seen["queue"], seen["at_risk"]) == (0, [], [], [])
        assert (seen["surveys"], seen["agents"]) == (0, [])
        if place:
            assert (seen["ledger"], seen["warnings"]) == ([], 0)
        if f.city_ids:  # customers have a city only; a team or agent choice leaves them in the scope's cities
            assert seen["customers"] == 0
    inside = _seen(_as(d.MANAGER_A, city_ids=(CITY_A,)))
    assert inside["recent"] == ["TSA11", "TSA13"]  # a choice inside the scope narrows as before


def test_a_case_outside_the_scope_is_not_found(store: str) -> None:
    assert cases.case("TSB12", scope=d.HEAD_A.scope) is None
    assert cases.case("TSB12", scope=d.MANAGER_A.scope) is None
    assert cases.case("TSA13", scope=d.STAFF_A.scope) is None  # not theirs
    assert cases.case("tsa11", scope=d.STAFF_A.scope)["ref_no"] == "TSA11"  # first contact
    assert cases.case("TSB12", scope=d.MANAGER.scope)["ref_no"] == "TSB12"


def test_scopes_key_the_cache_apart(store: str) -> None:
    """The same dates and choices under two scopes are two cache entries, not one shared answer."""
    assert overview.volume(_as(d.ADMIN))["complaints"] == 3
    assert overview.volume(_as(d.HEAD_B))["complaints"] == 1
    assert overview.volume(_as(d.ADMIN))["complaints"] == 3
