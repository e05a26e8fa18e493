# Two commands matter: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Runtime plus dev/bench dependencies, exact versions with hashes; requirements.lock: runtime only.
LOCK := requirements-dev.lock
LOCK_FLAGS := --strip-extras --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links

.PHONY: run test lint fixtures bench clean lock audit

# Installs exactly the versions in the lock file (hash-checked), then the project itself.
$(STAMP): pyproject.toml setup.py extractors/pdfium_loops.c $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Re-resolve the lock files to the newest versions pyproject.toml allows (then run `make test`).
lock:
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet pip-tools
	.lock-venv/bin/pip-compile --quiet --upgrade $(LOCK_FLAGS) --output-file requirements.lock pyproject.toml
	.lock-venv/bin/pip-compile --quiet --upgrade $(LOCK_FLAGS) --extra dev --output-file $(LOCK) pyproject.toml
	rm -rf .lock-venv

run: $(STAMP)
	rm -rf out
	$(BIN)/disclosure ingest fixtures/documents --out out
	$(BIN)/disclosure query out "SELECT code, item_name, amount AS yuan, page FROM line_items WHERE table_kind = 'general_budget_expenditure' AND measure = 'total' ORDER BY code"

test: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy disclosure extractors normalizers outputs pipeline

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/small_files.py
	$(BIN)/python bench/ocr_accuracy.py

# Completeness audit of a folder of PDFs (default: the wide corpus), from a fresh dataset.
AUDIT_INPUT ?= $(or $(DISCLOSURE_CORPUS),../shared/corpus)/wide
AUDIT_NAME ?= audit_wide
audit: $(STAMP)
	rm -rf .audit/$(AUDIT_NAME)
	-$(BIN)/disclosure ingest $(AUDIT_INPUT) --out .audit/$(AUDIT_NAME) --quiet --json > bench/results/$(AUDIT_NAME)_run.json
	$(BIN)/disclosure audit .audit/$(AUDIT_NAME) --json bench/results/$(AUDIT_NAME).json > bench/results/$(AUDIT_NAME).txt
	head -3 bench/results/$(AUDIT_NAME).txt

fixtures: $(STAMP)
	$(BIN)/python fixtures/build_fixtures.py
	$(BIN)/python fixtures/build_scanned.py
	$(BIN)/python fixtures/build_layouts.py

clean:
	rm -rf out .pytest_cache
