"""Deterministic demo data: a realistic year of complaints, contacts, surveys and QA reviews.

Everything derives from one ``numpy`` generator seeded with ``seed``, and "now" is the given
``as_of`` moment, so the same arguments always produce the same store. Rows are streamed with
``db.bulk.load`` (COPY / executemany), so a million complaints load in minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from sqlalchemy import Connection, Float, cast, func, insert, select, text, update

from db import bulk
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
from domain.codes import CATEGORY_LEVEL, STAGES, TIERS, VIOLATIONS, WARNING_SOURCES
from domain.sla import SlaPolicy as Policy
from domain.sla import Target, add_target
from seed_data import reference as ref
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
STUCK_SHARE = 0.2  # of breached stages, those that stall for days instead of hours
DUPLICATE_NOTE = "同一客户就同一事项重复反馈，已关联原投诉，不重复计数"
BASE_BREACH = {"ack": 0.04, "verify": 0.07, "resolve": 0.09, "notify": 0.05, "archive": 0.04}
# Monthly snapshots (customer_monthly): a year of history per customer, built backwards.
MONTHS_OF_HISTORY = 12
MONTHLY_STREAM = 3  # the snapshots' own random stream, independent of the main generator
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
        self.cal = BusinessCalendar.from_rows(conn.execute(select(Holiday.day, Holiday.is_workday)).tuples().all())
        self.policy = Policy.of(
            Target(r.stage, r.amount, r.unit, r.anchor, r.level, r.channel)
            for r in conn.execute(select(SlaPolicy)).all()
        )
        self._due_cache: dict[tuple, datetime] = {}

    # ---- helpers -------------------------------------------------------------------------
    def _choice(self, options: dict[str, float], size: int) -> np.ndarray:
        keys = list(options)
        p = np.array([options[k] for k in keys], dtype=float)
        return np.array(keys, dtype=object)[self.rng.choice(len(keys), size=size, p=p / p.sum())]

    def _name(self) -> str:
        surname = ref.SURNAMES[min(int(self.rng.exponential(12)), len(ref.SURNAMES) - 1)]
        given = "".join(self.rng.choice(ref.GIVEN_NAME_CHARS, size=int(self.rng.choice([1, 2], p=[0.3, 0.7]))))
        return surname + given

    def _phone(self) -> str:
        return "1" + str(self.rng.choice([3, 5, 7, 8, 9])) + "".join(map(str, self.rng.integers(0, 10, 9)))

    def _id_number(self, born: date) -> str:
        body = f"{self.rng.integers(110000, 659999)}{born:%Y%m%d}{self.rng.integers(100, 999)}"
        weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
        check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]
        return body + check

    def _random_moments(self, size: int, night_share: float = 0.03) -> np.ndarray:
        """Moments over the year, weighted to working hours and working days."""
        days = self.rng.integers(0, (self.now.date() - self.start.date()).days + 1, size)
        hours = np.where(
            self.rng.random(size) < night_share,
            self.rng.choice([22, 23, 0, 6, 7], size),
            np.clip(self.rng.normal(14, 3.2, size), 8, 21.99),
        )
        seconds = (hours * 3600).astype(int)
        out = np.array([self.start + timedelta(days=int(d), seconds=int(s)) for d, s in zip(days, seconds)])
        # A 0-d object array, as numpy makes of the datetime itself (its stubs take no datetime scalar).
        cap = np.array(self.now - timedelta(minutes=1), dtype=object)
        return np.where(out > self.now, cap, out)

    # ---- the run ---------------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        counts["cities"] = self._cities()
        counts["teams"], counts["agents"] = self._teams_and_agents()
        counts["users"] = self._users()
        counts["customers"] = self._customers()
        counts["customer_monthly"] = self._customer_months()
        counts["complaints"] = self._complaints()
        self._staff_first_contacts()
        counts["complaint_events"] = self._complaint_events()
        counts["complaint_outcomes"] = seed_outcomes(self.conn, self.opts.seed)
        counts["contact_logs"] = self._contacts()
        counts["satisfaction_surveys"] = self._surveys()
        counts["qa_reviews"] = self._qa_reviews()
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
                    agents.append((agent_id, f"A{agent_id:04d}", self._name(), team_id, hired, True))
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
        self.agent_team = np.array([0] + [a[3] for a in agents])
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
                            self._name(),
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
                    self._name(),
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
                        self._name(),
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

    def _staff_first_contacts(self) -> None:
        """Every fifth complaint naming a collection team was first taken by that team's staff (首问),
        so a staff sign-in has cases of its own to open; the handler stays the prevention handler."""
        for team_id, staff in self.team_staff.items():
            self.conn.execute(
                update(Complaint)
                .where(Complaint.team_id == team_id, Complaint.id % 5 == 0)
                .values(first_owner_id=staff[0])
            )

    def _customers(self) -> int:
        n = int(min(max(self.opts.complaints * 0.6, 2_000), 500_000))
        tiers = self._choice(loyalty.TIER_PLAN, n)
        city = self.rng.choice(len(ref.CITIES), size=n, p=self.city_weight) + 1
        rows = []
        self.customer_city = np.zeros(n + 1, dtype=int)
        self.customer_city[1:] = city
        for i in range(n):
            tier = tiers[i]
            if tier == "potential":
                overdue, rate, income = (
                    int(self.rng.integers(1, 30)),
                    self.rng.uniform(0.82, 0.99),
                    self.rng.uniform(0.6, 1),
                )
            elif tier == "stable":
                overdue, rate, income = (
                    int(self.rng.integers(30, 91)),
                    self.rng.uniform(0.6, 0.92),
                    self.rng.uniform(0.45, 0.9),
                )
            elif tier == "high_risk":
                overdue, rate, income = (
                    int(self.rng.integers(91, 720)),
                    self.rng.beta(4, 2.5),
                    self.rng.uniform(0.05, 0.5),
                )
            else:
                overdue, rate, income = 0, self.rng.uniform(0.95, 1.0), self.rng.uniform(0.5, 1)
            debt_ratio = float(self.rng.uniform(0.2, 2.5) if tier == "high_risk" else self.rng.uniform(0.1, 1.2))
            overdue_count = int(self.rng.poisson(6 if tier == "high_risk" else 1.5))
            cooperation = float(np.clip(self.rng.normal(0.3 if tier == "high_risk" else 0.7, 0.15), 0, 1))
            first_loan = float(np.round(self.rng.lognormal(10.2, 0.7), -2))
            repaid = float(np.round(first_loan * self.rng.uniform(0.1, 2.5) * rate, 2))
            referrals = int(self.rng.poisson(0.4))
            debt = float(np.round(self.rng.lognormal(9.6 if tier != "dormant" else 8.5, 0.8), 2))
            born = date(1965, 1, 1) + timedelta(days=int(self.rng.integers(0, 13000)))
            rows.append(
                (
                    i + 1,
                    f"C{i + 1:08d}",
                    self._name(),
                    self._phone(),
                    self._id_number(born),
                    int(city[i]),
                    Decimal(f"{debt:.2f}"),
                    overdue,
                    loyalty.bucket_for(overdue),
                    round(float(rate), 3),
                    tier,
                    round(float(income), 3),
                    round(debt_ratio, 3),
                    overdue_count,
                    round(cooperation, 3),
                    Decimal(f"{first_loan:.2f}"),
                    Decimal(f"{repaid:.2f}"),
                    referrals,
                    loyalty.ability_score(income, debt_ratio),
                    loyalty.willingness_score(overdue_count, overdue, cooperation),
                    loyalty.value_score(first_loan, repaid, referrals),
                    self.start + timedelta(days=int(self.rng.integers(0, 300))),
                )
            )
        self.customers_by_city: dict[int, np.ndarray] = {
            c: np.flatnonzero(self.customer_city == c) for c in range(1, len(ref.CITIES) + 1)
        }
        self.customer_tier = np.array(["", *list(tiers)], dtype=object)
        return bulk.load(
            self.conn,
            Customer.__table__,
            (
                "id",
                "code",
                "name",
                "phone",
                "id_number",
                "city_id",
                "debt_amount",
                "overdue_days",
                "bucket",
                "historical_repayment_rate",
                "loyalty_tier",
                "income_stability",
                "debt_ratio",
                "overdue_count",
                "cooperation",
                "first_loan_amount",
                "cumulative_repaid",
                "referrals",
                "ability_score",
                "willingness_score",
                "value_score",
                "created_at",
            ),
            rows,
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
        current = self.conn.execute(
            select(
                Customer.id,
                Customer.loyalty_tier,
                Customer.overdue_days,
                cast(Customer.debt_amount, Float),
            ).order_by(Customer.id)
        ).all()
        if not current:
            return 0
        ids, tier_codes, overdue_now, debt_now = zip(*current)
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
        rows = zip(
            np.repeat(np.asarray(ids), MONTHS_OF_HISTORY).tolist(),
            [m.isoformat() for m in months] * n,
            np.array(TIERS, dtype=object)[tier].ravel().tolist(),
            bucket_of_days[overdue].ravel().tolist(),
            overdue.ravel().tolist(),
            debt.ravel().tolist(),
            repaid.ravel().tolist(),
        )
        return bulk.load(
            self.conn,
            CustomerMonthly.__table__,
            ("customer_id", "month", "loyalty_tier", "bucket", "overdue_days", "debt_amount", "repaid_30d"),
            rows,
        )

    # ---- complaints --------------------------------------------------------------------------
    def _due(self, start: datetime, target: Target) -> datetime:
        """``add_target`` with business-day results cached per start date (the hot loop)."""
        if target.unit == "hours":
            return add_target(start, target, self.cal)
        key = (start.date(), int(target.amount))
        if key not in self._due_cache:
            midnight = datetime.combine(start.date(), time.min)
            self._due_cache[key] = add_target(midnight, target, self.cal)
        rolled = self._due_cache[key]
        # A start on a non-working day counts from 00:00 of the next working day.
        return (
            rolled
            if not self.cal.is_workday(start.date())
            else rolled + (start - datetime.combine(start.date(), time.min))
        )

    def _complaint_moments(self, n: int) -> list[datetime]:
        days = (self.now.date() - self.start.date()).days + 1
        day_idx = np.arange(days)
        dates = [self.start.date() + timedelta(days=int(d)) for d in day_idx]
        weight = np.array([1.0 if self.cal.is_workday(d) else 0.55 for d in dates])
        weight *= 1 + 0.35 * day_idx / days  # volume grows over the year
        weight *= 1 + 0.15 * np.sin(day_idx / 29.5 * 2 * np.pi)
        chosen = np.sort(self.rng.choice(days, size=n, p=weight / weight.sum()))
        hour = np.where(
            self.rng.random(n) < 0.08, self.rng.uniform(0, 24, n), np.clip(self.rng.normal(13.5, 3.5, n), 7, 23.9)
        )
        secs = (hour * 3600).astype(int)
        out = [datetime.combine(dates[d], time.min) + timedelta(seconds=int(s)) for d, s in zip(chosen, secs)]
        # Today only holds complaints received before "now": move later ones into the elapsed part.
        today = datetime.combine(self.now.date(), time.min)
        elapsed = max(int((self.now - today).total_seconds()), 1)
        out = [m if m < self.now else today + timedelta(seconds=int(self.rng.integers(0, elapsed))) for m in out]
        return sorted(out)

    def _complaints(self) -> int:
        n = self.opts.complaints
        rng = self.rng
        received = self._complaint_moments(n)
        channels = self._choice(CHANNEL_SHARE, n)
        categories = self._choice(CATEGORY_SHARE, n)
        cities = rng.choice(len(ref.CITIES), size=n, p=self.city_weight) + 1
        hotspot_ids = {i + 1 for i, c in enumerate(ref.CITIES) if c.name in ref.SLA_HOTSPOT_CITIES}
        rows: list[tuple[Any, ...]] = []
        self.complaint_level = {}
        day_seq: dict[date, int] = {}
        text_pick = rng.integers(0, 1_000_000, n)
        for i in range(n):
            cid = i + 1
            recv, channel, category, city = received[i], str(channels[i]), str(categories[i]), int(cities[i])
            level = CATEGORY_LEVEL[category]
            override = None
            if rng.random() < 0.015 and level != "L1":
                level, override = "L1", "投诉人情绪激动，存在升级风险，人工上调为一级"
            team = int(rng.choice(self.city_teams[city]))
            agent = (
                int(rng.choice(self.team_agents[team])) if category in AGENT_CATEGORIES or rng.random() < 0.3 else None
            )
            pool = self.customers_by_city[city]
            customer = None if channel == "anonymous" or not len(pool) else int(pool[rng.integers(0, len(pool))])
            duplicate_of = None
            if i > 0 and customer is not None and rng.random() < 0.03:
                j = max(0, i - int(rng.integers(1, 40)))  # a repeat of a recent complaint on the same matter
                prev = rows[j]
                if prev[9] is not None:
                    duplicate_of, city, team, customer, agent, category, level = (
                        prev[0],
                        prev[6],
                        prev[7],
                        prev[9],
                        prev[8],
                        prev[5],
                        prev[4],
                    )
            breach_factor = self.team_breach[team] * (3.0 if city in hotspot_ids else 1.0)
            breach_factor *= 1.6 if not self.cal.is_workday(recv.date()) else 1.0
            handler = int(self.handlers[rng.integers(0, len(self.handlers))])
            dues: dict[str, datetime] = {}
            done_at: dict[str, datetime] = {}
            prev_end = recv
            for stage in STAGES:
                target = self.policy.target(stage, level, channel)
                start = recv if target.anchor == "received" else prev_end
                due = self._due(start, target)
                dues[stage] = due
                allowance = max(due - prev_end, timedelta(minutes=20))
                if rng.random() < min(0.9, BASE_BREACH[stage] * breach_factor):
                    late = rng.exponential(0.35) * allowance.total_seconds() + 600
                    if rng.random() < STUCK_SHARE:  # a case that stalls for days: the overdue queue's backlog
                        late += rng.uniform(1, 12) * 86400
                    done = max(due, prev_end) + timedelta(seconds=int(late))
                else:
                    done = prev_end + timedelta(seconds=int(rng.uniform(0.1, 0.95) * allowance.total_seconds()))
                done_at[stage] = done
                prev_end = done
            actual: dict[str, datetime | None] = dict(done_at)
            status = "received"
            for pos, stage in enumerate(STAGES):
                if done_at[stage] > self.now:  # not done yet: this and every later stage are open
                    actual.update(dict.fromkeys(STAGES[pos:]))
                    break
                status = stage
            score = None
            if actual["notify"] is not None and rng.random() < 0.7:
                breached = any(done is not None and done > dues[s] for s, done in actual.items())
                score = int(np.clip(round(rng.normal(3.4 if breached else 4.2, 0.9)), 1, 5))
            seq = day_seq[recv.date()] = day_seq.get(recv.date(), 0) + 1
            texts = ref.COMPLAINT_TEXTS[category]
            desc = texts[int(text_pick[i]) % len(texts)].format(
                agent=f"A{agent or 1:04d}",
                amount=f"{rng.uniform(800, 80000):,.2f}",
                days=int(rng.integers(3, 200)),
                time=f"{int(rng.integers(21, 24))}:{int(rng.integers(0, 60)):02d}",
            )
            self.complaint_level[cid] = level
            rows.append(
                (
                    cid,
                    f"TS{recv:%Y%m%d}{seq:05d}",
                    recv,
                    channel,
                    level,
                    category,
                    city,
                    team,
                    agent,
                    customer,
                    handler,
                    handler if rng.random() < 0.9 else int(self.handlers[0]),
                    desc,
                    status,
                    dues["ack"],
                    actual["ack"],
                    dues["verify"],
                    actual["verify"],
                    dues["resolve"],
                    actual["resolve"],
                    dues["notify"],
                    actual["notify"],
                    dues["archive"],
                    actual["archive"],
                    duplicate_of,
                    score,
                    level == "L1",
                    override,
                )
            )
        self.n_complaints = n
        return bulk.load(
            self.conn,
            Complaint.__table__,
            (
                "id",
                "ref_no",
                "received_at",
                "channel",
                "level",
                "category",
                "city_id",
                "team_id",
                "agent_id",
                "customer_id",
                "handler_id",
                "first_owner_id",
                "description",
                "status",
                "ack_due_at",
                "ack_at",
                "verify_due_at",
                "verify_at",
                "resolve_due_at",
                "resolve_at",
                "notify_due_at",
                "notify_at",
                "archive_due_at",
                "archive_at",
                "duplicate_of_id",
                "satisfaction_score",
                "exec_reported",
                "level_override_reason",
            ),
            rows,
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

        def rows() -> Iterator[tuple]:
            for k in range(n):
                yield (int(agents[k]), int(customers[k]), moments[k], bool(connected[k]), int(duration[k]))

        return bulk.load(
            self.conn, ContactLog.__table__, ("agent_id", "customer_id", "at", "connected", "duration_s"), rows()
        )

    def _surveys(self) -> int:
        n = int(min(self.opts.complaints * 4, 1_000_000))  # enough surveys that most agents pass the small-sample bar
        agents = self._agent_pick(n, 0.2)
        customers = self._random_customers(n)
        moments = self._random_moments(n, night_share=0.0)
        mean = 4.05 + 0.35 * self.agent_quality[agents]
        scores = np.clip(np.rint(self.rng.normal(mean, 0.8)), 1, 5).astype(int)

        def rows() -> Iterator[tuple]:
            for k in range(n):
                yield (int(agents[k]), int(customers[k]), None, moments[k], int(scores[k]))

        return bulk.load(
            self.conn, SatisfactionSurvey.__table__, ("agent_id", "customer_id", "complaint_id", "at", "score"), rows()
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
        lag = self.rng.integers(1, 72, n)

        def rows() -> Iterator[tuple]:
            for k in range(n):
                v = str(kind[k]) if violated[k] else "none"
                note = ref.QA_NOTES[v][k % len(ref.QA_NOTES[v])] if v != "none" else None
                score = int(self.rng.integers(40, 75)) if v != "none" else int(self.rng.integers(80, 100))
                reviewed = min(moments[k] + timedelta(hours=int(lag[k])), self.now)
                yield (int(agents[k]), moments[k], reviewed, v, score, note)

        return bulk.load(
            self.conn,
            QAReview.__table__,
            ("agent_id", "call_at", "reviewed_at", "violation_type", "score", "note"),
            rows(),
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
                    self._name(),
                    self._phone(),
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
                    self._name(),
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
