"""Labels of the holiday schedule editor, the re-timing of open cases, and the notices shown where
a due time falls in a year without holiday data: key → (zh, en)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # --- where a due time falls in a year without holiday data ---------------------------------
    "calendar.fallback_dues": (
        "注意：{years} 年尚未录入节假日安排，其中的到期时间暂按周一至周五计算，可能落在法定节假日上；管理员录入后将自动重新计算。",
        "Note: there is no holiday schedule for {years} yet, so due times in it count Monday–Friday "
        "and may fall on a public holiday; they are recalculated once an admin enters the schedule.",
    ),
    "calendar.banner": (
        "{year} 年的法定节假日安排尚未录入：该年的 SLA 工作日暂按周一至周五计算。请在“设置”页录入国务院公布的安排。",
        "The {year} public-holiday schedule has not been entered: SLA business days in {year} count "
        "Monday–Friday. Enter the State Council's schedule on the Settings page.",
    ),
    "calendar.years_sep": ("、", ", "),
    # --- the year's schedule editor ---------------------------------------------------------------
    "settings.schedule.title": ("{year} 年节假日安排", "{year} holiday schedule"),
    "settings.schedule.help": (
        "每行一天：法定假日（休息）或调休上班的周末，并写明所属节日。正常上班的周一至周五不必录入。",
        "One row per day: a day off, or a weekend day worked (调休), with the holiday it belongs to. "
        "Ordinary working Mondays–Fridays need no row.",
    ),
    "settings.schedule.covered": (
        "{year} 年的节假日安排已录入（{n} 行）。",
        "The {year} holiday schedule is in the store ({n} rows).",
    ),
    "settings.schedule.fill_statutory": (
        "用 chinese-calendar 的 {year} 年数据填入",
        "Fill in {year} from chinese-calendar",
    ),
    "settings.schedule.statutory_unknown": (
        "chinese-calendar 不包含 {year} 年的数据，请按国务院通知逐行录入。",
        "chinese-calendar has no data for {year}; enter the State Council's schedule row by row.",
    ),
    "settings.schedule.reset": ("放弃修改，恢复为已保存的安排", "Discard changes (back to the saved schedule)"),
    "settings.schedule.col.day": ("日期", "Date"),
    "settings.schedule.col.is_workday": ("调休上班", "Worked (调休)"),
    "settings.schedule.col.name": ("所属节日", "Holiday"),
    "settings.schedule.preview": ("预览", "Preview"),
    "settings.schedule.preview_empty": ("表中还没有任何一天。", "The table has no days yet."),
    "settings.schedule.p.name": ("节日", "Holiday"),
    "settings.schedule.p.span": ("起止", "From – to"),
    "settings.schedule.p.days_off": ("休息天数", "Days off"),
    "settings.schedule.p.weekdays_off": ("改为休息的工作日", "Weekdays off"),
    "settings.schedule.day_weekday": ("{day}（{weekday}）", "{day} ({weekday})"),
    "settings.schedule.p.weekend_workdays": ("调休上班的周末", "Weekend days worked"),
    "settings.schedule.save": ("保存 {year} 年安排…", "Save the {year} schedule…"),
    "settings.schedule.saved": (
        "{year} 年节假日安排已保存；{cases} 个案件的 {stages} 个未完成环节已重新计时。",
        "The {year} holiday schedule is saved; {stages} open stages of {cases} cases were re-timed.",
    ),
    "settings.schedule.upload": (
        "从文件读入（CSV、Excel 或 iCalendar）",
        "Load from a file (CSV, Excel or iCalendar)",
    ),
    "settings.schedule.upload_help": (
        "表格需有三列：日期（date）、是否上班（is_workday：是/否、1/0、班/休）、名称（name）。"
        "iCalendar 文件取全天事件：标题含“班”的是调休上班日，其余为休息日。读入后仍需检查预览并保存。",
        "A table needs three columns: date, is_workday (1/0, true/false, 是/否, 班/休) and name. "
        "From an iCalendar file the all-day events are read: a title with 班 is a day worked (调休), "
        "any other a day off. Check the preview and save after loading.",
    ),
    "settings.schedule.upload_loaded": (
        "已从 {file} 读入 {n} 行到下方表格，尚未保存：请检查预览后保存。",
        "Loaded {n} rows from {file} into the table below; nothing is saved until you check the preview and save.",
    ),
    "settings.file.err.file_type": (
        "不支持文件 {name}：请上传 {allowed} 文件。",
        "{name} cannot be read: upload a {allowed} file.",
    ),
    "settings.file.err.missing_columns": (
        "表格缺少列：{columns}（可用中文表头：日期、是否上班、名称）。文件中的列：{found}。",
        "The table lacks the columns {columns} (Chinese headers 日期, 是否上班, 名称 work too). "
        "Columns in the file: {found}.",
    ),
    "settings.file.err.date": (
        "{count} 行的日期无法识别（第 {rows} 行数据）。",
        "{count} rows have a date that cannot be read (data rows {rows}).",
    ),
    "settings.file.err.workday": (
        "{count} 行的“是否上班”无法识别（第 {rows} 行数据）：请写 是/否、1/0、班/休。",
        "{count} rows have an is_workday value that cannot be read (data rows {rows}): write 1/0, true/false, 是/否 or 班/休.",
    ),
    "settings.file.err.other_year": (
        "{count} 天不在 {year} 年：{days}。请选择对应的年份，或删去这些行。",
        "{count} days are not in {year}: {days}. Choose their year, or remove them from the file.",
    ),
    "settings.file.err.duplicate": (
        "{count} 天在文件中出现了不止一次：{days}。",
        "{count} days appear more than once in the file: {days}.",
    ),
    "settings.file.err.not_ics": (
        "文件不是有效的 iCalendar（.ics）文件。",
        "The file is not a valid iCalendar (.ics) file.",
    ),
    "settings.file.err.no_events": ("iCalendar 文件中没有任何事件。", "The iCalendar file has no events."),
    "settings.file.err.timed_event": (
        "事件“{summary}”不是全天事件：节假日安排只接受全天事件。",
        "The event “{summary}” is not an all-day event; a holiday schedule takes all-day events only.",
    ),
    "settings.file.err.long_event": (
        "事件“{summary}”（{day} 起）超过 {max} 天，不像节假日。",
        "The event “{summary}” (from {day}) lasts longer than {max} days; that is not a holiday.",
    ),
    "settings.err.empty_schedule": (
        "{year} 年的安排至少要有一天。",
        "The {year} schedule needs at least one day.",
    ),
    "settings.err.too_many_days": (
        "一年的安排最多 {max} 行（现有 {count} 行）。",
        "A year's schedule has at most {max} rows (this one has {count}).",
    ),
    "settings.err.duplicate_day": ("{day} 录入了两次。", "{day} is entered twice."),
    "settings.err.workday_on_weekday": (
        "{day} 是周一至周五，本来就上班，不能标为调休上班。",
        "{day} is a Monday–Friday, a working day anyway; it cannot be a worked weekend day.",
    ),
    # --- re-timing open cases -----------------------------------------------------------------------
    "settings.retime.note": (
        "保存节假日或时限的修改后，所有未完成环节的到期时间会按新规则从各自的起算点重新计算；已完成的环节保留原到期时间。保存前会显示受影响的案件数。",
        "Saving a change to the holidays or the targets recomputes the due time of every open stage "
        "from its starting point under the new rules; completed stages keep their due times. You see "
        "how many cases move before it is saved.",
    ),
    "settings.retime.confirm": (
        "{what}：将重新计算 {cases} 个案件的 {stages} 个未完成环节的到期时间。确认保存吗？",
        "{what}: this re-times {stages} open stages of {cases} cases. Save it?",
    ),
    "settings.retime.none": (
        "{what}：没有未完成的环节需要改动到期时间。确认保存吗？",
        "{what}: no open stage changes its due time. Save it?",
    ),
    "settings.retime.apply": ("确认保存", "Save"),
    "settings.retime.cancel": ("取消", "Cancel"),
    "settings.retime.check_target": ("检查影响…", "Check the effect…"),
    "settings.retime.check_delete": ("删除所选例外规则…", "Delete the chosen override…"),
    "settings.retime.target_saved": (
        "时限已保存；{cases} 个案件的 {stages} 个未完成环节已重新计时。",
        "Target saved; {stages} open stages of {cases} cases were re-timed.",
    ),
    "settings.retime.target_deleted": (
        "例外规则已删除；{cases} 个案件的 {stages} 个未完成环节已重新计时。",
        "Override deleted; {stages} open stages of {cases} cases were re-timed.",
    ),
    "settings.retime.what_delete": ("删除例外规则 {target}", "Delete the override {target}"),
}
