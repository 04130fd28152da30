"""Deterministic demo data: a realistic year of complaints, contacts, surveys and QA reviews.

Everything derives from one ``numpy`` generator seeded with ``seed``, and "now" is the given
``as_of`` moment, so the same arguments always produce the same store. Each table is drawn whole
as numpy columns (no Python loop per row) and streamed with ``db.bulk`` (COPY / executemany) into
tables whose indexes are built once after the load, so a million complaints load in minutes.
Times are handled as epoch seconds of the naive Beijing wall clock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import numpy as np
from sqlalchemy import Connection, Float, cast, func, insert, select, text

from db import bulk, text_index
from db.bulk import SECONDS_PER_DAY
from db.models import (
    Agent,
    AuditLog,
    Base,
    City,
    Complaint,
    ComplaintEvent,
    ContactLog,
    Customer,
    CustomerMonthly,
    EarlyWarning,
    Holiday,
    ImprovementItem,
    QAReview,
    SatisfactionSurvey,
    SlaPolicy,
    Team,
    User,
    UserCity,
    WarningEvent,
)
from domain import loyalty
from domain.calendar import BusinessCalendar
from domain.codes import CATEGORY_LEVEL, LEVELS, STAGES, TIERS, VIOLATIONS, WARNING_SOURCES
from domain.conduct import CONTACT_CHANNELS, CONTACT_PARTIES
from domain.sla import SlaPolicy as Policy
from domain.sla import Target
from seed_data import reference as ref
from seed_data.conduct import conduct as seed_conduct
from seed_data.outcomes import seed_outcomes

CHANNEL_SHARE = {
    "phone": 0.62,
    "app": 0.10,
    "wechat": 0.09,
    "douyin": 0.04,
    "weibo": 0.03,
    "offline": 0.04,
    "emergency": 0.02,
    "anonymous": 0.02,
    "email": 0.01,
    "regulator": 0.03,
}
CATEGORY_SHARE = {
    "violent_collection": 0.030,
    "data_leak": 0.015,
    "suicide_risk": 0.004,
    "third_party_contact": 0.016,
    "interest_dispute": 0.190,
    "cumbersome_process": 0.150,
    "improper_language": 0.045,
    "night_calls": 0.020,
    "wrong_person": 0.060,
    "reminder_delay": 0.160,
    "app_problem": 0.200,
    "repayment_channel": 0.110,
}
# Categories about an agent's conduct name the agent complained about.
AGENT_CATEGORIES = {
    "violent_collection",
    "third_party_contact",
    "improper_language",
    "night_calls",
    "wrong_person",
    "data_leak",
    "suicide_risk",
    "interest_dispute",
}
STAGE_NOTES = {
    "ack": "已受理，联系投诉人确认诉求细节",
    "verify": "已调取通话录音与催收记录，完成核实",
    "resolve": "已制定处理方案并明确执行责任人",
    "notify": "已向投诉人反馈处理结果",
    "archive": "资料齐全，已归档",
}
LEVEL_RAISED_NOTE = "投诉人情绪激动，存在升级风险，人工上调为一级"
STUCK_SHARE = 0.2  # of breached stages, those that stall for days instead of hours
DUPLICATE_NOTE = "同一客户就同一事项重复反馈，已关联原投诉，不重复计数"
BASE_BREACH = {"ack": 0.04, "verify": 0.07, "resolve": 0.09, "notify": 0.05, "archive": 0.04}
# Monthly snapshots (customer_monthly): a year of history per customer, built backwards.
MONTHS_OF_HISTORY = 12
MONTHLY_STREAM = 3  # the snapshots' own random stream, independent of the main generator
MONTHLY_BLOCK = 50_000  # customers whose snapshots are drawn and loaded together
# Tier last month given the tier this month (rows sum to 1): most stay; potential → stable →
# high-risk drift shows up as stable / high-risk customers who were one tier better before, and
# recoveries as potential / stable customers who were one tier worse.
MONTHLY_TIER_BEFORE: dict[str, dict[str, float]] = {
    "potential": {"potential": 0.875, "stable": 0.09, "high_risk": 0.02, "dormant": 0.015},
    "stable": {"potential": 0.12, "stable": 0.78, "high_risk": 0.09, "dormant": 0.01},
    "high_risk": {"potential": 0.02, "stable": 0.10, "high_risk": 0.88, "dormant": 0.0},
    "dormant": {"potential": 0.04, "stable": 0.0, "high_risk": 0.0, "dormant": 0.96},
}
# Overdue days a tier implies (seed 001), as drawn for customers above.
OVERDUE_RANGE: dict[str, tuple[int, int]] = {
    "potential": (1, 29),
    "stable": (30, 90),
    "high_risk": (91, 240),
    "dormant": (0, 0),
}
# Per tier: chance of repaying anything within 30 days, mean share of the debt repaid when they do.
REPAYMENT: dict[str, tuple[float, float]] = {
    "potential": (0.80, 0.45),
    "stable": (0.55, 0.25),
    "high_risk": (0.15, 0.12),
    "dormant": (0.60, 0.50),
}
DEMO_USERS = (  # username, display name, role
    ("staff", "张伟", "staff"),
    ("head", "李娜", "dept_head"),
    ("prevention", "王芳", "prevention"),
    ("manager", "刘洋", "manager"),
    ("committee", "陈静", "committee"),
    ("admin", "赵磊", "admin"),
)


# The tables that grow with the number of complaints: loaded before their indexes are built.
BIG_TABLES = (Customer, CustomerMonthly, Complaint, ComplaintEvent, ContactLog, SatisfactionSurvey, QAReview)
EPOCH = datetime(1970, 1, 1)
NAT_SECONDS = np.iinfo(np.int64).min  # NaT (no time) among epoch seconds viewed as datetime64[s]


def _epoch_seconds(moment: datetime) -> int:
    return int((moment - EPOCH).total_seconds())


def _epoch_date(day: int) -> date:
    return (EPOCH + timedelta(days=day)).date()


def workdays(cal: BusinessCalendar, first: date, last: date) -> np.ndarray:
    """The working days from ``first`` to ``last`` as epoch day numbers, ascending."""
    days = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
    working = np.array([cal.is_workday(d) for d in days.tolist()], dtype=bool)
    return days.astype(np.int64)[working]


def add_business_days(cal: BusinessCalendar, starts: np.ndarray, amounts: np.ndarray) -> np.ndarray:
    """``BusinessCalendar.add_business_days`` for arrays of epoch seconds and day counts: the
    ``amount``-th working day after the start's, at the start's time of day; a start on a
    non-working day counts from 00:00 of the next working day."""
    if not len(starts):
        return starts
    day = starts // SECONDS_PER_DAY
    # Long enough for any holiday stretch: at most 2 calendar days per working day, plus a month.
    table = workdays(cal, _epoch_date(int(day.min())), _epoch_date(int(day.max()) + 2 * int(amounts.max()) + 31))
    first_working = np.searchsorted(table, day)
    at = first_working + amounts
    if at.max() >= len(table):
        raise ValueError("working-day table too short for these SLA targets")
    clock = np.where(table[first_working] == day, starts - day * SECONDS_PER_DAY, 0)
    return table[at] * SECONDS_PER_DAY + clock


@dataclass(frozen=True)
class ComplaintCases:
    """Per complaint (array position = id - 1): codes into ``CHANNEL_SHARE``, ``CATEGORY_SHARE`` and
    ``LEVELS``, whether the level was raised by hand, and the ids it refers to (masked: none)."""

    channel: np.ndarray
    category: np.ndarray
    level: np.ndarray
    raised: np.ndarray
    city: np.ndarray
    team: np.ndarray
    agent: np.ma.MaskedArray
    customer: np.ma.MaskedArray
    repeat_of: np.ma.MaskedArray


class StoreNotEmpty(RuntimeError):
    """The target store already holds data and ``--reset`` was not given."""


@dataclass(frozen=True)
class SeedOptions:
    complaints: int = 20_000
    seed: int = 7
    as_of: datetime | None = None  # "now" of the demo; defaults to the current Beijing time
    contacts_per_complaint: float = 25.0


def store_has_data(conn: Connection) -> bool:
    return any(conn.execute(select(func.count()).select_from(t)).scalar_one() for t in (Complaint, Customer, City))


def reset_store(conn: Connection) -> None:
    """Drop every table (reference data included) so migrations rebuild the store from scratch.

    Runs in the caller's transaction and commits nothing: ``seed(reset=True)`` migrates and loads
    in the same transaction, so the drop only takes effect with the new data.
    """
    text_index.drop_search_index(conn)
    Base.metadata.drop_all(conn)
    conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


class Generator:
    def __init__(self, conn: Connection, opts: SeedOptions) -> None:
        self.conn = conn
        self.opts = opts
        self.rng = np.random.default_rng(opts.seed)
        if opts.as_of is None:
            raise ValueError("SeedOptions.as_of must fix the demo's now (python -m seed_data defaults it)")
        self.now = opts.as_of.replace(microsecond=0)
        self.start = datetime.combine((self.now - timedelta(days=365)).date(), time.min)
        self.now_s, self.start_s = _epoch_seconds(self.now), _epoch_seconds(self.start)
        self.cal = BusinessCalendar.from_rows(conn.execute(select(Holiday.day, Holiday.is_workday)).tuples().all())
        self.policy = Policy.of(
            Target(r.stage, r.amount, r.unit, r.anchor, r.level, r.channel)
            for r in conn.execute(select(SlaPolicy)).all()
        )

    # ---- helpers -------------------------------------------------------------------------
    def _choice(self, options: dict[str, float], size: int) -> np.ndarray:
        return np.array(list(options), dtype=object)[self._choice_index(options, size)]

    def _choice_index(self, options: dict[str, float], size: int) -> np.ndarray:
        """Positions in ``options`` drawn with its weights."""
        p = np.array(list(options.values()), dtype=float)
        return self.rng.choice(len(p), size=size, p=p / p.sum())

    def _pick_each(self, groups: Mapping[int, Sequence[int] | np.ndarray], keys: np.ndarray) -> np.ndarray:
        """For every key, one member of ``groups[key]`` drawn uniformly; 0 where that group is empty."""
        size = max(max(groups), int(keys.max(initial=0))) + 1
        counts, offsets = np.zeros(size, dtype=np.int64), np.zeros(size, dtype=np.int64)
        members: list[np.ndarray] = []
        offset = 0
        for key in sorted(groups):
            members.append(np.asarray(groups[key], dtype=np.int64))
            offsets[key], counts[key] = offset, len(members[-1])
            offset += len(members[-1])
        flat = np.concatenate([*members, np.zeros(1, dtype=np.int64)])  # a group never reads past the end
        pick = offsets[keys] + (self.rng.random(len(keys)) * counts[keys]).astype(np.int64)
        return np.where(counts[keys] > 0, flat[pick], 0)

    def _names(self, size: int) -> list[str]:
        """Chinese names: a surname (common ones far more often) and one or two given characters."""
        surname = np.minimum(self.rng.exponential(12, size).astype(np.int64), len(ref.SURNAMES) - 1)
        given = self.rng.integers(0, len(ref.GIVEN_NAME_CHARS), (size, 2))
        two = self.rng.random(size) >= 0.3
        chars = ref.GIVEN_NAME_CHARS
        return [
            ref.SURNAMES[s] + chars[a] + (chars[b] if both else "")
            for s, a, b, both in zip(surname.tolist(), given[:, 0].tolist(), given[:, 1].tolist(), two.tolist())
        ]

    def _phones(self, size: int) -> list[str]:
        second = self.rng.choice([3, 5, 7, 8, 9], size)
        rest = self.rng.integers(0, 10**9, size)
        return [f"1{p}{r:09d}" for p, r in zip(second.tolist(), rest.tolist())]

    def _id_numbers(self, born: np.ndarray) -> list[str]:
        """Resident ID numbers for birth dates ``born`` (datetime64[D]): region, birth date and serial,
        then the ISO 7064 check character."""
        size = len(born)
        month = born.astype("datetime64[M]")
        ymd = (
            (month.astype("datetime64[Y]").astype(np.int64) + 1970) * 10_000
            + (month.astype(np.int64) % 12 + 1) * 100
            + (born - month).astype(np.int64)
            + 1
        )
        body = self.rng.integers(110000, 659999, size) * 10**11 + ymd * 1000 + self.rng.integers(100, 999, size)
        weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
        total = sum((body // 10 ** (16 - k)) % 10 * w for k, w in enumerate(weights))
        return [f"{b}{'10X98765432'[t]}" for b, t in zip(body.tolist(), (total % 11).tolist())]

    def _random_moments(self, size: int, night_share: float = 0.03) -> np.ndarray:
        """Moments over the year (datetime64[s]), weighted to working hours."""
        days = self.rng.integers(0, (self.now.date() - self.start.date()).days + 1, size)
        hours = np.where(
            self.rng.random(size) < night_share,
            self.rng.choice([22, 23, 0, 6, 7], size),
            np.clip(self.rng.normal(14, 3.2, size), 8, 21.99),
        )
        out = self.start_s + days * SECONDS_PER_DAY + (hours * 3600).astype(np.int64)
        return np.where(out > self.now_s, self.now_s - 60, out).astype("datetime64[s]")

    # ---- the run ---------------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        counts["cities"] = self._cities()
        counts["teams"], counts["agents"] = self._teams_and_agents()
        counts["users"] = self._users()
        with bulk.indexes_after_load(self.conn, [t.__table__ for t in BIG_TABLES]):
            counts["customers"] = self._customers()
            counts["customer_monthly"] = self._customer_months()
            counts["complaints"] = self._complaints()
            counts["complaint_events"] = self._complaint_events()
            counts["contact_logs"] = self._contacts()
            counts["satisfaction_surveys"] = self._surveys()
            counts["qa_reviews"] = self._qa_reviews()
        counts["complaint_outcomes"] = seed_outcomes(self.conn, self.opts.seed)
        counts["early_warnings"] = self._warnings()
        counts["improvement_items"] = self._improvements()
        bulk.reset_sequences(
            self.conn,
            [
                t.__table__
                for t in (
                    Customer,
                    Complaint,
                    ComplaintEvent,
                    ContactLog,
                    SatisfactionSurvey,
                    QAReview,
                    EarlyWarning,
                    WarningEvent,
                    City,
                    Team,
                    Agent,
                    User,
                    ImprovementItem,
                )
            ],
        )
        self.conn.execute(
            insert(AuditLog).values(
                at=self.now,
                user_id=None,
                action="seed.load",
                entity="store",
                entity_id=None,
                detail={"seed": self.opts.seed, "as_of": self.now.isoformat(), **counts},
            )
        )
        return counts

    def _cities(self) -> int:
        self.cities = ref.CITIES
        self.city_weight = np.array([c.weight for c in ref.CITIES], dtype=float)
        self.city_weight /= self.city_weight.sum()
        return bulk.load(
            self.conn,
            City.__table__,
            ("id", "name", "name_en", "province", "province_en"),
            [(i + 1, c.name, c.name_en, c.province, c.province_en) for i, c in enumerate(ref.CITIES)],
        )

    def _teams_and_agents(self) -> tuple[int, int]:
        teams: list[tuple[int, str, str, int, str]] = []
        agents: list[tuple[int, str, str, int, date, bool]] = []
        self.city_teams: dict[int, list[int]] = {}
        self.team_agents: dict[int, list[int]] = {}
        for i, city in enumerate(ref.CITIES):
            city_id = i + 1
            n_teams = 1 + (city.weight >= 3) + (city.weight >= 5)
            for k in range(n_teams):
                team_id = len(teams) + 1
                teams.append(
                    (
                        team_id,
                        f"{city.name}{ref.TEAM_SUFFIXES_ZH[k]}",
                        f"{city.name_en} {ref.TEAM_SUFFIXES_EN[k]}",
                        city_id,
                        "collection",
                    )
                )
                self.city_teams.setdefault(city_id, []).append(team_id)
                for _ in range(int(self.rng.integers(4, 8))):
                    agent_id = len(agents) + 1
                    hired = self.now.date() - timedelta(days=int(self.rng.integers(60, 2500)))
                    agents.append((agent_id, f"A{agent_id:04d}", self._names(1)[0], team_id, hired, True))
                    self.team_agents.setdefault(team_id, []).append(agent_id)
        for k, (zh, en) in enumerate(
            (
                ("投诉防控处理一组", "Complaint Handling Team 1"),
                ("投诉防控处理二组", "Complaint Handling Team 2"),
                ("投诉防控专案组", "Complaint Special Cases Team"),
            )
        ):
            teams.append((len(teams) + 1, zh, en, 1 + k % 2, "handling"))
        self.handling_teams = [t[0] for t in teams if t[4] == "handling"]
        n_agents = len(agents)
        # Per-agent quality drives satisfaction, QA violations and complaint propensity.
        self.agent_quality = np.clip(self.rng.normal(0, 1, n_agents + 1), -2.5, 2.5)
        self.team_breach = np.clip(self.rng.lognormal(0, 0.45, len(teams) + 1), 0.4, 3.5)
        bulk.load(self.conn, Team.__table__, ("id", "name", "name_en", "city_id", "department"), teams)
        bulk.load(self.conn, Agent.__table__, ("id", "code", "name", "team_id", "hired_on", "active"), agents)
        return len(teams), n_agents

    def _users(self) -> int:
        first_team = self.city_teams[1][0]
        # id, username, display name, email, role, city, team, active
        users: list[tuple[int, str, str, str, str, int | None, int | None, bool]] = []
        for username, display, role in DEMO_USERS:
            team = first_team if role in ("staff", "dept_head") else None
            team = self.handling_teams[0] if role == "prevention" else team
            users.append(
                (len(users) + 1, username, display, f"{username}@demo.cx", role, 1 if team else None, team, True)
            )
        self.demo_user = {u[1]: u[0] for u in users}
        # A department head for every other collection team, so every warning has a reviewer.
        self.team_head: dict[int, int] = {first_team: self.demo_user["head"]}
        for city_id, team_ids in self.city_teams.items():
            for team_id in team_ids:
                if team_id not in self.team_head:
                    uid = len(users) + 1
                    users.append(
                        (
                            uid,
                            f"head{team_id:03d}",
                            self._names(1)[0],
                            f"head{team_id:03d}@demo.cx",
                            "dept_head",
                            city_id,
                            team_id,
                            True,
                        )
                    )
                    self.team_head[team_id] = uid
        # Complaint handlers of the prevention department own cases (首问负责制).
        self.handlers = [self.demo_user["prevention"]]
        for k in range(24):
            uid = len(users) + 1
            team = self.handling_teams[k % len(self.handling_teams)]
            users.append(
                (
                    uid,
                    f"handler{k + 1:02d}",
                    self._names(1)[0],
                    f"handler{k + 1:02d}@demo.cx",
                    "prevention",
                    None,
                    team,
                    True,
                )
            )
            self.handlers.append(uid)
        # Reporting staff in other teams.
        self.team_staff: dict[int, list[int]] = {first_team: [self.demo_user["staff"]]}
        for team_id in self.team_head:
            if team_id != first_team:
                uid = len(users) + 1
                users.append(
                    (
                        uid,
                        f"staff{team_id:03d}",
                        self._names(1)[0],
                        f"staff{team_id:03d}@demo.cx",
                        "staff",
                        None,
                        team_id,
                        True,
                    )
                )
                self.team_staff[team_id] = [uid]
        # A regional manager limited to the first two cities, to show a city scope (fixed name: the
        # random draws of everything after stay as they were).
        regional = len(users) + 1
        users.append((regional, "manager2", "周敏", "manager2@demo.cx", "manager", 1, None, True))
        loaded = bulk.load(
            self.conn,
            User.__table__,
            ("id", "username", "display_name", "email", "role", "city_id", "team_id", "active"),
            users,
        )
        bulk.load(self.conn, UserCity.__table__, ("user_id", "city_id"), [(regional, 1), (regional, 2)])
        return loaded

    def _customers(self) -> int:
        n = int(min(max(self.opts.complaints * 0.6, 2_000), 500_000))
        rng = self.rng
        tiers = self._choice_index(loyalty.TIER_PLAN, n)
        city = rng.choice(len(ref.CITIES), size=n, p=self.city_weight) + 1
        self.customer_city = np.zeros(n + 1, dtype=np.int64)
        self.customer_city[1:] = city
        self.customers_by_city: dict[int, np.ndarray] = {
            c: np.flatnonzero(self.customer_city == c) for c in range(1, len(ref.CITIES) + 1)
        }
        tier_names = list(loyalty.TIER_PLAN)
        high_risk = tiers == tier_names.index("high_risk")
        dormant = tiers == tier_names.index("dormant")
        # Per tier: overdue days (low, high) drawn uniformly, repayment rate and income stability.
        overdue = np.zeros(n, dtype=np.int64)
        rate, income = np.empty(n), np.empty(n)
        for tier, days, rates, incomes in (
            ("potential", (1, 30), (0.82, 0.99), (0.6, 1.0)),
            ("stable", (30, 91), (0.6, 0.92), (0.45, 0.9)),
            ("high_risk", (91, 720), None, (0.05, 0.5)),
            ("dormant", (0, 1), (0.95, 1.0), (0.5, 1.0)),
        ):
            rows = tiers == tier_names.index(tier)
            size = int(rows.sum())
            overdue[rows] = rng.integers(*days, size)
            rate[rows] = rng.beta(4, 2.5, size) if rates is None else rng.uniform(*rates, size)
            income[rows] = rng.uniform(*incomes, size)
        debt_ratio = np.where(high_risk, rng.uniform(0.2, 2.5, n), rng.uniform(0.1, 1.2, n))
        overdue_count = rng.poisson(np.where(high_risk, 6, 1.5))
        cooperation = np.clip(rng.normal(np.where(high_risk, 0.3, 0.7), 0.15), 0, 1)
        first_loan = np.round(rng.lognormal(10.2, 0.7, n), -2)
        repaid = np.round(first_loan * rng.uniform(0.1, 2.5, n) * rate, 2)
        referrals = rng.poisson(0.4, n)
        debt = np.round(rng.lognormal(np.where(dormant, 8.5, 9.6), 0.8), 2)
        born = np.datetime64("1965-01-01") + rng.integers(0, 13000, n).astype("timedelta64[D]")
        created = self.start_s + rng.integers(0, 300, n) * SECONDS_PER_DAY
        names, phones, id_numbers = self._names(n), self._phones(n), self._id_numbers(born)
        rate, income, debt_ratio, cooperation = (np.round(x, 3) for x in (rate, income, debt_ratio, cooperation))
        buckets = np.array([loyalty.bucket_for(d) for d in range(int(overdue.max()) + 1)], dtype=object)

        def scores(lo: int, hi: int, score: Callable[..., float], *columns: np.ndarray) -> list[float]:
            return list(map(score, *(c[lo:hi].tolist() for c in columns)))

        return bulk.load_columns(
            self.conn,
            Customer.__table__,
            {
                "id": np.arange(1, n + 1),
                "code": lambda lo, hi: [f"C{i:08d}" for i in range(lo + 1, hi + 1)],
                "name": lambda lo, hi: names[lo:hi],
                "phone": lambda lo, hi: phones[lo:hi],
                "id_number": lambda lo, hi: id_numbers[lo:hi],
                "city_id": city,
                "debt_amount": debt,
                "overdue_days": overdue,
                "bucket": buckets[overdue],
                "historical_repayment_rate": rate,
                "loyalty_tier": np.array(tier_names, dtype=object)[tiers],
                "income_stability": income,
                "debt_ratio": debt_ratio,
                "overdue_count": overdue_count,
                "cooperation": cooperation,
                "first_loan_amount": first_loan,
                "cumulative_repaid": repaid,
                "referrals": referrals,
                "ability_score": lambda lo, hi: scores(lo, hi, loyalty.ability_score, income, debt_ratio),
                "willingness_score": lambda lo, hi: scores(
                    lo, hi, loyalty.willingness_score, overdue_count, overdue, cooperation
                ),
                "value_score": lambda lo, hi: scores(lo, hi, loyalty.value_score, first_loan, repaid, referrals),
                "created_at": created.astype("datetime64[s]"),
            },
        )

    def _customer_months(self) -> int:
        """Twelve month-start snapshots per customer, ending with this month's stored state.

        Months are generated backwards from each customer's current tier, overdue days and debt, so
        the latest snapshot equals the customer row. Tier moves follow ``MONTHLY_TIER_BEFORE``; the
        share of debt repaid within 30 days depends on the tier and improves gently over the year
        (the programme at work); this month counts only the days elapsed so far. A random stream of
        its own keeps every later table identical to a store seeded without snapshots.
        """
        rng = np.random.default_rng((self.opts.seed, MONTHLY_STREAM))
        loaded, after = 0, 0
        # A block of customers at a time keeps the snapshots' memory flat at any store size.
        while block := self.conn.execute(
            select(Customer.id, Customer.loyalty_tier, Customer.overdue_days, cast(Customer.debt_amount, Float))
            .where(Customer.id > after)
            .order_by(Customer.id)
            .limit(MONTHLY_BLOCK)
        ).all():
            ids, tier_codes, overdue_now, debt_now = (np.asarray(column) for column in zip(*block))
            loaded += self._customer_month_block(rng, ids, tier_codes, overdue_now, debt_now)
            after = int(ids[-1])
        return loaded

    def _customer_month_block(
        self,
        rng: np.random.Generator,
        ids: np.ndarray,
        tier_codes: np.ndarray,
        overdue_now: np.ndarray,
        debt_now: np.ndarray,
    ) -> int:
        """The snapshots of one block of customers, given their stored tier, overdue days and debt."""
        n, last = len(ids), MONTHS_OF_HISTORY - 1
        tier = np.empty((n, MONTHS_OF_HISTORY), dtype=np.int8)
        overdue = np.empty((n, MONTHS_OF_HISTORY), dtype=np.int32)
        debt = np.empty((n, MONTHS_OF_HISTORY))
        tier[:, last] = [TIERS.index(code) for code in tier_codes]
        overdue[:, last] = overdue_now
        debt[:, last] = debt_now
        before = np.cumsum([[MONTHLY_TIER_BEFORE[a][b] for b in TIERS] for a in TIERS], axis=1)
        low, high = np.array([OVERDUE_RANGE[t][0] for t in TIERS]), np.array([OVERDUE_RANGE[t][1] for t in TIERS])
        high_risk, stable = TIERS.index("high_risk"), TIERS.index("stable")
        for m in range(last - 1, -1, -1):
            later, later_days = tier[:, m + 1], overdue[:, m + 1]
            tier[:, m] = np.minimum((rng.random(n)[:, None] > before[later]).sum(axis=1), len(TIERS) - 1)
            fresh = rng.integers(low[tier[:, m]], high[tier[:, m]] + 1)
            stayed = tier[:, m] == later
            # Still high-risk: a month less overdue; still stable: overdue days wander within the tier.
            aged = np.where(later_days - 30 >= low[high_risk], later_days - 30, fresh)
            wander = np.clip(later_days + rng.integers(-20, 21, n), low[stable], high[stable])
            overdue[:, m] = np.select(
                [stayed & (tier[:, m] == high_risk), stayed & (tier[:, m] == stable)], [aged, wander], fresh
            )
            debt[:, m] = np.maximum(np.round(debt[:, m + 1] * np.exp(rng.normal(0, 0.06, n)), 2), 100.0)
        programme = np.linspace(0.9, 1.1, MONTHS_OF_HISTORY)
        pays = rng.random((n, MONTHS_OF_HISTORY)) < np.array([REPAYMENT[t][0] for t in TIERS])[tier] * programme
        mean_share = np.array([REPAYMENT[t][1] for t in TIERS])[tier]
        share = rng.beta(4 * mean_share, 4 * (1 - mean_share))
        this_month = self.now.date().replace(day=1)
        share[:, last] *= min(1.0, ((self.now.date() - this_month).days + 1) / 30)
        repaid = np.where(pays, np.round(debt * share, 2), 0.0)
        bucket_of_days = np.array([loyalty.bucket_for(d) for d in range(int(overdue.max()) + 1)], dtype=object)
        months = [this_month]
        for _ in range(last):
            months.insert(0, loyalty.previous_month(months[0]))
        # ISO strings load as dates on both backends without a per-row date adapter.
        month_texts = np.array([m.isoformat() for m in months], dtype=object)
        return bulk.load_columns(
            self.conn,
            CustomerMonthly.__table__,
            {
                "customer_id": np.repeat(ids, MONTHS_OF_HISTORY),
                "month": np.tile(month_texts, n),
                "loyalty_tier": np.array(TIERS, dtype=object)[tier].ravel(),
                "bucket": bucket_of_days[overdue].ravel(),
                "overdue_days": overdue.ravel(),
                "debt_amount": debt.ravel(),
                "repaid_30d": repaid.ravel(),
            },
        )

    # ---- complaints --------------------------------------------------------------------------
    def _complaint_moments(self, n: int) -> np.ndarray:
        """Receipt times (epoch seconds, ascending): fewer on non-working days, volume growing over
        the year with a monthly swell, mostly in office hours, none after "now"."""
        days = (self.now.date() - self.start.date()).days + 1
        day_idx = np.arange(days)
        start_day = self.start_s // SECONDS_PER_DAY
        working = np.isin(start_day + day_idx, workdays(self.cal, self.start.date(), self.now.date()))
        weight = np.where(working, 1.0, 0.55)
        weight *= 1 + 0.35 * day_idx / days  # volume grows over the year
        weight *= 1 + 0.15 * np.sin(day_idx / 29.5 * 2 * np.pi)
        chosen = np.sort(self.rng.choice(days, size=n, p=weight / weight.sum()))
        hour = np.where(
            self.rng.random(n) < 0.08, self.rng.uniform(0, 24, n), np.clip(self.rng.normal(13.5, 3.5, n), 7, 23.9)
        )
        out = self.start_s + chosen * SECONDS_PER_DAY + (hour * 3600).astype(np.int64)
        # Today only holds complaints received before "now": move later ones into the elapsed part.
        today = self.now_s - self.now_s % SECONDS_PER_DAY
        future = out >= self.now_s
        out[future] = today + self.rng.integers(0, max(self.now_s - today, 1), int(future.sum()))
        out.sort()
        # The newest complaint arrived a minute ago: whatever the draw, one still awaits its
        # acknowledgement (the shortest allowance, 20 minutes, makes even a quick one finish later).
        out[-1] = max(out[-1], self.now_s - 60)
        return out

    def _stage_targets(self, stage: str, levels: Sequence[str], channels: Sequence[str]) -> tuple[np.ndarray, ...]:
        """The policy's target for ``stage`` by level × channel (row ``level * len(channels) + channel``):
        its amount, whether it counts hours (else business days) and whether it counts from receipt
        (else from the previous stage's completion)."""
        targets = [self.policy.target(stage, level, channel) for level in levels for channel in channels]
        unknown = {t.unit for t in targets} - {"hours", "business_days"}
        if unknown:
            raise ValueError(f"unknown SLA unit {unknown.pop()!r}")
        return (
            np.array([t.amount for t in targets], dtype=float),
            np.array([t.unit == "hours" for t in targets]),
            np.array([t.anchor == "received" for t in targets]),
        )

    def _complaint_cases(self, n: int) -> ComplaintCases:
        """What each complaint is about and who it concerns; a repeat copies its original's."""
        rng = self.rng
        ids = np.arange(1, n + 1)
        channel = self._choice_index(CHANNEL_SHARE, n)
        category = self._choice_index(CATEGORY_SHARE, n)
        city = rng.choice(len(ref.CITIES), size=n, p=self.city_weight) + 1
        level = np.array([LEVELS.index(CATEGORY_LEVEL[c]) for c in CATEGORY_SHARE])[category]
        raised = (rng.random(n) < 0.015) & (level != LEVELS.index("L1"))
        level[raised] = LEVELS.index("L1")
        team = self._pick_each(self.city_teams, city)
        agent_categories = [list(CATEGORY_SHARE).index(c) for c in AGENT_CATEGORIES]
        names_agent = np.isin(category, agent_categories) | (rng.random(n) < 0.3)
        agent = self._pick_each(self.team_agents, team)
        anonymous = channel == list(CHANNEL_SHARE).index("anonymous")
        customer = np.where(anonymous, 0, self._pick_each(self.customers_by_city, city))
        # A repeat of a recent complaint on the same matter (same customer) copies what it is about.
        earlier = np.maximum(ids - 1 - rng.integers(1, 40, n), 0)
        repeat = (ids > 1) & (customer > 0) & (rng.random(n) < 0.03)
        repeat &= customer[earlier] > 0
        original = np.where(repeat, earlier, ids - 1)
        while not np.array_equal(deeper := original[original], original):  # a repeat of a repeat
            original = deeper
        return ComplaintCases(
            channel=channel.astype(np.int8),
            category=category[original].astype(np.int8),
            level=level[original].astype(np.int8),
            raised=raised[original],
            city=city[original].astype(np.int32),
            team=team[original].astype(np.int32),
            agent=np.ma.masked_array(agent[original].astype(np.int32), mask=~names_agent[original]),
            customer=np.ma.masked_array(customer[original].astype(np.int32), mask=customer[original] == 0),
            repeat_of=np.ma.masked_array((earlier + 1).astype(np.int32), mask=~repeat),
        )

    def _complaint_stages(
        self, received: np.ndarray, cases: ComplaintCases
    ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Due and done times (epoch seconds) of the five stages: due from the policy, done on time
        or late, a share of the late ones stuck for days; breaches concentrate in hotspot cities,
        weak teams and complaints received on non-working days."""
        rng, n = self.rng, len(received)
        hotspot_ids = [i + 1 for i, c in enumerate(ref.CITIES) if c.name in ref.SLA_HOTSPOT_CITIES]
        received_on_workday = np.isin(
            received // SECONDS_PER_DAY, workdays(self.cal, self.start.date(), self.now.date())
        )
        breach_factor = (
            self.team_breach[cases.team]
            * np.where(np.isin(cases.city, hotspot_ids), 3.0, 1.0)
            * np.where(received_on_workday, 1.0, 1.6)
        )
        combo = cases.level.astype(np.int64) * len(CHANNEL_SHARE) + cases.channel
        due: dict[str, np.ndarray] = {}
        done: dict[str, np.ndarray] = {}
        prev_end = received
        for stage in STAGES:
            amount, in_hours, from_receipt = (
                column[combo] for column in self._stage_targets(stage, LEVELS, list(CHANNEL_SHARE))
            )
            start = np.where(from_receipt, received, prev_end)
            stage_due = start + np.rint(amount * 3600).astype(np.int64)
            by_days = ~in_hours
            stage_due[by_days] = add_business_days(self.cal, start[by_days], amount[by_days].astype(np.int64))
            allowance = np.maximum(stage_due - prev_end, 20 * 60)
            late = rng.random(n) < np.minimum(0.9, BASE_BREACH[stage] * breach_factor)
            overrun = rng.exponential(0.35, n) * allowance + 600
            overrun += np.where(rng.random(n) < STUCK_SHARE, rng.uniform(1, 12, n) * SECONDS_PER_DAY, 0)
            on_time = rng.uniform(0.1, 0.95, n) * allowance
            due[stage] = stage_due
            done[stage] = np.where(
                late,
                np.maximum(stage_due, prev_end) + overrun.astype(np.int64),
                prev_end + on_time.astype(np.int64),
            )
            prev_end = done[stage]
        return due, done

    def _complaints(self) -> int:
        n = self.opts.complaints
        rng = self.rng
        ids = np.arange(1, n + 1)
        received = self._complaint_moments(n)
        cases = self._complaint_cases(n)
        handlers = np.asarray(self.handlers, dtype=np.int32)
        handler = handlers[rng.integers(0, len(handlers), n)]
        due, done = self._complaint_stages(received, cases)
        # Not done by "now": that stage and every later one are open (NaT); the status is the last
        # stage done. Done times become the stored ones in place: a million rows take little memory.
        still_open = np.zeros(n, dtype=bool)
        status = np.zeros(n, dtype=np.int8)
        breached = np.zeros(n, dtype=bool)
        for pos, stage in enumerate(STAGES, start=1):
            still_open |= done[stage] > self.now_s
            status[~still_open] = pos
            breached |= ~still_open & (done[stage] > due[stage])
            done[stage][still_open] = NAT_SECONDS
        scored = (done["notify"] != NAT_SECONDS) & (rng.random(n) < 0.7)
        score = np.clip(np.rint(rng.normal(np.where(breached, 3.4, 4.2), 0.9)), 1, 5).astype(np.int8)
        first_owner = np.where(rng.random(n) < 0.9, handler, handlers[0])
        # Every fifth complaint was first taken by its collection team's staff (首问), so a staff
        # sign-in has cases of its own to open; the handler stays the prevention handler.
        team_staff = np.zeros(len(self.team_breach), dtype=np.int32)
        for team_id, staff in self.team_staff.items():
            team_staff[team_id] = staff[0]
        first_owner = np.where((ids % 5 == 0) & (team_staff[cases.team] > 0), team_staff[cases.team], first_owner)

        # Reference numbers count the complaints of each receipt day.
        day = received // SECONDS_PER_DAY
        seq = ids - np.searchsorted(day, day)
        first_day = int(day[0])
        day_codes = [f"{d:%Y%m%d}" for d in np.arange(first_day, int(day[-1]) + 1).astype("datetime64[D]").tolist()]
        texts = [ref.COMPLAINT_TEXTS[c] for c in CATEGORY_SHARE]
        text_pick = rng.integers(0, 1_000_000, n).astype(np.int32)
        amount_owed = rng.uniform(800, 80000, n)
        days_overdue = rng.integers(3, 200, n).astype(np.int16)
        call_hour, call_minute = rng.integers(21, 24, n).astype(np.int8), rng.integers(0, 60, n).astype(np.int8)
        named_agent = cases.agent.filled(1)  # the placeholder names agent A0001 when no agent is named

        def ref_nos(lo: int, hi: int) -> list[str]:
            return [f"TS{day_codes[d - first_day]}{s:05d}" for d, s in zip(day[lo:hi].tolist(), seq[lo:hi].tolist())]

        def descriptions(lo: int, hi: int) -> list[str]:
            columns = (cases.category, text_pick, named_agent, amount_owed, days_overdue, call_hour, call_minute)
            return [
                texts[c][pick % len(texts[c])].format(
                    agent=f"A{a:04d}", amount=f"{owed:,.2f}", days=d, time=f"{h}:{m:02d}"
                )
                for c, pick, a, owed, d, h, m in zip(*(x[lo:hi].tolist() for x in columns))
            ]

        return bulk.load_columns(
            self.conn,
            Complaint.__table__,
            {
                "id": ids,
                "ref_no": ref_nos,
                "received_at": received.view("datetime64[s]"),
                "channel": bulk.labels(list(CHANNEL_SHARE), cases.channel),
                "level": bulk.labels(LEVELS, cases.level),
                "category": bulk.labels(list(CATEGORY_SHARE), cases.category),
                "city_id": cases.city,
                "team_id": cases.team,
                "agent_id": cases.agent,
                "customer_id": cases.customer,
                "handler_id": handler,
                "first_owner_id": first_owner,
                "description": descriptions,
                "status": bulk.labels(["received", *STAGES], status),
                **{
                    f"{stage}_{kind}": moments[stage].view("datetime64[s]")
                    for stage in STAGES
                    for kind, moments in (("due_at", due), ("at", done))
                },
                "duplicate_of_id": cases.repeat_of,
                "satisfaction_score": np.ma.masked_array(score, mask=~scored),
                "exec_reported": cases.level == LEVELS.index("L1"),
                "level_override_reason": bulk.labels([None, LEVEL_RAISED_NOTE], cases.raised.astype(np.int8)),
            },
        )

    def _complaint_events(self) -> int:
        """Timeline rows derived in SQL from the stage times just loaded (fast at any size)."""
        total = self.conn.execute(
            text(
                "INSERT INTO complaint_events (complaint_id, at, kind, stage, actor_id, note) "
                "SELECT id, received_at, 'received', NULL, first_owner_id, NULL FROM complaints"
            )
        ).rowcount
        for stage in STAGES:
            total += self.conn.execute(
                text(
                    f"INSERT INTO complaint_events (complaint_id, at, kind, stage, actor_id, note) "
                    f"SELECT id, {stage}_at, 'stage', :stage, handler_id, :note FROM complaints WHERE {stage}_at IS NOT NULL"
                ),
                {"stage": stage, "note": STAGE_NOTES[stage]},
            ).rowcount
        total += self.conn.execute(
            text(
                "INSERT INTO complaint_events (complaint_id, at, kind, stage, actor_id, note) "
                "SELECT id, received_at, 'duplicate', NULL, first_owner_id, :note FROM complaints "
                "WHERE duplicate_of_id IS NOT NULL"
            ),
            {"note": DUPLICATE_NOTE},
        ).rowcount
        return total

    # ---- agent-level activity ----------------------------------------------------------------
    def _agent_pick(self, size: int, skew: float) -> np.ndarray:
        """Agents drawn with a quality skew: skew > 0 favours good agents, < 0 poor ones."""
        w = np.exp(skew * self.agent_quality[1:])
        return self.rng.choice(len(w), size=size, p=w / w.sum()) + 1

    def _random_customers(self, size: int) -> np.ndarray:
        return self.rng.integers(1, len(self.customer_city), size)

    def _contacts(self) -> int:
        n = int(min(self.opts.complaints * self.opts.contacts_per_complaint, 2_000_000))
        agents = self._agent_pick(n, 0.0)
        customers = self._random_customers(n)
        night = 0.01 + 0.02 * (self.agent_quality[agents] < -1.5)
        moments = self._random_moments(n, night_share=float(night.mean()))
        connected = self.rng.random(n) < 0.42
        duration = np.where(connected, self.rng.integers(30, 600, n), 0)
        agent_team = np.zeros(len(self.agent_quality), dtype=np.int64)
        team_city = np.zeros(len(self.team_breach), dtype=np.int64)
        for team_id, members in self.team_agents.items():
            agent_team[members] = team_id
        for city_id, team_ids in self.city_teams.items():
            team_city[team_ids] = city_id
        c = seed_conduct(
            self.opts.seed,
            agents,
            customers,
            moments.astype(np.int64),
            connected,
            duration,
            agent_quality=self.agent_quality,
            agent_team=agent_team,
            team_city=team_city,
            now_s=self.now_s,
        )
        return bulk.load_columns(
            self.conn,
            ContactLog.__table__,
            {
                "agent_id": c.agent,
                "customer_id": c.customer,
                "at": c.at.astype("datetime64[s]"),
                "connected": c.connected,
                "duration_s": c.duration,
                "party": bulk.labels(CONTACT_PARTIES, c.party),
                "channel": bulk.labels(CONTACT_CHANNELS, c.channel),
            },
        )

    def _surveys(self) -> int:
        n = int(min(self.opts.complaints * 4, 1_000_000))  # enough surveys that most agents pass the small-sample bar
        agents = self._agent_pick(n, 0.2)
        customers = self._random_customers(n)
        moments = self._random_moments(n, night_share=0.0)
        mean = 4.05 + 0.35 * self.agent_quality[agents]
        scores = np.clip(np.rint(self.rng.normal(mean, 0.8)), 1, 5).astype(np.int64)
        return bulk.load_columns(  # not about a complaint: complaint_id stays NULL
            self.conn,
            SatisfactionSurvey.__table__,
            {"agent_id": agents, "customer_id": customers, "at": moments, "score": scores},
        )

    def _qa_reviews(self) -> int:
        n = int(min(self.opts.complaints * 0.6, 600_000))
        agents = self._agent_pick(n, 0.0)
        moments = self._random_moments(n, night_share=0.02)
        p_violation = np.clip(0.06 - 0.03 * self.agent_quality[agents], 0.01, 0.25)
        violated = self.rng.random(n) < p_violation
        kinds = [v for v in VIOLATIONS if v != "none"]
        kind_p = np.array([0.3, 0.15, 0.15, 0.12, 0.14, 0.14])
        kind = np.array(kinds, dtype=object)[self.rng.choice(len(kinds), n, p=kind_p / kind_p.sum())]
        kind[~violated] = "none"
        lag = self.rng.integers(1, 72, n) * 3600
        reviewed = np.minimum(moments + lag.astype("timedelta64[s]"), np.datetime64(self.now, "s"))
        scores = np.where(violated, self.rng.integers(40, 75, n), self.rng.integers(80, 100, n))

        def notes(lo: int, hi: int) -> list[str | None]:
            return [
                None if v == "none" else ref.QA_NOTES[v][k % len(ref.QA_NOTES[v])]
                for k, v in enumerate(kind[lo:hi].tolist(), start=lo)
            ]

        return bulk.load_columns(
            self.conn,
            QAReview.__table__,
            {
                "agent_id": agents,
                "call_at": moments,
                "reviewed_at": reviewed,
                "violation_type": kind,
                "score": scores,
                "note": notes,
            },
        )

    # ---- workflows ---------------------------------------------------------------------------
    def _warnings(self) -> int:
        """Early warnings in every workflow state, each with its timeline (seed 004)."""
        from domain import risk

        weights: dict[str, float] = dict(
            self.conn.execute(text("SELECT factor, weight FROM warning_weights")).tuples().all()
        )
        flows = {
            "submitted": ["submitted"],
            "returned": ["submitted", "returned"],
            "approved": ["submitted", "approved"],
            "assigned": ["submitted", "approved", "assigned", "tracking"],
            "closed": ["submitted", "approved", "assigned", "tracking", "closed"],
            "evaluated": ["submitted", "approved", "assigned", "tracking", "closed", "evaluated"],
        }
        status_share = {
            "submitted": 0.15,
            "returned": 0.07,
            "approved": 0.13,
            "assigned": 0.2,
            "closed": 0.25,
            "evaluated": 0.2,
        }
        n = max(60, min(self.opts.complaints // 100, 2_000))
        statuses = self._choice(status_share, n)
        # Every state appears at least once, whatever the draw.
        statuses[: len(flows)] = list(flows)
        warnings, events = [], []
        notes = {
            "submitted": "上报预警",
            "returned": "信息不完整，请补充沟通记录后重新上报",
            "approved": "情况属实，同意上报投诉防控部",
            "assigned": "指派处理小组跟进",
            "tracking": "已与客户电话沟通，客户情绪趋于平稳",
            "closed": "客户诉求已解决，预警关闭",
            "evaluated": "处理及时有效，未升级为正式投诉",
        }
        for k in range(n):
            wid = k + 1
            team = int(self.rng.choice(list(self.team_head)))
            city = int(next(c for c, ts in self.city_teams.items() if team in ts))
            pool = self.customers_by_city[city]
            customer = int(pool[self.rng.integers(0, len(pool))]) if len(pool) else None
            source = str(self.rng.choice(WARNING_SOURCES))
            debt = float(np.round(self.rng.lognormal(9.8, 0.9), 2))
            overdue = int(self.rng.integers(5, 400))
            history = int(self.rng.poisson(1.2))
            attitude = str(
                self.rng.choice(["cooperative", "neutral", "evasive", "hostile"], p=[0.25, 0.35, 0.25, 0.15])
            )
            score = risk.risk_score(
                weights, complaint_history=history, overdue_days=overdue, debt_amount=debt, attitude=attitude
            )
            flow = flows[str(statuses[k])]
            # Early enough that every later step (2–60 h apart) happened before "now".
            reported = self.now - timedelta(days=float(self.rng.uniform(0.2, 150)), hours=60 * len(flow))
            head = self.team_head[team]
            reporter = self.team_staff[team][0]
            handling = int(self.rng.choice(self.handling_teams)) if "assigned" in flow else None
            at = reported
            signed = closed = None
            for kind in flow:
                if kind != "submitted":
                    at = min(at + timedelta(hours=float(self.rng.uniform(2, 60))), self.now)
                actor = (
                    reporter
                    if kind == "submitted"
                    else head
                    if kind in ("approved", "returned")
                    else self.demo_user["prevention"]
                )
                events.append((wid, at, kind, actor, notes[kind]))
                signed = at if kind in ("approved", "returned") else signed
                closed = at if kind == "closed" else closed
            descs = ref.WARNING_DESCRIPTIONS[source]
            warnings.append(
                (
                    wid,
                    f"YJ{reported:%Y%m%d}{wid:04d}",
                    customer,
                    self._names(1)[0],
                    self._phones(1)[0],
                    Decimal(f"{debt:.2f}"),
                    overdue,
                    source,
                    reported,
                    score,
                    risk.risk_level(score),
                    ref.WARNING_SUGGESTIONS[k % len(ref.WARNING_SUGGESTIONS)],
                    history,
                    attitude,
                    descs[k % len(descs)],
                    reporter,
                    team,
                    city,
                    str(statuses[k]),
                    head if signed else None,
                    notes["approved" if "approved" in flow else "returned"] if signed else None,
                    signed,
                    handling,
                    "成立专项小组，三日内回访客户并复核催收记录" if handling else None,
                    closed,
                    notes["evaluated"] if "evaluated" in flow else None,
                )
            )
        bulk.load(
            self.conn,
            EarlyWarning.__table__,
            (
                "id",
                "ref_no",
                "customer_id",
                "customer_name",
                "contact",
                "debt_amount",
                "overdue_days",
                "source",
                "reported_at",
                "risk_score",
                "risk_level",
                "suggestion",
                "complaint_history",
                "attitude",
                "description",
                "reporter_id",
                "team_id",
                "city_id",
                "status",
                "head_id",
                "head_comment",
                "signed_at",
                "handling_team_id",
                "plan",
                "closed_at",
                "evaluation",
            ),
            warnings,
        )
        bulk.load(self.conn, WarningEvent.__table__, ("warning_id", "at", "kind", "actor_id", "note"), events)
        return n

    def _improvements(self) -> int:
        rows = []
        this_month = self.now.date().replace(day=1)
        for k, item in enumerate(ref.IMPROVEMENT_SEEDS):
            month = (this_month - timedelta(days=31 * (k % 3))).replace(day=1)
            due = month + timedelta(days=int(self.rng.integers(20, 75)))
            status = "done" if due < self.now.date() and k % 3 else ("in_progress" if k % 2 else "open")
            rows.append(
                (
                    k + 1,
                    month,
                    item.issue,
                    item.department,
                    item.measure,
                    due,
                    self._names(1)[0],
                    status,
                    "category_trend",
                    self.demo_user["committee"],
                    self.now - timedelta(days=30 * (k % 3)),
                )
            )
        return bulk.load(
            self.conn,
            ImprovementItem.__table__,
            (
                "id",
                "month",
                "issue",
                "department",
                "measure",
                "due_date",
                "owner",
                "status",
                "evidence",
                "created_by",
                "created_at",
            ),
            rows,
        )
