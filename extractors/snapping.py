"""Coordinates within a tolerance taken as one, and a point's nearest grid coordinate.

Two ways of snapping, because the two kinds of input differ:

- Coordinates read from a PDF (cell boxes, the ends of rules) are exact: a run of values within the
  tolerance of its first is one line drawn a hair apart, and stands at its first value
  (runs_from_first, distinct_coordinates; open_ends groups rule ends the same way).
- Positions measured on a page image (the middle of a scanned stroke) scatter along a line a
  few pixels thick or slightly skewed: a value within the tolerance of the previous one continues
  the run, which stands at its mean (stroke_positions).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import TypeVar

import numpy as np

# Grid coordinates closer than this (points) are the same ruling line.
GRID_SNAP_TOLERANCE = 2.0

Item = TypeVar("Item")


def runs_from_first(
    items: Iterable[Item], key: Callable[[Item], float], tolerance: float
) -> list[list[Item]]:
    """The items sorted by key (ties in their order), in runs: an item whose key lies within
    `tolerance` of the key of its run's first item joins that run."""
    runs: list[list[Item]] = []
    first = 0.0
    for item in sorted(items, key=key):
        value = key(item)
        if runs and value - first <= tolerance:
            runs[-1].append(item)
        else:
            runs.append([item])
            first = value
    return runs


def distinct_coordinates(values: Iterable[float], tolerance: float = GRID_SNAP_TOLERANCE) -> list[float]:
    """Sorted distinct coordinates read from a PDF: each run within the tolerance of its first
    value stands at that value."""
    firsts: list[float] = []
    first = 0.0
    for value in sorted(values, key=float):
        number = float(value)
        if not firsts or not number - first <= tolerance:  # runs_from_first's test, its runs' firsts
            firsts.append(value)
            first = number
    return firsts


def stroke_positions(values: Iterable[float], tolerance: float) -> list[float]:
    """Sorted distinct positions measured on a page image: values each within the tolerance of the
    previous one are one stroke, at their mean."""
    clusters: list[list[float]] = []
    for value in sorted(values):
        if clusters and value - clusters[-1][-1] <= tolerance:
            clusters[-1].append(value)
        else:
            clusters.append([value])
    return [sum(c) / len(c) for c in clusters]


def nearest_index(coords: list[float], value: float) -> int:
    """Index of the grid coordinate closest to value (the lower one on a tie)."""
    i = bisect_right(coords, value)
    candidates = [j for j in (i - 1, i) if 0 <= j < len(coords)]
    return min(candidates, key=lambda j: abs(coords[j] - value))


def nearest_indices(coords: list[float], values: np.ndarray) -> np.ndarray:
    """nearest_index for each value: the closer of the two coordinates around it, the lower one
    on a tie."""
    grid = np.asarray(coords, dtype=np.float64)
    after = np.searchsorted(grid, values, side="right")  # 0 .. len(grid)
    lower = np.maximum(after - 1, 0)  # np.clip's work, without its overhead on small arrays
    upper = np.minimum(after, len(grid) - 1)
    return np.where(np.abs(grid[upper] - values) < np.abs(grid[lower] - values), upper, lower)
