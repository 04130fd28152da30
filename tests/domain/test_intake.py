"""Unit tests for domain.intake: the suggested level (category + the urgent words domain.text finds),
input checks of the intake form and of handling steps, and the stage order."""

from __future__ import annotations

import pytest

from domain.codes import CATEGORY_LEVEL, STAGES
from domain.intake import (
    DESCRIPTION_MAX,
    NOTE_MAX,
    REASON_MAX,
    IntakeForm,
    LevelReason,
    advance_problems,
    agent_code_problems,
    customer_query_problems,
    intake_problems,
    next_stage,
    note_problems,
    suggest_level,
)
from domain.text import THEMES, words


def keys(problems: list[tuple[str, dict]]) -> list[str]:
    return [k for k, _ in problems]


# --------------------------------------------------------------------------- suggest_level


@pytest.mark.parametrize("category", list(CATEGORY_LEVEL))
def test_plain_text_keeps_the_category_level(category: str) -> None:
    level, reasons = suggest_level(category, "客户反映还款提醒短信晚到了两天。")
    assert level == CATEGORY_LEVEL[category]
    assert reasons == [LevelReason("category", category, CATEGORY_LEVEL[category])]


@pytest.mark.parametrize(
    ("text", "word", "theme"),
    [
        ("催收员打电话时我说我真的不想活了", "不想活", "self_harm"),
        ("对方说再不还钱就要自杀的是我", "自杀", "self_harm"),
        ("他有轻生的念头", "轻生", "self_harm"),
        ("催收员在电话里威胁我", "威胁", "threat"),
        ("半夜发短信恐吓家里老人", "恐吓", "threat"),
        ("我的身份证号被泄露给了别人", "泄露", "exposure"),
        ("说要把我曝光到网上", "曝光", "exposure"),
        ("他们给我通讯录里的人都发了短信", "通讯录", "exposure"),
        ("催收员直接打到单位找我领导", "打到单位", "third_party"),
    ],
)
def test_an_urgent_word_makes_it_l1(text: str, word: str, theme: str) -> None:
    level, reasons = suggest_level("reminder_delay", text)
    assert level == "L1"
    assert reasons[0] == LevelReason("category", "reminder_delay", "L3")
    # The reason names the words as matched (a phrase around the urgent word) and their theme.
    assert any(r.kind == "word" and word in r.value and (r.level, r.theme) == ("L1", theme) for r in reasons), reasons


def urgent_words(text: str) -> list[str]:
    return [r.value for r in suggest_level("", text)[1]]


def test_urgent_words_segment_as_whole_words() -> None:
    # The domain dictionary keeps multi-character words in one piece…
    assert "催收员" in words("昨天催收员打到单位去了")
    assert "不想活" in words("我不想活了")
    # …and look-alikes are no match: 自杀式 is one word.
    assert urgent_words("这种自杀式催收让人受不了") == []
    # The old word list matched 自杀 here; a negation now cancels it.
    assert urgent_words("没有自杀倾向，只是生气") == []


def test_each_urgent_word_is_reported_once_in_order() -> None:
    text = "他威胁我，说要曝光我，还威胁我的家人，要打到单位"
    assert urgent_words(text)[0] == "威胁" and "曝光" in urgent_words(text)[1]
    level, reasons = suggest_level("interest_dispute", text)
    assert level == "L1"
    assert [r.value for r in reasons][:2] == ["interest_dispute", "威胁"]
    assert len({r.value for r in reasons}) == len(reasons)


def test_latin_letters_match_in_any_case() -> None:
    assert suggest_level("", "他们把我的照片p图后发到群里")[0] == "L1"


def test_every_urgent_reason_has_a_known_theme() -> None:
    for text in ("我不想活了", "催收员威胁我", "把我的欠款截图发到了朋友圈", "天天打电话给我妈"):
        reasons = suggest_level("", text)[1]
        assert reasons and all(r.theme in THEMES for r in reasons), text


def test_an_l1_category_stays_l1_and_empty_input_is_l3() -> None:
    assert suggest_level("violent_collection", "")[0] == "L1"
    assert suggest_level("", "") == ("L3", [])
    assert suggest_level("", "我不想活了")[0] == "L1"


# --------------------------------------------------------------------------- intake_problems


def form(**changes: object) -> IntakeForm:
    base = dict(
        channel="phone",
        category="interest_dispute",
        description="利率计算有误",
        city_id=1,
        customer_mode="code",
        customer_id=7,
        agent_code="",
        level="L2",
    )
    base.update(changes)
    return IntakeForm(**base).clean()


def test_a_good_form_has_no_problems() -> None:
    assert intake_problems(form()) == []
    assert intake_problems(form(channel="anonymous", customer_mode="none", customer_id=None)) == []
    assert intake_problems(form(agent_code=" a0123 ")) == []


def test_required_fields() -> None:
    got = keys(intake_problems(form(channel="fax", category="", description="   ", city_id=None, level="")))
    assert got == [
        "intake.err.channel",
        "intake.err.category",
        "intake.err.description_required",
        "intake.err.city",
        "intake.err.level",
    ]


def test_text_limits_are_named_in_the_message() -> None:
    assert intake_problems(form(description="长" * (DESCRIPTION_MAX + 1))) == [
        ("input.err.too_long", {"field": "intake.description", "max": DESCRIPTION_MAX, "count": DESCRIPTION_MAX + 1})
    ]
    assert intake_problems(form(description="长" * DESCRIPTION_MAX)) == []
    long_reason = form(level="L1", override_reason="因" * (REASON_MAX + 1))
    assert intake_problems(long_reason) == [
        ("input.err.too_long", {"field": "intake.field.reason", "max": REASON_MAX, "count": REASON_MAX + 1})
    ]


def test_anonymous_channel_has_no_customer() -> None:
    assert keys(intake_problems(form(channel="anonymous"))) == ["intake.err.anonymous_customer"]
    assert keys(intake_problems(form(customer_id=None))) == ["intake.err.customer_required"]
    assert intake_problems(form(customer_mode="none", customer_id=None)) == []


def test_an_override_needs_a_reason() -> None:
    assert keys(intake_problems(form(level="L1"))) == ["intake.err.reason_required"]
    assert intake_problems(form(level="L1", override_reason="投诉人情绪激动")) == []
    # the suggestion already says L1 because of an urgent word: no override, no reason needed
    assert intake_problems(form(level="L1", description="他威胁我")) == []
    assert keys(intake_problems(form(level="L2", description="他威胁我"))) == ["intake.err.reason_required"]


def test_repeat_choice_is_one_or_the_other() -> None:
    assert keys(intake_problems(form(duplicate_of_id=3, repeat_is_new=True))) == ["intake.err.repeat_both"]


def test_scripts_and_sql_are_just_text() -> None:
    assert intake_problems(form(description="<script>alert(1)</script>")) == []
    assert intake_problems(form(description="'; DROP TABLE complaints; --")) == []


@pytest.mark.parametrize(
    ("mode", "value", "ok"),
    [
        ("code", "C00000123", True),
        ("code", " c00000123 ", True),
        ("code", "C123", False),
        ("code", "00000123", False),
        ("phone", "13812345678", True),
        ("phone", "138 1234 5678", True),
        ("phone", "12812345678", False),
        ("phone", "1381234567", False),
        ("phone", "021-12345678", True),
        ("phone", "0755 1234567", True),
        ("phone", "abc", False),
        ("none", "", True),
    ],
)
def test_customer_lookup_input(mode: str, value: str, ok: bool) -> None:
    assert (customer_query_problems(mode, value) == []) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("A0123", True),
        ("a0123", True),
        ("A123456", True),
        ("", True),
        ("A12", False),
        ("B0123", False),
        ("A01234567", False),
    ],
)
def test_agent_code_format(value: str, ok: bool) -> None:
    assert (agent_code_problems(value) == []) is ok


# --------------------------------------------------------------------------- handling


def test_stages_follow_in_order_and_end_at_archive() -> None:
    assert next_stage("received") == "ack"
    assert [next_stage(s) for s in STAGES] == ["verify", "resolve", "notify", "archive", None]


def test_advance_needs_a_note_and_satisfaction_only_at_notify() -> None:
    assert advance_problems("ack", "已联系投诉人", None) == []
    assert advance_problems("ack", "  ", None) == [("input.err.required", {"field": "handling.field.note"})]
    assert advance_problems("ack", "长" * (NOTE_MAX + 1), None) == [
        ("input.err.too_long", {"field": "handling.field.note", "max": NOTE_MAX, "count": NOTE_MAX + 1})
    ]
    assert keys(advance_problems("verify", "好", 5)) == ["handling.err.satisfaction_stage"]
    assert keys(advance_problems("notify", "好", 6)) == ["input.err.whole"]
    assert advance_problems("notify", "好", 4) == []
    assert keys(advance_problems("close", "好", None)) == ["handling.err.stage"]
    assert note_problems("", required=False) == []
