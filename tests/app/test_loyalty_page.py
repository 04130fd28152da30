"""The loyalty page through ``app.py`` on the seeded store (AS_OF 2026-11-23): both languages, the
city filter, the month picker, the drill-down, the note about complaint-only filters, empty state."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from sqlalchemy import create_engine, text

PAGE = "pages/loyalty.py"
RANGE = (date(2026, 9, 1), date(2026, 11, 23))  # months 2026-09 … 2026-11
CJK = re.compile(r"[\u4e00-\u9fff]")
CHARTS = 7  # mix vs plan, mix by month, segment heatmap, segment bars, migration, recovery, complaint rate


def _texts(at) -> list[str]:
    return (
        [at.title[0].value]
        + [h.value for h in at.subheader]
        + [c.value for c in at.caption]
        + [m.label for m in at.metric]
        + [s.label for s in at.selectbox]
        + [e.label for e in at.expander]
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_renders_every_section(app, lang: str) -> None:
    at = app(role="manager", lang=lang, page=PAGE, flt_dates=RANGE)
    assert not at.exception, at.exception
    assert len(at.get("plotly_chart")) == CHARTS
    assert len(at.metric) == 5
    assert at.selectbox(key="loyalty_month").value == date(2026, 11, 1)
    assert at.selectbox(key="loyalty_month").options == ["2026-11", "2026-10", "2026-09"]
    assert len(at.dataframe) == 6  # KPIs, plan, segments, migration, recovery, complaint rate
    if lang == "en":
        assert at.title[0].value == "Loyalty tiers"
        assert [m.label for m in at.metric] == [
            "Retention",
            "30-day recovery",
            "Improper-collection share",
            "Cost per customer",
            "Satisfaction",
        ]
        leaks = [s for s in _texts(at) if CJK.search(s)]
        assert not leaks, leaks
        assert not any(CJK.search(str(c)) for df in at.dataframe for c in df.value.columns)
    else:
        assert at.title[0].value == "客户分层"
        assert at.metric[0].label == "客户留存率"


def test_tier_counts_match_the_store(app, seeded_sqlite: str) -> None:
    with create_engine(seeded_sqlite).connect() as conn:
        per_tier = dict(
            conn.execute(
                text(
                    "SELECT m.loyalty_tier, count(*) FROM customer_monthly m JOIN customers c ON c.id = m.customer_id "
                    "WHERE m.month = '2026-10-01' AND c.city_id = 1 GROUP BY m.loyalty_tier"
                )
            ).all()
        )
    at = app(role="manager", lang="en", page=PAGE, flt_dates=RANGE, flt_city=[1], loyalty_month=date(2026, 10, 1))
    assert not at.exception, at.exception
    plan = at.dataframe[1].value.set_index("Tier")["Customers"].to_dict()
    assert plan == {
        "Potential": per_tier.get("potential", 0),
        "Stable": per_tier.get("stable", 0),
        "High-risk": per_tier.get("high_risk", 0),
        "Dormant": per_tier.get("dormant", 0),
    }
    assert any("Rows: tier in 2026-09; columns: tier in 2026-10" in c.value for c in at.caption)


def test_drill_down_lists_masked_customers(app) -> None:
    at = app(
        role="manager",
        lang="zh",
        page=PAGE,
        flt_dates=RANGE,
        loyalty_drill_tier="high_risk",
        loyalty_drill_segment="M3+_low",
    )
    assert not at.exception, at.exception
    assert len(at.dataframe) == 7
    drill = at.dataframe[3].value
    assert 0 < len(drill) <= 200
    assert drill["姓名"].str.contains(r"\*").all()
    assert drill["电话"].str.match(r"^\d{3}\*+\d{4}$").all()
    assert (drill["逾期天数"] > 90).all()


def test_complaint_only_filters_are_explained(app) -> None:
    plain = app(role="manager", lang="en", page=PAGE, flt_dates=RANGE)
    assert not any("do not apply to customers" in c.value for c in plain.caption)
    levelled = app(role="manager", lang="en", page=PAGE, flt_dates=RANGE, flt_level=["L1"])
    assert not levelled.exception, levelled.exception
    assert any("do not apply to customers" in c.value for c in levelled.caption)


def test_range_without_snapshots_shows_why_it_is_empty(app) -> None:
    for lang, words in (("zh", "没有客户月度快照"), ("en", "No monthly customer snapshots")):
        at = app(role="manager", lang=lang, page=PAGE, flt_dates=(date(2025, 1, 1), date(2025, 3, 31)))
        assert not at.exception, at.exception
        assert words in at.info[0].value
        assert not at.get("plotly_chart") and not at.metric


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_programme_targets_are_reachable_and_missing_cost_is_explained(app, lang: str) -> None:
    at = app(role="manager", lang=lang, page=PAGE)
    assert not at.exception, at.exception
    captions = [c.value for c in at.caption]
    assert not any("100.0%" in c for c in captions)  # no target a share cannot reach
    cost = "尚无成本数据" if lang == "zh" else "no cost data yet"
    assert any(cost in c and "—" in c for c in captions)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_recovery_of_a_month_still_counting_is_marked_as_partial(app, lang: str) -> None:
    """AS_OF is 2026-11-23: November's 30 days run to 1 December, so its recovery is partial (hollow
    points on a dotted line, the note under the title); September and October are final."""
    at = app(role="manager", lang=lang, page=PAGE, flt_dates=RANGE)
    chart = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if "loyalty_recovery_chart" in c.proto.id)
    dotted = [trace for trace in chart["data"] if trace.get("line", {}).get("dash") == "dot"]
    assert dotted and all(
        trace["x"][-1] == "2026-11" and trace["marker"]["symbol"][-1] == "circle-open" for trace in dotted
    )
    solid = [t for t in chart["data"] if t.get("line", {}).get("dash") != "dot" and t.get("mode") == "lines+markers"]
    assert solid and all("2026-11" not in trace["x"] for trace in solid)
    note = {"zh": "该周期尚未结束", "en": "the period is still running"}[lang]
    assert note in chart["layout"]["title"]["subtitle"]["text"]
