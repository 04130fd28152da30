"""The complainant's progress lookup (seed 000 §4.2 可视化进度): what proves a visitor is the
complainant, what they are shown, and when repeated failures lock a number or a client out.

A visitor types the reference number and the last four digits of the phone number on file. Every
failure gets the same answer, so the lookup tells nobody whether a number exists. Failures count per
reference number and per client: ``MAX_FAILURES`` within ``FAILURE_WINDOW`` lock either until the
oldest of them leaves the window. The visitor sees the four stages the complainant knows (受理 →
核实 → 处理 → 反馈; archiving is internal), when each was done, when the open one is expected and,
once resolved, the reply written for them: no name, agent, note, category or other case.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from domain import inputs
from domain.codes import STAGES

PUBLIC_STAGES: Final = STAGES[:-1]
CASE_REF: Final = re.compile(r"TS[0-9]{13,18}")  # TS + the day + its sequence (db/services/refs.py)
PHONE_LAST4: Final = re.compile(r"[0-9]{4}")
REF_FIELD: Final = "progress.field.ref"
PHONE_FIELD: Final = "progress.field.phone_last4"
MAX_FAILURES: Final = 5
FAILURE_WINDOW: Final = timedelta(minutes=15)
FORGET_FAILURES_AFTER: Final = timedelta(days=1)  # the audit log keeps every lookup; the counter only needs the window


@dataclass(frozen=True)
class Credentials:
    """A reference number and phone digits as typed, normalised: ``TS2026…`` and four ASCII digits."""

    ref: str
    phone_last4: str


def checked_credentials(ref: object, phone_last4: object) -> tuple[Credentials, list[inputs.Problem]]:
    """The credentials and the problems of their shape (the page says those; they are no guess)."""
    check = inputs.Inputs()
    ref_no = check.take(
        inputs.code(ref, field=REF_FIELD, pattern=CASE_REF, format_key="progress.err.ref_format", required=True)
    )
    digits = check.take(
        inputs.code(
            phone_last4, field=PHONE_FIELD, pattern=PHONE_LAST4, format_key="progress.err.phone_format", required=True
        )
    )
    return Credentials(ref_no, digits), check.problems


def phone_matches(stored_phone: str | None, phone_last4: str) -> bool:
    """Whether ``phone_last4`` are the last four digits of the stored number (a landline's dash is no digit)."""
    digits = "".join(ch for ch in stored_phone or "" if "0" <= ch <= "9")
    return len(digits) >= len(phone_last4) == 4 and hmac.compare_digest(digits[-4:], phone_last4)


def locked(failures_of_ref: int, failures_of_client: int) -> bool:
    """Whether the reference number or the client has failed ``MAX_FAILURES`` times within the window."""
    return max(failures_of_ref, failures_of_client) >= MAX_FAILURES


def client_address(forwarded_for: str | None, peer: str | None, proxy_hops: int) -> str | None:
    """The visitor's address: the connection's peer, or behind ``proxy_hops`` proxies of our own the
    address the outermost of them saw. ``X-Forwarded-For`` is read from the right, since a client can
    write anything to its left end; with too few entries there is no trustworthy address."""
    if proxy_hops <= 0:
        return peer or None
    seen = [part.strip() for part in (forwarded_for or "").split(",") if part.strip()]
    return seen[-proxy_hops] if len(seen) >= proxy_hops else None


def client_key(address: str | None, session_id: str) -> str:
    """What failures are counted by for a client: a hash of its address (or, without one, of the
    browser session), so the store keeps no address."""
    basis = f"address:{address}" if address else f"session:{session_id}"
    return hashlib.sha256(basis.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Step:
    """One public stage: when it was done, or (the open stage only) when it is expected."""

    stage: str
    done_at: datetime | None
    expected_at: datetime | None


@dataclass(frozen=True)
class PublicProgress:
    """Everything the progress page shows of a case."""

    ref: str
    steps: tuple[Step, ...]
    current: str | None  # the open stage; None once the complainant has been told the result
    expected_at: datetime | None
    overdue: bool  # the open stage is past its expected time
    reply: str | None  # the reply written for the complainant, once the case is resolved
    survey_due: bool  # archived and no follow-up survey yet


def public_progress(case: Mapping[str, Any], reply: str | None, has_survey: bool, now: datetime) -> PublicProgress:
    """The public view of ``case`` (its ``ref_no``, stage times ``<stage>_at`` and ``<stage>_due_at``)."""
    current = next((stage for stage in PUBLIC_STAGES if case[f"{stage}_at"] is None), None)
    expected = None if current is None else case[f"{current}_due_at"]
    steps = tuple(Step(stage, case[f"{stage}_at"], expected if stage == current else None) for stage in PUBLIC_STAGES)
    return PublicProgress(
        ref=str(case["ref_no"]),
        steps=steps,
        current=current,
        expected_at=expected,
        overdue=expected is not None and expected < now,
        reply=reply if case["resolve_at"] is not None else None,
        survey_due=case[f"{STAGES[-1]}_at"] is not None and not has_survey,
    )
