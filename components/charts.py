"""One palette for levels, tiers, channels and stages everywhere; drawing only.

Altair (Vega-Lite) draws the charts that read best declared simply: trend lines, bars and the
donut. Plotly draws the heatmaps and every chart whose points are clicked (``on_select``). The
helpers take labels already translated (titles, axis, legend and tooltip names), so a chart reads
in the user's language; they never call ``t()`` themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

import altair as alt
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from domain.codes import CHANNELS

LEVEL_COLORS = {"L1": "#d62728", "L2": "#ff7f0e", "L3": "#1f77b4"}
TIER_COLORS = {"potential": "#2ca02c", "stable": "#1f77b4", "high_risk": "#d62728", "dormant": "#7f7f7f"}
# One stable colour per channel code (Tableau 10 has exactly one per channel).
CHANNEL_COLORS: dict[str, str] = dict(zip(CHANNELS, px.colors.qualitative.T10))
TOTAL_COLOR = "#4c78a8"  # a single series (all complaints, one measure)
TARGET_COLOR = "#555555"  # dashed target lines and target ticks
FALLBACK_COLORS = tuple(px.colors.qualitative.T10)  # series the caller gave no colour
FLAT_LABELS = 6  # categories on a bar chart's axis that still fit side by side unrotated
MAX_LABELLED = 24  # ... and beyond which overlapping labels are dropped
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


def clickable_cells(fig: go.Figure, xs: Sequence[object], ys: Sequence[object], custom: list, hover: str) -> None:
    """Streamlit reports no selection for heatmap traces, so every cell gets a transparent marker
    at its centre that takes the hover (``hover`` over ``custom``) and the click (the nearest marker
    wins, anywhere in the plot); the chosen cell is shaded."""
    fig.update_traces(hoverinfo="skip", hovertemplate=None, selector={"type": "heatmap"})
    fig.add_trace(
        go.Scatter(
            x=list(xs),
            y=list(ys),
            mode="markers",
            showlegend=False,
            marker={"symbol": "square", "size": 22, "color": "rgba(0,0,0,0)"},
            selected={"marker": {"color": "rgba(0,0,0,0.35)"}},
            unselected={"marker": {"opacity": 1}},
            customdata=custom,
            hovertemplate=hover,
        )
    )
    fig.update_layout(hovermode="closest", hoverdistance=-1, clickmode="event+select")


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
    partial: Sequence[object] = (),
    partial_note: str = "",
) -> go.Figure:
    """Lines with markers; the points at the x values in ``partial`` (periods still running) are
    hollow on a dotted line, with ``partial_note`` under the title, so an incomplete last period
    does not read as a plunge."""
    fig = px.line(
        df, x=x, y=y, color=color, markers=True, labels=labels, title=title, color_discrete_map=color_map or {}
    )
    if partial and _dot_partial_points(fig, set(partial)):
        fig.update_layout(title_subtitle_text=partial_note)
    if y_format:
        fig.update_yaxes(tickformat=y_format)
    if target is not None:
        add_target_line(fig, df[x], target, target_label or "")
    if pd.api.types.is_datetime64_any_dtype(df[x]) or (len(df) and isinstance(df[x].iloc[0], date)):
        fig.update_xaxes(tickformat="%m-%d")  # numeric dates read the same in both languages
    return _style(fig, height)


def _dot_partial_points(fig: go.Figure, partial: set[object]) -> bool:
    """Split each line at its first partial point: solid up to the last whole one, then dotted with
    hollow markers. Returns whether any line had a partial point."""
    marked = False
    for trace in list(fig.data):
        xs, ys = list(trace.x), list(trace.y)
        flags = [value in partial for value in xs]
        if not any(flags):
            continue
        marked = True
        first = flags.index(True)
        start = max(first - 1, 0)
        fig.add_scatter(
            x=xs[start:],
            y=ys[start:],
            mode="lines+markers",
            line={"color": trace.line.color, "dash": "dot"},
            marker={
                "color": trace.line.color,
                "symbol": ["circle"] * (first - start) + ["circle-open"] * (len(xs) - first),
            },
            legendgroup=trace.legendgroup,
            showlegend=False,
            hovertemplate=trace.hovertemplate,
            name=trace.name,
        )
        trace.x, trace.y = xs[:first], ys[:first]
    return marked


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


# ---- Altair: trend lines, bars, the donut -----------------------------------------------------------

AltChart = alt.Chart | alt.LayerChart | alt.FacetChart  # what alt.layer may give back


class TargetLine(NamedTuple):
    """A dashed horizontal target, named in the legend (a text label would sit on the data)."""

    label: str
    value: float
    color: str = TARGET_COLOR


def palette(values: Sequence[object], color_map: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """The series present and their colours: in the colour map's order, then as they first appear.

    Only series present are listed, so a legend never names a channel the filters left out; a
    series the map does not know gets the next unused Tableau colour.
    """
    present = list(dict.fromkeys(str(v) for v in values if not pd.isna(v)))
    known = dict(color_map or {})
    domain = [name for name in known if name in present] + [v for v in present if v not in known]
    spare = iter([c for c in FALLBACK_COLORS if c.lower() not in {v.lower() for v in known.values()}])
    return domain, [known[name] if name in known else next(spare, "#999999") for name in domain]


def _legend(title: str, *, below: bool = False, columns: int = 2, stroke: bool = False) -> alt.Legend:
    """Beside the chart, or below it ``columns`` to a row (charts in page columns are narrow); lines as strokes."""
    symbol: dict[str, Any] = {"symbolType": "stroke", "symbolStrokeWidth": 2, "symbolSize": 300} if stroke else {}
    if below:
        return alt.Legend(
            title=title or None, orient="bottom", direction="horizontal", columns=columns, labelLimit=220, **symbol
        )
    return alt.Legend(title=title or None, labelLimit=240, symbolOpacity=1, **symbol)


def _finish(chart: AltChart, *, title: str, height: int, subtitle: str = "") -> AltChart:
    """Title, height and the CJK font. Streamlit fits the whole chart (title, axes and legend included) to
    ``height`` and to the page's width (``st.altair_chart(width="stretch")``), as Plotly's figure height did."""
    chart = chart.properties(height=height)
    if title or subtitle:
        extra: dict[str, Any] = {"subtitle": subtitle, "subtitleColor": "#666666"} if subtitle else {}
        chart = chart.properties(title=alt.TitleParams(text=title, anchor="start", fontSize=14, **extra))
    return chart.configure(font=FONT).configure_axis(labelFontSize=11, titleFontSize=12)


def _format(value: object, y_format: str | None) -> str:
    """A figure as tooltips show it: percentages to one decimal, whole counts with separators."""
    if value is None or pd.isna(value):
        return "—"
    number = float(value)  # type: ignore[arg-type]
    if y_format and y_format.endswith("%"):
        return f"{number:.1%}"
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.1f}"


def _utc_day(day: object) -> alt.DateTime:
    stamp = pd.Timestamp(day)
    return alt.DateTime(year=stamp.year, month=stamp.month, date=stamp.day, utc=True)


def line_chart(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    color: str | None,
    title: str,
    x_title: str,
    y_title: str,
    color_title: str = "",
    color_map: dict[str, str] | None = None,
    y_format: str | None = None,
    targets: Sequence[TargetLine] = (),
    y_zero: bool = False,
    integer_y: bool = False,
    show_x_title: bool = True,
    legend_below: bool = False,
    legend_columns: int = 2,
    partial: Sequence[object] = (),
    partial_note: str = "",
    height: int = 340,
) -> AltChart:
    """Dated series (one point per week) as lines with points; targets as dashed lines in the legend.

    Dates are drawn in UTC as month-day, so a week reads the same in every browser's time zone;
    hovering a date shows one tooltip naming every series and its figure there. The ``partial``
    dates (a period still running) are drawn as hollow points reached by a dotted segment, and
    ``partial_note`` (under the title) says why, so a half-counted last week does not read as a plunge.
    """
    single = y_title or title  # the one series' name when there is no ``color``
    series = color or "_series"
    data = df[[x, y] + ([color] if color else [])].copy()
    data[x] = pd.to_datetime(data[x])
    data[y] = data[y].astype(float)
    data[series] = data[color].astype(str) if color else single
    domain, colors = palette(data[series], color_map if color else {single: TOTAL_COLOR})
    lines_n = len(domain)
    domain += [target.label for target in targets]
    colors += [target.color for target in targets]
    dashes = [[1, 0]] * lines_n + [[6, 4]] * len(targets)
    # Colour and dash share one legend (same field, same title): targets show dashed there too.
    legend = _legend(color_title, below=legend_below, columns=legend_columns, stroke=True) if color or targets else None
    color_enc = alt.Color(field=series, type="nominal", scale=alt.Scale(domain=domain, range=colors), legend=legend)
    dash_enc = alt.StrokeDash(field=series, type="nominal", scale=alt.Scale(domain=domain, range=dashes), legend=legend)
    weeks = sorted(data[x].dropna().unique())
    x_enc = alt.X(
        field=x,
        type="temporal",
        timeUnit="utcyearmonthdate",
        title=x_title if show_x_title and x_title else None,
        axis=alt.Axis(format="%m-%d", values=[_utc_day(w) for w in weeks], labelOverlap=True, grid=False),
    )
    axis = alt.Axis(format=y_format) if y_format else alt.Axis(format="d", tickMinStep=1) if integer_y else alt.Axis()
    y_enc = alt.Y(field=y, type="quantitative", title=y_title or None, axis=axis, scale=alt.Scale(zero=y_zero))
    unfinished = data[x].isin(pd.to_datetime(pd.Series(list(partial), dtype=object))) if len(partial) else None
    whole = data if unfinished is None else data[~unfinished]
    layers: list[alt.Chart] = [
        alt.Chart(whole)
        .mark_line(point=alt.OverlayMarkDef(filled=True, size=36), strokeWidth=2)
        .encode(x=x_enc, y=y_enc, color=color_enc, strokeDash=dash_enc)
    ]
    if unfinished is not None and unfinished.any():
        layers += _partial_layers(data, unfinished, x=x, x_enc=x_enc, y_enc=y_enc, color_enc=color_enc)
    if targets:
        guides = pd.DataFrame({series: [g.label for g in targets], "_target": [float(g.value) for g in targets]})
        layers.insert(
            0,
            alt.Chart(guides)
            .mark_rule(strokeWidth=1.5)
            .encode(
                y=alt.Y(field="_target", type="quantitative", title=y_title or None),
                color=color_enc,
                strokeDash=dash_enc,
            ),
        )
    layers.append(
        _hover_rule(
            data, x=x, y=y, series=series, names=domain[:lines_n], x_enc=x_enc, x_title=x_title, y_format=y_format
        )
    )
    return _finish(
        alt.layer(*layers),
        title=title,
        height=height,
        subtitle=partial_note if unfinished is not None and unfinished.any() else "",
    )


def _partial_layers(
    data: pd.DataFrame, unfinished: pd.Series, *, x: str, x_enc: alt.X, y_enc: alt.Y, color_enc: alt.Color
) -> list[alt.Chart]:
    """A dotted segment from the last whole period into the unfinished ones, which get hollow points."""
    finished = data.loc[~unfinished, x]
    reach = data[unfinished | (data[x] == finished.max())] if len(finished) else data[unfinished]
    segment = (
        alt.Chart(reach)
        .mark_line(strokeDash=[3, 3], strokeWidth=2)
        .encode(x=x_enc, y=y_enc, color=color_enc.legend(None))
    )
    points = (
        alt.Chart(data[unfinished])
        .mark_point(filled=False, fill="#ffffff", size=64, strokeWidth=2, opacity=1)
        .encode(x=x_enc, y=y_enc, color=color_enc.legend(None))
    )
    return [segment, points]


def _hover_rule(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    series: str,
    names: list[str],
    x_enc: alt.X,
    x_title: str,
    y_format: str | None,
) -> alt.Chart:
    """An invisible rule per date that shows itself and a tooltip of every series nearest the pointer."""
    wide = data.pivot_table(index=x, columns=series, values=y, aggfunc="first", dropna=False)
    tips = pd.DataFrame({x: pd.to_datetime(pd.Series(wide.index, dtype="datetime64[ns]"))})
    tips["_when"] = tips[x].dt.strftime("%Y-%m-%d")
    columns = []
    for k, name in enumerate(names):
        values = wide[name] if name in wide.columns else pd.Series(float("nan"), index=wide.index)
        tips[f"_s{k}"] = [_format(v, y_format) for v in values]
        columns.append(alt.Tooltip(field=f"_s{k}", type="nominal", title=name))
    hover = alt.selection_point(
        name="hover", encodings=["x"], nearest=True, on="pointerover", clear="pointerout", empty=False
    )
    return (
        alt.Chart(tips)
        .mark_rule(color="#888888", strokeWidth=1)
        .encode(
            x=x_enc,
            opacity=alt.when(hover).then(alt.value(0.6)).otherwise(alt.value(0.0)),
            tooltip=[alt.Tooltip(field="_when", type="nominal", title=x_title), *columns],
        )
        .add_params(hover)
        .properties(name="hover_rule")  # a fixed name keeps the spec, and so the chart, the same across reruns
    )


def bar_chart(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    color: str | None,
    title: str,
    x_title: str,
    y_title: str,
    color_title: str = "",
    color_map: dict[str, str] | None = None,
    horizontal: bool = False,
    stacked: bool = True,
    y_format: str | None = None,
    value_domain: tuple[float, float] | None = None,
    value_ticks: Sequence[float] | None = None,
    value_labels: str | None = None,
    order: Sequence[str] | None = None,
    legend: bool = True,
    markers: pd.DataFrame | None = None,
    marker_label: str = "",
    tooltip_titles: dict[str, str] | None = None,
    tooltip_all: bool = False,
    height: int = 360,
) -> AltChart:
    """Bars of ``y`` per category ``x``, optionally split by ``color`` (stacked, or side by side).

    Categories keep ``order`` (by default their order in ``df``); stacks and legend keep the colour
    map's order. ``value_ticks`` fixes the value axis's ticks (say, none past 100% in a domain that leaves
    room for labels). ``value_labels`` is a d3 format for a figure at the end of each bar. ``markers``
    (columns ``x`` and ``value``) draws a target tick per category, named ``marker_label`` in the
    legend. ``tooltip_titles`` names a field in tooltips whose axis or legend has no title;
    ``tooltip_all`` makes every bar's tooltip list all the colours' figures of its category, each
    under its own name (side-by-side measures read best compared).
    """
    data = df.copy()
    data[x] = data[x].astype(str)
    data[y] = pd.to_numeric(data[y], errors="coerce")  # a criterion nobody scored yet has no mean
    categories = list(order) if order is not None else list(dict.fromkeys(data[x]))
    titles = {x: x_title, y: y_title, **({color: color_title} if color else {}), **(tooltip_titles or {})}
    ticks = markers is not None and len(markers) > 0 and color is not None

    def category(channel: type[alt.X] | type[alt.Y]) -> alt.X | alt.Y:
        # Every category is labelled; only a long run of periods (days) drops labels that would collide.
        axis = (
            alt.Axis(labelLimit=320)
            if horizontal
            else alt.Axis(
                labelAngle=0 if len(categories) <= FLAT_LABELS else -40,
                labelLimit=200,
                labelOverlap=len(categories) > MAX_LABELLED,
            )
        )
        return channel(field=x, type="nominal", sort=categories, title=x_title or None, axis=axis)

    def value(channel: type[alt.X] | type[alt.Y], field: str, stack: bool) -> alt.X | alt.Y:
        return channel(
            field=field,
            type="quantitative",
            title=y_title or None,
            axis=alt.Axis(format=y_format or alt.Undefined, values=list(value_ticks) if value_ticks else alt.Undefined),
            scale=alt.Scale(domain=list(value_domain)) if value_domain else alt.Scale(),
            stack="zero" if stack else None,
        )

    cat_channel, value_channel = (alt.Y, alt.X) if horizontal else (alt.X, alt.Y)
    position: dict[str, Any] = {
        "cat": category(cat_channel),
        "value": value(value_channel, y, stacked and color is not None),
    }
    encoding: dict[str, Any] = {}
    tooltip = [alt.Tooltip(field=x, type="nominal", title=titles[x] or None)]
    if color is not None:
        series, colors = palette(data[color], color_map)
        domain = [*series, marker_label] if ticks else series
        colors = [*colors, TARGET_COLOR] if ticks else colors
        data["_stack"] = data[color].astype(str).map({name: k for k, name in enumerate(domain)})
        encoding["color"] = alt.Color(
            field=color,
            type="nominal",
            scale=alt.Scale(domain=domain, range=colors),
            legend=_legend(titles[color]) if legend else None,
        )
        encoding["order"] = alt.Order(field="_stack", type="quantitative")
        if not stacked:
            offset = alt.YOffset if horizontal else alt.XOffset
            position["offset"] = offset(field=color, type="nominal", sort=domain)
        if tooltip_all:
            wide = data.pivot_table(index=x, columns=color, values=y, aggfunc="sum", dropna=False)
            for k, name in enumerate(series):
                figures = wide[name] if name in wide.columns else pd.Series(float("nan"), index=wide.index)
                data[f"_all{k}"] = data[x].map({key: _format(v, y_format) for key, v in figures.items()})
                tooltip.append(alt.Tooltip(field=f"_all{k}", type="nominal", title=name))
        else:
            tooltip.append(alt.Tooltip(field=color, type="nominal", title=titles[color] or None))
    if color is None or not tooltip_all:
        tooltip.append(
            alt.Tooltip(field=y, type="quantitative", title=titles[y] or None, format=_tooltip_format(y_format))
        )

    bars = alt.Chart(data).mark_bar(color=alt.Undefined if color else TOTAL_COLOR)
    layers: list[alt.Chart] = [bars.encode(*position.values(), *encoding.values(), tooltip=tooltip)]
    if value_labels:
        text = alt.Chart(data).mark_text(
            align="left" if horizontal else "center",
            baseline="middle" if horizontal else "bottom",
            dx=4 if horizontal else 0,
            dy=0 if horizontal else -3,
            color="#333333",
        )
        layers.append(text.encode(*position.values(), text=alt.Text(field=y, type="quantitative", format=value_labels)))
    if ticks and markers is not None and color is not None:
        marks = markers.assign(**{x: markers[x].astype(str), color: marker_label})
        layers.append(
            alt.Chart(marks)
            .mark_tick(thickness=3, size=34, opacity=1)
            .encode(
                category(cat_channel),
                value(value_channel, "value", False),
                encoding["color"],
                tooltip=[
                    alt.Tooltip(field=x, type="nominal", title=titles[x] or None),
                    alt.Tooltip(field="value", type="quantitative", title=marker_label, format=",.0f"),
                ],
            )
        )
    return _finish(layers[0] if len(layers) == 1 else alt.layer(*layers), title=title, height=height)


def _tooltip_format(y_format: str | None) -> str:
    return ".1%" if y_format and y_format.endswith("%") else ",.4~f"


def _ink(background: str) -> str:
    """Dark or white text, whichever reads on ``background`` (a #rrggbb colour)."""
    red, green, blue = (int(background.lstrip("#")[k : k + 2], 16) for k in (0, 2, 4))
    return "#222222" if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "#ffffff"


def donut_chart(
    df: pd.DataFrame,
    *,
    names: str,
    values: str,
    title: str,
    name_title: str,
    value_title: str,
    share_title: str,
    color_map: dict[str, str] | None = None,
    height: int = 340,
    min_label_share: float = 0.05,
) -> AltChart:
    """Shares of a whole as a ring in ``df``'s order; each slice big enough shows its percentage."""
    data = df[[names, values]].copy()
    data[names] = data[names].astype(str)
    total = float(data[values].sum())
    data["_share"] = data[values] / total if total else 0.0
    data["_label"] = [f"{s:.0%}" if s >= min_label_share else "" for s in data["_share"]]
    data["_order"] = range(len(data))
    domain, colors = palette(data[names], color_map)
    ink = dict(zip(domain, (_ink(c) for c in colors)))
    data["_ink"] = data[names].map(ink)
    outer = "(min(width, height) / 2 - 4)"  # the ring fills the plot, whatever size the page gives it
    base = alt.Chart(data).encode(
        theta=alt.Theta(field=values, type="quantitative", stack=True),
        order=alt.Order(field="_order", type="quantitative"),
    )
    ring = base.mark_arc(
        innerRadius=alt.expr(f"{outer} / 2"), outerRadius=alt.expr(outer), stroke="#ffffff", strokeWidth=1
    ).encode(
        color=alt.Color(
            field=names,
            type="nominal",
            scale=alt.Scale(domain=domain, range=colors),
            legend=_legend(name_title, below=True),
        ),
        tooltip=[
            alt.Tooltip(field=names, type="nominal", title=name_title),
            alt.Tooltip(field=values, type="quantitative", title=value_title, format=",d"),
            alt.Tooltip(field="_share", type="quantitative", title=share_title, format=".1%"),
        ],
    )
    labels = base.mark_text(radius=alt.expr(f"{outer} * 0.75"), fontSize=12, fontWeight="bold").encode(
        text=alt.Text(field="_label", type="nominal"),
        color=alt.Color(field="_ink", type="nominal", scale=None),
    )
    return _finish(alt.layer(ring, labels), title=title, height=height)
