"""Reading a year's holiday schedule from an uploaded file: CSV (UTF-8, GBK, Chinese headers),
xlsx and iCalendar in; rows of another year, days given twice and unreadable cells reported."""

from __future__ import annotations

from datetime import date

import pytest

from domain.calendar import ScheduleDay
from domain.errors import InputError
from domain.holiday_file import read_schedule
from tests import import_files as files

EXPECTED_2027 = [
    ScheduleDay(date(2027, 1, 1), False, "元旦"),
    ScheduleDay(date(2027, 1, 2), False, "元旦"),
    ScheduleDay(date(2027, 1, 3), False, "元旦"),
    *(ScheduleDay(date(2027, 2, d), False, "春节") for d in range(6, 15)),
    ScheduleDay(date(2027, 2, 20), True, "春节"),
]


def _problem_keys(data: bytes, name: str, year: int = 2027) -> list[str]:
    with pytest.raises(InputError) as err:
        read_schedule(data, name, year)
    return [key for key, _ in err.value.problems]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_2027_csv_with_chinese_headers_in_each_encoding(encoding: str) -> None:
    assert read_schedule(files.schedule_csv(encoding), "2027节假日.csv", 2027) == EXPECTED_2027


def test_2027_csv_with_english_headers_and_other_workday_marks() -> None:
    data = b"date,is_workday,name\r\n2027/2/20,TRUE,Spring\r\n2027-02-08,0,Spring\r\n2027-02-21,\xe7\x8f\xad,Spring\r\n"
    assert read_schedule(data, "x.CSV", 2027) == [
        ScheduleDay(date(2027, 2, 8), False, "Spring"),
        ScheduleDay(date(2027, 2, 20), True, "Spring"),
        ScheduleDay(date(2027, 2, 21), True, "Spring"),
    ]


def test_2027_xlsx_with_date_cells_and_numbers() -> None:
    data = files.schedule_xlsx(((date(2027, 10, 1), 0, "国庆节"), ("2027-09-26", 1, "国庆节")))
    assert read_schedule(data, "schedule.xlsx", 2027) == [
        ScheduleDay(date(2027, 9, 26), True, "国庆节"),
        ScheduleDay(date(2027, 10, 1), False, "国庆节"),
    ]


def test_2027_ics_expands_multi_day_events_and_marks_the_worked_day() -> None:
    """DTEND is exclusive: 春节 6–15 February is nine days off; 补班 is a day worked."""
    assert read_schedule(files.schedule_ics(), "holidays.ics", 2027) == EXPECTED_2027


def test_2027_ics_event_without_dtend_is_one_day_and_its_name_loses_the_mark() -> None:
    data = files.ics(("20270405", "20270406", "清明节 放假"), ("20270410", "20270411", "【班】清明节"))
    data = data.replace(b"DTEND;VALUE=DATE:20270406\r\n", b"")
    assert b"20270406" not in data
    assert read_schedule(data, "h.ics", 2027) == [
        ScheduleDay(date(2027, 4, 5), False, "清明节"),
        ScheduleDay(date(2027, 4, 10), True, "清明节"),
    ]


def test_a_file_for_the_wrong_year_is_reported_with_its_days() -> None:
    with pytest.raises(InputError) as err:
        read_schedule(files.schedule_csv(), "2027.csv", 2028)
    ((key, args),) = err.value.problems
    assert key == "settings.file.err.other_year"
    assert args["year"] == 2028 and args["count"] == 13
    assert args["days"].startswith("2027-01-01, 2027-01-02") and args["days"].endswith("…")


def test_rows_outside_the_year_and_days_twice_are_both_reported() -> None:
    data = files.ics(("20261231", "20270102", "元旦"), ("20270101", "20270102", "元旦"))
    assert _problem_keys(data, "h.ics") == ["settings.file.err.other_year", "settings.file.err.duplicate"]


def test_unreadable_dates_and_workday_marks_name_their_rows() -> None:
    data = "日期,上班,节日\n2027-13-01,否,元旦\n2027-01-02,也许,元旦\n2027-01-03,休,元旦\n".encode()
    with pytest.raises(InputError) as err:
        read_schedule(data, "h.csv", 2027)
    assert err.value.problems == [
        ("settings.file.err.date", {"count": 1, "rows": "1"}),
        ("settings.file.err.workday", {"count": 1, "rows": "2"}),
    ]


@pytest.mark.parametrize(
    ("data", "name", "key"),
    [
        (b"day;kind\n2027-01-01;off\n", "h.csv", "settings.file.err.missing_columns"),
        (b"BEGIN:VCALENDAR\r\nthis is not a calendar\r\n", "h.ics", "settings.file.err.not_ics"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "h.ics", "settings.file.err.no_events"),
        (b"\x00\x01\x02 not text", "h.csv", "import.err.encoding"),
        (b"date,is_workday,name\n", "h.csv", "import.err.header_only"),
        (b"date,is_workday,name\n", "h.pdf", "settings.file.err.file_type"),
    ],
)
def test_a_malformed_file_says_why(data: bytes, name: str, key: str) -> None:
    assert _problem_keys(data, name) == [key]


def test_a_timed_event_is_refused() -> None:
    data = files.ics(("20270101", "20270102", "元旦")).replace(
        b"DTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270102", b"DTSTART:20270101T090000\r\nDTEND:20270101T100000"
    )
    assert _problem_keys(data, "h.ics") == ["settings.file.err.timed_event"]
