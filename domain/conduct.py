"""Conduct rules for collection contact (industry self-discipline rules; seed 004's system monitoring).

A contact is one attempt to reach someone about a debt: who was contacted (the debtor, an emergency
contact or another third party), how (call, SMS, visit, app message), when (naive Beijing time, the
store's clock) and whether it connected. Five rules read the contact log, each with a code, a name
in both languages, a default risk weight and parameters admins may change:

- ``night_contact``: any contact from 22:00 up to 08:00 (21:59:59 is fine, 22:00:00 is not; 07:59:59
  is not, 08:00:00 is);
- ``daily_calls``: more than N connected calls to one debtor on one calendar day (N = 3: the 4th breaches);
- ``third_party``: any contact of someone other than the debtor;
- ``weekly_contacts``: more than M contacts of one debtor within a rolling 7 × 24 hours;
- ``quick_repeat``: a contact less than X minutes after the previous contact of the same debtor.

Every rule looks back in time only: whether a contact breaches depends on it and on the debtor's
earlier contacts. A breach is one contact matching one rule; the warning it raises is one per debtor,
rule and calendar day. ``breaches`` is the reference definition the store's SQL evaluation
(``db.services.monitor``) must agree with; the tests hold both to the same constructed log.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from domain import inputs
from domain.inputs import Inputs, Problem

BEIJING: Final = ZoneInfo("Asia/Shanghai")

# Who was contacted and how: the codes stored in contact_logs.party and contact_logs.channel.
CONTACT_PARTIES: Final = ("debtor", "emergency_contact", "third_party")
CONTACT_CHANNELS: Final = ("call", "sms", "visit", "app")
DEBTOR: Final = "debtor"
CALL: Final = "call"

NIGHT: Final = "night_contact"
DAILY_CALLS: Final = "daily_calls"
THIRD_PARTY: Final = "third_party"
WEEKLY: Final = "weekly_contacts"
QUICK_REPEAT: Final = "quick_repeat"
WEEK: Final = timedelta(days=7)
WEIGHT_DECIMALS: Final = 2


@dataclass(frozen=True)
class Param:
    """One editable parameter of a rule: its default and the whole numbers it may take."""

    name: str
    default: int
    minimum: int
    maximum: int


@dataclass(frozen=True)
class RuleSpec:
    """A rule as shipped: code, names, default risk weight and parameters, and what the ledger suggests."""

    code: str
    name_zh: str
    name_en: str
    weight: float
    params: tuple[Param, ...]
    suggestion: str  # stored on the warning, in the ledger's language (Chinese)

    def defaults(self) -> dict[str, int]:
        return {p.name: p.default for p in self.params}


RULES: Final[dict[str, RuleSpec]] = {
    r.code: r
    for r in (
        RuleSpec(
            NIGHT,
            "夜间催收（22:00–08:00）",
            "Night-time contact (22:00–08:00)",
            0.6,
            (Param("start_hour", 22, 0, 23), Param("end_hour", 8, 0, 23)),
            "调取夜间通话录音，约谈涉事坐席，暂停其夜间外呼权限并回访客户致歉。",
        ),
        RuleSpec(
            DAILY_CALLS,
            "单日接通电话超限",
            "Too many connected calls in a day",
            0.5,
            (Param("max_calls", 3, 1, 50),),
            "核查当日外呼记录，提醒坐席单日接通不超过上限，必要时暂停对该客户外呼。",
        ),
        RuleSpec(
            THIRD_PARTY,
            "联系第三方",
            "Third-party contact",
            0.8,
            (),
            "核查联系第三方的原因与话术，确认未泄露债务信息，必要时向第三方及客户致歉。",
        ),
        RuleSpec(
            WEEKLY,
            "7日内联系过频",
            "Too many contacts in 7 days",
            0.4,
            (Param("max_contacts", 10, 1, 200),),
            "复核该客户近7日催收频率，调整催收策略，安排专人跟进还款意愿。",
        ),
        RuleSpec(
            QUICK_REPEAT,
            "短时间内重复联系",
            "Repeated contact within minutes",
            0.3,
            (Param("minutes", 10, 1, 1440),),
            "提醒坐席避免短时间内连续拨打，检查是否存在机器重拨或骚扰式催收。",
        ),
    )
}
RULE_CODES: Final = tuple(RULES)


@dataclass(frozen=True)
class RuleSetting:
    """A rule as the store holds it now: on or off, its risk weight (0–1) and its parameters."""

    code: str
    enabled: bool = True
    weight: float = 0.0
    params: Mapping[str, int] = field(default_factory=dict)

    def param(self, name: str) -> int:
        """The stored value, or the shipped default when the store has none."""
        value = self.params.get(name)
        return RULES[self.code].defaults()[name] if value is None else int(value)


def default_settings() -> dict[str, RuleSetting]:
    return {code: RuleSetting(code, True, spec.weight, spec.defaults()) for code, spec in RULES.items()}


@dataclass(frozen=True)
class Contact:
    """One row of the contact log, as a rule reads it."""

    id: int
    customer_id: int
    agent_id: int
    at: datetime
    channel: str = CALL
    party: str = DEBTOR
    connected: bool = True


def beijing(moment: datetime) -> datetime:
    """``moment`` as the store's naive Beijing wall clock: an aware time is converted, a naive one
    is taken to be Beijing time already."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(BEIJING).replace(tzinfo=None)


def is_night(at: datetime, start_hour: int = 22, end_hour: int = 8) -> bool:
    """From ``start_hour``:00:00 up to (not including) ``end_hour``:00:00, across midnight when the
    start is the later hour."""
    hour = beijing(at).hour
    if start_hour > end_hour:
        return hour >= start_hour or hour < end_hour
    return start_hour <= hour < end_hour


def breaches(contacts: Iterable[Contact], settings: Mapping[str, RuleSetting]) -> list[tuple[int, str]]:
    """(contact id, rule) for every contact that breaches an enabled rule, in contact order then
    rule order. Contacts are taken per debtor in time order (ties by id), as the store orders them."""
    on = {code: s for code, s in settings.items() if s.enabled and code in RULES}
    found: list[tuple[int, str]] = []
    by_customer: dict[int, list[Contact]] = defaultdict(list)
    for c in contacts:
        by_customer[c.customer_id].append(c)
    for rows in by_customer.values():
        rows.sort(key=lambda c: (beijing(c.at), c.id))
        calls_on: dict[date, int] = defaultdict(int)
        recent: deque[datetime] = deque()  # the debtor's earlier contacts, newest last
        for c in rows:
            at = beijing(c.at)
            hits = []
            if NIGHT in on and is_night(at, on[NIGHT].param("start_hour"), on[NIGHT].param("end_hour")):
                hits.append(NIGHT)
            if c.channel == CALL and c.connected:
                calls_on[at.date()] += 1
                if DAILY_CALLS in on and calls_on[at.date()] > on[DAILY_CALLS].param("max_calls"):
                    hits.append(DAILY_CALLS)
            if THIRD_PARTY in on and c.party != DEBTOR:
                hits.append(THIRD_PARTY)
            if WEEKLY in on:
                limit = on[WEEKLY].param("max_contacts")
                if len(recent) >= limit and at - recent[-limit] < WEEK:
                    hits.append(WEEKLY)
            if QUICK_REPEAT in on and recent and at - recent[-1] < timedelta(minutes=on[QUICK_REPEAT].param("minutes")):
                hits.append(QUICK_REPEAT)
            recent.append(at)
            found += [(c.id, rule) for rule in hits]
    order = {code: k for k, code in enumerate(RULE_CODES)}
    position = {c_id: k for k, c_id in enumerate(sorted({f[0] for f in found}))}
    return sorted(found, key=lambda f: (position[f[0]], order[f[1]]))


# --------------------------------------------------------------------------- the warning it raises

EXTRA_BREACH_WEIGHT: Final = 0.25  # each breach beyond the first adds a quarter of the rule's weight


def warning_score(weight: float, breach_count: int) -> float:
    """Risk score 0–100 of a monitoring warning: the rule's weight, raised by every further breach of
    the same debtor, rule and day (a third-party call scores 80; a second night call 75 instead of 60)."""
    n = max(breach_count, 1)
    return round(min(100.0, 100 * weight * (1 + EXTRA_BREACH_WEIGHT * (n - 1))), 1)


def attitude_from_cooperation(cooperation: float) -> str:
    """The communication attitude the ledger asks for, from the customer's cooperation (seed 001, 0–1)."""
    if cooperation >= 0.7:
        return "cooperative"
    if cooperation >= 0.4:
        return "neutral"
    if cooperation >= 0.2:
        return "evasive"
    return "hostile"


def rule_detail(setting: RuleSetting) -> str:
    """The rule with its parameters, in Chinese, as the stored description quotes it."""
    code = setting.code
    if code == NIGHT:
        return f"夜间（{setting.param('start_hour'):02d}:00–{setting.param('end_hour'):02d}:00）联系"
    if code == DAILY_CALLS:
        return f"单日接通电话超过 {setting.param('max_calls')} 次"
    if code == WEEKLY:
        return f"7日内联系超过 {setting.param('max_contacts')} 次"
    if code == QUICK_REPEAT:
        return f"距上次联系不足 {setting.param('minutes')} 分钟"
    return "联系债务人以外的第三方"


def description(setting: RuleSetting, day: date, breach_count: int, agent_code: str, team: str) -> str:
    """The warning's description (stored, in the ledger's language): rule, day, count, agent and team."""
    return (
        f"系统数据监测：{day.isoformat()} 坐席 {agent_code}（{team}）对该债务人的联系中，"
        f"{breach_count} 次{rule_detail(setting)}，违反《{RULES[setting.code].name_zh}》规则。"
    )


# --------------------------------------------------------------------------- the admin's edits


# A weight out of range or too fine names the rule it belongs to.
_WEIGHT_KEYS: Final = {
    inputs.BELOW: "conduct.err.weight",
    inputs.ABOVE: "conduct.err.weight",
    inputs.DECIMALS: "conduct.err.weight",
    inputs.NOT_A_NUMBER: "conduct.err.weight",
    inputs.REQUIRED: "conduct.err.weight",
}


def checked_settings(
    rows: Mapping[str, Mapping[str, object]],
) -> tuple[dict[str, RuleSetting], list[Problem]]:
    """Every rule once, as ``{code: {"enabled": bool, "weight": 0–1, <param>: whole number}}``: the
    clean settings and the problems, each naming the rule. The night window may not be empty."""
    if not isinstance(rows, Mapping) or set(rows) != set(RULES):
        return {}, [("conduct.err.rules", {})]
    check = Inputs()
    clean: dict[str, RuleSetting] = {}
    for code, spec in RULES.items():
        row = rows[code]
        rule = f"conduct.rule.{code}"
        enabled = row.get("enabled")
        if not isinstance(enabled, bool):
            check.add(inputs.CHOOSE, field=rule)
        weight = check.take(
            inputs.number_in(
                row.get("weight"), field=rule, minimum=0, maximum=1, decimals=WEIGHT_DECIMALS, keys=_WEIGHT_KEYS
            )
        )
        params: dict[str, int] = {}
        for p in spec.params:
            value = check.take(
                inputs.whole_number(
                    row.get(p.name),
                    field=f"conduct.param.{p.name}",
                    minimum=p.minimum,
                    maximum=p.maximum,
                    grouped=False,
                )
            )
            if value is not None:
                params[p.name] = value
        if (
            code == NIGHT
            and params.get("start_hour") is not None
            and params.get("start_hour") == params.get("end_hour")
        ):
            check.add("conduct.err.night_window")
        if weight is not None and isinstance(enabled, bool) and len(params) == len(spec.params):
            clean[code] = RuleSetting(code, enabled, float(weight), params)
    return clean, check.problems
