"""Programme targets the overview measures against, with the seed document each comes from."""

from __future__ import annotations

SATISFACTION_TARGET = 0.85  # seed 000 §5.1: company-wide satisfaction 85 %
IMPROPER_SHARE_MAX = 0.10  # seed 001 §5: improper-collection complaints below 10 % of complaints
TREND_WEEKS = 12

# Early warnings still needing someone's action (returned ones wait for the reporter).
OPEN_WARNING_STATUSES = ("submitted", "returned", "approved", "assigned")


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide by (shown as "—", never as 0 %)."""
    return None if whole == 0 else part / whole
