"""The PDFium reader's single walk of a page's objects (pdfium_geometry.page_objects) must give each
of its readers what a walk of its own gave: the page's text objects (hidden_text), the fonts of all
text objects, forms included (the font check), and the path and image objects in drawing order
with their container's matrix (page_geometry)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from disclosure.extractors import pdfium_handles as pdf
from disclosure.extractors.hidden_text import hidden_text
from disclosure.extractors.pdfium_geometry import (
    IDENTITY,
    MAX_FORM_DEPTH,
    Scratch,
    multiply,
    object_matrix,
    page_frame,
    page_objects,
)
from disclosure.extractors.pdfium_layer import uses_unembedded_font

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /%s >>"

# A page with clipped text (three objects under one clipping path, the third drawn wholly outside
# it; one under another), a stroked path, text in another font, and a form (scaled and moved)
# holding text in a third font and a path.
PAGE = (
    b"q 0 0 50 50 re W n 0 0 60 60 re W n"
    b" BT /F1 10 Tf 10 10 Td (A) Tj ET BT /F1 10 Tf 20 20 Td (B) Tj ET BT /F1 10 Tf 70 70 Td (H) Tj ET Q"
    b" q 100 100 50 50 re W n 90 90 70 70 re W n BT /F1 10 Tf 110 110 Td (C) Tj ET Q"
    b" 0 0 m 100 0 l S"
    b" BT /F2 10 Tf 200 200 Td (D) Tj ET"
    b" q 2 0 0 2 100 150 cm /X1 Do Q"
)
FORM = b"BT /F3 10 Tf 0 0 Td (F) Tj ET 0 0 m 10 10 l S"


def one_page_pdf() -> bytes:
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R /F2 6 0 R >> /XObject << /X1 7 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(PAGE), PAGE),
        FONT % b"Helvetica",
        FONT % b"Courier",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 50 50] /Matrix [1 0 0 1 5 5]"
        b" /Resources << /Font << /F3 8 0 R >> >> /Length %d >>\nstream\n%s\nendstream" % (len(FORM), FORM),
        FONT % b"Times-Roman",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref)
    return bytes(out)


@contextmanager
def opened_page() -> Iterator[Any]:
    document = pdfium.PdfDocument(one_page_pdf())
    page = document[0]
    try:
        yield page
    finally:
        page.close()
        document.close()


def walked(
    container: int, in_form: bool, parent: Any, depth: int = 0
) -> Iterator[tuple[int, int, Any, bool]]:
    """Every object with its type, its container's matrix and whether it is in a form: the walk
    each reader made on its own before page_objects."""
    count, get = (
        (pdf.form_object_count, pdf.form_object) if in_form else (pdf.page_object_count, pdf.page_object)
    )
    for index in range(count(container)):
        obj = get(container, index)
        kind = pdf.object_type(obj)
        yield obj, kind, parent, in_form
        if kind == raw.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            matrix = multiply(object_matrix(obj, Scratch()), parent)
            yield from walked(obj, True, matrix, depth + 1)


def test_one_walk_gives_each_reader_its_objects() -> None:
    with opened_page() as page:
        handle = pdf.handle_of(page.raw)
        objects = page_objects(handle)
        every = list(walked(handle, False, IDENTITY))
        text = [obj for obj, kind, _, in_form in every if kind == raw.FPDF_PAGEOBJ_TEXT and not in_form]
        fonts = {pdf.text_object_font(obj) for obj, kind, _, _ in every if kind == raw.FPDF_PAGEOBJ_TEXT}
        painted = [
            (obj, kind, parent)
            for obj, kind, parent, _ in every
            if kind in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE)
        ]
        assert len(text) == 5 and len(fonts) == 3 and len(painted) == 2
        assert objects.text == text
        assert objects.fonts == fonts
        assert objects.painted == painted
        assert painted[1][2] != IDENTITY  # the form's path, with the form's matrix
        embedded: dict[int, bool] = {}
        assert uses_unembedded_font(objects, embedded)  # the standard 14 fonts are never embedded


def test_hidden_text_is_the_text_drawn_outside_its_clipping_path() -> None:
    with opened_page() as page:
        frame = page_frame(page)
        hidden = hidden_text(page, frame, [(0.0, 300.0)], page_objects(pdf.handle_of(page.raw)))
        assert len(hidden) == 1  # "H", drawn at (70, 70) under the clip (0, 0, 50, 50)
        assert 70.0 <= hidden[0].x0 < hidden[0].x1 < 80.0
        assert 220.0 < hidden[0].top < hidden[0].bottom == 230.0  # its baseline, 70 pt above the foot
        assert hidden == hidden_text(page, frame, [(0.0, 300.0)])
