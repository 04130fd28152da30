"""The benchmark works at a small size: its pandas and DuckDB figures equal our reads' on SQLite and
PostgreSQL, and ``python -m bench`` seeds, measures every page and ends with a complete summary
line. Wall-clock times are never asserted."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import config as streamlit_config
from streamlit import logger as streamlit_logger

from bench.__main__ import AS_OF, main
from bench.alternatives import ALTERNATIVES, Measured, measure
from bench.figures import AGGREGATES, cells, differences
from bench.pages import PAGES, default_filters
from bench.reads import OURS
from db import engine as db_engine
from tests.helpers import AS_OF as STORES_AS_OF
from tests.helpers import seed_store

COMPLAINTS = 3000
SUMMARY_KEYS = [
    "complaints",
    "pages",
    "cold_max_ms",
    "warm_max_ms",
    "filter_max_ms",
    "naive_ratio_min",
    "duckdb_ratio_max",
    "peak_rss_mb",
    "seed_s",
]


@pytest.fixture(scope="module")
def bench_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('bench') / 'store.sqlite3'}"
    seed_store(url, complaints=COMPLAINTS)
    yield url
    db_engine._engine_for(url).dispose()


def measured(url: str, use_store) -> dict[str, Measured]:
    use_store(url)
    f = default_filters(AS_OF.date())
    return {page: measure(page, f, AS_OF, repeat=1) for page in PAGES}


def assert_agree(results: dict[str, Measured]) -> None:
    for page, result in results.items():
        assert result.differences() == [], page
        for name, frame in result.ours.items():
            assert cells(name, frame), f"{page}: {name} has no figures to compare"


def test_every_page_and_aggregate_is_measured() -> None:
    assert set(OURS) == set(ALTERNATIVES) == set(PAGES)
    assert AS_OF == STORES_AS_OF


def test_figures_agree_on_sqlite(bench_sqlite: str, use_store) -> None:
    results = measured(bench_sqlite, use_store)
    assert_agree(results)
    assert {name for r in results.values() for name in r.ours} == set(AGGREGATES)


def test_figures_agree_on_postgresql(pg_url: str, use_store) -> None:
    seed_store(pg_url, complaints=COMPLAINTS)
    assert_agree(measured(pg_url, use_store))


def test_a_changed_figure_is_reported(bench_sqlite: str, use_store) -> None:
    ours = measured(bench_sqlite, use_store)["sla"].ours
    city_week = ours["city_week"].copy()
    city_week.loc[city_week.index[0], "breached"] += 1
    found = differences(ours, {**ours, "city_week": city_week})
    assert len(found) == 1
    assert found[0].startswith("city_week: 1 of ")
    dropped = differences(ours, {**ours, "stage_level": ours["stage_level"].iloc[1:]})
    assert dropped and dropped[0].startswith("stage_level: ")


@pytest.fixture
def quiet_streamlit_restored() -> Iterator[None]:
    """``main`` quiets Streamlit's log; other tests of this process get the level back."""
    level = streamlit_config.get_option("logger.level")
    yield
    streamlit_config.set_option("logger.level", level)
    streamlit_logger.set_log_level(level)


def test_command_seeds_measures_and_summarises(
    tmp_path: Path, use_store, capsys: pytest.CaptureFixture[str], quiet_streamlit_restored
) -> None:
    use_store(f"sqlite:///{tmp_path / 'unused.sqlite3'}")  # restores the store and clock variables after
    # Two pages keep the test short: the admin's first page and one opened by its address.
    assert main(["--complaints", "2000", "--repeat", "1", "--pages", "overview,sla"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line for line in lines if line.startswith("== ")] == ["== overview ==", "== sla =="]
    assert lines.count("figures: naive, DuckDB and ours agree") == 2
    last = lines[-1]
    assert [line for line in lines if line.startswith("summary:")] == [last]
    fields = dict(re.findall(r"(\w+)=(\S+)", last))
    assert list(fields) == SUMMARY_KEYS
    assert fields["complaints"] == "2000"
    assert fields["pages"] == "2"
    for key in SUMMARY_KEYS[2:]:
        assert float(fields[key]) >= 0, key


def test_command_refuses_an_unknown_page(quiet_streamlit_restored) -> None:
    with pytest.raises(SystemExit) as refused:
        main(["--pages", "overview,nowhere"])
    assert refused.value.code == 2
