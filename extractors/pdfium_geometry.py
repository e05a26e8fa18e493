"""What PDFium's page objects paint, in pdfplumber's page coordinates: the axis-aligned edges
of painted paths (the candidates for table rules) and the share of the page its largest image
covers.

Coordinates follow pdfplumber: points from the media box's top-left corner, y growing downwards.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

import pypdfium2.raw as raw
from disclosure.extractors import pdfium_bulk as bulk
from disclosure.extractors import pdfium_handles as pdf

# A segment within this many points of horizontal (vertical) is a horizontal (vertical) edge.
AXIS_TOLERANCE = 0.01
MAX_FORM_DEPTH = 8

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
        self.x, self.y = ctypes.c_float(0), ctypes.c_float(0)
        self.matrix_ref = ctypes.addressof(self.matrix)
        self.x_ref, self.y_ref = ctypes.addressof(self.x), ctypes.addressof(self.y)


def object_matrix(obj: int, scratch: Scratch) -> Matrix:
    if not pdf.object_matrix_into(obj, scratch.matrix_ref):
        return IDENTITY
    matrix = scratch.matrix
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


PAINTED_OBJECTS = (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE)


@dataclass
class PageObjects:
    """A page's object tree, walked once for its readers: the font check
    (pdfium_layer.uses_unembedded_font), the painted geometry (page_geometry), the hidden text
    (hidden_text) and the characters' fonts (pdfium_chars). A page may hold one text object per glyph, and each walk costs PDFium calls per
    object: walked once, a page's objects cost two or three calls each, not six or seven.
    """

    # The page's own text objects (not those inside forms), in page order: hidden_text's candidates.
    text: list[int] = field(default_factory=list)
    # The fonts of every text object, forms included (to MAX_FORM_DEPTH): the font check's question.
    fonts: set[int] = field(default_factory=set)
    # Every object walked, forms included, with PDFium's answer for its font (None for an object
    # that is not text): the character reader groups glyphs by text object and needs their fonts.
    object_fonts: dict[int, int | None] = field(default_factory=dict)
    # Path and image objects with their type and their container's matrix to page space (IDENTITY on
    # the page, a form's matrix inside it), forms descended in place: page order, as drawn.
    painted: list[tuple[int, int, Matrix]] = field(default_factory=list)
    # Whether `fonts` holds the font of every text object on the page: False when a text object has
    # no font or a form lies deeper than MAX_FORM_DEPTH (its objects not walked).
    fonts_complete: bool = True
    # The text objects PDFium gives bounds for and those bounds, once asked for (hidden_text's
    # page_text_bounds: both of its readers want them).
    text_bounds: tuple[list[int], Any] | None = None


def page_objects(page: int) -> PageObjects:
    """Walk the page's objects once (see PageObjects); descends into forms to MAX_FORM_DEPTH."""
    objects = PageObjects()
    collect_objects(page, False, IDENTITY, objects, Scratch(), 0)
    return objects


def collect_objects(
    container: int, in_form: bool, parent: Matrix, objects: PageObjects, scratch: Scratch, depth: int
) -> None:
    """Add the objects inside a page (or a form object) to `objects` (see PageObjects).

    Each object's font is asked for before its type: PDFium answers a null font for every object
    that is not text, so a text object (most of a page's objects) costs one call besides its
    handle instead of two, and the font check needs no further calls. Both come for all the
    objects at once (pdfium_bulk.container_objects); only the objects without a font are looked at
    one by one.
    """
    handles, fonts = bulk.container_objects(container, in_form)
    objects.fonts.update(filter(None, fonts))
    objects.object_fonts.update(zip(handles, fonts, strict=True))
    fontless_text = set()
    for index in [index for index, font in enumerate(fonts) if not font]:
        obj = handles[index]
        kind = pdf.object_type(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT:  # a text object without a font
            fontless_text.add(index)
            objects.fonts_complete = False
        elif kind in PAINTED_OBJECTS:
            objects.painted.append((obj, kind, parent))
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            matrix = multiply(object_matrix(obj, scratch), parent)
            collect_objects(obj, True, matrix, objects, scratch, depth + 1)
        elif kind == raw.FPDF_PAGEOBJ_FORM:  # too deep to walk: its text objects' fonts are unknown
            objects.fonts_complete = False
    # text objects inside forms are not hidden_text's candidates: only their fonts are kept
    if not in_form:
        if fontless_text:
            objects.text.extend(
                obj for index, obj in enumerate(handles) if fonts[index] or index in fontless_text
            )
        else:
            objects.text.extend(compress(handles, fonts))


def add_path_edges(
    segments: bulk.PathSegments, path: int, matrix: Matrix, frame: PageFrame, edges: list[dict[str, Any]]
) -> None:
    """Append to `edges` the edges (segment_edge) of the straight pieces of the `path`-th path of
    `segments`, in page coordinates (curves are reduced to their end points), piece by piece as
    the pen draws them.

    The pieces go straight to segment_edge, with no generator between (a page may paint tens of
    thousands of pieces)."""
    a, b, c, d, e, f = matrix
    to_page = frame.point
    move_to, append = raw.FPDF_SEGMENT_MOVETO, edges.append
    start: tuple[float, float] | None = None
    previous: tuple[float, float] | None = None
    first, end = segments.starts[path], segments.starts[path + 1]
    for px, py, kind, flags in zip(
        segments.xs[first:end],
        segments.ys[first:end],
        segments.kinds[first:end],
        segments.flags[first:end],
        strict=True,
    ):
        if not flags & bulk.SEGMENT_READ:
            continue
        point = to_page(a * px + c * py + e, b * px + d * py + f)  # apply(matrix, px, py)
        if kind == move_to:
            start = previous = point
            continue
        if previous is not None and (edge := segment_edge(previous, point)) is not None:
            append(edge)
        previous = point
        if start is not None and start != point and flags & bulk.SEGMENT_CLOSES:
            if (edge := segment_edge(point, start)) is not None:
                append(edge)
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


def page_geometry(
    page: Any, frame: PageFrame, objects: PageObjects | None = None
) -> tuple[list[dict[str, Any]], float]:
    """The page's axis-aligned painted edges and the share of it covered by its largest image.

    `objects` is the page's walk (page_objects), when the caller has it already."""
    if objects is None:
        objects = page_objects(pdf.handle_of(page.raw))
    edges: list[dict[str, Any]] = []
    largest_image = 0.0
    painted = objects.painted
    matrices = bulk.object_matrices([obj for obj, _, _ in painted])
    paths = [obj for obj, kind, _ in painted if kind == raw.FPDF_PAGEOBJ_PATH]
    shows = bulk.painted_paths(paths)
    segments = bulk.path_segments([path for path, shown in zip(paths, shows, strict=True) if shown])
    path_shows, path_number = iter(shows), 0
    for (_, kind, parent), own in zip(painted, matrices, strict=True):
        matrix = multiply(IDENTITY if own is None else own, parent)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            if not next(path_shows):
                continue
            add_path_edges(segments, path_number, matrix, frame, edges)
            path_number += 1
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            corners = [frame.point(*apply(matrix, cx, cy)) for cx, cy in ((0, 0), (1, 0), (0, 1), (1, 1))]
            xs = [min(max(c[0], 0.0), frame.width) for c in corners]
            ys = [min(max(c[1], 0.0), frame.height) for c in corners]
            largest_image = max(largest_image, (max(xs) - min(xs)) * (max(ys) - min(ys)))
    coverage = largest_image / ((frame.width * frame.height) or 1.0)
    return edges, min(coverage, 1.0)
