"""How completely a document landed: amounts printed in its tables vs. amounts placed in typed rows.

The count starts from what is printed, not from what was recognised: every grid on every page
(standard, scorecard or unrecognised) and every unruled line on the page that reads like a table
row (a label followed by two or more separate amounts). An amount is *placed* when a typed row holds it: a
line item (same table, row and column), a scorecard field (same page and text). The rest are
*unplaced*, grouped by table and column so that an audit can say what did not land.

Steps: printed_amounts (grid cells + unruled row tokens) -> placed (line items, scorecard fields)
-> unplaced groups -> standard tables missing without an explanation in the text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from disclosure.extractors.records import Box, PageContent, TextLine
from disclosure.normalizers.amounts import is_printed_amount
from disclosure.normalizers.kinds import DocKind
from disclosure.normalizers.records import (
    CellRecord,
    LineItem,
    ScorecardFunds,
    ScorecardIndicator,
    ScorecardRecord,
    TableRecord,
    UnplacedAmounts,
)
from disclosure.normalizers.titles import classify_title, clean_title, is_title_line
from disclosure.normalizers.vocabulary import (
    ABSENCE_WORDS,
    CLAUSE_PUNCTUATION,
    STANDARD_TABLE_NAMES,
    TABLE_KINDS,
)
from disclosure.normalizers.whitespace import TEXTS_KEPT, squash

# Bare integers are left out of the count of printed amounts (amounts.PRINTED_AMOUNT): in a grid
# they are as often codes, line numbers or years as amounts; a bare integer that did land counts.
BARE_INTEGER = re.compile(r"^[-−－]?\d+$")
# An unruled line is a table row when it prints at least this many separate amounts, and none of
# the punctuation that ends a clause or a sentence (vocabulary.CLAUSE_PUNCTUATION).
MIN_AMOUNTS_PER_UNRULED_ROW = 2
# A line is hidden when this share of its text (by width) is drawn outside its clipping path.
HIDDEN_SHARE = 0.5
# How many unplaced cell texts each group keeps as a sample.
SAMPLE_SIZE = 5
# Header rows looked at for a column's header text in a grid that was not read as a standard table.
HEADER_ROWS_FOR_LABEL = 3
# A document naming at least this many standard tables in its text lists the tables it prints.
MIN_LISTED_TABLES = 3
# Document kinds that print the standard tables.
KINDS_WITH_STANDARD_TABLES = frozenset({DocKind.BUDGET, DocKind.FINAL})


@dataclass
class Completeness:
    """The completeness figures of one document."""

    amount_cells: int
    amount_cells_placed: int
    unplaced: list[UnplacedAmounts]
    standard_tables_expected: int
    standard_tables_missing: list[str]


class PrintedAmount(NamedTuple):
    """One amount printed on a page: in a grid cell (table_id, row, col) or on an unruled line.

    A tuple, not a frozen dataclass: one is made for every amount cell of the document.
    """

    page: int
    text: str
    table_id: str | None
    row: int | None
    col: int | None


@lru_cache(maxsize=TEXTS_KEPT)
def counted_text(text: str) -> str | None:
    """A cell text as counted (squashed) when it prints an amount or a bare integer, else None."""
    squashed = squash(text)
    return squashed if is_printed_amount(text) or BARE_INTEGER.match(squashed) else None


def grid_amounts(cells: Iterable[CellRecord]) -> list[PrintedAmount]:
    """Every grid cell that prints an amount, or a bare integer (kept only if it landed)."""
    return [
        PrintedAmount(cell.page, text, cell.table_id, cell.row, cell.col)
        for cell in cells
        if (text := counted_text(cell.text)) is not None
    ]


def unruled_row_amounts(pages: Iterable[PageContent]) -> list[PrintedAmount]:
    """Amounts on text lines outside every grid that read like table rows (label, then amounts)."""
    found: list[PrintedAmount] = []
    for page in pages:
        for line in page.lines_outside_grids():
            middle = (line.top + line.bottom) / 2
            if not 0 <= middle <= page.height or is_hidden(line, page.hidden_text, page.shown_text):
                continue  # beyond the page's edge or outside its clipping path: not seen
            if CLAUSE_PUNCTUATION.search(line.text):
                continue  # a line of the narrative ("…支出 17981.68 万元，与上年相比增加 1454.35 万元"): no row
            tokens = [token for token in line.text.split() if is_printed_amount(token)]
            if len(tokens) >= MIN_AMOUNTS_PER_UNRULED_ROW:
                found.extend(PrintedAmount(page.number, squash(t), None, None, None) for t in tokens)
    return found


def is_hidden(line: TextLine, hidden: list[Box], shown: list[Box]) -> bool:
    """Is most of the line's text drawn outside its clipping path? The boxes of hidden and of
    shown text objects lying mostly within the line's band are summed across its width, and
    compared with each other, not with the line's width: a row's cells stand apart, and the gaps
    between them are no text (0487706e5973 p25: a row clipped whole, 44 % of its width inked)."""
    if not hidden:
        return False  # nothing covers it (most pages)
    drawn_outside = covered_width(line, hidden)
    return drawn_outside >= HIDDEN_SHARE * (drawn_outside + covered_width(line, shown))


def covered_width(line: TextLine, boxes: list[Box]) -> float:
    """The width of these boxes within the line (those lying mostly within its band), summed."""
    return sum(
        max(0.0, min(x1, line.x1) - max(x0, line.x0))
        for x0, top, x1, bottom in boxes
        if min(bottom, line.bottom) - max(top, line.top) >= (bottom - top) / 2
    )


def scorecard_texts(
    scorecards: Iterable[ScorecardRecord],
    funds: Iterable[ScorecardFunds],
    indicators: Iterable[ScorecardIndicator],
) -> Counter[tuple[int, str]]:
    """(page, text) of every figure a scorecard row holds."""
    texts: Counter[tuple[int, str]] = Counter()
    for line in funds:
        for raw in (
            line.budget_initial_raw,
            line.budget_adjustment_raw,
            line.budget_full_year_raw,
            line.executed_raw,
            line.execution_rate_raw,
            line.balance_raw,
            line.balance_rate_raw,
            line.weight_raw,
            line.score_raw,
        ):
            if raw:
                texts[(line.page, squash(raw))] += 1
    for indicator in indicators:
        for raw in (indicator.weight_raw, indicator.score_raw, indicator.target_raw, indicator.actual_raw):
            if raw:
                texts[(indicator.page, squash(raw))] += 1
    for card in scorecards:
        for raw in (card.total_weight_raw, card.total_score_raw):
            if raw:
                for page in card.pages:
                    texts[(page, squash(raw))] += 1
    return texts


def add_wrapped_parts(card_texts: Counter[tuple[int, str]], amounts: list[PrintedAmount]) -> None:
    """Count as placed the two printed parts of a scorecard amount wrapped over a page break (a
    block's "3,327.5954" at a page's foot, "37" at the next page's top: one figure, 3,327.595437,
    read on the first page): a part with a decimal point its text starts with, the rest digits
    printed on the next page."""
    by_page: dict[int, set[str]] = {}
    for amount in amounts:
        by_page.setdefault(amount.page, set()).add(amount.text)
    for (page, text), count in list(card_texts.items()):
        if "." not in text:
            continue  # a wrapped amount is completed after its decimal point
        for head in by_page.get(page, ()):
            rest = text[len(head) :]
            if "." in head and text.startswith(head) and rest.isdigit() and rest in by_page.get(page + 1, ()):
                card_texts[(page, head)] += count
                card_texts[(page + 1, rest)] += count
                break


def column_headers(cells: Iterable[CellRecord]) -> dict[tuple[str, int], str]:
    """(table_id, col) -> the text of the grid's first rows above that column, joined by '/'."""
    parts: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
    for cell in cells:
        if cell.row >= HEADER_ROWS_FOR_LABEL:
            continue
        text = squash(cell.text)
        if text and not is_printed_amount(text):
            parts[(cell.table_id, cell.col)].append((cell.row, text))
    return {key: "/".join(dict.fromkeys(t for _, t in sorted(v))) for key, v in parts.items()}


def unplaced_groups(
    doc_id: str,
    unplaced: list[PrintedAmount],
    tables: dict[str, TableRecord],
    measures: dict[tuple[str, int], str],
    headers: dict[tuple[str, int], str],
) -> list[UnplacedAmounts]:
    """Unplaced amounts grouped by table (or unruled page) and column, in page order."""
    groups: dict[tuple[int, str, int], list[PrintedAmount]] = defaultdict(list)
    for amount in unplaced:
        groups[(amount.page, amount.table_id or "", amount.col if amount.col is not None else -1)].append(
            amount
        )
    rows = []
    for (page, table_id, col), amounts in sorted(groups.items()):
        table = tables.get(table_id)
        key = (table_id, col)
        rows.append(
            UnplacedAmounts(
                doc_id=doc_id,
                table_id=table_id or None,
                table_kind=table.table_kind if table else None,
                title=table.title if table else None,
                page=page,
                col=col if col >= 0 else None,
                column_header=measures.get(key) or headers.get(key),
                cells=len(amounts),
                sample=" | ".join(a.text for a in amounts[:SAMPLE_SIZE]),
            )
        )
    return rows


def missing_standard_tables(
    doc_kind: str | None, tables: Iterable[TableRecord], pages: Iterable[PageContent]
) -> tuple[int, list[str]]:
    """(standard tables expected, kinds missing without the text explaining their absence).

    Budgets and final accounts that print any standard table are expected to print the standard
    tables their own text lists (目录, 情况说明 headings), or all nine when it lists none; a kind is
    explained when a line of the document names the table with a word of absence (本部门无政府性基金
    预算收入 …, 此表为空).
    """
    found = {t.table_kind for t in tables}
    if doc_kind not in KINDS_WITH_STANDARD_TABLES or not found & set(TABLE_KINDS):
        return 0, []
    lines = [squash(line.text) for page in pages for line in page.lines]
    listed = {classify_title(clean_title(line)) for line in lines if is_title_line(line)} & set(TABLE_KINDS)
    # A document that lists its tables (a 目录, or the 情况说明 of each table) is expected to print
    # those: older and some local templates publish eight, without a 国有资本经营 table.
    expected = listed | found if len(listed) >= MIN_LISTED_TABLES else set(TABLE_KINDS)
    missing = []
    for kind in TABLE_KINDS:
        if kind in found or kind not in expected:
            continue
        names = STANDARD_TABLE_NAMES[kind]
        explained = any(
            any(name in line for name in names) and any(word in line for word in ABSENCE_WORDS)
            for line in lines
        )
        if not explained:
            missing.append(kind)
    return len(expected & set(TABLE_KINDS)), missing


def disclosure_part(doc_kind: str | None, tables: Iterable[TableRecord], narrative_facts: int) -> str | None:
    """complete, tables or narrative for a budget or final account (see DocumentRecord.part)."""
    if doc_kind not in KINDS_WITH_STANDARD_TABLES:
        return None
    has_tables = any(t.table_kind in TABLE_KINDS for t in tables)
    if has_tables:
        return "complete" if narrative_facts else "tables"
    return "narrative"


def measure_completeness(
    doc_id: str,
    doc_kind: str | None,
    pages: list[PageContent],
    tables: list[TableRecord],
    cells: list[CellRecord],
    line_items: list[LineItem],
    scorecards: list[ScorecardRecord],
    funds: list[ScorecardFunds],
    indicators: list[ScorecardIndicator],
) -> Completeness:
    """Count printed and placed amounts, group the unplaced ones, and list missing standard tables."""
    placed_cells = {(item.table_id, item.row, item.col) for item in line_items}
    measures = {(item.table_id, item.col): item.measure_raw for item in line_items}
    card_texts = scorecard_texts(scorecards, funds, indicators)
    amounts = grid_amounts(cells) + unruled_row_amounts(pages)
    add_wrapped_parts(card_texts, amounts)
    printed = 0
    placed = 0
    unplaced: list[PrintedAmount] = []
    for amount in amounts:
        in_line_item = (
            amount.table_id is not None and (amount.table_id, amount.row, amount.col) in placed_cells
        )
        in_scorecard = card_texts[(amount.page, amount.text)] > 0
        if in_scorecard and not in_line_item:
            card_texts[(amount.page, amount.text)] -= 1
        is_placed = in_line_item or in_scorecard
        if BARE_INTEGER.match(amount.text) and not is_placed:
            continue  # a code, line number or year (see BARE_INTEGER)
        printed += 1
        if is_placed:
            placed += 1
        else:
            unplaced.append(amount)
    by_id = {t.table_id: t for t in tables}
    groups = unplaced_groups(doc_id, unplaced, by_id, measures, column_headers(cells))
    expected, missing = missing_standard_tables(doc_kind, tables, pages)
    return Completeness(printed, placed, groups, expected, missing)
