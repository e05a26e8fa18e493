"""pdfplumber's lattice steps (edges -> intersections -> cells), the same results with less work.

pdfplumber.table.edges_to_intersections sorts every horizontal edge again for each vertical edge,
and intersections_to_cells rebuilds the sets of rules through two points each time it asks whether
they are joined (hundreds of thousands of times on a page of a long table), and scans every later
point for the ones below and to the right. Here each point's rules are collected once and its
column and row are looked up; the order of every search is kept, so each point yields the same cell
(tests/test_lattice.py holds the two to agreement). Both readers use these: the PDFium reader
on its edges, the reference reader on pdfplumber's (text_layer.table_cells, held to pdfplumber's
own find_tables by its tests).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from itertools import islice
from operator import itemgetter
from typing import Any

from disclosure.extractors.records import Box

Point = tuple[float, float]
Intersections = dict[Point, dict[str, list[dict[str, Any]]]]

# The run of horizontal edges searched reaches this far (pt) beyond the tolerance, so that no edge
# the exact test (in floating point) passes is left out.
SEARCH_MARGIN = 1.0
# Coordinates this small (pt) are off by far less than SEARCH_MARGIN in any sum of two of them.
COORDINATE_LIMIT = 1e9

# An edge is identified by its box, as in pdfplumber (utils.obj_to_bbox).
edge_box = itemgetter("x0", "top", "x1", "bottom")


def edges_to_intersections(
    edges: list[dict[str, Any]], x_tolerance: float = 1, y_tolerance: float = 1
) -> Intersections:
    """pdfplumber.table.edges_to_intersections: the points where a vertical and a horizontal edge
    meet within the tolerances, with the edges through each (same points, edges and order).

    pdfplumber tests every horizontal edge against each vertical one. The horizontal edges are
    sorted by top, so those that can meet a vertical edge are one run of them: it is found by
    bisection, a point wider than the tolerance on each side (the test itself, kept as it is,
    decides), and only it is tested, in the same order."""
    intersections: Intersections = {}
    v_edges = sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top"))
    h_edges = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    tops = [h["top"] for h in h_edges]
    ordinary = all(abs(top) < COORDINATE_LIMIT for top in tops)  # False for NaN too
    margin = y_tolerance + SEARCH_MARGIN
    for v in v_edges:
        start, end = 0, len(h_edges)
        if ordinary and abs(v["top"]) < COORDINATE_LIMIT and abs(v["bottom"]) < COORDINATE_LIMIT:
            start, end = bisect_left(tops, v["top"] - margin), bisect_right(tops, v["bottom"] + margin)
        for h in islice(h_edges, start, end):
            if (
                v["top"] <= h["top"] + y_tolerance
                and v["bottom"] >= h["top"] - y_tolerance
                and v["x0"] >= h["x0"] - x_tolerance
                and v["x0"] <= h["x1"] + x_tolerance
            ):
                vertex = (v["x0"], h["top"])
                if vertex not in intersections:
                    intersections[vertex] = {"v": [], "h": []}
                intersections[vertex]["v"].append(v)
                intersections[vertex]["h"].append(h)
    return intersections


class Lattice:
    """The intersections with, for each point, the rules through it and the points after it in
    its column (below) and in its row (to the right), in pdfplumber's point order.

    A point's rules are a bit mask (bit i: the i-th distinct rule box), so that two points share a
    rule when their masks do: pdfplumber's test on sets of boxes, as one integer `&`."""

    def __init__(self, intersections: Intersections) -> None:
        self.intersections = intersections
        self.points = sorted(intersections)
        ids: dict[tuple[float, float, float, float], int] = {}
        bit_of: dict[int, int] = {}  # by edge object (id): the edges live in `intersections`

        def mask(edges: list[dict[str, Any]]) -> int:
            bits = 0
            for edge in edges:
                bit = bit_of.get(id(edge))
                if bit is None:
                    bit = bit_of[id(edge)] = 1 << ids.setdefault(edge_box(edge), len(ids))
                bits |= bit
            return bits

        self.v_rules = {p: mask(found["v"]) for p, found in intersections.items()}
        self.h_rules = {p: mask(found["h"]) for p, found in intersections.items()}
        columns: defaultdict[float, list[Point]] = defaultdict(list)
        rows: defaultdict[float, list[Point]] = defaultdict(list)
        # Points are sorted by (x, top): a column's points come top to bottom, a row's left to
        # right, so those after a point in its column (row) are the ones after it in the sort.
        self.below: dict[Point, tuple[list[Point], int]] = {}
        self.right: dict[Point, tuple[list[Point], int]] = {}
        for point in self.points:
            column, row = columns[point[0]], rows[point[1]]
            self.below[point] = (column, len(column) + 1)
            self.right[point] = (row, len(row) + 1)
            column.append(point)
            row.append(point)

    def connects(self, p1: Point, p2: Point) -> bool:
        """pdfplumber's edge_connects: the two points share a rule (vertical or horizontal)."""
        if p1[0] == p2[0] and self.v_rules[p1] & self.v_rules[p2]:
            return True
        return p1[1] == p2[1] and bool(self.h_rules[p1] & self.h_rules[p2])

    def smallest_cell(self, point: Point) -> Box | None:
        """pdfplumber's find_smallest_cell: the first closed box with this top-left corner, trying
        the corners below top to bottom and, for each, those to the right left to right.

        Points in one row share no vertical rule (they differ in x), points in one column no
        horizontal rule: of pdfplumber's two tests only the one that can hold is made."""
        v_rules, h_rules, intersections = self.v_rules, self.h_rules, self.intersections
        row, start = self.right[point]
        across = h_rules[point]
        joined_right = [p for p in islice(row, start, None) if across & h_rules[p]]
        if not joined_right:
            return None
        column, start = self.below[point]
        down = v_rules[point]
        for below in islice(column, start, None):
            if not down & v_rules[below]:
                continue
            below_rules = h_rules[below]
            for right in joined_right:
                corner = (right[0], below[1])
                if (
                    corner in intersections
                    and v_rules[corner] & v_rules[right]
                    and h_rules[corner] & below_rules
                ):
                    return Box(point[0], point[1], corner[0], corner[1])
        return None


def intersections_to_cells(intersections: Intersections) -> list[Box]:
    """pdfplumber.table.intersections_to_cells: every cell the points close, in point order."""
    lattice = Lattice(intersections)
    cells = (lattice.smallest_cell(point) for point in lattice.points)
    return [cell for cell in cells if cell is not None]


def cells_to_tables(cells: list[Box]) -> list[list[Box]]:
    """pdfplumber.table.cells_to_tables: the cells in groups that touch corner to corner, groups
    of one cell left out, in order of their top-left cell (same groups, same cells in the same
    order).

    pdfplumber passes over the cells not yet grouped until a pass adds none to the open group,
    removing each cell it adds from the list (list.remove: a scan of the list per cell, quadratic
    in a long table's cells). Here each pass keeps the cells it leaves for the next one instead.
    """
    remaining = list(cells)
    corners: set[Point] = set()
    current: list[Box] = []
    tables: list[list[Box]] = []
    while remaining:
        before = len(current)
        left: list[Box] = []
        for cell in remaining:
            x0, top, x1, bottom = cell
            # pdfplumber's bbox_to_corners: top-left, bottom-left, top-right, bottom-right
            cell_corners = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
            if not current or not corners.isdisjoint(cell_corners):
                corners.update(cell_corners)
                current.append(cell)
            else:
                left.append(cell)
        remaining = left
        if len(current) == before:  # the pass added nothing: the open group is a table
            tables.append(current)
            corners, current = set(), []
    if current:
        tables.append(current)
    tables.sort(key=lambda table: min((cell[1], cell[0]) for cell in table))
    return [table for table in tables if len(table) > 1]


def rules_to_tables(rules: list[dict[str, Any]], x_tolerance: float, y_tolerance: float) -> list[list[Box]]:
    """The cells of each table the merged rules close: edges_to_intersections (within the
    intersection tolerances) -> intersections_to_cells -> cells_to_tables, as both readers run them."""
    return cells_to_tables(intersections_to_cells(edges_to_intersections(rules, x_tolerance, y_tolerance)))
