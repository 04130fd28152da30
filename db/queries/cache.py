"""Bounded read caches keyed by the store URL too, so tests and stores never share entries."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Generic, ParamSpec, TypeVar

import streamlit as st

from db.engine import database_url

P = ParamSpec("P")
R = TypeVar("R")


class StoreCachedRead(Generic[P, R]):
    """A read cached per store: call it like the read; ``clear()`` empties its entries (after a write);
    ``__wrapped__`` is the uncached read (benchmarks call it to reach the store)."""

    def __init__(self, fn: Callable[P, R], ttl: int, max_entries: int) -> None:
        def call(_url_key: str, *args: P.args, **kwargs: P.kwargs) -> R:
            return fn(*args, **kwargs)

        # st.cache_data tells functions apart by module and qualified name: give each its own.
        call.__module__, call.__qualname__ = fn.__module__, f"{fn.__qualname__}.cached"
        self._cached = st.cache_data(ttl=ttl, max_entries=max_entries, show_spinner=False)(call)
        self.__wrapped__ = fn
        functools.update_wrapper(self, fn)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        return self._cached(database_url(), *args, **kwargs)

    def clear(self) -> None:
        self._cached.clear()


def store_cached(ttl: int = 300, max_entries: int = 256) -> Callable[[Callable[P, R]], StoreCachedRead[P, R]]:
    """``st.cache_data`` with a TTL and a size bound, keyed by ``DASHBOARD_DB_URL`` as well."""

    def decorate(fn: Callable[P, R]) -> StoreCachedRead[P, R]:
        return StoreCachedRead(fn, ttl, max_entries)

    return decorate


def forget_every_read() -> None:
    """Empty every cached read: after a write that can change any page's figures for any period
    (re-timing all open cases, an import of past complaints), no single read's ``clear`` is enough."""
    st.cache_data.clear()
