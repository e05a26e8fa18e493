"""The fast PDFium reader must see exactly what the pdfplumber reference sees."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED_FIXTURE
from disclosure.extractors.records import PageContent
from disclosure.pipeline.process import read_document_pages


def page_signature(page: PageContent) -> tuple:
    """What the normalizers consume: line texts, grid shapes, cell spans and texts, page size.

    Spaces inside lines are left out: they come from glyph gaps, and PDFium measures the glyphs of
    a non-embedded font (the fixture's STSong-Light) with its substitute's widths.
    """
    return (
        round(page.width),
        round(page.height),
        [line.text.replace(" ", "") for line in page.lines],
        [
            (t.n_rows, t.n_cols, [(c.row, c.col, c.row_span, c.col_span, c.text) for c in t.cells])
            for t in page.tables
        ],
    )


def assert_engines_agree(path: Path) -> int:
    data = path.read_bytes()
    fast = read_document_pages(data, path.name, "pdfium")
    reference = read_document_pages(data, path.name, "pdfplumber")
    assert len(fast) == len(reference)
    for a, b in zip(fast, reference, strict=True):
        assert page_signature(a) == page_signature(b), f"{path.name} page {a.number}"
    return len(fast)


def test_engines_agree_on_the_fixture() -> None:
    assert assert_engines_agree(SEED_FIXTURE) == 29


@pytest.mark.parametrize(
    "name",
    [
        "final/d45e923176f9.pdf",  # ruled tables drawn as lines
        "budget/9cf8afd0f960.pdf",  # tables drawn as thin filled rectangles, in 元
        "budget/1ac93479a5f5.pdf",  # pages with /Rotate 90
        "final/deb3a4533199.pdf",  # text scaled by the text matrix (font size 209 x 0.05)
        "budget/0a58e7a1c157.pdf",  # hyphens at line ends
    ],
)
def test_engines_agree_on_corpus_documents(corpus: Path, name: str) -> None:
    assert assert_engines_agree(corpus / name) > 0
