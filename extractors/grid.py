"""Cell boxes -> table grid: the boxes a lattice finder closes, placed on rows and columns and
filled with their characters. Both text-layer readers build their grids here.

A grid's columns (rows) are the distinct left and right (top and bottom) sides of its cells; two
layout features are undone on the way: the empty slivers an inset box cuts off a column or row.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from typing import Any

import numpy as np
from disclosure.extractors.cell_chars import (
    Centres,
    Placed,
    assign_chars,
    boxes_holding_text,
    char_sides,
    corner_array,
)
from disclosure.extractors.char_columns import CharColumns
from disclosure.extractors.records import Box, GridCell, RawTable
from disclosure.extractors.snapping import distinct_coordinates, nearest_index, nearest_indices

# A grid column narrower than this (pt) holds no character: an artefact of inset cell boxes.
SLIVER_WIDTH = 8.0
# A grid row lower than this (pt) with no text of its own: the band between an inset box and its
# row's frame (a one-line row of 9 pt text is 15 pt or more).
SLIVER_HEIGHT = 12.0
# An inset box is drawn at least this far (pt) inside its frame's sides.
INSET_MIN = 2.0


def grid_from_cells(
    cell_boxes: list[Box],
    chars: list[dict[str, Any]],
    page_number: int,
    index_on_page: int,
    columns: CharColumns | None = None,
) -> RawTable | None:
    """Place a table's cell rectangles on a row/column grid and fill them with their characters.

    `columns` are the characters' (CharColumns.of(chars)), when the caller has them: a page's
    tables and lines can share them. Otherwise the characters' sides are read here, once for the
    table's steps."""
    if not cell_boxes:
        return None
    xs = distinct_coordinates([b.x0 for b in cell_boxes] + [b.x1 for b in cell_boxes])
    ys = distinct_coordinates([b.top for b in cell_boxes] + [b.bottom for b in cell_boxes])
    centres, right_sides = (
        (columns.centres(), columns.x1)
        if columns is not None
        else char_sides(chars)
        if chars
        else (None, None)
    )
    xs = without_empty_slivers(xs, cell_boxes, chars, centres)
    ys = without_empty_sliver_rows(ys, cell_boxes, chars, centres)
    n_cols, n_rows = len(xs) - 1, len(ys) - 1
    if n_cols < 1 or n_rows < 1:
        return None
    corners = corner_array(cell_boxes)
    placed: list[Placed] = []
    for box, col, row, col_end, row_end in zip(
        cell_boxes,
        nearest_indices(xs, corners[:, 0]).tolist(),
        nearest_indices(ys, corners[:, 1]).tolist(),
        nearest_indices(xs, corners[:, 2]).tolist(),
        nearest_indices(ys, corners[:, 3]).tolist(),
        strict=True,
    ):
        if col_end <= col or row_end <= row:
            continue
        placed.append((row, col, row_end - row, col_end - col, box))
    texts = assign_chars(chars, placed, xs, ys, centres, right_sides)
    # cells by (row, col), ties in placing order: a stable sort on the integers
    order = np.lexsort(([p[1] for p in placed], [p[0] for p in placed])).tolist() if placed else []
    cells = [GridCell(*placed[i][:4], texts[i], placed[i][4]) for i in order]
    return RawTable(
        page=page_number,
        index_on_page=index_on_page,
        box=Box(xs[0], ys[0], xs[-1], ys[-1]),
        n_rows=n_rows,
        n_cols=n_cols,
        cells=cells,
    )


def without_empty_slivers(
    xs: list[float], cell_boxes: list[Box], chars: list[dict[str, Any]], centres: Centres | None = None
) -> list[float]:
    """Column boundaries without the ones that only cut off an empty sliver.

    Layout feature: header cells drawn as rectangles inset a few points inside the column rules
    (a filled or framed box per header cell). Their sides become grid columns narrower than any
    character, so a header label and the amounts below it land in different columns. A sliver
    whose own cells hold no text joins the neighbour across its weaker side: the inset box's
    side, which borders only header cells, rather than the column rule that borders the data
    cells down the table (a side's weight is the height of the cells it borders).
    """
    weight: Counter[int] = Counter()
    corners = corner_array(cell_boxes)
    lefts, rights = nearest_indices(xs, corners[:, 0]).tolist(), nearest_indices(xs, corners[:, 2]).tolist()
    for box, left, right in zip(cell_boxes, lefts, rights, strict=True):
        weight[left] += box.bottom - box.top
        weight[right] += box.bottom - box.top
    # nearest_indices is nearest_index on each side where every side is finite
    sides = (lefts, rights) if np.isfinite(corners).all() else None
    kept = list(range(len(xs)))
    for left in range(len(xs) - 1):
        right = left + 1
        if xs[right] - xs[left] >= SLIVER_WIDTH or sliver_holds_text(
            xs, left, cell_boxes, chars, centres, sides
        ):
            continue
        if weight[left] == weight[right]:
            continue
        weaker = left if weight[left] < weight[right] else right
        if 0 < weaker < len(xs) - 1 and weaker in kept:
            kept.remove(weaker)
    return [xs[i] for i in kept]


def sliver_holds_text(
    xs: list[float],
    left: int,
    cell_boxes: list[Box],
    chars: list[dict[str, Any]],
    centres: Centres | None,
    sides: tuple[list[int], list[int]] | None = None,
) -> bool:
    """Does a cell confined to the column between xs[left] and xs[left + 1] hold a character?
    `sides` are the boxes' nearest column lines (left, right), when the caller has them."""
    if sides is not None:
        own = [
            b for b, first, end in zip(cell_boxes, *sides, strict=True) if first == left and end == left + 1
        ]
    else:
        own = [
            b for b in cell_boxes if nearest_index(xs, b.x0) == left and nearest_index(xs, b.x1) == left + 1
        ]
    return any(boxes_holding_text(corner_array(own), chars, centres))


def without_empty_sliver_rows(
    ys: list[float], cell_boxes: list[Box], chars: list[dict[str, Any]], centres: Centres | None = None
) -> list[float]:
    """Row boundaries without the ones that cut an empty sliver off the row a label's frame spans.

    Layout feature: a row's figure drawn in a box inset inside the row's frame, while its label
    fills the frame ("合计" over the whole row, "2,391.92" in a box a few points inside it). The inset
    box's top and bottom become grid rows of their own, and the label's row holds no figure. A row
    lower than SLIVER_HEIGHT whose own cells hold no text joins the row next to it when a cell with
    text spans both (the frame); rows of other layouts are left as drawn.
    """
    if all(bottom - top >= SLIVER_HEIGHT for top, bottom in pairwise(ys)):
        return ys  # the common case: no row that low
    corners = corner_array(cell_boxes)
    firsts, ends = nearest_indices(ys, corners[:, 1]).tolist(), nearest_indices(ys, corners[:, 3]).tolist()
    rows = list(zip(firsts, ends, cell_boxes, strict=True))
    holding = boxes_holding_text(corners, chars, centres)
    with_text = [row for row, holds in zip(rows, holding, strict=True) if holds]
    dropped: set[int] = set()
    for k, (top, bottom) in enumerate(pairwise(ys)):
        if bottom - top >= SLIVER_HEIGHT or any(first == k and end == k + 1 for first, end, _ in with_text):
            continue
        own = [box for first, end, box in rows if first == k and end == k + 1]
        spanning = [(first, end) for first, end, _ in with_text if first <= k and end >= k + 1]
        inset_below = any(
            insets(box, inner) for box in own for first, _, inner in with_text if first == k + 1
        )
        inset_above = any(insets(box, inner) for box in own for _, end, inner in with_text if end == k)
        if k + 1 < len(ys) - 1 and inset_below and any(end > k + 1 for _, end in spanning):
            dropped.add(k + 1)  # the frame goes on below, round an inset box: join the row under it
        elif k > 0 and inset_above and any(first < k for first, _ in spanning):
            dropped.add(k)  # the frame goes on above, round an inset box: join the row over it
    return joined_rows(ys, dropped, [box for _, _, box in with_text])


def joined_rows(ys: list[float], dropped: set[int], with_text: list[Box]) -> list[float]:
    """The row boundaries without the dropped ones, never at the cost of a cell with text
    collapsing onto one boundary."""
    kept = list(ys)
    for index in sorted(dropped, reverse=True):
        joined = kept[:index] + kept[index + 1 :]
        if all(nearest_index(joined, box.top) < nearest_index(joined, box.bottom) for box in with_text):
            kept = joined
    return kept


def insets(outer: Box, inner: Box) -> bool:
    """Is `inner` drawn within `outer`'s sides and a few points inside one of them (an inset box)?"""
    return (
        outer.x0 <= inner.x0
        and inner.x1 <= outer.x1
        and (outer.x0 + INSET_MIN <= inner.x0 or inner.x1 <= outer.x1 - INSET_MIN)
    )
