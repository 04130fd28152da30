"""Bounded read caches keyed by the store URL too, so tests and stores never share entries."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import streamlit as st

from db.engine import database_url

P = ParamSpec("P")
R = TypeVar("R")


def store_cached(ttl: int = 300, max_entries: int = 256) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """``st.cache_data`` with a TTL and a size bound, keyed by ``DASHBOARD_DB_URL`` as well."""

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        def call(_url_key: str, *args: P.args, **kwargs: P.kwargs) -> R:
            return fn(*args, **kwargs)

        # st.cache_data tells functions apart by module and qualified name: give each its own.
        call.__module__, call.__qualname__ = fn.__module__, f"{fn.__qualname__}.cached"
        cached = st.cache_data(ttl=ttl, max_entries=max_entries, show_spinner=False)(call)

        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            return cached(database_url(), *args, **kwargs)

        wrapper.clear = cached.clear  # type: ignore[attr-defined]
        return wrapper

    return decorate
