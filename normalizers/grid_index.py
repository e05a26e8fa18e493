"""Lookups over one page grid, computed once per grid instead of a scan of its cells per question.

The normalisers ask the same grid the same questions many times (the cells of row r, the cell
covering slot (r, c), the columns holding text, the header row count): each answer is a scan of all
its cells, and asked once per row or per cell that made whole documents quadratic in their cells.
`index_of(table)` keeps the answers of one RawTable for as long as that grid lives. Grids are
never changed once read (a grid cut in two is a new RawTable, see recognize.grid_rows), so the
answers stay true; an index is still dropped when the grid's cell list is replaced or resized.

Every answer is the one the plain scan gives, in the same order: the cells of a row in grid order
sorted by column, the first cell (in grid order) covering a slot.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import partial
from typing import Any

from disclosure.extractors.records import GridCell, RawTable


class GridIndex:
    """What one grid answers, each computed on first use."""

    __slots__ = ("_by_row", "_memo", "_row_cells", "_slots", "_text_columns", "_text_rows", "cells", "size")

    def __init__(self, table: RawTable) -> None:
        self.cells = table.cells  # the list indexed: a grid given another list gets a new index
        self.size = len(table.cells)
        self._by_row: dict[int, list[GridCell]] | None = None
        self._row_cells: dict[int, list[GridCell]] = {}
        self._slots: dict[tuple[int, int], GridCell] | None = None
        self._text_columns: set[int] | None = None
        self._text_rows: dict[int, list[GridCell]] | None = None
        self._memo: dict[Any, Any] = {}

    def by_row(self) -> dict[int, list[GridCell]]:
        """Row -> the cells whose top-left slot is in it, in grid order."""
        if self._by_row is None:
            rows: dict[int, list[GridCell]] = {}
            for cell in self.cells:
                rows.setdefault(cell.row, []).append(cell)
            self._by_row = rows
        return self._by_row

    def row_cells(self, row: int) -> list[GridCell]:
        """Cells whose top-left slot is in this row, left to right (shared: do not change it)."""
        cells = self._row_cells.get(row)
        if cells is None:
            cells = sorted(self.by_row().get(row, ()), key=lambda cell: cell.col)
            self._row_cells[row] = cells
        return cells

    def cell_at(self, row: int, col: int) -> GridCell | None:
        """The cell covering grid slot (row, col), if any (RawTable.cell_at)."""
        if self._slots is None:
            slots: dict[tuple[int, int], GridCell] = {}
            for cell in self.cells:
                for r in range(cell.row, cell.row + cell.row_span):
                    for c in range(cell.col, cell.col + cell.col_span):
                        slots.setdefault((r, c), cell)
            self._slots = slots
        return self._slots.get((row, col))

    def text_columns(self) -> set[int]:
        """Columns that hold text anywhere in the grid (shared: do not change it)."""
        if self._text_columns is None:
            self._text_columns = {
                col
                for cell in self.cells
                if cell.text.strip()
                for col in range(cell.col, cell.col + cell.col_span)
            }
        return self._text_columns

    def text_cells_of_row(self, row: int) -> list[GridCell]:
        """The cells of a row (by top-left slot) whose text is not blank, in grid order."""
        if self._text_rows is None:
            rows: dict[int, list[GridCell]] = {}
            for cell in self.cells:
                if cell.text.strip():
                    rows.setdefault(cell.row, []).append(cell)
            self._text_rows = rows
        return self._text_rows.get(row, [])

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """A value of the grid computed once (keys name the question, e.g. ("split_header",))."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value


# id(table) -> (a weak reference to the table, its index). A RawTable is unhashable (a dataclass
# with eq), so it cannot key a WeakKeyDictionary; the reference tells a live grid from a new one
# that was given a freed grid's id, and its callback drops the entry when the grid goes.
_INDEXES: dict[int, tuple[weakref.ref[RawTable], GridIndex]] = {}


def _forget(key: int, ref: weakref.ref[RawTable]) -> None:
    entry = _INDEXES.get(key)
    if entry is not None and entry[0] is ref:
        del _INDEXES[key]


def index_of(table: RawTable) -> GridIndex:
    """The index of a grid, made on first use and kept while the grid lives."""
    key = id(table)
    entry = _INDEXES.get(key)
    if entry is not None:
        ref, found = entry
        if found.cells is table.cells and found.size == len(table.cells) and ref() is table:
            return found
    index = GridIndex(table)
    _INDEXES[key] = (weakref.ref(table, partial(_forget, key)), index)
    return index


def row_cells(table: RawTable, row: int) -> list[GridCell]:
    """Cells whose top-left slot is in this row, left to right (a new list)."""
    return list(index_of(table).row_cells(row))


def cell_at(table: RawTable, row: int, col: int) -> GridCell | None:
    """The cell covering grid slot (row, col), if any: RawTable.cell_at without the scan."""
    return index_of(table).cell_at(row, col)


def shared_text_grid(table: RawTable, fill_spans: bool = False, fill_across: bool = False) -> list[list[str]]:
    """RawTable.text_grid, built once per grid and variant and shared: only for reading."""
    grid: list[list[str]] = index_of(table).memo(
        ("text_grid", fill_spans, fill_across), lambda: build_text_grid(table, fill_spans, fill_across)
    )
    return grid


def build_text_grid(table: RawTable, fill_spans: bool, fill_across: bool) -> list[list[str]]:
    """RawTable.text_grid(fill_spans, fill_across), slot for slot, without a range per cell where
    a cell fills one slot (no filling) or one row (fill_across)."""
    if fill_spans:
        return table.text_grid(fill_spans, fill_across)
    grid = [[""] * table.n_cols for _ in range(table.n_rows)]
    if fill_across:
        for cell in table.cells:
            for col in range(cell.col, cell.col + cell.col_span):
                grid[cell.row][col] = cell.text
    else:
        for cell in table.cells:
            grid[cell.row][cell.col] = cell.text
    return grid


def text_grid(table: RawTable, fill_spans: bool = False, fill_across: bool = False) -> list[list[str]]:
    """RawTable.text_grid, built once per grid and variant (a new copy each call: callers edit it)."""
    return [list(row) for row in shared_text_grid(table, fill_spans, fill_across)]
