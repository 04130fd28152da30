"""Complaint intake and handling rules (seed 000): the suggested level, input checks, stage order.

The level comes from the category (``CATEGORY_LEVEL``) and from the complaint text: when
``domain.text.analyse`` finds an urgent theme (self-harm, threats, exposure of personal data,
contact of third parties) the case is L1 (紧急) whatever its category, with the words it matched
as the reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from domain import inputs
from domain.codes import CATEGORIES, CATEGORY_LEVEL, CHANNELS, LEVELS, STAGES
from domain.inputs import AGENT_CODE, CUSTOMER_CODE, Inputs, Problem, normalise_code, normalise_text
from domain.inputs import normalise_phone as normalise_phone  # the lookups of db.queries.intake use it from here
from domain.text import analyse

URGENT_LEVEL = "L1"  # every urgent theme means L1 (seed 000: 暴力催收, 信息泄露, 自杀风险 are urgent)

REPEAT_WINDOW = timedelta(days=30)  # an open complaint of the same customer and category this recent is a likely repeat
DESCRIPTION_MAX = 2000
REASON_MAX = 200  # complaints.level_override_reason is VARCHAR(200)
NOTE_MAX = 1000
SATISFACTION_SCORES = (1, 2, 3, 4, 5)
CUSTOMER_MODES = ("code", "phone", "none")
INTAKE_ROLES = frozenset({"staff", "prevention", "admin"})
HANDLING_ROLES = frozenset({"prevention", "manager", "admin"})
REASSIGN_ROLES = frozenset({"manager", "admin"})
HANDLER_ROLES = frozenset({"prevention"})  # 投诉防控部 handles cases; managers hand them over

# Names of the fields in the messages (label keys).
DESCRIPTION_FIELD = "intake.description"
REASON_FIELD = "intake.field.reason"
AGENT_FIELD = "intake.field.agent_code"
NOTE_FIELD = "handling.field.note"
FREE_NOTE_FIELD = "handling.free_note"
REASSIGN_FIELD = "handling.field.reassign_reason"


@dataclass(frozen=True)
class LevelReason:
    """Why a level is suggested: the category itself, or urgent words in the text (with their theme)."""

    kind: str  # "category" | "word" | "reading" (the learned reading of the whole text)
    value: str  # the category code or the words as found
    level: str
    theme: str | None = None


def most_severe(levels: list[str]) -> str:
    """L1 outranks L2 outranks L3."""
    return min(levels, key=LEVELS.index)


def suggest_level(category: str, text: str) -> tuple[str, list[LevelReason]]:
    """The level a complaint should get and every reason for it (the category first, then the urgent
    words ``domain.text.analyse`` found, each once in order)."""
    reasons: list[LevelReason] = []
    if category in CATEGORY_LEVEL:
        reasons.append(LevelReason("category", category, CATEGORY_LEVEL[category]))
    found = analyse(text).reasons
    reasons += list(
        dict.fromkeys(
            LevelReason("reading" if r.rule == "learned" else "word", r.words, URGENT_LEVEL, r.theme)
            for r in found
            if r.theme
        )
    )
    if not reasons:
        return LEVELS[-1], []
    return most_severe([r.level for r in reasons]), reasons


@dataclass(frozen=True)
class IntakeForm:
    """What the intake form submits. ``customer_mode`` says how the customer was identified
    ("none": not identified); ``duplicate_of_id`` links the complaint to an open repeat, and
    ``repeat_is_new`` records the choice to log it as a new complaint anyway."""

    channel: str
    category: str
    description: str
    city_id: int | None
    customer_mode: str = "none"
    customer_id: int | None = None
    agent_code: str = ""
    level: str = ""
    override_reason: str = ""
    duplicate_of_id: int | None = None
    repeat_is_new: bool = False

    def clean(self) -> IntakeForm:
        """Text as the input policy stores it, an upper-case agent code without spaces."""
        return IntakeForm(
            channel=self.channel,
            category=self.category,
            description=normalise_text(self.description, multiline=True),
            city_id=self.city_id,
            customer_mode=self.customer_mode,
            customer_id=self.customer_id,
            agent_code=normalise_code(self.agent_code),
            level=self.level,
            override_reason=normalise_text(self.override_reason),
            duplicate_of_id=self.duplicate_of_id,
            repeat_is_new=self.repeat_is_new,
        )


def customer_query_problems(mode: str, value: str) -> list[Problem]:
    """Checks the customer code or phone typed for a lookup."""
    if mode == "code":
        checked = inputs.code(
            value,
            field="input.field.customer_code",
            pattern=CUSTOMER_CODE,
            format_key="intake.err.customer_code",
            required=True,
            keys={inputs.REQUIRED: "intake.err.customer_code"},
        )
        return [] if checked.problem is None else [checked.problem]
    if mode == "phone":
        phone = inputs.phone_number(
            value, field="intake.query.phone", format_key="intake.err.phone", keys={inputs.REQUIRED: "intake.err.phone"}
        )
        return [] if phone.problem is None else [phone.problem]
    return []


def agent_code_problems(code: str) -> list[Problem]:
    checked = inputs.code(code, field=AGENT_FIELD, pattern=AGENT_CODE, format_key="intake.err.agent_format")
    return [] if checked.problem is None else [checked.problem]


def intake_problems(form: IntakeForm) -> list[Problem]:
    """Every problem of an intake form that needs no lookup in the store, in the form's order."""
    check = Inputs()
    if form.channel not in CHANNELS:
        check.add("intake.err.channel")
    if form.category not in CATEGORIES:
        check.add("intake.err.category")
    description = check.text(
        form.description,
        field=DESCRIPTION_FIELD,
        max_chars=DESCRIPTION_MAX,
        multiline=True,
        keys={inputs.REQUIRED: "intake.err.description_required"},
    )
    if inputs.record_id(form.city_id) is None:
        check.add("intake.err.city")
    if form.customer_mode not in CUSTOMER_MODES:
        check.add("intake.err.customer_mode")
    elif form.channel == "anonymous" and (form.customer_id is not None or form.customer_mode != "none"):
        check.add("intake.err.anonymous_customer")
    elif form.customer_mode != "none" and form.customer_id is None:
        check.add("intake.err.customer_required")
    elif form.customer_id is not None and inputs.record_id(form.customer_id) is None:
        check.add("intake.err.customer_unknown")
    check.extend(agent_code_problems(form.agent_code))
    if form.level not in LEVELS:
        check.add("intake.err.level")
    elif form.category in CATEGORIES and form.level != suggest_level(form.category, description)[0]:
        check.text(
            form.override_reason,
            field=REASON_FIELD,
            max_chars=REASON_MAX,
            keys={inputs.REQUIRED: "intake.err.reason_required"},
        )
    if form.duplicate_of_id is not None and inputs.record_id(form.duplicate_of_id) is None:
        check.add("intake.err.repeat_gone")
    if form.duplicate_of_id is not None and form.repeat_is_new:
        check.add("intake.err.repeat_both")
    return check.problems


def next_stage(status: str) -> str | None:
    """The stage to complete next: ``ack`` after receipt, …, None once archived."""
    position = 0 if status == "received" else STAGES.index(status) + 1
    return STAGES[position] if position < len(STAGES) else None


def note_problems(
    note: str, *, field: str = NOTE_FIELD, required: bool = True, multiline: bool = True
) -> list[Problem]:
    """A timeline note: the input policy's text rules, at most ``NOTE_MAX`` characters."""
    checked = inputs.clean_text(note, field=field, max_chars=NOTE_MAX, required=required, multiline=multiline)
    return [] if checked.problem is None else [checked.problem]


def advance_problems(stage: str, note: str, satisfaction: object) -> list[Problem]:
    """A stage completion needs a known stage and a note; a satisfaction score only when notifying."""
    check = Inputs()
    if stage not in STAGES:
        check.add("handling.err.stage")
    check.extend(note_problems(note))
    if satisfaction is not None:
        if stage != "notify":
            check.add("handling.err.satisfaction_stage")
        else:
            check.whole(
                satisfaction,
                field="handling.field.satisfaction",
                minimum=SATISFACTION_SCORES[0],
                maximum=SATISFACTION_SCORES[-1],
            )
    return check.problems
