"""Closing the loop with the complainant, the parts both ways in share: storing how a case was
resolved (with the resolve stage) and storing its one follow-up survey (from the handler's return
call or the complainant's progress page), each inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Complaint, ComplaintOutcome, ComplaintResolution, SatisfactionSurvey
from db.queries import agents, cases, intake, loyalty, overview, progress
from db.services.common import InputError
from domain.codes import STAGES
from domain.outcomes import Outcome
from domain.surveys import Survey
from domain.users import CurrentUser


def store_resolution(session: Session, complaint_id: int, outcome: Outcome, by: CurrentUser, at: datetime) -> None:
    """The reply and the outcome rows of a case being resolved now."""
    session.add(ComplaintResolution(complaint_id=complaint_id, reply=outcome.reply, recorded_at=at, recorded_by=by.id))
    session.flush()  # the outcome rows refer to the resolution
    session.add_all(
        ComplaintOutcome(complaint_id=complaint_id, kind=kind, amount=amount) for kind, amount in outcome.items
    )


def outcome_detail(outcome: Outcome) -> list[list[str | None]]:
    """The outcome as the audit row keeps it: [kind, amount] pairs (amounts as text, JSON has no decimals)."""
    return [[kind, None if amount is None else str(amount)] for kind, amount in outcome.items]


def store_survey(session: Session, case: Complaint, survey: Survey, source: str, at: datetime) -> int:
    """The follow-up survey of ``case`` (locked by the caller), with its customer and agent; returns its id.

    Only an archived case of a known customer has one, and only one: a second is refused. Two
    submits at once queue on the case's lock; the unique index on ``complaint_id`` stops any other.
    """
    if case.status != STAGES[-1]:
        raise InputError.one("survey.err.not_archived")
    if case.customer_id is None:
        raise InputError.one("survey.err.no_customer")
    if session.scalar(select(SatisfactionSurvey.id).where(SatisfactionSurvey.complaint_id == case.id)) is not None:
        raise InputError.one("survey.err.exists")
    row = SatisfactionSurvey(
        agent_id=case.agent_id,
        customer_id=case.customer_id,
        complaint_id=case.id,
        at=at,
        score=survey.score,
        comment=survey.comment or None,
        source=source,
    )
    session.add(row)
    session.flush()
    return int(row.id)


def forget_resolutions() -> None:
    """Reads that show a case's outcome: the case, its public progress and the outcome sums."""
    cases.forget()
    progress.forget()
    overview.forget_outcomes()


def forget_surveys() -> None:
    """Reads that count surveys: the case, its public progress, the surveys due and every satisfaction figure."""
    cases.forget()
    progress.forget()
    intake.surveys_due.clear()
    agents.forget()
    for read in (overview.satisfaction, overview.weekly_trend):
        read.clear()
    loyalty.programme_months.clear()
