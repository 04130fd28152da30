"""Labels of the channels page: key → (zh, en)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "channels.title": ("渠道分析", "Channels"),
    "channels.caption": (
        "{start} 至 {end} 接收的投诉，按反馈渠道统计；重复投诉不重复计数。",
        "Complaints received {start} to {end}, by feedback channel; duplicates are not counted twice.",
    ),
    "channels.volume": ("各渠道投诉量", "Complaints by channel"),
    "channels.grain": ("统计粒度", "Period"),
    "channels.grain.day": ("按日", "Day"),
    "channels.grain.week": ("按周", "Week"),
    "channels.grain.month": ("按月", "Month"),
    "channels.grain_note.week": (
        "每周从周一开始；首尾两周只统计日期范围内的天数。",
        "Weeks start on Monday; the first and last week count only days inside the range.",
    ),
    "channels.grain_note.month": (
        "首尾两月只统计日期范围内的天数。",
        "The first and last month count only days inside the range.",
    ),
    "channels.share": ("渠道占比", "Channel share"),
    "channels.by_category": ("渠道 × 投诉类别", "Channel × complaint category"),
    "channels.ack": ("受理时长与目标", "Time to acknowledge against target"),
    "channels.ack_caption": (
        "受理时长 = 接收到受理的分钟数。各渠道的目标取自 SLA 设置，见图中标记与表中“受理目标”列。"
        "按时受理率 = 在目标内受理的投诉 ÷（已受理 + 超过目标仍未受理）。",
        "Time to acknowledge = minutes from receipt to acknowledgement. Each channel's target comes from the SLA "
        "settings (the markers and the Target column). Acknowledged within target = acknowledged in time "
        "÷ (acknowledged + still unacknowledged past target).",
    ),
    "channels.ack_none": (
        "当前筛选条件下还没有已受理的投诉。",
        "No complaint has been acknowledged yet for these filters.",
    ),
    "channels.data": ("查看与下载数据", "See and download the data"),
    "channels.cases": ("渠道工单", "Cases by channel"),
    "channels.pick_channel": ("渠道", "Channel"),
    "channels.pick_category": ("投诉类别", "Complaint category"),
    "channels.any_category": ("全部类别", "Every category"),
    "channels.pick_placeholder": ("请选择…", "Choose…"),
    "channels.click_hint": (
        "点击上方热力图的格子，或在此选择渠道（及类别），查看其工单；工单号可点击打开。",
        "Click a cell of the heatmap above, or choose a channel (and category) here, to list its cases; "
        "each case number opens the case.",
    ),
    "channels.cases_limited": ("仅显示最新的 {shown} 条（共 {total} 条）。", "Showing the newest {shown} of {total}."),
    "channels.col.ref": ("工单号", "Reference"),
    "channels.col.received_at": ("收到时间", "Received at"),
    "channels.col.level": ("等级", "Level"),
    "channels.col.status": ("状态", "Status"),
    "channels.col.period": ("期间", "Period"),
    "channels.col.channel": ("渠道", "Channel"),
    "channels.col.category": ("类别", "Category"),
    "channels.col.complaints": ("投诉量", "Complaints"),
    "channels.col.share": ("占比", "Share"),
    "channels.col.target": ("受理目标", "Target"),
    "channels.col.received": ("接收", "Received"),
    "channels.col.acknowledged": ("已受理", "Acknowledged"),
    "channels.col.overdue": ("超时未受理", "Overdue, not acknowledged"),
    "channels.col.median": ("中位数（分钟）", "Median (min)"),
    "channels.col.p90": ("90 分位（分钟）", "90th percentile (min)"),
    "channels.col.within": ("按时受理", "Within target"),
    "channels.col.within_share": ("按时受理率", "Within target (share)"),
    "channels.median": ("中位数", "Median"),
    "channels.p90": ("90 分位", "90th percentile"),
    "channels.target": ("目标", "Target"),
    "channels.minutes": ("分钟", "Minutes"),
    "channels.target.hours": ("≤ {amount} 小时", "≤ {amount} h"),
    "channels.target.business_days": ("≤ {amount} 个工作日", "≤ {amount} business days"),
}
