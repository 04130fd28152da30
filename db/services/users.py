"""Admin writes on accounts: create, edit (name, e-mail, role, team, cities), disable and enable.

Every change writes an audit row with who (the row's user), when, and the values before and after.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from db.engine import session_scope
from db.models import AuditLog, City, Team, User, UserCity
from db.queries import users as q
from db.services.common import InputError, audit, require
from domain import inputs
from domain.users import AccountForm, CurrentUser, checked_account

ADMINS = frozenset({"admin"})
ENTITY = "user"


def _valid(form: AccountForm) -> AccountForm:
    clean, problems = checked_account(form)
    if problems:
        raise InputError(problems)
    return clean


def _check_references(s: Session, form: AccountForm, user_id: int | None) -> None:
    """Unique username and e-mail (compared without case), an existing team and existing cities."""
    others = select(User.id).where(User.id != user_id) if user_id is not None else select(User.id)
    if s.scalar(others.where(func.lower(User.username) == form.username).limit(1)) is not None:
        raise InputError.one("users.err.username_taken", username=form.username)
    if s.scalar(others.where(func.lower(User.email) == form.email).limit(1)) is not None:
        raise InputError.one("users.err.email_taken", email=form.email)
    if form.team_id is not None and s.get(Team, form.team_id) is None:
        raise InputError.one("users.err.team")
    if form.city_ids:
        found = s.scalar(select(func.count()).select_from(City).where(City.id.in_(form.city_ids)))
        if found != len(form.city_ids):
            raise InputError.one("users.err.city")


def _snapshot(s: Session, row: User) -> dict[str, Any]:
    """The account's values as the audit row keeps them (before or after a change)."""
    cities = s.scalars(select(UserCity.city_id).where(UserCity.user_id == row.id).order_by(UserCity.city_id))
    return {
        "username": row.username,
        "display_name": row.display_name,
        "email": row.email,
        "role": row.role,
        "team_id": row.team_id,
        "city_ids": list(cities),
        "active": row.active,
    }


def _set_cities(s: Session, user_id: int, city_ids: tuple[int, ...]) -> None:
    s.execute(delete(UserCity).where(UserCity.user_id == user_id))
    s.add_all(UserCity(user_id=user_id, city_id=c) for c in city_ids)
    s.flush()


def _earlier_create(s: Session, token: str) -> int | None:
    """The account a submit with ``token`` already created (users have no token column; the audit row keeps it)."""
    found = s.scalar(
        select(AuditLog.entity_id).where(
            AuditLog.action == "user.create", AuditLog.detail["token"].as_string() == token
        )
    )
    return None if found is None else int(found)


def create_user(by: CurrentUser, form: AccountForm, *, token: str) -> int:
    """A new active account; returns its id (the same id again for a repeated submit)."""
    require(by, ADMINS, "user.create")
    clean = _valid(form)
    problem = inputs.form_token(token)
    if problem:
        raise InputError([problem])
    with session_scope() as s:
        earlier = _earlier_create(s, token)
        if earlier is not None:
            return earlier
        _check_references(s, clean, None)
        row = User(
            username=clean.username,
            display_name=clean.display_name,
            email=clean.email,
            role=clean.role,
            team_id=clean.team_id,
            active=True,
        )
        s.add(row)
        s.flush()
        _set_cities(s, row.id, clean.city_ids)
        audit(s, by, "user.create", ENTITY, row.id, token=token, before=None, after=_snapshot(s, row))
        user_id = row.id
    q.forget()
    return user_id


def _locked(s: Session, user_id: int) -> User:
    row = s.scalars(select(User).where(User.id == user_id).with_for_update()).first()
    if row is None:
        raise InputError.one("users.err.not_found")
    return row


def update_user(by: CurrentUser, user_id: int, form: AccountForm) -> bool:
    """Change name, e-mail, role, team and cities; returns False when nothing changed (no audit row)."""
    require(by, ADMINS, "user.update")
    clean = _valid(form)
    with session_scope() as s:
        row = _locked(s, user_id)
        if by.id == row.id and clean.role != "admin":
            raise InputError.one("users.err.own_role")
        _check_references(s, clean, row.id)
        before = _snapshot(s, row)
        row.username, row.display_name, row.email = clean.username, clean.display_name, clean.email
        row.role, row.team_id = str(clean.role), clean.team_id
        _set_cities(s, row.id, clean.city_ids)
        after = _snapshot(s, row)
        if after == before:
            return False
        changed = sorted(k for k in after if after[k] != before[k])
        audit(
            s,
            by,
            "user.update",
            ENTITY,
            row.id,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    q.forget()
    return True


def set_active(by: CurrentUser, user_id: int, active: bool) -> bool:
    """Disable (no sign-in, off the pickers) or enable an account; returns False when it already was."""
    action = "user.enable" if active else "user.disable"
    require(by, ADMINS, action)
    with session_scope() as s:
        row = _locked(s, user_id)
        if by.id == row.id and not active:
            raise InputError.one("users.err.own_account")
        if row.active == active:
            return False
        row.active = active
        audit(s, by, action, ENTITY, row.id, before={"active": not active}, after={"active": active})
    q.forget()
    return True
