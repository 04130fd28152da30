"""Drawing for complaint intake and case handling: the level suggestion, planned due times,
likely repeats and the handler's queue, all in the user's language."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import pandas as pd
import streamlit as st

from components.case_view import md_escape
from components.formats import stamp
from components.i18n import code, coder, lang, t
from domain.intake import LevelReason
from domain.sla import SlaPolicy

_LEVEL_ALERT = {"L1": st.error, "L2": st.warning, "L3": st.info}


def drop_unoffered(key: str, options: Iterable[object]) -> None:
    """Forget a remembered choice that is no longer among the options (another customer was looked up)."""
    if key in st.session_state and st.session_state[key] not in set(options):
        del st.session_state[key]


def reason_text(reason: LevelReason) -> str:
    """ "类别「暴力催收」→ 一级" or "紧急词「自杀」（自伤风险）→ 一级"."""
    level = code("level", reason.level)
    if reason.kind == "category":
        return t("intake.reason.category", category=code("category", reason.value), level=level)
    if reason.kind == "reading":
        return t("intake.reason.reading", theme=t(f"intake.theme.{reason.theme}"), level=level)
    return t("intake.reason.word", word=md_escape(reason.value), theme=t(f"intake.theme.{reason.theme}"), level=level)


def suggestion(level: str, reasons: list[LevelReason]) -> None:
    """The suggested level, with every reason as a bullet; L1 in red with the executive-report note."""
    lines = "\n".join(f"- {reason_text(r)}" for r in reasons)
    _LEVEL_ALERT[level](
        f"**{t('intake.suggested', level=code('level', level))}**\n\n{lines}",
        icon=":material/emergency:" if level == "L1" else ":material/label:",
    )


def due_frame(dues: dict[str, datetime], policy: SlaPolicy, level: str, channel: str) -> pd.DataFrame:
    """Stage, planned due time and the target behind it, e.g. 受理 · 11-23 11:40 · 2 小时（自接收起）."""
    rows = []
    for stage, due in dues.items():
        target = policy.target(stage, level, channel)
        rows.append(
            {
                t("intake.col.stage"): code("stage", stage),
                t("intake.col.due"): stamp(due),
                t("intake.col.target"): t(
                    f"intake.target.{target.unit}{'_one' if target.amount == 1 else ''}", n=f"{target.amount:g}"
                )
                + t(f"intake.anchor.{target.anchor}"),
            }
        )
    return pd.DataFrame(rows)


def repeats_labels(repeats: pd.DataFrame) -> dict[int | str, str]:
    """Radio labels: link to each open repeat, or log a new complaint anyway. A repeat outside the
    user's scope (``visible`` 0) is offered by when it was logged only, without its number or status."""
    labels: dict[int | str, str] = {
        int(r.id): t("intake.repeat.link", ref=r.ref_no, received=stamp(r.received_at), status=code("status", r.status))
        if r.visible
        else t("intake.repeat.link_unseen", received=stamp(r.received_at))
        for r in repeats.itertuples()
    }
    labels["new"] = t("intake.repeat.new")
    return labels


def customer_label(row: pd.Series) -> str:
    """One customer match, masked: C00000123 · 张** · 138****5678 · 上海."""
    city = row["city_en"] if lang() == "en" else row["city"]
    return f"{row['code']} · {row['name']} · {row['phone']} · {city}"


def queue_frame(queue: pd.DataFrame, now: datetime) -> pd.DataFrame:
    """The handler's queue as shown: overdue next stages flagged, codes translated."""
    en = lang() == "en"
    overdue = queue["next_due"] < pd.Timestamp(now)
    return pd.DataFrame(
        {
            t("handling.col.ref"): queue["ref_no"],
            t("handling.col.received"): queue["received_at"].map(stamp),
            t("handling.col.level"): queue["level"].map(coder("level")),
            t("handling.col.category"): queue["category"].map(coder("category")),
            t("handling.col.status"): queue["status"].map(coder("status")),
            t("handling.col.next"): queue["next_stage"].map(coder("stage")),
            t("handling.col.next_due"): queue["next_due"].map(stamp),
            t("handling.col.overdue"): overdue.map(lambda late: t("common.yes") if late else ""),
            t("handling.col.handler"): queue["handler"].fillna("—"),
            t("handling.col.city"): queue["city_en" if en else "city"],
            t("handling.col.duplicate_of"): queue["duplicate_of"].fillna(""),
        }
    )


def case_labels(queue: pd.DataFrame) -> dict[str, str]:
    """Selectbox labels of the queue's cases: TS… · 一级 · 暴力催收 · 待受理."""
    return {
        r.ref_no: f"{r.ref_no} · {code('level', r.level)} · {code('category', r.category)} · "
        f"{t('handling.next_short', stage=code('stage', r.next_stage))}"
        for r in queue.itertuples()
    }


def surveys_due_frame(due: pd.DataFrame) -> pd.DataFrame:
    """Archived cases awaiting their follow-up survey, as shown."""
    return pd.DataFrame(
        {
            t("handling.col.ref"): due["ref_no"],
            t("handling.col.archived"): due["archive_at"].map(stamp),
            t("handling.col.level"): due["level"].map(coder("level")),
            t("handling.col.category"): due["category"].map(coder("category")),
            t("handling.col.handler"): due["handler"].fillna("—"),
        }
    )


def survey_labels(due: pd.DataFrame) -> dict[str, str]:
    """Selectbox labels of the cases awaiting a survey: TS… · 一级 · 暴力催收 · 待回访."""
    return {
        r.ref_no: f"{r.ref_no} · {code('level', r.level)} · {code('category', r.category)} · {t('survey.due_short')}"
        for r in due.itertuples()
    }
