"""text_layer.unique_chars must keep exactly the characters pdfplumber's dedupe_chars keeps, in
the same order (it is the same algorithm with the final ordering looked up instead of scanned)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from conftest import SEED_FIXTURE
from disclosure.extractors.text_layer import unique_chars
from pdfplumber.utils import dedupe_chars

# Corpus documents set in fonts the PDF does not embed (read by the pdfplumber reader), with
# fake-bold duplicates among their characters.
CORPUS_DOCUMENTS = ("budget/0a58e7a1c157.pdf", "budget/818fcfd65d47.pdf")
CORPUS_PAGES = 6


def assert_same_chars(path: Path, pages: int | None = None) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages[:pages]:
            chars = page.chars
            expected = dedupe_chars(chars)
            kept = unique_chars(chars)
            assert [id(c) for c in kept] == [id(c) for c in expected], f"{path.name} page {page.page_number}"


def test_fixture_pages() -> None:
    assert_same_chars(SEED_FIXTURE)


@pytest.mark.parametrize("name", CORPUS_DOCUMENTS)
def test_corpus_pages(corpus: Path, name: str) -> None:
    assert_same_chars(corpus / name, CORPUS_PAGES)


def test_equal_duplicates_keep_the_first_position() -> None:
    """Two equal characters (every field the same) sort where the first of them stood, as with
    chars.index."""
    base: dict[str, Any] = {"upright": True, "fontname": "F", "size": 10.0, "top": 0.0, "doctop": 0.0}
    a = {**base, "text": "a", "x0": 0.0}
    b = {**base, "text": "b", "x0": 20.0}
    a_again = dict(a)
    chars = [a, b, a_again]
    assert [id(c) for c in unique_chars(chars)] == [id(c) for c in dedupe_chars(chars)]
