"""The funds block of a scorecard grid: by column header, or by label and column header."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from disclosure.extractors.records import GridCell, RawTable
from disclosure.normalizers.amounts import parse_amount, to_yuan
from disclosure.normalizers.grid_index import cell_at
from disclosure.normalizers.records import ScorecardFunds
from disclosure.normalizers.scorecard_vocabulary import (
    AMOUNT_WITH_UNIT,
    DEFAULT_FUNDS_UNIT,
    FUNDS_ANNUAL_WORD,
    FUNDS_COLUMNS,
    FUNDS_LINE_PREFIXES,
    FUNDS_LINE_SUFFIXES,
    FUNDS_LINES,
    FUNDS_MONEY_WORDS,
    FUNDS_SPLIT_TOTAL,
    FUNDS_SUBCOLUMN_LINES,
    FUNDS_TASK_HEADER,
    GOAL_PLANNED_LABELS,
    GOAL_PLANNED_SINGLE_LABELS,
    INDICATOR_HEADER_WORDS,
    PERCENT,
)
from disclosure.normalizers.scorecards.cells import column_role, is_numeric_cell, right_neighbour, row_cells
from disclosure.normalizers.scorecards.indicators import is_indicator_header_row
from disclosure.normalizers.scorecards.values import parse_points, parse_rate, raw_or_none
from disclosure.normalizers.whitespace import squash

# The funds columns that hold amounts, and those that hold percentages (the others: 分值, 得分).
AMOUNT_ROLES = ("budget_initial", "budget_adjustment", "budget_full_year", "executed", "balance")
RATE_ROLES = ("execution_rate", "balance_rate")


def funds_line(label: str) -> str | None:
    """The canonical funds line a label names ("其中：当年财政拨款" -> fiscal_appropriation)."""
    text = FUNDS_LINE_SUFFIXES.sub("", FUNDS_LINE_PREFIXES.sub("", squash(label)))
    for line, words in FUNDS_LINES:
        if text in words:
            return line
    return None


def section_start(table: RawTable) -> int:
    """The first row of the goal or indicator block: where the funds block ends."""
    for cell in sorted(table.cells, key=lambda c: c.row):
        text = squash(cell.text)
        if (
            text in GOAL_PLANNED_LABELS
            or text in GOAL_PLANNED_SINGLE_LABELS
            or any(word in text for word in INDICATOR_HEADER_WORDS)
        ):
            return cell.row
    return table.n_rows


def funds_header_rows(table: RawTable, end: int) -> list[int]:
    """The funds block's header row (two or more funds columns named), and a second one splitting its
    columns by line (总额 | 财政拨款 | 其他资金, or 年初… | 小计③ | …)."""
    header_rows: list[int] = []
    for row in range(end):
        cells = row_cells(table, row)
        roles_here = [cell for cell in cells if column_role(cell.text, FUNDS_COLUMNS)]
        if not header_rows:
            if len(roles_here) >= 2:
                header_rows.append(row)
            continue
        sub_lines = [cell for cell in cells if column_role(cell.text, FUNDS_SUBCOLUMN_LINES)]
        if row == header_rows[-1] + 1 and not any(map(is_numeric_cell, cells)) and (roles_here or sub_lines):
            header_rows.append(row)
            continue
        break
    return header_rows


def funds_column_roles(table: RawTable, header_rows: list[int]) -> dict[int, tuple[str, str | None]]:
    """Column -> (funds role, the line a second header row splits it by)."""
    roles: dict[int, tuple[str, str | None]] = {}
    for col in range(table.n_cols):
        texts = [cell_at(table, row, col) for row in header_rows]
        joined = "".join(squash(cell.text) for cell in texts if cell is not None)
        role = column_role(joined, FUNDS_COLUMNS)
        if role is None:
            continue
        sub_line = None
        if len(header_rows) > 1 and texts[-1] is not None:
            sub_line = column_role(texts[-1].text, FUNDS_SUBCOLUMN_LINES)
        roles[col] = (role, sub_line)
    return roles


def read_funds(parts: list[RawTable], unit: str | None) -> list[ScorecardFunds]:
    """The funds lines of a scorecard.

    With a header row (年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分) each value is read by its
    column; a second header row may split columns by line (总额 | 财政拨款 | 其他资金, department
    scorecards), each split a record labelled "row label/split" ("金额合计/财政拨款"). A row labelled
    by a funds line (金额合计, 其中：财政拨款) gives the scorecard's lines; a row of a 年度主要任务 (its
    task name, then its amounts) gives records of no canonical line, labelled by the task. Without a
    header row (绩效目标表) each amount is read by its label and column header, see
    read_labelled_funds.
    """
    table = parts[0]
    end = section_start(table)
    header_rows = funds_header_rows(table, end)
    roles = funds_column_roles(table, header_rows)
    if not roles:
        return read_labelled_funds(parts, unit)
    splits = {
        col: squash(cell.text) for col in roles for cell in [cell_at(table, header_rows[-1], col)] if cell
    }
    task_cols = {
        cell.col
        for row in header_rows
        for cell in row_cells(table, row)
        if FUNDS_TASK_HEADER in squash(cell.text)
    }
    first_data = header_rows[-1] + 1
    records: dict[tuple[str | None, str | None], ScorecardFunds] = {}
    order: list[ScorecardFunds] = []
    for row in range(first_data, end):
        cells = row_cells(table, row)
        label_cell = next((cell for cell in cells if funds_line(cell.text)), None) or other_line_label(
            cells, roles, task_cols
        )
        if label_cell is None:
            continue
        label = squash(label_cell.text)
        row_line = funds_line(label)
        for cell in (cell for cell in cells if cell.col > label_cell.col):
            role_col = next((c for c in range(cell.col, cell.col + cell.col_span) if c in roles), None)
            if role_col is None:
                continue
            role, sub_line = roles[role_col]
            # A value under no split (分值, 执行率, 得分) belongs to the row's total.
            key = (label if row_line is None else None, sub_line or row_line or FUNDS_SPLIT_TOTAL)
            record = records.get(key)
            if record is None:
                line = (sub_line or row_line) if row_line is not None else None
                raw = f"{label}/{splits[role_col]}" if sub_line else label
                record = records[key] = new_funds(raw, line, unit, table.page)
                order.append(record)
            set_funds_value(record, role, cell.text, unit)
    return order


def other_line_label(
    cells: list[GridCell], roles: dict[int, tuple[str, str | None]], task_cols: set[int]
) -> GridCell | None:
    """The label of a row that prints an amount under a funds column but names no canonical line:
    a 年度主要任务 row's task name, its cell under the 任务名称 header (`task_cols`); else a label that
    names money, the last text cell left of the funds columns (a sub-line such as "①中央财政资金"
    under 财政资金小计). None for any other row."""
    if not any(
        is_funds_amount(cell.text)
        for cell in cells
        for col in range(cell.col, cell.col + cell.col_span)
        if col in roles and roles[col][0] in AMOUNT_ROLES
    ):
        return None
    if task_cols:
        return next((cell for cell in cells if cell.col in task_cols and squash(cell.text)), None)
    first_role = min(roles)
    labels = [
        cell for cell in cells if cell.col < first_role and squash(cell.text) and not is_numeric_cell(cell)
    ]
    return labels[-1] if labels and names_money(squash(labels[-1].text)) else None


@dataclass
class FundsAmount:
    """One amount of a 绩效目标表's funds block, with what labels it."""

    line: str | None  # canonical line, before duplicates are settled
    line_raw: str
    group: str  # the block it belongs to: the first label of its label column ("年度资金总额：")
    text: str | None  # the printed amount; None for a printed line left blank
    page: int


def funds_region(parts: list[RawTable]) -> list[tuple[RawTable, int]]:
    """(grid, first row of the indicator block) for the grids that hold the funds block: the first
    grid, and the next ones while no indicator header has been reached (a header split by a page)."""
    region = []
    for table in parts:
        end = next((row for row in range(table.n_rows) if is_indicator_header_row(table, row)), table.n_rows)
        region.append((table, end))
        if end < table.n_rows:
            break
    return region


def is_funds_amount(text: str) -> bool:
    """A printed amount: a number, maybe with its money unit ("337770.89万元"); no percent sign."""
    return bool(squash(text)) and PERCENT not in text and amount_and_unit(text, None)[0] is not None


def amount_and_unit(text: str, unit: str | None) -> tuple[Decimal | None, str | None]:
    """The printed amount and its unit: the unit printed in the cell, else the table's."""
    squashed = squash(text)
    amount = parse_amount(squashed)
    if amount is None and (match := AMOUNT_WITH_UNIT.match(squashed)):
        return parse_amount(match.group("number")), match.group("unit")
    return amount, unit


def is_bare_integer(text: str) -> bool:
    return squash(text).isdigit()


def column_line(path: list[str]) -> str | None:
    """The canonical line a funds column header names: "预算金额（万元）/总额" -> total, "财政拨款/合计"
    -> fiscal_appropriation; a split of a line ("财政拨款/基本支出") names none."""
    if not path:
        return None
    leaf = funds_line(path[-1])
    parent = funds_line(path[-2]) if len(path) > 1 else None
    if parent is None:
        return leaf
    return parent if leaf == FUNDS_SPLIT_TOTAL else None


def header_text(path: list[str]) -> str:
    """The column header as printed for a funds label: "财政拨款/合计", "总额" (a group header such as
    "预算金额（万元）" above a line is left out)."""
    if len(path) > 1 and funds_line(path[-2]) is not None:
        return "/".join(path[-2:])
    return path[-1] if path else ""


def names_money(*texts: str) -> bool:
    return any(word in text for text in texts for word in FUNDS_MONEY_WORDS)


def read_labelled_funds(parts: list[RawTable], unit: str | None) -> list[ScorecardFunds]:
    """The funds block of a 绩效目标表, every amount by its row label and its column header.

    "资金总额 | 77.48" (label beside the amount), "基本支出 | 58,118.59 | 财政拨款 | 92,008.68" (two label
    and amount pairs on a row), task rows under "预算金额（万元）/ 总额 | 财政拨款 | 其他资金" with a
    "金额合计" row, and a value row under "预算支出总额 | 财政拨款 / 合计 | 基本支出 …" all read the same
    way: the amount's label is the nearest funds line label left of it since the previous amount, else
    the first text cell there (a taller block label such as "项目资金（万元）" is skipped); its column
    header is the text cells above it since the previous amount row. A canonical line comes from the label (资金总额, 其中：财政拨款, 其他资金)
    or, for a total row or a row without label, from the column header; every other amount keeps its
    printed label path ("1.机关运行及人员保障/财政拨款", "基本支出") with no canonical line. A printed
    line whose amount is left blank is kept without amount.
    """
    found: list[FundsAmount] = []
    groups: dict[tuple[int, int], str] = {}
    for table, end in funds_region(parts):
        header: dict[int, list[str]] = {}
        restarted: set[int] = set()  # columns whose header text was replaced since the last amount row
        for row in range(end):
            cells = row_cells(table, row)
            amounts = [cell for cell in cells if is_funds_amount(cell.text)]
            if not amounts:
                for cell in cells:
                    text = squash(cell.text)
                    for col in range(cell.col, cell.col + cell.col_span) if text else ():
                        if col not in restarted:  # the first header row after amounts starts afresh
                            header[col] = []
                            restarted.add(col)
                        header[col].append(text)
                    blank_line(table, cell, found, groups)
                continue
            restarted = set()
            previous_col = -1
            row_label: GridCell | None = None
            for amount in amounts:
                segment = [
                    cell for cell in cells if previous_col < cell.col < amount.col and squash(cell.text)
                ]
                previous_col = amount.col
                label = amount_label(segment, amount)
                beside = label is not None
                label = label or row_label
                row_label = label
                path = header.get(amount.col, [])
                funds_amount = labelled_amount(table, label, beside, path, amount, groups)
                if funds_amount is not None:
                    found.append(funds_amount)
    return settle_lines(found, unit)


def amount_label(segment: list[GridCell], amount: GridCell) -> GridCell | None:
    """The label of an amount among the text cells left of it: the nearest funds line label
    ("项目资金（万元）| 年度预算资金总额： | 18.00"), else the first cell no taller than the amount (a task
    name before its description; a block label spanning several rows is skipped)."""
    lines = [cell for cell in segment if funds_line(cell.text)]
    if lines:
        return lines[-1]
    return next((cell for cell in segment if cell.row_span <= amount.row_span), None)


def blank_line(
    table: RawTable, cell: GridCell, found: list[FundsAmount], groups: dict[tuple[int, int], str]
) -> None:
    """A funds line label whose amount cell is printed blank ("其他资金 | "): the line, without amount."""
    line = funds_line(cell.text)
    neighbour = right_neighbour(table, cell)
    if line is None or neighbour is None or squash(neighbour.text):
        return
    label = squash(cell.text)
    group = groups.setdefault((table.page, cell.col), label)
    found.append(FundsAmount(line, label, group, None, table.page))


def labelled_amount(
    table: RawTable,
    label: GridCell | None,
    beside: bool,
    path: list[str],
    amount: GridCell,
    groups: dict[tuple[int, int], str],
) -> FundsAmount | None:
    """The funds amount of one cell by its label and column header (None when it is no funds figure).

    The label names the line of the amount beside it ("其中：财政拨款 | 18.00"); a total row's label
    ("金额合计") or a row without one leaves the line to the column header ("财政拨款" / "合计"); any other
    amount (a task's, 基本支出, a second amount beside one label) has no canonical line.
    """
    label_text = squash(label.text) if label is not None else ""
    label_line = funds_line(label_text) if label_text else None
    header_line = column_line(path)
    head = header_text(path)
    line: str | None = None
    if label_line not in (None, FUNDS_SPLIT_TOTAL):
        if beside and header_line in (None, FUNDS_SPLIT_TOTAL):
            line = label_line
    elif label_line == FUNDS_SPLIT_TOTAL or not label_text:
        line = header_line if header_line is not None else (label_line if beside else None)
    named_head = head if head and (header_line is not None or names_money(head)) else ""
    if line is not None and line == label_line and beside:
        raw = label_text
    else:
        raw = "/".join(part for part in (label_text, named_head) if part)
    if not raw:
        return None
    if line is None and (is_bare_integer(amount.text) or not names_money(label_text, *path)):
        return None  # a code or count beside a label that does not name money
    if label is not None:
        group = groups.setdefault((table.page, label.col), label_text)
    else:
        group = "/".join(path[:1])
    return FundsAmount(line, raw, group, raw_or_none(amount.text), table.page)


def settle_lines(found: list[FundsAmount], unit: str | None) -> list[ScorecardFunds]:
    """One record per canonical line: when two blocks print the same line (实施期 and 年度), the annual
    block's keeps it and the other keeps its label under its block's ("实施期资金总额：/其中：财政拨款")."""
    winners: dict[str, FundsAmount] = {}
    for amount in found:
        if amount.line is None:
            continue
        held = winners.get(amount.line)
        if held is None or (FUNDS_ANNUAL_WORD in amount.group and FUNDS_ANNUAL_WORD not in held.group):
            winners[amount.line] = amount
    records = []
    for amount in found:
        line, raw = amount.line, amount.line_raw
        if line is not None and winners[line] is not amount:
            if amount.text is None:
                continue  # a blank line printed twice
            line = None
            raw = raw if raw == amount.group else f"{amount.group}/{raw}"
        record = new_funds(raw, line, unit, amount.page)
        if amount.text is not None:
            set_funds_value(record, "budget_initial", amount.text, unit)
        records.append(record)
    return records


def new_funds(label: str, line: str | None, unit: str | None, page: int) -> ScorecardFunds:
    return ScorecardFunds(
        doc_id="",
        scorecard_id="",
        line=line,
        line_raw=label,
        budget_initial=None,
        budget_initial_raw=None,
        budget_adjustment=None,
        budget_adjustment_raw=None,
        budget_full_year=None,
        budget_full_year_raw=None,
        executed=None,
        executed_raw=None,
        execution_rate=None,
        execution_rate_raw=None,
        balance=None,
        balance_raw=None,
        balance_rate=None,
        balance_rate_raw=None,
        weight=None,
        weight_raw=None,
        score=None,
        score_raw=None,
        unit_raw=unit,
        page=page,
    )


def set_funds_value(record: ScorecardFunds, role: str, text: str, unit: str | None) -> None:
    """Put one printed cell into its funds field (amounts scaled to yuan, the raw text beside)."""
    raw = raw_or_none(text)
    if getattr(record, f"{role}_raw") is not None:
        return
    setattr(record, f"{role}_raw", raw)
    if raw is None:
        return
    if role in AMOUNT_ROLES:
        amount, printed_unit = amount_and_unit(raw, unit)
        setattr(
            record, role, to_yuan(amount, printed_unit or DEFAULT_FUNDS_UNIT) if amount is not None else None
        )
    elif role in RATE_ROLES:
        setattr(record, role, parse_rate(raw))
    else:
        setattr(record, role, parse_points(raw))
