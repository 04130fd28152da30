"""Display names of the codes stored in the database (channels, levels, stages, tiers …).

Page labels live in ``components/labels/<area>.py``, merged in ``components.labels``.
"""

from __future__ import annotations

from domain.codes import (
    ATTITUDES,
    BUCKETS,
    CATEGORIES,
    CHANNELS,
    COMPLAINT_STATUSES,
    IMPROVEMENT_STATUSES,
    LEVELS,
    OUTCOME_KINDS,
    RISK_LEVELS,
    ROLES,
    STAGES,
    SURVEY_SOURCES,
    TIERS,
    VIOLATIONS,
    WARNING_SOURCES,
    WARNING_STATUSES,
)
from domain.conduct import CONTACT_CHANNELS, CONTACT_PARTIES, RULES

# Display names of the stored codes.
CODE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "role": {
        "staff": ("一线员工", "Staff"),
        "dept_head": ("部门负责人", "Department head"),
        "prevention": ("投诉防控部", "Complaint prevention"),
        "manager": ("管理者", "Manager"),
        "committee": ("用户监督委员会", "Supervisory committee"),
        "admin": ("系统管理员", "Administrator"),
    },
    "channel": {
        "phone": ("电话热线", "Phone hotline"),
        "app": ("APP一键反馈", "App feedback"),
        "wechat": ("微信小程序", "WeChat mini-program"),
        "douyin": ("抖音私信", "Douyin DM"),
        "weibo": ("微博私信", "Weibo DM"),
        "offline": ("线下反馈点", "Offline point"),
        "emergency": ("紧急反馈通道", "Emergency channel"),
        "anonymous": ("匿名通道", "Anonymous channel"),
        "email": ("邮件/信函", "E-mail / letter"),
        "regulator": ("监管转办", "Regulator referral"),
    },
    "level": {
        "L1": ("一级（紧急）", "L1 urgent"),
        "L2": ("二级（重要）", "L2 important"),
        "L3": ("三级（一般）", "L3 general"),
    },
    "category": {
        "violent_collection": ("暴力催收", "Violent collection"),
        "data_leak": ("信息泄露", "Data leak"),
        "suicide_risk": ("自杀风险", "Suicide risk"),
        "third_party_contact": ("骚扰第三方", "Third-party harassment"),
        "interest_dispute": ("利率争议", "Interest-rate dispute"),
        "cumbersome_process": ("流程繁琐", "Cumbersome process"),
        "improper_language": ("话术不当", "Improper language"),
        "night_calls": ("夜间催收", "Night-time calls"),
        "wrong_person": ("误催", "Wrong person contacted"),
        "reminder_delay": ("还款提醒延迟", "Reminder delay"),
        "app_problem": ("APP问题", "App problem"),
        "repayment_channel": ("还款渠道不清晰", "Unclear repayment channel"),
    },
    "stage": {
        "ack": ("受理", "Acknowledge"),
        "verify": ("核实", "Verify"),
        "resolve": ("处理", "Resolve"),
        "notify": ("反馈", "Notify"),
        "archive": ("归档", "Archive"),
    },
    "status": {
        "received": ("已接收", "Received"),
        "ack": ("已受理", "Acknowledged"),
        "verify": ("已核实", "Verified"),
        "resolve": ("已处理", "Resolved"),
        "notify": ("已反馈", "Notified"),
        "archive": ("已归档", "Archived"),
    },
    "tier": {
        "potential": ("潜力客户", "Potential"),
        "stable": ("稳定客户", "Stable"),
        "high_risk": ("高风险客户", "High-risk"),
        "dormant": ("休眠客户", "Dormant"),
    },
    "bucket": {
        "current": ("未逾期", "Current"),
        "M1": ("M1", "M1"),
        "M2": ("M2", "M2"),
        "M3": ("M3", "M3"),
        "M3+": ("M3+", "M3+"),
    },
    "violation": {
        "none": ("无违规", "None"),
        "insult": ("辱骂", "Insult"),
        "threat": ("威胁", "Threat"),
        "third_party": ("骚扰第三方", "Third-party contact"),
        "false_statement": ("虚假陈述", "False statement"),
        "night_call": ("夜间催收", "Night-time call"),
        "excessive_calls": ("频繁拨打", "Excessive calls"),
    },
    "source": {
        "customer_service": ("客服反馈", "Customer service"),
        "system": ("系统监测", "System monitoring"),
        "social_media": ("舆情监测", "Social media"),
        "staff": ("员工报备", "Staff report"),
    },
    "attitude": {
        "cooperative": ("配合", "Cooperative"),
        "neutral": ("一般", "Neutral"),
        "evasive": ("回避", "Evasive"),
        "hostile": ("对抗", "Hostile"),
    },
    "risk": {"low": ("低风险", "Low"), "medium": ("中风险", "Medium"), "high": ("高风险", "High")},
    "warning_status": {
        "submitted": ("待审核", "Awaiting review"),
        "returned": ("已退回", "Returned"),
        "approved": ("已签批", "Signed off"),
        "assigned": ("处理中", "Assigned"),
        "closed": ("已关闭", "Closed"),
        "evaluated": ("已评估", "Evaluated"),
    },
    "improvement_status": {
        "open": ("未开始", "Open"),
        "in_progress": ("进行中", "In progress"),
        "done": ("已完成", "Done"),
        "cancelled": ("已取消", "Cancelled"),
    },
    "outcome": {
        "apology": ("赔礼道歉", "Apology"),
        "compensation": ("经济补偿", "Compensation"),
        "fee_waiver": ("费用减免", "Fee waiver"),
        "penalty_interest_waiver": ("罚息减免", "Penalty-interest waiver"),
        "plan_adjusted": ("调整还款计划", "Repayment plan adjusted"),
        "collection_paused": ("暂停催收", "Collection paused"),
        "agent_retrained": ("涉事坐席培训", "Agent retrained"),
        "no_fault": ("经核实无过错", "No fault found"),
    },
    "survey_source": {
        "return_call": ("回访电话", "Return call"),
        "progress_page": ("进度查询页", "Progress page"),
    },
    "conduct_rule": {code: (rule.name_zh, rule.name_en) for code, rule in RULES.items()},
    "contact_party": {
        "debtor": ("债务人本人", "Debtor"),
        "emergency_contact": ("紧急联系人", "Emergency contact"),
        "third_party": ("其他第三方", "Other third party"),
    },
    "contact_channel": {
        "call": ("电话", "Call"),
        "sms": ("短信", "SMS"),
        "visit": ("上门", "Visit"),
        "app": ("APP消息", "App message"),
    },
}

# Every stored code has a label: checked here so a new code cannot ship untranslated.
_EXPECTED = {
    "role": ROLES,
    "channel": CHANNELS,
    "level": LEVELS,
    "category": CATEGORIES,
    "stage": STAGES,
    "status": COMPLAINT_STATUSES,
    "tier": TIERS,
    "bucket": BUCKETS,
    "violation": VIOLATIONS,
    "source": WARNING_SOURCES,
    "attitude": ATTITUDES,
    "risk": RISK_LEVELS,
    "warning_status": WARNING_STATUSES,
    "improvement_status": IMPROVEMENT_STATUSES,
    "outcome": OUTCOME_KINDS,
    "survey_source": SURVEY_SOURCES,
    "conduct_rule": tuple(RULES),
    "contact_party": CONTACT_PARTIES,
    "contact_channel": CONTACT_CHANNELS,
}
for _kind, _codes in _EXPECTED.items():
    _missing = set(_codes) - set(CODE_LABELS[_kind])
    if _missing:
        raise RuntimeError(f"untranslated {_kind} codes: {sorted(_missing)}")
