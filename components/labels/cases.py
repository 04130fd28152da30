"""Labels of the case lookup page: key → (zh, en)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "cases.title": ("工单查询", "Case lookup"),
    "cases.intro": (
        "输入投诉工单编号，查看处理进度：五个环节（受理、核实、处理、反馈、归档）的应完成与实际完成时间、"
        "完整处理时间线以及关联的重复投诉。编号不区分大小写。",
        "Enter a complaint's reference number to see its progress: due and actual times of the five stages "
        "(acknowledge, verify, resolve, notify, archive), the full timeline and linked duplicates. "
        "Reference numbers are not case-sensitive.",
    ),
    "cases.ref": ("工单编号", "Reference number"),
    "cases.ref_placeholder": ("输入或粘贴工单编号", "Type or paste a reference number"),
    "cases.ref_help": (
        "可直接粘贴编号，前后空格会自动忽略。",
        "Paste the number as it is; spaces around it are ignored.",
    ),
    "cases.not_found": (
        "未找到编号为「{ref}」的工单，或它不在你的数据范围内。请核对编号，或从下方最近的投诉中选择。",
        "No case with reference number “{ref}” was found, or it is not in your scope. Check the number, or pick one of the recent complaints below.",
    ),
    "cases.recent": ("最近接收的投诉", "Recently received complaints"),
    "cases.recent_caption": (
        "符合左侧筛选条件的最近 {limit} 条投诉（含重复投诉），客户姓名已脱敏。选择一条即可查看详情。",
        "The latest {limit} complaints matching the filters on the left (duplicates included), "
        "customer names masked. Pick one to open it.",
    ),
    "cases.pick": ("打开工单", "Open a case"),
    "cases.pick_placeholder": ("选择一条投诉…", "Choose a complaint…"),
    "cases.recent_empty": (
        "当前筛选条件下没有投诉：请放宽日期范围或清除部分筛选，也可以直接输入编号查询。",
        "No complaints for the current filters: widen the date range or clear some filters, "
        "or enter a reference number directly.",
    ),
    "cases.linked_none": ("没有关联的重复投诉。", "No linked duplicates."),
    "cases.linked_original": ("原始投诉", "Original"),
    "cases.linked_duplicate": ("重复投诉", "Duplicate"),
    "cases.timeline_empty": ("该工单还没有处理记录。", "No events recorded for this case yet."),
    "cases.col.ref": ("工单编号", "Reference"),
    "cases.col.received": ("接收时间", "Received"),
    "cases.col.channel": ("渠道", "Channel"),
    "cases.col.level": ("级别", "Level"),
    "cases.col.category": ("类别", "Category"),
    "cases.col.status": ("状态", "Status"),
    "cases.col.city": ("城市", "City"),
    "cases.col.customer": ("客户", "Customer"),
    "cases.col.duplicate_of": ("重复于", "Duplicate of"),
}
