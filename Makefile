# The commands README and CI use. `make run` and `make test` set everything up on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run worker test test-fast lint format check-migrations lock bench clean audit faults load schemathesis

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# Reinstall only when the lock file changes; `uv pip sync` makes the venv match it exactly.
$(INSTALLED): requirements/dev.lock | $(PY)
	$(UV) pip sync --quiet --python $(PY) requirements/dev.lock
	@touch $@

install: $(INSTALLED)

# Transcripts print SITE_URL in their verification link and QR code: the address `make run` serves
# (http://$(HOST):$(PORT)) unless SITE_URL is set in the environment or in .env. The worker, which
# renders the PDFs when a broker is configured, gets the same address.
WITH_SITE_URL = if [ -z "$${SITE_URL:-}" ] && ! grep -qs '^SITE_URL=.' .env; then \
	export SITE_URL=http://$(HOST):$(PORT); fi;

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_state_rules
	$(PY) manage.py seed_demo
	$(WITH_SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(WITH_SITE_URL) $(VENV)/bin/celery -A cmetrack worker --loglevel=INFO

# axe-core for the accessibility tests (package.json/package-lock.json); never served to users.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package-lock.json
	@if command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund && touch $@; \
	else echo "npm not found: the accessibility tests will skip (and fail under CI=true)"; fi

# Every test in one pytest process, so its last line counts them all: core, security, the fast
# fault scenarios (tests/faults/test_*.py, own redis-server and worker) and the browser
# journeys, which run last (tests/conftest.py). Fixtures undo what they change process-wide.
test: install $(AXE)
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: install
	$(PY) -m pytest -m "not e2e" $(PYTEST_ARGS)

# The pre-commit hooks (.pre-commit-config.yaml: ruff, ruff format, django-upgrade, djLint) over
# every file, then the type checks; a hook that would change a file fails the run.
lint: install
	$(VENV)/bin/pre-commit run --all-files --show-diff-on-failure
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy  # the whole tree ([tool.mypy] files); strict on engine/ and reference/

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-migrations: install
	$(PY) manage.py makemigrations --check --dry-run

# Regenerate the lock files after changing pyproject.toml.
lock: | $(PY)
	$(UV) pip compile --quiet --python-version 3.11 pyproject.toml -o requirements/base.lock
	$(UV) pip compile --quiet --python-version 3.11 --extra dev pyproject.toml -o requirements/dev.lock

# Every benchmark table (bench/run_all.py; each starts PostgreSQL, gunicorn, moto as it needs).
# `make bench BENCH_ARGS=--quick` for a shorter run; `make bench BENCH_ARGS=pages` for one.
BENCH_ARGS ?=
bench: install
	$(PY) bench/run_all.py $(BENCH_ARGS)

# Security and reliability (docs/security.md). `make audit`: known-vulnerable dependencies and
# risky code (0 unexplained findings); CI runs it before the tests. The dependency half says
# "dependency audit NOT performed: ..." when pip-audit could not check every package (no
# vulnerability database reachable) instead of a pass it did not earn; AUDIT_STRICT=1 (the
# deployment pipeline, where the database is reachable) makes that a failure.
audit: install
	$(VENV)/bin/bandit -q -r accounts activities certificates reporting cmetrack -ll
	$(PY) .ci/audit_dependencies.py -r requirements/base.lock

# Every fault scenario with real processes (own redis-server and Celery worker, PostgreSQL):
# the fast ones (tests/faults/test_*.py) also run in `make test`; scenario_*.py only here.
faults: install
	$(PY) -m pytest -m faults -p no:cacheprovider tests/faults $(PYTEST_ARGS)
	$(PY) -m pytest -p no:cacheprovider $(wildcard tests/faults/scenario_*.py) $(PYTEST_ARGS)

# 60 s of mixed traffic against gunicorn + PostgreSQL, then twice the load (not in CI: slow).
load: install
	$(PY) bench/load.py $(LOAD_ARGS)

# Fuzz the live API against its own openapi.json (.ci/schemathesis: gunicorn on a free loopback
# port, the configured database, a fresh user and token, 25 examples per operation); fails on
# any 5xx or schema violation. SCHEMATHESIS_MAX_EXAMPLES=N to change the bound.
schemathesis: install
	bash .ci/schemathesis

clean:
	rm -rf $(VENV) node_modules var staticfiles .pytest_cache .ruff_cache .mypy_cache
