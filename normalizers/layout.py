"""Flatten a table's header and give each column a role.

Steps: split_header (which grid rows are header) -> column_labels (each column's header path,
merged cells repeated over their span) -> column_roles (line number, code, name, amount) ->
column_groups (side-by-side halves: 收入 | 支出, 人员经费 | 公用经费).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from disclosure.extractors.records import GridCell, RawTable
from disclosure.normalizers.amounts import is_placeholder, looks_like_amount
from disclosure.normalizers.grid_index import index_of, shared_text_grid
from disclosure.normalizers.measures import measure_of
from disclosure.normalizers.vocabulary import (
    CODE_LABEL_WORDS,
    CODE_LEAF_LABELS,
    EXPENSE_HEADER_ENDINGS,
    GROUP_LABELS,
    HEADER_NOTE,
    LABEL_COLONS,
    LINE_NUMBER_LABELS,
    NAME_LEAF_LABELS,
    NUMBERING_FILLERS,
    ORGANISATION_CODE_WORDS,
    ORGANISATION_NAME_WORDS,
    SERIAL_NUMBER_LABELS,
    SIDE_LABELS,
    TITLE_LINE,
    TITLE_WORD,
    YEAR_LABEL,
)
from disclosure.normalizers.whitespace import squash

CODE_TEXT = re.compile(r"^\d{3}(?:\s?\d{2}){0,2}$|^\d{2}$")
BARE_INTEGER = re.compile(r"^\d+$")
DATA_AMOUNT = re.compile(r"^-?\d[\d,，]*\.\d+$|^-?\d{1,3}(?:[,，]\d{3})+$")
# A column is a name column when at least this share of its filled data cells is text.
NAME_TEXT_SHARE = 0.5
# A column whose filled data cells are at least this share text is a name column, whatever its header.
MOSTLY_TEXT = 0.8
# A column is a code column when at least this share of its filled data cells is a code.
CODE_SHARE = 0.6
# A title line alone in its grid row spans at least this share of the columns that hold text.
TITLE_ROW_SHARE = 0.5
# Roles of the columns that label a row (a new side-by-side group starts at one after an amount).
LABEL_ROLES = frozenset({"code", "name", "org_code", "org_name"})


@dataclass
class Column:
    """One grid column after header flattening."""

    index: int
    labels: list[str]  # header path, top to bottom, without repeats
    role: str  # line_number | code | name | org_code | org_name | amount | empty
    group: int = 0

    @property
    def leaf(self) -> str:
        return self.labels[-1] if self.labels else ""

    @property
    def label(self) -> str:
        return "/".join(self.labels)


def is_numbering_row(row: list[str]) -> bool:
    """The 栏次/行次 row: column numbers 1, 2, 3 ... rather than data."""
    texts = [squash(t) for t in row if squash(t) and squash(t) not in NUMBERING_FILLERS]
    if any(t in LINE_NUMBER_LABELS for t in texts):
        return True
    numbers = [t for t in texts if t.isdigit()]
    if len(numbers) >= 3 and len(numbers) >= len(texts) - 1:
        values = [int(t) for t in numbers]
        return values == list(range(values[0], values[0] + len(values))) and values[0] <= 2
    return False


def is_data_row(row: list[str]) -> bool:
    """A row that carries figures or classification codes (not a header row)."""
    if is_numbering_row(row):
        return False
    for text in row:
        t = squash(text)
        if not t:
            continue
        if DATA_AMOUNT.match(t) or CODE_TEXT.match(t) and len(t) in (3, 5, 7):
            return True
    return False


def split_header(table: RawTable) -> int:
    """Number of header rows at the top of the grid (all rows when the table holds no data).

    A bare integer ("3000") under a header that names an amount ("预算数（单位：万元）") makes its row
    data, as a decimal figure or a code does anywhere.
    """
    header_rows: int = index_of(table).memo(("split_header",), lambda: count_header_rows(table))
    return header_rows


def count_header_rows(table: RawTable) -> int:
    """split_header, computed (it is asked of the same grid by every stage that reads it)."""
    grid = shared_text_grid(table)
    amount_columns: set[int] = set()
    for index, row in enumerate(grid):
        if is_data_row(row) or holds_bare_amount(row, amount_columns):
            return index
        amount_columns |= {col for col, text in enumerate(row) if text and measure_of([squash(text)], None)}
    return len(grid)


def holds_bare_amount(row: list[str], amount_columns: set[int]) -> bool:
    """Does a labelled row print a bare integer under an amount header? (A row of column numbers,
    "** | 1 | 2 | 3", is no data row.)"""
    texts = [squash(text) for text in row]
    labelled = any(text and not text.isdigit() and text not in NUMBERING_FILLERS for text in texts)
    return (
        labelled
        and not is_numbering_row(row)
        and any(BARE_INTEGER.match(texts[col]) for col in amount_columns if col < len(texts))
    )


def text_columns(table: RawTable) -> set[int]:
    """Columns that hold text anywhere in the grid (a blank border column drawn beside the table's
    title row holds none)."""
    return set(index_of(table).text_columns())


def spans_grid(table: RawTable, cell: GridCell, used: set[int] | None = None) -> bool:
    """Does the cell run across the whole grid: every column, or every column that holds text?"""
    if cell.col_span == table.n_cols:
        return True
    used = text_columns(table) if used is None else used
    if len(used) > cell.col_span:
        return False  # more columns hold text than the cell covers
    covered = range(cell.col, cell.col + cell.col_span)
    return used <= set(covered)


def is_title_cell(table: RawTable, cell: GridCell, used: set[int] | None = None) -> bool:
    """A title drawn inside the grid: the cell runs across the whole grid (spans_grid), or it reads
    like a title ("…表") and is the only text of its row across most of the grid (a unit cell in a
    blank border column beside it)."""
    used = text_columns(table) if used is None else used
    if spans_grid(table, cell, used):
        return True
    if TITLE_WORD not in cell.text or not TITLE_LINE.search(squash(cell.text)):
        return False
    if any(other is not cell for other in index_of(table).text_cells_of_row(cell.row)):
        return False
    covered = set(range(cell.col, cell.col + cell.col_span))
    return len(covered & used) >= TITLE_ROW_SHARE * len(used)


def column_labels(table: RawTable, header_rows: int) -> list[list[str]]:
    """Each column's header path: the distinct header texts above it, merged cells repeated."""
    labels: list[list[tuple[int, GridCell, str]]] = [[] for _ in range(table.n_cols)]
    first_grid_row = min((r for r, cells in index_of(table).by_row().items() if len(cells) >= 2), default=0)
    used = text_columns(table)
    for cell in table.cells:
        if cell.row >= header_rows or cell.row < first_grid_row or not cell.text:
            continue
        if table.n_cols > 2 and is_title_cell(table, cell, used):
            continue  # a title drawn inside the grid, not a column label
        text = squash(cell.text)
        # 序号 heads a column of serial numbers: it stays as the column's label (a line_number
        # column); 行次 / 栏次 label a row of column numbers, which is no column's label.
        if (
            (text not in SERIAL_NUMBER_LABELS and is_numbering_row([text]))
            or text.isdigit()
            or HEADER_NOTE.match(text)
        ):
            continue
        text = text.rstrip(LABEL_COLONS)  # "总计：" heads the same column as "总计"
        for col in range(cell.col, cell.col + cell.col_span):
            labels[col].append((cell.row, cell, text))
    flattened = []
    for column in labels:
        path: list[str] = []
        above: GridCell | None = None
        for _, cell, text in sorted(column, key=lambda entry: entry[0]):
            if above is not None and continues_label(above, cell):
                path[-1] += text
            elif not path or path[-1] != text:
                path.append(text)
            above = cell
        flattened.append(path)
    return flattened


def continues_label(above: GridCell, below: GridCell) -> bool:
    """Is `below` the next line of the label in `above`?

    Layout feature: a header label wrapped over several lines, each line drawn in its own box
    ("政府" / "性基" / "金拨" / "款"). The boxes cover the same columns and touch, one under the
    other; a label of the next header level spans fewer columns, or stands apart.
    """
    upper = squash(above.text)
    return (
        below.col == above.col
        and below.col_span == above.col_span
        and below.row == above.row + above.row_span
        and upper not in GROUP_LABELS
        and upper not in SIDE_LABELS
        and not YEAR_LABEL.fullmatch(upper)
    )


def absorb_leaf_labels(grid: list[list[str]], labels: list[list[str]], header_rows: int) -> None:
    """Move 类/款/项 labels that share a row with the first figures (合计 row) into the header."""
    if header_rows >= len(grid):
        return
    row = grid[header_rows]
    # Only this grid's columns: a row may run on into columns continued on the next page.
    for col, text in enumerate(row[: len(labels)]):
        if squash(text) in CODE_LEAF_LABELS:
            labels[col].append(squash(text))
            row[col] = ""


def is_name_label(leaf: str) -> bool:
    """Header words of the row-label column (项目, 科目名称, 项目名称 …)."""
    return leaf in NAME_LEAF_LABELS or leaf.endswith("名称")


def organisation_role(labels: list[str]) -> str | None:
    """org_code / org_name when the header names the row's unit or department (单位代码, 部门编码,
    单位名称 …), decided by the nearest label up the path that says anything (a "**" under 单位名称
    does not)."""
    for label in reversed(labels):
        if any(word in label for word in ORGANISATION_CODE_WORDS):
            return "org_code"
        if any(word in label for word in ORGANISATION_NAME_WORDS):
            return "org_name"
        if label in CODE_LEAF_LABELS or any(w in label for w in CODE_LABEL_WORDS) or is_name_label(label):
            return None
        if measure_of([label], None) is not None:
            return None
    return None


def is_serial_run(values: list[str]) -> bool:
    """Whole numbers counting up by one from 1 or 2: serial or line numbers, not amounts."""
    if len(values) < 2 or not all(v.isdigit() for v in values):
        return False
    numbers = [int(v) for v in values]
    return numbers[0] <= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def classify_column(labels: list[str], values: list[str]) -> str:
    """The role of one column: by its header words first, by its data cells when they are silent."""
    joined = "".join(labels)
    leaf = labels[-1] if labels else ""
    if any(word in joined for word in LINE_NUMBER_LABELS):
        return "line_number"
    organisation = organisation_role(labels)
    if organisation:
        return organisation
    if leaf in CODE_LEAF_LABELS or (any(w in leaf for w in CODE_LABEL_WORDS) and "名称" not in leaf):
        return "code"
    if is_name_label(leaf):
        return "name"
    filled = [squash(v) for v in values if squash(v) and not is_placeholder(v)]
    if filled and sum(1 for v in filled if not looks_like_amount(v)) / len(filled) >= MOSTLY_TEXT:
        return "name"  # "[30101]基本工资" under a header like 部门预算支出经济科目 (which says 预算)
    if is_serial_run(filled) and measure_of(labels, None) is None:
        return "line_number"  # 1, 2, 3 … under a header that names no amount (序 / 号 broken apart)
    if measure_of(labels, None) is not None:
        return "amount"
    if not filled:
        # A column left blank whose header names no amount (购买服务内容, 实施采购时间, 说明) holds no
        # figure, so it does not end a row's label columns (column_groups).
        return "empty"
    if squash(leaf).endswith(EXPENSE_HEADER_ENDINGS) and squash(leaf) not in SIDE_LABELS:
        return "amount"  # 三公 integers "80", "237" under 因公出国（境）费 are not codes
    codes = sum(1 for v in filled if CODE_TEXT.match(v))
    text = sum(1 for v in filled if not looks_like_amount(v) and not CODE_TEXT.match(v))
    if codes / len(filled) >= CODE_SHARE and not any(looks_like_amount(v) and "." in v for v in filled):
        return "code"
    if text / len(filled) >= NAME_TEXT_SHARE:
        return "name"
    return "amount"


def column_groups(columns: list[Column]) -> int:
    """Assign side-by-side groups: a new group starts where a code/name column follows an amount.

    Returns the number of groups.
    """
    group = 0
    seen_amount = False
    for column in columns:
        if column.role in LABEL_ROLES and seen_amount:
            group += 1
            seen_amount = False
        if column.role == "amount":
            seen_amount = True
        column.group = group
    return group + 1


def side_of_group(columns: list[Column], group: int, n_groups: int) -> str | None:
    """收入 / 支出 for the halves of a two-sided table, by header words, else by position."""
    side = header_side(columns, group)
    if side is None and n_groups == 2:
        return "income" if group == 0 else "expenditure"
    return side


def header_side(columns: list[Column], group: int) -> str | None:
    """收入 / 支出 where a column group's headers say it (收入 over its columns, 支出合计 …)."""
    for column in columns:
        if column.group != group:
            continue
        for label in column.labels:
            for word, side in SIDE_LABELS.items():
                if label == word or label.startswith(word) and len(label) <= 4:
                    return side
    return None


def printed_sides(columns: list[Column], n_groups: int) -> list[str | None]:
    """The side of each column group of a table of another kind than the two-sided summaries, where
    its headers print both a 收入 and a 支出 half (西安's 政府性基金收支表: 收入 | 项目 预算数 beside
    支出 | 功能分类 预算数 | 经济分类 预算数 …); no sides otherwise."""
    sides = [header_side(columns, group) for group in range(n_groups)]
    return sides if {"income", "expenditure"} <= set(sides) else [None] * n_groups


def flatten(table: RawTable, header_rows: int, data_rows: list[list[str]]) -> list[Column]:
    """Columns of the table: header path, role and group of each.

    `data_rows` are the data rows of every part of the logical table, already mapped onto this
    grid's columns, so roles are decided on all of the table's data, not only its first page.
    The first data row may lose 类/款/项 labels to the header (see absorb_leaf_labels).
    """
    labels = column_labels(table, header_rows)
    absorb_leaf_labels(data_rows, labels, 0)
    columns = []
    for col in range(table.n_cols):
        values = [row[col] for row in data_rows if col < len(row)]
        columns.append(Column(index=col, labels=labels[col], role=classify_column(labels[col], values)))
    column_groups(columns)
    return columns
