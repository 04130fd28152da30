"""投诉导入 Complaint import: a prevention officer maps another system's export once, dry-runs it,
and imports it (the whole file or nothing; records already imported are skipped)."""

import hashlib
import json

import streamlit as st

from components import auth, feedback, forms, tables
from components import import_view as view
from components.i18n import code, fixed, lang, t
from db.queries import imports as import_queries
from db.queries import reference
from db.services import imports as svc
from domain.codes import CATEGORIES, CHANNELS, COMPLAINT_STATUSES, LEVELS
from domain.errors import InputError
from domain.imports import FIELDS, STAGE_FIELDS, SUGGEST, ImportMapping, unmapped_values

RESULT_KEY = "import_result"  # (file digest, mapping, result) of the last dry run or import
LOADED_KEY = "import_loaded"  # which saved or uploaded mapping the widgets hold

user = auth.current_user()
st.title(t("import.title"))
st.caption(t("import.intro"))
forms.after_write()

upload = st.file_uploader(t("import.upload"), type=["csv", "txt", "tsv", "xlsx", "json"], key="import_file")
if upload is None:
    st.stop()
data = upload.getvalue()
digest = hashlib.sha256(data).hexdigest()
try:
    table = view.read_upload(data, upload.name)
except InputError as err:
    feedback.show_problems(err.problems)
    st.stop()
records = table.records()
encoding = table.encoding or t("import.encoding.workbook")
st.caption(
    t("import.file_read", rows=len(table.rows), columns=len(table.header), encoding=encoding, skipped=table.skipped)
)
with st.expander(t("import.preview", n=view.PREVIEW_ROWS), expanded=True):
    st.dataframe(
        placeholder="—", data=records[: view.PREVIEW_ROWS], hide_index=True, width="stretch", key="import_preview"
    )

# --- a saved or uploaded mapping fills the widgets -------------------------------------------
st.subheader(t("import.saved"))
saved_col, upload_col = st.columns(2)
names = import_queries.mapping_names()
picked = saved_col.selectbox(
    t("import.saved_pick"), ["", *names], key="import_saved", format_func=fixed({"": t("import.saved_none")})
)
mapping_file = upload_col.file_uploader(t("import.mapping_upload"), type=["json"], key="import_mapping_file")
wanted: tuple[str, str] | None = None
if mapping_file is not None:
    wanted = ("file", hashlib.sha256(mapping_file.getvalue()).hexdigest())
elif picked:
    wanted = ("saved", picked)
if wanted is not None and st.session_state.get(LOADED_KEY) != wanted:
    try:
        if wanted[0] == "file" and mapping_file is not None:
            try:
                body = json.loads(mapping_file.getvalue().decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise InputError.one("import.err.mapping_json") from None
            loaded = ImportMapping.from_json(body)
        else:
            found = import_queries.mapping(wanted[1])
            if found is None:
                raise InputError.one("import.err.mapping_unknown", name=wanted[1])
            loaded = found
    except InputError as err:
        feedback.show_problems(err.problems)
    else:
        view.load_into_widgets(loaded, table.header)
        st.session_state[LOADED_KEY] = wanted
        st.success(t("import.mapping_loaded", name=loaded.name))
        if missing := loaded.missing_columns(table.header):  # left unmapped: the user picks this file's column
            st.warning(t("import.mapping_missing_columns", names="、".join(missing)), icon=":material/warning:")

# --- columns ----------------------------------------------------------------------------------
st.subheader(t("import.columns"))
column_choices = ["", *table.header]
column_labels = fixed({"": t("import.no_column"), **{c: c for c in table.header}})
columns: dict[str, str] = {}
# How far the source system took each case, and the complainant's name: optional, set apart.
later_fields = ("customer_name", "status", *STAGE_FIELDS)
grid = st.columns(3)
later = st.expander(
    t("import.progress_fields"), expanded=any(st.session_state.get(f"import_col_{f}") for f in later_fields)
)
later.caption(t("import.progress_help"))
later_grid = later.columns(3)
for field_grid, fields in ((grid, [f for f in FIELDS if f not in later_fields]), (later_grid, list(later_fields))):
    for i, field in enumerate(fields):
        chosen = field_grid[i % 3].selectbox(
            t(f"import.f.{field}"), column_choices, key=f"import_col_{field}", format_func=column_labels
        )
        if chosen:
            columns[field] = chosen

# --- values -----------------------------------------------------------------------------------
city_names = [str(c) for c in reference.cities()["name"]]
team_names = [str(c) for c in reference.teams()["name"]]
# Our values a source value can map to, with their display names.
value_options: dict[str, dict[str, str]] = {
    "channel": {c: code("channel", c) for c in CHANNELS},
    "category": {c: code("category", c) for c in CATEGORIES},
    "level": {c: code("level", c) for c in LEVELS},
    "city": {c: c for c in city_names},
    "team": {c: c for c in team_names},
    "status": {c: code("status", c) for c in COMPLAINT_STATUSES},
}
values: dict[str, dict[str, str]] = {}
mapped_fields = [f for f in value_options if columns.get(f)]
if mapped_fields:
    st.subheader(t("import.values"))
    st.caption(t("import.values_help"))
    for field in mapped_fields:
        options = value_options[field]
        labels = fixed({"": t("import.use_default"), **options})
        distinct = view.distinct_values(records, columns[field])
        offered = list(distinct.items())[: view.VALUE_CHOICES_MAX]
        # The loaded mapping's pairs for values without a picker here stay; the pickers decide the rest.
        shown = {source for source, _ in offered}
        loaded = st.session_state.get(view.LOADED_VALUES_KEY, {}).get(field, {})
        pairs: dict[str, str] = {source: ours for source, ours in loaded.items() if source not in shown}
        with st.expander(t(f"import.f.{field}"), expanded=True):
            value_grid = st.columns(3)
            for i, (source, count) in enumerate(offered):
                key = view.value_key(field, source)
                if st.session_state.get(key, "") not in ("", *options):
                    st.session_state.pop(key, None)
                ours = value_grid[i % 3].selectbox(
                    t("import.value_count", value=source, count=count), ["", *options], key=key, format_func=labels
                )
                if ours and ours != source:
                    pairs[source] = ours
            if len(distinct) > view.VALUE_CHOICES_MAX:
                st.caption(t("import.values_more", n=len(distinct) - view.VALUE_CHOICES_MAX))
        values[field] = pairs

# --- defaults and filter ------------------------------------------------------------------------
st.subheader(t("import.defaults"))
# The default of each coded field: none, "suggest" (category and level) or one of our values.
default_options: dict[str, dict[str, str]] = {
    "channel": {"": t("import.default_none"), **value_options["channel"]},
    "category": {"": t("import.default_none"), SUGGEST: t("import.default_suggest"), **value_options["category"]},
    "level": {SUGGEST: t("import.default_suggest"), **value_options["level"]},
    "city": {"": t("import.default_none"), **value_options["city"]},
}
default_grid = st.columns(5)
defaults: dict[str, str] = {}
for i, (field, options) in enumerate(default_options.items()):
    key = f"import_def_{field}"
    if st.session_state.get(key, next(iter(options))) not in options:
        st.session_state.pop(key, None)
    chosen = default_grid[i].selectbox(t(f"import.f.{field}"), list(options), key=key, format_func=fixed(options))
    if chosen:
        defaults[field] = chosen
description_default = default_grid[4].text_input(t("import.f.description"), key="import_def_description")
if description_default.strip():
    defaults["description"] = description_default
where_col, where_vals = st.columns(2)
where_column = where_col.selectbox(
    t("import.where_column"),
    column_choices,
    key="import_where_col",
    format_func=fixed({**{c: c for c in table.header}, "": t("import.no_filter")}),
)
where: dict[str, list[str]] = {}
if where_column:
    kept = where_vals.multiselect(
        t("import.where_values"), list(view.distinct_values(records, where_column)), key="import_where_vals"
    )
    if kept:
        where[where_column] = kept

# --- the mapping ----------------------------------------------------------------------------------
name = st.text_input(t("import.mapping_name"), key="import_name", max_chars=60)
if not columns:
    st.info(t("import.map_first"), icon=":material/arrow_upward:")
    st.stop()
body = {"name": name, "columns": columns, "values": values, "defaults": defaults, "where": where}
try:
    mapping = ImportMapping.from_json(body)
    mapping.check_header(table.header)
except InputError as err:
    feedback.show_problems(err.problems)
    st.stop()
for field in mapped_fields:
    left = unmapped_values(mapping, records, field, {"city": city_names, "team": team_names})
    if left:
        st.caption(t("import.unmapped", n=len(left)) + f" — {t(f'import.f.{field}')}")
        st.dataframe(
            placeholder="—",
            data={t("import.source_value"): list(left), t("import.count"): list(left.values())},
            hide_index=True,
            key=f"import_unmapped_{field}",
        )

with st.container(horizontal=True):
    if st.button(t("import.save"), key="import_save", icon=":material/save:"):
        forms.save(lambda: svc.save_mapping(mapping, user), lambda _: t("import.saved_ok", name=mapping.name))
    st.download_button(
        t("import.download_mapping"),
        view.mapping_json(mapping),
        file_name=f"{mapping.name}.json",
        mime="application/json",
        key="import_download_mapping",
    )
    dry_run = st.button(t("import.dry_run"), key="import_dry_run", icon=":material/preview:")
    run = st.button(t("import.run"), key="import_run", type="primary", icon=":material/upload:")

if dry_run or run:
    bar_slot = st.empty()
    progress = view.progress_bar(t, bar_slot) if run else None
    feedback.attempt(
        lambda: svc.import_table(table, mapping, user, dry_run=not run, progress=progress),
        lambda result: st.session_state.__setitem__(RESULT_KEY, (digest, mapping, result)),
    )
    bar_slot.empty()  # the summary below says how it went

last = st.session_state.get(RESULT_KEY)
if last is not None and last[0] == digest and last[1] == mapping:
    result = last[2]
    counts = {"imported": result.imported, "duplicates": result.duplicates, "rejected": result.rejected}
    if result.dry_run:
        st.info(t("import.summary", **counts, left_out=result.left_out), icon=":material/preview:")
    else:
        st.success(t("import.done", **counts), icon=":material/check_circle:")
        if result.refs():
            st.subheader(t("import.imported_cases"))
            tables.show(
                view.cases_frame(result, t),
                export_name="imported_cases",
                key="import_cases",
                link_columns=(t("import.col.ref_no"),),
            )
            if len(result.refs()) > 50:
                st.caption(t("import.more_cases", n=len(result.refs()) - 50))
    st.subheader(t("import.report"))
    tables.show(view.report_frame(result, lang()), export_name="import_report", key="import_report")
