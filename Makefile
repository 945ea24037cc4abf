# Two commands: `make run` (set up everything and serve) and `make test` (the full suite).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Test selection: browser journeys unless BROWSER=0; PostgreSQL-only tests when DATABASE_URL is PostgreSQL.
BROWSER ?= 1
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=
# Links in emails and the printed admin address use the address being served.
export SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test setup deps assets messages catalogue migrate demo lint format freeze clean bench system-deps

# The operating-system packages (scripts/system-deps.sh): installed when missing if run as root on
# Debian or Ubuntu; otherwise the script stops with the command to run. `make run` needs what the
# PDF and the Welsh catalogue (gettext) need; `make test` also what its tests need (Chromium unless BROWSER=0, the PostgreSQL
# client tools when DATABASE_URL is PostgreSQL).
SYSTEM_DEPS ?= pdf i18n
system-deps:
	scripts/system-deps.sh $(SYSTEM_DEPS)

run: system-deps setup migrate demo
	@echo ""
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

setup: deps assets catalogue

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the pinned requirements change.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

deps: $(VENV)/.installed

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts

static/build/.built: node_modules/.package-lock.json static/scss/ccin.scss scripts/build-assets.mjs
	npm run --silent build
	touch $@

assets: static/build/.built

# The Welsh catalogue (issue 16). `make messages` brings locale/cy/LC_MESSAGES/django.po up to date
# with the source (new msgids added untranslated, gone ones removed); translators fill it in; the
# set-up compiles it into django.mo (never committed). tests/test_catalogue.py fails while any
# message is untranslated or fuzzy, or while `make messages` would change the catalogue.
MESSAGES_IGNORE := .venv node_modules tests bench static/build staticfiles media
messages: deps
	$(BIN)/python manage.py makemessages -l cy --no-obsolete $(addprefix --ignore=,$(MESSAGES_IGNORE))

locale/cy/LC_MESSAGES/django.mo: locale/cy/LC_MESSAGES/django.po | deps
	$(BIN)/python manage.py compilemessages -l cy $(addprefix --ignore=,$(MESSAGES_IGNORE))

catalogue: locale/cy/LC_MESSAGES/django.mo

migrate: deps
	$(BIN)/python manage.py migrate --no-input

demo: deps
	$(BIN)/python manage.py load_ccin_call
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py demo_admin

test: SYSTEM_DEPS = pdf i18n tests $(if $(filter 0,$(BROWSER)),,browser) $(if $(filter postgres%,$(DATABASE_URL)),postgres)
test: system-deps setup
	@marks=(); \
	if [[ "$${DATABASE_URL:-}" != postgres* ]]; then marks+=("not postgres"); fi; \
	if [[ "$(BROWSER)" == "0" ]]; then marks+=("not browser"); fi; \
	expr=""; for m in "$${marks[@]}"; do expr="$${expr:+$$expr and }$$m"; done; \
	echo "Database: $${DATABASE_URL:-SQLite (default)}; markers: $${expr:-all tests}"; \
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && \
	env -u DATABASE_URL $(BIN)/python manage.py makemigrations --check --dry-run --settings=ccin_site.settings.test >/dev/null && \
	$(BIN)/pytest -n $(PYTEST_WORKERS) $${expr:+-m "$$expr"} $(PYTEST_ARGS)

# The speed benchmark (docs/performance.md): PostgreSQL, Redis and gunicorn on this machine, a few
# minutes. Not part of `make test` or CI. Options: make bench BENCH_ARGS="--reseed".
BENCH_ARGS ?=
bench: setup
	bench/run $(BENCH_ARGS)

lint: deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: deps
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules static/build staticfiles
