"""Drawing for the channels page: one colour per channel in every chart, translated tables."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import charts, kpi
from components.chart_cache import cached_altair, cached_figure
from components.formats import stamp
from components.i18n import code, coder, t
from domain.codes import CATEGORIES, CHANNELS

MEASURE_COLORS = ("#4c78a8", "#9ecae9")  # median, 90th percentile

PERIOD_FORMATS = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m"}
CHANNEL_KEY, CATEGORY_KEY, CLICK_KEY = "channels_pick_channel", "channels_pick_category", "channels_click"


def _channel_colors() -> dict[str, str]:
    """Colours keyed by the channel's display name, as the charts label them, in catalogue order."""
    return {code("channel", c): color for c, color in charts.CHANNEL_COLORS.items()}


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


@cached_altair
def volume_chart(volume: pd.DataFrame, grain: str) -> charts.AltChart:
    """Stacked bars: complaints per period, one segment per channel, stacked in catalogue order."""
    shown = volume.assign(
        period=volume["period"].map(lambda d: period_label(d, grain)),
        channel=volume["channel"].map(coder("channel")),
    )
    return charts.bar_chart(
        shown,
        x="period",
        y="complaints",
        color="channel",
        title="",
        x_title=t("channels.col.period"),
        y_title=t("channels.col.complaints"),
        color_title=t("channels.col.channel"),
        color_map=_channel_colors(),
        order=sorted(set(shown["period"])),
        height=400,
    )


@cached_altair
def share_chart(share: pd.DataFrame) -> charts.AltChart:
    """Each channel's share of the complaints as a ring, largest first, percentages on the slices."""
    shown = share.assign(channel=share["channel"].map(coder("channel")))
    return charts.donut_chart(
        shown,
        names="channel",
        values="complaints",
        title=t("channels.share"),
        name_title=t("channels.col.channel"),
        value_title=t("channels.col.complaints"),
        share_title=t("channels.col.share"),
        color_map=_channel_colors(),
        height=460,
    )


def share_frame(share: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("channels.col.channel"): share["channel"].map(coder("channel")),
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


@cached_figure
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
    counts = [f"{int(n):,}" for n in long["complaints"]]
    charts.clickable_cells(
        fig, long[channel_col], long["category"], counts, "%{y} · %{x}<br>%{customdata}<extra></extra>"
    )
    return fig


ANY_CATEGORY = ""  # the picker's "every category" choice


def case_picker(cells: pd.DataFrame, event: object) -> tuple[str, str | None] | None:
    """The channel (and category) whose cases to list: a click on the channel × category heatmap
    fills the pickers once, as the SLA heatmaps do; the pickers lead afterwards."""
    channels = [c for c in CHANNELS if c in set(cells["channel"])]
    categories = [c for c in CATEGORIES if c in set(cells["category"])]
    by_label = {(code("channel", ch), code("category", ca)): (ch, ca) for ch in channels for ca in categories}
    clicked = charts.selected_cell(event)
    if clicked is None:
        st.session_state.pop(CLICK_KEY, None)
    elif clicked != st.session_state.get(CLICK_KEY):
        st.session_state[CLICK_KEY] = clicked
        if clicked in by_label:
            st.session_state[CHANNEL_KEY], st.session_state[CATEGORY_KEY] = by_label[clicked]
    if st.session_state.get(CHANNEL_KEY) not in channels:
        st.session_state.pop(CHANNEL_KEY, None)
    if st.session_state.get(CATEGORY_KEY) not in [ANY_CATEGORY, *categories]:
        st.session_state.pop(CATEGORY_KEY, None)
    left, right = st.columns(2)
    channel = left.selectbox(
        t("channels.pick_channel"),
        channels,
        index=None,
        key=CHANNEL_KEY,
        format_func=lambda c: code("channel", c),
        placeholder=t("channels.pick_placeholder"),
    )
    category = right.selectbox(
        t("channels.pick_category"),
        [ANY_CATEGORY, *categories],
        key=CATEGORY_KEY,
        format_func=lambda c: code("category", c) if c else t("channels.any_category"),
        placeholder=t("common.choose"),
    )
    if channel is None:
        st.caption(t("channels.click_hint"))
        return None
    return channel, category or None


def cases_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The cases behind a channel (and category), in the user's language."""
    return pd.DataFrame(
        {
            t("channels.col.ref"): rows["ref_no"],
            t("channels.col.received_at"): rows["received_at"].map(stamp),
            t("channels.col.level"): rows["level"].map(coder("level")),
            t("channels.col.category"): rows["category"].map(coder("category")),
            t("channels.col.status"): rows["status"].map(coder("status")),
        }
    )


@cached_altair
def ack_chart(ack: pd.DataFrame) -> charts.AltChart:
    """Median and 90th-percentile minutes per channel as grouped bars, each channel's target as a tick."""
    timed = ack.dropna(subset=["median_min"])
    names = timed["channel"].map(coder("channel"))
    long = pd.concat(
        [
            pd.DataFrame({"channel": names, "measure": t("channels.median"), "minutes": timed["median_min"]}),
            pd.DataFrame({"channel": names, "measure": t("channels.p90"), "minutes": timed["p90_min"]}),
        ]
    )
    marks = pd.DataFrame(
        [
            (name, amount * 60)
            for name, targets in zip(names, timed["targets"])
            for amount, unit in targets
            if unit == "hours"
        ],
        columns=["channel", "value"],
    )
    return charts.bar_chart(
        long,
        x="channel",
        y="minutes",
        color="measure",
        stacked=False,
        title="",
        x_title=t("channels.col.channel"),
        y_title=t("channels.minutes"),
        color_map=dict(zip((t("channels.median"), t("channels.p90")), MEASURE_COLORS)),
        order=list(names),
        markers=marks,
        marker_label=t("channels.target"),
        tooltip_all=True,
        height=400,
    )


def ack_frame(ack: pd.DataFrame) -> pd.DataFrame:
    """Minutes to one decimal and the share within target (0–1, shown as a percentage) as numbers."""
    return pd.DataFrame(
        {
            t("channels.col.channel"): ack["channel"].map(coder("channel")),
            t("channels.col.target"): ack["targets"].map(target_text),
            t("channels.col.received"): ack["received"],
            t("channels.col.acknowledged"): ack["acknowledged"],
            t("channels.col.overdue"): ack["overdue"],
            t("channels.col.median"): pd.to_numeric(ack["median_min"]).round(1),
            t("channels.col.p90"): pd.to_numeric(ack["p90_min"]).round(1),
            t("channels.col.within"): ack["within_target"],
            t("channels.col.within_share"): pd.to_numeric(ack["within_share"]),
        }
    )
