"""Translation: Chinese by default, English on the toggle; the language lives in session state."""
from __future__ import annotations

import streamlit as st

from components.catalogue import CODE_LABELS, LABELS

LANGS = ("zh", "en")
LANG_KEY = "lang"


def lang() -> str:
    value = st.session_state.get(LANG_KEY, "zh")
    return value if value in LANGS else "zh"


def t(key: str, **kwargs: object) -> str:
    """The label for ``key`` in the current language; a missing key shows itself, never crashes."""
    pair = LABELS.get(key)
    text = key if pair is None else pair[LANGS.index(lang())]
    return text.format(**kwargs) if kwargs else text


def code(kind: str, value: str | None) -> str:
    """Display name of a stored code, e.g. ``code("channel", "phone")`` → 电话热线."""
    if value is None:
        return ""
    pair = CODE_LABELS.get(kind, {}).get(value)
    return value if pair is None else pair[LANGS.index(lang())]


def language_toggle() -> None:
    """中文 / English switch; ``key=lang`` so the choice persists across pages."""
    st.session_state.setdefault(LANG_KEY, "zh")
    st.sidebar.radio(
        t("app.language"), options=list(LANGS), key=LANG_KEY, horizontal=True,
        format_func=lambda v: "中文" if v == "zh" else "English",
    )
