"""Which characters each cell of a grid holds, found on arrays (numpy) rather than per character
in Python; the cells' texts built from them."""

from __future__ import annotations

from itertools import chain
from typing import Any, cast

import numpy as np
from disclosure.extractors.overflow import OVERFLOW_GAP, reclaim_overflow
from disclosure.extractors.records import Box
from disclosure.extractors.snapping import GRID_SNAP_TOLERANCE
from disclosure.extractors.text_lines import BOTTOM, TOP, X0, X1, cell_text

# A cell placed on the grid: row, column, row span, column span, its box.
Placed = tuple[int, int, int, int, Box]
# Characters' box centres: x and y, float64 arrays.
Centres = tuple[np.ndarray, np.ndarray]


def assign_chars(
    chars: list[dict[str, Any]],
    placed: list[Placed],
    xs: list[float],
    ys: list[float],
    centres: Centres | None = None,
    right_sides: np.ndarray | None = None,
) -> list[str]:
    """Text of each placed cell from the characters whose centre falls inside it.

    Each grid slot knows the smallest cell covering it (cells can nest: a background rectangle
    behind the grid), so a character finds its cell by two bisections; a character whose slot's
    cell does not hold its centre (coordinates snapped to the grid) is matched by a full search.
    The bisections and the containment test run on arrays (numpy): the same float64 arithmetic
    and comparisons as per character in Python, so the same cells, in a fraction of the time.
    The characters' `centres` are the caller's when it has them; with their `right_sides` (x1),
    only the cells whose characters reach their right side are looked at for overflowing text.
    """
    boxes = [p[4] for p in placed]
    members: list[list[dict[str, Any]]] = [[] for _ in boxes]
    candidates = None  # every cell may run over its right side
    if chars and boxes:
        index, owner = char_owners(centres or char_centres(chars), placed, xs, ys)
        # the characters grouped by cell, each cell's in character order (a stable sort)
        grouped_index = index[np.argsort(owner, kind="stable")]
        grouped = list(map(chars.__getitem__, grouped_index.tolist()))
        counts = np.bincount(owner, minlength=len(boxes))
        start = 0
        for cell, end in enumerate(np.cumsum(counts).tolist()):
            if end > start:
                members[cell] = grouped[start:end]
                start = end
        if right_sides is not None:
            candidates = reaching_right_side(right_sides[grouped_index], counts, boxes)
    reclaim_overflow(members, boxes, candidates)
    return [cell_text(m) if m else "" for m in members]


def reaching_right_side(right_sides: np.ndarray, counts: np.ndarray, boxes: list[Box]) -> list[int]:
    """The cells whose characters (their x1, grouped by cell; `counts` of each) reach within
    OVERFLOW_GAP of the cell's right side, or may (a NaN): reclaim_overflow's only candidates, its
    test made on arrays (a cell's characters only ever leave it before its turn)."""
    held = np.flatnonzero(counts)
    if not len(held):
        return []
    starts = np.concatenate(([0], np.cumsum(counts[held])[:-1]))
    sides = np.fromiter((boxes[cell].x1 for cell in held.tolist()), np.float64, len(held))
    reaching: list[int] = held[~(np.maximum.reduceat(right_sides, starts) < sides - OVERFLOW_GAP)].tolist()
    return reaching


def char_owners(
    centres: Centres, placed: list[Placed], xs: list[float], ys: list[float]
) -> tuple[np.ndarray, np.ndarray]:
    """The characters (their `centres`, x and y) inside one of the cells (their indices, ascending)
    and each one's cell (its index in `placed`)."""
    boxes = [p[4] for p in placed]
    box_array = corner_array(boxes)
    owner = slot_owners(placed, largest_first(box_array), len(ys) - 1, len(xs) - 1)
    cx, cy = centres
    inside = np.flatnonzero(
        (cx >= xs[0] - GRID_SNAP_TOLERANCE)
        & (cx <= xs[-1] + GRID_SNAP_TOLERANCE)
        & (cy >= ys[0] - GRID_SNAP_TOLERANCE)
        & (cy <= ys[-1] + GRID_SNAP_TOLERANCE)
    )
    px, py = cx[inside], cy[inside]
    cols = np.searchsorted(np.asarray(xs), px, side="right") - 1
    rows = np.searchsorted(np.asarray(ys), py, side="right") - 1
    cols = np.minimum(np.maximum(cols, 0), len(xs) - 2)  # np.clip, cheaper on small arrays
    rows = np.minimum(np.maximum(rows, 0), len(ys) - 2)
    best = owner[rows, cols]
    box = box_array[np.maximum(best, 0)]
    held = (best >= 0) & (box[:, 0] <= px) & (px <= box[:, 2]) & (box[:, 1] <= py) & (py <= box[:, 3])
    missed = np.flatnonzero(~held)
    if missed.size:
        best[missed] = smallest_boxes_holding(box_array, px[missed], py[missed])
    found = best >= 0
    return inside[found], best[found]


def slot_owners(placed: list[Placed], paint_order: list[int], rows: int, cols: int) -> np.ndarray:
    """Each grid slot's cell: the cells painted over their slots in `paint_order` (largest first),
    the last painted holding a slot; -1 where none does. A slot keeps the highest rank (place in
    paint_order) of the cells over it: one-slot cells (most of a grid) at once (np.maximum.at),
    the others slice by slice."""
    rank = np.empty(len(placed), dtype=np.intp)
    rank[paint_order] = np.arange(len(placed))
    ranks = np.full((rows, cols), -1, dtype=np.intp)
    single = [i for i, (_, _, row_span, col_span, _) in enumerate(placed) if row_span == 1 and col_span == 1]
    if single:
        slots = np.fromiter((placed[i][0] * cols + placed[i][1] for i in single), np.intp, len(single))
        np.maximum.at(ranks.reshape(-1), slots, rank[single])
    for i, (row, col, row_span, col_span, _) in enumerate(placed):
        if row_span != 1 or col_span != 1:
            area = ranks[row : row + row_span, col : col + col_span]
            np.maximum(area, rank[i], out=area)
    order = np.asarray(paint_order, dtype=np.intp)
    owners: np.ndarray = np.where(ranks >= 0, order[np.maximum(ranks, 0)], -1)
    return owners


def smallest_boxes_holding(boxes: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """For each point (x[i], y[i]), the index of the smallest box holding it (the first of equals),
    or -1."""
    x, y = x[:, None], y[:, None]
    holds = (boxes[:, 0] <= x) & (x <= boxes[:, 2]) & (boxes[:, 1] <= y) & (y <= boxes[:, 3])
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    smallest = np.where(holds, areas, np.inf).argmin(axis=1)
    return np.where(holds.any(axis=1), smallest, -1)


def boxes_holding_text(
    corners: np.ndarray, chars: list[dict[str, Any]], centres: Centres | None = None
) -> list[bool]:
    """For each box (rows of x0, top, x1, bottom): does it hold the centre of any character
    (`centres`, the characters', when the caller has them)?"""
    if not chars or not len(corners):
        return [False] * len(corners)
    x, y = centres if centres is not None else char_centres(chars)
    inside = (corners[:, 0:1] <= x) & (x <= corners[:, 2:3]) & (corners[:, 1:2] <= y) & (y <= corners[:, 3:4])
    # numpy's stubs type any(axis=...) as a scalar or Any; with an axis it is an array of bools
    return cast(list[bool], inside.any(axis=1).tolist())


def char_centres(chars: list[dict[str, Any]]) -> Centres:
    """The characters' box centres, x and y, as float64 arrays."""
    return char_sides(chars)[0]


def char_sides(chars: list[dict[str, Any]]) -> tuple[Centres, np.ndarray]:
    """The characters' box centres, x and y, and their right sides (x1), as float64 arrays."""
    count = len(chars)
    x0 = np.fromiter(map(X0, chars), np.float64, count)
    x1 = np.fromiter(map(X1, chars), np.float64, count)
    top = np.fromiter(map(TOP, chars), np.float64, count)
    bottom = np.fromiter(map(BOTTOM, chars), np.float64, count)
    return ((x0 + x1) / 2, (top + bottom) / 2), x1


def corner_array(boxes: list[Box]) -> np.ndarray:
    """The boxes as a float64 array of rows (x0, top, x1, bottom). np.asarray reads a list of named
    tuples through the generic sequence protocol, two to three times slower than this."""
    return np.fromiter(chain.from_iterable(boxes), np.float64, 4 * len(boxes)).reshape(-1, 4)


def largest_first(corners: np.ndarray) -> list[int]:
    """The boxes' indices by area, largest first, equal areas in index order: so smaller boxes
    paint their grid slots last. Areas are (x1 - x0) * (bottom - top) in float64, as in Python, and
    numpy's stable sort keeps Python's order; a NaN area (which the two sorts place differently)
    falls back to Python's sort."""
    areas = (corners[:, 2] - corners[:, 0]) * (corners[:, 3] - corners[:, 1])
    if np.isnan(areas).any():
        keys = (-areas).tolist()
        return sorted(range(len(keys)), key=keys.__getitem__)
    order: list[int] = np.argsort(-areas, kind="stable").tolist()
    return order
