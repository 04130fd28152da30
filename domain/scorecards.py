"""Agent scorecards (seed 003: agent KPIs include satisfaction and compliance).

Each figure is a ratio of counts, so it is computed here from the counts the store returns and
is ``None`` (shown as "—", never as 0 %) when there is nothing to divide by. Figures resting on
few surveys or contacts are flagged, so nobody is ranked worst on three phone calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

from domain.codes import VIOLATIONS
from domain.kpis import share

SATISFIED_FROM = 4  # survey scores 4 and 5 count as satisfied
COMPLIANT = "none"  # the QA violation type of a clean call
VIOLATION_TYPES = tuple(v for v in VIOLATIONS if v != COMPLIANT)
PER_CONTACTS = 1000  # complaints are counted per 1,000 contacts

# Below these an agent's satisfaction (surveys), complaint rate (contacts), QA compliance (reviews)
# or SLA attainment (decided deadlines) is a small sample: one review more or less swings the rate.
SMALL_SAMPLE_SURVEYS = 30
SMALL_SAMPLE_CONTACTS = 200
SMALL_SAMPLE_REVIEWS = 10
SMALL_SAMPLE_DEADLINES = 20


@dataclass(frozen=True)
class AgentCounts:
    """What the store counts for one agent (or a group of agents) over a period."""

    surveys: int = 0
    satisfied: int = 0  # surveys scoring SATISFIED_FROM or more
    score_total: int = 0  # sum of survey scores
    contacts: int = 0  # contact_logs rows
    complaints: int = 0  # complaints naming the agent, duplicates excluded
    reviews: int = 0  # QA reviews
    compliant: int = 0  # QA reviews without a violation
    deadlines: int = 0  # decided SLA stage deadlines of complaints naming the agent
    met: int = 0  # of which met
    breaches: int = 0  # contacts breaching a conduct rule (domain.conduct), one per contact and rule


@dataclass(frozen=True)
class Scorecard:
    satisfaction_rate: float | None
    mean_score: float | None
    complaints_per_1000: float | None
    violations: int
    compliance_rate: float | None
    sla_attainment: float | None
    breaches_per_1000: float | None
    few_surveys: bool
    few_contacts: bool
    few_reviews: bool
    few_deadlines: bool

    @property
    def small_sample(self) -> bool:
        return self.few_surveys or self.few_contacts or self.few_reviews or self.few_deadlines


def per_thousand(count: int, contacts: int) -> float | None:
    """``count`` per 1,000 contacts; None without contacts."""
    return None if contacts == 0 else count * PER_CONTACTS / contacts


def scorecard(c: AgentCounts) -> Scorecard:
    return Scorecard(
        satisfaction_rate=share(c.satisfied, c.surveys),
        mean_score=share(c.score_total, c.surveys),
        complaints_per_1000=per_thousand(c.complaints, c.contacts),
        violations=c.reviews - c.compliant,
        compliance_rate=share(c.compliant, c.reviews),
        sla_attainment=share(c.met, c.deadlines),
        breaches_per_1000=per_thousand(c.breaches, c.contacts),
        few_surveys=c.surveys < SMALL_SAMPLE_SURVEYS,
        few_contacts=c.contacts < SMALL_SAMPLE_CONTACTS,
        few_reviews=c.reviews < SMALL_SAMPLE_REVIEWS,
        few_deadlines=c.deadlines < SMALL_SAMPLE_DEADLINES,
    )


def pooled(counts: Iterable[AgentCounts]) -> AgentCounts:
    """The counts of a group of agents, so a group's rates weigh every survey and contact once."""
    items = list(counts)
    return AgentCounts(**{f.name: sum(getattr(c, f.name) for c in items) for f in fields(AgentCounts)})


# The figures a scorecard table can be sorted by → True when a low value is the bad end.
LOW_IS_WORSE: dict[str, bool] = {
    "compliance_rate": True,
    "satisfaction_rate": True,
    "mean_score": True,
    "complaints_per_1000": False,
    "violations": False,
    "sla_attainment": True,
    "breaches_per_1000": False,
}
SORT_METRICS = tuple(LOW_IS_WORSE)
DEFAULT_SORT = "compliance_rate"

# The small-sample flag (a ``Scorecard`` attribute) that qualifies each figure.
SAMPLE_FLAG: dict[str, str] = {
    "satisfaction_rate": "few_surveys",
    "mean_score": "few_surveys",
    "complaints_per_1000": "few_contacts",
    "compliance_rate": "few_reviews",
    "violations": "few_reviews",
    "sla_attainment": "few_deadlines",
    "breaches_per_1000": "few_contacts",
}
# Each flag's threshold, as the page states it.
SAMPLE_THRESHOLD: dict[str, int] = {
    "few_surveys": SMALL_SAMPLE_SURVEYS,
    "few_contacts": SMALL_SAMPLE_CONTACTS,
    "few_reviews": SMALL_SAMPLE_REVIEWS,
    "few_deadlines": SMALL_SAMPLE_DEADLINES,
}


def ascending_for(metric: str, worst_first: bool) -> bool:
    """The sort direction that puts the worst (or, when not ``worst_first``, the best) agents on top."""
    return LOW_IS_WORSE[metric] == worst_first
