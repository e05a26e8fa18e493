"""extractors.rulings.merge_edges must merge edges exactly as pdfplumber's merge_edges does: the
same edges, in the same order, with the same keys, key order and values."""

from __future__ import annotations

import random
from typing import Any

import pytest
from disclosure.extractors import rulings
from pdfplumber import table as plumber

SEEDS = range(40)


def segment(
    rng: random.Random, orientation: str, position: float, start: float, end: float
) -> dict[str, Any]:
    """A pdfplumber-shaped edge as a page's geometry gives it (curve_edge keys), with y0/y1 on some."""
    if orientation == "h":
        x0, x1, top, bottom = start, end, position, position
    else:
        x0, x1, top, bottom = position, position, start, end
    edge = {
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
    if rng.random() < 0.3:
        edge["y0"], edge["y1"] = 842.0 - bottom, 842.0 - top
    return edge


def random_segments(seed: int) -> list[dict[str, Any]]:
    """Rules drawn as runs of segments a hair apart (to snap) with gaps and overlaps (to join)."""
    rng = random.Random(seed)
    edges = []
    for _ in range(rng.randint(1, 40)):
        orientation = rng.choice("hv")
        position = rng.uniform(0, 800)
        start = rng.uniform(0, 500)
        for _ in range(rng.randint(1, 6)):
            length = rng.uniform(0.5, 120)
            wobble = rng.choice((0.0, 0.0, rng.uniform(-3.5, 3.5)))
            edges.append(segment(rng, orientation, position + wobble, start, start + length))
            start += length + rng.choice((0.0, rng.uniform(-2, 5)))
    rng.shuffle(edges)
    return edges


@pytest.mark.parametrize("seed", SEEDS)
def test_same_merge_as_pdfplumber(seed: int) -> None:
    edges = random_segments(seed)
    tolerances = (3.0, 3.0, 3.0, 3.0) if seed % 4 else (3.0, 0.0, 1.0, 2.5)
    expected = plumber.merge_edges(edges, *tolerances)
    merged = rulings.merge_edges(edges, *tolerances)
    assert merged == expected
    assert [list(edge) for edge in merged] == [list(edge) for edge in expected]


def test_merged_rules_filters_lengths() -> None:
    rng = random.Random(0)
    edges = [
        segment(rng, "h", 10.0, 0.0, 0.5),
        segment(rng, "v", 20.0, 0.0, 2.0),
        segment(rng, "h", 30.0, 0.0, 50.0),
    ]
    assert [e["top"] for e in rulings.merged_rules(edges)] == [30.0]
