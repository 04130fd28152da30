"""Demo outcomes: every resolved seeded case gets what was done and the reply sent to the complainant.

Whether a fault was found depends on the category (conduct complaints mostly are, app problems less
so); a found fault brings an apology and, by category, compensation, waivers, a paused collection,
a retrained agent or a new repayment plan. Draws come from a random stream of their own, so the
rest of the store is the same with or without them.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import Connection, select

from db import bulk
from db.models import Complaint, ComplaintOutcome, ComplaintResolution
from domain.codes import CATEGORIES, IMPROPER_COLLECTION, OUTCOME_KINDS

OUTCOME_STREAM = 4  # the outcomes' own random stream (generator.MONTHLY_STREAM is 3)
MONEY_CATEGORIES = frozenset({"interest_dispute", "cumbersome_process", "repayment_channel", "reminder_delay"})
# Chance that checking a complaint of the category found a fault.
FAULT_FOUND = {category: 0.75 if category in IMPROPER_COLLECTION else 0.45 for category in CATEGORIES}
# Per kind: its chance when a fault was found, for conduct (improper collection), money and other complaints.
WHEN_FAULT: dict[str, tuple[float, float, float]] = {
    "apology": (0.9, 0.8, 0.8),
    "compensation": (0.35, 0.05, 0.05),
    "fee_waiver": (0.05, 0.35, 0.1),
    "penalty_interest_waiver": (0.1, 0.45, 0.1),
    "plan_adjusted": (0.15, 0.3, 0.1),
    "collection_paused": (0.5, 0.05, 0.05),
    "agent_retrained": (0.7, 0.05, 0.1),
}
AMOUNT_MEDIAN = {"compensation": 500.0, "fee_waiver": 200.0, "penalty_interest_waiver": 300.0}  # yuan
REPLY_PARTS = {
    "apology": "对给您带来的困扰，我们深表歉意。",
    "compensation": "我们将向您支付经济补偿 {amount} 元。",
    "fee_waiver": "已为您减免相关费用 {amount} 元。",
    "penalty_interest_waiver": "已为您减免罚息 {amount} 元。",
    "plan_adjusted": "已根据您的情况调整还款计划。",
    "collection_paused": "已暂停对您的电话催收。",
    "agent_retrained": "涉事人员已接受合规培训。",
    "no_fault": "经核实，未发现催收人员存在违规行为，具体情况已向您说明。",
}
FAULT_OPENING = "经核实，您反馈的问题属实。"


def seed_outcomes(conn: Connection, seed: int) -> int:
    """Resolutions and outcome rows for every complaint with a resolve time; returns the outcome rows."""
    cases = conn.execute(
        select(Complaint.id, Complaint.category, Complaint.resolve_at, Complaint.handler_id)
        .where(Complaint.resolve_at.is_not(None))
        .order_by(Complaint.id)
    ).all()
    if not cases:
        return 0
    ids, categories, resolved_at, handlers = zip(*cases)
    n = len(ids)
    rng = np.random.default_rng((seed, OUTCOME_STREAM))
    group = np.array([0 if c in IMPROPER_COLLECTION else 1 if c in MONEY_CATEGORIES else 2 for c in categories])
    fault = rng.random(n) < np.array([FAULT_FOUND[c] for c in categories])
    kinds = list(WHEN_FAULT)
    chance = np.array([WHEN_FAULT[k] for k in kinds])[:, group].T  # n × kinds
    chosen = fault[:, None] & (rng.random((n, len(kinds))) < chance)
    chosen[fault & ~chosen.any(axis=1), kinds.index("apology")] = True  # a fault always brings a remedy
    goodwill = ~fault & (rng.random(n) < 0.15)  # no fault, yet a plan adjusted for hardship
    chosen[goodwill, kinds.index("plan_adjusted")] = True
    amounts = {kind: np.round(median * rng.lognormal(0, 0.6, n), -1).clip(10) for kind, median in AMOUNT_MEDIAN.items()}

    resolutions, outcomes = [], []
    for i in range(n):
        done = [k for k, on in zip(kinds, chosen[i]) if on] + ([] if fault[i] else ["no_fault"])
        done.sort(key=OUTCOME_KINDS.index)
        money = {k: f"{amounts[k][i]:.2f}" for k in done if k in amounts}
        parts = [REPLY_PARTS[k].format(amount=money.get(k, "")) for k in done]
        reply = (FAULT_OPENING if fault[i] else "") + "".join(parts)
        resolutions.append((ids[i], reply, resolved_at[i], handlers[i]))
        outcomes += [(ids[i], k, money.get(k)) for k in done]
    bulk.load(
        conn,
        ComplaintResolution.__table__,
        ("complaint_id", "reply", "recorded_at", "recorded_by"),
        resolutions,
    )
    return bulk.load(conn, ComplaintOutcome.__table__, ("complaint_id", "kind", "amount"), outcomes)
