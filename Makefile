# Two commands: `make run` (seeded SQLite demo on :8501) and `make test` (the whole suite).
# For developers: `make test-fast` (no PostgreSQL, no browser) and `make lint`.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Demo mode has no sign-in: listen on this machine only. Behind an identity provider, ADDRESS=0.0.0.0.
ADDRESS ?= 127.0.0.1
COMPLAINTS ?= 20000
# pytest-xdist workers of test and test-fast (0: one process)
WORKERS ?= 2

.PHONY: run test test-fast lint seed reseed migrate rebuild-facts text-rebuild bench clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime  ## set up, seed a demo store if there is none, start the app on :8501
	$(PY) -m seed_data --complaints $(COMPLAINTS) --if-empty
	$(PY) -m db.monitor  # system monitoring of the contacts logged since its last run (the demo's first: all)
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.address $(ADDRESS)

test: $(VENV)/.dev  ## set up and run the whole test suite
	$(PY) -m pytest -n $(WORKERS) --dist loadfile $(PYTEST_ARGS)

# Markers are set at collection (tests/conftest.py): postgres on every test that uses pg_url or a
# PostgreSQL parameter of store_url, browser on tests/browser. Each file runs whole on one worker,
# with its own session stores (AppTests share st.cache_data within a process).
test-fast: $(VENV)/.dev  ## domain, SQLite db and AppTest tests: no PostgreSQL, no browser, no benchmark
	$(PY) -m pytest -m "not browser and not postgres and not bench" -n $(WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: $(VENV)/.dev  ## ruff check, ruff format --check and mypy; fails on any finding
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

seed: $(VENV)/.runtime  ## seed the store of DASHBOARD_DB_URL (refuses a non-empty store)
	$(PY) -m seed_data --complaints $(COMPLAINTS)

reseed: $(VENV)/.runtime  ## drop and reseed the store of DASHBOARD_DB_URL
	$(PY) -m seed_data --complaints $(COMPLAINTS) --reset

migrate: $(VENV)/.runtime  ## upgrade the store of DASHBOARD_DB_URL to the latest schema
	$(PY) -m db.migrate

rebuild-facts: $(VENV)/.runtime  ## recount the SLA deadlines and rollups of DASHBOARD_DB_URL from its rows
	$(PY) -m db.rebuild_facts

text-rebuild: $(VENV)/.runtime  ## recompute the text category, urgency, keywords and search index of DASHBOARD_DB_URL
	$(PY) -m db.text_rebuild

bench: $(VENV)/.dev  ## measure read paths against the alternatives
	$(PY) -m bench

clean:
	rm -rf $(VENV) data/*.sqlite3* test-artifacts
