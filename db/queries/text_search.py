"""Full-text search of complaint descriptions and handling notes, Chinese-aware: the query is cut
into tokens by ``domain.text.search_tokens`` (the cut the index was built with) and a complaint
matches when its stored tokens hold every one. SQLite answers from the FTS5 table
``complaint_search``, PostgreSQL from the GIN index over the tokens' tsvector (``db.text_index``).

Tokens are only Chinese words and ASCII letter or digit runs, and each is quoted as a phrase
(FTS5) or a lexeme (tsquery) and bound as a parameter, so no query text is ever read as search
syntax: ``"``, ``*``, ``OR``, ``NEAR``, ``-`` or emoji are plain text (or no token at all).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, bindparam, false, literal_column, select, table, text, true
from sqlalchemy.dialects import postgresql

from db.engine import engine
from db.models import Complaint, ComplaintText
from db.text_index import FTS_TABLE, SEARCH_VECTOR
from domain.text import search_tokens

_FTS = table(FTS_TABLE, literal_column("rowid"))


def _quoted(token: str, quote: str) -> str:
    return quote + token.replace(quote, quote * 2) + quote


def fts_query(tokens: list[str]) -> str:
    """An FTS5 query of phrases, all required: ``"催收员" "上门"``."""
    return " ".join(_quoted(t, '"') for t in tokens)


def ts_query(tokens: list[str]) -> str:
    """A tsquery of lexemes, all required: ``'催收员' & '上门'`` (backslashes doubled, as tsquery reads them)."""
    return " & ".join(_quoted(t.replace("\\", "\\\\"), "'") for t in tokens)


def text_condition(query: str) -> ColumnElement[bool]:
    """A WHERE condition on ``complaints``: its description or notes hold every token of ``query``.
    A blank query selects everything; one without any searchable token (only punctuation or emoji)
    selects nothing."""
    if not (query or "").strip():
        return true()
    tokens = search_tokens(query)
    if not tokens:
        return false()
    if engine().dialect.name == "postgresql":
        matching = select(ComplaintText.complaint_id).where(
            text(f"{SEARCH_VECTOR} @@ CAST(:search_query AS tsquery)").bindparams(
                bindparam("search_query", ts_query(tokens), type_=postgresql.TEXT)
            )
        )
    else:
        matching = (
            select(_FTS.c.rowid)
            .select_from(_FTS)
            .where(text(f"{FTS_TABLE} MATCH :search_query").bindparams(search_query=fts_query(tokens)))
        )
    return Complaint.id.in_(matching)
