"""Closing the loop on SQLite and PostgreSQL: the progress lookup (verification, one answer for every
failure, the stored lockout, the audit rows), the outcome recorded with the resolve stage and its
sums on the overview, and the one follow-up survey per case (handler or complainant, concurrent
submits included)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from db.engine import engine, session_scope
from db.models import (
    Agent,
    AuditLog,
    Complaint,
    ComplaintOutcome,
    ComplaintResolution,
    LookupFailure,
    SatisfactionSurvey,
    User,
)
from db.queries import cases, overview
from db.queries import progress as progress_q
from db.services import complaints as svc
from db.services import progress as progress_svc
from db.services.common import InputError, OutOfScope, PermissionDenied
from domain import inputs
from domain.codes import OUTCOME_KINDS
from domain.filters import Filters
from domain.outcomes import OutcomeForm
from domain.progress import FAILURE_WINDOW, MAX_FAILURES, client_key
from domain.users import CurrentUser, Scope
from tests.db.builders import CITY_B, complaint_in_status, customer, two_cities, two_teams
from tests.helpers import dt, in_threads

NOW = datetime(2026, 11, 23, 10, 0)
STAFF = CurrentUser(id=1, username="staff", display_name="员工甲", role="staff", team_id=1)
H1 = CurrentUser(id=2, username="h1", display_name="处理人一", role="prevention")
MANAGER_B = CurrentUser(id=3, username="mgr_b", display_name="乙市经理", role="manager", city_ids=(CITY_B,))
PHONE = "13800005678"  # customer 1's; the last four digits prove a case of theirs
VERIFYING, ARCHIVED, ANONYMOUS, NO_AGENT = 201, 202, 203, 204
REF = {cid: f"TS20261120{cid:05d}" for cid in (VERIFYING, ARCHIVED, ANONYMOUS, NO_AGENT)}
CLIENT_A, CLIENT_B = client_key("203.0.113.7", ""), client_key("198.51.100.9", "")
APOLOGY = OutcomeForm(("apology",), reply="对给您带来的困扰，我们深表歉意。")


def _case(cid: int, status: str, *, customer_id: int | None = 1, agent: int | None = 1, **kw: object) -> Complaint:
    case = complaint_in_status(
        cid, REF[cid], dt("11-20", "09:00"), status, dt("11-24", "10:00"), customer=customer_id, **kw
    )
    case.agent_id = agent
    return case


@pytest.fixture
def store(make_store, monkeypatch: pytest.MonkeyPatch) -> str:
    for module in (svc, progress_svc):
        monkeypatch.setattr(module, "now", lambda: NOW)
    return make_store(
        [
            *two_cities(),
            *two_teams(),
            Agent(id=1, code="A0001", name="坐席一", team_id=1, hired_on=date(2024, 1, 2)),
            *(
                User(id=u.id, username=u.username, display_name=u.display_name, role=u.role)
                for u in (STAFF, H1, MANAGER_B)
            ),
            customer(1, phone=PHONE, name="王小明"),
            _case(VERIFYING, "verify"),
            _case(ARCHIVED, "archive"),
            _case(ANONYMOUS, "archive", customer_id=None),
            _case(NO_AGENT, "archive", agent=None),
        ]
    )


def _count(model: type, *where: object) -> int:
    with engine().connect() as conn:
        return conn.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def _audit(action: str) -> list[AuditLog]:
    with session_scope() as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


# --------------------------------------------------------------------------- progress lookup


def test_progress_lookup_proves_the_case_with_its_phone_digits(store: str) -> None:
    answer = progress_svc.look_up(REF[VERIFYING].lower(), "5678", CLIENT_A)
    assert answer == progress_svc.Answer("found", VERIFYING)
    case = progress_q.public_case(VERIFYING)
    assert case is not None and set(case) == {
        "ref_no",
        "reply",
        "has_survey",
        *(f"{s}{x}" for s in ("ack", "verify", "resolve", "notify", "archive") for x in ("_at", "_due_at")),
    }  # nothing of the customer, the agent or the notes is even read
    [row] = _audit("progress.lookup")
    assert (row.user_id, row.entity_id) == (None, str(VERIFYING))
    assert row.detail == {"ref": REF[VERIFYING], "client": CLIENT_A, "result": "found"}
    assert _count(LookupFailure) == 0


def test_progress_every_failure_gets_the_same_answer_and_is_audited_without_digits(store: str) -> None:
    answers = [
        progress_svc.look_up("TS2026112099999", "5678", CLIENT_A),  # no such number
        progress_svc.look_up(REF[VERIFYING], "1234", CLIENT_A),  # not the customer's digits
        progress_svc.look_up(REF[ANONYMOUS], "5678", CLIENT_A),  # a case without a customer
    ]
    assert answers == [progress_svc.Answer("no_match", None)] * 3
    rows = _audit("progress.lookup")
    assert [r.detail["result"] for r in rows] == ["no_match"] * 3 and all(r.entity_id is None for r in rows)
    logged = json.dumps([r.detail for r in rows])
    assert "5678" not in logged and "1234" not in logged and PHONE not in logged
    assert _count(LookupFailure) == 3


def test_progress_malformed_input_is_said_and_is_no_attempt(store: str) -> None:
    with pytest.raises(InputError) as err:
        progress_svc.look_up("投诉单", "５６７８", CLIENT_A)
    assert [k for k, _ in err.value.problems] == ["progress.err.ref_format", inputs.ASCII_DIGITS]
    assert _count(LookupFailure) == 0 and _audit("progress.lookup") == []


def test_progress_lockout_of_a_number_holds_for_every_client_then_lifts(store: str, monkeypatch) -> None:
    for _ in range(MAX_FAILURES):
        assert progress_svc.look_up(REF[ARCHIVED], "0000", CLIENT_A).result == "no_match"
    # Another client with the right digits: the number is locked, and saying so reveals nothing.
    assert progress_svc.look_up(REF[ARCHIVED], "5678", CLIENT_B) == progress_svc.Answer("locked", None)
    assert progress_svc.look_up(REF[VERIFYING], "5678", CLIENT_B).result == "found"  # other numbers are not
    assert _count(LookupFailure) == MAX_FAILURES  # a locked attempt is not counted, so the lock ends
    monkeypatch.setattr(progress_svc, "now", lambda: NOW + FAILURE_WINDOW + timedelta(seconds=1))
    assert progress_svc.look_up(REF[ARCHIVED], "5678", CLIENT_B).result == "found"


def test_progress_lockout_of_a_client_holds_for_every_number(store: str, monkeypatch) -> None:
    for k in range(MAX_FAILURES):
        progress_svc.look_up(f"TS20261120{90000 + k}", "5678", CLIENT_A)  # guessing numbers
    assert progress_svc.look_up(REF[ARCHIVED], "5678", CLIENT_A).result == "locked"
    assert progress_svc.look_up(REF[ARCHIVED], "5678", CLIENT_B).result == "found"
    # Failures a day old are deleted by the next attempt; the audit log keeps every lookup.
    monkeypatch.setattr(progress_svc, "now", lambda: NOW + timedelta(days=1, minutes=1))
    assert progress_svc.look_up(REF[ARCHIVED], "5678", CLIENT_A).result == "found"
    assert _count(LookupFailure) == 0 and len(_audit("progress.lookup")) == MAX_FAILURES + 3


# --------------------------------------------------------------------------- outcomes


def test_outcome_is_required_to_resolve_and_stored_with_the_stage(store: str) -> None:
    with pytest.raises(InputError) as err:
        svc.advance(VERIFYING, H1, "方案已定", "t1", stage="resolve")
    assert err.value.problems == [
        (inputs.CHOOSE, {"field": "outcome.field.kinds"}),
        (inputs.REQUIRED, {"field": "outcome.field.reply"}),
    ]
    with pytest.raises(InputError) as err:
        svc.advance(VERIFYING, H1, "补偿", "t1", stage="resolve", outcome=OutcomeForm(("compensation",), reply="补偿"))
    assert err.value.problems == [(inputs.REQUIRED, {"field": "outcome.amount.compensation"})]
    assert _count(ComplaintResolution) == 0 and row_status(VERIFYING) == "verify"  # nothing half-stored

    outcome = OutcomeForm(("compensation", "apology"), {"compensation": "300.5"}, "我们已向您致歉，并补偿 300.50 元。")
    first = svc.advance(VERIFYING, H1, "方案已定", "t2", stage="resolve", outcome=outcome)
    assert svc.advance(VERIFYING, H1, "方案已定", "t2", stage="resolve", outcome=outcome) == first  # a rerun
    with session_scope() as s:
        resolution = s.get(ComplaintResolution, VERIFYING)
        rows = s.execute(select(ComplaintOutcome.kind, ComplaintOutcome.amount).order_by(ComplaintOutcome.id)).all()
    assert resolution is not None
    assert (resolution.reply, resolution.recorded_at, resolution.recorded_by) == (outcome.reply, NOW, H1.id)
    assert [tuple(r) for r in rows] == [("apology", None), ("compensation", Decimal("300.50"))]
    [audit] = _audit("complaint.advance")
    assert audit.detail["outcome"] == [["apology", None], ["compensation", "300.50"]]
    closure = cases.closure(VERIFYING)
    assert closure["resolution"]["reply"] == outcome.reply and len(closure["outcomes"]) == 2
    assert progress_q.public_case(VERIFYING)["reply"] == outcome.reply

    with pytest.raises(InputError) as err:  # only the resolve stage records an outcome
        svc.advance(VERIFYING, H1, "已告知", "t3", stage="notify", outcome=APOLOGY)
    assert err.value.problems == [("outcome.err.stage", {})]


def row_status(cid: int) -> str:
    with session_scope() as s:
        return s.get(Complaint, cid).status


# (complaint, city, category, received, resolved, duplicate of, outcomes)
OUTCOME_CASES = (
    (
        301,
        1,
        "violent_collection",
        dt("08-28"),
        dt("09-15", "10:00"),
        None,
        (("compensation", "500.00"), ("apology", None)),
    ),
    (
        302,
        1,
        "interest_dispute",
        dt("09-20"),
        dt("10-03", "10:00"),
        None,
        (("compensation", "250.50"), ("fee_waiver", "100.00")),
    ),
    (
        303,
        2,
        "interest_dispute",
        dt("10-01"),
        dt("10-20", "10:00"),
        None,
        (("penalty_interest_waiver", "80.25"), ("plan_adjusted", None)),
    ),
    (304, 1, "app_problem", dt("10-25"), dt("11-01", "10:00"), None, (("no_fault", None),)),
    (305, 1, "interest_dispute", dt("09-21"), dt("10-05", "10:00"), 302, (("compensation", "999.00"),)),  # a duplicate
    (
        306,
        1,
        "interest_dispute",
        dt("08-01"),
        dt("08-20", "10:00"),
        None,
        (("compensation", "1000.00"),),
    ),  # before the range
)
RANGE = Filters(start=date(2026, 9, 1), end=date(2026, 11, 23))


@pytest.fixture
def outcome_store(make_store) -> str:
    rows: list[object] = [
        *two_cities(),
        *two_teams(),
        User(id=2, username="h1", display_name="处理人一", role="prevention"),
    ]
    then: list[object] = []
    for cid, city, category, received, resolved, original, outcomes in OUTCOME_CASES:
        rows.append(
            complaint_in_status(
                cid,
                f"TS-OUT-{cid}",
                received,
                "resolve",
                dt("12-31"),
                category=category,
                city=city,
                team=city,
                customer=None,
                duplicate_of=original,
            )
        )
        rows.append(ComplaintResolution(complaint_id=cid, reply="已处理", recorded_at=resolved, recorded_by=2))
        then += [
            ComplaintOutcome(complaint_id=cid, kind=k, amount=None if a is None else Decimal(a)) for k, a in outcomes
        ]
    return make_store(rows, then)


def test_outcome_sums_per_kind_month_and_waiver_category(outcome_store: str) -> None:
    by_kind = overview.outcomes_by_kind(RANGE).set_index("kind")
    assert set(by_kind["resolved"]) == {4}  # 301–304: the duplicate and the case before the range left out
    assert by_kind.loc["compensation", "cases"] == 2 and by_kind.loc["compensation", "amount"] == pytest.approx(750.50)
    assert tuple(by_kind.loc["fee_waiver", ["cases", "amount"]]) == (1, pytest.approx(100.0))
    assert tuple(by_kind.loc["penalty_interest_waiver", ["cases", "amount"]]) == (1, pytest.approx(80.25))
    assert by_kind.loc["no_fault", "cases"] == 1 and by_kind.loc["collection_paused", "cases"] == 0
    assert list(by_kind.index) == list(OUTCOME_KINDS)

    months = overview.compensation_by_month(RANGE)
    assert [(m.isoformat(), n, a) for m, n, a in months.itertuples(index=False)] == [
        ("2026-09-01", 1, pytest.approx(500.0)),
        ("2026-10-01", 1, pytest.approx(250.5)),
        ("2026-11-01", 0, 0.0),
    ]
    waivers = overview.waivers_by_category(RANGE)
    assert [tuple(r) for r in waivers.itertuples(index=False)] == [
        ("interest_dispute", "fee_waiver", 1, pytest.approx(100.0)),
        ("interest_dispute", "penalty_interest_waiver", 1, pytest.approx(80.25)),
    ]


def test_outcome_sums_follow_the_filters_and_the_scope(outcome_store: str) -> None:
    city_a = Filters(start=RANGE.start, end=RANGE.end, city_ids=(1,))
    assert set(overview.outcomes_by_kind(city_a)["resolved"]) == {3}
    assert list(overview.waivers_by_category(city_a)["kind"]) == ["fee_waiver"]
    scoped = Filters(start=RANGE.start, end=RANGE.end, scope=Scope(city_ids=(CITY_B,)))
    by_kind = overview.outcomes_by_kind(scoped).set_index("kind")
    assert set(by_kind["resolved"]) == {1} and by_kind["cases"].sum() == 2  # 303: a waiver and a new plan
    assert overview.compensation_by_month(scoped)["amount"].sum() == 0
    nothing = Filters(start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert set(overview.outcomes_by_kind(nothing)["resolved"]) == {0} and overview.waivers_by_category(nothing).empty


# --------------------------------------------------------------------------- follow-up survey


def test_survey_from_the_return_call_once_per_archived_case(store: str) -> None:
    with pytest.raises(InputError) as err:
        svc.record_survey(VERIFYING, H1, 5, "", "s1")
    assert err.value.problems == [("survey.err.not_archived", {})]
    with pytest.raises(InputError) as err:
        svc.record_survey(ANONYMOUS, H1, 5, "", "s1")
    assert err.value.problems == [("survey.err.no_customer", {})]
    with pytest.raises(PermissionDenied):
        svc.record_survey(ARCHIVED, STAFF, 5, "", "s1")
    with pytest.raises(OutOfScope):
        svc.record_survey(ARCHIVED, MANAGER_B, 5, "", "s1")  # a case of city A
    with pytest.raises(InputError) as err:
        svc.record_survey(ARCHIVED, H1, 6, "", "s1")
    assert [k for k, _ in err.value.problems] == [inputs.WHOLE]

    survey_id = svc.record_survey(ARCHIVED, H1, 4, " 处理及时 ", "s1")
    assert svc.record_survey(ARCHIVED, H1, 4, " 处理及时 ", "s1") == survey_id  # the same submit again
    with pytest.raises(InputError) as err:
        svc.record_survey(ARCHIVED, H1, 2, "", "s2")
    assert err.value.problems == [("survey.err.exists", {})]
    with session_scope() as s:
        survey = s.get(SatisfactionSurvey, survey_id)
    assert (survey.agent_id, survey.customer_id, survey.complaint_id) == (1, 1, ARCHIVED)
    assert (survey.score, survey.comment, survey.source, survey.at) == (4, "处理及时", "return_call", NOW)
    assert cases.closure(ARCHIVED)["survey"]["score"] == 4
    no_agent = svc.record_survey(NO_AGENT, H1, 5, "", "s3")  # a case naming no agent still gets its survey
    with session_scope() as s:
        assert s.get(SatisfactionSurvey, no_agent).agent_id is None


def test_survey_feeds_the_satisfaction_figures(store: str) -> None:
    day = Filters(start=NOW.date(), end=NOW.date())
    assert overview.satisfaction(day)["surveys"] == 0
    svc.record_survey(ARCHIVED, H1, 5, "", "s1")
    after = overview.satisfaction(day)  # the write cleared the cached figure
    assert (after["surveys"], after["rate"]) == (1, 1.0)


def test_survey_by_the_complainant_after_the_same_check(store: str) -> None:
    with pytest.raises(InputError) as err:
        progress_svc.submit_survey(REF[ARCHIVED], "0000", CLIENT_A, 5, "很好", "p1")
    assert err.value.problems == [("progress.no_match", {})]
    assert _count(SatisfactionSurvey) == 0 and _count(LookupFailure) == 1  # the failure counts
    survey_id = progress_svc.submit_survey(REF[ARCHIVED], "5678", CLIENT_A, 5, "很好", "p2")
    assert progress_svc.submit_survey(REF[ARCHIVED], "5678", CLIENT_A, 5, "很好", "p2") == survey_id
    with session_scope() as s:
        survey = s.get(SatisfactionSurvey, survey_id)
    assert (survey.source, survey.comment, survey.complaint_id) == ("progress_page", "很好", ARCHIVED)
    assert progress_q.public_case(ARCHIVED)["has_survey"]
    with pytest.raises(InputError) as err:
        svc.record_survey(ARCHIVED, H1, 1, "", "s1")  # the handler cannot add a second one
    assert err.value.problems == [("survey.err.exists", {})]
    with pytest.raises(InputError) as err:
        progress_svc.submit_survey(REF[VERIFYING], "5678", CLIENT_A, 5, "", "p3")
    assert err.value.problems == [("survey.err.not_archived", {})]
    audit = [r.detail for r in _audit("progress.survey")]
    assert [d["result"] for d in audit] == ["no_match", "found"] and "0000" not in json.dumps(audit)


def test_survey_concurrent_submits_store_exactly_one(store: str) -> None:
    """Six submits for one case at once, from the handler and from the complainant, each with its own
    token: exactly one is stored, the others are told the case has its survey."""

    def submit(i: int) -> object:
        if i % 2:
            return svc.record_survey(ARCHIVED, H1, 1 + i % 5, f"回访 {i}", f"tok-{i}")
        return progress_svc.submit_survey(REF[ARCHIVED], "5678", CLIENT_A, 1 + i % 5, f"网页 {i}", f"tok-{i}")

    results = in_threads(6, submit)
    stored = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, InputError)]
    assert len(stored) == 1 and len(refused) == 5, results
    assert all(r.problems == [("survey.err.exists", {})] for r in refused)
    assert _count(SatisfactionSurvey, SatisfactionSurvey.complaint_id == ARCHIVED) == 1


def test_survey_unique_index_holds_without_the_services(store: str) -> None:
    row = dict(agent_id=1, customer_id=1, complaint_id=ARCHIVED, at=NOW, score=3)
    with engine().begin() as conn:
        conn.execute(insert(SatisfactionSurvey).values(**row))
        conn.execute(insert(SatisfactionSurvey).values(**{**row, "complaint_id": None}))
        conn.execute(insert(SatisfactionSurvey).values(**{**row, "complaint_id": None}))  # surveys of no case: many
    with pytest.raises(IntegrityError), engine().begin() as conn:
        conn.execute(insert(SatisfactionSurvey).values(**row))
    assert _count(SatisfactionSurvey) == 3
