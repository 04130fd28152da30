"""The benchmark's report: every page measured on one store, a table per page and the summary line."""

from __future__ import annotations

import os
import resource
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from bench.alternatives import Measured, measure
from bench.pages import FILTERS, PageTimes, Sessions, default_filters, filter_changes, time_page
from db import clock
from db import engine as db_engine
from db.models import Complaint


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass(frozen=True)
class PageResult:
    times: PageTimes
    reads: Measured


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else float("inf")


def page_table(name: str, result: PageResult) -> list[str]:
    """A page's measurements as a small aligned table."""
    t, r = result.times, result.reads
    rows = [
        ("cold: caches empty, new session", f"{t.cold_ms:,.0f}", ""),
        ("warm: the same session again", f"{t.warm_ms:,.0f}", ""),
        ("new session, caches filled", f"{t.session_ms:,.0f}", ""),
        *((f"filter change: {f}", f"{ms:,.0f}", "") for f, ms in t.filter_ms.items()),
        ("reads: ours (uncached)", f"{r.ours_ms:,.1f}", ""),
        ("reads: naive pandas", f"{r.naive_ms:,.1f}", f"naive/ours {_ratio(r.naive_ms, r.ours_ms):.1f}x"),
        ("reads: DuckDB in memory", f"{r.duckdb_ms:,.1f}", f"ours/DuckDB {_ratio(r.ours_ms, r.duckdb_ms):.1f}x"),
    ]
    differences = r.differences()
    lines = [f"== {name} ==", f"{'measure':<34}{'ms':>10}  ratio"]
    lines += [f"{label:<34}{ms:>10}  {note}".rstrip() for label, ms, note in rows]
    lines.append("figures: naive, DuckDB and ours agree" if not differences else "figures DIFFER:")
    lines += [f"  {line}" for line in differences]
    return lines


def summary(complaints: int, results: dict[str, PageResult], peak_mb: float, seed_s: float | None) -> str:
    """The one closing line (``naive_ratio_min``: smallest naive/ours; ``duckdb_ratio_max``: largest ours/DuckDB)."""
    times = [r.times for r in results.values()]
    reads = [r.reads for r in results.values()]
    fields = {
        "complaints": str(complaints),
        "pages": str(len(results)),
        "cold_max_ms": f"{max(t.cold_ms for t in times):.0f}",
        "warm_max_ms": f"{max(t.warm_ms for t in times):.0f}",
        "filter_max_ms": f"{max(ms for t in times for ms in t.filter_ms.values()):.0f}",
        "naive_ratio_min": f"{min(_ratio(r.naive_ms, r.ours_ms) for r in reads):.1f}",
        "duckdb_ratio_max": f"{max(_ratio(r.ours_ms, r.duckdb_ms) for r in reads):.1f}",
        "peak_rss_mb": f"{peak_mb:.0f}",
        "seed_s": "reused" if seed_s is None else f"{seed_s:.1f}",
    }
    return "summary: " + " ".join(f"{key}={value}" for key, value in fields.items())


def overall_table(results: dict[str, PageResult]) -> list[str]:
    """One row per page: the figures the issue's targets are about."""
    lines = [
        f"{'page':<10}{'cold ms':>9}{'warm ms':>9}{'filter max ms':>15}{'reads ms':>10}{'naive/ours':>12}"
        f"{'ours/DuckDB':>13}  figures"
    ]
    for name, result in results.items():
        t, r = result.times, result.reads
        lines.append(
            f"{name:<10}{t.cold_ms:>9,.0f}{t.warm_ms:>9,.0f}{max(t.filter_ms.values()):>15,.0f}{r.ours_ms:>10,.1f}"
            f"{_ratio(r.naive_ms, r.ours_ms):>11.1f}x{_ratio(r.ours_ms, r.duckdb_ms):>12.1f}x  "
            + ("agree" if not r.differences() else "DIFFER")
        )
    return lines


def _measured(pages: Sequence[str], as_of: datetime, repeat: int, seed_s: float | None) -> list[str]:
    with db_engine.engine().connect() as conn:
        complaints = conn.execute(select(func.count()).select_from(Complaint)).scalar_one()
    f = default_filters(as_of.date())
    changes = filter_changes(f)
    sessions = Sessions()
    times = {name: time_page(name, changes, repeat, sessions) for name in pages}
    app_peak = peak_rss_mb()  # before the alternatives load their frames
    results = {name: PageResult(times[name], measure(name, f, as_of, repeat)) for name in pages}
    lines = [
        f"store: {db_engine.engine().url.render_as_string(hide_password=True)}",
        f"complaints: {complaints:,}; as of {as_of:%Y-%m-%d %H:%M}; filters {f.start} – {f.end}; median of {repeat}",
        "filter changes: " + "; ".join(f"{name} {dict(changes[name])}" for name in FILTERS),
        "",
    ]
    for name, result in results.items():
        lines += [*page_table(name, result), ""]
    lines += [*overall_table(results), ""]
    lines.append(f"peak RSS: {app_peak:.0f} MB after the page runs, {peak_rss_mb():.0f} MB with pandas and DuckDB")
    lines.append(summary(complaints, results, app_peak, seed_s))
    return lines


def run(url: str, pages: Sequence[str], as_of: datetime, repeat: int, seed_s: float | None) -> list[str]:
    """Measure ``pages`` on the store at ``url`` as of ``as_of``; the report's lines, the summary last."""
    os.environ[db_engine.ENV_VAR] = url
    os.environ[clock.ENV_VAR] = as_of.isoformat()  # the app's "now" is the store's
    try:
        return _measured(pages, as_of, repeat, seed_s)
    finally:
        db_engine.engine().dispose()
