"""Drawing the audit log: entries in the user's language with their detail as readable JSON, the
same frame for the screen and the exports."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from components.formats import stamp
from components.i18n import t
from components.labels import LABELS

SECONDS = "%Y-%m-%d %H:%M:%S"


def named(kind: str, value: str) -> str:
    """An action's or entity's name in the user's language; one the catalogue does not know yet
    (a newer write) is shown by its code rather than hidden."""
    key = f"audit.{kind}.{value}"
    return t(key) if key in LABELS else value


def detail_text(detail: object, *, indent: int | None = None) -> str:
    """The detail as JSON with Chinese kept readable (not ``\\uXXXX``); empty when there is none."""
    if detail is None or (isinstance(detail, float) and pd.isna(detail)):
        return ""
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, indent=indent, default=str)


def entries_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """When, who, what, on which record, and the detail, as shown and exported."""
    return pd.DataFrame(
        {
            t("audit.col.at"): rows["at"].map(lambda at: stamp(at, SECONDS)),
            t("audit.col.user"): rows["user"].where(rows["user"].notna(), t("audit.system")),
            t("audit.col.action"): rows["action"].map(lambda a: named("action", a)),
            t("audit.col.entity"): rows["entity"].map(lambda e: named("entity", e)),
            t("audit.col.record"): rows["entity_id"].fillna(""),
            t("audit.col.detail"): rows["detail"].map(detail_text),
        }
    )


def detail(row: pd.Series) -> None:
    """One entry's detail, indented (``st.code``: stored text is shown as text, never as Markdown)."""
    text = detail_text(row["detail"], indent=2)
    st.code(text or "—", language="json", wrap_lines=True)
