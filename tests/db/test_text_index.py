"""The stored text facts (db.text_index) on SQLite and PostgreSQL: kept equal to a recompute after
ORM inserts, description updates, notes, an import and the rebuild command; full-text search
(db.queries.text_search) with hostile queries; the monthly keyword reads against a pandas recount."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

from db import text_index, text_rebuild
from db.engine import engine, session_scope
from db.models import City, Complaint, ComplaintEvent, ComplaintKeyword, ComplaintText, User
from db.queries import keywords
from db.queries.text_search import text_condition
from db.services import imports as svc
from domain.filters import Filters
from domain.imports import ImportMapping
from domain.tabular import read_table
from domain.users import CurrentUser, Scope
from tests import import_files as files
from tests.db.builders import complaint_in_status, customer, move_sequences, two_cities, two_teams
from tests.helpers import dt

OFFICER = CurrentUser(id=2, username="prev", display_name="防控专员", role="prevention")
TEXTS = {
    1: ("10-05", 1, "催收员A0012威胁我说要找人上门把我家砸了"),
    2: ("10-20", 1, "罚息算得太高，要求核对利息"),
    3: ("11-02", 2, "把我欠款的事发到公司群里，罚息也不对"),
    4: ("11-10", 1, "APP一打开就死机，罚息还在涨"),
    5: ("11-15", 1, "我没有想自杀，只是利息太高"),
    6: ("11-16", 2, "晚上十一点还在打电话催款，罚息太高"),
}


@pytest.fixture
def store(make_store) -> str:
    rows: list[object] = [*two_cities(), *two_teams(), customer(1)]
    rows.append(User(id=2, username="prev", display_name="防控专员", role="prevention"))
    for cid, (day, city, text) in TEXTS.items():
        row = complaint_in_status(cid, f"TS{cid}", dt(day, "10:00"), "received", dt("12-01"), city=city, team=city)
        row.description = text
        rows.append(row)
    url = make_store(rows)
    move_sequences(("complaints", "complaint_events"))
    with session_scope() as s:  # a stage note on case 2
        s.add(ComplaintEvent(id=100, complaint_id=2, at=dt("10-21"), kind="stage", stage="ack", note="已核实通话录音"))
    return url


def stored() -> dict[int, tuple]:
    with engine().connect() as conn:
        text_rows = {r[0]: tuple(r) for r in conn.execute(select(*ComplaintText.__table__.c))}
        words = conn.execute(
            select(ComplaintKeyword.complaint_id, ComplaintKeyword.keyword, ComplaintKeyword.rank).order_by(
                ComplaintKeyword.complaint_id, ComplaintKeyword.rank
            )
        ).all()
    return {cid: (row, [tuple(w) for w in words if w[0] == cid]) for cid, row in text_rows.items()}


def recomputed() -> dict[int, tuple]:
    with engine().connect() as conn:
        sources = list(text_index._sources(conn, Complaint.id.is_not(None)))
    return {cid: text_index.text_rows(cid, description, notes) for cid, description, notes in sources}


def found(query: str) -> list[int]:
    with engine().connect() as conn:
        return list(conn.execute(select(Complaint.id).where(text_condition(query)).order_by(Complaint.id)).scalars())


def test_orm_writes_keep_the_text_facts_equal_to_a_recompute(store: str) -> None:
    assert stored() == recomputed()
    facts = stored()
    assert facts[1][0][1:4] == ("violent_collection", True, "threat")
    assert facts[5][0][2] is False  # "我没有想自杀": negated
    with session_scope() as s:
        s.get(Complaint, 4).description = "催收员天天给我妈打电话"
        s.add(ComplaintEvent(complaint_id=5, at=dt("11-16"), kind="note", note="客户同意分期还款"))
    assert stored() == recomputed()
    assert stored()[4][0][1:4] == ("third_party_contact", True, "third_party")
    assert found("天天 打电话") == [4] and found("死机") == []
    assert found("分期还款") == [5] and found("核实 录音") == [2]


def test_search_finds_words_and_codes_and_survives_hostile_queries(store: str) -> None:
    assert found("上门") == [1] and found("a0012") == [1] and found("A0012 砸") == [1]
    assert found("罚息") == [2, 3, 4, 6]
    assert found("罚息 群里") == [3]
    assert found("") == [1, 2, 3, 4, 5, 6] and found("   ") == [1, 2, 3, 4, 5, 6]
    for hostile in (
        '"',
        "*",
        "OR",
        "-",
        "NEAR(罚息",
        "😀",
        "罚息 OR 利息",
        '罚息" OR "1',
        "'; DROP TABLE x; --",
        "x" * 2000,
    ):
        assert found(hostile) == [] or hostile.startswith("罚息"), hostile
    assert found("罚息" * 700)  # a long query of one repeated word is one token


def test_an_import_and_the_rebuild_command_store_what_a_recompute_gives(store: str, capsys) -> None:
    with session_scope() as s:
        s.add_all(
            [
                City(id=5, name="上海", name_en="Shanghai", province="上海市", province_en="Shanghai"),
                City(id=6, name="北京", name_en="Beijing", province="北京市", province_en="Beijing"),
                City(id=7, name="杭州", name_en="Hangzhou", province="浙江省", province_en="Zhejiang"),
            ]
        )
    result = svc.import_table(read_table(files.csv_bytes(), "a.csv"), ImportMapping.from_json(files.MAPPING), OFFICER)
    assert result.imported == 3
    assert stored() == recomputed() and len(stored()) == 9
    assert found("威胁 上门") == [1, *[cid for cid in recomputed() if cid > 6][1:2]]
    with engine().begin() as conn:  # the rules changed: stored rows are stale
        conn.execute(ComplaintText.__table__.update().values(category=None, urgent=False, tokens=""))
        conn.execute(ComplaintKeyword.__table__.delete())
    assert found("上门") == []
    text_rebuild.main()
    assert "complaint_text=9" in capsys.readouterr().out
    assert stored() == recomputed() and found("上门")[0] == 1


def test_keyword_reads_match_a_pandas_recount(store: str) -> None:
    with engine().connect() as conn:
        rows = pd.read_sql(
            select(Complaint.id, Complaint.received_at, Complaint.city_id, ComplaintKeyword.keyword).join(
                ComplaintKeyword, ComplaintKeyword.complaint_id == Complaint.id
            ),
            conn,
        )
    rows["month"] = rows["received_at"].dt.to_period("M")
    everything = Filters(date(2026, 1, 1), date(2026, 1, 1))
    for f, kept in (
        (everything, rows),
        (Filters(date(2026, 1, 1), date(2026, 1, 1), scope=Scope(city_ids=(1,))), rows[rows.city_id == 1]),
    ):
        counts = {m: g.groupby("keyword").size() for m, g in kept.groupby("month")}
        nov, oct_ = (
            counts.get(pd.Period("2026-11"), pd.Series(dtype=int)),
            counts.get(pd.Period("2026-10"), pd.Series(dtype=int)),
        )
        top = keywords.top_keywords.__wrapped__(f, date(2026, 11, 1), 50)
        assert dict(zip(top.keyword, top.complaints)) == nov.to_dict()
        assert list(top.complaints) == sorted(top.complaints, reverse=True)
        rising = keywords.rising_keywords.__wrapped__(f, date(2026, 11, 1), 50)
        change = nov.sub(oct_, fill_value=0)
        assert dict(zip(rising.keyword, rising.change)) == change[change > 0].to_dict()
        assert set(rising.previous) <= {0, *oct_.tolist()}
    assert "罚息" in set(keywords.top_keywords.__wrapped__(everything, date(2026, 11, 1)).keyword)
