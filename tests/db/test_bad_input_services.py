"""The bad-input corpus fed to every field of every write service, on SQLite and PostgreSQL.

Each case ends either as ``InputError`` with the named problem (and then nothing at all is stored:
no row, no event, no audit row, no changed value), or as a faithfully stored value read back from
the store: NFC, controls removed (Word's U+000B and NEL become line breaks), 𠮷 and 😀 intact, markup
and SQL literal. The expected outcome of each case is written out here, not asked of the policy.

One small store per test (the complaint and committee rows come from the complaint-service tests'
row builders); "now" is the fixture stores' 2026-11-23 10:00.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from db.engine import session_scope
from db.models import (
    Agent,
    AuditLog,
    CommitteeSample,
    Complaint,
    ComplaintEvent,
    EarlyWarning,
    Holiday,
    ImprovementItem,
    SampleItem,
    SlaPolicy,
    Team,
    User,
    WarningEvent,
    WarningWeight,
)
from db.services import committee, complaints, improvements, reminders, settings, warnings
from db.services.common import InputError
from domain import inputs
from domain.intake import IntakeForm
from domain.outcomes import OutcomeForm
from domain.users import CurrentUser
from tests.db.builders import complaint_in_status, customer, two_cities, two_teams
from tests.helpers import WARNING_FORM as FORM

STAFF = CurrentUser(id=1, username="staff", display_name="员工甲", role="staff", team_id=1)
H1 = CurrentUser(id=2, username="h1", display_name="处理人一", role="prevention", team_id=3)
H2 = CurrentUser(id=3, username="h2", display_name="处理人二", role="prevention", team_id=3)
MANAGER = CurrentUser(id=4, username="boss", display_name="经理", role="manager")
ADMIN = CurrentUser(id=5, username="admin", display_name="管理员", role="admin")
COMMITTEE = CurrentUser(id=6, username="cmte", display_name="委员", role="committee")
HEAD = CurrentUser(id=7, username="head", display_name="部门负责人", role="dept_head", team_id=1)
USERS = (STAFF, H1, H2, MANAGER, ADMIN, COMMITTEE, HEAD)
HANDLING_TEAM = 3
ARCHIVED = 40  # archived complaints of 2026-03-01 to draw samples from
PERIOD = (date(2026, 1, 1), date(2026, 10, 31))
GOOD_SCORES = dict(timeliness=4, accuracy=4, attitude=5, resolution=4, compliance=5)
BAD_SCORES = dict(timeliness=1, accuracy=3, attitude=3, resolution=3, compliance=4)

BIG = ("超长文本 long text 𠮷 " * 7000)[:100_000]  # 100 KB
SQL = "'; DROP TABLE complaints; --"
HTML = "<script>alert(1)</script><img src=x onerror=alert(1)>"
TEXT = {
    "empty": "",
    "spaces": " \u3000\t ",
    "zwsp": "\u200b",
    "bom": "\ufeff",
    "vt": "第一行\x0b第二行",
    "nel": "下一行\x85到了",
    "c0_c1": "响铃\x07删除\x7f控制\x9b完",
    "nul": "空\x00字符",
    "nfd": "Cafe\u0301 e\u0301",
    "big": BIG,
    "emoji_cjk": "表情 😀 生僻字 𠮷",
    "sql": SQL,
    "html": HTML,
}
BLANK = ("empty", "spaces", "zwsp", "bom")
TOKENS = ("", "t" * 65, "t\x00k", "令牌", "a b", None)
DATES = {date(9999, 12, 31): inputs.DATE_WINDOW, date(1900, 1, 1): inputs.DATE_WINDOW, None: inputs.CHOOSE}


@dataclass(frozen=True)
class Text:
    """A text field as the service must treat it."""

    field: str  # the label key the problem names
    max_chars: int
    required: bool = True
    multiline: bool = True
    required_key: str = inputs.REQUIRED


def expected(spec: Text, case: str) -> tuple[str, str]:
    """("stored", value) or ("refused", problem key) for ``TEXT[case]`` in that field."""
    if case in BLANK:
        return ("refused", spec.required_key) if spec.required else ("stored", "")
    if case == "nul":
        return "refused", inputs.NUL
    line = "\n" if spec.multiline else " "
    stored = {
        "vt": f"第一行{line}第二行",
        "nel": f"下一行{line}到了",
        "c0_c1": "响铃删除控制完",
        "nfd": "Café é",
    }.get(case, TEXT[case])
    return ("refused", inputs.TOO_LONG) if len(stored) > spec.max_chars else ("stored", stored)


# --------------------------------------------------------------------------- the store


@pytest.fixture
def store(make_store) -> str:
    return make_store(
        [
            *two_cities(),
            *two_teams(("Team A", "Team B")),
            Team(id=HANDLING_TEAM, name="处理一组", name_en="Handling", city_id=1, department="handling"),
            Agent(id=1, code="A0001", name="坐席一", team_id=1, hired_on=date(2024, 1, 2)),
            *(
                User(id=u.id, username=u.username, display_name=u.display_name, role=u.role, team_id=u.team_id)
                for u in USERS
            ),
            customer(1, city=1, phone="13800000001", name="王小明"),
        ],
        then=[
            complaint_in_status(
                1000 + i, f"TS20260301{i:05d}", datetime(2026, 3, 1, 9), "archive", datetime(2026, 3, 2)
            )
            for i in range(ARCHIVED)
        ],
    )


def token() -> str:
    return uuid.uuid4().hex


def state() -> tuple[Any, ...]:
    """Everything a refused write must leave as it was."""
    with session_scope() as s:
        counts = tuple(
            s.scalar(select(func.count()).select_from(m))
            for m in (
                Complaint,
                ComplaintEvent,
                EarlyWarning,
                WarningEvent,
                CommitteeSample,
                SampleItem,
                ImprovementItem,
                Holiday,
                SlaPolicy,
                AuditLog,
            )
        )
        changing = (
            sorted(s.execute(select(WarningWeight.factor, WarningWeight.weight)).tuples()),
            sorted(s.execute(select(SlaPolicy.id, SlaPolicy.amount, SlaPolicy.unit)).tuples()),
            sorted(s.execute(select(Holiday.day, Holiday.name, Holiday.is_workday)).tuples()),
            sorted(s.execute(select(SampleItem.id, SampleItem.comment, SampleItem.timeliness)).tuples()),
            sorted(s.execute(select(ImprovementItem.id, ImprovementItem.status)).tuples()),
            sorted(s.execute(select(EarlyWarning.id, EarlyWarning.status, EarlyWarning.customer_name)).tuples()),
            sorted(s.execute(select(Complaint.id, Complaint.status, Complaint.handler_id)).tuples()),
        )
    return counts + changing


def refused(call: Callable[[], object], key: str, field: str | None = None, what: str = "") -> None:
    """``call`` raises InputError naming ``key`` (for ``field``) and stores nothing."""
    before = state()
    with pytest.raises(InputError) as err:
        call()
    named = [(k, a.get("field")) for k, a in err.value.problems]
    assert any(k == key and (field is None or f == field) for k, f in named), (what, named)
    assert state() == before, f"{what}: a refused write stored something"


def faithful(value: str) -> None:
    assert unicodedata.is_normalized("NFC", value), value
    assert not any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in value), repr(value)


def corpus(
    spec: Text,
    write: Callable[..., object],
    read: Callable[[object], str | None],
    what: str,
    prepare: Callable[[], object] | None = None,
) -> None:
    """Every text case in one field: refused with its problem, or stored as expected.

    ``prepare()`` (run before each case, outside the write that must store nothing) makes what the
    write needs, e.g. a report in the right state; ``write(value, prepared)`` then gets it.
    """
    for case, value in TEXT.items():
        ready = None if prepare is None else prepare()
        args = (value,) if prepare is None else (value, ready)
        outcome, detail = expected(spec, case)
        label = f"{what}/{case}"
        if outcome == "refused":
            refused(lambda a=args: write(*a), detail, spec.field, label)
        else:
            stored = read(write(*args))
            assert (stored or "") == detail, (label, stored)
            faithful(stored or "")


def row_of(model: type, row_id: object) -> Any:
    with session_scope() as s:
        return s.get(model, row_id)


# --------------------------------------------------------------------------- complaints

INTAKE = IntakeForm(
    channel="phone", category="app_problem", description="APP 打不开", city_id=1, customer_mode="none", level="L3"
)


def logged(**changes: object) -> int:
    return complaints.log_complaint(replace(INTAKE, **changes), STAFF, token()).id


def test_bad_input_log_complaint(store: str) -> None:
    corpus(
        Text("intake.description", 2000, required_key="intake.err.description_required"),
        lambda v: logged(description=v),
        lambda cid: row_of(Complaint, cid).description,
        "description",
    )
    corpus(
        Text("intake.field.reason", 200, multiline=False, required_key="intake.err.reason_required"),
        lambda v: logged(level="L2", override_reason=v),
        lambda cid: row_of(Complaint, cid).level_override_reason,
        "override reason",
    )
    agent = "intake.field.agent_code"
    for code, key in (("A０００１", inputs.ASCII_DIGITS), ("A٠٠٠١", inputs.ASCII_DIGITS), ("A0001\x00", inputs.NUL)):
        refused(lambda c=code: logged(agent_code=c), key, agent, code)
    for code in ("A1", SQL, BIG, "A²001"):
        refused(
            lambda c=code: logged(agent_code=c), "intake.err.agent_format" if code != "A²001" else inputs.ASCII_DIGITS
        )
    assert row_of(Complaint, logged(agent_code=" a0001 ")).agent_id == 1
    assert row_of(Complaint, logged(agent_code="\u200b")).agent_id is None
    for city in (10**20, -1, 0, True, "1", None):
        refused(lambda c=city: logged(city_id=c), "intake.err.city", what=f"city {city!r}")
    for cid in (10**20, -1, True):
        refused(lambda c=cid: logged(customer_mode="code", customer_id=c), "intake.err.customer_unknown")
    for bad in TOKENS:
        refused(lambda t=bad: complaints.log_complaint(INTAKE, STAFF, t), inputs.FORM_EXPIRED, what=f"token {bad!r}")


def test_bad_input_handling_steps(store: str) -> None:
    corpus(
        Text("handling.field.note", 1000),
        lambda note, case: complaints.advance(case, H1, note, token(), stage="ack"),
        lambda eid: row_of(ComplaintEvent, eid).note,
        "advance",
        prepare=logged,
    )
    case = logged()
    corpus(
        Text("handling.free_note", 1000),
        lambda v: complaints.add_note(case, H1, v, token()),
        lambda eid: row_of(ComplaintEvent, eid).note,
        "note",
    )

    def reassigned(note: str) -> int:
        before = row_of(Complaint, case).handler_id
        return complaints.reassign(case, MANAGER, H2.id if before == H1.id else H1.id, note, token())

    corpus(
        Text("handling.field.reassign_reason", 1000, multiline=False),
        reassigned,
        lambda eid: row_of(ComplaintEvent, eid).note.split(": ", 1)[1],
        "reassign",
    )
    for handler in (None, 10**20, True, -1):
        refused(lambda h=handler: complaints.reassign(case, MANAGER, h, "调整", token()), "handling.err.handler")
    for missing in (10**20, -5, True):
        refused(lambda c=missing: complaints.add_note(c, H1, "备注", token()), "handling.err.no_case")
    for bad in TOKENS:
        refused(lambda t=bad: complaints.add_note(case, H1, "备注", t), inputs.FORM_EXPIRED)
        refused(lambda t=bad: complaints.advance(case, H1, "受理", t, stage="ack"), inputs.FORM_EXPIRED)
    # the satisfaction score of the notify stage: a whole number 1–5
    for stage in ("ack", "verify"):
        complaints.advance(case, H1, "完成", token(), stage=stage)
    complaints.advance(case, H1, "完成", token(), stage="resolve", outcome=OutcomeForm(("apology",), reply="致歉"))
    field = "handling.field.satisfaction"
    for score, key in ((6, inputs.WHOLE), (0, inputs.WHOLE), (4.5, inputs.WHOLE), (True, inputs.WHOLE)):
        refused(
            lambda v=score: complaints.advance(case, H1, "反馈", token(), stage="notify", satisfaction=v), key, field
        )
    refused(
        lambda: complaints.advance(case, H1, "反馈", token(), stage="notify", satisfaction=float("nan")),
        inputs.NOT_A_NUMBER,
        field,
    )
    complaints.advance(case, H1, "反馈", token(), stage="notify", satisfaction=5.0)
    assert row_of(Complaint, case).satisfaction_score == 5


def test_bad_input_reminders(store: str) -> None:
    case = logged()
    corpus(
        Text("sla.field.remind_note", 500, required=False),
        lambda v: reminders.send_reminder(case, "ack", MANAGER, v, token()),
        lambda eid: row_of(ComplaintEvent, eid).note,
        "reminder",
    )
    for bad in TOKENS:
        refused(lambda t=bad: reminders.send_reminder(case, "ack", MANAGER, "", t), inputs.FORM_EXPIRED)
    for missing in (10**20, 0, True):
        refused(lambda c=missing: reminders.send_reminder(c, "ack", MANAGER, "", token()), "sla.remind.no_case")
    refused(lambda: reminders.send_reminder(case, "ack\x00", MANAGER, "", token()), "sla.remind.bad_stage")


# --------------------------------------------------------------------------- early warnings


PREVENTION = H1


def submitted(**changes: object) -> int:
    return warnings.submit_warning(STAFF, replace(FORM, **changes), token=token()).id


def approved() -> int:
    wid = submitted()
    warnings.review_warning(HEAD, wid, approve=True, comment="", token=token())
    return wid


def assigned() -> int:
    wid = approved()
    warnings.assign_warning(PREVENTION, wid, handling_team_id=HANDLING_TEAM, plan="回访", token=token())
    return wid


def closed() -> int:
    """Closed by a colleague (H2): whoever closes a report does not evaluate it."""
    wid = assigned()
    warnings.close_warning(H2, wid, note="已处理", token=token())
    return wid


def returned() -> int:
    wid = submitted()
    warnings.review_warning(HEAD, wid, approve=False, comment="请核对", token=token())
    return wid


def test_bad_input_submit_warning(store: str) -> None:
    for name, spec in (
        ("customer_name", Text("warn.field.customer_name", 40, multiline=False)),
        ("description", Text("warn.field.description", 2000)),
        ("suggestion", Text("warn.field.suggestion", 1000)),
    ):
        corpus(spec, lambda v, n=name: submitted(**{n: v}), lambda w, n=name: getattr(row_of(EarlyWarning, w), n), name)
    contact = "warn.field.contact"
    for phone, key in (
        ("１３８１２３４５６７８", inputs.ASCII_DIGITS),
        ("١٣٨١٢٣٤٥٦٧٨", inputs.ASCII_DIGITS),
        ("138\x0012345678", inputs.NUL),
        ("\u200b", inputs.REQUIRED),
        (SQL, "warn.err.phone"),
        (HTML, "warn.err.phone"),
        (BIG, "warn.err.phone"),
    ):
        refused(lambda p=phone: submitted(contact=p), key, contact if key != "warn.err.phone" else None, phone[:20])
    assert row_of(EarlyWarning, submitted(contact=" 138 1234 5678 ")).contact == "13812345678"
    code = "input.field.customer_code"
    refused(lambda: submitted(customer_code="C０００００００１"), inputs.ASCII_DIGITS, code)
    refused(lambda: submitted(customer_code="C00000001\x00"), inputs.NUL, code)
    refused(lambda: submitted(customer_code=SQL), "warn.err.customer_code")
    assert row_of(EarlyWarning, submitted(customer_code=" c00000001 ")).customer_id == 1
    assert row_of(EarlyWarning, submitted(customer_code="\u200b")).customer_id is None
    debt = "warn.field.debt_amount"
    for amount, key in (
        (0.001, inputs.DECIMALS),
        (0.005, inputs.DECIMALS),
        (float("nan"), inputs.NOT_A_NUMBER),
        (float("inf"), inputs.NOT_A_NUMBER),
        (-1.0, inputs.NOT_ABOVE),
        (0.0, inputs.NOT_ABOVE),
        (1e308, "warn.err.amount_ceiling"),
        (None, inputs.REQUIRED),
    ):
        refused(lambda a=amount: submitted(debt_amount=a), key, debt, repr(amount))
    assert row_of(EarlyWarning, submitted(debt_amount=0.01)).debt_amount == Decimal("0.01")
    assert row_of(EarlyWarning, submitted(debt_amount=52000.1)).debt_amount == Decimal("52000.10")
    for name in ("overdue_days", "complaint_history"):
        for count, key in ((-1, inputs.WHOLE), (1.5, inputs.WHOLE), (10**20, inputs.WHOLE), (True, inputs.WHOLE)):
            refused(lambda n=name, c=count: submitted(**{n: c}), key, f"warn.field.{name}", f"{name}={count!r}")
        refused(lambda n=name: submitted(**{n: float("nan")}), inputs.NOT_A_NUMBER, f"warn.field.{name}")
    for choice in ("source", "attitude"):
        refused(lambda c=choice: submitted(**{c: "x\x00"}), inputs.CHOOSE, f"warn.field.{choice}")
    for bad in TOKENS:
        refused(lambda t=bad: warnings.submit_warning(STAFF, FORM, token=t), inputs.FORM_EXPIRED)


def test_bad_input_warning_workflow(store: str) -> None:
    def event_note(eid: object) -> str | None:
        return row_of(WarningEvent, eid).note

    def of_event(column: str) -> Callable[[object], str | None]:
        return lambda eid: getattr(row_of(EarlyWarning, row_of(WarningEvent, eid).warning_id), column)

    corpus(
        Text("warn.field.head_comment", 1000, required=False),
        lambda v, wid: warnings.review_warning(HEAD, wid, approve=True, comment=v, token=token()),
        of_event("head_comment"),
        "approve",
        prepare=submitted,
    )
    corpus(
        Text("warn.field.return_reason", 1000),
        lambda v, wid: warnings.review_warning(HEAD, wid, approve=False, comment=v, token=token()),
        event_note,
        "return",
        prepare=submitted,
    )
    corpus(
        Text("warn.field.resubmit_note", 1000, multiline=False),
        lambda v, wid: warnings.resubmit_warning(STAFF, wid, FORM, v, token=token()),
        event_note,
        "resubmit note",
        prepare=returned,
    )
    corpus(
        Text("warn.field.customer_name", 40, multiline=False),
        lambda v, wid: warnings.resubmit_warning(STAFF, wid, replace(FORM, customer_name=v), "已改", token=token()),
        of_event("customer_name"),
        "resubmitted name",
        prepare=returned,
    )
    corpus(
        Text("warn.field.plan", 2000),
        lambda v, wid: warnings.assign_warning(PREVENTION, wid, handling_team_id=HANDLING_TEAM, plan=v, token=token()),
        of_event("plan"),
        "assign",
        prepare=approved,
    )
    ready = approved()
    for team, key in ((None, inputs.CHOOSE), (10**20, "warn.err.handling_team"), (True, "warn.err.handling_team")):
        refused(
            lambda t=team: warnings.assign_warning(PREVENTION, ready, handling_team_id=t, plan="回访", token=token()),
            key,
        )
    open_one = assigned()
    corpus(
        Text("warn.field.tracking_note", 1000),
        lambda v: warnings.add_tracking(PREVENTION, open_one, note=v, token=token()),
        event_note,
        "track",
    )
    corpus(
        Text("warn.field.close_note", 1000),
        lambda v, wid: warnings.close_warning(PREVENTION, wid, note=v, token=token()),
        event_note,
        "close",
        prepare=assigned,
    )
    corpus(
        Text("warn.field.evaluation", 2000),
        lambda v, wid: warnings.evaluate_warning(PREVENTION, wid, evaluation=v, token=token()),
        of_event("evaluation"),
        "evaluate",
        prepare=closed,
    )
    for missing in (10**20, 0, True):
        refused(
            lambda w=missing: warnings.add_tracking(PREVENTION, w, note="跟踪", token=token()), "warn.err.not_found"
        )
    for bad in TOKENS:
        refused(lambda t=bad: warnings.add_tracking(PREVENTION, open_one, note="跟踪", token=t), inputs.FORM_EXPIRED)


def test_bad_input_risk_weights(store: str) -> None:
    good = {"complaint_history": 0.35, "overdue": 0.25, "debt": 0.2, "attitude": 0.2}
    field = "warn.factor.debt"
    for weight, key in (
        (float("nan"), inputs.NOT_A_NUMBER),
        (float("inf"), inputs.NOT_A_NUMBER),
        (-0.1, inputs.BELOW),
        (1.5, inputs.ABOVE),
        (0.00001, inputs.DECIMALS),
        ("²", inputs.ASCII_DIGITS),
        (True, inputs.NOT_A_NUMBER),
        (None, inputs.REQUIRED),
    ):
        refused(lambda w=weight: warnings.save_weights(ADMIN, {**good, "debt": w}), key, field, repr(weight))
    refused(lambda: warnings.save_weights(ADMIN, {**good, "debt\x00": 0.2}), "warn.err.weight_factors")
    warnings.save_weights(ADMIN, {**good, "debt": 0.1 + 0.05})  # 0.15000000000000002 from a stepper
    with session_scope() as s:
        assert s.get(WarningWeight, "debt").weight == 0.15


# --------------------------------------------------------------------------- the committee


def test_bad_input_draw_sample(store: str) -> None:
    seed = "sample.field.seed"
    for typed, key in (
        ("²", inputs.ASCII_DIGITS),
        ("１２３", inputs.ASCII_DIGITS),
        ("١٢٣", inputs.ASCII_DIGITS),
        ("12345678901234567890", inputs.WHOLE),
        ("-1", inputs.WHOLE),
        ("1.5", inputs.WHOLE),
        ("7\x00", inputs.WHOLE),
        (SQL, inputs.WHOLE),
        (10**20, inputs.WHOLE),
        (float("nan"), inputs.NOT_A_NUMBER),
    ):
        refused(lambda v=typed: committee.draw_sample(COMMITTEE, *PERIOD, 5, v, token=token()), key, seed, repr(typed))
    for day, key in DATES.items():
        refused(
            lambda d=day: committee.draw_sample(COMMITTEE, d, PERIOD[1], 5, token=token()), key, "sample.period_start"
        )
        refused(
            lambda d=day: committee.draw_sample(COMMITTEE, PERIOD[0], d, 5, token=token()), key, "sample.period_end"
        )
    for size, key in (
        (0, inputs.WHOLE),
        (1001, inputs.WHOLE),
        (2.5, inputs.WHOLE),
        (True, inputs.WHOLE),
        (float("inf"), inputs.NOT_A_NUMBER),
        (None, inputs.REQUIRED),
    ):
        refused(lambda n=size: committee.draw_sample(COMMITTEE, *PERIOD, n, token=token()), key, "sample.size")
    for bad in TOKENS:
        refused(lambda t=bad: committee.draw_sample(COMMITTEE, *PERIOD, 5, token=t), inputs.FORM_EXPIRED)
    for typed, stored in ((" 42 ", 42), ("9223372036854775807", 2**63 - 1), (7, 7)):
        sample = committee.draw_sample(COMMITTEE, *PERIOD, 3, typed, token=token())
        assert row_of(CommitteeSample, sample).random_seed == stored
    random = committee.draw_sample(COMMITTEE, *PERIOD, 3, "\u200b", token=token())
    assert 0 <= row_of(CommitteeSample, random).random_seed < 2**31


def sample_items() -> list[int]:
    sample = committee.draw_sample(COMMITTEE, *PERIOD, ARCHIVED, 1, token=token())
    with session_scope() as s:
        return list(s.scalars(select(SampleItem.id).where(SampleItem.sample_id == sample).order_by(SampleItem.id)))


def test_bad_input_review_and_findings(store: str) -> None:
    items = iter(sample_items())
    corpus(
        Text("sample.comment", 1000, required=False),
        lambda v, item: (committee.review_item(COMMITTEE, item, GOOD_SCORES, True, v), item)[1],
        lambda item: row_of(SampleItem, item).comment,
        "review comment",
        prepare=lambda: next(items),
    )
    item = next(items)
    refused(
        lambda: committee.review_item(COMMITTEE, item, BAD_SCORES, False, "\u200b"), "sample.err.fail_needs_comment"
    )
    for score in (0, 6, 2.5, True, "²", float("nan"), None):
        refused(
            lambda v=score: committee.review_item(COMMITTEE, item, {**GOOD_SCORES, "accuracy": v}, True, ""),
            "sample.err.score",
            "sample.crit.accuracy",
        )
    refused(lambda: committee.review_item(COMMITTEE, item, GOOD_SCORES, "是", ""), "sample.err.passed")
    refused(lambda: committee.review_item(COMMITTEE, 10**20, GOOD_SCORES, True, ""), "sample.err.no_item")
    # a finding whose stored comment holds rare characters and markup becomes an improvement's issue
    committee.review_item(COMMITTEE, item, BAD_SCORES, False, f"未核实 𠮷 {HTML}")

    def improve(**changes: object) -> int:
        fields = dict(department="合规部", measure="加提醒", due=date(2026, 12, 31), owner="王芳", token=token())
        return committee.finding_to_improvement(COMMITTEE, item, **{**fields, **changes})

    refused(lambda: improve(department="合规\x00部"), inputs.NUL, "improve.field.department")
    refused(lambda: improve(owner="\u200b"), "improve.err.required", "improve.field.owner")
    refused(lambda: improve(measure=BIG), inputs.TOO_LONG, "improve.field.measure")
    for day, key in DATES.items():
        refused(lambda d=day: improve(due=d), key, "improve.due")
    for bad in TOKENS:
        refused(lambda t=bad: improve(token=t), inputs.FORM_EXPIRED)
    refused(
        lambda: committee.finding_to_improvement(
            COMMITTEE, 10**20, department="部", measure="措施", due=date(2026, 12, 31), owner="人", token=token()
        ),
        "sample.err.not_reviewed",
    )
    made = row_of(ImprovementItem, improve(measure="第一步\x0b第二步 😀"))
    assert made.measure == "第一步\n第二步 😀"
    assert made.issue.endswith(f": 未核实 𠮷 {HTML}") and made.issue.startswith("TS2026030100")


def test_bad_input_improvement_items(store: str) -> None:
    base = dict(issue="问题", department="客服部", measure="措施", due=date(2026, 12, 31), owner="王芳", evidence="")

    def added(**changes: object) -> int:
        return improvements.add_item(COMMITTEE, **{**base, **changes}, token=token())

    for name, spec in (
        ("issue", Text("improve.field.issue", 1000, required_key="improve.err.required")),
        ("department", Text("improve.field.department", 60, multiline=False, required_key="improve.err.required")),
        ("measure", Text("improve.field.measure", 1000, required_key="improve.err.required")),
        ("owner", Text("improve.field.owner", 60, multiline=False, required_key="improve.err.required")),
        ("evidence", Text("improve.field.evidence", 200, required=False, multiline=False)),
    ):
        corpus(spec, lambda v, n=name: added(**{n: v}), lambda i, n=name: getattr(row_of(ImprovementItem, i), n), name)
    for day, key in {
        **DATES,
        date(2025, 11, 22): inputs.DATE_WINDOW,
        date(2029, 11, 24): inputs.DATE_WINDOW,
        "２０２６-１２-３１": inputs.ASCII_DIGITS,
        20261231: inputs.NOT_A_DATE,
    }.items():
        refused(lambda d=day: added(due=d), key, "improve.due", repr(day))
    assert row_of(ImprovementItem, added(due=datetime(2029, 11, 23, 18))).due_date == date(2029, 11, 23)
    for bad in TOKENS:
        refused(lambda t=bad: improvements.add_item(COMMITTEE, **base, token=t), inputs.FORM_EXPIRED)
    item = added()
    refused(lambda: improvements.set_status(COMMITTEE, item, "done\x00"), "improve.err.status")
    refused(lambda: improvements.set_status(COMMITTEE, 10**20, "done"), "improve.err.not_found")


# --------------------------------------------------------------------------- settings


def test_bad_input_holiday_schedule_and_targets(store: str) -> None:
    def schedule(name: object = "春节", day: object = date(2027, 2, 8), year: object = 2027, workday: object = False):
        return settings.save_year_schedule(ADMIN, year, [(day, workday, name)])

    corpus(
        Text("settings.field.holiday_name", 40, multiline=False),
        lambda v: (schedule(v), date(2027, 2, 8))[1],
        lambda day: row_of(Holiday, day).name,
        "holiday name",
    )
    for day, key in {
        **DATES,
        date(2026, 12, 31): inputs.DATE_WINDOW,
        date(2028, 1, 1): inputs.DATE_WINDOW,
        "1900-01-01": inputs.DATE_WINDOW,
        "明天": inputs.NOT_A_DATE,
    }.items():
        refused(lambda d=day: schedule(day=d), key, "settings.day", repr(day))
    refused(lambda: schedule(workday="是"), inputs.CHOOSE, "settings.kind")
    for edge in (date(2004, 1, 3), date(2028, 12, 30)):  # Saturdays at the edges of the window
        schedule(day=edge, year=edge.year, workday=True)
        assert row_of(Holiday, edge).is_workday is True
    for year, key in (
        (1900, inputs.WHOLE),
        (2029, inputs.WHOLE),
        (10**20, inputs.WHOLE),
        ("²", inputs.ASCII_DIGITS),
        ("２０２６", inputs.ASCII_DIGITS),
        (float("nan"), inputs.NOT_A_NUMBER),
        (None, inputs.REQUIRED),
    ):
        refused(lambda y=year: schedule(year=y), key, "settings.year", repr(year))

    def target(amount: object, unit: str = "hours") -> int:
        return settings.save_sla_target(
            ADMIN, stage="verify", level=None, channel="phone", amount=amount, unit=unit, anchor="previous"
        ).target_id

    for amount, key in (
        (0.001, inputs.DECIMALS),
        (0, inputs.NOT_ABOVE),
        (-1, inputs.NOT_ABOVE),
        (721, inputs.ABOVE),
        (float("nan"), inputs.NOT_A_NUMBER),
        (float("inf"), inputs.NOT_A_NUMBER),
        (True, inputs.NOT_A_NUMBER),
    ):
        refused(lambda a=amount: target(a), key, "settings.field.hours", repr(amount))
    for days, key in ((1.5, inputs.WHOLE), (0, inputs.WHOLE), (61, inputs.WHOLE), (float("nan"), inputs.NOT_A_NUMBER)):
        refused(lambda d=days: target(d, "business_days"), key, "settings.field.days", repr(days))
    assert row_of(SlaPolicy, target(0.5)).amount == 0.5
    assert row_of(SlaPolicy, target(3.0, "business_days")).amount == 3
    refused(lambda: settings.delete_sla_target(ADMIN, 10**20), "settings.err.not_found")
