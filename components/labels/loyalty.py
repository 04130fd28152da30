"""Labels of the loyalty (customer layering) page: key → (zh, en)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "loyalty.title": ("客户分层", "Loyalty tiers"),
    "loyalty.caption": (
        "依据每月初的客户快照：{first} 至 {last}，共 {n} 个月；城市筛选按客户所在城市。",
        "From month-start customer snapshots: {first} to {last}, {n} month(s); the city "
        "filter applies to the customer's city.",
    ),
    "loyalty.filters_note": (
        "团队、坐席、渠道、级别筛选不适用于客户，只影响投诉相关数字（投诉率、不当催收占比、满意度）。",
        "Team, agent, channel and level filters do not apply to customers; they only "
        "narrow the complaint figures (complaint rate, improper-collection share, satisfaction).",
    ),
    "loyalty.empty": (
        "所选日期范围内没有客户月度快照：请放宽日期范围或清除城市筛选。",
        "No monthly customer snapshots in the selected date range: widen the date range or clear the city filter.",
    ),
    "loyalty.month": ("月份", "Month"),
    "loyalty.month_help": (
        "分布、分段、迁移与指标均按此月份；对比基期为日期范围内的第一个月（{base}）。",
        "Mix, buckets, migration and KPIs are for this month; the base for comparison is "
        "the first month in the date range ({base}).",
    ),
    "loyalty.open_month": (
        "{month} 尚未结束：30 天回款只统计到今天，回款率会偏低。",
        "{month} is not over yet: 30-day repayments count up to today only, so recovery reads low.",
    ),
    # programme KPIs
    "loyalty.kpi.header": ("忠诚度计划指标", "Loyalty programme KPIs"),
    "loyalty.kpi.caption": (
        "{month} 对比基期 {base}；目标来自忠诚度计划（客户留存 +20%、30 天回款 +15%、"
        "不当催收投诉占比 < 10%、单客成本 −25%、满意度 75%）。",
        "{month} against the base month {base}; targets from the loyalty programme "
        "(retention +20%, 30-day recovery +15%, improper-collection share < 10%, cost per "
        "customer −25%, satisfaction 75%).",
    ),
    "loyalty.kpi.retention": ("客户留存率", "Retention"),
    "loyalty.kpi.retention_help": (
        "上月非高风险客户中，本月仍有快照且仍非高风险的比例。",
        "Of last month's customers outside the high-risk tier, the share who still "
        "have a snapshot this month and are still not high-risk.",
    ),
    "loyalty.kpi.recovery": ("30 天回款率", "30-day recovery"),
    "loyalty.kpi.recovery_help": (
        "月初起 30 天内回款金额 ÷ 月初欠款金额。",
        "Amount repaid within 30 days of the month start ÷ debt at the month start.",
    ),
    "loyalty.kpi.improper": ("不当催收投诉占比", "Improper-collection share"),
    "loyalty.kpi.improper_help": (
        "暴力催收、骚扰第三方、话术不当、夜间催收、信息泄露类投诉占全部投诉的比例（重复投诉不重复计数）。",
        "Complaints about violent collection, third-party harassment, improper "
        "language, night-time calls or data leaks over all complaints (duplicates "
        "counted once).",
    ),
    "loyalty.kpi.cost": ("单客服务成本", "Cost per customer"),
    "loyalty.kpi.cost_help": (
        "存储中尚无成本数据，接入后按目标 −25% 考核。",
        "The store holds no cost data yet; once it does, the target is −25%.",
    ),
    "loyalty.kpi.satisfaction": ("满意度", "Satisfaction"),
    "loyalty.kpi.satisfaction_help": ("满意度调查中 4–5 分的比例。", "Share of satisfaction surveys scoring 4–5."),
    "loyalty.kpi.vs_base": ("{change} 较基期", "{change} vs base"),
    "loyalty.kpi.target_uplift": ("目标：较基期 +{uplift}（≥ {target}）", "Target: +{uplift} on base (≥ {target})"),
    "loyalty.kpi.target_gap_cut": (
        "目标：较基期 +{uplift} 将超过 100%，改为与 100% 的差距缩小 {uplift}（≥ {target}）",
        "Target: +{uplift} on base would pass 100%, so the gap to 100% shrinks by {uplift} (≥ {target})",
    ),
    "loyalty.kpi.target_ceiling": ("目标：< {target}", "Target: < {target}"),
    "loyalty.kpi.target_floor": ("目标：≥ {target}", "Target: ≥ {target}"),
    "loyalty.kpi.target_cost": ("目标：较基期 −{reduction}", "Target: −{reduction} on base"),
    "loyalty.kpi.met": ("已达标", "met"),
    "loyalty.kpi.missed": ("未达标", "not met"),
    "loyalty.kpi.unknown": ("暂无法判断", "cannot tell yet"),
    "loyalty.kpi.no_cost": (
        "“—”：尚无成本数据，无法计算单客服务成本",
        "“—”: no cost data yet, so the cost per customer cannot be computed",
    ),
    "loyalty.kpi.trend": ("各月指标", "KPIs by month"),
    # tier mix
    "loyalty.mix.header": ("层级分布：实际 vs 计划", "Tier mix: actual vs plan"),
    "loyalty.mix.chart": ("{month} 层级占比", "Tier shares, {month}"),
    "loyalty.mix.actual": ("实际", "Actual"),
    "loyalty.mix.plan": ("计划", "Plan"),
    "loyalty.mix.trend": ("各月层级客户数", "Customers per tier by month"),
    # buckets
    "loyalty.bucket.header": ("逾期分段 × 层级", "Overdue buckets × tiers"),
    "loyalty.bucket.caption": (
        "M1 逾期 1–30 天、M2 31–60 天、M3 61–90 天、M3+ 90 天以上，按历史还款率是否高于 {rate} 分为高/低潜力。",
        "M1 1–30 days overdue, M2 31–60, M3 61–90, M3+ over 90, split into high / low "
        "potential by a historical repayment rate above {rate}.",
    ),
    "loyalty.bucket.matrix": ("各层级内的分段占比（悬停看人数）", "Segment share within each tier (hover for counts)"),
    "loyalty.bucket.bars": ("各分段客户数", "Customers per segment"),
    "loyalty.bucket.drill": (
        "查看单元格内的客户（点击热力图单元格，或在此选择）",
        "Customers in a cell (click a heatmap cell, or choose here)",
    ),
    "loyalty.bucket.drill_tier": ("层级", "Tier"),
    "loyalty.bucket.drill_segment": ("分段", "Segment"),
    "loyalty.bucket.drill_pick": ("请选择", "Choose"),
    "loyalty.bucket.drill_caption": (
        "{tier} · {segment}：按欠款金额从高到低，最多 {limit} 位。",
        "{tier} · {segment}: largest debt first, at most {limit}.",
    ),
    "loyalty.segment.M3+_high": ("M3+ 高潜力", "M3+ high potential"),
    "loyalty.segment.M3+_low": ("M3+ 低潜力", "M3+ low potential"),
    # migration
    "loyalty.migration.header": ("层级迁移（环比）", "Tier migration, month over month"),
    "loyalty.migration.caption": (
        "行：{before} 的层级；列：{month} 的层级；格内为行内占比。“已离开”指本月没有快照的客户。",
        "Rows: tier in {before}; columns: tier in {month}; cells show the share "
        'of the row. "Left" means no snapshot this month.',
    ),
    "loyalty.migration.none": ("{month} 没有上月快照可比较。", "{month} has no previous month to compare with."),
    "loyalty.migration.chart": ("{before} → {month}", "{before} → {month}"),
    "loyalty.migration.left": ("已离开", "Left"),
    "loyalty.migration.from": ("上月层级", "Tier last month"),
    "loyalty.migration.to": ("本月层级", "Tier this month"),
    # recovery
    "loyalty.recovery.header": ("30 天回款率（按层级）", "30-day recovery by tier"),
    "loyalty.recovery.chart": ("各月 30 天回款率", "30-day recovery by month"),
    "loyalty.recovery.all": ("全部客户", "All customers"),
    # complaints
    "loyalty.complaints.header": ("分层投诉率", "Complaint rate by tier"),
    "loyalty.complaints.caption": (
        "{start} 至 {end} 的投诉数 ÷ {month} 该层级客户数（重复投诉不重复计数）。",
        "Complaints from {start} to {end} ÷ customers of the tier in {month} (duplicates counted once).",
    ),
    "loyalty.complaints.chart": ("投诉数 ÷ 客户数", "Complaints ÷ customers"),
    # columns
    "loyalty.col.month": ("月份", "Month"),
    "loyalty.col.tier": ("层级", "Tier"),
    "loyalty.col.segment": ("分段", "Segment"),
    "loyalty.col.customers": ("客户数", "Customers"),
    "loyalty.col.share": ("占比", "Share"),
    "loyalty.col.share_in_tier": ("层级内占比", "Share within tier"),
    "loyalty.col.actual_share": ("实际占比", "Actual share"),
    "loyalty.col.plan_share": ("计划占比", "Planned share"),
    "loyalty.col.gap": ("差异（百分点）", "Gap (pp)"),
    "loyalty.col.from": ("上月层级", "Tier last month"),
    "loyalty.col.to": ("本月层级", "Tier this month"),
    "loyalty.col.debt": ("月初欠款", "Debt at month start"),
    "loyalty.col.repaid": ("30 天回款", "Repaid within 30 days"),
    "loyalty.col.recovery": ("30 天回款率", "30-day recovery"),
    "loyalty.col.complaints": ("投诉数", "Complaints"),
    "loyalty.col.complaint_rate": ("投诉率", "Complaint rate"),
    "loyalty.col.retention": ("客户留存率", "Retention"),
    "loyalty.col.improper": ("不当催收投诉占比", "Improper-collection share"),
    "loyalty.col.satisfaction": ("满意度", "Satisfaction"),
    "loyalty.col.code": ("客户编号", "Customer no."),
    "loyalty.col.name": ("姓名", "Name"),
    "loyalty.col.phone": ("电话", "Phone"),
    "loyalty.col.city": ("城市", "City"),
    "loyalty.col.overdue_days": ("逾期天数", "Days overdue"),
    "loyalty.col.repayment_rate": ("历史还款率", "Historical repayment rate"),
}
