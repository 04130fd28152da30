"""System monitoring on SQLite and PostgreSQL: the constructed contact log of ``tests.helpers`` judged
in SQL exactly as the domain rules judge it, one warning per debtor, rule and day with its evidence,
nothing new on a second run, incremental runs (a late-logged contact too), re-evaluation from a
moment after a rule change, two runs at once, the role check, the command line, the ledger workflow,
the scorecards' breaches and the migration's defaults for existing contacts."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from db import migrate
from db.engine import engine, session_scope
from db.models import (
    Agent,
    AuditLog,
    City,
    ConductBreach,
    ContactLog,
    Customer,
    EarlyWarning,
    MonitorRun,
    Team,
    User,
    WarningEvent,
)
from db.monitor import main
from db.queries import agents as agent_queries
from db.queries import conduct as conduct_queries
from db.services import monitor
from db.services import warnings as warning_service
from db.services.common import InputError, PermissionDenied
from domain.conduct import DAILY_CALLS, NIGHT, QUICK_REPEAT, THIRD_PARTY, WEEKLY, default_settings
from domain.filters import Filters
from domain.users import CurrentUser
from tests.db.builders import customer, two_cities, two_teams
from tests.helpers import CONDUCT_BREACHES, conduct_log, dt, in_threads

STAFF = CurrentUser(id=1, username="staff", display_name="张伟", role="staff", team_id=1)
HEAD = CurrentUser(id=2, username="head", display_name="李娜", role="dept_head", city_id=1, team_id=1)
PREVENTION = CurrentUser(id=3, username="prevention", display_name="王芳", role="prevention", team_id=3)
ADMIN = CurrentUser(id=4, username="admin", display_name="赵磊", role="admin")
OTHER_HEAD = CurrentUser(id=5, username="head2", display_name="周强", role="dept_head", city_id=2, team_id=2)
MANAGER = CurrentUser(id=6, username="manager", display_name="刘洋", role="manager")
PEOPLE = (STAFF, HEAD, PREVENTION, ADMIN, OTHER_HEAD, MANAGER)
THIRD_PARTY_DEBTOR = 7  # contacted by agent 2 of team 2 (乙市); every other contact is agent 1's (team 1)
# (debtor, rule, day) → evidence: the warnings the log raises.
WARNINGS = {
    (2, NIGHT, date(2026, 11, 16)): 1,
    (3, NIGHT, date(2026, 11, 17)): 1,
    (5, NIGHT, date(2026, 11, 17)): 3,
    (5, NIGHT, date(2026, 11, 18)): 1,
    (6, DAILY_CALLS, date(2026, 11, 18)): 1,
    (7, THIRD_PARTY, date(2026, 11, 18)): 2,
    (8, WEEKLY, date(2026, 11, 15)): 1,
    (8, WEEKLY, date(2026, 11, 17)): 1,
    (9, QUICK_REPEAT, date(2026, 11, 19)): 1,
}
FIRST_RUN = "contacts=32 breaches=12 warnings_created=9 warnings_updated=0"


def contacts() -> list[ContactLog]:
    return [
        ContactLog(
            id=c.id,
            agent_id=2 if c.customer_id == THIRD_PARTY_DEBTOR else 1,
            customer_id=c.customer_id,
            at=c.at,
            connected=c.connected,
            duration_s=60 if c.connected else 0,
            channel=c.channel,
            party=c.party,
        )
        for c in conduct_log()
    ]


@pytest.fixture
def store(make_store) -> str:
    url = make_store(
        [
            *two_cities(),
            *two_teams(),
            Team(id=3, name="处理一组", name_en="Handling 1", city_id=1, department="handling"),
            Agent(id=1, code="A0001", name="坐席甲", team_id=1, hired_on=date(2024, 1, 1)),
            Agent(id=2, code="A0002", name="坐席乙", team_id=2, hired_on=date(2024, 1, 1)),
            *(
                User(id=u.id, username=u.username, display_name=u.display_name, role=u.role, team_id=u.team_id)
                for u in PEOPLE
            ),
            *(
                customer(cid, name=f"客户{cid}", phone=f"1380000000{cid}", cooperation=0.1 * cid)
                for cid in range(1, 12)
            ),
            *contacts(),
        ]
    )
    _move_sequences()
    return url


def _move_sequences() -> None:
    """PostgreSQL: the explicit ids above must not clash with the rows the services add."""
    if engine().dialect.name != "postgresql":
        return
    with engine().begin() as conn:
        for table in ("users", "contact_logs"):
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) + 1 FROM {table}), false)"
            )


def breaches() -> list[tuple[int, str]]:
    with session_scope() as s:
        return sorted((int(c), r) for c, r in s.execute(select(ConductBreach.contact_id, ConductBreach.rule)))


def warnings() -> pd.DataFrame:
    w = EarlyWarning
    with engine().connect() as conn:
        return pd.read_sql(
            select(
                w.id,
                w.ref_no,
                w.customer_id,
                w.rule,
                w.breach_day,
                w.agent_id,
                w.team_id,
                w.city_id,
                w.source,
                w.status,
                w.reporter_id,
                w.customer_name,
                w.contact,
                w.risk_score,
                w.risk_level,
                w.attitude,
                w.description,
                select(func.count()).where(ConductBreach.warning_id == w.id).scalar_subquery().label("evidence"),
            )
            .where(w.rule.is_not(None))
            .order_by(w.id),
            conn,
        )


def keyed(frame: pd.DataFrame) -> dict[tuple[int, str, date], int]:
    return {
        (int(r.customer_id), r.rule, pd.Timestamp(r.breach_day).date()): int(r.evidence) for r in frame.itertuples()
    }


def add_contacts(*rows: tuple[int, datetime, str, bool]) -> None:
    with session_scope() as s:
        s.add_all(
            ContactLog(agent_id=1, customer_id=c, at=at, channel=ch, connected=ok, duration_s=0)
            for c, at, ch, ok in rows
        )


def test_monitor_sql_finds_exactly_the_breaches_the_domain_rules_find(store: str) -> None:
    result = monitor.run_monitor(PREVENTION)
    assert result.summary_line() == FIRST_RUN
    assert breaches() == sorted(CONDUCT_BREACHES)


def test_monitor_raises_one_warning_per_debtor_rule_and_day_with_its_evidence(store: str) -> None:
    monitor.run_monitor(None)
    found = warnings()
    assert keyed(found) == WARNINGS
    assert set(found["source"]) == {"system"} and set(found["status"]) == {"submitted"}
    assert found["ref_no"].str.startswith("YJ20261123").all() and found["ref_no"].is_unique
    third = found[found["rule"] == THIRD_PARTY].iloc[0]
    assert (third.agent_id, third.team_id, third.city_id) == (2, 2, 2)  # the agent and the agent's team named
    assert (third.customer_name, third.contact) == ("客户7", "13800000007")
    assert (third.risk_score, third.risk_level) == (100.0, "high")  # 80 × (1 + 0.25)
    assert "A0002" in third.description and "乙市一组" in third.description
    night = found[(found["customer_id"] == 5) & (found["breach_day"].astype(str) == "2026-11-17")].iloc[0]
    assert (night.agent_id, night.team_id, night.risk_score, night.risk_level) == (1, 1, 90.0, "high")
    assert set(found.loc[found["rule"] == QUICK_REPEAT, "risk_level"]) == {"low"}
    with session_scope() as s:
        reporter = s.get(User, int(third.reporter_id))
        assert (reporter.username, reporter.active, reporter.role) == ("system", False, "staff")
        assert s.scalar(select(func.count()).where(WarningEvent.kind == "submitted")) == len(WARNINGS)
        run = s.scalars(select(MonitorRun)).one()
        assert (run.last_contact_id, run.contacts, run.breaches, run.user_id) == (32, 32, 12, None)
        audit = s.scalars(select(AuditLog).where(AuditLog.action == "monitor.run")).one()
        assert audit.detail["warnings_created"] == 9 and audit.user_id is None


def test_monitor_run_twice_creates_nothing_new(store: str) -> None:
    monitor.run_monitor(PREVENTION)
    before = keyed(warnings())
    again = monitor.run_monitor(PREVENTION)
    assert again.summary_line() == "contacts=0 breaches=0 warnings_created=0 warnings_updated=0"
    assert keyed(warnings()) == before and len(breaches()) == 12
    with session_scope() as s:
        assert s.scalar(select(func.count()).select_from(MonitorRun)) == 2
        assert s.scalar(select(func.count()).select_from(EarlyWarning)) == len(WARNINGS)


def test_monitor_incremental_run_judges_new_contacts_with_their_history(store: str) -> None:
    monitor.run_monitor(PREVENTION)
    add_contacts(
        (6, dt("11-18", "13:00"), "call", True),  # debtor 6's 5th connected call of the 18th
        (1, dt("11-16", "21:55"), "call", False),  # logged late: debtor 1's 21:59:59 call is now 4:59 after it
        (4, dt("11-20", "23:05"), "sms", True),  # night
    )
    result = monitor.run_monitor(PREVENTION)
    assert result.summary_line() == "contacts=3 breaches=3 warnings_created=2 warnings_updated=1"
    assert (1, QUICK_REPEAT) in breaches()  # an old contact breaches because of a new one
    now = keyed(warnings())
    assert now[(6, DAILY_CALLS, date(2026, 11, 18))] == 2
    assert now[(1, QUICK_REPEAT, date(2026, 11, 16))] == 1 and now[(4, NIGHT, date(2026, 11, 20))] == 1
    with session_scope() as s:
        updated = s.scalar(select(EarlyWarning.id).where(EarlyWarning.customer_id == 6))
        kinds = list(
            s.scalars(select(WarningEvent.kind).where(WarningEvent.warning_id == updated).order_by(WarningEvent.id))
        )
        assert kinds == ["submitted", "evidence"]
        score = s.scalar(select(EarlyWarning.risk_score).where(EarlyWarning.id == updated))
    assert score == 62.5  # 50 × (1 + 0.25): two breaches now


def test_monitor_since_re_evaluates_with_the_rules_saved_now(store: str) -> None:
    monitor.run_monitor(PREVENTION)
    rows = {code: {"enabled": s.enabled, "weight": s.weight, **s.params} for code, s in default_settings().items()}
    rows[DAILY_CALLS]["max_calls"] = 2
    monitor.save_rules(ADMIN, rows)
    assert monitor.run_monitor(PREVENTION).breaches == 0  # nothing new since the last run
    result = monitor.run_monitor(PREVENTION, since=datetime(2026, 11, 18))
    # Contacts from the 18th on: debtor 6's 3rd call breaches now; the 17th is not looked at again.
    assert result.summary_line() == "contacts=12 breaches=1 warnings_created=0 warnings_updated=1"
    assert (11, DAILY_CALLS) in breaches() and (7, DAILY_CALLS) not in breaches()
    with session_scope() as s:
        audit = s.scalars(select(AuditLog).where(AuditLog.action == "monitor.rules")).one()
    assert (
        audit.detail["before"][DAILY_CALLS]["max_calls"] == 3 and audit.detail["after"][DAILY_CALLS]["max_calls"] == 2
    )


def test_monitor_two_runs_at_once_store_every_warning_once(store: str) -> None:
    results = in_threads(2, lambda _: monitor.run_monitor(PREVENTION))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(r.warnings_created for r in results) == len(WARNINGS)
    assert sum(r.breaches for r in results) == 12
    assert keyed(warnings()) == WARNINGS and len(breaches()) == 12


@pytest.mark.parametrize("who", [STAFF, HEAD, MANAGER])
def test_monitor_runs_only_for_prevention_and_admins(store: str, who: CurrentUser) -> None:
    with pytest.raises(PermissionDenied):
        monitor.run_monitor(who)
    assert breaches() == [] and warnings().empty
    assert monitor.run_monitor(ADMIN).warnings_created == len(WARNINGS)


def test_monitor_command_line_prints_the_counts(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert capsys.readouterr().out.strip() == FIRST_RUN
    assert main(["--since", "2026-11-18"]) == 0
    assert capsys.readouterr().out.strip() == "contacts=12 breaches=0 warnings_created=0 warnings_updated=0"
    with pytest.raises(SystemExit):
        main(["--since", "yesterday"])


def test_monitor_warnings_go_through_the_ledger_workflow(store: str) -> None:
    monitor.run_monitor(PREVENTION)
    found = warnings()
    own_team = int(found[found["team_id"] == 1].iloc[0].id)
    other_team = int(found[found["team_id"] == 2].iloc[0].id)
    with pytest.raises(PermissionDenied):  # another team's head does not sign it off
        warning_service.review_warning(OTHER_HEAD, own_team, approve=True, comment="", token="t-1")
    warning_service.review_warning(HEAD, own_team, approve=True, comment="属实，已约谈坐席", token="t-2")
    warning_service.review_warning(OTHER_HEAD, other_team, approve=True, comment="", token="t-3")
    warning_service.assign_warning(PREVENTION, own_team, handling_team_id=3, plan="回访客户并复核录音", token="t-4")
    with session_scope() as s:
        assert s.get(EarlyWarning, own_team).status == "assigned"
        assert s.get(EarlyWarning, other_team).head_id == OTHER_HEAD.id


def test_monitor_breaches_feed_the_scorecards_and_the_conduct_panel(store: str) -> None:
    monitor.run_monitor(PREVENTION)
    f = Filters(date(2026, 11, 1), date(2026, 11, 23))
    cards = agent_queries.scorecards(f, pd.Timestamp(dt("11-23", "10:00"))).set_index("agent_id")
    assert (cards.loc[1, "breaches"], cards.loc[1, "contacts"]) == (10, 30)
    assert cards.loc[1, "breaches_per_1000"] == pytest.approx(10 * 1000 / 30)
    assert (cards.loc[2, "breaches"], cards.loc[2, "breaches_per_1000"]) == (2, 1000.0)
    by_team = conduct_queries.by_rule_team(f).set_index(["rule", "team_id"])["breaches"].to_dict()
    assert by_team == {(NIGHT, 1): 6, (DAILY_CALLS, 1): 1, (THIRD_PARTY, 2): 2, (WEEKLY, 1): 2, (QUICK_REPEAT, 1): 1}
    by_hour = conduct_queries.by_hour(f).set_index(["hour", "rule"])["breaches"].to_dict()
    assert by_hour[(22, NIGHT)] == 1 and by_hour[(23, NIGHT)] == 3 and by_hour[(0, NIGHT)] == 1
    head_view = Filters(date(2026, 11, 1), date(2026, 11, 23), scope=HEAD.scope)
    assert set(conduct_queries.by_rule_team(head_view)["team_id"]) == {1}  # a head sees their own team's


def test_monitor_rules_are_an_admins_and_checked(store: str) -> None:
    rows = {code: {"enabled": s.enabled, "weight": s.weight, **s.params} for code, s in default_settings().items()}
    with pytest.raises(PermissionDenied):
        monitor.save_rules(PREVENTION, rows)
    rows[NIGHT]["end_hour"] = 22
    with pytest.raises(InputError) as bad:
        monitor.save_rules(ADMIN, rows)
    assert bad.value.problems == [("conduct.err.night_window", {})]
    rows[NIGHT]["end_hour"], rows[THIRD_PARTY]["enabled"] = 7, False
    monitor.save_rules(ADMIN, rows)
    stored = conduct_queries.rules()
    assert stored[NIGHT].param("end_hour") == 7 and not stored[THIRD_PARTY].enabled
    monitor.run_monitor(PREVENTION)
    assert not [b for b in breaches() if b[1] == THIRD_PARTY] and (3, NIGHT) not in breaches()


def test_monitor_migration_reads_existing_contacts_as_calls_to_the_debtor(store_url: str, use_store) -> None:
    use_store(store_url)
    migrate.upgrade("0009")
    rows = [
        *two_cities(),
        *two_teams(),
        Agent(id=1, code="A0001", name="坐席甲", team_id=1, hired_on=date(2024, 1, 1)),
        customer(1),
    ]
    old_contacts = sa.table(
        "contact_logs",
        sa.column("agent_id"),
        sa.column("customer_id"),
        sa.column("at"),
        sa.column("connected"),
        sa.column("duration_s"),
    )
    with engine().begin() as conn:
        for row in rows:
            table = type(row).__table__
            conn.execute(
                sa.insert(table).values(
                    {c.name: getattr(row, c.name) for c in table.columns if getattr(row, c.name) is not None}
                )
            )
        conn.execute(
            sa.insert(old_contacts).values(
                agent_id=1, customer_id=1, at=datetime(2026, 11, 16, 22, 30), connected=True, duration_s=60
            )
        )
    migrate.upgrade()
    with session_scope() as s:
        contact = s.scalars(select(ContactLog)).one()
        assert (contact.party, contact.channel) == ("debtor", "call")
        assert s.get(Customer, 1) is not None and s.get(City, 1) is not None
    assert monitor.run_monitor(None).summary_line() == "contacts=1 breaches=1 warnings_created=1 warnings_updated=0"
