"""Tables with CSV and Excel download of exactly what is shown."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from components.i18n import t


def excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook with one sheet per frame (sheet names cut to Excel's 31 characters)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)
    return buf.getvalue()


def show(
    frame: pd.DataFrame | Styler,
    *,
    export_name: str,
    key: str,
    percent_columns: tuple[str, ...] = (),
    link_columns: tuple[str, ...] = (),
) -> None:
    """Draw ``frame`` (styled or not) and offer its data as CSV (UTF-8 with BOM, so Excel opens
    Chinese correctly) and Excel. ``percent_columns`` hold shares (0–1) shown as percentages;
    ``link_columns`` hold in-app addresses such as ``cases?ref=TS…``, shown as links."""
    if percent_columns:  # shown (and exported) as percentages with one decimal, e.g. 90.7
        frame = frame.assign(**{col: frame[col] * 100 for col in percent_columns})
    config = {col: st.column_config.NumberColumn(format="%.1f%%") for col in percent_columns}
    config |= {col: st.column_config.LinkColumn(display_text=r"ref=(.*)$") for col in link_columns}
    st.dataframe(frame, hide_index=True, width="stretch", key=key, column_config=config)
    if isinstance(frame, Styler):
        frame = frame.data
    with st.container(horizontal=True):
        st.download_button(
            t("common.download_csv"),
            frame.to_csv(index=False).encode("utf-8-sig"),
            file_name=f"{export_name}.csv",
            mime="text/csv",
            key=f"{key}_csv",
        )
        st.download_button(
            t("common.download_xlsx"),
            excel_bytes({export_name: frame}),
            file_name=f"{export_name}.xlsx",
            key=f"{key}_xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
