"""Reads of the admin's user list: every account, active or not, with its team and cities."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from db.models import Team, User
from db.queries import reference, run
from db.queries.cache import store_cached


@store_cached(ttl=60, max_entries=4)
def accounts() -> pd.DataFrame:
    """id, username, display_name, email, role, team_id, team, team_en, active and city_ids (a
    sorted tuple), ordered by id."""
    stmt = (
        select(*reference.USER_COLUMNS, Team.name.label("team"), Team.name_en.label("team_en"), User.active)
        .outerjoin(Team, Team.id == User.team_id)
        .order_by(User.id)
    )
    return reference.with_city_ids(run.frame(stmt))


def forget() -> None:
    """Called by every user write: the list, the sign-in lookup and the demo picker change."""
    for fn in (accounts, reference.users, reference.active_user_by_email):
        fn.clear()
