"""Give back to a grid cell the tail of its label that the text layer holds in the next cell.

Layout feature: a row label longer than its cell, clipped on the page at the border, whose hidden
tail still sits in the text layer inside the next cell ("机关事业单位职业年金" | "缴费支出 43608.96").
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from operator import itemgetter
from typing import Any

from disclosure.extractors.records import Box
from disclosure.extractors.snapping import GRID_SNAP_TOLERANCE

# A label runs over its cell's right border when a character crosses it by more than this (pt);
# wrapped text that fills its cell ends at the border, inside it.
MIN_CROSSING = 1.0
# Characters of one run of text follow each other within this many points.
OVERFLOW_GAP = 1.5
# The figure printed in the next cell starts with one of these: overflowing text stops there.
OVERFLOW_STOP = frozenset("0123456789-.,()（）% ")
# The neighbour search looks this much (pt) further than the snap tolerance, so that no box the
# exact test (abs(x0 - x1) <= tolerance, in floating point) keeps is missed.
SEARCH_MARGIN = 1.0
X1 = itemgetter("x1")


def reclaim_overflow(
    members: list[list[dict[str, Any]]], boxes: list[Box], candidates: list[int] | None = None
) -> None:
    """Give back to each cell (its characters in `members`) the tail of its text that ran over its
    right border. Only the `candidates` (ascending) are looked at when given: the cells whose
    characters reach their right side (cell_chars.reaching_right_side).

    The label's last character crosses the border and the tail continues it without a gap; the
    figure the next cell prints starts at the first digit. Or the label fills its cell and the
    tail's first glyph straddles the border, its centre beyond it; the next cell's own text then
    starts on top of the tail ("一般性支出情" | "况一般性支出情", 况 under 一; f17e3c9deb66 p1).
    """
    lefts: list[tuple[float, int]] | None = None
    sorted_lefts = False  # lefts are sorted for the first cell that reaches its border
    for index in range(len(boxes)) if candidates is None else candidates:
        box = boxes[index]
        if not members[index] or max(map(X1, members[index])) < box.x1 - OVERFLOW_GAP:
            continue
        if not sorted_lefts:
            lefts, sorted_lefts = box_lefts(boxes), True
        for neighbour in near_right_side(box, boxes, lefts):
            other = boxes[neighbour]
            if (
                abs(other.x0 - box.x1) > GRID_SNAP_TOLERANCE
                or other.bottom <= box.top
                or other.top >= box.bottom
            ):
                continue
            tail = overflowing_tail(members[index], members[neighbour], box.x1)
            if tail:
                members[index].extend(tail)
                members[neighbour] = [c for c in members[neighbour] if not any(c is t for t in tail)]


def box_lefts(boxes: list[Box]) -> list[tuple[float, int]] | None:
    """Each box's (x0, index), sorted; None where one is not finite (no longer an order)."""
    if not all(math.isfinite(box.x0) for box in boxes):
        return None
    return sorted((box.x0, i) for i, box in enumerate(boxes))


def near_right_side(box: Box, boxes: list[Box], lefts: list[tuple[float, int]] | None) -> list[int]:
    """The indices, ascending, of the boxes whose left side may lie within GRID_SNAP_TOLERANCE of
    the box's right side (`lefts`: each box's (x0, index), sorted); all of them where a
    coordinate is not finite."""
    if lefts is None or not math.isfinite(box.x1):
        return list(range(len(boxes)))
    low = bisect_left(lefts, (box.x1 - GRID_SNAP_TOLERANCE - SEARCH_MARGIN, -1))
    high = bisect_right(lefts, (box.x1 + GRID_SNAP_TOLERANCE + SEARCH_MARGIN, len(boxes)))
    return sorted(neighbour for _, neighbour in lefts[low:high])


def overflowing_tail(
    left_chars: list[dict[str, Any]], right_chars: list[dict[str, Any]], border: float
) -> list[dict[str, Any]]:
    """The run of non-digit characters continuing, across the border, a line of the left cell, where
    the figure the right cell prints follows it on the same line, or the right cell's own text
    starts on top of the run's last glyph (printed over the hidden tail).

    The run continues a left character that crosses the border, or one that ends at the border
    when the run's first glyph starts left of it (text of the right cell never does)."""
    tail: list[dict[str, Any]] = []
    for end in (c for c in left_chars if c["x1"] >= border - OVERFLOW_GAP):
        crosses = end["x1"] > border + MIN_CROSSING
        middle = (end["top"] + end["bottom"]) / 2
        line = sorted((c for c in right_chars if c["top"] <= middle <= c["bottom"]), key=lambda c: c["x0"])
        run: list[dict[str, Any]] = []
        previous_x1 = end["x1"]
        for char in line:
            if abs(char["x0"] - previous_x1) > OVERFLOW_GAP or char["text"][:1] in OVERFLOW_STOP:
                break
            run.append(char)
            previous_x1 = char["x1"]
        rest = line[len(run) :]
        if not run or not rest or any(c in tail for c in run) or not (crosses or run[0]["x0"] < border):
            continue
        if rest[0]["text"][:1].isdigit() or rest[0]["x0"] < run[-1]["x1"] - MIN_CROSSING:
            tail.extend(run)
    return tail
