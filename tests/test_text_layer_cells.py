"""text_layer.table_cells finds the cells pdfplumber's table finder finds with closed_settings
(the same tables, cells and order, compared by repr), on pages with and without edges that close
a table's open ends."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from disclosure.extractors.quick_page import QuickPage
from disclosure.extractors.rulings import RULED_TABLES, paints_white
from disclosure.extractors.text_layer import closed_settings, table_cells
from pdfplumber.table import TableSettings


def pdfplumbers_cells(page: QuickPage, settings: TableSettings) -> list[list[tuple[float, ...]]]:
    """pdfplumber's own table finder on the page without the paths painted only in white (no rules:
    rulings.paints_white), which its finder would take for rules."""
    visible = page.filter(lambda obj: not paints_white(obj))
    return [
        [tuple(cell) for cell in found.cells]
        for found in visible.find_tables(closed_settings(visible, settings))
    ]


def cells_of(path: Path, numbers: list[int], settings: TableSettings = RULED_TABLES) -> list[list[int]]:
    """Compare on the given pages (1-based); each page's cells per table."""
    counts = []
    with pdfplumber.open(path) as pdf:
        for number in numbers:
            page = QuickPage.of(pdf.pages[number - 1])
            got = [[tuple(cell) for cell in table] for table in table_cells(page, settings)]
            assert repr(got) == repr(pdfplumbers_cells(page, settings)), f"{path.name} page {number}"
            counts.append([len(table) for table in got])
            page.flush_cache()
    return counts


def test_pages_of_a_long_budget(corpus: Path) -> None:
    counts = cells_of(corpus / "budget/0a58e7a1c157.pdf", list(range(1, 41)))
    assert sum(map(len, counts)) > 20


@pytest.mark.parametrize(
    ("number", "tables"),
    # cells of the page's grids; the white boxes behind cell texts are no rules (before they were
    # dropped: [6, 120], [68, 56], [17, 78, 157], [191]; the same line items either way)
    [(14, [6, 102]), (16, [66, 42]), (17, [15, 20, 123]), (18, [191])],
)
def test_pages_with_open_ends(corpus: Path, number: int, tables: list[int]) -> None:
    """Pages where a closing edge goes into the merge (explicit lines in pdfplumber's finder)."""
    path = corpus / "wide/324795c7efce.pdf"
    with pdfplumber.open(path) as pdf:
        page = QuickPage.of(pdf.pages[number - 1])
        assert closed_settings(page, RULED_TABLES).explicit_horizontal_lines
    assert cells_of(path, [number]) == [tables]


def test_other_strategies_go_to_pdfplumber(corpus: Path) -> None:
    text_settings = TableSettings.resolve({"vertical_strategy": "text", "horizontal_strategy": "lines"})
    assert cells_of(corpus / "budget/0a58e7a1c157.pdf", [2], text_settings)
