"""Shared test fixtures: the project's own fixture PDFs and, when present, the shared corpus."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest
from disclosure.normalizers.records import DocumentResult
from disclosure.pipeline.process import process_file

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT / "fixtures"
GOOD_FIXTURES = FIXTURES / "documents"
SEED_FIXTURE = GOOD_FIXTURES / "urumqi_social_insurance_2023_final.pdf"
SEED_TRUTH = GOOD_FIXTURES / "urumqi_social_insurance_2023_final.lines.csv"
ENCRYPTED_FIXTURE = FIXTURES / "bad" / "encrypted.pdf"
DATA = Path(__file__).resolve().parent / "data"


def corpus_root() -> Path:
    """DISCLOSURE_CORPUS, defaulting to ../shared/corpus beside the project."""
    return Path(os.environ.get("DISCLOSURE_CORPUS", PROJECT.parent / "shared" / "corpus"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that reads the shared corpus (through the `corpus` fixture) is marked `corpus`."""
    for item in items:
        if "corpus" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.corpus)


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus folder; tests that need it skip when it is absent."""
    root = corpus_root()
    if not (root / "corpus.tsv").is_file():
        pytest.skip(f"shared corpus not found at {root} (set DISCLOSURE_CORPUS to run corpus tests)")
    return root


@cache
def processed(path: Path) -> DocumentResult:
    """Process a document once per test session."""
    return process_file(path)


@pytest.fixture(scope="session")
def seed_result() -> DocumentResult:
    """The seed-based fixture document, processed."""
    return processed(SEED_FIXTURE)
