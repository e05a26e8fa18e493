"""pdfium_bulk asks PDFium for a page's glyphs, objects and path segments in C loops (the compiled
helper, extractors/pdfium_loops.c) where the reader asked call by call through ctypes: the answers
must be the same, bit for bit, and so must a whole document's records."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from conftest import SEED_FIXTURE
from disclosure.extractors import pdfium_bulk as bulk
from disclosure.extractors import pdfium_handles as pdf
from disclosure.extractors.pdfium_geometry import page_objects
from disclosure.normalizers.records import DocumentResult
from disclosure.pipeline.process import process_bytes

# (document, page): one text object per glyph (f17e3c9deb66), a ruled table of many paths
# (0a58e7a1c157), a grid drawn inside form objects (320e70bba500), a form among a page's objects
# (324795c7efce), long text objects (d504cbd6d86e).
PAGES = [
    ("final/f17e3c9deb66.pdf", 1),
    ("budget/0a58e7a1c157.pdf", 2),
    ("wide/320e70bba500.pdf", 7),
    ("wide/324795c7efce.pdf", 20),
    ("final/d504cbd6d86e.pdf", 3),
]


@pytest.fixture
def one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """pdfium_bulk without the compiled helper: PDFium asked call by call."""
    monkeypatch.setattr(bulk, "LOOPS", None)


def exact(value: Any) -> Any:
    """A value compared bit for bit: arrays as their dtype, shape and bytes (NaN included)."""
    if isinstance(value, np.ndarray):
        return (value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, dict):
        return {key: exact(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return type(value)(exact(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return exact(dataclasses.astuple(value))
    return value


def page_answers(page: pdfium.PdfPage) -> dict[str, Any]:
    """Every pdfium_bulk answer the reader asks for on a page (forms descended as page_objects
    does), compared bit for bit."""
    handle = pdf.handle_of(page.raw)
    objects = page_objects(handle)
    forms = [obj for obj in objects.object_fonts if pdf.object_type(obj) == raw.FPDF_PAGEOBJ_FORM]
    paths = [obj for obj, kind, _ in objects.painted if kind == raw.FPDF_PAGEOBJ_PATH]
    textpage = page.get_textpage()
    try:
        text = pdf.handle_of(textpage.raw)
        glyphs = list(range(textpage.count_chars()))
        return exact(
            {
                "page objects": bulk.container_objects(handle, in_form=False),
                "form objects": [bulk.container_objects(form, in_form=True) for form in forms],
                "glyph boxes": bulk.glyph_boxes(text, glyphs),
                "glyph sizes": bulk.glyph_sizes(text, glyphs),
                "glyph objects": bulk.glyph_objects(text, glyphs),
                "text bounds": bulk.object_bounds(objects.text),
                "matrices": bulk.object_matrices([obj for obj, _, _ in objects.painted]),
                "painted": bulk.painted_paths(paths),
                "segments": bulk.path_segments(paths),
            }
        )
    finally:
        textpage.close()


def test_the_helper_is_built() -> None:
    """The install compiled the helper (setup.py): without it the reader is right but slower."""
    assert bulk.LOOPS is not None, "extractors/pdfium_loops.c was not built: is a C compiler installed?"


@pytest.mark.parametrize(("name", "number"), PAGES)
def test_c_loops_answer_as_calls_one_by_one(
    corpus: Path, name: str, number: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = pdfium.PdfDocument(corpus / name)
    try:
        page = document[number - 1]
        in_c = page_answers(page)
        monkeypatch.setattr(bulk, "LOOPS", None)
        one_by_one = page_answers(page)
        page.close()
    finally:
        document.close()
    assert in_c == one_by_one
    assert len(in_c["glyph sizes"]) > 100  # the page has text to compare
    assert sum(len(objects) for objects, _ in [in_c["page objects"]]) > 0


def test_forms_and_segments_are_read(corpus: Path) -> None:
    """On the page whose grid is drawn in form objects, the forms' objects and the grid's segments
    come back: the comparison above covers them."""
    document = pdfium.PdfDocument(corpus / "wide/320e70bba500.pdf")
    try:
        answers = page_answers(document[6])
    finally:
        document.close()
    form_objects = answers["form objects"]
    assert any(handles for handles, _ in form_objects)
    starts = answers["segments"][0]
    assert starts[-1] > 100  # segments of the painted paths


def records(result: DocumentResult) -> tuple[Any, ...]:
    """A document's records, its ingestion time left out."""
    document = dataclasses.replace(result.document, ingested_at=None)
    return (document, *(getattr(result, f.name) for f in dataclasses.fields(result) if f.name != "document"))


def test_document_records_do_not_depend_on_the_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    data = SEED_FIXTURE.read_bytes()
    in_c = process_bytes(SEED_FIXTURE, data)
    monkeypatch.setattr(bulk, "LOOPS", None)
    one_by_one = process_bytes(SEED_FIXTURE, data)
    assert records(in_c) == records(one_by_one)
    income = [
        item.amount
        for item in in_c.line_items
        if item.table_kind == "income_expenditure_summary" and item.item_name == "一般公共预算财政拨款收入"
    ]
    assert Decimal("105868700.00") in income


def test_corpus_document_records_do_not_depend_on_the_helper(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A budget of ruled tables over many pages (0a58e7a1c157), read both ways."""
    path = corpus / "budget/0a58e7a1c157.pdf"
    data = path.read_bytes()
    in_c = process_bytes(path, data)
    monkeypatch.setattr(bulk, "LOOPS", None)
    one_by_one = process_bytes(path, data)
    assert records(in_c) == records(one_by_one)
    assert len(in_c.cells) > 1000
