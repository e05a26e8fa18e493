"""Table structure from a page image: ruling lines -> grid -> cells, as camelot's lattice does.

Steps: ruling_segments (long thin horizontal / vertical strokes, found by morphological opening)
-> table_regions (segments that touch each other) -> region_grid (distinct line positions, then
each slot's borders checked so that merged cells keep their row / column spans) ->
text_column_grid (tables ruled only by horizontal lines: columns from the gaps between text boxes).
Everything here is in image pixels; the caller converts to PDF points.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from disclosure.extractors.records import Box, OnPage
from disclosure.extractors.snapping import stroke_positions

# Ruling strokes are at least this long, in inches: longer than any stroke of a character.
MIN_HORIZONTAL_INCH = 0.3
MIN_VERTICAL_INCH = 0.2
# Line positions closer than this (inches) are the same ruling line.
SNAP_INCH = 0.04
# A border counts as drawn when ruling covers this share of the slot side.
BORDER_COVERAGE = 0.6
# A rule's end this close (inches) to the outermost vertical rule belongs to it.
EDGE_INCH = 0.15
# A rule that meets no crossing line at its ends must span this share of its table.
RULING_SHARE = 0.5
# A table region is at least this wide (share of the page) and holds at least two horizontal rules.
MIN_TABLE_WIDTH_SHARE = 0.15
# A gap between text boxes at least this wide (inches) in every row separates two columns.
MIN_COLUMN_GAP_INCH = 0.08


@dataclass(frozen=True)
class Segment:
    """A ruling line: its position across, and its extent along its direction (pixels)."""

    at: float
    start: float
    end: float


@dataclass(frozen=True)
class ImageCell(OnPage):
    """One grid cell in pixels, with its span over the grid's rows and columns."""

    row: int
    col: int
    row_span: int
    col_span: int
    box: Box


@dataclass(frozen=True)
class ImageGrid:
    """A table found in the image: its line positions and cells (pixels)."""

    xs: list[float]
    ys: list[float]
    cells: list[ImageCell]

    @property
    def bbox(self) -> Box:
        return Box(self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])


def binarise(gray: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0, robust to uneven scan background."""
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)


def ruling_masks(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the horizontal and vertical ruling strokes."""
    ink = binarise(gray)
    h_len = max(int(MIN_HORIZONTAL_INCH * dpi), 10)
    v_len = max(int(MIN_VERTICAL_INCH * dpi), 10)
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))
    # Bridge small breaks a scan leaves in a ruling line.
    horizontal = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 3)))
    vertical = cv2.dilate(vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 9)))
    return horizontal, vertical


def segments_of(mask: np.ndarray, horizontal: bool) -> list[Segment]:
    """Each connected stroke of a ruling mask as a Segment."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    segments = []
    for i in range(1, count):
        x, y, w, h, _ = stats[i]
        if horizontal:
            segments.append(Segment(at=y + h / 2, start=float(x), end=float(x + w)))
        else:
            segments.append(Segment(at=x + w / 2, start=float(y), end=float(y + h)))
    return segments


def coverage(segments: list[Segment], at: float, start: float, end: float, tolerance: float) -> float:
    """Share of [start, end] covered by segments lying at `at` (within tolerance)."""
    length = end - start
    if length <= 0:
        return 0.0
    spans = sorted((max(s.start, start), min(s.end, end)) for s in segments if abs(s.at - at) <= tolerance)
    covered, reach = 0.0, start
    for lo, hi in spans:
        if hi <= reach:
            continue
        covered += hi - max(lo, reach)
        reach = hi
    return covered / length


def table_regions(horizontal: np.ndarray, vertical: np.ndarray, page_width: int) -> list[Box]:
    """Bounding boxes of groups of touching ruling lines wide enough to be tables."""
    union = cv2.bitwise_or(horizontal, vertical)
    union = cv2.dilate(union, cv2.getStructuringElement(cv2.MORPH_RECT, (7, 7)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(union, connectivity=8)
    regions = []
    for i in range(1, count):
        x, y, w, h, _ = stats[i]
        if w >= MIN_TABLE_WIDTH_SHARE * page_width and h > 0:
            regions.append(Box(int(x), int(y), int(x + w), int(y + h)))
    return sorted(regions, key=lambda r: (r.top, r.x0))


def inside(segment: Segment, region: Box, horizontal: bool) -> bool:
    x0, y0, x1, y1 = region
    if horizontal:
        return y0 - 2 <= segment.at <= y1 + 2 and segment.start >= x0 - 2 and segment.end <= x1 + 2
    return x0 - 2 <= segment.at <= x1 + 2 and segment.start >= y0 - 2 and segment.end <= y1 + 2


def touches(end: float, across: float, perpendicular: list[Segment], tolerance: float) -> bool:
    """Does a segment ending at `end` (lying at `across`) meet one of the perpendicular lines?"""
    return any(
        abs(p.at - end) <= tolerance and p.start - tolerance <= across <= p.end + tolerance
        for p in perpendicular
    )


def is_ruling(segment: Segment, perpendicular: list[Segment], extent: float, tolerance: float) -> bool:
    """A table rule runs from one crossing line to another, or over half the table.

    Strokes that do neither are a seal's arc or a character's long stroke, not a rule.
    """
    if segment.end - segment.start >= RULING_SHARE * extent:
        return True
    return touches(segment.start, segment.at, perpendicular, tolerance) and touches(
        segment.end, segment.at, perpendicular, tolerance
    )


def region_grid(
    h_segments: list[Segment], v_segments: list[Segment], region: Box, dpi: float
) -> ImageGrid | None:
    """The ruled grid inside one region: slots merged where no border separates them."""
    tolerance = SNAP_INCH * dpi
    hs = [s for s in h_segments if inside(s, region, True)]
    vs = [s for s in v_segments if inside(s, region, False)]
    if not hs:
        return None
    hs = [s for s in hs if is_ruling(s, vs, region.x1 - region.x0, 2 * tolerance)]
    vs = [s for s in vs if is_ruling(s, hs, region.bottom - region.top, 2 * tolerance)]
    if not hs:
        return None
    ys = stroke_positions([s.at for s in hs], tolerance)
    if len(ys) < 2:
        return None
    left = min(s.start for s in hs)
    right = max(s.end for s in hs)
    verticals = stroke_positions([s.at for s in vs], tolerance)
    # Rules overshoot the outer verticals a little; the table's edge is a drawn vertical when near.
    edges = [x for x in (left, right) if all(abs(x - v) > EDGE_INCH * dpi for v in verticals)]
    xs = stroke_positions(verticals + edges, tolerance)
    xs = [x for x in xs if left - tolerance <= x <= right + tolerance]
    if len(xs) < 2:
        return None
    return ImageGrid(xs=xs, ys=ys, cells=merged_cells(hs, vs, xs, ys, tolerance))


def merged_cells(
    hs: list[Segment], vs: list[Segment], xs: list[float], ys: list[float], tolerance: float
) -> list[ImageCell]:
    """The grid's cells: its slots, joined (union-find) across every side no rule covers."""
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    # Open-sided tables: the outer left / right edges are borders whether drawn or not.
    outer = {0, n_cols}

    def right_border(r: int, c: int) -> bool:
        return c + 1 in outer or coverage(vs, xs[c + 1], ys[r], ys[r + 1], tolerance) >= BORDER_COVERAGE

    def bottom_border(r: int, c: int) -> bool:
        return r + 1 == n_rows or coverage(hs, ys[r + 1], xs[c], xs[c + 1], tolerance) >= BORDER_COVERAGE

    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and not right_border(r, c):
                parent[find(r * n_cols + c)] = find(r * n_cols + c + 1)
            if r + 1 < n_rows and not bottom_border(r, c):
                parent[find(r * n_cols + c)] = find((r + 1) * n_cols + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            groups.setdefault(find(r * n_cols + c), []).append((r, c))
    cells = []
    for slots in groups.values():
        r0, r1 = min(s[0] for s in slots), max(s[0] for s in slots) + 1
        c0, c1 = min(s[1] for s in slots), max(s[1] for s in slots) + 1
        cells.append(ImageCell(r0, c0, r1 - r0, c1 - c0, Box(xs[c0], ys[r0], xs[c1], ys[r1])))
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return cells


def text_columns(boxes: list[Box], x0: float, x1: float, dpi: float) -> list[float]:
    """Column boundaries inside [x0, x1] from the gaps that no text box crosses."""
    width = int(x1 - x0) + 1
    if width <= 1:
        return [x0, x1]
    covered = np.zeros(width, dtype=bool)
    for box in boxes:
        lo, hi = int(max(box.x0, x0) - x0), int(min(box.x1, x1) - x0)
        if hi > lo:
            covered[lo:hi] = True
    min_gap = MIN_COLUMN_GAP_INCH * dpi
    edges = [x0]
    start = None
    for i, filled in enumerate(covered):
        if not filled and start is None:
            start = i
        elif filled and start is not None:
            if start > 0 and i - start >= min_gap:  # a leading margin is no column boundary
                edges.append(x0 + (start + i) / 2)
            start = None
    edges.append(x1)
    return stroke_positions(edges, min_gap / 2)


def text_column_grid(grid: ImageGrid, boxes: list[Box], dpi: float) -> ImageGrid:
    """A grid ruled only by horizontal lines gets its columns from the text boxes inside it."""
    gx0, gy0, gx1, gy1 = grid.bbox
    inner = [b for b in boxes if gx0 <= (b.x0 + b.x1) / 2 <= gx1 and gy0 <= (b.top + b.bottom) / 2 <= gy1]
    xs = text_columns(inner, gx0, gx1, dpi)
    if len(xs) <= 2:
        return grid
    cells = [
        ImageCell(r, c, 1, 1, Box(xs[c], grid.ys[r], xs[c + 1], grid.ys[r + 1]))
        for r in range(len(grid.ys) - 1)
        for c in range(len(xs) - 1)
    ]
    return ImageGrid(xs=xs, ys=grid.ys, cells=cells)


def find_grids(gray: np.ndarray, dpi: float, boxes: list[Box] | None = None) -> list[ImageGrid]:
    """Every ruled table on a page image, top to bottom.

    `boxes` (text boxes in pixels) give the columns of tables drawn with horizontal rules only.
    """
    horizontal, vertical = ruling_masks(gray, dpi)
    h_segments = segments_of(horizontal, horizontal=True)
    v_segments = segments_of(vertical, horizontal=False)
    grids = []
    for region in table_regions(horizontal, vertical, gray.shape[1]):
        grid = region_grid(h_segments, v_segments, region, dpi)
        if grid is None:
            continue
        if len(grid.xs) == 2 and len(grid.ys) > 3 and boxes:
            grid = text_column_grid(grid, boxes, dpi)
        grids.append(grid)
    return grids
