"""The project-block grid of 项目支出绩效目标表: one merged block of rows per project."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from disclosure.extractors.records import RawTable, TextLine
from disclosure.normalizers.amounts import is_printed_amount
from disclosure.normalizers.grid_index import cell_at
from disclosure.normalizers.records import ScorecardFunds, ScorecardIndicator
from disclosure.normalizers.scorecard_vocabulary import (
    BLOCK_GOAL_HEADERS,
    BLOCK_PROJECT_HEADER,
    FUNDS_SPLIT_TOTAL,
    INDICATOR_COLUMNS,
)
from disclosure.normalizers.scorecards.cells import (
    CardContent,
    column_role,
    map_columns,
    row_cells,
    slot_text,
)
from disclosure.normalizers.scorecards.find import ScorecardGrid, block_header_row
from disclosure.normalizers.scorecards.funds import column_line, is_funds_amount, new_funds, set_funds_value
from disclosure.normalizers.scorecards.indicators import make_indicator
from disclosure.normalizers.whitespace import squash

# The share of a table's amounts that must print one number of decimals for it to be the table's
# convention (an amount wrapped over a page break is completed to it: amounts_wrapped).
PRINTED_DECIMALS_SHARE = 0.9


@dataclass
class BlockColumns:
    """Column roles of a project-block grid, read from its header row(s)."""

    table: RawTable  # the grid the roles were read from
    first_row: int  # its first row under the header (0 on a continuation grid without header)
    roles: dict[str, tuple[int, int]]  # project, goal and the indicator roles
    funds: dict[str, tuple[int, int]]  # printed header ("项目总额", "其中：/财政资金") -> columns


def block_columns(table: RawTable) -> BlockColumns | None:
    """The roles of a project-block grid's columns by their header path ("其中：" / "财政资金")."""
    row = block_header_row(table)
    if row is None:
        return None
    end = max(cell.row + cell.row_span for cell in row_cells(table, row))
    roles: dict[str, tuple[int, int]] = {}
    funds: dict[str, tuple[int, int]] = {}
    seen: set[int] = set()
    for col in range(table.n_cols):
        leaf = cell_at(table, end - 1, col)
        if leaf is None or id(leaf) in seen or leaf.row < row:
            continue
        seen.add(id(leaf))
        path: list[str] = []
        for header_row in range(row, end):
            cell = cell_at(table, header_row, col)
            text = squash(cell.text) if cell is not None else ""
            if text and (not path or path[-1] != text):
                path.append(text)
        if not path:
            continue
        span = (leaf.col, leaf.col + leaf.col_span)
        text = path[-1]
        if path[0].startswith(BLOCK_PROJECT_HEADER):
            roles.setdefault("project", span)
        elif text in BLOCK_GOAL_HEADERS:
            roles.setdefault("goal", span)
        elif column_line(path) is not None:
            funds.setdefault("/".join(path), span)
        else:
            role = column_role(text, INDICATOR_COLUMNS)
            if role is not None:
                roles.setdefault(role, span)
    if "target" not in roles and "target_period" in roles:
        roles["target"] = roles.pop("target_period")
    if "project" not in roles:
        return None
    return BlockColumns(table, end, roles, funds)


def mapped_block_columns(layout: BlockColumns, table: RawTable) -> BlockColumns:
    """A continuation grid's columns: its own header if it repeats one, else matched by position."""
    own = block_columns(table)
    if own is not None:
        return own
    roles = map_columns(layout.roles, layout.table, table)
    funds = map_columns(layout.funds, layout.table, table)
    return BlockColumns(table, 0, roles, funds)


@dataclass
class Block:
    """The rows of one project in a project-block grid."""

    content: CardContent
    pages: set[int]
    # A block whose 项目名称 cell straddles a page break is drawn outside both grids: the grid holds
    # no cell for it, its name and amounts are printed across the break. (part index, layout)
    straddles: tuple[int, BlockColumns] | None = None
    # Its 项目名称 cell reaches the foot of the grid it was last read on (the page may cut it there).
    at_foot: bool = False
    # The 项目名称 cell it lies under, across page breaks: blocks of one cell share its number (the
    # cell's parts on other pages print no name, see shared_names); every block is given one.
    name_cell: int = 0


def read_block_form(card: ScorecardGrid) -> list[tuple[CardContent, list[int]]]:
    """One scorecard per project block of a project-block grid, over all its pages.

    A block starts where a 项目名称 cell starts, or where a new funds cell starts under the same name
    (one project with several funds blocks, each with its own goal); its funds are the amounts of that
    row under the funds columns (项目总额, 其中：财政资金 / 其他资金, 当年财政拨款预算金额), its goal the
    绩效目标 cell, its indicators every row it covers. Rows at the top of a continuation grid that no
    name or funds cell covers continue the block left open on the previous page, and so does a block
    starting at the top of a continuation grid when the one left open reached the previous grid's
    foot and only one of the two parts prints amounts (the page cut its cells: the name wrapped over
    the cut, or printed in one part only; see join_cut_block). Rows covered by
    neither below a finished block belong to a block whose merged cells straddle the page break and
    are drawn outside both grids: its name is unreadable (interleaved lines); its amounts are read
    from the text line printed beyond the grid's edge (see straddling_funds). A grid that rules only
    the indicator columns cannot be split by project: its rows are left out (a frame the page cuts
    beside the indicator grid is closed along the grid's rule by extractors.open_ends, so this is a
    page whose frame is not drawn at all).
    """
    header = block_columns(card.parts[0])
    if header is None:
        return []
    blocks: list[Block] = []
    current: Block | None = None
    for index, table in enumerate(card.parts):
        layout = header if index == 0 else mapped_block_columns(header, table)
        if layout.first_row:
            header = layout  # a repeated header: the next grids are matched to this one
        if "project" not in layout.roles and not layout.funds:
            # The grid holds neither the 项目名称 nor the funds columns (only the indicator columns are
            # ruled on this page): its rows cannot be told apart by project and are left out. A block
            # may straddle its bottom edge and continue at the top of the next grid.
            current = Block(CardContent(), set(), straddles=(index, header), name_cell=len(blocks) + 1)
            blocks.append(current)
            continue
        current = read_block_rows(card, index, layout, header, blocks, current)
    for block in blocks:
        if block.straddles is not None:
            funds = straddling_funds(card, *block.straddles)
            block.content.funds = funds
            block.pages.update(f.page for f in funds)
    shared_names(blocks)
    return [  # an empty block (a table printed without rows) is no scorecard
        (block.content, sorted(block.pages))
        for block in blocks
        if block.content.indicators or any(f.budget_initial_raw for f in block.content.funds)
    ]


def read_block_rows(
    card: ScorecardGrid,
    index: int,
    layout: BlockColumns,
    header: BlockColumns,
    blocks: list[Block],
    current: Block | None,
) -> Block | None:
    """The rows of one grid of a project-block scorecard: blocks opened (appended to `blocks`) and
    indicators added to the open block. Returns the block left open at the grid's foot."""
    table = layout.table
    top = True  # no 项目名称 or funds cell has started on this grid yet
    for row in range(layout.first_row, table.n_rows):
        name_cell = cell_at(table, row, layout.roles["project"][0]) if "project" in layout.roles else None
        funds_cell = cell_at(table, row, min(layout.funds.values())[0]) if layout.funds else None
        starts_name = name_cell is not None and name_cell.row == row
        name = squash(name_cell.text) if name_cell is not None else ""
        cut = starts_name and top and index and name and current is not None and current.at_foot
        tail_funds = block_funds(table, row, layout, card.unit) if cut else []
        wrapped = (
            bool(cut) and current is not None and amounts_wrapped(current.content.funds, tail_funds, blocks)
        )
        if (
            cut
            and current is not None
            and (wrapped or not (has_amount(current.content.funds) and has_amount(tail_funds)))
        ):
            # The page cut the block's cells, its name (and goal) wrapped over the cut or printed
            # only in this page's part, its amounts printed in one part (or wrapped over the cut
            # too): the block left open on the previous page goes on.
            join_cut_block(
                current.content, open_block(name, table, row, layout, card.unit).content, card.unit, wrapped
            )
        elif starts_name and (name or not (top and index)):
            # at the grid's top, continuing the cell the page cut: another funds block of its cell
            goes_on = bool(top and index) and current is not None and current.at_foot
            previous = current
            current = open_block(name or None, table, row, layout, card.unit)
            current.name_cell = previous.name_cell if goes_on and previous else len(blocks) + 1
            blocks.append(current)
        elif starts_funds(table, row, layout):
            # A new funds cell under the same 项目名称 cell: a funds block of its own, with its own
            # goal and indicators; without a 项目名称 cell on this grid the name is not known (a blank
            # part of the cell at the grid's top continues the cell the page cut: shared_names).
            same = current is not None and name_cell is not None and name_cell.row < row
            goes_on = (
                current is not None and starts_name and bool(top and index) and current.at_foot and not name
            )
            previous = current
            current = open_block(
                current.content.project_name if current and same else None, table, row, layout, card.unit
            )
            current.name_cell = previous.name_cell if previous and (same or goes_on) else len(blocks) + 1
            blocks.append(current)
        elif (
            name_cell is None
            and funds_cell is None
            and current is not None
            and current.straddles is None
            and not top
        ):
            # rows of a block whose cells are drawn across the page break, outside both grids
            current = Block(CardContent(), {table.page}, straddles=(index, header), name_cell=len(blocks) + 1)
            blocks.append(current)
        if any(cell is not None and cell.row == row for cell in (name_cell, funds_cell)):
            top = False
        if current is None:
            continue
        indicator = block_indicator(table, row, layout, len(current.content.indicators) + 1)
        if indicator is not None:
            current.content.indicators.append(indicator)
            current.pages.add(table.page)
        current.at_foot = name_cell is not None and name_cell.row + name_cell.row_span == table.n_rows
    return current


def shared_names(blocks: list[Block]) -> None:
    """Name the blocks of a 项目名称 cell that runs over page breaks (one project with several funds
    blocks): the cell prints its name once, in its middle, so its parts on the other pages are blank.
    Each block without a name takes the one name its cell's parts print (none where they print two:
    then the parts were two cells after all)."""
    cells: dict[int, list[Block]] = {}
    for block in blocks:
        cells.setdefault(block.name_cell, []).append(block)
    for members in cells.values():
        names = {block.content.project_name for block in members if block.content.project_name}
        if len(names) == 1:
            (name,) = names
            for block in members:
                block.content.project_name = block.content.project_name or name


def has_amount(funds: list[ScorecardFunds]) -> bool:
    return any(f.budget_initial_raw for f in funds)


def join_cut_block(content: CardContent, tail: CardContent, unit: str | None, wrapped: bool) -> None:
    """A block's content (`content`) joined with what the next page's part of its cut cells
    prints (`tail`): the name and goal go on, the amounts are the part's that prints them, or both
    parts' digits joined where the amounts wrapped over the cut too (`wrapped`, amounts_wrapped)."""
    content.project_name = (content.project_name or "") + (tail.project_name or "")
    if tail.goal_planned:
        content.goal_planned = (content.goal_planned or "") + tail.goal_planned
    if not has_amount(content.funds):
        content.funds = tail.funds
    elif wrapped:
        tails = {f.line_raw: f.budget_initial_raw for f in tail.funds}
        for record in content.funds:
            if record.budget_initial_raw and tails.get(record.line_raw):
                joined = record.budget_initial_raw + (tails[record.line_raw] or "")
                record.budget_initial_raw = None
                set_funds_value(record, "budget_initial", joined, unit)


def amounts_wrapped(foot: list[ScorecardFunds], top: list[ScorecardFunds], earlier: list[Block]) -> bool:
    """Whether the amounts of a block cut by the page wrapped over the cut ("4,140.5681" at the foot,
    "31" at the next page's top): every amount the top part prints is bare digits, under a line
    whose foot amount has a decimal point and, joined to it, has as many decimals as the earlier
    blocks' amounts print (nearly all of them, PRINTED_DECIMALS_SHARE: the table's convention)."""
    foot_texts = {f.line_raw: f.budget_initial_raw for f in foot if f.budget_initial_raw}
    top_texts = {f.line_raw: f.budget_initial_raw for f in top if f.budget_initial_raw}
    if not top_texts or set(top_texts) - set(foot_texts):
        return False
    printed = Counter(
        decimals(f.budget_initial_raw) for b in earlier for f in b.content.funds if f.budget_initial_raw
    )
    if not printed:
        return False
    places, count = printed.most_common(1)[0]
    if count < PRINTED_DECIMALS_SHARE * sum(printed.values()):
        return False  # no convention to complete the amount to
    return all(
        text.isdigit() and "." in foot_texts[line] and decimals(foot_texts[line] + text) == places
        for line, text in top_texts.items()
    )


def decimals(amount: str) -> int:
    """The decimal places an amount prints ("4,140.568131" -> 6, "31" -> 0)."""
    return len(amount.rsplit(".", 1)[1]) if "." in amount else 0


def open_block(name: str | None, table: RawTable, row: int, layout: BlockColumns, unit: str | None) -> Block:
    """A block starting on this row: its name, goal and funds."""
    content = CardContent(project_name=name)
    content.goal_planned = slot_text(table, row, layout.roles.get("goal", (0, 0)), own_row=True)
    content.funds = block_funds(table, row, layout, unit)
    return Block(content, {table.page})


def starts_funds(table: RawTable, row: int, layout: BlockColumns) -> bool:
    """Does a new funds cell (an amount under the first funds column) start on this row?"""
    if not layout.funds:
        return False
    span = min(layout.funds.values())
    text = slot_text(table, row, span, own_row=True)
    return text is not None and is_funds_amount(text)


def block_funds(table: RawTable, row: int, layout: BlockColumns, unit: str | None) -> list[ScorecardFunds]:
    """The amounts of a block's first row under the funds columns (a blank one: the line, no amount)."""
    records = []
    for raw, span in layout.funds.items():
        text = slot_text(table, row, span, own_row=True)
        line = column_line(raw.split("/"))
        if text is not None and not is_funds_amount(text):
            continue
        record = new_funds(raw, line, unit, table.page)
        if text is not None:
            set_funds_value(record, "budget_initial", text, unit)
        records.append(record)
    return records


def block_indicator(
    table: RawTable, row: int, layout: BlockColumns, number: int
) -> ScorecardIndicator | None:
    """The indicator of one block row (None for a row with no indicator)."""
    values = {
        role: slot_text(table, row, span, own_row=True)
        for role, span in layout.roles.items()
        if role not in ("project", "goal")
    }
    if not any(values.get(role) for role in ("level3", "target", "actual", "weight", "score")):
        return None
    levels: dict[str, str | None] = {}
    for role in ("level1", "level2"):
        cell = cell_at(table, row, layout.roles[role][0]) if role in layout.roles else None
        levels[role] = squash(cell.text) or None if cell is not None else None
    return make_indicator(number, levels, values, table.page)


def straddling_funds(card: ScorecardGrid, index: int, layout: BlockColumns) -> list[ScorecardFunds]:
    """The amounts of a block whose merged cells straddle a page break, from the text line printed
    beyond the grid: below the grid it starts on, else above the next page's grid (where it falls
    outside the ruling lines). The amounts stand in column order; with fewer amounts than funds
    columns only the leftmost (the total, never blank for a project) is certain."""
    candidates: list[tuple[int, list[TextLine]]] = []
    table, page = card.parts[index], card.contents[index]
    candidates.append((page.number, [line for line in page.lines if middle(line) > table.bottom]))
    if index + 1 < len(card.parts):
        following, next_page = card.parts[index + 1], card.contents[index + 1]
        above = [line for line in next_page.lines if middle(line) < following.top]
        candidates.append((next_page.number, list(reversed(above))))
    columns = sorted(layout.funds.items(), key=lambda item: item[1][0])
    for number, lines in candidates:
        for line in lines:
            amounts = [token for token in line.text.split() if is_printed_amount(token)]
            if not amounts:
                continue
            if len(amounts) != len(columns):
                if not columns or column_line(columns[0][0].split("/")) != FUNDS_SPLIT_TOTAL:
                    return []
                columns, amounts = columns[:1], amounts[:1]
            records = []
            for (raw, _), text in zip(columns, amounts, strict=True):
                record = new_funds(raw, column_line(raw.split("/")), card.unit, number)
                set_funds_value(record, "budget_initial", text, card.unit)
                records.append(record)
            return records
    return []


def middle(line: TextLine) -> float:
    return (line.top + line.bottom) / 2
