"""Drawing the regulator time limits: a case's deadline and days left beside its five stages, the
extension form, the SLA page's breach count and queue, and the admin's choice of where it applies."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from components import feedback, forms, kpi, tables
from components.case_view import md_escape
from components.filters import code_multiselect
from components.formats import DAY, stamp
from components.i18n import coder, fixed, lang, t
from domain import regulator as rules
from domain.codes import CHANNELS

STATE_BADGE = {
    rules.OPEN: "blue",
    rules.DUE_TODAY: "orange",
    rules.OVERDUE: "red",
    rules.MET: "green",
    rules.LATE: "red",
}


def case_panel(case: Mapping[str, Any], extensions: pd.DataFrame, applies: rules.Applies, today: date) -> None:
    """The case's regulator deadline (15, 30 or 60 calendar days), where it stands, days left and
    the extensions recorded, next to the internal stages."""
    st.subheader(t("regulator.title"), help=t("regulator.caption"))
    if not applies.covers(str(case["channel"]), case.get("source")):
        st.caption(t("regulator.not_applicable"))
        return
    steps = len(extensions)
    last_day = rules.deadline(case["received_at"], steps)
    state = rules.state(last_day, case["notify_at"], today)
    cols = st.columns(4)
    cols[0].metric(t("regulator.last_day"), stamp(last_day, DAY))
    cols[1].metric(t("regulator.limit"), t("regulator.days", days=rules.limit_days(steps)))
    decided = case["notify_at"] is not None
    cols[2].metric(t("regulator.days_left"), "—" if decided else f"{rules.days_left(last_day, today):,}")
    cols[3].markdown(f"**{t('regulator.state')}**  \n:{STATE_BADGE[state]}-badge[{t(f'regulator.state.{state}')}]")
    if decided:
        st.caption(t("regulator.decided", day=stamp(case["notify_at"], DAY)))
    for ext in extensions.itertuples():
        approver = t("regulator.approved_by", name=md_escape(ext.approver)) if isinstance(ext.approver, str) else ""
        st.caption(
            t(
                "regulator.extension_line",
                step=ext.step,
                days=rules.limit_days(int(ext.step)),
                reason=md_escape(ext.reason),
                approver=approver,
                by=md_escape(ext.granted_by or "—"),
                at=stamp(ext.granted_at),
            )
        )


def extension_form(
    case: Mapping[str, Any], steps: int, applies: rules.Applies, extend: Callable[[int, str, str, str], object]
) -> None:
    """The next extension of an undecided case: a reason, and for the second the approver's name.
    ``extend(step, reason, approver, token)`` stores it."""
    if case["notify_at"] is not None or not applies.covers(str(case["channel"]), case.get("source")):
        return
    with st.expander(t("regulator.extend.title"), icon=":material/more_time:"):
        if steps >= rules.MAX_EXTENSIONS:
            st.caption(t("regulator.extend.none_left"))
            return
        st.caption(t("regulator.extend.help"))
        with st.form("regulator_extend_form"):
            reason = st.text_area(t("regulator.field.reason"), max_chars=rules.MAX_REASON, key="regulator_reason")
            approver = (
                st.text_input(t("regulator.field.approver"), max_chars=rules.MAX_APPROVER, key="regulator_approver")
                if steps >= 1
                else ""
            )
            submit = st.form_submit_button(
                t("regulator.extend.button"), icon=":material/more_time:", key="regulator_extend_submit"
            )
        if submit:
            next_day = rules.deadline(case["received_at"], steps + 1)
            forms.submit(
                f"regulator_extend_{case['id']}",
                lambda token: extend(steps + 1, reason, approver, token),
                lambda _: t(
                    "regulator.extend.done",
                    ref=case["ref_no"],
                    day=stamp(next_day, DAY),
                    days=rules.limit_days(steps + 1),
                ),
                clear=("regulator_reason", "regulator_approver"),
            )


def sla_section(counts: Mapping[str, int], queue: pd.DataFrame) -> None:
    """The range's complaints under the limit and its breaches, and the queue of undecided cases."""
    st.header(t("regulator.title"), help=t("regulator.caption"))
    st.caption(t("regulator.sla_caption"))
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("regulator.kpi.complaints"), f"{counts['complaints']:,}")
    c2.metric(t("regulator.kpi.breached"), f"{counts['breached']:,}")
    c3.metric(
        t("regulator.kpi.rate"), kpi.pct(counts["breached"] / counts["complaints"] if counts["complaints"] else None)
    )
    c4.metric(t("regulator.kpi.overdue"), f"{counts['overdue']:,}")
    st.subheader(t("regulator.queue"))
    if queue.empty:
        st.info(t("regulator.queue_empty"))
        return
    total = int(queue["total"].iloc[0])
    if total > len(queue):
        st.caption(t("regulator.queue_limited", shown=len(queue), total=total))
    shown = pd.DataFrame(
        {
            t("regulator.col.ref"): queue["ref_no"],
            t("regulator.col.received"): queue["received_at"].map(stamp),
            t("regulator.col.channel"): queue["channel"].map(coder("channel")),
            t("regulator.col.level"): queue["level"].map(coder("level")),
            t("regulator.col.status"): queue["status"].map(coder("status")),
            t("regulator.col.limit"): queue["steps"].map(lambda s: rules.limit_days(int(s))),
            t("regulator.col.last_day"): queue["last_day"].map(lambda d: stamp(d, DAY)),
            t("regulator.col.days_left"): queue["days_left"],
            t("regulator.col.handler"): queue["handler"].fillna("—"),
            t("regulator.col.city"): queue["city_en" if lang() == "en" else "city"],
        }
    )
    tables.show(shown, export_name="regulator_queue", key="regulator_queue", case_columns=(t("regulator.col.ref"),))


def applies_editor(current: rules.Applies, sources: Sequence[str], on_save: Callable[[str, list, list], None]) -> None:
    """The admin's choice: every complaint, or only the chosen channels and import sources."""
    with st.form("regulator_applies_form"):
        mode = st.radio(
            t("regulator.field.mode"),
            rules.SCOPE_MODES,
            index=rules.SCOPE_MODES.index(current.mode),
            horizontal=True,
            key="regulator_mode",
            format_func=fixed({m: t(f"regulator.mode.{m}") for m in rules.SCOPE_MODES}),
        )
        left, right = st.columns(2)
        st.session_state.setdefault("regulator_channels", list(current.channels))
        channels = code_multiselect(left, t("regulator.field.channels"), "channel", CHANNELS, "regulator_channels")
        options = sorted({*sources, *current.sources})
        chosen = right.multiselect(
            t("regulator.field.sources"),
            options,
            default=list(current.sources),
            key="regulator_sources",
            accept_new_options=True,
            placeholder=t("common.choose"),
        )
        if st.form_submit_button(t("regulator.save"), key="regulator_save"):
            feedback.attempt(
                lambda: on_save(mode, list(channels), list(chosen)),
                lambda _: feedback.flash_and_rerun(t("regulator.saved")),
            )
