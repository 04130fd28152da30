"""What each seeded contact reached and how, with a realistic share of conduct-rule breaches.

The contact log's agent, debtor, time and connection come from the main generator; this module
draws, from a random stream of its own (so every later table stays as it was), the channel and the
party contacted, and reshapes a few contacts into the patterns the conduct rules catch: night-time
contacts, third parties reached, bursts of calls to one debtor within a day and campaigns against
one debtor over a few days. Each agent's propensity follows their quality, their team and their
city, so some agents, teams and cities breach far more than others. Every contact keeps its agent
(each agent's total stays); night-time contacts move within their day, and only the few contacts
drawn into a burst or campaign move to another day.

Shares of all contacts, for an average agent: about 0.1 % at night, 0.15 % reaching a third party,
0.03 % starting a burst of 4–6 connected calls and 0.01 % a campaign of 12–16 contacts in a few days.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from db.bulk import SECONDS_PER_DAY
from domain.conduct import CONTACT_CHANNELS, CONTACT_PARTIES

CONDUCT_STREAM = 4  # the contacts' own random stream (the monthly snapshots use 3)
CHANNEL_SHARE = {"call": 0.72, "sms": 0.18, "app": 0.07, "visit": 0.03}
NIGHT_SHARE = 0.001
EMERGENCY_SHARE, THIRD_PARTY_SHARE = 0.0011, 0.0004
BURST_SHARE, BURST_CALLS = 0.0003, (4, 7)  # calls per burst: 4–6
CAMPAIGN_SHARE, CAMPAIGN_CONTACTS, CAMPAIGN_DAYS = 0.0001, (12, 17), (3, 7)  # 12–16 contacts over 3–6 days
# Night-time hours and how often each is chosen: late evening and early morning far more than 3 am.
NIGHT_HOURS = np.array([22, 23, 0, 1, 5, 6, 7])
NIGHT_WEIGHT = np.array([0.34, 0.18, 0.04, 0.02, 0.04, 0.12, 0.26])


@dataclass(frozen=True)
class Contacts:
    """The contact log's columns, one array each (row k is the contact with id k + 1)."""

    agent: np.ndarray
    customer: np.ndarray
    at: np.ndarray  # epoch seconds of the Beijing wall clock
    connected: np.ndarray
    duration: np.ndarray
    channel: np.ndarray  # positions in CONTACT_CHANNELS
    party: np.ndarray  # positions in CONTACT_PARTIES


def conduct(
    seed: int,
    agent: np.ndarray,
    customer: np.ndarray,
    at: np.ndarray,
    connected: np.ndarray,
    duration: np.ndarray,
    *,
    agent_quality: np.ndarray,
    agent_team: np.ndarray,
    team_city: np.ndarray,
    now_s: int,
) -> Contacts:
    """The contacts with channel and party drawn and the breach patterns laid in; ``agent_quality``,
    ``agent_team`` and ``team_city`` are indexed by agent id and team id."""
    rng = np.random.default_rng((seed, CONDUCT_STREAM))
    n = len(agent)
    customer, at, connected, duration = customer.copy(), at.astype(np.int64), connected.copy(), duration.copy()
    team_factor = rng.lognormal(0.0, 0.6, len(team_city))
    city_factor = rng.lognormal(0.0, 0.4, int(team_city.max()) + 1)
    propensity = np.exp(-0.7 * agent_quality) * team_factor[agent_team] * city_factor[team_city[agent_team]]
    risk = propensity[agent] / propensity[agent].mean()

    shares = np.array(list(CHANNEL_SHARE.values()))
    channel = rng.choice(len(shares), n, p=shares / shares.sum()).astype(np.int8)
    call = CONTACT_CHANNELS.index("call")
    messages = np.isin(channel, [CONTACT_CHANNELS.index("sms"), CONTACT_CHANNELS.index("app")])
    connected = np.where(messages, rng.random(n) < 0.96, connected)  # a message is delivered or not
    duration = np.where(messages, 0, duration)

    draw = rng.random(n)
    party = np.zeros(n, dtype=np.int8)
    party[draw < (EMERGENCY_SHARE + THIRD_PARTY_SHARE) * risk] = CONTACT_PARTIES.index("emergency_contact")
    party[draw < THIRD_PARTY_SHARE * risk] = CONTACT_PARTIES.index("third_party")

    # Night: the main generator's night-time contacts move into the day unless the agent's propensity
    # keeps them; a few day-time contacts of risky agents move into the night. Always the same day.
    day = at // SECONDS_PER_DAY
    clock = at - day * SECONDS_PER_DAY
    night = rng.random(n) < NIGHT_SHARE * risk
    was_night = (clock < 8 * 3600) | (clock >= 22 * 3600)
    day_clock = (np.clip(rng.normal(14, 3.2, n), 8, 21.99) * 3600).astype(np.int64)
    night_clock = rng.choice(NIGHT_HOURS, n, p=NIGHT_WEIGHT) * 3600 + rng.integers(0, 3600, n)
    clock = np.where(night, np.where(was_night, clock, night_clock), np.where(was_night, day_clock, clock))
    at = np.minimum(day * SECONDS_PER_DAY + clock, now_s - 60)
    channel = np.where(night & (rng.random(n) < 0.8), call, channel).astype(np.int8)

    # Bursts and campaigns take an agent's next contacts in time order (the same agent, so every
    # agent's total stays) and move them next to the first: a burst's calls minutes apart on its day,
    # a campaign's contacts over the following days.
    order = np.lexsort((at, agent))
    anchors = np.flatnonzero(rng.random(n) < BURST_SHARE * risk[order])
    calls = rng.integers(*BURST_CALLS, len(anchors))
    gaps = np.cumsum(rng.integers(180, 2400, (len(anchors), BURST_CALLS[1])), axis=1)
    first = order[anchors]
    channel[first], connected[first], party[first] = call, True, 0
    for j in range(1, BURST_CALLS[1]):
        picked = _followed(order, agent, anchors, j) & (j < calls)
        row, src = order[anchors[picked] + j], first[picked]
        end_of_day = (at[src] // SECONDS_PER_DAY + 1) * SECONDS_PER_DAY - 1
        customer[row] = customer[src]
        at[row] = np.minimum(np.minimum(at[src] + gaps[picked, j - 1], end_of_day), now_s - 60)
        channel[row], connected[row], party[row] = call, True, 0
        duration[row] = np.maximum(duration[row], 30)

    anchors = np.flatnonzero(rng.random(n) < CAMPAIGN_SHARE * risk[order])
    size = rng.integers(*CAMPAIGN_CONTACTS, len(anchors))
    span = rng.integers(*CAMPAIGN_DAYS, len(anchors))
    first = order[anchors]
    for j in range(1, CAMPAIGN_CONTACTS[1]):
        picked = _followed(order, agent, anchors, j) & (j < size)
        row, src = order[anchors[picked] + j], first[picked]
        day = at[src] // SECONDS_PER_DAY + j * span[picked] // size[picked]
        customer[row] = customer[src]
        at[row] = np.minimum(day * SECONDS_PER_DAY + at[row] % SECONDS_PER_DAY, now_s - 60)
    return Contacts(agent, customer, at, connected, duration, channel, party)


def _followed(order: np.ndarray, agent: np.ndarray, anchors: np.ndarray, j: int) -> np.ndarray:
    """Per anchor (a position in ``order``): whether the ``j``-th next contact there is the same agent's."""
    pos = np.minimum(anchors + j, len(order) - 1)
    return (anchors + j < len(order)) & (agent[order[pos]] == agent[order[anchors]])
