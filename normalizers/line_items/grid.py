"""The logical grid of a table stitched over pages: each part's data rows mapped onto the first part's
columns, or, for a part continuing the table to the right, its columns added to the rows before it."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from disclosure.extractors.records import RawTable
from disclosure.normalizers.amounts import parse_amount
from disclosure.normalizers.grid_index import index_of, shared_text_grid, text_grid
from disclosure.normalizers.layout import (
    LABEL_ROLES,
    Column,
    column_groups,
    column_labels,
    flatten,
    split_header,
)
from disclosure.normalizers.line_items.labels import normalise_item_name
from disclosure.normalizers.recognize import LogicalTable
from disclosure.normalizers.vocabulary import TOTAL_ROW_LABELS
from disclosure.normalizers.whitespace import squash


@dataclass
class DataRow:
    """One data row of a logical table, mapped onto the first part's columns."""

    logical_row: int
    page: int
    texts: list[str]
    label_texts: list[str]  # the same row with merged label cells repeated across their columns
    # Columns printed on another page than the row's label (a table continued to the right): their page.
    pages: dict[int, int] = field(default_factory=dict)


@dataclass
class Placement:
    """Where one part's grid cells land in the logical table.

    A part continuing the table downwards adds rows: its row r is logical row `row_offset + r`, its
    columns are the base grid's. A part continuing it to the right (`rows` set) adds columns to rows
    already there: its row r is logical row `rows[r]`, its columns follow the base grid's from
    `col_offset`, counted on `grid` (the first part printed in that position).
    """

    row_offset: int = 0
    rows: dict[int, int] | None = None
    col_offset: int = 0
    grid: RawTable | None = None

    def column(self, base: RawTable, part: RawTable, x0: float, x1: float, col: int) -> int:
        """The logical column of a part's cell."""
        target = base if self.grid is None else self.grid
        if part.n_cols == target.n_cols:
            return self.col_offset + col
        return self.col_offset + base_column(shared_column_edges(target), target.n_cols, x0, x1)

    def row(self, part_row: int) -> int | None:
        """The logical row of a part's grid row (None: a row of a right-hand part no row matches)."""
        if self.rows is None:
            return self.row_offset + part_row
        return self.rows.get(part_row)


@dataclass
class LogicalGrid:
    """A logical table's data rows on one set of columns: the base grid's, then those of the parts
    that continue it to the right (one block of columns per position to the right)."""

    header_rows: int
    rows: list[DataRow]
    placements: list[Placement]
    extra_grids: list[tuple[int, RawTable]]  # (first logical column, grid) of each right-hand block
    width: int


def column_edges(table: RawTable) -> list[float]:
    """x positions of the grid's column boundaries (n_cols + 1 values)."""
    edges: list[float | None] = [None] * (table.n_cols + 1)
    for cell in table.cells:
        if edges[cell.col] is None:
            edges[cell.col] = cell.x0
        if edges[cell.col + cell.col_span] is None:
            edges[cell.col + cell.col_span] = cell.x1
    known = [(i, e) for i, e in enumerate(edges) if e is not None]
    filled: list[float] = []
    for i in range(len(edges)):
        value = edges[i]
        if value is None:  # interpolate: a boundary no cell starts or ends on
            left = max((k for k in known if k[0] < i), default=known[0])
            right = min((k for k in known if k[0] > i), default=known[-1])
            span = max(right[0] - left[0], 1)
            value = left[1] + (right[1] - left[1]) * (i - left[0]) / span
        filled.append(value)
    return filled


def shared_column_edges(table: RawTable) -> list[float]:
    """column_edges, computed once per grid (Placement.column asks it for every cell of a part
    that continues the table with other columns) and shared: only for reading."""
    edges: list[float] = index_of(table).memo(("column_edges",), lambda: column_edges(table))
    return edges


def base_column(edges: list[float], n_cols: int, x0: float, x1: float) -> int:
    """The base grid's column under the horizontal middle of a continuation cell."""
    return min(max(bisect_right(edges, (x0 + x1) / 2) - 1, 0), n_cols - 1)


def map_part_rows(
    base: RawTable, part: RawTable, skip_rows: int, fill_across: bool = False
) -> list[list[str]]:
    """Rows of a continuation grid mapped onto the base grid's columns by horizontal position.

    With `fill_across`, a cell spanning several base columns is repeated in each column whose
    middle it covers (as RawTable.text_grid does for merged cells): the rows' labels.
    """
    if part.n_cols == base.n_cols:
        return text_grid(part, fill_across=fill_across)[skip_rows:]
    edges = column_edges(base)
    rows: list[list[str]] = [["" for _ in range(base.n_cols)] for _ in range(part.n_rows)]
    for cell in part.cells:
        if not cell.text:
            continue
        under = {base_column(edges, base.n_cols, cell.x0, cell.x1)}
        if fill_across:
            under |= {
                col for col in range(base.n_cols) if cell.x0 <= (edges[col] + edges[col + 1]) / 2 <= cell.x1
            }
        for col in under:
            existing = rows[cell.row][col]
            rows[cell.row][col] = f"{existing} {cell.text}".strip() if existing else cell.text
    return rows[skip_rows:]


def row_key(row: DataRow) -> tuple[str, ...]:
    """A data row's label and amount texts, whitespace removed: what makes two printed rows the same."""
    return tuple(squash(text) for text in row.texts)


def is_total_row(key: tuple[str, ...]) -> bool:
    """A row labelled 合计 / 总计 (本年收入合计 …)."""
    return any(normalise_item_name(text) in TOTAL_ROW_LABELS for text in key if text)


def repeated_lead(
    earlier: list[DataRow], earlier_totals: set[tuple[str, ...]], part_rows: list[DataRow]
) -> int:
    """How many of a continuation part's leading rows repeat an earlier row of the same table exactly
    (label and every amount text): a 合计 / 总计 row carried over to the top of the next page, or the
    previous page's last rows printed again after the break. Counting them twice would double the
    table's totals. `earlier_totals`: the keys of the earlier 合计 / 总计 rows (kept by the caller,
    so that a table continued over many pages is not scanned again for each page)."""
    # only the last rows before the break can be printed again: as many as the part has
    before = [row_key(row) for row in earlier[-len(part_rows) :]] if part_rows else []
    lead = [row_key(row) for row in part_rows]
    count = 0
    while count < len(lead) and lead[count] in earlier_totals:
        count += 1
    rest = lead[count:]
    for n in range(min(len(rest), len(before)), 0, -1):
        repeated = rest[:n]
        if repeated == before[-n:] and all(any(parse_amount(t) is not None for t in key) for key in repeated):
            return count + n
    return count


def total_keys(rows: list[DataRow]) -> set[tuple[str, ...]]:
    """The keys of the rows labelled 合计 / 总计."""
    return {key for key in map(row_key, rows) if is_total_row(key)}


def last_filled_row(grid: list[list[str]]) -> int:
    """Index of the last row of a text grid that holds any text (-1 when none does)."""
    return max((r for r, row in enumerate(grid) if any(text.strip() for text in row)), default=-1)


def header_paths(table: RawTable, header_rows: int) -> set[tuple[str, ...]]:
    """The header paths (top to bottom) of a grid's labelled columns."""
    return {tuple(labels) for labels in column_labels(table, header_rows) if labels}


def extends_right(base: RawTable, base_header: int, part: RawTable, rows_beside: int) -> bool:
    """Does a continuation grid carry more columns of the rows before it, rather than more rows?

    Layout feature: a table too wide for its page, printed on to the right on the next page. That
    page has a header of its own naming other amount columns (上年结转结余/小计 … beside 本年收入/…),
    no row-label column (code, name, unit) and at most as many data rows as the part before it, its
    rows in the same order. A continuation that adds rows either has no header or repeats the
    base's, and it carries the row labels whenever the base does.
    """
    header = split_header(part)
    if header == 0 or header >= part.n_rows:
        return False
    data = shared_text_grid(part)[header:]
    filled = last_filled_row(data) + 1
    if filled == 0 or filled > rows_beside:
        return False
    roles = {column.role for column in flatten(part, header, [list(row) for row in data])}
    if roles & (LABEL_ROLES | {"line_number"}) or "amount" not in roles:
        return False
    own = header_paths(part, header)
    return bool(own) and not own <= header_paths(base, base_header)


def data_rows_of(table: LogicalTable) -> LogicalGrid:
    """All data rows of a logical table, on the base grid's columns and those continued to the right.

    A continuation's leading rows that repeat an earlier row exactly are dropped (see repeated_lead);
    its cells stay in `cells`. A continuation to the right (see extends_right) gives its amounts to
    the rows of the part before it, top row to top row, as further columns.
    """
    base = table.parts[0]
    header_rows = split_header(base)
    rows: list[DataRow] = []
    totals: set[tuple[str, ...]] = set()  # keys of the 合计 / 总计 rows so far (see repeated_lead)
    placements: list[Placement] = []
    extra_grids: list[tuple[int, RawTable]] = []
    width = base.n_cols
    offset = 0
    beside: list[DataRow] = []  # the rows of the last part that added rows, as printed
    beside_header = (0, 0)  # that part's logical row offset and header row count
    position = 0  # how many parts to the right of the last part that added rows
    for index, part in enumerate(table.parts):
        if index and beside and extends_right(base, header_rows, part, len(beside)):
            if position == len(extra_grids):
                extra_grids.append((width, part))
                width += part.n_cols
            start, grid = extra_grids[position]
            position += 1
            placement = right_hand_placement(part, beside, beside_header, start, grid)
            placements.append(placement)
            add_right_hand_cells(base, part, placement, beside)
            continue
        placements.append(Placement(row_offset=offset))
        # A continuation may repeat the column header; its own header rows are dropped.
        skip = header_rows if index == 0 else split_header(part)
        if index > 0 and skip == part.n_rows:
            skip = 0 if part.n_rows <= 2 else skip
        mapped = map_part_rows(base, part, skip) if index else text_grid(base)[skip:]
        across = (
            map_part_rows(base, part, skip, fill_across=True)
            if index
            else text_grid(base, fill_across=True)[skip:]
        )
        part_rows = [
            DataRow(logical_row=offset + skip + r, page=part.page, texts=texts, label_texts=across[r])
            for r, texts in enumerate(mapped)
        ]
        kept = part_rows[repeated_lead(rows, totals, part_rows) if index else 0 :]
        rows.extend(kept)
        totals |= total_keys(kept)
        beside, beside_header, position = part_rows, (offset, skip), 0
        offset += part.n_rows
    for row in rows:
        row.texts += [""] * (width - len(row.texts))
        row.label_texts += [""] * (width - len(row.label_texts))
    return LogicalGrid(header_rows, rows, placements, extra_grids, width)


def right_hand_placement(
    part: RawTable, beside: list[DataRow], beside_header: tuple[int, int], start: int, grid: RawTable
) -> Placement:
    """Where a right-hand part's rows land: its data rows on the rows beside them, top row first;
    its header rows on the header rows of that part, bottom row last."""
    header = split_header(part)
    offset, other_header = beside_header
    rows = {header + r: row.logical_row for r, row in enumerate(beside) if header + r < part.n_rows}
    for h in range(header):
        rows[h] = max(offset + other_header - header + h, offset)
    return Placement(rows=rows, col_offset=start, grid=grid)


def add_right_hand_cells(base: RawTable, part: RawTable, placement: Placement, beside: list[DataRow]) -> None:
    """Write a right-hand part's data cells into the rows beside them, on the logical columns."""
    header = split_header(part)
    for cell in part.cells:
        r = cell.row - header
        if r < 0 or r >= len(beside) or not cell.text:
            continue
        row = beside[r]
        col = placement.column(base, part, cell.x0, cell.x1, cell.col)
        for texts in (row.texts, row.label_texts):
            texts += [""] * (col + 1 - len(texts))
        row.texts[col] = f"{row.texts[col]} {cell.text}".strip() if row.texts[col] else cell.text
        row.pages[col] = part.page


def logical_columns(grid: LogicalGrid, base: RawTable) -> list[Column]:
    """The columns of a logical table: the base grid's, then each right-hand block's, in groups."""
    columns = flatten(base, grid.header_rows, [row.texts for row in grid.rows])
    for start, part in grid.extra_grids:
        texts = [row.texts[start : start + part.n_cols] for row in grid.rows]
        for column in flatten(part, split_header(part), texts):
            column.index += start
            columns.append(column)
    column_groups(columns)
    return columns
