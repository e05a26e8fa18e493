"""The list form of 项目支出绩效目标表: one project per row, indicators packed in one cell."""

from __future__ import annotations

from disclosure.normalizers.grid_index import cell_at
from disclosure.normalizers.records import ScorecardIndicator
from disclosure.normalizers.scorecard_vocabulary import (
    LIST_ANNUAL_TARGET,
    LIST_CODE_PREFIX,
    LIST_FUNDS_COLUMNS,
    LIST_GOAL_HEADER,
    LIST_HEAD_SEPARATOR,
    LIST_INDICATOR_HEADER,
    LIST_INDICATOR_ITEM,
    LIST_ITEM_END,
    LIST_PROJECT_HEADER,
    LIST_SKIPPED_ROWS,
    LIST_TARGET_LABEL,
    LIST_UNIT_HEADER_WORD,
)
from disclosure.normalizers.scorecards.cells import CardContent, column_role, row_cells, slot_text
from disclosure.normalizers.scorecards.find import ScorecardGrid
from disclosure.normalizers.scorecards.funds import new_funds, set_funds_value
from disclosure.normalizers.scorecards.indicators import make_indicator
from disclosure.normalizers.vocabulary import LABEL_COLONS
from disclosure.normalizers.whitespace import squash


def parse_packed_indicators(text: str, page: int, start: int = 0) -> list[ScorecardIndicator]:
    """Indicators packed in one cell, each "N、code-level1；code-level2；name；实施周期指标值:X；年度指标值:Y"
    (or with "，" and "－": LIST_INDICATOR_ITEM). An item without both level codes and a name is not
    read."""
    indicators: list[ScorecardIndicator] = []
    for item in LIST_INDICATOR_ITEM.split(squash(text)):
        pieces = LIST_TARGET_LABEL.split(item.strip().rstrip(LIST_ITEM_END))
        targets = {label: value.strip().rstrip(LIST_ITEM_END) for label, value in pairwise_items(pieces[1:])}
        head = LIST_HEAD_SEPARATOR.split(pieces[0], maxsplit=2)
        if len(head) < 3 or not all(LIST_CODE_PREFIX.match(part) for part in head[:2]) or not head[2]:
            continue
        level1, level2 = (LIST_CODE_PREFIX.sub("", part) for part in head[:2])
        # the year's target where the item prints one (even blank), else the period's
        target = (
            targets[LIST_ANNUAL_TARGET]
            if LIST_ANNUAL_TARGET in targets
            else next(iter(targets.values()), None)
        )
        values = {"level3": head[2].strip(), "target": target or None}
        indicators.append(
            make_indicator(start + len(indicators) + 1, {"level1": level1, "level2": level2}, values, page)
        )
    return indicators


def pairwise_items(pieces: list[str]) -> list[tuple[str, str]]:
    """(label, value) pairs of a split's alternating labels and values."""
    return list(zip(pieces[0::2], pieces[1::2], strict=False))


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
    project_header = cell_at(table, 0, header["project"])
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
                header_cell = cell_at(table, 0, col)
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
