"""The explore question as a value: period picks on remembered dates, the address round trip, bad
links, and the canonical text a saved question keeps."""

from __future__ import annotations

from datetime import date

import pytest

from domain.explore import (
    CUSTOM,
    Question,
    from_params,
    period_choices,
    period_of,
    period_range,
    query_string,
    saved_dates,
    saved_params,
    to_params,
)

TODAY = date(2026, 12, 7)  # a Monday


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("this_week", (date(2026, 12, 7), date(2026, 12, 7))),
        ("last_week", (date(2026, 11, 30), date(2026, 12, 6))),
        ("this_month", (date(2026, 12, 1), date(2026, 12, 7))),
        ("last_month", (date(2026, 11, 1), date(2026, 11, 30))),
        ("this_quarter", (date(2026, 10, 1), date(2026, 12, 7))),
        ("last_quarter", (date(2026, 7, 1), date(2026, 9, 30))),
        ("this_year", (date(2026, 1, 1), date(2026, 12, 7))),
        ("last_year", (date(2025, 1, 1), date(2025, 12, 31))),
        ("2024-Q4", (date(2024, 10, 1), date(2024, 12, 31))),
        ("2025-Q1", (date(2025, 1, 1), date(2025, 3, 31))),
        ("2024", (date(2024, 1, 1), date(2024, 12, 31))),
        ("2026-Q4", (date(2026, 10, 1), date(2026, 12, 7))),  # a running quarter ends today
        ("2027-Q1", None),  # not begun
        ("custom", None),
        ("Q4", None),
    ],
)
def test_period_picks(period: str, expected: tuple[date, date] | None) -> None:
    assert period_range(period, TODAY) == expected


def test_january_last_month_and_quarter_cross_the_year() -> None:
    assert period_range("last_month", date(2027, 1, 15)) == (date(2026, 12, 1), date(2026, 12, 31))
    assert period_range("last_quarter", date(2027, 2, 1)) == (date(2026, 10, 1), date(2026, 12, 31))


def test_the_pick_names_recent_quarters_and_years_and_finds_the_pick_of_a_range() -> None:
    choices = period_choices(TODAY)
    assert choices[-1] == CUSTOM
    assert "2024-Q4" in choices and "2023-Q4" in choices and "2024" in choices
    assert period_of(date(2024, 10, 1), date(2024, 12, 31), TODAY) == "2024-Q4"
    assert period_of(date(2026, 11, 1), date(2026, 11, 30), TODAY) == "last_month"
    assert period_of(date(2026, 11, 2), date(2026, 11, 30), TODAY) == CUSTOM


def test_a_question_survives_the_address() -> None:
    q = Question(
        categories=("violent_collection", "data_leak"),
        statuses=("resolve",),
        sources=("黑猫投诉", "-"),
        text="上门 威胁",
        group_by=("month", "city"),
        measure="breach_rate",
        top=0,
        sort="asc",
    )
    assert from_params(to_params(q)) == q
    assert to_params(Question()) == {}  # the defaults leave the address plain


def test_a_bad_link_takes_defaults_and_names_what_it_could_not_read() -> None:
    q = from_params({"by": "city,planet,week,team", "m": "mood", "top": "7", "cat": "x,data_leak", "q": "a\n" * 200})
    assert q.group_by == ("city", "week")  # at most two, unknown ones dropped
    assert q.measure == "complaints" and q.top == 10
    assert q.categories == ("data_leak",)
    assert len(q.text) <= 100 and "\n" not in q.text
    assert set(q.problems) == {"m", "top"}
    assert from_params({"by": "planet"}).group_by == ("city",)


def test_a_saved_question_keeps_its_own_parts_and_a_relative_period() -> None:
    text = saved_params("lang=en&city=3&by=team&m=l1&period=last_week&dates=2026-11-30~2026-12-06&role=admin")
    assert text == query_string({"by": "team", "m": "l1", "period": "last_week"})
    assert saved_dates(text, date(2027, 3, 3)) == (date(2027, 2, 22), date(2027, 2, 28))  # still "last week"
    custom = saved_params("period=custom&dates=2026-01-05~2026-02-01")
    assert saved_dates(custom, TODAY) == (date(2026, 1, 5), date(2026, 2, 1))
    assert saved_params("period=yesterday") == "period=custom"
    assert saved_dates("period=custom&dates=2026-02-01~2026-01-05", TODAY) is None
