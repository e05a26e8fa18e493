# Two commands matter: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint fixtures bench eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	rm -rf out
	$(BIN)/disclosure ingest fixtures --out out
	$(BIN)/disclosure query out "SELECT table_kind, count(*) AS rows, sum(amount) AS total_yuan FROM line_items GROUP BY table_kind ORDER BY table_kind"

test: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fixtures: $(STAMP)
	$(BIN)/python fixtures/build_fixtures.py

clean:
	rm -rf out .pytest_cache
