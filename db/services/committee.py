"""Committee writes: draw a sample, review its cases, turn a finding into an improvement item."""

from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import date

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError

from db.clock import now
from db.dialect import serialise_writers
from db.engine import session_scope
from db.models import CommitteeSample, Complaint, SampleItem
from db.queries import committee as q
from db.services.common import DutyConflict, InputError, audit, existing_id, require
from db.services.improvements import add_item
from domain import inputs, sampling
from domain.committee import CRITERIA, checked_period, finding_issue, is_finding, review_problems, sample_seed
from domain.users import CurrentUser

COMMITTEE = frozenset({"committee", "admin"})


def draw_sample(
    by: CurrentUser,
    start: date | None,
    end: date | None,
    size: int = sampling.DEFAULT_SIZE,
    seed: int | str | None = None,
    *,
    token: str,
) -> int:
    """Draw and store a stratified sample of cases archived in [start, end]; returns its id.

    ``seed`` is the number typed on the form (text of ASCII digits, or an int); empty draws a random one.
    """
    require(by, COMMITTEE, "sample.draw")
    check = inputs.Inputs()
    period, problems = checked_period(start, end, size, today=now().date())
    check.extend(problems)
    typed_seed = check.take(sample_seed(seed))
    check.token(token)
    check.raise_if_any()
    if period is None:  # not without a problem above
        raise InputError.one("sample.err.period_order")
    start, end, size = period
    seed = secrets.randbelow(2**31) if typed_seed is None else typed_seed
    try:
        with session_scope() as s:
            if typed_seed is not None:
                # Draws of one typed seed and period queue here: a later submit then sees the first,
                # as its own earlier submit (same token) or as a used seed.
                serialise_writers(s, f"sample-seed:{seed}:{start}:{end}")
            found = s.scalar(select(CommitteeSample.id).where(CommitteeSample.idempotency_token == token))
            if found is not None:
                return found
            if typed_seed is not None:  # the same seed and period again would redraw a stored sample, minus reviews
                used = s.scalar(
                    select(CommitteeSample.id)
                    .where(
                        CommitteeSample.random_seed == seed,
                        CommitteeSample.period_start == start,
                        CommitteeSample.period_end == end,
                    )
                    .limit(1)
                )
                if used is not None:
                    raise InputError.one("sample.err.seed_used", id=used)
            population: dict[sampling.Stratum, list[int]] = defaultdict(list)
            for cid, level, channel in s.execute(q.population_stmt(start, end)):
                population[(level, channel)].append(cid)
            if not population:
                raise InputError.one("sample.err.empty_population")
            chosen = sampling.draw(population, size, seed)
            sample = CommitteeSample(
                period_start=start,
                period_end=end,
                size=len(chosen),
                random_seed=seed,
                drawn_by=by.id,
                drawn_at=now(),
                idempotency_token=token,
                params={
                    "requested": size,
                    "population": sum(len(v) for v in population.values()),
                    "strata": {sampling.stratum_label(k): len(v) for k, v in sorted(population.items())},
                    "method": "proportional by level x channel, every L1 stratum represented",
                },
            )
            s.add(sample)
            s.flush()
            s.add_all(
                SampleItem(sample_id=sample.id, complaint_id=cid, stratum=sampling.stratum_label(st))
                for cid, st in chosen
            )
            audit(
                s,
                by,
                "sample.draw",
                "committee_samples",
                sample.id,
                seed=seed,
                size=len(chosen),
                period=[start.isoformat(), end.isoformat()],
            )
            sample_id = sample.id
    except IntegrityError:  # the same token committed concurrently: that sample is this submit's
        existing = existing_id(CommitteeSample, token)
        if existing is None:
            raise
        return existing
    q.forget()
    return sample_id


def review_item(
    by: CurrentUser, item_id: int, scores: dict[str, int | None], passed: bool | None, comment: str
) -> None:
    """Store one review; a second review of the same item is refused, also under concurrency, and
    nobody reviews a case they handled (its handler or first owner)."""
    require(by, COMMITTEE, "sample.review")
    comment = inputs.normalise_text(comment, multiline=True)
    problems = review_problems(scores, passed, comment)
    if problems:
        raise InputError(problems)
    if inputs.record_id(item_id) is None:
        raise InputError.one("sample.err.no_item")
    marks = {c: int(scores[c] or 0) for c in CRITERIA}  # whole numbers 1–5 by the checks
    with session_scope() as s:
        handled_by = s.execute(
            select(Complaint.handler_id, Complaint.first_owner_id)
            .join(SampleItem, SampleItem.complaint_id == Complaint.id)
            .where(SampleItem.id == item_id)
        ).first()
        if handled_by is not None and by.id in tuple(handled_by):
            raise DutyConflict("sample.review", "errors.duty.own_case")
        # Conditional update: only an unreviewed item changes, so two reviewers cannot both win.
        result = s.execute(
            update(SampleItem)
            .where(SampleItem.id == item_id, SampleItem.reviewed_at.is_(None))
            .values(
                reviewer_id=by.id,
                reviewed_at=now(),
                passed=passed,
                comment=comment or None,
                **marks,
            )
        )
        if not isinstance(result, CursorResult):  # what Session.execute gives for an UPDATE
            raise TypeError(f"an UPDATE answered with {type(result).__name__}, not a CursorResult")
        if result.rowcount == 0:
            exists = s.get(SampleItem, item_id) is not None
            raise InputError.one("sample.err.already_reviewed" if exists else "sample.err.no_item")
        audit(s, by, "sample.review", "sample_items", item_id, passed=passed, **marks)
    q.forget()


def finding_to_improvement(
    by: CurrentUser, item_id: int, *, department: str, measure: str, due: date | None, owner: str, token: str
) -> int:
    """One step from a sample finding to a line of this month's 问题改进清单, linked as evidence."""
    require(by, COMMITTEE, "improvement.from_finding")
    if inputs.record_id(item_id) is None:
        raise InputError.one("sample.err.not_reviewed")
    with session_scope() as s:
        item = s.get(SampleItem, item_id)
        if item is None or item.reviewed_at is None:
            raise InputError.one("sample.err.not_reviewed")
        if not is_finding({c: getattr(item, c) for c in CRITERIA}, item.passed):
            raise InputError.one("sample.err.not_a_finding")
        ref_no = s.scalar(select(Complaint.ref_no).where(Complaint.id == item.complaint_id))
        issue = finding_issue(ref_no, item.comment)  # from stored text: made to fit, never refused
    return add_item(  # checks the typed fields with the input policy
        by,
        issue=issue,
        department=department,
        measure=measure,
        due=due,
        owner=owner,
        evidence=f"sample:{item.sample_id} case:{ref_no}",
        sample_item_id=item_id,
        token=token,
        roles=COMMITTEE,
    )
