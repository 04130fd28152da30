"""Tables with CSV and Excel download of exactly what is shown."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from components import exports, incidents
from components.i18n import t

CASES_PAGE = "cases"  # the case lookup's url path; it opens the case named by ``?ref=``


def case_address(ref: object) -> str:
    """The case lookup address of case number ``ref`` (empty for a missing one, so no "None" shows)."""
    if not isinstance(ref, str) or not ref:
        return ""
    return f"{CASES_PAGE}?ref={quote(ref, safe='')}"


def show(
    frame: pd.DataFrame | Styler,
    *,
    export_name: str,
    key: str,
    percent_columns: tuple[str, ...] = (),
    money_columns: tuple[str, ...] = (),
    link_columns: tuple[str, ...] = (),
    case_columns: tuple[str, ...] = (),
    export_frame: Callable[[], pd.DataFrame] | None = None,
) -> None:
    """Draw ``frame`` (styled or not) and offer its data as CSV (UTF-8 with BOM, so Excel opens
    Chinese correctly) and Excel. ``percent_columns`` hold shares (0–1) shown as percentages with one
    decimal; ``money_columns`` amounts shown with thousands separators (in Excel both are numbers with
    that number format, rounded as shown; in CSV the shown figures);
    ``link_columns`` hold in-app addresses such as ``cases?ref=TS…``, shown as links;
    ``case_columns`` hold case numbers, shown as links that open the case (exported as the numbers).

    The files are built only when the user clicks (Streamlit calls the builder then, outside the
    script run), so a page never pays for, or fails on, an export nobody asked for. A page that shows
    one page of a longer result passes ``export_frame``, which reads and shapes the whole result,
    so the files carry all of it rather than the rows on screen."""
    data = frame.data if isinstance(frame, Styler) else frame
    as_shown = data.assign(
        **{col: pd.to_numeric(data[col], errors="coerce").mul(100).round(1) for col in percent_columns},
        **{col: pd.to_numeric(data[col], errors="coerce").round(2) for col in money_columns},
    )
    config = {col: st.column_config.NumberColumn(format="%.1f%%") for col in percent_columns}
    config |= {col: st.column_config.NumberColumn(format="accounting") for col in money_columns}
    config |= {col: st.column_config.LinkColumn(display_text=r"ref=(.*)$") for col in link_columns + case_columns}
    shown: pd.DataFrame | Styler = frame
    if isinstance(frame, pd.DataFrame):
        shown = as_shown.assign(**{col: as_shown[col].map(case_address) for col in case_columns})
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key=key,
        column_config=config,
        placeholder="—",  # a missing figure, never Streamlit's English "None"
    )
    formats = dict.fromkeys(percent_columns, exports.PERCENT_FORMAT) | dict.fromkeys(
        money_columns, exports.MONEY_FORMAT
    )
    csv_rows: Callable[[], pd.DataFrame] = export_frame or (lambda: as_shown)
    excel_rows: Callable[[], pd.DataFrame] = export_frame or (lambda: data)
    with st.container(horizontal=True):
        st.download_button(
            t("common.download_csv"),
            incidents.quiet_export(lambda: exports.csv_bytes(csv_rows()), f"{export_name}.csv"),
            file_name=f"{export_name}.csv",
            mime="text/csv",
            key=f"{key}_csv",
        )
        st.download_button(
            t("common.download_xlsx"),
            incidents.quiet_export(
                lambda: exports.excel_bytes({export_name: excel_rows()}, formats), f"{export_name}.xlsx"
            ),
            file_name=f"{export_name}.xlsx",
            key=f"{key}_xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
