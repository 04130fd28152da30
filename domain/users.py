"""The signed-in user as the rest of the app sees it, and which pages each role may open."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    display_name: str
    role: str
    city_id: int | None = None
    team_id: int | None = None
    demo: bool = False

    @property
    def scoped_team(self) -> int | None:
        """Department heads see their own team's data only."""
        return self.team_id if self.role == "dept_head" else None

    @property
    def scoped_city(self) -> int | None:
        """A manager with a city sees that city only."""
        return self.city_id if self.role == "manager" else None


_ANALYSTS = frozenset({"manager", "committee", "prevention", "admin"})

# page id → roles that may open it, in navigation order
PAGE_ROLES: dict[str, frozenset[str]] = {
    "overview": _ANALYSTS | {"dept_head"},
    "channels": _ANALYSTS,
    "sla": _ANALYSTS | {"dept_head"},
    "agents": _ANALYSTS | {"dept_head"},
    "loyalty": _ANALYSTS,
    "cases": _ANALYSTS | {"staff", "dept_head"},
    "intake": frozenset({"staff", "prevention", "admin"}),
    "handling": frozenset({"prevention", "manager", "admin"}),
    "warning_report": frozenset({"staff", "dept_head"}),
    "warning_ledger": frozenset({"dept_head", "prevention", "manager", "admin"}),
    "import": frozenset({"prevention", "admin"}),
    "sample": frozenset({"committee", "admin"}),
    "improvements": frozenset({"committee", "manager", "prevention", "admin"}),
    "settings": frozenset({"admin"}),
}


def pages_for_role(role: str) -> list[str]:
    return [page for page, roles in PAGE_ROLES.items() if role in roles]
