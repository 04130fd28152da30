"""The complainant's side, with no staff sign-in: look up a case's progress by its reference number
and the last four digits of the phone number on file, and give the follow-up survey after the same
check (rules in ``domain.progress``).

Every attempt is one transaction that writes its audit row (the number typed, the client's hashed
key and the result; never the digits), and each failure is counted in the store, so every app
process sees the same lockout. A complaint without a customer cannot be looked up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from db.clock import now
from db.engine import session_scope
from db.models import Complaint, Customer, LookupFailure
from db.services import closure
from db.services.common import InputError, audit, earlier_event
from domain import inputs
from domain.progress import (
    FAILURE_WINDOW,
    FORGET_FAILURES_AFTER,
    Credentials,
    checked_credentials,
    locked,
    phone_matches,
)
from domain.surveys import checked_survey

FOUND, NO_MATCH, LOCKED = "found", "no_match", "locked"
_CLIENT_KEY = re.compile(r"[0-9a-f]{32}")  # domain.progress.client_key


@dataclass(frozen=True)
class Answer:
    """What a lookup found: the case (``result`` "found"), or nothing ("no_match" or "locked")."""

    result: str
    complaint_id: int | None = None


def _checked(ref: object, phone_last4: object, client: str) -> Credentials:
    credentials, problems = checked_credentials(ref, phone_last4)
    if problems:
        raise InputError(problems)
    if not _CLIENT_KEY.fullmatch(client):
        raise ValueError("client must be a key made by domain.progress.client_key")
    return credentials


def _failures(s: Session, column: InstrumentedAttribute[str], key: str, since: datetime) -> int:
    return int(s.scalar(select(func.count()).where(column == key, LookupFailure.at >= since)) or 0)


def _verify(s: Session, credentials: Credentials, client: str, moment: datetime) -> Answer:
    """The case the credentials prove, unless the number or the client is locked out; a failure is counted."""
    s.execute(delete(LookupFailure).where(LookupFailure.at < moment - FORGET_FAILURES_AFTER))
    since = moment - FAILURE_WINDOW
    if locked(
        _failures(s, LookupFailure.ref_key, credentials.ref, since),
        _failures(s, LookupFailure.client_key, client, since),
    ):
        return Answer(LOCKED)
    row = s.execute(
        select(Complaint.id, Customer.phone)
        .join(Customer, Customer.id == Complaint.customer_id)
        .where(Complaint.ref_no == credentials.ref)
    ).first()
    if row is None or not phone_matches(row.phone, credentials.phone_last4):
        s.add(LookupFailure(at=moment, ref_key=credentials.ref, client_key=client))
        return Answer(NO_MATCH)
    return Answer(FOUND, int(row.id))


def look_up(ref: object, phone_last4: object, client: str) -> Answer:
    """The case with this reference number if the digits are those of its customer's phone.

    A wrong number, wrong digits and a case without a customer all answer ``no_match``; while the
    number or the client has too many recent failures the answer is ``locked``, right digits or not.
    Digits or a number of the wrong shape are an ``InputError`` (no attempt: it guesses nothing).
    """
    credentials = _checked(ref, phone_last4, client)
    with session_scope() as s:
        answer = _verify(s, credentials, client, now())
        audit(
            s,
            None,
            "progress.lookup",
            "complaint",
            answer.complaint_id,
            ref=credentials.ref,
            client=client,
            result=answer.result,
        )
    return answer


def submit_survey(ref: object, phone_last4: object, client: str, score: object, comment: object, token: str) -> int:
    """The complainant's follow-up survey of their archived case, after the lookup's check; returns
    its id. A failed check stores nothing but its failure and refuses with the lookup's answer
    (``progress.no_match`` or ``progress.locked``); a second survey of the case is refused."""
    credentials = _checked(ref, phone_last4, client)
    survey, problems = checked_survey(score, comment)
    token_problem = inputs.form_token(token)
    if token_problem is not None:
        problems.append(token_problem)
    if problems:
        raise InputError(problems)
    survey_id: int | None = None
    try:
        with session_scope() as s:
            moment = now()
            answer = _verify(s, credentials, client, moment)
            if answer.complaint_id is not None:
                case = s.scalars(select(Complaint).where(Complaint.id == answer.complaint_id).with_for_update()).one()
                earlier = earlier_event(s, "progress.survey", "complaint", case.id, token, key="survey_id")
                if earlier is not None:  # a rerun of a submit already stored
                    return earlier
                survey_id = closure.store_survey(s, case, survey, "progress_page", moment)
            audit(
                s,
                None,
                "progress.survey",
                "complaint",
                answer.complaint_id,
                ref=credentials.ref,
                client=client,
                result=answer.result,
                token=token,
                survey_id=survey_id,
                score=survey.score if survey_id else None,
            )
    except IntegrityError:  # another submit stored the case's survey in between
        raise InputError.one("survey.err.exists") from None
    if survey_id is None:
        raise InputError.one(f"progress.{answer.result}")
    closure.forget_surveys()
    return survey_id
