"""Committee writes: draw a sample, review its cases, turn a finding into an improvement item."""

from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import date

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError

from db.clock import now
from db.engine import session_scope
from db.models import CommitteeSample, Complaint, SampleItem
from db.queries import committee as q
from db.services.common import InputError, audit, existing_id, require
from db.services.improvements import add_item
from domain import sampling
from domain.committee import CRITERIA, improvement_problems, is_finding, period_problems, review_problems
from domain.users import CurrentUser

COMMITTEE = frozenset({"committee", "admin"})


def draw_sample(
    by: CurrentUser,
    start: date | None,
    end: date | None,
    size: int = sampling.DEFAULT_SIZE,
    seed: int | None = None,
    *,
    token: str,
) -> int:
    """Draw and store a stratified sample of cases archived in [start, end]; returns its id."""
    require(by, COMMITTEE, "sample.draw")
    problems = period_problems(start, end, size)
    if problems or start is None or end is None:  # a missing bound is one of the problems
        raise InputError(problems)
    seed = secrets.randbelow(2**31) if seed is None else seed
    try:
        with session_scope() as s:
            found = s.scalar(select(CommitteeSample.id).where(CommitteeSample.idempotency_token == token))
            if found is not None:
                return found
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
    """Store one review; a second review of the same item is refused, also under concurrency."""
    require(by, COMMITTEE, "sample.review")
    problems = review_problems(scores, passed, comment)
    if problems:
        raise InputError(problems)
    with session_scope() as s:
        # Conditional update: only an unreviewed item changes, so two reviewers cannot both win.
        result = s.execute(
            update(SampleItem)
            .where(SampleItem.id == item_id, SampleItem.reviewed_at.is_(None))
            .values(
                reviewer_id=by.id,
                reviewed_at=now(),
                passed=passed,
                comment=comment.strip() or None,
                **{c: scores[c] for c in CRITERIA},
            )
        )
        if not isinstance(result, CursorResult):  # what Session.execute gives for an UPDATE
            raise TypeError(f"an UPDATE answered with {type(result).__name__}, not a CursorResult")
        if result.rowcount == 0:
            exists = s.get(SampleItem, item_id) is not None
            raise InputError.one("sample.err.already_reviewed" if exists else "sample.err.no_item")
        audit(s, by, "sample.review", "sample_items", item_id, passed=passed, **{c: scores[c] for c in CRITERIA})
    q.forget()


def finding_to_improvement(
    by: CurrentUser, item_id: int, *, department: str, measure: str, due: date | None, owner: str, token: str
) -> int:
    """One step from a sample finding to a line of this month's 问题改进清单, linked as evidence."""
    require(by, COMMITTEE, "improvement.from_finding")
    with session_scope() as s:
        item = s.get(SampleItem, item_id)
        if item is None or item.reviewed_at is None:
            raise InputError.one("sample.err.not_reviewed")
        if not is_finding({c: getattr(item, c) for c in CRITERIA}, item.passed):
            raise InputError.one("sample.err.not_a_finding")
        ref_no = s.scalar(select(Complaint.ref_no).where(Complaint.id == item.complaint_id))
        issue = f"{ref_no}: {item.comment or ''}".strip(": ")
    problems = improvement_problems(issue, department, measure, due, owner)
    if problems:
        raise InputError(problems)
    return add_item(
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
