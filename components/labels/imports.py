"""Labels of the complaint import (投诉导入): reading files, the mapping, rejected rows, the page."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "nav.import": ("投诉导入", "Import complaints"),
    # --- files ------------------------------------------------------------------------------------
    "import.err.not_a_table": (
        "文件不是表格：找不到表头和数据行。请上传 CSV、Excel（.xlsx）或 JSON 数组文件。",
        "The file is not a table: no header and data rows found. Upload a CSV, Excel (.xlsx) or JSON array file.",
    ),
    "import.err.empty": ("文件是空的。", "The file is empty."),
    "import.err.header_only": ("文件只有表头，没有数据行。", "The file has a header but no data rows."),
    "import.err.encoding": (
        "无法识别文件编码。请另存为 UTF-8 或 GBK 编码的 CSV 后重试。",
        "Unknown text encoding. Save the file as CSV in UTF-8 or GBK and try again.",
    ),
    "import.err.too_large": ("文件超过 {max_mb} MB。", "The file is larger than {max_mb} MB."),
    "import.err.file_type": (
        "不支持的文件类型：{name}。支持 {allowed}。",
        "Unsupported file type: {name}. Supported: {allowed}.",
    ),
    "import.err.duplicate_header": (
        "表头中有重复或空白的列名：{names}。",
        "The header has repeated or blank column names: {names}.",
    ),
    "import.err.row_too_wide": (
        "第 {row} 行的单元格多于表头的 {columns} 列（可能有未加引号的逗号）。",
        "Row {row} has more cells than the header's {columns} columns (perhaps an unquoted comma).",
    ),
    # --- the mapping ------------------------------------------------------------------------------
    "import.err.mapping_shape": (
        "映射文件格式不对：应为 JSON 对象（含 name、columns 等）。",
        "The mapping is not a JSON object with name, columns and so on.",
    ),
    "import.err.mapping_json": ("映射文件不是有效的 JSON。", "The mapping file is not valid JSON."),
    "import.err.mapping_part": ("映射中的 {part} 格式不对。", "The mapping's {part} has the wrong shape."),
    "import.err.unknown_field": ("映射中有未知字段：{name}。", "The mapping names an unknown field: {name}."),
    "import.err.column_required": (
        "映射必须指定字段“{name}”对应的列。",
        "The mapping must name the column of the field “{name}”.",
    ),
    "import.err.default_value": (
        "字段“{name}”的默认值“{value}”不是有效代码。",
        "The default “{value}” of the field “{name}” is not a valid code.",
    ),
    "import.err.missing_columns": (
        "文件中没有映射指定的列：{names}。",
        "The file lacks columns the mapping names: {names}.",
    ),
    "import.err.mapping_unknown": ("没有名为“{name}”的已存映射。", "No saved mapping is called “{name}”."),
    "import.err.nothing_to_import": ("没有可导入的行。", "No row can be imported."),
    "import.field.mapping_name": ("映射名称", "Mapping name"),
    "import.field.source": ("来源系统", "Source system"),
    "import.field.mapping_text": ("映射中的列名或值", "A column name or value of the mapping"),
    "import.field.description": ("投诉描述", "Description"),
    "import.field.city": ("城市", "City"),
    "import.field.team": ("小组", "Team"),
    "import.field.agent_code": ("坐席工号", "Agent code"),
    "import.field.customer_code": ("客户编号", "Customer code"),
    "import.field.customer_phone": ("客户电话", "Customer phone"),
    "import.field.customer_name": ("客户姓名", "Customer name"),
    # --- rejected rows ----------------------------------------------------------------------------
    "import.reject.received_at": ("无法识别受理时间“{value}”。", "Unreadable received time “{value}”."),
    "import.reject.received_window": (
        "受理时间“{value}”不在 2000-01-01 至 {latest} 之间。",
        "Received time “{value}” is not between 2000-01-01 and {latest}.",
    ),
    "import.reject.channel": (
        "渠道“{value}”未映射，也没有默认值。",
        "Channel “{value}” is not mapped and has no default.",
    ),
    "import.reject.category": (
        "投诉类别“{value}”未映射，也没有默认值。",
        "Category “{value}” is not mapped and has no default.",
    ),
    "import.reject.category_suggest": (
        "没有投诉类别，描述中也没有可据以建议类别的紧急词。请映射类别列或设置默认类别。",
        "No category, and no urgent word in the description to suggest one. Map the category column or set a default.",
    ),
    "import.reject.level": ("级别“{value}”不是 L1、L2 或 L3。", "Level “{value}” is not L1, L2 or L3."),
    "import.reject.agent_format": ("坐席工号格式不对（应为 A 加 4–6 位数字）。", "Agent code is not A + 4–6 digits."),
    "import.reject.customer_code_format": (
        "客户编号格式不对（应为 C 加 8 位数字）。",
        "Customer code is not C + 8 digits.",
    ),
    "import.reject.phone_format": ("客户电话格式不对。", "Customer phone number is malformed."),
    "import.reject.anonymous_customer": (
        "匿名渠道的投诉不能带客户。",
        "An anonymous complaint cannot name a customer.",
    ),
    "import.reject.external_id": (
        "外部编号超过 {max} 个字符（现有 {count} 个）。",
        "External id is longer than {max} characters ({count}).",
    ),
    "import.reject.city_unknown": ("城市“{value}”不存在。", "Unknown city “{value}”."),
    "import.reject.team_unknown": ("小组“{value}”不存在。", "Unknown team “{value}”."),
    "import.reject.agent_unknown": ("坐席工号“{value}”不存在。", "Unknown agent code “{value}”."),
    "import.reject.customer_unknown": ("找不到客户“{value}”。", "No customer “{value}”."),
    "import.reject.customer_name": (
        "客户姓名与客户“{value}”的记录不符。",
        "The customer name does not match the record of customer “{value}”.",
    ),
    "import.reject.customer_name_unknown": (
        "该城市没有姓名为“{value}”的客户。",
        "No customer named “{value}” in this city.",
    ),
    "import.reject.customer_name_ambiguous": (
        "该城市有 {count} 位客户姓名为“{value}”，请映射客户编号或电话。",
        "{count} customers named “{value}” in this city: map the customer code or phone.",
    ),
    "import.reject.stage_time": ("无法识别{stage}“{value}”。", "Unreadable {stage} “{value}”."),
    "import.reject.stage_window": (
        "{stage}“{value}”不在受理时间与 {latest} 之间。",
        "{stage} “{value}” is not between the received time and {latest}.",
    ),
    "import.reject.stage_order": ("{stage}早于{earlier}。", "{stage} is before {earlier}."),
    "import.reject.status": ("状态“{value}”未映射。", "Status “{value}” is not mapped."),
    "import.reject.status_behind": (
        "状态“{value}”落后于已有时间的{stage}。",
        "Status “{value}” is behind {stage}, which the file dates.",
    ),
    "import.reject.status_undated": (
        "状态“{value}”表示已完成的阶段，但文件没有{stage}（请映射该列）。",
        "Status “{value}” says a stage is done, but the file gives no {stage} (map that column).",
    ),
    # --- the page ---------------------------------------------------------------------------------
    "import.title": ("投诉导入", "Import complaints"),
    "import.intro": (
        "导入其他系统（热线工单、APP 后台、黑猫投诉、监管转办）导出的投诉。映射一次并保存，下次直接选用。"
        "先试运行查看逐行结果；导入时整个文件要么全部成功、要么全部不写入，已导入过的记录（同一来源、同一外部编号）会跳过。",
        "Import complaints exported by other systems (hotline tickets, the app back end, Heimao, regulator "
        "referrals). Map a source once and save the mapping for next time. Dry-run first to see every row; "
        "an import stores the whole file or nothing, and records already imported (same source and external id) "
        "are skipped.",
    ),
    "import.upload": ("上传导出文件（CSV、Excel 或 JSON）", "Upload an export (CSV, Excel or JSON)"),
    "import.file_read": (
        "已读取 {rows} 行、{columns} 列（编码：{encoding}；表头前跳过 {skipped} 行）。",
        "Read {rows} rows and {columns} columns (encoding: {encoding}; {skipped} lines skipped above the header).",
    ),
    "import.encoding.workbook": ("Excel 工作簿", "Excel workbook"),
    "import.preview": ("前 {n} 行预览", "First {n} rows"),
    "import.saved": ("已保存的映射", "Saved mappings"),
    "import.saved_pick": ("选用已保存的映射", "Use a saved mapping"),
    "import.saved_none": ("（新建映射）", "(new mapping)"),
    "import.mapping_upload": ("上传映射 JSON", "Upload a mapping JSON"),
    "import.mapping_loaded": ("已载入映射“{name}”。", "Loaded the mapping “{name}”."),
    "import.mapping_missing_columns": (
        "此文件中没有映射指定的列：{names}。这些字段已设为不映射，请为它们选择本文件中的列。",
        "This file lacks columns the mapping names: {names}. Those fields are left unmapped: choose this file's column for each.",
    ),
    "import.columns": ("列映射", "Columns"),
    "import.no_column": ("（不映射）", "(not mapped)"),
    "import.values": ("值映射", "Values"),
    "import.values_help": (
        "为来源中的每个值选择本系统的值；不转换且不是本系统值的，使用下方的默认值。",
        "Choose our value for each source value; a value left as is that is not one of ours takes the default below.",
    ),
    "import.unmapped": ("未映射的值（共 {n} 个）", "Unmapped values ({n})"),
    "import.all_mapped": ("该列的值都已映射。", "Every value of this column is mapped."),
    "import.use_default": ("（不转换）", "(as is)"),
    "import.count": ("行数", "Rows"),
    "import.source_value": ("来源值", "Source value"),
    "import.defaults": ("默认值", "Defaults"),
    "import.default_suggest": ("按描述建议", "Suggested from the text"),
    "import.default_none": ("（无默认值）", "(no default)"),
    "import.where_column": ("只导入此列…", "Only rows whose column…"),
    "import.where_values": ("…取以下值的行", "…holds one of these values"),
    "import.mapping_name": ("映射名称", "Mapping name"),
    "import.map_first": (
        "请选择已保存的映射、上传映射 JSON，或在上方为各字段选择列（至少需要受理时间）。",
        "Pick a saved mapping, upload a mapping JSON, or choose the columns above (the received time at least).",
    ),
    "import.save": ("保存映射", "Save the mapping"),
    "import.saved_ok": ("映射“{name}”已保存。", "The mapping “{name}” is saved."),
    "import.download_mapping": ("下载映射 JSON", "Download the mapping JSON"),
    "import.dry_run": ("试运行", "Dry run"),
    "import.run": ("导入", "Import"),
    "import.progress": ("正在导入… {done}/{total}", "Importing… {done}/{total}"),
    "import.progress_checking": ("正在读取并检查各行…", "Reading and checking the rows…"),
    "import.value_count": ("{value}（{count}）", "{value} ({count})"),
    "import.values_more": (
        "另有 {n} 个较少出现的值未列出：它们按原样读取，与我们的值都不匹配时取默认值。",
        "{n} rarer values are not listed: they are read as they are and take the default when they match none of ours.",
    ),
    "import.no_filter": ("（不筛选）", "(no filter)"),
    "import.summary": (
        "可导入 {imported} 条，重复 {duplicates} 条，拒绝 {rejected} 条，未选中 {left_out} 条。",
        "{imported} to import, {duplicates} duplicates, {rejected} rejected, {left_out} left out.",
    ),
    "import.done": (
        "已导入 {imported} 条，跳过重复 {duplicates} 条，拒绝 {rejected} 条。",
        "Imported {imported}, skipped {duplicates} duplicates, rejected {rejected}.",
    ),
    "import.report": ("逐行结果", "Row by row"),
    "import.report_download": ("下载逐行结果", "Download the row-by-row report"),
    "import.imported_cases": ("已导入的工单", "Imported cases"),
    "import.more_cases": ("另有 {n} 条，可在工单查询页查看。", "{n} more on the cases page."),
    "import.col.row": ("行号", "Row"),
    "import.col.external_id": ("外部编号", "External id"),
    "import.col.outcome": ("结果", "Outcome"),
    "import.col.ref_no": ("工单编号", "Reference"),
    "import.col.reasons": ("原因", "Reasons"),
    "import.outcome.import": ("导入", "Import"),
    "import.outcome.duplicate": ("重复", "Duplicate"),
    "import.outcome.rejected": ("拒绝", "Rejected"),
    "import.outcome.left_out": ("未选中", "Left out"),
    "import.f.external_id": ("外部编号", "External id"),
    "import.f.received_at": ("受理时间", "Received"),
    "import.f.channel": ("渠道", "Channel"),
    "import.f.category": ("投诉类别", "Category"),
    "import.f.level": ("级别", "Level"),
    "import.f.city": ("城市", "City"),
    "import.f.team": ("小组", "Team"),
    "import.f.agent_code": ("坐席工号", "Agent code"),
    "import.f.customer_code": ("客户编号", "Customer code"),
    "import.f.customer_phone": ("客户电话", "Customer phone"),
    "import.f.description": ("投诉描述", "Description"),
    "import.f.customer_name": ("客户姓名", "Customer name"),
    "import.f.status": ("状态", "Status"),
    "import.f.ack_at": ("受理完成时间", "Acknowledged at"),
    "import.f.verify_at": ("核实完成时间", "Verified at"),
    "import.f.resolve_at": ("处理完成时间", "Resolved at"),
    "import.f.notify_at": ("反馈完成时间", "Notified at"),
    "import.f.archive_at": ("归档时间", "Archived at"),
    "import.progress_fields": (
        "客户姓名、状态与各阶段完成时间（可选）",
        "Customer name, status and stage times (optional)",
    ),
    "import.progress_help": (
        "若来源系统已处理过这些投诉，映射各阶段的完成时间：未给出时间的较早阶段视为在下一个有时间的阶段完成；"
        "状态须与时间一致。客户姓名用于核对客户编号或电话，或在城市内唯一确定客户。",
        "When the source system has already handled these complaints, map each stage's completion time: an earlier "
        "stage without a time counts as done at the next dated one; a status must agree with the times. The customer "
        "name confirms the customer code or phone, or on its own finds the one customer of that name in the city.",
    ),
}
