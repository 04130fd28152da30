"""Plotly figures with one palette for levels, tiers and stages everywhere; drawing only."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

LEVEL_COLORS = {"L1": "#d62728", "L2": "#ff7f0e", "L3": "#1f77b4"}
TIER_COLORS = {"potential": "#2ca02c", "stable": "#1f77b4", "high_risk": "#d62728", "dormant": "#7f7f7f"}
SEQUENTIAL = "Reds"
FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"


def _style(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=40, b=10),
        font_family=FONT,
        legend_title_text="",
        hoverlabel=dict(font_family=FONT),
    )
    return fig


def heatmap(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    z: str,
    title: str,
    x_title: str,
    y_title: str,
    z_format: str = ".0%",
    text: str | None = None,
    height: int = 420,
) -> go.Figure:
    """A rate heatmap; ``df`` is long form (one row per cell). Cells are clickable (select → rerun)."""
    grid = df.pivot_table(index=y, columns=x, values=z, aggfunc="first", sort=False)
    custom = None
    if text is not None:
        custom = df.pivot_table(index=y, columns=x, values=text, aggfunc="first", sort=False).reindex_like(grid).values
    fig = go.Figure(
        go.Heatmap(
            z=grid.values,
            x=[str(c) for c in grid.columns],
            y=[str(i) for i in grid.index],
            colorscale=SEQUENTIAL,
            zmin=0,
            colorbar=dict(tickformat=z_format),
            customdata=custom,
            xgap=1,
            ygap=1,
            hovertemplate=f"%{{y}} · %{{x}}<br>%{{z:{z_format}}}"
            + ("<br>%{customdata}" if custom is not None else "")
            + "<extra></extra>",
        )
    )
    fig.update_layout(title=title, xaxis_title=x_title, yaxis_title=y_title)
    fig.update_yaxes(autorange="reversed")
    return _style(fig, height)


def selected_cell(event: Any) -> tuple[str, str] | None:
    """(x, y) of the heatmap cell the user clicked, from ``st.plotly_chart(on_select="rerun")``."""
    try:
        point = event["selection"]["points"][0]
    except (KeyError, IndexError, TypeError):
        return None
    return str(point["x"]), str(point["y"])


def lines(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    color: str | None,
    title: str,
    labels: dict[str, str],
    color_map: dict[str, str] | None = None,
    y_format: str | None = None,
    height: int = 340,
    target: float | None = None,
    target_label: str | None = None,
) -> go.Figure:
    fig = px.line(
        df, x=x, y=y, color=color, markers=True, labels=labels, title=title, color_discrete_map=color_map or {}
    )
    if y_format:
        fig.update_yaxes(tickformat=y_format)
    if target is not None:
        add_target_line(fig, df[x], target, target_label or "")
    if pd.api.types.is_datetime64_any_dtype(df[x]) or (len(df) and isinstance(df[x].iloc[0], date)):
        fig.update_xaxes(tickformat="%m-%d")  # numeric dates read the same in both languages
    return _style(fig, height)


def add_target_line(fig: go.Figure, xs: pd.Series, target: float, label: str, color: str = "#555") -> None:
    """A dashed target line that is named in the legend (a text label would sit on the data)."""
    fig.add_trace(
        go.Scatter(
            x=[xs.min(), xs.max()],
            y=[target, target],
            mode="lines",
            name=label,
            line=dict(dash="dash", color=color, width=1.5),
            hoverinfo="skip",
        )
    )


def bars(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    color: str | None,
    title: str,
    labels: dict[str, str],
    color_map: dict[str, str] | None = None,
    horizontal: bool = False,
    stacked: bool = True,
    y_format: str | None = None,
    height: int = 360,
) -> go.Figure:
    fig = px.bar(
        df,
        x=y if horizontal else x,
        y=x if horizontal else y,
        color=color,
        labels=labels,
        title=title,
        orientation="h" if horizontal else "v",
        color_discrete_map=color_map or {},
        barmode="stack" if stacked else "group",
    )
    if y_format:
        (fig.update_xaxes if horizontal else fig.update_yaxes)(tickformat=y_format)
    return _style(fig, height)


def donut(
    df: pd.DataFrame, *, names: str, values: str, title: str, color_map: dict[str, str] | None = None, height: int = 340
) -> go.Figure:
    fig = px.pie(df, names=names, values=values, hole=0.5, title=title, color=names, color_discrete_map=color_map or {})
    fig.update_traces(textinfo="percent+label")
    return _style(fig, height)
