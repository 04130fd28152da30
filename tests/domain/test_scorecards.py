"""Unit tests for domain.scorecards: the figures, the small-sample flags and the sort direction."""

from __future__ import annotations

import pytest

from domain.scorecards import (
    LOW_IS_WORSE,
    SMALL_SAMPLE_CONTACTS,
    SMALL_SAMPLE_SURVEYS,
    SORT_METRICS,
    AgentCounts,
    ascending_for,
    per_thousand,
    pooled,
    scorecard,
)


def test_thresholds_are_the_issue_values() -> None:
    assert (SMALL_SAMPLE_SURVEYS, SMALL_SAMPLE_CONTACTS) == (30, 200)


def test_scorecard_of_a_well_sampled_agent() -> None:
    # 40 surveys, 34 scoring 4–5, scores adding to 168; 4 complaints on 500 contacts;
    # 20 QA reviews, 18 clean; 10 deadlines, 9 met.
    card = scorecard(
        AgentCounts(
            surveys=40,
            satisfied=34,
            score_total=168,
            contacts=500,
            complaints=4,
            reviews=20,
            compliant=18,
            deadlines=20,
            met=18,
        )
    )
    assert card.satisfaction_rate == pytest.approx(0.85)
    assert card.mean_score == pytest.approx(4.2)
    assert card.complaints_per_1000 == pytest.approx(8.0)
    assert card.violations == 2
    assert card.compliance_rate == pytest.approx(0.9)
    assert card.sla_attainment == pytest.approx(0.9)
    assert not (card.few_surveys or card.few_contacts or card.few_reviews or card.few_deadlines or card.small_sample)


def test_nothing_to_divide_by_gives_none_not_zero() -> None:
    card = scorecard(AgentCounts())
    assert (
        card.satisfaction_rate,
        card.mean_score,
        card.complaints_per_1000,
        card.compliance_rate,
        card.sla_attainment,
    ) == (None, None, None, None, None)
    assert card.violations == 0
    assert card.few_surveys and card.few_contacts and card.small_sample


@pytest.mark.parametrize(
    ("surveys", "contacts", "few_surveys", "few_contacts"),
    [
        (29, 200, True, False),  # one survey short
        (30, 199, False, True),  # one contact short
        (30, 200, False, False),  # exactly at both thresholds: enough
        (0, 0, True, True),
    ],
)
def test_small_sample_flags_at_the_thresholds(
    surveys: int, contacts: int, few_surveys: bool, few_contacts: bool
) -> None:
    card = scorecard(
        AgentCounts(
            surveys=surveys, satisfied=surveys, score_total=5 * surveys, contacts=contacts, reviews=10, deadlines=20
        )
    )
    assert (card.few_surveys, card.few_contacts, card.few_reviews, card.few_deadlines) == (
        few_surveys,
        few_contacts,
        False,
        False,
    )
    assert card.small_sample == (few_surveys or few_contacts)


@pytest.mark.parametrize(
    ("reviews", "deadlines", "few_reviews", "few_deadlines"), [(9, 20, True, False), (10, 19, False, True)]
)
def test_small_sample_flags_of_qa_reviews_and_sla_deadlines(
    reviews: int, deadlines: int, few_reviews: bool, few_deadlines: bool
) -> None:
    card = scorecard(AgentCounts(surveys=30, contacts=200, reviews=reviews, compliant=reviews, deadlines=deadlines))
    assert (card.few_reviews, card.few_deadlines) == (few_reviews, few_deadlines)
    assert card.small_sample


def test_complaints_per_thousand_contacts() -> None:
    assert per_thousand(3, 1500) == pytest.approx(2.0)
    assert per_thousand(0, 10) == 0.0
    assert per_thousand(2, 0) is None


def test_pooled_rates_weigh_every_survey_once_not_every_agent() -> None:
    big = AgentCounts(surveys=90, satisfied=90, score_total=450, contacts=900, complaints=0)
    small = AgentCounts(surveys=10, satisfied=0, score_total=10, contacts=100, complaints=5)
    total = pooled([big, small])
    assert total == AgentCounts(surveys=100, satisfied=90, score_total=460, contacts=1000, complaints=5)
    card = scorecard(total)
    assert card.satisfaction_rate == pytest.approx(0.9)  # not the mean of 100 % and 0 %
    assert card.complaints_per_1000 == pytest.approx(5.0)


def test_pooled_of_nothing_is_all_zero() -> None:
    assert pooled([]) == AgentCounts()


@pytest.mark.parametrize(
    ("metric", "worst_first", "ascending"),
    [
        ("compliance_rate", True, True),  # lowest compliance on top
        ("satisfaction_rate", True, True),
        ("sla_attainment", True, True),
        ("complaints_per_1000", True, False),  # most complaints on top
        ("violations", True, False),
        ("compliance_rate", False, False),  # best first: highest compliance on top
        ("complaints_per_1000", False, True),
    ],
)
def test_sort_direction(metric: str, worst_first: bool, ascending: bool) -> None:
    assert ascending_for(metric, worst_first) is ascending


def test_every_sort_metric_is_a_scorecard_figure() -> None:
    card = scorecard(AgentCounts())
    assert set(SORT_METRICS) == set(LOW_IS_WORSE)
    assert all(hasattr(card, metric) for metric in SORT_METRICS)
