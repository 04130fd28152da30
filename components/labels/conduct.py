"""Labels of conduct monitoring (系统数据监测): the ledger's run button and evidence, the agents page's
conduct panel and breach figures, and the settings' rule editor: key → (zh, en)."""

from __future__ import annotations

from domain.conduct import RULES

LABELS: dict[str, tuple[str, str]] = {
    # ledger: the run
    "conduct.run.title": ("系统数据监测", "System monitoring"),
    "conduct.run.caption": (
        "按催收行为规范检查联系记录：夜间联系、单日接通电话超限、联系第三方、7日内联系过频、短时间内重复联系；"
        "每个债务人、规则、日期生成一条预警，附违规联系记录为证据，经部门负责人审核后由投诉防控部处理。",
        "Checks the contact log against the conduct rules: night-time contact, too many connected calls in a day, "
        "third-party contact, too many contacts in 7 days, repeated contact within minutes. One warning per "
        "debtor, rule and day, with the contacts as evidence; the department head signs it off and the "
        "complaint-prevention department handles it.",
    ),
    "conduct.run.button": ("立即检查新联系记录", "Check new contacts now"),
    "conduct.run.never": ("尚未运行过系统数据监测。", "System monitoring has not run yet."),
    "conduct.run.last": (
        "上次运行：{at}，检查联系记录 {contacts:,} 条，新发现违规 {breaches:,} 次，新建预警 {created:,} 条，更新预警 {updated:,} 条。",
        "Last run: {at}; {contacts:,} contacts checked, {breaches:,} new breaches, {created:,} warnings raised, "
        "{updated:,} updated.",
    ),
    "conduct.run.done": (
        "系统数据监测完成：检查联系记录 {contacts:,} 条，新发现违规 {breaches:,} 次，新建预警 {created:,} 条，更新预警 {updated:,} 条。",
        "System monitoring done: {contacts:,} contacts checked, {breaches:,} new breaches, {created:,} warnings "
        "raised, {updated:,} updated.",
    ),
    "conduct.run.spinner": ("正在检查联系记录…", "Checking the contact log…"),
    # ledger: the rule filter, columns and evidence
    "conduct.ledger.rule": ("监测规则", "Monitoring rule"),
    "warn.col.rule": ("监测规则", "Monitoring rule"),
    "warn.col.breach_day": ("违规日期", "Breach day"),
    "warn.col.agent": ("涉事坐席", "Agent"),
    "warn.event.evidence": ("新增违规证据", "New evidence"),
    "conduct.reporter": ("系统数据监测", "System monitoring"),
    "conduct.summary": (
        "**{rule}** · {day} · 坐席 {agent}（{team}）· 违规联系 {n} 次",
        "**{rule}** · {day} · agent {agent} ({team}) · {n} breaching contacts",
    ),
    "conduct.evidence": ("违规联系记录（证据）", "Breaching contacts (evidence)"),
    "conduct.evidence_empty": ("没有关联的联系记录。", "No contacts are attached."),
    "conduct.col.at": ("联系时间", "Contacted at"),
    "conduct.col.channel": ("联系方式", "How"),
    "conduct.col.party": ("联系对象", "Whom"),
    "conduct.col.connected": ("是否接通", "Connected"),
    "conduct.col.duration": ("时长（秒）", "Duration (s)"),
    "conduct.col.agent": ("坐席", "Agent"),
    "conduct.col.team": ("团队", "Team"),
    "conduct.yes": ("是", "Yes"),
    "conduct.no": ("否", "No"),
    # agents page
    "agents.metric.breaches_per_1000": ("每千次接触违规", "Breaches / 1k contacts"),
    "agents.col.breaches": ("行为规范违规", "Conduct breaches"),
    "agents.col.breaches_per_1000": ("每千次接触违规", "Breaches / 1,000 contacts"),
    "conduct.panel": ("催收行为规范", "Collection conduct"),
    "conduct.panel_caption": (
        "系统数据监测发现的违规联系（按违规坐席所在团队与联系时间统计，筛选的日期、城市、团队和坐席适用）。",
        "Breaching contacts found by system monitoring, by the agent's team and the hour of contact (the date, "
        "city, team and agent filters apply).",
    ),
    "conduct.panel_empty": (
        "筛选范围内没有发现违规联系（或尚未运行系统数据监测）。",
        "No breaching contacts for the filters (or system monitoring has not run yet).",
    ),
    "conduct.heatmap": ("违规次数：规则 × 团队", "Breaches: rule × team"),
    "conduct.axis.rule": ("规则", "Rule"),
    "conduct.axis.team": ("团队", "Team"),
    "conduct.axis.hour": ("联系时段（北京时间）", "Hour of contact (Beijing time)"),
    "conduct.axis.breaches": ("违规次数", "Breaches"),
    "conduct.by_hour": ("违规次数：按联系时段", "Breaches by hour of contact"),
    "conduct.top_teams": (
        "显示违规最多的 {shown} 个团队（共 {total} 个）。",
        "The {shown} teams with most breaches of {total}.",
    ),
    # settings: the rule editor
    "conduct.settings": ("催收行为规范（系统数据监测规则）", "Collection conduct rules (system monitoring)"),
    "conduct.settings_help": (
        "系统数据监测按这些规则检查联系记录；修改后的规则用于以后的检查，已生成的预警不变。",
        "System monitoring checks contacts by these rules; a change applies to later checks, warnings already "
        "raised stay as they are.",
    ),
    "conduct.field.enabled": ("启用", "On"),
    "conduct.field.weight": ("风险权重", "Risk weight"),
    "conduct.param.start_hour": ("夜间开始（时）", "Night starts (hour)"),
    "conduct.param.end_hour": ("夜间结束（时）", "Night ends (hour)"),
    "conduct.param.max_calls": ("单日接通电话上限", "Connected calls a day at most"),
    "conduct.param.max_contacts": ("7日内联系上限", "Contacts in 7 days at most"),
    "conduct.param.minutes": ("最短间隔（分钟）", "Minimum gap (minutes)"),
    "conduct.save": ("保存规则", "Save rules"),
    "conduct.saved": ("已保存催收行为规范规则。", "Conduct rules saved."),
    **{f"conduct.rule.{code}": (rule.name_zh, rule.name_en) for code, rule in RULES.items()},
    "conduct.err.rules": (
        "规则设置不完整，请刷新页面后重试。",
        "The rule settings are incomplete: reload the page and try again.",
    ),
    "conduct.err.weight": (
        "{field}：风险权重须在 0 到 1 之间，最多两位小数。",
        "{field}: the risk weight must be 0–1 with at most two decimals.",
    ),
    "conduct.err.night_window": ("夜间开始与结束不能是同一小时。", "The night cannot start and end at the same hour."),
}
