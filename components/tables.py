"""Tables with CSV and Excel download of exactly what is shown."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from components import exports, incidents
from components.i18n import t


def show(
    frame: pd.DataFrame | Styler,
    *,
    export_name: str,
    key: str,
    percent_columns: tuple[str, ...] = (),
    link_columns: tuple[str, ...] = (),
    export_frame: Callable[[], pd.DataFrame] | None = None,
) -> None:
    """Draw ``frame`` (styled or not) and offer its data as CSV (UTF-8 with BOM, so Excel opens
    Chinese correctly) and Excel. ``percent_columns`` hold shares (0–1) shown as percentages;
    ``link_columns`` hold in-app addresses such as ``cases?ref=TS…``, shown as links.

    The files are built only when the user clicks (Streamlit calls the builder then, outside the
    script run), so a page never pays for, or fails on, an export nobody asked for. A page that shows
    one page of a longer result passes ``export_frame``, which reads and shapes the whole result,
    so the files carry all of it rather than the rows on screen."""
    if percent_columns:  # shown (and exported) as percentages with one decimal, e.g. 90.7
        frame = frame.assign(**{col: frame[col] * 100 for col in percent_columns})
    config = {col: st.column_config.NumberColumn(format="%.1f%%") for col in percent_columns}
    config |= {col: st.column_config.LinkColumn(display_text=r"ref=(.*)$") for col in link_columns}
    st.dataframe(frame, hide_index=True, width="stretch", key=key, column_config=config)
    if isinstance(frame, Styler):
        frame = frame.data
    whole: Callable[[], pd.DataFrame] = export_frame or (lambda: frame)
    with st.container(horizontal=True):
        st.download_button(
            t("common.download_csv"),
            incidents.quiet_export(lambda: exports.csv_bytes(whole()), f"{export_name}.csv"),
            file_name=f"{export_name}.csv",
            mime="text/csv",
            key=f"{key}_csv",
        )
        st.download_button(
            t("common.download_xlsx"),
            incidents.quiet_export(lambda: exports.excel_bytes({export_name: whole()}), f"{export_name}.xlsx"),
            file_name=f"{export_name}.xlsx",
            key=f"{key}_xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
