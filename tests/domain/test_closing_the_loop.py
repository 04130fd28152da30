"""Unit tests of closing the loop: the outcome of a resolved case (domain.outcomes), the progress
lookup's credentials, lockout, client key and public view (domain.progress) and the follow-up survey
(domain.surveys)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from domain import inputs
from domain.codes import OUTCOME_KINDS, STAGES
from domain.outcomes import AMOUNT_MAX, REPLY_MAX, OutcomeForm, amount_field, checked_outcome
from domain.progress import (
    MAX_FAILURES,
    PHONE_FIELD,
    REF_FIELD,
    Step,
    checked_credentials,
    client_address,
    client_key,
    locked,
    phone_matches,
    public_progress,
)
from domain.surveys import COMMENT_FIELD, COMMENT_MAX, SCORE_FIELD, checked_survey

REPLY = "经核实，我们已向您致歉。"


def keys(problems: list[inputs.Problem]) -> list[str]:
    return [key for key, _ in problems]


# --------------------------------------------------------------------------- outcomes


def test_outcome_kinds_come_back_in_catalogue_order_with_exact_amounts() -> None:
    outcome, problems = checked_outcome(
        OutcomeForm(
            ("agent_retrained", "compensation", "apology"),
            {"compensation": 0.1 + 0.2, "fee_waiver": None, "penalty_interest_waiver": ""},
            f"  {REPLY}\r\n谢谢  ",
        )
    )
    assert problems == []
    assert outcome.items == (("apology", None), ("compensation", Decimal("0.30")), ("agent_retrained", None))
    assert outcome.reply == f"{REPLY}\n谢谢"
    assert outcome.kinds == ("apology", "compensation", "agent_retrained")


def test_outcome_needs_a_kind_and_a_reply() -> None:
    _, problems = checked_outcome(OutcomeForm(kinds=(), reply="\u200b"))
    assert problems == [
        (inputs.CHOOSE, {"field": "outcome.field.kinds"}),
        (inputs.REQUIRED, {"field": "outcome.field.reply"}),
    ]
    _, unknown = checked_outcome(OutcomeForm(("apology", "refund_everything"), reply=REPLY))
    assert keys(unknown) == [inputs.CHOOSE]


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        (None, inputs.REQUIRED),
        ("", inputs.REQUIRED),
        (0, inputs.NOT_ABOVE),
        (-5, inputs.NOT_ABOVE),
        (10.005, inputs.DECIMALS),
        (AMOUNT_MAX + 1, inputs.ABOVE),
        (float("nan"), inputs.NOT_A_NUMBER),
        ("１００", inputs.ASCII_DIGITS),
    ],
)
def test_outcome_amounts_of_money_kinds_are_positive_yuan_with_fen(typed: object, problem: str) -> None:
    _, problems = checked_outcome(OutcomeForm(("fee_waiver",), {"fee_waiver": typed}, REPLY))
    assert keys(problems) == [problem]
    assert problems[0][1]["field"] == amount_field("fee_waiver")


def test_outcome_amount_without_its_kind_is_refused() -> None:
    _, problems = checked_outcome(OutcomeForm(("apology",), {"compensation": 500}, REPLY))
    assert problems == [("outcome.err.amount_unchosen", {"field": "outcome.amount.compensation"})]


@pytest.mark.parametrize(("kind", "allowed"), [("compensation", False), ("agent_retrained", False), ("apology", True)])
def test_outcome_no_fault_cannot_stand_beside_a_fault(kind: str, allowed: bool) -> None:
    amounts = {"compensation": 100} if kind == "compensation" else {}
    _, problems = checked_outcome(OutcomeForm(("no_fault", kind), amounts, REPLY))
    assert keys(problems) == ([] if allowed else ["outcome.err.no_fault_with_fault"])


def test_outcome_reply_follows_the_input_policy() -> None:
    _, too_long = checked_outcome(OutcomeForm(("apology",), reply="字" * (REPLY_MAX + 1)))
    assert keys(too_long) == [inputs.TOO_LONG]
    _, nul = checked_outcome(OutcomeForm(("apology",), reply="致\x00歉"))
    assert keys(nul) == [inputs.NUL]
    every, problems = checked_outcome(
        OutcomeForm(
            tuple(k for k in OUTCOME_KINDS if k not in ("no_fault",)),
            {"compensation": 1, "fee_waiver": 2, "penalty_interest_waiver": 3},
            '=HYPERLINK("x")',
        )
    )
    assert problems == [] and every.reply == '=HYPERLINK("x")'  # markup and formulas are just text


# --------------------------------------------------------------------------- progress lookup


def test_progress_credentials_normalised_and_checked() -> None:
    credentials, problems = checked_credentials(" ts2026112300001 ", " 56 78 ")
    assert problems == [] and (credentials.ref, credentials.phone_last4) == ("TS2026112300001", "5678")
    _, bad = checked_credentials("投诉123", "５６７８")
    assert bad == [("progress.err.ref_format", {}), (inputs.ASCII_DIGITS, {"field": PHONE_FIELD})]
    _, empty = checked_credentials("", "567")
    assert empty == [(inputs.REQUIRED, {"field": REF_FIELD}), ("progress.err.phone_format", {})]


@pytest.mark.parametrize(
    ("stored", "typed", "matches"),
    [
        ("13812345678", "5678", True),
        ("13812345678", "1234", False),
        ("010-87654321", "4321", True),  # a landline's dash is no digit
        ("123", "0123", False),
        (None, "5678", False),
        ("", "", False),
    ],
)
def test_progress_phone_digits(stored: str | None, typed: str, matches: bool) -> None:
    assert phone_matches(stored, typed) is matches


def test_progress_lockout_after_max_failures_of_the_number_or_the_client() -> None:
    assert not locked(MAX_FAILURES - 1, MAX_FAILURES - 1)
    assert locked(MAX_FAILURES, 0) and locked(0, MAX_FAILURES)


def test_progress_client_address_trusts_only_our_own_proxies() -> None:
    assert client_address("6.6.6.6", "10.0.0.5", 0) == "10.0.0.5"  # no proxy: the header is the client's word
    assert client_address("6.6.6.6, 203.0.113.7", "10.0.0.2", 1) == "203.0.113.7"  # what our proxy saw
    assert client_address("203.0.113.7, 10.0.0.9", "10.0.0.2", 2) == "203.0.113.7"
    assert client_address(None, "10.0.0.2", 1) is None and client_address("", None, 0) is None


def test_progress_client_key_is_a_hash_of_the_address_or_the_session() -> None:
    by_address = client_key("203.0.113.7", "session-a")
    assert by_address == client_key("203.0.113.7", "session-b") and len(by_address) == 32
    assert "203" not in by_address
    assert client_key(None, "session-a") != client_key(None, "session-b")


def _case(**done: datetime) -> dict:
    due = {f"{stage}_due_at": datetime(2026, 11, 24 + k, 10) for k, stage in enumerate(STAGES)}
    return {"ref_no": "TS2026112300001", **due, **{f"{s}_at": done.get(s) for s in STAGES}}


def test_progress_public_view_of_an_open_case() -> None:
    view = public_progress(_case(ack=datetime(2026, 11, 23, 11)), "回复", False, datetime(2026, 11, 23, 12))
    assert view.current == "verify" and view.expected_at == datetime(2026, 11, 25, 10) and not view.overdue
    assert view.steps == (
        Step("ack", datetime(2026, 11, 23, 11), None),
        Step("verify", None, datetime(2026, 11, 25, 10)),
        Step("resolve", None, None),
        Step("notify", None, None),
    )  # archiving is internal
    assert view.reply is None and not view.survey_due  # no reply before the case is resolved
    late = public_progress(_case(ack=datetime(2026, 11, 23, 11)), None, False, datetime(2026, 11, 26))
    assert late.overdue


def test_progress_public_view_after_resolving_and_archiving() -> None:
    moments = {stage: datetime(2026, 11, 23, 11 + k) for k, stage in enumerate(STAGES)}
    archived = public_progress(_case(**moments), "已致歉", False, datetime(2026, 11, 24))
    assert archived.current is None and archived.expected_at is None and archived.reply == "已致歉"
    assert archived.survey_due
    assert not public_progress(_case(**moments), "已致歉", True, datetime(2026, 11, 24)).survey_due
    resolved = {s: moments[s] for s in ("ack", "verify", "resolve")}
    assert public_progress(_case(**resolved), "已致歉", False, datetime(2026, 11, 24)).reply == "已致歉"


# --------------------------------------------------------------------------- survey


def test_survey_score_and_comment() -> None:
    survey, problems = checked_survey(5, "  满意\r\n谢谢 ")
    assert problems == [] and (survey.score, survey.comment) == (5, "满意\n谢谢")
    assert checked_survey("4", None)[0].score == 4  # no comment is fine
    for bad in (None, 0, 6, 4.5, True, "五"):
        assert keys(checked_survey(bad, "")[1])[0] in (inputs.REQUIRED, inputs.WHOLE, inputs.ASCII_DIGITS), bad
        assert checked_survey(bad, "")[1][0][1]["field"] == SCORE_FIELD
    assert checked_survey(3, "长" * (COMMENT_MAX + 1))[1] == [
        (inputs.TOO_LONG, {"field": COMMENT_FIELD, "max": COMMENT_MAX, "count": COMMENT_MAX + 1})
    ]
