"""The explore page through ``app.py``: the default question, the Q4 question in a few interactions
checked against SQL, both languages, the cases of a row and their full download, a shared link, saved
questions, and who may open it."""

from __future__ import annotations

import csv
import io
from datetime import date
from urllib.parse import parse_qsl

import pytest
from sqlalchemy import create_engine, text
from streamlit.testing.v1 import AppTest

from components.labels import LABELS
from tests.app.helpers import Builders, open_address
from tests.helpers import ROOT

PAGE = "pages/explore.py"
Q3 = (date(2026, 7, 1), date(2026, 9, 30))  # the seeded store's "last quarter" (as of 2026-11-23)


def _table(at: AppTest, column: str):
    return next(df.value for df in at.main.dataframe if column in df.value.columns)


def _top_cities(url: str, category: str, start: date, end: date, n: int = 10) -> list[tuple[str, int]]:
    with create_engine(url).connect() as conn:
        rows = conn.execute(
            text(
                "SELECT ci.name, count(*) AS n FROM complaints c JOIN cities ci ON ci.id = c.city_id "
                "WHERE c.duplicate_of_id IS NULL AND c.category = :cat AND c.received_at >= :lo AND c.received_at < :hi "
                "GROUP BY ci.id, ci.name ORDER BY n DESC, ci.id"
            ),
            {"cat": category, "lo": f"{start} 00:00:00", "hi": f"{date.fromordinal(end.toordinal() + 1)} 00:00:00"},
        ).all()
    return [(str(name), int(n)) for name, n in rows[:n]]


def test_explore_default_question_counts_complaints_by_city(app) -> None:
    at = app(role="manager", page=PAGE)
    assert not at.exception, at.exception
    assert at.title[0].value == "自助分析"
    table = _table(at, "投诉量")
    assert list(table.columns) == ["城市", "投诉量"]
    assert 0 < len(table) <= 10
    assert list(table["投诉量"]) == sorted(table["投诉量"], reverse=True)
    assert at.get("vega_lite_chart")  # the chart of the result


def test_explore_q3_violent_collection_top_cities_equal_sql(app, seeded_sqlite: str) -> None:
    """The quarter and the category as the period pick leaves them (the pick sets the sidebar's range;
    AppTest keeps no sidebar widget across reruns, so the clicks are the browser journey's): the top 10
    cities equal a SQL count of the same complaints."""
    at = app(role="committee", page=PAGE, exp_period="2026-Q3", flt_dates=Q3, exp_cat=["violent_collection"])
    assert not at.exception, at.exception
    assert at.selectbox(key="exp_period").value == "2026-Q3"  # the range is named by its quarter
    assert any(c.value == "2026-07-01 至 2026-09-30" for c in at.caption)
    table = _table(at, "投诉量")
    expected = _top_cities(seeded_sqlite, "violent_collection", *Q3)
    assert [(c, int(n)) for c, n in zip(table["城市"], table["投诉量"])] == expected


def test_explore_a_range_set_by_hand_is_a_custom_period(app) -> None:
    at = app(role="committee", page=PAGE, exp_period="2026-Q3", flt_dates=(date(2026, 7, 2), date(2026, 9, 30)))
    assert at.selectbox(key="exp_period").value == "custom"


def test_explore_in_english_names_everything_in_english(app) -> None:
    at = app(role="admin", lang="en", page=PAGE, exp_by=["category", "level"], exp_measure="share", exp_top=0)
    assert not at.exception, at.exception
    table = _table(at, "Share")
    assert list(table.columns) == ["Category", "Level", "Complaints", "Share"]
    assert table["Share"].sum() == pytest.approx(100.0, abs=0.5)  # percentages of the whole result
    labels = [at.selectbox(key="exp_measure").label, *at.selectbox(key="exp_measure").options]
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in label) for label in labels + list(table["Category"]))


@pytest.mark.parametrize(
    "measure", ["l1", "breach_rate", "satisfaction", "repeat_rate", "compensation", "no_fault_rate"]
)
def test_explore_every_measure_draws(app, measure: str) -> None:
    at = app(role="prevention", page=PAGE, exp_by=["month"], exp_measure=measure)
    assert not at.exception, at.exception
    assert at.get("vega_lite_chart")
    assert len(_table(at, LABELS[f"explore.measure.{measure}"][0])) >= 3  # one row a month


def test_explore_drill_down_lists_the_cases_and_downloads_all_of_them(app, deferred: Builders) -> None:
    at = app(
        role="manager",
        page=PAGE,
        exp_by=["level"],
        flt_dates=(date(2026, 1, 1), date(2026, 11, 22)),
        exp_drill=0,
    )
    assert not at.exception, at.exception
    result = _table(at, "投诉量")
    cases = _table(at, "投诉编号")
    total = int(result["投诉量"].iloc[0])
    assert len(cases) == min(200, total) and total > 200  # the newest 200 shown …
    assert all(str(ref).startswith("cases?ref=TS") for ref in cases["投诉编号"])  # each opens its case
    shown = {b.proto.deferred_file_id for b in at.download_button}
    build = next(
        build for file_id, (build, name) in deferred.items() if file_id in shown and name == "explore_cases.csv"
    )
    rows = list(csv.reader(io.StringIO(build().decode("utf-8-sig"))))
    assert len(rows) == 1 + total  # … and every one downloaded


def test_explore_shared_link_opens_the_same_question(app) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["demo_role"] = "committee"
    at.query_params.update(
        {"dates": "2026-07-01~2026-09-30", "period": "2026-Q3", "cat": "violent_collection", "by": "team", "top": "5"}
    )
    at.run()
    open_address(at, "explore")
    assert not at.exception, at.exception
    assert at.selectbox(key="exp_period").value == "2026-Q3"
    assert at.multiselect(key="exp_cat").value == ["violent_collection"]
    assert list(_table(at, "投诉量").columns) == ["团队", "投诉量"] and len(_table(at, "投诉量")) <= 5
    kept = dict(parse_qsl("&".join(f"{k}={v}" for k, v in at.query_params.items())))
    assert kept["cat"] == "violent_collection" and kept["by"] == "team" and kept["top"] == "5"


def test_explore_save_a_question_and_open_a_shared_one(writable_app) -> None:
    at = writable_app(role="committee", page=PAGE, exp_by=["channel"], exp_measure="l1")
    at.text_input(key="exp_save_name").input("渠道 L1").run()
    at.checkbox(key="exp_save_shared").check().run()
    at.button(key="exp_save").click().run()
    assert not at.exception, at.exception
    assert any("已保存“渠道 L1”" in s.value for s in at.success)
    options = at.selectbox(key="exp_saved")
    names = [options.format_func(o) if hasattr(options, "format_func") else o for o in options.options]
    assert any("渠道 L1" in str(n) for n in names)
    assert any("上季度暴力催收投诉 TOP10 城市" in str(n) for n in names)  # the product's shared questions


def test_explore_saved_preset_fills_the_builder(writable_app) -> None:
    at = writable_app(role="manager", page=PAGE)
    presets = at.selectbox(key="exp_saved")
    target = next(o for o in presets.options if "暴力催收" in str(o))
    presets.set_value(target).run()
    at.button(key="exp_saved_open").click().run()
    assert not at.exception, at.exception
    assert at.multiselect(key="exp_cat").value == ["violent_collection"]
    assert at.multiselect(key="exp_by").value == ["city"]  # the saved question's grouping (its period: the journey)


def test_explore_is_not_for_staff(app) -> None:
    at = app(role="staff")
    open_address(at, "explore")
    assert not at.exception, at.exception
    assert any(LABELS["auth.page_not_allowed"][0] in w.value for w in at.warning)
