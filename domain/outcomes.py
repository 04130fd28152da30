"""What resolving a case did, as data (seed 000 §4.2 处理, §4.4 补偿 and 减免): one or more outcome
kinds, an amount in yuan for each kind that moves money, and the text sent to the complainant."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final

from domain import inputs
from domain.codes import AMOUNT_OUTCOMES, OUTCOME_KINDS

REPLY_MAX: Final = 500  # what the complainant is told, in a few sentences (an SMS is about 70 characters)
AMOUNT_MAX: Final = Decimal("1000000")  # yuan; one case's remedy stays far below, a typo of extra zeros does not
KINDS_FIELD: Final = "outcome.field.kinds"
REPLY_FIELD: Final = "outcome.field.reply"
# Kinds that admit a fault, so they cannot stand beside "no fault found"; an apology, a waiver or a
# changed plan may be a goodwill gesture and can.
FAULT_KINDS: Final = frozenset({"compensation", "agent_retrained"})


def amount_field(kind: str) -> str:
    """The label key that names the amount of ``kind`` in messages."""
    return f"outcome.amount.{kind}"


@dataclass(frozen=True)
class OutcomeForm:
    """What the resolve form submits: the kinds ticked, the amounts typed (by kind) and the reply."""

    kinds: tuple[str, ...]
    amounts: Mapping[str, object] = field(default_factory=dict)
    reply: str = ""


@dataclass(frozen=True)
class Outcome:
    """A checked outcome as stored: (kind, amount) in catalogue order, amount None for kinds without money."""

    items: tuple[tuple[str, Decimal | None], ...]
    reply: str

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(kind for kind, _ in self.items)


def _typed(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not inputs.normalise_text(value))


def checked_outcome(form: OutcomeForm) -> tuple[Outcome, list[inputs.Problem]]:
    """The outcome as stored and its problems: at least one known kind; a positive amount (two
    decimals, at most ``AMOUNT_MAX``) for each kind with money and none for a kind not ticked; no
    fault found only without a kind that admits one; the reply through the input policy."""
    check = inputs.Inputs()
    chosen = set(form.kinds)
    if not chosen or not chosen <= set(OUTCOME_KINDS):
        check.add(inputs.CHOOSE, field=KINDS_FIELD)
    amounts: dict[str, Decimal | None] = {}
    for kind in AMOUNT_OUTCOMES:
        typed = form.amounts.get(kind)
        if kind in chosen:
            amounts[kind] = check.number(
                typed, field=amount_field(kind), minimum=0, maximum=AMOUNT_MAX, decimals=2, above_minimum=True
            )
        elif _typed(typed):
            check.add("outcome.err.amount_unchosen", field=amount_field(kind))
    if "no_fault" in chosen and chosen & FAULT_KINDS:
        check.add("outcome.err.no_fault_with_fault")
    reply = check.text(form.reply, field=REPLY_FIELD, max_chars=REPLY_MAX, multiline=True)
    items = tuple((kind, amounts.get(kind)) for kind in OUTCOME_KINDS if kind in chosen)
    return Outcome(items, reply), check.problems
