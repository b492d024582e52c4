# Two entry points: `make run` (serve the bundled sample plans) and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test lint

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/actionplans extract actionplans/sample_plans > /dev/null

lint: setup
	$(BIN)/ruff check .

test: setup lint
	$(BIN)/pytest -q
