"""Running a read: one connection per statement, the result as a frame or as rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Executable, Row

from db.engine import engine


def frame(stmt: Executable) -> pd.DataFrame:
    """The statement's result as a DataFrame with the statement's column labels."""
    with engine().connect() as conn:
        return pd.read_sql(stmt, conn)


def rows(stmt: Executable) -> Sequence[Row[Any]]:
    """The statement's result rows, for reads that shape their own frame."""
    with engine().connect() as conn:
        return conn.execute(stmt).all()
