"""Charts built once per data and language, so a page rerun draws a kept chart instead of building it.

Building charts was most of a warm rerun (0.2–0.9 s a page with every read cached): Altair checks
each part of a chart against the Vega-Lite schema when it is built and again when Streamlit converts
it, and Plotly checks every property it is given. A view function decorated here is still called as
before, giving the chart itself (tests and the monthly report use that); a page asks it instead for
``specs(...)`` (Altair: the Vega-Lite specs Streamlit would send, kept by ``st.cache_data``) or
``figure(...)`` (Plotly: the figure, kept by ``st.cache_resource``: unpickling a figure would check
it all again, so it is shared, and must not be changed after it is built).

Entries are keyed by the arguments and the interface language (view functions translate labels).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Generic, ParamSpec, TypeVar

import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

# Streamlit's own conversion, so a kept spec is exactly what st.altair_chart would have sent.
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from components.charts import AltChart
from components.i18n import lang

P = ParamSpec("P")
R = TypeVar("R", bound=AltChart | tuple[AltChart, ...])
VegaLiteSpec = dict[str, Any]

# Per view function. A figure holds its data (up to a few hundred kB for the largest heatmaps), so
# the bound keeps every kept chart together within about 150 MB; entries live as long as the reads'.
ENTRIES = 64
TTL_S = 600


def _named(fn: Callable[..., Any], build: Callable[..., Any], suffix: str) -> None:
    """Streamlit's caches tell functions apart by module and qualified name: give each its own."""
    fn.__module__, fn.__qualname__ = build.__module__, f"{build.__qualname__}.{suffix}"


class CachedAltair(Generic[P, R]):
    """An Altair view function: call it for the chart(s); ``specs`` gives their kept Vega-Lite specs."""

    def __init__(self, build: Callable[P, R]) -> None:
        def convert(language: str, *args: P.args, **kwargs: P.kwargs) -> tuple[VegaLiteSpec, ...]:
            built = build(*args, **kwargs)
            return tuple(
                _convert_altair_to_vega_lite_spec(c) for c in (built if isinstance(built, tuple) else (built,))
            )

        _named(convert, build, "specs")
        self._specs = st.cache_data(ttl=TTL_S, max_entries=ENTRIES, show_spinner=False)(convert)
        self._build = build
        functools.update_wrapper(self, build)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        return self._build(*args, **kwargs)

    def specs(self, *args: P.args, **kwargs: P.kwargs) -> tuple[VegaLiteSpec, ...]:
        """The specs of the chart(s) in the current language; a fresh copy each call (drawing consumes it)."""
        return self._specs(lang(), *args, **kwargs)


class CachedFigure(Generic[P]):
    """A Plotly view function: call it for a new figure; ``figure`` gives the kept, shared one."""

    def __init__(self, build: Callable[P, go.Figure]) -> None:
        def keep(language: str, *args: P.args, **kwargs: P.kwargs) -> go.Figure:
            return build(*args, **kwargs)

        _named(keep, build, "figure")
        self._figure = st.cache_resource(ttl=TTL_S, max_entries=ENTRIES, show_spinner=False)(keep)
        self._build = build
        functools.update_wrapper(self, build)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> go.Figure:
        return self._build(*args, **kwargs)

    def figure(self, *args: P.args, **kwargs: P.kwargs) -> go.Figure:
        """The figure in the current language, shared by every session: draw it, never change it."""
        return self._figure(lang(), *args, **kwargs)


def cached_altair(build: Callable[P, R]) -> CachedAltair[P, R]:
    return CachedAltair(build)


def cached_figure(build: Callable[P, go.Figure]) -> CachedFigure[P]:
    return CachedFigure(build)


def show(spec: VegaLiteSpec, *, key: str, where: DeltaGenerator | None = None) -> None:
    """Draw a kept Altair chart across the width of ``where`` (default: the page)."""
    if where is None:
        st.vega_lite_chart(spec, key=key, width="stretch")
    else:
        where.vega_lite_chart(spec, key=key, width="stretch")
