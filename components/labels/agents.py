"""Labels of the agents page (坐席): key → (zh, en)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "agents.title": ("坐席", "Agents"),
    "agents.caption": (
        "{start} 至 {end}。满意率 = 4–5 分调查占比；每千次接触投诉 = 点名该坐席的投诉（重复投诉不计）÷ 接触记录 × 1000；"
        "合规率 = 无违规的质检占比。渠道与级别筛选只作用于投诉和 SLA。",
        "{start} to {end}. Satisfied = share of surveys scoring 4–5; complaints per 1,000 contacts = complaints "
        "naming the agent (duplicates excluded) ÷ contact records × 1,000; compliant = share of QA reviews without "
        "a violation. Channel and level filters apply to complaints and SLA only.",
    ),
    "agents.empty": (
        "当前筛选条件下没有坐席活动（满意度调查、接触记录、投诉或质检）：请放宽日期范围或清除部分筛选。",
        "No agent activity (surveys, contacts, complaints or QA reviews) for the current filters: widen the date "
        "range or clear some filters.",
    ),
    # pooled figures
    "agents.kpi.agents": ("坐席数", "Agents"),
    "agents.kpi.agents_help": (
        "有活动的坐席；其中 {n} 名为小样本。",
        "Agents with activity; {n} of them are small samples.",
    ),
    "agents.kpi.pooled_help": ("筛选范围内全部坐席合计计算。", "Computed over all agents in scope together."),
    # sorting and ranking
    "agents.sort_by": ("排序依据", "Sort by"),
    "agents.worst_first": ("最差在前", "Worst first"),
    "agents.ranking.worst": ("{metric}：最差的 {n} 名坐席", "{metric}: the {n} worst agents"),
    "agents.ranking.best": ("{metric}：最好的 {n} 名坐席", "{metric}: the {n} best agents"),
    "agents.ranking.reliable": ("样本充足", "Enough data"),
    "agents.ranking.small": ("样本少", "Small sample"),
    "agents.metric.compliance_rate": ("合规率", "Compliance rate"),
    "agents.metric.satisfaction_rate": ("满意率", "Satisfaction rate"),
    "agents.metric.mean_score": ("满意度平均分", "Mean survey score"),
    "agents.metric.complaints_per_1000": ("每千次接触投诉", "Complaints / 1k contacts"),
    "agents.metric.violations": ("违规次数", "Violations"),
    "agents.metric.sla_attainment": ("SLA 达成率", "SLA attainment"),
    # the scorecard table
    "agents.table": ("坐席记分卡", "Agent scorecards"),
    "agents.col.code": ("工号", "Code"),
    "agents.col.name": ("姓名", "Name"),
    "agents.col.team": ("团队", "Team"),
    "agents.col.city": ("城市", "City"),
    "agents.col.surveys": ("调查数", "Surveys"),
    "agents.col.satisfaction_rate": ("满意率 %", "Satisfied %"),
    "agents.col.mean_score": ("平均分", "Mean score"),
    "agents.col.contacts": ("接触数", "Contacts"),
    "agents.col.complaints": ("投诉数", "Complaints"),
    "agents.col.complaints_per_1000": ("每千次接触投诉", "Complaints / 1,000 contacts"),
    "agents.col.reviews": ("质检数", "QA reviews"),
    "agents.col.violation": ("质检·{type}", "QA: {type}"),
    "agents.col.compliance_rate": ("合规率 %", "Compliant %"),
    "agents.col.deadlines": ("SLA 到期环节", "SLA deadlines"),
    "agents.col.sla_attainment": ("SLA 达成率 %", "SLA met %"),
    "agents.col.sample": ("样本提示", "Sample"),
    "agents.few_surveys": ("⚠ 样本少：调查不足 {n} 份", "⚠ small sample: fewer than {n} surveys"),
    "agents.few_contacts": ("⚠ 样本少：接触不足 {n} 次", "⚠ small sample: fewer than {n} contacts"),
    "agents.few_reviews": ("⚠ 样本少：质检不足 {n} 次", "⚠ small sample: fewer than {n} QA reviews"),
    "agents.few_deadlines": ("⚠ 样本少：SLA 到期环节不足 {n} 个", "⚠ small sample: fewer than {n} SLA deadlines"),
    "agents.include_small": ("排名含小样本", "Rank small samples too"),
    "agents.include_small_help": (
        "默认不把小样本坐席排进排名（图和表的排序），它们排在最后并标记 ⚠；打开后一并排名。",
        "By default agents whose figure rests on a small sample are left out of the ranking (chart and table "
        "order), listed last and marked ⚠; switch on to rank them too.",
    ),
    "agents.ranking.small_left_out": (
        "排名未含 {n} 名小样本坐席（{rule}），它们列在表末。",
        "The ranking leaves out {n} agents with a small sample ({rule}); they are listed last in the table.",
    ),
    "agents.ranking.small_included": (
        "排名含 {n} 名小样本坐席（{rule}），以灰色标出。",
        "The ranking includes {n} agents with a small sample ({rule}), in grey.",
    ),
    "agents.ranking.none_reliable": (
        "没有坐席的该指标样本充足，无法排名；可打开“排名含小样本”查看。",
        "No agent has enough data for this figure to rank; switch on “Rank small samples too” to see them.",
    ),
    "agents.sla_caption": (
        "SLA 达成率：点名该坐席（被投诉坐席）的投诉的五个环节时效。投诉由投诉防控部处理人办理，"
        "此处衡量的是涉及该坐席的案件是否按时办结。",
        "SLA attainment: the five-stage deadlines of the complaints naming the agent (the agent complained "
        "about). Complaints are handled by the prevention department; this shows whether the cases about the "
        "agent were closed on time.",
    ),
    "agents.small_caption": (
        "调查少于 {surveys} 份的满意度、接触少于 {contacts} 次的投诉率、质检少于 {reviews} 次的合规率和违规次数、"
        "到期环节少于 {deadlines} 个的 SLA 达成率为小样本，标记 ⚠ 并以灰色显示，仅供参考。",
        "Satisfaction on fewer than {surveys} surveys, complaint rates on fewer than {contacts} contacts, "
        "compliance and violations on fewer than {reviews} QA reviews and SLA attainment on fewer than "
        "{deadlines} deadlines are small samples, marked ⚠ and greyed: read them with care.",
    ),
    # detail view
    "agents.detail": ("坐席详情", "Agent detail"),
    "agents.pick": ("选择坐席", "Choose an agent"),
    "agents.detail.surveys": ("{n} 份调查，平均 {mean} 分", "{n} surveys, mean score {mean}"),
    "agents.detail.complaints": (
        "{complaints} 件投诉 / {contacts} 次接触",
        "{complaints} complaints / {contacts} contacts",
    ),
    "agents.detail.reviews": (
        "{violations} 次违规 / {reviews} 次质检",
        "{violations} violations / {reviews} QA reviews",
    ),
    "agents.detail.deadlines": ("{met} / {deadlines} 个环节按时", "{met} of {deadlines} deadlines met"),
    "agents.trend.week": ("周（周一）", "Week (Monday)"),
    "agents.trend.series": ("对象", "Series"),
    "agents.trend.scope": ("筛选范围内全部坐席", "All agents in scope"),
    "agents.trend.satisfaction": ("每周满意率", "Weekly satisfaction rate"),
    "agents.trend.complaints": ("每周每千次接触投诉", "Weekly complaints per 1,000 contacts"),
    "agents.trend.violations": ("每周质检违规次数", "Weekly QA violations"),
    "agents.violations": ("近期质检违规（最近 {n} 条）", "Recent QA violations (latest {n})"),
    "agents.no_violations": ("该坐席在所选期间没有质检违规。", "This agent has no QA violations in the period."),
    "agents.vcol.call_at": ("通话时间", "Call time"),
    "agents.vcol.reviewed_at": ("质检时间", "Reviewed"),
    "agents.vcol.type": ("违规类型", "Violation"),
    "agents.vcol.score": ("质检得分", "QA score"),
    "agents.vcol.note": ("质检备注", "Reviewer's note"),
}
