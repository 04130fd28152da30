"""Stable ASCII codes stored in the database; display names come from the i18n catalogue.

The order of each tuple is the order used in charts and tables.
"""

from __future__ import annotations

from typing import Final

ROLES: Final = ("staff", "dept_head", "prevention", "manager", "committee", "admin")

# Seed 000: phone hotline > 60 %, app one-tap feedback, WeChat mini-program, Douyin / Weibo DMs,
# offline points, emergency channel, anonymous channel, e-mail / letter, regulator referral.
CHANNELS: Final = (
    "phone",
    "app",
    "wechat",
    "douyin",
    "weibo",
    "offline",
    "emergency",
    "anonymous",
    "email",
    "regulator",
)

LEVELS: Final = ("L1", "L2", "L3")

# Complaint categories and the level each one implies (seed 000).
CATEGORY_LEVEL: Final[dict[str, str]] = {
    "violent_collection": "L1",  # 暴力催收
    "data_leak": "L1",  # 信息泄露
    "suicide_risk": "L1",  # 自杀风险
    "third_party_contact": "L1",  # 骚扰第三方
    "interest_dispute": "L2",  # 利率争议
    "cumbersome_process": "L2",  # 流程繁琐
    "improper_language": "L2",  # 话术不当
    "night_calls": "L2",  # 夜间催收
    "wrong_person": "L2",  # 误催
    "reminder_delay": "L3",  # 还款提醒延迟
    "app_problem": "L3",  # APP问题
    "repayment_channel": "L3",  # 还款渠道不清晰
}
CATEGORIES: Final = tuple(CATEGORY_LEVEL)

# Categories counted as improper collection for the < 10 % share target of seed 001.
IMPROPER_COLLECTION: Final = frozenset(
    {"violent_collection", "third_party_contact", "improper_language", "night_calls", "data_leak"}
)

# Five SLA stages in order (seed 000): 受理, 核实, 处理, 反馈, 归档.
STAGES: Final = ("ack", "verify", "resolve", "notify", "archive")

# Complaint status is the last stage completed ("received" before acknowledgement).
COMPLAINT_STATUSES: Final = ("received", *STAGES)

# Loyalty tiers (seed 001) and overdue buckets (seed 003).
TIERS: Final = ("potential", "stable", "high_risk", "dormant")
BUCKETS: Final = ("current", "M1", "M2", "M3", "M3+")

# Call-QA violation types (seed 003); "none" means a clean call.
VIOLATIONS: Final = ("none", "insult", "threat", "third_party", "false_statement", "night_call", "excessive_calls")

# Early warnings (seed 004).
WARNING_SOURCES: Final = ("customer_service", "system", "social_media", "staff")
ATTITUDES: Final = ("cooperative", "neutral", "evasive", "hostile")
RISK_LEVELS: Final = ("low", "medium", "high")
WARNING_STATUSES: Final = ("submitted", "returned", "approved", "assigned", "closed", "evaluated")

IMPROVEMENT_STATUSES: Final = ("open", "in_progress", "done", "cancelled")

# What resolving a case did (seed 000 §4.2, §4.4): an apology, compensation from the special fund,
# fee or penalty-interest waivers, a changed repayment plan, paused collection, the agent retrained,
# or nothing to remedy because no fault was found. The first three with money carry an amount.
OUTCOME_KINDS: Final = (
    "apology",
    "compensation",
    "fee_waiver",
    "penalty_interest_waiver",
    "plan_adjusted",
    "collection_paused",
    "agent_retrained",
    "no_fault",
)
AMOUNT_OUTCOMES: Final = ("compensation", "fee_waiver", "penalty_interest_waiver")
WAIVER_OUTCOMES: Final = ("fee_waiver", "penalty_interest_waiver")

# Who entered a case's follow-up survey: the handler after the return call, or the complainant on
# the progress page.
SURVEY_SOURCES: Final = ("return_call", "progress_page")

SLA_UNITS: Final = ("hours", "business_days")
SLA_ANCHORS: Final = ("received", "previous")
