"""Grid helpers shared by every scorecard form, and what a card says before it becomes records."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from disclosure.extractors.records import GridCell, RawTable
from disclosure.normalizers.amounts import parse_amount
from disclosure.normalizers.grid_index import cell_at, index_of
from disclosure.normalizers.records import ScorecardFunds, ScorecardIndicator
from disclosure.normalizers.scorecard_vocabulary import (
    HEADER_NOISE,
    PERCENT,
    SCORE_UNIT,
)
from disclosure.normalizers.scorecards.values import raw_or_none
from disclosure.normalizers.whitespace import squash


@dataclass(frozen=True)
class Slot:
    """A grid row of a stitched scorecard: which part (page grid) and which row of it."""

    part: int
    row: int


@dataclass
class CardContent:
    """What a scorecard grid says, before it becomes records."""

    project_name: str | None = None
    department_name: str | None = None
    competent_department: str | None = None
    implementing_unit: str | None = None
    goal_planned: str | None = None
    goal_actual: str | None = None
    funds: list[ScorecardFunds] = field(default_factory=list)
    indicators: list[ScorecardIndicator] = field(default_factory=list)
    total_weight_raw: str | None = None
    total_score_raw: str | None = None


def row_cells(table: RawTable, row: int) -> list[GridCell]:
    """Cells whose top-left slot is in this row, left to right."""
    return list(index_of(table).row_cells(row))


def right_neighbour(table: RawTable, cell: GridCell) -> GridCell | None:
    """The cell just right of this one, on the cell's first row."""
    return cell_at(table, cell.row, cell.col + cell.col_span)


@lru_cache(maxsize=1 << 14)
def column_role(text: str, roles: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    """The first role whose words appear in a header text (cached: grids ask it of every cell of
    every row they look at, and of the same header texts card after card)."""
    squashed = squash(text).translate(HEADER_NOISE)
    for role, words in roles:
        if any(word in squashed for word in words):
            return role
    return None


def is_numeric_cell(cell: GridCell) -> bool:
    return parse_amount(squash(cell.text).removesuffix(PERCENT).removesuffix(SCORE_UNIT)) is not None


def column_edges(table: RawTable) -> list[tuple[float, float] | None]:
    """Left and right edge of every grid column, from the cells that start or end in it."""
    edges: list[tuple[float, float] | None] = []
    for col in range(table.n_cols):
        lefts = [cell.x0 for cell in table.cells if cell.col == col]
        rights = [cell.x1 for cell in table.cells if cell.col + cell.col_span - 1 == col]
        edges.append((min(lefts), max(rights)) if lefts and rights else None)
    return edges


def map_columns(
    columns: dict[str, tuple[int, int]], source: RawTable, target: RawTable
) -> dict[str, tuple[int, int]]:
    """The same column roles on another page's grid, matched by position (a continuation grid may
    drop an empty border column, so its column numbers differ)."""
    if source.n_cols == target.n_cols:
        return dict(columns)
    source_edges, target_edges = column_edges(source), column_edges(target)
    mapped: dict[str, tuple[int, int]] = {}
    for role, (start, end) in columns.items():
        lefts = [edge[0] for edge in source_edges[start:end] if edge]
        rights = [edge[1] for edge in source_edges[start:end] if edge]
        if not lefts:
            continue
        left, right = min(lefts), max(rights)
        inside = [
            col
            for col, edge in enumerate(target_edges)
            if edge and left - 2 <= (edge[0] + edge[1]) / 2 <= right + 2
        ]
        if inside:
            mapped[role] = (min(inside), max(inside) + 1)
    return mapped


def slot_text(table: RawTable, row: int, span: tuple[int, int], own_row: bool) -> str | None:
    """Text of the cell starting in this row under a column span (None when there is none)."""
    for col in range(span[0], span[1]):
        cell = cell_at(table, row, col)
        if cell is not None and (not own_row or cell.row == row):
            return raw_or_none(cell.text)
    return None
