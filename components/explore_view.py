"""Drawing of the explore page: the question builder (its widgets live in session state and in the
address), the result as a table and a chart, the cases of one group and the saved questions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any
from urllib.parse import parse_qsl

import pandas as pd
import streamlit as st

from components import charts
from components.chart_cache import cached_altair
from components.formats import stamp
from components.i18n import code, code_format, coder, fixed, lang, t
from domain.codes import CATEGORIES, COMPLAINT_STATUSES
from domain.explore import (
    CUSTOM,
    DIMENSIONS,
    INTAKE_SOURCE,
    MAX_GROUPS,
    MEASURES,
    MONEY_MEASURES,
    RATE_MEASURES,
    SORTS,
    TIME_DIMENSIONS,
    TOP_CHOICES,
    Question,
    clean_text,
    from_params,
    period_choices,
    period_of,
    period_range,
    saved_dates,
    valid_period,
)

DATES_KEY = "flt_dates"  # the sidebar's date range, which the period pick sets
PERIOD_KEY = "exp_period"
# address parameter → session key of the builder widget holding it
PARAM_KEYS = {
    "cat": "exp_cat",
    "status": "exp_status",
    "src": "exp_src",
    "q": "exp_text",
    "urgent": "exp_urgent",
    "by": "exp_by",
    "m": "exp_measure",
    "top": "exp_top",
    "sort": "exp_sort",
}
DEFAULTS = Question()
DRILL_KEY = "exp_drill"


# ---- the address: read by components.filters with the global filters, written back every run -----------


def _reader(param: str) -> Callable[[str], object]:
    """The reader of one address parameter: its value as the widget holds it, None when unusable."""

    def read(text: str) -> object:
        q = from_params({param: text})
        if param in q.problems:
            return None
        value = {
            "cat": list(q.categories),
            "status": list(q.statuses),
            "src": list(q.sources),
            "q": q.text,
            "urgent": q.urgent or None,
            "by": list(q.group_by),
            "m": q.measure,
            "top": q.top,
            "sort": q.sort,
        }[param]
        return value if value not in ([], "") else None

    return read


def _period(text: str) -> str | None:
    return text if valid_period(text) else None


URL_KEYS: dict[str, tuple[str, Callable[[str], object]]] = {
    "period": (PERIOD_KEY, _period),
    **{param: (key, _reader(param)) for param, key in PARAM_KEYS.items()},
}
URL_DEFAULTS: dict[str, object] = {
    "exp_by": list(DEFAULTS.group_by),
    "exp_measure": DEFAULTS.measure,
    "exp_top": DEFAULTS.top,
    "exp_sort": DEFAULTS.sort,
    PERIOD_KEY: CUSTOM,
}


# ---- the builder -------------------------------------------------------------------------------------------


def _period_label(period: str) -> str:
    if period.endswith(("-Q1", "-Q2", "-Q3", "-Q4")):
        return t("explore.period.quarter", year=period[:4], quarter=period[-1])
    if period.isdigit():
        return t("explore.period.year", year=period)
    return t(f"explore.period.{period}")


def _apply_period(today: date) -> None:
    """The period pick sets the date range of the global filters (the sidebar shows it too)."""
    span = period_range(st.session_state.get(PERIOD_KEY, CUSTOM), today)
    if span is not None:
        st.session_state[DATES_KEY] = span


def builder(start: date, end: date, today: date, sources: Sequence[str]) -> Question:
    """Draw the question builder and return the question it holds. ``start``/``end`` are the global
    date range, which the period pick names (or ``custom`` when the range was set by hand)."""
    choices = period_choices(today)
    picked = st.session_state.get(PERIOD_KEY)
    if picked not in choices or period_range(picked, today) != (start, end):
        st.session_state[PERIOD_KEY] = period_of(start, end, today)
    top = st.columns([2, 3, 2, 3])
    top[0].selectbox(
        t("explore.period"),
        choices,
        key=PERIOD_KEY,
        format_func=fixed({p: _period_label(p) for p in choices}),
        on_change=_apply_period,
        args=(today,),
        placeholder=t("common.choose"),
        help=t("explore.period_help"),
    )
    top[0].caption(t("explore.period_range", start=start, end=end))
    categories = top[1].multiselect(
        t("explore.category"),
        CATEGORIES,
        key="exp_cat",
        format_func=code_format("category", CATEGORIES),
        placeholder=t("filters.all"),
    )
    statuses = top[2].multiselect(
        t("explore.status"),
        COMPLAINT_STATUSES,
        key="exp_status",
        format_func=code_format("status", COMPLAINT_STATUSES),
        placeholder=t("filters.all"),
    )
    source_options = [INTAKE_SOURCE, *sources]
    if "exp_src" in st.session_state:  # a linked source that this store does not have is dropped
        st.session_state["exp_src"] = [s for s in st.session_state["exp_src"] if s in source_options]
    chosen_sources = top[3].multiselect(
        t("explore.source"),
        source_options,
        key="exp_src",
        format_func=fixed({INTAKE_SOURCE: t("explore.source.intake"), **{s: s for s in sources}}),
        placeholder=t("filters.all"),
    )
    for key, value in (("exp_by", list(DEFAULTS.group_by)), ("exp_measure", DEFAULTS.measure)):
        st.session_state.setdefault(key, value)
    st.session_state.setdefault("exp_top", DEFAULTS.top)
    st.session_state.setdefault("exp_sort", DEFAULTS.sort)
    second = st.columns([3, 3, 3, 1.5, 1.5])
    text = second[0].text_input(t("explore.text"), key="exp_text", help=t("explore.text_help"))
    urgent = second[0].checkbox(t("explore.urgent"), key="exp_urgent", help=t("explore.urgent_help"))
    group_by = second[1].multiselect(
        t("explore.group_by"),
        DIMENSIONS,
        key="exp_by",
        max_selections=MAX_GROUPS,
        format_func=fixed({d: t(f"explore.dim.{d}") for d in DIMENSIONS}),
        placeholder=t("explore.dim.city"),
    )
    measure = second[2].selectbox(
        t("explore.measure"),
        MEASURES,
        key="exp_measure",
        placeholder=t("common.choose"),
        format_func=fixed({m: t(f"explore.measure.{m}") for m in MEASURES}),
    )
    top_n = second[3].selectbox(
        t("explore.top"),
        TOP_CHOICES,
        key="exp_top",
        placeholder=t("common.choose"),
        format_func=fixed({n: t("explore.top.n", n=n) if n else t("explore.top.all") for n in TOP_CHOICES}),
    )
    sort = second[4].selectbox(
        t("explore.sort"),
        SORTS,
        key="exp_sort",
        placeholder=t("common.choose"),
        format_func=fixed({s: t(f"explore.sort.{s}") for s in SORTS}),
    )
    if measure in ("share", "breach_rate", "satisfaction", "repeat_rate", *MONEY_MEASURES, "no_fault_rate"):
        st.caption(t(f"explore.measure_help.{measure}"))
    return Question(
        categories=tuple(categories),
        statuses=tuple(statuses),
        sources=tuple(chosen_sources),
        text=clean_text(text or ""),
        urgent=bool(urgent),
        group_by=tuple(group_by) or DEFAULTS.group_by,
        measure=measure or DEFAULTS.measure,
        top=int(top_n),
        sort=sort or DEFAULTS.sort,
    )


# ---- the result --------------------------------------------------------------------------------------------


def _names(result: pd.DataFrame, dim: str) -> pd.Series:
    """The display name of each row's value of ``dim``, in the user's language."""
    values = result[dim]
    if dim in ("city", "team"):
        column = f"{dim}_name" if lang() == "zh" else f"{dim}_name_en"
        missing = t("explore.no_team") if dim == "team" else t("explore.unknown")
        return result[column].where(result[column].notna() & values.notna(), missing).astype(str)
    if dim == "agent":
        return result["agent_name"].where(result["agent_name"].notna(), t("explore.no_agent")).astype(str)
    if dim in ("channel", "category", "level"):
        return values.map(lambda v: code(dim, v) if isinstance(v, str) else t("explore.unknown"))
    if dim == "text_category":
        return values.map(lambda v: code("category", v) if isinstance(v, str) else t("explore.text_unclear"))
    if dim == "theme":
        return values.map(lambda v: t(f"intake.theme.{v}") if isinstance(v, str) else t("explore.not_urgent"))
    days = pd.to_datetime(values, errors="coerce")
    fmt = "%Y-%m-%d" if dim == "week" else "%Y-%m"
    return days.dt.strftime(fmt).fillna(t("explore.unknown"))


def group_labels(result: pd.DataFrame, q: Question) -> list[str]:
    """One label per result row naming its group (e.g. "上海 · 暴力催收")."""
    if result.empty:
        return []
    parts = [_names(result, d) for d in q.group_by]
    joined = parts[0]
    for more in parts[1:]:
        joined = joined + " · " + more
    return joined.tolist()


def group_keys(result: pd.DataFrame, q: Question) -> list[tuple[object, ...]]:
    """Each row's group as the plain values the case read takes (ids, codes, period starts as text)."""

    def plain(value: object) -> object:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        if isinstance(value, (pd.Timestamp, date)):
            return pd.Timestamp(value).date().isoformat()
        return value.item() if hasattr(value, "item") else value

    return [tuple(plain(v) for v in row) for row in result[list(q.group_by)].itertuples(index=False, name=None)]


def measure_title(q: Question) -> str:
    return t(f"explore.measure.{q.measure}")


def result_frame(result: pd.DataFrame, q: Question) -> pd.DataFrame:
    """The result table: the group names, the complaints counted and the measure (with its sample size
    for satisfaction), headed in the user's language."""
    columns: dict[str, Any] = {t(f"explore.dim.{d}"): _names(result, d) for d in q.group_by}
    if q.measure != "complaints":
        columns[t("explore.col.complaints")] = result["complaints"].astype(int)
    value = pd.to_numeric(result["value"], errors="coerce")
    if q.measure in ("complaints", "l1"):
        value = value.fillna(0).astype(int)
    if q.measure in MONEY_MEASURES:
        value = value.fillna(0).round(2)
    columns[measure_title(q)] = value.round(2) if q.measure == "satisfaction" else value
    if q.measure == "satisfaction":
        columns[t("explore.col.answers")] = pd.to_numeric(result["den"], errors="coerce").fillna(0).astype(int)
    return pd.DataFrame(columns)


def money_columns(q: Question) -> tuple[str, ...]:
    return (measure_title(q),) if q.measure in MONEY_MEASURES else ()


def percent_columns(q: Question) -> tuple[str, ...]:
    return (measure_title(q),) if q.measure in RATE_MEASURES else ()


@cached_altair
def result_chart(result: pd.DataFrame, q: Question) -> charts.AltChart:
    """A timeline as lines, one key as bars (ranked), two keys as side-by-side (or stacked counts) bars."""
    value_format = (
        ".0%"
        if q.measure in RATE_MEASURES
        else ".2f"
        if q.measure == "satisfaction"
        else ",.0f"
        if q.measure in MONEY_MEASURES
        else ",d"
    )
    title = t(
        "explore.chart_title",
        measure=measure_title(q),
        groups=" × ".join(t(f"explore.dim.{d}") for d in q.group_by),
    )
    data = pd.DataFrame({"value": pd.to_numeric(result["value"], errors="coerce")})
    times = [d for d in q.group_by if d in TIME_DIMENSIONS]
    others = [d for d in q.group_by if d not in TIME_DIMENSIONS]
    if times:
        data["period"] = pd.to_datetime(result[times[0]], errors="coerce")
        if others:
            data["series"] = _names(result, others[0])
        return charts.line_chart(
            data,
            x="period",
            y="value",
            color="series" if others else None,
            title=title,
            x_title=t(f"explore.dim.{times[0]}"),
            y_title=measure_title(q),
            color_title=t(f"explore.dim.{others[0]}") if others else "",
            y_format=value_format,
            y_zero=True,
        )
    data["group"] = _names(result, q.group_by[0])
    two = len(q.group_by) == 2
    if two:
        data["split"] = _names(result, q.group_by[1])
    counts = q.measure in ("complaints", "l1")
    peak = data.groupby("group")["value"].sum().max() if counts and two else data["value"].max()
    small = counts and pd.notna(peak) and peak < 10  # whole ticks, not 0, 0.5 shown as "0 0 1 1"
    return charts.bar_chart(
        data,
        x="group",
        y="value",
        color="split" if two else None,
        title=title,
        x_title="",  # the title names the grouping
        y_title=measure_title(q),
        color_title=t(f"explore.dim.{q.group_by[1]}") if two else "",
        horizontal=True,
        stacked=counts,
        y_format=value_format,
        value_ticks=list(range(int(peak) + 1)) if small else None,
        value_labels=None if two else value_format,
        tooltip_all=two,
        height=max(260, min(900, 26 * data["group"].nunique() * (1 if counts or not two else 2) + 80)),
    )


def pick_group(labels: list[str]) -> int | None:
    """The drill-down pick: an index into the result rows."""
    options = list(range(len(labels)))
    if st.session_state.get(DRILL_KEY) not in options:
        st.session_state.pop(DRILL_KEY, None)
    picked = st.selectbox(
        t("explore.drill_pick"),
        options,
        key=DRILL_KEY,
        index=None,
        format_func=fixed(dict(enumerate(labels))),
        placeholder=t("common.choose"),
    )
    return None if picked is None else int(picked)


def cases_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The cases of one group in the user's language (no customer data)."""
    city = rows["city"] if lang() == "zh" else rows["city_en"]
    team = rows["team"] if lang() == "zh" else rows["team_en"]
    return pd.DataFrame(
        {
            t("explore.col.ref"): rows["ref_no"],
            t("explore.col.received_at"): rows["received_at"].map(stamp),
            t("explore.col.channel"): rows["channel"].map(coder("channel")),
            t("explore.col.level"): rows["level"].map(coder("level")),
            t("explore.col.category"): rows["category"].map(coder("category")),
            t("explore.col.status"): rows["status"].map(coder("status")),
            t("explore.col.city"): city.fillna(""),
            t("explore.col.team"): team.fillna(t("explore.no_team")),
            t("explore.col.agent"): rows["agent"].fillna(""),
            t("explore.col.handler"): rows["handler"].fillna(""),
            t("explore.col.source"): rows["source"].fillna(t("explore.source.intake")),
        }
    )


# ---- saved questions ---------------------------------------------------------------------------------------


def saved_label(row: pd.Series) -> str:
    """A saved question's name: the product's in the user's language, others as typed, marked when shared."""
    name = t(f"explore.preset.{row['preset']}") if isinstance(row.get("preset"), str) else str(row["name"])
    if bool(row["shared"]):
        owner = row.get("owner")
        return (
            name
            + (t("explore.saved_by", owner=owner) if isinstance(owner, str) and owner else "")
            + t("explore.saved_shared")
        )
    return name


def open_saved(params: str, today: date) -> None:
    """Fill the builder (and the date range) from a saved question's text; parts it does not name take
    their defaults."""
    values = dict(parse_qsl(params))
    for param, key in PARAM_KEYS.items():
        st.session_state.pop(key, None)
        if param in values:
            value = URL_KEYS[param][1](values[param])
            if value is not None:
                st.session_state[key] = value
    span = saved_dates(params, today)
    if span is not None:
        st.session_state[DATES_KEY] = span
    st.session_state[PERIOD_KEY] = values.get("period", CUSTOM)
    st.session_state.pop(DRILL_KEY, None)
