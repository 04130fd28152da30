"""Drawing for the SLA page: clickable breach-rate heatmaps with a keyboard fallback, the tables
behind them, the queues of now and the reminder form. No database access here."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import charts, kpi, tables
from components.chart_cache import cached_figure
from components.formats import stamp
from components.i18n import code, coder, lang, t, translator
from domain.codes import LEVELS, STAGES

# heatmap → (x axis label key, y axis label key, chart height in pixels)
HEATMAP_LAYOUT: dict[str, tuple[str, str, int]] = {
    "stage_level": ("sla.axis.level", "sla.axis.stage", 360),
    "city_week": ("sla.axis.week", "sla.axis.city", 520),
    "team_stage": ("sla.axis.stage", "sla.axis.team", 520),
    "weekday_hour": ("sla.axis.hour", "sla.axis.weekday", 380),
}
LABELLED_CELLS = frozenset({"stage_level", "team_stage"})  # few enough cells to print each rate
CELL_SEPARATOR = "|"
TOKEN_KEY = "sla_remind_token"  # noqa: S105 - a session-state key, not a secret
TOKEN_USED_KEY = "sla_remind_token_used"  # noqa: S105 - a session-state key


def _name_col(base: str) -> str:
    return base if lang() == "zh" else f"{base}_en"


def queue_size(frame: pd.DataFrame) -> int:
    """A queue's full length (the frame itself may be cut at the query's limit)."""
    return int(frame["total"].iloc[0]) if len(frame) else 0


def headline(by_stage: pd.DataFrame, overdue_now: int) -> None:
    """Decided deadlines, breaches and breach rate of the range, and what is overdue right now."""
    decided, breached = int(by_stage["deadlines"].sum()), int(by_stage["breached"].sum())
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("sla.kpi.deadlines"), f"{decided:,}")
    c2.metric(t("sla.kpi.breached"), f"{breached:,}")
    c3.metric(t("sla.kpi.rate"), kpi.pct(breached / decided if decided else None))
    c4.metric(t("sla.kpi.overdue_now"), f"{overdue_now:,}", help=t("sla.kpi.overdue_now_help"))


# ---- heatmap cells ----------------------------------------------------------------------------------------------


def _grid(
    frame: pd.DataFrame,
    y: str,
    x: str,
    y_keys: Iterable,
    x_keys: Iterable,
    y_label: Callable[[Any], str],
    x_label: Callable[[Any], str],
) -> pd.DataFrame:
    """Every (y, x) cell in display order, empty cells without a rate, so the heatmap keeps that order."""
    hover = translator()
    index = pd.MultiIndex.from_product([list(y_keys), list(x_keys)], names=[y, x])
    full = frame.set_index([y, x])[["deadlines", "breached", "rate"]].reindex(index).reset_index()
    full[["deadlines", "breached"]] = full[["deadlines", "breached"]].fillna(0).astype(int)
    return pd.DataFrame(
        {
            "cell": full[y].astype(str) + CELL_SEPARATOR + full[x].astype(str),
            "y": full[y].map(y_label),
            "x": full[x].map(x_label),
            "deadlines": full["deadlines"],
            "breached": full["breached"],
            "rate": full["rate"].astype(float),
            "hover": [hover("sla.hover", breached=b, deadlines=d) for b, d in zip(full["breached"], full["deadlines"])],
        }
    )


def stage_level_cells(frame: pd.DataFrame) -> pd.DataFrame:
    return _grid(frame, "stage", "level", STAGES, LEVELS, lambda s: code("stage", s), lambda lv: code("level", lv))


def city_week_cells(frame: pd.DataFrame) -> pd.DataFrame:
    names = dict(zip(frame["city_id"], frame[_name_col("city")]))
    weeks = sorted(frame["week"].unique())
    return _grid(
        frame,
        "city_id",
        "week",
        list(dict.fromkeys(frame["city_id"])),
        weeks,
        lambda c: names.get(c, ""),
        lambda w: w.isoformat(),
    )


def team_stage_cells(frame: pd.DataFrame) -> pd.DataFrame:
    names = dict(zip(frame["team_id"], frame[_name_col("team")]))
    return _grid(
        frame,
        "team_id",
        "stage",
        list(dict.fromkeys(frame["team_id"])),
        STAGES,
        lambda c: names.get(c, ""),
        lambda s: code("stage", s),
    )


def weekday_hour_cells(frame: pd.DataFrame) -> pd.DataFrame:
    return _grid(frame, "weekday", "hour", range(7), range(24), lambda d: t(f"sla.weekday.{d}"), lambda h: f"{h:02d}")


def _clickable(fig: go.Figure, cells: pd.DataFrame) -> None:
    """Every cell clickable, its hover naming the rate and the breached count."""
    rates = [kpi.pct(r, 0) for r in cells["rate"]]
    charts.clickable_cells(
        fig,
        cells["x"],
        cells["y"],
        list(zip(rates, cells["hover"])),
        "%{y} · %{x}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
    )


@cached_figure
def heatmap_figure(cells: pd.DataFrame, name: str) -> go.Figure:
    """The ``name`` heatmap of breach rates over ``cells``, every cell clickable."""
    x_title, y_title, height = HEATMAP_LAYOUT[name]
    fig = charts.heatmap(
        cells,
        x="x",
        y="y",
        z="rate",
        text="hover",
        title=t(f"sla.chart.{name}"),
        x_title=t(x_title),
        y_title=t(y_title),
        height=height,
    )
    fig.update_xaxes(type="category")  # week dates and hours are labels, not a continuous axis
    fig.update_yaxes(type="category")
    if name in LABELLED_CELLS:
        fig.update_traces(texttemplate="%{z:.0%}", textfont_size=12, selector={"type": "heatmap"})
    _clickable(fig, cells)
    return fig


def heatmap_picker(cells: pd.DataFrame, name: str) -> tuple[str, str] | None:
    """Draw one heatmap; a click on a cell or the selectbox below it chooses a cell.

    Returns the chosen cell's (y, x) keys as the query module expects them, or None.
    """
    event = st.plotly_chart(
        heatmap_figure.figure(cells, name), on_select="rerun", selection_mode="points", key=f"sla_chart_{name}"
    )

    decided = cells[cells["deadlines"] > 0]
    labels = {
        row.cell: t(
            "sla.cell_option",
            y=row.y,
            x=row.x,
            breached=row.breached,
            deadlines=row.deadlines,
            rate=kpi.pct(row.rate, 0),
        )
        for row in decided.itertuples()
    }
    by_position = dict(zip(zip(decided["x"], decided["y"]), decided["cell"]))
    select_key, click_key = f"sla_cell_{name}", f"sla_click_{name}"
    clicked = charts.selected_cell(event)
    if clicked is None:
        st.session_state.pop(click_key, None)  # deselected: clicking the same cell again counts anew
    elif clicked != st.session_state.get(click_key):
        st.session_state[click_key] = clicked  # a new click wins over the selectbox once
        if clicked in by_position:
            st.session_state[select_key] = by_position[clicked]
    if st.session_state.get(select_key) not in labels:
        st.session_state.pop(select_key, None)  # e.g. the filters changed and the cell is gone
    chosen = st.selectbox(
        t("sla.pick_cell"),
        list(labels),
        index=None,
        format_func=labels.__getitem__,
        placeholder=t("sla.pick_cell_placeholder"),
        key=select_key,
    )
    if chosen is None:
        st.caption(t("sla.click_hint"))
        return None
    y_key, x_key = chosen.split(CELL_SEPARATOR, 1)
    return y_key, x_key


def limited_note(label_key: str, shown: int, total: int) -> str | None:
    """Say that only the worst rows are drawn, and only when some were left out."""
    return t(label_key, shown=shown, total=total) if total > shown else None


def cell_label(cells: pd.DataFrame, chosen: tuple[str, str]) -> str:
    row = cells.loc[cells["cell"] == CELL_SEPARATOR.join(chosen)].iloc[0]
    return f"{row['y']} · {row['x']}"


# ---- tables --------------------------------------------------------------------------------------------


def _yes_no(flag: bool) -> str:
    return t("sla.yes") if flag else t("sla.no")


def show_cell_cases(frame: pd.DataFrame, title: str, *, name: str) -> None:
    """The deadlines behind a cell: no customer data at all, so nothing to mask."""
    st.markdown(f"**{t('sla.cell_cases', cell=title)}**")
    total = int(frame["total"].iloc[0]) if len(frame) else 0
    if total > len(frame):
        st.caption(t("sla.cell_cases_limited", shown=len(frame), total=total))
    shown = pd.DataFrame(
        {
            t("sla.col.ref_no"): frame["ref_no"],
            t("sla.col.received"): frame["received_at"].map(stamp),
            t("sla.col.level"): frame["level"].map(coder("level")),
            t("sla.col.category"): frame["category"].map(coder("category")),
            t("sla.col.stage"): frame["stage"].map(coder("stage")),
            t("sla.col.due"): frame["due_at"].map(stamp),
            t("sla.col.done"): frame["done_at"].map(stamp),
            t("sla.col.breached"): frame["breached"].map(_yes_no),
            t("sla.col.handler"): frame["handler"].fillna("—"),
        }
    )
    tables.show(shown, export_name=f"sla_{name}_cell", key=f"sla_cases_{name}", case_columns=(t("sla.col.ref_no"),))


def _hours(delta: pd.Series) -> pd.Series:
    return (delta.dt.total_seconds() / 3600).round(1)


def show_queue(frame: pd.DataFrame, now: pd.Timestamp, *, overdue: bool, hours: float) -> None:
    """An open-stage queue with the owner (handler) and how long is left or overdue."""
    if frame.empty:
        st.info(t("sla.queue_empty_overdue") if overdue else t("sla.queue_empty_at_risk", hours=hours))
        return
    total = queue_size(frame)
    if total > len(frame):
        st.caption(t("sla.queue_limited", shown=len(frame), total=total))
    due = pd.to_datetime(frame["due_at"], errors="coerce")  # a due time pandas cannot hold shows no hours
    timing = (
        (t("sla.col.overdue_hours"), _hours(now - due)) if overdue else (t("sla.col.hours_left"), _hours(due - now))
    )
    shown = pd.DataFrame(
        {
            t("sla.col.ref_no"): frame["ref_no"],
            t("sla.col.level"): frame["level"].map(coder("level")),
            t("sla.col.category"): frame["category"].map(coder("category")),
            t("sla.col.stage"): frame["stage"].map(coder("stage")),
            t("sla.col.due"): frame["due_at"].map(stamp),
            timing[0]: timing[1],
            t("sla.col.handler"): frame["handler"].fillna("—"),
            t("sla.col.city"): frame[_name_col("city")],
            t("sla.col.reminders"): frame["reminders"],
        }
    )
    name = "overdue" if overdue else "at_risk"
    tables.show(shown, export_name=f"sla_{name}_queue", key=f"sla_queue_{name}", case_columns=(t("sla.col.ref_no"),))


def show_my_reminders(frame: pd.DataFrame) -> None:
    st.subheader(t("sla.mine.header"))
    st.caption(t("sla.mine.caption"))
    if frame.empty:
        st.info(t("sla.mine.empty"))
        return
    shown = pd.DataFrame(
        {
            t("sla.col.reminded_at"): frame["at"].map(stamp),
            t("sla.col.ref_no"): frame["ref_no"],
            t("sla.col.level"): frame["level"].map(coder("level")),
            t("sla.col.stage"): frame["stage"].map(coder("stage")),
            t("sla.col.due"): frame["due_at"].map(stamp),
            t("sla.col.stage_state"): frame["done_at"].map(
                lambda d: t("sla.state.open") if pd.isna(d) else t("sla.state.done")
            ),
            t("sla.col.by"): frame["by"].fillna("—"),
            t("sla.col.note"): frame["note"].fillna(""),
        }
    )
    tables.show(shown, export_name="sla_my_reminders", key="sla_my_reminders", case_columns=(t("sla.col.ref_no"),))


# ---- the reminder form ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderRequest:
    complaint_id: int
    stage: str
    ref_no: str
    note: str
    token: str


def _options(overdue: pd.DataFrame, at_risk: pd.DataFrame, now: pd.Timestamp) -> dict[str, tuple[str, str]]:
    """value "complaint_id|stage" → (label, ref_no), most overdue first, then soonest due."""
    out: dict[str, tuple[str, str]] = {}
    tr, stage_name = translator(), coder("stage")
    for frame, late in ((overdue, True), (at_risk, False)):
        for row in frame.itertuples():
            hours = round(abs((now - pd.to_datetime(row.due_at, errors="coerce")).total_seconds()) / 3600, 1)
            state = tr("sla.remind.state_overdue" if late else "sla.remind.state_at_risk", hours=hours)
            label = tr(
                "sla.remind.option",
                ref=row.ref_no,
                stage=stage_name(row.stage),
                state=state,
                handler=row.handler if isinstance(row.handler, str) else "—",
            )
            out.setdefault(f"{row.complaint_id}{CELL_SEPARATOR}{row.stage}", (label, row.ref_no))
    return out


def reminder_form(
    overdue: pd.DataFrame, at_risk: pd.DataFrame, now: pd.Timestamp, note_max: int
) -> ReminderRequest | None:
    """The 催办 form over the queues' stages; returns what to send when submitted.

    The token is one per form render plus a digest of what is sent: a double click or a rerun
    repeats the same token (stored once), while another stage or note in the same render is a
    new reminder. A new render token is drawn on the first run after a reminder was stored. The
    form keeps its values after a submit: clearing them would make a second click send other
    content, i.e. a new token.
    """
    st.subheader(t("sla.remind.header"))
    options = _options(overdue, at_risk, now)
    if not options:
        st.caption(t("sla.remind.nothing"))
        return None
    form_token = st.session_state.setdefault(TOKEN_KEY, uuid.uuid4().hex)
    with st.form("sla_remind_form"):
        choice = st.selectbox(
            t("sla.remind.case"),
            list(options),
            format_func=lambda v: options[v][0],
            key="sla_remind_case",
            placeholder=t("common.choose"),
        )
        note = st.text_area(t("sla.remind.note"), max_chars=note_max, key="sla_remind_note")
        sent = st.form_submit_button(t("sla.remind.send"), type="primary", key="sla_remind_send")
    if not sent:
        if st.session_state.pop(TOKEN_USED_KEY, False):
            st.session_state[TOKEN_KEY] = uuid.uuid4().hex
        return None
    complaint_id, stage = choice.split(CELL_SEPARATOR, 1)
    digest = hashlib.sha256(f"{choice}\n{note}".encode()).hexdigest()[:16]
    return ReminderRequest(int(complaint_id), stage, options[choice][1], note or "", f"{form_token}-{digest}")


def reminder_stored() -> None:
    """Mark this render's token as used: the next run that is not a submit draws a new one."""
    st.session_state[TOKEN_USED_KEY] = True
