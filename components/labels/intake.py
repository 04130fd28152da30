"""Labels of the complaint intake page (投诉登记): key → (zh, en)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "intake.title": ("投诉登记", "Complaint intake"),
    "intake.intro": (
        "登记热线或线下收到的投诉。系统按类别和描述中的紧急词建议级别，并计算五个环节的应完成时间；"
        "提交后生成唯一工单编号。按首问负责制，登记人即为首问负责人和处理人。",
        "Log a complaint received by phone or offline. The level is suggested from the category and urgent "
        "words in the description, and the five stages' due times are computed; submitting assigns a unique "
        "reference number. First contact owns it: whoever logs the complaint becomes its first owner and handler.",
    ),
    "intake.open_last": ("查看刚登记的工单 {ref}", "Open the case just logged: {ref}"),
    "intake.channel": ("渠道", "Channel"),
    "intake.category": ("投诉类别", "Category"),
    "intake.category_placeholder": ("选择投诉类别…", "Choose a category…"),
    "intake.customer": ("投诉人", "Complainant"),
    "intake.anonymous_note": ("匿名通道：不记录客户信息。", "Anonymous channel: no customer is recorded."),
    "intake.customer_mode": ("识别客户", "Identify the customer"),
    "intake.mode.code": ("按客户编号", "By customer code"),
    "intake.mode.phone": ("按手机号", "By phone number"),
    "intake.mode.none": ("无法识别 / 非本公司客户", "Not identified / not our customer"),
    "intake.query.code": ("客户编号", "Customer code"),
    "intake.query.phone": ("手机号或座机", "Mobile or landline number"),
    "intake.query_placeholder.code": ("例如 C00000123", "e.g. C00000123"),
    "intake.query_placeholder.phone": ("例如 13812345678 或 021-12345678", "e.g. 13812345678 or 021-12345678"),
    "intake.customer_not_found": (
        "没有找到该客户。请核对，或选择“无法识别”。",
        "No customer found. Check the input, or choose “Not identified”.",
    ),
    "intake.customer_found": ("已找到客户：{who}", "Customer found: {who}"),
    "intake.customer_pick": ("该号码对应多位客户，请选择", "Several customers have this number: choose one"),
    "intake.agent": ("被投诉坐席工号（可选）", "Agent complained about (optional)"),
    "intake.agent_placeholder": ("例如 A0123", "e.g. A0123"),
    "intake.agent_help": (
        "填写后，投诉计入该坐席及其团队。",
        "When given, the complaint counts for that agent and their team.",
    ),
    "intake.agent_found": ("坐席：{name} · {team}", "Agent: {name} · {team}"),
    "intake.city": ("城市", "City"),
    "intake.city_placeholder": ("选择城市…", "Choose a city…"),
    "intake.city_help": ("默认取客户所在城市。", "Defaults to the customer's city."),
    "intake.description": ("投诉内容", "Description"),
    "intake.description_placeholder": (
        "记录投诉人的原话要点：时间、经过、诉求。",
        "Note what the complainant said: when, what happened, what they ask for.",
    ),
    "intake.description_help": (
        "最多 {max} 字。离开输入框后更新级别建议。",
        "Up to {max} characters. The level suggestion updates when you leave the box.",
    ),
    "intake.override": ("调整建议级别", "Override the suggested level"),
    "intake.override_help": (
        "调整级别必须填写原因，原因会记入处理时间线。",
        "Overriding needs a reason; it is recorded on the case timeline.",
    ),
    "intake.level": ("级别", "Level"),
    "intake.reason": ("调整原因（必填）", "Reason for the override (required)"),
    "intake.reason_placeholder": ("最多 {max} 字", "Up to {max} characters"),
    "intake.repeat.warning": (
        "该客户 30 天内已有 {n} 件同类未归档投诉，可能是重复反馈。请选择关联为重复投诉，或仍作为新投诉登记。",
        "This customer has {n} open complaint(s) of the same category from the last 30 days: this may be "
        "repeated feedback. Link it as a duplicate, or log it as a new complaint anyway.",
    ),
    "intake.repeat.choose": ("重复反馈处理方式", "Repeated feedback"),
    "intake.repeat.link": (
        "关联为 {ref} 的重复投诉（{received}，{status}）",
        "Link as a duplicate of {ref} ({received}, {status})",
    ),
    "intake.repeat.link_unseen": (
        "关联为 {received} 登记的一件投诉的重复投诉（该工单不在您的权限范围内，无法查看）",
        "Link as a duplicate of a complaint logged {received} (outside your scope: you cannot open it)",
    ),
    "intake.repeat.new": ("仍作为新投诉登记", "Log as a new complaint anyway"),
    "intake.submit": ("提交登记", "Log complaint"),
    "intake.preview": ("级别与时效", "Level and deadlines"),
    "intake.preview_empty": (
        "选择投诉类别后，这里显示建议级别和各环节应完成时间。",
        "Choose a category to see the suggested level and the stages' due times here.",
    ),
    "intake.suggested": ("建议级别：{level}", "Suggested level: {level}"),
    "intake.reason.reading": (
        "描述整体读来有{theme}信号（与已标注的紧急投诉相近，请人工确认）→ {level}",
        "The description as a whole reads as {theme} (close to labelled urgent complaints; please check) → {level}",
    ),
    "intake.reason.category": ("类别「{category}」→ {level}", "Category “{category}” → {level}"),
    "intake.reason.word": (
        "描述含紧急词「{word}」（{theme}）→ {level}",
        "Urgent word “{word}” in the description ({theme}) → {level}",
    ),
    "intake.theme.self_harm": ("自伤风险", "self-harm risk"),
    "intake.theme.threat": ("威胁恐吓", "threat"),
    "intake.theme.exposure": ("信息泄露/曝光", "data exposure"),
    "intake.theme.third_party": ("骚扰第三方", "third-party contact"),
    "intake.overridden": ("已人工调整为 {level}。", "Overridden to {level}."),
    "intake.exec_note": (
        "一级投诉：提交后将标记为“已上报公司高管”，24 小时内必须处理完毕。",
        "L1 complaint: on submit it is marked “reported to executives” and must be resolved within 24 hours.",
    ),
    "intake.dues": ("五个环节应完成时间", "Due times of the five stages"),
    "intake.dues_caption": (
        "按当前时间接收计算（含节假日与调休）；提交时以实际接收时间为准。",
        "Computed as if received now (public holidays and adjusted working weekends included); "
        "the actual time of submission is used.",
    ),
    "intake.col.stage": ("环节", "Stage"),
    "intake.col.due": ("应完成时间", "Due"),
    "intake.col.target": ("时限", "Target"),
    "intake.target.hours": ("{n} 小时", "{n} hours"),
    "intake.target.business_days": ("{n} 个工作日", "{n} business days"),
    "intake.target.business_days_one": ("1 个工作日", "1 business day"),
    "intake.target.hours_one": ("1 小时", "1 hour"),
    "intake.anchor.received": ("（自接收）", " from receipt"),
    "intake.anchor.previous": ("（自上一环节）", " from previous stage"),
    "intake.owner_note": ("首问负责人：{name}（提交人）", "First owner: {name} (you, on submit)"),
    "intake.saved": ("已登记，工单编号 {ref}，级别 {level}。", "Logged as {ref}, level {level}."),
    "intake.saved_exec": ("一级投诉已上报公司高管。", " This L1 complaint has been reported to executives."),
    # problems
    "intake.err.channel": ("请选择有效的渠道。", "Choose a valid channel."),
    "intake.err.category": ("请选择投诉类别。", "Choose a category."),
    "intake.err.description_required": ("请填写投诉内容。", "Enter the description."),
    "intake.err.city": ("请选择城市。", "Choose a city."),
    "intake.err.customer_mode": ("请选择识别客户的方式。", "Choose how the customer is identified."),
    "intake.err.anonymous_customer": (
        "匿名通道的投诉不能关联客户。",
        "A complaint on the anonymous channel cannot name a customer.",
    ),
    "intake.err.customer_required": (
        "请先查到客户，或选择“无法识别”。",
        "Find the customer first, or choose “Not identified”.",
    ),
    "intake.err.customer_unknown": ("客户不存在。", "That customer does not exist."),
    "intake.err.customer_code": (
        "客户编号格式应为 C 加 8 位数字，例如 C00000123。",
        "A customer code is C followed by 8 digits, e.g. C00000123.",
    ),
    "intake.err.phone": (
        "号码格式不正确：手机号为 11 位（1 开头），座机如 021-12345678。",
        "Malformed number: a mobile has 11 digits starting with 1, a landline looks like 021-12345678.",
    ),
    "intake.err.agent_format": (
        "坐席工号格式应为 A 加 4 到 6 位数字，例如 A0123。",
        "An agent code is A followed by 4 to 6 digits, e.g. A0123.",
    ),
    "intake.err.agent_unknown": ("没有工号为 {code} 的坐席。", "There is no agent with code {code}."),
    "intake.err.level": ("请选择有效的级别。", "Choose a valid level."),
    "intake.err.reason_required": ("调整建议级别时必须填写原因。", "Overriding the suggested level needs a reason."),
    "intake.err.repeat_both": ("请只选择一种重复反馈处理方式。", "Choose one way to handle the repeated feedback."),
    "intake.err.repeat_undecided": (
        "该客户已有同类未归档投诉 {ref}：请选择关联为重复投诉，或仍作为新投诉登记。",
        "This customer already has an open complaint of this category ({ref}): link as a duplicate, or log "
        "as a new complaint anyway.",
    ),
    "intake.err.repeat_undecided_unseen": (
        "该客户已有同类未归档投诉（不在您的权限范围内）：请选择关联为重复投诉，或仍作为新投诉登记。",
        "This customer already has an open complaint of this category (outside your scope): link as a "
        "duplicate, or log as a new complaint anyway.",
    ),
    "intake.err.repeat_gone": (
        "要关联的投诉已归档或不再符合重复条件，请重新选择。",
        "The complaint to link to has been archived or no longer qualifies; choose again.",
    ),
}
