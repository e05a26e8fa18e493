"""PDFium's characters of a page as pdfplumber-shaped dicts (text, x0, x1, top, bottom, size).

The work per glyph is the reader's hottest: PDFium's answers for all the page's glyphs come in
arrays (pdfium_bulk: in a C loop, no Python per glyph), and the boxes are computed on arrays
(numpy), the same float64 arithmetic as per glyph in Python.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterable
from itertools import compress, repeat
from typing import Any

import numpy as np
import pypdfium2.raw as raw
from disclosure.extractors import pdfium_bulk as bulk
from disclosure.extractors import pdfium_handles as pdf
from disclosure.extractors.char_columns import CharColumns
from disclosure.extractors.glyph_metrics import DEFAULT_DESCENT, plausible_descent
from disclosure.extractors.hidden_text import CutText
from disclosure.extractors.pdfium_bulk import MATRIX_OFFSET
from disclosure.extractors.pdfium_geometry import PageFrame, PageObjects
from disclosure.extractors.records import Box

# Characters PDFium's text page reports that are not glyphs on the page.
CONTROL_CHARS = frozenset({"\r", "\n", "\uffff", "\x00"})
# PDFium reports a hyphen that ends a line as U+0002 (FPDFText_GetUnicode) or U+FFFE
# (FPDFText_GetText); the page shows "-".
PDFIUM_LINE_END_HYPHENS = frozenset({"\x02", "\ufffe"})
# A glyph of a text object cut by its clip is shown when at least this share of its box is inside:
# a line wrapped below a cell's rule shows the top third of its boxes as specks (19894b8491d4 p11),
# an amount cut at a continuation page's first rule the lower half of its digits (p71).
CLIP_SHOWN_SHARE = 0.4
# A glyph whose up direction leans less than this (run over rise) is upright.
UPRIGHT_SLOPE = 0.1


def glyph_metrics(
    textpage: int,
    indices: list[int],
    known_fonts: dict[int, int | None] | None = None,
    descent: float | None = None,
) -> tuple[list[float], list[float]]:
    """Each character's font size (in text space) and descent per point of size, both of its text
    object (characters by index, ascending).

    Both are the same for every glyph of one text object: they are read from its first glyph
    among `indices`. A character without a text object has its own font size and the default
    descent. Pages may hold one text object per glyph, so a new object must be cheap too: the
    fonts of the page's objects, when the page's walk has them (PageObjects.object_fonts), are
    not asked for again. `descent`, when given (page_descent), is every glyph's: then no glyph's
    text object is needed, and each glyph's font size (its text object's) is read from the glyph.
    """
    if descent is not None:
        return bulk.glyph_sizes(textpage, indices), [descent] * len(indices)
    objects = bulk.glyph_objects(textpage, indices)
    # each text object's first character: the pairs are read last to first, the first one wins
    firsts = dict(zip(reversed(objects), reversed(indices), strict=True))
    orphans = firsts.pop(None, None) is not None
    owners = list(firsts)[::-1]  # in character order
    fonts = owner_fonts(owners, known_fonts)
    descents = {font: font_descent(font) for font in set(fonts) if font}
    owner_descents = [descents.get(font, DEFAULT_DESCENT) for font in fonts]
    if len(owners) == len(objects):  # one glyph per text object: owners are objects
        return bulk.glyph_sizes(textpage, indices), owner_descents
    size_of = dict(zip(owners, bulk.glyph_sizes(textpage, list(firsts.values())[::-1]), strict=True))
    descent_of = dict(zip(owners, owner_descents, strict=True))
    if not orphans:
        return list(map(size_of.__getitem__, objects)), list(map(descent_of.__getitem__, objects))
    sizes = [
        size_of[key] if key is not None else bulk.glyph_size(ctypes.c_void_p(textpage), index)
        for key, index in zip(objects, indices, strict=True)
    ]
    return sizes, list(map(descent_of.get, objects, repeat(DEFAULT_DESCENT)))


def owner_fonts(owners: list[int], known_fonts: dict[int, int | None] | None) -> list[Any]:
    """The font of each text object: from the page's walk (`known_fonts`) when it has them all (the
    usual case), else asked of PDFium for those it lacks."""
    if known_fonts is None:
        return list(map(pdf.text_object_font, owners))
    try:
        return list(map(known_fonts.__getitem__, owners))
    except KeyError:  # an owner the walk did not meet
        return [
            known_fonts[owner] if owner in known_fonts else pdf.text_object_font(owner) for owner in owners
        ]


def page_descent(objects: PageObjects) -> float | None:
    """The descent (font_descent) of every glyph on the page, when all have one: the walk knows
    every text object's font (PageObjects.fonts_complete) and those fonts share one descent, sign
    of zero included. None otherwise.

    Every glyph of PDFium's text page belongs to a text object: PDFium generates characters
    without one, but only spaces and line breaks (GenerateCharInfo), which are no glyphs.
    """
    if not objects.fonts_complete or not objects.fonts:
        return None
    first, *others = (font_descent(font) for font in objects.fonts)
    sign = math.copysign(1.0, first)
    if all(value == first and math.copysign(1.0, value) == sign for value in others):
        return first
    return None


def font_descent(font: int) -> float:
    """The font's descent per point of size (the default when PDFium has none or it is implausible)."""
    value = ctypes.c_float(0)
    found = pdf.font_descent(font, ctypes.c_float(1.0), ctypes.byref(value))
    return plausible_descent(value.value) if found else DEFAULT_DESCENT


def page_text(textpage: Any, count: int) -> str | None:
    """The text page's characters in one call, one per character index (None if they don't align)."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = raw.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")
    return text if len(text) == count else None


def page_chars(page: Any, frame: PageFrame, objects: PageObjects | None = None) -> list[dict[str, Any]]:
    """Visible characters with pdfplumber-style boxes (page_char_columns without the columns)."""
    return page_char_columns(page, frame, objects)[0]


def page_char_columns(
    page: Any, frame: PageFrame, objects: PageObjects | None = None, cut: CutText | None = None
) -> tuple[list[dict[str, Any]], CharColumns]:
    """Visible characters with pdfplumber-style boxes, and their columns (CharColumns.of(chars),
    taken from the arrays the boxes were computed on rather than read back from the dicts).

    Horizontally the loose glyph box; vertically pdfminer's box, from the baseline's descent up one
    font size, so that every glyph of a line shares one band (PDFium's own boxes hug each glyph and
    would put a comma on a line of its own). `objects` is the page's walk (page_objects), when the
    caller has it: its fonts are not asked for again. `cut`: the text objects cut by their clipping
    path (hidden_text.cut_text_objects), whose glyphs it hides are left out or moved (clip_shown).
    """
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        whole = page_text(textpage.raw, count)
        texts = whole if whole is not None else [unicode_char(textpage.raw, i) for i in range(count)]
        if objects is None:
            return visible_char_columns(textpage.raw, texts, frame, cut=cut)
        return visible_char_columns(
            textpage.raw, texts, frame, objects.object_fonts, page_descent(objects), cut
        )
    finally:
        textpage.close()


def unicode_char(textpage: Any, index: int) -> str:
    code = raw.FPDFText_GetUnicode(textpage, index)
    return chr(code) if code else ""


def visible_char_columns(
    textpage: Any,
    texts: Iterable[str],
    frame: PageFrame,
    known_fonts: dict[int, int | None] | None = None,
    descent: float | None = None,
    cut: CutText | None = None,
) -> tuple[list[dict[str, Any]], CharColumns]:
    """The boxes of the characters (`texts`, one per character index) that are glyphs on the page
    (`known_fonts`: the fonts of the page's objects, when its walk has them; `descent`: every
    glyph's, when the page's fonts share one, page_descent; `cut`: see page_char_columns).

    PDFium's loose box and matrix of every glyph come in one array (pdfium_bulk.glyph_boxes); the
    boxes are then computed on arrays (numpy), the same float64 arithmetic as per glyph in Python.
    The characters' columns are those arrays, the very floats of the dicts.
    """
    handle = pdf.handle_of(textpage)
    printed = list(texts)
    glyphs = list(map(glyph_texts(set(printed)).__getitem__, printed))
    candidates = list(compress(range(len(glyphs)), glyphs))  # a glyph's text is never empty
    count = len(candidates)
    if not count:
        return no_chars()
    slots, boxed, with_matrix = bulk.glyph_boxes(handle, candidates)
    found = np.flatnonzero(boxed)
    if not found.size:
        return no_chars()
    values = slots[found].astype(np.float64)
    indices = np.array(candidates)[found]
    (left, top), (right, bottom) = (
        frame.point(values[:, 0], values[:, 1]),
        frame.point(values[:, 2], values[:, 3]),
    )
    flip_x, flip_y = right < left, bottom < top  # sorted(), ties in order
    x0, x1 = np.where(flip_x, right, left), np.where(flip_x, left, right)
    top, bottom = np.where(flip_y, bottom, top), np.where(flip_y, top, bottom)
    size = bottom - top
    c, d = values[:, MATRIX_OFFSET + 2], values[:, MATRIX_OFFSET + 3]
    up_x, up_top = frame.vector(c, d)
    upright = np.flatnonzero(
        with_matrix[found] & (up_top < 0) & (np.abs(up_x) <= np.abs(up_top) * UPRIGHT_SLOPE)
    )
    if upright.size:
        # Upright glyph: the font's size times the text's vertical scale; (e, f) is the origin on
        # the baseline, the box runs from the descent up one size.
        font_size, descents = upright_metrics(handle, indices[upright], known_fonts, descent)
        scale = list(map(math.hypot, c[upright].tolist(), d[upright].tolist()))
        upright_size = font_size * np.array(scale, dtype=np.float64)
        _, baseline = frame.point(values[upright, MATRIX_OFFSET + 4], values[upright, MATRIX_OFFSET + 5])
        upright_bottom = baseline - descents * upright_size
        size[upright] = upright_size
        bottom[upright] = upright_bottom
        top[upright] = upright_bottom - upright_size
    drawn_x0, drawn_top = x0, top  # where each glyph is drawn, before clip_shown moves any
    if cut is not None:
        drawn_x0, drawn_top = x0.copy(), top.copy()
        shown = clip_shown(handle, indices, cut, x0, top, x1, bottom)
        if shown is not None:
            indices, x0, x1, top, bottom, size, drawn_x0, drawn_top = (
                a[shown] for a in (indices, x0, x1, top, bottom, size, drawn_x0, drawn_top)
            )
    texts_found = list(map(glyphs.__getitem__, indices.tolist()))
    columns = [texts_found, x0.tolist(), x1.tolist(), top.tolist(), bottom.tolist(), size.tolist()]
    # Fake bold prints each glyph two or more times at (almost) the same place: the first is kept.
    # The place it is drawn: glyphs a clip hides, moved to one point, repeat none ("2022-12-3").
    if shared_points(drawn_x0, drawn_top):
        keys = list(zip(texts_found, *whole_points(drawn_x0, drawn_top), strict=True))
        firsts = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))
        if len(firsts) < len(keys):
            kept = sorted(firsts.values())
            columns = [[column[i] for i in kept] for column in columns]
            x0, x1, top, bottom, size = (array[kept] for array in (x0, x1, top, bottom, size))
    chars = [
        {"text": text, "x0": a, "x1": b, "top": t, "bottom": u, "size": s}
        for text, a, b, t, u, s in zip(*columns, strict=True)
    ]
    return chars, CharColumns.of_arrays(chars, x0, x1, top, bottom, size)


def clip_shown(
    textpage: int,
    indices: np.ndarray,
    cut: CutText,
    x0: np.ndarray,
    top: np.ndarray,
    x1: np.ndarray,
    bottom: np.ndarray,
) -> np.ndarray | None:
    """Positions of the glyphs (`indices`, boxed by x0, top, x1, bottom) to keep; None to keep all.

    A glyph of a cut text object inside one of the page's tables is hidden when less than
    CLIP_SHOWN_SHARE of its box is inside the clip's box: a line wrapped below the cell's rule, a
    label's end run past the cell's right rule. A hidden glyph drawn after a glyph shown inside the
    same clip continues that glyph's line: it is moved into that glyph, after it, with no width, so
    that the cell holds the whole label ("水利工程运行与维" and a hidden "护" below; "人员经费和公用经费支"
    and a hidden "出" in the next cell, before its figure). One drawn before a glyph shown wholly
    right of the clip's left side begins that glyph's line, at its start: a centred header's start
    run past its cell's left rule ("部门预算" + "支出经济分类科目"). Any other hidden glyph is left
    out. Text outside the tables is the page's: hidden_text's boxes tell which of it the page
    shows.

    The arrays are changed in place for the glyphs moved."""
    owners = bulk.glyph_objects(textpage, indices.tolist())
    cut_glyphs = [k for k, owner in enumerate(owners) if owner in cut.clips]
    if not cut_glyphs:
        return None
    at = np.array(cut_glyphs)
    clips = np.array([cut.clips[owners[k]] for k in cut_glyphs], dtype=np.float64)  # x0, top, x1, bottom
    inside_height = np.minimum(bottom[at], clips[:, 3]) - np.maximum(top[at], clips[:, 1])
    inside_width = np.minimum(x1[at], clips[:, 2]) - np.maximum(x0[at], clips[:, 0])
    inside = np.clip(inside_height, 0, None) * np.clip(inside_width, 0, None)
    x_mid, y_mid = (x0[at] + x1[at]) / 2, (top[at] + bottom[at]) / 2
    in_grid = np.zeros(len(at), dtype=bool)
    for grid in cut.grids:
        in_grid |= (grid.x0 <= x_mid) & (x_mid <= grid.x1) & (grid.top <= y_mid) & (y_mid <= grid.bottom)
    hidden = set(
        at[in_grid & (inside < CLIP_SHOWN_SHARE * (bottom[at] - top[at]) * (x1[at] - x0[at]))].tolist()
    )
    if not hidden:
        return None
    left_out = []
    for k in sorted(hidden):
        clip = cut.clips[owners[k]]
        before = k - 1  # the glyph drawn last before it that is shown (a cell's lines come in turn)
        while before in hidden:
            before -= 1
        after = k + 1
        while after in hidden:
            after += 1
        if before >= 0 and centred_in(clip, x0, top, x1, bottom, before):
            # at the shown glyph's middle: its end may lie past the cell's rule, in the next cell
            x0[k] = x1[k] = (x0[before] + x1[before]) / 2
            top[k], bottom[k] = top[before], bottom[before]
        elif (
            after < len(indices)
            and centred_in(clip, x0, top, x1, bottom, after)
            and x0[after] >= clip.x0
            and begins_line_of(x0, top, x1, bottom, k, after)
        ):
            # at the start of a shown glyph wholly right of the cell's left rule: a centred
            # header's start run past that rule
            x0[k] = x1[k] = x0[after]
            top[k], bottom[k] = top[after], bottom[after]
        else:
            left_out.append(k)
    kept = np.ones(len(indices), dtype=bool)
    kept[left_out] = False
    return np.flatnonzero(kept)


def begins_line_of(
    x0: np.ndarray, top: np.ndarray, x1: np.ndarray, bottom: np.ndarray, glyph: int, shown: int
) -> bool:
    """Is the glyph on the shown glyph's line (its middle within the shown one's height), left of
    it? A hidden label elsewhere in the clip (a merged cell's name drawn far below the header row
    that clips it, 19894b8491d4 p154) begins no line of the cell."""
    y_mid = (top[glyph] + bottom[glyph]) / 2
    x_mid = (x0[glyph] + x1[glyph]) / 2
    return bool(top[shown] <= y_mid <= bottom[shown] and x_mid <= x0[shown])


def centred_in(
    box: Box, x0: np.ndarray, top: np.ndarray, x1: np.ndarray, bottom: np.ndarray, glyph: int
) -> bool:
    """Does the glyph's centre lie inside the box?"""
    x_mid, y_mid = (x0[glyph] + x1[glyph]) / 2, (top[glyph] + bottom[glyph]) / 2
    return bool(box.x0 <= x_mid <= box.x1 and box.top <= y_mid <= box.bottom)


def no_chars() -> tuple[list[dict[str, Any]], CharColumns]:
    """A page without visible characters, and its (empty) columns."""
    empty = np.zeros(0)
    return [], CharColumns.of_arrays([], empty, empty, empty, empty, empty)


def upright_metrics(
    textpage: int, indices: np.ndarray, known_fonts: dict[int, int | None] | None, descent: float | None
) -> tuple[np.ndarray, np.ndarray | float]:
    """glyph_metrics of the glyphs at `indices`, as arrays; where `descent` is every glyph's
    (page_descent), the sizes are read into an array straight away and the descent is that one
    number (the same products as with an array of it)."""
    if descent is not None:
        return bulk.glyph_size_array(textpage, indices), descent
    font_size, descents = glyph_metrics(textpage, indices.tolist(), known_fonts)
    return np.array(font_size), np.array(descents)


# Each character text met so far, and what glyph_text makes of it (the same for every page).
GLYPH_TEXTS: dict[str, str | None] = {}
GLYPH_TEXTS_LIMIT = 1 << 16


def glyph_texts(texts: set[str]) -> dict[str, str | None]:
    """glyph_text of each of `texts` (and of others met before): looked up in GLYPH_TEXTS, which
    learns those it lacks (a document has a few thousand distinct characters, a page a few
    hundred, most met on earlier pages)."""
    missing = texts.difference(GLYPH_TEXTS)
    if missing:
        if len(GLYPH_TEXTS) + len(missing) > GLYPH_TEXTS_LIMIT:
            GLYPH_TEXTS.clear()  # started afresh with this page's texts, all of them
            missing = texts
        GLYPH_TEXTS.update((text, glyph_text(text)) for text in missing)
    return GLYPH_TEXTS


def shared_points(x0: np.ndarray, top: np.ndarray) -> bool:
    """Whether two glyphs may share their whole points (whole_points): only then can one be a
    repeat of another, and the glyphs are looked at one by one. Decided on arrays (the points
    sorted, neighbours compared); True when a value is not finite (whole_points raises then)."""
    if not (np.isfinite(x0).all() and np.isfinite(top).all()):
        return True
    x, y = np.rint(x0), np.rint(top)
    order = np.lexsort((y, x))
    x, y = x[order], y[order]
    return bool(((x[1:] == x[:-1]) & (y[1:] == y[:-1])).any())


def whole_points(x0: np.ndarray, top: np.ndarray) -> list[list[Any]]:
    """round() of each x0 and top: on arrays (numpy's rint rounds half to even, as round() does;
    the same values) unless one is not finite, where round() raises as it always did."""
    if np.isfinite(x0).all() and np.isfinite(top).all():
        return [np.rint(x0).tolist(), np.rint(top).tolist()]
    return [list(map(round, x0.tolist())), list(map(round, top.tolist()))]


def glyph_text(text: str) -> str | None:
    """The text a character of the text page prints; None for whitespace and control characters
    (PDFium's generated spaces and line breaks among them)."""
    if text in PDFIUM_LINE_END_HYPHENS:
        return "-"
    if not text.strip() or text in CONTROL_CHARS:
        return None
    return text
