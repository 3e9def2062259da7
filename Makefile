# The project's interfaces: `make run` (demo on a fresh machine) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed

.PHONY: run test lint bench duckdb ingest serve sandbox browser clean

run: $(RUNTIME)  ## ingest (sandbox API unless COMPOSER_API_KEY is set) and serve http://127.0.0.1:8050
	./scripts/run.sh

test: $(DEV) browser lint  ## lint, then the whole suite in two processes (a test module stays in one)
	$(PY) -m pytest -n 2 --dist loadfile --durations=15

lint: $(DEV)  ## ruff for Python, sqlfluff (DuckDB dialect, .sqlfluff) for sql/
	$(VENV)/bin/ruff check .
	$(VENV)/bin/sqlfluff lint sql --disable-progress-bar

bench: $(DEV)  ## benchmarks; each prints ratios against a baseline run in the same process
	$(PY) -m bench.metrics_bench
	$(PY) -m bench.ingest_bench
	$(PY) -m bench.dashboard_bench
	$(PY) -m bench.first_run_bench
	$(PY) -m bench.alerts_bench

duckdb: $(RUNTIME)  ## a DuckDB shell with every view over DATA_URL (first naming a view file that fails to load)
	$(PY) -m sql.check
	$(VENV)/bin/duckdb -init sql/cli.sql

ingest: $(RUNTIME)
	$(PY) -m ingest run

serve: $(RUNTIME)
	$(VENV)/bin/gunicorn webapp.app:server --config gunicorn.conf.py --bind 127.0.0.1:8050

sandbox: $(RUNTIME)
	$(PY) -m sandbox

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -c "from sql.httpfs import install_httpfs; install_httpfs()"
	touch $@

$(DEV): requirements-dev.txt $(RUNTIME)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Debian's Chromium and its driver, for the browser tests (installed only when missing).
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		echo "installing chromium and chromium-driver"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

clean:
	rm -rf $(VENV) data test-artifacts .pytest_cache
