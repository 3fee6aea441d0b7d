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

# Speed and memory goals live here (figures printed, not asserted); each script's docstring says its goal.
bench: install
	$(BIN)/python bench/assess_scan.py
	$(BIN)/python bench/assess.py 10000
	$(BIN)/python bench/convert.py 20000 --deploy-url postgresql://postgres@127.0.0.1:5432/postgres
	$(BIN)/python bench/rewrite.py
	$(BIN)/python bench/dms_plan.py
	$(BIN)/python bench/validate.py --rows 2000000
