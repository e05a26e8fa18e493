"""hidden_text decides whether a text object lies outside its clipping path reading as few of the
clip's points as the answer needs (outside_clip), and reads the objects' bounds in bulk
(text_object_bounds): both must answer what the whole reading answers, object by object."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from disclosure.extractors import pdfium_bulk as bulk
from disclosure.extractors import pdfium_handles as pdf
from disclosure.extractors.hidden_text import (
    clip_box,
    outside_clip,
    outside_clip_box,
    straddles,
    text_object_bounds,
)
from disclosure.extractors.pdfium_geometry import Scratch, page_objects

# (document, page, text objects outside their clip): one among a page's clipped objects
# (135d334639c1), hundreds among a page of clipped objects, one a glyph (b06718491296,
# c8821d984a54), a few among hundreds of objects (d504cbd6d86e).
PAGES = [
    ("budget/135d334639c1.pdf", 8, 1),
    ("budget/b06718491296.pdf", 3, 452),
    ("budget/c8821d984a54.pdf", 5, 652),
    ("final/d504cbd6d86e.pdf", 114, 4),
]


@pytest.mark.parametrize(("name", "number", "hidden"), PAGES)
def test_outside_clip_as_the_whole_clip_box_says(corpus: Path, name: str, number: int, hidden: int) -> None:
    document = pdfium.PdfDocument((corpus / name).read_bytes())
    page = document[number - 1]
    objects, bounds = text_object_bounds(page_objects(pdf.handle_of(page.raw)).text)
    scratch = Scratch()
    outside = 0
    for obj, (left, bottom, right, top) in zip(objects, bounds.tolist(), strict=True):
        box = clip_box(obj, scratch)
        expected = box is not None and (
            right <= box[0] or left >= box[2] or top <= box[1] or bottom >= box[3]
        )
        assert outside_clip(obj, (left, bottom, right, top), scratch) == expected
        outside += expected
    assert outside == hidden < len(objects)
    page.close()


@pytest.mark.parametrize(("name", "number", "hidden"), PAGES[:2])
def test_bounds_as_read_object_by_object(corpus: Path, name: str, number: int, hidden: int) -> None:
    document = pdfium.PdfDocument((corpus / name).read_bytes())
    page = document[number - 1]
    text = page_objects(pdf.handle_of(page.raw)).text
    expected = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for obj in text:
        handle = ctypes.cast(ctypes.c_void_p(obj), raw.FPDF_PAGEOBJECT)
        refs = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
        if raw.FPDFPageObj_GetBounds(handle, *refs):
            expected.append((obj, [left.value, bottom.value, right.value, top.value]))
    objects, bounds = text_object_bounds(text)
    assert list(zip(objects, bounds.tolist(), strict=True)) == expected
    assert len(expected) > 100
    page.close()


@pytest.mark.parametrize(("name", "number", "hidden"), PAGES)
def test_clips_read_in_c_as_in_python(corpus: Path, name: str, number: int, hidden: int) -> None:
    """The compiled helper's verdict (a path of the clip does not straddle the object) is the one
    straddles gives, object by object, and so is the hidden text found from it."""
    document = pdfium.PdfDocument((corpus / name).read_bytes())
    page = document[number - 1]
    objects, bounds = text_object_bounds(page_objects(pdf.handle_of(page.raw)).text)
    undecided = bulk.clip_undecided(objects, bounds)
    assert undecided is not None, "the compiled helper is not built"
    scratch = Scratch()
    outside = 0
    for obj, box, open_question in zip(objects, bounds.tolist(), undecided, strict=True):
        clip = pdf.object_clip_path(obj)
        paths = range(pdf.clip_path_count(clip)) if clip else range(0)
        assert open_question == any(not straddles(clip, path, box, scratch) for path in paths)
        found = open_question and outside_clip_box(obj, box, scratch)
        assert found == outside_clip(obj, box, scratch)
        outside += found
    assert outside == hidden
    page.close()
