"""The complaint import's pieces outside the page: a problem as text in a given language and the
row-by-row report as a frame (shared with the command, exported through components/exports), and
the page's widget helpers (reading the upload once, loading a mapping into the widgets, progress)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.labels import LABELS
from domain import inputs
from domain.imports import DEFAULT_FIELDS, FIELDS, REJECTED, ImportMapping, ImportResult
from domain.inputs import Problem
from domain.tabular import Table, read_table

LANGS = ("zh", "en")


def label(key: str, lang: str) -> str:
    pair = LABELS.get(key)
    return key if pair is None else pair[LANGS.index(lang)]


def text_of(key: str, args: dict, lang: str) -> str:
    """A problem in ``lang``; arguments that are label keys themselves are translated too."""
    shown = {k: label(v, lang) if isinstance(v, str) and v in LABELS else v for k, v in args.items()}
    return label(key, lang).format(**shown) if shown else label(key, lang)


def reasons(problems: tuple[Problem, ...], lang: str) -> str:
    return "；".join(text_of(key, args, lang) for key, args in problems)


def report_frame(result: ImportResult, lang: str, only_rejected: bool = False) -> pd.DataFrame:
    """The row-by-row report with translated headers, outcomes and reasons."""
    rows = [r for r in result.rows if r.outcome == REJECTED] if only_rejected else result.rows
    return pd.DataFrame(
        {
            label("import.col.row", lang): [r.row for r in rows],
            label("import.col.external_id", lang): [r.external_id for r in rows],
            label("import.col.outcome", lang): [label(f"import.outcome.{r.outcome}", lang) for r in rows],
            label("import.col.ref_no", lang): [r.ref_no for r in rows],
            label("import.col.reasons", lang): [reasons(r.problems, lang) for r in rows],
        }
    )


def rejects_frame(result: ImportResult, lang: str) -> pd.DataFrame:
    return report_frame(result, lang, only_rejected=True)


# --------------------------------------------------------------------------- the page's widgets

LOADED_VALUES_KEY = "import_loaded_values"  # the value pairs of the mapping last loaded
VALUE_CHOICES_MAX = 30  # distinct source values offered for mapping per field (most frequent first)
PREVIEW_ROWS = 10


@st.cache_data(max_entries=2, show_spinner=False)
def read_upload(data: bytes, filename: str) -> Table:
    """The uploaded file's table, read once per file (reruns reuse it); InputError when unreadable."""
    return read_table(data, filename)


def value_key(field: str, value: str) -> str:
    """A stable widget key for the mapping of one source value."""
    return f"import_val_{field}_{hashlib.sha256(value.encode()).hexdigest()[:12]}"


def load_into_widgets(mapping: ImportMapping, header: tuple[str, ...]) -> None:
    """Put a saved or uploaded mapping into the page's widgets (before they are drawn)."""
    st.session_state["import_name"] = mapping.name
    for field in FIELDS:
        column = mapping.columns.get(field, "")
        st.session_state[f"import_col_{field}"] = column if column in header else ""
    for field, pairs in mapping.values.items():
        for source, ours in pairs.items():
            st.session_state[value_key(field, source)] = ours
    # Every pair, also of values this file lacks or has no picker for: saving must not drop them.
    st.session_state[LOADED_VALUES_KEY] = {field: dict(pairs) for field, pairs in mapping.values.items()}
    for field in DEFAULT_FIELDS:
        st.session_state[f"import_def_{field}"] = mapping.defaults.get(field, "")
    where_column = next(iter(mapping.where), "")
    st.session_state["import_where_col"] = where_column if where_column in header else ""
    st.session_state["import_where_vals"] = list(mapping.where.get(where_column, ()))


def distinct_values(records: list[dict[str, str]], column: str) -> dict[str, int]:
    """The column's values with their counts, most frequent first."""
    counts = Counter(inputs.normalise_text(r.get(column, "")) for r in records)
    counts.pop("", None)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def mapping_json(mapping: ImportMapping) -> bytes:
    return json.dumps(mapping.to_json(), ensure_ascii=False, indent=2).encode()


def progress_bar(t: Callable[..., str], slot: DeltaGenerator) -> Callable[[int, int], None]:
    """A bar in ``slot`` that says the rows are being checked until the import reports the first (0 of N)."""
    bar = slot.progress(0.0, text=t("import.progress_checking"))

    def step(done: int, total: int) -> None:
        bar.progress(done / total if total else 1.0, text=t("import.progress", done=done, total=total))

    return step


def cases_frame(result: ImportResult, t: Callable[..., str], limit: int = 50) -> pd.DataFrame:
    """The imported cases as links to the cases page (the first ``limit``)."""
    refs = result.refs()[:limit]
    return pd.DataFrame({t("import.col.ref_no"): [f"cases?ref={ref}" for ref in refs]})
