"""Labels of store faults: ``store.<kind>`` for each kind in ``domain.store_faults`` (the texts live
there, shared with ``python -m db.migrate``), and the frame around them: key → (zh, en)."""

from __future__ import annotations

from domain.store_faults import MESSAGES

LABELS: dict[str, tuple[str, str]] = {
    **{f"store.{kind}": pair for kind, pair in MESSAGES.items()},
    "store.with_incident": ("{message}（事件编号 {incident}）", "{message} (incident {incident})"),
}
