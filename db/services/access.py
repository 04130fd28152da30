"""Who came in: sign-ins through the identity provider and refused accounts, in the audit log."""

from __future__ import annotations

from db.engine import session_scope
from db.services.common import audit
from domain.users import CurrentUser


def record_sign_in(user: CurrentUser) -> None:
    """One audit row per signed-in session (the page calls this once per session)."""
    with session_scope() as s:
        audit(s, user, "auth.sign_in", "user", user.id, role=user.role)


def record_refused_sign_in(email_domain: str) -> None:
    """An account the store does not know (or has disabled) tried to sign in; only the e-mail's
    domain is kept, so the log names no person who is not a user."""
    with session_scope() as s:
        audit(s, None, "auth.refused", "user", None, email_domain=email_domain)
