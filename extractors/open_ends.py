"""Close the open ends of ruled tables: at a page break, and where a column rule is left out.

Layout feature: a table split over two pages is often drawn without the rule that would close it
at the break. On the continuation page the column rules start at the first data row's top, but
no horizontal rule runs there, so a lattice finder (pdfplumber's, which both readers use) makes
no cell for that row and the row is lost; the same happens to the last row of a page whose
bottom rule is missing. Where at least MIN_OPEN_RULES column rules end together, past the last
horizontal rule that crosses them, this module adds the missing horizontal edge.

Layout feature: a frame of merged cells broken by the page beside a grid. A project-block table
(项目支出绩效目标表: 项目名称 | 项目总额 … | 绩效目标 merged over the rows of the project's indicators)
continues over pages; where the page cuts a project's block, the frame's column rules end at the
page's top (bottom) rule of the indicator grid beside it, but that rule stops at the grid's side.
Without it the frame closes no cell and the grid holds only the indicator columns, whose rows cannot
be told apart by project. The grid's rule is drawn on across the frame.

Layout feature: a column rule left out beside one block of rows. A project-block table draws the
rule between the merged 绩效目标 cell and the indicator rows for each project, and for one project
leaves it out (19894b8491d4 p136): the rows' horizontal rules start at the column's line, which
stops above the block and starts again below it. A horizontal rule cannot end inside a table
without a rule across its end, so where at least MIN_BRIDGED_RULES rules end at the place of a
broken column rule, between its pieces, the column rule is drawn on across the gap; without it the
merged cell and the rows' 一级指标 cells read as one.

Edges are pdfplumber-shaped dicts (x0, x1, top, bottom, orientation, width, height), already
merged (snapped and joined), so a rule is one edge rather than a run of segments.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from disclosure.extractors.snapping import runs_from_first

# Column rules that end together: at least this many, so that a lone rule is not a table.
MIN_OPEN_RULES = 3
# Beside a grid whose rule stops at their side, one open rule is a frame: a column of merged cells
# whose other side is the grid's own side rule.
MIN_FRAME_RULES = 1
# A column rule's end lies at least this far (pt) past the nearest horizontal rule crossing it:
# less is a rule drawn a little long at a closed corner, not an open row.
MIN_OVERHANG = 6.0
# Horizontal rules that must cross the open rules: the table already has a whole row.
MIN_INSIDE_RULES = 2
# Ends within this distance (pt) are the same end; a horizontal rule this close closes it.
END_TOLERANCE = 2.0
# Horizontal edges shorter than this are the caps of thin rectangles drawn as column rules.
MIN_RULE_LENGTH = 3.0
# Horizontal rules ending at a broken column rule's place, between its pieces: at least this many
# make the gap a rule left out (one could be a stray line's end).
MIN_BRIDGED_RULES = 2


def closing_edges(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The edges that close each open end of the page's ruled tables: horizontal edges across
    column rules ending together, vertical ones across a column rule's gap where row rules end."""
    verticals = [e for e in edges if e["orientation"] == "v"]
    horizontals = [e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] >= MIN_RULE_LENGTH]
    closing = []
    for end in ("top", "bottom"):
        for group in rules_ending_together(verticals, end):
            edge = open_end(group, end, horizontals)
            if edge is not None:
                closing.append(edge)
    return closing + bridging_edges(verticals, horizontals)


def bridging_edges(
    verticals: list[dict[str, Any]], horizontals: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The vertical edges across the gaps of broken column rules where at least MIN_BRIDGED_RULES
    horizontal rules end (see the module's third layout feature)."""
    bridges = []
    for column in runs_from_first(verticals, itemgetter("x0"), END_TOLERANCE):
        x = column[0]["x0"]
        pieces = sorted(column, key=itemgetter("top"))
        reach = pieces[0]["bottom"]  # how far down the pieces so far draw the rule
        for piece in pieces[1:]:
            if piece["top"] - reach >= MIN_OVERHANG:
                ending = [
                    h
                    for h in horizontals
                    if reach + END_TOLERANCE < h["top"] < piece["top"] - END_TOLERANCE
                    and (abs(h["x0"] - x) <= END_TOLERANCE or abs(h["x1"] - x) <= END_TOLERANCE)
                ]
                if len(ending) >= MIN_BRIDGED_RULES:
                    bridges.append(vertical_edge(x, reach, piece["top"]))
            reach = max(reach, piece["bottom"])
    return bridges


def rules_ending_together(verticals: list[dict[str, Any]], end: str) -> list[list[dict[str, Any]]]:
    """Vertical rules grouped by where they end (their top or their bottom): rules ending within
    END_TOLERANCE of the first of a group end with it."""
    groups = runs_from_first(verticals, itemgetter(end), END_TOLERANCE)
    return [g for g in groups if len({round(e["x0"]) for e in g}) >= MIN_OPEN_RULES]


def open_end(
    group: list[dict[str, Any]], end: str, horizontals: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The edge closing a group of rules that end together, or None where rules already close them.

    Each rule is open unless a horizontal rule meets its end; a short stub that a rule closes (a
    cell border in a header) does not make its neighbours open.
    """
    y = sum(e[end] for e in group) / len(group)
    open_rules = [e for e in group if not any(meets(h, e["x0"], e[end]) for h in horizontals)]
    open_count = len({round(e["x0"]) for e in open_rules})
    if open_count < MIN_FRAME_RULES:
        return None
    x0 = min(e["x0"] for e in open_rules)
    x1 = max(e["x0"] for e in open_rules)
    closed = [e for e in group if e not in open_rules]
    beside = grid_rule_beside(x0, x1, y, closed, horizontals)
    if beside is not None:
        return horizontal_edge(*beside)
    if open_count < MIN_OPEN_RULES:
        return None
    crossing = [h for h in horizontals if h["x0"] <= x0 + END_TOLERANCE and h["x1"] >= x1 - END_TOLERANCE]
    # the nearest rule crossing all of them on the inner side: the table's first (or last) rule
    inside = [
        h["top"]
        for h in crossing
        if (h["top"] > y if end == "top" else h["top"] < y)
        and all(e["top"] - END_TOLERANCE <= h["top"] <= e["bottom"] + END_TOLERANCE for e in open_rules)
    ]
    # A ruled table has whole rows already: at least two rules cross its columns. A frame of merged
    # cells with no grid's rule ending beside it is left as it is.
    if len(inside) < MIN_INSIDE_RULES:
        return None
    nearest = min(inside, key=lambda t: abs(t - y))
    if abs(nearest - y) < MIN_OVERHANG:
        return None
    return horizontal_edge(x0, x1, y)


def grid_rule_beside(
    x0: float, x1: float, y: float, closed: list[dict[str, Any]], horizontals: list[dict[str, Any]]
) -> tuple[float, float, float] | None:
    """Where open rules (from x0 to x1, ending at y) stand beside a grid whose rule at y stops at
    the grid's side, a closed rule of the same group (a frame of merged cells broken by the page):
    the rule drawn on across them (x0, x1, y), from the open rules to the grid's side, at the grid
    rule's own height (so that the two share their corner). None when no grid's rule ends there."""
    sides = [e["x0"] for e in closed]
    at_y = [h for h in horizontals if abs(h["top"] - y) <= END_TOLERANCE]
    right = [h for h in at_y if h["x0"] > x1 and any(abs(h["x0"] - x) <= END_TOLERANCE for x in sides)]
    left = [h for h in at_y if h["x1"] < x0 and any(abs(h["x1"] - x) <= END_TOLERANCE for x in sides)]
    if right:
        nearest = min(right, key=itemgetter("x0"))
        return (max(h["x1"] for h in left) if left else x0, nearest["x0"], nearest["top"])
    if left:
        nearest = max(left, key=itemgetter("x1"))
        return (nearest["x1"], x1, nearest["top"])
    return None


def horizontal_edge(x0: float, x1: float, y: float) -> dict[str, Any]:
    """A pdfplumber-shaped horizontal edge from x0 to x1 at y."""
    return axis_edge("h", x0, x1, y, y)


def vertical_edge(x: float, top: float, bottom: float) -> dict[str, Any]:
    """A pdfplumber-shaped vertical edge at x from top to bottom."""
    return axis_edge("v", x, x, top, bottom)


def axis_edge(orientation: str, x0: float, x1: float, top: float, bottom: float) -> dict[str, Any]:
    """A pdfplumber-shaped edge of the box (one of its sides has no length)."""
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


def meets(horizontal: dict[str, Any], x: float, y: float) -> bool:
    """Does the horizontal rule pass through (x, y), within END_TOLERANCE?"""
    return (
        abs(horizontal["top"] - y) <= END_TOLERANCE
        and horizontal["x0"] - END_TOLERANCE <= x <= horizontal["x1"] + END_TOLERANCE
    )
