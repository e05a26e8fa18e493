"""Text drawn outside its clipping path: in the file, never seen on the page.

Layout features:
- a merged cell straddling a page break has its label drawn centred on the whole cell on both
  pages, and clipped to the part each page shows; where the centre falls in the other page's
  part, the text is in the file but never seen. The normalizers leave such lines out
  (PageContent.hidden_text).
- a report generator writes a cell's text whole and clips it to the cell: a name too long for
  its cell wraps onto a line below the cell's rule, which the clip hides ("2130306-水利工程运行与维"
  and a hidden "护" below). Read as they are, the hidden glyphs join the text of the cell they fall
  in ("护2130306-…"). The reader finds the cut text objects here (cut_text_objects) and moves their
  hidden glyphs into the label they continue, or leaves them out (pdfium_chars.clip_shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from disclosure.extractors import pdfium_bulk as bulk
from disclosure.extractors import pdfium_handles as pdf
from disclosure.extractors.pdfium_geometry import PageFrame, PageObjects, Scratch, page_frame, page_objects
from disclosure.extractors.records import Box, PageContent

# A box in PDF user space, y growing upwards: left, bottom, right, top.
UserBox = tuple[float, float, float, float]
# A text object reaches across a ruling line when the line lies this far (pt) inside its box …
RULE_CROSSING = 1.0
# … and is cut by its clipping path when it reaches this far (pt) beyond the clip's box.
CLIP_OVERHANG = 1.0


def clip_box(obj: int, scratch: Scratch | None = None) -> UserBox | None:
    """The bounding box (user space) of a page object's clipping path; None when it has none.

    A clipping path is the intersection of its paths; each path is taken as its bounding box.
    `scratch` holds the point out-parameters (one per page walk, allocated here when not given).
    """
    clip = pdf.object_clip_path(obj)
    if not clip:
        return None
    if scratch is None:
        scratch = Scratch()
    x, y, x_ref, y_ref = scratch.x, scratch.y, scratch.x_ref, scratch.y_ref
    clip_segment, segment_point = pdf.clip_segment, pdf.segment_point
    box: UserBox | None = None
    for path in range(pdf.clip_path_count(clip)):
        own: UserBox | None = None
        for index in range(pdf.clip_segment_count(clip, path)):
            segment = clip_segment(clip, path, index)
            if segment and segment_point(segment, x_ref, y_ref):
                px, py = x.value, y.value
                if own is None:
                    own = (px, py, px, py)
                else:  # min() and max() of the points, kept as they come (ties keep the first)
                    left, bottom, right, top = own
                    own = (
                        px if px < left else left,
                        py if py < bottom else bottom,
                        px if px > right else right,
                        py if py > top else top,
                    )
        if own is not None:
            box = (
                own
                if box is None
                else (max(box[0], own[0]), max(box[1], own[1]), min(box[2], own[2]), min(box[3], own[3]))
            )
    return box


def outside_clip(obj: int, bounds: UserBox, scratch: Scratch) -> bool:
    """Whether a page object (`bounds`: its bounds) lies wholly outside its clipping path's box
    (clip_box); False when it has no clipping path.

    Most objects lie inside: once each path of the clip has shown points on either side of the
    object's centre, each way (straddles), the path's bounding box holds the centre whatever its
    other points, and so does the intersection of the paths' boxes: the answer is no without
    reading the rest of the points. Otherwise the clip box is read whole.
    """
    return clip_undecided(obj, bounds, scratch) and outside_clip_box(obj, bounds, scratch)


def clip_undecided(obj: int, bounds: UserBox, scratch: Scratch) -> bool:
    """Whether a path of the object's clipping path does not straddle its centre (straddles; the
    paths read in turn, up to the first that does not); False when it has no clipping path."""
    clip = pdf.object_clip_path(obj)
    return bool(clip) and not all(
        straddles(clip, path, bounds, scratch) for path in range(pdf.clip_path_count(clip))
    )


def clips_undecided(objects: list[int], bounds: np.ndarray) -> list[bool]:
    """For each object (`bounds`: its user-space bounds, one row each), whether a path of its clip
    does not straddle it (straddles): pdfium_bulk.clip_undecided, read here without the helper."""
    undecided = bulk.clip_undecided(objects, bounds)
    if undecided is not None:
        return undecided
    scratch = Scratch()
    return [clip_undecided(obj, box, scratch) for obj, box in zip(objects, bounds.tolist(), strict=True)]


def outside_clip_box(obj: int, bounds: UserBox, scratch: Scratch) -> bool:
    """Whether a page object (`bounds`: its bounds) lies wholly outside its clipping path's whole
    box (clip_box); False when it has none."""
    box = clip_box(obj, scratch)
    left, bottom, right, top = bounds
    return box is not None and (right <= box[0] or left >= box[2] or top <= box[1] or bottom >= box[3])


def straddles(clip: int, path: int, bounds: UserBox, scratch: Scratch) -> bool:
    """Whether the clipping path's path has points left and right of the object's centre, below
    and above it (`bounds` in user space, y upwards); reads the path's points only until it has
    all four. A path that does not may hide most of the object: a cell's wrapped line drawn
    below the cell's rule, its top touching the cell (320e70bba500 p27).

    The answer does not depend on the order the points are read in: the third point is read
    second, since a rectangle ('re', most clips) is stored as its corners in turn, the third
    opposite the first, and a rectangle around the object has shown all four sides then."""
    middle_x, middle_y = (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2
    left = right = middle_x
    bottom = top = middle_y
    x, y, x_ref, y_ref = scratch.x, scratch.y, scratch.x_ref, scratch.y_ref
    clip_segment, segment_point = pdf.clip_segment, pdf.segment_point
    west = east = south = north = False
    count = pdf.clip_segment_count(clip, path)
    for index in (0, 2, 1, *range(3, count)) if count > 2 else range(count):
        segment = clip_segment(clip, path, index)
        if segment and segment_point(segment, x_ref, y_ref):
            px, py = x.value, y.value
            west, east = west or px < right, east or px > left
            south, north = south or py < top, north or py > bottom
            if west and east and south and north:
                return True
    return False


def hidden_text(
    page: Any, frame: PageFrame, bands: list[tuple[float, float]], objects: PageObjects | None = None
) -> list[Box]:
    """Boxes (page coordinates) of the text objects on these bands drawn wholly outside their
    clipping path (band_text's first list)."""
    return band_text(page, frame, bands, objects)[0]


def band_text(
    page: Any, frame: PageFrame, bands: list[tuple[float, float]], objects: PageObjects | None = None
) -> tuple[list[Box], list[Box]]:
    """Boxes (page coordinates) of the text objects on these bands: those drawn wholly outside
    their clipping path (hidden), and the others (shown).

    Only objects on `bands` (the lines in question) have their clipping path read (in C, by
    pdfium_bulk.clip_undecided, when the helper is built): pages may hold one text object per
    glyph, so which objects lie on a band is decided for all of them at once, on arrays. `objects`
    is the page's walk (page_objects), when the caller has it already.
    """
    if not bands:
        return [], []
    if objects is None:
        objects = page_objects(pdf.handle_of(page.raw))
    text_objects, bounds = page_text_bounds(objects)
    if not text_objects:
        return [], []
    x0, y0, x1, y1 = page_boxes(bounds, frame)
    band_top, band_bottom = np.asarray(bands, dtype=np.float64).T
    on_band = ((y0[:, None] <= band_bottom) & (y1[:, None] >= band_top)).any(axis=1)
    hidden: list[Box] = []
    shown: list[Box] = []
    scratch = Scratch()
    candidates = np.flatnonzero(on_band).tolist()
    candidate_objects = [text_objects[i] for i in candidates]
    undecided = bulk.clip_undecided(candidate_objects, bounds[candidates])
    for k, (i, obj, box) in enumerate(
        zip(candidates, candidate_objects, bounds[candidates].tolist(), strict=True)
    ):
        if undecided is None:  # without the compiled helper each clip is read here
            outside = outside_clip(obj, box, scratch)
        else:  # the helper read the clips: only those a path does not straddle are looked at
            outside = undecided[k] and outside_clip_box(obj, box, scratch)
        (hidden if outside else shown).append(Box(float(x0[i]), float(y0[i]), float(x1[i]), float(y1[i])))
    return hidden, shown


def text_object_bounds(text_objects: list[int]) -> tuple[list[int], np.ndarray]:
    """These text objects (PageObjects.text: the page's own, not those inside forms) with their
    bounds (one row each: left, bottom, right, top in user space), leaving out those PDFium gives
    no bounds for.

    PDFium's bounds of every object come in one array (pdfium_bulk.object_bounds), float32 as
    PDFium gives them, exact in float64."""
    found, bounds = bulk.object_bounds(text_objects)
    return [text_objects[i] for i in found.tolist()], bounds[found].astype(np.float64)


def page_boxes(bounds: np.ndarray, frame: PageFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The page-coordinate boxes (x0, top, x1, bottom arrays) of user-space bounds (left, bottom,
    right, top rows): each pair of corners sorted, as sorted() does, ties in order."""
    left, bottom, right, top = bounds.T
    (x_a, y_a), (x_b, y_b) = frame.point(left, top), frame.point(right, bottom)
    x0, x1 = np.where(x_b < x_a, x_b, x_a), np.where(x_b < x_a, x_a, x_b)
    y0, y1 = np.where(y_b < y_a, y_b, y_a), np.where(y_b < y_a, y_a, y_b)
    return x0, y0, x1, y1


def page_text_bounds(objects: PageObjects) -> tuple[list[int], np.ndarray]:
    """text_object_bounds of the page's text objects, read once per page walk."""
    if objects.text_bounds is None:
        objects.text_bounds = text_object_bounds(objects.text)
    return objects.text_bounds


def loose_figure_bands(content: PageContent) -> list[tuple[float, float]]:
    """The vertical bands of the lines outside every grid that print a digit: only there is hidden
    text looked for (see hidden_text)."""
    return [
        (line.top, line.bottom) for line in content.lines_outside_grids() if any(map(str.isdigit, line.text))
    ]


def with_hidden_text(
    content: PageContent, page: Any, frame: PageFrame | None = None, objects: PageObjects | None = None
) -> PageContent:
    """The page's content with the boxes of hidden text on its lines of figures outside its grids,
    and of the text shown on those lines (what a line's hidden share is measured against).

    `frame` and `objects` (page_frame, page_objects) are the page's, when the caller has them."""
    bands = loose_figure_bands(content)
    if bands:
        hidden, shown = band_text(page, page_frame(page) if frame is None else frame, bands, objects)
        if hidden:  # shown text matters only beside hidden text on the same lines
            content.hidden_text, content.shown_text = hidden, shown
    return content


@dataclass(frozen=True)
class CutText:
    """The text objects of a page cut by their clipping path, each with its clip's box, and the
    boxes of the page's tables on the page (page coordinates)."""

    clips: dict[int, Box]
    grids: list[Box]


def covers_page(box: Box, frame: PageFrame) -> bool:
    """Does the box (page coordinates) cover the whole page, within CLIP_OVERHANG?"""
    return (
        box.x0 <= CLIP_OVERHANG
        and box.top <= CLIP_OVERHANG
        and box.x1 >= frame.width - CLIP_OVERHANG
        and box.bottom >= frame.height - CLIP_OVERHANG
    )


def cut_text_objects(
    objects: PageObjects, frame: PageFrame, edges: list[dict[str, Any]], grids: list[Box]
) -> CutText | None:
    """The page's text objects that reach across a ruling line (one of `edges`, page_geometry's)
    or lie outside their clipping path, each with the clip's box: their glyphs outside it are
    hidden (see the module's second layout feature). None when there are none, or no `grids` (the
    boxes of the page's tables).

    Only objects a rule runs through, or a path of their clip does not straddle, have their clip
    read: a cell's text clipped to the cell reaches past one of the cell's rules or lies wholly
    outside the cell, and most objects (one line inside one cell) do neither. Which do is decided
    for all of them at once, on arrays (and in C, pdfium_bulk.clip_undecided, when built)."""
    if not grids or not objects.text:
        return None
    text_objects, bounds = page_text_bounds(objects)
    if not text_objects:
        return None
    x0, y0, x1, y1 = page_boxes(bounds, frame)
    # objects a path of their clip does not straddle may lie wholly outside it (a cell's wrapped
    # line drawn as an object of its own)
    candidates = np.array(clips_undecided(text_objects, bounds), dtype=bool)
    for orientation, low, high, side in (("h", y0, y1, "top"), ("v", x0, x1, "x0")):
        rules = np.sort(
            np.array([e[side] for e in edges if e["orientation"] == orientation], dtype=np.float64)
        )
        if rules.size:
            inside = np.searchsorted(rules, high - RULE_CROSSING) - np.searchsorted(
                rules, low + RULE_CROSSING, side="right"
            )
            candidates |= inside > 0
    clips: dict[int, Box] = {}
    scratch = Scratch()
    for i in np.flatnonzero(candidates).tolist():
        box = clip_box(text_objects[i], scratch)
        if box is None:
            continue
        (c_a, d_a), (c_b, d_b) = frame.point(box[0], box[3]), frame.point(box[2], box[1])
        clip = Box(min(c_a, c_b), min(d_a, d_b), max(c_a, c_b), max(d_a, d_b))
        if covers_page(clip, frame):
            continue  # no cell's clip: text beyond it is beyond the page's edge (completeness's)
        if (
            x0[i] < clip.x0 - CLIP_OVERHANG
            or y0[i] < clip.top - CLIP_OVERHANG
            or x1[i] > clip.x1 + CLIP_OVERHANG
            or y1[i] > clip.bottom + CLIP_OVERHANG
        ):
            clips[text_objects[i]] = clip
    return CutText(clips, grids) if clips else None
