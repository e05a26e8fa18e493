"""Turn a recognised logical table into canonical rows: tables, line_items and cells.

Steps: data_rows_of (each part's data rows mapped onto the first part's columns, or, for a part
continuing the table to the right, its columns added to the rows before it) -> flatten
(header paths and column roles) -> row_label (code and item name per column group) ->
amount cells -> LineItem records, each pointing back to its page, grid row and column.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal

from extractors.records import RawTable
from normalizers.amounts import known_unit_to_yuan, parse_amount
from normalizers.arithmetic import cell_flag, doubtful_cells
from normalizers.layout import (
    LABEL_ROLES,
    Column,
    column_groups,
    column_labels,
    flatten,
    side_of_group,
    split_header,
)
from normalizers.measures import amount_column_measure, fund_of, measure_of
from normalizers.recognize import LogicalTable
from normalizers.records import CellRecord, LineItem, TableRecord
from normalizers.vocabulary import (
    ENUMERATION_PREFIX,
    FUSED_CODE,
    GENERIC_PERIOD_WORDS,
    LABEL_COLONS,
    NON_MONEY_MEASURES,
    OTHER_KINDS,
    RADICAL_GLYPHS,
    SUBTOTAL_LABELS,
    THREE_PUBLIC_CATEGORIES,
    THREE_PUBLIC_COMPANIONS,
    THREE_PUBLIC_GRAND_TOTAL,
    THREE_PUBLIC_PERIODS,
    THREE_PUBLIC_WORD,
    TOTAL_ROW_LABELS,
    TWO_SIDED_KINDS,
    UNCLASSIFIED,
    UNLABELLED_TOTAL_NAME,
    YEAR_LABEL,
)
from normalizers.whitespace import squash

ECONOMIC_KINDS = frozenset({"general_budget_basic_expenditure"})
# The tail of a label wrapped into a second box ("算", "经费") is at most this many characters.
WRAPPED_TAIL_MAX = 4
CODE_LEVELS = {3: 1, 5: 2, 7: 3}


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
        return self.col_offset + base_column(column_edges(target), target.n_cols, x0, x1)

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


@dataclass
class RowLabel:
    """What a row is about, within one column group."""

    code: str | None
    item_name: str | None
    item_name_raw: str | None
    alt_code: str | None = None  # a second classification printed on the same row
    alt_item_name: str | None = None
    unit_code: str | None = None  # the row's 单位编码 / 部门编码 (an organisation, not a classification)


def normalise_item_name(raw: str) -> str:
    """Row label without whitespace, enumeration prefix or look-alike radical glyphs."""
    name = squash(raw).translate(RADICAL_GLYPHS)
    previous = None
    while previous != name:
        previous = name
        name = ENUMERATION_PREFIX.sub("", name, count=1)
    return name.rstrip(LABEL_COLONS)


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
        return part.text_grid(fill_across=fill_across)[skip_rows:]
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
    data = part.text_grid()[header:]
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
        mapped = map_part_rows(base, part, skip) if index else base.text_grid()[skip:]
        across = (
            map_part_rows(base, part, skip, fill_across=True)
            if index
            else base.text_grid(fill_across=True)[skip:]
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


def three_public_category(labels: list[str], with_companions: bool = False) -> str | None:
    """The 三公 category a header path names (合计, 因公出国（境）费, 会议费 …), or None.

    In tables that also print 会议费 / 培训费, the 三公 subtotal is the 合计 and the table's own
    合计 covers all of them.
    """
    if not labels:
        return None
    leaf = labels[-1]
    in_three_public = any(THREE_PUBLIC_WORD in label for label in labels)
    if leaf == "小计" and len(labels) >= 2 and THREE_PUBLIC_WORD in labels[-2]:
        return "合计"
    if with_companions and leaf in ("合计", "总计") and not in_three_public:
        return THREE_PUBLIC_GRAND_TOTAL
    # Nearest label first; a header cell whose lines became separate grid rows ("公务接" / "待费",
    # "公务用车运" / "行维护费") is read joined with the labels below it.
    words = [label for label in labels if label != "小计"]
    for start in range(len(words) - 1, -1, -1):
        text = "".join(words[start:])
        for word, category in THREE_PUBLIC_CATEGORIES:
            if word in text:
                return category
        for companion in THREE_PUBLIC_COMPANIONS:
            if companion in text:
                return companion
    if THREE_PUBLIC_WORD in leaf:
        return "合计"  # a row or column headed just "“三公”经费" is their total
    return None


def printed_year(label: str) -> int | None:
    """The year a label names ("2021年"; "22002211年年" with every glyph printed twice), or None."""
    match = YEAR_LABEL.search(squash(label))
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 8 and digits[0::2] == digits[1::2]:
        digits = digits[0::2]
    return int(digits) if len(digits) == 4 else None


def three_public_period(
    labels: list[str], doc_kind: str | None = None, fiscal_year: int | None = None
) -> str | None:
    """预算数 / 决算数 / 上年 / 增减 … named anywhere in a header path or row label.

    Words are tried in priority order over the whole path: in "上年/…“三公”经费预算/小计" the
    group word 上年 decides, not the 预算 in the middle label. Blocks headed by a year ("2021年 |
    2022年 | 增减变化情况") are the document's own figures for its fiscal year and `previous_year`
    for the year before.
    """
    for word, measure in THREE_PUBLIC_PERIODS:
        if word in GENERIC_PERIOD_WORDS:
            continue
        if any(word in label for label in labels):
            return measure
    # A year heading decides before the generic 预算 of "…“三公”经费预算" below it.
    if fiscal_year is not None:
        for label in labels:
            year = printed_year(label)
            if year == fiscal_year:
                return "final" if doc_kind == "final" else "budget"
            if year == fiscal_year - 1:
                return "previous_year"
    for word, measure in THREE_PUBLIC_PERIODS:
        if word in GENERIC_PERIOD_WORDS and any(word in label for label in labels):
            return measure
    return None


def three_public_cell(
    column: Column,
    label: RowLabel,
    doc_kind: str | None,
    with_companions: bool,
    fiscal_year: int | None = None,
) -> tuple[str | None, str | None, str | None]:
    """(item_name, item_name_raw, measure) of a 三公 amount.

    The categories stand either in the columns (rows are 预算数 / 决算数, or units) or in the rows;
    the period (budget, final, previous year, change) in whichever of the two does not hold them.
    """
    default = "final" if doc_kind == "final" else "budget" if doc_kind == "budget" else None
    category = three_public_category(column.labels, with_companions)
    row_words = [label.item_name] if label.item_name else []
    if category is not None:
        measure = (
            three_public_period(row_words)
            or three_public_period(column.labels, doc_kind, fiscal_year)
            or default
        )
        raw = f"{label.item_name_raw}/{column.label}" if label.item_name_raw else column.label
        return category, raw, measure
    row_category = three_public_category(row_words, with_companions) if row_words else None
    measure = (
        three_public_period(column.labels, doc_kind, fiscal_year)
        or measure_of(column.labels, doc_kind)
        or default
    )
    return row_category or label.item_name, label.item_name_raw, measure


def label_schemes(columns: list[Column]) -> list[list[Column]]:
    """The group's label columns split into (codes…, name) runs, one per classification scheme.

    A row usually has one scheme (类/款/项 code columns and a name); Beijing prints two side by side
    (部门经济科目编码/名称 and 政府经济科目编码/名称).
    """
    runs: list[list[Column]] = []
    current: list[Column] = []
    for column in columns:
        if column.role == "code":
            if current and current[-1].role == "name":
                runs.append(current)
                current = []
            current.append(column)
        elif column.role == "name":
            current.append(column)
    if current:
        runs.append(current)
    return runs or [[]]


# A code part this long is a whole code (类 301, 款 30101), never a 2-digit 款/项 part.
MIN_FULL_CODE = 3


def merged_once(parts: list[str], min_length: int) -> list[str]:
    """Label parts with a merged cell's text kept once where it fills several label columns.

    A code or name cell spanning two label columns ("301" over 科目编码's two columns) repeats in
    each; an identical neighbour at least `min_length` long is that repetition (款 and 项 parts such
    as "05" | "05" are two digits and stay).
    """
    kept: list[str] = []
    for part in parts:
        if kept and part == kept[-1] and len(part) >= min_length:
            continue
        kept.append(part)
    return kept


def scheme_label(texts: list[str], columns: list[Column]) -> RowLabel:
    """Code and item name of a row in one classification scheme."""
    code_parts = merged_once(
        [squash(texts[c.index]) for c in columns if c.role == "code" and texts[c.index]], MIN_FULL_CODE
    )
    # 款 and 项 are two digits; spreadsheets exporting them as numbers drop the leading zero ("2" for 02).
    code_parts = [p.zfill(2) if i and len(p) == 1 and p.isdigit() else p for i, p in enumerate(code_parts)]
    names = merged_once([texts[c.index] for c in columns if c.role == "name" and texts[c.index].strip()], 1)
    raw_name = " ".join(n.strip() for n in names) if names else None
    code = "".join(code_parts) or None
    if code is not None and not code.isdigit():
        # Words in a code column (e.g. 合计 spanning the code cells) are the row's name.
        raw_name = raw_name or code
        code = re.sub(r"\D", "", code) or None
    if raw_name and code is None:
        fused = FUSED_CODE.match(squash(raw_name))
        if fused:
            code = re.sub(r"\D", "", fused.group(1))
            raw_name = fused.group(2)
    name = normalise_item_name(raw_name) if raw_name else None
    return RowLabel(code=code, item_name=name or None, item_name_raw=raw_name)


def organisation_name(texts: list[str], columns: list[Column]) -> str | None:
    """The unit or department a row is about, from its 单位名称 column (or words such as 合计 in its
    单位代码 column); never its code."""
    names = [texts[c.index].strip() for c in columns if c.role == "org_name" and texts[c.index].strip()]
    if not names:
        names = [
            texts[c.index].strip()
            for c in columns
            if c.role == "org_code" and texts[c.index].strip() and not squash(texts[c.index]).isdigit()
        ]
    return " ".join(dict.fromkeys(names)) if names else None


def organisation_code(texts: list[str], columns: list[Column]) -> str | None:
    """The 单位编码 / 部门编码 a row prints (digits only), if any."""
    codes = [
        squash(texts[c.index]) for c in columns if c.role == "org_code" and squash(texts[c.index]).isdigit()
    ]
    return codes[0] if codes else None


def row_label(texts: list[str], columns: list[Column]) -> RowLabel:
    """Code and item name of a row within one column group; a second scheme's code goes to alt_*.

    Organisation columns (单位代码 / 单位名称) are no classification: a row without any other name
    is named by its unit.
    """
    schemes = label_schemes(columns)
    label = scheme_label(texts, schemes[0])
    if len(schemes) > 1:
        alt = scheme_label(texts, schemes[1])
        if label.code is None and label.item_name is None and alt.code is None:
            # A row whose only label stands in the second scheme's name column, without a code (合计
            # printed under 政府经济科目名称): that is the row's own label, not a second classification.
            label.item_name, label.item_name_raw = alt.item_name, alt.item_name_raw
        elif alt.item_name != label.item_name or alt.code != label.code:
            label.alt_code, label.alt_item_name = alt.code, alt.item_name
    if label.item_name is None:
        organisation = organisation_name(texts, columns)
        if organisation:
            label.item_name, label.item_name_raw = normalise_item_name(organisation) or None, organisation
    label.unit_code = organisation_code(texts, columns)
    return label


def code_scheme_of(code: str | None, kind: str) -> str | None:
    """function (2xx 类/款/项), economic (部门预算支出经济分类, 3xx) or government_economic (政府预算
    支出经济分类, 5xx)."""
    if not code:
        return None
    if code[0] == "5":
        return "government_economic"
    if kind in ECONOMIC_KINDS or code[0] == "3":
        return "economic"
    if code[0] == "2":
        return "function"
    return None


def build_table(
    table: LogicalTable, doc_id: str, table_id: str, doc_kind: str | None, fiscal_year: int | None = None
) -> tuple[TableRecord, list[LineItem], list[CellRecord]]:
    """The canonical rows of one logical table."""
    base = table.parts[0]
    grid = data_rows_of(table)
    rows = grid.rows
    columns = logical_columns(grid, base)
    flags = ocr_doubts(table, grid, columns) if base.engine == "ocr" else {}
    # A continuation grid with other columns (a blank border column fewer, or more columns of the
    # same rows to the right) is stored on the logical table's columns, as its line items are, so
    # that line_items join cells on (table_id, row, col).
    cells = [
        CellRecord(
            doc_id=doc_id,
            table_id=table_id,
            page=part.page,
            row=row,
            col=col,
            text=cell.text,
            x0=round(cell.x0, 2),
            top=round(cell.top, 2),
            x1=round(cell.x1, 2),
            bottom=round(cell.bottom, 2),
            confidence=cell.confidence,
            flag=cell_flag(
                cell.confidence, flags.get((row, cell.col if placement.rows is None else col))
            ),  # keyed as in flag_key
        )
        for part, placement in zip(table.parts, grid.placements, strict=True)
        for cell in part.cells
        if (row := placement.row(cell.row)) is not None
        for col in [placement.column(base, part, cell.x0, cell.x1, cell.col)]
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
    )
    items = (
        []
        if table.kind == UNCLASSIFIED
        else line_items_of(table, rows, columns, doc_id, table_id, doc_kind, fiscal_year)
    )
    return record, items, cells


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
    n_groups = max((c.group for c in columns), default=0) + 1
    flags: dict[tuple[int, int], str] = {}
    for group_index in range(n_groups):
        group = [c for c in columns if c.group == group_index]
        labelled = []
        for row in grid.rows:
            label = row_label(row.label_texts, group)
            labelled.append((row.logical_row, label.code, label.item_name, row.texts))
        flags.update(doubtful_cells(labelled, group, confidences))
    return flags


def overall_total_columns(groups: list[list[Column]]) -> set[int]:
    """Columns that are their table's overall 合计/小计 whatever group header sits above them.

    "基本支出预算/小计 | 人员支出 | 日常公用支出": when every amount column of a column group stands
    under one header, the first one's 小计 is the table's total, not a part of it.
    """
    found: set[int] = set()
    for group in groups:
        amounts = [c for c in group if c.role == "amount"]
        if len(amounts) < 2 or len(amounts[0].labels) < 2 or amounts[0].leaf not in SUBTOTAL_LABELS:
            continue
        if all(c.labels and c.labels[0] == amounts[0].labels[0] for c in amounts):
            found.add(amounts[0].index)
    return found


def inherit_unlabelled(amounts: list[Column], measures: dict[int, str | None], doc_kind: str | None) -> None:
    """Amount columns without a header label of their own take their nearest labelled neighbour's measure.

    Jiangsu's budgets print a sub-item's amount one column left of its parent's, under a single
    金额 header cell: the grid has two amount columns and one header. A group with no labelled
    amount column at all (a headerless grid) is a plain amount column: the document's own measure.
    """
    labelled = [c for c in amounts if c.labels and measures[c.index] is not None]
    for column in amounts:
        if column.labels or measures[column.index] is not None:
            continue
        if labelled:
            nearest = min(labelled, key=lambda c: (abs(c.index - column.index), -c.index))
            measures[column.index] = measures[nearest.index]
        else:
            measures[column.index] = "final" if doc_kind == "final" else "budget"


def measures_of_columns(groups: list[list[Column]], doc_kind: str | None) -> dict[int, str | None]:
    """Each amount column's measure, with one `total` per column group.

    The table's overall 合计/小计 is `total` whatever group header sits above it (overall_total_columns);
    where a group has a 合计 of its own beside the table's ("合计 | 本年收入/小计 | 本年收入/…"), the
    group subtotal takes the group's measure (income), so that `total` means one column.
    """
    overall = overall_total_columns(groups)
    measures: dict[int, str | None] = {}
    for group in groups:
        amounts = [c for c in group if c.role == "amount"]
        for column in amounts:
            measures[column.index] = (
                "total" if column.index in overall else amount_column_measure(column.labels, doc_kind)
            )
        inherit_unlabelled(amounts, measures, doc_kind)
        totals = [c for c in amounts if measures[c.index] == "total"]
        if len(totals) > 1:
            keep = min(totals, key=lambda c: (len(c.labels), c.index))
            for column in totals:
                if column is not keep and len(column.labels) >= 2:
                    measures[column.index] = measure_of(column.labels[:-1], doc_kind) or "total"
    return measures


def unlabelled_sum_row(rows: list[DataRow], columns: list[Column]) -> DataRow | None:
    """The last row of figures when it prints no label at all and every figure it prints is the sum
    of the top-level rows above it (the rows with the shortest code or unit code).

    Layout feature: a 合计 row drawn at the foot of the table without its word (收入总表 with rows
    015 / 015001 / 015002 and, below them, one unlabelled row repeating 015's figures).
    """
    if len(rows) < 2:
        return None
    last = rows[-1]
    if row_label(last.label_texts, columns) != RowLabel(None, None, None):
        return None
    keyed = [
        (key, row)
        for row in rows[:-1]
        for key in [hierarchy_code(row_label(row.label_texts, columns))]
        if key
    ]
    if not keyed:
        return None
    shortest = min(len(key) for key, _ in keyed)
    top_level = [row for key, row in keyed if len(key) == shortest]
    amounts = [c.index for c in columns if c.role == "amount"]
    printed = {col: parse_amount(last.texts[col]) for col in amounts}
    if not any(value is not None for value in printed.values()):
        return None
    for col, value in printed.items():
        parts = [parse_amount(row.texts[col]) for row in top_level]
        if value is not None and value != sum((p for p in parts if p is not None), Decimal(0)):
            return None
    return last


def label_around(rows: list[DataRow], index: int, group: list[Column]) -> RowLabel | None:
    """The label of an unlabelled row of figures printed between the two lines of its label.

    Layout feature: a label wrapped into two boxes, one above the other ("2.政府性基金预" / "算"),
    with the row's figure centred between them in a grid row of its own. The row above holds the
    label's first line and no figure of the group; the row below its short tail, which starts no
    item of its own (no code, no enumeration) and holds no figure either.
    """
    if not 0 < index < len(rows) - 1 or not group_has_figures(rows[index], group):
        return None
    above, below = rows[index - 1], rows[index + 1]
    if not above.page == rows[index].page == below.page:
        return None
    head, tail = row_label(above.label_texts, group), row_label(below.label_texts, group)
    if head.item_name_raw is None or tail.item_name_raw is None or tail.code is not None:
        return None
    tail_text = squash(tail.item_name_raw)
    if len(tail_text) > WRAPPED_TAIL_MAX or ENUMERATION_PREFIX.match(tail_text):
        return None
    if group_has_figures(above, group) or group_has_figures(below, group):
        return None
    raw = squash(head.item_name_raw) + tail_text
    return RowLabel(head.code, normalise_item_name(raw) or None, raw)


def group_has_figures(row: DataRow, group: list[Column]) -> bool:
    return any(c.role == "amount" and parse_amount(row.texts[c.index]) is not None for c in group)


def hierarchy_code(label: RowLabel) -> str | None:
    """The classification or unit code a row prints (its place in the hierarchy)."""
    return label.code or label.unit_code


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
    n_groups = max((c.group for c in columns), default=0) + 1
    groups = [[c for c in columns if c.group == g] for g in range(n_groups)]
    headers_and_rows = [label for c in columns for label in c.labels] + [
        text for row in rows for text in row.label_texts if text
    ]
    with_companions = table.kind == "three_public" and any(
        companion in text for text in headers_and_rows for companion in THREE_PUBLIC_COMPANIONS
    )
    column_measures = measures_of_columns(groups, doc_kind)
    # Layout feature: a table of one data row and no label column (收入总表 of a department with
    # one budget unit: 合计 | 本年收入 … and one row of figures): that row is the table's total.
    with_figures = [row for row in rows if any(parse_amount(text) is not None for text in row.texts)]
    only_total = len(with_figures) == 1 and not any(c.role in LABEL_ROLES for c in columns)
    total_row = unlabelled_sum_row(with_figures, columns) if n_groups == 1 else None
    items: list[LineItem] = []
    for row_index, row in enumerate(rows):
        leading = row_label(row.label_texts, groups[0]) if groups else None
        for group_index, group in enumerate(groups):
            label = row_label(row.label_texts, group)
            if (only_total or row is total_row) and label == RowLabel(None, None, None):
                label = RowLabel(None, UNLABELLED_TOTAL_NAME, None)
            if label == RowLabel(None, None, None):
                label = label_around(rows, row_index, group) or label
            if table.kind in OTHER_KINDS and leading and label.code is None and label.item_name is None:
                # Wide lists (procurement: 采购项目 … 规格型号 | 数量 … 预算金额) break into column
                # groups at every text column; a later group without a label of its own is the same
                # row, named by its leading columns. (Not in the standard kinds, whose halves, 收入 |
                # 支出 or 人员经费 | 公用经费, are different rows side by side.)
                label = leading
            side = side_of_group(columns, group_index, n_groups) if table.kind in TWO_SIDED_KINDS else None
            for column in group:
                if column.role != "amount":
                    continue
                raw = row.texts[column.index]
                value = parse_amount(raw)
                if value is None:
                    continue
                item_name: str | None
                item_raw: str | None
                if table.kind == "three_public":
                    item_name, item_raw, measure = three_public_cell(
                        column, label, doc_kind, with_companions, fiscal_year
                    )
                    code = None
                else:
                    item_name, item_raw = label.item_name, label.item_name_raw
                    measure = column_measures[column.index]
                    code = label.code
                items.append(
                    LineItem(
                        doc_id=doc_id,
                        table_id=table_id,
                        table_kind=table.kind,
                        row=row.logical_row,
                        side=side,
                        code=code,
                        code_scheme=code_scheme_of(code, table.kind),
                        code_level=CODE_LEVELS.get(len(code)) if code else None,
                        alt_code=None if table.kind == "three_public" else label.alt_code,
                        alt_code_scheme=code_scheme_of(label.alt_code, table.kind),
                        alt_item_name=None if table.kind == "three_public" else label.alt_item_name,
                        item_name=item_name,
                        item_name_raw=item_raw,
                        measure=measure,
                        measure_raw=column.label,
                        amount=None
                        if measure in NON_MONEY_MEASURES
                        else known_unit_to_yuan(value, table.unit),
                        amount_raw=raw.strip(),
                        unit_raw=table.unit,
                        page=row.pages.get(column.index, row.page),
                        col=column.index,
                        fund=fund_of(column.labels),
                        unit_code=label.unit_code,
                    )
                )
    return items
