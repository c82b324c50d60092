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

.PHONY: install run worker test test-fast lint format check-migrations lock bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# Reinstall only when the lock file changes; `uv pip sync` makes the venv match it exactly.
$(INSTALLED): requirements/dev.lock | $(PY)
	$(UV) pip sync --quiet --python $(PY) requirements/dev.lock
	@touch $@

install: $(INSTALLED)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_state_rules
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(VENV)/bin/celery -A cmetrack worker --loglevel=INFO

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: install
	$(PY) -m pytest -m "not e2e" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy reporting/engine  # strict: the engine's types are its contract

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-migrations: install
	$(PY) manage.py makemigrations --check --dry-run

# Regenerate the lock files after changing pyproject.toml.
lock: | $(PY)
	$(UV) pip compile --quiet --python-version 3.11 pyproject.toml -o requirements/base.lock
	$(UV) pip compile --quiet --python-version 3.11 --extra dev pyproject.toml -o requirements/dev.lock

bench: install
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache .mypy_cache
