# Two entry points: `make run` (serve the bundled sample plans) and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup assets chromium run test lint docs

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

NPM_STAMP := node_modules/.installed
GOVUK_SRC := node_modules/govuk-frontend/dist/govuk
GOVUK_DIR := webapp/static/govuk

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NPM_STAMP)

# GOV.UK Frontend's CSS, JS, fonts and images for the web app, from npm (not committed).
assets: $(NPM_STAMP)
	rm -rf $(GOVUK_DIR)
	mkdir -p $(GOVUK_DIR)
	cp $(GOVUK_SRC)/govuk-frontend.min.css $(GOVUK_SRC)/govuk-frontend.min.js $(GOVUK_DIR)/
	cp -r $(GOVUK_SRC)/assets $(GOVUK_DIR)/assets

setup: $(STAMP) assets

# Debian's Chromium for the browser tests (Playwright's own browser download does not work here).
chromium:
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

run: setup
	$(BIN)/actionplans serve

# Regenerate README.md's command-line reference from the argument parser (tests check it).
docs: setup
	$(BIN)/python -m actionplans.cli_reference

lint: setup
	$(BIN)/ruff check .

test: setup chromium lint
	$(BIN)/pytest -q
