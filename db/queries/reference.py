"""Small lookup lists for filters and pickers: cities, teams, agents, users."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from db.models import Agent, City, Team, User, UserCity
from db.queries import run
from db.queries.cache import store_cached


@store_cached(ttl=600, max_entries=8)
def cities() -> pd.DataFrame:
    return run.frame(select(City.id, City.name, City.name_en, City.province, City.province_en).order_by(City.id))


@store_cached(ttl=600, max_entries=8)
def teams() -> pd.DataFrame:
    return run.frame(select(Team.id, Team.name, Team.name_en, Team.city_id, Team.department).order_by(Team.id))


@store_cached(ttl=600, max_entries=8)
def agents() -> pd.DataFrame:
    return run.frame(
        select(Agent.id, Agent.code, Agent.name, Agent.team_id, Team.city_id)
        .join(Team, Team.id == Agent.team_id)
        .where(Agent.active)
        .order_by(Agent.code)
    )


USER_COLUMNS = (User.id, User.username, User.display_name, User.email, User.role, User.city_id, User.team_id)


def with_city_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` of users with a ``city_ids`` column: the sorted tuple of the cities each is limited to."""
    ids = [int(i) for i in frame["id"]]
    rows = run.rows(select(UserCity.user_id, UserCity.city_id).where(UserCity.user_id.in_(ids))) if ids else []
    cities: dict[int, list[int]] = {}
    for user_id, city_id in rows:
        cities.setdefault(int(user_id), []).append(int(city_id))
    return frame.assign(city_ids=[tuple(sorted(cities.get(i, []))) for i in ids])


@store_cached(ttl=60, max_entries=8)
def users() -> pd.DataFrame:
    return with_city_ids(run.frame(select(*USER_COLUMNS).where(User.active).order_by(User.id)))


@store_cached(ttl=30, max_entries=256)
def active_user_by_email(email: str) -> pd.Series | None:
    """The active user signed in with ``email`` (compared without case), or None: unknown and
    disabled accounts get no access. Cached briefly, so disabling someone takes effect within 30 s."""
    found = run.frame(
        select(*USER_COLUMNS).where(func.lower(User.email) == email.strip().lower(), User.active).limit(1)
    )
    return None if found.empty else with_city_ids(found).iloc[0]
