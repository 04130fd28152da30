"""Labels of the SLA page (时效): key → (zh, en)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "sla.title": ("时效（SLA）", "SLA"),
    "sla.caption": (
        "超时率 = 超时环节数 ÷ 已判定环节数（应完成时间在 {start} 至 {end} 之间，且已完成或已过期）；"
        "判定时点 {now}。重复投诉不重复计数。",
        "Breach rate = breached ÷ decided stage deadlines (due between {start} and {end}, done or "
        "already past due), judged at {now}. Duplicates are not counted twice.",
    ),
    "sla.kpi.deadlines": ("已判定环节", "Decided deadlines"),
    "sla.kpi.breached": ("超时环节", "Breached"),
    "sla.kpi.rate": ("超时率", "Breach rate"),
    "sla.kpi.overdue_now": ("当前逾期未完成", "Overdue now"),
    "sla.kpi.overdue_now_help": (
        "此刻已过应完成时间、仍未完成的环节（不受日期范围限制）。",
        "Stages open right now past their due time (not limited by the date range).",
    ),
    "sla.empty": (
        "所选日期范围内没有到期的环节：请放宽日期范围或清除部分筛选。下方队列显示此刻的情况。",
        "No stage fell due in the chosen date range: widen the range or clear some filters. "
        "The queues below show the situation right now.",
    ),
    # heatmaps
    "sla.tab.stage_level": ("环节 × 级别", "Stage × level"),
    "sla.tab.city_week": ("城市 × 周", "City × week"),
    "sla.tab.team_stage": ("团队 × 环节", "Team × stage"),
    "sla.tab.weekday_hour": ("受理时段", "Intake weekday × hour"),
    "sla.chart.stage_level": ("各环节、各级别超时率", "Breach rate by stage and level"),
    "sla.chart.city_week": (
        "各城市每周超时率（按应完成时间所在周）",
        "Breach rate by city and week (week of the due time)",
    ),
    "sla.chart.team_stage": ("各团队各环节超时率", "Breach rate by team and stage"),
    "sla.chart.weekday_hour": ("按受理时间（星期 × 小时）的超时率", "Breach rate by intake weekday and hour"),
    "sla.axis.stage": ("环节", "Stage"),
    "sla.axis.level": ("级别", "Level"),
    "sla.axis.city": ("城市", "City"),
    "sla.axis.week": ("周（周一）", "Week (Monday)"),
    "sla.axis.team": ("团队", "Team"),
    "sla.axis.weekday": ("受理星期", "Intake weekday"),
    "sla.axis.hour": ("受理小时", "Intake hour"),
    "sla.hover": ("超时 {breached} / 已判定 {deadlines}", "Breached {breached} of {deadlines}"),
    "sla.top_cities": (
        "显示超时环节最多的 {shown} 个城市（共 {total} 个城市有到期环节），超时率最高的在最上方。",
        "Showing the {shown} cities with the most breaches ({total} cities had deadlines), "
        "worst breach rate at the top.",
    ),
    "sla.top_teams": (
        "显示超时环节最多的 {shown} 个团队（共 {total} 个团队有到期环节），超时率最高的在最上方；"
        "未分配团队的投诉不在此图中。",
        "Showing the {shown} teams with the most breaches ({total} teams had deadlines), worst "
        "breach rate at the top; complaints without a team are not in this chart.",
    ),
    "sla.click_hint": (
        "点击格子或在下方选择，查看该格子背后的工单。",
        "Click a cell, or choose it below, to list the cases behind it.",
    ),
    "sla.pick_cell": ("选择格子", "Choose a cell"),
    "sla.pick_cell_placeholder": ("请选择…", "Choose…"),
    "sla.cell_option": (
        "{y} · {x}（超时 {breached}/{deadlines}，{rate}）",
        "{y} · {x} ({breached}/{deadlines} breached, {rate})",
    ),
    "sla.cell_cases": ("{cell} 的到期环节", "Deadlines in {cell}"),
    "sla.cell_cases_limited": (
        "仅显示前 {shown} 条（共 {total} 条），超时的在前。",
        "Showing the first {shown} of {total}, breached first.",
    ),
    "sla.weekday.0": ("周一", "Mon"),
    "sla.weekday.1": ("周二", "Tue"),
    "sla.weekday.2": ("周三", "Wed"),
    "sla.weekday.3": ("周四", "Thu"),
    "sla.weekday.4": ("周五", "Fri"),
    "sla.weekday.5": ("周六", "Sat"),
    "sla.weekday.6": ("周日", "Sun"),
    # table columns
    "sla.col.ref_no": ("工单号", "Reference"),
    "sla.col.received": ("受理时间", "Received"),
    "sla.col.level": ("级别", "Level"),
    "sla.col.category": ("类别", "Category"),
    "sla.col.stage": ("环节", "Stage"),
    "sla.col.due": ("应完成时间", "Due"),
    "sla.col.done": ("实际完成时间", "Done"),
    "sla.col.breached": ("是否超时", "Breached"),
    "sla.col.handler": ("处理人", "Handler"),
    "sla.col.city": ("城市", "City"),
    "sla.col.overdue_hours": ("已超时（小时）", "Hours overdue"),
    "sla.col.hours_left": ("剩余（小时）", "Hours left"),
    "sla.col.reminders": ("已催办次数", "Reminders sent"),
    "sla.col.reminded_at": ("催办时间", "Reminded at"),
    "sla.col.by": ("催办人", "By"),
    "sla.col.note": ("催办说明", "Note"),
    "sla.col.stage_state": ("环节状态", "Stage state"),
    "sla.yes": ("是", "Yes"),
    "sla.no": ("否", "No"),
    # queues of now
    "sla.now_header": ("此刻的队列", "Queues right now"),
    "sla.now_caption": (
        "截至 {now}；不受日期范围限制，其余筛选（城市、团队、坐席、渠道、级别）照常生效。",
        "As of {now}; not limited by the date range, the other filters (city, team, agent, channel, level) apply.",
    ),
    "sla.at_risk_hours": ("即将超时窗口（小时）", "At-risk window (hours)"),
    "sla.at_risk_hours_help": (
        "在此小时数内到期、尚未完成的环节算作即将超时。",
        "Open stages due within this many hours count as at risk.",
    ),
    "sla.tab.overdue": ("已超时 · {n}", "Overdue · {n}"),
    "sla.tab.at_risk": ("即将超时 · {n}", "At risk · {n}"),
    "sla.queue_empty_overdue": ("当前没有逾期未完成的环节。", "No open stage is past due right now."),
    "sla.queue_empty_at_risk": (
        "未来 {hours} 小时内没有即将到期的环节。",
        "No open stage falls due in the next {hours} hours.",
    ),
    "sla.queue_limited": (
        "仅显示最紧急的 {shown} 条（共 {total} 条）。",
        "Showing the {shown} most urgent of {total}.",
    ),
    # reminders
    "sla.remind.header": ("催办", "Send a reminder"),
    "sla.remind.case": ("催办哪个环节", "Which stage to chase"),
    "sla.remind.note": ("催办说明（可选）", "Note (optional)"),
    "sla.remind.send": ("发送催办", "Send reminder"),
    "sla.remind.sent": (
        "已催办 {ref}（{stage}），已记入工单时间线并通知处理人。",
        "Reminder sent on {ref} ({stage}); it is on the case timeline and shown to the handler.",
    ),
    "sla.remind.option": ("{ref} · {stage} · {state} · {handler}", "{ref} · {stage} · {state} · {handler}"),
    "sla.remind.state_overdue": ("已超时 {hours} 小时", "{hours} h overdue"),
    "sla.remind.state_at_risk": ("剩余 {hours} 小时", "{hours} h left"),
    "sla.remind.nothing": ("队列为空，没有需要催办的环节。", "The queues are empty: nothing to chase."),
    "sla.remind.bad_stage": ("环节代码无效。", "Unknown stage."),
    "sla.remind.no_case": ("找不到该工单。", "No such case."),
    "sla.remind.stage_closed": ("该环节已完成，无需催办。", "That stage is already done: there is nothing to chase."),
    "sla.mine.header": ("我收到的催办", "My reminders"),
    "sla.mine.caption": (
        "我负责的未结工单上的催办，最新的在前（不受日期范围限制）。",
        "Reminders on the open cases I handle, most recent first (not limited by the date range).",
    ),
    "sla.mine.empty": ("你负责的未结工单上没有催办。", "No reminders on the open cases you handle."),
    "sla.state.open": ("未完成", "Open"),
    "sla.state.done": ("已完成", "Done"),
}
