"""Regulator time limits through the real app on the seeded store: a case shows its deadline and days
left beside its five stages (cases and handling pages), prevention extends it from the handling page,
the SLA page counts the breaches and lists the undecided cases, the admin chooses where it applies."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from db.engine import session_scope
from db.models import AppSetting, Complaint, RegulatorExtension
from domain.regulator import days_left, deadline
from tests.helpers import AS_OF

CASES, HANDLING, SLA, SETTINGS = "pages/cases.py", "pages/handling.py", "pages/sla.py", "pages/settings.py"
CJK = re.compile(r"[\u4e00-\u9fff]")


def a_case(*, decided: bool) -> tuple[str, object]:
    """A seeded complaint (no duplicate) received in the last ten days, its decision told or not."""
    c = Complaint
    told = c.notify_at.is_not(None) if decided else c.notify_at.is_(None)
    with session_scope() as s:
        return s.execute(
            select(c.ref_no, c.received_at)
            .where(told, c.duplicate_of_id.is_(None), c.received_at >= AS_OF - timedelta(days=10))
            .order_by(c.received_at.desc(), c.id)
            .limit(1)
        ).one()


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_regulator_deadline_beside_the_stages_on_the_case_page(app) -> None:
    ref, received = a_case(decided=False)
    at = app(role="manager", lang="zh", page=CASES, cases_ref=ref)
    assert not at.exception, at.exception
    assert "监管时限" in [s.value for s in at.subheader]
    shown = metrics(at)
    last = deadline(received)
    assert shown["监管时限截止日"] == last.isoformat()
    assert shown["时限"] == "15 天"
    assert shown["剩余天数"] == str(days_left(last, AS_OF.date()))
    assert any("进行中" in m.value or "今日到期" in m.value for m in at.markdown)

    ref, received = a_case(decided=True)
    at = app(role="manager", lang="en", page=CASES, cases_ref=ref)
    assert not at.exception, at.exception
    shown = metrics(at)
    assert shown["Regulator deadline"] == deadline(received).isoformat() and shown["Days left"] == "—"
    assert any("Decision told on" in c.value for c in at.caption)


def test_regulator_extension_from_the_handling_page(writable_app) -> None:
    ref, received = a_case(decided=False)
    at = writable_app(role="prevention", lang="zh", page=HANDLING, handling_case=ref)
    assert not at.exception, at.exception
    at.text_area(key="regulator_reason").input("案情复杂，需调取多方通话录音")
    at.button(key="regulator_extend_submit").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith(f"已登记延期：{ref}")
    assert metrics(at)["时限"] == "30 天" and metrics(at)["监管时限截止日"] == deadline(received, 1).isoformat()
    assert any("第 1 次延期" in c.value for c in at.caption)
    assert at.text_input(key="regulator_approver").label == "审批人（高级管理人员）"  # the second needs an approver
    at.text_area(key="regulator_reason").input("仍需第三方机构出具证明")
    at.button(key="regulator_extend_submit").click().run()
    assert "请填写审批人" in at.error[0].value
    with session_scope() as s:
        steps = list(s.scalars(select(RegulatorExtension.step).join(Complaint).where(Complaint.ref_no == ref)))
    assert steps == [1]
    admin = writable_app(role="admin", lang="zh", page=HANDLING, handling_case=ref)
    assert not admin.exception and "regulator_reason" not in [a.key for a in admin.text_area]


def test_regulator_section_of_the_sla_page(app) -> None:
    at = app(role="manager", lang="zh", page=SLA)
    assert not at.exception, at.exception
    assert "监管时限" in [h.value for h in at.header]
    shown = metrics(at)
    assert int(shown["适用投诉"].replace(",", "")) > 0
    assert int(shown["监管时限超期"].replace(",", "")) >= int(shown["当前已超期未告知"].replace(",", ""))
    queue = at.dataframe[-1].value
    assert list(queue.columns[:2]) == ["投诉编号", "收到时间"] and "剩余天数" in queue.columns
    assert queue["剩余天数"].is_monotonic_increasing
    en = app(role="manager", lang="en", page=SLA)
    assert not en.exception, en.exception
    assert "Regulator time limit" in [h.value for h in en.header]
    assert not [c for c in en.dataframe[-1].value.columns if CJK.search(c)]


def test_regulator_scope_chosen_by_the_admin(writable_app) -> None:
    at = writable_app(role="admin", lang="zh", page=SETTINGS)
    assert not at.exception, at.exception
    assert at.radio(key="regulator_mode").value == "all"
    at.radio(key="regulator_mode").set_value("selected")
    at.multiselect(key="regulator_channels").select("regulator")
    at.button(key="regulator_save").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "已保存监管时限适用范围。"
    with session_scope() as s:
        stored = s.get(AppSetting, "regulator_applies").value
    assert stored == {"mode": "selected", "channels": ["regulator"], "sources": []}
    ref, _ = a_case(decided=False)
    with session_scope() as s:
        channel = s.scalar(select(Complaint.channel).where(Complaint.ref_no == ref))
    case = writable_app(role="manager", lang="zh", page=CASES, cases_ref=ref)
    assert not case.exception, case.exception
    applies = channel == "regulator"
    assert ("监管时限截止日" in metrics(case)) is applies
    assert applies or any("不在监管时限的适用范围内" in c.value for c in case.caption)
