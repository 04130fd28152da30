"""The headline aggregates the benchmark computes three ways, and how two results are compared.

A page's ``Figures`` map an aggregate's name to a frame holding (at least) its key and value
columns. Rows whose values are all zero are left out before comparing: our reads list every
stage × level pair, the alternatives only the pairs that occur.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Final

import numpy as np
import pandas as pd

Figures = dict[str, pd.DataFrame]
Cells = dict[tuple[object, ...], tuple[float, ...]]

# aggregate → (key columns, value columns)
AGGREGATES: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "volume": ((), ("complaints", "l1", "improper")),
    "sla_by_stage": (("stage",), ("deadlines", "met")),
    "per_channel": (("channel",), ("complaints",)),
    "per_day_channel": (("day", "channel"), ("complaints",)),
    "stage_level": (("stage", "level"), ("deadlines", "breached")),
    "city_week": (("city_id", "week"), ("deadlines", "breached")),
    "per_agent": (
        ("agent_id",),
        ("surveys", "satisfied", "score_total", "contacts", "complaints", "deadlines", "met"),
    ),
    "tier_months": (("month", "tier"), ("customers", "debt", "repaid")),
    "transitions": (("month", "from_tier", "to_tier"), ("customers",)),
}
# Values are compared to the cent: counts are whole numbers, and sums of money added up in another
# order differ in their last binary digits.
CENT: Final = 0.005


def _key(value: object) -> object:
    """One spelling per key: dates as ``date``, whole numbers as ``int``, missing as None."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date | str):
        return value
    if isinstance(value, np.generic):
        return _key(value.item())
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def cells(name: str, frame: pd.DataFrame) -> Cells:
    """The aggregate's rows as key tuple → value tuple, all-zero rows left out."""
    keys, values = AGGREGATES[name]
    out: Cells = {}
    numbers = frame[list(values)].apply(pd.to_numeric).fillna(0).astype(float)
    # A frame of no columns has no rows to iterate: a keyless aggregate gets its empty keys here.
    key_rows = frame[list(keys)].itertuples(index=False, name=None) if keys else [()] * len(frame)
    for key_row, value_row in zip(key_rows, numbers.itertuples(index=False, name=None)):
        if any(value_row):
            out[tuple(_key(k) for k in key_row)] = value_row
    return out


def _same(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return len(a) == len(b) and all(math.isclose(x, y, rel_tol=0, abs_tol=CENT) for x, y in zip(a, b))


def differences(expected: Figures, got: Figures) -> list[str]:
    """One line per aggregate whose cells differ: how many, and the first few as ``key: expected vs got``."""
    lines = []
    for name in expected:
        want, have = cells(name, expected[name]), cells(name, got[name])
        wrong = [k for k in sorted(want.keys() | have.keys(), key=repr) if not _same(want.get(k, ()), have.get(k, ()))]
        if wrong:
            shown = "; ".join(f"{k}: {want.get(k)} vs {have.get(k)}" for k in wrong[:3])
            lines.append(f"{name}: {len(wrong)} of {len(want | have)} cells differ ({shown})")
    return lines
