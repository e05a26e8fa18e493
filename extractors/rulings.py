"""A page's painted edges as table rules: pdfplumber's table-finder settings, with the values that
suit ruled disclosure tables, and pdfplumber's merge of edges into rules.

Edges are pdfplumber-shaped dicts (x0, x1, top, bottom, width, height, orientation), as both
readers make them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pdfplumber.table import TableSettings, merge_edges

# Edges closer than this (pt) across their direction are one rule (pdfplumber's snap).
RULE_SNAP_TOLERANCE = 3.0
# Collinear segments whose ends are closer than this (pt) join into one rule.
RULE_JOIN_TOLERANCE = 3.0
# A horizontal and a vertical rule closer than this (pt) meet.
RULE_INTERSECTION_TOLERANCE = 3.0
# Edge length filters (pt): before merging segments, and for the merged rules.
EDGE_MIN_LENGTH_PREFILTER = 1.0
EDGE_MIN_LENGTH = 3.0

# Tables are found from their rules only (no text alignment): both readers use these settings.
RULED_TABLES = TableSettings.resolve(
    {
        "vertical_strategy": "lines",
        "horizontal_strategy": "lines",
        "snap_tolerance": RULE_SNAP_TOLERANCE,
        "join_tolerance": RULE_JOIN_TOLERANCE,
        "intersection_tolerance": RULE_INTERSECTION_TOLERANCE,
        "edge_min_length": EDGE_MIN_LENGTH,
        "edge_min_length_prefilter": EDGE_MIN_LENGTH_PREFILTER,
    }
)


def axis_edges(edges: Iterable[dict[str, Any]], min_length: float) -> list[dict[str, Any]]:
    """The horizontal and vertical edges at least min_length long (curves' slanted edges dropped)."""
    return [
        e
        for e in edges
        if e.get("orientation") in ("h", "v")
        and e["width" if e["orientation"] == "h" else "height"] >= min_length
    ]


def merged_rules(
    edges: Iterable[dict[str, Any]], settings: TableSettings = RULED_TABLES
) -> list[dict[str, Any]]:
    """pdfplumber's merge step (snap, then join collinear segments) on a page's edges."""
    merged = merge_edges(
        axis_edges(edges, settings.edge_min_length_prefilter),
        snap_x_tolerance=settings.snap_x_tolerance,
        snap_y_tolerance=settings.snap_y_tolerance,
        join_x_tolerance=settings.join_x_tolerance,
        join_y_tolerance=settings.join_y_tolerance,
    )
    return axis_edges(merged, settings.edge_min_length)
