"""Labels of the regulator time limits (监管时限): the case's deadline beside the five-stage SLA, the
extension form, the SLA page's queue and breach count, and the settings: key → (zh, en)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "regulator.title": ("监管时限", "Regulator time limit"),
    "regulator.caption": (
        "《银行业保险业消费投诉处理管理办法》：自收到投诉之日起 15 个自然日内作出处理决定并告知投诉人；"
        "情况复杂的可延长至 30 日，经高级管理人员审批可再延长 30 日（至 60 日）。按北京时间的自然日计算，"
        "与内部五环节时效分别考核。",
        "Regulator rule (2020): a decision told to the complainant within 15 calendar days of receipt; complex "
        "cases may be extended to 30 days, and with a senior manager's approval by a further 30 (to 60). "
        "Calendar days in Beijing time, measured apart from the internal five-stage SLA.",
    ),
    "regulator.not_applicable": (
        "本投诉不在监管时限的适用范围内（设置中仅对部分渠道或来源适用）。",
        "The regulator time limit does not apply to this complaint (the settings limit it to some channels or sources).",
    ),
    "regulator.last_day": ("监管时限截止日", "Regulator deadline"),
    "regulator.limit": ("时限", "Limit"),
    "regulator.days": ("{days} 天", "{days} days"),
    "regulator.days_left": ("剩余天数", "Days left"),
    "regulator.state": ("监管时限状态", "Regulator status"),
    "regulator.state.open": ("进行中", "Open"),
    "regulator.state.due_today": ("今日到期", "Due today"),
    "regulator.state.overdue": ("已超期", "Overdue"),
    "regulator.state.met": ("按时告知", "Told in time"),
    "regulator.state.late": ("超期告知", "Told late"),
    "regulator.decided": ("已于 {day} 告知处理决定。", "Decision told on {day}."),
    "regulator.extension_line": (
        "第 {step} 次延期（至 {days} 天）：{reason}{approver}，{by} 于 {at} 登记",
        "Extension {step} (to {days} days): {reason}{approver}; recorded by {by} on {at}",
    ),
    "regulator.approved_by": ("，审批人 {name}", "; approved by {name}"),
    # the extension form (handling page)
    "regulator.extend.title": ("延长监管时限", "Extend the regulator time limit"),
    "regulator.extend.help": (
        "第一次延期至 30 天须写明原因；第二次延期至 60 天还须写明审批的高级管理人员。延期须在当前截止日之前登记。",
        "The first extension (to 30 days) needs a reason; the second (to 60 days) also the approving senior "
        "manager. Record an extension before the current deadline passes.",
    ),
    "regulator.field.reason": ("延期原因", "Reason"),
    "regulator.field.approver": ("审批人（高级管理人员）", "Approver (senior manager)"),
    "regulator.extend.button": ("登记延期", "Record extension"),
    "regulator.extend.done": (
        "已登记延期：{ref} 的监管时限延至 {day}（{days} 天）。",
        "Extension recorded: {ref} is now due by {day} ({days} days).",
    ),
    "regulator.extend.none_left": (
        "已延期两次（60 天），不能再延期。",
        "Extended twice already (60 days): no further extension.",
    ),
    "regulator.err.decided": ("已告知处理决定，无需延期。", "The decision has been told: nothing to extend."),
    "regulator.err.no_more": (
        "已延期两次（60 天），不能再延期。",
        "Extended twice already (60 days): no further extension.",
    ),
    "regulator.err.expired": (
        "监管时限已于 {day} 届满，不能再登记延期。",
        "The regulator time limit ended on {day}: an extension can no longer be recorded.",
    ),
    "regulator.err.not_applicable": (
        "本投诉不在监管时限的适用范围内，无需延期。",
        "The regulator time limit does not apply to this complaint: nothing to extend.",
    ),
    "regulator.err.concurrent": (
        "他人刚刚为本投诉登记了延期，请刷新后查看。",
        "Someone has just recorded an extension of this case: reload to see it.",
    ),
    "regulator.err.nothing_selected": (
        "请至少选择一个渠道或导入来源，或改为适用于全部投诉。",
        "Choose at least one channel or import source, or apply the limit to every complaint.",
    ),
    "regulator.err.too_many_sources": ("导入来源最多 {max} 个。", "At most {max} import sources."),
    # settings
    "regulator.settings": ("监管时限适用范围", "Where the regulator time limit applies"),
    "regulator.settings_help": (
        "默认适用于全部投诉；也可以只适用于所选渠道（如监管转办）或导入来源。修改后立即在工单、时效页面生效。",
        "By default every complaint; or only the chosen channels (e.g. regulator referrals) or import sources. "
        "A change shows at once on the cases and the SLA page.",
    ),
    "regulator.field.mode": ("适用于", "Applies to"),
    "regulator.mode.all": ("全部投诉", "Every complaint"),
    "regulator.mode.selected": ("仅所选渠道或来源", "Only the chosen channels or sources"),
    "regulator.field.channels": ("渠道", "Channels"),
    "regulator.field.sources": ("导入来源", "Import sources"),
    "regulator.save": ("保存适用范围", "Save"),
    "regulator.saved": ("已保存监管时限适用范围。", "Where the regulator time limit applies is saved."),
    # SLA page
    "regulator.sla_caption": (
        "筛选日期内收到、适用监管时限的投诉；超期包括超过截止日才告知处理决定和至今已超期未告知的。队列为当前尚未告知处理决定的投诉，不受日期筛选影响。",
        "Complaints received in the date range that the limit applies to; breaches are decisions told after the "
        "deadline and cases still undecided past it. The queue is every case not yet decided, whatever the dates.",
    ),
    "regulator.kpi.complaints": ("适用投诉", "Complaints under the limit"),
    "regulator.kpi.breached": ("监管时限超期", "Regulator breaches"),
    "regulator.kpi.rate": ("超期率", "Breach rate"),
    "regulator.kpi.overdue": ("当前已超期未告知", "Overdue now"),
    "regulator.queue": ("待告知处理决定（按截止日）", "Awaiting a decision (by deadline)"),
    "regulator.queue_empty": ("没有待告知处理决定的投诉。", "No complaint is awaiting its decision."),
    "regulator.queue_limited": (
        "显示最早到期的 {shown:,} 件（共 {total:,} 件）。",
        "The {shown:,} due soonest of {total:,}.",
    ),
    "regulator.col.ref": ("投诉编号", "Ref. no."),
    "regulator.col.received": ("收到时间", "Received"),
    "regulator.col.channel": ("渠道", "Channel"),
    "regulator.col.level": ("级别", "Level"),
    "regulator.col.status": ("当前环节", "Status"),
    "regulator.col.limit": ("时限（天）", "Limit (days)"),
    "regulator.col.last_day": ("截止日", "Deadline"),
    "regulator.col.days_left": ("剩余天数", "Days left"),
    "regulator.col.handler": ("处理人", "Handler"),
    "regulator.col.city": ("城市", "City"),
    "case.event.limit_extended": ("延长监管时限", "Regulator limit extended"),
}
