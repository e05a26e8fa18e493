"""The fast text-layer reader: PDFium (C++) parses the page; pdfplumber's grid algorithm finds tables.

pdfminer's pure-Python content parser is where pdfplumber spends ~80 % of its time. PDFium reads
the same page in a fraction of that. This module takes from PDFium only two things — the character
boxes and the painted path segments — shapes them like pdfplumber's chars and edges, and hands the
edges to pdfplumber's own table steps (merge_edges -> edges_to_intersections ->
intersections_to_cells -> cells_to_tables). The result is the same PageContent as text_layer's
pdfplumber reader produces; tests hold the two to agreement on the corpus.

Coordinates follow pdfplumber: points from the media box's top-left corner, y growing downwards,
page rotation not applied.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as raw
from disclosure.extractors import pdfium_handles as pdf
from disclosure.extractors.file_check import DocumentError
from disclosure.extractors.glyph_metrics import DEFAULT_DESCENT, plausible_descent
from disclosure.extractors.lattice import edges_to_intersections, intersections_to_cells
from disclosure.extractors.open_ends import closing_edges
from disclosure.extractors.records import PageContent
from disclosure.extractors.text_layer import (
    DEFAULT_TABLE_FINDING,
    TableFinding,
    build_lines,
    grid_from_cells,
    merged_rules,
)
from disclosure.extractors.triage import text_layer_usable
from pdfplumber.table import cells_to_tables

ENGINE = "pdfium"
# A segment within this many points of horizontal (vertical) is a horizontal (vertical) edge.
AXIS_TOLERANCE = 0.01
MAX_FORM_DEPTH = 8
# Characters PDFium's text page reports that are not glyphs on the page.
CONTROL_CHARS = frozenset({"\r", "\n", "\uffff", "\x00"})
# PDFium reports a hyphen that ends a line as U+0002 (FPDFText_GetUnicode) or U+FFFE
# (FPDFText_GetText); the page shows "-".
PDFIUM_LINE_END_HYPHENS = frozenset({"\x02", "\ufffe"})
# A glyph whose up direction leans less than this (run over rise) is upright.
UPRIGHT_SLOPE = 0.1

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class PageFrame:
    """Maps PDF user space to pdfplumber's page coordinates: top-left origin, /Rotate applied."""

    left: float
    bottom: float
    user_width: float
    user_height: float
    rotation: int  # 0, 90, 180 or 270, clockwise as displayed

    @property
    def width(self) -> float:
        return self.user_height if self.rotation in (90, 270) else self.user_width

    @property
    def height(self) -> float:
        return self.user_width if self.rotation in (90, 270) else self.user_height

    def point(self, x: float, y: float) -> tuple[float, float]:
        u, v = x - self.left, y - self.bottom
        if self.rotation == 90:
            return v, u
        if self.rotation == 180:
            return self.user_width - u, v
        if self.rotation == 270:
            return self.user_height - v, self.user_width - u
        return u, self.user_height - v

    def vector(self, dx: float, dy: float) -> tuple[float, float]:
        if self.rotation == 90:
            return dy, dx
        if self.rotation == 180:
            return -dx, dy
        if self.rotation == 270:
            return -dy, -dx
        return dx, -dy


def page_frame(page: Any) -> PageFrame:
    left, bottom, right, top = page.get_mediabox()
    rotation = page.get_rotation() % 360
    return PageFrame(left, bottom, right - left, top - bottom, rotation if rotation in (90, 180, 270) else 0)


def open_document(data: bytes) -> pdfium.PdfDocument:
    """Open PDF bytes with PDFium, turning its errors into a one-line DocumentError."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise DocumentError("encrypted", "encrypted PDF: needs a password to open") from exc
        raise DocumentError("corrupt", f"corrupt PDF: {message}".splitlines()[0][:200]) from exc


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n, in PDF's row-vector convention."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


class Scratch:
    """The out-parameters of PDFium's per-object and per-segment calls, allocated once per page
    walk with their addresses (a page may paint tens of thousands of path segments)."""

    def __init__(self) -> None:
        self.matrix = raw.FS_MATRIX()
        self.fill_mode, self.stroke = ctypes.c_int(0), ctypes.c_int(0)
        self.x, self.y = ctypes.c_float(0), ctypes.c_float(0)
        self.matrix_ref = ctypes.addressof(self.matrix)
        self.fill_mode_ref, self.stroke_ref = ctypes.addressof(self.fill_mode), ctypes.addressof(self.stroke)
        self.x_ref, self.y_ref = ctypes.addressof(self.x), ctypes.addressof(self.y)


def object_matrix(obj: int, scratch: Scratch) -> Matrix:
    if not pdf.object_matrix_into(obj, scratch.matrix_ref):
        return IDENTITY
    matrix = scratch.matrix
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


GEOMETRY_OBJECTS = frozenset({raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM})


def child_objects(container: int, in_form: bool) -> Iterator[tuple[int, int]]:
    """The objects directly inside a page (or a form object), as handles, with their type."""
    count, get = (
        (pdf.form_object_count, pdf.form_object) if in_form else (pdf.page_object_count, pdf.page_object)
    )
    object_type = pdf.object_type
    for index in range(count(container)):
        obj = get(container, index)
        if obj:
            yield obj, object_type(obj)


def iter_objects(
    container: int, in_form: bool, parent: Matrix, scratch: Scratch, depth: int = 0
) -> Iterator[tuple[int, int, Matrix]]:
    """Path and image objects with their type and matrix to page space, descending into forms.

    Text objects (often one per glyph) are skipped before any matrix is read: text comes from the
    text page.
    """
    for obj, kind in child_objects(container, in_form):
        if kind not in GEOMETRY_OBJECTS:
            continue
        matrix = multiply(object_matrix(obj, scratch), parent)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            if depth < MAX_FORM_DEPTH:
                yield from iter_objects(obj, True, matrix, scratch, depth + 1)
        else:
            yield obj, kind, matrix


def uses_unembedded_font(
    container: int, embedded: dict[int, bool], in_form: bool = False, depth: int = 0
) -> bool:
    """Whether any text object on the page (or in its forms) is set in a font the PDF does not embed.

    PDFium draws such text with whatever font the machine substitutes, and its text page depends on
    that font: it drops a text object whose substituted glyphs have no outline (a CJK character on a
    machine without CJK fonts) and sizes glyph boxes from the substitute. `embedded` caches the
    answer per font handle across the pages of one document.
    """
    for obj, kind in child_objects(container, in_form):
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            font = pdf.text_object_font(obj)
            if not font:
                continue
            if font not in embedded:
                embedded[font] = bool(pdf.font_is_embedded(font))
            if not embedded[font]:
                return True
        elif (
            kind == raw.FPDF_PAGEOBJ_FORM
            and depth < MAX_FORM_DEPTH
            and uses_unembedded_font(obj, embedded, True, depth + 1)
        ):
            return True
    return False


def is_painted(path: int, scratch: Scratch) -> bool:
    """A path that is filled or stroked (clipping-only paths draw nothing)."""
    scratch.fill_mode.value = scratch.stroke.value = 0
    if not pdf.path_draw_mode(path, scratch.fill_mode_ref, scratch.stroke_ref):
        return True
    return bool(scratch.fill_mode.value or scratch.stroke.value)


def path_segments(
    path: int, matrix: Matrix, frame: PageFrame, scratch: Scratch
) -> Iterator[tuple[tuple[float, float], tuple[float, float]]]:
    """Straight pieces of a path in page coordinates (curves are reduced to their end points)."""
    a, b, c, d, e, f = matrix
    x, y, x_ref, y_ref = scratch.x, scratch.y, scratch.x_ref, scratch.y_ref
    to_page = frame.point
    path_segment, segment_point, segment_type, segment_closes = (
        pdf.path_segment,
        pdf.segment_point,
        pdf.segment_type,
        pdf.segment_closes,
    )
    start: tuple[float, float] | None = None
    previous: tuple[float, float] | None = None
    for index in range(pdf.path_segment_count(path)):
        segment = path_segment(path, index)
        if not segment or not segment_point(segment, x_ref, y_ref):
            continue
        px, py = x.value, y.value
        point = to_page(a * px + c * py + e, b * px + d * py + f)  # apply(matrix, px, py)
        if segment_type(segment) == raw.FPDF_SEGMENT_MOVETO:
            start = previous = point
            continue
        if previous is not None:
            yield previous, point
        previous = point
        if segment_closes(segment) and start is not None and start != point:
            yield point, start
            previous = start


def segment_edge(p0: tuple[float, float], p1: tuple[float, float]) -> dict[str, Any] | None:
    """A pdfplumber-shaped edge for an axis-aligned segment; None for a diagonal one."""
    x0, x1 = (p1[0], p0[0]) if p1[0] < p0[0] else (p0[0], p1[0])  # sorted(), ties in order
    top, bottom = (p1[1], p0[1]) if p1[1] < p0[1] else (p0[1], p1[1])
    if bottom - top <= AXIS_TOLERANCE:
        orientation = "h"
        top = bottom = (top + bottom) / 2
    elif x1 - x0 <= AXIS_TOLERANCE:
        orientation = "v"
        x0 = x1 = (x0 + x1) / 2
    else:
        return None
    return {
        "object_type": "curve_edge",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
    }


def page_geometry(page: Any, frame: PageFrame) -> tuple[list[dict[str, Any]], float]:
    """The page's axis-aligned painted edges and the share of it covered by its largest image."""
    edges: list[dict[str, Any]] = []
    largest_image = 0.0
    scratch = Scratch()
    for obj, kind, matrix in iter_objects(pdf.handle_of(page.raw), False, IDENTITY, scratch):
        if kind == raw.FPDF_PAGEOBJ_PATH:
            if not is_painted(obj, scratch):
                continue
            for p0, p1 in path_segments(obj, matrix, frame, scratch):
                edge = segment_edge(p0, p1)
                if edge is not None:
                    edges.append(edge)
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            corners = [frame.point(*apply(matrix, cx, cy)) for cx, cy in ((0, 0), (1, 0), (0, 1), (1, 1))]
            xs = [min(max(c[0], 0.0), frame.width) for c in corners]
            ys = [min(max(c[1], 0.0), frame.height) for c in corners]
            largest_image = max(largest_image, (max(xs) - min(xs)) * (max(ys) - min(ys)))
    coverage = largest_image / ((frame.width * frame.height) or 1.0)
    return edges, min(coverage, 1.0)


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
    for index, text in enumerate(texts):
        if text not in glyphs:
            glyphs[text] = glyph_text(text)
        text = glyphs[text]
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


def find_table_cells(
    edges: list[dict[str, Any]], settings: TableFinding
) -> list[list[tuple[float, float, float, float]]]:
    """pdfplumber's lattice steps on PDFium edges: one list of cell boxes per table.

    Intersections and cells come from extractors.lattice (pdfplumber's steps, the same results
    with less work)."""
    merged = merged_rules(edges, settings)
    if not merged:
        return []
    merged += closing_edges(merged)
    intersections = edges_to_intersections(
        merged, settings.intersection_tolerance, settings.intersection_tolerance
    )
    cells = intersections_to_cells(intersections)
    return [list(group) for group in cells_to_tables(cells)]


def clip_box(obj: int) -> tuple[float, float, float, float] | None:
    """The bounding box (user space) of a page object's clipping path; None when it has none.

    A clipping path is the intersection of its paths; each path is taken as its bounding box.
    """
    clip = pdf.object_clip_path(obj)
    if not clip:
        return None
    box: tuple[float, float, float, float] | None = None
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.addressof(x), ctypes.addressof(y)
    for path in range(pdf.clip_path_count(clip)):
        xs, ys = [], []
        for index in range(pdf.clip_segment_count(clip, path)):
            segment = pdf.clip_segment(clip, path, index)
            if segment and pdf.segment_point(segment, x_ref, y_ref):
                xs.append(x.value)
                ys.append(y.value)
        if xs:
            own = (min(xs), min(ys), max(xs), max(ys))
            box = (
                own
                if box is None
                else (max(box[0], own[0]), max(box[1], own[1]), min(box[2], own[2]), min(box[3], own[3]))
            )
    return box


def hidden_text(
    page: Any, frame: PageFrame, bands: list[tuple[float, float]]
) -> list[tuple[float, float, float, float]]:
    """Boxes (page coordinates) of the text objects on these bands drawn wholly outside their
    clipping path.

    Layout feature: a merged cell straddling a page break has its label drawn centred on the whole
    cell on both pages, and clipped to the part each page shows; where the centre falls in the
    other page's part, the text is in the file but never seen. Only objects on `bands` (the lines
    in question) have their clipping path read: pages may hold one text object per glyph, so
    which objects lie on a band is decided for all of them at once, on arrays.
    """
    if not bands:
        return []
    objects, bounds = text_object_bounds(pdf.handle_of(page.raw))
    if not objects:
        return []
    left, bottom, right, top = np.asarray(bounds, dtype=np.float64).T
    (x_a, y_a), (x_b, y_b) = frame.point(left, top), frame.point(right, bottom)
    # sorted() of each pair, ties in order
    x0, x1 = np.where(x_b < x_a, x_b, x_a), np.where(x_b < x_a, x_a, x_b)
    y0, y1 = np.where(y_b < y_a, y_b, y_a), np.where(y_b < y_a, y_a, y_b)
    band_top, band_bottom = np.asarray(bands, dtype=np.float64).T
    on_band = ((y0[:, None] <= band_bottom) & (y1[:, None] >= band_top)).any(axis=1)
    boxes = []
    for i in np.flatnonzero(on_band).tolist():
        clip = clip_box(objects[i])
        if clip is None:
            continue
        obj_left, obj_bottom, obj_right, obj_top = bounds[i]
        if obj_right <= clip[0] or obj_left >= clip[2] or obj_top <= clip[1] or obj_bottom >= clip[3]:
            boxes.append((float(x0[i]), float(y0[i]), float(x1[i]), float(y1[i])))
    return boxes


def text_object_bounds(page: int) -> tuple[list[int], list[tuple[float, float, float, float]]]:
    """The page's own text objects (not those inside forms) and their bounds (left, bottom, right,
    top; user space)."""
    objects = []
    bounds = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = tuple(ctypes.addressof(v) for v in (left, bottom, right, top))
    object_bounds = pdf.object_bounds
    for obj, kind in child_objects(page, False):
        if kind == raw.FPDF_PAGEOBJ_TEXT and object_bounds(obj, *refs):
            objects.append(obj)
            bounds.append((left.value, bottom.value, right.value, top.value))
    return objects, bounds


def loose_figure_bands(content: PageContent) -> list[tuple[float, float]]:
    """The vertical bands of the lines outside every grid that print a digit: only there is hidden
    text looked for (see hidden_text)."""
    return [
        (line.top, line.bottom)
        for line in content.lines_outside_grids()
        if any(ch.isdigit() for ch in line.text)
    ]


def with_hidden_text(content: PageContent, page: Any) -> PageContent:
    """The page's content with the boxes of hidden text on its lines of figures outside its grids."""
    bands = loose_figure_bands(content)
    if bands:
        content.hidden_text = hidden_text(page, page_frame(page), bands)
    return content


def read_page(page: Any, number: int, settings: TableFinding = DEFAULT_TABLE_FINDING) -> PageContent:
    """Lines and table grids of one PDFium page, shaped as the pdfplumber reader's."""
    frame = page_frame(page)
    chars = page_chars(page, frame)
    edges, coverage = page_geometry(page, frame)
    tables = []
    for index, cell_boxes in enumerate(find_table_cells(edges, settings) if edges else []):
        table = grid_from_cells(cell_boxes, chars, number, index)
        if table is not None:
            table.engine = ENGINE
            tables.append(table)
    return PageContent(
        number=number,
        width=frame.width,
        height=frame.height,
        n_chars=len(chars),
        lines=build_lines(chars),
        tables=tables,
        has_text_layer=text_layer_usable(c["text"] for c in chars),
        image_coverage=coverage,
        engine=ENGINE,
    )


def read_pages(
    document: pdfium.PdfDocument,
    settings: TableFinding = DEFAULT_TABLE_FINDING,
    pages: Iterable[int] | None = None,
    reference: Callable[[int], PageContent] | None = None,
) -> Iterator[PageContent]:
    """Yield each page's content; `pages` are 1-based numbers (all when None).

    A page set in a font the PDF does not embed is read by `reference` (the pdfplumber reader,
    which measures glyphs from the PDF's own widths and fixed metrics) when one is given, so
    that what comes out depends on the PDF alone, not on the fonts installed on the machine.
    """
    wanted = set(pages) if pages is not None else None
    embedded: dict[int, bool] = {}
    for index in range(len(document)):
        number = index + 1
        if wanted is not None and number not in wanted:
            continue
        page = document[index]
        try:
            if reference is not None and uses_unembedded_font(pdf.handle_of(page.raw), embedded):
                yield with_hidden_text(reference(number), page)
            else:
                yield with_hidden_text(read_page(page, number, settings), page)
        finally:
            page.close()
