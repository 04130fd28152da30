"""Saved explore questions: save (or overwrite) one's own by name, share it, delete it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from db.clock import now
from db.engine import session_scope
from db.models import SavedQuestion
from db.queries import explore as q
from db.services.common import InputError, PermissionDenied, audit, require
from domain import inputs
from domain.explore import saved_params
from domain.users import CurrentUser

EXPLORERS = frozenset({"manager", "committee", "prevention", "admin"})
SHARERS = frozenset({"manager", "committee", "admin"})  # who puts a question on everyone's list
NAME_MAX = 60


def save_question(by: CurrentUser, *, name: str, params: str, shared: bool = False) -> int:
    """Store the question under ``name`` for ``by`` (the same name again overwrites it); returns its id.
    ``params`` is the question's address text; it is stored in its canonical form."""
    require(by, EXPLORERS, "explore.save")
    if shared:
        require(by, SHARERS, "explore.share")
    check = inputs.Inputs()
    clean_name = check.text(name, field="explore.save_name", max_chars=NAME_MAX)
    check.raise_if_any()
    canonical = saved_params(params)
    for attempt in range(2):  # a concurrent first save of the same name: the second round updates it
        try:
            with session_scope() as s:
                row = s.scalar(
                    select(SavedQuestion).where(SavedQuestion.owner_id == by.id, SavedQuestion.name == clean_name)
                )
                if row is None:
                    row = SavedQuestion(owner_id=by.id, name=clean_name)
                    s.add(row)
                row.params, row.shared, row.updated_at = canonical, shared, now()
                s.flush()
                audit(s, by, "explore.save", "saved_questions", row.id, shared=shared)
                saved_id = row.id
            break
        except IntegrityError:
            if attempt:
                raise
    q.forget_saved()
    return saved_id


def delete_question(by: CurrentUser, question_id: int) -> None:
    """Delete a saved question: one's own, or any (the product's shared ones too) for an admin."""
    require(by, EXPLORERS, "explore.delete")
    with session_scope() as s:
        row = s.get(SavedQuestion, question_id)
        if row is None:
            raise InputError.one("explore.err.gone")
        if row.owner_id != by.id and by.role != "admin":
            raise PermissionDenied("explore.delete")
        audit(s, by, "explore.delete", "saved_questions", row.id, name=row.name, preset=row.preset)
        s.delete(row)
    q.forget_saved()
