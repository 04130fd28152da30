"""System monitoring through the real app on a copy of the seeded store: the ledger's button raises
the warnings (a second click nothing new), the ledger filters them by source and rule and shows
their evidence, a team head signs one off, the agents page's scorecards and conduct panel count the
breaches, and the admin edits the rules; Chinese pages show no raw code, English ones no Chinese."""

from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from db.engine import session_scope
from db.models import ConductBreach, ConductRule, EarlyWarning, User
from db.services.monitor import run_monitor
from domain.conduct import CONTACT_CHANNELS, CONTACT_PARTIES, RULE_CODES

LEDGER, AGENTS, SETTINGS = "pages/warning_ledger.py", "pages/agents.py", "pages/settings.py"
CJK = re.compile(r"[\u4e00-\u9fff]")
CODES = re.compile(r"\b(" + "|".join({*RULE_CODES, *CONTACT_PARTIES, *CONTACT_CHANNELS} - {"call", "app"}) + r")\b")
TEXTS = ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success")


def shown(at) -> list[str]:
    """Every label, message, option and table cell the user reads."""
    out: list[str] = []
    for kind in TEXTS:
        out += [str(e.value) for e in at.get(kind)]
    out += [m.label for m in at.get("metric")]
    for kind in ("selectbox", "multiselect", "radio", "number_input", "text_area", "toggle"):
        for widget in at.get(kind):
            out += [widget.proto.label, *[str(o) for o in getattr(widget.proto, "options", [])]]
    for frame in at.get("dataframe"):
        out += [str(c) for c in frame.value.columns]
        out += [
            v for col in frame.value.columns for v in frame.value[col].dropna().unique()[:300] if isinstance(v, str)
        ]
    return out


def system_warnings(*where) -> int:
    with session_scope() as s:
        return s.scalar(select(func.count()).select_from(EarlyWarning).where(EarlyWarning.rule.is_not(None), *where))


def test_monitor_button_raises_warnings_once_and_the_ledger_filters_them(writable_app) -> None:
    at = writable_app(role="prevention", lang="zh", page=LEDGER)
    assert not at.exception, at.exception
    assert system_warnings() == 0
    at.button(key="conduct_run").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith("系统数据监测完成")
    raised = system_warnings()
    assert raised > 50  # the seed's night calls, call bursts, third parties …
    at.button(key="conduct_run").click().run()
    assert "新建预警 0 条" in at.success[0].value and system_warnings() == raised

    at = writable_app(role="prevention", lang="zh", page=LEDGER, ledger_source=["system"], ledger_rule=["third_party"])
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert len(table) == system_warnings(EarlyWarning.rule == "third_party")
    assert set(table["监测规则"]) == {"联系第三方"} and set(table["预警信息来源"]) == {"系统监测"}
    assert table["涉事坐席"].str.fullmatch(r"A\d{4}").all()
    assert any("上次运行" in c.value for c in at.caption)
    evidence = at.dataframe[1].value  # the picked warning's contacts, to the second
    assert list(evidence.columns[:3]) == ["联系时间", "联系方式", "联系对象"]
    assert set(evidence["联系对象"]) <= {"紧急联系人", "其他第三方"}
    assert evidence["联系时间"].str.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d").all()
    assert any("系统数据监测" in c.value for c in at.caption)  # reported by the system, not a person
    assert not [text for text in shown(at) if CODES.search(text)]


def test_monitor_a_team_head_signs_a_monitoring_warning_off(writable_app) -> None:
    run_monitor(None)
    with session_scope() as s:
        wid, team = s.execute(
            select(EarlyWarning.id, EarlyWarning.team_id)
            .where(EarlyWarning.rule == "night_contact")
            .order_by(EarlyWarning.id)
            .limit(1)
        ).one()
        head = s.scalar(select(User.id).where(User.role == "dept_head", User.team_id == team))
    at = writable_app(role="dept_head", lang="zh", page=LEDGER, demo_user=head, ledger_pick=wid)
    assert not at.exception, at.exception
    assert not at.get("button") or "conduct_run" not in [b.key for b in at.button]  # heads do not run it
    assert any("夜间催收" in m.value for m in at.markdown)
    at.text_area(key="ledger_comment").input("已调取录音，情况属实")
    at.button(key="ledger_approve").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith("已签字通过预警 YJ")
    with session_scope() as s:
        row = s.get(EarlyWarning, wid)
    assert (row.status, row.head_id, row.head_comment) == ("approved", head, "已调取录音，情况属实")


def test_monitor_breaches_on_the_agents_page(writable_app) -> None:
    run_monitor(None)
    at = writable_app(role="manager", lang="zh", page=AGENTS, agents_include_small=True)
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert {"行为规范违规", "每千次接触违规"} <= set(table.columns)
    with session_scope() as s:
        stored = s.scalar(select(func.count()).select_from(ConductBreach))
    assert 0 < table["行为规范违规"].sum() <= stored  # the last twelve weeks of them
    assert at.get("plotly_chart"), "the rule × team heatmap"
    titles = [json.loads(chart.proto.spec)["title"]["text"] for chart in at.get("vega_lite_chart")]
    assert "违规次数：按联系时段" in titles
    assert not [text for text in shown(at) if CODES.search(text)]
    en = writable_app(role="manager", lang="en", page=AGENTS)
    assert not en.exception, en.exception
    owned = [s.value for s in en.subheader] + [c.value for c in en.caption] + list(en.dataframe[0].value.columns)
    assert not [label for label in owned if CJK.search(label)]
    assert "Collection conduct" in [s.value for s in en.subheader]


def test_monitor_rules_edited_by_the_admin(writable_app) -> None:
    at = writable_app(role="admin", lang="zh", page=SETTINGS)
    assert not at.exception, at.exception
    assert at.number_input(key="conduct_daily_calls_max_calls").value == 3
    at.number_input(key="conduct_daily_calls_max_calls").set_value(4)
    at.toggle(key="conduct_quick_repeat_on").set_value(False)
    at.button(key="conduct_save").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "已保存催收行为规范规则。"
    with session_scope() as s:
        rules = {r.code: r for r in s.scalars(select(ConductRule))}
    assert rules["daily_calls"].params == {"max_calls": 4} and rules["quick_repeat"].enabled is False
    assert rules["daily_calls"].updated_at is not None
    assert not [text for text in shown(at) if CODES.search(text)]


def test_monitor_ledger_in_english(writable_app) -> None:
    run_monitor(None)
    at = writable_app(
        role="prevention", lang="en", page=LEDGER, ledger_source=["system"], ledger_rule=["night_contact"]
    )
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert set(table["Monitoring rule"]) == {"Night-time contact (22:00–08:00)"} and set(table["Source"]) == {
        "System monitoring"
    }
    owned = [*table.columns, *at.dataframe[1].value.columns, *(e.value for e in at.caption)]
    assert not [text for text in owned if CJK.search(text)]
    assert set(at.dataframe[1].value["Whom"]) <= {"Debtor", "Emergency contact", "Other third party"}
    assert any("breaching contacts" in m.value for m in at.markdown)
