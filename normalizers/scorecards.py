"""Performance scorecards (绩效自评表, 绩效目标表): ruled grids -> scorecard, funds and indicator records.

Steps: find_scorecards (which page grids are scorecards, by their title and labels; continuation
grids join the open scorecard) -> read_card (header labels, funds block, goals, indicator rows,
with merged level-1/level-2 cells carried down by the grid's ruling lines) -> checks (do the printed
scores, weights and execution rate add up; recorded, never raised). The list form of
项目支出绩效目标表 (one project per row, indicators packed in one text cell) is read by read_list_form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from extractors.records import GridCell, PageContent, RawTable
from normalizers.amounts import parse_amount, to_yuan
from normalizers.recognize import clean_title, lines_between, squash
from normalizers.records import ScorecardFunds, ScorecardIndicator, ScorecardRecord
from normalizers.scorecard_vocabulary import (
    COMPETENT_DEPARTMENT_LABELS,
    DATE_LIKE,
    DEFAULT_FUNDS_UNIT,
    DEPARTMENT_NAME_LABELS,
    DEPARTMENT_SELF_EVALUATION,
    FUNDS_COLUMNS,
    FUNDS_LINE_PREFIXES,
    FUNDS_LINE_SUFFIXES,
    FUNDS_LINES,
    FUNDS_SUBCOLUMN_LINES,
    FUNDS_UNIT,
    FUNDS_UNIT_CELL_WORDS,
    GOAL_ACTUAL_LABELS,
    GOAL_PLANNED_LABELS,
    GOAL_PLANNED_SINGLE_LABELS,
    IMPLEMENTING_UNIT_LABELS,
    INDICATOR_COLUMNS,
    INDICATOR_HEADER_WORDS,
    LEVEL1_WEIGHT,
    LIST_ANNUAL_TARGET,
    LIST_CODE_PREFIX,
    LIST_FIELD_SEPARATOR,
    LIST_FUNDS_COLUMNS,
    LIST_GOAL_HEADER,
    LIST_INDICATOR_HEADER,
    LIST_INDICATOR_ITEM,
    LIST_PERIOD_TARGET,
    LIST_PROJECT_HEADER,
    LIST_SKIPPED_ROWS,
    PERCENT,
    PERFORMANCE_TARGET,
    PLACEHOLDERS,
    PROJECT_NAME_LABELS,
    PROJECT_SELF_EVALUATION,
    SCORE_UNIT,
    SENTENCE_STOP,
    TITLE_ENDING,
    TITLE_KIND_WORDS,
    TITLE_PROJECT_SUFFIX,
    TITLE_WORDS,
    TOTAL_LABELS,
    TOTAL_PREFIX,
    UNIT_LINE,
    VALUE_FOLD,
    VALUE_OPERATORS,
    VALUE_SUFFIX_OPERATORS,
    VALUE_UNIT,
    YEAR_LINE,
)

# Scores, weights, rates and indicator values keep at most this many decimal places.
MAX_DECIMALS = 6
# Printed sums may differ from the printed total by rounding of each addend up to this much.
ROUNDING_TOLERANCE = Decimal("0.05")
PASS, ROUNDING, FAIL, SKIPPED = "pass", "rounding", "fail", "skipped"
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


# ---------------------------------------------------------------------------------------------------
# Printed values
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedValue:
    """A target or actual value as written: comparison, number(s) and unit; text when qualitative."""

    op: str | None  # >= <= = > < range text; None for a blank or placeholder cell
    value: Decimal | None
    value_max: Decimal | None
    unit: str | None


BLANK = ParsedValue(None, None, None, None)


def to_decimal(text: str) -> Decimal | None:
    """A number such as "16000", "7,386.02" as a Decimal (None beyond MAX_DECIMALS places)."""
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return value if fits(value) else None


def fits(value: Decimal | None) -> bool:
    """Does the number fit the dataset's decimal columns (at most MAX_DECIMALS places)?"""
    if value is None:
        return True
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -MAX_DECIMALS


def valid_unit(text: str) -> str | Literal[False] | None:
    """The unit after a number ("人", "万元", "元/人"), None when absent, False when it is not a unit."""
    if not text:
        return None
    return text if VALUE_UNIT.match(text) else False


def parse_value(raw: str | None) -> ParsedValue:
    """Parse a target or actual value the way it is written.

    ">=16000 人" -> (>=, 16000, 人); "大于95%" -> (>, 95, %); "300-7386.2 元/月" -> (range, 300, 7386.2,
    元/月); "5166.99万元" -> (=, 5166.99, 万元); "每月 25 日前", "持续提升" -> text with no number.
    """
    if raw is None or not squash(raw):
        return BLANK
    text = squash(raw).translate(VALUE_FOLD)
    if text in PLACEHOLDERS or set(text) <= {"-"}:
        return BLANK
    op = None
    for word, sign in VALUE_OPERATORS:
        if text.startswith(word):
            op, text = sign, text[len(word) :]
            break
    for word, sign in VALUE_SUFFIX_OPERATORS:
        if op is None and text.endswith(word):
            op, text = sign, text[: -len(word)]
            break
    qualitative = ParsedValue("text", None, None, None)
    if DATE_LIKE.match(text):  # "2022.12" is a month, not the number 2022.12
        return qualitative
    span = re.match(rf"^({NUMBER.pattern})(.*?)-({NUMBER.pattern})(.*)$", text)
    if op is None and span:
        low_unit, high_unit = span.group(2), span.group(4)
        unit = valid_unit(high_unit)
        if unit is False or (low_unit and low_unit != high_unit):
            return qualitative
        low, high = to_decimal(span.group(1)), to_decimal(span.group(3))
        return ParsedValue("range", low, high, unit or None)
    single = re.match(rf"^({NUMBER.pattern})(.*)$", text)
    if not single:
        return qualitative
    unit = valid_unit(single.group(2))
    if unit is False:
        return qualitative
    return ParsedValue(op or "=", to_decimal(single.group(1)), None, unit or None)


def parse_points(raw: str | None) -> Decimal | None:
    """A weight or score: "10", "9.10 分", "98.00分"; None for blanks and dashes."""
    if raw is None:
        return None
    text = squash(raw).translate(VALUE_FOLD).removesuffix(SCORE_UNIT)
    if not text or text in PLACEHOLDERS:
        return None
    value = parse_amount(text)
    return value if fits(value) else None


def parse_rate(raw: str | None) -> Decimal | None:
    """An execution rate in percent: "90.99%" -> 90.99; "88.75" -> 88.75."""
    if raw is None:
        return None
    text = squash(raw).translate(VALUE_FOLD).removesuffix(PERCENT)
    if not text or text in PLACEHOLDERS:
        return None
    value = parse_amount(text)
    return value if fits(value) else None


def raw_or_none(text: str | None) -> str | None:
    """The cell text stripped, or None for an empty cell."""
    if text is None:
        return None
    stripped = text.strip()
    return stripped or None


# ---------------------------------------------------------------------------------------------------
# Finding scorecard grids
# ---------------------------------------------------------------------------------------------------


@dataclass
class ScorecardGrid:
    """One scorecard as printed: its page grids in order, the title above them and what it says."""

    parts: list[RawTable]
    title: str | None
    kind: str
    fiscal_year: int | None
    unit: str | None
    list_form: bool = False
    closed: bool = False

    @property
    def pages(self) -> list[int]:
        return sorted({part.page for part in self.parts})


def cell_texts(table: RawTable) -> set[str]:
    """Squashed texts of all cells."""
    return {squash(cell.text) for cell in table.cells if cell.text}


def has_label(table: RawTable, labels: tuple[str, ...]) -> bool:
    """Does any cell read exactly one of these labels?"""
    return bool(cell_texts(table) & set(labels))


def is_title(text: str) -> bool:
    """A scorecard title line: names 绩效自评 / 绩效目标 and ends in 表 (maybe with a parenthesis)."""
    squashed = squash(text)
    return any(word in squashed for word in TITLE_WORDS) and bool(TITLE_ENDING.search(squashed))


def title_above(page: PageContent, table: RawTable, band_top: float) -> tuple[str | None, int | None]:
    """The scorecard title printed above a grid (or in its first rows) and the year of its year line.

    A long title wraps onto a second line ("西安市级2022年西安市公共卫生中心" / "（…）项目绩效自评表"):
    a line just above a title ending, with no sentence stop, is joined to it.
    """
    lines = lines_between(page, band_top, table.top)
    title = None
    for i, line in enumerate(lines):
        previous = lines[i - 1] if i else None
        if (
            previous is not None
            and not is_title(previous.text)
            and not YEAR_LINE.search(squash(previous.text))
            and SENTENCE_STOP not in previous.text
            and line.top - previous.bottom < (line.bottom - line.top)
            and is_title(previous.text + line.text)
        ):
            title = squash(previous.text + line.text)
        elif is_title(line.text):
            title = squash(line.text)
    inside = [cell.text for cell in table.cells if cell.row < 2 and cell.text]
    for text in inside:
        if is_title(text):
            title = squash(text)
    if title:
        title = clean_title(title)
    year = None
    for text in [line.text for line in lines] + inside:
        match = YEAR_LINE.search(squash(text))
        if match:
            year = int(match.group(1))
    return title, year


def kind_of(title: str | None, table: RawTable) -> str | None:
    """The scorecard kind from its title words, else from its labels; None for other grids."""
    if title:
        for kind, words in TITLE_KIND_WORDS:
            if any(word in title for word in words):
                return kind
    texts = cell_texts(table)
    has_indicators = any(word in text for text in texts for word in INDICATOR_HEADER_WORDS)
    if not has_indicators:
        return None
    if texts & set(DEPARTMENT_NAME_LABELS) and not texts & set(PROJECT_NAME_LABELS):
        return DEPARTMENT_SELF_EVALUATION
    actual_words = dict(INDICATOR_COLUMNS)["actual"]
    if any(word in text for text in texts for word in actual_words):
        return PROJECT_SELF_EVALUATION
    return PERFORMANCE_TARGET


def is_list_form(table: RawTable) -> bool:
    """The list form of 绩效目标表: a header row with 项目名称 ... 绩效目标, 绩效指标 columns."""
    header = {squash(cell.text) for cell in table.cells if cell.row == 0}
    return (
        any(text.startswith(LIST_PROJECT_HEADER) for text in header)
        and LIST_GOAL_HEADER in header
        and LIST_INDICATOR_HEADER in header
    )


def starts_card(table: RawTable) -> bool:
    """Does this grid open a scorecard (it has the name labels or the indicator header)?"""
    return has_label(table, PROJECT_NAME_LABELS + DEPARTMENT_NAME_LABELS) or any(
        word in text for text in cell_texts(table) for word in INDICATOR_HEADER_WORDS
    )


def has_total_row(table: RawTable) -> bool:
    """Does the grid hold the closing 总分 row?"""
    return any(is_total_label(cell.text) for cell in table.cells if cell.col == 0)


def is_total_label(text: str) -> bool:
    squashed = squash(text)
    return squashed.startswith(TOTAL_PREFIX) or squashed in TOTAL_LABELS


def find_scorecards(pages: list[PageContent]) -> list[ScorecardGrid]:
    """Every scorecard of a document, with its grids stitched over page breaks.

    A grid continues the previous scorecard when that scorecard is still open (no 总分 row yet), its
    last grid was the last on its page, and this grid is the first on the next page with no title of
    its own and no name labels: the continuation page of a long scorecard prints no header.
    """
    cards: list[ScorecardGrid] = []
    open_card: ScorecardGrid | None = None
    for page in pages:
        previous_bottom = 0.0
        for index, table in enumerate(page.tables):
            title, year = title_above(page, table, previous_bottom)
            previous_bottom = table.bottom
            continuing = (
                open_card is not None
                and not open_card.closed
                and index == 0
                and title is None
                and not has_label(table, PROJECT_NAME_LABELS + DEPARTMENT_NAME_LABELS)
                and open_card.parts[-1].page == page.number - 1
                and not open_card.list_form
            )
            if continuing and open_card is not None:
                open_card.parts.append(table)
                open_card.closed = has_total_row(table)
                continue
            kind = kind_of(title, table) if (title or starts_card(table)) else None
            if kind is None or not (starts_card(table) or is_list_form(table)):
                open_card = None
                continue
            unit = grid_unit(page, table, previous_top=table.top - 200)
            open_card = ScorecardGrid(
                parts=[table],
                title=title,
                kind=kind,
                fiscal_year=year,
                unit=unit,
                list_form=is_list_form(table),
                closed=has_total_row(table),
            )
            cards.append(open_card)
        # A scorecard whose last grid is not the last on its page cannot continue.
        if open_card is not None and open_card.parts[-1] is not (page.tables[-1] if page.tables else None):
            open_card.closed = True
    return cards


def grid_unit(page: PageContent, table: RawTable, previous_top: float) -> str | None:
    """The money unit printed with the grid: in the funds label "项目资金（万元）" or above the grid."""
    for cell in table.cells:
        text = squash(cell.text)
        match = FUNDS_UNIT.search(text)
        if match and any(word in text for word in FUNDS_UNIT_CELL_WORDS):
            return match.group(1)
    for line in lines_between(page, previous_top, table.top):
        match = UNIT_LINE.search(squash(line.text))
        if match:
            return match.group(1)
    return None


# ---------------------------------------------------------------------------------------------------
# Reading one scorecard grid
# ---------------------------------------------------------------------------------------------------


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
    return sorted((cell for cell in table.cells if cell.row == row), key=lambda cell: cell.col)


def right_neighbour(table: RawTable, cell: GridCell) -> GridCell | None:
    """The cell just right of this one, on the cell's first row."""
    return table.cell_at(cell.row, cell.col + cell.col_span)


def covers(cell: GridCell, col: int) -> bool:
    return cell.col <= col < cell.col + cell.col_span


def label_value(parts: list[RawTable], labels: tuple[str, ...]) -> str | None:
    """The text right of the first cell that reads one of these labels."""
    for table in parts:
        for cell in table.cells:
            if squash(cell.text) in labels:
                neighbour = right_neighbour(table, cell)
                if neighbour is not None and squash(neighbour.text) not in labels:
                    return raw_or_none(neighbour.text)
    return None


def funds_line(label: str) -> str | None:
    """The canonical funds line a label names ("其中：当年财政拨款" -> fiscal_appropriation)."""
    text = FUNDS_LINE_SUFFIXES.sub("", FUNDS_LINE_PREFIXES.sub("", squash(label)))
    for line, words in FUNDS_LINES:
        if text in words:
            return line
    return None


def column_role(text: str, roles: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    """The first role whose words appear in a header text."""
    squashed = squash(text)
    for role, words in roles:
        if any(word in squashed for word in words):
            return role
    return None


def is_numeric_cell(cell: GridCell) -> bool:
    return parse_amount(squash(cell.text).removesuffix(PERCENT).removesuffix(SCORE_UNIT)) is not None


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


def read_funds(table: RawTable, unit: str | None) -> list[ScorecardFunds]:
    """The funds lines of a scorecard's first grid.

    With a header row (年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分) each value is read by its
    column; a second header row may split columns by line (总额 | 财政拨款 | 其他资金, department
    scorecards). Without one (绩效目标表: "资金总额 | 77.48") the amount beside the label is the budget.
    """
    end = section_start(table)
    header_rows: list[int] = []
    for row in range(end):
        cells = row_cells(table, row)
        roles_here = [cell for cell in cells if column_role(cell.text, FUNDS_COLUMNS)]
        if not header_rows:
            if len(roles_here) >= 2:
                header_rows.append(row)
            continue
        # A second header row splits the columns (总额 | 财政拨款 | 其他资金, or 年初… | 小计③ | …).
        sub_lines = [cell for cell in cells if column_role(cell.text, FUNDS_SUBCOLUMN_LINES)]
        if row == header_rows[-1] + 1 and not any(map(is_numeric_cell, cells)) and (roles_here or sub_lines):
            header_rows.append(row)
            continue
        break
    roles: dict[int, tuple[str, str | None]] = {}
    for col in range(table.n_cols):
        texts = [table.cell_at(row, col) for row in header_rows]
        joined = "".join(squash(cell.text) for cell in texts if cell is not None)
        role = column_role(joined, FUNDS_COLUMNS)
        if role is None:
            continue
        sub_line = None
        if len(header_rows) > 1 and texts[-1] is not None:
            sub_line = column_role(texts[-1].text, FUNDS_SUBCOLUMN_LINES)
        roles[col] = (role, sub_line)
    first_data = header_rows[-1] + 1 if header_rows else 0
    records: dict[str | None, ScorecardFunds] = {}
    order: list[ScorecardFunds] = []
    for row in range(first_data, end):
        cells = row_cells(table, row)
        label_cell = next((cell for cell in cells if funds_line(cell.text)), None)
        if label_cell is None:
            continue
        row_line = funds_line(label_cell.text)
        values = [cell for cell in cells if cell.col > label_cell.col]
        if roles:
            for cell in values:
                role_col = next((c for c in range(cell.col, cell.col + cell.col_span) if c in roles), None)
                if role_col is None:
                    continue
                role, sub_line = roles[role_col]
                line = sub_line or row_line
                record = records.get(line)
                if record is None:
                    record = new_funds(squash(label_cell.text), line, unit, table.page)
                    if sub_line:
                        record.line_raw = f"{squash(label_cell.text)}/{sub_line}"
                    records[line] = record
                    order.append(record)
                set_funds_value(record, role, cell.text, unit)
        else:
            amounts = [cell for cell in values if is_numeric_cell(cell)]
            record = new_funds(squash(label_cell.text), row_line, unit, table.page)
            if amounts:
                set_funds_value(record, "budget_initial", amounts[0].text, unit)
            order.append(record)
    return order


def new_funds(label: str, line: str | None, unit: str | None, page: int) -> ScorecardFunds:
    return ScorecardFunds(
        doc_id="",
        scorecard_id="",
        line=line,
        line_raw=label,
        budget_initial=None,
        budget_initial_raw=None,
        budget_full_year=None,
        budget_full_year_raw=None,
        executed=None,
        executed_raw=None,
        execution_rate=None,
        execution_rate_raw=None,
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
    if role in ("budget_initial", "budget_full_year", "executed"):
        amount = parse_amount(squash(raw))
        setattr(record, role, to_yuan(amount, unit or DEFAULT_FUNDS_UNIT) if amount is not None else None)
    elif role == "execution_rate":
        record.execution_rate = parse_rate(raw)
    else:
        setattr(record, role, parse_points(raw))


def read_goals(parts: list[RawTable]) -> tuple[str | None, str | None]:
    """预期目标 and 实际完成情况 texts: below their labels, or right of a single 年度目标 label."""
    planned = actual = None
    for table in parts:
        for cell in table.cells:
            text = squash(cell.text)
            if text in GOAL_PLANNED_LABELS and planned is None:
                planned = goal_text(table, cell)
            elif text in GOAL_ACTUAL_LABELS and actual is None:
                actual = goal_text(table, cell)
    if planned is None:
        for table in parts:
            for cell in table.cells:
                if squash(cell.text) in GOAL_PLANNED_SINGLE_LABELS:
                    neighbour = right_neighbour(table, cell)
                    if neighbour is not None and squash(neighbour.text) not in GOAL_PLANNED_LABELS:
                        planned = raw_or_none(neighbour.text)
                        break
            if planned is not None:
                break
    return planned, actual


def goal_text(table: RawTable, label: GridCell) -> str | None:
    """The goal text under a 预期目标 / 实际完成情况 header cell."""
    below = table.cell_at(label.row + label.row_span, label.col)
    if below is None or below is label:
        return None
    return raw_or_none(below.text)


def indicator_columns(table: RawTable, row: int) -> dict[str, tuple[int, int]]:
    """Indicator column roles (level1, level2, level3, target, actual, weight, score, reason) by header."""
    columns: dict[str, tuple[int, int]] = {}
    for cell in row_cells(table, row):
        role = column_role(cell.text, INDICATOR_COLUMNS)
        if role and role not in columns:
            columns[role] = (cell.col, cell.col + cell.col_span)
    return columns


def find_indicator_header(parts: list[RawTable]) -> Slot | None:
    for index, table in enumerate(parts):
        for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
            if squash(cell.text) in INDICATOR_HEADER_WORDS:
                return Slot(index, cell.row)
    return None


def split_level1(text: str | None) -> tuple[str | None, Decimal | None]:
    """ "产出指标（50分）" -> ("产出指标", 50)."""
    if not text:
        return None, None
    match = LEVEL1_WEIGHT.match(text)
    if match:
        return match.group("label"), Decimal(match.group("weight"))
    return text, None


def read_indicators(parts: list[RawTable], content: CardContent) -> None:
    """Indicator rows from the header row to the 总分 row, over every part of the scorecard.

    Level-1 and level-2 labels come from the merged cell that covers the row (its row span is the
    ruling lines). On a continuation grid, an empty merged cell at its top continues the cell that
    was open at the bottom of the previous page.
    """
    header = find_indicator_header(parts)
    if header is None:
        return
    columns = indicator_columns(parts[header.part], header.row)
    if "level3" not in columns:
        return
    carried: dict[str, str | None] = {"level1": None, "level2": None}
    number = 0
    for index in range(header.part, len(parts)):
        table = parts[index]
        first_row = header.row + 1 if index == header.part else 0
        seen_new = {"level1": False, "level2": False}
        for row in range(first_row, table.n_rows):
            cells = row_cells(table, row)
            if cells and is_total_label(cells[0].text):
                read_total(table, row, columns, content)
                return
            values = {role: slot_text(table, row, span, own_row=True) for role, span in columns.items()}
            if not any(values.get(role) for role in ("level3", "target", "actual", "weight", "score")):
                continue
            levels: dict[str, str | None] = {}
            for role in ("level1", "level2"):
                if role not in columns:
                    levels[role] = None
                    continue
                cell = table.cell_at(row, columns[role][0])
                text = squash(cell.text) if cell is not None else ""
                if text:
                    seen_new[role] = True
                    levels[role] = text
                elif index > header.part and not seen_new[role] and (cell is None or cell.row == 0):
                    levels[role] = carried[role]  # the merged cell left open on the previous page
                else:
                    levels[role] = None
            carried.update(levels)
            number += 1
            content.indicators.append(make_indicator(number, levels, values, table.page))


def slot_text(table: RawTable, row: int, span: tuple[int, int], own_row: bool) -> str | None:
    """Text of the cell starting in this row under a column span (None when there is none)."""
    for col in range(span[0], span[1]):
        cell = table.cell_at(row, col)
        if cell is not None and (not own_row or cell.row == row):
            return raw_or_none(cell.text)
    return None


def read_total(table: RawTable, row: int, columns: dict[str, tuple[int, int]], content: CardContent) -> None:
    """Weight and score of the 总分 row; a single cell over both columns is the score."""
    score_cell = table.cell_at(row, columns["score"][0]) if "score" in columns else None
    weight_cell = table.cell_at(row, columns["weight"][0]) if "weight" in columns else None
    if weight_cell is not None and weight_cell is not score_cell and not is_total_label(weight_cell.text):
        content.total_weight_raw = raw_or_none(weight_cell.text)
    if score_cell is not None and not is_total_label(score_cell.text):
        content.total_score_raw = raw_or_none(score_cell.text)


def make_indicator(
    number: int, levels: dict[str, str | None], values: dict[str, str | None], page: int
) -> ScorecardIndicator:
    level1, level1_weight = split_level1(levels["level1"])
    level3 = values.get("level3")
    target = parse_value(values.get("target"))
    actual = parse_value(values.get("actual"))
    return ScorecardIndicator(
        doc_id="",
        scorecard_id="",
        row=number,
        level1=level1,
        level1_weight=level1_weight,
        level2=levels["level2"],
        level3=squash(level3) if level3 else None,
        target_raw=values.get("target"),
        target_op=target.op,
        target_value=target.value,
        target_value_max=target.value_max,
        target_unit=target.unit,
        actual_raw=values.get("actual"),
        actual_op=actual.op,
        actual_value=actual.value,
        actual_value_max=actual.value_max,
        actual_unit=actual.unit,
        weight=parse_points(values.get("weight")),
        weight_raw=values.get("weight"),
        score=parse_points(values.get("score")),
        score_raw=values.get("score"),
        deviation_reason=values.get("reason"),
        page=page,
    )


def read_card(card: ScorecardGrid) -> CardContent:
    """Everything a (stitched) scorecard grid says."""
    parts = card.parts
    content = CardContent(
        project_name=label_value(parts, PROJECT_NAME_LABELS),
        department_name=label_value(parts, DEPARTMENT_NAME_LABELS),
        competent_department=label_value(parts, COMPETENT_DEPARTMENT_LABELS),
        implementing_unit=label_value(parts, IMPLEMENTING_UNIT_LABELS),
    )
    content.goal_planned, content.goal_actual = read_goals(parts)
    content.funds = read_funds(parts[0], card.unit)
    read_indicators(parts, content)
    return content


# ---------------------------------------------------------------------------------------------------
# The list form of 项目支出绩效目标表
# ---------------------------------------------------------------------------------------------------


def parse_packed_indicators(text: str, page: int, start: int = 0) -> list[ScorecardIndicator]:
    """Indicators packed in one cell: "1、1-产出指标；11-数量指标；名称；实施周期指标值:X；年度指标值:Y。"."""
    indicators: list[ScorecardIndicator] = []
    for item in LIST_INDICATOR_ITEM.split(squash(text)):
        fields = [f for f in LIST_FIELD_SEPARATOR.split(item.rstrip("。")) if f]
        if len(fields) < 3:
            continue
        level1, level2 = (LIST_CODE_PREFIX.sub("", f) for f in fields[:2])
        target_raw = next(
            (LIST_ANNUAL_TARGET.sub("", f) for f in fields if LIST_ANNUAL_TARGET.match(f)), None
        )
        if target_raw is None:
            target_raw = next(
                (LIST_PERIOD_TARGET.sub("", f) for f in fields if LIST_PERIOD_TARGET.match(f)), None
            )
        names = [f for f in fields[2:] if not (LIST_ANNUAL_TARGET.match(f) or LIST_PERIOD_TARGET.match(f))]
        values = {"level3": "；".join(names) or None, "target": target_raw}
        indicators.append(
            make_indicator(start + len(indicators) + 1, {"level1": level1, "level2": level2}, values, page)
        )
    return indicators


def read_list_form(card: ScorecardGrid) -> list[tuple[CardContent, int]]:
    """One scorecard per project row of a list-form 绩效目标表 grid (with the page of its row)."""
    table = card.parts[0]
    header = {role: cell.col for cell in row_cells(table, 0) for role in [list_role(cell.text)] if role}
    funds_cols = {
        cell.col: line
        for cell in row_cells(table, 0)
        for line in [column_role(cell.text, LIST_FUNDS_COLUMNS)]
    }
    cards: list[tuple[CardContent, int]] = []
    for part in card.parts:
        for row in range(1, part.n_rows):
            name = slot_text(part, row, (header["project"], header["project"] + 1), own_row=True)
            packed = slot_text(part, row, (header["indicators"], header["indicators"] + 1), own_row=True)
            if not packed or (name and squash(name) in LIST_SKIPPED_ROWS):
                continue
            if not name and cards:  # a row continued from the previous page
                content = cards[-1][0]
                content.indicators += parse_packed_indicators(packed, part.page, len(content.indicators))
                continue
            content = CardContent(project_name=squash(name) if name else None)
            content.goal_planned = slot_text(part, row, (header["goal"], header["goal"] + 1), own_row=True)
            for col, line in funds_cols.items():
                if line is None:
                    continue
                raw = slot_text(part, row, (col, col + 1), own_row=True)
                if raw is None:
                    continue
                header_cell = table.cell_at(0, col)
                assert header_cell is not None  # col is the column of a row-0 cell (funds_cols)
                record = new_funds(squash(header_cell.text), line, card.unit, part.page)
                set_funds_value(record, "budget_initial", raw, card.unit)
                content.funds.append(record)
            content.indicators = parse_packed_indicators(packed, part.page)
            cards.append((content, part.page))
    return cards


def list_role(text: str) -> str | None:
    squashed = squash(text)
    if squashed.startswith(LIST_PROJECT_HEADER):
        return "project"
    if squashed == LIST_GOAL_HEADER:
        return "goal"
    if squashed == LIST_INDICATOR_HEADER:
        return "indicators"
    return None


# ---------------------------------------------------------------------------------------------------
# Checks: do the printed figures add up?
# ---------------------------------------------------------------------------------------------------


def compare(printed: Decimal | None, addends: list[Decimal | None]) -> tuple[str, Decimal | None]:
    """pass when printed equals the sum, rounding when within ROUNDING_TOLERANCE, else fail."""
    if printed is None or not addends or any(a is None for a in addends):
        return SKIPPED, None
    difference = printed - sum((a for a in addends if a is not None), Decimal(0))
    if difference == 0:
        return PASS, difference
    return (ROUNDING if abs(difference) <= ROUNDING_TOLERANCE else FAIL), difference


def check_execution_rate(funds: ScorecardFunds | None) -> tuple[str, Decimal | None]:
    """Does the printed rate equal executed / budget_full_year (to the printed decimals)?"""
    if funds is None or funds.execution_rate is None or funds.execution_rate_raw is None:
        return SKIPPED, None
    budget, executed = funds.budget_full_year, funds.executed
    if budget is None or executed is None or budget == 0:
        return SKIPPED, None
    exponent = funds.execution_rate.as_tuple().exponent
    places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    computed = (executed / budget * 100).quantize(places, rounding=ROUND_HALF_UP)
    difference = funds.execution_rate - computed
    if difference == 0:
        return PASS, difference
    return (ROUNDING if abs(difference) <= places else FAIL), difference


# ---------------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------------


@dataclass
class ScorecardSet:
    """The scorecard rows of one document."""

    scorecards: list[ScorecardRecord] = field(default_factory=list)
    funds: list[ScorecardFunds] = field(default_factory=list)
    indicators: list[ScorecardIndicator] = field(default_factory=list)


def card_record(
    card: ScorecardGrid,
    content: CardContent,
    doc_id: str,
    scorecard_id: str,
    fiscal_year: int | None,
    pages: list[int],
) -> ScorecardRecord:
    """The scorecards row, with the checks."""
    total_funds = next((f for f in content.funds if f.line == "total"), None)
    total_weight = parse_points(content.total_weight_raw)
    total_score = parse_points(content.total_score_raw)
    funds_score: list[Decimal | None] = (
        [total_funds.score] if total_funds is not None and total_funds.score is not None else []
    )
    funds_weight: list[Decimal | None] = (
        [total_funds.weight] if total_funds is not None and total_funds.weight is not None else []
    )
    scores = [i.score for i in content.indicators]
    weights = [i.weight for i in content.indicators]
    check_scores, scores_difference = compare(total_score, funds_score + scores if scores else [])
    check_weights, weights_difference = compare(total_weight, funds_weight + weights if weights else [])
    check_rate, rate_difference = check_execution_rate(total_funds)
    project = content.project_name
    if card.kind == DEPARTMENT_SELF_EVALUATION and content.department_name and not project:
        project = content.department_name
    if not project and card.title and not card.list_form:
        project = TITLE_PROJECT_SUFFIX.sub("", card.title) or None
    return ScorecardRecord(
        doc_id=doc_id,
        scorecard_id=scorecard_id,
        kind=card.kind,
        title=card.title,
        project_name=squash(project) if project else None,
        competent_department=content.competent_department or content.department_name,
        implementing_unit=content.implementing_unit,
        fiscal_year=card.fiscal_year or fiscal_year,
        goal_planned=content.goal_planned,
        goal_actual=content.goal_actual,
        total_weight=total_weight,
        total_score=total_score,
        total_weight_raw=content.total_weight_raw,
        total_score_raw=content.total_score_raw,
        unit_raw=card.unit,
        pages=pages,
        n_indicators=len(content.indicators),
        check_scores=check_scores,
        scores_difference=scores_difference,
        check_weights=check_weights,
        weights_difference=weights_difference,
        check_execution_rate=check_rate,
        execution_rate_difference=rate_difference,
    )


def build_scorecards(pages: list[PageContent], doc_id: str, fiscal_year: int | None) -> ScorecardSet:
    """All scorecard rows of a document, numbered `<doc_id[:12]>-sNNN` in page order."""
    result = ScorecardSet()
    for card in find_scorecards(pages):
        if card.list_form:
            contents = [(content, [page]) for content, page in read_list_form(card)]
        else:
            contents = [(read_card(card), card.pages)]
        for content, card_pages in contents:
            scorecard_id = f"{doc_id[:12]}-s{len(result.scorecards) + 1:03d}"
            for record in content.funds + content.indicators:
                record.doc_id, record.scorecard_id = doc_id, scorecard_id
            result.scorecards.append(
                card_record(card, content, doc_id, scorecard_id, fiscal_year, card_pages)
            )
            result.funds += content.funds
            result.indicators += content.indicators
    return result
