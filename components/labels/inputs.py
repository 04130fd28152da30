"""Labels of the one input policy (domain/inputs.py): key → (zh, en).

``{field}`` is the label key of the field's name, translated when shown; the other arguments are
the field's limit (and, for over-long text, how long it is now).
"""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # problems
    "input.err.required": ("请填写{field}。", "{field} is required."),
    "input.err.choose": ("请选择{field}。", "{field}: choose one."),
    "input.err.too_long": (
        "{field}最多 {max} 个字，现在有 {count} 个字：请删减后再提交。",
        "{field} may have at most {max} characters; it has {count}. Shorten it and submit again.",
    ),
    "input.err.nul": (
        "{field}中含有一个不可见的空字符，无法保存：请删除它（或重新输入这段文字）后再提交。",
        "{field} contains an invisible NUL character, which cannot be stored: delete it (or retype the text) "
        "and submit again.",
    ),
    "input.err.unreadable": (
        "{field}中含有损坏的字符（常见于复制粘贴出错的文字），无法保存：请重新输入这段文字。",
        "{field} contains a broken character (often left by a failed copy and paste), which cannot be stored: "
        "retype the text.",
    ),
    "input.err.ascii_digits": (
        "{field}只能使用半角数字 0–9：请切换到半角输入后重新填写（全角数字、上标数字和其他文字的数字都不能使用）。",
        "{field} takes the digits 0–9 only: full-width, superscript and other scripts' digits are not accepted.",
    ),
    "input.err.not_a_number": ("{field}不是有效的数字。", "{field} is not a valid number."),
    "input.err.below": ("{field}不能小于 {min}。", "{field} must be at least {min}."),
    "input.err.not_above": ("{field}必须大于 {min}。", "{field} must be greater than {min}."),
    "input.err.above": ("{field}不能超过 {max}。", "{field} cannot exceed {max}."),
    "input.err.decimals": (
        "{field}最多保留 {decimals} 位小数。",
        "{field} may have at most {decimals} decimal places.",
    ),
    "input.err.whole": (
        "{field}须为 {min} 到 {max} 之间的整数。",
        "{field} must be a whole number from {min} to {max}.",
    ),
    "input.err.not_a_date": ("{field}不是有效的日期。", "{field} is not a valid date."),
    "input.err.date_window": (
        "{field}须在 {earliest} 至 {latest} 之间。",
        "{field} must be between {earliest} and {latest}.",
    ),
    "input.err.form_expired": (
        "表单已失效，请刷新页面后重试。",
        "This form has expired: reload the page and try again.",
    ),
    # field names the messages use where no other label names the field plainly
    "input.field.customer_code": ("客户编号", "Customer code"),
    "intake.field.agent_code": ("坐席工号", "Agent code"),
    "intake.field.reason": ("调整原因", "Reason for the override"),
    "handling.field.note": ("处理说明", "Note"),
    "handling.field.reassign_reason": ("转派原因", "Reason for the handover"),
    "handling.field.satisfaction": ("投诉人满意度", "Complainant's satisfaction"),
    "sla.field.remind_note": ("催办说明", "Reminder note"),
    "sample.field.seed": ("随机种子", "Random seed"),
    "improve.field.evidence": ("依据", "Evidence"),
    "settings.field.hours": ("时限（小时）", "Allowance in hours"),
    "settings.field.days": ("时限（工作日）", "Allowance in business days"),
    "settings.field.holiday_name": ("节假日名称", "Holiday name"),
}
