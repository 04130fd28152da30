"""The signed-in user as the rest of the app sees it, and which pages each role may open."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from domain import inputs
from domain.codes import ROLES


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    display_name: str
    role: str
    city_id: int | None = None
    team_id: int | None = None
    demo: bool = False
    city_ids: tuple[int, ...] = ()  # the cities a manager is limited to (user_cities); none = all

    @property
    def scope(self) -> Scope:
        return Scope.of(self)


@dataclass(frozen=True)
class Scope:
    """The part of the data a user sees and acts on; ``None`` is "no limit of this kind".

    A department head: their own team (no team: nothing). A manager: their cities, or everything
    when none are set. Staff: the cases they own or took first contact of, and their own warning
    reports (``owner_id``). Everyone else: everything. Frozen and hashable, so it keys caches.
    """

    team_ids: tuple[int, ...] | None = None
    city_ids: tuple[int, ...] | None = None
    owner_id: int | None = None

    @classmethod
    def of(cls, user: CurrentUser) -> Scope:
        if user.role == "dept_head":
            return cls(team_ids=() if user.team_id is None else (user.team_id,))
        if user.role == "manager" and user.city_ids:
            return cls(city_ids=tuple(sorted(set(user.city_ids))))
        if user.role == "staff":
            return cls(owner_id=user.id)
        return cls()

    @property
    def unlimited(self) -> bool:
        return self.team_ids is None and self.city_ids is None and self.owner_id is None

    def _place(self, city_id: int | None, team_id: int | None) -> bool:
        if self.team_ids is not None and team_id not in self.team_ids:
            return False
        return self.city_ids is None or city_id in self.city_ids

    def covers_case(
        self, *, city_id: int | None, team_id: int | None, handler_id: int | None, first_owner_id: int | None
    ) -> bool:
        """A complaint: in the team or cities, and for staff one they own or took first contact of."""
        if self.owner_id is not None and self.owner_id not in (handler_id, first_owner_id):
            return False
        return self._place(city_id, team_id)

    def covers_warning(self, *, city_id: int | None, team_id: int | None, reporter_id: int | None) -> bool:
        """A warning report: in the reporting team or cities, and for staff one they reported."""
        if self.owner_id is not None and self.owner_id != reporter_id:
            return False
        return self._place(city_id, team_id)

    def covers_team(self, *, city_id: int | None, team_id: int | None) -> bool:
        """A team (and its agents) as a filter choice; staff choose any place within their own cases."""
        return self._place(city_id, team_id)

    def covers_city(self, city_id: int) -> bool:
        """A city as a filter choice (a head picks none: their team fixes the place)."""
        return self.city_ids is None or city_id in self.city_ids


EVERYTHING: Final = Scope()  # the scope of roles that see all data; the default of reads

_ANALYSTS = frozenset({"manager", "committee", "prevention", "admin"})

# page id → roles that may open it, in navigation order
PAGE_ROLES: dict[str, frozenset[str]] = {
    "overview": _ANALYSTS | {"dept_head"},
    "channels": _ANALYSTS,
    "sla": _ANALYSTS | {"dept_head"},
    "agents": _ANALYSTS | {"dept_head"},
    "loyalty": _ANALYSTS,
    "explore": _ANALYSTS,
    "cases": _ANALYSTS | {"staff", "dept_head"},
    "intake": frozenset({"staff", "prevention", "admin"}),
    "handling": frozenset({"prevention", "manager", "admin"}),
    "warning_report": frozenset({"staff", "dept_head"}),
    "warning_ledger": frozenset({"dept_head", "prevention", "manager", "admin"}),
    "import": frozenset({"prevention", "admin"}),
    "sample": frozenset({"committee", "admin"}),
    "improvements": frozenset({"committee", "manager", "prevention", "admin"}),
    "settings": frozenset({"admin"}),
    "users": frozenset({"admin"}),
    "audit_log": frozenset({"admin"}),
    "notifications": frozenset({"admin"}),
    # The complainant's progress lookup needs no sign-in; staff open it to see what a complainant sees.
    "progress": frozenset(ROLES),
}
PUBLIC_PAGE: Final = "progress"  # the one page of a visitor who is not signed in


def pages_for_role(role: str) -> list[str]:
    return [page for page, roles in PAGE_ROLES.items() if role in roles]


# --------------------------------------------------------------------------- managing accounts

TEAM_ROLES: Final = frozenset({"staff", "dept_head"})  # report warnings up to their team's head
CITY_ROLES: Final = frozenset({"manager"})  # may be limited to cities
MAX_DISPLAY_NAME: Final = 60  # users.display_name is VARCHAR(60)


@dataclass(frozen=True)
class AccountForm:
    """What the admin types for a person; ``role`` is None while not chosen."""

    username: str
    display_name: str
    email: str
    role: str | None
    team_id: int | None = None
    city_ids: tuple[int, ...] = ()


def checked_account(form: AccountForm) -> tuple[AccountForm, list[inputs.Problem]]:
    """The form as stored (trimmed, lower-case username and e-mail, sorted cities) and its problems:
    staff and heads need a team, only managers are limited to cities."""
    check = inputs.Inputs()
    username = check.text(form.username, field="users.field.username", max_chars=60)
    username = re.sub(r"\s+", "", username).lower()
    if username and not check.problems and not inputs.USERNAME.fullmatch(username):
        check.add("users.err.username")
    display = check.text(form.display_name, field="users.field.display_name", max_chars=MAX_DISPLAY_NAME)
    email = check.take(inputs.email_address(form.email, field="users.field.email", format_key="users.err.email"))
    check.check(inputs.one_of(form.role, ROLES, field="users.field.role"))
    team_id = form.team_id
    if form.role in TEAM_ROLES and team_id is None:
        check.add(inputs.CHOOSE, field="users.field.team")
    elif team_id is not None and inputs.record_id(team_id) is None:
        check.add("users.err.team")
    cities = tuple(sorted({int(c) for c in form.city_ids if inputs.record_id(c) is not None}))
    if len(cities) != len(set(form.city_ids)):
        check.add("users.err.city")
    elif cities and form.role not in CITY_ROLES:
        check.add("users.err.cities_for_managers")
    clean = AccountForm(username, display, email, form.role, team_id, cities)
    return clean, check.problems
