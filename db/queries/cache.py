"""Bounded read caches keyed by the store URL too, so tests and stores never share entries."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import fields, replace
from datetime import date
from typing import Generic, ParamSpec, TypeVar

import streamlit as st

from db.engine import database_url
from domain.filters import Filters

P = ParamSpec("P")
R = TypeVar("R")


# The filter a read's unused ``Filters`` fields are taken from (start and end go together; the scope
# always keys an entry).
_NEUTRAL = Filters(date(2000, 1, 1), date(2000, 1, 1))
_FIELDS = frozenset(field.name for field in fields(Filters)) - {"scope"}


# ``uses`` sets of the reads that ignore some filters.
DATES = frozenset({"start", "end"})
ANY_TIME = frozenset({"city_ids", "team_ids", "agent_ids", "channels", "levels"})  # the queues of now
CUSTOMER_PLACES = frozenset({"city_ids"})  # customers have a city and nothing else
AGENT_FACTS = DATES | {"city_ids", "team_ids", "agent_ids"}  # surveys, contacts, QA: no channel or level
WARNING_PLACES = DATES | {"city_ids", "team_ids"}


def _only(uses: frozenset[str] | None, value: object) -> object:
    """``value``, or a ``Filters`` with the fields the read does not use set to one neutral value, so
    changing such a filter finds the entry already cached instead of running the read again."""
    if uses is None or not isinstance(value, Filters):
        return value
    return replace(value, **{name: getattr(_NEUTRAL, name) for name in _FIELDS - uses})


class StoreCachedRead(Generic[P, R]):
    """A read cached per store: call it like the read; ``clear()`` empties its entries (after a write);
    ``__wrapped__`` is the uncached read (benchmarks call it to reach the store)."""

    def __init__(self, fn: Callable[P, R], ttl: int, max_entries: int, uses: frozenset[str] | None = None) -> None:
        def call(_url_key: str, *args: P.args, **kwargs: P.kwargs) -> R:
            return fn(*args, **kwargs)

        # st.cache_data tells functions apart by module and qualified name: give each its own.
        call.__module__, call.__qualname__ = fn.__module__, f"{fn.__qualname__}.cached"
        self._cached = st.cache_data(ttl=ttl, max_entries=max_entries, show_spinner=False)(call)
        self.__wrapped__ = fn
        self._uses = uses
        functools.update_wrapper(self, fn)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        keyed_args = [_only(self._uses, a) for a in args]
        keyed_kwargs = {k: _only(self._uses, v) for k, v in kwargs.items()}
        # The same arguments, a Filters among them narrowed to the fields the read uses.
        return self._cached(database_url(), *keyed_args, **keyed_kwargs)  # type: ignore[arg-type]

    def clear(self) -> None:
        self._cached.clear()


def store_cached(
    ttl: int = 300, max_entries: int = 256, uses: frozenset[str] | None = None
) -> Callable[[Callable[P, R]], StoreCachedRead[P, R]]:
    """``st.cache_data`` with a TTL and a size bound, keyed by ``DASHBOARD_DB_URL`` as well. ``uses``
    names the ``Filters`` fields the read depends on (None: all); the others do not key its entries."""

    def decorate(fn: Callable[P, R]) -> StoreCachedRead[P, R]:
        return StoreCachedRead(fn, ttl, max_entries, uses)

    return decorate


def forget_every_read() -> None:
    """Empty every cached read: after a write that can change any page's figures for any period
    (re-timing all open cases, an import of past complaints), no single read's ``clear`` is enough."""
    st.cache_data.clear()
