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

.PHONY: run test venv deps assets messages migrate demo serve test-sqlite test-pg lint browser-deps clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "zonedesk needs Python 3.11 or newer"'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv deps: $(VENV)/.installed

# HTMX and ECharts come from the npm registry at set-up; nothing is fetched at run time.
zonedesk/static/vendor/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	mkdir -p zonedesk/static/vendor
	cp frontend/node_modules/htmx.org/dist/htmx.min.js zonedesk/static/vendor/
	cp frontend/node_modules/echarts/dist/echarts.min.js zonedesk/static/vendor/
	touch $@

assets: zonedesk/static/vendor/.installed

# The compiled catalogue is committed too, so a machine without GNU gettext still has English.
messages: deps
	@if command -v msgfmt >/dev/null && ls locale/*/LC_MESSAGES/django.po >/dev/null 2>&1; then \
		$(PY) manage.py compilemessages --ignore=.venv --ignore=frontend -v 0; fi

migrate: deps
	$(PY) manage.py migrate --noinput -v 0

demo: migrate
	$(PY) manage.py demo_load

serve: deps assets messages
	$(PY) manage.py collectstatic --noinput -v 0
	@$(PY) manage.py demo_info --url "http://$(HOST):$(PORT)/"
	@set -m; \
	$(PY) manage.py db_worker --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn zonedesk.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - --error-logfile -

run: demo serve

test: deps assets messages browser-deps
	ZONEDESK_ENV=test $(PY) -m ruff check .
	$(MAKE) --no-print-directory test-sqlite
	@if [ "$${CI:-}" = "true" ]; then $(MAKE) --no-print-directory test-pg; fi

test-sqlite:
	ZONEDESK_ENV=test DATABASE_URL= $(PY) -m pytest -q

test-pg:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	ZONEDESK_ENV=test DATABASE_URL=$(PG_URL) $(PY) -m pytest -q -m "not browser"

lint: deps
	$(PY) -m ruff check .

# Debian's chromium for the browser tests (never a browser download).
browser-deps:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; } || \
		echo "warning: /usr/bin/chromium is missing and could not be installed; browser tests will be skipped"

clean:
	rm -rf $(VENV) staticfiles zonedesk/static/vendor frontend/node_modules
