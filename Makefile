# Two commands do all set-up on a fresh machine (Python >= 3.11 with venv is all they need):
#   make demo   - installs into .venv, then runs the end-to-end demo on the embedded PostgreSQL
#   make test   - installs into .venv, then runs the test suite against a real PostgreSQL
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install test demo lint bench

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

test: install
	$(BIN)/python -m pytest

demo: install
	PATH="$(abspath $(BIN)):$$PATH" bash examples/demo.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: install
	$(BIN)/python bench/run_all.py
