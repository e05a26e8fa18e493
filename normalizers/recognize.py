"""Recognise tables: find each grid's title and unit, classify it, stitch continuations.

Steps: page_blocks (title + unit for every grid) -> stitch_blocks (continued tables become one
LogicalTable; the table kind by title words: normalizers.titles) -> with_units (a unit for a table
that prints none, where the text or the other tables tell it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import pairwise

from disclosure.extractors.records import PageContent, RawTable, TextLine
from disclosure.normalizers.amounts import is_printed_amount, parse_amount
from disclosure.normalizers.grid_index import index_of
from disclosure.normalizers.kinds import UnitSource
from disclosure.normalizers.layout import is_title_cell, split_header, text_columns
from disclosure.normalizers.titles import (
    classify_title,
    clean_title,
    find_unit,
    is_target_list,
    is_title_line,
    is_year_comparison,
    table_kind_of,
    with_wrapped_titles,
)
from disclosure.normalizers.vocabulary import (
    PERFORMANCE_TARGET_LIST,
    STATED_AMOUNT,
    UNCLASSIFIED,
    YEAR_COMPARISON,
)
from disclosure.normalizers.whitespace import squash

# How many of a table's figures the text must state, each in the same unit, to lend the table that unit.
NARRATIVE_UNIT_MATCHES = 2
# How far above a table (points) its title and unit line may stand.
TITLE_SEARCH_HEIGHT = 140.0
# Rows at the top of a grid that may hold a title or unit drawn inside the ruled box.
GRID_HEAD_ROWS = 4


@dataclass
class TableBlock:
    """One page's grid with the title and unit printed around it."""

    table: RawTable
    title: str | None
    unit: str | None
    is_last_on_page: bool
    is_first_on_page: bool
    # The last grid on its page: the title of a table printed below it, at the page's foot, whose
    # grid begins on the next page (and the unit printed with that title); see foot_title.
    next_title: str | None = None
    next_unit: str | None = None


@dataclass
class LogicalTable:
    """A table as the document means it: one or more page grids under one title."""

    parts: list[RawTable]
    title: str | None
    unit: str | None
    kind: str
    unit_source: str | None = None  # kinds.UnitSource: printed, or how with_units told it

    @property
    def pages(self) -> list[int]:
        return sorted({part.page for part in self.parts})


def block_kind(block: TableBlock) -> str:
    """The kind of a table by its title; a list of projects with their funds and 绩效目标 (the list
    form of 绩效目标表, or such a list in the narrative) is also a table of amounts: its rows, the
    合计 and 资金使用单位 subtotal rows included, become line items, while the scorecard reader
    takes the targets of the list form's projects. A table comparing years is told by its year
    column (titles.is_year_comparison)."""
    kind = table_kind_of(block.title)
    if kind == UNCLASSIFIED and is_target_list(block.table):
        return PERFORMANCE_TARGET_LIST
    if kind == UNCLASSIFIED and is_year_comparison(block.table):
        return YEAR_COMPARISON
    return kind


def lines_between(page: PageContent, top: float, bottom: float) -> list[TextLine]:
    """Text lines lying wholly in the vertical band [top, bottom)."""
    # the box's fields read directly: this asks of every line of the page
    return [line for line in page.lines if line.box.top >= top - 1 and line.box.bottom <= bottom + 1]


def grid_top_texts(table: RawTable, max_rows: int = 2) -> list[str]:
    """Texts of titles drawn inside the table, in its first rows (see is_title_cell)."""
    if table.n_cols <= 1:
        return []
    used = text_columns(table)
    return [
        cell.text
        for cell in table.cells
        if cell.row < max_rows and cell.text and is_title_cell(table, cell, used)
    ]


def grid_head_texts(table: RawTable) -> list[str]:
    """Texts of the grid's own first rows above its first data row: a unit cell ("金额单位：万元")
    or a title row drawn inside the ruled grid."""
    head = min(split_header(table), GRID_HEAD_ROWS)
    return [
        cell.text
        for cell in sorted(
            (cell for cell in table.cells if cell.row < head and cell.text), key=lambda c: (c.row, c.col)
        )
    ]


def unit_on_page(page: PageContent, table: RawTable, context: list[str], above_top: float) -> str | None:
    """The table's unit, nearest first: the grid's own first rows, the lines just above it (title
    band), then a labelled unit ("单位：万元") among the page's header lines above the table."""
    header = [line.text for line in lines_between(page, above_top, grid_start(table))]
    return find_unit(grid_head_texts(table)) or find_unit(context) or find_unit(header, alone=False)


def grid_start(table: RawTable) -> float:
    """Top of the first grid row with two or more cells: above it is a title area drawn as a box."""
    rows = index_of(table).by_row()
    for cell in table.cells:
        if len(rows[cell.row]) >= 2:
            return cell.top
    return table.top


def inner_title_rows(table: RawTable) -> list[int]:
    """Rows below the first that hold only a title drawn inside the grid, with text above them."""
    if table.n_cols <= 2:
        return []
    used = text_columns(table)
    rows_with_text = {cell.row for cell in table.cells if cell.text.strip()}
    rows = set()
    for cell in table.cells:
        if cell.row == 0 or not cell.text.strip() or not is_title_cell(table, cell, used):
            continue
        if any(row < cell.row for row in rows_with_text):
            rows.add(cell.row)
    return sorted(rows)


def grid_rows(table: RawTable, first: int, end: int) -> RawTable:
    """The grid's rows first..end-1 as a grid of their own (a cell reaching past `end` is cut there)."""
    # A cell that keeps its row and span is kept as it is (an equal copy would cost as much as the
    # rest of the recognition: most grids hold no inner title and come through whole).
    cells = [
        cell
        if first == 0 and cell.row + cell.row_span <= end
        else replace(cell, row=cell.row - first, row_span=min(cell.row + cell.row_span, end) - cell.row)
        for cell in table.cells
        if first <= cell.row < end
    ]
    return replace(
        table,
        # (box[1], box[3]: the cells' top and bottom without a property call per cell)
        box=table.box._replace(top=min(c.box[1] for c in cells), bottom=max(c.box[3] for c in cells)),
        n_rows=end - first,
        cells=cells,
    )


def split_at_inner_titles(table: RawTable) -> list[RawTable]:
    """One grid per table when a title row inside the ruled box starts a second table.

    Layout feature: the end of one table and the start of the next ("收入预算总表", its 部门 / 单位
    line) drawn in one ruled box on the same page; the lattice finder sees a single grid.
    """
    bounds = [0, *inner_title_rows(table), table.n_rows]
    return [grid_rows(table, first, end) for first, end in pairwise(bounds) if end > first]


def has_text(table: RawTable) -> bool:
    """Does any cell of the grid hold text?"""
    return any(cell.text.strip() for cell in table.cells)


def first_text_top(table: RawTable) -> float:
    """Top of the grid's highest cell that holds text (the grid's bottom when none does)."""
    return min((cell.top for cell in table.cells if cell.text.strip()), default=table.bottom)


def title_band_bottom(table: RawTable) -> float:
    """Where the search for a table's title and unit stops: the top of its first grid row, or, when
    the grid's top rows hold no text, the first text in the grid.

    Layout feature: spreadsheet gridlines printed around the title (预算02表 收入总表 at the top
    right of a ruled box whose first rows are empty); the lattice leaves the title's row without
    cells, so the title is inside the grid's box but in none of its cells.
    """
    return max(grid_start(table), first_text_top(table))


def is_on_page(table: RawTable, page: PageContent) -> bool:
    """Does any of the grid's text lie within the page's box? A grid whose text is drawn wholly beyond
    the page's edge (a document drawn on one long canvas, each page a window onto it) is not printed
    on that page, even where an empty border cell of it reaches into the page."""
    return any(cell.text.strip() and 0 < (cell.top + cell.bottom) / 2 < page.height for cell in table.cells)


def page_blocks(page: PageContent) -> list[TableBlock]:
    """Every grid on a page with the title and unit found above it (or in its first rows).

    A grid with no text at all is no table: a strip of empty ruled cells (spreadsheet gridlines
    above a page's title) must not pass for the first table on its page, which would make the
    real first table look like a new table instead of a continuation of the previous page's.
    """
    blocks = []
    previous_bottom = 0.0
    tables = [
        part
        for table in page.tables
        for part in split_at_inner_titles(table)
        if has_text(part) and is_on_page(part, page)
    ]
    for index, table in enumerate(tables):
        band_top = max(previous_bottom, table.top - TITLE_SEARCH_HEIGHT)
        context = [line.text for line in lines_between(page, band_top, title_band_bottom(table))]
        inside = grid_top_texts(table)
        title_candidates = [text for text in with_wrapped_titles(context) + inside if is_title_line(text)]
        title = clean_title(title_candidates[-1]) if title_candidates else None
        # Prefer a candidate that names a standard table when several short "...表" lines stand above.
        for text in reversed(title_candidates):
            if classify_title(clean_title(text)) != UNCLASSIFIED:
                title = clean_title(text)
                break
        blocks.append(
            TableBlock(
                table=table,
                title=title,
                unit=unit_on_page(page, table, context + inside, previous_bottom),
                is_last_on_page=index == len(tables) - 1,
                is_first_on_page=index == 0,
            )
        )
        previous_bottom = table.bottom
    if blocks:
        blocks[-1].next_title, blocks[-1].next_unit = foot_title(page, blocks[-1].table)
    return blocks


def foot_title(page: PageContent, last: RawTable) -> tuple[str | None, str | None]:
    """The title of a table printed below the page's last grid, with no grid after it (the table's
    grid begins on the next page), and the unit printed with it; (None, None) when the lines below
    the grid name no kind of table (a standard one, or another this tool knows)."""
    below = [line.text for line in lines_between(page, last.bottom, page.height)]
    titles = [clean_title(text) for text in with_wrapped_titles(below) if is_title_line(text)]
    named = [title for title in titles if table_kind_of(title) != UNCLASSIFIED]
    if not named:
        return None, None
    return named[-1], find_unit(below)


def continues(previous: TableBlock, block: TableBlock) -> bool:
    """Does `block` continue the table of `previous` on the next page?"""
    if not (previous.is_last_on_page and block.is_first_on_page):
        return False
    if block.table.page != previous.table.page + 1:
        return False
    if block.title is None:
        return previous.next_title is None  # a title at the previous page's foot starts a new table
    # Some documents repeat the title on every page of a long table.
    return previous.title is not None and squash(block.title) == squash(previous.title)


def stated_unit(units: list[str]) -> str | None:
    """The one unit these tables state, or None when they state none or disagree."""
    distinct = set(units)
    return distinct.pop() if len(distinct) == 1 else None


def stated_figures(pages: list[PageContent]) -> dict[Decimal, set[str]]:
    """Every figure the document's text states with a unit ("1899.9万元"), and the units it is
    stated in."""
    figures: dict[Decimal, set[str]] = {}
    for page in pages:
        for line in page.lines:
            for number, unit in STATED_AMOUNT.findall(squash(line.text)):
                value = parse_amount(number)
                if value:
                    figures.setdefault(abs(value), set()).add(unit)
    return figures


def narrative_unit(table: LogicalTable, figures: dict[Decimal, set[str]]) -> str | None:
    """The unit the text states the table's own figures in, when it states at least
    NARRATIVE_UNIT_MATCHES of them and always in that one unit: a table printed in the narrative
    without a unit (西安's year comparison, 1899.9 under 2022 where the text says
    "支出1899.9万元") is in the narrative's unit, whatever unit the document's tables state."""
    # Printed amounts only (a decimal part or separators): a quantity "3" is stated as "3万元" too.
    values = {
        abs(value)
        for part in table.parts
        for cell in part.cells
        if is_printed_amount(cell.text) and (value := parse_amount(cell.text))
    }
    stated = [figures[value] for value in values if value in figures]
    units = set().union(*stated) if stated else set()
    return units.pop() if len(stated) >= NARRATIVE_UNIT_MATCHES and len(units) == 1 else None


def fallback_unit(
    table: LogicalTable, blocks: list[TableBlock], figures: dict[Decimal, set[str]]
) -> tuple[str | None, UnitSource | None]:
    """A unit for a table that prints none, and where it comes from: the one the text states its
    figures in, else the one its page's other tables state, else the one all of the document's
    tables state. No unit, no guess: (None, None) when they state none or disagree."""
    narrative = narrative_unit(table, figures)
    if narrative:
        return narrative, UnitSource.TEXT
    same_page = stated_unit([b.unit for b in blocks if b.unit and b.table.page in table.pages])
    if same_page:
        return same_page, UnitSource.PAGE
    document = stated_unit([b.unit for b in blocks if b.unit])
    if document:
        return document, UnitSource.DOCUMENT
    return None, None


def starts_at_page_top(previous: TableBlock | None, block: TableBlock) -> bool:
    """Is `block` the first grid of the page after one whose foot prints the title of a new table?"""
    return (
        previous is not None
        and previous.next_title is not None
        and previous.is_last_on_page
        and block.is_first_on_page
        and block.table.page == previous.table.page + 1
    )


def stitch_blocks(blocks: list[TableBlock]) -> list[LogicalTable]:
    """Join continued grids into logical tables and classify each by its title."""
    tables: list[LogicalTable] = []
    previous: TableBlock | None = None
    for block in blocks:
        if previous is not None and tables and continues(previous, block):
            tables[-1].parts.append(block.table)
            if tables[-1].unit is None and block.unit is not None:
                tables[-1].unit, tables[-1].unit_source = block.unit, UnitSource.PRINTED
        else:
            if block.title is None and starts_at_page_top(previous, block):
                assert previous is not None
                block = replace(block, title=previous.next_title, unit=block.unit or previous.next_unit)
            tables.append(
                LogicalTable(
                    parts=[block.table],
                    title=block.title,
                    unit=block.unit,
                    kind=block_kind(block),
                    unit_source=UnitSource.PRINTED if block.unit else None,
                )
            )
        previous = block
    return tables


def with_units(tables: list[LogicalTable], blocks: list[TableBlock], pages: list[PageContent]) -> None:
    """A unit for every table that prints none, where one can be told (fallback_unit), with where
    it comes from."""
    figures: dict[Decimal, set[str]] | None = None
    for table in tables:
        if table.unit is None:
            if figures is None:
                figures = stated_figures(pages)
            table.unit, table.unit_source = fallback_unit(table, blocks, figures)


def recognise_tables(pages: list[PageContent]) -> list[LogicalTable]:
    """All logical tables of a document, in page order."""
    blocks = [block for page in pages for block in page_blocks(page)]
    tables = stitch_blocks(blocks)
    with_units(tables, blocks, pages)
    return tables
