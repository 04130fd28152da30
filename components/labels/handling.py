"""Labels of the case handling page (工单处理): key → (zh, en)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "handling.title": ("工单处理", "Case handling"),
    "handling.intro": (
        "按顺序完成五个环节：受理 → 核实 → 处理 → 反馈 → 归档，每一步都要写处理说明。队列按下一环节的应完成时间排序，"
        "不受日期筛选影响；城市、团队、坐席、渠道和级别筛选有效。",
        "Complete the five stages in order: acknowledge → verify → resolve → notify → archive, with a note at "
        "each step. The queue is sorted by the next stage's due time and ignores the date range; the city, "
        "team, agent, channel and level filters apply.",
    ),
    "handling.scope": ("队列范围", "Queue"),
    "handling.scope.mine": ("我负责的", "My cases"),
    "handling.scope.all": ("全部未归档", "All open cases"),
    "handling.queue": ("待处理队列", "Open cases"),
    "handling.queue_caption": (
        "显示 {shown} / {total} 件未归档工单，最紧急的在前。",
        "Showing {shown} of {total} open cases, most urgent first.",
    ),
    "handling.queue_empty_mine": (
        "当前筛选条件下，你没有未归档的工单：可切换到“全部未归档”，或清除部分筛选。",
        "You have no open cases for the current filters: switch to “All open cases” or clear some filters.",
    ),
    "handling.queue_empty": (
        "当前筛选条件下没有未归档的工单：请清除部分筛选。",
        "No open cases for the current filters: clear some filters.",
    ),
    "handling.pick": ("选择工单", "Choose a case"),
    "handling.pick_placeholder": ("选择或输入工单编号…", "Choose or type a reference number…"),
    "handling.next_short": ("待{stage}", "next: {stage}"),
    "handling.not_found": (
        "未找到编号为「{ref}」的工单，或它不在你的数据范围内。",
        "No case with reference number “{ref}” was found, or it is not in your scope.",
    ),
    "handling.override_reason": ("级别调整原因：", "Reason the level was overridden:"),
    "handling.archived": ("该工单已归档，处理完毕。", "This case is archived: handling is complete."),
    "handling.next": ("下一环节：{stage}", "Next stage: {stage}"),
    "handling.next_due": ("应完成时间 {due}", "Due {due}"),
    "handling.next_due_late": ("应完成时间 {due}（已超时）", "Due {due} (overdue)"),
    "handling.stage_note": ("处理说明（必填）", "Note (required)"),
    "handling.note_help": ("最多 {max} 字。", "Up to {max} characters."),
    "handling.hint.ack": ("已联系投诉人，确认问题细节……", "Contacted the complainant, confirmed the details…"),
    "handling.hint.verify": ("已调取录音/催收记录，核实结果……", "Checked recordings and collection records; findings…"),
    "handling.hint.resolve": ("处理方案、责任人与完成时间……", "The plan, who does it and by when…"),
    "handling.hint.notify": (
        "已告知投诉人处理方案及后续进度……",
        "Told the complainant the plan and what happens next…",
    ),
    "handling.hint.archive": ("材料齐全，归档……", "Records complete; archived…"),
    "handling.satisfaction": ("投诉人满意度（可选）", "Complainant's satisfaction (optional)"),
    "handling.score.none": ("未评价", "Not rated"),
    "handling.score.1": ("1 · 非常不满意", "1 · very dissatisfied"),
    "handling.score.2": ("2 · 不满意", "2 · dissatisfied"),
    "handling.score.3": ("3 · 一般", "3 · neutral"),
    "handling.score.4": ("4 · 满意", "4 · satisfied"),
    "handling.score.5": ("5 · 非常满意", "5 · very satisfied"),
    "handling.complete": ("完成「{stage}」", "Complete “{stage}”"),
    "handling.advanced": ("{ref}：已完成「{stage}」。", "{ref}: “{stage}” completed."),
    "handling.tab.note": ("添加备注", "Add a note"),
    "handling.tab.reassign": ("转派处理人", "Reassign"),
    "handling.free_note": ("备注", "Note"),
    "handling.add_note": ("保存备注", "Save note"),
    "handling.noted": ("{ref}：备注已保存。", "{ref}: note saved."),
    "handling.reassign_help": (
        "首问负责人（{owner}）保持不变，只更换处理人。",
        "The first owner ({owner}) stays; only the handler changes.",
    ),
    "handling.new_handler": ("新处理人", "New handler"),
    "handling.new_handler_placeholder": ("选择投诉防控部处理人…", "Choose a complaint handler…"),
    "handling.reassign_reason": ("转派原因（必填）", "Reason (required)"),
    "handling.reassign": ("转派", "Reassign"),
    "handling.reassigned": ("{ref}：已转派给 {name}。", "{ref}: handed to {name}."),
    "handling.timeline_empty": ("该工单还没有处理记录。", "No events recorded for this case yet."),
    "handling.col.ref": ("工单编号", "Reference"),
    "handling.col.received": ("接收时间", "Received"),
    "handling.col.level": ("级别", "Level"),
    "handling.col.category": ("类别", "Category"),
    "handling.col.status": ("状态", "Status"),
    "handling.col.next": ("下一环节", "Next stage"),
    "handling.col.next_due": ("应完成时间", "Due"),
    "handling.col.overdue": ("已超时", "Overdue"),
    "handling.col.handler": ("处理人", "Handler"),
    "handling.col.city": ("城市", "City"),
    "handling.col.duplicate_of": ("重复于", "Duplicate of"),
    # the timeline event written when a manager hands a case over
    "case.event.reassign": ("转派处理人", "Handler changed"),
    # problems
    "handling.err.no_case": ("工单不存在。", "That case does not exist."),
    "handling.err.archived": ("该工单已归档，不能再修改。", "This case is archived and can no longer change."),
    "handling.err.moved_on": (
        "该工单已被他人推进到后续环节，本次未保存。请刷新页面查看最新状态后再操作。",
        "The case has moved on: someone else completed this stage first, so nothing was "
        "stored. Refresh to see its current state before acting.",
    ),
    "handling.err.stage": ("环节无效。", "Unknown stage."),
    "handling.err.satisfaction_stage": (
        "只有“反馈”环节可以记录满意度。",
        "Satisfaction can be recorded at “notify” only.",
    ),
    "handling.err.handler": ("请选择一位在职的投诉处理人。", "Choose an active complaint handler."),
    "handling.err.same_handler": ("该工单已由此人处理。", "This person already handles the case."),
}
