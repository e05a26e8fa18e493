"""A logical table's records: its TableRecord, one LineItem per amount cell, one CellRecord per grid cell."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from disclosure.extractors.records import RawTable
from disclosure.normalizers.amounts import known_unit_to_yuan, parse_amount
from disclosure.normalizers.arithmetic import cell_flag, doubtful_cells
from disclosure.normalizers.layout import (
    LABEL_ROLES,
    Column,
    printed_sides,
    side_of_group,
)
from disclosure.normalizers.line_items.column_measures import measures_of_columns
from disclosure.normalizers.line_items.grid import (
    DataRow,
    LogicalGrid,
    Placement,
    data_rows_of,
    logical_columns,
)
from disclosure.normalizers.line_items.implied_codes import with_implied_code_parts
from disclosure.normalizers.line_items.labels import RowLabel, code_scheme_of, row_label
from disclosure.normalizers.line_items.row_rules import (
    figures_in_label_columns,
    label_around,
    unlabelled_sum_row,
    with_figures_moved,
)
from disclosure.normalizers.line_items.three_public import three_public_cell
from disclosure.normalizers.line_items.year_comparison import year_comparison_cell
from disclosure.normalizers.measures import fund_of
from disclosure.normalizers.recognize import LogicalTable
from disclosure.normalizers.records import CellRecord, LineItem, TableRecord
from disclosure.normalizers.vocabulary import (
    NON_MONEY_MEASURES,
    OTHER_KINDS,
    THREE_PUBLIC_COMPANIONS,
    TWO_SIDED_KINDS,
    UNCLASSIFIED,
    UNLABELLED_TOTAL_NAME,
    YEAR_COMPARISON,
)

# Digits of a classification code -> its level (类 3, 款 5, 项 7).
CODE_LEVELS = {3: 1, 5: 2, 7: 3}
# A row that names nothing in a column group.
NO_LABEL = RowLabel(None, None, None)


def build_table(
    table: LogicalTable, doc_id: str, table_id: str, doc_kind: str | None, fiscal_year: int | None = None
) -> tuple[TableRecord, list[LineItem], list[CellRecord]]:
    """The canonical rows of one logical table."""
    base = table.parts[0]
    grid = data_rows_of(table)
    rows = grid.rows
    columns = logical_columns(grid, base)
    flags = ocr_doubts(table, grid, columns) if base.engine == "ocr" else {}
    cells = [
        cell_record
        for part, placement in zip(table.parts, grid.placements, strict=True)
        for cell_record in part_cells(doc_id, table_id, base, part, placement, flags)
    ]
    record = TableRecord(
        doc_id=doc_id,
        table_id=table_id,
        table_kind=table.kind,
        title=table.title,
        unit=table.unit,
        pages=table.pages,
        n_rows=sum(
            part.n_rows for part, p in zip(table.parts, grid.placements, strict=True) if p.rows is None
        ),
        n_cols=grid.width,
        engine=base.engine,
        unit_source=table.unit_source,
    )
    items = (
        []
        if table.kind == UNCLASSIFIED
        else line_items_of(table, rows, columns, doc_id, table_id, doc_kind, fiscal_year)
    )
    return record, items, cells


def part_cells(
    doc_id: str,
    table_id: str,
    base: RawTable,
    part: RawTable,
    placement: Placement,
    flags: dict[tuple[int, int], str],
) -> list[CellRecord]:
    """The CellRecords of one part's grid cells, on the logical table's rows and columns.

    A continuation grid with other columns (a blank border column fewer, or more columns of the
    same rows to the right) is stored on the logical table's columns, as its line items are, so
    that line_items join cells on (table_id, row, col). A part whose columns are the logical
    table's (the usual case) skips the column mapping (Placement.column). A part whose columns
    do not map one to one (a scorecard's continuation splitting one of the first page's columns
    into four) keeps its own, so that (table_id, row, col) stays a key of the cells.
    """
    page = part.page
    target = base if placement.grid is None else placement.grid
    same_columns = part.n_cols == target.n_cols
    col_offset = placement.col_offset
    own_rows = placement.rows is None  # a part adding rows: its flags are keyed by its own column
    columns = [
        col_offset + cell.col
        if same_columns
        else placement.column(base, part, cell.box.x0, cell.box.x1, cell.col)
        for cell in part.cells
    ]
    rows = [placement.row(cell.row) for cell in part.cells]
    placed = [(row, col) for row, col in zip(rows, columns, strict=True) if row is not None]
    if len(set(placed)) < len(placed):
        columns = [col_offset + cell.col for cell in part.cells]
    records = []
    rounded: dict[float, float] = {}  # the cells' sides: a grid's cells share its lines' positions
    for cell, row, col in zip(part.cells, rows, columns, strict=True):
        if row is None:
            continue
        x0, top, x1, bottom = cell.box
        confidence = cell.confidence
        doubt = flags.get((row, cell.col if own_rows else col)) if flags else None  # keyed as in flag_key
        records.append(
            CellRecord(
                doc_id=doc_id,
                table_id=table_id,
                page=page,
                row=row,
                col=col,
                text=cell.text,
                x0=hundredths(x0, rounded),
                top=hundredths(top, rounded),
                x1=hundredths(x1, rounded),
                bottom=hundredths(bottom, rounded),
                confidence=confidence,
                flag=cell_flag(confidence, doubt),
            )
        )
    return records


def hundredths(value: float, rounded: dict[float, float]) -> float:
    """round(value, 2), kept in `rounded` for the next cell on the same line (a dict look-up costs
    a tenth of a round). Only non-zero floats are kept: equal ones are the same number, while 0.0
    and -0.0 (or 5 and 5.0) are one key but round to themselves."""
    if type(value) is not float or not value:
        return round(value, 2)
    known = rounded.get(value)
    if known is None:
        known = rounded[value] = round(value, 2)
    return known


def flag_key(
    placement: Placement, part: RawTable, part_row: int, part_col: int, base: RawTable, x0: float, x1: float
) -> tuple[int, int] | None:
    """The (logical row, col) an OCR doubt about a part's cell is filed under: a part adding rows
    keeps its own column number, a part adding columns takes its logical column."""
    row = placement.row(part_row)
    if row is None:
        return None
    return (row, part_col if placement.rows is None else placement.column(base, part, x0, x1, part_col))


def ocr_doubts(table: LogicalTable, grid: LogicalGrid, columns: list[Column]) -> dict[tuple[int, int], str]:
    """(logical row, col) -> why an OCR amount is doubtful, over every column group of the table."""
    base = table.parts[0]
    confidences = {
        key: cell.confidence
        for part, placement in zip(table.parts, grid.placements, strict=True)
        for cell in part.cells
        if (key := flag_key(placement, part, cell.row, cell.col, base, cell.x0, cell.x1)) is not None
    }
    flags: dict[tuple[int, int], str] = {}
    for group in columns_by_group(columns):
        labelled = []
        for row in grid.rows:
            label = row_label(row.label_texts, group)
            labelled.append((row.logical_row, label.code, label.item_name, row.texts))
        flags.update(doubtful_cells(labelled, group, confidences))
    return flags


@dataclass(frozen=True)
class TableItems:
    """What every line item of one table shares: where it is from and how its columns read."""

    table: LogicalTable
    doc_id: str
    table_id: str
    doc_kind: str | None
    fiscal_year: int | None
    column_measures: dict[int, str | None]
    with_companions: bool  # a 三公 table printing 会议费, 培训费 … beside the 三公 categories


def line_items_of(
    table: LogicalTable,
    rows: list[DataRow],
    columns: list[Column],
    doc_id: str,
    table_id: str,
    doc_kind: str | None,
    fiscal_year: int | None = None,
) -> list[LineItem]:
    """One LineItem per amount cell of a standard table."""
    groups = columns_by_group(columns)
    rows = with_implied_code_parts(rows, groups)
    shared = TableItems(
        table,
        doc_id,
        table_id,
        doc_kind,
        fiscal_year,
        measures_of_columns(groups, doc_kind),
        prints_companions(table, rows, columns),
    )
    is_total = unlabelled_total(rows, columns, sum(1 for g in groups if any(c.role == "amount" for c in g)))
    if table.kind in TWO_SIDED_KINDS:
        sides = [side_of_group(columns, group, len(groups)) for group in range(len(groups))]
    else:
        sides = printed_sides(columns, len(groups))
    items: list[LineItem] = []
    for row_index, printed in enumerate(rows):
        moved = figures_in_label_columns(printed, columns)
        row = with_figures_moved(printed, moved) if moved else printed
        own = one_classified_row(table.kind, [row_label(row.label_texts, group) for group in groups])
        leading = own[0] if groups else None
        for group_index, group in enumerate(groups):
            label = group_label(table.kind, rows, row_index, group, leading, is_total(row), own[group_index])
            for column in group:
                if column.role == "amount" and (
                    item := cell_item(shared, row, column, label, sides[group_index])
                ):
                    item.col = moved.get(column.index, item.col)  # where the figure is printed (cells)
                    items.append(item)
    return items


def columns_by_group(columns: list[Column]) -> list[list[Column]]:
    """The columns of each side-by-side group (layout.column_groups numbered them), in order."""
    n_groups = max((c.group for c in columns), default=0) + 1
    return [[c for c in columns if c.group == g] for g in range(n_groups)]


def prints_companions(table: LogicalTable, rows: list[DataRow], columns: list[Column]) -> bool:
    """Does a 三公 table print 会议费, 培训费 … (companions) in its headers or row labels?"""
    if table.kind != "three_public":
        return False
    headers_and_rows = [label for c in columns for label in c.labels] + [
        text for row in rows for text in row.label_texts if text
    ]
    return any(companion in text for text in headers_and_rows for companion in THREE_PUBLIC_COMPANIONS)


def unlabelled_total(
    rows: list[DataRow], columns: list[Column], amount_groups: int
) -> Callable[[DataRow], bool]:
    """Which rows are the table's total though they print no label (`amount_groups`: the side-by-side
    column groups that hold amounts; a sum row is looked for only where one does)."""
    with_figures = [row for row in rows if any(parse_amount(text) is not None for text in row.texts)]
    # Layout feature: a table of one data row and no label column (收入总表 of a department with
    # one budget unit: 合计 | 本年收入 … and one row of figures): that row is the table's total.
    if len(with_figures) == 1 and not any(c.role in LABEL_ROLES for c in columns):
        return lambda row: True
    total_row = unlabelled_sum_row(with_figures, columns) if amount_groups == 1 else None
    return lambda row: row is total_row


def group_label(
    kind: str,
    rows: list[DataRow],
    row_index: int,
    group: list[Column],
    leading: RowLabel | None,
    is_total: bool,
    own: RowLabel | None = None,
) -> RowLabel:
    """What a row is about within one column group: its own label (`own`, when the caller has read
    it already), the total's, or one around it."""
    label = row_label(rows[row_index].label_texts, group) if own is None else own
    if is_total and label == NO_LABEL:
        label = RowLabel(None, UNLABELLED_TOTAL_NAME, None)
    if label == NO_LABEL:
        label = label_around(rows, row_index, group) or label
    if kind in OTHER_KINDS and leading and label.code is None and label.item_name is None:
        # Wide lists (procurement: 采购项目 … 规格型号 | 数量 … 预算金额) break into column
        # groups at every text column; a later group without a label of its own is the same
        # row, named by its leading columns. (Not in the standard kinds, whose halves, 收入 |
        # 支出 or 人员经费 | 公用经费, are different rows side by side.)
        label = leading
    return label


def one_classified_row(kind: str, own: list[RowLabel]) -> list[RowLabel]:
    """The labels of a row's column groups (`own`, the leading group's first), where a later group
    only classifies the row its leading columns name (classifies_leading): that group and the
    leading one take the leading label with the later group's code, so that every figure of the
    printed row (数量 and 预算金额) carries the same code, name and second classification."""
    if kind not in OTHER_KINDS or len(own) < 2:
        return own
    classifying = [
        index for index, label in enumerate(own) if index and classifies_leading(label, own[0], kind)
    ]
    if not classifying:
        return own
    row = with_second_classification(own[0], own[classifying[0]])
    return [row if index == 0 or index in classifying else label for index, label in enumerate(own)]


def classifies_leading(label: RowLabel, leading: RowLabel, kind: str) -> bool:
    """Is a later group's label only a classification of the row its leading columns name?

    Layout feature: a procurement list printing, after 数量, the item's economic classification in
    code columns with no name column (Xi'an: 部门预算支出经济科目编码 类/款 before 预算金额), the
    leading columns giving the function code (科目编码 类/款/项) and the item. A group with a name of
    its own, or codes of the leading code's scheme, is another row side by side."""
    if label.code is None or label.item_name is not None or leading.item_name is None:
        return False
    return leading.code is None or code_scheme_of(leading.code, kind) != code_scheme_of(label.code, kind)


def with_second_classification(leading: RowLabel, label: RowLabel) -> RowLabel:
    """The leading columns' label, with a later group's code as the row's code (the leading label
    has none) or as its second classification."""
    if leading.code is None:
        return replace(leading, code=label.code, alt_code=label.alt_code, alt_item_name=None)
    return replace(leading, alt_code=label.code, alt_item_name=None)


def cell_item(
    shared: TableItems, row: DataRow, column: Column, label: RowLabel, side: str | None
) -> LineItem | None:
    """The LineItem of one amount cell, or None when the cell holds no amount."""
    raw = row.texts[column.index]
    value = parse_amount(raw)
    if value is None:
        return None
    table = shared.table
    three_public = table.kind == "three_public"
    item_name: str | None
    item_raw: str | None
    if three_public:
        item_name, item_raw, measure = three_public_cell(
            column, label, shared.doc_kind, shared.with_companions, shared.fiscal_year
        )
        code = None
    elif table.kind == YEAR_COMPARISON:
        item_name, item_raw, measure = year_comparison_cell(
            column, label, shared.doc_kind, shared.fiscal_year
        )
        code = None
    else:
        item_name, item_raw = label.item_name, label.item_name_raw
        measure = shared.column_measures[column.index]
        code = label.code
    return LineItem(
        doc_id=shared.doc_id,
        table_id=shared.table_id,
        table_kind=table.kind,
        row=row.logical_row,
        side=side,
        code=code,
        code_scheme=code_scheme_of(code, table.kind),
        code_level=CODE_LEVELS.get(len(code)) if code else None,
        alt_code=None if three_public else label.alt_code,
        alt_code_scheme=code_scheme_of(label.alt_code, table.kind),
        alt_item_name=None if three_public else label.alt_item_name,
        item_name=item_name,
        item_name_raw=item_raw,
        measure=measure,
        measure_raw=column.label,
        amount=None if measure in NON_MONEY_MEASURES else known_unit_to_yuan(value, table.unit),
        amount_raw=raw.strip(),
        unit_raw=table.unit,
        page=row.pages.get(column.index, row.page),
        col=column.index,
        fund=fund_of(column.labels),
        unit_code=label.unit_code,
    )
