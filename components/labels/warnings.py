"""Labels of the early-warning pages (预警上报, 预警台账) and the risk-weight editor: key → (zh, en)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # report page
    "warn.report.title": ("预警上报", "Report a warning"),
    "warn.report.caption": (
        "发现投诉苗头时第一时间上报：部门负责人审核签字后，报投诉防控部汇总处理。",
        "Report a complaint risk as soon as you see it: your department head reviews and "
        "signs it off, then the complaint-prevention department takes it on.",
    ),
    "warn.report.team": ("上报团队：{team}（{city}）", "Reporting team: {team} ({city})"),
    "warn.no_team": (
        "你的账号没有关联团队，无法上报预警：请联系系统管理员为你的账号指定团队。",
        "Your account has no team, so you cannot report a warning: ask an administrator to "
        "assign your account to a team.",
    ),
    "warn.report.live": ("风险评估（随填写实时更新）", "Risk assessment (updates as you type)"),
    "warn.score": ("风险评分", "Risk score"),
    "warn.score_pending": (
        "填写欠款金额、逾期天数、历史投诉次数和沟通态度后显示风险评分。",
        "Enter the debt, days overdue, previous complaints and attitude to see the risk score.",
    ),
    "warn.score_weights": (
        "当前权重：历史投诉 {complaint_history}，逾期时长 {overdue}，欠款金额 {debt}，沟通态度 {attitude}。"
        "40 分起为中风险，70 分起为高风险。",
        "Current weights: complaint history {complaint_history}, overdue {overdue}, debt {debt}, "
        "attitude {attitude}. Medium risk from 40, high risk from 70.",
    ),
    "warn.level_advice.low": ("低风险：常规跟进。", "Low risk: routine follow-up."),
    "warn.level_advice.medium": ("中风险：加强沟通和监控。", "Medium risk: communicate more and monitor closely."),
    "warn.level_advice.high": ("高风险：立即启动预警处理程序。", "High risk: start the warning procedure now."),
    "warn.submit": ("提交预警", "Submit warning"),
    "warn.submitted": (
        "已上报预警 {ref}（{level}），等待部门负责人审核。",
        "Warning {ref} reported ({level}); waiting for your department head's review.",
    ),
    "warn.mine.title": ("我的近期上报", "My recent reports"),
    "warn.mine.caption": (
        "你最近上报的 {n} 条预警及其处理状态（不受侧栏筛选影响）。",
        "Your latest {n} reports and where they are (sidebar filters do not apply).",
    ),
    "warn.mine.empty": ("你还没有上报过预警。", "You have not reported any warnings yet."),
    "warn.edit.title": ("修改并重新提交被退回的预警", "Edit and resubmit a returned warning"),
    "warn.edit.pick": ("被退回的预警", "Returned warning"),
    "warn.edit.reason": ("退回意见", "Reason for return"),
    "warn.resubmit": ("重新提交", "Resubmit"),
    "warn.resubmitted": ("预警 {ref} 已重新提交审核。", "Warning {ref} was resubmitted for review."),
    # form fields (also used in messages)
    "warn.field.customer_name": ("客户姓名", "Customer name"),
    "warn.field.contact": ("联系方式", "Contact"),
    "warn.field.debt_amount": ("欠款金额（元）", "Debt amount (yuan)"),
    "warn.field.overdue_days": ("逾期天数", "Days overdue"),
    "warn.field.source": ("预警信息来源", "Warning source"),
    "warn.field.complaint_history": ("历史投诉次数", "Previous complaints"),
    "warn.field.attitude": ("沟通态度", "Communication attitude"),
    "warn.field.description": ("预警情况描述", "What happened"),
    "warn.field.suggestion": ("初步处理建议", "Initial suggestion"),
    "warn.field.customer_code": ("客户编号（选填）", "Customer code (optional)"),
    "warn.field.handling_team": ("处理小组", "Handling team"),
    "warn.field.plan": ("处理方案", "Handling plan"),
    "warn.field.head_comment": ("审核意见", "Review comment"),
    "warn.field.return_reason": ("退回原因", "Reason for return"),
    "warn.field.tracking_note": ("跟踪记录", "Tracking note"),
    "warn.field.close_note": ("关闭说明", "Closing note"),
    "warn.field.evaluation": ("处理评估", "Evaluation"),
    "warn.field.resubmit_note": ("修改说明", "What you changed"),
    "warn.help.contact": (
        "11 位手机号，或带区号的座机（如 010-12345678）。",
        "An 11-digit mobile number, or a landline with area code (e.g. 010-12345678).",
    ),
    "warn.help.customer_code": ("已知时填写，如 C00000123。", "If known, e.g. C00000123."),
    "warn.help.complaint_history": ("该客户此前投诉的次数。", "How many times this customer complained before."),
    "warn.pick_option": ("请选择", "Choose"),
    # ledger page
    "warn.ledger.title": ("预警报备台账", "Warning ledger"),
    "warn.ledger.caption": (
        "部门负责人审核本团队上报的预警；投诉防控部汇总全部预警，指派处理小组，跟踪到关闭并评估。",
        "Department heads review their team's warnings; the complaint-prevention department "
        "sees all of them, assigns a handling team and tracks each to closure and evaluation.",
    ),
    "warn.ledger.status": ("状态", "State"),
    "warn.ledger.level": ("风险等级", "Risk level"),
    "warn.ledger.source": ("信息来源", "Source"),
    "warn.ledger.not_applicable": (
        "坐席、渠道和投诉级别筛选只适用于投诉，不影响预警台账。",
        "Agent, channel and complaint-level filters apply to complaints, not to warnings.",
    ),
    "warn.ledger.empty": (
        "当前筛选条件下没有预警：请放宽日期范围，或清除状态、风险等级、来源筛选。",
        "No warnings for the current filters: widen the date range or clear the state, risk level or source filters.",
    ),
    "warn.ledger.open_always": (
        "未结预警（待审核、已退回、已签批、处理中）不论日期均列出；侧栏日期范围只筛选已关闭和已评估的预警。",
        "Open warnings (awaiting review, returned, signed off, assigned) are always listed whatever their date; the "
        "sidebar's date range applies to closed and evaluated ones.",
    ),
    "warn.ledger.limited": (
        "仅列出最新的 {shown} 条（共 {total} 条），请缩小筛选范围。",
        "Showing the newest {shown} of {total}; narrow the filters to see the rest.",
    ),
    "warn.ledger.table": ("台账", "Ledger"),
    "warn.ledger.detail": ("预警详情与处理", "Warning details and actions"),
    "warn.ledger.pick": ("选择预警", "Choose a warning"),
    "warn.ledger.yours": ("待你处理", "awaiting you"),
    "warn.ledger.timeline": ("处理时间线", "Timeline"),
    "warn.ledger.no_action": (
        "该预警当前状态为「{status}」，你的角色无需操作。",
        'This warning is at "{status}"; there is nothing for your role to do here.',
    ),
    "warn.ledger.reported_by": ("上报：{reporter}，{team}，{at}", "Reported by {reporter}, {team}, {at}"),
    "warn.ledger.signed": ("签字：{head}，{at}", "Signed by {head}, {at}"),
    "warn.ledger.review": ("审核签字", "Review and sign off"),
    "warn.ledger.review_help": (
        "核实信息是否真实、准确，风险等级是否合理。通过即签字并上报投诉防控部；退回须写明原因。",
        "Check the facts and the risk level. Approving signs the report off to the "
        "complaint-prevention department; returning needs a reason.",
    ),
    "warn.ledger.approve": ("审核通过并签字", "Approve and sign"),
    "warn.ledger.return": ("退回修改", "Return for changes"),
    "warn.ledger.approved": (
        "已签字通过预警 {ref}，已上报投诉防控部。",
        "Warning {ref} signed off and passed to complaint prevention.",
    ),
    "warn.ledger.returned": ("已退回预警 {ref}。", "Warning {ref} returned to its reporter."),
    "warn.ledger.assign": ("指派处理小组", "Assign a handling team"),
    "warn.ledger.assign_btn": ("指派", "Assign"),
    "warn.ledger.assigned": ("已将预警 {ref} 指派给 {team}。", "Warning {ref} assigned to {team}."),
    "warn.ledger.track": ("添加跟踪记录", "Add a tracking entry"),
    "warn.ledger.track_btn": ("记录", "Record"),
    "warn.ledger.tracked": ("已为预警 {ref} 添加跟踪记录。", "Tracking entry added to warning {ref}."),
    "warn.ledger.close": ("关闭预警", "Close the warning"),
    "warn.ledger.close_btn": ("关闭", "Close"),
    "warn.ledger.closed": ("预警 {ref} 已关闭。", "Warning {ref} closed."),
    "warn.ledger.evaluate": ("处理评估", "Evaluate the handling"),
    "warn.ledger.evaluate_btn": ("提交评估", "Save evaluation"),
    "warn.ledger.evaluated": ("预警 {ref} 已评估。", "Warning {ref} evaluated."),
    # table columns: the ledger's own order (seed 004) first, then the workflow
    "warn.col.ref": ("预警编号", "Ref no."),
    "warn.col.customer_name": ("客户姓名", "Customer name"),
    "warn.col.contact": ("联系方式", "Contact"),
    "warn.col.debt": ("欠款金额", "Debt amount"),
    "warn.col.source": ("预警信息来源", "Source"),
    "warn.col.reported_at": ("预警时间", "Reported at"),
    "warn.col.level": ("风险等级", "Risk level"),
    "warn.col.suggestion": ("初步处理建议", "Initial suggestion"),
    "warn.col.status": ("状态", "State"),
    "warn.col.head": ("签字负责人", "Signed by"),
    "warn.col.signed_at": ("签字时间", "Signed at"),
    "warn.col.head_comment": ("审核意见", "Review comment"),
    "warn.col.handling_team": ("处理小组", "Handling team"),
    "warn.col.plan": ("处理方案", "Plan"),
    "warn.col.closed_at": ("关闭时间", "Closed at"),
    "warn.col.evaluation": ("处理评估", "Evaluation"),
    "warn.col.score": ("风险评分", "Risk score"),
    "warn.col.team": ("上报团队", "Reporting team"),
    "warn.col.city": ("城市", "City"),
    "warn.col.reporter": ("上报人", "Reporter"),
    "warn.col.at": ("时间", "When"),
    "warn.col.event": ("事件", "Event"),
    "warn.col.actor": ("操作人", "By"),
    "warn.col.note": ("说明", "Note"),
    "warn.event.submitted": ("上报", "Reported"),
    "warn.event.resubmitted": ("修改后重新提交", "Resubmitted after edits"),
    "warn.event.approved": ("审核通过（签字）", "Signed off"),
    "warn.event.returned": ("退回", "Returned"),
    "warn.event.assigned": ("指派处理小组", "Assigned"),
    "warn.event.tracking": ("跟踪记录", "Tracking"),
    "warn.event.closed": ("关闭", "Closed"),
    "warn.event.evaluated": ("评估", "Evaluated"),
    # errors
    "warn.err.phone": (
        "联系方式格式不正确：请填写 11 位手机号（如 13812345678）或带区号的座机（如 010-12345678）。",
        "The contact is not a phone number: enter an 11-digit mobile number (e.g. 13812345678) "
        "or a landline with area code (e.g. 010-12345678).",
    ),
    "warn.err.amount_ceiling": (
        "欠款金额不能超过 {max} 元，请检查是否多输了位数。",
        "The debt amount cannot exceed {max} yuan; check for extra digits.",
    ),
    "warn.err.customer_code": (
        "客户编号应为 C 加 8 位数字，如 C00000123。",
        "A customer code is C followed by 8 digits, e.g. C00000123.",
    ),
    "warn.err.customer_unknown": (
        "找不到客户编号 {code}：请核对，或留空。",
        "No customer has the code {code}: check it, or leave it empty.",
    ),
    "warn.err.no_team": (
        "你的账号没有关联团队，无法上报预警：请联系系统管理员。",
        "Your account has no team, so you cannot report a warning: ask an administrator.",
    ),
    "warn.err.not_found": ("找不到该预警，请刷新页面。", "That warning no longer exists; reload the page."),
    "warn.err.already_handled": (
        "预警 {ref} 已被他人处理（状态已变化），你的操作未生效。请查看最新状态。",
        "Warning {ref} was already handled by someone else (its state has changed); "
        "your action was not applied. Check its current state.",
    ),
    "warn.err.handling_team": (
        "请选择投诉防控部的处理小组。",
        "Choose one of the complaint-prevention handling teams.",
    ),
    "warn.err.weight_factors": (
        "权重须覆盖全部四个因子：历史投诉、逾期时长、欠款金额、沟通态度。",
        "Weights must cover exactly the four factors: complaint history, overdue, debt, attitude.",
    ),
    "warn.err.weight_all_zero": ("至少一个权重须大于 0。", "At least one weight must be above 0."),
    # risk-weight editor (drawn on the settings page)
    "warn.weights.title": ("预警风险评分权重", "Warning risk-score weights"),
    "warn.weights.help": (
        "风险评分 = 各因子（0–1）按权重加权平均 × 100；权重只需相对大小，保存后对新上报的预警生效。",
        "Risk score = weighted average of the factors (each 0–1) × 100; only the relative sizes "
        "matter. New weights apply to warnings reported from now on.",
    ),
    "warn.weights.save": ("保存权重", "Save weights"),
    "warn.weights.saved": (
        "风险评分权重已保存，新上报的预警按新权重计算。",
        "Weights saved; new warnings are scored with them.",
    ),
    "warn.factor.complaint_history": ("历史投诉", "Complaint history"),
    "warn.factor.overdue": ("逾期时长", "Overdue length"),
    "warn.factor.debt": ("欠款金额", "Debt amount"),
    "warn.factor.attitude": ("沟通态度", "Communication attitude"),
}
