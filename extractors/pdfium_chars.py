"""PDFium's characters of a page as pdfplumber-shaped dicts (text, x0, x1, top, bottom, size).

The loop over a page's glyphs is the reader's hottest: its PDFium calls take plain handles and
write into structures allocated once per page.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pypdfium2.raw as raw
from disclosure.extractors import pdfium_handles as pdf
from disclosure.extractors.glyph_metrics import DEFAULT_DESCENT, plausible_descent
from disclosure.extractors.pdfium_geometry import PageFrame

# Characters PDFium's text page reports that are not glyphs on the page.
CONTROL_CHARS = frozenset({"\r", "\n", "\uffff", "\x00"})
# PDFium reports a hyphen that ends a line as U+0002 (FPDFText_GetUnicode) or U+FFFE
# (FPDFText_GetText); the page shows "-".
PDFIUM_LINE_END_HYPHENS = frozenset({"\x02", "\ufffe"})
# A glyph whose up direction leans less than this (run over rise) is upright.
UPRIGHT_SLOPE = 0.1


@dataclass
class GlyphMetrics:
    """Per text page: each text object's (font size, descent per point of size), each font's
    descent. Pages may hold one text object per glyph, so a new object must be cheap too."""

    textpage: int  # the text page's handle
    objects: dict[int, tuple[float, float]]
    descents: dict[int, float]

    def of_char(self, index: int) -> tuple[float, float]:
        """(font size in text space, descent per point of size) of a character's text object.

        Both are the same for every glyph of one text object: they are read from its first glyph.
        """
        key = pdf.text_object_of(self.textpage, index) or 0
        known = self.objects.get(key)
        if known is not None:
            return known
        size = pdf.char_font_size(self.textpage, index)
        font = pdf.text_object_font(key) if key else None
        descent = self.descent(font) if font else DEFAULT_DESCENT
        if key:
            self.objects[key] = (size, descent)
        return size, descent

    def descent(self, font: int) -> float:
        if font not in self.descents:
            value = ctypes.c_float(0)
            found = pdf.font_descent(font, ctypes.c_float(1.0), ctypes.byref(value))
            self.descents[font] = plausible_descent(value.value) if found else DEFAULT_DESCENT
        return self.descents[font]


def page_text(textpage: Any, count: int) -> str | None:
    """The text page's characters in one call, one per character index (None if they don't align)."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = raw.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")
    return text if len(text) == count else None


def page_chars(page: Any, frame: PageFrame) -> list[dict[str, Any]]:
    """Visible characters with pdfplumber-style boxes.

    Horizontally the loose glyph box; vertically pdfminer's box, from the baseline's descent up one
    font size, so that every glyph of a line shares one band (PDFium's own boxes hug each glyph and
    would put a comma on a line of its own).
    """
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        whole = page_text(textpage.raw, count)
        texts = whole if whole is not None else [unicode_char(textpage.raw, i) for i in range(count)]
        return visible_chars(textpage.raw, texts, frame)
    finally:
        textpage.close()


def unicode_char(textpage: Any, index: int) -> str:
    code = raw.FPDFText_GetUnicode(textpage, index)
    return chr(code) if code else ""


def visible_chars(textpage: Any, texts: Iterable[str], frame: PageFrame) -> list[dict[str, Any]]:
    """The boxes of the characters (`texts`, one per character index) that are glyphs on the page.

    The loop runs once per glyph of the page: its PDFium calls take the text page as a plain
    handle and write into two structures allocated once.
    """
    chars: list[dict[str, Any]] = []
    seen: set[tuple[str, int, int]] = set()
    handle = pdf.handle_of(textpage)
    metrics = GlyphMetrics(handle, {}, {})
    loose_char_box, char_matrix = pdf.loose_char_box, pdf.char_matrix
    rect = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    rect_ref, matrix_ref = ctypes.addressof(rect), ctypes.addressof(matrix)
    point, vector = frame.point, frame.vector
    glyphs: dict[str, str | None] = {}  # each distinct text as printed, None if it is no glyph
    for index, printed in enumerate(texts):
        if printed not in glyphs:
            glyphs[printed] = glyph_text(printed)
        text = glyphs[printed]
        if text is None or not loose_char_box(handle, index, rect_ref):
            continue
        (left, top), (right, bottom) = point(rect.left, rect.top), point(rect.right, rect.bottom)
        x0, x1 = (right, left) if right < left else (left, right)  # sorted(), ties in order
        top, bottom = (bottom, top) if bottom < top else (top, bottom)
        size = bottom - top
        if char_matrix(handle, index, matrix_ref):
            up_x, up_top = vector(matrix.c, matrix.d)
            if up_top < 0 and abs(up_x) <= abs(up_top) * UPRIGHT_SLOPE:
                # Upright glyph: the font's size times the text's vertical scale; (e, f) is the
                # origin on the baseline, the box runs from the descent up one size.
                font_size, descent = metrics.of_char(index)
                size = font_size * math.hypot(matrix.c, matrix.d)
                _, baseline = point(matrix.e, matrix.f)
                bottom = baseline - descent * size
                top = bottom - size
        # Fake bold prints each glyph two or more times at (almost) the same place.
        key = (text, round(x0), round(top))
        if key in seen:
            continue
        seen.add(key)
        chars.append({"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": size})
    return chars


def glyph_text(text: str) -> str | None:
    """The text a character of the text page prints; None for whitespace and control characters
    (PDFium's generated spaces and line breaks among them)."""
    if text in PDFIUM_LINE_END_HYPHENS:
        return "-"
    if not text.strip() or text in CONTROL_CHARS:
        return None
    return text
