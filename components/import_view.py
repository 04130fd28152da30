"""Drawing-free pieces of the complaint import shared by the page and the command: a problem as
text in a given language, and the row-by-row report as a frame (exported through components/exports)."""

from __future__ import annotations

import pandas as pd

from components.labels import LABELS
from domain.imports import REJECTED, ImportResult
from domain.inputs import Problem

LANGS = ("zh", "en")


def label(key: str, lang: str) -> str:
    pair = LABELS.get(key)
    return key if pair is None else pair[LANGS.index(lang)]


def text_of(key: str, args: dict, lang: str) -> str:
    """A problem in ``lang``; arguments that are label keys themselves are translated too."""
    shown = {k: label(v, lang) if isinstance(v, str) and v in LABELS else v for k, v in args.items()}
    return label(key, lang).format(**shown) if shown else label(key, lang)


def reasons(problems: tuple[Problem, ...], lang: str) -> str:
    return "；".join(text_of(key, args, lang) for key, args in problems)


def report_frame(result: ImportResult, lang: str, only_rejected: bool = False) -> pd.DataFrame:
    """The row-by-row report with translated headers, outcomes and reasons."""
    rows = [r for r in result.rows if r.outcome == REJECTED] if only_rejected else result.rows
    return pd.DataFrame(
        {
            label("import.col.row", lang): [r.row for r in rows],
            label("import.col.external_id", lang): [r.external_id for r in rows],
            label("import.col.outcome", lang): [label(f"import.outcome.{r.outcome}", lang) for r in rows],
            label("import.col.ref_no", lang): [r.ref_no for r in rows],
            label("import.col.reasons", lang): [reasons(r.problems, lang) for r in rows],
        }
    )


def rejects_frame(result: ImportResult, lang: str) -> pd.DataFrame:
    return report_frame(result, lang, only_rejected=True)
