"""The SLA page through ``app.py``: four heatmaps in both languages, a chosen cell lists its cases,
the empty state, team scoping, the reminder form (stored once on a repeated submit) and the
handler's reminder panel."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine, func, select

from db.models import Complaint, ComplaintEvent, Team, User
from db.queries import sla as q
from db.services.reminders import send_reminder
from domain.filters import Filters
from domain.users import CurrentUser
from tests.app.helpers import case_refs

CJK = re.compile(r"[\u4e00-\u9fff]")
PAGE = "pages/sla.py"
RANGE = (date(2026, 9, 7), date(2026, 11, 22))  # twelve weeks of the seeded store, whatever today is
HEATMAP_KEYS = ["sla_cell_stage_level", "sla_cell_city_week", "sla_cell_team_stage", "sla_cell_weekday_hour"]


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def frames(at) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def own_labels(at) -> list[str]:
    """Every label this page draws (not the data inside tables and charts)."""
    texts = [
        at.title[0].value,
        *(c.value for c in at.caption),
        *(h.value for h in at.header),
        *(h.value for h in at.subheader),
        *(m.label for m in at.metric),
        *(i.value for i in at.info),
        *(s.label for s in at.selectbox if s.key in HEATMAP_KEYS),
        *(tab.label for tab in at.tabs),
        at.number_input(key="sla_at_risk_hours").label,
    ]
    for spec in charts(at):
        layout = spec["layout"]
        texts += [layout["title"]["text"], layout["xaxis"]["title"]["text"], layout["yaxis"]["title"]["text"]]
    texts += list(frames(at)[0].columns) if frames(at) else []
    return texts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_manager_sees_four_heatmaps(app, lang: str) -> None:
    at = app(role="manager", lang=lang, page=PAGE, flt_dates=RANGE)
    assert not at.exception, at.exception
    specs = charts(at)
    assert len(specs) == 4
    assert [s.key for s in at.selectbox if s.key in HEATMAP_KEYS] == HEATMAP_KEYS
    assert [m.label for m in at.metric][:3] == (
        ["Decided deadlines", "Breached", "Breach rate"] if lang == "en" else ["已判定环节", "超时环节", "超时率"]
    )
    assert int(at.metric[0].value.replace(",", "")) > 0
    stage_level, city_week, team_stage, weekday_hour = specs
    assert len(stage_level["data"][0]["y"]) == 5 and len(stage_level["data"][0]["x"]) == 3
    assert len(city_week["data"][0]["y"]) == q.TOP_ROWS  # the seeded store has more cities than that
    assert len(team_stage["data"][0]["y"]) == q.TOP_ROWS
    assert len(weekday_hour["data"][0]["y"]) == 7
    assert "%{customdata[1]}" in stage_level["data"][1]["hovertemplate"]  # counts in the hover text
    labels = own_labels(at)
    if lang == "en":
        assert at.title[0].value == "SLA"
        assert not [text for text in labels if CJK.search(text)]
        assert not [city for city in city_week["data"][0]["y"] if CJK.search(city)]  # English city names
        assert stage_level["data"][0]["y"][0] == "Acknowledge"
    else:
        assert at.title[0].value == "时效（SLA）"
        assert stage_level["data"][0]["y"][0] == "受理"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chosen_stage_level_cell_lists_its_cases(app, lang: str) -> None:
    at = app(role="manager", lang=lang, page=PAGE, flt_dates=RANGE, sla_cell_stage_level="resolve|L1")
    assert not at.exception, at.exception
    cases = frames(at)[0]
    assert len(cases) > 0
    stage, level = ("Resolve", "L1 urgent") if lang == "en" else ("处理", "一级（紧急）")
    stage_col, level_col = ("Stage", "Level") if lang == "en" else ("环节", "级别")
    assert set(cases[stage_col]) == {stage} and set(cases[level_col]) == {level}
    assert not {"客户", "Customer"} & set(cases.columns)  # no customer data behind a cell
    assert cases.iloc[:, 0].str.match(r"^cases\?ref=TS\d+$").all()  # every case number opens the case
    assert at.download_button  # CSV and Excel export


def test_chosen_weekday_hour_cell_lists_cases_received_then(app) -> None:
    at = app(role="manager", lang="en", page=PAGE, flt_dates=RANGE, sla_cell_weekday_hour="0|9")
    assert not at.exception, at.exception
    received = pd.to_datetime(frames(at)[0]["Received"])
    assert len(received) > 0
    assert set(received.dt.weekday) == {0} and set(received.dt.hour) == {9}


def test_chosen_city_week_cell_matches_the_query(app, seeded_sqlite: str) -> None:
    start, end = date(2026, 11, 9), date(2026, 11, 22)
    cells, _ = q.breach_by_city_week(Filters(start=start, end=end), q.as_of())
    worst = cells.iloc[0]
    at = app(
        role="manager",
        lang="en",
        page=PAGE,
        flt_dates=(start, end),
        sla_cell_city_week=f"{worst['city_id']}|{worst['week'].isoformat()}",
    )
    assert not at.exception, at.exception
    assert len(frames(at)[0]) == worst["deadlines"]
    assert (frames(at)[0]["Breached"] == "Yes").sum() == worst["breached"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_empty_date_range_says_why(app, lang: str) -> None:
    at = app(role="manager", lang=lang, page=PAGE, flt_dates=(date(2024, 1, 1), date(2024, 1, 7)))
    assert not at.exception, at.exception
    assert not at.get("plotly_chart")
    expected = "No stage fell due in the chosen date range" if lang == "en" else "所选日期范围内没有到期的环节"
    assert any(expected in i.value for i in at.info)
    assert at.metric[0].value == "0"
    assert at.number_input(key="sla_at_risk_hours").value == 4  # the queues of now are still there


def test_department_head_sees_own_team_only(app, seeded_sqlite: str) -> None:
    at = app(role="dept_head", page=PAGE, flt_dates=RANGE)
    assert not at.exception, at.exception
    user = at.session_state["user"]
    with create_engine(seeded_sqlite).connect() as conn:
        team = conn.execute(select(Team.name).where(Team.id == user.team_id)).scalar_one()
        refs = set(conn.execute(select(Complaint.ref_no).where(Complaint.team_id == user.team_id)).scalars())
    specs = charts(at)
    assert len(specs) == 4
    assert specs[2]["data"][0]["y"] == [team]  # team × stage
    assert len(specs[1]["data"][0]["y"]) == 1  # that team's city only
    assert not any(c.value.startswith("显示超时环节最多") for c in at.caption)  # nothing left out: no note
    by_stage = q.breach_by_stage_level(Filters(*RANGE, team_ids=(user.team_id,)), q.as_of())
    busiest = by_stage.sort_values("deadlines").iloc[-1]
    scoped = app(
        role="dept_head", page=PAGE, flt_dates=RANGE, sla_cell_stage_level=f"{busiest['stage']}|{busiest['level']}"
    )
    listed = set(case_refs(frames(scoped)[0]["工单号"]))
    assert listed and listed <= refs
    assert not [b for b in at.button if b.key == "sla_remind_send"]  # heads may not send reminders


@pytest.fixture
def writable_store(seeded_sqlite: str, use_store, tmp_path: Path) -> str:
    """A private copy of the seeded store for tests that write."""
    target = tmp_path / "store.sqlite3"
    with sqlite3.connect(seeded_sqlite.removeprefix("sqlite:///")) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return use_store(f"sqlite:///{target}")


def reminder_count(url: str, complaint_id: int, stage: str) -> int:
    with create_engine(url).connect() as conn:
        return conn.execute(
            select(func.count())
            .select_from(ComplaintEvent)
            .where(
                ComplaintEvent.complaint_id == complaint_id,
                ComplaintEvent.kind == "reminder",
                ComplaintEvent.stage == stage,
            )
        ).scalar_one()


def test_manager_sends_a_reminder_once(app, writable_store: str) -> None:
    at = app(role="manager", lang="en", page=PAGE)
    assert not at.exception, at.exception
    choice = at.selectbox(key="sla_remind_case").value
    complaint_id, stage = choice.split("|")
    before = reminder_count(writable_store, int(complaint_id), stage)
    at.text_area(key="sla_remind_note").input("Please call the customer back today.")
    at.button(key="sla_remind_send").click().run()
    assert not at.exception, at.exception
    assert any("Reminder sent" in s.value for s in at.success)
    assert reminder_count(writable_store, int(complaint_id), stage) == before + 1
    at.button(key="sla_remind_send").click().run()  # the same submit again: a double click
    assert reminder_count(writable_store, int(complaint_id), stage) == before + 1
    queue = frames(at)[0]
    reminded = queue.assign(Reference=case_refs(queue["Reference"])).set_index(["Reference", "Stage"])[
        "Reminders sent"
    ]  # overdue queue
    assert reminded.sum() >= 1
    at.run()  # any other interaction renders the form anew: the next submit is a new reminder
    at.button(key="sla_remind_send").click().run()
    assert reminder_count(writable_store, int(complaint_id), stage) == before + 2


def test_handler_sees_reminders_on_own_open_cases(app, writable_store: str) -> None:
    with create_engine(writable_store).connect() as conn:
        manager = conn.execute(select(User.id).where(User.role == "manager").limit(1)).scalar_one()
    overdue = q.overdue_queue(Filters(*RANGE), q.as_of())
    mine = overdue.dropna(subset=["handler_id"]).iloc[0]
    boss = CurrentUser(id=manager, username="boss", display_name="boss", role="manager")
    send_reminder(int(mine["complaint_id"]), mine["stage"], boss, "今天内处理完毕", "tok-handler-panel")
    at = app(role="prevention", lang="zh", page=PAGE, demo_user=int(mine["handler_id"]))
    assert not at.exception, at.exception
    assert "我收到的催办" in [s.value for s in at.subheader]
    panel = next(frame for frame in frames(at) if "催办说明" in frame.columns)
    assert case_refs(panel["工单号"])[0] == mine["ref_no"]
    assert panel.iloc[0]["催办说明"] == "今天内处理完毕"
    other = app(role="manager", lang="zh", page=PAGE)
    assert "我收到的催办" not in [s.value for s in other.subheader]
