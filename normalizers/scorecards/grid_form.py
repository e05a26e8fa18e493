"""The grid form: one scorecard per (stitched) grid, its labels, goals, funds and indicators."""

from __future__ import annotations

from dataclasses import dataclass, field

from disclosure.extractors.records import GridCell, PageContent, RawTable
from disclosure.normalizers.grid_index import cell_at
from disclosure.normalizers.records import ScorecardIndicator
from disclosure.normalizers.scorecard_vocabulary import (
    BLOCK_GOAL_HEADERS,
    CARD_BLOCK_LABELS,
    COMPETENT_DEPARTMENT_LABELS,
    DEPARTMENT_NAME_LABELS,
    GOAL_ACTUAL_LABELS,
    GOAL_PLANNED_LABELS,
    GOAL_PLANNED_SINGLE_LABELS,
    IMPLEMENTING_UNIT_LABELS,
    INDICATOR_COLUMNS,
    INDICATOR_NUMBER,
    LEVEL_HEADER_WORDS,
    LEVEL_LABEL_SUFFIX,
    PLACEHOLDER_MARKS,
    PROJECT_NAME_LABELS,
)
from disclosure.normalizers.scorecards.cells import (
    CardContent,
    column_edges,
    map_columns,
    right_neighbour,
    row_cells,
    slot_text,
)
from disclosure.normalizers.scorecards.find import ScorecardGrid
from disclosure.normalizers.scorecards.funds import funds_line, read_funds
from disclosure.normalizers.scorecards.indicators import (
    find_indicator_header,
    indicator_columns,
    is_indicator_header_row,
    is_total_label,
    make_indicator,
    split_level1,
    split_packed,
)
from disclosure.normalizers.scorecards.values import parse_points, raw_or_none
from disclosure.normalizers.whitespace import squash

# The 总分 row's figures, in the roles of the indicator header's point columns.
POINT_ROLES = ("weight", "score")


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
    below = cell_at(table, label.row + label.row_span, label.col)
    if below is None or below is label:
        return None
    return raw_or_none(below.text)


@dataclass
class LevelLabels:
    """The level-1 / level-2 labels read so far down a scorecard's parts (see read_indicators)."""

    carried: dict[str, str | None] = field(default_factory=lambda: {"level1": None, "level2": None})
    # Rows at the foot of the part read so far under a level cell that reaches the grid's foot (or has
    # no cell at all): the top of a merged cell left open at the break, whose label may print (or end)
    # on the next page.
    open_tail: dict[str, list[ScorecardIndicator]] = field(default_factory=lambda: dict(NO_ROWS))
    pending: dict[str, list[ScorecardIndicator]] = field(default_factory=lambda: dict(NO_ROWS))
    # The same, of a level cell drawn (closed at the break) that reaches the grid's foot: its rows only.
    cut_tail: dict[str, list[ScorecardIndicator]] = field(default_factory=lambda: dict(NO_ROWS))
    cut_pending: dict[str, list[ScorecardIndicator]] = field(default_factory=lambda: dict(NO_ROWS))
    seen_new: dict[str, bool] = field(default_factory=dict)
    resolved: dict[str, tuple[str, str]] = field(default_factory=dict)  # printed label -> whole label
    top: int = 0  # the part's first indicator row (below the header it may repeat)

    def next_part(self, top: int = 0) -> None:
        self.top = top
        self.seen_new = {"level1": False, "level2": False}
        self.pending, self.open_tail = self.open_tail, {"level1": [], "level2": []}
        self.cut_pending, self.cut_tail = self.cut_tail, {"level1": [], "level2": []}
        self.resolved = {"level1": ("", ""), "level2": ("", "")}

    def label(
        self, role: str, table: RawTable, row: int, col: int, page: PageContent | None, continuation: bool
    ) -> str | None:
        """The level label of a row: its merged cell's text, the label of a cell left open at a page
        break (printed as plain text), or on a continuation grid the label carried over."""
        cell = cell_at(table, row, col)
        text = squash(cell.text) if cell is not None else ""
        if cell is None and page is not None:
            text = open_label(page, table, col, row) or ""
        if text in LEVEL_HEADER_WORDS:
            text = ""  # the column's header read beside rows whose level cell is left open: no label
        # A merged cell across the break: left open (no cell, its label printed as plain text), or
        # closed at the break on both pages (extractors.open_ends) with its label in this page's
        # part. The rows at the previous page's foot under it take its label too; it is read once.
        if cell is not None:
            # A cell drawn in the column: the cell left open at the previous page's foot goes on (if
            # at all) in the rows above it, not in a label printed below (19894b8491d4 p155).
            self.pending[role] = []
        if cell is None:
            tail = self.pending[role]
        elif continuation and cell.row == self.top:
            tail = self.cut_pending[role]
        else:
            tail = []
        if text and text == self.resolved[role][0]:
            text = self.resolved[role][1]
        elif text and tail and not self.seen_new[role]:
            self.resolved[role] = (text, continued_label(tail, role, text))
            text = self.resolved[role][1]
        if text:
            self.seen_new[role] = True
            return text
        if continuation and not self.seen_new[role] and (cell is None or cell.row == self.top):
            return self.carried[role]  # the merged cell left open on the previous page
        return None

    def after(
        self, table: RawTable, row: int, columns: dict[str, tuple[int, int]], indicator: ScorecardIndicator
    ) -> None:
        """Note the rows under a level cell that reaches the grid's foot."""
        for role in LEVEL_ROLES:
            cell = cell_at(table, row, columns[role][0]) if role in columns else None
            at_foot = role in columns and (cell is None or cell.row + cell.row_span == table.n_rows)
            self.open_tail[role] = [*self.open_tail[role], indicator] if at_foot else []
            cut = at_foot and cell is not None
            self.cut_tail[role] = [*self.cut_tail[role], indicator] if cut else []


LEVEL_ROLES = ("level1", "level2")
NO_ROWS: dict[str, list[ScorecardIndicator]] = {"level1": [], "level2": []}


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
    labels = LevelLabels()
    for index in range(header.part, len(parts)):
        table = parts[index]
        columns = map_columns(header_columns, parts[header.part], table)
        first_row = header.row + 1 if index == header.part else 0
        page = pages[index] if pages else None
        # The header row repeated atop the next page ("一级指标 | 二级指标 | 三级指标 | 指标值") is no indicator.
        while first_row < table.n_rows and is_indicator_header_row(table, first_row):
            first_row += 1
        labels.next_part(first_row)
        for row in range(first_row, table.n_rows):
            cells = row_cells(table, row)
            if cells and is_total_label(cells[0].text):
                read_total(table, row, columns, content)
                return
            values = {role: slot_text(table, row, span, own_row=True) for role, span in columns.items()}
            if is_placeholder(values.get("level3")):
                values["level3"] = None  # a blank form's "……" in the name column: no indicator
            if not any(
                values.get(role) for role in ("level3", "packed", "target", "actual", "weight", "score")
            ):
                continue
            if wraps_previous_name(values, content.indicators, table.page):
                previous = content.indicators[-1]
                previous.level3 = f"{previous.level3}{squash(values['level3'] or '')}"
                continue
            levels: dict[str, str | None] = {}
            if "packed" in columns:
                levels["level1"], levels["level2"], values["level3"] = split_packed(values.get("packed"))
                content.indicators.append(
                    make_indicator(len(content.indicators) + 1, levels, values, table.page)
                )
                continue
            for role in LEVEL_ROLES:
                levels[role] = (
                    labels.label(role, table, row, columns[role][0], page, index > header.part)
                    if role in columns
                    else None
                )
            labels.carried.update(levels)
            indicator = make_indicator(len(content.indicators) + 1, levels, values, table.page)
            content.indicators.append(indicator)
            labels.after(table, row, columns, indicator)


VALUE_ROLES = ("target", "target_period", "actual", "weight", "score", "packed")


def wraps_previous_name(values: dict[str, str | None], read: list[ScorecardIndicator], page: int) -> bool:
    """A name's last line wrapped past its cell's rule into a row that prints nothing else ("指标2：做好
    抗旱减灾、森林防火及治污减霾工" / "作", 5d77663c3523 p31): the row has a name and no value, and in a
    card that numbers its indicators ("指标2：") the name carries no number while the one above does."""
    name = squash(values.get("level3") or "")
    if not name or any(values.get(role) for role in VALUE_ROLES) or not read:
        return False
    previous = read[-1]
    return (
        previous.page == page
        and previous.level3 is not None
        and bool(INDICATOR_NUMBER.match(previous.level3))
        and not INDICATOR_NUMBER.match(name)
    )


def is_placeholder(text: str | None) -> bool:
    """Text of ellipsis marks only ("......", "……"): a blank form's row left unfilled."""
    return bool(text) and not squash(text or "").strip(PLACEHOLDER_MARKS)


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
    while first > 0 and cell_at(table, first - 1, col) is None:
        first -= 1
    while last + 1 < table.n_rows and cell_at(table, last + 1, col) is None:
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
    score_cell = cell_at(table, row, columns["score"][0]) if "score" in columns else None
    weight_cell = cell_at(table, row, columns["weight"][0]) if "weight" in columns else None
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
