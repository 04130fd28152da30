"""The one input policy (domain/inputs.py) against the hardening issue's corpus of bad input.

Every case ends either as a named problem (a label key with zh and en messages naming the field and
the limit) or as the value the policy stores: NFC, controls removed, 𠮷 and 😀 intact, markup and SQL
literal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest

from components.labels import LABELS
from domain import committee, inputs, intake, settings_rules, warnings
from domain.committee import due_window, period_problems, sample_seed
from domain.settings_rules import calendar_window, import_year
from domain.warnings import debt_amount

FIELD = "warn.field.description"  # any field with a label
TODAY = date(2026, 11, 23)
BIG = ("超长文本 long text 𠮷 " * 7000)[:100_000]  # 100 KB
FULL_WIDTH_PHONE = "１３８１２３４５６７８"
ARABIC_INDIC_PHONE = "١٣٨١٢٣٤٥٦٧٨"
SQL = "'; DROP TABLE complaints; --"
HTML = "<script>alert(1)</script><img src=x onerror=alert(1)>"


def text(value: object, *, max_chars: int = 2000, required: bool = True, multiline: bool = True) -> inputs.Checked:
    return inputs.clean_text(value, field=FIELD, max_chars=max_chars, required=required, multiline=multiline)


def key(checked: inputs.Checked) -> str | None:
    return None if checked.problem is None else checked.problem[0]


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize(
    "value",
    ["", "   ", "\t\n  \n", "\u3000\u00a0", "\u200b", "\ufeff", " \u200b\u200c\u200d\u2060 ", "\u3164", None],
    ids=["empty", "spaces", "blank_lines", "cjk_and_nbsp", "zwsp", "bom", "zero_width_mix", "hangul_filler", "none"],
)
def test_bad_input_blank_or_invisible_text_is_empty(value: object) -> None:
    assert text(value) == inputs.Checked("", (inputs.REQUIRED, {"field": FIELD}))
    assert text(value, required=False) == inputs.Checked("", None)


def test_bad_input_a_required_problem_can_carry_the_fields_own_message() -> None:
    checked = inputs.clean_text(
        "\u200b", field=FIELD, max_chars=10, keys={inputs.REQUIRED: "intake.err.description_required"}
    )
    assert checked.problem == ("intake.err.description_required", {"field": FIELD})


@pytest.mark.parametrize(
    ("value", "multiline", "stored"),
    [
        ("第一行\x0b第二行", True, "第一行\n第二行"),  # Word's soft line break
        ("第一行\x0b第二行", False, "第一行 第二行"),
        ("甲\x0c乙\u2028丙\u2029丁", True, "甲\n乙\n丙\n丁"),
        ("下一行\x85到了", True, "下一行\n到了"),  # C1 NEL
        ("响铃\x07退格\x08转义\x1b删除\x7f完", True, "响铃退格转义删除完"),
        ("C1\x80\x9f控制", True, "C1控制"),
        ("Windows\r\n换行\r旧 Mac", True, "Windows\n换行\n旧 Mac"),
        ("制表\t保留", True, "制表\t保留"),
        ("制表\t与换行\n单行", False, "制表 与换行 单行"),
        ("\ufeff开头的 BOM 与中间\ufeff的", True, "开头的 BOM 与中间的"),
        ("  两端空白\u200b ", True, "两端空白"),
        ("中间的\u200b零宽保留", True, "中间的\u200b零宽保留"),
    ],
)
def test_bad_input_controls_are_removed_or_become_line_breaks(value: str, multiline: bool, stored: str) -> None:
    assert text(value, multiline=multiline) == inputs.Checked(stored, None)


@pytest.mark.parametrize("value", ["空\x00字符", "\x00", "尾部\x00", "多行\n\x00"])
def test_bad_input_nul_is_refused_never_removed(value: str) -> None:
    for multiline in (True, False):
        assert key(text(value, multiline=multiline)) == inputs.NUL
    assert key(inputs.clean_text("\x00", field=FIELD, max_chars=10, required=False)) == inputs.NUL


def test_bad_input_a_lone_surrogate_is_refused() -> None:
    assert key(text("坏\ud83d字")) == inputs.UNREADABLE


def test_bad_input_nfd_comes_out_nfc() -> None:
    checked = text("Cafe\u0301 与 e\u0301")
    assert checked == inputs.Checked("Café 与 é", None)
    assert unicodedata.is_normalized("NFC", checked.value)
    assert len(text("e\u0301", max_chars=1).value) == 1  # the limit counts the composed character


@pytest.mark.parametrize(
    "value",
    [
        "表情 😀 生僻字 𠮷",
        "𠮷" * 40,
        "👨\u200d👩\u200d👧 家庭",
        "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
        "❤️",
    ],
)
def test_bad_input_emoji_and_rare_cjk_are_kept(value: str) -> None:
    assert text(value, max_chars=40) == inputs.Checked(value, None)


def test_bad_input_limits_count_characters_not_bytes_or_utf16_units() -> None:
    assert text("𠮷" * 40, max_chars=40).problem is None  # 160 bytes, 80 UTF-16 units, 40 characters
    assert text("𠮷" * 41, max_chars=40).problem == (inputs.TOO_LONG, {"field": FIELD, "max": 40, "count": 41})
    assert text("😀" * 40, max_chars=40).problem is None


def test_bad_input_100_kb_text_is_too_long_and_says_by_how_much() -> None:
    checked = text(BIG)
    assert checked.problem == (inputs.TOO_LONG, {"field": FIELD, "max": 2000, "count": 100_000})
    assert key(text("字" * 2001)) == inputs.TOO_LONG
    assert text("字" * 2000).problem is None


@pytest.mark.parametrize("value", [SQL, HTML, "**粗体** [链接](http://x)", '=HYPERLINK("x")', "{field} {0} %s"])
def test_bad_input_markup_and_sql_are_text_kept_literally(value: str) -> None:
    assert text(value) == inputs.Checked(value, None)


def test_bad_input_normalising_twice_changes_nothing() -> None:
    for value in ("第一行\x0b第二行", "e\u0301", " \u200b甲\r\n乙\x85 ", BIG[:500], HTML):
        once = inputs.normalise_text(value, multiline=True)
        assert inputs.normalise_text(once, multiline=True) == once


def test_bad_input_derived_text_is_tidied_never_refused() -> None:
    assert inputs.tidy_text("甲\x00乙\x0b丙", max_chars=10) == "甲乙\n丙"
    cut = inputs.tidy_text("字" * 50, max_chars=10)
    assert len(cut) == 10 and cut.endswith("…")


# --------------------------------------------------------------------------- codes and phones


def phone(value: object) -> inputs.Checked:
    return inputs.phone_number(value, field="warn.field.contact", format_key="warn.err.phone")


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("13812345678", "13812345678"),
        (" 138 1234 5678 ", "13812345678"),
        ("(021) 12345678", "02112345678"),
        ("0755-1234567", "0755-1234567"),
    ],
)
def test_bad_input_good_phones_are_stored_without_spaces(value: str, stored: str) -> None:
    assert phone(value) == inputs.Checked(stored, None)


@pytest.mark.parametrize(
    "value",
    [FULL_WIDTH_PHONE, ARABIC_INDIC_PHONE, "1381234567８", "१३८१२३४५६७८", "13812345⁶78", "一三八一二三四五六七八"],
    ids=["full_width", "arabic_indic", "one_full_width", "devanagari", "superscript", "chinese_numerals"],
)
def test_bad_input_phones_take_ascii_digits_only(value: str) -> None:
    assert all(ch.isnumeric() for ch in value)  # numerals all, to Python's str methods (and most to \d)
    assert phone(value).problem == (inputs.ASCII_DIGITS, {"field": "warn.field.contact"})


@pytest.mark.parametrize("value", ["138123456789", "1381234567", "+8613812345678", SQL, HTML, "1" * 25, BIG])
def test_bad_input_malformed_phones_get_the_shape_message(value: str) -> None:
    assert key(phone(value)) == "warn.err.phone"


def test_bad_input_nul_or_empty_phone() -> None:
    assert key(phone("138\x0012345678")) == inputs.NUL
    assert phone("\u200b").problem == (inputs.REQUIRED, {"field": "warn.field.contact"})


def customer_code(value: object) -> inputs.Checked:
    return inputs.code(
        value, field="input.field.customer_code", pattern=inputs.CUSTOMER_CODE, format_key="warn.err.customer_code"
    )


def test_bad_input_codes_are_upper_case_ascii_and_whole() -> None:
    assert customer_code(" c0000 0123 ") == inputs.Checked("C00000123", None)
    assert customer_code("") == inputs.Checked("", None)  # optional
    assert customer_code("\u200b") == inputs.Checked("", None)
    assert key(customer_code("C０００００１２３")) == inputs.ASCII_DIGITS
    assert key(customer_code("C٠٠٠٠٠١٢٣")) == inputs.ASCII_DIGITS
    assert key(customer_code("C00000123\n")) is None  # a trailing line break is whitespace, removed
    for bad in ("C0000012", "C000001234", "D00000123", "Ｃ00000123", SQL, "C" + "1" * 30):
        assert key(customer_code(bad)) == "warn.err.customer_code", bad
    agent = inputs.code(
        "a0123", field="intake.field.agent_code", pattern=inputs.AGENT_CODE, format_key="intake.err.agent_format"
    )
    assert agent == inputs.Checked("A0123", None)


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("abc", True),
        ("x" * 64, True),
        ("", False),
        ("x" * 65, False),
        ("空格 tok", False),
        ("t\x00k", False),
        ("令牌", False),
        (None, False),
        (123, False),
    ],
)
def test_bad_input_form_tokens_are_printable_ascii(value: object, ok: bool) -> None:
    assert (inputs.form_token(value) is None) is ok


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, 1),
        (2**63 - 1, 2**63 - 1),
        (0, None),
        (-1, None),
        (2**63, None),
        (10**20, None),
        (True, None),
        (1.0, None),
        ("1", None),
        (None, None),
    ],
)
def test_bad_input_record_ids(value: object, expected: int | None) -> None:
    assert inputs.record_id(value) == expected


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (52000.0, None),
        (0.01, None),
        (10_000_000, None),
        (0.001, (inputs.DECIMALS, {"field": "warn.field.debt_amount", "decimals": 2})),
        (12.345, (inputs.DECIMALS, {"field": "warn.field.debt_amount", "decimals": 2})),
        (0, (inputs.NOT_ABOVE, {"field": "warn.field.debt_amount", "min": "0"})),
        (-0.01, (inputs.NOT_ABOVE, {"field": "warn.field.debt_amount", "min": "0"})),
        (-1e9, (inputs.NOT_ABOVE, {"field": "warn.field.debt_amount", "min": "0"})),
        (float("nan"), (inputs.NOT_A_NUMBER, {"field": "warn.field.debt_amount"})),
        (float("inf"), (inputs.NOT_A_NUMBER, {"field": "warn.field.debt_amount"})),
        (float("-inf"), (inputs.NOT_A_NUMBER, {"field": "warn.field.debt_amount"})),
        (Decimal("NaN"), (inputs.NOT_A_NUMBER, {"field": "warn.field.debt_amount"})),
        (1e308, ("warn.err.amount_ceiling", {"field": "warn.field.debt_amount", "max": "10,000,000", "min": "0"})),
        (10**20, ("warn.err.amount_ceiling", {"field": "warn.field.debt_amount", "max": "10,000,000", "min": "0"})),
        (True, (inputs.NOT_A_NUMBER, {"field": "warn.field.debt_amount"})),
        ("１２３", (inputs.ASCII_DIGITS, {"field": "warn.field.debt_amount"})),
        ("abc", (inputs.NOT_A_NUMBER, {"field": "warn.field.debt_amount"})),
        (None, (inputs.REQUIRED, {"field": "warn.field.debt_amount"})),
    ],
)
def test_bad_input_money_is_finite_positive_bounded_and_in_fen(value: object, problem: inputs.Problem | None) -> None:
    assert debt_amount(value).problem == problem


def test_bad_input_money_comes_back_exact() -> None:
    assert debt_amount(52000.1).value == Decimal("52000.10")
    assert debt_amount("1234.5").value == Decimal("1234.50")
    assert debt_amount(0.1 + 0.2).value == Decimal("0.30")  # float noise is not a third decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", None),
        ("  ", None),
        ("\u200b", None),
        ("7", 7),
        (" 007 ", 7),
        (7, 7),
        ("9223372036854775807", 2**63 - 1),
    ],
)
def test_bad_input_seeds_that_are_whole_numbers(value: object, expected: int | None) -> None:
    assert sample_seed(value) == inputs.Checked(expected, None)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("²", inputs.ASCII_DIGITS),
        ("¹²³", inputs.ASCII_DIGITS),
        ("１２３", inputs.ASCII_DIGITS),
        ("١٢٣", inputs.ASCII_DIGITS),
        ("三", inputs.ASCII_DIGITS),
        ("12345678901234567890", inputs.WHOLE),  # 20 digits: more than a BIGINT holds
        ("9223372036854775808", inputs.WHOLE),
        ("9" * 5000, inputs.WHOLE),  # more digits than int() reads by default
        ("-1", inputs.WHOLE),
        ("1.5", inputs.WHOLE),
        ("1e3", inputs.WHOLE),
        ("0x10", inputs.WHOLE),
        ("1_000", inputs.WHOLE),
        (SQL, inputs.WHOLE),
        ("7\x00", inputs.WHOLE),
        (-1, inputs.WHOLE),
        (2**64, inputs.WHOLE),
        (1.5, inputs.WHOLE),
        (float("nan"), inputs.NOT_A_NUMBER),
        (float("inf"), inputs.NOT_A_NUMBER),
        (True, inputs.WHOLE),
    ],
)
def test_bad_input_seeds_that_are_refused(value: object, problem: str) -> None:
    checked = sample_seed(value)
    assert checked.value is None
    assert checked.problem is not None and checked.problem[0] == problem
    assert checked.problem[1]["field"] == "sample.field.seed"
    if problem == inputs.WHOLE:
        assert checked.problem[1]["max"] == "9,223,372,036,854,775,807"


def test_bad_input_whole_numbers_in_range() -> None:
    check = inputs.whole_number
    assert check(5.0, field=FIELD, minimum=1, maximum=5) == inputs.Checked(5, None)
    assert check(6, field=FIELD, minimum=1, maximum=5).problem == (
        inputs.WHOLE,
        {"field": FIELD, "min": "1", "max": "5"},
    )
    assert check(None, field=FIELD, minimum=1, maximum=5).problem == (inputs.REQUIRED, {"field": FIELD})
    assert check(None, field=FIELD, minimum=1, maximum=5, required=False) == inputs.Checked(None, None)
    year = import_year(1900, today=TODAY)
    assert year.problem == (inputs.WHOLE, {"field": "settings.year", "min": "2004", "max": "2028"})  # no 2,004
    assert import_year("２０２６", today=TODAY).problem == (inputs.ASCII_DIGITS, {"field": "settings.year"})
    assert import_year(2026, today=TODAY) == inputs.Checked(2026, None)


# --------------------------------------------------------------------------- dates


def test_bad_input_windows() -> None:
    assert due_window(TODAY) == (date(2025, 11, 23), date(2029, 11, 23))
    assert calendar_window(TODAY) == (date(2004, 1, 1), date(2028, 12, 31))
    assert due_window(date(2028, 2, 29)) == (date(2027, 2, 28), date(2031, 2, 28))


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (date(9999, 12, 31), inputs.DATE_WINDOW),
        (date(1900, 1, 1), inputs.DATE_WINDOW),
        (date.min, inputs.DATE_WINDOW),
        (date(2029, 11, 24), inputs.DATE_WINDOW),
        (date(2025, 11, 22), inputs.DATE_WINDOW),
        ("9999-12-31", inputs.DATE_WINDOW),
        ("２０２６-１２-３１", inputs.ASCII_DIGITS),
        ("明天", inputs.NOT_A_DATE),
        ("2026-02-30", inputs.NOT_A_DATE),
        (20261231, inputs.NOT_A_DATE),
        (None, inputs.CHOOSE),
        ("\u200b", inputs.CHOOSE),
    ],
)
def test_bad_input_due_dates_outside_the_window(value: object, problem: str) -> None:
    earliest, latest = due_window(TODAY)
    checked = inputs.date_in(value, field="improve.due", earliest=earliest, latest=latest)
    assert checked.value is None
    assert checked.problem is not None and checked.problem[0] == problem
    if problem == inputs.DATE_WINDOW:
        assert checked.problem[1] == {"field": "improve.due", "earliest": "2025-11-23", "latest": "2029-11-23"}


def test_bad_input_dates_inside_the_window() -> None:
    earliest, latest = due_window(TODAY)
    for value, expected in (
        (date(2026, 12, 31), date(2026, 12, 31)),
        (datetime(2026, 12, 31, 23, 59), date(2026, 12, 31)),
        ("2026-12-31", date(2026, 12, 31)),
        (earliest, earliest),
        (latest, latest),
    ):
        assert inputs.date_in(value, field="improve.due", earliest=earliest, latest=latest) == inputs.Checked(expected)


def test_bad_input_sample_periods() -> None:
    assert period_problems(date(2026, 1, 1), date(2026, 10, 31), 100, today=TODAY) == []
    assert [k for k, _ in period_problems(date(1900, 1, 1), date(9999, 12, 31), 100, today=TODAY)] == [
        inputs.DATE_WINDOW,
        inputs.DATE_WINDOW,
    ]
    assert [k for k, _ in period_problems(date(2026, 5, 1), date(2026, 4, 1), 0, today=TODAY)] == [
        "sample.err.period_order",
        inputs.WHOLE,
    ]


# --------------------------------------------------------------------------- the messages

PROBLEM_ARGS = {
    inputs.REQUIRED: {},
    inputs.CHOOSE: {},
    inputs.TOO_LONG: {"max": 2000, "count": 2001},
    inputs.NUL: {},
    inputs.UNREADABLE: {},
    inputs.ASCII_DIGITS: {},
    inputs.NOT_A_NUMBER: {},
    inputs.BELOW: {"min": "0"},
    inputs.NOT_ABOVE: {"min": "0"},
    inputs.ABOVE: {"max": "10,000,000"},
    inputs.DECIMALS: {"decimals": 2},
    inputs.WHOLE: {"min": "0", "max": "9,223,372,036,854,775,807"},
    inputs.NOT_A_DATE: {},
    inputs.DATE_WINDOW: {"earliest": "2004-01-01", "latest": "2028-12-31"},
    inputs.FORM_EXPIRED: {},
}
FIELD_KEYS = sorted(k for k in LABELS if ".field." in k or k.startswith(("sample.crit.", "warn.factor.")))


def test_bad_input_every_problem_has_a_message_in_both_languages() -> None:
    named = {getattr(inputs, n) for n in inputs.__all__ if n.isupper() and str(getattr(inputs, n)).startswith("input.")}
    assert set(PROBLEM_ARGS) == named
    for problem, args in PROBLEM_ARGS.items():
        zh, en = LABELS[problem]
        for field in FIELD_KEYS:
            shown_zh = zh.format(field=LABELS[field][0], **args)
            shown_en = en.format(field=LABELS[field][1], **args)
            assert not re.search(r"[A-Za-z]", shown_zh), shown_zh  # no English in the Chinese message
            assert not re.search(r"[\u4e00-\u9fff]", shown_en), shown_en  # and no Chinese in the English one
            for limit in args.values():  # the limit is said in both
                assert str(limit) in shown_zh and str(limit) in shown_en, (problem, limit)


def everything_wrong() -> list[inputs.Problem]:
    """The problems of every rule fed a bad value in every field."""
    blank = warnings.WarningInput("\u200b", "１３８", float("nan"), -1, "x", 1.5, None, "\x00", "字" * 1001, "C１")
    problems = warnings.report_problems(blank)
    problems += warnings.weight_problems(dict.fromkeys(warnings.RISK_FACTORS, float("inf")))
    for action in warnings.ACTION_TEXT:
        problems += warnings.transition_problems(action, comment="字" * 3000, plan="字" * 3000, handling_team_id=None)
    form = intake.IntakeForm("phone", "interest_dispute", "\x00", None, "code", None, "A１２３４", "L1", "字" * 201)
    problems += intake.intake_problems(form) + intake.intake_problems(replace_description(form))
    problems += intake.advance_problems("notify", "", 9) + intake.note_problems("", field=intake.FREE_NOTE_FIELD)
    problems += intake.note_problems("", field=intake.REASSIGN_FIELD, multiline=False)
    problems += intake.customer_query_problems("code", "C１") + intake.customer_query_problems("phone", "x")
    problems += intake.customer_query_problems("code", "D1") + intake.agent_code_problems("B1")
    problems += warnings.report_problems(replace(blank, customer_code="D00000123", contact="12345", debt_amount=1e9))
    problems += committee.review_problems({"timeliness": "²"}, None, "字" * 1001)
    problems += committee.improvement_problems(
        "", "字" * 61, "\x00", date(9999, 12, 31), "", today=TODAY, evidence="字" * 201
    )
    problems += committee.period_problems(None, date(1900, 1, 1), "²", today=TODAY)
    problems += [p for p in (sample_seed("²").problem, import_year(1900, today=TODAY).problem) if p]
    problems += settings_rules.sla_target_problems("ack", None, None, float("nan"), "hours", "received")
    problems += settings_rules.sla_target_problems("ack", None, None, 1.5, "business_days", "received")
    problems += settings_rules.year_schedule(2027, [(date(1900, 1, 1), "是", "字" * 41)], today=TODAY)[2]
    problems += settings_rules.year_schedule(2027, [(date(2027, 1, 4), True, "元旦")] * 2, today=TODAY)[2]
    problems += settings_rules.year_schedule(2027, [], today=TODAY)[2]
    problems += settings_rules.year_schedule(2027, [(None, False, "")] * 121, today=TODAY)[2]
    return problems


def replace_description(form: intake.IntakeForm) -> intake.IntakeForm:
    return replace(form, description="", customer_mode="none", level="L2")


def test_bad_input_every_field_a_rule_names_has_a_label_and_every_message_formats() -> None:
    problems = everything_wrong()
    assert len(problems) > 40
    for problem, args in problems:
        assert problem in LABELS, problem
        if "field" in args:
            assert args["field"] in LABELS, args["field"]
        zh, en = LABELS[problem]
        shown = {k: LABELS[v][0] if isinstance(v, str) and v in LABELS else v for k, v in args.items()}
        english = r"[A-Za-z]" if problem.startswith("input.") else r"[A-Za-z]{2,}"  # "C 加 8 位数字" names a letter
        assert not re.search(english, zh.format(**shown)), (problem, zh.format(**shown))
        en.format(**args)
