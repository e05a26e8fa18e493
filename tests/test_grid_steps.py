"""The grid's steps done on arrays give what the plain Python steps gave: slot owners painted on
arrays as cell by cell, distinct coordinates as the firsts of runs_from_first's runs, and a page's
grids the same whether grid_from_cells reads the characters itself or is given their columns."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from disclosure.extractors.cell_chars import Placed, reaching_right_side, slot_owners
from disclosure.extractors.char_columns import CharColumns
from disclosure.extractors.grid import grid_from_cells
from disclosure.extractors.pdfium_chars import page_chars
from disclosure.extractors.pdfium_geometry import page_frame, page_geometry
from disclosure.extractors.pdfium_layer import find_table_cells
from disclosure.extractors.records import Box
from disclosure.extractors.rulings import RULED_TABLES
from disclosure.extractors.snapping import distinct_coordinates, runs_from_first


def painted(placed: list[Placed], paint_order: list[int], rows: int, cols: int) -> np.ndarray:
    """The owners as char_owners painted them: each cell over its slots, in paint order."""
    owner = np.full((rows, cols), -1, dtype=np.intp)
    for i in paint_order:
        row, col, row_span, col_span, _ = placed[i]
        owner[row : row + row_span, col : col + col_span] = i
    return owner


def test_slot_owners_are_the_cells_painted_last() -> None:
    rng = random.Random(15)
    box = Box(0.0, 0.0, 1.0, 1.0)
    for _ in range(300):
        rows, cols = rng.randint(1, 9), rng.randint(1, 9)
        placed: list[Placed] = []
        for _ in range(rng.randint(1, 40)):
            row, col = rng.randrange(rows), rng.randrange(cols)
            spans = (1, 1) if rng.random() < 0.7 else (rng.randint(1, rows - row), rng.randint(1, cols - col))
            placed.append((row, col, *spans, box))
        paint_order = list(range(len(placed)))
        rng.shuffle(paint_order)
        expected = painted(placed, paint_order, rows, cols)
        assert slot_owners(placed, paint_order, rows, cols).tolist() == expected.tolist()


def test_distinct_coordinates_are_the_firsts_of_the_runs() -> None:
    rng = random.Random(7)
    for _ in range(300):
        values: list[float] = [rng.choice([rng.uniform(0, 600), rng.randint(0, 60) * 2.0]) for _ in range(50)]
        assert distinct_coordinates(values) == [run[0] for run in runs_from_first(values, float, 2.0)]


def test_only_cells_reaching_their_right_side_may_overflow() -> None:
    boxes = [Box(0.0, 0.0, 50.0, 10.0), Box(50.0, 0.0, 90.0, 10.0), Box(90.0, 0.0, 120.0, 10.0)]
    # x1 of each cell's characters, cell by cell: 40-48.4 (short of 50 - 1.5), 80-88.6, none
    right_sides = np.array([40.0, 48.4, 80.0, 88.6])
    assert reaching_right_side(right_sides, np.array([2, 2, 0]), boxes) == [1]
    assert reaching_right_side(np.array([40.0, np.nan]), np.array([2, 0, 0]), boxes) == [0]


def test_a_budgets_grids_from_its_characters_or_their_columns(corpus: Path) -> None:
    """0a58e7a1c157 pp. 7-14: the same tables either way; p9's 单位名称 header over 13 columns."""
    document = pdfium.PdfDocument((corpus / "budget/0a58e7a1c157.pdf").read_bytes())
    tables = []
    for number in range(7, 15):
        page = document[number - 1]
        frame = page_frame(page)
        chars, (edges, _) = page_chars(page, frame), page_geometry(page, frame)
        columns = CharColumns.of(chars)
        for index, boxes in enumerate(find_table_cells(edges, RULED_TABLES)):
            table = grid_from_cells(boxes, chars, number, index)
            assert repr(grid_from_cells(boxes, chars, number, index, columns)) == repr(table)
            tables.append(table)
        page.close()
    document.close()
    assert len(tables) == 8
    p9 = tables[2]
    assert p9 is not None and (p9.page, p9.n_rows, p9.n_cols, len(p9.cells)) == (9, 7, 13, 81)
    assert [cell.text for cell in p9.cells[:4]] == ["单位名称", "合计", "财政拨款收入", "财政专户拨款收入"]
