"""Drawing the audit log: entries in the user's language with their detail as readable JSON (the
stored codes of a role, channel, level, category or stage in words), the same frame for the
screen and the exports."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.formats import stamp
from components.i18n import coder, t
from components.labels import LABELS

SECONDS = "%Y-%m-%d %H:%M:%S"


def named(kind: str, value: str) -> str:
    """An action's or entity's name in the user's language; one the catalogue does not know yet
    (a newer write) is shown by its code rather than hidden."""
    key = f"audit.{kind}.{value}"
    return t(key) if key in LABELS else value


# Detail keys whose values are stored codes of the catalogue kind of the same name.
CODED_KEYS = ("role", "channel", "level", "category", "stage")
Words = Mapping[str, Callable[[object], object]]


def code_words() -> Words:
    """The labels of ``CODED_KEYS`` in the current language (read while the page runs)."""
    return {key: coder(key) for key in CODED_KEYS}


def _in_words(value: object, words: Words, key: str = "") -> object:
    if isinstance(value, dict):
        return {k: _in_words(v, words, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_in_words(v, words, key) for v in value]
    if isinstance(value, str) and key in words:
        return words[key](value)
    return value


def detail_text(detail: object, words: Words, *, indent: int | None = None) -> str:
    """The detail as JSON with Chinese kept readable (not ``\\uXXXX``) and codes in ``words``;
    empty when there is none."""
    if detail is None or (isinstance(detail, float) and pd.isna(detail)):
        return ""
    return json.dumps(_in_words(detail, words), ensure_ascii=False, sort_keys=True, indent=indent, default=str)


@dataclass(frozen=True)
class EntryNames:
    """The column headers, the system's name and the actions' and entities' names, resolved in the
    user's language while the page runs: an export is shaped later, when the download is clicked,
    outside the script run, where the session's language cannot be read."""

    columns: tuple[str, str, str, str, str, str]
    system: str
    actions: Mapping[str, str]
    entities: Mapping[str, str]
    words: Words


def entry_names(actions: Iterable[str], entities: Iterable[str]) -> EntryNames:
    """Names in the current language for the log's actions and entities (``choices``)."""
    return EntryNames(
        columns=(
            t("audit.col.at"),
            t("audit.col.user"),
            t("audit.col.action"),
            t("audit.col.entity"),
            t("audit.col.record"),
            t("audit.col.detail"),
        ),
        system=t("audit.system"),
        actions={a: named("action", a) for a in actions},
        entities={e: named("entity", e) for e in entities},
        words=code_words(),
    )


def entries_frame(rows: pd.DataFrame, names: EntryNames) -> pd.DataFrame:
    """When, who, what, on which record, and the detail, as shown and exported; an action or entity
    newer than ``names`` shows by its code."""
    at, user, action, entity, record, detail_column = names.columns
    return pd.DataFrame(
        {
            at: rows["at"].map(lambda moment: stamp(moment, SECONDS)),
            user: rows["user"].where(rows["user"].notna(), names.system),
            action: rows["action"].map(lambda a: names.actions.get(a, a)),
            entity: rows["entity"].map(lambda e: names.entities.get(e, e)),
            record: rows["entity_id"].fillna(""),
            detail_column: rows["detail"].map(lambda d: detail_text(d, names.words)),
        }
    )


def entries_when_asked(read: Callable[[], pd.DataFrame], names: EntryNames) -> Callable[[], pd.DataFrame]:
    """A builder for ``tables.show``'s ``export_frame``: reads and shapes the entries when called."""
    return lambda: entries_frame(read(), names)


def detail(row: pd.Series) -> None:
    """One entry's detail, indented (``st.code``: stored text is shown as text, never as Markdown)."""
    text = detail_text(row["detail"], code_words(), indent=2)
    st.code(text or "—", language="json", wrap_lines=True)
