# Two commands matter: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint fixtures bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	rm -rf out
	$(BIN)/disclosure ingest fixtures/documents --out out
	$(BIN)/disclosure query out "SELECT code, item_name, amount AS yuan, page FROM line_items WHERE table_kind = 'general_budget_expenditure' AND measure = 'total' ORDER BY code"

test: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/ocr_accuracy.py

fixtures: $(STAMP)
	$(BIN)/python fixtures/build_fixtures.py
	$(BIN)/python fixtures/build_scanned.py

clean:
	rm -rf out .pytest_cache
