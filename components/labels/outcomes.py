"""Labels of case outcomes (recorded when a case is resolved), the handler's follow-up survey and the
overview's outcome figures: key → (zh, en)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # recording the outcome with the resolve stage
    "outcome.heading": ("处理结果（必填）", "Outcome (required)"),
    "outcome.help": (
        "勾选本次处理实际采取的措施；涉及金额的请填写金额（元）。",
        "Tick what was done for the complainant; give the amount (yuan) of anything that moves money.",
    ),
    "outcome.field.kinds": ("处理结果", "Outcome"),
    "outcome.field.reply": ("告知投诉人的处理结果", "The outcome as told to the complainant"),
    "outcome.reply_help": (
        "投诉人在进度查询页看到的就是这段话：请用通俗的语言，不写内部信息，最多 {max} 字。",
        "The complainant reads exactly this on the progress page: plain words, nothing internal, up to {max} characters.",
    ),
    "outcome.reply_placeholder": (
        "例如：经核实，催收员存在不当言行，我们已向您致歉，并减免罚息 200 元。",
        "e.g. We found the agent spoke improperly; we apologise and have waived 200 yuan of penalty interest.",
    ),
    "outcome.amount.compensation": ("补偿金额（元）", "Compensation (yuan)"),
    "outcome.amount.fee_waiver": ("减免费用（元）", "Fees waived (yuan)"),
    "outcome.amount.penalty_interest_waiver": ("减免罚息（元）", "Penalty interest waived (yuan)"),
    "outcome.err.amount_unchosen": (
        "填写了{field}，但没有勾选对应的处理结果：请勾选或清空金额。",
        "{field} is filled in but its outcome is not ticked: tick it or clear the amount.",
    ),
    "outcome.err.no_fault_with_fault": (
        "“经核实无过错”不能与经济补偿或坐席培训同时选择。",
        "“No fault found” cannot go with compensation or agent retraining.",
    ),
    "outcome.err.stage": ("只有“处理”环节记录处理结果。", "Only the resolve stage records an outcome."),
    # a case's outcome and survey, as staff see them
    "closure.heading": ("处理结果与回访", "Outcome and follow-up"),
    "closure.none": ("尚未记录处理结果。", "No outcome recorded yet."),
    "closure.recorded": ("{at} 由 {by} 记录", "Recorded {at} by {by}"),
    "closure.reply": ("告知投诉人的内容：", "Told to the complainant:"),
    "closure.col.kind": ("处理结果", "Outcome"),
    "closure.col.amount": ("金额（元）", "Amount (yuan)"),
    "closure.survey": ("回访评价：{score} 分（{source}，{at}）", "Follow-up survey: {score} of 5 ({source}, {at})"),
    "closure.survey_none": ("尚无回访评价。", "No follow-up survey yet."),
    "closure.survey_comment": ("投诉人意见：", "The complainant's comment:"),
    # the handler's return call
    "survey.record_heading": ("回访评价", "Follow-up survey"),
    "survey.record_help": (
        "工单已归档：请回访投诉人，记录满意度（1–5 分）和意见。每件工单只记录一次。",
        "The case is archived: call the complainant back and record their satisfaction (1–5) and comments. "
        "One survey per case.",
    ),
    "survey.record": ("保存回访评价", "Save the survey"),
    "survey.recorded": ("已保存 {ref} 的回访评价。", "Saved the survey of {ref}."),
    "survey.due": ("待回访（近 {days} 天归档、尚无评价）", "Surveys due (archived in the last {days} days, none yet)"),
    "survey.due_caption": (
        "显示 {shown} / {total} 件：在“选择工单”中选中即可记录回访评价。",
        "Showing {shown} of {total}: choose one under “Choose a case” to record its survey.",
    ),
    "survey.due_empty": ("没有待回访的工单。", "No surveys due."),
    "survey.due_short": ("待回访", "survey due"),
    "handling.col.archived": ("归档时间", "Archived"),
    # overview figures
    "overview.tab.outcomes": ("处理结果", "Outcomes"),
    "overview.outcomes_caption": (
        "{start} 至 {end} 完成“处理”环节的工单（不含重复投诉），按记录处理结果的日期统计；城市、团队、坐席、渠道和级别筛选有效。",
        "Cases resolved from {start} to {end} (duplicates excluded), by the day their outcome was recorded; the "
        "city, team, agent, channel and level filters apply.",
    ),
    "overview.outcomes_none": ("该日期范围内没有已处理的工单。", "No case was resolved in this date range."),
    "overview.resolved": ("已处理工单", "Cases resolved"),
    "overview.compensation_total": ("经济补偿合计（元）", "Compensation paid (yuan)"),
    "overview.waivers_total": ("减免合计（元）", "Waived (yuan)"),
    "overview.no_fault_share": ("经核实无过错占比", "No fault found"),
    "overview.no_fault_help": (
        "{n} / {total} 件已处理工单经核实无过错。",
        "{n} of {total} resolved cases found no fault.",
    ),
    "overview.outcome_kinds": ("各类处理结果", "Outcomes by kind"),
    "overview.compensation_months": ("每月经济补偿", "Compensation per month"),
    "overview.waivers_categories": ("减免（按投诉类别）", "Waivers by complaint category"),
    "overview.waivers_none": ("该日期范围内没有减免。", "No waivers in this date range."),
    "overview.col.outcome": ("处理结果", "Outcome"),
    "overview.col.cases": ("工单数", "Cases"),
    "overview.col.share_resolved": ("占已处理", "Share of resolved"),
    "overview.col.amount": ("金额（元）", "Amount (yuan)"),
    "overview.col.month": ("月份", "Month"),
    "overview.col.waiver": ("减免类型", "Waiver"),
    "overview.pack.outcomes": ("处理结果", "Outcomes"),
    "overview.pack.compensation": ("每月补偿", "Compensation"),
    "overview.pack.waivers": ("减免", "Waivers"),
}
