"""Labels of the complainant's progress lookup (投诉进度查询) and the follow-up survey: key → (zh, en)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "nav.section.public": ("投诉人服务", "For complainants"),
    "nav.progress": ("投诉进度查询", "Complaint progress"),
    "auth.public_role": ("投诉人（未登录）", "Complainant (signed out)"),
    "auth.progress_link": ("投诉人查询处理进度", "Complainants: check your complaint's progress"),
    "progress.title": ("投诉进度查询", "Check your complaint's progress"),
    "progress.intro": (
        "请输入受理时告知您的反馈编号，以及您在我司登记的手机号码后四位。",
        "Enter the reference number you were given when your complaint was taken, and the last four digits "
        "of the phone number we have on file for you.",
    ),
    "progress.field.ref": ("反馈编号", "Reference number"),
    "progress.field.phone_last4": ("手机号后四位", "Last four digits of your phone number"),
    "progress.ref_placeholder": ("例如 TS2026112300001", "e.g. TS2026112300001"),
    "progress.phone_placeholder": ("例如 5678", "e.g. 5678"),
    "progress.look_up": ("查询", "Check"),
    "progress.err.ref_format": (
        "反馈编号由 TS 和 13 位以上数字组成，例如 TS2026112300001。",
        "A reference number is TS followed by 13 or more digits, e.g. TS2026112300001.",
    ),
    "progress.err.phone_format": ("请输入手机号码的后四位数字。", "Enter the last four digits of your phone number."),
    "progress.no_match": (
        "没有找到匹配的投诉。请核对反馈编号和手机号后四位后再试。",
        "No matching complaint. Check the reference number and the last four digits, then try again.",
    ),
    "progress.locked": (
        "尝试次数过多，请 15 分钟后再试。如需帮助，请拨打客服热线。",
        "Too many attempts: please try again in 15 minutes. For help, call our hotline.",
    ),
    "progress.stages": ("处理进度", "Progress"),
    "progress.current": (
        "您的投诉已进入「{stage}」阶段，预计 {due} 前完成。",
        "Your complaint is at the “{stage}” stage, expected to be done by {due}.",
    ),
    "progress.current_overdue": (
        "您的投诉处于「{stage}」阶段，已超过预计时间（{due}），我们正在加紧处理。",
        "Your complaint is at the “{stage}” stage and has passed its expected time ({due}); we are hurrying it along.",
    ),
    "progress.complete": ("处理结果已反馈给您。", "We have told you the outcome."),
    "progress.step_done": ("已完成 {at}", "Done {at}"),
    "progress.step_open": ("进行中，预计 {due} 前完成", "In progress, expected by {due}"),
    "progress.step_waiting": ("未开始", "Not started"),
    "progress.outcome": ("处理结果", "Outcome"),
    "progress.survey": ("请为本次投诉处理打分", "How satisfied are you with how we handled your complaint?"),
    "progress.survey_help": (
        "您的评价只用于改进服务，每件投诉可评价一次。",
        "Your answer is used only to improve our service; each complaint can be rated once.",
    ),
    "progress.survey_thanks": ("感谢您的评价。", "Thank you for your feedback."),
    "progress.survey_given": (
        "您已评价过本次处理，感谢您的反馈。",
        "You have already rated this complaint. Thank you.",
    ),
    "progress.send_survey": ("提交评价", "Send"),
    "survey.field.score": ("满意度", "Satisfaction"),
    "survey.field.comment": ("意见或建议（选填）", "Comments (optional)"),
    "survey.score.1": ("1 很不满意", "1 very dissatisfied"),
    "survey.score.2": ("2 不满意", "2 dissatisfied"),
    "survey.score.3": ("3 一般", "3 neutral"),
    "survey.score.4": ("4 满意", "4 satisfied"),
    "survey.score.5": ("5 很满意", "5 very satisfied"),
    "survey.err.not_archived": (
        "回访评价在工单归档后才能填写。",
        "The follow-up survey can be given once the case is archived.",
    ),
    "survey.err.no_customer": (
        "该工单没有登记客户（例如匿名投诉），无法回访评价。",
        "The case names no customer (an anonymous complaint, say): there is nobody to survey.",
    ),
    "survey.err.exists": (
        "该工单已有回访评价，每件工单只能评价一次。",
        "This case already has its survey: one per case.",
    ),
}
