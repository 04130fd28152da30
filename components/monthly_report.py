"""The monthly analysis report as files: an Excel workbook with native charts (one sheet a section)
and a PDF in Chinese or English, drawn with the Noto CJK fonts, its charts the app's own (Altair,
rendered offline by vl-convert). Both are built from the same translated sections, only when a
download is clicked."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

import pandas as pd
import streamlit as st
import vl_convert
from fpdf import FPDF, FontFace

from components import charts, exports, incidents
from components.formats import DAY, stamp
from components.i18n import code, coder, fixed, lang, speaking, t
from components.overview_view import compensation_table, l1_table, outcome_table, waiver_table
from components.weekly_pack import Chart, Sheet, workbook
from domain.codes import LEVELS, STAGES
from domain.committee import CRITERIA, FINDING_MAX_SCORE
from domain.loyalty import month_end, previous_month
from domain.report import MonthlyFigures

# Debian's fonts-noto-cjk (and the same files elsewhere); index 2 of the collections is Simplified Chinese.
FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/noto-cjk"), Path("/usr/share/fonts/noto"))
REGULAR = "NotoSansCJK-Regular.ttc"  # one face: headings are larger, not bold (each face costs a second to embed)
SIMPLIFIED_CHINESE = 2
PDF_ROWS = 80  # rows of a table in the PDF; the Excel report holds all
CELL_CHARS = 160  # characters of a cell in the PDF (a long text is cut, in full in Excel)
CHART_LABEL_CHARS = 24
CHART_WIDTH_MM = 180
CHART_WIDTH_PX = 640  # drawn this wide, so labels keep their size against the page


KPIS = ("complaints", "l1", "breach_rate", "satisfaction")


@dataclass(frozen=True)
class Section:
    """One part of the report: its sheet name, heading, translated table, and how it is charted."""

    sheet: str
    title: str
    frame: pd.DataFrame
    percent_columns: tuple[str, ...] = ()
    percent_rows: tuple[int, ...] = ()  # rows (0-based) whose figures are shares
    money_columns: tuple[str, ...] = ()
    excel_charts: tuple[Chart, ...] = ()
    picture: Callable[[], charts.AltChart] | None = None


def font_dir() -> Path | None:
    """Where the Noto CJK fonts are, or None when they are not installed."""
    return next((d for d in FONT_DIRS if (d / REGULAR).is_file()), None)


def month_name(month: date) -> str:
    return t("report.month_name", year=month.year, month=month.month)


def _change(this: object, last: object) -> float | None:
    try:
        a, b = float(this), float(last)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if pd.isna(a) or pd.isna(b) or b == 0 else (a - b) / b


def _kpis(totals: dict[str, float | int | None]) -> pd.DataFrame:
    rows = []
    for key in KPIS:
        this, last = totals.get(f"{key}_this"), totals.get(f"{key}_last")
        shown = (lambda v: None if v is None else round(float(v), 2)) if key == "satisfaction" else (lambda v: v)
        rows.append((t(f"report.kpi.{key}"), shown(this), shown(last), _change(this, last)))
    columns = [t("report.col.measure"), t("report.col.this"), t("report.col.last"), t("report.col.change")]
    return pd.DataFrame(rows, columns=columns, dtype=object)  # counts stay whole beside rates and means


def _compared(frame: pd.DataFrame, name_column: str, names: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(
        {
            name_column: names,
            t("report.col.this"): frame["this"].astype(int),
            t("report.col.last"): frame["last"].astype(int),
            t("report.col.change"): [_change(a, b) for a, b in zip(frame["this"], frame["last"])],
        }
    )


def printable(value: object, limit: int = CELL_CHARS) -> str:
    """Stored text as the PDF and its charts can take it: valid UTF-8 (a lone surrogate would abort the
    chart renderer), no control characters, at most ``limit`` characters."""
    text = str(value).encode("utf-8", errors="replace").decode("utf-8")
    text = exports.clean_text(text).replace("\x00", "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _this_vs_last(table: pd.DataFrame, title: str) -> Callable[[], charts.AltChart]:
    name = table.columns[0]

    def draw() -> charts.AltChart:
        table_shown = table.assign(**{name: _distinct_labels(table[name])})
        long = table_shown.melt(
            id_vars=[name], value_vars=[t("report.col.this"), t("report.col.last")], var_name="_", value_name="n"
        )
        return charts.bar_chart(
            long,
            x=name,
            y="n",
            color="_",
            title="",  # the section's heading names it
            x_title="",
            y_title="",
            horizontal=True,
            stacked=False,
            y_format=",d",
            order=list(table_shown[name]),
            color_map={t("report.col.this"): charts.TOTAL_COLOR, t("report.col.last"): "#b9c7da"},
            height=max(160, 22 * len(table) + 40),
        )

    return draw


def _distinct_labels(values: pd.Series) -> list[str]:
    """Chart labels of stored names: printable, short, and still one per row (a cut name keeps a number)."""
    seen: dict[str, int] = {}
    labels = []
    for value in values:
        label = printable(value, CHART_LABEL_CHARS)
        seen[label] = seen.get(label, 0) + 1
        labels.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return labels


def _trend(trend: pd.DataFrame) -> tuple[pd.DataFrame, Callable[[], charts.AltChart]]:
    named = trend.assign(
        month=pd.to_datetime(trend["month"]),
        channel=trend["channel"].map(lambda c: printable(code("channel", c), CHART_LABEL_CHARS)),
    )
    wide = named.pivot_table(index="month", columns="channel", values="complaints", aggfunc="sum", fill_value=0)
    table = wide.reset_index()
    table["month"] = table["month"].dt.strftime("%Y-%m")
    table = table.rename(columns={"month": t("report.col.month")})
    table.columns = [str(c) for c in table.columns]

    def draw() -> charts.AltChart:
        return charts.line_chart(
            named,
            x="month",
            y="complaints",
            color="channel",
            title="",
            x_title="",
            y_title="",
            color_title=t("report.col.channel"),
            y_zero=True,
            integer_y=True,
            legend_below=True,
            legend_columns=5,
        )

    return table, draw


def _sla(stages: pd.DataFrame) -> pd.DataFrame:
    rates = stages.pivot_table(index="stage", columns="level", values="rate", aggfunc="first")
    rates = rates.reindex(index=list(STAGES), columns=list(LEVELS))
    table = pd.DataFrame({t("report.col.stage"): [code("stage", s) for s in rates.index]})
    for level in LEVELS:
        table[code("level", level)] = rates[level].to_numpy()
    return table


def _keywords(top: pd.DataFrame, rising: pd.DataFrame) -> pd.DataFrame:
    """The month's top keywords beside the fastest rising ones (row by row, ranked)."""
    rows = max(len(top), len(rising))
    top, rising = top.reindex(range(rows)), rising.reindex(range(rows))
    return pd.DataFrame(
        {
            t("report.col.keyword"): top["keyword"].fillna(""),
            t("report.col.this"): top["complaints"],
            t("report.col.rising"): rising["keyword"].fillna(""),
            t("report.col.rising_by"): rising["change"],
        }
    )


def _findings(findings: pd.DataFrame) -> pd.DataFrame:
    def low(row: pd.Series) -> str:
        named = [t(f"sample.crit.{c}") for c in CRITERIA if pd.notna(row[c]) and row[c] <= FINDING_MAX_SCORE]
        return "、".join(named) if lang() == "zh" else ", ".join(named)

    return pd.DataFrame(
        {
            t("report.col.ref"): findings["ref_no"],
            t("report.col.category"): findings["category"].map(coder("category")),
            t("report.col.reviewed"): findings["reviewed_at"].map(stamp),
            t("report.col.reviewer"): findings["reviewer"].fillna(""),
            t("report.col.result"): findings["passed"].map(
                lambda p: t("report.failed") if p is False or p == 0 else t("report.passed")
            ),
            t("report.col.low"): [low(r) for _, r in findings.iterrows()] if len(findings) else [],
            t("report.col.comment"): findings["comment"].fillna(""),
        }
    )


def _improvements(items: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("report.col.issue"): items["issue"],
            t("report.col.department"): items["department"],
            t("report.col.measure_taken"): items["measure"],
            t("report.col.owner"): items["owner"],
            t("report.col.due"): items["due_date"].map(lambda d: stamp(d, DAY)),
            t("report.col.status"): items["status"].map(coder("improvement_status")),
        }
    )


def sections(fig: MonthlyFigures) -> list[Section]:
    """The report's parts, translated into the current language."""
    change = t("report.col.change")
    this_last = (t("report.col.this"), t("report.col.last"))
    channels = _compared(fig.by_channel, t("report.col.channel"), fig.by_channel["channel"].map(coder("channel")))
    categories = _compared(
        fig.by_category, t("report.col.category"), fig.by_category["category"].map(coder("category"))
    )
    city_names = fig.by_city["city_name" if lang() == "zh" else "city_name_en"].fillna("")
    cities = _compared(fig.by_city, t("report.col.city"), city_names)
    trend, trend_picture = _trend(fig.trend)
    satisfaction = pd.DataFrame(
        {
            t("report.col.category"): fig.satisfaction["category"].map(coder("category")),
            t("report.col.mean"): pd.to_numeric(fig.satisfaction["value"], errors="coerce").round(2),
            t("report.col.answers"): pd.to_numeric(fig.satisfaction["den"], errors="coerce").fillna(0).astype(int),
        }
    )
    sla = _sla(fig.sla)
    levels = tuple(code("level", lv) for lv in LEVELS)
    amount = t("overview.col.amount")
    compared = [
        ("channels", channels, "report.channels"),
        ("categories", categories, "report.categories"),
        ("cities", cities, "report.cities"),
    ]
    parts = [
        Section(
            t("report.sheet.kpis"),
            t("report.kpis"),
            _kpis(fig.totals),
            percent_columns=(change,),
            percent_rows=(KPIS.index("breach_rate"),),
        ),
        *[
            Section(
                t(f"report.sheet.{key}"),
                t(title),
                frame,
                percent_columns=(change,),
                excel_charts=(Chart("bar", t(title), this_last),),
                picture=_this_vs_last(frame, t(title)),
            )
            for key, frame, title in compared
        ],
        Section(
            t("report.sheet.trend"),
            t("report.trend"),
            trend,
            excel_charts=(Chart("line", t("report.trend"), tuple(trend.columns[1:])),),
            picture=trend_picture if len(fig.trend) else None,
        ),
        Section(
            t("report.sheet.sla"),
            t("report.sla"),
            sla,
            percent_columns=levels,
            excel_charts=(Chart("bar", t("report.sla"), levels, True),),
        ),
        Section(t("report.sheet.satisfaction"), t("report.satisfaction"), satisfaction),
        Section(
            t("report.sheet.outcomes"),
            t("report.outcomes"),
            outcome_table(fig.outcomes),
            percent_columns=(t("overview.col.share_resolved"),),
            money_columns=(amount,),
        ),
        Section(
            t("report.sheet.compensation"),
            t("report.compensation"),
            compensation_table(fig.compensation),
            money_columns=(amount,),
            excel_charts=(Chart("bar", t("report.compensation"), (amount,)),),
        ),
        Section(t("report.sheet.waivers"), t("report.waivers"), waiver_table(fig.waivers), money_columns=(amount,)),
        Section(t("report.sheet.keywords"), t("report.keywords"), _keywords(fig.top_keywords, fig.rising_keywords)),
        Section(t("report.sheet.l1"), t("report.l1"), l1_table(fig.l1)),
        Section(t("report.sheet.findings"), t("report.findings"), _findings(fig.findings)),
        Section(t("report.sheet.improvements"), t("report.improvements"), _improvements(fig.improvements)),
    ]
    return parts


def excel(parts: list[Section]) -> bytes:
    return workbook(
        [
            Sheet(
                p.sheet,
                p.title,
                p.frame,
                charts=p.excel_charts,
                percent_columns=p.percent_columns,
                percent_rows=p.percent_rows,
                money_columns=p.money_columns,
            )
            for p in parts
        ]
    )


@cache
def _chart_fonts(directory: Path) -> None:
    vl_convert.register_font_directory(str(directory))


def _cell(value: object, percent: bool) -> str:
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return "—"
    if percent and isinstance(value, int | float):
        return f"{value * 100:.1f}%"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return printable(value)


class _Report(FPDF):
    def __init__(self, footer_text: Callable[[int], str]) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self._footer_text = footer_text

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("noto", size=8)
        self.cell(0, 6, self._footer_text(self.page_no()), align="C")


def pdf(parts: list[Section], title: str, subtitle: str, fonts: Path) -> bytes:
    """The report as a PDF: heading, then each section's chart (if any) and table."""
    _chart_fonts(fonts)
    page_label = t("report.page", n=0).replace("0", "{n}")
    doc = _Report(lambda n: page_label.format(n=n))
    doc.add_font("noto", "", str(fonts / REGULAR), collection_font_number=SIMPLIFIED_CHINESE)
    doc.set_auto_page_break(auto=True, margin=16)
    doc.add_page()
    doc.set_font("noto", size=18)
    doc.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    doc.set_font("noto", size=9)
    doc.multi_cell(0, 5, subtitle, new_x="LMARGIN", new_y="NEXT")
    for part in parts:
        doc.ln(4)
        if doc.get_y() > doc.h - (120 if part.picture is not None else 50):  # a heading keeps its chart or rows
            doc.add_page()
        doc.set_font("noto", size=13)
        doc.multi_cell(0, 7, part.title, new_x="LMARGIN", new_y="NEXT")
        if part.frame.empty:
            doc.set_font("noto", size=9)
            doc.multi_cell(0, 5, t("report.none"), new_x="LMARGIN", new_y="NEXT")
            continue
        if part.picture is not None:
            spec = part.picture().properties(width=CHART_WIDTH_PX).to_dict()
            png = vl_convert.vegalite_to_png(spec, scale=2)
            doc.image(io.BytesIO(png), w=CHART_WIDTH_MM)
        doc.set_font("noto", size=8)
        shown = part.frame.head(PDF_ROWS)
        with doc.table(
            text_align="LEFT",
            line_height=4.5,
            first_row_as_headings=True,
            headings_style=FontFace(emphasis=None, fill_color=(220, 230, 241)),
        ) as table:
            header = table.row()
            for column in shown.columns:
                header.cell(_cell(column, False))
            for number, values in enumerate(shown.itertuples(index=False, name=None)):
                row = table.row()
                for k, (column, value) in enumerate(zip(shown.columns, values)):
                    share = column in part.percent_columns or (k > 0 and number in part.percent_rows)
                    row.cell(_cell(value, share))
        if len(part.frame) > PDF_ROWS:
            doc.multi_cell(0, 5, t("report.more_rows", n=len(part.frame) - PDF_ROWS), new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def titled(fig: MonthlyFigures, made: datetime) -> tuple[list[Section], str, str]:
    """The report's sections, title and subtitle in the current language."""
    start = fig.month
    last_start = previous_month(start)
    subtitle = t(
        "report.subtitle",
        start=start,
        end=month_end(start),
        last_start=last_start,
        last_end=month_end(last_start),
        now=made.strftime("%Y-%m-%d %H:%M"),
    )
    return sections(fig), t("report.title", month=month_name(start)), subtitle


def panel(load: Callable[[date], MonthlyFigures], months: list[date], today: datetime, key: str) -> None:
    """The report's month and its two downloads; the figures are read and the files made on click."""
    st.subheader(t("report.header"))
    st.caption(t("report.help"))
    language = lang()
    names = {m: month_name(m) for m in months}
    # The last whole month first: the meeting reviews it; the running month is one step away.
    month = st.selectbox(
        t("report.month"),
        months,
        index=min(1, len(months) - 1),
        key=f"{key}_month",
        format_func=fixed(names),
        placeholder=t("common.choose"),
    )
    if month is None:
        return
    fonts = font_dir()
    file_stem = f"monthly_report_{month:%Y-%m}"

    def translated() -> tuple[list[Section], str, str]:
        with speaking(language):
            return titled(load(month), today)

    def build_excel() -> bytes:
        return excel(translated()[0])

    def build_pdf() -> bytes:
        parts, title, subtitle = translated()
        with speaking(language):
            return pdf(parts, title, subtitle, fonts)  # type: ignore[arg-type]  # offered only with fonts

    with st.container(horizontal=True):
        st.download_button(
            t("report.excel"),
            incidents.quiet_export(build_excel, f"{file_stem}.xlsx"),
            file_name=f"{file_stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}_xlsx",
            icon=":material/table_view:",
        )
        if fonts is not None:
            st.download_button(
                t("report.pdf"),
                incidents.quiet_export(build_pdf, f"{file_stem}.pdf"),
                file_name=f"{file_stem}.pdf",
                mime="application/pdf",
                key=f"{key}_pdf",
                icon=":material/picture_as_pdf:",
            )
    if fonts is None:
        st.caption(t("report.no_fonts"))
