# Tuyên giáo số — the two commands a newcomer needs are `make run` and `make test`.
# Everything is installed by these targets; a fresh machine needs only python3.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(BIN)/uv
ADDR   ?= 127.0.0.1:8000
export BASE_URL ?= http://$(ADDR)
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test lint format bench messages sync sync-dev clean prod-local prod-check

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv>=0.9,<0.14"

sync: $(UV)
	$(UV) sync --locked --quiet

sync-dev: $(UV)
	$(UV) sync --locked --quiet --group dev

## Start the platform with demo data: web server on http://$(ADDR) plus the task worker.
run: sync
	./scripts/assets
	$(BIN)/tuyengiao migrate --noinput
	$(BIN)/tuyengiao demo_load
	$(BIN)/tuyengiao serve $(ADDR)

## Lint, migrations check, tests on SQLite and PostgreSQL, browser tests.
test: sync-dev
	./scripts/test

## The production topology of deploy/ rehearsed on this machine (loopback, under var/prod/):
## PostgreSQL, Redis, two gunicorn app servers behind nginx, two task workers, demo data.
prod-local: sync-dev
	./scripts/prod-local

## Smoke and fault checks through nginx against `make prod-local`, then stop it.
prod-check: sync-dev
	./scripts/prod-check

lint: sync-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: sync-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Benchmarks (figures, never pass/fail on speed): every one on SQLite and PostgreSQL, one
## table, bench/results.json. BENCH_QUICK=1 for small sizes.
bench: sync-dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var

## Compile the project's translation catalogues (.po → .mo).
messages: sync-dev
	$(BIN)/python scripts/compile_messages.py
