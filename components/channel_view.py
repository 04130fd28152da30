"""Drawing for the channels page: one colour per channel in every chart, translated tables."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from components import charts, kpi
from components.i18n import code, t
from domain.codes import CATEGORIES, CHANNELS

# One stable colour per channel (Tableau 10 has exactly one per channel code).
CHANNEL_COLORS: dict[str, str] = dict(zip(CHANNELS, px.colors.qualitative.T10))
TARGET_COLOR = "#333333"

PERIOD_FORMATS = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m"}


def _channel_colors() -> dict[str, str]:
    """Colours keyed by the channel's display name, as the charts label them."""
    return {code("channel", c): color for c, color in CHANNEL_COLORS.items()}


def _in_channel_order(fig: go.Figure) -> go.Figure:
    """Legend and stacking in the catalogue's channel order, whatever order the data came in."""
    rank = {code("channel", c): k for k, c in enumerate(CHANNELS)}
    fig.data = tuple(sorted(fig.data, key=lambda trace: rank.get(trace.name, len(rank))))
    return fig


def period_label(day: date, grain: str) -> str:
    return day.strftime(PERIOD_FORMATS[grain])


def target_text(targets: tuple[tuple[float, str], ...]) -> str:
    """``((1.0, "hours"),)`` → "≤ 1 小时"; several targets (level-specific rows) joined by " / "."""
    return " / ".join(t(f"channels.target.{unit}", amount=f"{amount:g}") for amount, unit in targets)


def volume_frame(volume: pd.DataFrame, grain: str) -> pd.DataFrame:
    """Periods as rows, channels as columns, in the user's language (for the table and export)."""
    wide = volume.pivot_table(index="period", columns="channel", values="complaints", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=[c for c in CHANNELS if c in wide.columns])
    wide.index = [period_label(d, grain) for d in wide.index]
    wide.columns = [code("channel", c) for c in wide.columns]
    return wide.rename_axis(t("channels.col.period")).reset_index()


def volume_chart(volume: pd.DataFrame, grain: str) -> go.Figure:
    """Stacked bars: complaints per period, one segment per channel."""
    shown = volume.assign(
        period=volume["period"].map(lambda d: period_label(d, grain)),
        channel=volume["channel"].map(lambda c: code("channel", c)),
    )
    fig = charts.bars(
        shown,
        x="period",
        y="complaints",
        color="channel",
        title="",
        labels={
            "period": t("channels.col.period"),
            "complaints": t("channels.col.complaints"),
            "channel": t("channels.col.channel"),
        },
        color_map=_channel_colors(),
        height=400,
    )
    fig.update_xaxes(type="category", categoryorder="category ascending")
    return _in_channel_order(fig)


def share_chart(share: pd.DataFrame) -> go.Figure:
    shown = share.assign(channel=share["channel"].map(lambda c: code("channel", c)))
    fig = charts.donut(
        shown, names="channel", values="complaints", title=t("channels.share"), color_map=_channel_colors(), height=460
    )
    fig.update_traces(textinfo="percent", textposition="inside", insidetextorientation="horizontal", sort=False)
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.02, xanchor="center", x=0.5))
    return fig


def share_frame(share: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("channels.col.channel"): share["channel"].map(lambda c: code("channel", c)),
            t("channels.col.complaints"): share["complaints"],
            t("channels.col.share"): share["share"].map(kpi.pct),
        }
    )


def category_grid(cells: pd.DataFrame) -> pd.DataFrame:
    """Every channel × category that occurs in the filters, zeros included, in the user's language."""
    channels = [c for c in CHANNELS if c in set(cells["channel"])]
    categories = [c for c in CATEGORIES if c in set(cells["category"])]
    grid = cells.pivot_table(
        index="channel", columns="category", values="complaints", aggfunc="sum", fill_value=0
    ).reindex(index=channels, columns=categories, fill_value=0)
    grid.index = [code("channel", c) for c in grid.index]
    grid.columns = [code("category", c) for c in grid.columns]
    return grid.rename_axis(t("channels.col.channel")).reset_index()


def category_heatmap(cells: pd.DataFrame) -> go.Figure:
    """Categories down, channels across: the long category names stay horizontal and readable."""
    grid = category_grid(cells)
    channel_col = t("channels.col.channel")
    long = grid.melt(id_vars=channel_col, var_name="category", value_name="complaints")
    fig = charts.heatmap(
        long,
        x=channel_col,
        y="category",
        z="complaints",
        title=t("channels.by_category"),
        x_title=t("channels.col.channel"),
        y_title=t("channels.col.category"),
        z_format=",d",
        height=460,
    )
    fig.update_xaxes(tickangle=-45)
    return fig


def ack_chart(ack: pd.DataFrame) -> go.Figure:
    """Median and 90th-percentile minutes per channel as grouped bars, each channel's target as a marker."""
    timed = ack.dropna(subset=["median_min"])
    names = timed["channel"].map(lambda c: code("channel", c))
    long = pd.concat(
        [
            pd.DataFrame({"channel": names, "measure": t("channels.median"), "minutes": timed["median_min"]}),
            pd.DataFrame({"channel": names, "measure": t("channels.p90"), "minutes": timed["p90_min"]}),
        ]
    )
    fig = charts.bars(
        long,
        x="channel",
        y="minutes",
        color="measure",
        stacked=False,
        title="",
        labels={"channel": t("channels.col.channel"), "minutes": t("channels.minutes")},
        color_map={t("channels.median"): "#4c78a8", t("channels.p90"): "#9ecae9"},
        height=400,
    )
    marks = [
        (name, amount * 60)
        for name, targets in zip(names, timed["targets"])
        for amount, unit in targets
        if unit == "hours"
    ]
    if marks:
        fig.add_trace(
            go.Scatter(
                x=[n for n, _ in marks],
                y=[m for _, m in marks],
                mode="markers",
                name=t("channels.target"),
                marker=dict(symbol="line-ew", size=34, color=TARGET_COLOR, line=dict(width=3, color=TARGET_COLOR)),
                hovertemplate="%{x}<br>"
                + t("channels.target")
                + " %{y:.0f} "
                + t("channels.minutes")
                + "<extra></extra>",
            )
        )
    return fig


def ack_frame(ack: pd.DataFrame) -> pd.DataFrame:
    def minutes(value: float) -> str:
        return "—" if pd.isna(value) else f"{value:.1f}"

    return pd.DataFrame(
        {
            t("channels.col.channel"): ack["channel"].map(lambda c: code("channel", c)),
            t("channels.col.target"): ack["targets"].map(target_text),
            t("channels.col.received"): ack["received"],
            t("channels.col.acknowledged"): ack["acknowledged"],
            t("channels.col.overdue"): ack["overdue"],
            t("channels.col.median"): ack["median_min"].map(minutes),
            t("channels.col.p90"): ack["p90_min"].map(minutes),
            t("channels.col.within"): ack["within_target"],
            t("channels.col.within_share"): ack["within_share"].map(lambda v: kpi.pct(None if pd.isna(v) else v)),
        }
    )
