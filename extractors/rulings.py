"""A page's painted edges as table rules: pdfplumber's table-finder settings, with the values that
suit ruled disclosure tables, and pdfplumber's merge of edges into rules.

Edges are pdfplumber-shaped dicts (x0, x1, top, bottom, width, height, orientation), as both
readers make them.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter
from typing import Any

from pdfplumber.table import TableSettings

# Edges closer than this (pt) across their direction are one rule (pdfplumber's snap).
RULE_SNAP_TOLERANCE = 3.0
# Collinear segments whose ends are closer than this (pt) join into one rule.
RULE_JOIN_TOLERANCE = 3.0
# A horizontal and a vertical rule closer than this (pt) meet.
RULE_INTERSECTION_TOLERANCE = 3.0
# Edge length filters (pt): before merging segments, and for the merged rules.
EDGE_MIN_LENGTH_PREFILTER = 1.0
EDGE_MIN_LENGTH = 3.0

# The line a horizontal (vertical) edge lies on.
TOP, X0 = itemgetter("top"), itemgetter("x0")

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
    """The horizontal and vertical edges at least min_length long that show on the page (curves'
    slanted edges and paths painted only in white dropped, see paints_white)."""
    return [
        e
        for e in edges
        if e.get("orientation") in ("h", "v")
        and e["width" if e["orientation"] == "h" else "height"] >= min_length
        and not paints_white(e)
    ]


def merged_rules(
    edges: Iterable[dict[str, Any]], settings: TableSettings = RULED_TABLES
) -> list[dict[str, Any]]:
    """pdfplumber's merge step (snap, then join collinear segments) on a page's edges: the same
    rules, from the same arithmetic (tests/test_rulings.py holds merge_edges to pdfplumber's)."""
    merged = merge_edges(
        axis_edges(edges, settings.edge_min_length_prefilter),
        snap_x_tolerance=settings.snap_x_tolerance,
        snap_y_tolerance=settings.snap_y_tolerance,
        join_x_tolerance=settings.join_x_tolerance,
        join_y_tolerance=settings.join_y_tolerance,
    )
    return axis_edges(merged, settings.edge_min_length)


def merge_edges(
    edges: list[dict[str, Any]],
    snap_x_tolerance: float,
    snap_y_tolerance: float,
    join_x_tolerance: float,
    join_y_tolerance: float,
) -> list[dict[str, Any]]:
    """pdfplumber.table.merge_edges: edges within the snap tolerance of one another moved to their
    mean, then the collinear ones within the join tolerance of one another joined.

    pdfplumber copies an edge it moves or extends by rebuilding the dict from its items (most of
    the merge's time); here the copy is a dict display, with the same keys, order and values.
    Edges are horizontal or vertical (axis_edges).
    """
    if snap_x_tolerance > 0 or snap_y_tolerance > 0:
        vertical = [e for e in edges if e["orientation"] == "v"]
        horizontal = [e for e in edges if e["orientation"] == "h"]
        edges = snapped(vertical, "x0", snap_x_tolerance) + snapped(horizontal, "top", snap_y_tolerance)
    # pdfplumber groups the edges sorted by edge_line: the horizontal ones by top, then the others
    # (all taken as vertical) by x0, each in their order on a tie, as sorted here; a tuple key
    # compares as its second field (equal first fields), so the sorts and groups are the same.
    horizontal = [e for e in edges if e["orientation"] == "h"]
    vertical = [e for e in edges if e["orientation"] != "h"]
    merged: list[dict[str, Any]] = []
    for _, group in groupby(sorted(horizontal, key=TOP), key=TOP):
        merged += joined(group, "h", join_x_tolerance)
    for _, group in groupby(sorted(vertical, key=X0), key=X0):
        merged += joined(group, "v", join_y_tolerance)
    return merged


def edge_line(edge: dict[str, Any]) -> tuple[str, float]:
    """The line an edge lies on: ("h", its top) or ("v", its x0)."""
    return ("h", edge["top"]) if edge["orientation"] == "h" else ("v", edge["x0"])


def snapped(edges: list[dict[str, Any]], attr: str, tolerance: float) -> list[dict[str, Any]]:
    """pdfplumber.utils.snap_objects: each cluster of edges (by `attr`, within the tolerance) moved
    to the mean of its `attr`, clusters in order of their values.

    An edge already at its cluster's mean (alone in it, or the mean falls on it) keeps its dict:
    pdfplumber's copy would hold the same values (x + 0.0 is x, but for -0.0, which is copied)."""
    moved: list[dict[str, Any]] = []
    for cluster in value_clusters(edges, attr, tolerance):
        mean = sum(edge[attr] for edge in cluster) / len(cluster)
        for edge in cluster:
            value = mean - edge[attr]
            if attr == "x0":
                if value == 0.0 and edge["x0"] != 0.0 and edge["x1"] != 0.0:
                    moved.append(edge)
                    continue
                moved.append({**edge, "x0": edge["x0"] + value, "x1": edge["x1"] + value})
                continue
            if value == 0.0 and edge["top"] != 0.0 and edge["bottom"] != 0.0 and edge.get("doctop") != 0.0:
                moved.append(edge)  # y0 - 0.0 is y0, -0.0 too
                continue
            shifted = {**edge, "top": edge["top"] + value, "bottom": edge["bottom"] + value}
            if "doctop" in edge:
                shifted["doctop"] = edge["doctop"] + value
            if "y0" in edge:
                shifted["y0"] = edge["y0"] - value
                shifted["y1"] = edge["y1"] - value
            moved.append(shifted)
    return moved


def value_clusters(edges: list[dict[str, Any]], attr: str, tolerance: float) -> list[list[dict[str, Any]]]:
    """pdfplumber.utils.cluster_objects on one key: the distinct values in order, each within the
    tolerance of the one before it in one cluster; each cluster's edges in their order, clusters
    in the order of their values. Edges are put in their cluster's list (pdfplumber sorts them
    by cluster number, a stable sort: the same lists)."""
    values = [edge[attr] for edge in edges]
    cluster_of: dict[float, int] = {}
    count = 0
    last = 0.0
    for value in sorted(set(values)):
        if count == 0 or not value <= last + tolerance:
            count += 1
        cluster_of[value] = count - 1
        last = value
    clusters: list[list[dict[str, Any]]] = [[] for _ in range(count)]
    for edge, value in zip(edges, values, strict=True):
        clusters[cluster_of[value]].append(edge)
    return clusters


def joined(edges: Iterable[dict[str, Any]], orientation: str, tolerance: float) -> list[dict[str, Any]]:
    """pdfplumber.table.join_edge_group: edges along one line, each starting within the tolerance
    of the end of the one before joined into it."""
    start, end = ("x0", "x1") if orientation == "h" else ("top", "bottom")
    ordered = sorted(edges, key=itemgetter(start))
    result = [ordered[0]]
    for edge in ordered[1:]:
        last = result[-1]
        if edge[start] <= last[end] + tolerance:
            if edge[end] > last[end]:
                result[-1] = extended(last, end, edge[end])
        else:
            result.append(edge)
    return result


def extended(edge: dict[str, Any], end: str, value: float) -> dict[str, Any]:
    """pdfplumber.utils.resize_object for the end of an edge (x1 or bottom)."""
    if end == "x1":
        assert value >= edge["x0"]
        return {**edge, "x1": value, "width": value - edge["x0"]}
    assert value >= edge["top"]
    diff = value - edge["bottom"]
    resized = {**edge, "bottom": value, "height": edge["height"] + diff}
    if "y0" in edge:
        resized["y0"] = edge["y0"] - diff
    return resized


def paints_white(edge: dict[str, Any]) -> bool:
    """Whether the path an edge comes from paints only in white (filled white and not stroked,
    stroked white and not filled, or both): it shows nothing on white paper, such as the white box a
    spreadsheet prints behind each cell's text, and is no rule. An edge that does not say how it was
    painted is a rule."""
    stroke, fill = edge.get("stroke"), edge.get("fill")
    if not (stroke or fill):
        return False
    return (not fill or is_white(edge.get("non_stroking_color"))) and (
        not stroke or is_white(edge.get("stroking_color"))
    )


def is_white(color: Any) -> bool:
    """A colour as pdfminer gives it that is white: gray 1, RGB (1, 1, 1), CMYK (0, 0, 0, 0)."""
    components = color if isinstance(color, (tuple, list)) else (color,)
    if not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in components):
        return False  # a pattern, or no colour
    if len(components) in (1, 3):
        return all(c == 1 for c in components)
    return len(components) == 4 and all(c == 0 for c in components)
