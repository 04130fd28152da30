"""The case lookup page through ``app.py``: staff land on it; lookup by number, ``?ref=``, the recent
list; not-found message; PII masked; complaint text shown as text; duplicates linked."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from streamlit.testing.v1 import AppTest

from tests.app.helpers import case_refs
from tests.helpers import ROOT

CJK = re.compile(r"[\u4e00-\u9fff]")
PAGE = "pages/cases.py"
SCRIPT = "<script>alert('pwned')</script> **not bold** [link](https://example.com)"


def _one(url: str, sql: str) -> tuple:
    with create_engine(url).connect() as conn:
        return tuple(conn.execute(text(sql)).first())


@pytest.fixture
def original(seeded_sqlite: str) -> dict:
    """The first complaint from a named customer that has duplicates, with its raw PII."""
    ref, cid, name, phone, id_number = _one(
        seeded_sqlite,
        """
        SELECT c.ref_no, c.id, cu.name, cu.phone, cu.id_number FROM complaints c
        JOIN customers cu ON cu.id = c.customer_id
        WHERE (SELECT count(*) FROM complaints d WHERE d.duplicate_of_id = c.id) >= 1
        ORDER BY c.id LIMIT 1""",
    )
    with create_engine(seeded_sqlite).connect() as conn:
        duplicates = [
            r
            for (r,) in conn.execute(
                text("SELECT ref_no FROM complaints WHERE duplicate_of_id = :id ORDER BY received_at"), {"id": cid}
            )
        ]
    return {"ref": ref, "id": cid, "name": name, "phone": phone, "id_number": id_number, "duplicates": duplicates}


@pytest.fixture
def staff_cases(seeded_sqlite: str) -> set[str]:
    """The numbers of the cases the demo staff user handles or took first contact of (their scope)."""
    with create_engine(seeded_sqlite).connect() as conn:
        return set(
            conn.execute(
                text(
                    "SELECT ref_no FROM complaints WHERE (SELECT id FROM users WHERE username = 'staff') "
                    "IN (handler_id, first_owner_id)"
                )
            ).scalars()
        )


def _all_text(at: AppTest) -> str:
    """Everything the page body shows, as one string."""
    main = at.main
    parts = [
        e.value
        for kind in ("title", "subheader", "caption", "markdown", "text", "info", "warning")
        for e in getattr(main, kind)
    ]
    parts += [df.value.to_string() for df in main.dataframe]
    parts += [link.proto.label for link in main.get("page_link")]
    return "\n".join(str(p) for p in parts)


def _links(at: AppTest) -> list[str]:
    return [link.proto.query_string for link in at.main.get("page_link")]


# ---- landing and the recent list ------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_staff_land_on_case_lookup_with_recent_cases(app, lang: str, staff_cases: set[str]) -> None:
    at = app(role="staff", lang=lang)
    assert not at.exception, at.exception
    assert at.title[0].value == ("工单查询" if lang == "zh" else "Case lookup")
    assert at.text_input(key="cases_ref").value == ""
    recent = at.main.dataframe[0].value
    # Staff see the cases they handle or took first contact of (their scope), at most 50.
    assert 0 < len(recent) <= 50 and set(case_refs(recent.iloc[:, 0])) <= staff_cases
    received = list(recent.iloc[:, 1])
    assert received == sorted(received, reverse=True)  # newest first
    assert len(at.selectbox(key="cases_recent").options) == len(recent)
    if lang == "en":
        own = [
            at.title[0].value,
            *(c.value for c in at.main.caption),
            *(s.value for s in at.main.subheader),
            at.text_input(key="cases_ref").label,
            at.selectbox(key="cases_recent").label,
            *recent.columns,
        ]
        assert not [s for s in own if CJK.search(s)]


def test_recent_cases_follow_the_global_filters(app, seeded_sqlite: str) -> None:
    shanghai = _one(seeded_sqlite, "SELECT id FROM cities WHERE name = '上海'")[0]
    at = app(role="manager", lang="en", page=PAGE, flt_city=[shanghai])
    recent = at.main.dataframe[0].value
    assert not at.exception, at.exception
    assert set(recent["City"]) == {"Shanghai"}
    names = [n for n in recent["Customer"] if n]
    assert names and all(set(n[1:]) == {"*"} for n in names)  # masked: first character and stars


def test_recent_cases_empty_state(app) -> None:
    at = app(role="staff", lang="en", flt_dates=(date(2024, 1, 1), date(2024, 1, 7)))
    assert not at.exception, at.exception
    assert "No complaints for the current filters" in at.info[0].value
    assert not at.main.dataframe


def test_picking_a_recent_case_opens_it(app) -> None:
    at = app(role="prevention", lang="en", page=PAGE)  # every case in scope: a long recent list
    picked = at.selectbox(key="cases_recent").options[3].split(" · ")[0]
    at.selectbox(key="cases_recent").set_value(picked).run()
    assert not at.exception, at.exception
    assert at.text_input(key="cases_ref").value == picked
    assert at.main.subheader[0].value.startswith(picked)


# ---- one case -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_lookup_ignores_case_and_spaces_and_masks_pii(app, original: dict, lang: str) -> None:
    at = app(role="prevention", lang=lang, page=PAGE, cases_ref=f"  {original['ref'].lower()}  ")
    assert not at.exception, at.exception
    assert at.main.subheader[0].value.startswith(original["ref"])
    stages = at.main.dataframe[0].value
    assert len(stages) == 5
    shown = _all_text(at)
    assert original["phone"] not in shown and original["name"] not in shown and original["id_number"] not in shown
    assert original["phone"][:3] + "****" + original["phone"][-4:] in shown.replace("\\", "")
    masked_note = (
        "客户姓名、电话与证件号已脱敏显示" if lang == "zh" else "Customer name, phone and ID number are masked"
    )
    assert any(masked_note in c.value for c in at.main.caption)


def test_timeline_is_oldest_first(app, original: dict) -> None:
    at = app(role="prevention", lang="en", page=PAGE, cases_ref=original["ref"])
    timeline = next(df.value for df in at.main.dataframe if "Event" in df.value.columns)
    assert list(timeline["When"]) == sorted(timeline["When"])
    assert timeline["Event"].iloc[0] == "Received"


def test_duplicates_link_to_their_cases(app, original: dict) -> None:
    at = app(role="prevention", lang="en", page=PAGE, cases_ref=original["ref"])
    assert _links(at) == [f"ref={ref}" for ref in original["duplicates"]]
    first_duplicate = app(role="prevention", lang="en", page=PAGE, cases_ref=original["duplicates"][0])
    links = _links(first_duplicate)
    assert links[0] == f"ref={original['ref']}"  # the original first (the oldest)
    assert "Original" in first_duplicate.main.get("page_link")[0].proto.label


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("zh", "未找到编号为「TS0000000000」的工单"),
        ("en", "No case with reference number “TS0000000000”"),
    ],
)
def test_unknown_reference_says_so(app, lang: str, message: str) -> None:
    at = app(role="staff", lang=lang, cases_ref=" TS0000000000 ")
    assert not at.exception, at.exception
    assert message in at.warning[0].value
    assert at.selectbox(key="cases_recent")  # the recent list is offered instead


@pytest.mark.parametrize(("role", "page"), [("staff", None), ("manager", PAGE)])
def test_reference_from_the_url(
    seeded_sqlite: str, use_store, original: dict, staff_cases: set[str], role: str, page: str | None
) -> None:
    ref = min(staff_cases) if role == "staff" else original["ref"]  # staff open a case of their own
    use_store(seeded_sqlite)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    at.session_state["demo_role"] = role
    at.query_params["ref"] = ref.lower()
    at.run()
    if page is not None:
        at.query_params["ref"] = ref.lower()
        at.switch_page(page).run()
    assert not at.exception, at.exception
    assert at.text_input(key="cases_ref").value == ref.lower()
    assert at.main.subheader[0].value.startswith(ref)


def _lookup_on_a_copy(seeded_sqlite: str, use_store, tmp_path: Path, ref: str, *changes: tuple) -> AppTest:
    """The handling department (every case in scope) looking up ``ref`` on a copy of the seeded store
    with ``changes`` (SQL, params) applied."""
    copy = tmp_path / "store.sqlite3"
    with sqlite3.connect(seeded_sqlite.removeprefix("sqlite:///")) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
        for sql, params in changes:
            dst.execute(sql, params)
    use_store(f"sqlite:///{copy}")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    at.session_state["demo_role"] = "prevention"
    at.session_state["cases_ref"] = ref
    at.run()
    return at.switch_page(PAGE).run()


def test_complaint_text_is_shown_as_text_never_as_markdown(
    seeded_sqlite: str, use_store, tmp_path: Path, original: dict
) -> None:
    at = _lookup_on_a_copy(
        seeded_sqlite,
        use_store,
        tmp_path,
        original["ref"],
        ("UPDATE complaints SET description = ? WHERE id = ?", (SCRIPT, original["id"])),
    )
    assert not at.exception, at.exception
    assert at.main.text[0].value == SCRIPT  # then, once resolved, the reply written for the complainant
    assert SCRIPT not in [t.value for t in at.main.text[1:]]
    assert not [m.value for m in at.get("markdown") if "<script>" in m.value or "not bold" in m.value]


def test_a_duplicate_links_the_original_and_its_other_duplicates(
    seeded_sqlite: str, use_store, tmp_path: Path, original: dict
) -> None:
    later = _one(
        seeded_sqlite,
        f"SELECT ref_no FROM complaints WHERE id > {original['id']} "
        "AND duplicate_of_id IS NULL ORDER BY received_at DESC LIMIT 1",
    )[0]
    at = _lookup_on_a_copy(
        seeded_sqlite,
        use_store,
        tmp_path,
        original["duplicates"][0],
        ("UPDATE complaints SET duplicate_of_id = ? WHERE ref_no = ?", (original["id"], later)),
    )
    assert not at.exception, at.exception
    labels = [link.proto.label for link in at.main.get("page_link")]
    assert [label.split(" · ")[:2] for label in labels] == [
        [original["ref"], "Original"],
        *([ref, "Duplicate"] for ref in [*original["duplicates"][1:], later]),
    ]
