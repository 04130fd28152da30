"""Drawing for the loyalty page: programme KPI cards, tier mix vs plan, tier × segment heatmap,
migration matrix, recovery trend and complaint rate by tier. Frames in, Streamlit out."""

from __future__ import annotations

from datetime import date
from itertools import product

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import charts, tables
from components.chart_cache import cached_figure
from components.i18n import code, lang, t
from components.kpi import pct
from domain.codes import TIERS
from domain.filters import Filters
from domain.loyalty import (
    COST_REDUCTION,
    HIGH_POTENTIAL_REPAYMENT_RATE,
    RECOVERY_UPLIFT,
    RETENTION_UPLIFT,
    SEGMENTS,
    KpiCheck,
    plan_gap,
    previous_month,
    recovery_rate,
    recovery_still_counting,
)

LEFT = "left"  # migration column of customers without a snapshot this month


def _share(values: pd.Series) -> pd.Series:
    """Shares (0–1) as floats, a missing one as NaN: ``tables.show`` formats them as percentages."""
    return pd.to_numeric(values, errors="coerce").astype(float)


def month_label(month: date) -> str:
    return f"{month:%Y-%m}"


def tier_label(tier: str) -> str:
    return t("loyalty.migration.left") if tier == LEFT else code("tier", tier)


def segment_label(segment: str) -> str:
    """Buckets by their code name; the two halves of M3+ by the page's own labels."""
    return t(f"loyalty.segment.{segment}") if segment.startswith("M3+_") else code("bucket", segment)


def _in_tier_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows by month, then tiers in the catalogue order (legends and tables follow it)."""
    rank = {tier: i for i, tier in enumerate(TIERS)}
    return frame.sort_values(
        ["month", "tier"], key=lambda col: col.map(rank) if col.name == "tier" else col, ignore_index=True
    )


def _month_axis(fig: go.Figure) -> go.Figure:
    """Months as labels ("2026-11"), not as dates Plotly would tick by week."""
    fig.update_xaxes(type="category")
    return fig


def _tier_colors() -> dict[str, str]:
    return {code("tier", tier): color for tier, color in charts.TIER_COLORS.items()}


def month_picker(months: list[date], open_month: date) -> date:
    """Latest month first; a remembered month the new range no longer has falls back to the latest."""
    if st.session_state.get("loyalty_month") not in months:
        st.session_state.pop("loyalty_month", None)
    left, _ = st.columns([1, 3])
    month = left.selectbox(
        t("loyalty.month"),
        months[::-1],
        key="loyalty_month",
        format_func=month_label,
        help=t("loyalty.month_help", base=month_label(months[0])),
        placeholder=t("common.choose"),
    )
    if month == open_month:
        st.caption(f":material/schedule: {t('loyalty.open_month', month=month_label(month))}")
    return month


def filters_note(f: Filters) -> None:
    """Say so when filters are set that customers do not have."""
    if f.team_ids or f.agent_ids or f.channels or f.levels:
        st.caption(f":material/info: {t('loyalty.filters_note')}")


# ---- programme KPIs -------------------------------------------------------------------------------
def _status(check: KpiCheck) -> str:
    return t("loyalty.kpi.unknown" if check.met is None else "loyalty.kpi.met" if check.met else "loyalty.kpi.missed")


def _card(label: str, check: KpiCheck, target_text: str, help_text: str, *, relative: bool) -> None:
    """Value this month; change against the base month (relative % or percentage points); target."""
    delta = None
    if relative and check.change is not None:
        delta = t("loyalty.kpi.vs_base", change=f"{check.change * 100:+.1f}%")
    elif not relative and check.value is not None and check.base is not None:
        delta = t("loyalty.kpi.vs_base", change=f"{(check.value - check.base) * 100:+.1f} pp")
    st.metric(
        label,
        pct(check.value),
        delta=delta,
        help=help_text,
        delta_color="inverse" if check.lower_is_better else "normal",
    )
    icon = (
        ":material/check_circle:" if check.met else ":material/pending:" if check.met is None else ":material/cancel:"
    )
    st.caption(f"{icon} {target_text} · {_status(check)}")


def _uplift_text(check: KpiCheck, uplift: float) -> str:
    """The uplift target, or, where +uplift would pass 100 %, the gap to 100 % cut by as much."""
    key = "loyalty.kpi.target_gap_cut" if check.gap_cut else "loyalty.kpi.target_uplift"
    return t(key, uplift=pct(uplift, 0), target=pct(check.target))


def programme_cards(checks: dict[str, KpiCheck], month: date, base: date) -> None:
    st.subheader(t("loyalty.kpi.header"))
    st.caption(t("loyalty.kpi.caption", month=month_label(month), base=month_label(base)))
    cols = st.columns(5)
    retention, recovery = checks["retention"], checks["recovery"]
    improper, satisfaction = checks["improper_share"], checks["satisfaction"]
    with cols[0]:
        _card(
            t("loyalty.kpi.retention"),
            retention,
            _uplift_text(retention, RETENTION_UPLIFT),
            t("loyalty.kpi.retention_help"),
            relative=True,
        )
    with cols[1]:
        _card(
            t("loyalty.kpi.recovery"),
            recovery,
            _uplift_text(recovery, RECOVERY_UPLIFT),
            t("loyalty.kpi.recovery_help"),
            relative=True,
        )
    with cols[2]:
        _card(
            t("loyalty.kpi.improper"),
            improper,
            t("loyalty.kpi.target_ceiling", target=pct(improper.target, 0)),
            t("loyalty.kpi.improper_help"),
            relative=False,
        )
    with cols[3]:
        st.metric(t("loyalty.kpi.cost"), "—", help=t("loyalty.kpi.cost_help"))
        st.caption(
            f":material/pending: {t('loyalty.kpi.target_cost', reduction=pct(COST_REDUCTION, 0))} · "
            f"{t('loyalty.kpi.no_cost')}"
        )
    with cols[4]:
        _card(
            t("loyalty.kpi.satisfaction"),
            satisfaction,
            t("loyalty.kpi.target_floor", target=pct(satisfaction.target, 0)),
            t("loyalty.kpi.satisfaction_help"),
            relative=False,
        )


def kpi_table(kpis: pd.DataFrame) -> None:
    with st.expander(t("loyalty.kpi.trend")):
        shown = pd.DataFrame(
            {
                t("loyalty.col.month"): kpis["month"].map(month_label),
                t("loyalty.col.retention"): _share(kpis["retention"]),
                t("loyalty.col.recovery"): _share(kpis["recovery"]),
                t("loyalty.col.improper"): _share(kpis["improper_share"]),
                t("loyalty.col.satisfaction"): _share(kpis["satisfaction"]),
            }
        )
        tables.show(
            shown,
            export_name="loyalty_kpis_by_month",
            key="loyalty_kpi_table",
            percent_columns=tuple(shown.columns[1:]),
        )


# ---- tier mix against the plan ----------------------------------------------------------------------
def tier_mix(totals: pd.DataFrame, month: date) -> None:
    st.subheader(t("loyalty.mix.header"))
    counts = totals[totals["month"] == month].set_index("tier")["customers"].to_dict()
    gap = pd.DataFrame(plan_gap(counts), columns=["tier", "customers", "actual", "plan"])
    gap["label"] = gap["tier"].map(tier_label)
    left, right = st.columns([3, 2])
    left.plotly_chart(mix_chart.figure(gap, month), key="loyalty_mix_chart")
    right.plotly_chart(mix_trend.figure(totals), key="loyalty_mix_trend")
    tables.show(
        pd.DataFrame(
            {
                t("loyalty.col.tier"): gap["label"],
                t("loyalty.col.customers"): gap["customers"],
                t("loyalty.col.actual_share"): _share(gap["actual"]),
                t("loyalty.col.plan_share"): _share(gap["plan"]),
                t("loyalty.col.gap"): [
                    None if a is None else round((a - p) * 100, 1) for a, p in zip(gap["actual"], gap["plan"])
                ],
            }
        ),
        export_name="loyalty_tier_plan",
        key="loyalty_mix_table",
        percent_columns=(t("loyalty.col.actual_share"), t("loyalty.col.plan_share")),
    )


@cached_figure
def mix_chart(gap: pd.DataFrame, month: date) -> go.Figure:
    """Each tier's share of customers in ``month`` beside its planned share."""
    actual, plan = t("loyalty.mix.actual"), t("loyalty.mix.plan")
    long = pd.concat([gap.assign(series=actual, share=gap["actual"]), gap.assign(series=plan, share=gap["plan"])])
    return charts.bars(
        long,
        x="label",
        y="share",
        color="series",
        stacked=False,
        y_format=".0%",
        title=t("loyalty.mix.chart", month=month_label(month)),
        labels={"label": t("loyalty.col.tier"), "share": t("loyalty.col.share"), "series": ""},
        color_map={actual: "#1f77b4", plan: "#c7c7c7"},
    )


@cached_figure
def mix_trend(totals: pd.DataFrame) -> go.Figure:
    """Customers per tier, month by month."""
    by_month = _in_tier_order(totals)
    by_month = by_month.assign(label=by_month["tier"].map(tier_label), month_label=by_month["month"].map(month_label))
    fig = charts.lines(
        by_month,
        x="month_label",
        y="customers",
        color="label",
        title=t("loyalty.mix.trend"),
        labels={
            "month_label": t("loyalty.col.month"),
            "customers": t("loyalty.col.customers"),
            "label": t("loyalty.col.tier"),
        },
        color_map=_tier_colors(),
    )
    return _month_axis(fig)


# ---- tier × segment -------------------------------------------------------------------------------
def _segment_grid(cells: pd.DataFrame) -> pd.DataFrame:
    """Every tier × segment cell in display order, zeros included, with counts and shares."""
    got = cells.set_index(["tier", "segment"])["customers"].to_dict()
    grid = pd.DataFrame(
        [(tier, seg, int(got.get((tier, seg), 0))) for tier, seg in product(TIERS, SEGMENTS)],
        columns=["tier", "segment", "customers"],
    )
    tier_total = grid.groupby("tier")["customers"].transform("sum")
    grid["share_in_tier"] = grid["customers"] / tier_total.where(tier_total > 0)
    grid["share"] = grid["customers"] / max(int(grid["customers"].sum()), 1)
    return grid


def segments(cells: pd.DataFrame, month: date) -> tuple[str, str] | None:
    """Heatmap and bars of tier × segment; returns the (tier, segment) chosen for the drill-down."""
    st.subheader(t("loyalty.bucket.header"))
    st.caption(t("loyalty.bucket.caption", rate=HIGH_POTENTIAL_REPAYMENT_RATE))
    grid = _segment_grid(cells)
    grid["tier_label"], grid["segment_label"] = grid["tier"].map(tier_label), grid["segment"].map(segment_label)
    grid["hover"] = grid["customers"].map(lambda n: f"{t('loyalty.col.customers')} {n:,}")
    left, right = st.columns([3, 2])
    event = left.plotly_chart(
        segment_map.figure(grid), key="loyalty_segment_map", on_select="rerun", selection_mode="points"
    )
    right.plotly_chart(segment_bars.figure(grid), key="loyalty_segment_bars")
    filled = grid[grid["customers"] > 0]
    tables.show(
        pd.DataFrame(
            {
                t("loyalty.col.tier"): filled["tier_label"],
                t("loyalty.col.segment"): filled["segment_label"],
                t("loyalty.col.customers"): filled["customers"],
                t("loyalty.col.share_in_tier"): _share(filled["share_in_tier"]),
                t("loyalty.col.share"): _share(filled["share"]),
            }
        ),
        export_name=f"loyalty_tier_segments_{month:%Y%m}",
        key="loyalty_segment_table",
        percent_columns=(t("loyalty.col.share_in_tier"), t("loyalty.col.share")),
    )
    return _chosen_cell(event)


@cached_figure
def segment_map(grid: pd.DataFrame) -> go.Figure:
    """Tier × segment, each cell's share of its tier; cells are clicked to drill down."""
    fig = charts.heatmap(
        grid,
        x="segment_label",
        y="tier_label",
        z="share_in_tier",
        text="hover",
        title=t("loyalty.bucket.matrix"),
        x_title=t("loyalty.col.segment"),
        y_title=t("loyalty.col.tier"),
    )
    _label_cells(fig)
    return fig


@cached_figure
def segment_bars(grid: pd.DataFrame) -> go.Figure:
    """Customers per segment, stacked by tier, the segments in their catalogue order."""
    fig = charts.bars(
        grid[grid["customers"] > 0],
        x="segment_label",
        y="customers",
        color="tier_label",
        title=t("loyalty.bucket.bars"),
        labels={
            "segment_label": t("loyalty.col.segment"),
            "customers": t("loyalty.col.customers"),
            "tier_label": t("loyalty.col.tier"),
        },
        color_map=_tier_colors(),
    )
    fig.update_xaxes(categoryorder="array", categoryarray=[segment_label(s) for s in SEGMENTS])
    return fig


def _label_cells(fig: go.Figure) -> None:
    """Print each cell's share in it so the matrix reads without hovering."""
    fig.update_traces(texttemplate="%{z:.0%}", textfont_size=12)


def _chosen_cell(event: object) -> tuple[str, str] | None:
    by_tier = {tier_label(tier): tier for tier in TIERS}
    by_segment = {segment_label(seg): seg for seg in SEGMENTS}
    clicked = charts.selected_cell(event)
    if clicked is not None and clicked[1] in by_tier and clicked[0] in by_segment:
        return by_tier[clicked[1]], by_segment[clicked[0]]
    st.caption(t("loyalty.bucket.drill"))
    left, right, _ = st.columns([1, 1, 2])
    tier = left.selectbox(
        t("loyalty.bucket.drill_tier"),
        TIERS,
        index=None,
        key="loyalty_drill_tier",
        format_func=tier_label,
        placeholder=t("loyalty.bucket.drill_pick"),
    )
    segment = right.selectbox(
        t("loyalty.bucket.drill_segment"),
        SEGMENTS,
        index=None,
        key="loyalty_drill_segment",
        format_func=segment_label,
        placeholder=t("loyalty.bucket.drill_pick"),
    )
    return (tier, segment) if tier and segment else None


def drill_table(frame: pd.DataFrame, cell: tuple[str, str], cities: pd.DataFrame, limit: int) -> None:
    tier, segment = cell
    st.caption(t("loyalty.bucket.drill_caption", tier=tier_label(tier), segment=segment_label(segment), limit=limit))
    names = dict(zip(cities["id"], cities["name" if lang() == "zh" else "name_en"]))
    tables.show(
        pd.DataFrame(
            {
                t("loyalty.col.code"): frame["code"],
                t("loyalty.col.name"): frame["name"],
                t("loyalty.col.phone"): frame["phone"],
                t("loyalty.col.city"): frame["city_id"].map(names),
                t("loyalty.col.overdue_days"): frame["overdue_days"],
                t("loyalty.col.debt"): frame["debt"],
                t("loyalty.col.repaid"): frame["repaid"],
                t("loyalty.col.repayment_rate"): _share(frame["repayment_rate"]),
            }
        ),
        export_name=f"loyalty_customers_{tier}_{segment.replace('+', 'plus')}",
        key="loyalty_drill_table",
        percent_columns=(t("loyalty.col.repayment_rate"),),
        money_columns=(t("loyalty.col.debt"), t("loyalty.col.repaid")),
    )


# ---- migration ------------------------------------------------------------------------------------
def migration(transitions: pd.DataFrame, month: date) -> None:
    st.subheader(t("loyalty.migration.header"))
    before = previous_month(month)
    moves = transitions[transitions["month"] == month]
    if moves.empty:
        st.info(t("loyalty.migration.none", month=month_label(month)))
        return
    st.caption(t("loyalty.migration.caption", before=month_label(before), month=month_label(month)))
    moves = moves.assign(to_tier=moves["to_tier"].fillna(LEFT))
    got = moves.set_index(["from_tier", "to_tier"])["customers"].to_dict()
    to_tiers = list(TIERS) + ([LEFT] if (moves["to_tier"] == LEFT).any() else [])
    grid = pd.DataFrame(
        [(a, b, int(got.get((a, b), 0))) for a, b in product(TIERS, to_tiers)],
        columns=["from_tier", "to_tier", "customers"],
    )
    row_total = grid.groupby("from_tier")["customers"].transform("sum")
    grid["share"] = grid["customers"] / row_total.where(row_total > 0)
    grid["from_label"], grid["to_label"] = grid["from_tier"].map(tier_label), grid["to_tier"].map(tier_label)
    grid["hover"] = grid["customers"].map(lambda n: f"{t('loyalty.col.customers')} {n:,}")
    left, _ = st.columns([3, 2])
    left.plotly_chart(migration_map.figure(grid, month), key="loyalty_migration_map")
    tables.show(
        pd.DataFrame(
            {
                t("loyalty.col.from"): grid["from_label"],
                t("loyalty.col.to"): grid["to_label"],
                t("loyalty.col.customers"): grid["customers"],
                t("loyalty.col.share"): _share(grid["share"]),
            }
        ),
        export_name=f"loyalty_migration_{month:%Y%m}",
        key="loyalty_migration_table",
        percent_columns=(t("loyalty.col.share"),),
    )


@cached_figure
def migration_map(grid: pd.DataFrame, month: date) -> go.Figure:
    """From last month's tier (down) to this month's (across), each cell's share of its row."""
    fig = charts.heatmap(
        grid,
        x="to_label",
        y="from_label",
        z="share",
        text="hover",
        title=t("loyalty.migration.chart", before=month_label(previous_month(month)), month=month_label(month)),
        x_title=t("loyalty.migration.to"),
        y_title=t("loyalty.migration.from"),
    )
    _label_cells(fig)
    return fig


# ---- 30-day recovery --------------------------------------------------------------------------------
def recovery(totals: pd.DataFrame, target: float | None, today: date) -> None:
    """Recovery per tier and overall by month, with the programme target for the overall line; a
    month whose 30 days are still running is marked as such."""
    st.subheader(t("loyalty.recovery.header"))
    overall = totals.groupby("month", as_index=False)[["debt", "repaid"]].sum().assign(tier="__all__")
    frame = pd.concat([_in_tier_order(totals)[["month", "tier", "debt", "repaid"]], overall], ignore_index=True)
    frame["recovery"] = [recovery_rate(r, d) for r, d in zip(frame["repaid"], frame["debt"])]
    frame["label"] = frame["tier"].map(lambda v: t("loyalty.recovery.all") if v == "__all__" else tier_label(v))
    frame["month_label"] = frame["month"].map(month_label)
    st.plotly_chart(recovery_chart.figure(frame, target, today), key="loyalty_recovery_chart")
    tables.show(
        pd.DataFrame(
            {
                t("loyalty.col.month"): frame["month_label"],
                t("loyalty.col.tier"): frame["label"],
                t("loyalty.col.debt"): frame["debt"],
                t("loyalty.col.repaid"): frame["repaid"],
                t("loyalty.col.recovery"): _share(frame["recovery"]),
            }
        ),
        export_name="loyalty_recovery_by_tier",
        key="loyalty_recovery_table",
        percent_columns=(t("loyalty.col.recovery"),),
        money_columns=(t("loyalty.col.debt"), t("loyalty.col.repaid")),
    )


@cached_figure
def recovery_chart(frame: pd.DataFrame, target: float | None, today: date) -> go.Figure:
    """30-day recovery per tier and overall by month, against the programme's target."""
    colors = {**_tier_colors(), t("loyalty.recovery.all"): "#222222"}
    fig = charts.lines(
        frame,
        x="month_label",
        y="recovery",
        color="label",
        title=t("loyalty.recovery.chart"),
        labels={
            "month_label": t("loyalty.col.month"),
            "recovery": t("loyalty.col.recovery"),
            "label": t("loyalty.col.tier"),
        },
        color_map=colors,
        y_format=".0%",
        target=target,
        target_label=t("loyalty.kpi.target_uplift", uplift=pct(RECOVERY_UPLIFT, 0), target=pct(target)),
        partial=[month_label(m) for m in frame["month"].unique() if recovery_still_counting(m, today)],
        partial_note=t("chart.partial_note"),
    )
    return _month_axis(fig)


# ---- complaints -------------------------------------------------------------------------------------
def complaint_rate(by_tier: pd.DataFrame, f: Filters, month: date) -> None:
    st.subheader(t("loyalty.complaints.header"))
    st.caption(t("loyalty.complaints.caption", start=f.start, end=f.end, month=month_label(month)))
    frame = by_tier.set_index("tier").reindex([x for x in TIERS if x in set(by_tier["tier"])]).reset_index()
    frame["label"] = frame["tier"].map(tier_label)
    left, _ = st.columns([3, 2])
    left.plotly_chart(complaint_chart.figure(frame), key="loyalty_complaint_chart")
    tables.show(
        pd.DataFrame(
            {
                t("loyalty.col.tier"): frame["label"],
                t("loyalty.col.customers"): frame["customers"],
                t("loyalty.col.complaints"): frame["complaints"],
                t("loyalty.col.complaint_rate"): _share(frame["rate"]),
            }
        ),
        export_name="loyalty_complaint_rate",
        key="loyalty_complaint_table",
        percent_columns=(t("loyalty.col.complaint_rate"),),
    )


@cached_figure
def complaint_chart(frame: pd.DataFrame) -> go.Figure:
    """Complaints per customer of each tier (the bars name their tier; no legend)."""
    fig = charts.bars(
        frame,
        x="label",
        y="rate",
        color="label",
        title=t("loyalty.complaints.chart"),
        labels={"label": t("loyalty.col.tier"), "rate": t("loyalty.col.complaint_rate")},
        color_map=_tier_colors(),
        y_format=".1%",
    )
    fig.update_layout(showlegend=False)
    return fig
