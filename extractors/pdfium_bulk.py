"""PDFium's getters asked for many glyphs, objects or path segments at once.

The PDFium reader asks PDFium, for every glyph of a page, its box, matrix, font size and text
object; for every page object its font, bounds, matrix and draw mode; for every path segment its
point, kind and whether it closes its subpath; for the text objects the hidden-text check looks
at, the points of their clipping paths. Each answer is a few field reads in PDFium, but a call through
ctypes costs a quarter of a microsecond or more, and the corpus's pages make millions of them.

Each function here makes those calls in a loop in C when the compiled helper
(extractors/pdfium_loops.c, built at install by setup.py) is there, else one by one through
ctypes. Both make the same calls of the same PDFium, so they give the same values: the helper
only saves the cost of the calls (tests/test_pdfium_bulk.py compares the two on corpus pages).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np
import pypdfium2.raw as raw
from disclosure.extractors import pdfium_handles as pdf

# A glyph's slot in glyph_boxes's array: its loose box (left, top, right, bottom), then its matrix
# (a, b, c, d, e, f), as PDFium gives them (float32).
GLYPH_SLOT = 10
MATRIX_OFFSET = 4
Matrix = tuple[float, float, float, float, float, float]
# A colour channel at full intensity (PDFium gives colours as 8-bit RGBA): white is all three.
WHITE_CHANNEL = 255
# path_segments's flags: the segment and its point were given; the segment closes its subpath.
SEGMENT_READ, SEGMENT_CLOSES = 1, 2


# The compiled helper's functions and their arguments (extractors/pdfium_loops.c): addresses (of
# PDFium's functions, handles and the caller's arrays) and counts.
_ADDRESS, _COUNT = ctypes.c_void_p, ctypes.c_int32
LOOP_ARGUMENTS = {
    "glyph_boxes": [_ADDRESS] * 4 + [_COUNT] + [_ADDRESS] * 2,
    "glyph_sizes": [_ADDRESS] * 3 + [_COUNT, _ADDRESS],
    "glyph_objects": [_ADDRESS] * 3 + [_COUNT, _ADDRESS],
    "container_objects": [_ADDRESS] * 4 + [_COUNT] + [_ADDRESS] * 2,
    "object_bounds": [_ADDRESS] * 2 + [_COUNT] + [_ADDRESS] * 2,
    "object_matrices": [_ADDRESS] * 2 + [_COUNT] + [_ADDRESS] * 2,
    "clip_undecided": [_ADDRESS] * 7 + [_COUNT, _ADDRESS],
    "draw_modes": [_ADDRESS] * 2 + [_COUNT] + [_ADDRESS] * 3,
    "object_colors": [_ADDRESS] * 2 + [_COUNT] + [_ADDRESS] * 2,
    "segment_counts": [_ADDRESS] * 2 + [_COUNT, _ADDRESS],
    "path_segments": [_ADDRESS] * 5 + [_COUNT] + [_ADDRESS] * 4,
}


def load_loops() -> Any:
    """The compiled helper as a ctypes library, its functions' arguments declared; None when it
    was not built (no C compiler at install): the calls are then made one by one."""
    try:
        from disclosure.extractors import _pdfium_loops  # type: ignore[attr-defined]
    except ImportError:
        return None
    # PyDLL keeps the GIL through each call, as the per-call prototypes do (pdfium_handles): PDFium
    # is not thread-safe, and a loop here must not run beside another thread's PDFium call.
    library = ctypes.PyDLL(_pdfium_loops.__file__)
    for name, arguments in LOOP_ARGUMENTS.items():
        function = getattr(library, name)
        function.argtypes = arguments
        function.restype = ctypes.c_int32 if name == "container_objects" else None  # how many kept
    return library


LOOPS = load_loops()


def per_call(name: str, restype: Any) -> Any:
    """pypdfium2.raw's function `name` declared with no argument types, for the calls made one by
    one: ctypes then converts no argument, so each is passed as a ctypes object (a handle:
    c_void_p; an out-parameter: byref) or a Python int (an index: C int), the cheapest call
    ctypes makes; the GIL is kept through the call (PYFUNCTYPE, as in pdfium_handles)."""
    return ctypes.PYFUNCTYPE(restype)(pdf.address_of(name))


# (text page, index) -> the glyph's text object; its font size
glyph_object = per_call("FPDFText_GetTextObject", ctypes.c_void_p)
glyph_size = per_call("FPDFText_GetFontSize", ctypes.c_double)
# (text page, index, FS_RECTF* / FS_MATRIX*) -> FPDF_BOOL
glyph_box = per_call("FPDFText_GetLooseCharBox", ctypes.c_int)
glyph_matrix = per_call("FPDFText_GetMatrix", ctypes.c_int)

GLYPH_BOX, GLYPH_MATRIX = pdf.address_of("FPDFText_GetLooseCharBox"), pdf.address_of("FPDFText_GetMatrix")
GLYPH_SIZE, GLYPH_OBJECT = pdf.address_of("FPDFText_GetFontSize"), pdf.address_of("FPDFText_GetTextObject")
PAGE_OBJECT, FORM_OBJECT = pdf.address_of("FPDFPage_GetObject"), pdf.address_of("FPDFFormObj_GetObject")
OBJECT_FONT, OBJECT_BOUNDS = pdf.address_of("FPDFTextObj_GetFont"), pdf.address_of("FPDFPageObj_GetBounds")
PATH_SEGMENT, SEGMENT_POINT = (
    pdf.address_of("FPDFPath_GetPathSegment"),
    pdf.address_of("FPDFPathSegment_GetPoint"),
)
SEGMENT_TYPE, SEGMENT_CLOSE = (
    pdf.address_of("FPDFPathSegment_GetType"),
    pdf.address_of("FPDFPathSegment_GetClose"),
)
OBJECT_MATRIX, DRAW_MODE = pdf.address_of("FPDFPageObj_GetMatrix"), pdf.address_of("FPDFPath_GetDrawMode")
FILL_COLOR, STROKE_COLOR = (
    pdf.address_of("FPDFPageObj_GetFillColor"),
    pdf.address_of("FPDFPageObj_GetStrokeColor"),
)
SEGMENT_COUNT = pdf.address_of("FPDFPath_CountSegments")
CLIP_OF, CLIP_PATHS = pdf.address_of("FPDFPageObj_GetClipPath"), pdf.address_of("FPDFClipPath_CountPaths")
CLIP_SEGMENTS, CLIP_SEGMENT = (
    pdf.address_of("FPDFClipPath_CountPathSegments"),
    pdf.address_of("FPDFClipPath_GetPathSegment"),
)


def glyph_boxes(textpage: int, glyphs: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each glyph's (by index) slot of GLYPH_SLOT floats (its loose box, then its matrix; float32),
    and whether PDFium gave its box, and its matrix (bool arrays)."""
    count = len(glyphs)
    if LOOPS is not None:
        indices = np.array(glyphs, dtype=np.int32)
        slots = np.zeros((count, GLYPH_SLOT), dtype=np.float32)
        found = np.zeros(count, dtype=np.uint8)
        LOOPS.glyph_boxes(
            GLYPH_BOX,
            GLYPH_MATRIX,
            textpage,
            indices.ctypes.data,
            count,
            slots.ctypes.data,
            found.ctypes.data,
        )
        return slots, (found & 1).astype(bool), (found & 2).astype(bool)
    handle = ctypes.c_void_p(textpage)
    buffer = (ctypes.c_float * (GLYPH_SLOT * count))()
    boxed = into_slots(glyph_box, handle, glyphs, buffer, 0)
    with_matrix = into_slots(glyph_matrix, handle, glyphs, buffer, MATRIX_OFFSET)
    slots = np.ctypeslib.as_array(buffer).reshape(count, GLYPH_SLOT)
    return slots, np.array(boxed, dtype=bool), np.array(with_matrix, dtype=bool)


def into_slots(
    function: Any, handle: ctypes.c_void_p, glyphs: list[int], slots: ctypes.Array[Any], offset: int
) -> list[int]:
    """`function(handle, glyph, out)` for each glyph, each writing into its own slot of `slots`
    (GLYPH_SLOT floats apart, `offset` floats in), through map: no Python loop per glyph. Each
    out-parameter is a byref into the array, cheaper to make than a pointer object."""
    size = ctypes.sizeof(ctypes.c_float)
    step, first = GLYPH_SLOT * size, offset * size
    outs = map(ctypes.byref, repeat(slots, len(glyphs)), range(first, first + step * len(glyphs), step))
    return list(map(function, repeat(handle, len(glyphs)), glyphs, outs))


def glyph_sizes(textpage: int, glyphs: list[int]) -> list[float]:
    """Each glyph's font size (FPDFText_GetFontSize), by index."""
    if LOOPS is not None and glyphs:
        return glyph_size_array(textpage, np.array(glyphs)).tolist()  # type: ignore[no-any-return]
    return list(map(glyph_size, repeat(ctypes.c_void_p(textpage)), glyphs))


def glyph_size_array(textpage: int, glyphs: np.ndarray) -> np.ndarray:
    """glyph_sizes of the glyphs at the indices of an integer array, as a float64 array."""
    if LOOPS is None or not glyphs.size:
        return np.array(glyph_sizes(textpage, glyphs.tolist()), dtype=np.float64)
    indices = glyphs.astype(np.int32)
    sizes = np.zeros(len(indices), dtype=np.float64)
    LOOPS.glyph_sizes(GLYPH_SIZE, textpage, indices.ctypes.data, len(indices), sizes.ctypes.data)
    return sizes


def glyph_objects(textpage: int, glyphs: list[int]) -> list[int | None]:
    """Each glyph's text object (FPDFText_GetTextObject; None for none), by index."""
    if LOOPS is not None and glyphs:
        indices = np.array(glyphs, dtype=np.int32)
        objects = np.zeros(len(glyphs), dtype=np.uintp)
        LOOPS.glyph_objects(GLYPH_OBJECT, textpage, indices.ctypes.data, len(glyphs), objects.ctypes.data)
        return [obj or None for obj in objects.tolist()]
    return list(map(glyph_object, repeat(ctypes.c_void_p(textpage)), glyphs))


def container_objects(container: int, in_form: bool) -> tuple[list[int], list[int | None]]:
    """The objects of a page (or of a form object, `in_form`), null handles left out, and each
    one's font (FPDFTextObj_GetFont: None for an object that is not text)."""
    count, get = (
        (pdf.form_object_count, pdf.form_object) if in_form else (pdf.page_object_count, pdf.page_object)
    )
    total = count(container)
    if LOOPS is not None and total > 0:
        handles = np.zeros(total, dtype=np.uintp)
        fonts = np.zeros(total, dtype=np.uintp)
        page_get, form_get = (None, FORM_OBJECT) if in_form else (PAGE_OBJECT, None)
        kept = LOOPS.container_objects(
            page_get, form_get, OBJECT_FONT, container, total, handles.ctypes.data, fonts.ctypes.data
        )
        return handles[:kept].tolist(), [font or None for font in fonts[:kept].tolist()]
    objects = list(filter(None, map(get, repeat(container, total), range(total))))
    return objects, list(map(pdf.text_object_font, objects))


def object_slots(loop: Any, function: int, objects: list[int], width: int) -> tuple[np.ndarray, np.ndarray]:
    """The compiled helper's `loop` asking PDFium's `function` of each object: the `width` floats it
    writes per object (float32), and whether it gave them (uint8)."""
    handles = np.array(objects, dtype=np.uintp)
    slots = np.zeros((len(objects), width), dtype=np.float32)
    found = np.zeros(len(objects), dtype=np.uint8)
    loop(function, handles.ctypes.data, len(objects), slots.ctypes.data, found.ctypes.data)
    return slots, found


def object_bounds(objects: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Which of the objects PDFium gives bounds for (their positions), and the bounds of all (one
    row each: left, bottom, right, top in user space, float32 as PDFium gives them)."""
    count = len(objects)
    if LOOPS is not None and count:
        slots, found = object_slots(LOOPS.object_bounds, OBJECT_BOUNDS, objects, 4)
        return np.flatnonzero(found), slots
    buffer = (ctypes.c_float * (4 * count + 1))()  # one spare: never a zero-length array
    base, size = ctypes.addressof(buffer), ctypes.sizeof(ctypes.c_float)
    sides = (range(first, first + 4 * size * count, 4 * size) for first in range(base, base + 4 * size, size))
    found_list = list(map(pdf.object_bounds, objects, *sides))
    return np.flatnonzero(found_list), np.ctypeslib.as_array(buffer)[: 4 * count].reshape(count, 4)


def object_matrices(objects: list[int]) -> list[Matrix | None]:
    """Each object's matrix (a, b, c, d, e, f; FPDFPageObj_GetMatrix), None when PDFium gives none."""
    if LOOPS is not None and objects:
        slots, found = object_slots(LOOPS.object_matrices, OBJECT_MATRIX, objects, 6)
        return [
            (row[0], row[1], row[2], row[3], row[4], row[5]) if given else None
            for row, given in zip(slots.tolist(), found.tolist(), strict=True)
        ]
    matrix = raw.FS_MATRIX()
    reference = ctypes.addressof(matrix)
    matrices: list[Matrix | None] = []
    for obj in objects:
        given = pdf.object_matrix_into(obj, reference)
        matrices.append((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f) if given else None)
    return matrices


def clip_undecided(objects: list[int], bounds: np.ndarray) -> list[bool] | None:
    """For each object (`bounds`: its left, bottom, right, top in user space, one row each), whether
    a path of its clipping path fails to straddle its centre (hidden_text.straddles, the same
    points read in the same order and compared alike): only then can the clip hide most of it. False for
    an object without a clipping path. None without the compiled helper (the caller then reads
    each clip itself)."""
    if LOOPS is None:
        return None
    count = len(objects)
    if not count:
        return []
    handles = np.array(objects, dtype=np.uintp)
    sides = np.ascontiguousarray(bounds, dtype=np.float64)
    undecided = np.zeros(count, dtype=np.uint8)
    LOOPS.clip_undecided(
        CLIP_OF,
        CLIP_PATHS,
        CLIP_SEGMENTS,
        CLIP_SEGMENT,
        SEGMENT_POINT,
        handles.ctypes.data,
        sides.ctypes.data,
        count,
        undecided.ctypes.data,
    )
    return undecided.astype(bool).tolist()  # type: ignore[no-any-return]


def painted_paths(paths: list[int]) -> list[bool]:
    """Whether each path paints something that shows on white paper: it is filled or stroked
    (FPDFPath_GetDrawMode; clipping-only paths draw nothing), and not only in white or in a fully
    transparent colour (a white box behind a cell's text, spreadsheets print one, is no rule).
    True when PDFium gives no draw mode."""
    count = len(paths)
    if not count:
        return []
    if LOOPS is not None:
        handles = np.array(paths, dtype=np.uintp)
        fills, strokes = np.zeros(count, dtype=np.int32), np.zeros(count, dtype=np.int32)
        found = np.zeros(count, dtype=np.uint8)
        LOOPS.draw_modes(
            DRAW_MODE, handles.ctypes.data, count, fills.ctypes.data, strokes.ctypes.data, found.ctypes.data
        )
        fill, stroke = (found != 0) & (fills != 0), (found != 0) & (strokes != 0)
    else:
        modes = [draw_mode(path) for path in paths]
        found = np.array([mode is not None for mode in modes])
        fill = np.array([mode is not None and mode[0] for mode in modes], dtype=bool)
        stroke = np.array([mode is not None and mode[1] for mode in modes], dtype=bool)
    painted = (found == 0) | fill | stroke
    blank = painted & (found != 0)  # painted, and only in white: decided below
    for drawn, getter, loop_getter in (
        (fill, pdf.fill_color, FILL_COLOR),
        (stroke, pdf.stroke_color, STROKE_COLOR),
    ):
        asked = np.flatnonzero(drawn & blank)
        if asked.size:
            blank[asked] &= white_colors([paths[i] for i in asked.tolist()], getter, loop_getter)
    return (painted & ~blank).tolist()  # type: ignore[no-any-return]


def draw_mode(path: int) -> tuple[bool, bool] | None:
    """(filled, stroked) of a path (FPDFPath_GetDrawMode), None when PDFium gives none."""
    fill, stroke = ctypes.c_int(0), ctypes.c_int(0)
    if not pdf.path_draw_mode(path, ctypes.addressof(fill), ctypes.addressof(stroke)):
        return None
    return bool(fill.value), bool(stroke.value)


def white_colors(objects: list[int], getter: Any, loop_getter: int) -> np.ndarray:
    """Whether each object's colour (FPDFPageObj_GetFillColor or _GetStrokeColor, in RGBA) is white or
    fully transparent; False where PDFium gives none (a pattern)."""
    count = len(objects)
    slots = np.zeros((count, 4), dtype=np.uint32)
    found = np.zeros(count, dtype=np.uint8)
    if LOOPS is not None:
        handles = np.array(objects, dtype=np.uintp)
        LOOPS.object_colors(loop_getter, handles.ctypes.data, count, slots.ctypes.data, found.ctypes.data)
    else:
        channels = [ctypes.c_uint(0) for _ in range(4)]
        references = [ctypes.addressof(channel) for channel in channels]
        for i, obj in enumerate(objects):
            found[i] = 1 if getter(obj, *references) else 0
            slots[i] = [channel.value for channel in channels]
    white = (slots[:, :3] == WHITE_CHANNEL).all(axis=1) | (slots[:, 3] == 0)
    return (found != 0) & white  # type: ignore[no-any-return]


@dataclass(frozen=True)
class PathSegments:
    """The segments of several paths, path after path: path i's are those from starts[i] to
    starts[i + 1]. Each has its point (x, y, user space), kind (FPDF_SEGMENT_*) and flags
    (SEGMENT_READ: the segment and its point were given, else the rest means nothing;
    SEGMENT_CLOSES)."""

    starts: list[int]
    xs: list[float]
    ys: list[float]
    kinds: list[int]
    flags: list[int]


def path_segments(paths: list[int]) -> PathSegments:
    """The segments of these paths (see PathSegments)."""
    count = len(paths)
    if LOOPS is not None and count:
        handles = np.array(paths, dtype=np.uintp)
        counts = np.zeros(count, dtype=np.int32)
        LOOPS.segment_counts(SEGMENT_COUNT, handles.ctypes.data, count, counts.ctypes.data)
        counts = np.maximum(counts, 0)
        total = int(counts.sum())
        points = np.zeros((total, 2), dtype=np.float32)
        kinds = np.zeros(total, dtype=np.int32)
        flags = np.zeros(total, dtype=np.uint8)
        LOOPS.path_segments(
            PATH_SEGMENT,
            SEGMENT_POINT,
            SEGMENT_TYPE,
            SEGMENT_CLOSE,
            handles.ctypes.data,
            count,
            counts.ctypes.data,
            points.ctypes.data,
            kinds.ctypes.data,
            flags.ctypes.data,
        )
        starts = [0, *np.cumsum(counts).tolist()]
        return PathSegments(
            starts, points[:, 0].tolist(), points[:, 1].tolist(), kinds.tolist(), flags.tolist()
        )
    return segments_one_by_one(paths)


def segments_one_by_one(paths: list[int]) -> PathSegments:
    """path_segments's answer, PDFium asked segment by segment."""
    x, y = ctypes.c_float(0), ctypes.c_float(0)
    x_ref, y_ref = ctypes.addressof(x), ctypes.addressof(y)
    segments = PathSegments([0], [], [], [], [])
    for path in paths:
        for index in range(max(pdf.path_segment_count(path), 0)):
            segment = pdf.path_segment(path, index)
            if not segment or not pdf.segment_point(segment, x_ref, y_ref):
                point, kind, flags = (0.0, 0.0), -1, 0
            else:
                point, kind = (x.value, y.value), pdf.segment_type(segment)
                flags = SEGMENT_READ | (SEGMENT_CLOSES if pdf.segment_closes(segment) else 0)
            segments.xs.append(point[0])
            segments.ys.append(point[1])
            segments.kinds.append(kind)
            segments.flags.append(flags)
        segments.starts.append(len(segments.xs))
    return segments
