"""Performance scorecards (绩效自评表, 绩效目标表): ruled grids -> scorecard, funds and indicator records.

Steps: find_scorecards (which page grids are scorecards, by their title and labels; continuation
grids join the open scorecard) -> read_card (header labels, funds block, goals, indicator rows,
with merged level-1/level-2 cells carried down by the grid's ruling lines) -> checks (do the printed
scores, weights and execution rate add up; recorded, never raised). The list form of
项目支出绩效目标表 (one project per row, indicators packed in one text cell) is read by read_list_form;
the project-block grid (项目名称 heading a column, one merged block of rows per project, continued over
many pages) by read_block_form. Continuation grids are matched to the header's columns by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from extractors.records import GridCell, PageContent, RawTable, TextLine
from normalizers.amounts import parse_amount, to_yuan
from normalizers.recognize import clean_title, is_list_form, lines_between, squash
from normalizers.records import ScorecardFunds, ScorecardIndicator, ScorecardRecord
from normalizers.scorecard_vocabulary import (
    AMOUNT_WITH_UNIT,
    BLOCK_GOAL_HEADERS,
    BLOCK_PROJECT_HEADER,
    CARD_BLOCK_LABELS,
    COMPETENT_DEPARTMENT_LABELS,
    DATE_LIKE,
    DEFAULT_FUNDS_UNIT,
    DEPARTMENT_NAME_LABELS,
    DEPARTMENT_NAME_LINE,
    DEPARTMENT_SELF_EVALUATION,
    DEPARTMENT_TITLE_WORDS,
    FUNDS_ANNUAL_WORD,
    FUNDS_COLUMNS,
    FUNDS_LINE_PREFIXES,
    FUNDS_LINE_SUFFIXES,
    FUNDS_LINES,
    FUNDS_MONEY_WORDS,
    FUNDS_SPLIT_TOTAL,
    FUNDS_SUBCOLUMN_LINES,
    FUNDS_UNIT,
    FUNDS_UNIT_CELL_WORDS,
    GOAL_ACTUAL_LABELS,
    GOAL_PLANNED_LABELS,
    GOAL_PLANNED_SINGLE_LABELS,
    HEADER_NOISE,
    IMPLEMENTING_UNIT_LABELS,
    INDICATOR_COLUMNS,
    INDICATOR_HEADER_WORDS,
    LEVEL1_NAMES,
    LEVEL1_WEIGHT,
    LEVEL_LABEL_SUFFIX,
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
    LIST_UNIT_HEADER_WORD,
    OP_COLUMN_SIGNS,
    PACKED_INDICATOR_HEADERS,
    PACKED_LEVEL2,
    PERCENT,
    PERFORMANCE_TARGET,
    PLACEHOLDERS,
    PROJECT_NAME_LABELS,
    PROJECT_SELF_EVALUATION,
    QUALITATIVE_OP,
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
from normalizers.vocabulary import LABEL_COLONS

# Scores, weights, rates and indicator values keep at most this many decimal places.
MAX_DECIMALS = 6
# Printed sums may differ from the printed total by rounding of each addend up to this much.
ROUNDING_TOLERANCE = Decimal("0.05")
PASS, ROUNDING, FAIL, SKIPPED = "pass", "rounding", "fail", "skipped"
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
# An amount printed in running text (a page-break overflow line): decimals or thousands separators.
PRINTED_AMOUNT = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+\.\d+$")


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

# The 总分 row's figures, in the roles of the indicator header's point columns.
POINT_ROLES = ("weight", "score")


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
    block_form: bool = False
    department: str | None = None  # "单位名称：…" printed above the grid
    # The pages the grids stand on (block form: funds printed outside a grid at a page break).
    contents: list[PageContent] = field(default_factory=list)

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
    labelled = has_label(table, PROJECT_NAME_LABELS + DEPARTMENT_NAME_LABELS)
    if not any(word in text for text in texts for word in INDICATOR_HEADER_WORDS) and not (
        labelled and any(is_indicator_header_row(table, row) for row in range(table.n_rows))
    ):
        return None
    if texts & set(DEPARTMENT_NAME_LABELS) and not texts & set(PROJECT_NAME_LABELS):
        return DEPARTMENT_SELF_EVALUATION
    actual_words = dict(INDICATOR_COLUMNS)["actual"]
    if any(word in text for text in texts for word in actual_words):
        return PROJECT_SELF_EVALUATION
    return PERFORMANCE_TARGET


def block_header_row(table: RawTable) -> int | None:
    """The header row of a project-block grid: it heads a 项目名称 column beside the indicator columns
    (one merged block of rows per project), where a labelled scorecard prints 项目名称 | name."""
    for row in range(table.n_rows):
        texts = [squash(cell.text) for cell in row_cells(table, row)]
        if any(text.startswith(BLOCK_PROJECT_HEADER) for text in texts) and is_indicator_header_row(
            table, row
        ):
            return row
    return None


def is_block_form(table: RawTable) -> bool:
    return block_header_row(table) is not None


def starts_card(table: RawTable, title: str | None = None) -> bool:
    """Does this grid open a scorecard? A scorecard is a grid with a scorecard header: the name
    labels (项目名称 | name), a project-block header (项目名称 beside the indicator columns), or, under
    a scorecard title, an indicator header row (一级指标 …, or 指标名称 … 指标值). Indicator columns
    without a name and without a scorecard title head a table of the narrative ("表1：项目年度绩效
    指标表", "表2：综合评价得分情况表" inside the 情况说明), which is no scorecard."""
    if has_label(table, PROJECT_NAME_LABELS + DEPARTMENT_NAME_LABELS) or is_block_form(table):
        return True
    indicators = any(is_indicator_header_row(table, row) for row in range(table.n_rows))
    return indicators and (title is not None or has_card_labels(table))


def has_card_labels(table: RawTable) -> bool:
    """Does the grid print a label of a scorecard's header block (主管部门, 总体目标, 预期目标 …)? A
    scorecard whose name label is broken over two cells still prints these; a table of the narrative
    prints only indicator columns."""
    return any(squash(text) in CARD_BLOCK_LABELS for text in cell_texts(table))


def is_indicator_header_row(table: RawTable, row: int) -> bool:
    """The row of indicator column headers: 一级指标, or a name column (三级指标 / 指标名称, or the
    packed 绩效指标) beside a value column (指标值) when the grid prints no level columns."""
    texts = [squash(cell.text) for cell in row_cells(table, row)]
    if any(text in INDICATOR_HEADER_WORDS for text in texts):
        return True
    roles = {column_role(text, INDICATOR_COLUMNS) for text in texts}
    named = "level3" in roles or any(text in PACKED_INDICATOR_HEADERS for text in texts)
    return named and bool(roles & {"target", "target_period"})


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
            band_top = previous_bottom
            title, year = title_above(page, table, band_top)
            previous_bottom = table.bottom
            continuing = (
                open_card is not None
                and not open_card.closed
                and index == 0
                and open_card.parts[-1].page == page.number - 1
                and not open_card.list_form
                and (
                    (title is None and not has_label(table, PROJECT_NAME_LABELS + DEPARTMENT_NAME_LABELS))
                    # a project-block grid repeats its title and header on every page
                    or (open_card.block_form and title in (None, open_card.title) and is_block_form(table))
                )
            )
            if continuing and open_card is not None:
                open_card.parts.append(table)
                open_card.contents.append(page)
                open_card.closed = has_total_row(table)
                continue
            kind = kind_of(title, table) if (title or starts_card(table)) else None
            if kind is None or not (starts_card(table, title) or is_list_form(table)):
                open_card = None
                continue
            unit = grid_unit(page, table, previous_top=table.top - 200)
            department = next(
                (
                    match.group(1)
                    for line in lines_between(page, max(band_top, table.top - 200), table.top)
                    for match in [DEPARTMENT_NAME_LINE.search(line.text)]
                    if match
                ),
                None,
            )
            open_card = ScorecardGrid(
                parts=[table],
                title=title,
                kind=kind,
                fiscal_year=year,
                unit=unit,
                list_form=is_list_form(table),
                closed=has_total_row(table),
                block_form=not is_list_form(table) and is_block_form(table),
                contents=[page],
                department=department,
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
    for cell in table.cells:  # "金额单位：万元" printed in the grid's top rows
        match = UNIT_LINE.search(squash(cell.text))
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
                if (
                    neighbour is not None
                    and squash(neighbour.text) not in labels
                    and not is_header_text(neighbour.text)
                ):
                    return raw_or_none(neighbour.text)
    return None


def is_header_text(text: str) -> bool:
    """A column or label header of a scorecard ("项目总额", "绩效目标", "一级指标", "主管部门"), which is
    never a name: where 项目名称 heads a column, the cell right of it is the next header."""
    squashed = squash(text)
    return (
        squashed in CARD_BLOCK_LABELS
        or squashed in BLOCK_GOAL_HEADERS
        or funds_line(squashed) is not None
        or any(squashed in words for _, words in INDICATOR_COLUMNS)
    )


def funds_line(label: str) -> str | None:
    """The canonical funds line a label names ("其中：当年财政拨款" -> fiscal_appropriation)."""
    text = FUNDS_LINE_SUFFIXES.sub("", FUNDS_LINE_PREFIXES.sub("", squash(label)))
    for line, words in FUNDS_LINES:
        if text in words:
            return line
    return None


def column_role(text: str, roles: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    """The first role whose words appear in a header text."""
    squashed = squash(text).translate(HEADER_NOISE)
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


def read_funds(parts: list[RawTable], unit: str | None) -> list[ScorecardFunds]:
    """The funds lines of a scorecard.

    With a header row (年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分) each value is read by its
    column; a second header row may split columns by line (总额 | 财政拨款 | 其他资金, department
    scorecards). Without one (绩效目标表) each amount is read by its label and column header, see
    read_labelled_funds.
    """
    table = parts[0]
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
    if not roles:
        return read_labelled_funds(parts, unit)
    first_data = header_rows[-1] + 1
    records: dict[str | None, ScorecardFunds] = {}
    order: list[ScorecardFunds] = []
    for row in range(first_data, end):
        cells = row_cells(table, row)
        label_cell = next((cell for cell in cells if funds_line(cell.text)), None)
        if label_cell is None:
            continue
        row_line = funds_line(label_cell.text)
        values = [cell for cell in cells if cell.col > label_cell.col]
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
    return order


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
        amount, printed_unit = amount_and_unit(raw, unit)
        setattr(
            record, role, to_yuan(amount, printed_unit or DEFAULT_FUNDS_UNIT) if amount is not None else None
        )
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
                    if neighbour is not None and squash(neighbour.text) not in (
                        GOAL_PLANNED_LABELS + GOAL_PLANNED_SINGLE_LABELS
                    ):
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
    """Indicator column roles (level1, level2, level3, target, actual, weight, score, reason, op, unit)
    by header; a 绩效指标 column packing all levels is "packed" when no level-3 column is printed."""
    columns: dict[str, tuple[int, int]] = {}
    cells = row_cells(table, row)
    for cell in cells:
        role = column_role(cell.text, INDICATOR_COLUMNS)
        if role and role not in columns:
            columns[role] = (cell.col, cell.col + cell.col_span)
    if "level3" not in columns:
        packed = next((cell for cell in cells if squash(cell.text) in PACKED_INDICATOR_HEADERS), None)
        if packed is not None:
            columns["packed"] = (packed.col, packed.col + packed.col_span)
    if "target" not in columns and "target_period" in columns:
        columns["target"] = columns.pop("target_period")  # the only value column printed
    return columns


def find_indicator_header(parts: list[RawTable]) -> Slot | None:
    for index, table in enumerate(parts):
        for row in range(table.n_rows):
            if is_indicator_header_row(table, row):
                return Slot(index, row)
    return None


def split_level1(text: str | None) -> tuple[str | None, Decimal | None]:
    """ "产出指标（50分）" -> ("产出指标", 50)."""
    if not text:
        return None, None
    match = LEVEL1_WEIGHT.match(text)
    if match:
        return match.group("label"), Decimal(match.group("weight"))
    return text, None


def split_packed(text: str | None) -> tuple[str | None, str | None, str | None]:
    """ "产出指标数量指标财政评审项目数量" -> (产出指标, 数量指标, 财政评审项目数量); without a known
    level-1 name at its start the whole text is the level-3 name."""
    if not text:
        return None, None, None
    squashed = squash(text)
    level1 = next((name for name in LEVEL1_NAMES if squashed.startswith(name)), None)
    if level1 is None:
        return None, None, squashed
    rest = squashed[len(level1) :]
    match = PACKED_LEVEL2.match(rest)
    if match is None or match.group(1) == rest:
        return level1, None, rest or None
    return level1, match.group(1), rest[len(match.group(1)) :]


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


def read_indicators(
    parts: list[RawTable], content: CardContent, pages: list[PageContent] | None = None
) -> None:
    """Indicator rows from the header row to the 总分 row, over every part of the scorecard.

    Level-1 and level-2 labels come from the merged cell that covers the row (its row span is the
    ruling lines). On a continuation grid, an empty merged cell at its top continues the cell that
    was open at the bottom of the previous page; its columns are matched to the header's by position.
    """
    header = find_indicator_header(parts)
    if header is None:
        return
    header_columns = indicator_columns(parts[header.part], header.row)
    if "level3" not in header_columns and "packed" not in header_columns:
        return
    carried: dict[str, str | None] = {"level1": None, "level2": None}
    # Rows at the foot of the part read so far under a level cell that reaches the grid's foot (or has
    # no cell at all): the top of a merged cell left open at the break, whose label may print (or end)
    # on the next page.
    open_tail: dict[str, list[ScorecardIndicator]] = {"level1": [], "level2": []}
    number = 0
    for index in range(header.part, len(parts)):
        table = parts[index]
        columns = map_columns(header_columns, parts[header.part], table)
        first_row = header.row + 1 if index == header.part else 0
        seen_new = {"level1": False, "level2": False}
        pending, open_tail = open_tail, {"level1": [], "level2": []}
        resolved = {"level1": ("", ""), "level2": ("", "")}  # printed label -> whole label
        for row in range(first_row, table.n_rows):
            cells = row_cells(table, row)
            if cells and is_total_label(cells[0].text):
                read_total(table, row, columns, content)
                return
            values = {role: slot_text(table, row, span, own_row=True) for role, span in columns.items()}
            if not any(
                values.get(role) for role in ("level3", "packed", "target", "actual", "weight", "score")
            ):
                continue
            levels: dict[str, str | None] = {}
            if "packed" in columns:
                levels["level1"], levels["level2"], values["level3"] = split_packed(values.get("packed"))
                number += 1
                content.indicators.append(make_indicator(number, levels, values, table.page))
                continue
            for role in ("level1", "level2"):
                if role not in columns:
                    levels[role] = None
                    continue
                cell = table.cell_at(row, columns[role][0])
                text = squash(cell.text) if cell is not None else ""
                if cell is None and pages:
                    text = open_label(pages[index], table, columns[role][0], row) or ""
                    if text and text == resolved[role][0]:
                        text = resolved[role][1]  # the same open cell, read once
                    elif text and not seen_new[role] and pending[role]:
                        resolved[role] = (text, continued_label(pending[role], role, text))
                        text = resolved[role][1]
                if text:
                    seen_new[role] = True
                    levels[role] = text
                elif index > header.part and not seen_new[role] and (cell is None or cell.row == 0):
                    levels[role] = carried[role]  # the merged cell left open on the previous page
                else:
                    levels[role] = None
            carried.update(levels)
            number += 1
            indicator = make_indicator(number, levels, values, table.page)
            content.indicators.append(indicator)
            for role in ("level1", "level2"):
                cell = table.cell_at(row, columns[role][0]) if role in columns else None
                at_foot = role in columns and (cell is None or cell.row + cell.row_span == table.n_rows)
                open_tail[role] = [*open_tail[role], indicator] if at_foot else []


def continued_label(tail: list[ScorecardIndicator], role: str, text: str) -> str:
    """The label of a merged cell open across the break, whose rows at the previous page's foot are
    `tail`. Printed on this page only (成本指标): the tail's unlabelled rows take it. Begun there and
    ended here ("效" / "益指标", a fragment not ending in 指标): the whole label, for the tail too."""
    before = tail[-1].level1 if role == "level1" else tail[-1].level2
    fragment = before is not None and not before.endswith(LEVEL_LABEL_SUFFIX)
    whole = f"{before}{text}" if fragment and f"{before}{text}".endswith(LEVEL_LABEL_SUFFIX) else text
    for indicator in tail:
        current = indicator.level1 if role == "level1" else indicator.level2
        if current is not None and whole == text:
            continue  # a label of its own: another cell
        if role == "level1":
            indicator.level1, indicator.level1_weight = split_level1(whole)
        else:
            indicator.level2 = whole
    return whole


def open_label(page: PageContent, table: RawTable, col: int, row: int) -> str | None:
    """The label of a merged level cell left open at a page break (产出指标 running from the header
    to the page's foot, 成本指标 from the previous page onto this one): the grid has no cell in its
    column for those rows, as one of its rules is missing, and its label prints as plain text there.
    The first words of the text lines that start inside the column, beside the run of cell-less rows."""
    edges = column_edges(table)[col]
    if edges is None:
        return None
    first, last = row, row
    while first > 0 and table.cell_at(first - 1, col) is None:
        first -= 1
    while last + 1 < table.n_rows and table.cell_at(last + 1, col) is None:
        last += 1
    tops = [cell.top for cell in table.cells if cell.row == first]
    bottoms = [cell.bottom for cell in table.cells if cell.row + cell.row_span - 1 == last]
    if not tops or not bottoms:
        return None
    top, bottom = min(tops), max(bottoms)
    # A narrow column stacks its label one character a line ("效" / "益" / "指" / "标"): joined.
    words = [
        line.text.split()[0]
        for line in sorted(page.lines, key=lambda line: line.top)
        if line.text.split()
        and top <= (line.top + line.bottom) / 2 <= bottom
        and edges[0] - 2 <= line.x0 < edges[1] - 2
    ]
    label = squash("".join(words))
    # Only a whole level label is taken ("产出指标", "益指标" ending one begun above the break): text
    # of two labels stacked in one column interleaves ("社会指效标益") and is not read.
    return label if label.endswith(LEVEL_LABEL_SUFFIX) and len(label) > len(LEVEL_LABEL_SUFFIX) else None


def slot_text(table: RawTable, row: int, span: tuple[int, int], own_row: bool) -> str | None:
    """Text of the cell starting in this row under a column span (None when there is none)."""
    for col in range(span[0], span[1]):
        cell = table.cell_at(row, col)
        if cell is not None and (not own_row or cell.row == row):
            return raw_or_none(cell.text)
    return None


def read_total(table: RawTable, row: int, columns: dict[str, tuple[int, int]], content: CardContent) -> None:
    """Weight and score of the 总分 row, by the header's columns whatever the row's own cells are.

    The 总分 row is often ruled apart from the indicator rows ("总分 | 100 | 98": a wide label, then
    the points in cells that do not line up with the 分值 / 得分 columns). When it prints as many
    point figures as the header has point columns, they are taken in the header's order; otherwise
    each figure is read under the column it stands in, and a single figure over both is the score.
    """
    roles = sorted((role for role in POINT_ROLES if role in columns), key=lambda role: columns[role][0])
    figures = total_row_figures(table, row)
    if roles and len(figures) == len(roles):
        for role, cell in zip(roles, figures, strict=True):
            set_total(content, role, cell.text)
        return
    score_cell = table.cell_at(row, columns["score"][0]) if "score" in columns else None
    weight_cell = table.cell_at(row, columns["weight"][0]) if "weight" in columns else None
    if weight_cell is not None and weight_cell is not score_cell and not is_total_label(weight_cell.text):
        content.total_weight_raw = raw_or_none(weight_cell.text)
    if score_cell is not None and not is_total_label(score_cell.text):
        content.total_score_raw = raw_or_none(score_cell.text)


def total_row_figures(table: RawTable, row: int) -> list[GridCell]:
    """The cells of the 总分 row that print points ("100", "98.00分"), left to right."""
    return [
        cell
        for cell in row_cells(table, row)
        if not is_total_label(cell.text) and parse_points(cell.text) is not None
    ]


def set_total(content: CardContent, role: str, text: str) -> None:
    if role == "weight":
        content.total_weight_raw = raw_or_none(text)
    else:
        content.total_score_raw = raw_or_none(text)


def target_value(values: dict[str, str | None]) -> ParsedValue:
    """The target as written; a 指标性质 column gives its comparison (定性: qualitative) and a
    度量单位 column its unit when the value cell prints only the number ("≥ | 98 | %")."""
    parsed = parse_value(values.get("target"))
    if parsed.op is None or parsed.op == "text":
        return parsed
    op_text = squash(values.get("op") or "").translate(VALUE_FOLD)
    if op_text == QUALITATIVE_OP:
        return ParsedValue("text", None, None, None)
    op = parsed.op
    if op == "=" and op_text:
        op = next((sign for word, sign in OP_COLUMN_SIGNS if op_text == word.translate(VALUE_FOLD)), op)
    unit = parsed.unit
    unit_text = squash(values.get("unit") or "")
    if unit is None and unit_text and valid_unit(unit_text):
        unit = unit_text
    return ParsedValue(op, parsed.value, parsed.value_max, unit)


def make_indicator(
    number: int, levels: dict[str, str | None], values: dict[str, str | None], page: int
) -> ScorecardIndicator:
    level1, level1_weight = split_level1(levels["level1"])
    level3 = values.get("level3")
    target = target_value(values)
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
    content.funds = read_funds(parts, card.unit)
    read_indicators(parts, content, card.contents)
    return content


# ---------------------------------------------------------------------------------------------------
# The project-block grid of 项目支出绩效目标表: one merged block of rows per project
# ---------------------------------------------------------------------------------------------------


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
        leaf = table.cell_at(end - 1, col)
        if leaf is None or id(leaf) in seen or leaf.row < row:
            continue
        seen.add(id(leaf))
        path: list[str] = []
        for header_row in range(row, end):
            cell = table.cell_at(header_row, col)
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


def read_block_form(card: ScorecardGrid) -> list[tuple[CardContent, list[int]]]:
    """One scorecard per project block of a project-block grid, over all its pages.

    A block starts where a 项目名称 cell starts, or where a new funds cell starts under the same name
    (one project with several funds blocks, each with its own goal); its funds are the amounts of that
    row under the funds columns (项目总额, 其中：财政资金 / 其他资金, 当年财政拨款预算金额), its goal the
    绩效目标 cell, its indicators every row it covers. Rows at the top of a continuation grid that no
    name or funds cell covers continue the block left open on the previous page. Rows covered by
    neither below a finished block belong to a block whose merged cells straddle the page break and
    are drawn outside both grids: its name is unreadable (interleaved lines); its amounts are read
    from the text line printed beyond the grid's edge (see straddling_funds). A grid that rules only
    the indicator columns cannot be split by project: its rows are left out.
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
            current = Block(CardContent(), set(), straddles=(index, header))
            blocks.append(current)
            continue
        top = True  # no 项目名称 or funds cell has started on this grid yet
        for row in range(layout.first_row, table.n_rows):
            name_cell = table.cell_at(row, layout.roles["project"][0]) if "project" in layout.roles else None
            funds_cell = table.cell_at(row, min(layout.funds.values())[0]) if layout.funds else None
            if (
                name_cell is not None
                and name_cell.row == row
                and top
                and index
                and squash(name_cell.text)
                and current is not None
                and is_blank_block(current)
            ):
                # The block's cells are drawn on both pages, its name and amounts printed only in
                # the part on this one: the block left open (blank) on the previous page goes on.
                named = open_block(squash(name_cell.text), table, row, layout, card.unit)
                current.content.project_name = named.content.project_name
                current.content.goal_planned = current.content.goal_planned or named.content.goal_planned
                current.content.funds = named.content.funds
            elif (
                name_cell is not None
                and name_cell.row == row
                and (squash(name_cell.text) or not (top and index))
            ):
                current = open_block(squash(name_cell.text) or None, table, row, layout, card.unit)
                blocks.append(current)
            elif starts_funds(table, row, layout):
                # A new funds cell under the same 项目名称 cell: a funds block of its own, with its own
                # goal and indicators; without a 项目名称 cell on this grid the name is not known.
                same = current is not None and name_cell is not None and name_cell.row < row
                name = current.content.project_name if current is not None and same else None
                current = open_block(name, table, row, layout, card.unit)
                blocks.append(current)
            elif (
                name_cell is None
                and funds_cell is None
                and current is not None
                and current.straddles is None
                and not top
            ):  # rows of a block whose cells are drawn across the page break, outside both grids
                current = Block(CardContent(), {table.page}, straddles=(index, header))
                blocks.append(current)
            if any(cell is not None and cell.row == row for cell in (name_cell, funds_cell)):
                top = False
            if current is None:
                continue
            indicator = block_indicator(table, row, layout, len(current.content.indicators) + 1)
            if indicator is not None:
                current.content.indicators.append(indicator)
                current.pages.add(table.page)
    for block in blocks:
        if block.straddles is not None:
            funds = straddling_funds(card, *block.straddles)
            block.content.funds = funds
            block.pages.update(f.page for f in funds)
    return [  # an empty block (a table printed without rows) is no scorecard
        (block.content, sorted(block.pages))
        for block in blocks
        if block.content.indicators or any(f.budget_initial_raw for f in block.content.funds)
    ]


def is_blank_block(block: Block) -> bool:
    """A block opened by an empty 项目名称 cell, with no amount under its funds columns."""
    return (
        block.straddles is None
        and block.content.project_name is None
        and not any(f.budget_initial_raw for f in block.content.funds)
    )


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
        cell = table.cell_at(row, layout.roles[role][0]) if role in layout.roles else None
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


def is_printed_amount(token: str) -> bool:
    """An amount token in running text: decimals or thousands separators, not a bare count or code."""
    return bool(PRINTED_AMOUNT.match(token))


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


def read_list_form(
    card: ScorecardGrid, unit: str | None = None
) -> tuple[list[tuple[CardContent, int]], str | None]:
    """One scorecard per project row of a list-form 绩效目标表 grid (with the page of its row), and
    the unit named last: the list goes on with it on the next page (`unit` is the previous page's)."""
    table = card.parts[0]
    header = {role: cell.col for cell in row_cells(table, 0) for role in [list_role(cell.text)] if role}
    funds_cols = {
        cell.col: line
        for cell in row_cells(table, 0)
        for line in [column_role(cell.text, LIST_FUNDS_COLUMNS)]
    }
    cards: list[tuple[CardContent, int]] = []
    # Under 项目名称（资金使用单位）, a named row without indicators is the unit whose projects follow
    # (its funds are their subtotal): it is the implementing unit of each project below it.
    project_header = table.cell_at(0, header["project"])
    names_units = project_header is not None and LIST_UNIT_HEADER_WORD in project_header.text
    for part in card.parts:
        for row in range(1, part.n_rows):
            name = slot_text(part, row, (header["project"], header["project"] + 1), own_row=True)
            packed = slot_text(part, row, (header["indicators"], header["indicators"] + 1), own_row=True)
            if name and squash(name).rstrip(LABEL_COLONS) in LIST_SKIPPED_ROWS:
                continue
            if not packed:
                unit = squash(name) if name and names_units else unit
                continue
            if not name and cards:  # a row continued from the previous page
                content = cards[-1][0]
                content.indicators += parse_packed_indicators(packed, part.page, len(content.indicators))
                continue
            content = CardContent(project_name=squash(name) if name else None, implementing_unit=unit)
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
    return cards, unit


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
    department = content.department_name or card.department
    if department and not project and is_department_card(card):  # 部门（单位）名称
        project = department
    if not project and card.title and not card.list_form and not card.block_form:
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


def is_department_card(card: ScorecardGrid) -> bool:
    """A department's own scorecard (部门整体支出绩效自评表 / 绩效目标表), not one project's."""
    return card.kind == DEPARTMENT_SELF_EVALUATION or any(
        word in (card.title or "") for word in DEPARTMENT_TITLE_WORDS
    )


def build_scorecards(pages: list[PageContent], doc_id: str, fiscal_year: int | None) -> ScorecardSet:
    """All scorecard rows of a document, numbered `<doc_id[:12]>-sNNN` in page order."""
    result = ScorecardSet()
    list_unit: str | None = None  # the unit a list-form 绩效目标表 named last, on the page before
    previous_page = 0
    for card in find_scorecards(pages):
        if not (card.list_form and card.pages[0] == previous_page + 1):
            list_unit = None
        previous_page = card.pages[-1]
        if card.list_form:
            rows, list_unit = read_list_form(card, list_unit)
            contents = [(content, [page]) for content, page in rows]
        elif card.block_form:
            contents = read_block_form(card)
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
