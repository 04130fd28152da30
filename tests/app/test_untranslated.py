"""Every page of every role, rendered in Chinese: no raw stored code, no missing label key and no
Streamlit English placeholder or date hint reaches the user."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.auth import PAGES
from components.catalogue import CODE_LABELS
from components.labels import LABELS
from domain.users import PAGE_ROLES

# Each page of every role's navigation once, as the first of these roles that may open it (one
# visit per page keeps the suite's time down; the pages draw the same widgets for every role).
ROLE_ORDER = ("manager", "committee", "prevention", "admin", "dept_head", "staff")
VISITS = sorted((next(r for r in ROLE_ORDER if r in roles), page) for page, roles in PAGE_ROLES.items())
ENGLISH_PLACEHOLDERS = re.compile(r"^(Choose an option|Choose options|Select\.*|Add options)$")
# Stored codes whose Chinese label differs from the code itself (M1 … M3 read the same in Chinese).
CODES = {c for kind in CODE_LABELS.values() for c, (zh, _) in kind.items() if len(c) > 1 and zh != c}
SNAKE_CODES = {c for c in CODES if "_" in c}
NAMESPACES = {key.split(".")[0] for key in LABELS}  # a text like "overview.caption" is a missing label
LABEL_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
STRATUM_CODE = re.compile(r"\bL[123]/[a-z_]+")
WIDGETS = ("selectbox", "multiselect", "radio", "date_input", "text_input", "text_area", "number_input")
# Columns of names people chose (a login name may well be "staff" or "admin"), not stored codes.
CHOSEN_NAME_COLUMNS = {LABELS["users.col.username"][0]}
TEXTS = ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success")


def _shown(at: AppTest) -> Iterator[tuple[str, str]]:
    """(where, text) for every label, option, message and table cell the user reads."""
    for kind in WIDGETS:
        for widget in at.get(kind):
            proto = widget.proto
            yield f"{kind} label", proto.label
            for option in getattr(proto, "options", []):
                yield f"{kind} option of {proto.label}", option or "(blank option)"
    for kind in TEXTS:
        for element in at.get(kind):
            yield kind, str(element.value)
    for metric in at.get("metric"):
        yield "metric", metric.label
    for frame in at.get("dataframe"):
        table: pd.DataFrame = frame.value
        for column in table.columns:
            yield "table header", str(column)
            if column in CHOSEN_NAME_COLUMNS:
                continue
            for value in table[column].dropna().unique()[:500]:
                if isinstance(value, str):
                    yield f"table cell of {column}", value


def _placeholders(at: AppTest) -> Iterator[tuple[str, str]]:
    for kind in ("selectbox", "multiselect"):
        for widget in at.get(kind):
            yield widget.proto.label, widget.proto.placeholder
    for widget in at.get("date_input"):
        yield widget.proto.label, widget.proto.format


@pytest.mark.parametrize(("role", "page"), VISITS)
def test_untranslated_nothing_on_any_page_in_chinese(app, role: str, page: str) -> None:
    at = app(role=role, lang="zh", page=PAGES[page][0])
    assert not at.exception, at.exception
    problems = []
    for where, text in _shown(at):
        stripped = text.strip()
        if (
            (
                stripped in CODES
                or (LABEL_KEY.match(stripped) and stripped.split(".")[0] in {k.split(".")[0] for k in LABELS})
            )
            or any(code in text for code in SNAKE_CODES if re.search(rf"\b{code}\b", text))
            or STRATUM_CODE.search(text)
        ):
            problems.append((where, text))
    for label, placeholder in _placeholders(at):
        if ENGLISH_PLACEHOLDERS.match(placeholder or "") or placeholder in ("", "YYYY/MM/DD"):
            problems.append((f"placeholder of {label}", placeholder))
    for frame in at.get("dataframe"):  # a missing figure shows a dash, not Streamlit's "None"
        if not frame.proto.HasField("placeholder"):
            problems.append(("missing-value text of a table", ", ".join(map(str, frame.value.columns[:3]))))
    assert not problems, problems


def test_untranslated_any_choice_reads_its_label() -> None:
    """The settings form offers "any level / channel" as None before the codes: it reads 任意, never blank."""
    from components.i18n import code_format
    from domain.codes import LEVELS

    assert code_format("level", LEVELS, "任意")(None) == "任意"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_untranslated_a_column_of_codes_reads_as_code_reads_each(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``coder`` (labels looked up once per column) gives what ``code`` gives row by row, stored
    oddities included: a missing value stays missing, an unknown code shows as stored."""
    import streamlit as st

    from components import i18n

    monkeypatch.setattr(st, "session_state", {i18n.LANG_KEY: lang})
    column = pd.Series(["phone", "app", None, float("nan"), "retired_channel", "=HYPERLINK()"], dtype=object)
    assert column.map(i18n.coder("channel")).tolist()[:3] == [i18n.code("channel", v) for v in column[:3]]
    mapped = column.map(i18n.coder("channel"))
    assert mapped[0] == CODE_LABELS["channel"]["phone"][i18n.LANGS.index(lang)]
    assert pd.isna(mapped[3]) and mapped[4] == "retired_channel" and mapped[5] == "=HYPERLINK()"


def test_untranslated_a_download_is_built_in_the_language_of_the_page_that_offered_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Streamlit builds a download on click in a thread outside the script run, where the session's
    language cannot be read: the builder keeps the language of the run that drew the button."""
    import streamlit as st

    from components import i18n, incidents

    monkeypatch.setattr(st, "session_state", {i18n.LANG_KEY: "en"})
    build = incidents.quiet_export(lambda: i18n.t("common.download_csv").encode(), "test.csv")
    monkeypatch.setattr(st, "session_state", {})  # the download thread: no session to ask
    assert build().decode() == LABELS["common.download_csv"][1]
