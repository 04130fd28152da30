"""Browser harness: a seeded SQLite store, the real app under ``streamlit run``, headless Chromium.

Chromium is Debian's ``/usr/bin/chromium`` driven through Playwright's Python client with
``executable_path`` (``playwright install`` cannot download here). Without it the browser tests
skip locally and fail in CI (CI=true). Screenshots go to ``test-artifacts/`` at the project root;
a failing browser test also leaves ``<test name>_failure.png`` there.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from db import clock
from db import engine as db_engine
from tests.browser.helpers import VIEWPORT
from tests.helpers import AS_OF, ROOT, seed_store, unavailable

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
SEED_COMPLAINTS = 1500
SEED = 7
STARTUP_TIMEOUT = 60.0
_SERVER_LOGS: list[Path] = []  # stderr of the running app server, shown when a browser test fails


# --------------------------------------------------------------------------- the app server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, limit: int = 4000) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "<no output>"
    return text[-limit:] or "<empty>"


def _health_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:  # noqa: S310 - local test server
            return resp.status == 200 and resp.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A seeded SQLite store of the browser tests' own (the app may write to it)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser_store') / 'store.sqlite3'}"
    seed_store(url, complaints=SEED_COMPLAINTS, seed=SEED)
    db_engine._engine_for(url).dispose()
    return url


@contextmanager
def running_app(
    store_url: str, logs: Path, *, port: int | None = None, extra_args: Sequence[str] = ()
) -> Iterator[str]:
    """``streamlit run app.py`` on ``port`` (a free one by default) against ``store_url``, with
    ``extra_args`` for Streamlit (e.g. a secrets file); yields the base URL."""
    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}"
    out_path, err_path = logs / "stdout.log", logs / "stderr.log"
    env = {**os.environ, db_engine.ENV_VAR: store_url, clock.ENV_VAR: AS_OF.isoformat(), "PYTHONUNBUFFERED": "1"}
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
        *extra_args,
    ]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(  # noqa: S603 - argv built here (this interpreter, streamlit, app.py, the test's options), no shell
            cmd, cwd=ROOT, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL
        )
    _SERVER_LOGS.append(err_path)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _health_ok(f"{base_url}/_stcore/health"):
            if proc.poll() is not None:
                pytest.fail(
                    f"streamlit exited with code {proc.returncode} before it was healthy.\n"
                    f"--- stderr ---\n{_tail(err_path)}\n--- stdout ---\n{_tail(out_path)}"
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit not healthy at {base_url}/_stcore/health after {STARTUP_TIMEOUT:.0f}s.\n"
                    f"--- stderr ---\n{_tail(err_path)}\n--- stdout ---\n{_tail(out_path)}"
                )
            time.sleep(0.25)
        yield base_url
    finally:
        _stop(proc)
        _SERVER_LOGS.remove(err_path)


@pytest.fixture(scope="session")
def app_server(browser_store: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app under test, shared by the session's journeys."""
    with running_app(browser_store, tmp_path_factory.mktemp("streamlit_logs")) as url:
        yield url


# --------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Headless Debian Chromium; skipped locally and a failure in CI when it is not installed."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} not found: install Debian's chromium (and fonts-noto-cjk) to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Remember each phase's report on the item so ``page`` can screenshot a failure."""
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


@pytest.fixture
def page(browser, artifacts_dir: Path, request: pytest.FixtureRequest) -> Iterator:
    """A fresh context and page per test: 1440x1000, locale zh-CN."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    context.set_default_timeout(30_000)
    pg = context.new_page()
    try:
        yield pg
    finally:
        rep = getattr(request.node, "rep_call", None)
        if rep is not None and rep.failed:
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
            with suppress(Exception):  # best effort: the test's own failure is what matters
                pg.screenshot(path=str(artifacts_dir / f"{name}_failure.png"), full_page=True)
            for log in _SERVER_LOGS:
                print(f"--- streamlit server stderr ({log}) ---\n{_tail(log)}")
        context.close()
