PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: run test test-fast lint typecheck audit format migrate bench lock clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs exactly the versions in the lockfiles (regenerate them with `make lock`).
$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(DEVSTAMP): requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(STAMP)

config.toml:
	cp config.example.toml config.toml

## Start the bot and the scheduler (SQLite and long polling unless configured otherwise).
run: $(STAMP) config.toml
	$(BIN)/python -m bot run

## Install the dev dependencies and run the whole test suite.
test: $(DEVSTAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## The tests that need no server, no database server and no bot: seconds.
test-fast: $(DEVSTAMP)
	$(BIN)/python -m pytest -q -m "not postgres and not slow" tests/services tests/test_layout.py tests/test_locales.py tests/test_config.py $(PYTEST_ARGS)

lint: $(DEVSTAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(MAKE) --no-print-directory audit

## Known vulnerabilities in the locked dependency set (PyPI's advisory database; needs PyPI).
## A package the advisory service cannot be asked about is listed as skipped, not as safe.
audit: $(DEVSTAMP)
	$(BIN)/pip-audit --requirement requirements.lock --no-deps --disable-pip --progress-spinner off

typecheck: $(DEVSTAMP)
	$(BIN)/mypy

format: $(DEVSTAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrate: $(STAMP) config.toml
	$(BIN)/python -m bot migrate

bench: $(DEVSTAMP)
	for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

## Debian's headless chromium and its driver for the dispatch board's browser tests (tests/board);
## the tests never download a browser.
browser:
	command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		(apt-get update -qq && apt-get install -y -qq chromium chromium-driver)

## Pin every dependency again from pyproject.toml (needs the dev tools: make test once).
lock: $(DEVSTAMP)
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links --output-file=requirements.lock pyproject.toml
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links --extra=dev --output-file=requirements-dev.lock pyproject.toml

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
