"""pdfium_chars reads a page's glyphs in bulk (PDFium called through map, boxes on arrays): the
characters must be those the glyph-by-glyph reading it replaced made, value for value."""

from __future__ import annotations

import ctypes
import math
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from disclosure.extractors import pdfium_chars
from disclosure.extractors import pdfium_handles as pdf
from disclosure.extractors.char_columns import CharColumns
from disclosure.extractors.glyph_metrics import DEFAULT_DESCENT
from disclosure.extractors.pdfium_geometry import PageFrame, page_frame, page_objects

# (document, first page, pages): one text object per glyph (f17e3c9deb66, b06718491296), objects
# of many glyphs (0a58e7a1c157, d504cbd6d86e), fake bold: glyphs printed twice (41cd3dcb9588).
PAGES = [
    ("final/f17e3c9deb66.pdf", 1, 1),
    ("budget/b06718491296.pdf", 1, 6),
    ("budget/0a58e7a1c157.pdf", 1, 6),
    ("final/d504cbd6d86e.pdf", 1, 6),
    ("wide/41cd3dcb9588.pdf", 38, 3),
]


def per_glyph_metrics(
    textpage: Any, index: int, cache: dict[int, tuple[float, float]]
) -> tuple[float, float]:
    """A character's (font size, descent) read glyph by glyph: its text object's first glyph read
    gives both; a character without a text object has its own size and the default descent."""
    key = ctypes.cast(raw.FPDFText_GetTextObject(textpage, index), ctypes.c_void_p).value or 0
    if key in cache:
        return cache[key]
    size = raw.FPDFText_GetFontSize(textpage, index)
    font = pdf.text_object_font(key) if key else None
    descent = pdfium_chars.font_descent(font) if font else DEFAULT_DESCENT
    if key:
        cache[key] = (size, descent)
    return size, descent


def per_glyph_chars(textpage: Any, texts: str, frame: PageFrame) -> list[dict[str, Any]]:
    """The characters as the reader made them one glyph at a time, in Python floats (PDFium's
    functions as pypdfium2 declares them, not as the reader does)."""
    chars: list[dict[str, Any]] = []
    seen: set[tuple[str, int, int]] = set()
    cache: dict[int, tuple[float, float]] = {}
    rect, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    for index, printed in enumerate(texts):
        text = pdfium_chars.glyph_text(printed)
        if text is None or not raw.FPDFText_GetLooseCharBox(textpage, index, ctypes.byref(rect)):
            continue
        (left, top), (right, bottom) = frame.point(rect.left, rect.top), frame.point(rect.right, rect.bottom)
        x0, x1 = (right, left) if right < left else (left, right)
        top, bottom = (bottom, top) if bottom < top else (top, bottom)
        size = bottom - top
        if raw.FPDFText_GetMatrix(textpage, index, ctypes.byref(matrix)):
            up_x, up_top = frame.vector(matrix.c, matrix.d)
            if up_top < 0 and abs(up_x) <= abs(up_top) * pdfium_chars.UPRIGHT_SLOPE:
                font_size, descent = per_glyph_metrics(textpage, index, cache)
                size = font_size * math.hypot(matrix.c, matrix.d)
                bottom = frame.point(matrix.e, matrix.f)[1] - descent * size
                top = bottom - size
        key = (text, round(x0), round(top))
        if key not in seen:
            seen.add(key)
            chars.append({"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": size})
    return chars


@pytest.mark.parametrize(("name", "first", "count"), PAGES)
def test_chars_as_read_glyph_by_glyph(corpus: Path, name: str, first: int, count: int) -> None:
    document = pdfium.PdfDocument((corpus / name).read_bytes())
    glyphs = 0
    for index in range(first - 1, min(first - 1 + count, len(document))):
        page = document[index]
        frame = page_frame(page)
        textpage = page.get_textpage()
        texts = pdfium_chars.page_text(textpage.raw, textpage.count_chars())
        assert texts is not None
        expected = per_glyph_chars(textpage.raw, texts, frame)
        assert pdfium_chars.visible_char_columns(textpage.raw, texts, frame)[0] == expected
        assert pdfium_chars.page_chars(page, frame) == expected
        # with the page's walk: the fonts of its text objects taken from it, not asked for again
        assert pdfium_chars.page_chars(page, frame, page_objects(pdf.handle_of(page.raw))) == expected
        glyphs += len(expected)
        textpage.close()
        page.close()
    assert glyphs > 100


@pytest.mark.parametrize(("name", "first", "count"), PAGES)
def test_columns_are_the_characters_numbers(corpus: Path, name: str, first: int, count: int) -> None:
    """The columns page_char_columns hands over, taken from its arrays, are those CharColumns.of
    reads from the characters' dicts, to the bit (fake-bold repeats dropped from both)."""
    document = pdfium.PdfDocument((corpus / name).read_bytes())
    for index in range(first - 1, min(first - 1 + count, len(document))):
        page = document[index]
        frame = page_frame(page)
        chars, columns = pdfium_chars.page_char_columns(page, frame, page_objects(pdf.handle_of(page.raw)))
        read_back = CharColumns.of(chars)
        assert read_back is not None and columns.chars is chars and columns.plain == read_back.plain
        for field in ("x0", "x1", "top", "bottom", "size"):
            ours, theirs = getattr(columns, field), getattr(read_back, field)
            assert ours.tobytes() == theirs.tobytes(), (name, index + 1, field)
        page.close()
    assert columns.x0.size > 100


@pytest.mark.parametrize(("name", "first", "count"), PAGES)
def test_glyph_metrics_of_every_character(corpus: Path, name: str, first: int, count: int) -> None:
    """Every character index, those without a text object (PDFium's generated spaces) among them."""
    document = pdfium.PdfDocument((corpus / name).read_bytes())
    page = document[first - 1]
    textpage = page.get_textpage()
    handle = pdf.handle_of(textpage.raw)
    indices = list(range(textpage.count_chars()))
    cache: dict[int, tuple[float, float]] = {}
    expected = [per_glyph_metrics(textpage, index, cache) for index in indices]
    sizes, descents = pdfium_chars.glyph_metrics(handle, indices)
    assert list(zip(sizes, descents, strict=True)) == expected
    known_fonts = page_objects(pdf.handle_of(page.raw)).object_fonts
    sizes, descents = pdfium_chars.glyph_metrics(handle, indices, known_fonts)
    assert list(zip(sizes, descents, strict=True)) == expected
    textpage.close()
    page.close()


# (document, page, fonts on the page, the descent they share or None): one font; two fonts of one
# descent; three fonts of different descents.
DESCENTS = [
    ("final/f17e3c9deb66.pdf", 1, 1, -0.222),
    ("final/d504cbd6d86e.pdf", 4, 2, -0.14),
    ("budget/0a58e7a1c157.pdf", 3, 3, None),
]


@pytest.mark.parametrize(("name", "number", "fonts", "descent"), DESCENTS)
def test_page_descent_is_every_glyphs(
    corpus: Path, name: str, number: int, fonts: int, descent: float | None
) -> None:
    """page_descent, when the page has one, is the descent every glyph has read glyph by glyph,
    and the characters made with it are those read glyph by glyph."""
    document = pdfium.PdfDocument((corpus / name).read_bytes())
    page = document[number - 1]
    objects = page_objects(pdf.handle_of(page.raw))
    found = pdfium_chars.page_descent(objects)
    assert len(objects.fonts) == fonts and objects.fonts_complete
    textpage = page.get_textpage()
    texts = pdfium_chars.page_text(textpage.raw, textpage.count_chars())
    assert texts is not None
    glyphs = [index for index, text in enumerate(texts) if pdfium_chars.glyph_text(text) is not None]
    cache: dict[int, tuple[float, float]] = {}
    descents = {per_glyph_metrics(textpage.raw, index, cache)[1] for index in glyphs}
    if descent is None:
        assert found is None and len(descents) > 1
    else:
        assert found == pytest.approx(descent) and descents == {found}
    frame = page_frame(page)
    expected = per_glyph_chars(textpage.raw, texts, frame)
    chars, _ = pdfium_chars.visible_char_columns(textpage.raw, texts, frame, objects.object_fonts, found)
    assert chars == expected
    assert len(expected) > 100
    textpage.close()
    page.close()


def test_glyph_texts_started_afresh_keep_the_pages_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table of glyph texts, full, starts afresh with every text of the page asking (those it
    knew before among them), each as glyph_text has it."""
    monkeypatch.setattr(pdfium_chars, "GLYPH_TEXTS", {})
    monkeypatch.setattr(pdfium_chars, "GLYPH_TEXTS_LIMIT", 4)
    first = {"合", "计", " "}
    assert pdfium_chars.glyph_texts(first) == {"合": "合", "计": "计", " ": None}
    page = {"合", "计", "\x02", "支", "出"}  # two known, three new: over the limit
    table = pdfium_chars.glyph_texts(page)
    assert {text: table[text] for text in page} == {text: pdfium_chars.glyph_text(text) for text in page}
    assert table["\x02"] == "-" and " " not in table
