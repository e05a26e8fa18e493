"""Which characters each cell of a grid holds, found on arrays (numpy) rather than per character
in Python; the cells' texts built from them."""

from __future__ import annotations

from itertools import chain
from typing import Any, cast

import numpy as np
from disclosure.extractors.overflow import reclaim_overflow
from disclosure.extractors.records import Box
from disclosure.extractors.snapping import GRID_SNAP_TOLERANCE
from disclosure.extractors.text_lines import BOTTOM, TOP, X0, X1, cell_text

# A cell placed on the grid: row, column, row span, column span, its box.
Placed = tuple[int, int, int, int, Box]


def assign_chars(
    chars: list[dict[str, Any]], placed: list[Placed], xs: list[float], ys: list[float]
) -> list[str]:
    """Text of each placed cell from the characters whose centre falls inside it.

    Each grid slot knows the smallest cell covering it (cells can nest: a background rectangle
    behind the grid), so a character finds its cell by two bisections; a character whose slot's
    cell does not hold its centre (coordinates snapped to the grid) is matched by a full search.
    The bisections and the containment test run on arrays (numpy): the same float64 arithmetic
    and comparisons as per character in Python, so the same cells, in a fraction of the time.
    """
    boxes = [p[4] for p in placed]
    members: list[list[dict[str, Any]]] = [[] for _ in boxes]
    if chars and boxes:
        index, owner = char_owners(chars, placed, xs, ys)
        # the characters grouped by cell, each cell's in character order (a stable sort)
        order = np.argsort(owner, kind="stable")
        grouped = list(map(chars.__getitem__, index[order].tolist()))
        ends = np.cumsum(np.bincount(owner, minlength=len(boxes))).tolist()
        start = 0
        for cell, end in enumerate(ends):
            if end > start:
                members[cell] = grouped[start:end]
                start = end
    reclaim_overflow(members, boxes)
    return [cell_text(m) if m else "" for m in members]


def char_owners(
    chars: list[dict[str, Any]], placed: list[Placed], xs: list[float], ys: list[float]
) -> tuple[np.ndarray, np.ndarray]:
    """The characters inside one of the cells (their indices, ascending) and each one's cell (its
    index in `placed`)."""
    boxes = [p[4] for p in placed]
    box_array = corner_array(boxes)
    owner = np.full((len(ys) - 1, len(xs) - 1), -1, dtype=np.intp)
    for i in largest_first(box_array):
        row, col, row_span, col_span, _ = placed[i]
        owner[row : row + row_span, col : col + col_span] = i
    cx, cy = char_centres(chars)
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


def smallest_boxes_holding(boxes: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """For each point (x[i], y[i]), the index of the smallest box holding it (the first of equals),
    or -1."""
    x, y = x[:, None], y[:, None]
    holds = (boxes[:, 0] <= x) & (x <= boxes[:, 2]) & (boxes[:, 1] <= y) & (y <= boxes[:, 3])
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    smallest = np.where(holds, areas, np.inf).argmin(axis=1)
    return np.where(holds.any(axis=1), smallest, -1)


def boxes_holding_text(corners: np.ndarray, chars: list[dict[str, Any]]) -> list[bool]:
    """For each box (rows of x0, top, x1, bottom): does it hold the centre of any character?"""
    if not chars or not len(corners):
        return [False] * len(corners)
    x, y = char_centres(chars)
    inside = (corners[:, 0:1] <= x) & (x <= corners[:, 2:3]) & (corners[:, 1:2] <= y) & (y <= corners[:, 3:4])
    # numpy's stubs type any(axis=...) as a scalar or Any; with an axis it is an array of bools
    return cast(list[bool], inside.any(axis=1).tolist())


def char_centres(chars: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    """The characters' box centres, x and y, as float64 arrays."""
    count = len(chars)
    x0 = np.fromiter(map(X0, chars), np.float64, count)
    x1 = np.fromiter(map(X1, chars), np.float64, count)
    top = np.fromiter(map(TOP, chars), np.float64, count)
    bottom = np.fromiter(map(BOTTOM, chars), np.float64, count)
    return (x0 + x1) / 2, (top + bottom) / 2


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
