"""Kept charts (``components.chart_cache``): a view's chart is built once per data and language, and
the kept spec or figure is the one Streamlit would have drawn from a freshly built chart."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
import pytest
import streamlit as st
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from components import charts, i18n
from components.chart_cache import cached_altair, cached_figure

WEEKS = [date(2026, 9, 7) + timedelta(weeks=k) for k in range(6)]


@pytest.fixture
def speaking(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The session's language as the toggle keeps it; the test changes it through the returned dict."""
    state = {i18n.LANG_KEY: "zh"}
    monkeypatch.setattr(st, "session_state", state)
    return state


def _frame(top: int) -> pd.DataFrame:
    return pd.DataFrame({"week": WEEKS, "complaints": range(top, top + len(WEEKS))})


def test_an_altair_view_is_built_once_per_data_and_language(speaking: dict[str, str]) -> None:
    built: list[tuple[str, int]] = []

    @cached_altair
    def trend(frame: pd.DataFrame) -> charts.AltChart:
        built.append((i18n.lang(), int(frame["complaints"].iloc[0])))
        title = i18n.t("overview.col.week")
        return charts.line_chart(frame, x="week", y="complaints", color=None, title=title, x_title="", y_title="")

    first = trend.specs(_frame(100))
    again = trend.specs(_frame(100))
    assert built == [("zh", 100)] and again == first
    trend.specs(_frame(200))
    speaking[i18n.LANG_KEY] = "en"
    english = trend.specs(_frame(100))
    assert built == [("zh", 100), ("zh", 200), ("en", 100)]
    assert english[0]["title"] != first[0]["title"]

    # The kept spec is what Streamlit makes of the chart built now, and the view still gives the chart.
    fresh = trend(_frame(100))
    assert isinstance(fresh, charts.alt.TopLevelMixin)
    assert english == (_convert_altair_to_vega_lite_spec(fresh),)


def test_each_call_gets_its_own_copy_of_the_spec(speaking: dict[str, str]) -> None:
    @cached_altair
    def bars(frame: pd.DataFrame) -> charts.AltChart:
        return charts.bar_chart(
            frame.assign(week=frame["week"].astype(str)),
            x="week",
            y="complaints",
            color=None,
            title="",
            x_title="",
            y_title="",
        )

    (spec,) = bars.specs(_frame(1))
    spec.pop("datasets")  # drawing a spec moves its data out of it
    (again,) = bars.specs(_frame(1))
    assert "datasets" in again


def test_a_plotly_view_keeps_one_figure_per_data_and_language(speaking: dict[str, str]) -> None:
    built: list[str] = []

    @cached_figure
    def heat(frame: pd.DataFrame) -> go.Figure:
        built.append(i18n.lang())
        cells = frame.assign(row="a", week=frame["week"].astype(str))
        return charts.heatmap(cells, x="week", y="row", z="complaints", title="", x_title="", y_title="")

    kept = heat.figure(_frame(5))
    assert heat.figure(_frame(5)) is kept and built == ["zh"]
    speaking[i18n.LANG_KEY] = "en"
    assert heat.figure(_frame(5)) is not kept and built == ["zh", "en"]
    assert isinstance(heat(_frame(5)), go.Figure) and built == ["zh", "en", "en"]
