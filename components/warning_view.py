"""Drawing the early-warning pages: the report fields, the live risk panel, the ledger and timeline
tables in the user's language, one report's facts, and the admin's risk-weight editor."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from components import feedback
from components.case_view import md_escape
from components.formats import stamp
from components.i18n import code, code_format, coder, lang, t
from domain.codes import ATTITUDES, WARNING_SOURCES
from domain.warnings import MAX_DESCRIPTION, MAX_NAME, MAX_SUGGESTION, RISK_FACTORS, WarningInput

RISK_BADGE = {"low": "green", "medium": "orange", "high": "red"}
CONTACT_CHARS = 13  # 0xxx-xxxxxxxx, the longest accepted landline
CUSTOMER_CODE_CHARS = 9


def _index(options: tuple[str, ...], value: object) -> int | None:
    return options.index(value) if value in options else None


# A field's starting value from ``defaults`` (a stored report), checked to be what its widget takes.
def _text_default(d: Mapping[str, object], key: str, *, empty_when_unset: bool = False) -> str:
    value = (d.get(key) or "") if empty_when_unset else d.get(key, "")
    if not isinstance(value, str):
        raise TypeError(f"the {key} default is {value!r}, not text")
    return value


def _float_default(d: Mapping[str, object], key: str) -> float | None:
    value = d.get(key)
    if not (value is None or isinstance(value, int | float)):
        raise TypeError(f"the {key} default is {value!r}, not a number")
    return value


def _int_default(d: Mapping[str, object], key: str, default: int | None = None) -> int | None:
    value = d.get(key, default)
    if not (value is None or isinstance(value, int)):
        raise TypeError(f"the {key} default is {value!r}, not a whole number")
    return value


def _stored_code(row: Mapping[str, object], field: str) -> str:
    value = row[field]
    if not isinstance(value, str):
        raise TypeError(f"the report's {field} is {value!r}, not a code")
    return value


def report_fields(prefix: str, defaults: Mapping[str, object] | None = None) -> WarningInput:
    """The report's inputs (outside any form, so the risk score can follow them); keys start with ``prefix``."""
    d = defaults or {}
    left, right = st.columns(2)
    name = left.text_input(
        t("warn.field.customer_name"), value=_text_default(d, "customer_name"), max_chars=MAX_NAME, key=f"{prefix}name"
    )
    contact = left.text_input(
        t("warn.field.contact"),
        value=_text_default(d, "contact"),
        max_chars=CONTACT_CHARS,
        placeholder="13812345678",
        help=t("warn.help.contact"),
        key=f"{prefix}contact",
    )
    source = left.selectbox(
        t("warn.field.source"),
        WARNING_SOURCES,
        index=_index(WARNING_SOURCES, d.get("source")),
        format_func=code_format("source", WARNING_SOURCES),
        placeholder=t("warn.pick_option"),
        key=f"{prefix}source",
    )
    customer_code = left.text_input(
        t("warn.field.customer_code"),
        value=_text_default(d, "customer_code", empty_when_unset=True),
        max_chars=CUSTOMER_CODE_CHARS,
        placeholder="C00000123",
        help=t("warn.help.customer_code"),
        key=f"{prefix}customer",
    )
    debt = right.number_input(
        t("warn.field.debt_amount"),
        min_value=0.0,
        value=_float_default(d, "debt_amount"),
        step=1000.0,
        format="%.2f",
        key=f"{prefix}debt",
    )
    overdue = right.number_input(
        t("warn.field.overdue_days"), min_value=0, value=_int_default(d, "overdue_days"), step=1, key=f"{prefix}overdue"
    )
    history = right.number_input(
        t("warn.field.complaint_history"),
        min_value=0,
        value=_int_default(d, "complaint_history", 0),
        step=1,
        help=t("warn.help.complaint_history"),
        key=f"{prefix}history",
    )
    attitude = right.selectbox(
        t("warn.field.attitude"),
        ATTITUDES,
        index=_index(ATTITUDES, d.get("attitude")),
        format_func=code_format("attitude", ATTITUDES),
        placeholder=t("warn.pick_option"),
        key=f"{prefix}attitude",
    )
    description = st.text_area(
        t("warn.field.description"),
        value=_text_default(d, "description"),
        max_chars=MAX_DESCRIPTION,
        key=f"{prefix}description",
    )
    suggestion = st.text_area(
        t("warn.field.suggestion"),
        value=_text_default(d, "suggestion"),
        max_chars=MAX_SUGGESTION,
        key=f"{prefix}suggestion",
    )
    return WarningInput(
        customer_name=name,
        contact=contact,
        debt_amount=debt,
        overdue_days=overdue,
        source=source,
        complaint_history=history,
        attitude=attitude,
        description=description,
        suggestion=suggestion,
        customer_code=customer_code,
    )


def field_keys(prefix: str) -> list[str]:
    """The session-state keys ``report_fields`` uses, to empty the form after a stored submit."""
    return [
        f"{prefix}{k}"
        for k in (
            "name",
            "contact",
            "source",
            "customer",
            "debt",
            "overdue",
            "history",
            "attitude",
            "description",
            "suggestion",
        )
    ]


def risk_panel(score: float | None, level: str | None, weights: Mapping[str, float]) -> None:
    """The score and level as they stand now, with what the level asks for and the weights behind it."""
    st.markdown(f"**{t('warn.report.live')}**")
    if score is None or level is None:
        st.metric(t("warn.score"), "—")
        st.caption(t("warn.score_pending"))
    else:
        st.metric(t("warn.score"), f"{score:.1f}")
        st.progress(min(max(score / 100, 0.0), 1.0))
        st.markdown(f":{RISK_BADGE[level]}-badge[{code('risk', level)}]")
        st.caption(t(f"warn.level_advice.{level}"))
    st.caption(t("warn.score_weights", **{f: f"{weights.get(f, 0.0):g}" for f in RISK_FACTORS}))


def ledger_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The ledger as shown and exported: the seed's columns first, then the workflow, then references."""
    en = lang() == "en"
    return pd.DataFrame(
        {
            t("warn.col.customer_name"): rows["customer_name"],
            t("warn.col.contact"): rows["contact"],
            t("warn.col.debt"): rows["debt_amount"].round(2),
            t("warn.col.source"): rows["source"].map(coder("source")),
            t("warn.col.reported_at"): rows["reported_at"].map(stamp),
            t("warn.col.level"): rows["risk_level"].map(coder("risk")),
            t("warn.col.suggestion"): rows["suggestion"],
            t("warn.col.status"): rows["status"].map(coder("warning_status")),
            t("warn.col.head"): rows["head"].fillna(""),
            t("warn.col.signed_at"): rows["signed_at"].map(stamp),
            t("warn.col.handling_team"): rows["handling_team_en" if en else "handling_team"].fillna(""),
            t("warn.col.plan"): rows["plan"].fillna(""),
            t("warn.col.closed_at"): rows["closed_at"].map(stamp),
            t("warn.col.evaluation"): rows["evaluation"].fillna(""),
            t("warn.col.head_comment"): rows["head_comment"].fillna(""),
            t("warn.col.ref"): rows["ref_no"],
            t("warn.col.score"): rows["risk_score"],
            t("warn.col.team"): rows["team_en" if en else "team"],
            t("warn.col.rule"): rows["rule"].map(lambda r: code("conduct_rule", r) if isinstance(r, str) else ""),
            t("warn.col.breach_day"): rows["breach_day"].map(lambda d: stamp(d, "%Y-%m-%d")),
            t("warn.col.agent"): rows["agent_code"].fillna(""),
        }
    )


def my_reports_frame(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("warn.col.ref"): rows["ref_no"],
            t("warn.col.reported_at"): rows["reported_at"].map(stamp),
            t("warn.col.customer_name"): rows["customer_name"],
            t("warn.col.contact"): rows["contact"],
            t("warn.col.level"): rows["risk_level"].map(coder("risk")),
            t("warn.col.score"): rows["risk_score"],
            t("warn.col.status"): rows["status"].map(coder("warning_status")),
            t("warn.col.head"): rows["head"].fillna(""),
            t("warn.col.head_comment"): rows["head_comment"].fillna(""),
            t("warn.col.signed_at"): rows["signed_at"].map(stamp),
        }
    )


def timeline_frame(events: pd.DataFrame) -> pd.DataFrame:
    """Events oldest first; a 'submitted' event after the first one is a resubmission after edits."""
    columns = [t("warn.col.at"), t("warn.col.event"), t("warn.col.actor"), t("warn.col.note")]
    if events.empty:
        return pd.DataFrame(columns=columns)
    submitted = events["kind"] == "submitted"
    kinds = events["kind"].where(~(submitted & (submitted.cumsum() > 1)), "resubmitted")
    return pd.DataFrame(
        dict(
            zip(
                columns,
                (
                    events["at"].map(stamp),
                    kinds.map(lambda k: t(f"warn.event.{k}")),
                    events["actor"].fillna(""),
                    events["note"].fillna(""),
                ),
            )
        )
    )


def pick_labels(rows: pd.DataFrame, yours: set[int]) -> dict[int, str]:
    """Picker text per report: number, masked customer, level, state, and a mark when it awaits you."""
    mark = f" · {t('warn.ledger.yours')}"
    return {
        int(r.id): f"{r.ref_no} · {r.customer_name} · {code('risk', r.risk_level)} · "
        f"{code('warning_status', r.status)}{mark if int(r.id) in yours else ''}"
        for r in rows.itertuples()
    }


def summary(row: Mapping[str, object]) -> None:
    """One report's facts; stored text is shown as text (``st.text``) or escaped Markdown."""
    en = lang() == "en"
    level, status = _stored_code(row, "risk_level"), _stored_code(row, "status")
    source, attitude = _stored_code(row, "source"), _stored_code(row, "attitude")
    st.subheader(
        f"{md_escape(row['ref_no'])} · :{RISK_BADGE[level]}-badge[{code('risk', level)}] "
        f"· {code('warning_status', status)}",
        anchor=False,
    )
    cols = st.columns(4)
    cols[0].metric(t("warn.col.score"), f"{row['risk_score']:.1f}")
    cols[1].metric(t("warn.col.debt"), f"¥{row['debt_amount']:,.0f}")
    cols[2].metric(t("warn.field.overdue_days"), f"{row['overdue_days']}")
    cols[3].metric(t("warn.field.complaint_history"), f"{row['complaint_history']}")
    st.markdown(
        " · ".join(
            [
                f"**{t('warn.col.customer_name')}** {md_escape(row['customer_name'])}",
                f"**{t('warn.col.contact')}** {md_escape(row['contact'])}",
                f"**{t('warn.col.source')}** {code('source', source)}",
                f"**{t('warn.field.attitude')}** {code('attitude', attitude)}",
            ]
        )
    )
    st.caption(
        t(
            "warn.ledger.reported_by",
            reporter=t("conduct.reporter") if isinstance(row.get("rule"), str) else md_escape(row["reporter"]),
            team=md_escape(row["team_en" if en else "team"]),
            at=stamp(row["reported_at"]),
        )
    )
    if isinstance(row["head"], str):
        st.caption(t("warn.ledger.signed", head=md_escape(row["head"]), at=stamp(row["signed_at"])))
    reported, handled = st.columns(2, gap="large")
    for column, fields in (
        (reported, (("warn.field.description", "description"), ("warn.field.suggestion", "suggestion"))),
        (
            handled,
            (
                ("warn.field.head_comment", "head_comment"),
                ("warn.field.plan", "plan"),
                ("warn.field.evaluation", "evaluation"),
            ),
        ),
    ):
        with column:
            for label, field in fields:
                if isinstance(row[field], str) and row[field]:
                    st.markdown(f"**{t(label)}**")
                    st.text(row[field])


def weights_editor(current: dict[str, float], on_save: Callable[[dict[str, float]], None]) -> None:
    """The admin's editor of the risk-score weights: one 0–1 input per factor and a save button.

    ``on_save`` gets the new weights (e.g. ``lambda w: save_weights(user, w)``); its input problems
    and permission refusals are shown here, and a successful save reruns the page with a message.
    """
    with st.form("warn_weights_form"):
        st.subheader(t("warn.weights.title"), help=t("warn.weights.help"))
        cols = st.columns(len(RISK_FACTORS))
        chosen = {
            factor: float(
                col.number_input(
                    t(f"warn.factor.{factor}"),
                    min_value=0.0,
                    max_value=1.0,
                    step=0.05,
                    value=float(current.get(factor, 0.0)),
                    format="%.2f",
                    key=f"warn_weight_{factor}",
                )
            )
            for factor, col in zip(RISK_FACTORS, cols)
        }
        if st.form_submit_button(t("warn.weights.save")):
            feedback.attempt(lambda: on_save(chosen), lambda _: feedback.flash_and_rerun(t("warn.weights.saved")))
