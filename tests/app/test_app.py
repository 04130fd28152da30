"""``app.py`` renders for every demo role in both languages, and the filters drive the overview."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import create_engine, text

from components.i18n import LANGS
from components.labels import LABELS
from domain.codes import ROLES

CJK = re.compile(r"[\u4e00-\u9fff]")


HEADLINE_KPIS = ("overview.complaints", "overview.l1", "overview.sla", "overview.satisfaction")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_app_renders_for_every_role_and_language(app, role: str, lang: str) -> None:
    """Staff land on case lookup (their work page); every other role lands on the overview KPIs."""
    at = app(role=role, lang=lang)
    assert not at.exception, at.exception
    assert at.sidebar.selectbox(key="demo_role").value == role
    in_lang = LANGS.index(lang)
    if role == "staff":
        assert at.title[0].value == LABELS["cases.title"][in_lang]
        assert at.text_input(key="cases_ref").label == LABELS["cases.ref"][in_lang]
        assert not at.metric
    else:
        assert at.title[0].value == LABELS["overview.title"][in_lang]
        labels = [m.label for m in at.metric]
        assert labels[:4] == [LABELS[key][in_lang] for key in HEADLINE_KPIS]
    if lang == "en":
        assert at.title[0].value in ("Case lookup", "Overview")
        assert not any(CJK.search(label) for label in [at.title[0].value, *(m.label for m in at.metric)])
    else:
        assert at.title[0].value in ("工单查询", "总览")


def test_demo_badge_is_visible(app) -> None:
    at = app()
    assert any("演示模式" in m.value for m in at.sidebar.markdown)


def test_english_labels_reach_the_sidebar(app) -> None:
    # The toggle itself is exercised in the browser journey: AppTest keeps stale format_funcs
    # across a language change, so each language gets its own session here.
    at = app(lang="en")
    assert at.sidebar.multiselect(key="flt_city").label == "City"
    assert "Shanghai" in at.sidebar.multiselect(key="flt_city").options
    assert at.sidebar.button(key="flt_reset").label == "Clear filters"


def _count(at) -> int:
    return int(at.metric[0].value.replace(",", ""))


def test_city_filter_changes_the_overview(app, seeded_sqlite: str) -> None:
    week = (date(2026, 11, 9), date(2026, 11, 15))
    with create_engine(seeded_sqlite).connect() as conn:
        per_city = dict(
            conn.execute(
                text(
                    "SELECT city_id, count(*) FROM complaints WHERE duplicate_of_id IS NULL "
                    "AND received_at >= '2026-11-09' AND received_at < '2026-11-16' GROUP BY city_id"
                )
            ).all()
        )
    busiest = max(per_city, key=per_city.get)
    everywhere = app(role="manager", flt_dates=week)
    one_city = app(role="manager", flt_dates=week, flt_city=[busiest])
    assert not one_city.exception
    assert _count(everywhere) == sum(per_city.values())
    assert _count(one_city) == per_city[busiest] < _count(everywhere)


def test_level_filter_counts_only_that_level(app) -> None:
    at = app(role="manager", flt_dates=(date(2026, 11, 2), date(2026, 11, 15)), flt_level=["L1"])
    assert at.sidebar.multiselect(key="flt_level").value == ["L1"]
    assert at.metric[0].value == at.metric[1].value  # every complaint counted is L1


def test_department_head_sees_own_team_only(app) -> None:
    at = app(role="dept_head")
    assert not at.exception
    assert [w.key for w in at.sidebar.multiselect] == ["flt_agent", "flt_channel", "flt_level"]
    assert any("数据范围已限定为" in c.value for c in at.sidebar.caption)


def test_empty_store_says_how_to_seed(sqlite_url: str, use_store) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.helpers import ROOT

    use_store(sqlite_url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert "make seed" in at.error[0].value
