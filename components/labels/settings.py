"""Labels of the admin settings page: key → (zh, en)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "settings.title": ("设置", "Settings"),
    "settings.calendar": ("节假日与调休", "Holidays and adjusted working days (调休)"),
    "settings.calendar_help": (
        "SLA 的“工作日”按此日历计算：法定节假日不计，调休上班的周末计入。",
        "SLA business days follow this calendar: statutory holidays are skipped, adjusted working weekends count.",
    ),
    "settings.year": ("年份", "Year"),
    "settings.fallback": (
        "{year} 年没有节假日数据：目前按周一至周五计算工作日。请在下方录入国务院公布的该年节假日与调休安排。",
        "There is no holiday data for {year}: business days fall back to Monday–Friday. Enter the "
        "year's official holidays and adjusted working days (published by the State Council) below.",
    ),
    "settings.day": ("日期", "Date"),
    "settings.kind": ("类型", "Type"),
    "settings.sla": ("SLA 时限", "SLA targets"),
    "settings.weights": ("预警风险评分权重", "Early-warning risk weights"),
    "settings.sla_help": (
        "最具体的规则优先：级别匹配优先于渠道匹配；“任意”表示通用规则。",
        'The most specific row wins: a level match outranks a channel match; "any" is the generic rule.',
    ),
    "settings.stage": ("环节", "Stage"),
    "settings.level": ("级别", "Level"),
    "settings.channel": ("渠道", "Channel"),
    "settings.amount": ("时限", "Allowance"),
    "settings.unit": ("单位", "Unit"),
    "settings.anchor": ("起算点", "Counted from"),
    "settings.any": ("任意", "any"),
    "settings.unit.hours": ("小时（自然时间）", "hours (clock)"),
    "settings.unit.business_days": ("工作日", "business days"),
    "settings.anchor.received": ("收到投诉时", "receipt of the complaint"),
    "settings.anchor.previous": ("上一环节完成时", "completion of the previous stage"),
    "settings.edit_target": ("新增或修改时限", "Add or change a target"),
    "settings.pick_target": ("选择要删除的例外规则", "Override to delete"),
    "settings.no_overrides": ("没有可删除的例外规则。", "There are no overrides to delete."),
    "settings.err.stage": ("环节无效。", "Unknown stage."),
    "settings.err.level": ("级别无效。", "Unknown level."),
    "settings.err.channel": ("渠道无效。", "Unknown channel."),
    "settings.err.unit": ("单位无效。", "Unknown unit."),
    "settings.err.anchor": (
        "起算点无效（受理环节只能从收到投诉时起算）。",
        "Invalid starting point (acknowledgement always counts from receipt).",
    ),
    "settings.err.not_found": (
        "记录不存在，可能已被他人删除。",
        "That row no longer exists; someone may have deleted it.",
    ),
    "settings.err.generic_target": (
        "通用规则不能删除，只能修改。",
        "The generic rule of a stage can be changed but not deleted.",
    ),
}
