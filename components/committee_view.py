"""Drawing for the committee pages: translated sample tables, the rubric form, the improvement list."""

from __future__ import annotations

import re
from datetime import date, datetime

import pandas as pd
import streamlit as st

from components import charts, tables
from components.chart_cache import cached_altair
from components.formats import DAY, stamp
from components.i18n import code, coder, fixed, t
from domain.committee import CRITERIA, is_finding, is_overdue


def _verdict(passed: object) -> str:
    if passed is None or pd.isna(passed):
        return ""
    return t("sample.pass") if bool(passed) else t("sample.fail")


def items_table(items: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            t("sample.col.ref"): items["ref_no"],
            t("sample.col.level"): items["level"].map(coder("level")),
            t("sample.col.channel"): items["channel"].map(coder("channel")),
            t("sample.col.category"): items["category"].map(coder("category")),
            t("sample.col.stratum"): items["stratum"].map(stratum_text),
            t("sample.col.reviewed"): items["reviewed_at"].map(stamp),
            t("sample.col.reviewer"): items["reviewer"].fillna(""),
        }
    )
    for criterion in CRITERIA:
        frame[t(f"sample.crit.{criterion}")] = items[criterion].map(lambda v: "" if pd.isna(v) else str(int(v)))
    frame[t("sample.col.verdict")] = items["passed"].map(_verdict)
    frame[t("sample.col.comment")] = items["comment"].fillna("")
    return frame


def findings(items: pd.DataFrame) -> pd.DataFrame:
    """Reviewed items that failed or scored 1–2 on any criterion."""
    reviewed = items[items["reviewed_at"].notna()]
    mask = reviewed.apply(
        lambda r: is_finding(
            {c: None if pd.isna(r[c]) else int(r[c]) for c in CRITERIA},
            None if pd.isna(r["passed"]) else bool(r["passed"]),
        ),
        axis=1,
    )
    return reviewed[mask] if len(reviewed) else reviewed


def summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("sample.criterion"): summary["criterion"].map(lambda c: t(f"sample.crit.{c}")),
            t("sample.reviewed_n"): summary["reviewed"],
            t("sample.mean"): summary["mean"].map(lambda v: "—" if v is None or pd.isna(v) else f"{v:.2f}"),
            t("sample.low"): summary["low"],
        }
    )


@cached_altair
def summary_chart(summary: pd.DataFrame) -> charts.AltChart:
    """Mean score per criterion on the 1–5 scale, the criteria in rubric order."""
    frame = summary.assign(name=summary["criterion"].map(lambda c: t(f"sample.crit.{c}")))
    return charts.bar_chart(
        frame,
        x="name",
        y="mean",
        color=None,
        title=t("sample.summary"),
        x_title=t("sample.criterion"),
        y_title=t("sample.mean"),
        value_domain=(0, 5),
        height=300,
    )


def rubric(form_key: str) -> tuple[dict[str, int | None], bool | None, str, bool]:
    """The five 1–5 criteria, pass / fail and a comment in one form; returns them and "submitted"."""
    with st.form(form_key, clear_on_submit=True):
        cols = st.columns(len(CRITERIA))
        scores = {
            c: col.radio(t(f"sample.crit.{c}"), [1, 2, 3, 4, 5], index=None, key=f"{form_key}_{c}")
            for c, col in zip(CRITERIA, cols)
        }
        passed = st.radio(
            t("sample.passed"),
            [True, False],
            index=None,
            horizontal=True,
            key=f"{form_key}_passed",
            format_func=fixed({True: t("sample.pass"), False: t("sample.fail")}),
        )
        comment = st.text_area(t("sample.comment"), key=f"{form_key}_comment", max_chars=1000)
        submitted = st.form_submit_button(t("sample.submit_review"), type="primary")
    return scores, passed, comment, submitted


def stratum_text(stratum: object) -> str:
    """A stored stratum ``L1/anonymous`` (``sampling.stratum_label``) in the user's language."""
    level, _, channel = str(stratum).partition("/")
    return t("sample.stratum", level=code("level", level), channel=code("channel", channel)) if channel else level


SAMPLE_EVIDENCE = re.compile(r"^sample:(\d+) case:(\S+)$")  # written by ``finding_to_improvement``
EVIDENCE_CODES = ("category_trend",)  # evidence codes of the seeded improvement list


def evidence_text(evidence: object) -> str:
    """An improvement's evidence in the user's language: a finding's sample and case, a known code,
    or the text as typed."""
    if not isinstance(evidence, str):
        return ""
    found = SAMPLE_EVIDENCE.match(evidence)
    if found:
        return t("improve.evidence.sample", sample=found.group(1), ref=found.group(2))
    return t(f"improve.evidence.{evidence}") if evidence in EVIDENCE_CODES else evidence


def _case_link(evidence: object) -> str | None:
    """``sample:3 case:TS2026101500002`` → the case lookup address of that case."""
    match = re.search(r"case:(TS\d+)", evidence) if isinstance(evidence, str) else None
    return tables.case_address(match.group(1)) if match else None


def _overdue(due: object, status: str, today: date) -> bool:
    """``is_overdue`` for a stored due date of any shape: a date it cannot read is not overdue."""
    if isinstance(due, datetime):
        due = due.date()
    elif not isinstance(due, date):
        try:
            due = pd.Timestamp(due).date()  # a date as text; NaT and garbage fail just below
        except (ValueError, TypeError, OverflowError):
            return False
    return isinstance(due, date) and due is not pd.NaT and is_overdue(due, status, today)  # NaT is a datetime too


def improvement_table(items: pd.DataFrame, today: date) -> pd.io.formats.style.Styler:
    """The list with overdue rows in red (open or in progress past their due date)."""
    overdue = [_overdue(d, s, today) for d, s in zip(items["due_date"], items["status"])]
    frame = pd.DataFrame(
        {
            "#": items["id"],
            t("improve.month_col"): items["month"].map(lambda m: stamp(m, "%Y-%m")),
            t("improve.issue"): items["issue"],
            t("improve.department"): items["department"],
            t("improve.measure"): items["measure"],
            t("improve.due"): items["due_date"].map(lambda d: stamp(d, DAY)),
            t("improve.owner"): items["owner"],
            t("improve.status"): items["status"].map(coder("improvement_status")),
            t("improve.overdue_col"): [t("common.yes") if o else "" for o in overdue],
            t("improve.evidence_col"): items["evidence"].map(evidence_text),
            t("improve.case_link"): items["evidence"].map(_case_link),
        }
    )
    red = pd.Series(overdue, index=frame.index)
    return frame.style.apply(
        lambda row: ["background-color: #fde2e1; color: #8b0000" if red[row.name] else "" for _ in row], axis=1
    )
