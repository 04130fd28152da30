"""Overview page: every KPI card, the L1 list, the trend charts and the weekly Excel pack."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, text

WEEK = (date(2026, 11, 2), date(2026, 11, 15))  # the overview compares 11-09..11-15 with 11-02..11-08


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cards_trends_and_l1_list(app, seeded_sqlite: str, lang: str) -> None:
    at = app(role="committee", lang=lang, flt_dates=WEEK)
    assert not at.exception
    assert len(at.metric) == 6 + 4  # the KPI cards, then the outcome tab's figures
    trends = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]  # Altair charts
    assert len(trends) == 2 and not at.get("plotly_chart")
    assert [spec["title"]["text"] for spec in trends] == (
        ["每周投诉量", "每周 SLA 达成率、满意度与不当催收占比"]
        if lang == "zh"
        else ["Complaints per week", "Weekly SLA attainment, satisfaction and improper share"]
    )
    with create_engine(seeded_sqlite).connect() as conn:
        l1 = conn.execute(
            text(
                "SELECT count(*) FROM complaints WHERE level = 'L1' AND duplicate_of_id IS NULL "
                "AND received_at >= '2026-11-09' AND received_at < '2026-11-16'"
            )
        ).scalar_one()
    assert int(at.metric[1].value) == l1
    refs = [frame.value for frame in at.dataframe if frame.value.shape[1] == 8]
    if l1:
        assert len(refs) == 1 and len(refs[0]) == l1  # every L1 complaint of the week is listed
    else:
        assert at.info


def test_weekly_pack_has_every_table_and_native_charts(app) -> None:
    """The page offers the pack; the pack built from the same reads holds the four tables, the
    stage chart and the two trend charts, with shares formatted as percentages."""
    import pandas as pd

    from components import overview_view
    from db.queries import overview as q
    from domain.filters import Filters, WeekWindow
    from tests.helpers import AS_OF

    at = app(role="committee", lang="en", flt_dates=WEEK)
    assert any(b.label == "Download weekly pack (Excel)" for b in at.get("download_button"))

    week, stamp = WeekWindow.ending(WEEK[1]), pd.Timestamp(AS_OF)
    this_f, last_f = Filters(week.this_start, week.this_end), Filters(week.last_start, week.last_end)
    stages = overview_view.stage_table(q.sla_by_stage(this_f, stamp), q.sla_by_stage(last_f, stamp))
    l1 = overview_view.l1_table(q.l1_cases(this_f))
    trend = q.weekly_trend(Filters(*WEEK), stamp, 12)
    sla_name, satisfaction_name, _ = overview_view.rate_columns()  # the KPI rows that are rates
    kpis = overview_view.kpi_table(
        [("Complaints", 10, 8, ""), (sla_name, 0.90749, 0.8, ""), (satisfaction_name, None, 0.9, "≥ 85%")],
        "this",
        "last",
    )
    span = Filters(*WEEK)
    outcomes = overview_view.OutcomeFrames(
        overview_view.outcome_table(q.outcomes_by_kind(span)),
        overview_view.compensation_table(q.compensation_by_month(span)),
        overview_view.waiver_table(q.waivers_by_category(span)),
        *WEEK,
    )
    pack = overview_view.pack(kpis, stages, l1, trend, outcomes)
    book = load_workbook(io.BytesIO(pack()))  # the button's deferred builder
    assert len(book.sheetnames) == 7
    stage_sheet, l1_sheet, trend_sheet = book.worksheets[1], book.worksheets[2], book.worksheets[3]
    assert stage_sheet.max_row == 2 + 5 and len(stage_sheet._charts) == 1
    assert l1_sheet.max_row == 2 + len(l1)
    assert trend_sheet.max_row == 2 + 12 and len(trend_sheet._charts) == 2
    assert trend_sheet.cell(3, 4).number_format == "0.0%"  # SLA attainment column
    kpi_sheet = book.worksheets[0]
    count, rate, missing = (kpi_sheet.cell(r, 2) for r in (3, 4, 5))
    assert (count.value, count.number_format) == (10, "General")  # a count stays a plain number
    assert (rate.value, rate.number_format, rate.data_type) == (0.907, "0.0%", "n")  # a number, rounded as shown
    assert missing.value is None and kpi_sheet.cell(5, 3).number_format == "0.0%"
    kinds_sheet, compensation_sheet, waiver_sheet = book.worksheets[4:]
    assert kinds_sheet.max_row == 2 + 8  # every outcome kind
    assert (kinds_sheet.cell(3, 3).number_format, kinds_sheet.cell(4, 4).number_format) == ("0.0%", "#,##0.00")
    assert compensation_sheet.max_row == 2 + 1 and len(compensation_sheet._charts) == 1  # November
    assert waiver_sheet.max_row == 2 + len(outcomes.waivers)


def test_full_week_is_the_default_with_a_switch_to_week_to_date(app) -> None:
    """On Monday 2026-11-23 10:00 the overview shows last Monday–Sunday, not ten hours of this week;
    the switch shows this week so far, whose trend point is marked unfinished."""
    at = app(role="committee", lang="en")
    assert not at.exception
    assert "2026-11-16 to 2026-11-22" in at.caption[0].value and "Monday to Sunday" in at.caption[0].value
    specs = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    assert all("subtitle" not in spec["title"] for spec in specs)  # every week of the trend is whole
    to_date = app(role="committee", lang="en", ov_week_to_date=True)
    assert "2026-11-23 to 2026-11-23" in to_date.caption[0].value
    specs = [json.loads(chart.proto.spec) for chart in to_date.get("vega_lite_chart")]
    assert specs and all(spec["title"]["subtitle"].startswith("Hollow point") for spec in specs)
