"""The fast PDFium reader must see exactly what the pdfplumber reference sees."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED_FIXTURE
from disclosure.extractors import pdfium_layer
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


@pytest.fixture(autouse=True)
def no_clipped_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text a cell's clip hides is left out or moved by PDFium alone (pdfminer keeps no clipping
    paths): the engines are compared without that step, which test_hidden_text covers."""
    monkeypatch.setattr(pdfium_layer, "cut_text_objects", lambda *args: None)


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


def test_only_pdfium_leaves_out_a_glyph_its_clip_hides(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """budget/1ac93479a5f5 p12: the header 采购组织形式 wraps its 式 below the cell's rule, where a clip
    shows a sliver of it (a sixth). pdfminer, blind to clips, reads it into the 合计 row ("合计 式");
    PDFium leaves it out. Everything else on the page the engines read alike."""
    monkeypatch.undo()
    path = corpus / "budget/1ac93479a5f5.pdf"
    data = path.read_bytes()
    fast = read_document_pages(data, path.name, "pdfium")[11]
    reference = read_document_pages(data, path.name, "pdfplumber")[11]
    fast_lines, reference_lines = page_signature(fast)[2], page_signature(reference)[2]
    assert "合计1,422.50" in fast_lines and "合计式" not in fast_lines
    assert "合计式1,422.50" in reference_lines
    assert [line.replace("式", "") for line in fast_lines] == [
        line.replace("式", "") for line in reference_lines
    ]
