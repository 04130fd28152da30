"""Translation: Chinese by default, English on the toggle; the language lives in session state."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import TypeVar

import streamlit as st

from components.catalogue import CODE_LABELS
from components.labels import LABELS

K = TypeVar("K")

LANGS = ("zh", "en")
LANG_KEY = "lang"
CHOICE_TYPES = (str, int, float, date, list, tuple)  # what select boxes, radios and inputs hold


# A language fixed for a block that runs outside the script run (a download's builder), where the
# session's choice cannot be read.
_SPOKEN: ContextVar[str | None] = ContextVar("spoken_language", default=None)


def lang() -> str:
    spoken = _SPOKEN.get()
    if spoken is not None:
        return spoken
    value = st.session_state.get(LANG_KEY, "zh")
    return value if value in LANGS else "zh"


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Labels in ``language`` within the block, e.g. ``with speaking(lang_of_the_run): build()``."""
    token = _SPOKEN.set(language if language in LANGS else "zh")
    try:
        yield
    finally:
        _SPOKEN.reset(token)


def _label(index: int, key: str, kwargs: Mapping[str, object]) -> str:
    pair = LABELS.get(key)
    text = key if pair is None else pair[index]
    return text.format(**kwargs) if kwargs else text


def t(key: str, **kwargs: object) -> str:
    """The label for ``key`` in the current language; a missing key shows itself, never crashes."""
    return _label(LANGS.index(lang()), key, kwargs)


def translator() -> Callable[..., str]:
    """``t`` with the language read once, for labelling the rows of a table or the cells of a chart:
    reading the session's language for each of thousands of labels added up."""
    index = LANGS.index(lang())
    return lambda key, **kwargs: _label(index, key, kwargs)


def code(kind: str, value: str | None) -> str:
    """Display name of a stored code, e.g. ``code("channel", "phone")`` → 电话热线."""
    if value is None:
        return ""
    pair = CODE_LABELS.get(kind, {}).get(value)
    return value if pair is None else pair[LANGS.index(lang())]


def coder(kind: str) -> Callable[[object], object]:
    """``code(kind, ·)`` with the labels looked up once, for mapping a column row by row: a page maps
    thousands of codes a run, and reading the session's language for each one added up."""
    index = LANGS.index(lang())
    labels: dict[object, str] = {value: pair[index] for value, pair in CODE_LABELS.get(kind, {}).items()}

    def label(value: object) -> object:
        return "" if value is None else labels.get(value, value)

    return label


def _label_of(labels: Mapping[K, str], value: K) -> str:
    return labels.get(value, "" if value is None else str(value))


def fixed(labels: Mapping[K, str]) -> Callable[[K], str]:
    """A widget ``format_func`` bound to labels computed now, in the current language.

    Streamlit may call format functions outside the script run (AppTest does), where the
    session's language cannot be read; a bound mapping always answers in the right language.
    """
    return functools.partial(_label_of, dict(labels))


def code_format(kind: str, values: Iterable[str | None], none_label: str = "") -> Callable[[str | None], str]:
    """``fixed`` labels for stored codes, e.g. the options of a channel picker; ``None`` (an "any"
    choice offered before the codes) reads ``none_label``."""
    labels: dict[str | None, str] = {None: none_label}
    return fixed(labels | {v: none_label if v is None else code(kind, v) for v in values})


def _keep_choices() -> None:
    """Re-send every choice after a language change.

    The browser remembers select-box choices by their label; once labels change language, a
    choice whose old label is no longer offered would fall back to the default. Assigning each
    choice again makes the server send it with the new labels. Only plain choice values are
    touched: flags (checkboxes, buttons) and selection states of charts and tables do not depend
    on labels, and buttons and charts may not be assigned at all.
    """
    for key in list(st.session_state.keys()):
        value = st.session_state[key]
        if key != LANG_KEY and isinstance(value, CHOICE_TYPES) and not isinstance(value, bool):
            st.session_state[key] = value


def language_toggle() -> None:
    """中文 / English switch; ``key=lang`` so the choice persists across pages."""
    st.session_state.setdefault(LANG_KEY, "zh")
    st.sidebar.radio(
        t("app.language"),
        options=list(LANGS),
        key=LANG_KEY,
        horizontal=True,
        on_change=_keep_choices,
        format_func=fixed({"zh": "中文", "en": "English"}),
    )
