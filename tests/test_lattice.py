"""extractors.lattice must find exactly the intersections and cells pdfplumber's own steps find."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from disclosure.extractors import lattice
from disclosure.extractors.open_ends import closing_edges
from disclosure.extractors.pdfium_geometry import page_frame, page_geometry
from disclosure.extractors.rulings import merged_rules
from pdfplumber import table as plumber

SEEDS = range(40)


def rule(orientation: str, position: float, start: float, end: float) -> dict[str, Any]:
    """A pdfplumber-shaped edge: horizontal at `top = position`, or vertical at `x0 = position`."""
    if orientation == "h":
        x0, x1, top, bottom = start, end, position, position
    else:
        x0, x1, top, bottom = position, position, start, end
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "orientation": orientation}


def random_rules(seed: int) -> list[dict[str, Any]]:
    """A ruled grid with rules missing, broken and shortened (merged cells, open ends, gaps), and
    a few stray rules, so that many points close no cell or only a larger one."""
    rng = random.Random(seed)
    xs = sorted(rng.sample(range(0, 600, 7), rng.randint(2, 12)))
    ys = sorted(rng.sample(range(0, 800, 5), rng.randint(2, 20)))
    rules = []
    for y in ys:
        left, right = xs[0], xs[-1]
        if rng.random() < 0.3:
            left = rng.choice(xs[:-1])
        if rng.random() < 0.3:
            right = rng.choice([x for x in xs if x > left])
        if rng.random() > 0.1:
            rules.append(rule("h", float(y), float(left), float(right)))
    for x in xs:
        cuts = sorted(rng.sample(ys, min(len(ys), rng.randint(0, 3))))
        bounds = [ys[0], *cuts, ys[-1]]
        for top, bottom in zip(bounds, bounds[1:], strict=False):
            if bottom > top and rng.random() > 0.15:
                rules.append(rule("v", float(x) + rng.choice((0.0, 0.0, 0.5)), float(top), float(bottom)))
    for _ in range(rng.randint(0, 4)):
        orientation = rng.choice("hv")
        start = float(rng.randint(0, 500))
        rules.append(rule(orientation, float(rng.randint(0, 700)), start, start + rng.randint(5, 200)))
    rng.shuffle(rules)
    return rules


@pytest.mark.parametrize("seed", SEEDS)
def test_same_cells_as_pdfplumber(seed: int) -> None:
    rules = random_rules(seed)
    expected_points = plumber.edges_to_intersections(rules, 3, 3)
    points = lattice.edges_to_intersections(rules, 3, 3)
    assert list(points) == list(expected_points)
    assert points == expected_points
    assert lattice.intersections_to_cells(points) == plumber.intersections_to_cells(expected_points)


def test_no_points_no_cells() -> None:
    assert lattice.intersections_to_cells({}) == []


@pytest.mark.parametrize("seed", SEEDS)
def test_same_tables_as_pdfplumber(seed: int) -> None:
    """Cells grouped into tables as pdfplumber groups them: the same cells, in the same order."""
    cells = lattice.intersections_to_cells(lattice.edges_to_intersections(random_rules(seed), 3, 3))
    assert lattice.cells_to_tables(cells) == plumber.cells_to_tables(cells)


def test_same_tables_on_corpus_pages(corpus: Path) -> None:
    """The ruled pages of a long budget (one table per page, some pages with two) group as pdfplumber
    groups them."""
    document = pdfium.PdfDocument((corpus / "budget/0a58e7a1c157.pdf").read_bytes())
    tables = 0
    for index in range(len(document)):
        page = document[index]
        edges, _ = page_geometry(page, page_frame(page))
        merged = merged_rules(edges)
        page.close()
        if not merged:
            continue
        cells = lattice.intersections_to_cells(
            lattice.edges_to_intersections(merged + closing_edges(merged), 3, 3)
        )
        found = lattice.cells_to_tables(cells)
        assert found == plumber.cells_to_tables(cells)
        tables += len(found)
    assert tables > 10


def test_a_column_rule_left_out_beside_rows_is_drawn_on() -> None:
    """A column rule broken over one block, where the rows' rules end at its place (19894b8491d4
    p136), is drawn on across the gap; a gap crossed by rules, or where one rule ends, is a merged
    cell's, and stays."""
    frame = [rule("h", 0, 0, 300), rule("h", 200, 0, 300), rule("v", 0, 0, 200), rule("v", 300, 0, 200)]
    broken = [rule("v", 100, 0, 50), rule("v", 100, 150, 200)]
    rows = [rule("h", y, 100, 300) for y in (70, 90, 110, 130)]
    [bridge] = [e for e in closing_edges(frame + broken + rows) if e["orientation"] == "v"]
    assert (bridge["x0"], bridge["top"], bridge["bottom"]) == (100, 50, 150)
    crossing = [rule("h", y, 0, 300) for y in (70, 90)]
    assert not [e for e in closing_edges(frame + broken + crossing) if e["orientation"] == "v"]
    assert not [e for e in closing_edges(frame + broken + rows[:1]) if e["orientation"] == "v"]
