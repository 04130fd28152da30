"""Labels of the overview page: key → (zh, en)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "overview.title": ("总览", "Overview"),
    "overview.caption": (
        "本周（{start} 至 {end}）与上周同期（{last_start} 至 {last_end}）对比；重复投诉不重复计数。",
        "This week ({start} to {end}) against the same days last week ({last_start} to {last_end}); "
        "duplicates are not counted twice.",
    ),
    "overview.caption_full": (
        "上一个完整周（{start} 至 {end}，周一至周日）与前一周（{last_start} 至 {last_end}）对比；重复投诉不重复计数。",
        "The last full week ({start} to {end}, Monday to Sunday) against the week before ({last_start} to "
        "{last_end}); duplicates are not counted twice.",
    ),
    "overview.week_to_date": ("本周至今", "Week to date"),
    "overview.week_to_date_help": (
        "默认显示上一个完整周（周一至周日）；打开后显示本周至今，并与上周同期对比。",
        "By default the last full week (Monday to Sunday); switch on for this week so far against the same "
        "days of last week.",
    ),
    "overview.full_week": ("上一个完整周", "Last full week"),
    "overview.previous_week": ("前一周", "Week before"),
    "overview.col.partial": ("未结束", "Unfinished"),
    "overview.complaints": ("投诉量", "Complaints"),
    "overview.l1": ("一级（紧急）投诉", "L1 (urgent) complaints"),
    "overview.sla": ("SLA 达成率", "SLA attainment"),
    "overview.sla_help": (
        "本期到期的各环节中按时完成的比例（受理、核实、处理、反馈、归档）。",
        "Share of stage deadlines falling in the period that were met (acknowledge, verify, resolve, notify, archive).",
    ),
    "overview.satisfaction": ("满意度", "Satisfaction"),
    "overview.satisfaction_help": (
        "满意度调查中 4–5 分的比例；公司目标 85%。平均分 {mean}，样本 {n} 份。",
        "Share of satisfaction surveys scoring 4–5; company target 85%. Mean score {mean} over {n} surveys.",
    ),
    "overview.improper": ("不当催收投诉占比", "Improper-collection share"),
    "overview.improper_help": (
        "暴力催收、骚扰第三方、话术不当、夜间催收、信息泄露类投诉占全部投诉的比例；目标低于 10%。",
        "Complaints about violent collection, third-party contact, improper language, "
        "night calls and data leaks as a share of all complaints; target below 10%.",
    ),
    "overview.warnings_open": ("未结预警", "Open early warnings"),
    "overview.warnings_help": (
        "当前待审核、已退回、已签批或处理中的预警（不受日期筛选影响）；下方为本周新报预警数。",
        "Warnings awaiting review, returned, signed off or being handled now (not limited by "
        "the date range); below, warnings reported this week.",
    ),
    "overview.warnings_new": ("本期新报 {n}，对比周 {last}", "{n} reported in the period, {last} in the week compared"),
    "overview.target_below": ("目标 < {target}", "Target < {target}"),
    "overview.stage_table": ("各环节 SLA 达成情况", "SLA attainment by stage"),
    "overview.trend": ("12 周趋势", "12-week trend"),
    "overview.trend_volume": ("每周投诉量", "Complaints per week"),
    "overview.trend_rates": (
        "每周 SLA 达成率、满意度与不当催收占比",
        "Weekly SLA attainment, satisfaction and improper share",
    ),
    "overview.satisfaction_target_line": ("满意度目标 85%", "Satisfaction target 85%"),
    "overview.improper_target_line": ("不当催收上限 10%", "Improper-share ceiling 10%"),
    "overview.l1_list": ("本周一级投诉清单", "This week's L1 complaints"),
    "overview.l1_none": ("本周没有一级投诉。", "No L1 complaints this week."),
    "overview.pack": ("下载周报（Excel）", "Download weekly pack (Excel)"),
    "overview.pack_help": (
        "包含 KPI、各环节 SLA、一级投诉清单和 12 周趋势（含图表），供周会使用。",
        "KPIs, SLA by stage, the L1 list and the 12-week trend with charts, for the weekly meeting.",
    ),
    "overview.pack.kpis": ("KPI", "KPIs"),
    "overview.pack.stages": ("各环节SLA", "SLA by stage"),
    "overview.pack.l1": ("一级投诉", "L1 cases"),
    "overview.pack.trend": ("12周趋势", "12-week trend"),
    "overview.tab.trend": ("趋势", "Trends"),
    "overview.tab.stages": ("各环节 SLA", "SLA by stage"),
    "overview.tab.l1": ("一级投诉", "L1 cases"),
    "overview.col.stage": ("环节", "Stage"),
    "overview.col.due": ("到期数", "Due"),
    "overview.col.met": ("按时完成", "Met"),
    "overview.col.rate": ("本周达成率", "Attainment this week"),
    "overview.col.rate_last": ("对比周达成率", "Attainment, comparison week"),
    "overview.col.kpi": ("指标", "KPI"),
    "overview.col.target": ("目标", "Target"),
    "overview.col.week": ("周（周一）", "Week (Monday)"),
    "overview.col.count": ("数量", "Count"),
    "overview.col.ref": ("工单号", "Reference"),
    "overview.col.received": ("受理时间", "Received"),
    "overview.col.category": ("类别", "Category"),
    "overview.col.channel": ("渠道", "Channel"),
    "overview.col.city": ("城市", "City"),
    "overview.col.status": ("状态", "Status"),
    "overview.col.resolve_due": ("处理时限", "Resolve due"),
    "overview.col.exec_reported": ("已上报高管", "Reported to executives"),
    "overview.this_week": ("本周", "This week"),
    "overview.last_week": ("上周同期", "Last week"),
}
