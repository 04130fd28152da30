"""Errors a write can end in, carrying i18n keys so every page can say what is wrong in the user's language."""

from __future__ import annotations

from typing import Any


class InputError(ValueError):
    """Bad input; ``problems`` are (i18n key, format arguments) pairs the page shows translated."""

    def __init__(self, problems: list[tuple[str, dict[str, Any]]]) -> None:
        super().__init__("; ".join(key for key, _ in problems))
        self.problems = problems

    @classmethod
    def one(cls, key: str, **kwargs: Any) -> InputError:
        return cls([(key, kwargs)])


class PermissionDenied(PermissionError):
    """The user's role may not do this; ``key`` is the i18n key of the message."""

    def __init__(self, action: str) -> None:
        super().__init__(action)
        self.key = "errors.permission"
        self.action = action


class OutOfScope(PermissionDenied):
    """The role may do this, but not to this record: it lies outside the user's team, cities or cases."""

    def __init__(self, action: str) -> None:
        super().__init__(action)
        self.key = "errors.out_of_scope"


class DutyConflict(PermissionDenied):
    """Separation of duties: the same person may not both do a thing and check it (``key`` says which)."""

    def __init__(self, action: str, key: str) -> None:
        super().__init__(action)
        self.key = key
