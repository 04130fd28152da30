"""The seeded contact log under system monitoring (a copy of the session's seeded store): channels and
parties in realistic shares, every rule breached now and then, and some teams far worse than others."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text

from db.engine import engine
from db.services.monitor import run_monitor
from domain.conduct import RULE_CODES


@pytest.fixture
def monitored(seeded_sqlite: str, use_store, tmp_path: Path) -> pd.DataFrame:
    """The seeded store after one monitoring run: contacts per team and breaches per team and rule."""
    copy = tmp_path / "store.sqlite3"
    shutil.copyfile(seeded_sqlite.removeprefix("sqlite:///"), copy)
    use_store(f"sqlite:///{copy}")
    run_monitor(None)
    with engine().connect() as conn:
        return pd.read_sql(
            text(
                "SELECT l.id AS contact_id, a.team_id, l.channel, l.party, b.rule FROM contact_logs l JOIN agents a ON a.id = l.agent_id "
                "LEFT JOIN conduct_breaches b ON b.contact_id = l.id"
            ),
            conn,
        )


def test_monitor_seed_has_realistic_channels_parties_and_breaches(monitored: pd.DataFrame) -> None:
    contacts = monitored.drop_duplicates("contact_id")  # a contact breaching two rules is one contact
    assert 0.65 <= (contacts["channel"] == "call").mean() <= 0.80
    assert 0.15 <= (contacts["channel"] == "sms").mean() <= 0.22
    assert 0.99 <= (contacts["party"] == "debtor").mean() < 1.0
    breaches = monitored["rule"].dropna()
    assert set(breaches) == set(RULE_CODES)  # every rule breached now and then
    assert 0.001 <= len(breaches) / len(contacts) <= 0.02  # a fraction of a per cent, not a flood


def test_monitor_seed_makes_some_teams_far_worse(monitored: pd.DataFrame) -> None:
    """Night-time and third-party contacts per 1,000 contacts, per team: the worst team far above the median."""
    contacts = monitored.drop_duplicates("contact_id").groupby("team_id").size()
    drawn = monitored[monitored["rule"].isin(["night_contact", "third_party"])].groupby("team_id").size()
    rates = (drawn.reindex(contacts.index, fill_value=0) * 1000 / contacts).sort_values()
    assert rates.iloc[-1] >= 4 * rates.median() > 0
    assert (rates == 0).sum() >= 5  # and some with none at all
