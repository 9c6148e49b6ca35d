# zonedesk — two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
export ZONEDESK_ENV ?= demo

.PHONY: run test venv deps assets messages migrate demo serve test-sqlite test-pg screens lint system-deps \
	browser-deps lock clean typecheck bench-deps typecheck-baseline coverage test-pg-cov
# Test processes per database run (pytest-xdist); each has its own test database.
TEST_WORKERS ?= 2
PYTEST_ARGS ?=
LOW_PRIORITY ?=

# Every Python package, direct and transitive, comes from the lock (requirements-dev.txt, made by
# pip-compile from requirements-dev.in; `make lock` remakes it). --require-hashes is implied.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "zonedesk needs Python 3.11 or newer"'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv deps: $(VENV)/.installed

# HTMX and ECharts come from the npm registry at set-up; nothing is fetched at run time. axe-core
# is for the browser tests' accessibility check only (never served to a page).
zonedesk/static/vendor/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	mkdir -p zonedesk/static/vendor
	cp frontend/node_modules/htmx.org/dist/htmx.min.js zonedesk/static/vendor/
	cp frontend/node_modules/echarts/dist/echarts.min.js zonedesk/static/vendor/
	cp frontend/node_modules/axe-core/axe.min.js zonedesk/static/vendor/
	touch $@

assets: zonedesk/static/vendor/.installed

# The compiled catalogue is committed too, so a machine without GNU gettext still has English.
messages: deps
	@if command -v msgfmt >/dev/null && ls locale/*/LC_MESSAGES/django.po >/dev/null 2>&1; then \
		$(PY) manage.py compilemessages --ignore=.venv --ignore=frontend -v 0; fi

migrate: deps
	$(PY) manage.py migrate --noinput -v 0

# The demo's documents (certificate QR codes) carry the URL this instance serves on.
demo: migrate
	ZONEDESK_PUBLIC_BASE_URL=$${ZONEDESK_PUBLIC_BASE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py demo_load

# The supervisor replaces the recipe's shell (exec), so SIGTERM/SIGINT to make or to the process
# group stop the server and the worker together (scripts/serve.py).
serve: deps assets messages
	$(PY) manage.py collectstatic --noinput -v 0
	@$(PY) manage.py demo_info --url "http://$(HOST):$(PORT)/"
	@exec env ZONEDESK_LOG_FORMAT=$${ZONEDESK_LOG_FORMAT:-text} \
		ZONEDESK_PUBLIC_BASE_URL=$${ZONEDESK_PUBLIC_BASE_URL:-http://$(HOST):$(PORT)} \
		$(PY) scripts/serve.py --python $(PY) --host $(HOST) --port $(PORT) --workers $(WORKERS)

run: demo serve

# SQLite (browser tests included) and, with CI=true, PostgreSQL (race tests included) with line
# coverage and the type check. The CI jobs go side by side: one run alone leaves a core idle in
# its set-up and its browser tail. Each run has TEST_WORKERS processes and lists its ten slowest
# tests; make prints a job's output when it ends (--output-sync), so they never interleave.
# The SQLite run is the longest (browser tests, scope matrices), so the other two run at a lower
# CPU priority (LOW_PRIORITY): they take the cycles it leaves idle (its second worker waits while
# the first loads the demo; its browser tail) instead of slowing it down from the start.
test: deps assets messages system-deps
	ZONEDESK_ENV=test $(PY) -m ruff check .
	@if [ "$${CI:-}" = "true" ]; then \
		echo "SQLite run, PostgreSQL run (with coverage) and type check side by side; each one's output appears when it ends."; \
		$(MAKE) --no-print-directory -j3 --output-sync=target test-sqlite test-pg-cov typecheck \
			LOW_PRIORITY="nice -n 5"; \
	else \
		$(MAKE) --no-print-directory typecheck test-sqlite; \
	fi

PYTEST := $(PY) -m pytest -q -n $(TEST_WORKERS) --dist load --durations=10 $(PYTEST_ARGS)
# Screenshots are for people looking at pages (`make screens`); the suite's checks run without them.
TEST_ENV := ZONEDESK_ENV=test ZONEDESK_SCREENSHOTS=0

test-sqlite:
	$(TEST_ENV) DATABASE_URL= $(PYTEST)

test-pg:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	$(TEST_ENV) DATABASE_URL=$(PG_URL) $(LOW_PRIORITY) $(PYTEST) -m "not browser and not scope_matrix" $(PG_PYTEST_ARGS)

# The PostgreSQL run measuring line coverage of the non-test code; below the floor of
# pyproject.toml ([tool.coverage.report] fail_under) it fails.
test-pg-cov:
	@$(MAKE) --no-print-directory test-pg \
		PG_PYTEST_ARGS="--cov=zonedesk --cov-config=pyproject.toml --cov-report=term:skip-covered"

# The browser journeys with their screenshots at office and phone width, in test-artifacts/.
screens: deps assets messages system-deps
	ZONEDESK_ENV=test ZONEDESK_SCREENSHOTS=1 DATABASE_URL= $(PYTEST) -m browser

lint: deps
	$(PY) -m ruff check .

# mypy with django-stubs; fails when an error appears that mypy-baseline.txt does not hold, so the
# count only goes down (scripts/typecheck.py). After fixing some, `make typecheck-baseline`.
typecheck: deps
	$(LOW_PRIORITY) $(PY) scripts/typecheck.py

typecheck-baseline: deps
	$(PY) scripts/typecheck.py --update

# Line coverage of the non-test code over the SQLite run (browser tests included), failing below
# the floor in pyproject.toml ([tool.coverage.report] fail_under). COVERAGE_ARGS narrows it,
# e.g. COVERAGE_ARGS="zonedesk/appeals --cov=zonedesk.appeals".
COVERAGE_ARGS ?= --cov=zonedesk
coverage: deps assets messages system-deps
	ZONEDESK_ENV=test DATABASE_URL= $(PYTEST) --cov-config=pyproject.toml --cov-report=term:skip-covered \
		$(COVERAGE_ARGS)

# System tools the tests use, from Debian's packages (never a browser download): Chromium for
# the browser tests, a CJK font for its screenshots, pg_dump/pg_restore for the backup test.
SYSTEM_PACKAGES := chromium fonts-noto-cjk postgresql-client
system-deps browser-deps:
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	test -d /usr/share/fonts/opentype/noto || missing="$$missing fonts-noto-cjk"; \
	command -v pg_dump >/dev/null || missing="$$missing postgresql-client"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing system packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
			|| { echo "error: could not install$$missing (apt-get failed)"; exit 1; }; \
		else \
			echo "error: the tests need the system packages:$$missing"; \
			echo "       install them as root: apt-get install$$missing"; exit 1; \
		fi; \
	fi

# Bench-only packages (SpiffWorkflow for bench/spiff_flow.py's comparison), never needed by
# `make run` or `make test`.
bench-deps: deps
	$(PY) -m pip install --quiet -r requirements-bench.txt

# Remake the lock files from requirements.in / requirements-dev.in (needs the registry).
lock: deps
	$(VENV)/bin/pip-compile -q --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
		--no-emit-find-links -o requirements.txt requirements.in
	$(VENV)/bin/pip-compile -q --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
		--no-emit-find-links -o requirements-dev.txt requirements-dev.in
	$(VENV)/bin/pip-compile -q --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
		--no-emit-find-links -o requirements-bench.txt requirements-bench.in

clean:
	rm -rf $(VENV) staticfiles zonedesk/static/vendor frontend/node_modules
