"""Labels of the app frame, navigation, filters and shared widgets: key → (zh, en)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # app frame
    "app.title": ("客户体验看板", "Customer Experience Dashboard"),
    "app.language": ("语言", "Language"),
    "chart.partial_note": (
        "空心点与虚线：该周期尚未结束，数据不完整",
        "Hollow point on a dotted line: the period is still running, its figures are incomplete",
    ),
    "app.demo_badge": ("演示模式", "DEMO MODE"),
    "app.demo_help": ("未配置身份提供方：请选择一个演示用户。", "No identity provider configured: pick a demo user."),
    "app.demo_role": ("演示角色", "Demo role"),
    "app.demo_user": ("演示用户", "Demo user"),
    "auth.sign_in": ("登录", "Sign in"),
    "auth.sign_out": ("退出登录", "Sign out"),
    "auth.sign_in_help": (
        "请使用公司账号登录。登录后看到的页面和数据由您的角色和数据范围决定。",
        "Sign in with your company account. What you see depends on your role and data scope.",
    ),
    "auth.no_access_title": ("没有访问权限", "No access"),
    "auth.no_access": (
        "账号 {email} 没有本看板的访问权限，或已被停用。请联系系统管理员开通，或退出后换一个账号登录。",
        "The account {email} has no access to this dashboard, or it has been disabled. Ask your administrator "
        "for access, or sign out and sign in with another account.",
    ),
    "auth.not_configured": (
        "尚未配置登录（.streamlit/secrets.toml 中没有 [auth]），演示模式也已关闭（DASHBOARD_DEMO=0）。"
        "请管理员按 README 配置身份提供方。",
        "Sign-in is not configured (no [auth] in .streamlit/secrets.toml) and demo mode is off "
        "(DASHBOARD_DEMO=0). Ask your administrator to configure the identity provider as the README describes.",
    ),
    "auth.page_not_allowed": (
        "您的角色不能打开此页面。请从左侧菜单选择页面。",
        "Your role cannot open this page. Choose a page from the menu on the left.",
    ),
    "auth.page_not_found.title": ("页面不存在", "Page not found"),
    "auth.page_not_found": (
        "地址 /{address} 没有对应的页面。请从左侧菜单选择页面。",
        "There is no page at the address /{address}. Choose a page from the menu on the left.",
    ),
    "app.signed_in_as": ("当前用户：{name}（{role}）", "Signed in as {name} ({role})"),
    "app.incident": (
        "抱歉，页面出错了。我们已记录此问题（事件编号 {incident}）。请稍后重试；如果一直出现，请把事件编号告诉系统管理员。",
        "Sorry, something went wrong. It has been logged as incident {incident}. Please try again; if it keeps "
        "happening, give the incident number to your administrator.",
    ),
    "app.no_users": (
        "存储中没有用户。请先运行 `make seed` 生成演示数据。",
        "The store has no users. Run `make seed` to load demo data first.",
    ),
    "nav.section.dashboards": ("看板", "Dashboards"),
    "nav.section.work": ("工作台", "Workbench"),
    "nav.section.admin": ("管理", "Administration"),
    "nav.overview": ("总览", "Overview"),
    "nav.channels": ("渠道", "Channels"),
    "nav.sla": ("时效", "SLA"),
    "nav.agents": ("坐席", "Agents"),
    "nav.loyalty": ("客户分层", "Loyalty tiers"),
    "nav.cases": ("工单查询", "Case lookup"),
    "nav.settings": ("设置", "Settings"),
    "nav.users": ("用户管理", "Users"),
    "nav.section.committee": ("监督委员会", "Committee"),
    "nav.intake": ("投诉登记", "Complaint intake"),
    "nav.handling": ("工单处理", "Case handling"),
    "nav.warning_report": ("预警上报", "Report a warning"),
    "nav.warning_ledger": ("预警台账", "Warning ledger"),
    "nav.sample": ("监督抽样", "Committee sample"),
    "nav.improvements": ("问题改进清单", "Improvement list"),
    # filters
    "filters.header": ("筛选", "Filters"),
    "filters.dates": ("日期范围", "Date range"),
    "filters.city": ("城市", "City"),
    "filters.team": ("团队", "Team"),
    "filters.agent": ("坐席", "Agent"),
    "filters.channel": ("渠道", "Channel"),
    "filters.level": ("级别", "Level"),
    "filters.reset": ("清除筛选", "Clear filters"),
    "filters.all": ("全部", "All"),
    "filters.scoped": ("数据范围已限定为：{scope}", "Data is limited to: {scope}"),
    "filters.no_team": ("（未分配小组，无数据）", "(no team assigned: no data)"),
    "filters.own_scope": (
        "数据范围：你处理或首问的工单，以及你自己的预警报备。",
        "Your scope: the cases you handle or took first contact of, and your own warning reports.",
    ),
    "filters.bad_range": ("请选择开始和结束日期。", "Choose both a start and an end date."),
    # common
    "common.empty_for_filters": (
        "当前筛选条件下没有数据：请放宽日期范围或清除部分筛选。",
        "No data for the current filters: widen the date range or clear some filters.",
    ),
    "common.vs_last_week": ("较上周同期", "vs same days last week"),
    "common.target": ("目标 {target}", "Target {target}"),
    "common.download_csv": ("下载 CSV", "Download CSV"),
    "common.download_xlsx": ("下载 Excel", "Download Excel"),
    "errors.permission": ("你的角色无权执行此操作。", "Your role may not do this."),
    "errors.out_of_scope": (
        "该记录不存在或不在你的数据范围内。",
        "Not found or not in your scope.",
    ),
    "errors.duty.own_report": (
        "不能签批自己报备的预警：请由本组其他部门负责人签批。",
        "You cannot sign off a warning you reported yourself: another head must sign it off.",
    ),
    "errors.duty.own_close": (
        "关闭该预警的人不能再评估它：请由防投诉部门的其他同事评估。",
        "Whoever closed a warning may not evaluate it: a colleague of the prevention department must.",
    ),
    "errors.duty.own_case": (
        "不能评审自己处理过的案件（处理人或首问负责人）：请由其他委员评审。",
        "You cannot review a case you handled (handler or first owner): another member must review it.",
    ),
    "common.masked_note": ("客户姓名、电话与证件号已脱敏显示。", "Customer name, phone and ID number are masked."),
    "common.yes": ("是", "Yes"),
    "common.choose": ("请选择…", "Choose…"),
    "common.no": ("否", "No"),
}
