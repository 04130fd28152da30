"""The text facts kept beside the complaints: ``complaint_text`` (the text's category, urgency and
search tokens) and ``complaint_keywords``, from ``domain.text`` over the description and the
handling notes (the notes of stage completions and free notes on the timeline).

Like ``db.facts``: every ORM insert of a complaint or a note, and every ORM update of a description,
rewrites the complaint's rows in the same transaction (the listeners at the end); bulk writers (an
import) call ``add_new``; ``rebuild`` recomputes everything (``python -m db.text_rebuild`` after the
rules change, the seed, migration 0011). A text that differs from another only in its numbers is
analysed once (``domain.text`` caches by the digit-masked text), so a seeded store of templates
costs a few hundred analyses, not one per complaint.

Search index: on SQLite an FTS5 table ``complaint_search`` with ``complaint_text`` as its external
content (kept in step by triggers); on PostgreSQL a GIN index over ``array_to_tsvector`` of the
tokens (no text-search parser, so no locale decides how Chinese is split: the tokens are jieba's).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from itertools import groupby

from sqlalchemy import ColumnElement, Connection, delete, event, select, true
from sqlalchemy.orm import Mapper, Session, attributes

from db import bulk
from db.models import Complaint, ComplaintEvent, ComplaintKeyword, ComplaintText
from domain.text import analyse, search_tokens

NOTE_KINDS = ("stage", "note")  # the timeline events whose note is a handling note
CHUNK = 500  # complaints per statement (SQLite's bound-parameter limit)
STREAM = 20_000  # complaints per batch of a rebuild

FTS_TABLE = "complaint_search"
PG_INDEX = "ix_complaint_text_search"
# The search objects outside the models (tests and autogenerate leave them alone).
SEARCH_OBJECTS = frozenset(
    {FTS_TABLE, *(f"{FTS_TABLE}_{part}" for part in ("data", "idx", "docsize", "config", "content")), PG_INDEX}
)
SEARCH_VECTOR = "array_to_tsvector(string_to_array(tokens, ' '))"
SQLITE_TRIGGERS = {
    "complaint_text_ai": f"""CREATE TRIGGER complaint_text_ai AFTER INSERT ON complaint_text BEGIN
  INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (new.complaint_id, new.tokens);
END""",
    "complaint_text_ad": f"""CREATE TRIGGER complaint_text_ad AFTER DELETE ON complaint_text BEGIN
  INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens) VALUES ('delete', old.complaint_id, old.tokens);
END""",
    "complaint_text_au": f"""CREATE TRIGGER complaint_text_au AFTER UPDATE OF tokens ON complaint_text BEGIN
  INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens) VALUES ('delete', old.complaint_id, old.tokens);
  INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (new.complaint_id, new.tokens);
END""",
}


def create_search_index(conn: Connection) -> None:
    """The full-text index over ``complaint_text.tokens`` of this dialect (the table exists)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(tokens, content='complaint_text', "
            "content_rowid='complaint_id', tokenize='unicode61')"
        )
        _create_triggers(conn)
        conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    else:
        conn.exec_driver_sql(f"CREATE INDEX {PG_INDEX} ON complaint_text USING gin (({SEARCH_VECTOR}))")


def drop_search_index(conn: Connection) -> None:
    """Drop what ``create_search_index`` made (PostgreSQL's index goes with its table)."""
    if conn.dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    else:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {PG_INDEX}")


def _create_triggers(conn: Connection) -> None:
    for statement in SQLITE_TRIGGERS.values():
        conn.exec_driver_sql(statement)


@functools.lru_cache(maxsize=4096)
def _notes_tokens(notes: tuple[str, ...]) -> frozenset[str]:
    """The search tokens of a case's notes (cached: most notes are a handful of standard texts)."""
    return frozenset(token for note in notes for token in search_tokens(note))


def text_rows(complaint_id: int, description: str, notes: Iterable[str]) -> tuple[tuple, list[tuple]]:
    """The ``complaint_text`` row and the ``complaint_keywords`` rows of one complaint."""
    found = analyse(description)
    tokens = _notes_tokens(tuple(sorted(set(notes)))).union(search_tokens(description))
    row = (complaint_id, found.category, found.urgent, found.theme, " ".join(sorted(tokens)))
    return row, [(complaint_id, word, rank) for rank, word in enumerate(found.keywords, start=1)]


TEXT_COLUMNS = ("complaint_id", "category", "urgent", "theme", "tokens")
KEYWORD_COLUMNS = ("complaint_id", "keyword", "rank")


def _sources(conn: Connection | Session, complaints: ColumnElement[bool]) -> Iterator[tuple[int, str, list[str]]]:
    """(id, description, notes) of the complaints matching ``complaints``, in id order, streamed."""
    described = conn.execute(
        select(Complaint.id, Complaint.description).where(complaints).order_by(Complaint.id),
        execution_options={"stream_results": True, "yield_per": STREAM},
    )
    notes = conn.execute(
        select(ComplaintEvent.complaint_id, ComplaintEvent.note)
        .where(
            ComplaintEvent.kind.in_(NOTE_KINDS),
            ComplaintEvent.note.is_not(None),
            ComplaintEvent.complaint_id.in_(select(Complaint.id).where(complaints)),
        )
        .order_by(ComplaintEvent.complaint_id),
        execution_options={"stream_results": True, "yield_per": STREAM},
    )
    by_complaint = groupby(notes, key=lambda r: r[0])
    pending = next(by_complaint, None)
    for cid, description in described:
        while pending is not None and pending[0] < cid:
            pending = next(by_complaint, None)
        texts: list[str] = []
        if pending is not None and pending[0] == cid:
            texts = [note for _, note in pending[1]]
            pending = next(by_complaint, None)
        yield cid, description or "", texts


def _write(conn: Connection | Session, sources: Iterable[tuple[int, str, list[str]]]) -> int:
    """Insert the rows of ``sources`` in batches; returns how many complaints."""
    raw = conn.connection() if isinstance(conn, Session) else conn
    total = 0
    batch: list[tuple] = []
    keywords: list[tuple] = []

    def flush() -> None:
        bulk.load(raw, ComplaintText.__table__, TEXT_COLUMNS, batch)
        bulk.load(raw, ComplaintKeyword.__table__, KEYWORD_COLUMNS, keywords)
        batch.clear()
        keywords.clear()

    for cid, description, notes in sources:
        row, words = text_rows(cid, description, notes)
        batch.append(row)
        keywords.extend(words)
        total += 1
        if len(batch) >= STREAM:
            flush()
    flush()
    return total


def refresh(conn: Connection | Session, complaints: ColumnElement[bool]) -> None:
    """Rewrite the text rows of the complaints matching ``complaints`` from their description and notes."""
    ids = [cid for (cid,) in conn.execute(select(Complaint.id).where(complaints))]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        conn.execute(delete(ComplaintKeyword).where(ComplaintKeyword.complaint_id.in_(chunk)))
        conn.execute(delete(ComplaintText).where(ComplaintText.complaint_id.in_(chunk)))
        _write(conn, list(_sources(conn, Complaint.id.in_(chunk))))


def add_new(conn: Connection | Session, described: Iterable[tuple[int, str]]) -> int:
    """The text rows of complaints this transaction inserted in bulk, from (id, description) at
    hand: they have no rows and no notes yet, so nothing is read back. Returns how many."""
    return _write(conn, ((cid, description, []) for cid, description in described))


def rebuild(conn: Connection) -> int:
    """Recompute every complaint's text rows and the search index; returns how many complaints.

    The rows are loaded without the index and the index is built once at the end (SQLite: the
    triggers are off meanwhile and FTS5 rebuilds from the table; PostgreSQL: the GIN index and the
    keys are built after the load)."""
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:  # no trigger per deleted or loaded row: the index is rebuilt from the table at the end
        for name in SQLITE_TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    conn.execute(delete(ComplaintKeyword))
    conn.execute(delete(ComplaintText))
    with bulk.indexes_after_load(conn, [ComplaintText.__table__, ComplaintKeyword.__table__]):
        total = _write(conn, _sources(conn, true()))
    if sqlite:
        conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        _create_triggers(conn)
    return total


def _complaint_written(_mapper: Mapper[Complaint], connection: Connection, target: Complaint) -> None:
    refresh(connection, Complaint.id == target.id)


def _description_changed(_mapper: Mapper[Complaint], connection: Connection, target: Complaint) -> None:
    if attributes.get_history(target, "description").has_changes():
        refresh(connection, Complaint.id == target.id)


def _note_added(_mapper: Mapper[ComplaintEvent], connection: Connection, target: ComplaintEvent) -> None:
    if target.kind in NOTE_KINDS and target.note:
        refresh(connection, Complaint.id == target.complaint_id)


event.listen(Complaint, "after_insert", _complaint_written)
event.listen(Complaint, "after_update", _description_changed)
event.listen(ComplaintEvent, "after_insert", _note_added)
