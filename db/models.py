"""SQLAlchemy 2 typed models for the whole store.

All timestamps are naive Beijing time (Asia/Shanghai): the business runs in one time zone and
SLA deadlines are read by people in it. Codes (channel, level, stage, status …) are the ASCII
codes of ``domain.codes``; display names live in the i18n catalogue.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments INTEGER PRIMARY KEY; BigInteger elsewhere.
BigId = BigInteger().with_variant(Integer(), "sqlite")
Money = Numeric(14, 2)


class SqliteStamp(sqlite.DATETIME):
    """A timestamp as SQLite text in the form the bulk loader writes: ``2026-11-16 00:00:00``, with
    ``.ffffff`` only when there are microseconds. SQLite compares that text, so stored rows and bound
    range limits must be written alike: a bound of ``00:00:00.000000`` would drop a row stored at that
    very midnight and take in one at the midnight after a range."""

    def bind_processor(self, dialect: Dialect) -> Callable[[datetime | date | None], str | None]:
        def to_text(value: datetime | date | None) -> str | None:
            if value is None:
                return None
            if isinstance(value, datetime):
                return value.isoformat(" ")
            return f"{value.isoformat()} 00:00:00"

        return to_text

    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[str | None], datetime | None]:
        def to_datetime(value: str | None) -> datetime | None:
            return None if value is None else datetime.fromisoformat(value)

        return to_datetime


Stamp = DateTime().with_variant(SqliteStamp(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    if TYPE_CHECKING:
        # Every model here is mapped to a Table (DeclarativeBase only promises a FromClause).
        __table__: ClassVar[Table]


class City(Base):
    __tablename__ = "cities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    name_en: Mapped[str] = mapped_column(String(60))
    province: Mapped[str] = mapped_column(String(40))
    province_en: Mapped[str] = mapped_column(String(60))


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    name_en: Mapped[str] = mapped_column(String(80))
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"), index=True)
    department: Mapped[str] = mapped_column(String(20), default="collection")  # collection | handling


class Agent(Base):
    __tablename__ = "agents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # 工号
    name: Mapped[str] = mapped_column(String(40))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    hired_on: Mapped[date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(120), unique=True)
    role: Mapped[str] = mapped_column(String(20), index=True)
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class UserCity(Base):
    """A city a manager is limited to; a manager with none sees every city. ``users.city_id`` stays
    the person's home city (shown, never a limit)."""

    __tablename__ = "user_cities"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"), primary_key=True, index=True)


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    # An import finds its complainants by phone or name, thousands at a time.
    name: Mapped[str] = mapped_column(String(40), index=True)
    phone: Mapped[str] = mapped_column(String(20), index=True)
    id_number: Mapped[str] = mapped_column(String(18))
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"), index=True)
    debt_amount: Mapped[Decimal] = mapped_column(Money)
    overdue_days: Mapped[int] = mapped_column(Integer)
    bucket: Mapped[str] = mapped_column(String(8), index=True)
    historical_repayment_rate: Mapped[float] = mapped_column()
    loyalty_tier: Mapped[str] = mapped_column(String(12), index=True)
    # Seed 001 scoring inputs: ability, willingness, value.
    income_stability: Mapped[float] = mapped_column()
    debt_ratio: Mapped[float] = mapped_column()
    overdue_count: Mapped[int] = mapped_column(Integer)
    cooperation: Mapped[float] = mapped_column()
    first_loan_amount: Mapped[Decimal] = mapped_column(Money)
    cumulative_repaid: Mapped[Decimal] = mapped_column(Money)
    referrals: Mapped[int] = mapped_column(Integer, default=0)
    ability_score: Mapped[float] = mapped_column()
    willingness_score: Mapped[float] = mapped_column()
    value_score: Mapped[float] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(Stamp)


# A complaint's id and the columns the dashboard filters and groups it by (see the indexes below).
COMPLAINT_FACTS = ("id", "duplicate_of_id", "city_id", "team_id", "agent_id", "channel", "level", "category")


class Complaint(Base):
    __tablename__ = "complaints"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ref_no: Mapped[str] = mapped_column(String(24), unique=True)
    received_at: Mapped[datetime] = mapped_column(Stamp)
    channel: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(4))
    category: Mapped[str] = mapped_column(String(24))
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"), index=True)
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    first_owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), index=True)
    ack_due_at: Mapped[datetime] = mapped_column(Stamp)
    ack_at: Mapped[datetime | None] = mapped_column(Stamp)
    verify_due_at: Mapped[datetime] = mapped_column(Stamp)
    verify_at: Mapped[datetime | None] = mapped_column(Stamp)
    resolve_due_at: Mapped[datetime] = mapped_column(Stamp)
    resolve_at: Mapped[datetime | None] = mapped_column(Stamp)
    notify_due_at: Mapped[datetime] = mapped_column(Stamp)
    notify_at: Mapped[datetime | None] = mapped_column(Stamp)
    archive_due_at: Mapped[datetime] = mapped_column(Stamp)
    archive_at: Mapped[datetime | None] = mapped_column(Stamp)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"))
    satisfaction_score: Mapped[int | None] = mapped_column(SmallInteger)
    exec_reported: Mapped[bool] = mapped_column(Boolean, default=False)
    level_override_reason: Mapped[str | None] = mapped_column(String(200))
    idempotency_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    # An imported complaint: the system it came from and its id there (see ImportMapping).
    source: Mapped[str | None] = mapped_column(String(40))
    external_id: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index(
            "uq_complaints_source_external_id",
            "source",
            "external_id",
            unique=True,
            sqlite_where=text("external_id IS NOT NULL"),
            postgresql_where=text("external_id IS NOT NULL"),
        ),
        # Covers the volume and acknowledgement figures: a date range is read from the index alone,
        # never the wide rows.
        Index("ix_complaints_received_facts", "received_at", *COMPLAINT_FACTS[1:], "ack_at", "ack_due_at"),
        Index("ix_complaints_city_received", "city_id", "received_at"),
        Index("ix_complaints_team_received", "team_id", "received_at"),
        Index("ix_complaints_level_received", "level", "received_at"),
        # Partial: almost every complaint has no original, and a full index on the column lures
        # SQLite's planner into using it for "duplicate_of_id IS NULL" instead of the date index.
        Index(
            "ix_complaints_duplicates",
            "duplicate_of_id",
            sqlite_where=text("duplicate_of_id IS NOT NULL"),
            postgresql_where=text("duplicate_of_id IS NOT NULL"),
        ),
        # The complaints whose decision is not yet told (a few thousand of a million): the regulator queue.
        Index(
            "ix_complaints_undecided",
            "received_at",
            sqlite_where=text("notify_at IS NULL"),
            postgresql_where=text("notify_at IS NULL"),
        ),
        # A complaint's filter columns by id: reads that start from another table (resolutions,
        # outcomes) filter complaints from this narrow index instead of the wide rows.
        Index("ix_complaints_id_facts", *COMPLAINT_FACTS),
    )


class ComplaintStage(Base):
    """One SLA deadline as data: a complaint's stage with its due and done times, and the complaint's
    filter columns copied beside them. Every SLA figure reads this narrow table instead of unfolding
    five stage columns of the wide complaints rows; on SQLite its rows are stored in due-time order
    (the primary key leads with it), so a date range is one contiguous read. ``db.facts``
    rewrites a complaint's rows in the same transaction as every write that changes the complaint."""

    __tablename__ = "complaint_stages"

    due_at: Mapped[datetime] = mapped_column(Stamp, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    stage: Mapped[str] = mapped_column(String(12), primary_key=True)
    done_at: Mapped[datetime | None] = mapped_column(Stamp)
    received_at: Mapped[datetime] = mapped_column(Stamp)
    ref_no: Mapped[str] = mapped_column(String(24))
    city_id: Mapped[int] = mapped_column(Integer)
    team_id: Mapped[int | None] = mapped_column(Integer)
    agent_id: Mapped[int | None] = mapped_column(Integer)
    handler_id: Mapped[int | None] = mapped_column(Integer)
    first_owner_id: Mapped[int | None] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(4))
    category: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(12))
    duplicate_of_id: Mapped[int | None] = mapped_column(BigId)

    __table_args__ = (
        # The queues of now: only open stages are indexed, a few thousand of millions of deadlines.
        Index(
            "ix_complaint_stages_open_due",
            "due_at",
            sqlite_where=text("done_at IS NULL"),
            postgresql_where=text("done_at IS NULL"),
        ),
        # One agent's, team's or city's deadlines without reading everyone's in the range.
        Index("ix_complaint_stages_agent_due", "agent_id", "due_at"),
        Index("ix_complaint_stages_team_due", "team_id", "due_at"),
        Index("ix_complaint_stages_city_due", "city_id", "due_at"),
        # ... and their open stages alone: one team's overdue queue reads its few open stages, not
        # the team's year of deadlines due before now.
        *(
            Index(
                f"ix_complaint_stages_open_{place}_due",
                f"{place}_id",
                "due_at",
                sqlite_where=text("done_at IS NULL"),
                postgresql_where=text("done_at IS NULL"),
            )
            for place in ("agent", "team", "city")
        ),
        {"sqlite_with_rowid": False},
    )


class ComplaintText(Base):
    """What a complaint's text says (``domain.text.analyse`` of its description): the category it reads
    as, whether it is urgent and its first urgent theme; and ``tokens``, the distinct search tokens of
    the description and the handling notes (space-separated, sorted) that full-text search indexes
    (SQLite: the FTS5 table ``complaint_search`` over this column; PostgreSQL: a GIN index over its
    tsvector). ``db.text_index`` rewrites the row with every write of the description or a note."""

    __tablename__ = "complaint_text"
    complaint_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("complaints.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    category: Mapped[str | None] = mapped_column(String(24))
    urgent: Mapped[bool] = mapped_column(Boolean)
    theme: Mapped[str | None] = mapped_column(String(16))
    tokens: Mapped[str] = mapped_column(Text)


class ComplaintKeyword(Base):
    """A keyword of a complaint's description (``domain.text.analyse``), ``rank`` 1 for the best: the
    monthly top and rising keywords are counted from these rows in SQL."""

    __tablename__ = "complaint_keywords"
    complaint_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("complaints.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    keyword: Mapped[str] = mapped_column(String(40), primary_key=True)
    rank: Mapped[int] = mapped_column(SmallInteger)

    __table_args__ = ({"sqlite_with_rowid": False},)


class _DayCounts:
    """A day rollup of deadlines: its due day (days since 1970-01-01) first among the keys, and how
    many deadlines fell due and how many were met last (``db.facts`` keeps them)."""

    day: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False, sort_order=-1)
    deadlines: Mapped[int] = mapped_column(Integer, sort_order=1)
    met: Mapped[int] = mapped_column(Integer, sort_order=1)


class SlaDay(_DayCounts, Base):
    """Deadlines of non-duplicate complaints per due day (days since 1970-01-01), stage, level, channel,
    city and team (0: none): how many and how many were met (done by their due time). Once a day is
    over every deadline of it is decided, so the closed days of an SLA figure are read from here and
    only today's from ``complaint_stages``. ``db.facts`` adds and subtracts in every write's transaction."""

    __tablename__ = "sla_days"

    stage: Mapped[str] = mapped_column(String(12), primary_key=True)
    level: Mapped[str] = mapped_column(String(4), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    city_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    team_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class SlaIntakeHour(_DayCounts, Base):
    """Deadlines per due day and the weekday and hour their complaint came in, by level and channel:
    the closed days of the weekday × hour heatmap (see ``SlaDay``)."""

    __tablename__ = "sla_intake_hours"

    weekday: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    hour: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    level: Mapped[str] = mapped_column(String(4), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)


class SlaAgentDay(_DayCounts, Base):
    """Deadlines of complaints naming an agent, per due day and agent, by level, channel, city and
    team: the closed days of the agents' SLA attainment (see ``SlaDay``); a day holds a few thousand
    rows where ``complaint_stages`` holds tens of thousands."""

    __tablename__ = "sla_agent_days"

    agent_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    level: Mapped[str] = mapped_column(String(4), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    city_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    team_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class ComplaintResolution(Base):
    """How a case was resolved: the reply sent to the complainant (the outcome in plain words) and
    when and by whom it was recorded; the outcome kinds are its ``ComplaintOutcome`` rows."""

    __tablename__ = "complaint_resolutions"
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    reply: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(Stamp, index=True)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ComplaintOutcome(Base):
    """One thing resolving a case did (an ``OUTCOME_KINDS`` code), with its amount in yuan if it moves money."""

    __tablename__ = "complaint_outcomes"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint_resolutions.complaint_id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    amount: Mapped[Decimal | None] = mapped_column(Money)

    __table_args__ = (
        UniqueConstraint("complaint_id", "kind"),
        # A case's outcomes with their amounts, read from the index alone.
        Index("ix_complaint_outcomes_complaint_kind_amount", "complaint_id", "kind", "amount"),
    )


class LookupFailure(Base):
    """A failed progress lookup, counted per reference number and per client for the lockout
    (domain.progress); stored, so every app process counts the same failures."""

    __tablename__ = "lookup_failures"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(Stamp, index=True)
    ref_key: Mapped[str] = mapped_column(String(24))
    client_key: Mapped[str] = mapped_column(String(32))

    __table_args__ = (
        Index("ix_lookup_failures_ref_key_at", "ref_key", "at"),
        Index("ix_lookup_failures_client_key_at", "client_key", "at"),
    )


class ComplaintEvent(Base):
    """The case timeline: receipt, each stage, reminders, notes, level changes."""

    __tablename__ = "complaint_events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(Stamp)
    kind: Mapped[str] = mapped_column(String(16))  # received | stage | reminder | note | level | duplicate
    stage: Mapped[str | None] = mapped_column(String(12))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)


class ContactLog(Base):
    __tablename__ = "contact_logs"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    at: Mapped[datetime] = mapped_column(Stamp)
    connected: Mapped[bool] = mapped_column(Boolean)
    duration_s: Mapped[int] = mapped_column(Integer, default=0)
    # Who was contacted and how (domain.conduct CONTACT_PARTIES, CONTACT_CHANNELS): the conduct rules read them.
    party: Mapped[str] = mapped_column(String(20), default="debtor", server_default="debtor")
    channel: Mapped[str] = mapped_column(String(8), default="call", server_default="call")

    # (at, agent_id) covers the per-agent contact counts of a date range: read from the index alone.
    # (customer_id, at): one debtor's contacts in time order, as the conduct rules read them.
    __table_args__ = (
        Index("ix_contact_logs_agent_at", "agent_id", "at"),
        Index("ix_contact_logs_at_agent", "at", "agent_id"),
        Index("ix_contact_logs_customer_at", "customer_id", "at"),
    )


class SatisfactionSurvey(Base):
    """A customer's satisfaction score. A case's follow-up survey names the case (at most one per
    case), its agent if it names one, and who entered it (``source``); other surveys name no case."""

    __tablename__ = "satisfaction_surveys"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"))
    at: Mapped[datetime] = mapped_column(Stamp)
    score: Mapped[int] = mapped_column(SmallInteger)  # 1–5; 4 and 5 count as satisfied
    comment: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(16))  # a SURVEY_SOURCES code for a case's survey

    __table_args__ = (
        # Covers the survey figures of a date range (per agent, per day): read from the index alone.
        Index("ix_satisfaction_surveys_at_agent_score", "at", "agent_id", "score"),
        Index("uq_satisfaction_surveys_complaint_id", "complaint_id", unique=True),  # NULLs stay distinct
    )


class QAReview(Base):
    """Call quality-assurance review of one collection call (seed 003)."""

    __tablename__ = "qa_reviews"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"))
    call_at: Mapped[datetime] = mapped_column(Stamp)
    reviewed_at: Mapped[datetime] = mapped_column(Stamp)
    violation_type: Mapped[str] = mapped_column(String(20))  # "none" for a compliant call
    score: Mapped[int] = mapped_column(SmallInteger)  # 0–100
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_qa_reviews_agent_call_at", "agent_id", "call_at"),
        # Covers the violation counts of a date range per agent: read from the index alone.
        Index("ix_qa_reviews_call_at_agent_violation", "call_at", "agent_id", "violation_type"),
    )


class WarningWeight(Base):
    """Weights of the early-warning risk score (seed 004); admins change them as data."""

    __tablename__ = "warning_weights"
    factor: Mapped[str] = mapped_column(String(24), primary_key=True)
    weight: Mapped[float] = mapped_column()


class EarlyWarning(Base):
    """A row of the 预警报备台账, in the ledger's field order."""

    __tablename__ = "early_warnings"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ref_no: Mapped[str] = mapped_column(String(24), unique=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    customer_name: Mapped[str] = mapped_column(String(40))
    contact: Mapped[str] = mapped_column(String(20))
    debt_amount: Mapped[Decimal] = mapped_column(Money)
    overdue_days: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20))
    reported_at: Mapped[datetime] = mapped_column(Stamp, index=True)
    risk_score: Mapped[float] = mapped_column()
    risk_level: Mapped[str] = mapped_column(String(8))
    suggestion: Mapped[str] = mapped_column(Text)
    complaint_history: Mapped[int] = mapped_column(Integer)
    attitude: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"))
    status: Mapped[str] = mapped_column(String(12), index=True)
    head_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    head_comment: Mapped[str | None] = mapped_column(Text)
    signed_at: Mapped[datetime | None] = mapped_column(Stamp)
    handling_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    plan: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(Stamp)
    evaluation: Mapped[str | None] = mapped_column(Text)
    idempotency_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    # A system-monitoring warning: the conduct rule, the day of its breaches and the agent named (one
    # warning per debtor, rule and day; people's reports leave these empty).
    rule: Mapped[str | None] = mapped_column(String(24))
    breach_day: Mapped[date | None] = mapped_column(Date)
    agent_id: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index(
            "uq_early_warnings_rule_customer_day",
            "rule",
            "customer_id",
            "breach_day",
            unique=True,
            sqlite_where=text("rule IS NOT NULL"),
            postgresql_where=text("rule IS NOT NULL"),
        ),
    )


class WarningEvent(Base):
    __tablename__ = "warning_events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    warning_id: Mapped[int] = mapped_column(ForeignKey("early_warnings.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(Stamp)
    kind: Mapped[str] = mapped_column(String(16))  # a warning status, or "tracking"
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)


class CommitteeSample(Base):
    __tablename__ = "committee_samples"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    size: Mapped[int] = mapped_column(Integer)
    random_seed: Mapped[int] = mapped_column(BigInteger)
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    drawn_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    drawn_at: Mapped[datetime] = mapped_column(Stamp)
    idempotency_token: Mapped[str | None] = mapped_column(String(64), unique=True)


class SampleItem(Base):
    __tablename__ = "sample_items"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("committee_samples.id", ondelete="CASCADE"), index=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    stratum: Mapped[str] = mapped_column(String(40))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(Stamp)
    timeliness: Mapped[int | None] = mapped_column(SmallInteger)
    accuracy: Mapped[int | None] = mapped_column(SmallInteger)
    attitude: Mapped[int | None] = mapped_column(SmallInteger)
    resolution: Mapped[int | None] = mapped_column(SmallInteger)
    compliance: Mapped[int | None] = mapped_column(SmallInteger)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("sample_id", "complaint_id"),)


class ImprovementItem(Base):
    """A line of the monthly 问题改进清单."""

    __tablename__ = "improvement_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[date] = mapped_column(Date, index=True)  # first day of the month
    issue: Mapped[str] = mapped_column(Text)
    department: Mapped[str] = mapped_column(String(60))
    measure: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date] = mapped_column(Date)
    owner: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(12))
    evidence: Mapped[str | None] = mapped_column(String(200))
    sample_item_id: Mapped[int | None] = mapped_column(ForeignKey("sample_items.id"), unique=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(Stamp)
    idempotency_token: Mapped[str | None] = mapped_column(String(64), unique=True)


class SlaPolicy(Base):
    """SLA target of one stage; level / channel NULL means "any"; the most specific row wins."""

    __tablename__ = "sla_policy"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stage: Mapped[str] = mapped_column(String(12))
    level: Mapped[str | None] = mapped_column(String(4))
    channel: Mapped[str | None] = mapped_column(String(16))
    amount: Mapped[float] = mapped_column()
    unit: Mapped[str] = mapped_column(String(16))  # hours | business_days
    anchor: Mapped[str] = mapped_column(String(12))  # received | previous

    __table_args__ = (UniqueConstraint("stage", "level", "channel"),)


class Holiday(Base):
    """A day that differs from the Monday–Friday default, or a named weekend holiday day."""

    __tablename__ = "holidays"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str | None] = mapped_column(String(40))


class HolidayYear(Base):
    """A year whose whole official schedule is in ``holidays`` (else business days fall back to Mon–Fri)."""

    __tablename__ = "holiday_years"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(16))  # statutory (chinese_calendar) | admin
    saved_at: Mapped[datetime | None] = mapped_column(Stamp)


class AuditLog(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(Stamp, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class CustomerMonthly(Base):
    """A customer at the start of a month: tier (seed 001), bucket (seed 003), debt and what was
    repaid within 30 days of the month start; the history behind tier migration and recovery."""

    __tablename__ = "customer_monthly"
    # A month's snapshots in customer order, with the tier: complaints per tier look each complainant
    # up here without reading the table.
    __table_args__ = (Index("ix_customer_monthly_month_customer_tier", "month", "customer_id", "loyalty_tier"),)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # first day of the month
    loyalty_tier: Mapped[str] = mapped_column(String(12))
    bucket: Mapped[str] = mapped_column(String(8))
    overdue_days: Mapped[int] = mapped_column(Integer)
    debt_amount: Mapped[Decimal] = mapped_column(Money)
    repaid_30d: Mapped[Decimal] = mapped_column(Money)


class ImportMapping(Base):
    """A saved complaint import mapping (domain.imports.ImportMapping as JSON), reused by name."""

    __tablename__ = "import_mappings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(Stamp)


class LoyaltyMonth(Base):
    """The monthly snapshots counted per month, city, tier, segment (bucket, M3+ split by repayment
    rate) and the tier the customer holds the month after ('' with no snapshot then): customers, debt
    at the month start and repaid within 30 days. The loyalty page reads these few thousand rows
    instead of millions of snapshots; ``db.facts.rebuild_loyalty`` recounts them whenever the
    snapshots are written (the seed, the monthly snapshot load)."""

    __tablename__ = "loyalty_months"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    city_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    tier: Mapped[str] = mapped_column(String(12), primary_key=True)
    segment: Mapped[str] = mapped_column(String(12), primary_key=True)
    next_tier: Mapped[str] = mapped_column(String(12), primary_key=True)
    customers: Mapped[int] = mapped_column(Integer)
    debt: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    repaid: Mapped[Decimal] = mapped_column(Numeric(18, 2))


class SavedQuestion(Base):
    """An explore question saved by name: its address parameters (``domain.explore``) and the period
    pick, kept as text so a saved question opens exactly as its link does. A shared one is listed for
    everyone (the weekly meeting's questions); only its owner or an admin changes it. The product's own
    shared questions have no owner and a ``preset`` code that names them in each language."""

    __tablename__ = "saved_questions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(60))
    params: Mapped[str] = mapped_column(Text)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    preset: Mapped[str | None] = mapped_column(String(40), unique=True)
    updated_at: Mapped[datetime] = mapped_column(Stamp)

    __table_args__ = (UniqueConstraint("owner_id", "name"),)


class NotifySetting(Base):
    """The notification settings, one row (id 1): the app's address that message links start with,
    the overdue (hours) and sign-off (days) thresholds, and the weekly pack's Monday time."""

    __tablename__ = "notify_settings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    base_url: Mapped[str] = mapped_column(String(200))
    overdue_hours: Mapped[int] = mapped_column(Integer)
    signoff_days: Mapped[int] = mapped_column(Integer)
    weekly_time: Mapped[str] = mapped_column(String(5))  # HH:MM, Beijing time
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime | None] = mapped_column(Stamp)


class ConductRule(Base):
    """A conduct rule's stored setting (domain.conduct): on or off, risk weight, parameters; admins
    edit them on the settings page (``updated_at`` stays empty while the shipped defaults hold)."""

    __tablename__ = "conduct_rules"
    code: Mapped[str] = mapped_column(String(24), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)
    weight: Mapped[float] = mapped_column()
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime | None] = mapped_column(Stamp)


class NotifyChannel(Base):
    """A group robot (企业微信, 钉钉) or an SMTP mailbox and the events it carries. The store keeps the
    name of its secret (``[notify.<secret_name>]`` in secrets.toml, or the environment), never the
    secret; ``options`` holds an e-mail channel's server, sender and recipients."""

    __tablename__ = "notify_channels"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(12))  # wecom | dingtalk | email
    secret_name: Mapped[str] = mapped_column(String(40))
    events: Mapped[list[str]] = mapped_column(JSON)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))  # only this team's; None: all
    options: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(Stamp)


class NotifyOutbox(Base):
    """A message to one channel, written in the transaction of its event and delivered by the sender
    (``python -m db.notify``): once per (channel, event key); claimed with a lease, retried with
    back-off; ``parts_sent`` counts the parts (text, then each file) already delivered."""

    __tablename__ = "notify_outbox"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("notify_channels.id"))
    event: Mapped[str] = mapped_column(String(20))
    event_key: Mapped[str] = mapped_column(String(120))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12))  # pending | sending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    parts_sent: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(Stamp, index=True)
    next_attempt_at: Mapped[datetime] = mapped_column(Stamp)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[datetime | None] = mapped_column(Stamp)
    sent_at: Mapped[datetime | None] = mapped_column(Stamp)
    last_error: Mapped[str | None] = mapped_column(String(300))

    __table_args__ = (
        UniqueConstraint("event_key", "channel_id"),  # the scan looks keys up without a channel
        Index("ix_notify_outbox_status_next", "status", "next_attempt_at"),
    )


class ConductBreach(Base):
    """One contact matching one conduct rule, with the warning it is evidence of. The debtor, agent,
    agent's team and time are copied from the contact so the scorecards and the conduct panel count
    breaches without reading the contact log."""

    __tablename__ = "conduct_breaches"
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact_logs.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    rule: Mapped[str] = mapped_column(String(24), primary_key=True)
    customer_id: Mapped[int] = mapped_column(BigId)
    agent_id: Mapped[int] = mapped_column(Integer)
    team_id: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(Stamp)
    warning_id: Mapped[int | None] = mapped_column(ForeignKey("early_warnings.id", ondelete="SET NULL"), index=True)

    __table_args__ = (Index("ix_conduct_breaches_at_agent", "at", "agent_id"),)


class MonitorRun(Base):
    """One evaluation of the contact log (``python -m db.monitor`` or the ledger's button): what it
    covered and found. The highest ``last_contact_id`` is the watermark the next run starts after."""

    __tablename__ = "monitor_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(Stamp)
    finished_at: Mapped[datetime] = mapped_column(Stamp)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    since: Mapped[datetime | None] = mapped_column(Stamp)
    last_contact_id: Mapped[int] = mapped_column(BigInteger)
    contacts: Mapped[int] = mapped_column(Integer)
    breaches: Mapped[int] = mapped_column(Integer)
    warnings_created: Mapped[int] = mapped_column(Integer)
    warnings_updated: Mapped[int] = mapped_column(Integer)


class RegulatorExtension(Base):
    """An extension of a complaint's regulator time limit (domain.regulator): step 1 to 30 days with
    its reason, step 2 to 60 days with the senior approver named."""

    __tablename__ = "regulator_extensions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"))
    step: Mapped[int] = mapped_column(SmallInteger)
    reason: Mapped[str] = mapped_column(Text)
    approver: Mapped[str | None] = mapped_column(String(40))
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(Stamp)
    idempotency_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    __table_args__ = (UniqueConstraint("complaint_id", "step"),)


class AppSetting(Base):
    """A setting admins change that is not a table of its own (e.g. which complaints the regulator
    time limit applies to), as JSON under its key; no row means the shipped default."""

    __tablename__ = "app_settings"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(Stamp)
